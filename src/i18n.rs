//! The catalogues at run time: which language the page speaks (`I18n`, a tracked `Locale`), a key's text in
//! it (`t!`, `td_string!`, `t_string!`), placeholders filled and plurals chosen by the browser's CLDR rules
//! (`Intl.PluralRules`).
//!
//! English (and, in the tests' build, the pseudo-locales) is compiled in; every other language is
//! `locales/<tag>.json`, fetched when it is chosen and kept by the service worker, so a kitchen downloads
//! only the language it speaks. Until a language is there the page goes on in the one it had.
//! build.rs writes the tables from the catalogues: a misspelt key or placeholder does not compile.

use leptos::prelude::*;
use std::cell::RefCell;
use std::fmt::{Display, Write as _};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A key of the catalogue (see `keys`): where its text sits in a language's table, whether it is a plural
/// (six texts, by CLDR category), and the placeholders its text may fill.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub slot: usize,
    pub plural: bool,
    pub vars: &'static [&'static str],
}

impl Locale {
    /// The language a tag names exactly.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

thread_local! {
    /// The languages fetched so far: kept for the page's life (a few KB each), so a text is `&'static`.
    static LOADED: RefCell<Vec<(Locale, &'static [&'static str])>> = const { RefCell::new(Vec::new()) };
}

/// The texts of `locale`: its own if compiled in or fetched, else English's.
fn table(locale: Locale) -> &'static [&'static str] {
    if let Some(texts) = built_in(locale) {
        return texts;
    }
    LOADED
        .with_borrow(|loaded| loaded.iter().find(|(l, _)| *l == locale).map(|(_, t)| *t))
        .unwrap_or_else(|| built_in(Locale::en).map_or(&[][..], |t| &t[..]))
}

/// Whether `locale`'s texts are here (compiled in, or fetched already).
pub fn is_loaded(locale: Locale) -> bool {
    built_in(locale).is_some()
        || LOADED.with_borrow(|loaded| loaded.iter().any(|(l, _)| *l == locale))
}

/// Takes a fetched catalogue (`locales/<tag>.json`): a text it lacks is English's. Not JSON, or not an
/// object of texts, is an error in the parser's words.
pub fn accept(locale: Locale, json: &str) -> Result<(), String> {
    let mut texts: std::collections::HashMap<String, String> =
        serde_json::from_str(json).map_err(|e| e.to_string())?;
    let english = table(Locale::en);
    let table: Vec<&'static str> = NAMES
        .iter()
        .zip(english)
        .map(|(name, english)| {
            texts
                .remove(*name)
                .map_or(*english, |text| &*Box::leak(text.into_boxed_str()))
        })
        .collect();
    LOADED.with_borrow_mut(|loaded| loaded.push((locale, Box::leak(table.into_boxed_slice()))));
    Ok(())
}

/// A key's text with nothing to fill: `td_string!(locale, key)`.
pub fn text(locale: Locale, key: Key) -> &'static str {
    table(locale).get(key.slot).copied().unwrap_or_default()
}

/// A key's text with its placeholders filled; a plural's form chosen by `count`.
pub fn say(locale: Locale, key: Key, args: &[(&str, &dyn Display)]) -> String {
    let texts = table(locale);
    let mut slot = key.slot;
    if key.plural {
        let count = args
            .iter()
            .find(|(name, _)| *name == "count")
            .and_then(|(_, value)| value.to_string().parse::<f64>().ok())
            .unwrap_or(0.0);
        let form = plural_form(locale, count);
        // A language without this form says its `other`.
        slot += if texts.get(slot + form).is_some_and(|t| !t.is_empty()) {
            form
        } else {
            OTHER
        };
    }
    fill(texts.get(slot).copied().unwrap_or_default(), args)
}

/// `{{ name }}` replaced by the argument of that name; an unknown one left as written.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match args.iter().find(|(n, _)| *n == name) {
            // Writing to a String cannot fail.
            Some((_, value)) => drop(write!(out, "{value}")),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Where `other` sits among a plural's six texts (build.rs's order: zero, one, two, few, many, other).
const OTHER: usize = 5;

/// The CLDR plural category of `count` in `locale`, as an offset into a plural's texts.
#[cfg(target_arch = "wasm32")]
fn plural_form(locale: Locale, count: f64) -> usize {
    thread_local! {
        static RULES: RefCell<Vec<(Locale, js_sys::Intl::PluralRules)>> = const { RefCell::new(Vec::new()) };
    }
    let category = RULES.with_borrow_mut(|rules| {
        if !rules.iter().any(|(l, _)| *l == locale) {
            let tags = js_sys::Array::of1(&locale.tag().into());
            rules.push((
                locale,
                js_sys::Intl::PluralRules::new(&tags, &js_sys::Object::new()),
            ));
        }
        let (_, rule) = rules.iter().find(|(l, _)| *l == locale)?;
        rule.select(count).as_string()
    });
    match category.as_deref() {
        Some("zero") => 0,
        Some("one") => 1,
        Some("two") => 2,
        Some("few") => 3,
        Some("many") => 4,
        _ => OTHER,
    }
}

/// Native tests speak English: one is `one`, everything else `other`.
#[cfg(not(target_arch = "wasm32"))]
fn plural_form(_locale: Locale, count: f64) -> usize {
    if count == 1.0 {
        1
    } else {
        OTHER
    }
}

/// Whether the placeholders given are exactly a key's (checked at compile time by the macros).
pub const fn vars_match(wanted: &[&str], given: &[&str]) -> bool {
    let mut i = 0;
    while i < given.len() {
        if !contains(wanted, given[i]) {
            return false;
        }
        i += 1;
    }
    let mut j = 0;
    while j < wanted.len() {
        if !contains(given, wanted[j]) {
            return false;
        }
        j += 1;
    }
    true
}

const fn contains(list: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < list.len() {
        let (a, b) = (list[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// The language the page speaks, tracked: what `t!` redraws on.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The language spoken now (tracked).
    pub fn get_locale(&self) -> Locale {
        self.locale.get()
    }

    pub fn get_locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// Speaks `locale` from now on; its texts must be here (see [`is_loaded`]), else English is said.
    pub fn set_locale(&self, locale: Locale) {
        self.locale.set(locale);
    }
}

/// The page's language handle, provided by [`I18nContextProvider`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Gives the page below it a language (English until `language.rs` chooses).
#[component]
pub fn I18nContextProvider(children: Children) -> impl IntoView {
    provide_context(I18n {
        locale: RwSignal::new(Locale::en),
    });
    children()
}

/// A key's words in a locale, as a `&'static str` (`td_string!(locale, key)`) or, with placeholders, a
/// `String` (`td_string!(locale, key, name = value, …)`; a plural takes `count`).
macro_rules! td_string {
    ($locale:expr, $key:ident) => {{
        const _: () = assert!(
            !$crate::i18n::keys::$key.plural && $crate::i18n::keys::$key.vars.is_empty(),
            concat!("`", stringify!($key), "` has placeholders to fill")
        );
        $crate::i18n::text($locale, $crate::i18n::keys::$key)
    }};
    ($locale:expr, $key:ident, $($arg:ident = $value:expr),+ $(,)?) => {{
        const _: () = assert!(
            $crate::i18n::vars_match($crate::i18n::keys::$key.vars, &[$(stringify!($arg)),+]),
            concat!("the placeholders of `", stringify!($key), "` are not the ones given")
        );
        $crate::i18n::say($locale, $crate::i18n::keys::$key, &[$((stringify!($arg), &$value)),+])
    }};
}

/// Like `td_string!`, in the language of an [`I18n`] handle (tracked).
macro_rules! t_string {
    ($i18n:expr, $($rest:tt)+) => {
        $crate::i18n::td_string!($i18n.get_locale(), $($rest)+)
    };
}

/// A key's words for a view: redrawn when the language changes.
macro_rules! t {
    ($i18n:expr, $($rest:tt)+) => {{
        let i18n = $i18n;
        move || $crate::i18n::td_string!(i18n.get_locale(), $($rest)+)
    }};
}

pub(crate) use {t, t_string, td_string};

/// Tests: every language's catalogue as the page would fetch it (per thread: each test runs in its own).
#[cfg(test)]
pub fn load_every_catalogue() {
    for (tag, json) in CATALOGUE_FILES {
        let locale = Locale::from_tag(tag).expect("a catalogue of ours");
        if !is_loaded(locale) {
            accept(locale, json).expect("a catalogue of texts");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_left_as_written() {
        let args: [(&str, &dyn Display); 2] = [("name", &"Ada"), ("count", &3)];
        assert_eq!(
            fill("{{ name }} has {{count}} {{ what }}", &args),
            "Ada has 3 {{ what }}"
        );
        assert_eq!(fill("no end {{ name", &args), "no end {{ name");
    }

    #[test]
    fn a_plural_says_the_form_for_its_count() {
        assert_eq!(td_string!(Locale::en, items, count = 1), "1 item");
        assert_eq!(td_string!(Locale::en, items, count = 3), "3 items");
    }

    #[test]
    fn a_fetched_catalogue_lacking_a_text_says_it_in_english() {
        let spanish = Locale::ALL[1];
        accept(spanish, r#"{"order_board": "Pedidos", "extra": "ignored"}"#).unwrap();
        assert!(is_loaded(spanish));
        assert_eq!(td_string!(spanish, order_board), "Pedidos");
        assert_eq!(
            td_string!(spanish, status_new),
            td_string!(Locale::en, status_new)
        );
        assert!(accept(spanish, "[1, 2]").is_err());
    }

    #[test]
    fn given_placeholders_must_be_the_keys_own() {
        assert!(vars_match(&["a", "b"], &["b", "a"]));
        assert!(!vars_match(&["a", "b"], &["a"]));
        assert!(!vars_match(&["a"], &["a", "c"]));
    }
}
