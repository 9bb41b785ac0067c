//! The language this device speaks: chosen at start (`domain::language::choose`), changed with the picker
//! and remembered per device, given to leptos_i18n (which writes `<html lang dir>`), and the locale money
//! and times are written in when config.json sets none.

use crate::domain::language::{choose, find, Language, ENGLISH};
use crate::domain::screen::ScreenPrefs;
use crate::i18n::{td_string, use_i18n, Locale};
use leptos::prelude::*;
use std::str::FromStr;

/// The language handle: the current language (tracked) and the two ways it changes.
#[derive(Clone, Copy)]
pub struct Speech {
    current: RwSignal<Language>,
    prefs: RwSignal<ScreenPrefs>,
    query: Option<&'static str>,
}

impl Speech {
    /// Chooses from `?lang=`, this device's saved choice and the browser's languages (config.json's comes
    /// later, see [`Speech::config_says`]), before anything is drawn: no flash of another language.
    pub fn start(prefs: RwSignal<ScreenPrefs>, query: Option<&str>) -> Speech {
        let query = query.and_then(find).map(|l| l.tag);
        let saved = prefs.with_untracked(|p| p.language.clone());
        let chosen = choose(query, Some(&saved), None, &browser_languages());
        let speech = Speech {
            current: RwSignal::new(chosen),
            prefs,
            query,
        };
        let i18n = use_i18n();
        // leptos_i18n follows ours; its own guess from the browser is never used.
        Effect::new(move |_| set_locale(i18n, speech.current.get()));
        set_locale(i18n, chosen);
        speech
    }

    /// The language spoken now (tracked).
    pub fn current(&self) -> Language {
        self.current.get()
    }

    /// Chosen on this device with the picker: spoken now and remembered here.
    pub fn pick(&self, tag: &str) {
        let language = find(tag).unwrap_or(ENGLISH);
        self.prefs.update(|p| p.language = language.tag.to_owned());
        self.current.set(language);
    }

    /// config.json's `"language"`, once it is read: it counts only where neither the address nor this
    /// device chose.
    pub fn config_says(&self, tag: Option<&str>) {
        let saved = self.prefs.with_untracked(|p| p.language.clone());
        let chosen = choose(self.query, Some(&saved), tag, &browser_languages());
        if chosen != self.current.get_untracked() {
            self.current.set(chosen);
        }
    }
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

fn set_locale(i18n: leptos_i18n::I18nContext<Locale>, language: Language) {
    i18n.set_locale(Locale::from_str(language.tag).unwrap_or_default());
    // The tab's title is the page's: said in the language too.
    document().set_title(td_string!(i18n.get_locale_untracked(), order_board));
}
