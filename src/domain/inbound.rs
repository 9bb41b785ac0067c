//! What one incoming message is — an order, a kitchen status, or a rejection with its reason — decided once,
//! where the bytes arrive (the connection engine), so the page only receives ready values.

use super::board::excerpt;
use super::counter::Claim;
use super::day::DayClose;
use super::order::{decode, Order, OrderError};
use super::parts::{PartError, PartUpdate};
use super::ticket::{StatusError, StatusUpdate};
use super::topics::is_status_topic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// A valid order on the orders topic.
    Order { topic: String, order: Box<Order> },
    /// A kitchen status (bump, cancel, recall) from any board.
    Status { topic: String, update: StatusUpdate },
    /// A station's change to its part of an order, from any board.
    Part { topic: String, update: PartUpdate },
    /// An empty retained status: somebody deleted it, nothing to show.
    Cleared { topic: String },
    /// The restaurant's menu, retained beside the orders topic (read on the page: menus are rare).
    Menu { topic: String, text: String },
    /// The day closed on some board (retained beside the orders topic): every board applies it.
    Day { topic: String, close: DayClose },
    /// A counter device's letter, retained beside the orders topic; `None` when its claim was deleted.
    Counter {
        device: String,
        claim: Option<Claim>,
    },
    /// Not an order nor a status: shown under "Rejected messages" with the reason and the start of the bytes.
    Rejected {
        topic: String,
        reason: RejectReason,
        excerpt: String,
    },
}

/// Why a message is under "Rejected messages": typed, so it crosses from the engine's worker as a value and
/// the page says it in its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    Order(OrderError),
    Status(StatusError),
    Part(PartError),
    MenuNotText,
    /// On a counter's topic, but not a counter's letter.
    NotACounterLetter,
    /// On the day topic, but not a day close.
    NotADayClose,
    /// A second, different order under an id already on the board (`kept_for` is the customer shown).
    ReusedId {
        order_id: String,
        kept_for: String,
        this_for: String,
    },
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RejectReason::Order(e) => e.fmt(f),
            RejectReason::Status(e) => e.fmt(f),
            RejectReason::Part(e) => e.fmt(f),
            RejectReason::MenuNotText => f.write_str("the menu is not UTF-8 text"),
            RejectReason::NotADayClose => f.write_str(
                "not a day close: a board closing the day publishes {\"closed_at\": \"<ISO time>\"} there",
            ),
            RejectReason::NotACounterLetter => {
                f.write_str("not a counter's letter: a counter announces one capital letter there")
            }
            // Said so a cashier can act.
            RejectReason::ReusedId {
                order_id,
                kept_for,
                this_for,
            } => write!(
                f,
                "order id {order_id} already used by a different order (the board shows the one for \
                 {kept_for}); this one for {this_for} is not on the board — the system that sent it must \
                 give each order its own id"
            ),
        }
    }
}

/// Reads one message that came in on `topic`, for a board whose orders topic is `orders_topic`.
pub fn classify(orders_topic: &str, topic: &str, payload: &[u8]) -> Inbound {
    let topic = topic.to_owned();
    let rejected = |topic, reason: RejectReason| Inbound::Rejected {
        topic,
        reason,
        excerpt: excerpt(payload),
    };
    if topic == super::topics::menu_topic(orders_topic) {
        return match std::str::from_utf8(payload) {
            _ if payload.is_empty() => Inbound::Cleared { topic },
            Ok(text) => Inbound::Menu {
                topic,
                text: text.to_owned(),
            },
            Err(_) => rejected(topic, RejectReason::MenuNotText),
        };
    }
    if topic == super::topics::day_topic(orders_topic) {
        return match DayClose::decode(payload) {
            _ if payload.is_empty() => Inbound::Cleared { topic },
            Some(close) => Inbound::Day { topic, close },
            None => rejected(topic, RejectReason::NotADayClose),
        };
    }
    if let Some(device) = super::topics::device_of_counter(orders_topic, &topic) {
        return match Claim::decode(payload) {
            _ if payload.is_empty() => Inbound::Counter {
                device,
                claim: None,
            },
            Some(claim) => Inbound::Counter {
                device,
                claim: Some(claim),
            },
            None => rejected(topic, RejectReason::NotACounterLetter),
        };
    }
    if super::topics::order_id_of_part(orders_topic, &topic).is_some() {
        return match PartUpdate::decode(payload) {
            _ if payload.is_empty() => Inbound::Cleared { topic },
            Ok(update) => Inbound::Part { topic, update },
            Err(error) => rejected(topic, RejectReason::Part(error)),
        };
    }
    if !is_status_topic(orders_topic, &topic) {
        return match decode(payload) {
            Ok(order) => Inbound::Order {
                topic,
                order: Box::new(order),
            },
            Err(error) => rejected(topic, RejectReason::Order(error)),
        };
    }
    if payload.is_empty() {
        return Inbound::Cleared { topic };
    }
    match StatusUpdate::decode(payload) {
        Ok(update) => Inbound::Status { topic, update },
        Err(error) => rejected(topic, RejectReason::Status(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: &[u8] = br#"{"order_id":"ORD-001","customer_name":"Ada","items":[{"name":"Cola","quantity":2,"price":2.5}],"total_amount":5.0}"#;

    #[test]
    fn an_order_on_the_orders_topic_arrives_decoded() {
        let Inbound::Order { order, topic } =
            classify("restaurant/orders", "restaurant/orders", ORDER)
        else {
            panic!("not an order");
        };
        assert_eq!(
            (order.order_id.as_str(), topic.as_str()),
            ("ORD-001", "restaurant/orders")
        );
    }

    #[test]
    fn a_status_under_the_orders_topic_is_a_status_and_an_empty_one_is_a_deletion() {
        let status = br#"{"order_id":"ORD-001","status":"ready","at":"2026-12-01T10:00:00Z","by":"board-1"}"#;
        let topic = "restaurant/orders/ORD-001/status";
        assert!(matches!(
            classify("restaurant/orders", topic, status),
            Inbound::Status { .. }
        ));
        assert!(matches!(
            classify("restaurant/orders", topic, b""),
            Inbound::Cleared { .. }
        ));
    }

    #[test]
    fn a_counter_letter_beside_the_orders_topic_is_heard_with_its_device() {
        let topic = "restaurant/counters/board-9";
        assert_eq!(
            classify("restaurant/orders", topic, br#"{"letter":"C","at":7}"#),
            Inbound::Counter {
                device: "board-9".into(),
                claim: Some(Claim {
                    letter: "C".into(),
                    at: 7
                })
            }
        );
        assert!(matches!(
            classify("restaurant/orders", topic, b"C"),
            Inbound::Rejected {
                reason: RejectReason::NotACounterLetter,
                ..
            }
        ));
        assert!(matches!(
            classify("restaurant/orders", topic, b""),
            Inbound::Counter { claim: None, .. }
        ));
    }

    #[test]
    fn malformed_bytes_become_a_rejection_with_a_reason_and_an_excerpt() {
        let Inbound::Rejected {
            reason, excerpt, ..
        } = classify("restaurant/orders", "restaurant/orders", b"{not json")
        else {
            panic!("not rejected");
        };
        assert!(
            matches!(reason, RejectReason::Order(OrderError::NotJson(_))),
            "{reason:?}"
        );
        assert_eq!(excerpt, "{not json");
    }
}
