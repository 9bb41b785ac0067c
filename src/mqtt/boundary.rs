//! The one typed boundary between the page and the connection engine: `Command` in, `ClientEvent` out. The
//! engine runs in a Web Worker, so both cross as bytes (src/mqtt/wire.rs), the events one batch per message.

use super::reason::Reason;
#[cfg(test)]
use super::reason::Why;
use super::session::{Delivery, ProtocolVersion, QosLevel, SessionSettings};
use super::ConnState;
use crate::domain::inbound::Inbound;
use std::collections::HashMap;

/// Where and how to connect, and what to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectConfig {
    /// One broker, or the nodes of a cluster: the first is tried first, then round-robin on every loss.
    pub urls: Vec<String>,
    /// The orders topic: incoming messages are read as orders, or as statuses when under it.
    pub orders_topic: String,
    /// Topic filters to subscribe to (QoS 1), renewed after every reconnect.
    pub filters: Vec<String>,
    /// Filters this client subscribed to before and no longer wants: unsubscribed after the first CONNACK,
    /// since a persistent session on the broker keeps them.
    pub forget: Vec<String>,
    /// "auto": MQTT 5, and 3.1.1 at once for a broker that turns an MQTT 5 CONNECT away.
    pub auto_version: bool,
    /// The version each broker URL is known to speak (remembered by the page across loads).
    pub known_versions: HashMap<String, ProtocolVersion>,
    pub settings: SessionSettings,
    /// A screen that only shows (the customers' pickup screen): every publish is refused, so nothing it
    /// does can reach the kitchen.
    pub read_only: bool,
}

/// Who asked for a publish: its outcome goes back to exactly that owner, and each owner numbers its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// An order placed with the form (or from the outbox after a reload), by its outbox number.
    OrderForm(u64),
    /// An order of a generator run, by its number among the generator's publishes.
    Generator(u64),
    /// A kitchen status change: bump, cancel, recall.
    KitchenStatus(u64),
    /// Deleting a retained status nobody needs any more.
    RetainedCleanup(u64),
    /// A retained "new" status carrying an order no board had a status for yet (for boards opened later).
    Claim(u64),
}

/// One publish the application asks for: what goes where, how, and who asked. The engine passes it along
/// as one value from the command to the session; `T` is the session's tag (native tests use numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishRequest<T = Origin> {
    pub topic: String,
    pub payload: Vec<u8>,
    pub qos: QosLevel,
    pub retain: bool,
    pub origin: T,
}

impl<T> PublishRequest<T> {
    /// The same publish told apart by another tag (the session's presence message has none).
    pub fn map_origin<U>(self, f: impl FnOnce(T) -> U) -> PublishRequest<U> {
        PublishRequest {
            topic: self.topic,
            payload: self.payload,
            qos: self.qos,
            retain: self.retain,
            origin: f(self.origin),
        }
    }
}

/// What the application asks of the connection.
#[derive(Debug, Clone)]
pub enum Command {
    /// Boxed: the settings are large and rare, publishes small and many.
    Connect(Box<ConnectConfig>),
    Disconnect,
    Publish(PublishRequest),
    /// While waiting to reconnect: try now ("Try now" on the pill) instead of waiting out the backoff.
    RetryNow,
    /// Keep these history records (a JSON array of `domain::history::Record`) in the browser's database,
    /// merged with what it holds, then prune it to `bound` orders: written where the engine runs (its
    /// worker), so a flood's writes cost the page's frames nothing. Answered by `HistoryKept`.
    KeepHistory {
        batch: u64,
        records: String,
        bound: u32,
    },
}

/// What the application hears back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    State(ConnState),
    Subscribed {
        filter: String,
    },
    SubscriptionRefused {
        filter: String,
        reason: Reason,
    },
    /// An incoming message, already read (validation happens once, in the engine).
    Inbound(Inbound),
    Delivery {
        origin: Origin,
        outcome: Delivery,
    },
    /// With "auto", the version a broker URL turned out to speak: worth remembering.
    VersionLearned {
        url: String,
        version: ProtocolVersion,
    },
    /// A `KeepHistory` batch was written (`problem: None`) or not (the database's words).
    HistoryKept {
        batch: u64,
        problem: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::wire::{decode_commands, decode_events, encode_commands, encode_events};

    #[test]
    fn a_publish_crosses_with_its_payload_origin_qos_and_retain_flag() {
        let publish = Command::Publish(PublishRequest {
            topic: "restaurant/orders".into(),
            payload: vec![0xff, 0x00, b'{'],
            qos: QosLevel::ExactlyOnce,
            retain: true,
            origin: Origin::KitchenStatus(7),
        });
        // Commands of one task cross as one message.
        let commands = decode_commands(&encode_commands(&[publish, Command::Disconnect])).unwrap();
        let [Command::Publish(PublishRequest {
            payload,
            qos,
            origin,
            retain,
            topic,
        }), Command::Disconnect] = &commands[..]
        else {
            panic!("not a publish and a disconnect: {commands:?}");
        };
        assert_eq!(
            (topic.as_str(), payload),
            ("restaurant/orders", &vec![0xff, 0x00, b'{'])
        );
        assert_eq!(
            (*qos, *origin, *retain),
            (QosLevel::ExactlyOnce, Origin::KitchenStatus(7), true)
        );
    }

    #[test]
    fn connect_settings_cross_whole() {
        let config = ConnectConfig {
            urls: vec!["ws://a:9001".into(), "wss://b/mqtt".into()],
            orders_topic: "restaurant/orders".into(),
            filters: vec![
                "restaurant/orders".into(),
                "restaurant/orders/+/status".into(),
            ],
            forget: vec!["old/topic".into()],
            auto_version: true,
            known_versions: HashMap::from([("ws://a:9001".to_owned(), ProtocolVersion::V3_1_1)]),
            settings: SessionSettings {
                client_id: "board-1".into(),
                presence: Some(crate::mqtt::session::Presence {
                    topic: "restaurant/boards/board-1".into(),
                    online: b"{\"status\":\"online\"}".to_vec(),
                    offline: b"{\"status\":\"offline\"}".to_vec(),
                }),
                username: Some("kitchen".into()),
                password: None,
                keepalive_secs: 45,
                clean_session: false,
                version: ProtocolVersion::V5,
            },
            read_only: true,
        };
        let connect = [Command::Connect(Box::new(config.clone()))];
        let commands = decode_commands(&encode_commands(&connect)).unwrap();
        let [Command::Connect(back)] = &commands[..] else {
            panic!("not a connect");
        };
        assert_eq!(**back, config);
    }

    #[test]
    fn a_batch_of_every_kind_of_event_crosses_unchanged() {
        let order = crate::domain::order::decode(
            br#"{"order_id":"ORD-001","customer_name":"Zo\u00eb","items":[{"name":"Cola","quantity":2,"price":2.5}],"total_amount":5.0,"special_instructions":"no ice"}"#,
        )
        .unwrap();
        let batch = vec![
            ClientEvent::State(ConnState::Offline),
            ClientEvent::State(ConnState::Connecting { attempt: 1 }),
            ClientEvent::State(ConnState::Connected {
                to: "a:9001".into(),
                node: 2,
                nodes: 3,
            }),
            ClientEvent::State(ConnState::Reconnecting {
                attempt: 4,
                delay_ms: 1500,
                reason: Reason::about(Why::Lost, "1006"),
            }),
            ClientEvent::State(ConnState::Refused {
                reason: Reason::new(Why::BadCredentials),
                delay_ms: 750,
            }),
            ClientEvent::State(ConnState::Failed {
                reason: Reason::about(Why::NoHost, "ws://"),
            }),
            ClientEvent::Subscribed { filter: "t".into() },
            ClientEvent::SubscriptionRefused {
                filter: "t".into(),
                reason: Reason::new(Why::SubscriptionRefused),
            },
            ClientEvent::Inbound(Inbound::Order {
                topic: "t".into(),
                order: Box::new(order),
            }),
            ClientEvent::Inbound(Inbound::Status {
                topic: "t/ORD-001/status".into(),
                update: crate::domain::ticket::StatusUpdate::new(
                    "ORD-001",
                    crate::domain::ticket::Status::Ready,
                    0,
                    "b",
                ),
            }),
            ClientEvent::Inbound(Inbound::Cleared {
                topic: "t/x/status".into(),
            }),
            ClientEvent::Inbound(Inbound::Rejected {
                topic: "t".into(),
                reason: crate::domain::inbound::RejectReason::Order(
                    crate::domain::order::OrderError::NotJson("cut off".into()),
                ),
                excerpt: "{x".into(),
            }),
            ClientEvent::Delivery {
                origin: Origin::OrderForm(3),
                outcome: Delivery::Failed(Reason::about(Why::PublishRefused, "QuotaExceeded")),
            },
            ClientEvent::Delivery {
                origin: Origin::RetainedCleanup(u64::MAX),
                outcome: Delivery::Acknowledged,
            },
            ClientEvent::VersionLearned {
                url: "ws://a:9001".into(),
                version: ProtocolVersion::V3_1_1,
            },
        ];
        assert_eq!(decode_events(&encode_events(&batch)).unwrap(), batch);
    }

    #[test]
    fn cut_or_padded_bytes_are_an_error_not_a_panic() {
        let bytes = encode_events(&[ClientEvent::Subscribed {
            filter: "restaurant/orders".into(),
        }]);
        for cut in 0..bytes.len() {
            assert!(decode_events(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(decode_events(&padded).is_err());
    }

    fn text(t: &str) -> String {
        t.to_owned()
    }

    #[test]
    fn every_kind_of_link_reason_crosses_the_boundary_as_the_same_value() {
        let events: Vec<ClientEvent> = Why::ALL
            .iter()
            .map(|why| {
                let reason = Reason::about(*why, format!("{why:?}")).detail("détail");
                ClientEvent::State(ConnState::Failed { reason })
            })
            .collect();
        assert_eq!(decode_events(&encode_events(&events)).unwrap(), events);
    }

    #[test]
    fn every_kind_of_rejection_crosses_the_boundary_as_the_same_value() {
        use crate::domain::inbound::RejectReason;
        use crate::domain::money::{Cents, MoneyError};
        use crate::domain::order::{Field, OrderError};
        use crate::domain::ticket::StatusError;
        let rejections = [
            RejectReason::Order(OrderError::TooLarge { bytes: 70_000 }),
            RejectReason::Order(OrderError::NotUtf8 { valid_up_to: 3 }),
            RejectReason::Order(OrderError::WrongShape(text("a list"))),
            RejectReason::Order(OrderError::MissingField(Field::ItemPrice)),
            RejectReason::Order(OrderError::BlankOrderId),
            RejectReason::Order(OrderError::BlankCustomer),
            RejectReason::Order(OrderError::FieldTooLong {
                field: Field::SpecialInstructions,
                max_chars: 500,
            }),
            RejectReason::Order(OrderError::NoItems),
            RejectReason::Order(OrderError::TooManyItems { count: 201 }),
            RejectReason::Order(OrderError::BlankItemName { position: 2 }),
            RejectReason::Order(OrderError::BadQuantity {
                item: text("Tea"),
                quantity: -1,
            }),
            RejectReason::Order(OrderError::BadPrice {
                item: text("Tea"),
                problem: MoneyError::NotFinite,
            }),
            RejectReason::Order(OrderError::BadTotal(MoneyError::TooLarge)),
            RejectReason::Order(OrderError::TotalMismatch {
                stated: Cents(500),
                computed: Cents(450),
            }),
            RejectReason::Order(OrderError::BadTimestamp(text("yesterday"))),
            RejectReason::Status(StatusError::NotValid(text("cut off"))),
            RejectReason::Status(StatusError::EmptyOrderId),
            RejectReason::Status(StatusError::BadTime(text("noon"))),
            RejectReason::MenuNotText,
            RejectReason::NotACounterLetter,
            RejectReason::ReusedId {
                order_id: text("ORD-1"),
                kept_for: text("Ada"),
                this_for: text("Grace"),
            },
        ];
        let events: Vec<ClientEvent> = rejections
            .into_iter()
            .map(|reason| {
                ClientEvent::Inbound(Inbound::Rejected {
                    topic: text("t"),
                    reason,
                    excerpt: text("{"),
                })
            })
            .collect();
        assert_eq!(decode_events(&encode_events(&events)).unwrap(), events);
    }
}
