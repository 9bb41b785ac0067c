//! MQTT over a browser WebSocket: a pure session around mqtt-protocol-core, the one transport that drives it,
//! and the engine that runs both in a Web Worker behind a typed boundary.

pub mod backoff;
mod batcher;
pub mod boundary;
pub mod client;
pub mod engine;
pub mod link;
pub mod pacing;
pub mod reason;
pub mod session;
pub mod transport;
pub mod wire;
pub mod worker;

use reason::{Reason, Why};
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
        reason: Reason,
    },
    /// The broker said no (bad credentials, not authorised, ...); retried with backoff, reason shown.
    Refused { reason: Reason, delay_ms: u64 },
    /// The settings cannot work (malformed URL, ...); nothing is retried until the user changes them.
    Failed { reason: Reason },
}

impl ConnState {
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
pub fn check_broker_url(url: &str) -> Result<(), Reason> {
    let rest = url
        .strip_prefix("ws://")
        .or_else(|| url.strip_prefix("wss://"))
        .ok_or_else(|| Reason::about(Why::NotWebSocketUrl, url))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.strip_prefix('[') {
        // An IPv6 literal: the port follows the closing bracket.
        Some(v6) => match v6.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => return Err(Reason::about(Why::UnclosedBracket, url)),
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(Reason::about(Why::NoHost, url));
    }
    if let Some(port) = port {
        if !matches!(port.parse::<u16>(), Ok(p) if p > 0) {
            return Err(Reason::about(Why::BadPort, url).detail(port));
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
        let why = |url: &str| check_broker_url(url).unwrap_err().why;
        assert_eq!(
            check_broker_url("mqtt://localhost:1883"),
            Err(Reason::about(Why::NotWebSocketUrl, "mqtt://localhost:1883"))
        );
        assert_eq!(why("ws://"), Why::NoHost);
        assert_eq!(
            check_broker_url("ws://host:99999"),
            Err(Reason::about(Why::BadPort, "ws://host:99999").detail("99999"))
        );
        assert_eq!(why("ws://host:abc"), Why::BadPort);
        assert_eq!(why("ws://[::1:9001"), Why::UnclosedBracket);
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
}
