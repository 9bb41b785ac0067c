//! The order wire format shared with the seed's Python clients and its Django backend, and its validation.

use super::details::{self, Details, LineError, Modifier, OrderType, Warning};
use super::money::{Cents, MoneyError};
use super::time::{parse_iso8601, to_iso8601_millis, UnixMillis};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Largest payload the board reads. Real orders are well under 2 KiB; 64 KiB leaves room for big catering
/// orders while keeping one hostile message from costing the page real time or memory.
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;
pub const MAX_QUANTITY: u32 = 99;
pub const MAX_ITEMS: usize = 200;
pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_INSTRUCTIONS_CHARS: usize = 500;
/// Other systems compute totals in floats; anything within a cent of the item sum is the same total.
pub const TOTAL_TOLERANCE: Cents = Cents(1);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderItem {
    pub name: String,
    pub quantity: u32,
    /// The whole unit price, modifiers included, so Σ price × quantity is the total for every reader.
    pub price: Cents,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl OrderItem {
    /// A line as the seed writes it: a dish, how many, its price.
    pub fn plain(name: String, quantity: u32, price: Cents) -> OrderItem {
        OrderItem {
            name,
            quantity,
            price,
            modifiers: Vec::new(),
            note: None,
        }
    }

    pub fn line_total(&self) -> Cents {
        self.price.times(self.quantity)
    }
}

/// A valid order. Field order and names are the wire format; `special_instructions` is written as `null`
/// when absent so readers that index it directly (Python `order["special_instructions"]`) keep working.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Order {
    pub order_id: String,
    pub customer_name: String,
    pub items: Vec<OrderItem>,
    pub total_amount: Cents,
    pub timestamp: Option<String>,
    pub special_instructions: Option<String>,
    /// Where the order came from, when it says (optional, additive): [`GENERATOR_SOURCE`] marks test
    /// traffic, which boards show as TEST and leave out of revenue, statistics, exports, pickup and printing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The short number the customer is told ("A47"; optional, additive): a counter's letter and its
    /// day's sequence (see `counter`). Orders without one are shown by a short form of their id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// What a ticket says beyond the seed (all optional, additive; see `details`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_type: Option<OrderType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guests: Option<u32>,
    #[serde(
        rename = "priority",
        skip_serializing_if = "details::is_not_rush",
        serialize_with = "details::write_priority"
    )]
    pub rush: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// Details read but left out (their values were unusable), for the ticket to say. Never on the wire.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// Longest order number the board shows as the customer's number; a longer one is not a short number.
pub const MAX_NUMBER_CHARS: usize = 12;

/// The `source` of a generated (test) order.
pub const GENERATOR_SOURCE: &str = "generator";

/// A field of the order, named in a reason: by its wire name when it is missing, in words when it is too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    OrderId,
    CustomerName,
    Items,
    TotalAmount,
    ItemName,
    ItemQuantity,
    ItemPrice,
    SpecialInstructions,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::OrderId,
        Field::CustomerName,
        Field::Items,
        Field::TotalAmount,
        Field::ItemName,
        Field::ItemQuantity,
        Field::ItemPrice,
        Field::SpecialInstructions,
    ];

    pub fn wire_name(self) -> &'static str {
        match self {
            Field::OrderId => "order_id",
            Field::CustomerName => "customer_name",
            Field::Items => "items",
            Field::TotalAmount => "total_amount",
            Field::ItemName => "items[].name",
            Field::ItemQuantity => "items[].quantity",
            Field::ItemPrice => "items[].price",
            Field::SpecialInstructions => "special_instructions",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Field::OrderId => "order_id",
            Field::CustomerName => "customer name",
            Field::ItemName => "item name",
            Field::SpecialInstructions => "special instructions",
            other => other.wire_name(),
        }
    }
}

/// Why a payload is not an order, in words a kitchen can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    TooLarge {
        bytes: usize,
    },
    NotUtf8 {
        valid_up_to: usize,
    },
    NotJson(String),
    WrongShape(String),
    MissingField(Field),
    BlankOrderId,
    BlankCustomer,
    FieldTooLong {
        field: Field,
        max_chars: usize,
    },
    NoItems,
    TooManyItems {
        count: usize,
    },
    BlankItemName {
        position: usize,
    },
    BadQuantity {
        item: String,
        quantity: i64,
    },
    BadPrice {
        item: String,
        problem: MoneyError,
    },
    BadTotal(MoneyError),
    TotalMismatch {
        stated: Cents,
        computed: Cents,
    },
    BadTimestamp(String),
    /// A line's modifiers or note are broken (`item` is the dish's name).
    BadLine {
        item: String,
        problem: LineError,
    },
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use OrderError::*;
        match self {
            TooLarge { bytes } => write!(
                f,
                "payload is {bytes} bytes; the limit is {MAX_PAYLOAD_BYTES} bytes (64 KiB)"
            ),
            NotUtf8 { valid_up_to } => {
                write!(
                    f,
                    "payload is not UTF-8 text (bad byte at offset {valid_up_to})"
                )
            }
            NotJson(e) => write!(f, "payload is not JSON: {e}"),
            WrongShape(e) => write!(f, "JSON is not an order: {e}"),
            MissingField(field) => write!(f, "missing field `{}`", field.wire_name()),
            BlankOrderId => f.write_str("order_id is empty"),
            BlankCustomer => f.write_str("customer name is empty"),
            FieldTooLong { field, max_chars } => {
                write!(f, "{} is longer than {max_chars} characters", field.words())
            }
            NoItems => f.write_str("order has no items"),
            TooManyItems { count } => {
                write!(
                    f,
                    "order has {count} items; at most {MAX_ITEMS} are accepted"
                )
            }
            BlankItemName { position } => write!(f, "item {position} has no name"),
            BadQuantity { item, quantity } => write!(
                f,
                "quantity of \"{item}\" is {quantity}; it must be 1 to {MAX_QUANTITY}"
            ),
            BadPrice { item, problem } => write!(f, "price of \"{item}\" {problem}"),
            BadTotal(problem) => write!(f, "total_amount {problem}"),
            TotalMismatch { stated, computed } => write!(
                f,
                "total_amount {stated} does not match the items, which add up to {computed}"
            ),
            BadTimestamp(text) => write!(f, "timestamp \"{text}\" is not an ISO-8601 date-time"),
            BadLine { item, problem } => write!(f, "\"{item}\": {problem}"),
        }
    }
}

impl std::error::Error for OrderError {}

impl Order {
    /// Builds an order whose total is the exact sum of its lines.
    pub fn new(
        order_id: String,
        customer_name: String,
        items: Vec<OrderItem>,
        placed_at: UnixMillis,
        special_instructions: Option<String>,
    ) -> Order {
        let total_amount = items.iter().map(OrderItem::line_total).sum();
        Order {
            order_id,
            customer_name,
            items,
            total_amount,
            timestamp: Some(to_iso8601_millis(placed_at)),
            special_instructions,
            source: None,
            number: None,
            order_type: None,
            table: None,
            guests: None,
            rush: false,
            due_at: None,
            warnings: Vec::new(),
        }
    }

    /// When the customer wants it, if they said.
    pub fn due_at(&self) -> Option<UnixMillis> {
        self.due_at.as_deref().and_then(parse_iso8601)
    }

    /// Test traffic: made by a generator, not by a customer.
    pub fn is_test(&self) -> bool {
        self.source.as_deref() == Some(GENERATOR_SOURCE)
    }

    pub fn items_total(&self) -> Cents {
        self.items.iter().map(OrderItem::line_total).sum()
    }

    /// When the order was placed, if it says so in a form we understand.
    pub fn placed_at(&self) -> Option<UnixMillis> {
        self.timestamp.as_deref().and_then(parse_iso8601)
    }

    pub fn item_count(&self) -> u32 {
        self.items.iter().map(|i| i.quantity).sum()
    }

    /// Every rule an order must meet, whether it came off the wire or from our own form.
    pub fn check(&self) -> Result<(), OrderError> {
        use OrderError::*;
        if self.order_id.trim().is_empty() {
            return Err(BlankOrderId);
        }
        check_len(Field::OrderId, &self.order_id, MAX_NAME_CHARS)?;
        if self.customer_name.trim().is_empty() {
            return Err(BlankCustomer);
        }
        check_len(Field::CustomerName, &self.customer_name, MAX_NAME_CHARS)?;
        if self.items.is_empty() {
            return Err(NoItems);
        }
        if self.items.len() > MAX_ITEMS {
            return Err(TooManyItems {
                count: self.items.len(),
            });
        }
        for (i, item) in self.items.iter().enumerate() {
            if item.name.trim().is_empty() {
                return Err(BlankItemName { position: i + 1 });
            }
            check_len(Field::ItemName, &item.name, MAX_NAME_CHARS)?;
            if !(1..=MAX_QUANTITY).contains(&item.quantity) {
                return Err(BadQuantity {
                    item: item.name.clone(),
                    quantity: i64::from(item.quantity),
                });
            }
        }
        if let Some(text) = &self.special_instructions {
            check_len(Field::SpecialInstructions, text, MAX_INSTRUCTIONS_CHARS)?;
        }
        if let Some(ts) = &self.timestamp {
            if parse_iso8601(ts).is_none() {
                return Err(BadTimestamp(truncate(ts, 40)));
            }
        }
        Ok(())
    }

    /// A stated total that is not what the items add up to. The order is still shown — the kitchen must
    /// see the food — with this as a warning on its ticket; only a malformed order is rejected.
    pub fn total_problem(&self) -> Option<OrderError> {
        let computed = self.items_total();
        ((self.total_amount.0 - computed.0).abs() > TOTAL_TOLERANCE.0).then_some(
            OrderError::TotalMismatch {
                stated: self.total_amount,
                computed,
            },
        )
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an order always serializes")
    }
}

/// Words that mark an instruction as a health matter, so the card shows it as a warning.
pub fn decode(payload: &[u8]) -> Result<Order, OrderError> {
    if payload.len() > MAX_PAYLOAD_BYTES {
        return Err(OrderError::TooLarge {
            bytes: payload.len(),
        });
    }
    let text = std::str::from_utf8(payload).map_err(|e| OrderError::NotUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    // serde would also read a struct from a JSON array of its fields; an order is only ever an object.
    if !text.trim_start().starts_with('{') {
        return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => {
                OrderError::WrongShape("expected a JSON object with the order's fields".into())
            }
            Err(e) => OrderError::NotJson(plain_json_error(&e)),
        });
    }
    let wire: WireOrder = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            OrderError::WrongShape(plain_json_error(&e))
        } else {
            OrderError::NotJson(plain_json_error(&e))
        }
    })?;
    let order = wire.into_order()?;
    order.check()?;
    Ok(order)
}

/// serde_json's reason ("invalid type: string \"2\", expected f64 at line 1 column 57", "expected ident") in
/// words for the people at the pass, with where in the message it happened.
pub(crate) fn plain_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {}, character {}", e.line(), e.column());
    let raw = e.to_string();
    let what = raw.split(" at line ").next().unwrap_or(&raw);
    match e.classify() {
        Category::Eof => "the message stops before the order is complete (cut off?)".to_owned(),
        Category::Data => match what
            .strip_prefix("invalid type: ")
            .or_else(|| what.strip_prefix("invalid value: "))
            .and_then(|rest| rest.split_once(", expected "))
        {
            Some((found, wanted)) => {
                format!(
                    "{} where {} belongs ({at})",
                    found_words(found),
                    wanted_words(wanted)
                )
            }
            None => format!("{what} ({at})"),
        },
        Category::Syntax | Category::Io => {
            let hint = [
                ("trailing characters", "there is more text after the order"),
                (
                    "key must be a string",
                    "a field name is not in double quotes",
                ),
                ("expected `:`", "a ':' is missing after a field name"),
                ("expected `,` or `}`", "a ',' or '}' is missing"),
                ("expected `,` or `]`", "a ',' or ']' is missing"),
                (
                    "control character",
                    "a text has a raw line break or control character in it",
                ),
                ("recursion limit", "it is nested far too deeply"),
                ("number", "a number is not written the usual way"),
                ("escape", "a text has a broken \\ escape"),
            ]
            .into_iter()
            .find(|(serde, _)| what.contains(serde))
            .map_or("a word or value is misspelled or missing", |(_, hint)| hint);
            format!("the text is garbled at {at}: {hint}")
        }
    }
}

/// What serde_json found, as a person would name it.
fn found_words(found: &str) -> String {
    let value = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(text) = found.strip_prefix("string ") {
        format!("the text {text}")
    } else if let Some(n) = value("floating point ").or_else(|| value("integer ")) {
        format!("the number {n}")
    } else if let Some(b) = value("boolean ") {
        format!("the word {b}")
    } else {
        match found {
            "null" => "nothing (null)".to_owned(),
            "map" => "an object in { }".to_owned(),
            "sequence" => "a list in [ ]".to_owned(),
            other => other.to_owned(),
        }
    }
}

/// What serde_json wanted, as a person would name it.
fn wanted_words(wanted: &str) -> &str {
    // Our own readers already say it in words ("order_id as a string or a whole number").
    let ours = wanted.contains(' ') && !wanted.starts_with("a ") && !wanted.starts_with("struct ");
    if ours {
        wanted
    } else if wanted.contains("f64") || wanted.contains("f32") {
        "a number"
    } else if ["i64", "u64", "i32", "u32", "integer"]
        .iter()
        .any(|t| wanted.contains(t))
    {
        "a whole number"
    } else if wanted.contains("string") {
        "text in double quotes"
    } else if wanted.contains("sequence") {
        "a list in [ ]"
    } else if wanted.contains("struct") || wanted.contains("map") {
        "an object in { }"
    } else {
        wanted
    }
}

fn check_len(field: Field, text: &str, max_chars: usize) -> Result<(), OrderError> {
    if text.chars().count() > max_chars {
        return Err(OrderError::FieldTooLong { field, max_chars });
    }
    Ok(())
}

pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// What readers accept: every field optional (`null` allowed) so missing ones get a precise error,
/// unknown fields ignored, ids as strings or integers.
#[derive(Deserialize)]
struct WireOrder {
    #[serde(default, deserialize_with = "string_or_integer")]
    order_id: Option<String>,
    customer_name: Option<String>,
    items: Option<Vec<WireItem>>,
    total_amount: Option<f64>,
    timestamp: Option<String>,
    special_instructions: Option<String>,
    /// Informative: any JSON is accepted, and only a string is kept (a number there is no reason to
    /// refuse an order).
    #[serde(default)]
    source: Option<serde_json::Value>,
    /// Informative too: a short string or a whole number is kept; anything else is left out.
    #[serde(default)]
    number: Option<serde_json::Value>,
    #[serde(default)]
    order_type: Option<serde_json::Value>,
    #[serde(default)]
    table: Option<serde_json::Value>,
    #[serde(default)]
    guests: Option<serde_json::Value>,
    #[serde(default)]
    priority: Option<serde_json::Value>,
    #[serde(default)]
    due_at: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct WireItem {
    name: Option<String>,
    quantity: Option<i64>,
    price: Option<f64>,
    #[serde(default)]
    modifiers: Option<serde_json::Value>,
    #[serde(default)]
    note: Option<serde_json::Value>,
}

impl WireOrder {
    fn into_order(self) -> Result<Order, OrderError> {
        use OrderError::*;
        let order_id = self.order_id.ok_or(MissingField(Field::OrderId))?;
        let customer_name = self
            .customer_name
            .ok_or(MissingField(Field::CustomerName))?;
        let wire_items = self.items.ok_or(MissingField(Field::Items))?;
        let total = self.total_amount.ok_or(MissingField(Field::TotalAmount))?;
        let mut items = Vec::with_capacity(wire_items.len().min(MAX_ITEMS));
        for (i, item) in wire_items.into_iter().enumerate() {
            let name = item.name.unwrap_or_default();
            if name.trim().is_empty() {
                return Err(BlankItemName { position: i + 1 });
            }
            let quantity = item.quantity.ok_or(MissingField(Field::ItemQuantity))?;
            let quantity = u32::try_from(quantity)
                .ok()
                .filter(|q| (1..=MAX_QUANTITY).contains(q))
                .ok_or_else(|| BadQuantity {
                    item: truncate(&name, 40),
                    quantity,
                })?;
            let price = item.price.ok_or(MissingField(Field::ItemPrice))?;
            let price = Cents::from_wire(price).map_err(|problem| BadPrice {
                item: truncate(&name, 40),
                problem,
            })?;
            let line = |problem| BadLine {
                item: truncate(&name, 40),
                problem,
            };
            let modifiers = details::read_modifiers(item.modifiers.as_ref()).map_err(line)?;
            let note = details::read_note(item.note.as_ref()).map_err(line)?;
            items.push(OrderItem {
                name,
                quantity,
                price,
                modifiers,
                note,
            });
        }
        let d = Details::read(
            self.order_type.as_ref(),
            self.table.as_ref(),
            self.guests.as_ref(),
            self.priority.as_ref(),
            self.due_at.as_ref(),
        );
        Ok(Order {
            order_id,
            customer_name: customer_name.trim().to_owned(),
            items,
            total_amount: Cents::from_wire(total).map_err(BadTotal)?,
            timestamp: self.timestamp,
            special_instructions: self
                .special_instructions
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
            source: self
                .source
                .as_ref()
                .and_then(serde_json::Value::as_str)
                .map(|s| truncate(s.trim(), 40)),
            number: self.number.as_ref().and_then(short_number),
            order_type: d.order_type,
            table: d.table,
            guests: d.guests,
            rush: d.rush,
            due_at: d.due_at,
            warnings: d.warnings,
        })
    }
}

/// An order number fit to be said: a string or a whole number, short, without control characters.
fn short_number(value: &serde_json::Value) -> Option<String> {
    let text = match value {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Number(n) if n.is_u64() => n.to_string(),
        _ => return None,
    };
    let chars = text.chars().count();
    let plain = !text.chars().any(char::is_control);
    (plain && (1..=MAX_NUMBER_CHARS).contains(&chars)).then_some(text)
}

fn string_or_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct IdVisitor;
    impl serde::de::Visitor<'_> for IdVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("order_id as a string or a whole number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(IdVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact example from the seed document's "Message Format" section.
    const SEED_EXAMPLE: &str = r#"{
    "order_id": "ORD-001",
    "customer_name": "John Doe",
    "items": [
        {
            "name": "Item Name",
            "quantity": 1,
            "price": 10.99
        }
    ],
    "total_amount": 10.99,
    "timestamp": "2025-01-14T16:30:00Z"
}"#;

    fn sample() -> Order {
        decode(SEED_EXAMPLE.as_bytes()).unwrap()
    }

    const EVERY_DETAIL: &str = r#"{ "order_id": "D-1", "customer_name": "Ada", "timestamp": "2026-12-03T17:00:00Z",
        "special_instructions": null, "order_type": "dine_in", "table": "12", "guests": 4, "priority": "rush",
        "due_at": "2026-12-03T19:30:00Z",
        "items": [{ "name": "Margherita Pizza", "quantity": 2, "price": 14.49, "note": "well done",
                    "modifiers": [{ "name": "Extra cheese", "price": 1.50 }, { "name": "No basil" }] },
                  { "name": "Iced Tea", "quantity": 1, "price": 2.99, "modifiers": null, "note": null }],
        "total_amount": 31.97 }"#;

    #[test]
    fn an_order_with_every_detail_is_read_and_written_back_the_same() {
        let order = decode(EVERY_DETAIL.as_bytes()).unwrap();
        assert_eq!(order.order_type, Some(OrderType::DineIn));
        assert_eq!(
            (order.table.as_deref(), order.guests, order.rush),
            (Some("12"), Some(4), true)
        );
        assert_eq!(order.due_at(), parse_iso8601("2026-12-03T19:30:00Z"));
        let pizza = &order.items[0];
        assert_eq!(pizza.note.as_deref(), Some("well done"));
        assert_eq!(pizza.modifiers.len(), 2);
        assert_eq!(pizza.modifiers[0].price, Some(Cents(150)));
        assert!(order.items[1].modifiers.is_empty() && order.items[1].note.is_none());
        assert_eq!(order.total_problem(), None);
        let json = order.to_json();
        assert!(
            json.contains(r#""priority":"rush""#) && json.contains(r#""price":1.50"#),
            "{json}"
        );
        assert_eq!(decode(json.as_bytes()).unwrap(), order);
    }

    #[test]
    fn a_seed_reader_still_finds_the_total_as_the_sum_of_price_times_quantity() {
        // What the seed's Python subscriber does with the fields it knows.
        let order = decode(EVERY_DETAIL.as_bytes()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
        let sum: f64 = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["price"].as_f64().unwrap() * i["quantity"].as_f64().unwrap())
            .sum();
        assert!((sum - v["total_amount"].as_f64().unwrap()).abs() < 0.005);
    }

    #[test]
    fn a_plain_order_writes_none_of_the_new_fields() {
        let json = sample().to_json();
        for field in [
            "order_type",
            "table",
            "guests",
            "priority",
            "due_at",
            "modifiers",
            "note",
        ] {
            assert!(!json.contains(field), "{field} in {json}");
        }
    }

    #[test]
    fn a_broken_modifier_refuses_the_order_naming_the_dish() {
        let broken = EVERY_DETAIL.replace(r#"{ "name": "No basil" }"#, r#"{ "price": 1 }"#);
        assert_eq!(
            decode(broken.as_bytes()),
            Err(OrderError::BadLine {
                item: "Margherita Pizza".into(),
                problem: LineError::Unnamed { position: 2 }
            })
        );
    }

    #[test]
    fn an_unusable_detail_is_kept_as_a_warning_and_the_order_still_arrives() {
        let odd = EVERY_DETAIL.replace(r#""guests": 4"#, r#""guests": 400"#);
        let order = decode(odd.as_bytes()).unwrap();
        assert_eq!(order.guests, None);
        assert_eq!(order.warnings, vec![Warning::Guests("400".into())]);
    }

    #[test]
    fn a_short_number_is_kept_and_anything_else_there_is_left_out_not_refused() {
        let with = |number: &str| {
            decode(format!(
                r#"{{"order_id":"A","customer_name":"Ada","items":[{{"name":"Tea","quantity":1,"price":2}}],"total_amount":2,"number":{number}}}"#
            ).as_bytes())
            .unwrap()
            .number
        };
        assert_eq!(with(r#"" A47 ""#).as_deref(), Some("A47"));
        assert_eq!(with("112").as_deref(), Some("112"));
        for ignored in [
            r#""""#,
            r#""A\u0007""#,
            r#""ABCDEFGHIJKLM""#,
            "-3",
            "1.5",
            "null",
            "[]",
        ] {
            assert_eq!(with(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn a_number_goes_out_on_the_wire_only_when_there_is_one() {
        let tea = OrderItem::plain("Tea".into(), 1, Cents(250));
        let mut order = Order::new("A".into(), "Ada".into(), vec![tea], 0, None);
        assert!(!order.to_json().contains("number"));
        order.number = Some("B12".into());
        assert!(order.to_json().contains(r#""number":"B12""#));
        assert_eq!(decode(order.to_json().as_bytes()).unwrap(), order);
    }

    #[test]
    fn a_source_is_kept_as_text_and_anything_else_there_is_ignored_not_refused() {
        let with = |source: &str| {
            let json = format!(
                r#"{{"order_id":"A","customer_name":"Ada","items":[{{"name":"Tea","quantity":1,"price":2}}],"total_amount":2,"source":{source}}}"#
            );
            decode(json.as_bytes())
        };
        assert!(with(r#""generator""#).unwrap().is_test());
        assert_eq!(with(r#""kiosk""#).unwrap().source.as_deref(), Some("kiosk"));
        assert_eq!(with("5").unwrap().source, None);
        assert_eq!(with("null").unwrap().source, None);
        assert!(!sample().is_test());
    }

    #[test]
    fn items_are_counted_in_units() {
        let mut order: Order = decode(br#"{"order_id":"A","customer_name":"Ada","items":[{"name":"Tea","quantity":2,"price":2.5},{"name":"Cake","quantity":1,"price":3}],"total_amount":8}"#).unwrap();
        assert_eq!(order.item_count(), 3);
        order.items.truncate(1);
        order.items[0].quantity = 1;
        assert_eq!(order.item_count(), 1);
    }

    #[test]
    fn the_seed_example_decodes_to_the_order_it_describes() {
        let order = sample();
        assert_eq!(order.order_id, "ORD-001");
        assert_eq!(order.customer_name, "John Doe");
        assert_eq!(
            order.items,
            vec![OrderItem::plain("Item Name".into(), 1, Cents(1099))]
        );
        assert_eq!(order.total_amount, Cents(1099));
        assert_eq!(order.placed_at(), Some(1_736_872_200_000));
        assert_eq!(order.special_instructions, None);
    }

    #[test]
    fn the_seed_example_round_trips_to_the_same_json_value() {
        let written: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        let mut expected: serde_json::Value = serde_json::from_str(SEED_EXAMPLE).unwrap();
        expected["special_instructions"] = serde_json::Value::Null;
        assert_eq!(written, expected);
    }

    #[test]
    fn written_money_has_two_decimals_and_no_float_noise() {
        let order = Order::new(
            "ORD-1a2b3c4d".into(),
            "Ana".into(),
            vec![
                OrderItem::plain("Fries".into(), 3, Cents(435)),
                OrderItem::plain("Tea".into(), 3, Cents(110)),
            ],
            0,
            Some("No onions".into()),
        );
        let json = order.to_json();
        assert!(json.contains(r#""total_amount":16.35"#), "{json}");
        assert!(json.contains(r#""price":4.35"#), "{json}");
        assert!(json.contains(r#""price":1.10"#), "{json}");
        assert!(
            json.contains(r#""timestamp":"1970-01-01T00:00:00.000Z""#),
            "{json}"
        );
        assert_eq!(decode(json.as_bytes()), Ok(order));
    }

    #[test]
    fn extra_fields_nulls_and_foreign_items_are_accepted() {
        let payload = br#"{"order_id":"ORD-1a2b3c4d","status":"pending","customer_name":" Li ",
            "items":[{"name":"Chef's Special","category":"Mystery","quantity":2,"price":7.5}],
            "total_amount":15.000000000000002,"timestamp":null,"special_instructions":null}"#;
        let order = decode(payload).unwrap();
        assert_eq!(order.customer_name, "Li");
        assert_eq!(order.total_amount, Cents(1500));
        assert_eq!(order.timestamp, None);
    }

    #[test]
    fn integer_order_ids_from_other_backends_are_read_as_text() {
        let payload = br#"{"order_id":42,"customer_name":"A","items":[{"name":"X","quantity":1,"price":1}],"total_amount":1}"#;
        assert_eq!(decode(payload).unwrap().order_id, "42");
    }

    fn rejects(payload: &[u8]) -> OrderError {
        decode(payload).expect_err("payload should be rejected")
    }

    fn with(field_json: &str) -> Vec<u8> {
        // A valid order with one field overridden (serde reads the last duplicate only via Value; we patch).
        let mut value: serde_json::Value = serde_json::from_str(SEED_EXAMPLE).unwrap();
        let patch: serde_json::Value = serde_json::from_str(field_json).unwrap();
        for (k, v) in patch.as_object().unwrap() {
            value[k] = v.clone();
        }
        serde_json::to_vec(&value).unwrap()
    }

    #[test]
    fn each_broken_rule_has_its_own_typed_error() {
        assert_eq!(
            rejects(&with(r#"{"customer_name":"   "}"#)),
            OrderError::BlankCustomer
        );
        assert_eq!(
            rejects(&with(r#"{"order_id":""}"#)),
            OrderError::BlankOrderId
        );
        assert_eq!(rejects(&with(r#"{"items":[]}"#)), OrderError::NoItems);
        assert!(matches!(
            rejects(&with(
                r#"{"items":[{"name":"A","quantity":0,"price":1}],"total_amount":0}"#
            )),
            OrderError::BadQuantity { quantity: 0, .. }
        ));
        assert!(matches!(
            rejects(&with(
                r#"{"items":[{"name":"A","quantity":100,"price":1}],"total_amount":100}"#
            )),
            OrderError::BadQuantity { quantity: 100, .. }
        ));
        assert!(matches!(
            rejects(&with(
                r#"{"items":[{"name":"A","quantity":1,"price":-1}],"total_amount":1}"#
            )),
            OrderError::BadPrice {
                problem: MoneyError::Negative,
                ..
            }
        ));
        // A total that does not match its items is shown with a warning, not rejected.
        let off = decode(&with(r#"{"total_amount":11.01}"#)).unwrap();
        assert_eq!(
            off.total_problem(),
            Some(OrderError::TotalMismatch {
                stated: Cents(1101),
                computed: Cents(1099)
            })
        );
        assert_eq!(
            rejects(&with(r#"{"timestamp":"last tuesday"}"#)),
            OrderError::BadTimestamp("last tuesday".into())
        );
        assert_eq!(
            rejects(&with(r#"{"items":null}"#)),
            OrderError::MissingField(Field::Items)
        );
    }

    #[test]
    fn a_total_one_cent_off_is_float_noise_and_accepted() {
        assert!(decode(&with(r#"{"total_amount":11.00}"#)).is_ok());
        assert!(decode(&with(r#"{"total_amount":10.98}"#)).is_ok());
    }

    #[test]
    fn bytes_that_are_not_an_order_say_what_they_are() {
        assert_eq!(
            rejects(b"\xff\xfe{}"),
            OrderError::NotUtf8 { valid_up_to: 0 }
        );
        assert!(matches!(rejects(b"{not json"), OrderError::NotJson(_)));
        assert!(matches!(rejects(b""), OrderError::NotJson(_)));
        assert!(matches!(rejects(b"[1,2]"), OrderError::WrongShape(_)));
        assert!(matches!(
            rejects(br#"{"customer_name":5}"#),
            OrderError::WrongShape(_)
        ));
        assert!(matches!(
            rejects(&with(r#"{"total_amount":"ten"}"#)),
            OrderError::WrongShape(_)
        ));
        // 1e309 overflows an f64: serde_json refuses it instead of reading infinity.
        assert!(matches!(
            rejects(&with_raw_total("1e309")),
            OrderError::NotJson(_) | OrderError::WrongShape(_)
        ));
        assert!(matches!(
            rejects(&with_raw_total("NaN")),
            OrderError::NotJson(_)
        ));
    }

    fn with_raw_total(raw: &str) -> Vec<u8> {
        SEED_EXAMPLE
            .replace(
                "\"total_amount\": 10.99",
                &format!("\"total_amount\": {raw}"),
            )
            .into_bytes()
    }

    #[test]
    fn an_array_of_the_fields_is_not_an_order() {
        let payload = br#"["ORD-1","Ann",[{"name":"X","quantity":1,"price":1}],1,null,null]"#;
        assert_eq!(
            rejects(payload),
            OrderError::WrongShape("expected a JSON object with the order's fields".into())
        );
        assert!(matches!(rejects(b"42"), OrderError::WrongShape(_)));
        assert!(matches!(rejects(b"[1,"), OrderError::NotJson(_)));
    }

    #[test]
    fn an_order_id_of_the_wrong_type_is_named_in_the_reason() {
        let reason =
            rejects(br#"{"order_id":12.5,"customer_name":"A","items":[],"total_amount":0}"#);
        assert!(
            matches!(&reason, OrderError::WrongShape(e) if e.contains("order_id as a string or a whole number")),
            "{reason}"
        );
    }

    #[test]
    fn duplicate_keys_are_rejected_rather_than_silently_picking_one() {
        let payload = br#"{"order_id":"A","customer_name":"X","customer_name":"Y","items":[],"total_amount":0}"#;
        assert!(matches!(rejects(payload), OrderError::WrongShape(e) if e.contains("duplicate")));
    }

    #[test]
    fn payloads_over_the_size_limit_are_refused_before_parsing() {
        let big = vec![b' '; MAX_PAYLOAD_BYTES + 1];
        assert_eq!(
            rejects(&big),
            OrderError::TooLarge {
                bytes: MAX_PAYLOAD_BYTES + 1
            }
        );
    }

    #[test]
    fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
        // 10,000 levels is 20,000 bytes: under the size limit, so the parser itself must cope.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            rejects(deep.as_bytes()),
            OrderError::WrongShape(_)
        ));
        let inside = format!(
            r#"{{"order_id":"A","customer_name":{}1{}}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(matches!(
            rejects(inside.as_bytes()),
            OrderError::WrongShape(_)
        ));
        // Deep nesting in an extra field is skipped without recursion: the order itself is fine.
        let mut value: serde_json::Value = serde_json::from_str(SEED_EXAMPLE).unwrap();
        value["extra"] = serde_json::Value::Null;
        let text = serde_json::to_string(&value).unwrap().replace(
            "null",
            &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        );
        assert!(decode(text.as_bytes()).is_ok());
    }

    #[test]
    fn json_mistakes_are_said_in_words_not_in_parser_terms() {
        let reason = |payload: &[u8]| rejects(payload).to_string();
        let wrong_type = reason(
            br#"{"order_id":"A","customer_name":"B","items":[{"name":"Tea","quantity":1,"price":"2.50"}],"total_amount":2.5}"#,
        );
        assert!(
            wrong_type.starts_with(
                "JSON is not an order: the text \"2.50\" where a number belongs (line 1"
            ),
            "{wrong_type}"
        );
        let misspelled = reason(br#"{"order_id": nope}"#);
        assert!(
            misspelled
                .starts_with("payload is not JSON: the text is garbled at line 1, character 15"),
            "{misspelled}"
        );
        assert!(reason(br#"{"order_id":"A""#).contains("cut off"));
        assert!(reason(br#"{"order_id":"A"} extra"#).contains("more text after the order"));
        for text in [wrong_type, misspelled] {
            assert!(!text.contains("expected"), "{text}");
            assert!(!text.contains("f64") && !text.contains("ident"), "{text}");
        }
    }

    #[test]
    fn error_messages_read_as_sentences_for_the_rejected_panel() {
        let msg = OrderError::TotalMismatch {
            stated: Cents(1101),
            computed: Cents(1099),
        }
        .to_string();
        assert_eq!(
            msg,
            "total_amount $11.01 does not match the items, which add up to $10.99"
        );
        let msg = OrderError::BadQuantity {
            item: "Tea".into(),
            quantity: 0,
        }
        .to_string();
        assert_eq!(msg, "quantity of \"Tea\" is 0; it must be 1 to 99");
    }
}
