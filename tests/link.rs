//! The link's decisions, natively: which broker and when, what the cook is told, and what waits in the outbox in
//! which order — driven with byte fixtures from the broker, the time and the socket's buffer as inputs.
#![cfg(not(target_arch = "wasm32"))]

use order_board::domain::inbound::Inbound;
use order_board::mqtt::boundary::{ClientEvent, Command, ConnectConfig, Origin, PublishRequest};
use order_board::mqtt::link::{Effect, Input, Link, HIGH_WATER_BYTES};
use order_board::mqtt::reason::{Reason, Why};
use order_board::mqtt::{ConnState, Delivery, ProtocolVersion, QosLevel, SessionSettings};
use std::collections::HashMap;

const TOPIC: &str = "restaurant/orders";
const CONNACK_V311: &[u8] = &[0x20, 0x02, 0x00, 0x00]; // CONNACK, no session, accepted
#[rustfmt::skip]
const CONNACK_V5_RECEIVE_MAXIMUM_2: &[u8] = &[
    0x20, 0x06,       // CONNACK, remaining length 6
    0x00, 0x00,       // no session present, reason: success
    0x03,             // properties length 3
    0x21, 0x00, 0x02, // Receive Maximum 2
];

fn config(urls: &[&str], version: ProtocolVersion, auto_version: bool) -> Box<ConnectConfig> {
    Box::new(ConnectConfig {
        urls: urls.iter().map(|u| u.to_string()).collect(),
        orders_topic: TOPIC.into(),
        filters: vec![TOPIC.into()],
        forget: vec![],
        auto_version,
        known_versions: HashMap::new(),
        settings: SessionSettings {
            client_id: "board-1".into(),
            version,
            ..SessionSettings::default()
        },
        read_only: false,
    })
}

fn publish(n: u64, qos: QosLevel) -> Input {
    Input::Command(Command::Publish(PublishRequest {
        topic: TOPIC.into(),
        payload: format!("order {n}").into_bytes(),
        qos,
        retain: false,
        origin: Origin::Generator(n),
    }))
}

/// A link and a clock; every step at `now`, with an empty socket buffer unless said otherwise.
struct World {
    link: Link,
    now: f64,
}

impl World {
    fn new() -> World {
        World {
            link: Link::new(7),
            now: 1_000_000.0,
        }
    }

    fn step(&mut self, input: Input) -> Vec<Effect> {
        self.link.step(input, self.now, 0)
    }

    /// Connects to the first node and has the broker accept with `connack`.
    fn connected(&mut self, version: ProtocolVersion, connack: &[u8]) -> Vec<Effect> {
        self.step(Input::Command(Command::Connect(config(
            &["ws://a:9001"],
            version,
            false,
        ))));
        self.step(Input::Opened);
        self.step(Input::Bytes(connack.to_vec()))
    }
}

fn opened_urls(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Open(url) => Some(url.clone()),
            _ => None,
        })
        .collect()
}

fn states(effects: &[Effect]) -> Vec<ConnState> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Event(ClientEvent::State(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// The payloads of the PUBLISH packets sent, in order (QoS 1: topic, packet id, then the payload).
fn published_payloads(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(bytes) if bytes[0] & 0xf0 == 0x30 => {
                let text = String::from_utf8_lossy(bytes);
                text.find("order ").map(|at| text[at..].to_owned())
            }
            _ => None,
        })
        .collect()
}

/// The packet ids of the QoS 1 PUBLISH packets sent (after the topic; the subscription took id 1).
fn packet_ids(effects: &[Effect]) -> Vec<u16> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(bytes) if bytes[0] & 0xf6 == 0x32 => {
                let at = 2 + 2 + TOPIC.len(); // fixed header (short remaining length), topic length, topic
                Some(u16::from_be_bytes([bytes[at], bytes[at + 1]]))
            }
            _ => None,
        })
        .collect()
}

/// A v5 PUBACK (success) for `pid`.
fn puback(pid: u16) -> Input {
    let [hi, lo] = pid.to_be_bytes();
    Input::Bytes(vec![0x40, 0x02, hi, lo])
}

#[test]
fn a_connect_opens_the_first_broker_and_says_it_is_connecting() {
    let mut w = World::new();
    let effects = w.step(Input::Command(Command::Connect(config(
        &["ws://a:9001", "ws://b:9001"],
        ProtocolVersion::V3_1_1,
        false,
    ))));
    assert_eq!(opened_urls(&effects), ["ws://a:9001"]);
    assert_eq!(states(&effects), [ConnState::Connecting { attempt: 1 }]);
}

#[test]
fn an_unreachable_node_is_explained_and_the_next_attempt_goes_to_the_next_node() {
    let mut w = World::new();
    w.step(Input::Command(Command::Connect(config(
        &["ws://a:9001", "ws://b:9001"],
        ProtocolVersion::V3_1_1,
        false,
    ))));
    let effects = w.step(Input::Closed { code: 1006 });
    let [ConnState::Reconnecting {
        attempt: 1,
        delay_ms,
        reason,
    }] = &states(&effects)[..]
    else {
        panic!("{effects:?}");
    };
    assert_eq!(reason, &Reason::about(Why::Unreachable, "ws://a:9001"));
    assert!(effects.contains(&Effect::RetryIn(*delay_ms)));
    let effects = w.step(Input::Retry);
    assert_eq!(opened_urls(&effects), ["ws://b:9001"]);
}

#[test]
fn try_now_while_waiting_to_reconnect_dials_at_once_and_does_nothing_otherwise() {
    let mut w = World::new();
    w.step(Input::Command(Command::Connect(config(
        &["ws://a:9001", "ws://b:9001"],
        ProtocolVersion::V3_1_1,
        false,
    ))));
    // Still opening: nothing to hurry.
    assert!(opened_urls(&w.step(Input::Command(Command::RetryNow))).is_empty());
    w.step(Input::Closed { code: 1006 });
    let effects = w.step(Input::Command(Command::RetryNow));
    assert!(effects.contains(&Effect::CancelRetry), "{effects:?}");
    assert_eq!(opened_urls(&effects), ["ws://b:9001"]);
}

#[test]
fn publishes_before_the_connack_wait_in_order_and_go_out_in_that_order() {
    let mut w = World::new();
    w.step(Input::Command(Command::Connect(config(
        &["ws://a:9001"],
        ProtocolVersion::V3_1_1,
        false,
    ))));
    for n in 1..=3 {
        let effects = w.step(publish(n, QosLevel::AtLeastOnce));
        assert!(effects.contains(&Effect::Event(ClientEvent::Delivery {
            origin: Origin::Generator(n),
            outcome: Delivery::Queued,
        })));
    }
    w.step(Input::Opened);
    let effects = w.step(Input::Bytes(CONNACK_V311.to_vec()));
    assert_eq!(
        published_payloads(&effects),
        ["order 1", "order 2", "order 3"]
    );
}

#[test]
fn a_broker_granting_two_in_flight_gets_two_and_each_acknowledgement_lets_one_more_go() {
    let mut w = World::new();
    w.connected(ProtocolVersion::V5, CONNACK_V5_RECEIVE_MAXIMUM_2);
    let mut sent = Vec::new();
    let mut ids = Vec::new();
    for n in 1..=4 {
        let effects = w.step(publish(n, QosLevel::AtLeastOnce));
        sent.extend(published_payloads(&effects));
        ids.extend(packet_ids(&effects));
    }
    assert_eq!(
        sent,
        ["order 1", "order 2"],
        "only the granted two in flight"
    );
    let effects = w.step(puback(ids[0]));
    assert!(effects.contains(&Effect::Event(ClientEvent::Delivery {
        origin: Origin::Generator(1),
        outcome: Delivery::Acknowledged,
    })));
    assert_eq!(published_payloads(&effects), ["order 3"]);
    assert!(
        !effects.contains(&Effect::Close),
        "a full window is a reason to wait"
    );
}

#[test]
fn after_a_drop_the_unacknowledged_go_again_first_in_their_order_then_the_outbox() {
    let mut w = World::new();
    w.connected(ProtocolVersion::V5, CONNACK_V5_RECEIVE_MAXIMUM_2);
    for n in 1..=3 {
        w.step(publish(n, QosLevel::AtLeastOnce));
    }
    let effects = w.step(Input::Closed { code: 1006 });
    assert!(matches!(
        &states(&effects)[..],
        [ConnState::Reconnecting { reason, .. }] if *reason == Reason::about(Why::Lost, "1006")
    ));
    w.step(Input::Retry);
    w.step(Input::Opened);
    let effects = w.step(Input::Bytes(CONNACK_V5_RECEIVE_MAXIMUM_2.to_vec()));
    assert_eq!(published_payloads(&effects), ["order 1", "order 2"]);
    let effects = w.step(puback(packet_ids(&effects)[0]));
    assert_eq!(published_payloads(&effects), ["order 3"]);
}

#[test]
fn a_full_socket_buffer_holds_publishes_back_until_it_drains() {
    let mut w = World::new();
    w.connected(ProtocolVersion::V3_1_1, CONNACK_V311);
    let effects = w.link.step(
        publish(1, QosLevel::AtMostOnce),
        w.now,
        HIGH_WATER_BYTES + 1,
    );
    assert!(effects.contains(&Effect::DrainLater));
    assert!(published_payloads(&effects).is_empty());
    let effects = w.step(Input::Drain);
    assert_eq!(published_payloads(&effects), ["order 1"]);
}

#[test]
fn a_connection_that_dies_at_once_keeps_counting_attempts_and_one_that_lasted_starts_over() {
    let mut w = World::new();
    w.connected(ProtocolVersion::V3_1_1, CONNACK_V311);
    // Accepted, then dropped within a second, three times: attempts go on counting, delays grow.
    let mut attempts = Vec::new();
    for _ in 0..3 {
        w.now += 500.0;
        let effects = w.step(Input::Closed { code: 1006 });
        if let [ConnState::Reconnecting { attempt, .. }] = &states(&effects)[..] {
            attempts.push(*attempt);
        }
        w.step(Input::Retry);
        w.step(Input::Opened);
        w.step(Input::Bytes(CONNACK_V311.to_vec()));
    }
    assert_eq!(attempts, [1, 2, 3]);
    // This one stays up for a minute: the next loss starts the schedule over.
    w.now += 60_000.0;
    let effects = w.step(Input::Closed { code: 1006 });
    assert!(
        matches!(
            &states(&effects)[..],
            [ConnState::Reconnecting { attempt: 0, .. }]
        ),
        "{effects:?}"
    );
}

#[test]
fn with_auto_a_broker_that_turns_mqtt5_away_is_remembered_and_dialled_again_with_3_1_1_at_once() {
    let mut w = World::new();
    w.step(Input::Command(Command::Connect(config(
        &["ws://a:9001"],
        ProtocolVersion::V5,
        true,
    ))));
    w.step(Input::Opened);
    // The broker closes the socket without a CONNACK.
    let effects = w.step(Input::Closed { code: 1000 });
    assert!(
        effects.contains(&Effect::Event(ClientEvent::VersionLearned {
            url: "ws://a:9001".into(),
            version: ProtocolVersion::V3_1_1,
        }))
    );
    assert_eq!(opened_urls(&effects), ["ws://a:9001"], "no backoff wait");
    w.step(Input::Opened);
    let effects = w.step(Input::Bytes(CONNACK_V311.to_vec()));
    assert!(matches!(
        &states(&effects)[..],
        [ConnState::Connected { to, .. }] if to == "a:9001"
    ));
}

#[test]
fn without_auto_a_broker_without_mqtt5_is_said_in_words() {
    let mut w = World::new();
    w.step(Input::Command(Command::Connect(config(
        &["ws://a:9001"],
        ProtocolVersion::V5,
        false,
    ))));
    w.step(Input::Opened);
    let effects = w.step(Input::Closed { code: 1000 });
    assert!(matches!(
        &states(&effects)[..],
        [ConnState::Reconnecting { reason, .. }] if reason.why == Why::NoMqtt5
    ));
}

#[test]
fn a_malformed_url_fails_once_with_a_sentence_and_is_not_retried() {
    let mut w = World::new();
    let effects = w.step(Input::Command(Command::Connect(config(
        &["mqtt://a:1883"],
        ProtocolVersion::V3_1_1,
        false,
    ))));
    assert!(opened_urls(&effects).is_empty());
    assert!(
        matches!(&states(&effects)[..], [ConnState::Failed { reason }] if *reason == Reason::about(Why::NotWebSocketUrl, "mqtt://a:1883"))
    );
    assert!(w.step(Input::Retry).is_empty());
}

#[test]
fn disconnect_closes_the_socket_says_offline_and_ignores_the_late_close() {
    let mut w = World::new();
    w.connected(ProtocolVersion::V3_1_1, CONNACK_V311);
    let effects = w.step(Input::Command(Command::Disconnect));
    assert!(effects.contains(&Effect::Close));
    assert_eq!(states(&effects), [ConnState::Offline]);
    assert!(w.step(Input::Closed { code: 1000 }).is_empty());
}

#[test]
fn an_incoming_order_arrives_decoded_once_here() {
    let mut w = World::new();
    w.connected(ProtocolVersion::V3_1_1, CONNACK_V311);
    // Short enough for a one-byte remaining length (under 128).
    let order = br#"{"order_id":"ORD-1","customer_name":"A","items":[{"name":"C","quantity":1,"price":2.5}],"total_amount":2.5}"#;
    assert!(2 + TOPIC.len() + order.len() < 128);
    let mut packet = vec![
        0x30,
        (2 + TOPIC.len() + order.len()) as u8,
        0x00,
        TOPIC.len() as u8,
    ]; // PUBLISH QoS 0
    packet.extend_from_slice(TOPIC.as_bytes());
    packet.extend_from_slice(order);
    let effects = w.step(Input::Bytes(packet));
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Event(ClientEvent::Inbound(Inbound::Order { order, .. })) if order.order_id == "ORD-1"
    )));
}

#[test]
fn a_read_only_screen_sends_no_presence_and_refuses_every_publish_in_words() {
    let mut w = World::new();
    // Asked before the connect: refused once the connect says the screen only shows.
    w.step(publish(1, QosLevel::AtLeastOnce));
    let mut read_only = config(&["ws://a:9001"], ProtocolVersion::V3_1_1, false);
    read_only.read_only = true;
    read_only.settings.presence = Some(order_board::mqtt::session::Presence {
        topic: "restaurant/boards/board-1".into(),
        online: b"online".to_vec(),
        offline: b"offline".to_vec(),
    });
    let refused = w.step(Input::Command(Command::Connect(read_only)));
    let mut effects = w.step(Input::Opened);
    let connect = effects
        .iter()
        .find_map(|e| match e {
            Effect::Send(bytes) if bytes[0] == 0x10 => Some(bytes.clone()),
            _ => None,
        })
        .expect("a CONNECT");
    assert!(
        !String::from_utf8_lossy(&connect).contains("restaurant/boards"),
        "no will message in the CONNECT"
    );
    effects.extend(w.step(Input::Bytes(CONNACK_V311.to_vec())));
    let later = w.step(publish(2, QosLevel::AtLeastOnce));
    for (n, effects) in [(1, &refused), (2, &later)] {
        assert!(effects.contains(&Effect::Event(ClientEvent::Delivery {
            origin: Origin::Generator(n),
            outcome: Delivery::Failed(Reason::new(Why::ReadOnly)),
        })));
    }
    assert!(published_payloads(&effects).is_empty() && published_payloads(&later).is_empty());
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Send(b) if b[0] & 0xf0 == 0x30)),
        "no PUBLISH at all, not even presence"
    );
}
