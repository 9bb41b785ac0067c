//! The host's optional `config.json` next to index.html (and the menu file it may name), fetched at start-up.

use crate::domain::menu::MenuError;
use crate::domain::restaurant::{Setup, SetupError, SetupProblem};
use crate::domain::settings::{parse_config_json, PartialSettings};
use leptos::prelude::window;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What config.json says: the connection's part, the restaurant's part, and what in it could not be used.
#[derive(Default)]
pub struct ConfigFile {
    pub settings: PartialSettings,
    pub setup: Setup,
    pub problems: Vec<SetupProblem>,
}

/// A text file next to index.html; `None` when there is none (404).
async fn fetch_text(name: &str) -> Result<Option<String>, SetupError> {
    let file = || name.to_owned();
    let response = JsFuture::from(window().fetch_with_str(name))
        .await
        .map_err(|_| SetupError::FetchFailed { file: file() })?;
    let response: web_sys::Response = response.unchecked_into();
    if response.status() == 404 {
        return Ok(None);
    }
    if !response.ok() {
        return Err(SetupError::Http {
            file: file(),
            status: response.status(),
        });
    }
    let unreadable = |_| SetupError::Unreadable { file: file() };
    let text = JsFuture::from(response.text().map_err(unreadable)?)
        .await
        .map_err(unreadable)?;
    Ok(Some(text.as_string().unwrap_or_default()))
}

/// The host's optional `config.json`. Missing is normal; unreadable is reported.
pub async fn fetch_config() -> Result<ConfigFile, SetupError> {
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
pub async fn fetch_menu_file(url: &str) -> Result<String, MenuError> {
    match fetch_text(url).await {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(MenuError::NotOnServer {
            url: url.to_owned(),
        }),
        Err(error) => Err(MenuError::NotFetched {
            url: url.to_owned(),
            detail: match error {
                SetupError::Http { status, .. } => format!("HTTP {status}"),
                _ => String::new(),
            },
        }),
    }
}
