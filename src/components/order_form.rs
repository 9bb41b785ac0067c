//! The order form: customer, menu items with quantity steppers by category, instructions, live total.

use crate::domain::draft::{DraftField, FieldError, OrderDraft};
use crate::domain::menu::{Category, MENU};
use crate::state::{now_ms, Publisher};
use leptos::prelude::*;

#[component]
pub fn OrderForm(draft: RwSignal<OrderDraft>) -> impl IntoView {
    let publisher = expect_context::<Publisher>();
    // Errors show once the user has tried to submit, then update live as they fix things.
    let tried = RwSignal::new(false);
    let errors = Memo::new(move |_| {
        if tried.get() {
            draft.with(OrderDraft::validate)
        } else {
            Vec::new()
        }
    });
    let error_for = move |field: DraftField| {
        move || {
            errors.with(|errs| {
                errs.iter()
                    .find(|e| e.field == field)
                    .map(|FieldError { message, .. }| {
                        view! { <p class="field-error" role="alert">{message.clone()}</p> }
                    })
            })
        }
    };
    // Said next to the button, where the eyes are after pressing it.
    let feedback = RwSignal::new(None::<(bool, String)>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let id = uuid::Uuid::new_v4().to_string();
        match draft.with_untracked(|d| d.to_order(id, now_ms())) {
            Ok(order) => {
                publisher.publish(&order);
                draft.update(OrderDraft::clear);
                tried.set(false);
                let text = format!(
                    "Sent: {} — {}, {}",
                    order.customer_name,
                    order.items_text(),
                    order.total_amount
                );
                feedback.set(Some((true, text)));
            }
            Err(_) => {
                let errors = draft.with_untracked(OrderDraft::validate);
                let text = match errors.len() {
                    1 => "Not sent — fix the problem marked above.".to_owned(),
                    n => format!("Not sent — fix the {n} problems marked above."),
                };
                feedback.set(Some((false, text)));
                if let Some(first) = errors.first() {
                    focus_field(first.field);
                }
            }
        }
    };

    let categories = Category::ALL.map(|category| {
        let rows = MENU
            .iter()
            .enumerate()
            .filter(|(_, m)| m.category == category)
            .map(|(index, item)| {
                let qty = move || draft.with(|d| d.quantity(index));
                let name = item.name;
                view! {
                    <li class=move || { if qty() > 0 { "menu-row picked" } else { "menu-row" } }>
                        <span class="menu-name">{name}</span>
                        <span class="price">{item.price.to_string()}</span>
                        <span class="stepper">
                            <button
                                type="button"
                                aria-label=format!("One less {name}")
                                disabled=move || qty() == 0
                                on:click=move |_| draft.update(|d| d.decrement(index))
                            >
                                "−"
                            </button>
                            <input
                                type="number"
                                min="0"
                                max="99"
                                class="qty"
                                aria-label=format!("Quantity of {name}")
                                data-testid=format!("qty-{index}")
                                prop:value=move || qty().to_string()
                                on:change=move |ev| {
                                    let n = event_target_value(&ev).trim().parse().unwrap_or(0);
                                    draft.update(|d| d.set_quantity(index, n));
                                }
                            />
                            <button
                                type="button"
                                aria-label=format!("One more {name}")
                                data-testid=format!("add-{index}")
                                on:click=move |_| draft.update(|d| d.increment(index))
                            >
                                "+"
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <fieldset class="category">
                <legend>{category.label()}</legend>
                <ul>{rows}</ul>
            </fieldset>
        }
    });

    view! {
        <form class="panel order-form" id="order-form" aria-labelledby="form-title" on:submit=on_submit novalidate>
            <h2 id="form-title">"New order"</h2>
            <label class="stacked">
                "Customer name"
                <input
                    type="text"
                    autocomplete="off"
                    data-testid="customer-name"
                    prop:value=move || draft.with(|d| d.customer_name.clone())
                    on:input=move |ev| draft.update(|d| d.customer_name = event_target_value(&ev))
                />
            </label>
            {error_for(DraftField::CustomerName)}
            <div class="menu">{categories}</div>
            {error_for(DraftField::Items)}
            <label class="stacked">
                "Special instructions (optional)"
                <textarea
                    rows="2"
                    data-testid="special-instructions"
                    prop:value=move || draft.with(|d| d.special_instructions.clone())
                    on:input=move |ev| {
                        draft.update(|d| d.special_instructions = event_target_value(&ev))
                    }
                ></textarea>
            </label>
            {error_for(DraftField::SpecialInstructions)}
            <p class="form-total">
                "Total "
                <strong data-testid="form-total">{move || draft.with(|d| d.total().to_string())}</strong>
            </p>
            <button type="submit" data-testid="place-order">"Place order"</button>
            {move || feedback.get().map(|(placed, text)| view! {
                <p class=if placed { "form-feedback placed" } else { "form-feedback problem" }
                    role="status" data-testid="form-feedback">{text}</p>
            })}
        </form>
    }
}

/// Moves the focus to the first field that needs fixing (the name, the menu, the instructions).
fn focus_field(field: DraftField) {
    let selector = match field {
        DraftField::CustomerName => "[data-testid=customer-name]",
        DraftField::Items => "[data-testid=add-0]",
        DraftField::SpecialInstructions => "[data-testid=special-instructions]",
    };
    let element = document().query_selector(selector).ok().flatten();
    if let Some(element) =
        element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = element.focus();
    }
}
