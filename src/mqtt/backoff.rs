//! Reconnect delays: exponential with jitter, capped, never giving up.

use crate::domain::rng::SeededRng;

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

    /// A connection that reached CONNACK resets the schedule.
    pub fn reset(&mut self) {
        self.attempt = 0;
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
}
