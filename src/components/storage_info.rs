//! The tools screen's word on the browser's storage: whether the browser promised to keep the board's data
//! (`navigator.storage.persist()`, asked once per page by the history) and how much space it uses.

use crate::i18n::*;
use leptos::prelude::*;

/// What the browser says of this page's storage.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Said {
    persisted: Option<bool>,
    used_mb: Option<f64>,
    quota_mb: Option<f64>,
}

#[component]
pub fn StorageInfo() -> impl IntoView {
    let i18n = use_i18n();
    let said = RwSignal::new(Said::default());
    leptos::task::spawn_local(async move {
        said.set(ask().await);
    });
    let promised = move || {
        let locale = i18n.get_locale();
        match said.get().persisted {
            Some(true) => td_string!(locale, storage_persisted).to_string(),
            Some(false) => td_string!(locale, storage_not_persisted).to_string(),
            None => String::new(),
        }
    };
    let space = move || {
        let s = said.get();
        let (used, quota) = (s.used_mb?, s.quota_mb?);
        let locale = i18n.get_locale();
        let (used, quota) = (format!("{used:.1}"), format!("{quota:.0}"));
        Some(td_string!(locale, storage_space, used = used, quota = quota).to_string())
    };
    let kept = expect_context::<crate::history::History>().kept();
    view! {
        <p class="storage-info" data-testid="storage-info"
            data-persisted=move || said.get().persisted.map(|p| p.to_string())
            data-history-waiting=move || kept.with(|k| k.waiting)>
            {promised}" "{space}
        </p>
    }
}

async fn ask() -> Said {
    use wasm_bindgen_futures::JsFuture;
    let Ok(manager) = js_sys::Reflect::get(&window().navigator(), &"storage".into()) else {
        return Said::default();
    };
    if manager.is_undefined() {
        return Said::default();
    }
    let manager: web_sys::StorageManager = wasm_bindgen::JsCast::unchecked_into(manager);
    let persisted = match manager.persisted() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let estimate = match manager.estimate() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let field = |name: &str| {
        let value = js_sys::Reflect::get(estimate.as_ref()?, &name.into()).ok()?;
        value.as_f64().map(|bytes| bytes / 1_048_576.0)
    };
    Said {
        persisted,
        used_mb: field("usage"),
        quota_mb: field("quota"),
    }
}

/// Asks the browser once per page to keep this origin's data (the history, the outboxes) rather than clear
/// it when space runs low; the answer is shown on the tools screen.
pub fn request_persistence() {
    let Ok(manager) = js_sys::Reflect::get(&window().navigator(), &"storage".into()) else {
        return;
    };
    if manager.is_undefined() {
        return;
    }
    let manager: web_sys::StorageManager = wasm_bindgen::JsCast::unchecked_into(manager);
    if let Ok(promise) = manager.persist() {
        leptos::task::spawn_local(async move {
            // Refused or granted, the tools screen asks `persisted()` and says which.
            wasm_bindgen_futures::JsFuture::from(promise).await.ok();
        });
    }
}
