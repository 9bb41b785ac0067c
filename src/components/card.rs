//! One ticket's card: who, what, how long it has waited, and its Start/Ready/Served and Cancel buttons.

use crate::domain::board::{short_id, Ticket};
use crate::domain::kitchen::{timer_text, AgeFrom, AgeLevel, AgeThresholds, Station, Status};
use crate::domain::menu::Menu;
use crate::domain::money::Cents;
use crate::domain::order::is_allergy_warning;
use crate::domain::time::{age_text, clock_text};
use crate::restaurant::{ActiveMenu, Money};
use crate::state::{Clock, Kitchen, Selection};
use leptos::prelude::*;

/// The word on a ticket's bump button: what the bump makes it.
fn bump_label(status: Status) -> &'static str {
    match status.next() {
        Some(Status::Preparing) => "Start",
        Some(Status::Ready) => "Ready",
        Some(Status::Served) => "Served",
        _ => "",
    }
}

#[component]
pub fn OrderCard(
    ticket: Ticket,
    #[prop(into, default = Signal::stored(AgeThresholds::default()))] thresholds: Signal<
        AgeThresholds,
    >,
    /// Fixed for the card's life: the board makes a new card when the station (or the menu) changes.
    #[prop(optional)]
    station: Station,
    /// Flash once: the ticket just arrived, in a quiet moment.
    #[prop(optional)]
    flash: bool,
) -> impl IntoView {
    let Clock(now) = expect_context::<Clock>();
    let money = use_context::<Money>().unwrap_or_default();
    let menu = use_context::<ActiveMenu>().map(|m| m.menu.get_untracked());
    let menu = menu.unwrap_or_else(|| std::sync::Arc::new(Menu::demo()));
    let kitchen = use_context::<Kitchen>();
    let selection = use_context::<Selection>();
    let Ticket {
        order,
        received_at,
        status,
        ..
    } = ticket;
    let id = order.order_id.clone();
    let selected = move || selection.is_some_and(|s| s.is(&id));
    // An order queued at the counter during a Wi-Fi drop shows its real wait (see `AgeFrom`).
    let from = AgeFrom::of(order.timestamp.as_deref(), received_at);
    let since = from.at();
    // Local wall-clock time. The browser knows the offset (daylight saving included); the text is made
    // here, as the browser's locale formatting costs more than the rest of the card.
    let offset = -js_sys::Date::new(&(since as f64).into()).get_timezone_offset() as i64;
    let clock = clock_text(since, offset);
    // Said in words on the ticket: the food is shown, the bill needs a look.
    let (stated, computed) = (order.total_amount, order.items_total());
    let total_warning = order.total_problem().map(|_| {
        move || {
            format!(
                "⚠ Total {} does not match the items ({}) — check the bill",
                money.text(stated),
                money.text(computed)
            )
        }
    });
    let allergy = order
        .special_instructions
        .as_deref()
        .is_some_and(is_allergy_warning);
    let items = station.items(&menu, &order);
    let station_total: Cents = items.iter().map(|i| i.line_total()).sum();
    let whole = station == Station::All;
    let total = move || match whole {
        true => money.text(stated),
        false => format!("{} of {}", money.text(station_total), money.text(stated)),
    };
    let items = items
        .into_iter()
        .map(|item| {
            let line = item.line_total();
            view! {
                <li>
                    <span class="qty">{item.quantity}" × "</span>
                    <span class="name">{item.name.clone()}</span>
                    <span class="price">{move || money.text(line)}</span>
                </li>
            }
        })
        .collect_view();
    let age_class = move || {
        let age = match thresholds.get().level(since, now.get()) {
            AgeLevel::Fresh => "",
            AgeLevel::Warning => " age-warning",
            AgeLevel::Late => " age-late",
        };
        format!(
            "card status-card-{}{age}{}",
            status.label(),
            if flash { " arrived" } else { "" }
        )
    };
    let actions = kitchen.map(|_| view! {
        <div class="card-actions">
            <button type="button" data-testid="bump" data-action="bump">{bump_label(status)}</button>
            <button type="button" class="secondary" data-testid="cancel" data-action="cancel">"Cancel"</button>
            <button type="button" class="secondary print-button" data-testid="print" data-action="print"
                title="Print this ticket">"Print"</button>
        </div>
    });
    view! {
        <article class=age_class class:selected=selected tabindex="-1" data-testid="order-card"
            data-order-id=order.order_id.clone() data-status=status.label() data-age-from=from.word()>
            <header>
                <span class="customer" data-testid="customer">{order.customer_name.clone()}</span>
                <span class="order-id" title=order.order_id.clone()>"#"{short_id(&order.order_id)}</span>
            </header>
            <p class="ticket-line">
                <span class=format!("status status-{}", status.label()) data-testid="status">{status.label()}</span>
                <span class="timer" data-testid="timer">{move || timer_text(since, now.get())}</span>
            </p>
            <ul class="items">{items}</ul>
            {order.special_instructions.clone().map(|text| view! {
                <p class="instructions" class:allergy=allergy data-testid="instructions">
                    {allergy.then_some("⚠ ")}{text}
                </p>
            })}
            {total_warning.map(|text| view! { <p class="total-warning" data-testid="total-warning">{text}</p> })}
            <footer>
                <span class="total" data-testid="total">{total}</span>
                <span class="received">
                    {from.word()}" "<time title=clock.clone()>{clock.clone()}</time>" · "
                    <span data-testid="age">{move || age_text(since, now.get())}</span>
                </span>
            </footer>
            {actions}
        </article>
    }
}
