//! The only code that touches the WebSocket and timers: JS callbacks forward inputs to one loop that owns the
//! session. It runs wherever it is started — in the engine's Web Worker, or in the page when no worker can run —
//! so it uses only what both scopes have (no `window`).

use super::backoff::Backoff;
use super::boundary::{ClientEvent, Command, ConnectConfig, Origin, NO_MQTT5};
use super::session::{Action, Delivery, ProtocolVersion, QosLevel, Session};
use super::{check_broker_url, node_name, ConnState};
use crate::domain::inbound::classify;
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use gloo_timers::callback::Timeout;
use js_sys::{ArrayBuffer, Uint8Array};
use mqtt_protocol_core::mqtt::connection::TimerKind;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout`, there in a window and in a worker alike.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout_global(handler: &js_sys::Function, ms: i32) -> JsValue;
}

/// The loop that owns a connection, in the thread that started it.
#[derive(Clone)]
pub struct Runner {
    tx: UnboundedSender<Input>,
}

impl Runner {
    /// Starts the loop; `on_event` is called from it, on this thread.
    pub fn start(on_event: impl Fn(ClientEvent) + 'static) -> Runner {
        let (tx, rx) = unbounded();
        let driver = Driver::new(tx.clone(), Rc::new(on_event));
        wasm_bindgen_futures::spawn_local(driver.run(rx));
        Runner { tx }
    }

    pub fn send(&self, command: Command) {
        // The loop lives as long as the page; a send can only fail after it ended, when nothing is listening.
        let _ = self.tx.unbounded_send(Input::Command(command));
    }
}

/// Everything that can happen to the loop. Socket inputs carry the socket generation so late events
/// from a socket already replaced are ignored.
enum Input {
    Command(Command),
    Opened(u64),
    Bytes(u64, Vec<u8>),
    Closed {
        generation: u64,
        code: u16,
    },
    Timer(u64, TimerKind),
    Retry(u64),
    /// The browser says the network is back: retry now instead of waiting out the backoff.
    Online,
    /// Time to try the outbox again after the socket's buffer was full.
    Drain,
    /// Time to hand the bytes gathered since the last flush to the socket, in one frame.
    Flush,
}

/// A publish the application asked for, kept until it reaches a final outcome.
#[derive(Clone)]
struct Pending {
    topic: String,
    payload: Vec<u8>,
    qos: QosLevel,
    retain: bool,
    origin: Origin,
    /// Its place among all publishes asked for, to put held-back ones back in order.
    seq: u64,
}

/// Above this many bytes waiting in the WebSocket's send buffer, publishes wait in the outbox instead.
const HIGH_WATER_BYTES: u32 = 512 * 1024;
/// How soon to look at a full send buffer again.
const DRAIN_RETRY_MS: u32 = 10;
/// Gathered bytes above this go out at once instead of waiting for the flush.
const FLUSH_AT_BYTES: usize = 64 * 1024;

/// One keepalive timer of the session. The session restarts its timers on nearly every packet; rather
/// than a new browser timer each time, the deadline moves and a timer that fires early sets itself again.
#[derive(Default)]
struct KeepaliveTimer {
    /// When the session wants to hear of it (ms since the epoch), if it does.
    deadline: Option<f64>,
    /// The browser timer and when it fires.
    armed: Option<(f64, Timeout)>,
}

/// A WebSocket and the closures it calls. Dropping it detaches the handlers and closes the socket,
/// so no closure outlives its socket and none leaks per reconnect.
struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Socket {
    fn open(url: &str, generation: u64, tx: &UnboundedSender<Input>) -> Result<Socket, String> {
        let ws = WebSocket::new_with_str(url, "mqtt").map_err(|e| {
            e.as_string()
                .or_else(|| js_sys::Error::from(e).message().as_string())
                .unwrap_or_else(|| "the browser refused the URL".into())
        })?;
        ws.set_binary_type(BinaryType::Arraybuffer);
        let forward = |tx: &UnboundedSender<Input>| tx.clone();
        let t = forward(tx);
        let on_open = Closure::<dyn FnMut()>::new(move || {
            let _ = t.unbounded_send(Input::Opened(generation));
        });
        let t = forward(tx);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Ok(buffer) = e.data().dyn_into::<ArrayBuffer>() {
                let bytes = Uint8Array::new(&buffer).to_vec();
                let _ = t.unbounded_send(Input::Bytes(generation, bytes));
            }
        });
        let t = forward(tx);
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            let _ = t.unbounded_send(Input::Closed {
                generation,
                code: e.code(),
            });
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        })
    }

    fn send(&self, bytes: &[u8]) -> bool {
        self.ws.send_with_u8_array(bytes).is_ok()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

/// A session for `config`: its subscriptions, renewed after every CONNACK, and the old filters to drop.
fn new_session(config: &ConnectConfig) -> Session<Origin> {
    let mut session = Session::new(config.settings.clone());
    for filter in &config.filters {
        session.subscribe(filter, QosLevel::AtLeastOnce);
    }
    session.unsubscribe_after_connect(config.forget.clone());
    session
}

/// The one owner of the session, the socket and the timers.
struct Driver {
    tx: UnboundedSender<Input>,
    on_event: Rc<dyn Fn(ClientEvent)>,
    config: Option<ConnectConfig>,
    session: Option<Session<Origin>>,
    socket: Option<Socket>,
    generation: u64,
    /// Which of the configured brokers the current (or next) attempt goes to.
    node: usize,
    /// Whether the current socket reached `open`, to tell "unreachable" from "dropped".
    opened: bool,
    timers: [KeepaliveTimer; 3],
    retry: Option<Timeout>,
    backoff: Backoff,
    attempt: u32,
    /// When the current connection got its CONNACK, if it did.
    connected_at: Option<f64>,
    refused: Option<String>,
    /// Publishes not yet handed to the session, oldest first: sent in this order once the socket can take them.
    outbox: VecDeque<Pending>,
    /// Publishes asked for so far (numbers [`Pending::seq`]).
    published: u64,
    /// QoS 1/2 publishes handed to the session and not yet acknowledged, to send again if the connection drops.
    unacknowledged: HashMap<Origin, Pending>,
    drain_timer: Option<Timeout>,
    /// Bytes for the socket not yet sent: every packet of one burst (acknowledgements, publishes) leaves
    /// in one WebSocket frame, as a socket send costs far more than the bytes it carries.
    gathered: Vec<u8>,
    flush_due: bool,
    /// One closure for every flush: it runs once per burst, at message rates.
    on_flush: Closure<dyn FnMut()>,
    _on_online: Closure<dyn FnMut()>,
}

fn timer_slot(kind: TimerKind) -> usize {
    match kind {
        TimerKind::PingreqSend => 0,
        TimerKind::PingreqRecv => 1,
        TimerKind::PingrespRecv => 2,
    }
}

impl Driver {
    fn new(tx: UnboundedSender<Input>, on_event: Rc<dyn Fn(ClientEvent)>) -> Self {
        let seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
        let online_tx = tx.clone();
        let on_online = Closure::<dyn FnMut()>::new(move || {
            let _ = online_tx.unbounded_send(Input::Online);
        });
        // Window and worker scopes both fire `online`. Registered once for the thread's life; the closure
        // lives in the driver, which lives as long.
        let scope: web_sys::EventTarget = js_sys::global().unchecked_into();
        let _ =
            scope.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        let flush_tx = tx.clone();
        let on_flush = Closure::<dyn FnMut()>::new(move || {
            let _ = flush_tx.unbounded_send(Input::Flush);
        });
        Driver {
            tx,
            on_event,
            config: None,
            session: None,
            socket: None,
            generation: 0,
            node: 0,
            opened: false,
            timers: Default::default(),
            retry: None,
            backoff: Backoff::new(750, 30_000, seed),
            attempt: 0,
            connected_at: None,
            refused: None,
            outbox: VecDeque::new(),
            published: 0,
            unacknowledged: HashMap::new(),
            drain_timer: None,
            gathered: Vec::new(),
            flush_due: false,
            on_flush,
            _on_online: on_online,
        }
    }

    async fn run(mut self, mut rx: UnboundedReceiver<Input>) {
        while let Some(input) = rx.next().await {
            self.step(input);
        }
    }

    fn emit(&self, event: ClientEvent) {
        (self.on_event)(event);
    }

    fn step(&mut self, input: Input) {
        match input {
            Input::Command(Command::Connect(config)) => {
                let config = *config;
                self.teardown();
                self.session = Some(new_session(&config));
                self.config = Some(config);
                self.node = 0;
                self.backoff.reset();
                self.attempt = 0;
                self.dial();
            }
            Input::Command(Command::Disconnect) => {
                self.teardown();
                self.config = None;
                self.emit(ClientEvent::State(ConnState::Offline));
            }
            Input::Command(Command::Publish {
                topic,
                payload,
                qos,
                retain,
                origin,
            }) => {
                self.published += 1;
                self.outbox.push_back(Pending {
                    topic,
                    payload,
                    qos,
                    retain,
                    origin,
                    seq: self.published,
                });
                self.drain();
                if self.outbox.back().is_some_and(|p| p.origin == origin) {
                    self.emit(ClientEvent::Delivery {
                        origin,
                        outcome: Delivery::Queued,
                    });
                }
            }
            Input::Online if self.retry.is_some() => {
                self.retry = None;
                self.backoff.reset();
                self.dial();
            }
            Input::Drain => {
                self.drain_timer = None;
                self.drain();
            }
            Input::Opened(g) if g == self.generation => {
                self.opened = true;
                if let Some(actions) = self.session.as_mut().map(Session::opened) {
                    self.apply(actions);
                }
            }
            Input::Bytes(g, bytes) if g == self.generation => {
                if let Some(actions) = self.session.as_mut().map(|s| s.received(&bytes)) {
                    self.apply(actions);
                }
                // Acknowledgements free slots of the broker's window: what waits goes now.
                if !self.outbox.is_empty() {
                    self.drain();
                }
            }
            Input::Timer(g, kind) if g == self.generation => self.timer_due(kind),
            Input::Flush => {
                self.flush_due = false;
                self.flush();
            }
            Input::Closed { generation, code } if generation == self.generation => {
                let reason = match (&self.refused, self.opened) {
                    (Some(r), _) => r.clone(),
                    (None, true) => format!("connection lost (WebSocket code {code})"),
                    (None, false) => self.unreachable_reason(),
                };
                self.lost(reason);
            }
            Input::Retry(g) if g == self.generation && self.config.is_some() => self.dial(),
            _ => {} // stale input from a socket already replaced
        }
    }

    fn url(&self) -> &str {
        self.config
            .as_ref()
            .and_then(|c| c.urls.get(self.node))
            .map_or("", String::as_str)
    }

    fn unreachable_reason(&self) -> String {
        let url = self.url();
        format!("cannot reach {url} (broker down, wrong port or path, or TLS refused)")
    }

    fn dial(&mut self) {
        let Some(config) = self.config.clone() else {
            return;
        };
        self.generation += 1;
        self.opened = false;
        self.refused = None;
        self.attempt += 1;
        let checked = if config.urls.is_empty() {
            Err("no broker URL given".to_owned())
        } else {
            config.urls.iter().try_for_each(|u| check_broker_url(u))
        };
        if let Err(reason) = checked {
            self.config = None;
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
        match Socket::open(&url, self.generation, &self.tx) {
            Ok(socket) => self.socket = Some(socket),
            Err(reason) => {
                self.config = None;
                self.emit(ClientEvent::State(ConnState::Failed { reason }));
            }
        }
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
        self.opened
            && self.connected_at.is_none()
            && self
                .session
                .as_ref()
                .is_some_and(|s| s.settings().version == ProtocolVersion::V5)
            && self
                .refused
                .as_deref()
                .is_none_or(|r| r == "the broker does not support this MQTT version")
    }

    /// The socket is gone: tell the session, then schedule the next attempt.
    fn lost(&mut self, reason: String) {
        let turned_away = self.turned_away_mqtt5();
        self.socket = None;
        if let Some(at) = self.connected_at.take() {
            if self.backoff.connection_ended(js_sys::Date::now() - at) {
                self.attempt = 0;
            }
        }
        self.forget_socket_state();
        if let Some(actions) = self.session.as_mut().map(Session::closed) {
            self.apply(actions);
        }
        let Some(nodes) = self.config.as_ref().map(|c| c.urls.len().max(1)) else {
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
            NO_MQTT5.to_owned()
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
        let tx = self.tx.clone();
        let generation = self.generation;
        self.retry = Some(Timeout::new(delay_ms as u32, move || {
            let _ = tx.unbounded_send(Input::Retry(generation));
        }));
    }

    fn teardown(&mut self) {
        self.generation += 1;
        self.retry = None;
        self.forget_socket_state();
        if self.socket.take().is_some() {
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
                Action::Send(bytes) => self.gather(&bytes),
                Action::StartTimer { kind, ms } => self.start_timer(kind, ms as f64),
                Action::CancelTimer(kind) => self.timers[timer_slot(kind)].deadline = None,
                Action::Close { reason } => self.close_now(reason),
                Action::Connected { .. } => {
                    // The schedule starts over only once this connection has lasted (see `lost`).
                    self.connected_at = Some(js_sys::Date::now());
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
                    self.emit(ClientEvent::Inbound(classify(
                        orders_topic,
                        &topic,
                        &payload,
                    )))
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
            let buffered = self.socket.as_ref().map_or(0, |s| s.ws.buffered_amount());
            if buffered as usize + self.gathered.len() > HIGH_WATER_BYTES as usize {
                if self.drain_timer.is_none() {
                    let tx = self.tx.clone();
                    self.drain_timer = Some(Timeout::new(DRAIN_RETRY_MS, move || {
                        let _ = tx.unbounded_send(Input::Drain);
                    }));
                }
                return;
            }
            // FIFO: the head waits for a free slot of the broker's window, and everything behind it with it.
            let Some(next) = self.outbox.front() else {
                return;
            };
            if !self.session.as_ref().is_some_and(|s| s.can_send(next.qos)) {
                return; // an acknowledgement frees a slot and drains again
            }
            let Some(pending) = self.outbox.pop_front() else {
                return;
            };
            if pending.qos != QosLevel::AtMostOnce {
                self.unacknowledged.insert(pending.origin, pending.clone());
            }
            let Pending {
                topic,
                payload,
                qos,
                retain,
                origin,
                ..
            } = pending;
            let actions = self
                .session
                .as_mut()
                .map(|s| s.publish_retained(&topic, payload, qos, retain, origin))
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

    /// Keeps bytes for the socket until the page's current burst of work is done (or enough gathered).
    fn gather(&mut self, bytes: &[u8]) {
        if self.socket.is_none() {
            return;
        }
        self.gathered.extend_from_slice(bytes);
        if self.gathered.len() >= FLUSH_AT_BYTES {
            self.flush();
        } else if !self.flush_due {
            // A zero-delay timer runs after the tasks already queued (more incoming messages), so their
            // acknowledgements join this frame; alone, it runs at once. Bytes of a socket that is gone
            // are dropped with it, so a late flush finds nothing of an old socket.
            set_timeout_global(self.on_flush.as_ref().unchecked_ref(), 0);
            self.flush_due = true;
        }
    }

    fn flush(&mut self) {
        if self.gathered.is_empty() {
            return;
        }
        let ok = self.socket.as_ref().is_some_and(|s| s.send(&self.gathered));
        self.gathered.clear();
        if !ok {
            self.close_now("the WebSocket refused to send".into());
        }
    }

    fn start_timer(&mut self, kind: TimerKind, ms: f64) {
        let now = js_sys::Date::now();
        let deadline = now + ms;
        let slot = timer_slot(kind);
        self.timers[slot].deadline = Some(deadline);
        if self.timers[slot]
            .armed
            .as_ref()
            .is_none_or(|(at, _)| *at > deadline)
        {
            self.timers[slot].armed = Some((deadline, self.arm(kind, ms)));
        }
    }

    fn arm(&self, kind: TimerKind, ms: f64) -> Timeout {
        let tx = self.tx.clone();
        let generation = self.generation;
        Timeout::new(ms.max(0.0).ceil() as u32, move || {
            let _ = tx.unbounded_send(Input::Timer(generation, kind));
        })
    }

    /// A browser timer fired: tell the session if its deadline is due, else wait out the rest.
    fn timer_due(&mut self, kind: TimerKind) {
        let now = js_sys::Date::now();
        let slot = timer_slot(kind);
        self.timers[slot].armed = None;
        match self.timers[slot].deadline {
            Some(deadline) if deadline > now + 1.0 => {
                let rest = self.arm(kind, deadline - now);
                self.timers[slot].armed = Some((deadline, rest));
            }
            Some(_) => {
                self.timers[slot].deadline = None;
                if let Some(actions) = self.session.as_mut().map(|s| s.timer_fired(kind)) {
                    self.apply(actions);
                }
            }
            None => {}
        }
    }

    /// What belongs to one socket: its timers and bytes not yet sent.
    fn forget_socket_state(&mut self) {
        self.timers = Default::default();
        self.gathered.clear();
    }

    /// Closes the socket and treats it as lost now, rather than waiting for the browser's close event.
    fn close_now(&mut self, reason: String) {
        if self.socket.is_none() {
            return;
        }
        let reason = self.refused.clone().unwrap_or(reason);
        self.generation += 1; // the close event of this socket is now stale
        self.lost(reason);
    }
}
