//! When the worker hands the page its next batch: at most one a frame, timed to land just before the page's
//! next animation frame, so an order waits for one frame, not for the worker's frame and then the page's.

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
}
