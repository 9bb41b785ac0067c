//! The browser's lock manager (Web Locks), reached through `navigator.locks` by name: web-sys has it only
//! behind its unstable APIs. Locks are let go by the browser when their page goes, so a held lock means a
//! living page. Absent on an insecure origin (plain http on a LAN address) and in old browsers: callers
//! get `None` and fall back.

use leptos::prelude::window;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn manager() -> Option<(JsValue, js_sys::Function)> {
    let locks = js_sys::Reflect::get(&window().navigator(), &"locks".into()).ok()?;
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    Some((locks, request))
}

/// Whether this page has a lock manager.
pub fn available() -> bool {
    manager().is_some()
}

/// Asks for the lock `name`: `answer` gets whether it was granted and returns what keeps it held (a
/// promise: held until it settles). A request the browser refuses (an opaque origin has a lock manager that
/// rejects every request) is answered `false` too, so no asker waits for ever. `None`: no lock manager.
fn ask(
    name: &str,
    if_available: bool,
    answer: impl FnOnce(bool) -> JsValue + 'static,
) -> Option<()> {
    let (locks, request) = manager()?;
    type Answer = Box<dyn FnOnce(bool) -> JsValue>;
    let once: std::rc::Rc<std::cell::RefCell<Option<Answer>>> =
        std::rc::Rc::new(std::cell::RefCell::new(Some(Box::new(answer))));
    let refused = once.clone();
    let granted = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let answer = once.borrow_mut().take();
        answer.map_or(JsValue::UNDEFINED, |answer| answer(!lock.is_null()))
    });
    let options = options(if_available)?;
    let asked = request
        .call3(&locks, &name.into(), &options, &granted)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    // Refused: answered here. Granted: the request settles when the lock is let go (never, for a lock
    // held for the page's life), and this waits with it.
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(asked).await.is_err() {
            let answer = refused.borrow_mut().take();
            if let Some(answer) = answer {
                answer(false);
            }
        }
    });
    Some(())
}

/// Asks for the lock `name`, holds it for the page's life once granted. `Some(false)`: another page holds
/// it (`if_available`: answered at once instead of waiting for it), or the browser refused the request;
/// `None`: no lock manager. The request is queued before this returns its future, so a page that asks
/// first is served first.
pub fn hold(name: &str, if_available: bool) -> impl std::future::Future<Output = Option<bool>> {
    let (tx, rx) = futures::channel::oneshot::channel::<bool>();
    let asked = ask(name, if_available, move |held| {
        // The asker may have gone; the lock is held (or not) all the same.
        tx.send(held).ok();
        // A promise that never settles keeps the lock until the page goes.
        match held {
            true => js_sys::Promise::new(&mut |_, _| {}).into(),
            false => JsValue::UNDEFINED,
        }
    });
    async move {
        asked?;
        rx.await.ok()
    }
}

/// Runs `work` holding the lock `name` if no other page holds it (let go as soon as `work`'s future ends).
/// `None`: no lock manager; otherwise whether `work` ran.
pub async fn with_free<F>(name: &str, work: impl FnOnce() -> F + 'static) -> Option<bool>
where
    F: std::future::Future<Output = ()> + 'static,
{
    let (tx, rx) = futures::channel::oneshot::channel::<bool>();
    ask(name, true, move |held| {
        if !held {
            tx.send(false).ok();
            return JsValue::UNDEFINED;
        }
        // The lock is held until this promise settles: until `work` is done.
        wasm_bindgen_futures::future_to_promise(async move {
            work().await;
            tx.send(true).ok();
            Ok(JsValue::UNDEFINED)
        })
        .into()
    })?;
    rx.await.ok()
}

fn options(if_available: bool) -> Option<js_sys::Object> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"ifAvailable".into(), &if_available.into()).ok()?;
    Some(options)
}
