//! When the engine's events reach the page: at most one batch a frame. From the worker a batch is timed to
//! land just before the page's next animation frame, so an order waits for one frame, not for the worker's
//! frame and then the page's. The batcher (src/mqtt/batcher.rs) only carries these decisions out.

/// The display's frame, as the page's animation frames tick (60 Hz; a 120 Hz screen ticks on every other).
pub const FRAME_MS: f64 = 1000.0 / 60.0;
/// How long before the page's frame a batch is sent: the hand-over and its decoding, with room to spare.
pub const LEAD_MS: f64 = 5.0;

/// Times in ms on one clock shared by the page and the worker (`performance.timeOrigin + now()`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pacing {
    /// When the last batch went.
    last: Option<f64>,
    /// A recent animation frame of the page; none before the page has drawn (or in a hidden tab's start).
    frame: Option<f64>,
}

impl Pacing {
    /// The page drew a frame at `at`.
    pub fn frame_seen(&mut self, at: f64) {
        self.frame = Some(at);
    }

    /// How long from `now` until the batch that has just started gathering should go.
    pub fn wait(&self, now: f64) -> f64 {
        match (self.frame, self.last) {
            // Just before the page's next frame that is at least `LEAD_MS` away: one batch a frame, since the
            // one sent at a frame's slot makes the next slot the following frame's.
            (Some(frame), _) => {
                let slot = frame - LEAD_MS;
                let ahead = (slot - now).rem_euclid(FRAME_MS);
                match self.last {
                    // Sent at this slot already (timers fire a little early or late): the next frame's.
                    Some(last) if now + ahead - last < FRAME_MS / 2.0 => ahead + FRAME_MS,
                    _ => ahead,
                }
            }
            // Not knowing the page's frames: a frame after the last batch, at once when that is older.
            (None, Some(last)) => (FRAME_MS - (now - last)).max(0.0),
            (None, None) => 0.0,
        }
    }

    /// The batch went at `now`.
    pub fn sent(&mut self, now: f64) {
        self.last = Some(now);
    }
}

/// A hidden tab gets no animation frames; its events still arrive this often.
pub const HIDDEN_FALLBACK_MS: i32 = 250;
/// How often the page tells the worker when its frames are: their rhythm drifts only slowly.
pub const FRAME_TOLD_EVERY_MS: f64 = 500.0;
/// At most this many events in one batch from the worker: about 20 ms of the page's time, and still
/// 20,000 orders a second when a burst slows the page to 20 frames a second (a broker sends one board here
/// about 15,000 a second in a burst; a cap of 500 was measured to hold the 10k burst back).
pub const EVENTS_PER_FRAME: usize = 1000;

/// The batcher's decisions, with the time an input: when a batch starts waiting, which of the frame and the
/// timers delivers it, how much of it goes, and when the page tells the worker of its frames.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BatchTiming {
    /// When the waiting batch was armed; none while no delivery is asked for.
    armed_at: Option<f64>,
    /// In the worker: when the page draws and when the last batch went.
    pacing: Pacing,
    /// In the page: when it last told the worker of a frame.
    frame_told: Option<f64>,
}

impl BatchTiming {
    /// Whether a delivery is already asked for: events arriving now go with it.
    pub fn is_armed(&self) -> bool {
        self.armed_at.is_some()
    }

    /// Events arrived at `now` with none waiting: whether to ask for a frame or timer now (once per batch).
    pub fn arm(&mut self, now: f64) -> bool {
        if self.is_armed() {
            return false;
        }
        self.armed_at = Some(now);
        true
    }

    /// In the worker: the timer's delay for a batch armed at `now`. Timers count whole ms: rounded up, so a
    /// slot is never missed by firing early.
    pub fn worker_delay_ms(&self, now: f64) -> i32 {
        self.pacing.wait(now).ceil() as i32
    }

    /// The hidden tab's fallback timer fired at `now`: whether it delivers. Only the timer of the batch still
    /// waiting does (-1: timers may fire a little early); one set for an earlier batch must not deliver
    /// outside a frame (under a flood one always waits, and stale timers took half the batches).
    pub fn fallback_due(&self, now: f64) -> bool {
        self.armed_at
            .is_some_and(|at| now - at >= f64::from(HIDDEN_FALLBACK_MS) - 1.0)
    }

    /// A frame or timer fired at `now`: whether it delivers the waiting batch. The frame and the fallback
    /// timer both fire; the first one delivers.
    pub fn deliver(&mut self, now: f64) -> bool {
        if self.armed_at.take().is_none() {
            return false;
        }
        self.pacing.sent(now);
        true
    }

    /// In the page: it drew a frame at `at`; whether to tell the worker now.
    pub fn frame_drawn(&mut self, at: f64) -> bool {
        if self
            .frame_told
            .is_some_and(|told| at - told < FRAME_TOLD_EVERY_MS)
        {
            return false;
        }
        self.frame_told = Some(at);
        true
    }

    /// In the worker: the page said it drew a frame at `at`.
    pub fn page_frame(&mut self, at: f64) {
        self.pacing.frame_seen(at);
    }
}

/// How many of `waiting` events one delivery hands on. The worker hands on a frame's worth at most: after a
/// stall (a busy thread, a broker flushing a backlog) the page takes thousands of orders over several
/// frames, not in one. In the page everything goes.
pub fn batch_len(waiting: usize, from_worker: bool) -> usize {
    match from_worker {
        true => waiting.min(EVENTS_PER_FRAME),
        false => waiting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn without_the_pages_frames_a_lone_batch_goes_at_once_and_the_next_a_frame_later() {
        let mut p = Pacing::default();
        assert!(close(p.wait(1000.0), 0.0));
        p.sent(1000.0);
        assert!(close(p.wait(1004.0), FRAME_MS - 4.0));
        assert!(close(p.wait(1100.0), 0.0));
    }

    #[test]
    fn a_batch_goes_just_before_the_pages_next_frame() {
        let mut p = Pacing::default();
        p.frame_seen(1000.0);
        // 3 ms after a frame: the next frame is at 1016.7, so the batch goes at 1011.7.
        assert!(close(p.wait(1003.0), FRAME_MS - LEAD_MS - 3.0));
        // Far later, the frames keep their rhythm: 1000 + 60 frames is 2000; the slot is 1995.
        assert!(close(p.wait(1990.0), 5.0));
    }

    #[test]
    fn events_right_after_a_slot_wait_for_the_next_frame_so_the_page_gets_one_batch_a_frame() {
        let mut p = Pacing::default();
        p.frame_seen(1000.0);
        let slot = 1000.0 + FRAME_MS - LEAD_MS;
        p.sent(slot);
        assert!(close(p.wait(slot + 1.0), FRAME_MS - 1.0));
        // The timer fired a little early and found the slot still ahead: not a second batch in the frame.
        p.sent(slot - 0.5);
        assert!(close(p.wait(slot - 0.2), FRAME_MS + 0.2));
    }

    #[test]
    fn events_arriving_while_a_batch_waits_go_with_it_instead_of_asking_for_another_frame() {
        let mut t = BatchTiming::default();
        assert!(!t.is_armed());
        assert!(t.arm(1000.0));
        assert!(t.is_armed());
        assert!(!t.arm(1001.0));
        assert!(t.deliver(1016.0));
        assert!(t.arm(1017.0));
    }

    #[test]
    fn of_the_frame_and_the_fallback_timer_only_the_first_to_fire_delivers() {
        let mut t = BatchTiming::default();
        t.arm(1000.0);
        assert!(t.deliver(1016.0));
        assert!(!t.deliver(1250.0));
        assert!(!t.fallback_due(1250.0));
    }

    #[test]
    fn a_fallback_timer_delivers_only_the_batch_it_was_set_for_and_may_fire_a_millisecond_early() {
        let mut t = BatchTiming::default();
        t.arm(1000.0);
        t.deliver(1016.0);
        // A new batch armed later: the first batch's timer, firing at 1250, is not its timer.
        t.arm(1100.0);
        assert!(!t.fallback_due(1250.0));
        assert!(t.fallback_due(1100.0 + f64::from(HIDDEN_FALLBACK_MS) - 1.0));
        assert!(!t.fallback_due(1100.0 + f64::from(HIDDEN_FALLBACK_MS) - 2.0));
    }

    #[test]
    fn the_workers_timer_waits_for_the_slot_before_the_pages_next_frame_in_whole_ms_rounded_up() {
        let mut t = BatchTiming::default();
        // Not knowing the page's frames, the first batch goes at once.
        assert_eq!(t.worker_delay_ms(1000.0), 0);
        t.page_frame(1000.0);
        // 3 ms after the frame: the slot (1011.67) is 8.67 ms away, so the timer waits 9.
        assert_eq!(t.worker_delay_ms(1003.0), 9);
        t.arm(1003.0);
        t.deliver(1011.7);
        // Right after a batch went, the next waits for the following frame's slot.
        assert_eq!(t.worker_delay_ms(1012.0), 17);
    }

    #[test]
    fn the_page_tells_the_worker_of_its_frames_at_most_twice_a_second() {
        let mut t = BatchTiming::default();
        assert!(t.frame_drawn(1000.0));
        assert!(!t.frame_drawn(1016.7));
        assert!(!t.frame_drawn(1499.9));
        assert!(t.frame_drawn(1500.0));
        assert!(!t.frame_drawn(1516.7));
    }

    #[test]
    fn the_worker_hands_on_a_frames_worth_at_most_and_the_page_everything() {
        assert_eq!(batch_len(3, true), 3);
        assert_eq!(batch_len(EVENTS_PER_FRAME + 1, true), EVENTS_PER_FRAME);
        assert_eq!(batch_len(10_000, false), 10_000);
    }
}
