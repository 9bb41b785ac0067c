//! How old a ticket is: where its age counts from, the timer text, and when it turns yellow and red.

use super::time::{parse_iso8601, UnixMillis};

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

    /// One of the two minute fields edited: `(yellow, red)` to use, or why not (the field then shows
    /// what is in use again). `yellow` says which field `typed` is.
    pub fn edit_minutes(
        current: (i64, i64),
        yellow: bool,
        typed: &str,
    ) -> Result<(i64, i64), String> {
        let typed = typed
            .trim()
            .parse::<i64>()
            .map_err(|_| "Type a number of minutes.".to_owned())?;
        let wanted = match yellow {
            true => (typed, current.1),
            false => (current.0, typed),
        };
        AgeThresholds::from_minutes(wanted.0, wanted.1).map(|_| wanted)
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgeFrom {
    /// The order's own timestamp: an order queued at the counter during a Wi-Fi drop shows its real wait.
    Placed(UnixMillis),
    /// When the board received it: the order had no timestamp, or one that cannot be right.
    Received(UnixMillis),
    /// When a scheduled order fired: the kitchen could not have started it before.
    Scheduled(UnixMillis),
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
            AgeFrom::Placed(at) | AgeFrom::Received(at) | AgeFrom::Scheduled(at) => at,
        }
    }

    /// Said on the ticket, so nobody wonders which clock it is.
    /// Which clock the age runs from, as the card's `data-age-from` says it.
    pub fn slug(self) -> &'static str {
        match self {
            AgeFrom::Placed(_) => "placed",
            AgeFrom::Received(_) => "received",
            AgeFrom::Scheduled(_) => "scheduled",
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

    #[test]
    fn editing_yellow_keeps_red_and_editing_red_keeps_yellow() {
        assert_eq!(AgeThresholds::edit_minutes((5, 8), true, " 6 "), Ok((6, 8)));
        assert_eq!(
            AgeThresholds::edit_minutes((5, 8), false, "12"),
            Ok((5, 12))
        );
    }

    #[test]
    fn a_minute_field_that_is_not_a_number_asks_for_one() {
        assert_eq!(
            AgeThresholds::edit_minutes((5, 8), true, "five"),
            Err("Type a number of minutes.".to_owned())
        );
        assert!(AgeThresholds::edit_minutes((5, 8), false, "").is_err());
    }

    #[test]
    fn yellow_typed_past_red_is_refused_and_says_why() {
        assert_eq!(
            AgeThresholds::edit_minutes((5, 8), true, "9"),
            Err("Red must come after yellow: more than 9 minutes.".to_owned())
        );
    }
}
