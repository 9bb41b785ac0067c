//! The board's MQTT client id: one per browser, claimed over a BroadcastChannel so two tabs never share one.

use crate::storage::{self, Key};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long a new tab waits for another tab to say it already uses the board's client id.
const CLAIM_WAIT_MS: u32 = 150;

/// A client id per tab, kept across reloads of that tab (sessionStorage).
fn tab_client_id() -> String {
    if let Some(id) = storage::load::<String>(Key::TabClientId) {
        return id;
    }
    let id = new_client_id();
    // Not precious: a tab that cannot keep its id takes a new one at its next reload.
    storage::save(Key::TabClientId, &id).ok();
    id
}

fn new_client_id() -> String {
    format!("board-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

/// The board's client id: one per browser, kept in localStorage so the broker can hold the session
/// (and queue orders) while the board is closed. Tabs ask each other over a BroadcastChannel first: a
/// second tab of the same board takes an id of its own, so two tabs never take each other's session over
/// in a loop. The returned channel must live as long as the page: it answers for this tab.
pub async fn claim_client_id() -> (String, Option<ClientIdGuard>) {
    let board_id = storage::load::<String>(Key::ClientId).unwrap_or_else(|| {
        let id = new_client_id();
        // Said on the page if it fails: a board that cannot keep its id gets a new session each load.
        storage::save(Key::ClientId, &id).ok();
        id
    });
    let Ok(channel) = web_sys::BroadcastChannel::new(Key::ClientId.name()) else {
        return (tab_client_id(), None);
    };
    let taken = std::rc::Rc::new(std::cell::Cell::new(false));
    let answer = format!("taken:{board_id}");
    let seen = taken.clone();
    let listen =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(answer.as_str()) {
                seen.set(true);
            }
        });
    channel.set_onmessage(Some(listen.as_ref().unchecked_ref()));
    // The lock answers at once, so a page does not wait to connect; where there is no lock manager, or
    // the lock is held (another tab, or this tab's page just reloaded and not yet let go), the tabs are asked.
    let id = if hold_lock(&board_id, true).await == Some(true) {
        board_id
    } else {
        let _ = channel.post_message(&format!("who:{board_id}").into());
        gloo_timers::future::TimeoutFuture::new(CLAIM_WAIT_MS).await;
        if taken.get() {
            tab_client_id()
        } else {
            // Held by a page gone by now: the lock follows once it is let go, for the next tab to find.
            wasm_bindgen_futures::spawn_local({
                let id = board_id.clone();
                async move {
                    hold_lock(&id, false).await;
                }
            });
            board_id
        }
    };

    let question = format!("who:{id}");
    let reply = format!("taken:{id}");
    let responder = channel.clone();
    let answer_others =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(question.as_str()) {
                let _ = responder.post_message(&reply.as_str().into());
            }
        });
    channel.set_onmessage(Some(answer_others.as_ref().unchecked_ref()));
    (
        id,
        Some(ClientIdGuard {
            _channel: channel,
            _answer: answer_others,
        }),
    )
}

/// Holds the lock named by the id for the page's life (see [`crate::locks::hold`]).
async fn hold_lock(id: &str, if_available: bool) -> Option<bool> {
    crate::locks::hold(&format!("{}:{id}", Key::ClientId.name()), if_available).await
}

/// Keeps this tab answering "this id is taken" for as long as the board lives.
pub struct ClientIdGuard {
    _channel: web_sys::BroadcastChannel,
    _answer: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for ClientIdGuard {
    fn drop(&mut self) {
        self._channel.set_onmessage(None);
        self._channel.close();
    }
}
