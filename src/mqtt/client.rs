//! The page's side of the connection: [`MqttClient`] starts the engine in its Web Worker (`engine.js`,
//! written by the build; see src/mqtt/worker.rs) or, when no worker can run, in the page, and hands it the
//! UI's commands. The worker's events come back as bytes (src/mqtt/wire.rs), handed on once per frame.

use super::batcher::Batcher;
use super::boundary::{ClientEvent, Command};
use super::transport::Runner;
use super::wire::{decode_events, encode_commands};
use super::worker::READY;
use futures::channel::mpsc::{unbounded, UnboundedReceiver};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker's script, next to index.html.
const ENGINE_SCRIPT: &str = "engine.js";
/// Where index.html leaves the worker it started early, and whether that one failed to load.
const STARTED_WORKER: &str = "__orderBoardEngine";
const STARTED_WORKER_FAILED: &str = "__orderBoardEngineFailed";

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
        let worker = match in_worker {
            true => started_worker().or_else(new_worker),
            false => None,
        };
        match worker {
            Some(worker) => MqttClient::with_worker(worker, on_event),
            None => MqttClient::in_page(on_event),
        }
    }

    fn in_page(on_event: Deliver) -> MqttClient {
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
    }

    fn with_worker(worker: Worker, on_event: Deliver) -> MqttClient {
        // The page's compiled module goes first: the worker instantiates it instead of downloading and
        // compiling the wasm a second time.
        let _ = worker.post_message(&wasm_bindgen::module());
        let mode = Rc::new(RefCell::new(Mode::Starting(Vec::new())));
        let on_message = on_worker_message(&mode, &worker, on_event.clone());
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let last_connect = Rc::new(RefCell::new(None::<Command>));
        let on_error = on_worker_error(&mode, &worker, on_event, &last_connect);
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
            Mode::Worker => self.post_after_this_task(command),
            Mode::InPage(runner) => runner.send(command),
        }
    }

    /// Gathers the commands of this task for the worker, posted as one message when the task ends.
    fn post_after_this_task(&self, command: Command) {
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
}

/// What the worker says: "ready" once (the commands that waited go), then batches of events, handed on with
/// the page's next frame as the in-page engine's are: the board then changes where the page renders anyway,
/// and a tap between frames finds the thread free.
fn on_worker_message(
    mode: &Rc<RefCell<Mode>>,
    worker: &Worker,
    events: Deliver,
) -> Closure<dyn FnMut(MessageEvent)> {
    let (mode, worker) = (mode.clone(), worker.clone());
    let told = worker.clone();
    let tell_frame: Box<dyn Fn(f64)> = Box::new(move |at| {
        let _ = told.post_message(&JsValue::from_f64(at));
    });
    let in_frames = Batcher::new(move |batch| events(batch), Some(tell_frame));
    Closure::new(move |e: MessageEvent| {
        let data = e.data();
        if data.as_string().as_deref() == Some(READY) {
            return worker_ready(&mode, &worker);
        }
        let Some(bytes) = data.dyn_ref::<js_sys::Uint8Array>() else {
            return;
        };
        match decode_events(&bytes.to_vec()) {
            Ok(batch) => batch.into_iter().for_each(|event| in_frames.push(event)),
            Err(e) => web_sys::console::error_1(&e.to_string().into()),
        }
    })
}

/// The worker listens: the commands that waited for it go, in order.
fn worker_ready(mode: &RefCell<Mode>, worker: &Worker) {
    let previous = std::mem::replace(&mut *mode.borrow_mut(), Mode::Worker);
    match previous {
        Mode::Starting(waiting) => post(worker, &waiting),
        other => *mode.borrow_mut() = other,
    }
}

/// A worker that cannot load (an old host without engine.js, a browser without module workers) or that
/// stops: the connection moves into the page and starts again with the last Connect.
fn on_worker_error(
    mode: &Rc<RefCell<Mode>>,
    worker: &Worker,
    events: Deliver,
    last_connect: &Rc<RefCell<Option<Command>>>,
) -> Closure<dyn FnMut(Event)> {
    let (mode, worker, last_connect) = (mode.clone(), worker.clone(), last_connect.clone());
    // A script that fails to load or parse gives a plain Event; an exception inside gives an ErrorEvent.
    Closure::new(move |e: Event| {
        e.prevent_default();
        let why = e
            .dyn_ref::<ErrorEvent>()
            .map_or_else(|| "it did not load".to_owned(), ErrorEvent::message);
        web_sys::console::warn_1(
            &format!("connection engine worker failed ({why}); running it in the page").into(),
        );
        // An error in a handler does not end a worker: end it, or its socket would fight the page's
        // for the same client id.
        worker.set_onmessage(None);
        worker.terminate();
        move_into_page(&mode, events.clone(), &last_connect);
    })
}

/// Starts the engine in the page and gives it what the worker would have had: the commands still waiting,
/// or the last Connect.
fn move_into_page(mode: &RefCell<Mode>, events: Deliver, last_connect: &RefCell<Option<Command>>) {
    let runner = in_this_thread(events);
    let previous = std::mem::replace(&mut *mode.borrow_mut(), Mode::InPage(runner.clone()));
    match previous {
        Mode::Starting(waiting) => waiting.into_iter().for_each(|c| runner.send(c)),
        Mode::Worker => {
            if let Some(connect) = last_connect.borrow().clone() {
                runner.send(connect);
            }
        }
        Mode::InPage(_) => {}
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

fn new_worker() -> Option<Worker> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(ENGINE_SCRIPT, &options).ok()
}

fn post(worker: &Worker, commands: &[Command]) {
    if commands.is_empty() {
        return;
    }
    let bytes = js_sys::Uint8Array::from(&encode_commands(commands)[..]);
    // The buffer moves to the worker instead of being copied.
    let _ = worker.post_message_with_transfer(&bytes, &js_sys::Array::of1(&bytes.buffer()));
}

/// An engine in this thread whose events reach `on_event` in batches.
fn in_this_thread(on_event: Deliver) -> Runner {
    let batcher = Batcher::new(move |events| on_event(events), None);
    Runner::start(move |event| batcher.push(event))
}
