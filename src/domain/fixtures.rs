//! Test fixtures shared by the domain's tests: a ticket and an order made from a few literals.

use super::money::Cents;
use super::order::{Order, OrderItem};
use super::ticket::{Status, Ticket};
use super::time::UnixMillis;

/// A ticket for `order`, received at `received_at` (also its number) with `status`; its parts by the
/// demo menu, as the status has them.
pub fn ticket(order: Order, received_at: UnixMillis, status: Status) -> Ticket {
    let parts = super::parts::of_order(&order, &super::menu::Menu::demo());
    Ticket {
        seq: received_at as u64,
        parts: super::parts::merged(&parts, super::parts::whole(&parts, status, 0, "")),
        order,
        received_at,
        status,
        status_at: None,
        level: status,
        previous: None,
        ready_at: None,
        started_at: None,
        fire_at: None,
        waiting: false,
    }
}

/// An order for Ann of `items` (name, quantity) at $1.00 each.
pub fn order(id: &str, items: &[(&str, u32)]) -> Order {
    let items = items
        .iter()
        .map(|(n, q)| OrderItem::plain((*n).into(), *q, Cents(100)))
        .collect();
    Order::new(id.into(), "Ann".into(), items, 0, None)
}
