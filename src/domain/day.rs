//! Closing the day on every board: a retained marker on `<parent of the orders topic>/day`
//! (`{"closed_at":"2025-01-14T23:05:00Z","by":"board-…","open":"kept"}`) that each board applies when it
//! hears it — now, or when it connects later — so the day's tickets leave every screen and a board opened
//! tomorrow does not bring them back. The history (and so the report) keeps them.

use super::ticket::Ticket;
use super::time::{parse_iso8601, to_iso8601, UnixMillis};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayClose {
    pub closed_at: UnixMillis,
    /// The board that closed it.
    pub by: String,
    /// Whether tickets still open stay for tomorrow (else the closing board cancelled them).
    pub keep_open: bool,
}

#[derive(Serialize, Deserialize)]
struct DayWire {
    closed_at: String,
    #[serde(default)]
    by: String,
    /// "kept" or "cancelled": what became of the tickets still open.
    #[serde(default)]
    open: Option<String>,
}

impl DayClose {
    pub fn to_json(&self) -> String {
        let wire = DayWire {
            closed_at: to_iso8601(self.closed_at),
            by: self.by.clone(),
            open: Some(if self.keep_open { "kept" } else { "cancelled" }.to_owned()),
        };
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// A marker as published; anything else on the day topic is not one.
    pub fn decode(payload: &[u8]) -> Option<DayClose> {
        let wire: DayWire = serde_json::from_slice(payload).ok()?;
        Some(DayClose {
            closed_at: parse_iso8601(&wire.closed_at)?,
            by: wire.by,
            keep_open: wire.open.as_deref() != Some("cancelled"),
        })
    }

    /// Whether a ticket leaves the board at this close: it came before it, and is finished — or still
    /// open when the open ones were cancelled. A scheduled order still waiting for its start is
    /// tomorrow's, and stays.
    pub fn takes(&self, ticket: &Ticket) -> bool {
        // A scheduled order that started after the close (it waited through it) is the new day's, also when
        // a reloaded board hears the close again.
        ticket.received_at <= self.closed_at
            && ticket.age_from().at() <= self.closed_at
            && !ticket.waiting
            && (ticket.status.is_done() || !self.keep_open)
    }
}

/// A close at a set local time every day (config.json's `"close_day_at": "04:00"`, seconds optional,
/// `"close_day_open": "cancelled"` to cancel what is still open, else it stays). Every board that reads the
/// same config.json works out the same close and applies it itself — on time when open, on opening when
/// it was closed then — so nothing needs publishing and a pickup screen closes too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyClose {
    /// Seconds after local midnight.
    pub at_second: u32,
    pub keep_open: bool,
}

const DAY_MS: UnixMillis = 24 * 60 * 60 * 1000;

/// Who closed a day at the set hour (the marker's `by`).
pub const BY_SET_HOUR: &str = "config.json";

impl DailyClose {
    /// "HH:MM" or "HH:MM:SS", 24-hour local time.
    pub fn parse_time(text: &str) -> Option<u32> {
        let parts: Vec<&str> = text.trim().split(':').collect();
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
            return None;
        }
        let number = |p: &str| {
            p.parse::<u32>()
                .ok()
                .filter(|_| p.bytes().all(|b| b.is_ascii_digit()))
        };
        let (h, m) = (number(parts[0])?, number(parts[1])?);
        let s = parts.get(2).map_or(Some(0), |p| number(p))?;
        (h < 24 && m < 60 && s < 60).then_some(h * 3600 + m * 60 + s)
    }

    /// The latest set-hour close at or before `now`; `offset_minutes` east of UTC, as the page passes it.
    pub fn last(&self, now: UnixMillis, offset_minutes: i64) -> UnixMillis {
        let offset = offset_minutes * 60_000;
        let midnight = (now + offset).div_euclid(DAY_MS) * DAY_MS - offset;
        let today = midnight + UnixMillis::from(self.at_second) * 1000;
        if today <= now {
            today
        } else {
            today - DAY_MS
        }
    }

    /// The next set-hour close after `now`.
    pub fn next(&self, now: UnixMillis, offset_minutes: i64) -> UnixMillis {
        self.last(now, offset_minutes) + DAY_MS
    }

    /// The close made at `at`.
    pub fn close(&self, at: UnixMillis) -> DayClose {
        DayClose {
            closed_at: at,
            by: BY_SET_HOUR.to_owned(),
            keep_open: self.keep_open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{order, ticket};
    use crate::domain::ticket::Status;

    #[test]
    fn a_day_close_survives_its_json_and_anything_else_is_not_one() {
        let close = DayClose {
            closed_at: 1_736_899_500_000,
            by: "board-1".into(),
            keep_open: false,
        };
        assert_eq!(DayClose::decode(close.to_json().as_bytes()), Some(close));
        assert_eq!(DayClose::decode(b"{\"closed_at\":\"yesterday\"}"), None);
        assert_eq!(DayClose::decode(b"closed"), None);
        let plain = DayClose::decode(b"{\"closed_at\":\"2025-01-14T23:05:00Z\"}").unwrap();
        assert!(
            plain.keep_open,
            "a marker that does not say keeps open tickets"
        );
    }

    #[test]
    fn a_board_closing_the_day_records_the_open_tickets_it_took_as_cancelled_and_applies_a_close_once(
    ) {
        use crate::domain::board::Board;
        let mut board = Board::default();
        board.keep_history();
        board.add(order("open", &[("Tea", 1)]), 1_000);
        board.take_records();
        let close = DayClose {
            closed_at: 5_000,
            by: "b".into(),
            keep_open: false,
        };
        assert_eq!(board.close_day(&close).len(), 1);
        let records = board.take_records();
        assert_eq!(
            (records[0].status, records[0].cancelled),
            (Status::Cancelled, Some(5_000))
        );
        board.add(order("next", &[("Tea", 1)]), 4_000);
        assert!(
            board.close_day(&close).is_empty(),
            "the same close heard again"
        );
        let slow_clock = DayClose {
            closed_at: 4_500,
            ..close
        };
        assert_eq!(
            board.close_day(&slow_clock).len(),
            1,
            "an earlier-stamped close still applies"
        );
        assert_eq!(
            board.last_close(),
            Some(5_000),
            "today starts at the latest"
        );
    }

    #[test]
    fn a_close_takes_finished_tickets_from_before_it_and_open_ones_only_when_they_were_cancelled() {
        let at = |status, received| ticket(order("1", &[("Tea", 1)]), received, status);
        let keep = DayClose {
            closed_at: 10_000,
            by: String::new(),
            keep_open: true,
        };
        let cancel = DayClose {
            keep_open: false,
            ..keep.clone()
        };
        assert!(keep.takes(&at(Status::Served, 5_000)));
        assert!(!keep.takes(&at(Status::Preparing, 5_000)));
        assert!(cancel.takes(&at(Status::Preparing, 5_000)));
        assert!(
            !cancel.takes(&at(Status::Served, 20_000)),
            "came after the close"
        );
        let mut later = at(Status::New, 5_000);
        later.waiting = true;
        assert!(
            !cancel.takes(&later),
            "a scheduled order still waiting is tomorrow's"
        );
    }

    #[test]
    fn a_set_hour_is_read_with_or_without_seconds_and_anything_else_is_refused() {
        assert_eq!(DailyClose::parse_time("04:00"), Some(4 * 3600));
        assert_eq!(DailyClose::parse_time(" 23:59:30 "), Some(86_370));
        for bad in ["4:00", "24:00", "12:60", "noon", "12:00:00:00", "+1:00", ""] {
            assert_eq!(DailyClose::parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_last_set_hour_close_is_today_once_its_time_has_come_else_yesterday_in_local_time() {
        let daily = DailyClose {
            at_second: 4 * 3600,
            keep_open: true,
        };
        let hour = 3_600_000;
        let day = 24 * hour;
        let base = 20_000 * day; // a UTC midnight
                                 // At UTC+2, 04:00 local is 02:00 UTC.
        assert_eq!(daily.last(base + 3 * hour, 120), base + 2 * hour);
        assert_eq!(
            daily.last(base + 2 * hour, 120),
            base + 2 * hour,
            "on the dot"
        );
        assert_eq!(daily.last(base + hour, 120), base + 2 * hour - day);
        assert_eq!(daily.next(base + hour, 120), base + 2 * hour);
        // West of UTC: 04:00 at UTC−5 is 09:00 UTC.
        assert_eq!(daily.last(base + 10 * hour, -300), base + 9 * hour);
        let close = daily.close(base);
        assert_eq!(
            (close.closed_at, close.keep_open, close.by.as_str()),
            (base, true, BY_SET_HOUR)
        );
    }
}
