//! The one typed boundary between the page and the connection engine: `Command` in, `ClientEvent` out, both
//! serde types, since the engine runs in a Web Worker and they cross it as JSON (one message per batch).

use super::session::{Delivery, ProtocolVersion, QosLevel, SessionSettings};
use super::ConnState;
use crate::domain::inbound::Inbound;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where and how to connect, and what to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// Who asked for a publish: its outcome goes back to exactly that owner, and each owner numbers its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    /// An order placed with the form (or from the outbox after a reload), by its outbox number.
    OrderForm(u64),
    /// An order of a generator run, by its number among the generator's publishes.
    Generator(u64),
    /// A kitchen status change: bump, cancel, recall.
    KitchenStatus(u64),
    /// Deleting a retained status nobody needs any more.
    RetainedCleanup(u64),
}

/// What the application asks of the connection.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Command {
    /// Boxed: the settings are large and rare, publishes small and many.
    Connect(Box<ConnectConfig>),
    Disconnect,
    Publish {
        topic: String,
        /// Our payloads are JSON text (or empty): carried as a string, not an array of numbers.
        #[serde(with = "text_bytes")]
        payload: Vec<u8>,
        qos: QosLevel,
        retain: bool,
        origin: Origin,
    },
}

/// What the application hears back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientEvent {
    State(ConnState),
    Subscribed {
        filter: String,
    },
    SubscriptionRefused {
        filter: String,
        reason: String,
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
}

/// Said when a broker closes an MQTT 5 CONNECT without a CONNACK (or says it does not speak 5).
pub const NO_MQTT5: &str =
    "this broker does not speak MQTT 5 — choose 3.1.1 (or auto) in the connection settings";

/// Bytes as a JSON string: every payload we publish is JSON text (or empty). An untagged "text or numbers"
/// enum would keep arbitrary bytes too, at a cost of ~KBs of wasm for a case that never occurs.
mod text_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&String::from_utf8_lossy(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        Ok(String::deserialize(d)?.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(command: &Command) -> Command {
        serde_json::from_str(&serde_json::to_string(command).unwrap()).unwrap()
    }

    #[test]
    fn a_publish_crosses_with_its_text_payload_origin_and_qos() {
        let publish = Command::Publish {
            topic: "restaurant/orders".into(),
            payload: br#"{"order_id":"A"}"#.to_vec(),
            qos: QosLevel::ExactlyOnce,
            retain: true,
            origin: Origin::KitchenStatus(7),
        };
        let text = serde_json::to_string(&publish).unwrap();
        assert!(
            text.contains(r#""payload":"{\"order_id\":\"A\"}""#),
            "{text}"
        );
        let Command::Publish {
            payload,
            qos,
            origin,
            retain,
            ..
        } = round_trip(&publish)
        else {
            panic!("not a publish");
        };
        assert_eq!(payload, br#"{"order_id":"A"}"#);
        assert_eq!(
            (qos, origin, retain),
            (QosLevel::ExactlyOnce, Origin::KitchenStatus(7), true)
        );
    }

    #[test]
    fn events_cross_as_one_batch() {
        let batch = vec![
            ClientEvent::State(ConnState::Connecting { attempt: 1 }),
            ClientEvent::Delivery {
                origin: Origin::OrderForm(3),
                outcome: Delivery::Failed("the broker refused it".into()),
            },
        ];
        let text = serde_json::to_string(&batch).unwrap();
        assert_eq!(
            serde_json::from_str::<Vec<ClientEvent>>(&text).unwrap(),
            batch
        );
    }
}
