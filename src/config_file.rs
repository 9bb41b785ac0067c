//! The host's optional `config.json` next to index.html (and the menu file it may name), fetched at start-up.

use crate::domain::restaurant::Setup;
use crate::domain::settings::{parse_config_json, PartialSettings};
use leptos::prelude::window;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What config.json says: the connection's part, the restaurant's part, and what in it could not be used.
#[derive(Default)]
pub struct ConfigFile {
    pub settings: PartialSettings,
    pub setup: Setup,
    pub problems: Vec<String>,
}

/// A text file next to index.html; `None` when there is none (404).
async fn fetch_text(name: &str) -> Result<Option<String>, String> {
    let response = JsFuture::from(window().fetch_with_str(name))
        .await
        .map_err(|_| format!("{name} could not be fetched"))?;
    let response: web_sys::Response = response.unchecked_into();
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(format!("{name}: HTTP {}", response.status()));
    }
    let unreadable = |_| format!("{name}: unreadable");
    let text = JsFuture::from(response.text().map_err(unreadable)?)
        .await
        .map_err(unreadable)?;
    Ok(Some(text.as_string().unwrap_or_default()))
}

/// The host's optional `config.json`. Missing is normal; unreadable is reported.
pub async fn fetch_config() -> Result<ConfigFile, String> {
    let Some(text) = fetch_text("config.json").await? else {
        return Ok(ConfigFile::default());
    };
    let settings = parse_config_json(&text)?;
    let (setup, problems) = Setup::from_config(&text);
    Ok(ConfigFile {
        settings,
        setup,
        problems,
    })
}

/// The menu file config.json names (`"menu_url": "menu.json"`), as text.
pub async fn fetch_menu_file(url: &str) -> Result<String, String> {
    fetch_text(url)
        .await?
        .ok_or_else(|| format!("the menu file {url} is not on the server (404)"))
}
