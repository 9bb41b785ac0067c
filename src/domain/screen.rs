//! Which screen a device shows (kitchen wall, counter, pickup, tools, or everything) and the screen's own
//! settings a device keeps across reloads.

use super::menu::Menu;
use super::stations::Station;
use serde::{Deserialize, Serialize};

/// A screen for each role. The all-in-one board stays the default for a desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Screen {
    #[default]
    All,
    Kitchen,
    Counter,
    Pickup,
    Tools,
    /// The expo: every open order with its parts, and the hand-off.
    Expo,
    /// The manager's speed-of-service report, from the history.
    Report,
}

impl Screen {
    pub const EVERY: [Screen; 7] = [
        Screen::All,
        Screen::Kitchen,
        Screen::Expo,
        Screen::Counter,
        Screen::Pickup,
        Screen::Tools,
        Screen::Report,
    ];

    /// The word in `?view=`.
    pub fn slug(self) -> &'static str {
        match self {
            Screen::All => "all",
            Screen::Kitchen => "kitchen",
            Screen::Counter => "counter",
            Screen::Pickup => "pickup",
            Screen::Tools => "tools",
            Screen::Expo => "expo",
            Screen::Report => "report",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Screen::All => "Everything",
            Screen::Kitchen => "Kitchen",
            Screen::Counter => "Counter",
            Screen::Pickup => "Pickup",
            Screen::Tools => "Tools",
            Screen::Expo => "Expo",
            Screen::Report => "Report",
        }
    }

    pub fn parse(text: &str) -> Option<Screen> {
        let text = text.trim().to_ascii_lowercase();
        Screen::EVERY.into_iter().find(|s| s.slug() == text)
    }

    /// Where orders are placed (the form is on it), so where the device needs a counter letter.
    pub fn places_orders(self) -> bool {
        matches!(self, Screen::All | Screen::Counter)
    }

    /// The customers' screen only shows: it publishes nothing, not even its presence.
    pub fn publishes(self) -> bool {
        self != Screen::Pickup
    }
}

/// The `view` parameter of a query string (`?view=kitchen&broker=…`), if it names a screen.
/// The query string with `view=` set to `slug`, every other parameter kept in its order: `?a=1&view=x`.
pub fn query_with_view(search: &str, slug: &str) -> String {
    let mut pairs: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("view="))
        .collect();
    let view = format!("view={slug}");
    pairs.push(&view);
    format!("?{}", pairs.join("&"))
}

pub fn screen_in_query(query: &str) -> Option<Screen> {
    query_value(query, "view").and_then(|value| Screen::parse(&value))
}

/// The `station` parameter (`?view=kitchen&station=Drinks`): a station screen, remembered like a
/// station chosen on the screen. Empty: every station.
pub fn station_in_query(query: &str) -> Option<String> {
    query_value(query, "station").map(|value| value.trim().to_owned())
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| super::settings::percent_decode(value))
}

/// What one device remembers about its screen: the role, the station, sort, sound, the minutes at which a
/// ticket turns yellow and red, and whether someone pressed Disconnect. Missing fields take defaults, so
/// an older save still loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreenPrefs {
    pub screen: Screen,
    /// A category of the menu, or empty for every station.
    pub station: String,
    pub oldest_first: bool,
    pub sound: bool,
    pub warn_minutes: i64,
    pub late_minutes: i64,
    /// Disconnected by hand: a reload must not connect behind the user's back.
    pub disconnected: bool,
    /// Print each new ticket as it arrives (a kiosk browser at the pass, see README).
    pub print_new: bool,
    /// The language chosen on this device (a tag of `language::LANGUAGES`), empty until one is chosen.
    pub language: String,
}

impl Default for ScreenPrefs {
    fn default() -> Self {
        ScreenPrefs {
            screen: Screen::All,
            station: String::new(),
            oldest_first: false,
            sound: false,
            warn_minutes: 5,
            late_minutes: 8,
            disconnected: false,
            print_new: false,
            language: String::new(),
        }
    }
}

impl ScreenPrefs {
    /// The station in use: the one chosen, while the menu in use still has that category.
    pub fn station_in(&self, menu: &Menu) -> Station {
        match super::stations::choices(menu)
            .into_iter()
            .find(|s| *s == self.station)
        {
            Some(station) => Station::Only(station),
            None => Station::All,
        }
    }

    pub fn set_station(&mut self, station: &Station) {
        self.station = match station {
            Station::All => String::new(),
            Station::Only(category) => category.clone(),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_station_parameter_chooses_a_station_screen_percent_decoded() {
        assert_eq!(
            station_in_query("?view=kitchen&station=Drinks").as_deref(),
            Some("Drinks")
        );
        assert_eq!(
            station_in_query("?station=Salad%20Bar&view=kitchen").as_deref(),
            Some("Salad Bar")
        );
        assert_eq!(station_in_query("?view=kitchen"), None);
        assert_eq!(screen_in_query("?view=expo"), Some(Screen::Expo));
    }

    #[test]
    fn the_view_parameter_names_the_screen_among_other_parameters() {
        assert_eq!(
            screen_in_query("?broker=ws://x:9001&view=Kitchen"),
            Some(Screen::Kitchen)
        );
        assert_eq!(screen_in_query("?view=pickup"), Some(Screen::Pickup));
        assert_eq!(screen_in_query("?view=nonsense"), None);
        assert_eq!(screen_in_query("?preview=kitchen"), None);
    }

    #[test]
    fn only_the_pickup_screen_publishes_nothing() {
        let silent: Vec<_> = Screen::EVERY
            .into_iter()
            .filter(|s| !s.publishes())
            .collect();
        assert_eq!(silent, vec![Screen::Pickup]);
    }

    #[test]
    fn an_older_save_without_new_fields_still_loads_with_defaults() {
        let prefs: ScreenPrefs = serde_json::from_str(r#"{"station":"Drinks"}"#).unwrap();
        assert_eq!(
            prefs.station_in(&Menu::demo()),
            Station::Only("Drinks".into())
        );
        assert_eq!(prefs.warn_minutes, 5);
        assert_eq!(prefs.screen, Screen::All);
    }

    #[test]
    fn a_station_is_kept_by_its_category_and_dropped_when_the_menu_has_no_such_category() {
        let mut prefs = ScreenPrefs::default();
        prefs.set_station(&Station::Only("Pizza".into()));
        assert_eq!(
            prefs.station_in(&Menu::demo()),
            Station::Only("Pizza".into())
        );
        let noodles = Menu::parse(r#"[{"name":"Pho","category":"Soup","price":9}]"#).unwrap();
        assert_eq!(prefs.station_in(&noodles), Station::All);
        prefs.set_station(&Station::All);
        assert_eq!(prefs.station_in(&Menu::demo()), Station::All);
    }

    #[test]
    fn switching_screens_changes_only_the_view_parameter_of_the_address() {
        assert_eq!(
            query_with_view("?broker=ws%3A%2F%2Fa&view=all&topic=t", "kitchen"),
            "?broker=ws%3A%2F%2Fa&topic=t&view=kitchen"
        );
        assert_eq!(query_with_view("", "pickup"), "?view=pickup");
        assert_eq!(query_with_view("?&&view=x&view=y", "tools"), "?view=tools");
        assert_eq!(
            screen_in_query(&query_with_view("?a=1", Screen::Kitchen.slug())),
            Some(Screen::Kitchen)
        );
    }
}
