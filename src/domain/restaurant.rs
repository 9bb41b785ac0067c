//! A restaurant's own setup beside the connection: its menu (or where to fetch it), its currency and the
//! way it writes numbers — from config.json or the address.

use super::menu::Menu;
use super::settings::percent_decode;

/// What config.json or the query say about the restaurant; each part absent unless given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    pub menu: Option<Menu>,
    /// A menu file to fetch, relative to the page (`"menu_url": "menu.json"`).
    pub menu_url: Option<String>,
    /// ISO 4217, upper case (`EUR`).
    pub currency: Option<String>,
    /// A BCP 47 language tag (`de-DE`) for money, dates and times.
    pub locale: Option<String>,
    /// The language the board speaks (`"language": "es"`, `?lang=es`), if one of ours.
    pub language: Option<String>,
}

/// An ISO 4217 code: three letters. Whether the browser knows it is checked where it formats.
pub fn parse_currency(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    match code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        true => Ok(code),
        false => Err(format!(
            "currency \"{}\" is not a three-letter ISO 4217 code like EUR or JPY",
            text.trim()
        )),
    }
}

/// A language tag such as `de-DE` or `ja`: letters, digits and hyphens.
pub fn parse_locale(text: &str) -> Result<String, String> {
    let tag = text.trim();
    let plain = (2..=35).contains(&tag.len())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && tag.as_bytes()[0].is_ascii_alphabetic();
    match plain {
        true => Ok(tag.to_owned()),
        false => Err(format!(
            "locale \"{tag}\" is not a language tag like de-DE or en-US"
        )),
    }
}

/// A language the board has a catalogue for (see `language::LANGUAGES`); another is said in words.
pub fn parse_language(text: &str) -> Result<String, String> {
    super::language::find(text)
        .map(|l| l.tag.to_owned())
        .ok_or_else(|| {
            let ours: Vec<&str> = super::language::LANGUAGES
                .iter()
                .filter(|l| !l.pseudo)
                .map(|l| l.tag)
                .collect();
            format!(
                "language \"{}\" has no catalogue (the board speaks {})",
                text.trim(),
                ours.join(", ")
            )
        })
}

impl Setup {
    /// The restaurant's part of config.json (the connection's part is read by `settings`). Problems come
    /// back in words, each kept apart so one bad field does not discard the rest.
    pub fn from_config(text: &str) -> (Setup, Vec<String>) {
        let mut setup = Setup::default();
        let mut problems = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(text) else {
            return (setup, problems); // settings already says what is wrong with the file
        };
        if let Some(menu) = fields.get("menu") {
            match Menu::from_json(menu) {
                Ok(menu) => setup.menu = Some(menu),
                Err(reason) => problems.push(format!("config.json: {reason}")),
            }
        }
        let text_field = |name: &str| fields.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        setup.menu_url = text_field("menu_url").filter(|u| !u.trim().is_empty());
        if let Some(code) = text_field("currency") {
            match parse_currency(&code) {
                Ok(code) => setup.currency = Some(code),
                Err(reason) => problems.push(format!("config.json: {reason}")),
            }
        }
        if let Some(tag) = text_field("locale") {
            match parse_locale(&tag) {
                Ok(tag) => setup.locale = Some(tag),
                Err(reason) => problems.push(format!("config.json: {reason}")),
            }
        }
        if let Some(tag) = text_field("language") {
            match parse_language(&tag) {
                Ok(tag) => setup.language = Some(tag),
                Err(reason) => problems.push(format!("config.json: {reason}")),
            }
        }
        (setup, problems)
    }

    /// `?currency=EUR&locale=de-DE` in the address.
    pub fn from_query(query: &str) -> (Setup, Vec<String>) {
        let mut setup = Setup::default();
        let mut problems = Vec::new();
        let query = query.trim().trim_start_matches('?');
        for (key, value) in query.split('&').filter_map(|p| p.split_once('=')) {
            let value = percent_decode(value);
            match key {
                "currency" => match parse_currency(&value) {
                    Ok(code) => setup.currency = Some(code),
                    Err(reason) => problems.push(reason),
                },
                "locale" => match parse_locale(&value) {
                    Ok(tag) => setup.locale = Some(tag),
                    Err(reason) => problems.push(reason),
                },
                "lang" => match parse_language(&value) {
                    Ok(tag) => setup.language = Some(tag),
                    Err(reason) => problems.push(reason),
                },
                _ => {}
            }
        }
        (setup, problems)
    }

    /// This setup, with what it leaves open taken from `other` (the query first, then config.json).
    pub fn or(self, other: Setup) -> Setup {
        Setup {
            menu: self.menu.or(other.menu),
            menu_url: self.menu_url.or(other.menu_url),
            currency: self.currency.or(other.currency),
            locale: self.locale.or(other.locale),
            language: self.language.or(other.language),
        }
    }
}

/// Where the menu in use came from, said on the tools screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuSource {
    Config,
    MenuFile,
    Retained,
    Demo,
}

impl MenuSource {
    /// Sources, first wins: config.json (a menu in it, or its menu file), then the retained menu topic,
    /// then the demo. Whether a menu from `new` may replace one from `self`.
    pub fn yields_to(self, new: MenuSource) -> bool {
        let rank = |s: MenuSource| match s {
            MenuSource::Config | MenuSource::MenuFile => 0,
            MenuSource::Retained => 1,
            MenuSource::Demo => 2,
        };
        rank(new) <= rank(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_and_locale_come_from_config_json_and_bad_ones_are_said_in_words() {
        let (setup, problems) = Setup::from_config(
            r#"{"broker":"ws://x","currency":"eur","locale":"de-DE","menu_url":"menu.json"}"#,
        );
        assert_eq!(setup.currency.as_deref(), Some("EUR"));
        assert_eq!(setup.locale.as_deref(), Some("de-DE"));
        assert_eq!(setup.menu_url.as_deref(), Some("menu.json"));
        assert!(problems.is_empty());
        let (setup, problems) = Setup::from_config(r#"{"currency":"Euro","locale":"de_DE!"}"#);
        assert_eq!(setup.currency, None);
        assert_eq!(
            problems,
            [
                "config.json: currency \"Euro\" is not a three-letter ISO 4217 code like EUR or JPY",
                "config.json: locale \"de_DE!\" is not a language tag like de-DE or en-US"
            ]
        );
    }

    #[test]
    fn a_menu_in_config_json_is_read_and_a_broken_one_is_refused_with_its_reason() {
        let (setup, problems) =
            Setup::from_config(r#"{"menu":[{"name":"Pho","category":"Soup","price":11.5}]}"#);
        assert_eq!(setup.menu.unwrap().len(), 1);
        assert!(problems.is_empty());
        let (setup, problems) =
            Setup::from_config(r#"{"menu":[{"name":"Pho","category":"Soup"}]}"#);
        assert_eq!(setup.menu, None);
        assert_eq!(
            problems,
            ["config.json: menu item 1 (Pho) has no price as a number"]
        );
    }

    #[test]
    fn the_query_wins_over_config_json() {
        let (query, _) = Setup::from_query("?broker=x&currency=JPY&locale=ja-JP");
        let (config, _) = Setup::from_config(r#"{"currency":"EUR","menu_url":"m.json"}"#);
        let setup = query.or(config);
        assert_eq!(setup.currency.as_deref(), Some("JPY"));
        assert_eq!(setup.menu_url.as_deref(), Some("m.json"));
    }

    #[test]
    fn config_json_beats_the_retained_menu_which_beats_the_demo() {
        assert!(MenuSource::Demo.yields_to(MenuSource::Retained));
        assert!(MenuSource::Retained.yields_to(MenuSource::Retained));
        assert!(!MenuSource::Config.yields_to(MenuSource::Retained));
        assert!(MenuSource::Retained.yields_to(MenuSource::MenuFile));
    }

    #[test]
    fn the_language_comes_from_config_json_or_lang_in_the_address_and_an_unknown_one_is_said() {
        let (setup, problems) = Setup::from_config(r#"{"language":"es-MX"}"#);
        assert_eq!((setup.language.as_deref(), problems.len()), (Some("es"), 0));
        let (query, _) = Setup::from_query("?lang=pt");
        assert_eq!(query.language.as_deref(), Some("pt-BR"));
        let (_, problems) = Setup::from_config(r#"{"language":"tlh"}"#);
        assert_eq!(
            problems,
            ["config.json: language \"tlh\" has no catalogue (the board speaks en, es, fr, de, pt-BR, ar)"]
        );
    }
}
