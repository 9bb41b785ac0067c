//! Where the connection runs: a dedicated Web Worker (`engine.js`, written by the build) owns the socket, the
//! session and the decoding of every message, so a burst of orders never queues in front of a cook's tap. The
//! page talks to it only through [`MqttClient`]; the worker sends its events in one message per frame, as
//! bytes (src/mqtt/wire.rs) whose buffer moves to the page rather than being copied.

use super::boundary::{ClientEvent, Command};
use super::pacing::Pacing;
use super::transport::{set_timeout_global, Runner};
use super::wire::{decode_commands, decode_events, encode_commands, encode_events};
use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    DedicatedWorkerGlobalScope, ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType,
};

/// The worker's script, next to index.html.
const ENGINE_SCRIPT: &str = "engine.js";
/// Where index.html leaves the worker it started early, and whether that one failed to load.
const STARTED_WORKER: &str = "__orderBoardEngine";
const STARTED_WORKER_FAILED: &str = "__orderBoardEngineFailed";
/// What the worker says once it listens for commands; everything else it says is a batch of events.
const READY: &str = "ready";
/// A hidden tab gets no animation frames; its events still arrive this often.
const HIDDEN_FALLBACK_MS: i32 = 250;

/// Where a batch of events goes, on the page's thread.
type Deliver = Rc<dyn Fn(Vec<ClientEvent>)>;

/// Where the commands go.
enum Mode {
    /// The worker is loading; commands wait, in order.
    Starting(Vec<Command>),
    Worker,
    /// No worker could run (or it stopped): the connection runs in the page, as one loop all the same.
    InPage(Runner),
}

/// A cheap, cloneable handle: the only way the UI talks to the connection.
#[derive(Clone)]
pub struct MqttClient {
    inner: Rc<Inner>,
}

struct Inner {
    mode: Rc<RefCell<Mode>>,
    /// The last Connect, to start over with if the worker stops.
    last_connect: Rc<RefCell<Option<Command>>>,
    worker: Option<Worker>,
    /// Commands of the current task, posted together when it ends (one message, not one per publish).
    outgoing: Rc<RefCell<Vec<Command>>>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(Event)>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
    }
}

impl MqttClient {
    /// Starts the engine in a worker (or in the page when `in_worker` is false or no worker can start).
    /// Its events come out of the returned receiver on the page's thread, a batch at a time (at most one a
    /// frame), so whoever reads them can be made after the client.
    pub fn start(in_worker: bool) -> (MqttClient, UnboundedReceiver<Vec<ClientEvent>>) {
        let (tx, rx) = unbounded();
        let on_batch: Deliver = Rc::new(move |batch| {
            // The receiver lives as long as the page; after it, nobody listens.
            let _ = tx.unbounded_send(batch);
        });
        (MqttClient::with_engine(in_worker, on_batch), rx)
    }

    fn with_engine(in_worker: bool, on_event: Deliver) -> MqttClient {
        let in_page = |on_event: Deliver| {
            let mode = Mode::InPage(in_this_thread(on_event));
            MqttClient {
                inner: Rc::new(Inner {
                    mode: Rc::new(RefCell::new(mode)),
                    last_connect: Rc::default(),
                    worker: None,
                    outgoing: Rc::default(),
                    _on_message: None,
                    _on_error: None,
                }),
            }
        };
        if !in_worker {
            return in_page(on_event);
        }
        let Some(worker) = started_worker().or_else(|| {
            let options = WorkerOptions::new();
            options.set_type(WorkerType::Module);
            Worker::new_with_options(ENGINE_SCRIPT, &options).ok()
        }) else {
            return in_page(on_event);
        };
        // The page's compiled module goes first: the worker instantiates it instead of downloading and
        // compiling the wasm a second time.
        let _ = worker.post_message(&wasm_bindgen::module());
        let mode = Rc::new(RefCell::new(Mode::Starting(Vec::new())));

        let (m, w) = (mode.clone(), worker.clone());
        // The worker's batches are handed on with the page's next frame, as the in-page engine's are: the
        // board then changes where the page renders anyway, and a tap between frames finds the thread free.
        let events = on_event.clone();
        let told = worker.clone();
        let tell_frame: Box<dyn Fn(f64)> = Box::new(move |at| {
            let _ = told.post_message(&JsValue::from_f64(at));
        });
        let in_frames = Batcher::new(move |batch| events(batch), Some(tell_frame));
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if data.as_string().as_deref() == Some(READY) {
                let waiting = match std::mem::replace(&mut *m.borrow_mut(), Mode::Worker) {
                    Mode::Starting(waiting) => waiting,
                    other => {
                        *m.borrow_mut() = other;
                        return;
                    }
                };
                post(&w, &waiting);
                return;
            }
            let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() else {
                return;
            };
            match decode_events(&bytes.to_vec()) {
                Ok(batch) => batch.into_iter().for_each(|event| in_frames.push(event)),
                Err(e) => web_sys::console::error_1(&e.to_string().into()),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        // A worker that cannot load (an old host without engine.js, a browser without module workers) or that
        // stops: the connection moves into the page and starts again with the last Connect.
        let (m, w, events) = (mode.clone(), worker.clone(), on_event.clone());
        let last_connect = Rc::new(RefCell::new(None::<Command>));
        let remembered = last_connect.clone();
        // A script that fails to load or parse gives a plain Event; an exception inside gives an ErrorEvent.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            e.prevent_default();
            let why = e
                .dyn_ref::<ErrorEvent>()
                .map_or_else(|| "it did not load".to_owned(), ErrorEvent::message);
            web_sys::console::warn_1(
                &format!("connection engine worker failed ({why}); running it in the page").into(),
            );
            // An error in a handler does not end a worker: end it, or its socket would fight the page's
            // for the same client id.
            w.set_onmessage(None);
            w.terminate();
            let runner = in_this_thread(events.clone());
            let previous = std::mem::replace(&mut *m.borrow_mut(), Mode::InPage(runner.clone()));
            match previous {
                Mode::Starting(waiting) => waiting.into_iter().for_each(|c| runner.send(c)),
                Mode::Worker => {
                    if let Some(connect) = remembered.borrow().clone() {
                        runner.send(connect);
                    }
                }
                Mode::InPage(_) => {}
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A worker started by index.html may have failed before anyone listened: its error is said again.
        if started_worker_failed() {
            if let Ok(error) = Event::new("error") {
                let _ = worker.dispatch_event(&error);
            }
        }

        MqttClient {
            inner: Rc::new(Inner {
                mode,
                last_connect,
                worker: Some(worker),
                outgoing: Rc::default(),
                _on_message: Some(on_message),
                _on_error: Some(on_error),
            }),
        }
    }

    pub fn send(&self, command: Command) {
        if matches!(command, Command::Connect(_)) {
            *self.inner.last_connect.borrow_mut() = Some(command.clone());
        }
        let mut mode = self.inner.mode.borrow_mut();
        match &mut *mode {
            Mode::Starting(waiting) => waiting.push(command),
            Mode::Worker => {
                let mut outgoing = self.inner.outgoing.borrow_mut();
                outgoing.push(command);
                if outgoing.len() == 1 {
                    if let Some(worker) = self.inner.worker.clone() {
                        let queue = self.inner.outgoing.clone();
                        // Right after the task that sent them, before anything else runs.
                        wasm_bindgen_futures::spawn_local(async move {
                            post(&worker, &std::mem::take(&mut *queue.borrow_mut()));
                        });
                    }
                }
            }
            Mode::InPage(runner) => runner.send(command),
        }
    }
}

/// The worker index.html started while the wasm was still loading (see scripts/post-build.mjs), so its
/// scripts load alongside the page's; taken once.
fn started_worker() -> Option<Worker> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(STARTED_WORKER);
    let worker = js_sys::Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<Worker>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    Some(worker)
}

fn started_worker_failed() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(STARTED_WORKER_FAILED)).ok())
        .is_some_and(|failed| failed.is_truthy())
}

fn post(worker: &Worker, commands: &[Command]) {
    if commands.is_empty() {
        return;
    }
    let bytes = js_sys::Uint8Array::from(&encode_commands(commands)[..]);
    // The buffer moves to the worker instead of being copied.
    let _ = worker.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
}

/// Events gathered since the last delivery, delivered together at most once a frame. In the page they go
/// with the next animation frame (and a timer for hidden tabs, which get none); in the worker, which has no
/// frames of its own, just before the page's next frame as the page reports them (see [`Pacing`]). A burst
/// costs the page one task a frame; a lone order waits for no more than the frame it needs anyway.
struct Batcher {
    events: RefCell<Vec<ClientEvent>>,
    armed: Cell<bool>,
    /// When the waiting batch was armed: a fallback timer set for an earlier batch must not deliver it
    /// outside a frame (under a flood one always waits, and stale timers took half the batches).
    armed_at: Cell<f64>,
    pacing: Cell<Pacing>,
    deliver: Box<dyn Fn(Vec<ClientEvent>)>,
    window: Option<web_sys::Window>,
    /// In the page: told of a frame (at most twice a second), so the worker can time its batches to it.
    on_frame: Option<Box<dyn Fn(f64)>>,
    frame_told: Cell<f64>,
    /// One closure for every delivery, made once for the batcher's life; an animation frame passes it its
    /// time, a timer nothing.
    on_due: RefCell<Option<OnFrame>>,
    /// The hidden tab's fallback, made once too.
    on_late: RefCell<Option<Closure<dyn FnMut()>>>,
}

/// Called by an animation frame (with its time) or a timer (with nothing).
type OnFrame = Closure<dyn FnMut(JsValue)>;

/// How often the page tells the worker when its frames are: their rhythm drifts only slowly.
const FRAME_TOLD_EVERY_MS: f64 = 500.0;

impl Batcher {
    fn new(
        deliver: impl Fn(Vec<ClientEvent>) + 'static,
        on_frame: Option<Box<dyn Fn(f64)>>,
    ) -> Rc<Batcher> {
        let batcher = Rc::new(Batcher {
            events: RefCell::default(),
            armed: Cell::new(false),
            armed_at: Cell::new(0.0),
            pacing: Cell::default(),
            deliver: Box::new(deliver),
            window: web_sys::window(),
            on_frame,
            frame_told: Cell::new(f64::NEG_INFINITY),
            on_due: RefCell::new(None),
            on_late: RefCell::new(None),
        });
        let weak = Rc::downgrade(&batcher);
        let on_due = Closure::<dyn FnMut(JsValue)>::new(move |frame: JsValue| {
            if let Some(b) = weak.upgrade() {
                if let Some(frame) = frame.as_f64() {
                    b.frame_seen(time_origin() + frame);
                }
                b.due();
            }
        });
        let weak = Rc::downgrade(&batcher);
        let on_late = Closure::<dyn FnMut()>::new(move || {
            if let Some(b) = weak.upgrade() {
                // Only the timer of the batch still waiting delivers it (-1: timers may fire a little early).
                let waited = clock() - b.armed_at.get();
                if waited >= f64::from(HIDDEN_FALLBACK_MS) - 1.0 {
                    b.due();
                }
            }
        });
        *batcher.on_due.borrow_mut() = Some(on_due);
        *batcher.on_late.borrow_mut() = Some(on_late);
        batcher
    }

    /// The page drew a frame at `at` (the shared clock): tell the worker now and then.
    fn frame_seen(&self, at: f64) {
        if let Some(tell) = &self.on_frame {
            if at - self.frame_told.get() >= FRAME_TOLD_EVERY_MS {
                self.frame_told.set(at);
                tell(at);
            }
        }
    }

    /// The worker heard when the page draws.
    fn page_frame(&self, at: f64) {
        let mut pacing = self.pacing.get();
        pacing.frame_seen(at);
        self.pacing.set(pacing);
    }

    fn push(&self, event: ClientEvent) {
        self.events.borrow_mut().push(event);
        self.arm();
    }

    fn arm(&self) {
        if self.armed.replace(true) {
            return;
        }
        let now = clock();
        self.armed_at.set(now);
        let on_due = self.on_due.borrow();
        let Some(f) = on_due
            .as_ref()
            .map(|f| f.as_ref().unchecked_ref::<js_sys::Function>())
        else {
            return;
        };
        match &self.window {
            Some(window) => {
                let _ = window.request_animation_frame(f);
                if let Some(late) = self.on_late.borrow().as_ref() {
                    set_timeout_global(late.as_ref().unchecked_ref(), HIDDEN_FALLBACK_MS);
                }
            }
            // Timers count whole ms: rounded up, so a slot is never missed by firing early.
            None => {
                set_timeout_global(f, self.pacing.get().wait(now).ceil() as i32);
            }
        }
    }

    fn due(&self) {
        if !self.armed.replace(false) {
            return; // the frame and the fallback timer both fire; the first one delivers
        }
        let mut pacing = self.pacing.get();
        pacing.sent(clock());
        self.pacing.set(pacing);
        let events = {
            let mut waiting = self.events.borrow_mut();
            match self.window {
                // The worker hands on a frame's worth at most: after a stall (a busy thread, a broker
                // flushing a backlog) the page takes thousands of orders over several frames, not in one.
                None if waiting.len() > EVENTS_PER_FRAME => {
                    let rest = waiting.split_off(EVENTS_PER_FRAME);
                    std::mem::replace(&mut *waiting, rest)
                }
                _ => std::mem::take(&mut *waiting),
            }
        };
        if !events.is_empty() {
            (self.deliver)(events);
        }
        if !self.events.borrow().is_empty() {
            self.arm();
        }
    }
}

/// At most this many events in one batch from the worker: about 20 ms of the page's time, and still
/// 20,000 orders a second when a burst slows the page to 20 frames a second (a broker sends one board here
/// about 15,000 a second in a burst; a cap of 500 was measured to hold the 10k burst back).
const EVENTS_PER_FRAME: usize = 1000;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, in a window and in a worker alike.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
    #[wasm_bindgen(thread_local_v2, js_namespace = performance, js_name = timeOrigin)]
    static TIME_ORIGIN: f64;
}

fn time_origin() -> f64 {
    TIME_ORIGIN.with(|t| *t)
}

/// One clock for the page and the worker: each has its own `performance.now()` but the same wall time.
fn clock() -> f64 {
    time_origin() + performance_now()
}

/// An engine in this thread whose events reach `on_event` in batches.
fn in_this_thread(on_event: Deliver) -> Runner {
    let batcher = Batcher::new(move |events| on_event(events), None);
    Runner::start(move |event| batcher.push(event))
}

/// The worker's start: runs the engine and hands it every command the page posts.
pub fn run_worker() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let page = scope.clone();
    let batcher = Batcher::new(
        move |events| {
            let bytes = js_sys::Uint8Array::from(&encode_events(&events)[..]);
            let _ = page.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
        },
        None,
    );
    let pusher = batcher.clone();
    let runner = Runner::start(move |event| pusher.push(event));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        // A number is when the page drew a frame; everything else it posts is commands.
        if let Some(frame) = data.as_f64() {
            return batcher.page_frame(frame);
        }
        let Some(bytes) = data
            .dyn_ref::<js_sys::Uint8Array>()
            .map(js_sys::Uint8Array::to_vec)
        else {
            return;
        };
        match decode_commands(&bytes) {
            Ok(commands) => commands.into_iter().for_each(|c| runner.send(c)),
            Err(e) => web_sys::console::error_1(&e.to_string().into()),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // One handler for the worker's whole life, made once: nothing to free before the worker ends.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
