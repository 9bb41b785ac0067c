//! What a ticket says beyond the seed's fields: the order's type, table, guests, rush and due time, and each
//! line's modifiers and note. All optional and additive on the wire. A value the board cannot use is left out
//! and kept as a [`Warning`] the ticket shows (a kitchen still cooks an order whose guest count is garbled);
//! only a broken structure (a modifier without a name, a note longer than a ticket) refuses the order.

use super::money::Cents;
use super::time::parse_iso8601;
use serde::{Serialize, Serializer};
use serde_json::Value;

pub const MAX_TABLE_CHARS: usize = 12;
pub const MAX_GUESTS: u32 = 99;
pub const MAX_NOTE_CHARS: usize = 200;
pub const MAX_MODIFIERS: usize = 20;
pub const MAX_MODIFIER_CHARS: usize = 80;
/// An order type we do not know is shown as written, up to this length.
pub const MAX_TYPE_CHARS: usize = 24;
/// A due time further ahead than this is a mistake (a year typed wrong), not a booking.
pub const MAX_DUE_AHEAD_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Where the food goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderType {
    DineIn,
    Takeout,
    Delivery,
    /// Another system's word, shown as written.
    Other(String),
}

impl OrderType {
    pub fn wire_name(&self) -> &str {
        match self {
            OrderType::DineIn => "dine_in",
            OrderType::Takeout => "takeout",
            OrderType::Delivery => "delivery",
            OrderType::Other(text) => text,
        }
    }

    /// Reads the wire's word; the usual spellings of other systems ("Dine-In", "takeaway", "to go") too.
    pub fn read(text: &str) -> Option<OrderType> {
        let text = text.trim();
        let key: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "" => return None,
            "dinein" | "eatin" | "forhere" => OrderType::DineIn,
            "takeout" | "takeaway" | "togo" | "pickup" | "collection" => OrderType::Takeout,
            "delivery" => OrderType::Delivery,
            _ => OrderType::Other(text.to_owned()),
        })
    }

    /// Takeout and delivery are called out by name at the pickup screen; dine-in goes to its table.
    pub fn is_called_out(order_type: Option<&OrderType>) -> bool {
        !matches!(order_type, Some(OrderType::DineIn))
    }
}

impl Serialize for OrderType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.wire_name())
    }
}

/// One choice made on a line ("Extra cheese", "No basil"); `price` is what it adds, as the sender says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Modifier {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Cents>,
}

impl Modifier {
    /// "No onions", "Without basil", "Sin cebolla": the cook must leave something out, so it stands out.
    pub fn is_without(&self) -> bool {
        let lower = self.name.trim().to_lowercase();
        [
            "no ",
            "without ",
            "hold ",
            "sin ",
            "sans ",
            "ohne ",
            "sem ",
            "بدون ",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
    }
}

/// A field the board read but could not use: left out of the order, shown on its ticket with the value as
/// written (cut to 40 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    OrderType(String),
    Table(String),
    Guests(String),
    Priority(String),
    DueAt(String),
    /// Due more than a week after it arrived (the due time as written): cooked now.
    DueTooFar(String),
}

/// Why a line's modifiers or note refuse the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// Not a list of `{"name", "price"}` (or plain names).
    NotAList,
    TooMany {
        count: usize,
    },
    /// Modifier `position` (from 1) has no name, or a price that is not an amount.
    Unnamed {
        position: usize,
    },
    BadPrice {
        position: usize,
    },
    TooLong,
    NoteTooLong,
    /// The note is not text.
    NoteNotText,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::NotAList => f.write_str("modifiers are not a list"),
            LineError::TooMany { count } => {
                write!(f, "{count} modifiers; at most {MAX_MODIFIERS} are accepted")
            }
            LineError::Unnamed { position } => write!(f, "modifier {position} has no name"),
            LineError::BadPrice { position } => {
                write!(f, "the price of modifier {position} is not an amount")
            }
            LineError::TooLong => write!(
                f,
                "a modifier is longer than {MAX_MODIFIER_CHARS} characters"
            ),
            LineError::NoteTooLong => {
                write!(f, "the note is longer than {MAX_NOTE_CHARS} characters")
            }
            LineError::NoteNotText => f.write_str("the note is not text"),
        }
    }
}

/// The value as the sender wrote it, for a warning.
fn as_written(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    super::order::truncate(&text, 40)
}

fn plain_text(text: &str, max_chars: usize) -> Option<String> {
    let text = text.trim();
    let chars = text.chars().count();
    (!text.chars().any(char::is_control) && (1..=max_chars).contains(&chars))
        .then(|| text.to_owned())
}

/// The order-level details, read from the wire's values (`None`: absent or `null`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub order_type: Option<OrderType>,
    pub table: Option<String>,
    pub guests: Option<u32>,
    pub rush: bool,
    pub due_at: Option<String>,
    pub warnings: Vec<Warning>,
}

impl Details {
    pub fn read(
        order_type: Option<&Value>,
        table: Option<&Value>,
        guests: Option<&Value>,
        priority: Option<&Value>,
        due_at: Option<&Value>,
    ) -> Details {
        let mut details = Details::default();
        let mut warnings = Vec::new();
        if let Some(v) = present(order_type) {
            match v
                .as_str()
                .filter(|s| s.trim().chars().count() <= MAX_TYPE_CHARS)
                .and_then(OrderType::read)
                .filter(|t| !matches!(t, OrderType::Other(s) if plain_text(s, MAX_TYPE_CHARS).is_none()))
            {
                Some(t) => details.order_type = Some(t),
                None => warnings.push(warning(Warning::OrderType, v)),
            }
        }
        if let Some(v) = present(table) {
            let text = match v {
                Value::String(s) => plain_text(s, MAX_TABLE_CHARS),
                Value::Number(n) if n.is_u64() => Some(n.to_string()),
                _ => None,
            };
            match text {
                Some(t) => details.table = Some(t),
                None => warnings.push(warning(Warning::Table, v)),
            }
        }
        if let Some(v) = present(guests) {
            match v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| (1..=MAX_GUESTS).contains(n))
            {
                Some(n) => details.guests = Some(n),
                None => warnings.push(warning(Warning::Guests, v)),
            }
        }
        if let Some(v) = present(priority) {
            match v.as_str().map(|s| s.trim().to_lowercase()).as_deref() {
                Some("rush") => details.rush = true,
                Some("normal" | "") => {}
                _ => warnings.push(warning(Warning::Priority, v)),
            }
        }
        if let Some(v) = present(due_at) {
            match v.as_str().filter(|s| parse_iso8601(s).is_some()) {
                Some(s) => details.due_at = Some(s.trim().to_owned()),
                None => warnings.push(warning(Warning::DueAt, v)),
            }
        }
        details.warnings = warnings;
        details
    }
}

fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

fn warning(make: fn(String) -> Warning, value: &Value) -> Warning {
    make(as_written(value))
}

/// Reads a line's modifiers: `[{"name": "Extra cheese", "price": 1.5}, {"name": "No basil"}]`, plain names
/// (`["No basil"]`) too.
pub fn read_modifiers(value: Option<&Value>) -> Result<Vec<Modifier>, LineError> {
    let list = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(LineError::NotAList),
    };
    if list.len() > MAX_MODIFIERS {
        return Err(LineError::TooMany { count: list.len() });
    }
    let mut modifiers = Vec::with_capacity(list.len());
    for (i, entry) in list.iter().enumerate() {
        let position = i + 1;
        let (name, price) = match entry {
            Value::String(name) => (Some(name.as_str()), None),
            Value::Object(fields) => (
                fields.get("name").and_then(Value::as_str),
                fields.get("price").filter(|p| !p.is_null()),
            ),
            _ => (None, None),
        };
        let name = name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or(LineError::Unnamed { position })?;
        if name.chars().count() > MAX_MODIFIER_CHARS {
            return Err(LineError::TooLong);
        }
        let price = match price {
            None => None,
            Some(p) => Some(
                p.as_f64()
                    .and_then(|p| Cents::from_wire(p).ok())
                    .ok_or(LineError::BadPrice { position })?,
            ),
        };
        modifiers.push(Modifier {
            name: name.to_owned(),
            price,
        });
    }
    Ok(modifiers)
}

/// Reads a line's note: text up to [`MAX_NOTE_CHARS`]; blank is none.
pub fn read_note(value: Option<&Value>) -> Result<Option<String>, LineError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.chars().count() > MAX_NOTE_CHARS {
                Err(LineError::NoteTooLong)
            } else {
                Ok((!s.is_empty()).then(|| s.to_owned()))
            }
        }
        Some(_) => Err(LineError::NoteNotText),
    }
}

/// The `priority` on the wire: `"rush"` when it is one, absent otherwise.
pub fn is_not_rush(rush: &bool) -> bool {
    !*rush
}

pub fn write_priority<S: Serializer>(rush: &bool, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(if *rush { "rush" } else { "normal" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> Details {
        Details::read(
            v.get("order_type"),
            v.get("table"),
            v.get("guests"),
            v.get("priority"),
            v.get("due_at"),
        )
    }

    #[test]
    fn every_detail_is_read_when_it_is_usable() {
        let d = read(json!({"order_type": "dine_in", "table": "12", "guests": 4,
            "priority": "rush", "due_at": "2026-12-03T19:30:00Z"}));
        assert_eq!(d.order_type, Some(OrderType::DineIn));
        assert_eq!(d.table.as_deref(), Some("12"));
        assert_eq!(d.guests, Some(4));
        assert!(d.rush);
        assert_eq!(d.due_at.as_deref(), Some("2026-12-03T19:30:00Z"));
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn absent_and_null_details_are_simply_not_there() {
        assert_eq!(read(json!({})), Details::default());
        assert_eq!(
            read(
                json!({"order_type": null, "table": null, "guests": null, "priority": null, "due_at": null})
            ),
            Details::default()
        );
    }

    #[test]
    fn other_systems_spellings_of_the_order_type_are_understood_and_an_unknown_one_is_kept_as_written(
    ) {
        let t = |s: &str| OrderType::read(s);
        assert_eq!(t("Dine-In"), Some(OrderType::DineIn));
        assert_eq!(t("TAKEAWAY"), Some(OrderType::Takeout));
        assert_eq!(t("to go"), Some(OrderType::Takeout));
        assert_eq!(t("delivery"), Some(OrderType::Delivery));
        assert_eq!(
            t(" Drive-thru "),
            Some(OrderType::Other("Drive-thru".into()))
        );
        assert_eq!(t("  "), None);
    }

    #[test]
    fn an_unusable_detail_is_left_out_and_said_as_written_never_refusing_the_order() {
        let d = read(
            json!({"order_type": 5, "table": "a table by the window please", "guests": 500,
            "priority": "urgent", "due_at": "tomorrow"}),
        );
        assert_eq!(
            d.warnings,
            vec![
                Warning::OrderType("5".into()),
                Warning::Table("a table by the window please".into()),
                Warning::Guests("500".into()),
                Warning::Priority("urgent".into()),
                Warning::DueAt("tomorrow".into()),
            ]
        );
        assert_eq!(
            (d.order_type, d.table, d.guests, d.rush, d.due_at),
            (None, None, None, false, None)
        );
        for guests in [json!(0), json!(-2), json!(2.5), json!("4")] {
            assert_eq!(
                read(json!({ "guests": guests })).warnings.len(),
                1,
                "{guests}"
            );
        }
        assert_eq!(read(json!({"table": 7})).table.as_deref(), Some("7"));
        assert_eq!(read(json!({"table": "T\u{7}"})).warnings.len(), 1);
    }

    #[test]
    fn modifiers_are_objects_or_plain_names_and_a_nameless_one_refuses_the_order() {
        let m = read_modifiers(Some(
            &json!([{"name": "Extra cheese", "price": 1.5}, {"name": "No basil"}, "Well done"]),
        ))
        .unwrap();
        assert_eq!(m[0].price, Some(Cents(150)));
        assert_eq!(m[1].price, None);
        assert_eq!(m[2].name, "Well done");
        assert!(m[1].is_without() && !m[0].is_without());
        assert_eq!(read_modifiers(None), Ok(vec![]));
        assert_eq!(read_modifiers(Some(&json!(null))), Ok(vec![]));
        assert_eq!(
            read_modifiers(Some(&json!("cheese"))),
            Err(LineError::NotAList)
        );
        assert_eq!(
            read_modifiers(Some(&json!([{"price": 1}]))),
            Err(LineError::Unnamed { position: 1 })
        );
        assert_eq!(
            read_modifiers(Some(&json!(["a", " "]))),
            Err(LineError::Unnamed { position: 2 })
        );
        assert_eq!(
            read_modifiers(Some(&json!([{"name": "x", "price": -1}]))),
            Err(LineError::BadPrice { position: 1 })
        );
        let many: Vec<Value> = (0..21).map(|i| json!(format!("m{i}"))).collect();
        assert_eq!(
            read_modifiers(Some(&Value::Array(many))),
            Err(LineError::TooMany { count: 21 })
        );
    }

    #[test]
    fn a_note_is_trimmed_text_and_blank_is_none() {
        assert_eq!(
            read_note(Some(&json!(" well done "))),
            Ok(Some("well done".into()))
        );
        assert_eq!(read_note(Some(&json!(""))), Ok(None));
        assert_eq!(read_note(Some(&json!(3))), Err(LineError::NoteNotText));
        assert_eq!(
            read_note(Some(&json!("x".repeat(201)))),
            Err(LineError::NoteTooLong)
        );
    }

    #[test]
    fn only_dine_in_is_not_called_out_at_pickup() {
        assert!(!OrderType::is_called_out(Some(&OrderType::DineIn)));
        assert!(OrderType::is_called_out(Some(&OrderType::Takeout)));
        assert!(OrderType::is_called_out(None));
    }
}
