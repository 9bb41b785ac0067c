//! Printed tickets for an 80 mm receipt printer at the pass: the print area (shown only on paper) and
//! what prints it — a ticket's Print button, or every new ticket on a kiosk browser.

use crate::devices::Printer;
use crate::domain::stations::Station;
use crate::domain::ticket::Ticket;
use crate::i18n::*;
use crate::state::CardContext;
use leptos::prelude::*;

/// What the printer gets: each ticket's customer, short id, time, items with quantities, instructions in
/// bold — nothing else of the page (the print stylesheet hides everything but this).
#[component]
pub fn PrintArea() -> impl IntoView {
    let printer = expect_context::<Printer>();
    view! {
        <div class="print-area" data-testid="print-area" aria-hidden="true">
            <For each=move || printer.queued() key=|t| (t.seq, t.status) children=|t| view! { <PrintTicket ticket=t/> }/>
        </div>
    }
}

#[component]
fn PrintTicket(ticket: Ticket) -> impl IntoView {
    // What the card says, worked out once (`CardModel`), printed for the whole kitchen.
    let card = CardContext::card(use_context::<CardContext>(), &ticket, &Station::All);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let items = card
        .lines
        .iter()
        .map(|l| {
            let mods: Vec<String> = l.modifiers.iter().map(|m| m.name.clone()).collect();
            view! {
                <li><span class="print-qty">{l.quantity}" ×"</span>" "{l.name.clone()}
                    {(!mods.is_empty()).then(|| view! { <span class="print-mods">{mods.join(", ")}</span> })}
                    {l.note.clone().map(|n| view! { <span class="print-note">{l.note_allergy.then_some("⚠ ")}{n}</span> })}
                </li>
            }
        })
        .collect_view();
    let service = [
        card.rush
            .then(|| td_string!(locale, rush_badge).to_string()),
        card.order_type
            .as_ref()
            .map(|k| crate::words::order_type(locale, k)),
        card.table
            .as_ref()
            .map(|t| td_string!(locale, table_number, table = t).to_string()),
        card.guests
            .map(|g| td_string!(locale, guests, count = g).to_string()),
        card.due
            .as_ref()
            .map(|d| td_string!(locale, due_for, time = d).to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <article class="print-ticket" data-testid="print-ticket" translate="no">
            <p class="print-customer">{card.customer.clone()}</p>
            <p class="print-meta">{card.number.clone()}" · "{card.clock.clone()}</p>
            {(!service.is_empty()).then(|| view! { <p class="print-service" data-testid="print-service">{service}</p> })}
            <ul class="print-items">{items}</ul>
            {card.instructions.clone().map(|text| view! {
                <p class="print-instructions">{card.allergy.then_some("⚠ ")}{text}</p>
            })}
        </article>
    }
}
