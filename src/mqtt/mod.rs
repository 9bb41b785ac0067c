//! MQTT over a browser WebSocket: a pure session around mqtt-protocol-core, the one transport that drives it,
//! and the engine that runs both in a Web Worker behind a typed boundary.

pub mod backoff;
mod batcher;
pub mod boundary;
pub mod client;
pub mod engine;
pub mod link;
pub mod pacing;
pub mod session;
pub mod transport;
pub mod wire;
pub mod worker;

pub use session::{Action, Delivery, ProtocolVersion, QosLevel, Session, SessionSettings};

/// The connection as the user sees it: one state, never a set of booleans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnState {
    /// Not connected and not trying (never started, or the user disconnected).
    Offline,
    /// Opening the WebSocket and waiting for CONNACK.
    Connecting { attempt: u32 },
    /// Connected to `to` (host and port), node `node` of the `nodes` brokers in the settings.
    Connected {
        to: String,
        node: usize,
        nodes: usize,
    },
    /// Lost or failed; the next attempt starts after `delay_ms`.
    Reconnecting {
        attempt: u32,
        delay_ms: u64,
        reason: String,
    },
    /// The broker said no (bad credentials, not authorised, ...); retried with backoff, reason shown.
    Refused { reason: String, delay_ms: u64 },
    /// The settings cannot work (malformed URL, ...); nothing is retried until the user changes them.
    Failed { reason: String },
}

impl ConnState {
    pub fn label(&self) -> String {
        self.label_after(0)
    }

    /// The label `elapsed_ms` after the state began: a wait counts down to the next attempt.
    pub fn label_after(&self, elapsed_ms: u64) -> String {
        let left = |delay_ms: &u64| match delay_ms.saturating_sub(elapsed_ms) {
            0 => "now".to_owned(),
            // Whole seconds, rounded up, in integers: float formatting would cost the page ~5 KB.
            ms => format!("in {} s", ms.div_ceil(1000)),
        };
        match self {
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
                reason,
            } => format!(
                "{reason} — reconnecting {} (attempt {})",
                left(delay_ms),
                attempt + 1
            ),
            ConnState::Refused { reason, delay_ms } => {
                format!("refused: {reason} — retrying {}", left(delay_ms))
            }
            ConnState::Failed { reason } => format!("cannot connect: {reason}"),
        }
    }

    /// A short machine-readable kind for styling and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            ConnState::Offline => "offline",
            ConnState::Connecting { .. } => "connecting",
            ConnState::Connected { .. } => "connected",
            ConnState::Reconnecting { .. } => "reconnecting",
            ConnState::Refused { .. } => "refused",
            ConnState::Failed { .. } => "failed",
        }
    }
}

/// "host:port" of a broker URL, as the connection state names it.
pub fn node_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_owned()
}

/// Checks a broker URL before the browser sees it, so a typo gets a sentence instead of a console error.
pub fn check_broker_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("ws://")
        .or_else(|| url.strip_prefix("wss://"))
        .ok_or_else(|| format!("\"{url}\" must start with ws:// or wss://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.strip_prefix('[') {
        // An IPv6 literal: the port follows the closing bracket.
        Some(v6) => match v6.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => return Err(format!("\"{url}\" has an unclosed [ in its host")),
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("\"{url}\" has no host name"));
    }
    if let Some(port) = port {
        if !matches!(port.parse::<u16>(), Ok(p) if p > 0) {
            return Err(format!("\"{url}\" has an invalid port \"{port}\""));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_urls_with_host_port_and_path_are_accepted() {
        for ok in [
            "ws://127.0.0.1:9001",
            "ws://localhost:9001/mqtt",
            "wss://broker.example.com/mqtt",
            "ws://[::1]:9001",
        ] {
            assert_eq!(check_broker_url(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn malformed_broker_urls_are_explained() {
        assert!(check_broker_url("mqtt://localhost:1883")
            .unwrap_err()
            .contains("ws://"));
        assert!(check_broker_url("ws://").unwrap_err().contains("no host"));
        assert!(check_broker_url("ws://host:99999")
            .unwrap_err()
            .contains("invalid port"));
        assert!(check_broker_url("ws://host:abc")
            .unwrap_err()
            .contains("invalid port"));
        assert!(check_broker_url("127.0.0.1:9001").is_err());
    }

    #[test]
    fn a_node_is_named_by_its_host_and_port() {
        assert_eq!(node_name("ws://b:9001/mqtt"), "b:9001");
        assert_eq!(
            node_name("wss://mqtt.example.com/mqtt?x=1"),
            "mqtt.example.com"
        );
    }

    #[test]
    fn connection_states_read_as_words() {
        let one = ConnState::Connected {
            to: "127.0.0.1:9001".into(),
            node: 1,
            nodes: 1,
        };
        assert_eq!(one.label(), "connected to 127.0.0.1:9001");
        let second = ConnState::Connected {
            to: "b:9001".into(),
            node: 2,
            nodes: 3,
        };
        assert_eq!(second.label(), "connected to b:9001 (2 of 3)");
        let state = ConnState::Refused {
            reason: "bad user name or password".into(),
            delay_ms: 1500,
        };
        assert_eq!(
            state.label(),
            "refused: bad user name or password — retrying in 2 s"
        );
    }

    #[test]
    fn a_wait_counts_down_to_the_next_attempt_and_the_first_attempt_is_attempt_1() {
        let state = ConnState::Reconnecting {
            attempt: 0,
            delay_ms: 3_000,
            reason: "connection lost".into(),
        };
        assert_eq!(
            state.label_after(0),
            "connection lost — reconnecting in 3 s (attempt 1)"
        );
        assert_eq!(
            state.label_after(2_100),
            "connection lost — reconnecting in 1 s (attempt 1)"
        );
        assert_eq!(
            state.label_after(3_500),
            "connection lost — reconnecting now (attempt 1)"
        );
    }
}
