//! Reconnect delays: exponential with jitter, capped, never giving up.

use crate::domain::rng::SeededRng;

/// A connection must have lasted this long for the schedule to start over. One that the broker accepts and
/// drops at once (a ban after CONNACK, a flapping proxy, a protocol error) must not make every retry the
/// first: that is a reconnect storm, which broker operators ban clients for.
pub const STABLE_AFTER_MS: f64 = 10_000.0;

#[derive(Debug, Clone)]
pub struct Backoff {
    base_ms: u64,
    cap_ms: u64,
    attempt: u32,
    rng: SeededRng,
}

impl Backoff {
    /// Starts at `base_ms`, doubles per failed attempt up to `cap_ms`; jitter from a seeded source so
    /// tests can pin the schedule and many boards restarting together do not reconnect in lockstep.
    pub fn new(base_ms: u64, cap_ms: u64, seed: u64) -> Self {
        Backoff {
            base_ms,
            cap_ms,
            attempt: 0,
            rng: SeededRng::new(seed),
        }
    }

    /// The delay before the next attempt: "full jitter" between half and all of the exponential step.
    pub fn next_delay(&mut self) -> u64 {
        let step = self
            .base_ms
            .saturating_mul(1u64 << self.attempt.min(20))
            .min(self.cap_ms);
        self.attempt = self.attempt.saturating_add(1);
        let half = step / 2;
        half + self.rng.next_u64() % (step - half + 1)
    }

    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Starts the schedule over (the user pressed Connect, the network came back).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    /// A connection that reached CONNACK ended after `lasted_ms`: the schedule starts over only if it was
    /// up for [`STABLE_AFTER_MS`]. Returns whether it did.
    pub fn connection_ended(&mut self, lasted_ms: f64) -> bool {
        let stable = lasted_ms >= STABLE_AFTER_MS;
        if stable {
            self.reset();
        }
        stable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_within_their_jitter_band_and_stop_at_the_cap() {
        let mut backoff = Backoff::new(500, 30_000, 1);
        let delays: Vec<u64> = (0..12).map(|_| backoff.next_delay()).collect();
        for (i, d) in delays.iter().enumerate() {
            let step = (500u64 << i).min(30_000);
            assert!(
                (step / 2..=step).contains(d),
                "attempt {i}: {d} not in {}..={step}",
                step / 2
            );
        }
        assert!(delays[11] <= 30_000);
    }

    #[test]
    fn the_same_seed_gives_the_same_schedule_and_reset_starts_over() {
        let mut a = Backoff::new(1_000, 30_000, 9);
        let mut b = Backoff::new(1_000, 30_000, 9);
        let first: Vec<u64> = (0..5).map(|_| a.next_delay()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_delay()).collect();
        assert_eq!(first, second);
        a.reset();
        assert_eq!(a.attempt(), 0);
        assert!(a.next_delay() <= 1_000);
    }

    #[test]
    fn a_connection_dropped_right_after_connack_keeps_the_delays_growing() {
        let mut backoff = Backoff::new(750, 30_000, 3);
        let delays: Vec<u64> = (0..5)
            .map(|_| {
                assert!(!backoff.connection_ended(200.0));
                backoff.next_delay()
            })
            .collect();
        assert_eq!(backoff.attempt(), 5);
        assert!(delays[4] >= 750 * 16 / 2, "{delays:?}");
    }

    #[test]
    fn a_connection_that_lasted_starts_the_schedule_over() {
        let mut backoff = Backoff::new(750, 30_000, 3);
        for _ in 0..4 {
            backoff.next_delay();
        }
        assert!(backoff.connection_ended(STABLE_AFTER_MS));
        assert_eq!(backoff.attempt(), 0);
        assert!(backoff.next_delay() <= 750);
    }
}
