//! The only code that touches the WebSocket and timers: a thin runner that feeds browser events to the pure
//! [`Link`] and carries out its effects. It runs wherever it is started — in the engine's Web Worker, or in the
//! page when no worker can run — so it uses only what both scopes have (no `window`).

use super::boundary::{ClientEvent, Command};
use super::link::{Effect, Input as LinkInput, Link};
use super::reason::{Reason, Why};
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use gloo_timers::callback::Timeout;
use js_sys::{ArrayBuffer, Uint8Array};
use mqtt_protocol_core::mqtt::connection::TimerKind;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout`, there in a window and in a worker alike.
    #[wasm_bindgen(js_name = setTimeout)]
    pub(super) fn set_timeout_global(handler: &js_sys::Function, ms: i32) -> JsValue;
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
        // The loop lives as long as its thread; a send can only fail after it ended, when nothing listens.
        let _ = self.tx.unbounded_send(Input::Command(command));
    }
}

/// What the browser says. Socket and timer inputs carry the socket generation, so late events from a socket
/// already replaced are dropped here and the link never sees them.
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
    Online,
    Drain,
    /// Time to hand the bytes gathered since the last flush to the socket, in one frame.
    Flush,
}

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
                .unwrap_or_default()
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

fn timer_slot(kind: TimerKind) -> usize {
    match kind {
        TimerKind::PingreqSend => 0,
        TimerKind::PingreqRecv => 1,
        TimerKind::PingrespRecv => 2,
    }
}

/// The socket, the timers and the write coalescing around one [`Link`].
struct Driver {
    tx: UnboundedSender<Input>,
    on_event: Rc<dyn Fn(ClientEvent)>,
    link: Link,
    socket: Option<Socket>,
    generation: u64,
    timers: [KeepaliveTimer; 3],
    retry: Option<Timeout>,
    drain_timer: Option<Timeout>,
    /// Bytes for the socket not yet sent: every packet of one burst (acknowledgements, publishes) leaves
    /// in one WebSocket frame, as a socket send costs far more than the bytes it carries.
    gathered: Vec<u8>,
    flush_due: bool,
    /// One closure for every flush: it runs once per burst, at message rates.
    on_flush: Closure<dyn FnMut()>,
    _on_online: Closure<dyn FnMut()>,
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
            link: Link::new(seed),
            socket: None,
            generation: 0,
            timers: Default::default(),
            retry: None,
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

    fn step(&mut self, input: Input) {
        let current = self.generation;
        let input = match input {
            // The history is written here, off the page's thread; the link has nothing to do with it.
            Input::Command(Command::KeepHistory {
                batch,
                records,
                bound,
            }) => {
                let on_event = Rc::clone(&self.on_event);
                wasm_bindgen_futures::spawn_local(async move {
                    let problem = crate::history_db::keep(&records, bound).await.err();
                    on_event(ClientEvent::HistoryKept { batch, problem });
                });
                return;
            }
            Input::Command(command) => LinkInput::Command(command),
            Input::Opened(g) if g == current => LinkInput::Opened,
            Input::Bytes(g, bytes) if g == current => LinkInput::Bytes(bytes),
            Input::Closed { generation, code } if generation == current => {
                self.forget_socket();
                LinkInput::Closed { code }
            }
            // A browser timer whose deadline moved on sets itself again and tells the link nothing.
            Input::Timer(g, kind) if g == current => match self.timer_due(kind) {
                true => LinkInput::Timer(kind),
                false => return,
            },
            Input::Retry(g) if g == current => {
                self.retry = None;
                LinkInput::Retry
            }
            Input::Online => LinkInput::Online,
            Input::Drain => {
                self.drain_timer = None;
                LinkInput::Drain
            }
            Input::Flush => {
                self.flush_due = false;
                return self.flush();
            }
            _ => return, // stale input from a socket already replaced
        };
        self.feed(input);
    }

    fn feed(&mut self, input: LinkInput) {
        let buffered = self
            .socket
            .as_ref()
            .map_or(0, |s| s.ws.buffered_amount() as usize);
        let effects = self
            .link
            .step(input, js_sys::Date::now(), buffered + self.gathered.len());
        for effect in effects {
            self.carry_out(effect);
        }
    }

    fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::Open(url) => {
                self.forget_socket();
                match Socket::open(&url, self.generation, &self.tx) {
                    Ok(socket) => self.socket = Some(socket),
                    Err(detail) => self.feed(LinkInput::OpenFailed(
                        Reason::new(Why::SocketNotOpened).detail(detail),
                    )),
                }
            }
            Effect::Close => self.forget_socket(),
            Effect::Send(bytes) => self.gather(&bytes),
            Effect::StartTimer { kind, ms } => self.start_timer(kind, ms as f64),
            Effect::CancelTimer(kind) => self.timers[timer_slot(kind)].deadline = None,
            Effect::RetryIn(ms) => {
                let tx = self.tx.clone();
                let generation = self.generation;
                self.retry = Some(Timeout::new(ms as u32, move || {
                    let _ = tx.unbounded_send(Input::Retry(generation));
                }));
            }
            Effect::CancelRetry => self.retry = None,
            Effect::DrainLater => {
                if self.drain_timer.is_none() {
                    let tx = self.tx.clone();
                    self.drain_timer = Some(Timeout::new(DRAIN_RETRY_MS, move || {
                        let _ = tx.unbounded_send(Input::Drain);
                    }));
                }
            }
            Effect::Event(event) => (self.on_event)(event),
        }
    }

    /// Drops the socket (its handlers detached, so no late event) with its timers and unsent bytes; later
    /// inputs of it are stale.
    fn forget_socket(&mut self) {
        self.generation += 1;
        self.socket = None;
        self.timers = Default::default();
        self.gathered.clear();
    }

    /// Keeps bytes for the socket until the current burst of work is done (or enough gathered).
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
            self.feed(LinkInput::SendFailed);
        }
    }

    fn start_timer(&mut self, kind: TimerKind, ms: f64) {
        let deadline = js_sys::Date::now() + ms;
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

    /// A browser timer fired: whether the session's deadline is due (else the rest is waited out).
    fn timer_due(&mut self, kind: TimerKind) -> bool {
        let now = js_sys::Date::now();
        let slot = timer_slot(kind);
        self.timers[slot].armed = None;
        match self.timers[slot].deadline {
            Some(deadline) if deadline > now + 1.0 => {
                let rest = self.arm(kind, deadline - now);
                self.timers[slot].armed = Some((deadline, rest));
                false
            }
            Some(_) => {
                self.timers[slot].deadline = None;
                true
            }
            None => false,
        }
    }
}
