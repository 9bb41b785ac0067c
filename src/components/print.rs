//! Printed tickets for an 80 mm receipt printer at the pass: the print area (shown only on paper) and
//! what prints it — a ticket's Print button, or every new ticket on a kiosk browser.

use crate::domain::board::short_id;
use crate::domain::order::is_allergy_warning;
use crate::domain::ticket::Ticket;
use crate::domain::time::clock_text;
use leptos::prelude::*;

/// The tickets on paper next, and the capability to print them.
#[derive(Clone, Copy)]
pub struct Printer {
    tickets: RwSignal<Vec<Ticket>>,
}

impl Printer {
    pub fn new() -> Self {
        Printer {
            tickets: RwSignal::new(Vec::new()),
        }
    }

    /// Puts `tickets` in the print area and opens the browser's print once they are drawn (a kiosk
    /// browser started with `--kiosk-printing` prints at once, without asking).
    pub fn print(&self, tickets: Vec<Ticket>) {
        if tickets.is_empty() {
            return;
        }
        self.tickets.set(tickets);
        request_animation_frame(|| {
            let _ = window().print();
        });
    }
}

impl Default for Printer {
    fn default() -> Self {
        Printer::new()
    }
}

/// What the printer gets: each ticket's customer, short id, time, items with quantities, instructions in
/// bold — nothing else of the page (the print stylesheet hides everything but this).
#[component]
pub fn PrintArea() -> impl IntoView {
    let printer = expect_context::<Printer>();
    view! {
        <div class="print-area" data-testid="print-area" aria-hidden="true">
            <For each=move || printer.tickets.get() key=|t| (t.seq, t.status) children=|t| view! { <PrintTicket ticket=t/> }/>
        </div>
    }
}

#[component]
fn PrintTicket(ticket: Ticket) -> impl IntoView {
    let order = ticket.order;
    let at =
        crate::domain::ageing::AgeFrom::of(order.timestamp.as_deref(), ticket.received_at).at();
    let offset = -js_sys::Date::new(&(at as f64).into()).get_timezone_offset() as i64;
    let allergy = order
        .special_instructions
        .as_deref()
        .is_some_and(is_allergy_warning);
    let items = order
        .items
        .iter()
        .map(|i| view! { <li><span class="print-qty">{i.quantity}" ×"</span>" "{i.name.clone()}</li> })
        .collect_view();
    view! {
        <article class="print-ticket" data-testid="print-ticket">
            <p class="print-customer">{order.customer_name.clone()}</p>
            <p class="print-meta">"#"{short_id(&order.order_id)}" · "{clock_text(at, offset)}</p>
            <ul class="print-items">{items}</ul>
            {order.special_instructions.clone().map(|text| view! {
                <p class="print-instructions">{allergy.then_some("⚠ ")}{text}</p>
            })}
        </article>
    }
}
