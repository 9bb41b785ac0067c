//! When the board says something about itself in banners and notices, worked out from plain numbers (the
//! words are the page's, `words::stale`, `words::dropped`, `words::repeats`).

use super::time::UnixMillis;

/// Disconnected this long, the board says its data may be stale.
pub const STALE_AFTER_SECS: i64 = 10;

/// How long the board has been disconnected, once that is [`STALE_AFTER_SECS`] or longer: then it warns
/// that its data may be stale.
pub fn stale_secs(down_since: Option<UnixMillis>, now: UnixMillis) -> Option<i64> {
    let secs = (now - down_since?) / 1000;
    (secs >= STALE_AFTER_SECS).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_drop_of_the_connection_says_nothing() {
        assert_eq!(stale_secs(Some(0), 9_999), None);
        assert_eq!(stale_secs(None, 1_000_000), None, "connected");
    }

    #[test]
    fn ten_seconds_without_the_broker_warns_that_orders_may_be_missing() {
        assert_eq!(stale_secs(Some(1_000), 13_500), Some(12));
    }
}
