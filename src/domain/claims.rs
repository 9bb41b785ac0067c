//! Which orders this board still has to make reachable for boards opened later: an order nobody has
//! published a status for yet gets a retained "new" status carrying it (see `StatusUpdate::order`).
//!
//! Every board hears every order, so each waits a random while first and skips an order whose status
//! another board has published meanwhile; and each sends only a few per second, so a flood of orders does
//! not become a flood of statuses.

use super::time::UnixMillis;
use std::collections::VecDeque;

/// The least wait before claiming: enough for another board's claim to arrive first.
pub const CLAIM_DELAY_MS: UnixMillis = 1_500;
/// The random part of the wait, so boards that heard an order together do not claim it together.
pub const CLAIM_JITTER_MS: UnixMillis = 3_000;
/// Orders waiting to be claimed, at most; beyond it the newest are not claimed (a flood, not a kitchen).
pub const CLAIMS_WAITING: usize = 5_000;

#[derive(Debug, Default)]
pub struct Claims {
    /// Order ids with the time each is due, in the order they arrived.
    waiting: VecDeque<(String, UnixMillis)>,
    pub not_claimed: u64,
}

impl Claims {
    /// An order arrived; `jitter` is a random number from 0 to [`CLAIM_JITTER_MS`].
    pub fn order_seen(&mut self, order_id: &str, now: UnixMillis, jitter: UnixMillis) {
        if self.waiting.len() >= CLAIMS_WAITING {
            self.not_claimed += 1;
            return;
        }
        let due = now + CLAIM_DELAY_MS + jitter.clamp(0, CLAIM_JITTER_MS);
        self.waiting.push_back((order_id.to_owned(), due));
    }

    /// Up to `budget` orders whose wait is over and that `unclaimed` still says need a status (no status
    /// seen for it, still open). Orders that no longer need one are dropped without using the budget.
    /// The look starts at `start` (a random place per board and tick), so boards that heard the same
    /// flood do not all claim the same orders in step; the wait's jitter spreads them when it is quiet.
    pub fn due(
        &mut self,
        now: UnixMillis,
        budget: usize,
        start: usize,
        unclaimed: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        // Dues are not in order (jitter), so look a little past the first that is not due yet.
        let mut index = start.min(self.waiting.len());
        let end = (index + budget * 8 + 64).min(self.waiting.len());
        let mut end = end;
        while out.len() < budget && index < end {
            let (id, due) = &self.waiting[index];
            if !unclaimed(id) {
                self.waiting.remove(index);
                end -= 1;
            } else if *due <= now {
                if let Some((id, _)) = self.waiting.remove(index) {
                    out.push(id);
                }
                end -= 1;
            } else {
                index += 1;
            }
        }
        if out.len() < budget && start > 0 {
            // Then from the beginning, up to where this look started.
            let rest = self.due(now, budget - out.len(), 0, unclaimed);
            out.extend(rest);
        }
        out
    }

    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_claimed_only_after_its_wait() {
        let mut claims = Claims::default();
        claims.order_seen("A", 0, 500);
        assert!(claims.due(CLAIM_DELAY_MS + 499, 10, 0, |_| true).is_empty());
        assert_eq!(claims.due(CLAIM_DELAY_MS + 500, 10, 0, |_| true), vec!["A"]);
        assert!(claims.is_empty());
    }

    #[test]
    fn an_order_another_board_claimed_meanwhile_is_dropped_without_a_claim() {
        let mut claims = Claims::default();
        claims.order_seen("A", 0, 0);
        claims.order_seen("B", 0, 0);
        let due = claims.due(10_000, 10, 0, |id| id != "A");
        assert_eq!(due, vec!["B"]);
        assert!(claims.is_empty());
    }

    #[test]
    fn a_flood_is_claimed_a_few_at_a_time_and_the_waiting_list_stays_bounded() {
        let mut claims = Claims::default();
        for i in 0..(CLAIMS_WAITING + 10) {
            claims.order_seen(&format!("O{i}"), 0, (i % 7) as i64 * 100);
        }
        assert_eq!(claims.len(), CLAIMS_WAITING);
        assert_eq!(claims.not_claimed, 10);
        let first = claims.due(60_000, 10, 0, |_| true);
        assert_eq!(first.len(), 10);
        assert_eq!(first[0], "O0", "oldest first");
        assert_eq!(claims.len(), CLAIMS_WAITING - 10);
        // Another board starting elsewhere in the list claims other orders.
        let elsewhere = claims.due(60_000, 10, 2_000, |_| true);
        assert!(elsewhere.iter().all(|id| !first.contains(id)));
        assert_ne!(elsewhere[0], "O10");
    }

    #[test]
    fn an_order_not_yet_due_does_not_hold_back_one_behind_it_that_is() {
        let mut claims = Claims::default();
        claims.order_seen("late", 0, CLAIM_JITTER_MS);
        claims.order_seen("early", 0, 0);
        assert_eq!(claims.due(CLAIM_DELAY_MS, 10, 0, |_| true), vec!["early"]);
        assert_eq!(claims.len(), 1);
    }
}
