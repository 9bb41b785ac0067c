//! Events gathered since the last delivery, delivered together at most once a frame. In the page they go
//! with the next animation frame (and a timer for hidden tabs, which get none); in the worker, which has no
//! frames of its own, just before the page's next frame as the page reports them. A burst costs the page one
//! task a frame; a lone order waits for no more than the frame it needs anyway. Every timing decision is
//! [`BatchTiming`]'s (pure, tested natively); this file only asks the browser for frames and timers.

use super::boundary::ClientEvent;
use super::pacing::{batch_len, BatchTiming, HIDDEN_FALLBACK_MS};
use super::transport::set_timeout_global;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Called by an animation frame (with its time) or a timer (with nothing).
type OnFrame = Closure<dyn FnMut(JsValue)>;

pub(super) struct Batcher {
    events: RefCell<Vec<ClientEvent>>,
    timing: Cell<BatchTiming>,
    deliver: Box<dyn Fn(Vec<ClientEvent>)>,
    /// The page's window; none in the worker.
    window: Option<web_sys::Window>,
    /// In the page: told of a frame now and then, so the worker can time its batches to it.
    on_frame: Option<Box<dyn Fn(f64)>>,
    /// One closure for every delivery, made once for the batcher's life; an animation frame passes it its
    /// time, a timer nothing.
    on_due: RefCell<Option<OnFrame>>,
    /// The hidden tab's fallback, made once too.
    on_late: RefCell<Option<Closure<dyn FnMut()>>>,
}

impl Batcher {
    pub(super) fn new(
        deliver: impl Fn(Vec<ClientEvent>) + 'static,
        on_frame: Option<Box<dyn Fn(f64)>>,
    ) -> Rc<Batcher> {
        let batcher = Rc::new(Batcher {
            events: RefCell::default(),
            timing: Cell::default(),
            deliver: Box::new(deliver),
            window: web_sys::window(),
            on_frame,
            on_due: RefCell::new(None),
            on_late: RefCell::new(None),
        });
        // Weak: the closures live in the batcher, so a strong one would keep it alive forever.
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
                if b.timing.get().fallback_due(clock()) {
                    b.due();
                }
            }
        });
        *batcher.on_due.borrow_mut() = Some(on_due);
        *batcher.on_late.borrow_mut() = Some(on_late);
        batcher
    }

    /// One change to the timing state, which lives in a `Cell` as it is small and `Copy`.
    fn timing<R>(&self, change: impl FnOnce(&mut BatchTiming) -> R) -> R {
        let mut timing = self.timing.get();
        let result = change(&mut timing);
        self.timing.set(timing);
        result
    }

    /// The page drew a frame at `at` (the shared clock): tell the worker now and then.
    fn frame_seen(&self, at: f64) {
        if let Some(tell) = &self.on_frame {
            if self.timing(|t| t.frame_drawn(at)) {
                tell(at);
            }
        }
    }

    /// The worker heard when the page draws.
    pub(super) fn page_frame(&self, at: f64) {
        self.timing(|t| t.page_frame(at));
    }

    pub(super) fn push(&self, event: ClientEvent) {
        self.events.borrow_mut().push(event);
        // Checked before reading the clock: under a flood most events join a batch already waiting.
        if !self.timing.get().is_armed() {
            self.arm();
        }
    }

    fn arm(&self) {
        let now = clock();
        if !self.timing(|t| t.arm(now)) {
            return;
        }
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
            None => {
                set_timeout_global(f, self.timing.get().worker_delay_ms(now));
            }
        }
    }

    fn due(&self) {
        if !self.timing(|t| t.deliver(clock())) {
            return;
        }
        let events = {
            let mut waiting = self.events.borrow_mut();
            let len = batch_len(waiting.len(), self.window.is_none());
            let rest = waiting.split_off(len);
            std::mem::replace(&mut *waiting, rest)
        };
        if !events.is_empty() {
            (self.deliver)(events);
        }
        if !self.events.borrow().is_empty() {
            self.arm();
        }
    }
}

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
