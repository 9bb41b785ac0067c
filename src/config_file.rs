//! The host's optional `config.json` next to index.html, fetched at start-up.

use crate::domain::settings::{parse_config_json, PartialSettings};
use leptos::prelude::window;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The host's optional `config.json` next to index.html. Missing is normal; unreadable is reported.
pub async fn fetch_config() -> Result<PartialSettings, String> {
    let response = JsFuture::from(window().fetch_with_str("config.json"))
        .await
        .map_err(|_| "config.json could not be fetched".to_owned())?;
    let response: web_sys::Response = response.unchecked_into();
    if response.status() == 404 {
        return Ok(PartialSettings::default());
    }
    if !response.ok() {
        return Err(format!("config.json: HTTP {}", response.status()));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|_| "config.json: unreadable".to_owned())?,
    )
    .await
    .map_err(|_| "config.json: unreadable".to_owned())?;
    parse_config_json(&text.as_string().unwrap_or_default())
}
