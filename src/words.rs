//! What the page says about the typed values the engine sends: the connection's state and why a connection,
//! a publish or a subscription did not work. One place, so a language is one catalogue, not a hunt.

use crate::domain::inbound::RejectReason;
use crate::mqtt::reason::{Reason, Why};
use crate::mqtt::ConnState;

/// The connection's state `elapsed_ms` after it began: a wait counts down to the next attempt.
pub fn connection(state: &ConnState, elapsed_ms: u64) -> String {
    let left = |delay_ms: &u64| match delay_ms.saturating_sub(elapsed_ms) {
        0 => "now".to_owned(),
        // Whole seconds, rounded up, in integers: float formatting would cost the page ~5 KB.
        ms => format!("in {} s", ms.div_ceil(1000)),
    };
    match state {
        ConnState::Offline => "disconnected — press Connect to start".into(),
        ConnState::Connecting { attempt: 0 | 1 } => "connecting…".into(),
        ConnState::Connecting { attempt } => format!("connecting… (attempt {attempt})"),
        ConnState::Connected { to, nodes: 1, .. } => format!("connected to {to}"),
        ConnState::Connected { to, node, nodes } => {
            format!("connected to {to} ({node} of {nodes})")
        }
        ConnState::Reconnecting {
            attempt,
            delay_ms,
            reason: why,
        } => format!(
            "{} — reconnecting {} (attempt {})",
            reason(why),
            left(delay_ms),
            attempt + 1
        ),
        ConnState::Refused {
            reason: why,
            delay_ms,
        } => format!("refused: {} — retrying {}", reason(why), left(delay_ms)),
        ConnState::Failed { reason: why } => format!("cannot connect: {}", reason(why)),
    }
}

/// Why something did not happen, as a short clause ("bad user name or password").
pub fn reason(reason: &Reason) -> String {
    let Reason {
        why,
        subject: s,
        detail: d,
    } = reason;
    let fixed = match why {
        Why::NoBrokerUrl => "no broker URL given",
        Why::NotWebSocketUrl => return format!("\"{s}\" must start with ws:// or wss://"),
        Why::UnclosedBracket => return format!("\"{s}\" has an unclosed [ in its host"),
        Why::NoHost => return format!("\"{s}\" has no host name"),
        Why::BadPort => return format!("\"{s}\" has an invalid port \"{d}\""),
        Why::SocketNotOpened if d.is_empty() => "the browser refused the URL",
        Why::SocketNotOpened => d,
        Why::Unreachable => {
            return format!("cannot reach {s} (broker down, wrong port or path, or TLS refused)")
        }
        Why::Lost => return format!("connection lost (WebSocket code {s})"),
        Why::SocketRefusedToSend => "the WebSocket refused to send",
        Why::SessionClosed => "the session closed the connection",
        Why::ProtocolError => return format!("protocol error: {d}"),
        Why::BrokerDisconnected => return format!("the broker disconnected: {s}"),
        Why::NoMqtt5 => {
            "this broker does not speak MQTT 5 — choose 3.1.1 (or auto) in the connection settings"
        }
        Why::CannotBuild => return format!("cannot build {s}: {d}"),
        Why::NotConnected => "not connected to the broker",
        Why::ReadOnly => "this screen only shows orders: it sends nothing",
        Why::NoPacketId => return format!("no packet id free ({d})"),
        Why::BadTopicName => return format!("\"{s}\" is not a valid topic name"),
        Why::SessionRefusedToSend => "the session refused to send it",
        Why::PublishRefused => return format!("the broker refused it: {s}"),
        Why::BadFilter => return format!("\"{s}\" is not a valid topic filter"),
        Why::SubscriptionRefused if s.is_empty() => "refused by the broker (not authorised?)",
        Why::SubscriptionRefused => return format!("refused by the broker: {s}"),
        Why::UnsupportedVersion => "the broker does not support this MQTT version",
        Why::ClientIdRejected => "the broker rejected the client id",
        Why::ServiceUnavailable => "the MQTT service is unavailable",
        Why::BadCredentials => "bad user name or password",
        Why::NotAuthorised => "not authorised to connect",
        Why::ServerBusy => "the broker is busy",
        Why::Banned => "this client is banned",
        Why::BadAuthMethod => "bad authentication method",
        Why::QuotaExceeded => "quota exceeded",
        Why::ConnectingTooOften => "connecting too often",
        Why::RefusedOther => return format!("refused ({s})"),
    };
    fixed.to_owned()
}

/// Why a message is under "Rejected messages".
pub fn rejection(reason: &RejectReason) -> String {
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_states_read_as_words() {
        let one = ConnState::Connected {
            to: "127.0.0.1:9001".into(),
            node: 1,
            nodes: 1,
        };
        assert_eq!(connection(&one, 0), "connected to 127.0.0.1:9001");
        let second = ConnState::Connected {
            to: "b:9001".into(),
            node: 2,
            nodes: 3,
        };
        assert_eq!(connection(&second, 0), "connected to b:9001 (2 of 3)");
        let state = ConnState::Refused {
            reason: Reason::new(Why::BadCredentials),
            delay_ms: 1500,
        };
        assert_eq!(
            connection(&state, 0),
            "refused: bad user name or password — retrying in 2 s"
        );
    }

    #[test]
    fn a_wait_counts_down_to_the_next_attempt_and_the_first_attempt_is_attempt_1() {
        let state = ConnState::Reconnecting {
            attempt: 0,
            delay_ms: 3_000,
            reason: Reason::about(Why::Lost, "1006"),
        };
        assert_eq!(
            connection(&state, 0),
            "connection lost (WebSocket code 1006) — reconnecting in 3 s (attempt 1)"
        );
        assert_eq!(
            connection(&state, 2_100),
            "connection lost (WebSocket code 1006) — reconnecting in 1 s (attempt 1)"
        );
        assert_eq!(
            connection(&state, 3_500),
            "connection lost (WebSocket code 1006) — reconnecting now (attempt 1)"
        );
    }

    #[test]
    fn a_bad_setting_is_said_with_the_url_the_cook_typed() {
        let failed = ConnState::Failed {
            reason: Reason::about(Why::BadPort, "ws://host:99999").detail("99999"),
        };
        assert_eq!(
            connection(&failed, 0),
            "cannot connect: \"ws://host:99999\" has an invalid port \"99999\""
        );
        let browser = Reason::new(Why::SocketNotOpened);
        assert_eq!(reason(&browser), "the browser refused the URL");
    }

    #[test]
    fn a_refused_subscription_says_the_code_when_the_broker_gave_one() {
        assert_eq!(
            reason(&Reason::new(Why::SubscriptionRefused)),
            "refused by the broker (not authorised?)"
        );
        assert_eq!(
            reason(&Reason::about(Why::SubscriptionRefused, "NotAuthorized")),
            "refused by the broker: NotAuthorized"
        );
    }
}
