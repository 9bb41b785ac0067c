//! The order form: customer, menu items with quantity steppers by category, instructions, live total.

use crate::components::day::MenuInfo;
use crate::components::order_choices::{ChoiceEditor, CustomLines, Editing, OrderDetails};
use crate::counter::Counter;
use crate::domain::draft::{DraftField, FieldError, OrderDraft};
use crate::domain::menu::Menu;
use crate::i18n::*;
use crate::outbox::placed_words;
use crate::restaurant::{ActiveMenu, Money};
use crate::state::{now_ms, Publisher};
use leptos::prelude::*;

/// The form: customer, menu, instructions and total; "Place order" publishes it or marks what to fix.
#[component]
pub fn OrderForm(draft: RwSignal<OrderDraft>) -> impl IntoView {
    let publisher = expect_context::<Publisher>();
    let counter = expect_context::<Counter>();
    let menu = expect_context::<ActiveMenu>().menu();
    let money = expect_context::<Money>();
    // Errors show once the user has tried to submit, then update live as they fix things.
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| match tried.get() {
        true => menu.with(|m| draft.with(|d| d.validate(m))),
        false => Vec::new(),
    });
    // Said next to the button, where the eyes are after pressing it, and following the order as it goes.
    let feedback = RwSignal::new(None::<Feedback>);
    let i18n = use_i18n();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let id = uuid::Uuid::new_v4().to_string();
        let now = now_ms();
        let offset = crate::state::local_offset_minutes(now);
        match menu.with_untracked(|m| draft.with_untracked(|d| d.to_order_in(m, id, now, offset))) {
            Ok(mut order) => {
                let number = counter.next_number();
                order.number = Some(number.clone());
                let tag = publisher.publish(&order);
                draft.update(OrderDraft::clear);
                tried.set(false);
                feedback.set(Some(Feedback::Placed {
                    tag,
                    number,
                    customer: order.customer_name.clone(),
                    items: order.item_count(),
                    total: order.total_amount,
                }));
                // Ready for the next customer: back to the top of the form, the name to type.
                focus_field(DraftField::CustomerName);
                scroll_to_form();
            }
            Err(errors) => {
                feedback.set(Some(Feedback::Problem(errors.len())));
                if let Some(first) = errors.first() {
                    focus_field(first.field);
                }
            }
        }
    };
    let text_of = move |f: fn(&OrderDraft) -> &String| move || draft.with(|d| f(d).clone());
    view! {
        <form class="panel order-form" id="order-form" aria-labelledby="form-title" on:submit=on_submit novalidate>
            <div class="form-head">
                <h2 id="form-title">{t!(i18n, new_order)}</h2>
                {move || counter.letter().get().map(|letter| view! {
                    <span class="counter-letter" data-testid="counter-letter" data-letter=letter.clone()>
                        {td_string!(i18n.get_locale(), counter_letter, letter = letter).to_string()}
                    </span>
                })}
            </div>
            // A placed order is said at the top, where the form is back for the next customer.
            <FormFeedback feedback publisher money placed=true/>
            <label class="stacked">
                {t!(i18n, customer_name)}
                <input type="text" autocomplete="off" data-testid="customer-name" prop:value=text_of(|d| &d.customer_name)
                    on:input=move |ev| draft.update(|d| d.customer_name = event_target_value(&ev))/>
            </label>
            <FieldProblem errors field=DraftField::CustomerName/>
            <MenuPicker draft=draft/>
            <CustomLines draft/>
            <FieldProblem errors field=DraftField::Items/>
            <OrderDetails draft errors/>
            <label class="stacked">
                {t!(i18n, special_instructions)}
                <textarea rows="2" data-testid="special-instructions" prop:value=text_of(|d| &d.special_instructions)
                    on:input=move |ev| draft.update(|d| d.special_instructions = event_target_value(&ev))></textarea>
            </label>
            <FieldProblem errors field=DraftField::SpecialInstructions/>
            <p class="form-total">
                {t!(i18n, total)}" "
                <strong data-testid="form-total">{move || money.text(menu.with(|m| draft.with(|d| d.total(m))))}</strong>
            </p>
            <button type="submit" data-testid="place-order">{t!(i18n, place_order)}</button>
            <FormFeedback feedback publisher money placed=false/>
            <MenuInfo/>
        </form>
    }
}

/// The problem with one field, shown under it once the user has tried to submit.
#[component]
fn FieldProblem(errors: Memo<Vec<FieldError>>, field: DraftField) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.with(|errs| {
            errs.iter().find(|e| e.field == field).map(|e| {
                let text = crate::words::draft_problem(i18n.get_locale(), e.problem);
                view! { <p class="field-error" role="alert">{text}</p> }
            })
        })
    }
}

/// What became of the last "Place order": the order followed as it goes out (`placed`), or what to fix.
#[component]
fn FormFeedback(
    feedback: RwSignal<Option<Feedback>>,
    publisher: Publisher,
    money: Money,
    placed: bool,
) -> impl IntoView {
    let connected = expect_context::<crate::state::ConnectionStatus>().state;
    let crate::state::StorageHealth(storage) = expect_context::<crate::state::StorageHealth>();
    let i18n = use_i18n();
    move || {
        let wanted = move |f: &Feedback| matches!(f, Feedback::Placed { .. }) == placed;
        feedback.get().filter(wanted).map(|f| {
            let locale = i18n.get_locale();
            match f {
                Feedback::Placed { tag, number, customer, items, total } => {
                    let up = connected.with(|s| matches!(s, crate::mqtt::ConnState::Connected { .. }));
                    let (state, words) = placed_words(locale, publisher.state_of(tag).as_ref(), up);
                    // Said here too, where the cashier looks: the banner is at the top of the page.
                    let unkept = storage.with(|p| p.as_ref().is_some_and(crate::storage::Problem::loses_orders));
                    let class = match (state, unkept) {
                        ("queued", _) | (_, true) => "form-feedback placed waiting",
                        _ => "form-feedback placed",
                    };
                    let items = td_string!(locale, items, count = items).to_string();
                    let tail = td_string!(locale, summary_tail, items = items, total = money.text(total));
                    let unkept = unkept.then(|| td_string!(locale, placed_not_kept));
                    view! {
                        <div class=class role="status">
                            // The number first and large: the cashier reads it out.
                            <p class="placed-number" data-testid="placed-number" data-number=number.clone()>
                                {td_string!(locale, placed_number, number = number).to_string()}
                            </p>
                            <p data-testid="form-feedback" data-state=state>
                                {words}" "<span translate="no">{customer}</span>
                                {format!("{tail}{}", unkept.unwrap_or_default())}
                            </p>
                        </div>
                    }
                    .into_any()
                }
                Feedback::Problem(count) => view! {
                    <p class="form-feedback problem" role="status" data-testid="form-feedback" data-state="invalid">
                        {td_string!(locale, form_not_sent, count = count).to_string()}
                    </p>
                }
                .into_any(),
            }
        })
    }
}

/// What the form says after "Place order".
#[derive(Clone)]
enum Feedback {
    /// Placed: follows the order under this outbox number.
    Placed {
        tag: u64,
        /// The number the customer is told ("A47").
        number: String,
        customer: String,
        items: u32,
        total: crate::domain::money::Cents,
    },
    /// Not placed: this many fields to fix.
    Problem(usize),
}

/// The menu in use by category, each dish with − / quantity / + (made again when the menu changes).
#[component]
fn MenuPicker(draft: RwSignal<OrderDraft>) -> impl IntoView {
    let active = expect_context::<ActiveMenu>().menu();
    let money = expect_context::<Money>();
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<usize>);
    provide_context(Editing(editing));
    let sections = move || {
        let menu = active.get();
        menu.categories().iter().map(|category| {
            let rows = menu.items().iter().enumerate().filter(|(_, m)| m.category == *category).map(|(index, item)| {
                let qty = move || active.with(|m| draft.with(|d| d.quantity(m, index)));
                let change = move |f: fn(&mut OrderDraft, &Menu, usize)| {
                    move |_| active.with_untracked(|m| draft.update(|d| f(d, m, index)))
                };
                let name = item.name.clone();
                let (name_less, name_qty, name_more) = (name.clone(), name.clone(), name.clone());
                let name_title = name.clone();
                let price = item.price;
                view! {
                    <li class=move || { if qty() > 0 { "menu-row picked" } else { "menu-row" } }>
                        // The dish's name opens its choices and a note for one line (a second tap closes them).
                        <button type="button" class="choose" data-testid=format!("choose-{index}")
                            aria-expanded=move || (editing.get() == Some(index)).to_string()
                            title=move || td_string!(i18n.get_locale(), choices_for, dish = &name_title).to_string()
                            on:click=move |_| editing.update(|e| *e = if *e == Some(index) { None } else { Some(index) })>
                            <span class="menu-name" translate="no">{name.clone()}</span><span class="choose-mark" aria-hidden="true">" ✎"</span>
                        </button>
                        <span class="price">{move || money.text(price)}</span>
                        <span class="stepper">
                            <button type="button" aria-label=move || td_string!(i18n.get_locale(), one_less, dish = &name_less).to_string() disabled=move || qty() == 0
                                on:click=change(OrderDraft::decrement)>"−"</button>
                            <input type="number" min="0" max="99" class="qty" aria-label=move || td_string!(i18n.get_locale(), quantity_of, dish = &name_qty).to_string()
                                data-testid=format!("qty-{index}") prop:value=move || qty().to_string()
                                on:change=move |ev| {
                                    let n = event_target_value(&ev).trim().parse().unwrap_or(0);
                                    active.with_untracked(|m| draft.update(|d| d.set_quantity(m, index, n)));
                                }/>
                            <button type="button" aria-label=move || td_string!(i18n.get_locale(), one_more, dish = &name_more).to_string() data-testid=format!("add-{index}")
                                on:click=change(OrderDraft::increment)>"+"</button>
                        </span>
                        {let dish = name.clone(); move || (editing.get() == Some(index)).then(|| view! { <ChoiceEditor draft dish=dish.clone() index/> })}
                    </li>
                }
            }).collect_view();
            view! {
                <fieldset class="category">
                    <legend translate="no">{category.clone()}</legend>
                    <ul>{rows}</ul>
                </fieldset>
            }
        }).collect_view()
    };
    view! { <div class="menu" data-testid="menu">{sections}</div> }
}

/// Brings the form's top into view (a phone is left at its bottom after placing).
fn scroll_to_form() {
    if let Some(form) = document().get_element_by_id("order-form") {
        form.scroll_into_view();
    }
}

/// Moves the focus to the first field that needs fixing (the name, the menu, the instructions).
fn focus_field(field: DraftField) {
    let selector = match field {
        DraftField::CustomerName => "[data-testid=customer-name]",
        DraftField::Items => "[data-testid=add-0]",
        DraftField::SpecialInstructions => "[data-testid=special-instructions]",
        DraftField::Table => "[data-testid=table]",
        DraftField::Guests => "[data-testid=guests]",
        DraftField::Later => "[data-testid=later]",
    };
    let element = document().query_selector(selector).ok().flatten();
    if let Some(element) =
        element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}
