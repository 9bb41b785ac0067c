//! What the board says about itself in banners and notices, worked out from plain numbers.

use super::time::UnixMillis;

/// Disconnected this long, the board says its data may be stale.
pub const STALE_AFTER_SECS: i64 = 10;

/// The stale-data banner, once the board has been disconnected [`STALE_AFTER_SECS`] or longer.
pub fn stale_text(down_since: Option<UnixMillis>, now: UnixMillis) -> Option<String> {
    let secs = (now - down_since?) / 1000;
    (secs >= STALE_AFTER_SECS).then(|| {
        format!("Not connected for {secs} s — new orders and status changes may be missing. ")
    })
}

/// What the history limit took off the board, open tickets first in the sentence: they still need cooking.
pub fn dropped_text(dropped: u64, open: u64, keep: usize) -> String {
    let orders = |n: u64, what: &str| match n {
        1 => format!("1 {what} order was"),
        n => format!("{n} {what} orders were"),
    };
    match open {
        0 => format!(
            "{} dropped from view (history keeps {keep}).",
            orders(dropped, "finished")
        ),
        _ => format!(
            "{} dropped to stay within {keep} — raise \"Keep\" or finish tickets ({dropped} dropped in all).",
            orders(open, "open")
        ),
    }
}

/// How many repeated deliveries the board ignored, for the header (nothing when none).
pub fn repeats_text(duplicates: u64) -> Option<String> {
    match duplicates {
        0 => None,
        1 => Some(" · 1 repeat ignored".to_owned()),
        n => Some(format!(" · {n} repeats ignored")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_drop_of_the_connection_says_nothing() {
        assert_eq!(stale_text(Some(0), 9_999), None);
        assert_eq!(stale_text(None, 1_000_000), None, "connected");
    }

    #[test]
    fn ten_seconds_without_the_broker_warns_that_orders_may_be_missing() {
        assert_eq!(
            stale_text(Some(1_000), 13_500).as_deref(),
            Some("Not connected for 12 s — new orders and status changes may be missing. ")
        );
    }

    #[test]
    fn dropped_open_tickets_are_said_first_with_what_to_do() {
        assert_eq!(
            dropped_text(5, 2, 100),
            "2 open orders were dropped to stay within 100 — raise \"Keep\" or finish tickets (5 dropped in all)."
        );
        assert_eq!(
            dropped_text(1, 1, 1),
            "1 open order was dropped to stay within 1 — raise \"Keep\" or finish tickets (1 dropped in all)."
        );
    }

    #[test]
    fn dropped_finished_tickets_are_only_a_notice() {
        assert_eq!(
            dropped_text(3, 0, 50),
            "3 finished orders were dropped from view (history keeps 50)."
        );
    }

    #[test]
    fn repeats_are_counted_in_the_singular_for_one_and_not_at_all_for_none() {
        assert_eq!(repeats_text(0), None);
        assert_eq!(repeats_text(1).as_deref(), Some(" · 1 repeat ignored"));
        assert_eq!(repeats_text(4).as_deref(), Some(" · 4 repeats ignored"));
    }
}
