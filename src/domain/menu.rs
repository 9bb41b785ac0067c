//! The restaurant's menu: items, categories and prices.

use super::allergens::Allergen;
use super::modifiers::{read_groups, GroupProblem, ModifierGroup};
use super::money::{Cents, MoneyError};
use std::fmt;

/// Why a menu cannot be used, naming the item (the page words it from the catalogues; this `Display` is
/// English for the command-line tools and the tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuError {
    /// The JSON parser's detail, as `order::plain_json_error` says it.
    NotJson(String),
    NotAList,
    Empty,
    TooMany {
        count: usize,
    },
    /// Item `item` (from 1) has an empty `field` (`name`, `category`).
    NoText {
        item: usize,
        field: &'static str,
    },
    TextTooLong {
        item: usize,
        field: &'static str,
    },
    NoPrice {
        item: usize,
        name: String,
    },
    BadPrice {
        item: usize,
        name: String,
        problem: MoneyError,
    },
    Twice {
        name: String,
    },
    /// `"stations"` groups a category the menu does not have (or is not `{"Station": ["Category", …]}`).
    StationCategory {
        station: String,
        category: String,
    },
    /// A modifier group is broken (`group` is its name, or "?").
    Modifiers {
        group: String,
        problem: GroupProblem,
    },
    /// `"allergens"` names something that is not one of the major allergens (or is not a list).
    BadAllergen {
        item: usize,
        name: String,
        allergen: String,
    },
    /// `prep_minutes` is not a whole number of minutes from 1 to [`MAX_PREP_MINUTES`].
    BadPrep {
        item: usize,
        name: String,
    },
    /// The menu file config.json names is not on the server (404).
    NotOnServer {
        url: String,
    },
    /// The menu file could not be fetched; `detail` is the HTTP status or empty.
    NotFetched {
        url: String,
        detail: String,
    },
}

impl fmt::Display for MenuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MenuError::*;
        match self {
            NotJson(detail) => write!(f, "the menu is not JSON: {detail}"),
            NotAList => f.write_str(
                "the menu is not a list of items (expected [{\"name\", \"category\", \"price\"}, …])",
            ),
            Empty => f.write_str("the menu has no items"),
            TooMany { count } => write!(
                f,
                "the menu has {count} items; at most {MAX_MENU_ITEMS} are allowed"
            ),
            NoText { item, field } => write!(f, "menu item {item} has no {field}"),
            TextTooLong { item, field } => write!(
                f,
                "menu item {item}: the {field} is longer than {MAX_MENU_TEXT} characters"
            ),
            NoPrice { item, name } => write!(f, "menu item {item} ({name}) has no price as a number"),
            BadPrice {
                item,
                name,
                problem,
            } => write!(f, "menu item {item} ({name}): the price {problem}"),
            Twice { name } => write!(f, "the menu lists {name} twice"),
            StationCategory { station, category } => write!(
                f,
                "station {station} groups \"{category}\", which is not a category of the menu"
            ),
            Modifiers { group, problem } => {
                write!(f, "the modifier group {group}: {problem}")
            }
            BadAllergen {
                item,
                name,
                allergen,
            } => write!(
                f,
                "menu item {item} ({name}): \"{allergen}\" is not one of the major allergens"
            ),
            BadPrep { item, name } => write!(
                f,
                "menu item {item} ({name}): prep_minutes must be 1 to {MAX_PREP_MINUTES}"
            ),
            NotOnServer { url } => write!(f, "the menu file {url} is not on the server (404)"),
            NotFetched { url, detail } => {
                write!(f, "the menu file {url} could not be fetched ({detail})")
            }
        }
    }
}

/// One dish: its name as it appears on orders, the station (category) that makes it, and its price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    pub name: String,
    pub category: String,
    pub price: Cents,
    /// How long it takes to make: a scheduled order fires this long before it is due.
    pub prep_minutes: u32,
    /// What it contains of the major allergens (`"allergens": ["gluten", "milk"]`), for the ticket.
    pub allergens: Vec<Allergen>,
}

/// A dish's prep time when the menu does not say (and for dishes not on the menu).
pub const DEFAULT_PREP_MINUTES: u32 = 15;
pub const MAX_PREP_MINUTES: u32 = 24 * 60;

/// The menu in use: the restaurant's own (config.json, menu.json, a retained topic) or the built-in demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Menu {
    items: Vec<MenuItem>,
    /// Categories in the order they first appear: the form's sections.
    categories: Vec<String>,
    /// Stations that make more than one category (`"stations": {"Grill": ["Burger", "Sides"]}`); every
    /// other category is a station of its own.
    groups: Vec<(String, Vec<String>)>,
    /// A dish's place in `items` by its name: every arriving order's lines are looked up.
    index: std::collections::HashMap<String, usize>,
    /// The choices dishes offer (`"modifiers": [{"group", "pick", "required", "for", "options"}]`).
    groups_of_modifiers: Vec<ModifierGroup>,
}

/// A menu larger than this is a mistake (a price list of a wholesaler, a loop in a script).
pub const MAX_MENU_ITEMS: usize = 500;
pub const MAX_MENU_TEXT: usize = 80;

impl Menu {
    /// The seed's demo menu: 26 dishes in seven categories.
    pub fn demo() -> Menu {
        Menu::from_items(
            DEMO.iter()
                .map(|d| MenuItem {
                    name: d.name.to_owned(),
                    category: d.category.to_owned(),
                    price: d.price,
                    prep_minutes: d.prep_minutes,
                    allergens: demo_allergens(d.name).to_vec(),
                })
                .collect(),
        )
        .with_modifiers(Some(&demo_modifiers()))
        .expect("the demo's modifier groups name its own dishes")
    }

    fn from_items(items: Vec<MenuItem>) -> Menu {
        let mut categories: Vec<String> = Vec::new();
        for item in &items {
            if !categories.contains(&item.category) {
                categories.push(item.category.clone());
            }
        }
        let index = items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.name.clone(), i))
            .collect();
        Menu {
            items,
            categories,
            groups: Vec::new(),
            index,
            groups_of_modifiers: Vec::new(),
        }
    }

    /// Reads the modifier groups beside the dishes: each names dishes or categories of this menu.
    fn with_modifiers(mut self, value: Option<&serde_json::Value>) -> Result<Menu, MenuError> {
        let known =
            |name: &str| self.index.contains_key(name) || self.categories.iter().any(|c| c == name);
        self.groups_of_modifiers = read_groups(value, known)
            .map_err(|(group, problem)| MenuError::Modifiers { group, problem })?;
        Ok(self)
    }

    /// The choices a dish offers, in the menu's order (none for a dish not on the menu).
    pub fn modifier_groups(&self, dish: &str) -> Vec<&ModifierGroup> {
        let Some(item) = self.find(dish) else {
            return Vec::new();
        };
        self.groups_of_modifiers
            .iter()
            .filter(|g| g.is_for(&item.name, &item.category))
            .collect()
    }

    /// How long a dish takes (the default for one not on the menu), in milliseconds.
    pub fn prep_ms(&self, dish: &str) -> i64 {
        let minutes = self
            .find(dish)
            .map_or(DEFAULT_PREP_MINUTES, |i| i.prep_minutes);
        i64::from(minutes) * 60_000
    }

    /// The station that makes a category: the group listing it, else the category itself.
    fn station_of_category<'a>(&'a self, category: &'a str) -> &'a str {
        self.groups
            .iter()
            .find(|(_, categories)| categories.iter().any(|c| c == category))
            .map_or(category, |(station, _)| station.as_str())
    }

    /// The station that makes a dish, if the dish is on the menu.
    pub fn station_of(&self, dish: &str) -> Option<&str> {
        self.find(dish)
            .map(|item| self.station_of_category(&item.category))
    }

    /// The kitchen's stations, in the order of the menu's categories.
    pub fn stations(&self) -> Vec<&str> {
        let mut stations: Vec<&str> = Vec::new();
        for category in &self.categories {
            let station = self.station_of_category(category);
            if !stations.contains(&station) {
                stations.push(station);
            }
        }
        stations
    }

    /// Reads `"stations": {"Grill": ["Burger", "Sides"]}` beside the list of dishes.
    fn with_groups(mut self, value: Option<&serde_json::Value>) -> Result<Menu, MenuError> {
        let Some(value) = value else {
            return Ok(self);
        };
        let refused = |station: &str, category: &str| MenuError::StationCategory {
            station: station.to_owned(),
            category: category.to_owned(),
        };
        let groups = value.as_object().ok_or_else(|| refused("?", "?"))?;
        for (station, categories) in groups {
            let station = station.trim();
            let list = categories.as_array().ok_or_else(|| refused(station, "?"))?;
            let mut named = Vec::new();
            for category in list {
                let category = category.as_str().unwrap_or("?").trim();
                if !self.categories.iter().any(|c| c == category) {
                    return Err(refused(station, category));
                }
                named.push(category.to_owned());
            }
            if station.is_empty() || station.chars().count() > MAX_MENU_TEXT {
                return Err(refused(station, named.first().map_or("?", |c| c.as_str())));
            }
            self.groups.push((station.to_owned(), named));
        }
        Ok(self)
    }

    /// Reads a menu: `[{"name":"…","category":"…","price":12.99}, …]`, or the same list under `"menu"`
    /// or `"items"` of an object. Every problem is said in words, naming the item.
    pub fn parse(text: &str) -> Result<Menu, MenuError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| MenuError::NotJson(super::order::plain_json_error(&e)))?;
        Menu::from_json(&value)
    }

    pub fn from_json(value: &serde_json::Value) -> Result<Menu, MenuError> {
        let list = match value {
            serde_json::Value::Array(list) => list,
            serde_json::Value::Object(fields) => {
                match fields.get("menu").or_else(|| fields.get("items")) {
                    Some(serde_json::Value::Array(list)) => list,
                    _ => return Err(MenuError::NotAList),
                }
            }
            _ => return Err(MenuError::NotAList),
        };
        if list.is_empty() {
            return Err(MenuError::Empty);
        }
        if list.len() > MAX_MENU_ITEMS {
            return Err(MenuError::TooMany { count: list.len() });
        }
        let mut items: Vec<MenuItem> = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let n = i + 1;
            let text = |field: &'static str| -> Result<String, MenuError> {
                let value = entry
                    .get(field)
                    .and_then(|v| v.as_str())
                    .map(str::trim)
                    .unwrap_or("");
                match value {
                    "" => Err(MenuError::NoText { item: n, field }),
                    v if v.chars().count() > MAX_MENU_TEXT => {
                        Err(MenuError::TextTooLong { item: n, field })
                    }
                    v => Ok(v.to_owned()),
                }
            };
            let name = text("name")?;
            let category = text("category")?;
            let price =
                entry
                    .get("price")
                    .and_then(|v| v.as_f64())
                    .ok_or_else(|| MenuError::NoPrice {
                        item: n,
                        name: name.clone(),
                    })?;
            let price = Cents::from_wire(price).map_err(|problem| MenuError::BadPrice {
                item: n,
                name: name.clone(),
                problem,
            })?;
            if items.iter().any(|m| m.name == name) {
                return Err(MenuError::Twice { name });
            }
            let prep_minutes = match entry.get("prep_minutes").filter(|v| !v.is_null()) {
                None => DEFAULT_PREP_MINUTES,
                Some(v) => v
                    .as_u64()
                    .and_then(|m| u32::try_from(m).ok())
                    .filter(|m| (1..=MAX_PREP_MINUTES).contains(m))
                    .ok_or_else(|| MenuError::BadPrep {
                        item: n,
                        name: name.clone(),
                    })?,
            };
            let allergens = read_allergens(entry.get("allergens")).map_err(|allergen| {
                MenuError::BadAllergen {
                    item: n,
                    name: name.clone(),
                    allergen,
                }
            })?;
            items.push(MenuItem {
                name,
                category,
                price,
                prep_minutes,
                allergens,
            });
        }
        Menu::from_items(items)
            .with_groups(value.get("stations"))?
            .with_modifiers(value.get("modifiers"))
    }

    pub fn items(&self) -> &[MenuItem] {
        &self.items
    }

    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// A menu item by its exact name; orders from other systems may name things we do not sell.
    pub fn find(&self, name: &str) -> Option<&MenuItem> {
        self.index.get(name).map(|&i| &self.items[i])
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Default for Menu {
    fn default() -> Menu {
        Menu::demo()
    }
}

/// A dish's `"allergens"`: ids or their usual names; the first that is neither is the refusal.
fn read_allergens(value: Option<&serde_json::Value>) -> Result<Vec<Allergen>, String> {
    let list = match value {
        None | Some(serde_json::Value::Null) => return Ok(Vec::new()),
        Some(serde_json::Value::Array(list)) => list,
        Some(other) => return Err(super::order::truncate(&other.to_string(), 40)),
    };
    let mut found = Vec::new();
    for entry in list {
        let text = entry.as_str().unwrap_or("?");
        let allergen = Allergen::from_id(text).ok_or_else(|| super::order::truncate(text, 40))?;
        if !found.contains(&allergen) {
            found.push(allergen);
        }
    }
    Ok(found)
}

/// What the demo's dishes contain.
fn demo_allergens(dish: &str) -> &'static [Allergen] {
    use Allergen::*;
    match dish {
        "Caesar Salad" => &[Gluten, Egg, Fish, Milk],
        "Greek Salad" => &[Milk],
        "Quinoa Power Bowl" => &[Sesame],
        "Classic Cheeseburger" | "Bacon BBQ Burger" | "Mushroom Swiss Burger" => {
            &[Gluten, Milk, Sesame, Mustard]
        }
        "Beyond Veggie Burger" => &[Gluten, Sesame],
        "Spaghetti Carbonara" => &[Gluten, Egg, Milk],
        "Penne Arrabbiata" => &[Gluten],
        "Fettuccine Alfredo" | "Lasagna Bolognese" => &[Gluten, Egg, Milk, Celery],
        "Onion Rings" | "Garlic Bread" => &[Gluten, Milk],
        "Chocolate Lava Cake" | "New York Cheesecake" | "Tiramisu" => &[Gluten, Egg, Milk],
        d if d.ends_with("Pizza") => &[Gluten, Milk],
        _ => &[],
    }
}

/// A dish of the built-in demo menu.
struct DemoItem {
    name: &'static str,
    category: &'static str,
    price: Cents,
    prep_minutes: u32,
}

const fn item(name: &'static str, category: &'static str, cents: i64) -> DemoItem {
    let prep_minutes = match category.as_bytes()[0] {
        b'P' => 12, // Pizza, Pasta
        b'B' => 10,
        b'D' if category.len() == 6 => 2, // Drinks
        b'D' => 5,
        _ => 6,
    };
    DemoItem {
        name,
        category,
        price: Cents(cents),
        prep_minutes,
    }
}

/// The demo's choices, in the format a restaurant's menu file uses.
fn demo_modifiers() -> serde_json::Value {
    serde_json::json!([
        {"group": "Size", "pick": "one", "required": true, "for": ["Pizza"],
         "options": [{"name": "Regular"}, {"name": "Large", "price": 3.00}]},
        {"group": "Cook", "pick": "one", "for": ["Burger"],
         "options": ["Medium rare", "Medium", "Well done"]},
        {"group": "Extras", "for": ["Pizza", "Burger", "Pasta"],
         "options": [{"name": "Extra cheese", "price": 1.50}, {"name": "Bacon", "price": 2.00},
                     {"name": "Gluten-free base", "price": 2.50}]},
        {"group": "Without", "for": ["Pizza", "Burger", "Salad"],
         "options": ["No onions", "No basil", "No tomato", "No croutons"]},
        {"group": "Ice", "pick": "one", "for": ["Coca-Cola", "Fresh Lemonade", "Iced Tea"],
         "options": ["No ice", "Light ice"]}
    ])
}

const PIZZA: &str = "Pizza";
const SALAD: &str = "Salad";
const BURGER: &str = "Burger";
const PASTA: &str = "Pasta";
const SIDES: &str = "Sides";
const DRINKS: &str = "Drinks";
const DESSERT: &str = "Dessert";

const DEMO: &[DemoItem] = &[
    item("Margherita Pizza", PIZZA, 1299),
    item("Pepperoni Pizza", PIZZA, 1499),
    item("BBQ Chicken Pizza", PIZZA, 1599),
    item("Veggie Supreme Pizza", PIZZA, 1399),
    item("Caesar Salad", SALAD, 899),
    item("Greek Salad", SALAD, 949),
    item("Quinoa Power Bowl", SALAD, 1149),
    item("Classic Cheeseburger", BURGER, 1199),
    item("Bacon BBQ Burger", BURGER, 1399),
    item("Mushroom Swiss Burger", BURGER, 1299),
    item("Beyond Veggie Burger", BURGER, 1349),
    item("Spaghetti Carbonara", PASTA, 1449),
    item("Penne Arrabbiata", PASTA, 1249),
    item("Fettuccine Alfredo", PASTA, 1399),
    item("Lasagna Bolognese", PASTA, 1549),
    item("French Fries", SIDES, 449),
    item("Sweet Potato Fries", SIDES, 549),
    item("Onion Rings", SIDES, 499),
    item("Garlic Bread", SIDES, 399),
    item("Coca-Cola", DRINKS, 249),
    item("Fresh Lemonade", DRINKS, 349),
    item("Iced Tea", DRINKS, 299),
    item("Sparkling Water", DRINKS, 199),
    item("Chocolate Lava Cake", DESSERT, 749),
    item("New York Cheesecake", DESSERT, 699),
    item("Tiramisu", DESSERT, 799),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_menu_has_at_least_twenty_items_in_the_seeds_seven_categories() {
        let menu = Menu::demo();
        assert!(menu.len() >= 20);
        assert_eq!(
            menu.categories(),
            ["Pizza", "Salad", "Burger", "Pasta", "Sides", "Drinks", "Dessert"]
        );
    }

    #[test]
    fn menu_names_are_unique_and_prices_positive() {
        let menu = Menu::demo();
        let names: HashSet<_> = menu.items().iter().map(|m| &m.name).collect();
        assert_eq!(names.len(), menu.len());
        assert!(menu.items().iter().all(|m| m.price.0 > 0));
    }

    #[test]
    fn unknown_names_are_not_found_rather_than_guessed() {
        let menu = Menu::demo();
        assert_eq!(menu.find("Caesar Salad").map(|m| m.price), Some(Cents(899)));
        assert_eq!(menu.find("caesar salad"), None);
        assert_eq!(menu.find("Pizza"), None);
    }

    #[test]
    fn a_restaurants_own_menu_is_read_with_its_categories_in_order() {
        let menu = Menu::parse(r#"[{"name":"Pho","category":"Soup","price":11.5},{"name":"Banh Mi","category":"Sandwich","price":8},{"name":"Bun","category":"Soup","price":12}]"#).unwrap();
        assert_eq!(menu.categories(), ["Soup", "Sandwich"]);
        assert_eq!(menu.find("Pho").unwrap().price, Cents(1150));
        let wrapped =
            Menu::parse(r#"{"menu":[{"name":"Pho","category":"Soup","price":11.5}]}"#).unwrap();
        assert_eq!(wrapped.len(), 1);
    }

    #[test]
    fn a_menu_says_each_dishs_prep_time_and_the_choices_it_offers() {
        let menu = Menu::parse(
            r#"{"menu": [{"name":"Pho","category":"Soup","price":11.5,"prep_minutes":1},
                        {"name":"Tea","category":"Drinks","price":2}],
                "modifiers": [{"group":"Size","pick":"one","required":true,"for":["Pho"],
                               "options":[{"name":"Small"},{"name":"Large","price":2}]},
                              {"group":"Without","for":["Soup"],"options":["No coriander"]}]}"#,
        )
        .unwrap();
        assert_eq!(menu.prep_ms("Pho"), 60_000);
        assert_eq!(menu.prep_ms("Tea"), 15 * 60_000, "the default");
        assert_eq!(menu.prep_ms("Not ours"), 15 * 60_000);
        let groups: Vec<&str> = menu
            .modifier_groups("Pho")
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        assert_eq!(groups, ["Size", "Without"]);
        assert!(menu.modifier_groups("Tea").is_empty());
        let refused =
            Menu::parse(r#"[{"name":"Pho","category":"Soup","price":1,"prep_minutes":0}]"#);
        assert_eq!(
            refused.unwrap_err().to_string(),
            "menu item 1 (Pho): prep_minutes must be 1 to 1440"
        );
    }

    #[test]
    fn the_demo_offers_sizes_for_pizza_and_nothing_for_dessert() {
        let menu = Menu::demo();
        assert!(menu
            .modifier_groups("Margherita Pizza")
            .iter()
            .any(|g| g.name == "Size" && g.required));
        assert!(menu.modifier_groups("Tiramisu").is_empty());
        assert_eq!(menu.prep_ms("Coca-Cola"), 2 * 60_000);
        assert_eq!(menu.prep_ms("Tiramisu"), 5 * 60_000);
        assert_eq!(menu.prep_ms("Margherita Pizza"), 12 * 60_000);
    }

    #[test]
    fn a_malformed_menu_is_refused_with_a_reason_naming_the_item() {
        let reason = |text: &str| Menu::parse(text).unwrap_err().to_string();
        assert_eq!(reason("[]"), "the menu has no items");
        assert_eq!(
            reason(r#"[{"name":"Pho","category":"Soup"}]"#),
            "menu item 1 (Pho) has no price as a number"
        );
        assert_eq!(
            reason(r#"[{"name":"Pho","price":3}]"#),
            "menu item 1 has no category"
        );
        assert_eq!(
            reason(r#"[{"name":"Pho","category":"Soup","price":-3}]"#),
            "menu item 1 (Pho): the price is negative"
        );
        assert_eq!(
            reason(
                r#"[{"name":"Pho","category":"Soup","price":3},{"name":"Pho","category":"Soup","price":4}]"#
            ),
            "the menu lists Pho twice"
        );
        assert!(reason(r#"{"dishes":[]}"#).starts_with("the menu is not a list of items"));
        assert!(reason("[{").starts_with("the menu is not JSON: "));
    }
}
