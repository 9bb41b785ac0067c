//! The language this device speaks: chosen at start (`domain::language::choose`), changed with the picker
//! and remembered per device, its catalogue fetched when it is not compiled in (`i18n`), written on
//! `<html lang dir>`, and the locale money and times are written in when config.json sets none.

use crate::domain::language::{choose, find, Language, ENGLISH};
use crate::domain::screen::ScreenPrefs;
use crate::i18n::{self, td_string, use_i18n, I18n, Locale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The language handle: the current language (tracked), the two ways it changes, and a language that
/// could not be fetched.
#[derive(Clone, Copy)]
pub struct Speech {
    current: RwSignal<Language>,
    /// The language asked for last: a catalogue that arrives after another was chosen is not spoken.
    wanted: StoredValue<Language>,
    not_loaded: RwSignal<Option<(Language, String)>>,
    prefs: RwSignal<ScreenPrefs>,
    query: Option<&'static str>,
    i18n: I18n,
}

impl Speech {
    /// Chooses from `?lang=`, this device's saved choice and the browser's languages (config.json's comes
    /// later, see [`Speech::config_says`]), before anything is drawn. A language still to be fetched keeps
    /// the page hidden until it is there (or could not be): no flash of English.
    pub fn start(prefs: RwSignal<ScreenPrefs>, query: Option<&str>) -> Speech {
        let query = query.and_then(find).map(|l| l.tag);
        let saved = prefs.with_untracked(|p| p.language.clone());
        let chosen = choose(query, Some(&saved), None, &browser_languages());
        let speech = Speech {
            current: RwSignal::new(ENGLISH),
            wanted: StoredValue::new(ENGLISH),
            not_loaded: RwSignal::new(None),
            prefs,
            query,
            i18n: use_i18n(),
        };
        speech.apply(ENGLISH);
        speech.speak(chosen);
        speech
    }

    /// The language spoken now (tracked).
    pub fn current(&self) -> Language {
        self.current.get()
    }

    /// A language whose catalogue could not be fetched, and why (tracked).
    pub fn not_loaded(&self) -> Option<(Language, String)> {
        self.not_loaded.get()
    }

    /// Chosen on this device with the picker: spoken (once here) and remembered here.
    pub fn pick(&self, tag: &str) {
        let language = find(tag).unwrap_or(ENGLISH);
        self.prefs.update(|p| p.language = language.tag.to_owned());
        self.speak(language);
    }

    /// config.json's `"language"`, once it is read: it counts only where neither the address nor this
    /// device chose.
    pub fn config_says(&self, tag: Option<&str>) {
        let saved = self.prefs.with_untracked(|p| p.language.clone());
        let chosen = choose(self.query, Some(&saved), tag, &browser_languages());
        if chosen != self.wanted.get_value() {
            self.speak(chosen);
        }
    }

    /// Speaks `language` now if its texts are here, else once they are fetched.
    fn speak(self, language: Language) {
        self.wanted.set_value(language);
        let locale = locale_of(language);
        if i18n::is_loaded(locale) {
            self.apply(language);
            return;
        }
        let root = document().document_element();
        // Hidden, not removed: the page is built meanwhile (style/main.css).
        if let Some(root) = &root {
            drop(root.set_attribute("data-language-loading", ""));
        }
        leptos::task::spawn_local(async move {
            let fetched = fetch_catalogue(locale).await;
            match fetched.and_then(|json| i18n::accept(locale, &json)) {
                Ok(()) if self.wanted.get_value() == language => self.apply(language),
                Ok(()) => {}
                Err(why) => self.not_loaded.set(Some((language, why))),
            }
            // Shown once the page is redrawn in it: effects run before the next frame.
            request_animation_frame(move || {
                if let Some(root) = &root {
                    drop(root.remove_attribute("data-language-loading"));
                }
            });
        });
    }

    fn apply(self, language: Language) {
        self.not_loaded.set(None);
        self.current.set(language);
        let locale = locale_of(language);
        self.i18n.set_locale(locale);
        if let Some(root) = document().document_element() {
            // Attributes on <html> cannot fail for these names.
            drop(root.set_attribute("lang", language.tag));
            drop(root.set_attribute("dir", if language.is_rtl() { "rtl" } else { "ltr" }));
        }
        if i18n::built_in(locale).is_none() {
            crate::shell::keep_offline(format!("locales/{}.json", locale.tag()));
        }
        // The tab's title is the page's: said in the language too.
        document().set_title(td_string!(locale, order_board));
    }
}

fn locale_of(language: Language) -> Locale {
    Locale::from_tag(language.tag).unwrap_or_default()
}

/// `locales/<tag>.json`, next to the page (the service worker keeps it once fetched).
async fn fetch_catalogue(locale: Locale) -> Result<String, String> {
    let said = |e: wasm_bindgen::JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
    };
    let url = format!("locales/{}.json", locale.tag());
    let response = JsFuture::from(window().fetch_with_str(&url))
        .await
        .map_err(said)?;
    let response: web_sys::Response = response.dyn_into().map_err(said)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(said)?)
        .await
        .map_err(said)?;
    text.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// `navigator.languages`, most wanted first.
fn browser_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect()
}
