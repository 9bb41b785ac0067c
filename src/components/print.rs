//! Printed tickets for an 80 mm receipt printer at the pass: the print area (shown only on paper) and
//! what prints it — a ticket's Print button, or every new ticket on a kiosk browser.

use crate::devices::Printer;
use crate::domain::card::CardModel;
use crate::domain::stations::Station;
use crate::domain::ticket::Ticket;
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
    let card = CardModel::of(&ticket, &Station::All, crate::state::local_offset_minutes);
    let items = card
        .lines
        .iter()
        .map(|l| view! { <li><span class="print-qty">{l.quantity}" ×"</span>" "{l.name.clone()}</li> })
        .collect_view();
    view! {
        <article class="print-ticket" data-testid="print-ticket" translate="no">
            <p class="print-customer">{card.customer.clone()}</p>
            <p class="print-meta">{card.number.clone()}" · "{card.clock.clone()}</p>
            <ul class="print-items">{items}</ul>
            {card.instructions.clone().map(|text| view! {
                <p class="print-instructions">{card.allergy.then_some("⚠ ")}{text}</p>
            })}
        </article>
    }
}
