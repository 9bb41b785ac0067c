//! Session scenarios driven by byte fixtures: what the board sends and how it reads what the broker says.
#![cfg(not(target_arch = "wasm32"))]

use mqtt_protocol_core::mqtt::connection::TimerKind;
use order_board::mqtt::reason::{Reason, Why};
use order_board::mqtt::session::Presence;
use order_board::mqtt::{Action, Delivery, ProtocolVersion, QosLevel, SessionSettings};
/// The session with numbers for tags, as a caller that counts its publishes.
type Session = order_board::mqtt::Session<u64>;

const TOPIC: &str = "restaurant/orders";

fn settings() -> SessionSettings {
    SessionSettings {
        client_id: "board-1".into(),
        keepalive_secs: 30,
        ..SessionSettings::default()
    }
}

fn sent(actions: &[Action]) -> Vec<Vec<u8>> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(bytes) => Some(bytes.clone()),
            _ => None,
        })
        .collect()
}

#[rustfmt::skip]
const CONNECT_V311: &[u8] = &[
    0x10, 0x13,                         // CONNECT, remaining length 19
    0x00, 0x04, b'M', b'Q', b'T', b'T', // protocol name
    0x04,                               // protocol level 4 = MQTT 3.1.1
    0x02,                               // flags: clean session
    0x00, 0x1E,                         // keepalive 30 s
    0x00, 0x07, b'b', b'o', b'a', b'r', b'd', b'-', b'1', // client id "board-1"
];

const CONNACK_ACCEPTED: &[u8] = &[0x20, 0x02, 0x00, 0x00]; // CONNACK, no session, return code 0
const CONNACK_BAD_CREDENTIALS: &[u8] = &[0x20, 0x02, 0x00, 0x04]; // return code 4

#[rustfmt::skip]
fn subscribe_fixture(pid: u8) -> Vec<u8> {
    let mut v = vec![
        0x82, 0x16,       // SUBSCRIBE (flags 0b0010), remaining length 22
        0x00, pid,        // packet id
        0x00, 0x11,       // filter length 17
    ];
    v.extend_from_slice(TOPIC.as_bytes());
    v.push(0x01); // requested QoS 1
    v
}

#[rustfmt::skip]
fn publish_qos0(payload: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0x30, (2 + TOPIC.len() + payload.len()) as u8, // PUBLISH QoS 0, remaining length
        0x00, TOPIC.len() as u8,                       // topic length
    ];
    v.extend_from_slice(TOPIC.as_bytes());
    v.extend_from_slice(payload);
    v
}

/// A session that has said CONNECT and been accepted, subscribed to the orders topic.
fn connected_session() -> Session {
    let mut session = Session::new(settings());
    session.subscribe(TOPIC, QosLevel::AtLeastOnce);
    session.opened();
    let actions = session.received(CONNACK_ACCEPTED);
    assert!(actions.contains(&Action::Connected {
        session_present: false
    }));
    let actions = session.received(&[0x90, 0x03, 0x00, 0x01, 0x01]); // SUBACK pid 1, granted QoS 1
    assert!(actions.contains(&Action::Subscribed {
        filter: TOPIC.into()
    }));
    session
}

#[test]
fn opening_the_socket_sends_the_exact_connect_packet() {
    let mut session = Session::new(settings());
    assert_eq!(sent(&session.opened()), vec![CONNECT_V311.to_vec()]);
}

#[test]
fn an_accepted_connack_subscribes_to_every_remembered_filter_before_anything_is_published() {
    let mut session = Session::new(settings());
    assert!(
        session.subscribe(TOPIC, QosLevel::AtLeastOnce).is_empty(),
        "nothing sent before CONNACK"
    );
    session.opened();
    let actions = session.received(CONNACK_ACCEPTED);
    assert_eq!(
        actions,
        vec![
            Action::Send(subscribe_fixture(1)),
            // Any packet sent restarts the keepalive countdown.
            Action::StartTimer {
                kind: TimerKind::PingreqSend,
                ms: 30_000
            },
            Action::Connected {
                session_present: false
            }
        ]
    );
    assert!(session.is_connected());
}

#[test]
fn a_refused_connack_is_reported_in_words_and_closes() {
    let mut session = Session::new(settings());
    session.opened();
    let actions = session.received(CONNACK_BAD_CREDENTIALS);
    assert!(actions.contains(&Action::Refused {
        reason: Reason::new(Why::BadCredentials)
    }));
    assert!(actions.iter().any(|a| matches!(a, Action::Close { .. })));
    assert!(!session.is_connected());
}

#[test]
fn a_suback_failure_names_the_refused_filter() {
    let mut session = Session::new(settings());
    session.subscribe(TOPIC, QosLevel::AtLeastOnce);
    session.opened();
    session.received(CONNACK_ACCEPTED);
    let actions = session.received(&[0x90, 0x03, 0x00, 0x01, 0x80]); // SUBACK pid 1, failure
    assert!(
        matches!(&actions[..], [Action::SubscriptionRefused { filter, .. }] if filter == TOPIC)
    );
}

#[test]
fn two_packets_in_one_websocket_message_are_both_read() {
    let mut session = connected_session();
    let mut bytes = publish_qos0(b"first");
    bytes.extend(publish_qos0(b"second"));
    let payloads: Vec<Vec<u8>> = session
        .received(&bytes)
        .into_iter()
        .filter_map(|a| match a {
            Action::Message { payload, .. } => Some(payload),
            _ => None,
        })
        .collect();
    assert_eq!(payloads, vec![b"first".to_vec(), b"second".to_vec()]);
}

#[test]
fn a_packet_split_across_websocket_messages_is_reassembled() {
    let mut session = connected_session();
    let bytes = publish_qos0(b"split-payload");
    assert!(session.received(&bytes[..7]).is_empty());
    let actions = session.received(&bytes[7..]);
    assert_eq!(
        actions,
        vec![Action::Message {
            topic: TOPIC.into(),
            payload: b"split-payload".to_vec()
        }]
    );
}

#[test]
fn a_qos1_publish_is_sent_then_acknowledged_by_puback() {
    let mut session = connected_session();
    let actions = session.publish(TOPIC, b"{}".to_vec(), QosLevel::AtLeastOnce, 77);
    let packet = &sent(&actions)[0];
    assert_eq!(packet[0], 0x32, "PUBLISH with QoS 1");
    let pid = &packet[4 + TOPIC.len()..6 + TOPIC.len()];
    assert!(actions.contains(&Action::Delivery {
        tag: 77,
        outcome: Delivery::Sent
    }));
    let acked = session.received(&[0x40, 0x02, pid[0], pid[1]]); // PUBACK for that packet id
    assert_eq!(
        acked,
        vec![Action::Delivery {
            tag: 77,
            outcome: Delivery::Acknowledged
        }]
    );
}

#[test]
fn a_publish_while_disconnected_fails_visibly() {
    let mut session = Session::new(settings());
    let actions = session.publish(TOPIC, b"{}".to_vec(), QosLevel::AtLeastOnce, 5);
    assert_eq!(
        actions,
        vec![Action::Delivery {
            tag: 5,
            outcome: Delivery::Failed(Reason::new(Why::NotConnected))
        }]
    );
}

#[test]
fn losing_the_connection_hands_back_every_unacknowledged_publish_in_order() {
    let mut session = connected_session();
    session.publish(TOPIC, b"a".to_vec(), QosLevel::AtLeastOnce, 1);
    session.publish(TOPIC, b"b".to_vec(), QosLevel::AtLeastOnce, 2);
    session.publish(TOPIC, b"c".to_vec(), QosLevel::AtLeastOnce, 3);
    assert_eq!(session.in_flight(), 3);
    let interrupted: Vec<u64> = session
        .closed()
        .into_iter()
        .filter_map(|a| match a {
            Action::Interrupted { tag } => Some(tag),
            _ => None,
        })
        .collect();
    assert_eq!(interrupted, vec![1, 2, 3]);
    assert_eq!(session.in_flight(), 0);
}

#[test]
fn a_reconnect_resubscribes() {
    let mut session = connected_session();
    session.closed();
    session.opened();
    let actions = session.received(CONNACK_ACCEPTED);
    assert_eq!(sent(&actions).len(), 1);
    assert_eq!(
        sent(&actions)[0][0],
        0x82,
        "SUBSCRIBE again after reconnect"
    );
}

#[test]
fn the_keepalive_timer_sends_pingreq_and_a_missing_pingresp_closes() {
    let mut session = connected_session();
    let actions = session.timer_fired(TimerKind::PingreqSend);
    assert_eq!(sent(&actions), vec![vec![0xC0, 0x00]], "PINGREQ");
    assert!(actions.contains(&Action::StartTimer {
        kind: TimerKind::PingrespRecv,
        ms: 15_000
    }));
    let actions = session.timer_fired(TimerKind::PingrespRecv);
    assert!(actions.iter().any(|a| matches!(a, Action::Close { .. })));
}

#[test]
fn a_malformed_packet_from_the_broker_closes_instead_of_panicking() {
    let mut session = connected_session();
    // Remaining length with five continuation bytes: invalid in MQTT.
    let actions = session.received(&[0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
    assert!(
        actions.iter().any(|a| matches!(a, Action::Close { .. })),
        "{actions:?}"
    );
}

#[test]
fn mqtt5_connect_carries_protocol_level_5() {
    let mut session = Session::new(SessionSettings {
        version: ProtocolVersion::V5,
        ..settings()
    });
    let connect = &sent(&session.opened())[0];
    assert_eq!(connect[8], 0x05);
    let actions = session.received(&[0x20, 0x03, 0x00, 0x00, 0x00]); // v5 CONNACK, success, no properties
    assert!(actions.contains(&Action::Connected {
        session_present: false
    }));
}

#[test]
fn a_persistent_mqtt5_session_asks_the_broker_to_keep_it_for_a_day() {
    let mut session = Session::new(SessionSettings {
        version: ProtocolVersion::V5,
        clean_session: false,
        ..settings()
    });
    let connect = &sent(&session.opened())[0];
    assert_eq!(connect[9] & 0x02, 0, "clean start off");
    #[rustfmt::skip]
    let expiry_property = [
        0x11,                   // Session Expiry Interval
        0x00, 0x01, 0x51, 0x80, // 86400 seconds
    ];
    assert!(
        connect.windows(5).any(|w| w == expiry_property),
        "{connect:02x?}"
    );
}

#[test]
fn an_mqtt5_board_tells_the_broker_the_largest_packet_it_takes() {
    let mut session = Session::new(SessionSettings {
        version: ProtocolVersion::V5,
        ..settings()
    });
    let connect = &sent(&session.opened())[0];
    #[rustfmt::skip]
    let maximum_packet_size = [
        0x27,                   // Maximum Packet Size
        0x00, 0x08, 0x00, 0x00, // 524288 bytes (512 KiB)
    ];
    assert!(
        connect.windows(5).any(|w| w == maximum_packet_size),
        "{connect:02x?}"
    );
}

#[test]
fn a_persistent_session_keeps_unacknowledged_publishes_for_the_library_to_resend() {
    let mut session = Session::new(SessionSettings {
        clean_session: false,
        ..settings()
    });
    session.opened();
    session.received(CONNACK_ACCEPTED);
    session.publish(TOPIC, b"a".to_vec(), QosLevel::AtLeastOnce, 1);
    let actions = session.closed();
    assert!(!actions
        .iter()
        .any(|a| matches!(a, Action::Interrupted { .. })));
    session.opened();
    let resent = sent(&session.received(&[0x20, 0x02, 0x01, 0x00])); // CONNACK, session present
    assert!(
        resent.iter().any(|p| p[0] == 0x3A),
        "PUBLISH QoS 1 with DUP set is resent: {resent:02x?}"
    );
}

#[test]
fn presence_leaves_an_offline_will_and_says_online_after_connack() {
    let presence = Presence {
        topic: "restaurant/boards/board-1".into(),
        online: b"online".to_vec(),
        offline: b"offline".to_vec(),
    };
    let mut session = Session::new(SessionSettings {
        presence: Some(presence),
        ..settings()
    });
    let connect = &sent(&session.opened())[0];
    #[rustfmt::skip]
    let flags = 0x02  // clean session
        | 0x04        // will flag
        | 0x08        // will QoS 1
        | 0x20; // will retain
    assert_eq!(connect[9], flags);
    assert!(
        connect.ends_with(b"offline"),
        "the will payload closes the CONNECT"
    );
    let after = sent(&session.received(CONNACK_ACCEPTED));
    let online = after
        .iter()
        .find(|p| p[0] & 0xF0 == 0x30)
        .expect("a PUBLISH");
    assert_eq!(online[0], 0x33, "PUBLISH, QoS 1, retained");
    assert!(online.ends_with(b"online"));
    // Its PUBACK is the session's own business: nothing is reported to the application.
    let pid = &online[4 + "restaurant/boards/board-1".len()..6 + "restaurant/boards/board-1".len()];
    assert!(session.received(&[0x40, 0x02, pid[0], pid[1]]).is_empty());
}

#[test]
fn a_broker_that_lost_the_persistent_session_gets_the_unacknowledged_publishes_again() {
    let mut session = Session::new(SessionSettings {
        clean_session: false,
        ..settings()
    });
    session.opened();
    session.received(CONNACK_ACCEPTED);
    session.publish(TOPIC, b"a".to_vec(), QosLevel::AtLeastOnce, 7);
    session.publish(TOPIC, b"b".to_vec(), QosLevel::AtLeastOnce, 8);
    session.closed();
    session.opened();
    // CONNACK without a session: the broker restarted and forgot us, and the library dropped its store.
    let actions = session.received(CONNACK_ACCEPTED);
    let interrupted: Vec<u64> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Interrupted { tag } => Some(*tag),
            _ => None,
        })
        .collect();
    assert_eq!(interrupted, vec![7, 8]);
    let connected_at = actions
        .iter()
        .position(|a| matches!(a, Action::Connected { .. }))
        .unwrap();
    assert!(
        actions[..connected_at]
            .iter()
            .filter(|a| matches!(a, Action::Interrupted { .. }))
            .count()
            == 2,
        "handed back before the caller is told it may publish"
    );
    assert_eq!(session.in_flight(), 0);
}

#[rustfmt::skip]
const CONNACK_V5_RECEIVE_MAXIMUM_2: &[u8] = &[
    0x20, 0x06,       // CONNACK, remaining length 6
    0x00,             // no session present
    0x00,             // reason: success
    0x03,             // properties length 3
    0x21, 0x00, 0x02, // Receive Maximum 2: at most two unacknowledged QoS 1/2 publishes
];

/// An MQTT 5 session accepted by a broker that grants two publishes in flight.
fn strict_broker_session() -> Session {
    let mut session = Session::new(SessionSettings {
        version: ProtocolVersion::V5,
        ..settings()
    });
    session.opened();
    let actions = session.received(CONNACK_V5_RECEIVE_MAXIMUM_2);
    assert!(actions.contains(&Action::Connected {
        session_present: false
    }));
    session
}

#[test]
fn the_window_is_what_the_broker_grants_in_its_mqtt5_connack() {
    let session = strict_broker_session();
    assert_eq!(session.send_window(), 2);
    let mut unlimited = Session::new(SessionSettings {
        version: ProtocolVersion::V5,
        ..settings()
    });
    unlimited.opened();
    unlimited.received(&[0x20, 0x03, 0x00, 0x00, 0x00]); // v5 CONNACK, no Receive Maximum: 65,535
    assert_eq!(
        unlimited.send_window(),
        order_board::mqtt::session::OWN_SEND_WINDOW
    );
}

#[test]
fn with_two_granted_a_third_qos1_publish_waits_until_an_acknowledgement_frees_a_slot() {
    let mut session = strict_broker_session();
    for tag in [1, 2] {
        assert!(session.can_send(QosLevel::AtLeastOnce));
        session.publish(TOPIC, b"order".to_vec(), QosLevel::AtLeastOnce, tag);
    }
    assert!(!session.can_send(QosLevel::AtLeastOnce), "window full");
    assert!(
        session.can_send(QosLevel::AtMostOnce),
        "QoS 0 takes no slot"
    );
    let actions = session.received(&[0x40, 0x02, 0x00, 0x01]); // v5 PUBACK pid 1, success
    assert!(actions.contains(&Action::Delivery {
        tag: 1,
        outcome: Delivery::Acknowledged
    }));
    assert!(session.can_send(QosLevel::AtLeastOnce));
}

#[test]
fn a_publish_the_library_refuses_as_over_the_window_waits_instead_of_closing_the_connection() {
    let mut session = strict_broker_session();
    session.publish(TOPIC, b"a".to_vec(), QosLevel::ExactlyOnce, 1);
    session.publish(TOPIC, b"b".to_vec(), QosLevel::ExactlyOnce, 2);
    // A caller that did not ask `can_send` first.
    let actions = session.publish(TOPIC, b"c".to_vec(), QosLevel::ExactlyOnce, 3);
    assert_eq!(actions, vec![Action::Interrupted { tag: 3 }], "{actions:?}");
    assert!(session.is_connected());
    assert!(!session.can_send(QosLevel::ExactlyOnce));
    session.received(&[0x50, 0x02, 0x00, 0x01]); // v5 PUBREC pid 1: QoS 2 still in flight until PUBCOMP
    assert!(!session.can_send(QosLevel::ExactlyOnce));
    let actions = session.received(&[0x70, 0x02, 0x00, 0x01]); // v5 PUBCOMP pid 1
    assert!(actions.contains(&Action::Delivery {
        tag: 1,
        outcome: Delivery::Acknowledged
    }));
    assert!(session.can_send(QosLevel::ExactlyOnce));
}
