//! Test fixtures shared by the domain's tests: a ticket and an order made from a few literals.

use super::money::Cents;
use super::order::{Order, OrderItem};
use super::ticket::{Status, Ticket};
use super::time::UnixMillis;

/// A ticket for `order`, received at `received_at` (also its number) with `status`.
pub fn ticket(order: Order, received_at: UnixMillis, status: Status) -> Ticket {
    Ticket {
        seq: received_at as u64,
        order,
        received_at,
        status,
        status_at: None,
        previous: None,
        ready_at: None,
    }
}

/// An order for Ann of `items` (name, quantity) at $1.00 each.
pub fn order(id: &str, items: &[(&str, u32)]) -> Order {
    let items = items
        .iter()
        .map(|(n, q)| OrderItem {
            name: (*n).into(),
            quantity: *q,
            price: Cents(100),
        })
        .collect();
    Order::new(id.into(), "Ann".into(), items, 0, None)
}
