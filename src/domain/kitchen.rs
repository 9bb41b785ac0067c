//! The kitchen workflow: order status over MQTT, ticket ageing, all-day counts, stations and CSV export.

use super::board::Ticket;
use super::menu::Menu;
use super::order::{Order, OrderItem};
use super::time::{parse_iso8601, to_iso8601, to_iso8601_millis, UnixMillis};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an order stands in the kitchen. Written lower-case on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    New,
    Preparing,
    Ready,
    Served,
    Cancelled,
}

impl Status {
    /// One bump forward; served and cancelled are the end.
    pub fn next(self) -> Option<Status> {
        match self {
            Status::New => Some(Status::Preparing),
            Status::Preparing => Some(Status::Ready),
            Status::Ready => Some(Status::Served),
            Status::Served | Status::Cancelled => None,
        }
    }

    /// Off the open board (shown under "recently done").
    pub fn is_done(self) -> bool {
        matches!(self, Status::Served | Status::Cancelled)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Preparing => "preparing",
            Status::Ready => "ready",
            Status::Served => "served",
            Status::Cancelled => "cancelled",
        }
    }
}

/// A status change as published on `<orders topic>/<order id>/status` (QoS 1, retained):
/// `{"order_id":"…","status":"ready","at":"2025-01-14T16:35:00Z","by":"board-1a2b…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub order_id: String,
    pub status: Status,
    /// When the change was made (ISO-8601 UTC); the latest change wins when boards disagree.
    pub at: String,
    #[serde(default)]
    pub by: String,
    /// The order itself, while it is open: a board opened mid-service (a new tablet, another browser) gets
    /// every open ticket from the retained statuses, since orders are not retained. Finished statuses
    /// leave it out, so the broker keeps whole orders only for open tickets.
    #[serde(skip)]
    pub order: Option<Box<Order>>,
}

/// A status as it is read: the order, if any, is checked like any order off the wire.
#[derive(Deserialize)]
struct StatusMessage {
    order_id: String,
    status: Status,
    at: String,
    #[serde(default)]
    by: String,
    #[serde(default)]
    order: Option<Box<serde_json::value::RawValue>>,
}

impl StatusUpdate {
    pub fn new(order_id: &str, status: Status, now: UnixMillis, by: &str) -> Self {
        StatusUpdate {
            order_id: order_id.to_owned(),
            status,
            at: to_iso8601_millis(now),
            by: by.to_owned(),
            order: None,
        }
    }

    /// The same change, carrying its order while the ticket is open (see [`StatusUpdate::order`]).
    pub fn with_order(mut self, order: &Order) -> Self {
        self.order = (!self.status.is_done()).then(|| Box::new(order.clone()));
        self
    }

    /// Reads a status message; anything else is an error to show, never a panic.
    pub fn decode(payload: &[u8]) -> Result<StatusUpdate, String> {
        let message: StatusMessage = serde_json::from_slice(payload).map_err(|e| {
            format!(
                "status message is not valid: {}",
                super::order::plain_json_error(&e)
            )
        })?;
        // The order a status carries is a courtesy for boards opened later: one that is not a valid order
        // (or is another order's) is left out and the status itself still applies — other clients may
        // carry an "order" of their own shape.
        let order = message
            .order
            .and_then(|raw| super::order::decode(raw.get().as_bytes()).ok())
            .filter(|order| order.order_id == message.order_id)
            .map(Box::new);
        let update = StatusUpdate {
            order_id: message.order_id,
            status: message.status,
            at: message.at,
            by: message.by,
            order,
        };
        if update.order_id.trim().is_empty() {
            return Err("status message has an empty order_id".into());
        }
        if parse_iso8601(&update.at).is_none() {
            return Err(format!("status time \"{}\" is not ISO-8601", update.at));
        }
        Ok(update)
    }

    pub fn at_ms(&self) -> UnixMillis {
        parse_iso8601(&self.at).unwrap_or(0)
    }

    pub fn to_json(&self) -> String {
        let json = serde_json::to_string(self).expect("a status always serializes");
        match &self.order {
            // The order last, after the fields a reader of the status needs: `{…,"by":"…","order":{…}}`.
            Some(order) => format!(
                "{},\"order\":{}}}",
                &json[..json.len() - 1],
                order.to_json()
            ),
            None => json,
        }
    }
}

/// The retained status topic of an order. Characters that mean something in topics (`/ + #`) or are not
/// plain are percent-encoded, so any order id maps to exactly one topic level — `.` too, since brokers that
/// map MQTT's `/` to their own `.` (RabbitMQ, NATS) would otherwise split "ORD.7" into two levels.
pub fn status_topic(orders_topic: &str, order_id: &str) -> String {
    let mut level = String::with_capacity(order_id.len());
    for b in order_id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
            level.push(b as char);
        } else {
            level.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}/{level}/status", orders_topic.trim_end_matches('/'))
}

/// The subscription that receives every order's status.
pub fn status_filter(orders_topic: &str) -> String {
    format!("{}/+/status", orders_topic.trim_end_matches('/'))
}

/// Whether a topic is a status topic under the orders topic.
pub fn is_status_topic(orders_topic: &str, topic: &str) -> bool {
    let prefix = format!("{}/", orders_topic.trim_end_matches('/'));
    topic
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix("/status"))
        .is_some_and(|level| !level.is_empty() && !level.contains('/'))
}

/// How long a ticket has waited, as the colour it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeLevel {
    Fresh,
    Warning,
    Late,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeThresholds {
    pub warning_ms: i64,
    pub late_ms: i64,
}

impl Default for AgeThresholds {
    /// Yellow at 5 minutes, red at 8, as kitchen display systems commonly default.
    fn default() -> Self {
        AgeThresholds {
            warning_ms: 5 * 60_000,
            late_ms: 8 * 60_000,
        }
    }
}

/// Longest threshold accepted, in minutes (four hours).
pub const MAX_THRESHOLD_MINUTES: i64 = 240;

impl AgeThresholds {
    /// Yellow after `warning` minutes, red after `late`: red must come after yellow, both within four hours.
    /// A refusal says what to type instead, in words for the person at the screen.
    pub fn from_minutes(warning: i64, late: i64) -> Result<AgeThresholds, String> {
        if !(1..MAX_THRESHOLD_MINUTES).contains(&warning) {
            return Err(format!(
                "Yellow must be 1 to {} minutes.",
                MAX_THRESHOLD_MINUTES - 1
            ));
        }
        if late <= warning {
            return Err(format!(
                "Red must come after yellow: more than {warning} minutes."
            ));
        }
        if late > MAX_THRESHOLD_MINUTES {
            return Err(format!(
                "Red must be at most {MAX_THRESHOLD_MINUTES} minutes."
            ));
        }
        Ok(AgeThresholds {
            warning_ms: warning * 60_000,
            late_ms: late * 60_000,
        })
    }

    pub fn level(&self, received_at: UnixMillis, now: UnixMillis) -> AgeLevel {
        let age = now - received_at;
        if age >= self.late_ms {
            AgeLevel::Late
        } else if age >= self.warning_ms {
            AgeLevel::Warning
        } else {
            AgeLevel::Fresh
        }
    }
}

/// An order's own time within this much in the future still counts (the clocks of two devices differ).
const CLOCK_SKEW_MS: UnixMillis = 2 * 60 * 1000;
/// An order's own time more than this before it reached the board is not believed: it is from another day
/// (or a replay), and would make a fresh ticket look hours late.
const OLDEST_BELIEVED_MS: UnixMillis = 12 * 60 * 60 * 1000;

/// Where a ticket's age counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeFrom {
    /// The order's own timestamp: an order queued at the counter during a Wi-Fi drop shows its real wait.
    Placed(UnixMillis),
    /// When the board received it: the order had no timestamp, or one that cannot be right.
    Received(UnixMillis),
}

impl AgeFrom {
    /// From the order's timestamp when it is plausible — not in the future, not older than the board's day
    /// — and from receipt otherwise.
    pub fn of(timestamp: Option<&str>, received_at: UnixMillis) -> AgeFrom {
        match timestamp.and_then(parse_iso8601) {
            Some(placed)
                if placed <= received_at + CLOCK_SKEW_MS
                    && received_at - placed <= OLDEST_BELIEVED_MS =>
            {
                AgeFrom::Placed(placed.min(received_at))
            }
            _ => AgeFrom::Received(received_at),
        }
    }

    pub fn at(self) -> UnixMillis {
        match self {
            AgeFrom::Placed(at) | AgeFrom::Received(at) => at,
        }
    }

    /// Said on the ticket, so nobody wonders which clock it is.
    pub fn word(self) -> &'static str {
        match self {
            AgeFrom::Placed(_) => "placed",
            AgeFrom::Received(_) => "received",
        }
    }
}

/// Timer text for a ticket: `m:ss`, or `h:mm:ss` past an hour.
pub fn timer_text(received_at: UnixMillis, now: UnixMillis) -> String {
    let secs = (now - received_at).max(0) / 1000;
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

/// A kitchen station: one category of the menu in use, or everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Station {
    #[default]
    All,
    Only(String),
}

impl Station {
    /// The items of an order this station makes. Items not on the menu belong to every station's "All"
    /// view only, since nobody can tell which station makes them.
    pub fn items<'a>(&self, menu: &Menu, order: &'a Order) -> Vec<&'a OrderItem> {
        order
            .items
            .iter()
            .filter(|i| self.makes(menu, &i.name))
            .collect()
    }

    /// Whether this station makes the item of this name.
    pub fn makes(&self, menu: &Menu, item_name: &str) -> bool {
        match self {
            Station::All => true,
            Station::Only(category) => menu
                .find(item_name)
                .is_some_and(|m| m.category == *category),
        }
    }
}

/// Total quantity of each item across open tickets, most first (then by name), for the "all day" list.
pub fn all_day<'a>(
    open: impl IntoIterator<Item = &'a Ticket>,
    menu: &Menu,
    station: &Station,
) -> Vec<(String, u32)> {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for ticket in open {
        for item in station.items(menu, &ticket.order) {
            *counts.entry(item.name.as_str()).or_default() += item.quantity;
        }
    }
    most_first(counts.into_iter().map(|(n, q)| (n.to_owned(), q)).collect())
}

/// All-day rows in the order the board shows them: most needed first, then by name.
pub fn most_first(mut list: Vec<(String, u32)>) -> Vec<(String, u32)> {
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// Minutes of history in the order-rate chart.
pub const CHART_MINUTES: usize = 30;

/// The session's figures for the stats panel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Orders received in the last hour.
    pub orders_last_hour: u32,
    pub revenue: super::money::Cents,
    /// Mean time from received to ready, over tickets that reached ready.
    pub avg_to_ready_ms: Option<i64>,
    /// Orders received per minute, oldest minute first, the last being the current minute.
    pub per_minute: [u32; CHART_MINUTES],
}

pub fn stats<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, now: UnixMillis) -> Stats {
    let mut s = Stats::default();
    let (mut ready_sum, mut ready_n) = (0i64, 0i64);
    for t in tickets {
        if t.status != Status::Cancelled {
            s.revenue = super::money::Cents(s.revenue.0 + t.order.total_amount.0);
        }
        let age = now - t.received_at;
        if (0..3_600_000).contains(&age) {
            s.orders_last_hour += 1;
        }
        let minute = age.div_euclid(60_000);
        if (0..CHART_MINUTES as i64).contains(&minute) {
            s.per_minute[CHART_MINUTES - 1 - minute as usize] += 1;
        }
        if let Some(ready) = t.ready_at {
            ready_sum += (ready - t.received_at).max(0);
            ready_n += 1;
        }
    }
    s.avg_to_ready_ms = (ready_n > 0).then(|| ready_sum / ready_n);
    s
}

const CSV_HEADER: &str = "order_id,customer_name,item,quantity,price,item_total,order_total,timestamp,received_at,status,special_instructions";

/// The orders as CSV, one row per item (RFC 4180 quoting), for a spreadsheet or the backend. The order's
/// total is on its first row only, so summing the column gives the revenue; `timestamp` is the order's own
/// (empty when the order carried none) and `received_at` when this board got it, always filled.
pub fn to_csv<'a>(tickets: impl IntoIterator<Item = &'a Ticket>) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for t in tickets {
        let o = &t.order;
        for (n, item) in o.items.iter().enumerate() {
            let fields = [
                o.order_id.clone(),
                o.customer_name.clone(),
                item.name.clone(),
                item.quantity.to_string(),
                item.price.to_wire_text(),
                item.line_total().to_wire_text(),
                if n == 0 {
                    o.total_amount.to_wire_text()
                } else {
                    String::new()
                },
                o.timestamp.clone().unwrap_or_default(),
                to_iso8601(t.received_at),
                t.status.label().to_owned(),
                o.special_instructions.clone().unwrap_or_default(),
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn csv_field(text: &str) -> String {
    // A leading = + - @ would make a spreadsheet run it as a formula: prefix a quote (OWASP CSV injection).
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Reads [`to_csv`] back into orders (used to prove the export loses nothing).
pub fn orders_from_csv(text: &str) -> Result<Vec<Order>, String> {
    let rows = parse_csv(text)?;
    let mut rows = rows.into_iter();
    if rows.next().map(|h| h.join(",")) != Some(CSV_HEADER.to_owned()) {
        return Err("not an order board CSV (header differs)".into());
    }
    let mut orders: Vec<Order> = Vec::new();
    for (n, row) in rows.enumerate() {
        let [id, customer, item, qty, price, _item_total, total, ts, _received, _status, note]: [String; 11] = row
            .try_into()
            .map_err(|_| format!("row {} does not have 11 fields", n + 2))?;
        let unquote = |s: String| s.strip_prefix('\'').map(str::to_owned).unwrap_or(s);
        let money = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| format!("row {}: {s} is not an amount", n + 2))
                .and_then(|v| super::money::Cents::from_wire(v).map_err(|e| e.to_string()))
        };
        let item = OrderItem {
            name: unquote(item),
            quantity: qty
                .parse()
                .map_err(|_| format!("row {}: bad quantity", n + 2))?,
            price: money(&price)?,
        };
        match orders.last_mut() {
            Some(last) if last.order_id == unquote(id.clone()) => last.items.push(item),
            _ => orders.push(Order {
                order_id: unquote(id),
                customer_name: unquote(customer),
                items: vec![item],
                total_amount: money(&total)?,
                timestamp: (!ts.is_empty()).then_some(ts),
                special_instructions: Some(unquote(note)).filter(|s| !s.is_empty()),
            }),
        }
    }
    Ok(orders)
}

fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_ages_from_when_the_order_was_placed_when_that_time_is_plausible() {
        let received = parse_iso8601("2025-01-14T16:40:00Z").unwrap();
        let placed = parse_iso8601("2025-01-14T16:30:00Z").unwrap();
        assert_eq!(
            AgeFrom::of(Some("2025-01-14T16:30:00Z"), received),
            AgeFrom::Placed(placed)
        );
        // A minute ahead is a clock difference: it counts from receipt's moment, never negative.
        assert_eq!(
            AgeFrom::of(Some("2025-01-14T16:41:00Z"), received),
            AgeFrom::Placed(received)
        );
        for unbelievable in [
            Some("2025-01-14T17:30:00Z"),
            Some("2025-01-13T09:00:00Z"),
            Some("soon"),
            None,
        ] {
            assert_eq!(
                AgeFrom::of(unbelievable, received),
                AgeFrom::Received(received),
                "{unbelievable:?}"
            );
        }
    }

    #[test]
    fn red_must_come_after_yellow_and_zero_is_refused_not_made_one() {
        assert_eq!(
            AgeThresholds::from_minutes(5, 8),
            Ok(AgeThresholds::default())
        );
        assert_eq!(
            AgeThresholds::from_minutes(5, 5),
            Err("Red must come after yellow: more than 5 minutes.".to_owned())
        );
        assert_eq!(
            AgeThresholds::from_minutes(6, 3),
            Err("Red must come after yellow: more than 6 minutes.".to_owned())
        );
        assert_eq!(
            AgeThresholds::from_minutes(0, 8),
            Err("Yellow must be 1 to 239 minutes.".to_owned())
        );
        assert!(AgeThresholds::from_minutes(10, 241).is_err());
        assert!(AgeThresholds::from_minutes(1, 2).is_ok());
    }
    use crate::domain::generator::OrderGenerator;

    fn ticket(order: Order, received_at: UnixMillis, status: Status) -> Ticket {
        Ticket {
            seq: received_at as u64,
            order,
            received_at,
            status,
            status_at: None,
            previous: None,
            ready_at: None,
        }
    }

    #[test]
    fn bumping_walks_new_preparing_ready_served_and_stops() {
        let mut s = Status::New;
        let mut walked = vec![s];
        while let Some(next) = s.next() {
            walked.push(next);
            s = next;
        }
        assert_eq!(
            walked,
            [
                Status::New,
                Status::Preparing,
                Status::Ready,
                Status::Served
            ]
        );
        assert_eq!(Status::Cancelled.next(), None);
        assert!(
            Status::Served.is_done() && Status::Cancelled.is_done() && !Status::Ready.is_done()
        );
    }

    #[test]
    fn status_messages_round_trip_and_bad_ones_say_why() {
        let update = StatusUpdate::new("ORD-1", Status::Ready, 1_736_872_200_000, "board-1");
        assert_eq!(
            update.to_json(),
            r#"{"order_id":"ORD-1","status":"ready","at":"2025-01-14T16:30:00.000Z","by":"board-1"}"#
        );
        assert_eq!(
            StatusUpdate::decode(update.to_json().as_bytes()),
            Ok(update.clone())
        );
        // While open it carries its order, which is read back and checked like any order.
        let order = super::super::order::decode(br#"{"order_id":"ORD-1","customer_name":"Ada","items":[{"name":"Tea","quantity":1,"price":2.5}],"total_amount":2.5}"#).unwrap();
        let carrying = update.clone().with_order(&order);
        assert!(carrying
            .to_json()
            .ends_with(&format!(r#","by":"board-1","order":{}}}"#, order.to_json())));
        assert_eq!(
            StatusUpdate::decode(carrying.to_json().as_bytes()),
            Ok(carrying)
        );
        // Another client's own "order" object (not ours) is left out; its status still counts.
        let theirs = r#"{"order_id":"ORD-1","status":"ready","at":"2025-01-14T16:30:00Z","order":{"ref":7}}"#;
        let read = StatusUpdate::decode(theirs.as_bytes()).unwrap();
        assert_eq!((read.status, read.order), (Status::Ready, None));
        let other = format!(
            r#"{{"order_id":"ORD-2","status":"new","at":"2025-01-14T16:30:00Z","order":{}}}"#,
            order.to_json()
        );
        assert_eq!(
            StatusUpdate::decode(other.as_bytes()).unwrap().order,
            None,
            "another order's body"
        );
        // A plain mosquitto_pub with only the essentials works too.
        let minimal = br#"{"order_id":"ORD-2","status":"served","at":"2025-01-14T16:31:00Z"}"#;
        assert_eq!(
            StatusUpdate::decode(minimal).unwrap().status,
            Status::Served
        );
        assert!(StatusUpdate::decode(
            br#"{"order_id":"A","status":"eaten","at":"2025-01-14T16:31:00Z"}"#
        )
        .is_err());
        assert!(StatusUpdate::decode(
            br#"{"order_id":"","status":"new","at":"2025-01-14T16:31:00Z"}"#
        )
        .is_err());
        assert!(StatusUpdate::decode(b"").is_err());
    }

    #[test]
    fn any_order_id_maps_to_one_topic_level() {
        assert_eq!(
            status_topic("restaurant/orders", "ORD-001"),
            "restaurant/orders/ORD-001/status"
        );
        assert_eq!(
            status_topic("restaurant/orders/", "a/b+#"),
            "restaurant/orders/a%2Fb%2B%23/status"
        );
        // A broker that maps `/` to `.` inside (RabbitMQ, NATS) must still see one level.
        assert_eq!(
            status_topic("restaurant/orders", "ORD.7"),
            "restaurant/orders/ORD%2E7/status"
        );
        assert_eq!(
            status_filter("restaurant/orders"),
            "restaurant/orders/+/status"
        );
        assert!(is_status_topic(
            "restaurant/orders",
            "restaurant/orders/ORD-1/status"
        ));
        assert!(!is_status_topic("restaurant/orders", "restaurant/orders"));
        assert!(!is_status_topic(
            "restaurant/orders",
            "restaurant/orders/a/b/status"
        ));
    }

    #[test]
    fn tickets_turn_yellow_at_five_minutes_and_red_at_eight() {
        let t = AgeThresholds::default();
        assert_eq!(t.level(0, 4 * 60_000 + 59_999), AgeLevel::Fresh);
        assert_eq!(t.level(0, 5 * 60_000), AgeLevel::Warning);
        assert_eq!(t.level(0, 8 * 60_000), AgeLevel::Late);
        let custom = AgeThresholds {
            warning_ms: 1_000,
            late_ms: 2_000,
        };
        assert_eq!(custom.level(0, 1_500), AgeLevel::Warning);
        assert_eq!(timer_text(0, 125_000), "2:05");
        assert_eq!(timer_text(0, 3_725_000), "1:02:05");
    }

    fn order(id: &str, items: &[(&str, u32)]) -> Order {
        let items = items
            .iter()
            .map(|(n, q)| OrderItem {
                name: (*n).into(),
                quantity: *q,
                price: super::super::money::Cents(100),
            })
            .collect();
        Order::new(id.into(), "Ann".into(), items, 0, None)
    }

    #[test]
    fn all_day_counts_add_up_open_tickets_only_and_follow_the_station() {
        let tickets = [
            ticket(
                order("1", &[("Margherita Pizza", 2), ("Coca-Cola", 1)]),
                0,
                Status::New,
            ),
            ticket(
                order("2", &[("Margherita Pizza", 1), ("Mystery Dish", 1)]),
                1,
                Status::Preparing,
            ),
            ticket(order("3", &[("Margherita Pizza", 5)]), 2, Status::Served),
        ];
        let open: Vec<&Ticket> = tickets.iter().filter(|t| !t.status.is_done()).collect();
        assert_eq!(
            all_day(open.iter().copied(), &Menu::demo(), &Station::All),
            vec![
                ("Margherita Pizza".into(), 3),
                ("Coca-Cola".into(), 1),
                ("Mystery Dish".into(), 1)
            ]
        );
        assert_eq!(
            all_day(
                open.iter().copied(),
                &Menu::demo(),
                &Station::Only("Drinks".into())
            ),
            vec![("Coca-Cola".into(), 1)]
        );
    }

    #[test]
    fn a_drinks_station_sees_only_the_drinks_of_each_order() {
        let o = order(
            "1",
            &[("Margherita Pizza", 2), ("Iced Tea", 1), ("Unknown", 1)],
        );
        let names: Vec<&str> = Station::Only("Drinks".into())
            .items(&Menu::demo(), &o)
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["Iced Tea"]);
        assert_eq!(Station::All.items(&Menu::demo(), &o).len(), 3);
    }

    #[test]
    fn stats_count_the_last_hour_bucket_minutes_and_average_time_to_ready() {
        let now = 10 * 3_600_000;
        let mut tickets = vec![
            ticket(order("1", &[("Tea", 1)]), now - 30_000, Status::New),
            ticket(order("2", &[("Tea", 2)]), now - 90_000, Status::Ready),
            ticket(
                order("3", &[("Tea", 3)]),
                now - 2 * 3_600_000,
                Status::Cancelled,
            ),
        ];
        tickets[1].ready_at = Some(now - 30_000);
        let s = stats(&tickets, now);
        assert_eq!(s.orders_last_hour, 2);
        assert_eq!(
            s.revenue,
            super::super::money::Cents(300),
            "cancelled orders earn nothing"
        );
        assert_eq!(s.avg_to_ready_ms, Some(60_000));
        assert_eq!(s.per_minute[CHART_MINUTES - 1], 1, "this minute");
        assert_eq!(s.per_minute[CHART_MINUTES - 2], 1, "the minute before");
        assert_eq!(s.per_minute.iter().sum::<u32>(), 2);
    }

    #[test]
    fn csv_export_parses_back_to_the_same_orders() {
        let mut generator = OrderGenerator::new(3);
        let mut orders: Vec<Order> = (0..40).map(|i| generator.next_order(i)).collect();
        orders[0].customer_name = "O'Brien, \"Chef\"\nLine two".into();
        orders[1].special_instructions = Some("=HYPERLINK(\"x\")".into());
        let tickets: Vec<Ticket> = orders
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, o)| ticket(o, i as i64, Status::New))
            .collect();
        let csv = to_csv(&tickets);
        assert!(csv.contains("'=HYPERLINK"), "formulas are defused");
        assert_eq!(orders_from_csv(&csv).unwrap(), orders);
    }

    #[test]
    fn the_order_total_column_sums_to_the_revenue_once_per_order() {
        let mut generator = OrderGenerator::new(9);
        let orders: Vec<Order> = (0..25).map(|i| generator.next_order(i)).collect();
        let tickets: Vec<Ticket> = orders
            .iter()
            .cloned()
            .map(|o| ticket(o, 0, Status::New))
            .collect();
        let csv = to_csv(&tickets);
        let rows = parse_csv(&csv).unwrap();
        let column: f64 = rows[1..]
            .iter()
            .filter_map(|r| r[6].parse::<f64>().ok())
            .sum();
        let revenue: i64 = orders.iter().map(|o| o.total_amount.0).sum();
        assert_eq!((column * 100.0).round() as i64, revenue);
        let items: f64 = rows[1..].iter().map(|r| r[5].parse::<f64>().unwrap()).sum();
        assert_eq!(
            (items * 100.0).round() as i64,
            revenue,
            "generated orders add up"
        );
        assert!(
            rows[1..].iter().all(|r| r[8].starts_with("1970-01-01T")),
            "received_at always filled"
        );
    }
}
