//! A ticket and its status: the order as the kitchen sees it, where it stands, and a status change as it
//! travels between boards (`<orders topic>/<order id>/status`, retained).

use super::ageing::AgeFrom;
use super::order::Order;
use super::parts::{Part, PartWire};
use super::time::{parse_iso8601, to_iso8601_millis, UnixMillis};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// Arrival number on this board; a stable key for rendering, and the ticket's place in line.
    pub seq: u64,
    pub order: Order,
    pub received_at: UnixMillis,
    /// Where the order stands: its own served or cancelled, else what its parts come to
    /// (`parts::derive`).
    pub status: Status,
    /// When the latest order-level status was set (by whichever board or client set it): the latest wins.
    pub status_at: Option<UnixMillis>,
    /// That order-level status as heard (the status of an order without parts).
    pub level: Status,
    /// Each station's part of the order, fixed when it arrived (see `parts`).
    pub parts: Vec<Part>,
    /// The status before the last change, for recall.
    pub previous: Option<Status>,
    /// When it first became ready, for the average time to ready.
    pub ready_at: Option<UnixMillis>,
    /// When it was first started (the order, or any station's part), for the history.
    pub started_at: Option<UnixMillis>,
    /// A scheduled order's start (its due time less its longest dish), when after it was placed.
    pub fire_at: Option<UnixMillis>,
    /// Waiting in the "Later" lane: scheduled, not started, its start still ahead.
    pub waiting: bool,
}

impl Ticket {
    /// Where its age counts from: when it fired, for a scheduled order; else when it was placed.
    pub fn age_from(&self) -> AgeFrom {
        match self.fire_at {
            Some(at) => AgeFrom::Scheduled(at),
            None => AgeFrom::of(self.order.timestamp.as_deref(), self.received_at),
        }
    }
}

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

    /// How the status is written on the wire, in CSV and in `data-status` (never translated).
    pub fn wire_name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Preparing => "preparing",
            Status::Ready => "ready",
            Status::Served => "served",
            Status::Cancelled => "cancelled",
        }
    }

    /// The CSS class that colours the status band (style/ keys on these).
    pub fn css_class(self) -> &'static str {
        match self {
            Status::New => "status status-new",
            Status::Preparing => "status status-preparing",
            Status::Ready => "status status-ready",
            Status::Served => "status status-served",
            Status::Cancelled => "status status-cancelled",
        }
    }
}

/// How long a retained status is kept on the broker before any board that sees it deletes it.
pub const RETAINED_STATUS_TTL_MS: UnixMillis = 12 * 60 * 60 * 1000;

/// Why a message on a status topic is not a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusError {
    /// Not JSON, or not a status's shape; the detail says where.
    NotValid(String),
    EmptyOrderId,
    BadTime(String),
}

impl std::fmt::Display for StatusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusError::NotValid(detail) => write!(f, "status message is not valid: {detail}"),
            StatusError::EmptyOrderId => f.write_str("status message has an empty order_id"),
            StatusError::BadTime(at) => write!(f, "status time \"{at}\" is not ISO-8601"),
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
    /// When the order was first made ready (ISO-8601 UTC), carried by the statuses after it (served,
    /// cancelled after ready, recalled) so a board that hears only the latest — one opened after service —
    /// still knows its time to ready. Optional and additive: plain clients neither send nor need it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_at: Option<String>,
    /// When the order was first started (ISO-8601 UTC), carried the same way by the statuses after it
    /// (ready, served, cancelled after a start), so the history of a board that missed it is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// Every part of the order as this board knew it (`"parts":[…]`, see `parts::PartWire`), from boards
    /// that know parts; a status without it (a plain client's) is mapped onto every part
    /// (`parts::whole`).
    #[serde(skip)]
    pub parts: Option<Vec<Part>>,
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
    ready_at: Option<String>,
    #[serde(default)]
    started_at: Option<String>,
    #[serde(default)]
    parts: Option<Box<serde_json::value::RawValue>>,
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
            ready_at: None,
            started_at: None,
            parts: None,
            order: None,
        }
    }

    /// The same change, carrying when the order was first made ready (not on the ready change itself:
    /// its `at` says it).
    pub fn with_ready_at(mut self, ready_at: Option<UnixMillis>) -> Self {
        self.ready_at = ready_at
            .filter(|_| self.status != Status::Ready)
            .map(to_iso8601_millis);
        self
    }

    /// The same change, carrying when the order was first started (not on the change that starts it: its
    /// `at` says it).
    pub fn with_started_at(mut self, started_at: Option<UnixMillis>) -> Self {
        self.started_at = started_at
            .filter(|_| self.status != Status::Preparing)
            .map(to_iso8601_millis);
        self
    }

    /// When the order was first started, as the status says (a time that is not one is ignored).
    pub fn started_ms(&self) -> Option<UnixMillis> {
        self.started_at.as_deref().and_then(parse_iso8601)
    }

    /// When the order was first made ready, as the status says (a time that is not one is ignored).
    pub fn ready_ms(&self) -> Option<UnixMillis> {
        self.ready_at.as_deref().and_then(parse_iso8601)
    }

    /// The same change, carrying every part of the order as it now stands.
    pub fn with_parts(mut self, parts: &[Part]) -> Self {
        self.parts = (!parts.is_empty()).then(|| parts.to_vec());
        self
    }

    /// The same change, carrying its order while the ticket is open (see [`StatusUpdate::order`]).
    pub fn with_order(mut self, order: &Order) -> Self {
        self.order = (!self.status.is_done()).then(|| Box::new(order.clone()));
        self
    }

    /// Reads a status message; anything else is an error to show, never a panic.
    pub fn decode(payload: &[u8]) -> Result<StatusUpdate, StatusError> {
        let message: StatusMessage = serde_json::from_slice(payload)
            .map_err(|e| StatusError::NotValid(super::order::plain_json_error(&e)))?;
        // The order a status carries is a courtesy for boards opened later: one that is not a valid order
        // (or is another order's) is left out and the status itself still applies — other clients may
        // carry an "order" of their own shape.
        let order = message
            .order
            .and_then(|raw| super::order::decode(raw.get().as_bytes()).ok())
            .filter(|order| order.order_id == message.order_id)
            .map(Box::new);
        // Parts that are not a list of parts are left out: the status is then read as a plain
        // client's (mapped onto every part), which it may well be.
        let parts = message
            .parts
            .and_then(|raw| serde_json::from_str::<Vec<PartWire>>(raw.get()).ok())
            .map(|list| {
                list.into_iter()
                    .filter_map(PartWire::read)
                    .collect::<Vec<_>>()
            })
            .filter(|list| !list.is_empty() && list.len() <= super::order::MAX_ITEMS);
        let update = StatusUpdate {
            order_id: message.order_id,
            status: message.status,
            at: message.at,
            by: message.by,
            ready_at: message.ready_at,
            started_at: message.started_at,
            parts,
            order,
        };
        if update.order_id.trim().is_empty() {
            return Err(StatusError::EmptyOrderId);
        }
        if parse_iso8601(&update.at).is_none() {
            return Err(StatusError::BadTime(update.at));
        }
        Ok(update)
    }

    /// A retained status this old belongs to another day: applied, then deleted from the broker (see
    /// README, "Topics").
    /// An order still due (a booking for later in the week) keeps its status however old.
    pub fn is_stale(&self, now: UnixMillis) -> bool {
        let due = self.order.as_ref().and_then(|o| o.due_at());
        now - self.at_ms() > RETAINED_STATUS_TTL_MS
            && due.is_none_or(|due| now - due > RETAINED_STATUS_TTL_MS)
    }

    pub fn at_ms(&self) -> UnixMillis {
        parse_iso8601(&self.at).unwrap_or(0)
    }

    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string(self).expect("a status always serializes");
        if let Some(parts) = &self.parts {
            let wire: Vec<PartWire> = parts.iter().map(PartWire::of).collect();
            let parts = serde_json::to_string(&wire).expect("parts always serialize");
            json = format!("{},\"parts\":{parts}}}", &json[..json.len() - 1]);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_status_has_one_wire_name_one_word_and_one_class_and_reads_back_from_its_wire_name() {
        for status in [
            Status::New,
            Status::Preparing,
            Status::Ready,
            Status::Served,
            Status::Cancelled,
        ] {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.wire_name()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), status);
            assert!(status
                .css_class()
                .ends_with(&format!("status-{}", status.wire_name())));
            assert!(!status.wire_name().is_empty());
        }
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
}
