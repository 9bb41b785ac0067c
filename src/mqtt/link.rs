//! The connection's decisions without a browser: which broker next and when, what waits in the outbox and in
//! which order, how much goes out while the socket is busy, and what the cook is told. Inputs in, effects out;
//! the time and the socket's buffered bytes are inputs, so every decision is tested natively (tests/link.rs).

use super::backoff::Backoff;
use super::boundary::{ClientEvent, Command, ConnectConfig, Origin, PublishRequest};
use super::reason::{Reason, Why};
use super::session::{Action, Delivery, ProtocolVersion, QosLevel, Session};
use super::{check_broker_url, node_name, ConnState};
use crate::domain::inbound::classify;
use mqtt_protocol_core::mqtt::connection::TimerKind;
use std::collections::{HashMap, VecDeque};

/// Above this many bytes waiting in the socket's send buffer, publishes wait in the outbox instead.
pub const HIGH_WATER_BYTES: usize = 512 * 1024;

/// What happened, as the runner saw it.
#[derive(Debug)]
pub enum Input {
    Command(Command),
    /// The socket asked for by the last [`Effect::Open`] opened.
    Opened,
    /// The browser would not even make that socket (a URL it refuses).
    OpenFailed(Reason),
    Bytes(Vec<u8>),
    /// The socket closed (by the broker, the network, or never opened).
    Closed {
        code: u16,
    },
    /// A session timer asked for with [`Effect::StartTimer`] is due.
    Timer(TimerKind),
    /// The delay of the last [`Effect::RetryIn`] is over.
    Retry,
    /// The network is back: retry now instead of waiting out the backoff.
    Online,
    /// Time to look at a full socket buffer again (after [`Effect::DrainLater`]).
    Drain,
    /// The socket refused bytes handed to it.
    SendFailed,
}

/// What the runner must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open a WebSocket (subprotocol "mqtt") to this URL; any socket before it is gone already.
    Open(String),
    /// Close the socket without waiting for its close event: the link already treats it as lost.
    Close,
    Send(Vec<u8>),
    StartTimer {
        kind: TimerKind,
        ms: u64,
    },
    CancelTimer(TimerKind),
    /// Feed [`Input::Retry`] after this many ms (replaces any earlier retry).
    RetryIn(u64),
    /// Forget the pending retry.
    CancelRetry,
    /// The socket's buffer is full: feed [`Input::Drain`] soon.
    DrainLater,
    Event(ClientEvent),
}

/// A publish the application asked for, kept until it reaches a final outcome.
#[derive(Debug, Clone)]
struct Pending {
    request: PublishRequest,
    /// Its place among all publishes asked for, to put held-back ones back in order.
    seq: u64,
}

/// Where the link is with its socket: one state, not a set of flags.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// No socket and none wanted (never started, disconnected, or settings that cannot work).
    Idle,
    /// A socket asked for; it has not opened yet.
    Opening,
    /// The socket is open; `connected_at` is when the CONNACK came, if it has.
    Open { connected_at: Option<f64> },
    /// No socket; the next attempt comes with [`Input::Retry`].
    Waiting,
}

pub struct Link {
    config: Option<ConnectConfig>,
    session: Option<Session<Origin>>,
    phase: Phase,
    /// Which of the configured brokers the current (or next) attempt goes to.
    node: usize,
    backoff: Backoff,
    attempt: u32,
    /// Why the broker said no, when it did (shown instead of "connection lost").
    refused: Option<Reason>,
    /// Publishes not yet handed to the session, oldest first: sent in this order once the socket can take them.
    outbox: VecDeque<Pending>,
    /// Publishes asked for so far (numbers [`Pending::seq`]).
    published: u64,
    /// QoS 1/2 publishes handed to the session and not yet acknowledged, to send again if the connection drops.
    unacknowledged: HashMap<Origin, Pending>,
    /// Bytes in the socket's buffer at this step's start plus what this step sent.
    buffered: usize,
    now: f64,
    effects: Vec<Effect>,
}

/// A session for `config`: its subscriptions, renewed after every CONNACK, and the old filters to drop.
fn new_session(config: &ConnectConfig) -> Session<Origin> {
    let mut settings = config.settings.clone();
    if config.read_only {
        // Not even a presence message (or its will): a read-only screen leaves no trace on the broker.
        settings.presence = None;
    }
    let mut session = Session::new(settings);
    for filter in &config.filters {
        session.subscribe(filter, QosLevel::AtLeastOnce);
    }
    session.unsubscribe_after_connect(config.forget.clone());
    session
}

impl Link {
    /// `seed` spreads the backoff's jitter, so boards that lost one broker do not all come back at once.
    pub fn new(seed: u64) -> Link {
        Link {
            config: None,
            session: None,
            phase: Phase::Idle,
            node: 0,
            backoff: Backoff::new(750, 30_000, seed),
            attempt: 0,
            refused: None,
            outbox: VecDeque::new(),
            published: 0,
            unacknowledged: HashMap::new(),
            buffered: 0,
            now: 0.0,
            effects: Vec::new(),
        }
    }

    /// One input at `now` (ms since the epoch), with `buffered` bytes waiting in the socket's send buffer.
    pub fn step(&mut self, input: Input, now: f64, buffered: usize) -> Vec<Effect> {
        self.now = now;
        self.buffered = buffered;
        match input {
            Input::Command(command) => self.command(command),
            Input::Online => self.retry_now(),
            Input::Drain => self.drain(),
            Input::Opened if self.phase == Phase::Opening => self.opened(),
            Input::OpenFailed(reason) if self.phase == Phase::Opening => {
                self.phase = Phase::Idle;
                self.config = None;
                self.emit(ClientEvent::State(ConnState::Failed { reason }));
            }
            Input::Bytes(bytes) if self.is_open() => self.received(&bytes),
            Input::Timer(kind) if self.is_open() => {
                if let Some(actions) = self.session.as_mut().map(|s| s.timer_fired(kind)) {
                    self.apply(actions);
                }
            }
            Input::Closed { code } if self.has_socket() => self.closed(code),
            Input::SendFailed => self.close_now(Reason::new(Why::SocketRefusedToSend)),
            Input::Retry if self.phase == Phase::Waiting && self.config.is_some() => self.dial(),
            _ => {} // late input for a socket or timer already gone
        }
        std::mem::take(&mut self.effects)
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Connect(config) => self.connect(*config),
            Command::Disconnect => {
                self.teardown();
                self.config = None;
                self.emit(ClientEvent::State(ConnState::Offline));
            }
            Command::Publish(request) => self.publish(request),
            Command::RetryNow => self.retry_now(),
            // The runner keeps the history (it touches the database); nothing for the link.
            Command::KeepHistory { .. } => {}
        }
    }

    /// The network is back, or someone pressed "Try now": the next attempt goes now, not at the end of
    /// the backoff, and the backoff starts again from its shortest delay.
    fn retry_now(&mut self) {
        if self.phase == Phase::Waiting && self.config.is_some() {
            self.effects.push(Effect::CancelRetry);
            self.backoff.reset();
            self.dial();
        }
    }

    fn connect(&mut self, config: ConnectConfig) {
        self.teardown();
        self.session = Some(new_session(&config));
        self.config = Some(config);
        if self.read_only() {
            for pending in std::mem::take(&mut self.outbox) {
                self.refuse(pending.request.origin);
            }
        }
        self.node = 0;
        self.backoff.reset();
        self.attempt = 0;
        self.dial();
    }

    /// Queues a publish behind those already waiting and sends what the socket and window allow.
    fn publish(&mut self, request: PublishRequest) {
        let origin = request.origin;
        if self.read_only() {
            return self.refuse(origin);
        }
        self.published += 1;
        self.outbox.push_back(Pending {
            request,
            seq: self.published,
        });
        self.drain();
        if self
            .outbox
            .back()
            .is_some_and(|p| p.request.origin == origin)
        {
            self.emit(ClientEvent::Delivery {
                origin,
                outcome: Delivery::Queued,
            });
        }
    }

    fn opened(&mut self) {
        self.phase = Phase::Open { connected_at: None };
        if let Some(actions) = self.session.as_mut().map(Session::opened) {
            self.apply(actions);
        }
    }

    fn received(&mut self, bytes: &[u8]) {
        if let Some(actions) = self.session.as_mut().map(|s| s.received(bytes)) {
            self.apply(actions);
        }
        // Acknowledgements free slots of the broker's window: what waits goes now.
        if !self.outbox.is_empty() {
            self.drain();
        }
    }

    /// The browser closed the socket: lost, with the broker's refusal if it gave one.
    fn closed(&mut self, code: u16) {
        let reason = match (&self.refused, self.phase) {
            (Some(r), _) => r.clone(),
            (None, Phase::Open { .. }) => Reason::about(Why::Lost, code.to_string()),
            (None, _) => self.unreachable_reason(),
        };
        self.lost(reason);
    }

    fn read_only(&self) -> bool {
        self.config.as_ref().is_some_and(|c| c.read_only)
    }

    fn refuse(&mut self, origin: Origin) {
        self.emit(ClientEvent::Delivery {
            origin,
            outcome: Delivery::Failed(Reason::new(Why::ReadOnly)),
        });
    }

    fn emit(&mut self, event: ClientEvent) {
        self.effects.push(Effect::Event(event));
    }

    fn has_socket(&self) -> bool {
        matches!(self.phase, Phase::Opening | Phase::Open { .. })
    }

    fn is_open(&self) -> bool {
        matches!(self.phase, Phase::Open { .. })
    }

    fn url(&self) -> &str {
        self.config
            .as_ref()
            .and_then(|c| c.urls.get(self.node))
            .map_or("", String::as_str)
    }

    fn unreachable_reason(&self) -> Reason {
        Reason::about(Why::Unreachable, self.url())
    }

    fn dial(&mut self) {
        let Some(config) = self.config.clone() else {
            return;
        };
        self.refused = None;
        self.attempt += 1;
        let checked = if config.urls.is_empty() {
            Err(Reason::new(Why::NoBrokerUrl))
        } else {
            config.urls.iter().try_for_each(|u| check_broker_url(u))
        };
        if let Err(reason) = checked {
            self.config = None;
            self.phase = Phase::Idle;
            self.emit(ClientEvent::State(ConnState::Failed { reason }));
            return;
        }
        let url = config.urls[self.node % config.urls.len()].clone();
        if config.auto_version {
            let wanted = config
                .known_versions
                .get(&url)
                .copied()
                .unwrap_or(ProtocolVersion::V5);
            self.speak(wanted);
        }
        self.emit(ClientEvent::State(ConnState::Connecting {
            attempt: self.attempt,
        }));
        self.phase = Phase::Opening;
        self.effects.push(Effect::Open(url));
    }

    /// Makes the session speak `version` (a new session if it does not already), with every publish it
    /// still held back in the outbox, oldest first.
    fn speak(&mut self, version: ProtocolVersion) {
        let Some(config) = self.config.as_mut() else {
            return;
        };
        if self.session.as_ref().map(|s| s.settings().version) == Some(version) {
            return;
        }
        config.settings.version = version;
        self.session = Some(new_session(config));
        let mut held: Vec<Pending> = self.unacknowledged.drain().map(|(_, p)| p).collect();
        held.sort_unstable_by_key(|p| std::cmp::Reverse(p.seq));
        for pending in held {
            self.outbox.push_front(pending);
        }
    }

    /// Whether the socket just lost was an MQTT 5 CONNECT the broker turned away: it opened, no CONNACK
    /// came, and the broker said nothing else (or said it does not support the version).
    fn turned_away_mqtt5(&self) -> bool {
        self.phase == (Phase::Open { connected_at: None })
            && self
                .session
                .as_ref()
                .is_some_and(|s| s.settings().version == ProtocolVersion::V5)
            && self
                .refused
                .as_ref()
                .is_none_or(|r| r.why == Why::UnsupportedVersion)
    }

    /// The socket is gone: tell the session, then schedule the next attempt.
    fn lost(&mut self, reason: Reason) {
        let turned_away = self.turned_away_mqtt5();
        if let Phase::Open {
            connected_at: Some(at),
        } = self.phase
        {
            // The schedule starts over only once a connection has lasted, so one that dies at once cannot
            // turn the backoff into a storm.
            if self.backoff.connection_ended(self.now - at) {
                self.attempt = 0;
            }
        }
        self.phase = Phase::Waiting;
        if let Some(actions) = self.session.as_mut().map(Session::closed) {
            self.apply(actions);
        }
        let Some(nodes) = self.config.as_ref().map(|c| c.urls.len().max(1)) else {
            self.phase = Phase::Idle;
            return;
        };
        let reason = if turned_away {
            let url = self.url().to_owned();
            let auto = self.config.as_ref().is_some_and(|c| c.auto_version);
            if auto {
                // Once per broker: from now on it gets 3.1.1, on this page and the next.
                if let Some(config) = self.config.as_mut() {
                    config
                        .known_versions
                        .insert(url.clone(), ProtocolVersion::V3_1_1);
                }
                self.refused = None;
                self.emit(ClientEvent::VersionLearned {
                    url,
                    version: ProtocolVersion::V3_1_1,
                });
                self.dial();
                return;
            }
            self.refused = None;
            Reason::new(Why::NoMqtt5)
        } else {
            reason
        };
        // A node that cannot be reached or drops: the next attempt goes to the next node, round-robin.
        self.node = (self.node + 1) % nodes;
        let delay_ms = self.backoff.next_delay();
        let state = match self.refused.take() {
            Some(reason) => ConnState::Refused { reason, delay_ms },
            None => ConnState::Reconnecting {
                attempt: self.attempt,
                delay_ms,
                reason,
            },
        };
        self.emit(ClientEvent::State(state));
        self.effects.push(Effect::RetryIn(delay_ms));
    }

    fn teardown(&mut self) {
        let had_socket = self.has_socket();
        if self.phase == Phase::Waiting {
            self.effects.push(Effect::CancelRetry);
        }
        // Idle first: what the session says as it closes has no socket to go to.
        self.phase = Phase::Idle;
        if had_socket {
            self.effects.push(Effect::Close);
            if let Some(actions) = self.session.as_mut().map(Session::closed) {
                self.apply(actions);
            }
        }
    }

    fn apply(&mut self, actions: Vec<Action<Origin>>) {
        let mut interrupted = Vec::new();
        let mut connected = false;
        for action in actions {
            match action {
                Action::Send(bytes) => {
                    if self.has_socket() {
                        self.buffered += bytes.len();
                        self.effects.push(Effect::Send(bytes));
                    }
                }
                Action::StartTimer { kind, ms } => {
                    self.effects.push(Effect::StartTimer { kind, ms })
                }
                Action::CancelTimer(kind) => self.effects.push(Effect::CancelTimer(kind)),
                Action::Close { reason } => self.close_now(reason),
                Action::Connected { .. } => {
                    self.phase = Phase::Open {
                        connected_at: Some(self.now),
                    };
                    self.learn_version();
                    let nodes = self.config.as_ref().map_or(1, |c| c.urls.len());
                    self.emit(ClientEvent::State(ConnState::Connected {
                        to: node_name(self.url()),
                        node: self.node + 1,
                        nodes,
                    }));
                    connected = true;
                }
                Action::Refused { reason } => self.refused = Some(reason),
                Action::Subscribed { filter } => self.emit(ClientEvent::Subscribed { filter }),
                Action::SubscriptionRefused { filter, reason } => {
                    self.emit(ClientEvent::SubscriptionRefused { filter, reason })
                }
                Action::Message { topic, payload } => {
                    let orders_topic = self.config.as_ref().map_or("", |c| c.orders_topic.as_str());
                    let inbound = classify(orders_topic, &topic, &payload);
                    self.emit(ClientEvent::Inbound(inbound))
                }
                Action::Delivery {
                    tag: origin,
                    outcome,
                } => {
                    if matches!(outcome, Delivery::Acknowledged | Delivery::Failed(_)) {
                        self.unacknowledged.remove(&origin);
                    }
                    self.emit(ClientEvent::Delivery { origin, outcome })
                }
                Action::Interrupted { tag: origin } => interrupted.push(origin),
            }
        }
        // Sent before anything still in the outbox, so they go back in front, in their original order.
        for origin in interrupted.into_iter().rev() {
            if let Some(pending) = self.unacknowledged.remove(&origin) {
                self.outbox.push_front(pending);
                self.emit(ClientEvent::Delivery {
                    origin,
                    outcome: Delivery::Queued,
                });
            }
        }
        // Only now, with every interrupted publish back in line, may the outbox go out.
        if connected {
            self.drain();
        }
    }

    /// Hands queued publishes to the session while connected and the socket's buffer has room.
    fn drain(&mut self) {
        while self.session.as_ref().is_some_and(Session::is_connected) {
            if self.buffered > HIGH_WATER_BYTES {
                self.effects.push(Effect::DrainLater);
                return;
            }
            // FIFO: the head waits for a free slot of the broker's window, and everything behind it with it.
            let Some(next) = self.outbox.front() else {
                return;
            };
            if !self
                .session
                .as_ref()
                .is_some_and(|s| s.can_send(next.request.qos))
            {
                return; // an acknowledgement frees a slot and drains again
            }
            let Some(pending) = self.outbox.pop_front() else {
                return;
            };
            if pending.request.qos != QosLevel::AtMostOnce {
                self.unacknowledged
                    .insert(pending.request.origin, pending.clone());
            }
            let actions = self
                .session
                .as_mut()
                .map(|s| s.publish_request(pending.request))
                .unwrap_or_default();
            self.apply(actions);
        }
    }

    /// With "auto", a broker that accepted a version is remembered as speaking it.
    fn learn_version(&mut self) {
        let url = self.url().to_owned();
        let Some(version) = self.session.as_ref().map(|s| s.settings().version) else {
            return;
        };
        let Some(config) = self.config.as_mut().filter(|c| c.auto_version) else {
            return;
        };
        if config.known_versions.insert(url.clone(), version) != Some(version) {
            self.emit(ClientEvent::VersionLearned { url, version });
        }
    }

    /// Closes the socket and treats it as lost now, rather than waiting for the browser's close event.
    fn close_now(&mut self, reason: Reason) {
        if !self.has_socket() {
            return;
        }
        let reason = self.refused.clone().unwrap_or(reason);
        self.effects.push(Effect::Close);
        self.lost(reason);
    }
}
