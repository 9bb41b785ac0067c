//! The history: one compact record per order — who, what, how much, and when each step happened — kept in
//! the browser's database for the report and its CSV. A record is what this board saw: it is observed from
//! the ticket each time the ticket changes and merged with what was kept before (the first time each step
//! was seen wins), so a reload, a redelivery or a second tab never moves a time.

use super::ageing::AgeFrom;
use super::parts::PartState;
use super::ticket::{Status, Ticket};
use super::time::UnixMillis;
use serde::{Deserialize, Serialize};

/// How long the history keeps an order.
pub const KEEP_DAYS: i64 = 90;
pub const KEEP_MS: UnixMillis = KEEP_DAYS * 24 * 60 * 60 * 1000;
/// How many orders the history keeps at most (oldest first out); a test or config.json may set fewer.
pub const MAX_RECORDS: u32 = 200_000;

/// One order in the history. Short field names: a flood writes thousands of these.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    /// The customer's name as published.
    #[serde(rename = "c", default)]
    pub customer: String,
    /// The order's total in cents.
    #[serde(rename = "m", default)]
    pub total: i64,
    /// Each line: dish, quantity and the station that makes it.
    #[serde(rename = "l", default)]
    pub lines: Vec<Line>,
    /// Where the order stands now.
    #[serde(rename = "s", default)]
    pub status: Status,
    /// When it was placed: the order's own timestamp when plausible, else when it was received. The period
    /// an order belongs to (and its hour) is decided by this.
    #[serde(rename = "p")]
    pub placed: UnixMillis,
    /// Whether `placed` is the order's own time (else the board's receipt).
    #[serde(rename = "o", default)]
    pub own_time: bool,
    #[serde(rename = "r")]
    pub received: UnixMillis,
    /// Where its time to ready counts from: `placed`, or a scheduled order's start.
    #[serde(rename = "f")]
    pub from: UnixMillis,
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub started: Option<UnixMillis>,
    #[serde(rename = "y", default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<UnixMillis>,
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub served: Option<UnixMillis>,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<UnixMillis>,
    /// Each station's part: when it started and when it was done.
    #[serde(rename = "t", default, skip_serializing_if = "Vec::is_empty")]
    pub stations: Vec<StationTimes>,
    /// The order as published (its wire JSON), for the CSV's rows: written when the order comes, left
    /// empty in what a change records (the kept one stays), empty in records of the first release.
    #[serde(rename = "w", default, skip_serializing_if = "String::is_empty")]
    pub order: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Line {
    #[serde(rename = "d")]
    pub dish: String,
    #[serde(rename = "q")]
    pub quantity: u32,
    /// The station that makes it ("" when the order has no parts).
    #[serde(rename = "s", default, skip_serializing_if = "String::is_empty")]
    pub station: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StationTimes {
    #[serde(rename = "s")]
    pub station: String,
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub started: Option<UnixMillis>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub done: Option<UnixMillis>,
}

/// The earlier of two known times.
fn earliest(a: Option<UnixMillis>, b: Option<UnixMillis>) -> Option<UnixMillis> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Record {
    /// What a ticket says now of its order's steps, with the order as published. Test traffic has no
    /// record: it is not the kitchen's business.
    pub fn of(ticket: &Ticket) -> Option<Record> {
        let mut record = Record::times_of(ticket)?;
        record.order = ticket.order.to_json();
        Some(record)
    }

    /// What a ticket says now of its order's steps, without the order (a change: the order was written
    /// when it came, and a flood of changes need not write it again).
    pub fn times_of(ticket: &Ticket) -> Option<Record> {
        if ticket.order.is_test() {
            return None;
        }
        let order = &ticket.order;
        let placed = AgeFrom::of(order.timestamp.as_deref(), ticket.received_at);
        let station_of = |line: usize| {
            ticket
                .parts
                .iter()
                .find(|p| p.lines.contains(&(line as u32)))
                .map(|p| p.station.clone())
                .unwrap_or_default()
        };
        let at = |time: Option<UnixMillis>| time.filter(|&t| t > 0);
        let stations = ticket
            .parts
            .iter()
            .map(|p| StationTimes {
                station: p.station.clone(),
                started: at(Some(p.at)).filter(|_| p.state == PartState::Preparing),
                done: at(Some(p.at)).filter(|_| p.state == PartState::Done),
            })
            .collect::<Vec<_>>();
        let part_start = stations.iter().filter_map(|s| s.started).min();
        let level_start = at(ticket.status_at).filter(|_| ticket.status == Status::Preparing);
        Some(Record {
            id: order.order_id.clone(),
            customer: order.customer_name.clone(),
            total: order.total_amount.0,
            lines: order
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| Line {
                    dish: item.name.clone(),
                    quantity: item.quantity,
                    station: station_of(i),
                })
                .collect(),
            status: ticket.status,
            placed: placed.at(),
            own_time: matches!(placed, AgeFrom::Placed(_)),
            received: ticket.received_at,
            from: ticket.age_from().at(),
            started: earliest(earliest(part_start, level_start), at(ticket.started_at)),
            // A part heard before its order is settled at time 0: not a ready time.
            ready: at(ticket.ready_at),
            served: at(ticket.status_at).filter(|_| ticket.status == Status::Served),
            cancelled: at(ticket.status_at).filter(|_| ticket.status == Status::Cancelled),
            stations,
            order: String::new(),
        })
    }

    /// Folds a newer observation of the same order into what was kept: the first time each step was seen
    /// stays, the status and what the order says are the newer's. A served time goes when the order was
    /// recalled (its status no longer served), a cancelled time when it was un-cancelled.
    pub fn merge(&mut self, newer: Record) {
        let mut kept = std::mem::replace(self, newer);
        if self.order.is_empty() {
            self.order = std::mem::take(&mut kept.order);
        }
        self.received = self.received.min(kept.received);
        if kept.own_time || !self.own_time {
            self.placed = self.placed.min(kept.placed);
            self.own_time |= kept.own_time;
        }
        // Where its time counts from was decided when it was first seen (a reload re-reads the schedule with
        // whatever menu is loaded by then).
        self.from = kept.from;
        self.started = earliest(self.started, kept.started);
        self.ready = earliest(self.ready, kept.ready);
        self.served = earliest(self.served, kept.served).filter(|_| self.status == Status::Served);
        self.cancelled =
            earliest(self.cancelled, kept.cancelled).filter(|_| self.status == Status::Cancelled);
        for old in kept.stations {
            match self.stations.iter_mut().find(|s| s.station == old.station) {
                Some(s) => {
                    s.started = earliest(s.started, old.started);
                    s.done = earliest(s.done, old.done);
                }
                None => self.stations.push(old),
            }
        }
    }

    /// When each step happened is known up to ready (or the order never got that far).
    pub fn time_to_ready(&self) -> Option<UnixMillis> {
        self.ready.map(|ready| (ready - self.from).max(0))
    }

    /// A station's time to done, from the order's start.
    pub fn station_time(&self, station: &str) -> Option<UnixMillis> {
        self.stations
            .iter()
            .find(|s| s.station == station)
            .and_then(|s| s.done)
            .map(|done| (done - self.from).max(0))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Option<Record> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{order, ticket};
    use crate::domain::parts::Part;

    fn part(station: &str, lines: &[u32], state: PartState, at: UnixMillis) -> Part {
        Part {
            station: station.into(),
            lines: lines.to_vec(),
            state,
            done: vec![],
            at,
            by: "b".into(),
        }
    }

    #[test]
    fn a_ticket_becomes_a_record_with_the_times_it_knows() {
        let mut t = ticket(order("1", &[("Tea", 2), ("Cake", 1)]), 1_000, Status::Ready);
        t.parts = vec![
            part("Bar", &[0], PartState::Done, 5_000),
            part("Pastry", &[1], PartState::Preparing, 3_000),
        ];
        t.ready_at = Some(9_000);
        let r = Record::of(&t).unwrap();
        assert_eq!(r.lines[0].station, "Bar");
        assert_eq!(r.lines[1].dish, "Cake");
        assert_eq!(r.started, Some(3_000));
        assert_eq!(r.ready, Some(9_000));
        assert_eq!(r.station_time("Bar"), Some(5_000 - r.from));
        assert_eq!(r.served, None);
    }

    #[test]
    fn merging_keeps_the_first_time_each_step_was_seen() {
        let mut t = ticket(order("1", &[("Tea", 1)]), 1_000, Status::Preparing);
        t.status_at = Some(2_000);
        let mut kept = Record::of(&t).unwrap();
        t.status = Status::Served;
        t.status_at = Some(8_000);
        t.ready_at = Some(6_000);
        kept.merge(Record::of(&t).unwrap());
        assert_eq!(
            (kept.started, kept.ready, kept.served),
            (Some(2_000), Some(6_000), Some(8_000))
        );
        // Seen again after a reload: nothing moves.
        let again = kept.clone();
        kept.merge(again.clone());
        assert_eq!(kept, again);
    }

    #[test]
    fn a_recalled_order_loses_its_served_time_and_test_orders_have_no_record() {
        let mut t = ticket(order("1", &[("Tea", 1)]), 1_000, Status::Served);
        t.status_at = Some(5_000);
        let mut kept = Record::of(&t).unwrap();
        t.status = Status::Ready;
        kept.merge(Record::of(&t).unwrap());
        assert_eq!(kept.served, None);
        t.order.source = Some(crate::domain::order::GENERATOR_SOURCE.into());
        assert!(Record::of(&t).is_none());
    }

    #[test]
    fn a_board_that_keeps_a_history_gives_each_added_or_changed_ticket_once_per_change() {
        use crate::domain::board::Board;
        use crate::domain::ticket::StatusUpdate;
        let mut board = Board::default();
        board.add(order("quiet", &[("Tea", 1)]), 500);
        assert!(
            board.take_records().is_empty(),
            "nothing kept before it is asked"
        );
        board.keep_history();
        board.add(order("1", &[("Tea", 1)]), 1_000);
        let update = StatusUpdate {
            order_id: "1".into(),
            status: Status::Ready,
            at: crate::domain::time::to_iso8601_millis(4_000),
            by: "b".into(),
            ready_at: None,
            started_at: None,
            parts: None,
            order: None,
        };
        board.apply_status(&update);
        let records = board.take_records();
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].ready, records[1].ready), (None, Some(4_000)));
        assert!(board.take_records().is_empty(), "taken once");
    }

    #[test]
    fn a_ready_time_of_zero_is_not_a_time_and_the_first_start_stays() {
        let mut t = ticket(order("1", &[("Tea", 1)]), 1_000, Status::Ready);
        t.ready_at = Some(0);
        assert_eq!(Record::of(&t).unwrap().ready, None);
        t.fire_at = Some(9_000);
        let mut kept = Record::of(&t).unwrap();
        t.fire_at = Some(3_000);
        kept.merge(Record::of(&t).unwrap());
        assert_eq!(kept.from, 9_000, "a reload's schedule does not move it");
    }

    #[test]
    fn a_record_survives_its_compact_json() {
        let mut t = ticket(order("1", &[("Tea", 1)]), 1_000, Status::Cancelled);
        t.status_at = Some(4_000);
        let r = Record::times_of(&t).unwrap();
        let json = r.to_json();
        assert!(json.len() < 160, "{json}");
        assert_eq!(Record::from_json(&json), Some(r));
        let whole = Record::of(&t).unwrap();
        assert_eq!(Record::from_json(&whole.to_json()), Some(whole));
    }

    #[test]
    fn the_order_written_when_it_came_stays_through_changes_that_do_not_carry_it() {
        let mut t = ticket(order("1", &[("Tea", 1)]), 1_000, Status::New);
        let mut kept = Record::of(&t).unwrap();
        assert!(kept.order.contains("\"order_id\":\"1\""), "{}", kept.order);
        t.status = Status::Ready;
        t.ready_at = Some(3_000);
        let change = Record::times_of(&t).unwrap();
        assert!(change.order.is_empty());
        kept.merge(change);
        assert_eq!((kept.ready, kept.order.is_empty()), (Some(3_000), false));
    }
}
