//! What the page says about the typed values the engine sends: the connection's state and why a connection,
//! a publish or a subscription did not work. One place, so a language is one catalogue, not a hunt.

use crate::mqtt::reason::{Reason, Refusal};
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
    match reason {
        Reason::NoBrokerUrl => "no broker URL given".into(),
        Reason::NotWebSocketUrl { url } => format!("\"{url}\" must start with ws:// or wss://"),
        Reason::UnclosedBracket { url } => format!("\"{url}\" has an unclosed [ in its host"),
        Reason::NoHost { url } => format!("\"{url}\" has no host name"),
        Reason::BadPort { url, port } => format!("\"{url}\" has an invalid port \"{port}\""),
        Reason::SocketNotOpened { detail } if detail.is_empty() => {
            "the browser refused the URL".into()
        }
        Reason::SocketNotOpened { detail } => detail.clone(),
        Reason::Unreachable { url } => {
            format!("cannot reach {url} (broker down, wrong port or path, or TLS refused)")
        }
        Reason::Lost { code } => format!("connection lost (WebSocket code {code})"),
        Reason::SocketRefusedToSend => "the WebSocket refused to send".into(),
        Reason::SessionClosed => "the session closed the connection".into(),
        Reason::ProtocolError { detail } => format!("protocol error: {detail}"),
        Reason::BrokerDisconnected { code } => format!("the broker disconnected: {code}"),
        Reason::NoMqtt5 => {
            "this broker does not speak MQTT 5 — choose 3.1.1 (or auto) in the connection settings"
                .into()
        }
        Reason::Refused { refusal: r } => refusal(r),
        Reason::CannotBuild { what, detail } => format!("cannot build {what}: {detail}"),
        Reason::NotConnected => "not connected to the broker".into(),
        Reason::ReadOnly => "this screen only shows orders: it sends nothing".into(),
        Reason::NoPacketId { detail } => format!("no packet id free ({detail})"),
        Reason::BadTopicName { topic } => format!("\"{topic}\" is not a valid topic name"),
        Reason::SessionRefusedToSend => "the session refused to send it".into(),
        Reason::PublishRefused { code } => format!("the broker refused it: {code}"),
        Reason::BadFilter { filter } => format!("\"{filter}\" is not a valid topic filter"),
        Reason::SubscriptionRefused { code: None } => {
            "refused by the broker (not authorised?)".into()
        }
        Reason::SubscriptionRefused { code: Some(code) } => {
            format!("refused by the broker: {code}")
        }
    }
}

fn refusal(refusal: &Refusal) -> String {
    match refusal {
        Refusal::UnsupportedVersion => "the broker does not support this MQTT version",
        Refusal::ClientIdRejected => "the broker rejected the client id",
        Refusal::ServiceUnavailable => "the MQTT service is unavailable",
        Refusal::BadCredentials => "bad user name or password",
        Refusal::NotAuthorised => "not authorised to connect",
        Refusal::ServerBusy => "the broker is busy",
        Refusal::Banned => "this client is banned",
        Refusal::BadAuthMethod => "bad authentication method",
        Refusal::QuotaExceeded => "quota exceeded",
        Refusal::ConnectingTooOften => "connecting too often",
        Refusal::Other { code } => return format!("refused ({code})"),
    }
    .to_owned()
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
            reason: Reason::Refused {
                refusal: Refusal::BadCredentials,
            },
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
            reason: Reason::Lost { code: 1006 },
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
            reason: Reason::BadPort {
                url: "ws://host:99999".into(),
                port: "99999".into(),
            },
        };
        assert_eq!(
            connection(&failed, 0),
            "cannot connect: \"ws://host:99999\" has an invalid port \"99999\""
        );
        let browser = Reason::SocketNotOpened {
            detail: String::new(),
        };
        assert_eq!(reason(&browser), "the browser refused the URL");
    }

    #[test]
    fn a_refused_subscription_says_the_code_when_the_broker_gave_one() {
        assert_eq!(
            reason(&Reason::SubscriptionRefused { code: None }),
            "refused by the broker (not authorised?)"
        );
        assert_eq!(
            reason(&Reason::SubscriptionRefused {
                code: Some("NotAuthorized".into())
            }),
            "refused by the broker: NotAuthorized"
        );
    }
}
