//! The order form's extras: a dish's choices and a note for one line (its modifier groups, as the menu
//! offers them), the lines so made, and where the order goes (type, table, guests), rush and "for later".

use crate::domain::draft::{CustomLine, DraftField, FieldError, OrderDraft};
use crate::domain::modifiers::ModifierGroup;
use crate::i18n::*;
use crate::restaurant::{ActiveMenu, Money};
use leptos::prelude::*;

/// Which dish's choices are open (its place on the menu), one at a time.
#[derive(Clone, Copy)]
pub struct Editing(pub RwSignal<Option<usize>>);

/// Under a menu row: each of the dish's groups (one choice, or any), a note, and "Add to order".
#[component]
pub fn ChoiceEditor(draft: RwSignal<OrderDraft>, dish: String, index: usize) -> impl IntoView {
    let menu = expect_context::<ActiveMenu>().menu();
    let Editing(editing) = expect_context::<Editing>();
    let i18n = use_i18n();
    let chosen = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let groups: Vec<ModifierGroup> =
        menu.with_untracked(|m| m.modifier_groups(&dish).into_iter().cloned().collect());
    let add = {
        let dish = dish.clone();
        move |_| {
            let line = CustomLine {
                dish: dish.clone(),
                quantity: 1,
                modifiers: chosen.get_untracked(),
                note: note.get_untracked(),
            };
            draft.update(|d| d.add_custom(line));
            editing.set(None);
        }
    };
    view! {
        <div class="choices" data-testid="choices" role="group"
            aria-label=move || td_string!(i18n.get_locale(), choices_for, dish = &dish).to_string()>
            {groups.into_iter().enumerate().map(|(g, group)| view! { <ChoiceGroup group chosen name=format!("g{index}-{g}")/> }).collect_view()}
            <label class="stacked">{t!(i18n, line_note)}
                <input type="text" autocomplete="off" data-testid="line-note-input" maxlength="200"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            </label>
            <div class="choice-buttons">
                <button type="button" data-testid="add-line" on:click=add>{t!(i18n, add_line)}</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>{t!(i18n, close)}</button>
            </div>
        </div>
    }
}

/// One group: radio buttons when it takes one choice, checkboxes when any.
#[component]
fn ChoiceGroup(group: ModifierGroup, chosen: RwSignal<Vec<String>>, name: String) -> impl IntoView {
    let money = expect_context::<Money>();
    let i18n = use_i18n();
    let (pick_one, required) = (group.pick_one, group.required);
    let all: Vec<String> = group.options.iter().map(|o| o.name.clone()).collect();
    // A required single choice starts on its first option, as the line would be sent without a choice.
    if required && pick_one {
        chosen.update(|c| c.extend(all.first().cloned()));
    }
    let how = move || match (pick_one, required) {
        (true, true) => td_string!(i18n.get_locale(), pick_one_required),
        (true, false) => td_string!(i18n.get_locale(), pick_one),
        _ => td_string!(i18n.get_locale(), pick_any),
    };
    let options = group.options.into_iter().map(|option| {
        let (all, label) = (all.clone(), option.name.clone());
        let picked = {
            let name = option.name.clone();
            move || chosen.with(|c| c.contains(&name))
        };
        let toggle = move |_| {
            chosen.update(|c| {
                let had = c.contains(&label);
                if pick_one {
                    c.retain(|n| !all.contains(n));
                }
                if !had || (pick_one && required) {
                    c.push(label.clone());
                } else if !pick_one {
                    c.retain(|n| n != &label);
                }
            })
        };
        let price = option.price.map(|p| format!(" +{}", money.text(p)));
        view! {
            <label class="choice">
                <input type=if pick_one { "radio" } else { "checkbox" } name=name.clone() data-testid="choice"
                    data-choice=option.name.clone() prop:checked=picked on:change=toggle/>
                <span translate="no">{option.name.clone()}</span>{price}
            </label>
        }
    }).collect_view();
    view! {
        <fieldset class="choice-group">
            <legend><span translate="no">{group.name.clone()}</span>" · "{how}</legend>
            {options}
        </fieldset>
    }
}

/// The lines with choices or a note, each with − and +.
#[component]
pub fn CustomLines(draft: RwSignal<OrderDraft>) -> impl IntoView {
    let menu = expect_context::<ActiveMenu>().menu();
    let money = expect_context::<Money>();
    let i18n = use_i18n();
    // The lines as they would be sent (plain lines first): their prices include the choices.
    let lines = Memo::new(move |_| {
        menu.with(|m| {
            draft.with(|d| {
                let plain = d.lines(m).count();
                d.items(m).into_iter().skip(plain).collect::<Vec<_>>()
            })
        })
    });
    let row = move |(at, item): (usize, crate::domain::order::OrderItem)| {
        let what: Vec<String> = item.modifiers.iter().map(|m| m.name.clone()).collect();
        view! {
            <li class="custom-line" data-testid="custom-line">
                <span translate="no"><strong>{format!("{} × {}", item.quantity, item.name)}</strong>
                    {(!what.is_empty()).then(|| format!(" — {}", what.join(", ")))}
                    {item.note.clone().map(|n| view! { <em>{format!(" · {n}")}</em> })}</span>
                <span class="price">{money.text(item.line_total())}</span>
                <span class="stepper">
                    <button type="button" data-testid=format!("custom-less-{at}")
                        aria-label=move || td_string!(i18n.get_locale(), one_less, dish = &item.name).to_string()
                        on:click=move |_| draft.update(|d| d.step_custom(at, false))>"−"</button>
                    <button type="button" data-testid=format!("custom-more-{at}")
                        on:click=move |_| draft.update(|d| d.step_custom(at, true))>"+"</button>
                </span>
            </li>
        }
    };
    view! {
        <ul class="custom-lines" hidden=move || lines.with(Vec::is_empty)>
            {move || lines.get().into_iter().enumerate().map(row).collect_view()}
        </ul>
    }
}

/// Where the order goes (type; table and guests for dine-in), rush, and "for later" with a time.
#[component]
pub fn OrderDetails(draft: RwSignal<OrderDraft>, errors: Memo<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    let dine_in = move || draft.with(|d| d.order_type == "dine_in");
    let text = move |f: fn(&OrderDraft) -> &String| move || draft.with(|d| f(d).clone());
    let problem = move |field: DraftField| {
        move || {
            errors.with(|e| e.iter().find(|e| e.field == field).map(|e| {
            view! { <p class="field-error" role="alert">{crate::words::draft_problem(i18n.get_locale(), e.problem)}</p> }
        }))
        }
    };
    view! {
        <fieldset class="order-details">
            <legend>{t!(i18n, order_details)}</legend>
            <label class="stacked">{t!(i18n, order_type)}
                <select data-testid="order-type" prop:value=text(|d| &d.order_type)
                    on:change=move |ev| draft.update(|d| d.order_type = event_target_value(&ev))>
                    <option value="">{t!(i18n, order_type_unsaid)}</option>
                    <option value="dine_in">{t!(i18n, order_type_dine_in)}</option>
                    <option value="takeout">{t!(i18n, order_type_takeout)}</option>
                    <option value="delivery">{t!(i18n, order_type_delivery)}</option>
                </select>
            </label>
            <div class="table-guests" hidden=move || !dine_in()>
                <label class="stacked">{t!(i18n, table)}
                    <input type="text" autocomplete="off" maxlength="12" data-testid="table" prop:value=text(|d| &d.table)
                        on:input=move |ev| draft.update(|d| d.table = event_target_value(&ev))/>
                </label>
                <label class="stacked">{t!(i18n, guests_label)}
                    <input type="number" min="1" max="99" inputmode="numeric" data-testid="guests" prop:value=text(|d| &d.guests)
                        on:input=move |ev| draft.update(|d| d.guests = event_target_value(&ev))/>
                </label>
            </div>
            {problem(DraftField::Table)}{problem(DraftField::Guests)}
            <label class="check">
                <input type="checkbox" data-testid="rush" prop:checked=move || draft.with(|d| d.rush)
                    on:change=move |ev| draft.update(|d| d.rush = event_target_checked(&ev))/>
                {t!(i18n, rush_label)}
            </label>
            <label class="stacked">{t!(i18n, for_later)}
                <input type="time" data-testid="later" prop:value=text(|d| &d.later)
                    on:input=move |ev| draft.update(|d| d.later = event_target_value(&ev))/>
            </label>
            {problem(DraftField::Later)}
        </fieldset>
    }
}
