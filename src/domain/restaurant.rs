//! A restaurant's own setup beside the connection: its menu (or where to fetch it), its currency and the
//! way it writes numbers — from config.json or the address.

use super::menu::{Menu, MenuError};
use super::settings::percent_decode;
use std::fmt;

/// Something in the restaurant's setup — config.json itself, or a field in it or in the address — that
/// could not be used. The page words it from the catalogues; `Display` is English for tools and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    ConfigEmpty,
    /// A single-page host answering a missing file with index.html.
    ConfigHtml,
    ConfigNotObject,
    /// Not JSON: the parser's words.
    ConfigInvalid(String),
    /// JSON, but a field of the wrong kind: the parser's words.
    ConfigField(String),
    FetchFailed {
        file: String,
    },
    Http {
        file: String,
        status: u16,
    },
    Unreadable {
        file: String,
    },
    Currency(String),
    Locale(String),
    Language(String),
    /// `cancel_minutes` is not a whole number of minutes from 0 to [`MAX_CANCEL_MINUTES`].
    CancelMinutes(String),
    /// `staff_pin` is not 4 to 12 digits.
    StaffPin,
    /// `history_max` is not a whole number from 1 to [`super::history::MAX_RECORDS`].
    HistoryMax(String),
    /// `close_day_at` is not a local time "HH:MM" (or "HH:MM:SS").
    CloseDayAt(String),
    /// `close_day_open` is neither "kept" nor "cancelled".
    CloseDayOpen(String),
    Menu(MenuError),
}

/// How long after placing an order the counter may cancel it, unless the restaurant says otherwise.
pub const DEFAULT_CANCEL_MINUTES: u32 = 5;
pub const MAX_CANCEL_MINUTES: u32 = 240;

/// Minutes the counter may cancel an order for: 0 (never) to [`MAX_CANCEL_MINUTES`].
pub fn parse_cancel_minutes(text: &str) -> Result<u32, SetupError> {
    text.trim()
        .parse()
        .ok()
        .filter(|m| *m <= MAX_CANCEL_MINUTES)
        .ok_or_else(|| SetupError::CancelMinutes(text.trim().to_owned()))
}

/// How many orders the history keeps at most: 1 to [`super::history::MAX_RECORDS`].
pub fn parse_history_max(text: &str) -> Result<u32, SetupError> {
    text.trim()
        .parse()
        .ok()
        .filter(|n| (1..=super::history::MAX_RECORDS).contains(n))
        .ok_or_else(|| SetupError::HistoryMax(text.trim().to_owned()))
}

/// The staff PIN that unlocks the pickup screen's "Staff" menu: 4 to 12 digits (a number or a text).
/// It keeps a customer's tap from turning the customers' screen into a kitchen one; the broker's users
/// and ACLs are what protect the orders (README, "Security").
pub fn parse_staff_pin(value: &serde_json::Value) -> Result<String, SetupError> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(SetupError::StaffPin),
    };
    let digits = (4..=12).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    digits.then_some(text).ok_or(SetupError::StaffPin)
}

/// A problem with where it was written: config.json's fields are said with "config.json: " before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupProblem {
    pub in_config: bool,
    pub error: SetupError,
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SetupError::*;
        match self {
            ConfigEmpty => f.write_str("config.json is empty"),
            ConfigHtml => f.write_str(
                "config.json is an HTML page, not JSON (the server probably has no config.json)",
            ),
            ConfigNotObject => f.write_str(
                r#"config.json must be a JSON object, like {"broker": "wss://mqtt.example.com/mqtt"}"#,
            ),
            ConfigInvalid(e) => write!(f, "config.json is not valid JSON: {e}"),
            ConfigField(e) => write!(f, "config.json has a problem: {e}"),
            FetchFailed { file } => write!(f, "{file} could not be fetched"),
            Http { file, status } => write!(f, "{file}: HTTP {status}"),
            Unreadable { file } => write!(f, "{file}: unreadable"),
            Currency(code) => write!(
                f,
                "currency \"{code}\" is not a three-letter ISO 4217 code like EUR or JPY"
            ),
            Locale(tag) => write!(f, "locale \"{tag}\" is not a language tag like de-DE or en-US"),
            Language(tag) => write!(
                f,
                "language \"{tag}\" has no catalogue (the board speaks {})",
                our_languages()
            ),
            HistoryMax(text) => write!(
                f,
                "history_max \"{text}\" is not a whole number of orders from 1 to {}",
                super::history::MAX_RECORDS
            ),
            CancelMinutes(text) => write!(
                f,
                "cancel_minutes \"{text}\" is not a number of minutes from 0 to {MAX_CANCEL_MINUTES}"
            ),
            StaffPin => f.write_str("staff_pin must be 4 to 12 digits"),
            CloseDayAt(text) => write!(
                f,
                "close_day_at \"{text}\" is not a local time like 04:00 or 23:30:00"
            ),
            CloseDayOpen(text) => write!(
                f,
                "close_day_open \"{text}\" is neither \"kept\" nor \"cancelled\""
            ),
            Menu(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for SetupProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.in_config {
            true => write!(f, "config.json: {}", self.error),
            false => self.error.fmt(f),
        }
    }
}

/// The languages with a catalogue, by tag ("en, es, fr, …"), for a language that has none.
pub fn our_languages() -> String {
    let ours: Vec<&str> = super::language::LANGUAGES
        .iter()
        .filter(|l| !l.pseudo)
        .map(|l| l.tag)
        .collect();
    ours.join(", ")
}

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
    /// How long the counter may cancel an order it placed (`"cancel_minutes": 5`).
    pub cancel_minutes: Option<u32>,
    /// The PIN the pickup screen asks before its "Staff" menu (config.json only: `"staff_pin": "2468"`).
    pub staff_pin: Option<String>,
    /// How many orders the history keeps at most (`"history_max": 50000`; fewer than the default only).
    pub history_max: Option<u32>,
    /// The day closes by itself at a set local time on every board (config.json only:
    /// `"close_day_at": "04:00"`, `"close_day_open": "kept" | "cancelled"`).
    pub close_day: Option<super::day::DailyClose>,
}

/// config.json's set-hour close: `close_day_at` "HH:MM[:SS]" and what becomes of open tickets
/// (`close_day_open`: "kept", the default, or "cancelled").
pub fn parse_daily_close(
    at: &serde_json::Value,
    open: Option<&serde_json::Value>,
) -> Result<super::day::DailyClose, SetupError> {
    let shown = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let at_second = at
        .as_str()
        .and_then(super::day::DailyClose::parse_time)
        .ok_or_else(|| SetupError::CloseDayAt(shown(at)))?;
    let keep_open = match open.map(|v| (v, v.as_str().map(str::trim))) {
        None | Some((_, Some("kept"))) => true,
        Some((_, Some("cancelled"))) => false,
        Some((v, _)) => return Err(SetupError::CloseDayOpen(shown(v))),
    };
    Ok(super::day::DailyClose {
        at_second,
        keep_open,
    })
}

/// An ISO 4217 code: three letters. Whether the browser knows it is checked where it formats.
pub fn parse_currency(text: &str) -> Result<String, SetupError> {
    let code = text.trim().to_ascii_uppercase();
    match code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        true => Ok(code),
        false => Err(SetupError::Currency(text.trim().to_owned())),
    }
}

/// A language tag such as `de-DE` or `ja`: letters, digits and hyphens.
pub fn parse_locale(text: &str) -> Result<String, SetupError> {
    let tag = text.trim();
    let plain = (2..=35).contains(&tag.len())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && tag.as_bytes()[0].is_ascii_alphabetic();
    match plain {
        true => Ok(tag.to_owned()),
        false => Err(SetupError::Locale(tag.to_owned())),
    }
}

/// A language the board has a catalogue for (see `language::LANGUAGES`); another is said in words.
pub fn parse_language(text: &str) -> Result<String, SetupError> {
    super::language::find(text)
        .map(|l| l.tag.to_owned())
        .ok_or_else(|| SetupError::Language(text.trim().to_owned()))
}

/// A field's value, or its problem kept to be said (one bad field does not discard the rest).
fn kept<T>(result: Result<T, SetupError>, problems: &mut Vec<SetupProblem>) -> Option<T> {
    result
        .map_err(|error| {
            problems.push(SetupProblem {
                in_config: true,
                error,
            })
        })
        .ok()
}

impl Setup {
    /// The restaurant's part of config.json (the connection's part is read by `settings`). Problems come
    /// back in words, each kept apart so one bad field does not discard the rest.
    pub fn from_config(text: &str) -> (Setup, Vec<SetupProblem>) {
        let mut setup = Setup::default();
        let mut problems = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(text) else {
            return (setup, problems); // settings already says what is wrong with the file
        };
        let text_field = |name: &str| fields.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        // A number may be written as one or as text.
        let number_field = |name: &str| {
            fields.get(name).map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        };
        setup.menu = fields
            .get("menu")
            .and_then(|m| kept(Menu::from_json(m).map_err(SetupError::Menu), &mut problems));
        setup.menu_url = text_field("menu_url").filter(|u| !u.trim().is_empty());
        setup.currency =
            text_field("currency").and_then(|c| kept(parse_currency(&c), &mut problems));
        setup.locale = text_field("locale").and_then(|t| kept(parse_locale(&t), &mut problems));
        setup.cancel_minutes = number_field("cancel_minutes")
            .and_then(|m| kept(parse_cancel_minutes(&m), &mut problems));
        setup.history_max =
            number_field("history_max").and_then(|n| kept(parse_history_max(&n), &mut problems));
        setup.staff_pin = fields
            .get("staff_pin")
            .and_then(|p| kept(parse_staff_pin(p), &mut problems));
        setup.close_day = fields.get("close_day_at").and_then(|at| {
            kept(
                parse_daily_close(at, fields.get("close_day_open")),
                &mut problems,
            )
        });
        setup.language =
            text_field("language").and_then(|t| kept(parse_language(&t), &mut problems));
        (setup, problems)
    }

    /// `?currency=EUR&locale=de-DE` in the address.
    pub fn from_query(query: &str) -> (Setup, Vec<SetupProblem>) {
        let mut setup = Setup::default();
        let mut problems = Vec::new();
        let query = query.trim().trim_start_matches('?');
        for (key, value) in query.split('&').filter_map(|p| p.split_once('=')) {
            let value = percent_decode(value);
            match key {
                "currency" => match parse_currency(&value) {
                    Ok(code) => setup.currency = Some(code),
                    Err(error) => problems.push(SetupProblem {
                        in_config: false,
                        error,
                    }),
                },
                "locale" => match parse_locale(&value) {
                    Ok(tag) => setup.locale = Some(tag),
                    Err(error) => problems.push(SetupProblem {
                        in_config: false,
                        error,
                    }),
                },
                "lang" => match parse_language(&value) {
                    Ok(tag) => setup.language = Some(tag),
                    Err(error) => problems.push(SetupProblem {
                        in_config: false,
                        error,
                    }),
                },
                "cancel_minutes" => match parse_cancel_minutes(&value) {
                    Ok(m) => setup.cancel_minutes = Some(m),
                    Err(error) => problems.push(SetupProblem {
                        in_config: false,
                        error,
                    }),
                },
                "history_max" => match parse_history_max(&value) {
                    Ok(n) => setup.history_max = Some(n),
                    Err(error) => problems.push(SetupProblem {
                        in_config: false,
                        error,
                    }),
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
            cancel_minutes: self.cancel_minutes.or(other.cancel_minutes),
            staff_pin: self.staff_pin.or(other.staff_pin),
            history_max: self.history_max.or(other.history_max),
            close_day: self.close_day.or(other.close_day),
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
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "config.json: currency \"Euro\" is not a three-letter ISO 4217 code like EUR or JPY",
                "config.json: locale \"de_DE!\" is not a language tag like de-DE or en-US"
            ]
        );
    }

    #[test]
    fn the_cancel_window_comes_from_config_json_or_the_address_and_a_bad_one_is_said() {
        let (setup, problems) = Setup::from_config(r#"{"cancel_minutes":10}"#);
        assert_eq!((setup.cancel_minutes, problems.len()), (Some(10), 0));
        let (setup, _) = Setup::from_query("?cancel_minutes=0");
        assert_eq!(setup.cancel_minutes, Some(0));
        let (setup, problems) = Setup::from_config(r#"{"cancel_minutes":-1}"#);
        assert_eq!(setup.cancel_minutes, None);
        assert_eq!(
            problems[0].to_string(),
            "config.json: cancel_minutes \"-1\" is not a number of minutes from 0 to 240"
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
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
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
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["config.json: language \"tlh\" has no catalogue (the board speaks en, es, fr, de, pt-BR, ar)"]
        );
    }

    #[test]
    fn the_staff_pin_comes_from_config_json_as_4_to_12_digits_and_a_wrong_one_is_said() {
        let (setup, problems) = Setup::from_config(r#"{"staff_pin": 2468}"#);
        assert_eq!(
            (setup.staff_pin.as_deref(), problems.len()),
            (Some("2468"), 0)
        );
        let (setup, _) = Setup::from_config(r#"{"staff_pin": " 0042 "}"#);
        assert_eq!(setup.staff_pin.as_deref(), Some("0042"));
        for bad in [r#""12""#, r#""12ab""#, "true", r#""1234567890123""#] {
            let (setup, problems) = Setup::from_config(&format!(r#"{{"staff_pin": {bad}}}"#));
            assert_eq!(setup.staff_pin, None, "{bad}");
            assert_eq!(problems[0].error, SetupError::StaffPin);
        }
        // Never from the address: a PIN in a link would be in every browser history.
        assert_eq!(Setup::from_query("?staff_pin=2468").0.staff_pin, None);
    }

    #[test]
    fn the_set_hour_close_comes_from_config_json_and_a_wrong_time_or_choice_is_said() {
        let (setup, problems) =
            Setup::from_config(r#"{"close_day_at": "04:30", "close_day_open": "cancelled"}"#);
        let daily = setup.close_day.unwrap();
        assert_eq!(
            (daily.at_second, daily.keep_open, problems.len()),
            (16_200, false, 0)
        );
        let (setup, _) = Setup::from_config(r#"{"close_day_at": "23:00:15"}"#);
        assert!(
            setup.close_day.unwrap().keep_open,
            "open tickets stay unless it says"
        );
        let (setup, problems) = Setup::from_config(r#"{"close_day_at": 4}"#);
        assert_eq!(setup.close_day, None);
        assert_eq!(problems[0].error, SetupError::CloseDayAt("4".into()));
        let (_, problems) =
            Setup::from_config(r#"{"close_day_at": "04:00", "close_day_open": "drop"}"#);
        assert_eq!(problems[0].error, SetupError::CloseDayOpen("drop".into()));
    }
}
