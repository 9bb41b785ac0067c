//! Where the board's connection settings come from: the page's query string, what the user saved, the host's
//! `config.json`, and defaults, merged field by field.

use super::restaurant::SetupError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

pub const DEFAULT_TOPIC: &str = "restaurant/orders";
pub const DEFAULT_QOS: u8 = 1;
pub const DEFAULT_BROKER_PORT: u16 = 9001;
pub const DEFAULT_KEEPALIVE_SECS: u16 = 30;
/// Keepalive bounds: under 5 s pings dominate a slow link; over an hour a dead link goes unnoticed too long.
pub const KEEPALIVE_RANGE: std::ops::RangeInclusive<u16> = 5..=3600;

fn parse_flag(text: &str) -> Option<bool> {
    match text.trim() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// A keepalive in seconds within [`KEEPALIVE_RANGE`], else none.
pub fn parse_keepalive(text: &str) -> Option<u16> {
    text.trim()
        .parse()
        .ok()
        .filter(|k| KEEPALIVE_RANGE.contains(k))
}
const MAX_QOS: u8 = 2;

/// The MQTT protocol version to speak. Written as `"3.1.1"` or `"5"`; read leniently (see [`Self::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MqttVersionSetting {
    /// MQTT 5, and 3.1.1 for a broker that turns 5 away (remembered per broker).
    #[default]
    Auto,
    V3_1_1,
    V5,
}

impl MqttVersionSetting {
    pub fn as_str(self) -> &'static str {
        match self {
            MqttVersionSetting::Auto => "auto",
            MqttVersionSetting::V3_1_1 => "3.1.1",
            MqttVersionSetting::V5 => "5",
        }
    }

    /// Reads `3.1.1`, `311`, `3` or `4` (3.1.1's protocol level) as 3.1.1, `5` or `5.0` as 5, with an
    /// optional leading `v`, and `auto`. Anything else is `None`.
    pub fn parse(text: &str) -> Option<MqttVersionSetting> {
        let text = text.trim();
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        match text {
            "3.1.1" | "311" | "3" | "4" => Some(MqttVersionSetting::V3_1_1),
            "5" | "5.0" => Some(MqttVersionSetting::V5),
            "auto" | "Auto" | "AUTO" => Some(MqttVersionSetting::Auto),
            _ => None,
        }
    }

    fn from_json(value: &Value) -> Option<MqttVersionSetting> {
        match value {
            Value::String(text) => MqttVersionSetting::parse(text),
            // 5, 5.0 and 4 (the protocol level) read as their text would.
            Value::Number(n) => MqttVersionSetting::parse(&n.to_string()),
            _ => None,
        }
    }
}

impl fmt::Display for MqttVersionSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MqttVersionSetting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MqttVersionSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        MqttVersionSetting::from_json(&value).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "MQTT version {value} is not one of \"auto\", \"3.1.1\" or \"5\""
            ))
        })
    }
}

/// The settings table: every field once — its type, how config.json and saved JSON read it (leniently),
/// which query keys set it and how, what is saved of it, how the sources merge into it, and whether
/// `Debug` may show it. From this one table come [`BoardSettings`], [`PartialSettings`], [`parse_query`],
/// [`BoardSettings::to_saved`], [`keep_edits`], [`resolve`] and both `Debug`s. A new setting is one row
/// here (and its field in the form).
macro_rules! settings_table {
    ($(
        $(#[$meta:meta])*
        $name:ident: $ty:ty, partial $pty:ty, read $de:literal $(, alias $alias:literal)?;
        query [$($key:literal),*] $query:expr;
        saved $saved:expr;
        resolve $resolve:expr;
        debug $debug:path;
    )*) => {
        /// The settings the board connects with, after merging every source.
        ///
        /// Deserializing goes through [`PartialSettings`], so partial or partly invalid JSON still loads,
        /// with defaults for the rest. The password is never serialized (persist with
        /// [`BoardSettings::to_saved`]) and never shown by `Debug`, so neither a stray `to_string` nor a
        /// log line leaks it.
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "PartialSettings")]
        pub struct BoardSettings {
            $($(#[$meta])* pub $name: $ty,)*
        }

        /// One source's settings: each field is there or not. Values that cannot be used (qos 7, version
        /// "6", blank text, wrong JSON types) read as absent rather than failing the whole source; unknown
        /// fields are ignored so a host's config.json can carry other things.
        #[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[serde(default)]
        pub struct PartialSettings {
            $(
                #[serde(skip_serializing_if = "Option::is_none", deserialize_with = $de $(, alias = $alias)?)]
                pub $name: Option<$pty>,
            )*
        }

        /// One query parameter: fills its field unless an earlier parameter already did.
        fn fill_from_query(out: &mut PartialSettings, key: &str, value: &str) {
            $(
                let keys: &[&str] = &[$($key),*];
                if keys.contains(&key) {
                    if out.$name.is_none() {
                        out.$name = ($query)(value);
                    }
                    return;
                }
            )*
        }

        impl BoardSettings {
            /// What the UI keeps in localStorage: everything, except that the password is kept only when
            /// remember_password is ticked.
            pub fn to_saved(&self) -> PartialSettings {
                PartialSettings { $($name: ($saved)(self),)* }
            }
        }

        /// Start-up's second look, once config.json is in: `fresh` (resolved with it) for every field the
        /// user has not changed since `initial` (resolved without it), and the user's own value where they
        /// have. A tick or a typed topic is never overwritten by a file that arrived late.
        pub fn keep_edits(
            initial: &BoardSettings,
            current: &BoardSettings,
            fresh: BoardSettings,
        ) -> BoardSettings {
            BoardSettings {
                $($name: if current.$name != initial.$name {
                    current.$name.clone()
                } else {
                    fresh.$name
                },)*
            }
        }

        fn resolve_sources(s: &Sources) -> BoardSettings {
            BoardSettings { $($name: ($resolve)(s),)* }
        }

        impl fmt::Debug for BoardSettings {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("BoardSettings")
                    $(.field(stringify!($name), &$debug(&self.$name)))*
                    .finish()
            }
        }

        impl fmt::Debug for PartialSettings {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("PartialSettings")
                    $(.field(stringify!($name), &$debug(&self.$name)))*
                    .finish()
            }
        }
    };
}

/// The sources of one merge, first wins: the query, then what was saved, then config.json.
struct Sources<'a> {
    query: &'a PartialSettings,
    saved: &'a PartialSettings,
    config: &'a PartialSettings,
    host: &'a str,
}

impl Sources<'_> {
    /// The first source's usable value (`pick` says which values are).
    fn first<T>(&self, pick: impl Fn(&PartialSettings) -> Option<T>) -> Option<T> {
        [self.query, self.saved, self.config]
            .into_iter()
            .find_map(pick)
    }

    fn first_text(&self, pick: impl Fn(&PartialSettings) -> &Option<String>) -> Option<String> {
        [self.query, self.saved, self.config]
            .into_iter()
            .find_map(|s| pick(s).as_deref().and_then(clean_text))
    }

    /// A saved password counts only if it was saved with remember ticked (or without saying); the query
    /// never supplies one.
    fn password(&self) -> Option<String> {
        let saved = match self.saved.remember_password {
            Some(false) => None,
            _ => self.saved.password.as_deref(),
        };
        [saved, self.config.password.as_deref()]
            .into_iter()
            .flatten()
            .find_map(clean_secret)
    }
}

settings_table! {
    /// One broker URL, or several (a cluster's nodes), a URL per line as the panel shows it; config.json
    /// may say `"broker": "ws://a/mqtt"`, `"broker": [..]` or `"brokers": [..]`.
    broker: String, partial String, read "lenient::brokers", alias "brokers";
        query ["broker"] clean_text;
        saved |b: &BoardSettings| Some(b.broker.clone());
        // A list from the query ("a,b") reads like one from config.json: a node per line.
        resolve |s: &Sources| s.first_text(|p| &p.broker)
            .map(|b| broker_urls(&b).join("\n"))
            .unwrap_or_else(|| default_broker(s.host));
        debug shown;
    topic: String, partial String, read "lenient::text";
        query ["topic"] clean_text;
        saved |b: &BoardSettings| Some(b.topic.clone());
        resolve |s: &Sources| s.first_text(|p| &p.topic).unwrap_or_else(|| DEFAULT_TOPIC.to_owned());
        debug shown;
    /// `None` lets the connection make up a fresh id.
    client_id: Option<String>, partial String, read "lenient::text";
        query ["client_id", "clientId"] clean_text;
        saved |b: &BoardSettings| b.client_id.clone();
        resolve |s: &Sources| s.first_text(|p| &p.client_id);
        debug shown;
    username: Option<String>, partial String, read "lenient::text";
        query ["username"] clean_text;
        saved |b: &BoardSettings| b.username.clone();
        resolve |s: &Sources| s.first_text(|p| &p.username);
        debug shown;
    /// Never from the address (URLs end up in history, logs and screenshots) and never serialized.
    #[serde(skip_serializing)]
    password: Option<String>, partial String, read "lenient::secret";
        query [] |_: &str| None;
        saved |b: &BoardSettings| b.password.clone().filter(|_| b.remember_password);
        resolve |s: &Sources| s.password();
        debug hidden;
    mqtt_version: MqttVersionSetting, partial MqttVersionSetting, read "lenient::version", alias "version";
        query ["version", "mqtt_version"] MqttVersionSetting::parse;
        saved |b: &BoardSettings| Some(b.mqtt_version);
        resolve |s: &Sources| s.first(|p| p.mqtt_version).unwrap_or_default();
        debug shown;
    /// 0, 1 or 2.
    qos: u8, partial u8, read "lenient::qos";
        query ["qos"] parse_qos;
        saved |b: &BoardSettings| Some(b.qos);
        resolve |s: &Sources| s.first(|p| p.qos.filter(|&q| q <= MAX_QOS)).unwrap_or(DEFAULT_QOS);
        debug shown;
    /// Only saved settings and config.json may tick it, never the address.
    remember_password: bool, partial bool, read "lenient::flag";
        query [] |_: &str| None;
        saved |b: &BoardSettings| Some(b.remember_password);
        resolve |s: &Sources| s.saved.remember_password.or(s.config.remember_password).unwrap_or(false);
        debug shown;
    /// Ask the broker to keep the session (subscription and queued QoS 1/2 orders) while the board is away.
    persistent_session: bool, partial bool, read "lenient::flag";
        query ["persistent", "persistent_session"] parse_flag;
        saved |b: &BoardSettings| Some(b.persistent_session);
        resolve |s: &Sources| s.first(|p| p.persistent_session).unwrap_or(true);
        debug shown;
    /// Seconds between pings when idle; the link counts as dead after 1.5 times this without an answer.
    keepalive_secs: u16, partial u16, read "lenient::keepalive";
        query ["keepalive"] parse_keepalive;
        saved |b: &BoardSettings| Some(b.keepalive_secs);
        resolve |s: &Sources| s.first(|p| p.keepalive_secs).unwrap_or(DEFAULT_KEEPALIVE_SECS);
        debug shown;
    /// Publish retained `online` on connect and leave `offline` as the last will (see `topics::presence_topic`).
    announce_presence: bool, partial bool, read "lenient::flag";
        query ["presence"] parse_flag;
        saved |b: &BoardSettings| Some(b.announce_presence);
        resolve |s: &Sources| s.first(|p| p.announce_presence).unwrap_or(false);
        debug shown;
}

/// Reads settings from a URL query string such as `location.search`, with or without its `?`.
///
/// Keys: `broker`, `topic`, `client_id`, `username`, `qos`, `version` (or `mqtt_version`). A `password`
/// is deliberately ignored: URLs end up in history, logs and screenshots, so passwords never go in them.
/// The first usable value of a repeated key wins.
pub fn parse_query(query: &str) -> PartialSettings {
    let query = query.trim();
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let mut out = PartialSettings::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        fill_from_query(&mut out, &percent_decode(key), &percent_decode(value));
    }
    out
}

/// Reads the optional `config.json` a host serves next to index.html,
/// e.g. `{"broker":"wss://mqtt.example.com/mqtt","topic":"restaurant/orders"}`.
pub fn parse_config_json(text: &str) -> Result<PartialSettings, SetupError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(SetupError::ConfigEmpty);
    }
    // Single-page hosts often answer a missing file with index.html; say so rather than "expected value".
    if text.starts_with('<') {
        return Err(SetupError::ConfigHtml);
    }
    if !text.starts_with('{') {
        return Err(SetupError::ConfigNotObject);
    }
    serde_json::from_str(text).map_err(|e| match e.is_data() {
        true => SetupError::ConfigField(e.to_string()),
        false => SetupError::ConfigInvalid(e.to_string()),
    })
}

/// The brokers of one setting: one URL, or several (a cluster's nodes) separated by commas, spaces or lines.
pub fn broker_urls(setting: &str) -> Vec<String> {
    setting
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Merges the sources field by field: the first present, usable value wins, in the order query, saved,
/// config, default. The query never supplies a password or the remember flag, and a saved password only
/// counts if it was saved with remember ticked (or without saying).
pub fn resolve(
    query: PartialSettings,
    saved: PartialSettings,
    config: PartialSettings,
    page_host: &str,
) -> BoardSettings {
    resolve_sources(&Sources {
        query: &query,
        saved: &saved,
        config: &config,
        host: page_host,
    })
}

/// `ws://<page host>:9001`, the broker a locally served board most likely talks to. `page_host` is
/// `location.hostname` (a port, if given, is dropped); empty means 127.0.0.1 and IPv6 gets brackets.
pub fn default_broker(page_host: &str) -> String {
    let host = page_host.trim();
    let host = if let Some(rest) = host.strip_prefix('[') {
        // "[::1]" or "[::1]:8080"
        rest.split_once(']')
            .map_or_else(|| format!("[{rest}]"), |(ip, _)| format!("[{ip}]"))
    } else {
        match host.matches(':').count() {
            0 => host.to_owned(),
            1 => host.split(':').next().unwrap_or_default().to_owned(),
            _ => format!("[{host}]"),
        }
    };
    let host = if host.is_empty() || host == "[]" {
        "127.0.0.1"
    } else {
        &host
    };
    format!("ws://{host}:{DEFAULT_BROKER_PORT}")
}

impl Default for BoardSettings {
    fn default() -> Self {
        BoardSettings::from(PartialSettings::default())
    }
}

impl From<PartialSettings> for BoardSettings {
    /// One source taken as complete settings, with defaults (and 127.0.0.1) for what it lacks.
    fn from(settings: PartialSettings) -> Self {
        resolve(
            PartialSettings::default(),
            PartialSettings::default(),
            settings,
            "",
        )
    }
}

fn hidden(password: &Option<String>) -> Option<&'static str> {
    password.as_ref().map(|_| "<hidden>")
}

fn shown<T>(value: &T) -> &T {
    value
}

/// Trimmed, or `None` if blank. NUL is not allowed in any MQTT string, so text containing one is unusable.
fn clean_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && !text.contains('\0')).then(|| text.to_owned())
}

/// Passwords are kept exactly as typed (spaces may be part of them); only a blank one is absent.
fn clean_secret(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_owned())
}

pub fn parse_qos(text: &str) -> Option<u8> {
    text.trim().parse().ok().filter(|&q| q <= MAX_QOS)
}

/// Decodes `%XX` escapes and `+` as space, as browsers encode forms and URLSearchParams. A `%` not
/// followed by two hex digits is kept as is; invalid UTF-8 becomes U+FFFD.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Field readers for [`PartialSettings`] that turn unusable values into `None` instead of errors.
mod lenient {
    use super::{clean_secret, clean_text, parse_qos, MqttVersionSetting, Value, MAX_QOS};
    use serde::{Deserialize, Deserializer};

    fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        Option::<Value>::deserialize(d)
    }

    pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match value(d)? {
            Some(Value::String(s)) => clean_text(&s),
            _ => None,
        })
    }

    /// A URL, or a list of them (only its strings count), as one text with a URL per line.
    pub fn brokers<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match value(d)? {
            Some(Value::String(s)) => clean_text(&s),
            Some(Value::Array(list)) => {
                let urls: Vec<String> = list
                    .iter()
                    .filter_map(|v| v.as_str().and_then(clean_text))
                    .collect();
                (!urls.is_empty()).then(|| urls.join("\n"))
            }
            _ => None,
        })
    }

    pub fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match value(d)? {
            Some(Value::String(s)) => clean_secret(&s),
            _ => None,
        })
    }

    pub fn version<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<MqttVersionSetting>, D::Error> {
        Ok(value(d)?.and_then(|v| MqttVersionSetting::from_json(&v)))
    }

    pub fn qos<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
        Ok(match value(d)? {
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|q| u8::try_from(q).ok())
                .filter(|&q| q <= MAX_QOS),
            Some(Value::String(s)) => parse_qos(&s),
            _ => None,
        })
    }

    pub fn keepalive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
        Ok(match value(d)? {
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|k| u16::try_from(k).ok())
                .filter(|k| super::KEEPALIVE_RANGE.contains(k)),
            Some(Value::String(s)) => super::parse_keepalive(&s),
            _ => None,
        })
    }

    pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        Ok(match value(d)? {
            Some(Value::Bool(b)) => Some(b),
            Some(Value::String(s)) => match s.trim() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broker_setting_may_list_several_nodes() {
        assert_eq!(broker_urls("ws://a:9001"), vec!["ws://a:9001"]);
        assert_eq!(
            broker_urls(" ws://a:9001/mqtt,ws://b:9001/mqtt\nwss://c/mqtt ,"),
            vec!["ws://a:9001/mqtt", "ws://b:9001/mqtt", "wss://c/mqtt"]
        );
        assert!(broker_urls(" , ").is_empty());
    }

    #[test]
    fn config_json_may_list_a_clusters_nodes_as_brokers_or_broker() {
        for text in [
            r#"{"brokers":["ws://a:9001/mqtt","ws://b:9001/mqtt"]}"#,
            r#"{"broker":["ws://a:9001/mqtt", 7, "ws://b:9001/mqtt"]}"#,
            r#"{"broker":"ws://a:9001/mqtt, ws://b:9001/mqtt"}"#,
        ] {
            let config = parse_config_json(text).unwrap();
            assert_eq!(
                broker_urls(config.broker.as_deref().unwrap()),
                vec!["ws://a:9001/mqtt", "ws://b:9001/mqtt"],
                "{text}"
            );
        }
    }

    #[test]
    fn config_json_arriving_late_fills_only_what_the_user_left_alone() {
        let initial = resolve(
            PartialSettings::default(),
            PartialSettings::default(),
            PartialSettings::default(),
            "kitchen.local",
        );
        let mut current = initial.clone();
        current.persistent_session = !initial.persistent_session;
        current.topic = "restaurant/typed".into();
        let config = parse_config_json(
            r#"{"broker":"ws://broker.example:9001","topic":"restaurant/config","persistent_session":true}"#,
        )
        .unwrap();
        let fresh = resolve(
            PartialSettings::default(),
            PartialSettings::default(),
            config,
            "kitchen.local",
        );
        let merged = keep_edits(&initial, &current, fresh);
        assert_eq!(
            merged.broker, "ws://broker.example:9001",
            "untouched: from config.json"
        );
        assert_eq!(merged.topic, "restaurant/typed", "typed by the user");
        assert_eq!(
            merged.persistent_session, current.persistent_session,
            "ticked by the user"
        );
    }

    fn partial(json: &str) -> PartialSettings {
        serde_json::from_str(json).unwrap()
    }

    fn none() -> PartialSettings {
        PartialSettings::default()
    }

    #[test]
    fn presence_lives_beside_the_orders_topic_never_under_it() {
        assert_eq!(parse_query("?presence=1").announce_presence, Some(true));
    }

    #[test]
    fn keepalive_is_read_within_five_seconds_to_an_hour() {
        assert_eq!(parse_query("?keepalive=60").keepalive_secs, Some(60));
        assert_eq!(parse_query("?keepalive=1").keepalive_secs, None);
        assert_eq!(
            parse_config_json(r#"{"keepalive_secs": 90}"#)
                .unwrap()
                .keepalive_secs,
            Some(90)
        );
        assert_eq!(
            parse_config_json(r#"{"keepalive_secs": 99999}"#)
                .unwrap()
                .keepalive_secs,
            None
        );
        assert_eq!(resolve(none(), none(), none(), "h").keepalive_secs, 30);
    }

    #[test]
    fn the_query_can_ask_for_a_clean_session() {
        assert_eq!(parse_query("?persistent=0").persistent_session, Some(false));
        assert_eq!(
            parse_query("?persistent=yes").persistent_session,
            Some(true)
        );
        assert_eq!(parse_query("?persistent=maybe").persistent_session, None);
        assert!(resolve(none(), none(), none(), "h").persistent_session);
    }

    #[test]
    fn with_no_sources_the_defaults_point_at_the_page_host() {
        let settings = resolve(none(), none(), none(), "kitchen.local");
        assert_eq!(
            settings,
            BoardSettings {
                broker: "ws://kitchen.local:9001".into(),
                topic: "restaurant/orders".into(),
                client_id: None,
                username: None,
                password: None,
                mqtt_version: MqttVersionSetting::Auto,
                qos: 1,
                remember_password: false,
                persistent_session: true,
                keepalive_secs: 30,
                announce_presence: false,
            }
        );
    }

    #[test]
    fn query_beats_saved_beats_config_beats_default() {
        let query = parse_query("?broker=ws://q:1");
        let saved = partial(r#"{"broker":"ws://s:1","topic":"saved/t"}"#);
        let config = partial(r#"{"broker":"ws://c:1","topic":"config/t","qos":0,"version":"5"}"#);
        let settings = resolve(query.clone(), saved.clone(), config.clone(), "h");
        assert_eq!(settings.broker, "ws://q:1");
        assert_eq!(settings.topic, "saved/t");
        assert_eq!(settings.qos, 0);
        assert_eq!(settings.mqtt_version, MqttVersionSetting::V5);
        assert_eq!(settings.client_id, None);

        let settings = resolve(none(), saved, config.clone(), "h");
        assert_eq!(settings.broker, "ws://s:1");
        let settings = resolve(none(), none(), config, "h");
        assert_eq!(settings.broker, "ws://c:1");
        assert_eq!(settings.topic, "config/t");
    }

    #[test]
    fn invalid_values_count_as_absent_and_fall_through() {
        let query = parse_query("qos=7&version=6&broker=%20%20&topic=");
        assert_eq!(query, none());
        let saved = PartialSettings {
            qos: Some(7),
            broker: Some("   ".into()),
            topic: Some("bad\0topic".into()),
            ..none()
        };
        let config = partial(
            r#"{"qos":2,"version":"banana","broker":"wss://c/mqtt","topic":["x"],"client_id":""}"#,
        );
        assert_eq!(config.mqtt_version, None);
        assert_eq!(config.topic, None);
        assert_eq!(config.client_id, None);
        let settings = resolve(query, saved, config, "h");
        assert_eq!(settings.qos, 2);
        assert_eq!(settings.mqtt_version, MqttVersionSetting::Auto);
        assert_eq!(settings.broker, "wss://c/mqtt");
        assert_eq!(settings.topic, DEFAULT_TOPIC);
        assert_eq!(settings.client_id, None);
    }

    #[test]
    fn a_password_is_never_read_from_the_query() {
        let query = parse_query("?broker=ws://q:1&password=hunter2&remember_password=true");
        assert_eq!(query.password, None);
        assert_eq!(query.remember_password, None);
        // Even one put there by code is ignored: the query is not a place for secrets.
        let query = PartialSettings {
            password: Some("hunter2".into()),
            remember_password: Some(true),
            ..query
        };
        let settings = resolve(query, none(), none(), "h");
        assert_eq!(settings.password, None);
        assert!(!settings.remember_password);
    }

    #[test]
    fn the_password_is_saved_only_when_remember_is_ticked() {
        let mut settings = resolve(none(), none(), none(), "h");
        settings.username = Some("kitchen".into());
        settings.password = Some("s3cret pass".into());
        assert_eq!(settings.to_saved().password, None);
        let json = serde_json::to_string(&settings.to_saved()).unwrap();
        assert!(!json.contains("s3cret"), "{json}");

        settings.remember_password = true;
        let saved = settings.to_saved();
        assert_eq!(saved.password.as_deref(), Some("s3cret pass"));
        let reloaded = resolve(none(), saved, none(), "other-host");
        assert_eq!(reloaded, settings);
    }

    #[test]
    fn a_saved_password_marked_not_remembered_is_ignored() {
        let saved = partial(r#"{"password":"old","remember_password":false}"#);
        assert_eq!(resolve(none(), saved, none(), "h").password, None);
        let saved = partial(r#"{"password":" spaced "}"#);
        assert_eq!(
            resolve(none(), saved, none(), "h").password.as_deref(),
            Some(" spaced ")
        );
    }

    #[test]
    fn saved_settings_round_trip_through_local_storage_json() {
        let settings = BoardSettings {
            broker: "wss://mqtt.example.com/mqtt".into(),
            topic: "restaurant/orders/#".into(),
            client_id: Some("board-1".into()),
            username: Some("kitchen".into()),
            password: Some("pw".into()),
            mqtt_version: MqttVersionSetting::V5,
            qos: 2,
            remember_password: true,
            persistent_session: false,
            keepalive_secs: 45,
            announce_presence: true,
        };
        let stored = serde_json::to_string(&settings.to_saved()).unwrap();
        let back = resolve(none(), partial(&stored), none(), "h");
        assert_eq!(back, settings);
    }

    #[test]
    fn query_values_are_percent_decoded_with_plus_as_space() {
        let query = parse_query(
            "?broker=ws%3A%2F%2F127.0.0.1%3A9001&topic=restaurant/orders&qos=0&version=5&client_id=x&username=u",
        );
        assert_eq!(query.broker.as_deref(), Some("ws://127.0.0.1:9001"));
        assert_eq!(query.topic.as_deref(), Some("restaurant/orders"));
        assert_eq!(query.qos, Some(0));
        assert_eq!(query.mqtt_version, Some(MqttVersionSetting::V5));
        assert_eq!(query.client_id.as_deref(), Some("x"));
        assert_eq!(query.username.as_deref(), Some("u"));

        let query = parse_query("username=Ana+Lima&client_id=caf%C3%A9%2B1&topic=a%2Fb%23");
        assert_eq!(query.username.as_deref(), Some("Ana Lima"));
        assert_eq!(query.client_id.as_deref(), Some("café+1"));
        assert_eq!(query.topic.as_deref(), Some("a/b#"));
    }

    #[test]
    fn broken_percent_escapes_are_kept_literally() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%+1"), "% 1");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("%41%42c"), "ABc");
    }

    #[test]
    fn odd_query_strings_do_not_confuse_the_parser() {
        assert_eq!(parse_query(""), none());
        assert_eq!(parse_query("?"), none());
        assert_eq!(
            parse_query("&&=&topic&broker=a=b"),
            PartialSettings {
                broker: Some("a=b".into()),
                ..none()
            }
        );
        let query = parse_query("topic=first&topic=second&qos=9&qos=2#topic=fragment");
        assert_eq!(query.topic.as_deref(), Some("first"));
        assert_eq!(query.qos, Some(2));
    }

    #[test]
    fn the_default_broker_uses_the_page_host_with_ipv6_in_brackets() {
        assert_eq!(default_broker(""), "ws://127.0.0.1:9001");
        assert_eq!(default_broker("  "), "ws://127.0.0.1:9001");
        assert_eq!(default_broker("localhost"), "ws://localhost:9001");
        assert_eq!(default_broker("192.168.1.20"), "ws://192.168.1.20:9001");
        assert_eq!(default_broker("::1"), "ws://[::1]:9001");
        assert_eq!(default_broker("fe80::1:2"), "ws://[fe80::1:2]:9001");
        assert_eq!(default_broker("[::1]"), "ws://[::1]:9001");
        assert_eq!(default_broker("[::1]:8080"), "ws://[::1]:9001");
        assert_eq!(default_broker("[::1"), "ws://[::1]:9001");
        assert_eq!(default_broker("example.com:8080"), "ws://example.com:9001");
        assert_eq!(
            resolve(none(), none(), none(), "::1").broker,
            "ws://[::1]:9001"
        );
    }

    #[test]
    fn config_json_is_read_and_unknown_fields_are_ignored() {
        let config = parse_config_json(
            "\u{feff}{\"broker\":\"wss://mqtt.example.com/mqtt\",\"topic\":\"restaurant/orders\",\"theme\":\"dark\"}",
        )
        .unwrap();
        assert_eq!(
            config,
            PartialSettings {
                broker: Some("wss://mqtt.example.com/mqtt".into()),
                topic: Some("restaurant/orders".into()),
                ..none()
            }
        );
        let config =
            parse_config_json(r#"{"qos":"0","mqtt_version":5,"remember_password":true}"#).unwrap();
        assert_eq!(config.qos, Some(0));
        assert_eq!(config.mqtt_version, Some(MqttVersionSetting::V5));
        assert_eq!(config.remember_password, Some(true));
    }

    #[test]
    fn malformed_config_json_gives_a_readable_error() {
        let err = parse_config_json(r#"{"broker": "wss://x",}"#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("config.json is not valid JSON: "), "{err}");
        assert!(err.contains("line 1"), "{err}");
        assert_eq!(
            parse_config_json("  ").unwrap_err().to_string(),
            "config.json is empty"
        );
        let err = parse_config_json("<!DOCTYPE html><html></html>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("HTML page"), "{err}");
        let err = parse_config_json(r#"["wss://x"]"#).unwrap_err().to_string();
        assert!(err.contains("must be a JSON object"), "{err}");
        let err = parse_config_json(r#"{"topic":"a","topic":"b"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate field"), "{err}");
        let err = parse_config_json(r#"{"topic":"a"} trailing"#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("config.json is not valid JSON"), "{err}");
    }

    #[test]
    fn versions_are_written_as_3_1_1_or_5_and_read_leniently() {
        assert_eq!(
            serde_json::to_string(&MqttVersionSetting::V3_1_1).unwrap(),
            r#""3.1.1""#
        );
        assert_eq!(
            serde_json::to_string(&MqttVersionSetting::V5).unwrap(),
            r#""5""#
        );
        for (text, version) in [
            ("3.1.1", Some(MqttVersionSetting::V3_1_1)),
            ("v3.1.1", Some(MqttVersionSetting::V3_1_1)),
            ("4", Some(MqttVersionSetting::V3_1_1)),
            (" 5 ", Some(MqttVersionSetting::V5)),
            ("V5", Some(MqttVersionSetting::V5)),
            ("5.0", Some(MqttVersionSetting::V5)),
            ("3.1", None),
            ("6", None),
            ("", None),
        ] {
            assert_eq!(MqttVersionSetting::parse(text), version, "{text:?}");
        }
        let from_json = |json| serde_json::from_str::<MqttVersionSetting>(json).ok();
        assert_eq!(from_json("5"), Some(MqttVersionSetting::V5));
        assert_eq!(from_json("5.0"), Some(MqttVersionSetting::V5));
        assert_eq!(from_json("4"), Some(MqttVersionSetting::V3_1_1));
        assert_eq!(from_json("3.1"), None);
        assert_eq!(from_json(r#""6""#), None);
    }

    #[test]
    fn board_settings_load_from_partial_json_with_defaults_and_never_write_the_password() {
        let settings: BoardSettings =
            serde_json::from_str(r#"{"topic":"t","qos":7,"password":"pw","extra":1}"#).unwrap();
        assert_eq!(settings.topic, "t");
        assert_eq!(settings.qos, DEFAULT_QOS);
        assert_eq!(settings.broker, "ws://127.0.0.1:9001");
        assert_eq!(settings.password.as_deref(), Some("pw"));
        let json = serde_json::to_string(&settings).unwrap();
        assert!(!json.contains("pw\""), "{json}");
        assert!(json.contains(r#""mqtt_version":"auto""#), "{json}");
        assert_eq!(BoardSettings::default().topic, DEFAULT_TOPIC);
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let settings = BoardSettings {
            password: Some("hunter2".into()),
            ..BoardSettings::default()
        };
        let shown = format!("{settings:?} {:?}", settings.to_saved());
        assert!(!shown.contains("hunter2"), "{shown}");
        let remembered = BoardSettings {
            remember_password: true,
            ..settings
        };
        let shown = format!("{:?}", remembered.to_saved());
        assert!(
            shown.contains("<hidden>") && !shown.contains("hunter2"),
            "{shown}"
        );
    }

    fn every_field_changed() -> BoardSettings {
        BoardSettings {
            broker: "ws://a:1/mqtt\nws://b:1/mqtt".into(),
            topic: "kitchen/orders".into(),
            client_id: Some("pass-1".into()),
            username: Some("chef".into()),
            password: Some(" secret ".into()),
            mqtt_version: MqttVersionSetting::V3_1_1,
            qos: 2,
            remember_password: true,
            persistent_session: false,
            keepalive_secs: 90,
            announce_presence: true,
        }
    }

    #[test]
    fn every_setting_saved_comes_back_the_same_after_a_reload() {
        let settings = every_field_changed();
        let json = serde_json::to_string(&settings.to_saved()).unwrap();
        let saved: PartialSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(resolve(none(), saved, none(), "elsewhere"), settings);
    }

    #[test]
    fn every_setting_the_user_changed_survives_a_late_config_json() {
        let initial = BoardSettings::default();
        let current = every_field_changed();
        let fresh = resolve(
            none(),
            none(),
            partial(r#"{"broker":"ws://config:1","topic":"config/t","qos":0}"#),
            "",
        );
        assert_eq!(keep_edits(&initial, &current, fresh), current);
    }

    #[test]
    fn debug_shows_every_setting_but_the_password() {
        let settings = every_field_changed();
        let shown = format!("{settings:?} {:?}", settings.to_saved());
        assert!(!shown.contains("secret"), "{shown}");
        for field in [
            "broker",
            "keepalive_secs",
            "announce_presence",
            "persistent_session",
        ] {
            assert_eq!(shown.matches(field).count(), 2, "{field} in {shown}");
        }
    }
}
