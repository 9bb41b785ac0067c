//! What one incoming message is — an order, a kitchen status, or a rejection with its reason — decided once,
//! where the bytes arrive (the connection engine), so the page only receives ready values.

use super::board::excerpt;
use super::order::{decode, Order};
use super::ticket::StatusUpdate;
use super::topics::is_status_topic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// A valid order on the orders topic.
    Order { topic: String, order: Order },
    /// A kitchen status (bump, cancel, recall) from any board.
    Status { topic: String, update: StatusUpdate },
    /// An empty retained status: somebody deleted it, nothing to show.
    Cleared { topic: String },
    /// The restaurant's menu, retained beside the orders topic (read on the page: menus are rare).
    Menu { topic: String, text: String },
    /// Not an order nor a status: shown under "Rejected messages" with the reason and the start of the bytes.
    Rejected {
        topic: String,
        reason: String,
        excerpt: String,
    },
}

/// Reads one message that came in on `topic`, for a board whose orders topic is `orders_topic`.
pub fn classify(orders_topic: &str, topic: &str, payload: &[u8]) -> Inbound {
    let topic = topic.to_owned();
    let rejected = |topic, reason: String| Inbound::Rejected {
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
            Err(_) => rejected(topic, "the menu is not UTF-8 text".to_owned()),
        };
    }
    if !is_status_topic(orders_topic, &topic) {
        return match decode(payload) {
            Ok(order) => Inbound::Order { topic, order },
            Err(error) => rejected(topic, error.to_string()),
        };
    }
    if payload.is_empty() {
        return Inbound::Cleared { topic };
    }
    match StatusUpdate::decode(payload) {
        Ok(update) => Inbound::Status { topic, update },
        Err(reason) => rejected(topic, reason),
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
    fn malformed_bytes_become_a_rejection_with_a_reason_and_an_excerpt() {
        let Inbound::Rejected {
            reason, excerpt, ..
        } = classify("restaurant/orders", "restaurant/orders", b"{not json")
        else {
            panic!("not rejected");
        };
        assert!(!reason.is_empty());
        assert_eq!(excerpt, "{not json");
    }
}
