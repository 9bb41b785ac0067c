//! Fuzzing every parser that sees untrusted bytes: the order decoder and the MQTT receive path.
//! Fixed seed, so a CI run is repeatable; `FUZZ_CASES` sets the inputs per target (default 20,000; the
//! long run in README uses 2,000,000). A crash found here becomes a regression test at the bottom.
#![cfg(not(target_arch = "wasm32"))]

use order_board::domain::generator::OrderGenerator;
use order_board::domain::order::{decode, Order, MAX_PAYLOAD_BYTES};
use order_board::mqtt::{Action, QosLevel, SessionSettings};
/// The session with numbers for tags, as a caller that counts its publishes.
type Session = order_board::mqtt::Session<u64>;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

fn runner() -> TestRunner {
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// Valid orders as our generator writes them, to mutate from.
fn seed_payloads() -> Vec<Vec<u8>> {
    let mut generator = OrderGenerator::new(1);
    (0..32)
        .map(|i| generator.next_order(i).to_json().into_bytes())
        .collect()
}

/// A valid order with bytes flipped, inserted, removed and spliced in: close enough to parse far.
fn mutated_order() -> impl Strategy<Value = Vec<u8>> {
    let seeds = seed_payloads();
    (
        0..seeds.len(),
        prop::collection::vec((any::<u16>(), any::<u8>(), 0u8..4), 1..8),
    )
        .prop_map(move |(which, edits)| {
            let mut bytes = seeds[which].clone();
            for (at, byte, kind) in edits {
                let at = usize::from(at) % (bytes.len() + 1);
                match kind {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    2 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => drop(bytes.splice(at..at, b"\"x\":-1e309,".iter().copied())),
                }
            }
            bytes
        })
}

/// JSON shaped like an order, with every field any JSON type, nested.
fn order_like_json() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
    ];
    let value = leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("name".to_owned()),
                    Just("quantity".to_owned()),
                    Just("price".to_owned()),
                    Just("modifiers".to_owned()),
                    Just("note".to_owned()),
                    ".{0,8}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    let keys = [
        "order_id",
        "customer_name",
        "items",
        "total_amount",
        "timestamp",
        "special_instructions",
        "order_type",
        "table",
        "guests",
        "priority",
        "due_at",
    ];
    prop::collection::vec(value, keys.len()).prop_map(move |values| {
        let object: serde_json::Map<String, serde_json::Value> =
            keys.iter().map(|k| (*k).to_owned()).zip(values).collect();
        serde_json::to_vec(&object).unwrap()
    })
}

/// Decoding never panics; whatever it accepts re-encodes to an order that decodes to itself.
fn check_decoder(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(order) = decode(bytes) {
        prop_assert!(bytes.len() <= MAX_PAYLOAD_BYTES);
        prop_assert_eq!(order.check(), Ok(()));
        let again = decode(order.to_json().as_bytes());
        // A detail left out for a warning is not written back, so its warning goes with it.
        let written = Order {
            warnings: Vec::new(),
            ..order
        };
        prop_assert_eq!(again.as_ref(), Ok(&written));
    }
    Ok(())
}

/// Part and status messages on their topics, mutated from valid ones: the board's merge never panics and
/// whatever decodes re-encodes to itself.
#[test]
fn part_and_status_messages_survive_mutation_and_reencode_to_themselves() {
    use order_board::domain::board::Board;
    use order_board::domain::inbound::{classify, Inbound};
    use order_board::domain::parts::PartUpdate;
    use order_board::domain::ticket::StatusUpdate;
    let seeds: Vec<(String, Vec<u8>)> = vec![
        (
            "restaurant/orders/A/parts/Drinks".into(),
            br#"{"order_id":"A","part":"Drinks","state":"preparing","lines":[1,2],"done":[2],"at":"2026-12-03T20:00:00.000Z","by":"board-1"}"#.to_vec(),
        ),
        (
            "restaurant/orders/A/status".into(),
            br#"{"order_id":"A","status":"ready","at":"2026-12-03T20:00:00.000Z","by":"b","parts":[{"part":"Pizza","state":"done","lines":[0],"done":[0],"at":"2026-12-03T20:00:00.000Z","by":"b"}]}"#.to_vec(),
        ),
    ];
    let strategy = (
        0..seeds.len(),
        prop::collection::vec((any::<usize>(), any::<u8>()), 0..8),
    );
    runner()
        .run(&strategy, |(which, edits)| {
            let (topic, mut bytes) = seeds[which].clone();
            for (at, byte) in edits {
                let at = at % (bytes.len() + 1);
                match byte % 3 {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => {}
                }
            }
            let inbound = classify("restaurant/orders", &topic, &bytes);
            match &inbound {
                Inbound::Part { update, .. } => {
                    prop_assert_eq!(
                        PartUpdate::decode(update.to_json().as_bytes()),
                        Ok(update.clone())
                    );
                }
                Inbound::Status { update, .. } => {
                    let again = StatusUpdate::decode(update.to_json().as_bytes()).unwrap();
                    prop_assert_eq!(again.parts, update.parts.clone());
                }
                _ => {}
            }
            let mut board = Board::default();
            board.ingest([inbound], 0);
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_order_decoder_survives_arbitrary_bytes() {
    runner()
        .run(&prop::collection::vec(any::<u8>(), 0..2048), |b| {
            check_decoder(&b)
        })
        .unwrap();
}

#[test]
fn the_order_decoder_survives_mutated_orders() {
    runner()
        .run(&mutated_order(), |b| check_decoder(&b))
        .unwrap();
}

#[test]
fn the_order_decoder_survives_order_shaped_json_of_any_types() {
    runner()
        .run(&order_like_json(), |b| check_decoder(&b))
        .unwrap();
}

/// A connected session fed arbitrary bytes in arbitrary WebSocket-message splits never panics, and after
/// it asks to close, it can be closed and connected again.
#[test]
fn the_mqtt_receive_path_survives_arbitrary_frames_split_anywhere() {
    let stream = prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 1..8);
    runner()
        .run(&stream, |messages| {
            let mut session = Session::new(SessionSettings {
                client_id: "fuzz".into(),
                ..SessionSettings::default()
            });
            session.subscribe("restaurant/orders", QosLevel::AtLeastOnce);
            session.opened();
            session.received(&[0x20, 0x02, 0x00, 0x00]); // CONNACK accepted
            for message in &messages {
                let actions = session.received(message);
                if actions.iter().any(|a| matches!(a, Action::Close { .. })) {
                    session.closed();
                    session.opened();
                    session.received(&[0x20, 0x02, 0x00, 0x00]);
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Valid PUBLISH packets with truncated, oversized or corrupted remaining lengths.
#[test]
fn the_mqtt_receive_path_survives_broken_publish_lengths() {
    let broken = (
        any::<u8>(),
        prop::collection::vec(any::<u8>(), 0..64),
        0usize..70,
    );
    runner()
        .run(&broken, |(length_byte, body, cut)| {
            let mut session = Session::new(SessionSettings::default());
            session.opened();
            session.received(&[0x20, 0x02, 0x00, 0x00]);
            let mut packet = vec![0x30, length_byte, 0x00, 0x01, b't'];
            packet.extend(&body);
            let cut = cut.min(packet.len());
            session.received(&packet[..cut]);
            session.received(&packet[cut..]);
            Ok(())
        })
        .unwrap();
}

// Regression tests for inputs the fuzzers found go here, one per crash, with the bytes that caused it.
