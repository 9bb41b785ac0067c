//! The offline shell seen from the page: registers the service worker (release builds), offers a new version
//! that waits, and knows since when the browser has had no network.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open board asks the host for a new build (also at every `online`).
const UPDATE_CHECK: Duration = Duration::from_secs(15 * 60);

/// Since when the board has been without network: `None` while online. A reload made offline keeps the
/// moment the network went, not the moment of the reload.
pub fn offline_since(online: bool, stored: Option<i64>, now: i64) -> Option<i64> {
    (!online).then(|| stored.filter(|&at| at <= now).unwrap_or(now))
}

/// Why this board cannot be kept for offline use (it still works while the network is there).
#[derive(Clone, Debug, PartialEq)]
pub enum Unavailable {
    /// Served over plain http from elsewhere than localhost: browsers keep no service worker then.
    PlainHttp,
    /// The browser refused the service worker; its own words.
    NotKept(String),
}

/// What the shell tells the page, shared through context.
#[derive(Clone, Copy)]
pub struct ShellStatus {
    /// Since when the browser reports no network.
    pub offline_since: ReadSignal<Option<i64>>,
    /// A new build is installed and waits for the user's "Reload".
    pub update_ready: ReadSignal<bool>,
    /// Why this page cannot be kept for offline use (plain http from another machine, …), if it cannot.
    pub unavailable: ReadSignal<Option<Unavailable>>,
    registration: StoredValue<Option<Registered>, LocalStorage>,
}

/// The registration and the one closure watching it; dropped with the page's owner.
struct Registered {
    reg: ServiceWorkerRegistration,
    _check: Closure<dyn Fn()>,
}

impl ShellStatus {
    /// Switches to the waiting build: the new service worker takes over, then the page reloads into it.
    pub fn apply_update(&self) {
        let Some(waiting) = self
            .registration
            .with_value(|r| r.as_ref().and_then(|r| r.reg.waiting()))
        else {
            return;
        };
        let container = window().navigator().service_worker();
        // Reload only for the switch the user asked for (the first install also changes the controller).
        let reload = Closure::once_into_js(|| {
            let _ = window().location().reload();
        });
        container.set_oncontrollerchange(Some(reload.unchecked_ref()));
        let _ = waiting.post_message(&"skip-waiting".into());
    }
}

/// Starts the shell for this page's lifetime and returns what it reports.
pub fn start(now_ms: fn() -> i64) -> ShellStatus {
    let stored = crate::storage::load::<i64>(crate::storage::Key::OfflineSince);
    let since = RwSignal::new(offline_since(
        window().navigator().on_line(),
        stored,
        now_ms(),
    ));
    let update_ready = RwSignal::new(false);
    let unavailable = RwSignal::new(None::<Unavailable>);
    let registration = StoredValue::new_local(None::<Registered>);

    let network_changed = move || {
        let value = offline_since(
            window().navigator().on_line(),
            since.get_untracked(),
            now_ms(),
        );
        use crate::storage::{remove, save, Key};
        match value {
            // Not precious: without it an offline reload says "since" the reload instead.
            Some(at) => {
                save(Key::OfflineSince, &at).ok();
            }
            None => remove(Key::OfflineSince),
        }
        since.set(value);
    };
    network_changed();
    let online = window_event_listener(leptos::ev::online, move |_| {
        network_changed();
        check_for_update(registration);
    });
    let offline = window_event_listener(leptos::ev::offline, move |_| network_changed());
    on_cleanup(move || {
        online.remove();
        offline.remove();
    });

    if cfg!(debug_assertions) {
        // `trunk serve`: never a cached page, whatever a release build left on this origin.
        leptos::task::spawn_local(remove_service_workers());
    } else if !window().is_secure_context() {
        unavailable.set(Some(Unavailable::PlainHttp));
    } else {
        leptos::task::spawn_local(register(registration, update_ready, unavailable));
        if let Ok(handle) =
            set_interval_with_handle(move || check_for_update(registration), UPDATE_CHECK)
        {
            on_cleanup(move || handle.clear());
        }
    }
    ShellStatus {
        offline_since: since.read_only(),
        update_ready: update_ready.read_only(),
        unavailable: unavailable.read_only(),
        registration,
    }
}

/// Asks the service worker to keep `path` (the catalogue of the language spoken) for offline use. The first
/// visit's page is not under the worker yet, so what it fetched is not kept by itself.
pub fn keep_offline(path: String) {
    if cfg!(debug_assertions) || !window().is_secure_context() {
        return;
    }
    leptos::task::spawn_local(async move {
        let Ok(ready) = window().navigator().service_worker().ready() else {
            return;
        };
        if let Ok(reg) = JsFuture::from(ready).await {
            if let Some(worker) = reg.unchecked_into::<ServiceWorkerRegistration>().active() {
                // Not told, the worker keeps the catalogue the next time the page fetches it.
                drop(worker.post_message(&format!("keep:{path}").into()));
            }
        }
    });
}

fn check_for_update(registration: StoredValue<Option<Registered>, LocalStorage>) {
    registration.with_value(|r| {
        if let Some(Registered { reg: r, .. }) = r {
            if let Ok(check) = r.update() {
                // A failed check (no network) is normal offline; the next one tries again.
                leptos::task::spawn_local(async move {
                    let _ = JsFuture::from(check).await;
                });
            }
        }
    });
}

async fn register(
    registration: StoredValue<Option<Registered>, LocalStorage>,
    update_ready: RwSignal<bool>,
    unavailable: RwSignal<Option<Unavailable>>,
) {
    let container = window().navigator().service_worker();
    let reg = match JsFuture::from(container.register("sw.js")).await {
        Ok(reg) => reg.unchecked_into::<ServiceWorkerRegistration>(),
        Err(e) => {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            unavailable.set(Some(Unavailable::NotKept(why)));
            return;
        }
    };
    // One closure for the page's lifetime: on every update found it follows the installing worker (it
    // hands itself to that worker's `statechange`), and says "ready" once a new build is installed while an
    // older one still runs this page.
    let watched = reg.clone();
    let itself = std::rc::Rc::new(std::cell::OnceCell::<js_sys::Function>::new());
    let handle = itself.clone();
    let check = Closure::<dyn Fn()>::new(move || {
        let container: ServiceWorkerContainer = window().navigator().service_worker();
        if let (Some(installing), Some(this)) = (watched.installing(), handle.get()) {
            installing.set_onstatechange(Some(this));
        }
        let waiting = watched
            .waiting()
            .is_some_and(|w| w.state() == ServiceWorkerState::Installed);
        update_ready.set(waiting && container.controller().is_some());
    });
    let function: js_sys::Function = check.as_ref().clone().unchecked_into();
    let _ = itself.set(function.clone());
    reg.set_onupdatefound(Some(&function));
    let _ = function.call0(&JsValue::NULL);
    registration.set_value(Some(Registered { reg, _check: check }));
}

async fn remove_service_workers() {
    let container = window().navigator().service_worker();
    if let Ok(list) = JsFuture::from(container.get_registrations()).await {
        for reg in js_sys::Array::from(&list).iter() {
            let _ = reg
                .unchecked_into::<ServiceWorkerRegistration>()
                .unregister();
        }
    }
    if let Ok(caches) = window().caches() {
        if let Ok(keys) = JsFuture::from(caches.keys()).await {
            for key in js_sys::Array::from(&keys).iter() {
                if let Some(name) = key
                    .as_string()
                    .filter(|n| n.starts_with("order-board-shell-"))
                {
                    let _ = caches.delete(&name);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::offline_since;

    #[test]
    fn online_means_no_offline_time() {
        assert_eq!(offline_since(true, Some(5), 10), None);
    }

    #[test]
    fn going_offline_starts_the_clock_now() {
        assert_eq!(offline_since(false, None, 10), Some(10));
    }

    #[test]
    fn a_reload_while_offline_keeps_when_the_network_went() {
        assert_eq!(offline_since(false, Some(4), 10), Some(4));
    }

    #[test]
    fn a_stored_time_in_the_future_is_not_believed() {
        assert_eq!(offline_since(false, Some(50), 10), Some(10));
    }
}
