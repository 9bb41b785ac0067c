//! The engine's Web Worker: a dedicated worker (`engine.js`, written by the build) owns the socket, the
//! session and the decoding of every message, so a burst of orders never queues in front of a cook's tap. It
//! takes the page's commands and sends its events in one message per frame, as bytes (src/mqtt/wire.rs)
//! whose buffer moves to the page rather than being copied.

use super::batcher::Batcher;
use super::transport::Runner;
use super::wire::{decode_commands, encode_events};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What the worker says once it listens for commands; everything else it says is a batch of events.
pub(super) const READY: &str = "ready";

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
