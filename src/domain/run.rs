//! A generator run: N seeded orders at an interval, with pause/stop, progress, outcome counts and rate.

use super::generator::{OrderGenerator, Style};
use super::order::Order;
use super::time::UnixMillis;

pub const MAX_ORDERS: u32 = 100_000;
/// At interval 0 the run publishes as fast as the connection allows: at most this many orders may be
/// waiting for the broker at once, so a fast generator never grows the send buffer without bound.
pub const IN_FLIGHT_WINDOW: u32 = 256;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunConfig {
    pub total: u32,
    /// Seconds between orders; 0 means as fast as the connection allows.
    pub interval_secs: f64,
    pub seed: u64,
    /// Exactly the seed's fields, for the seed's Python clients: no details and no test marker, so the
    /// orders count as real ones (see [`Style::SeedOnly`]).
    pub seed_only: bool,
}

/// Which field of the generator form to change (the page says how, in its words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunConfigError {
    /// The number of orders is not 1 to [`MAX_ORDERS`].
    Count,
    /// The interval is not 0 to [`MAX_INTERVAL_SECS`] seconds.
    Interval,
    /// The seed is not a whole number.
    Seed,
}

pub const MAX_INTERVAL_SECS: u32 = 3600;

impl RunConfig {
    /// Checks what the user typed; the error says which field to change.
    pub fn new(total: u32, interval_secs: f64, seed: u64) -> Result<RunConfig, RunConfigError> {
        if !(1..=MAX_ORDERS).contains(&total) {
            return Err(RunConfigError::Count);
        }
        if !interval_secs.is_finite() || !(0.0..=MAX_INTERVAL_SECS as f64).contains(&interval_secs)
        {
            return Err(RunConfigError::Interval);
        }
        Ok(RunConfig {
            total,
            interval_secs,
            seed,
            seed_only: false,
        })
    }

    /// The generator form as typed: orders, interval in seconds, and a seed (empty: `random_seed`).
    pub fn from_form(
        count: &str,
        interval: &str,
        seed: &str,
        random_seed: u64,
    ) -> Result<RunConfig, RunConfigError> {
        let total = count.trim().parse::<u32>().unwrap_or(0);
        let interval_secs = super::money::parse_decimal(interval.trim()).unwrap_or(-1.0);
        let seed = match seed.trim() {
            "" => random_seed,
            text => text.parse::<u64>().map_err(|_| RunConfigError::Seed)?,
        };
        RunConfig::new(total, interval_secs, seed)
    }

    /// The same run in the seed's format only (or not).
    pub fn seed_only(self, seed_only: bool) -> RunConfig {
        RunConfig { seed_only, ..self }
    }

    fn style(&self) -> Style {
        if self.seed_only {
            Style::SeedOnly
        } else {
            Style::Full
        }
    }

    fn interval_ms(&self) -> UnixMillis {
        (self.interval_secs * 1000.0).round() as UnixMillis
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    Running,
    Paused,
    /// Stopped by the user: no new orders; those already handed over still finish.
    Stopped,
    /// Every order generated and every outcome known.
    Finished,
}

#[derive(Debug, Clone)]
pub struct GeneratorRun {
    config: RunConfig,
    generator: OrderGenerator,
    state: RunState,
    /// Orders generated and handed over for publishing ("Order i/N").
    pub produced: u32,
    pub acknowledged: u32,
    pub failed: u32,
    started_at: UnixMillis,
    next_due: UnixMillis,
    last_outcome_at: UnixMillis,
    pub last: Option<Order>,
}

impl GeneratorRun {
    /// A run of the demo menu's orders.
    pub fn start(config: RunConfig, now: UnixMillis) -> GeneratorRun {
        GeneratorRun::start_with_menu(config, std::sync::Arc::new(super::menu::Menu::demo()), now)
    }

    /// A run of orders from the menu in use.
    pub fn start_with_menu(
        config: RunConfig,
        menu: std::sync::Arc<super::menu::Menu>,
        now: UnixMillis,
    ) -> GeneratorRun {
        GeneratorRun {
            config,
            generator: OrderGenerator::with_menu(config.seed, menu).with_style(config.style()),
            state: RunState::Running,
            produced: 0,
            acknowledged: 0,
            failed: 0,
            started_at: now,
            next_due: now,
            last_outcome_at: now,
            last: None,
        }
    }

    pub fn state(&self) -> RunState {
        self.state
    }

    /// Handed over but not yet acknowledged or failed.
    pub fn in_flight(&self) -> u32 {
        self.produced - self.acknowledged - self.failed
    }

    /// The next order to publish now, if the run is due one and the window has room.
    pub fn poll(&mut self, now: UnixMillis) -> Option<Order> {
        if self.state != RunState::Running
            || self.produced >= self.config.total
            || self.in_flight() >= IN_FLIGHT_WINDOW
            || now < self.next_due
        {
            return None;
        }
        let order = self.generator.next_order(now);
        self.produced += 1;
        // Paced from the schedule, not from `now`, so timer lateness does not slow the run down;
        // but never bursts to catch up more than one interval.
        let interval = self.config.interval_ms();
        self.next_due = (self.next_due + interval).max(now);
        self.last = Some(order.clone());
        Some(order)
    }

    /// When to poll again (None: nothing to do until an outcome arrives or the user acts).
    pub fn wake_at(&self) -> Option<UnixMillis> {
        (self.state == RunState::Running
            && self.produced < self.config.total
            && self.in_flight() < IN_FLIGHT_WINDOW)
            .then_some(self.next_due)
    }

    pub fn record(&mut self, acknowledged: bool, now: UnixMillis) {
        if self.in_flight() == 0 {
            return;
        }
        if acknowledged {
            self.acknowledged += 1;
        } else {
            self.failed += 1;
        }
        self.last_outcome_at = now;
        self.settle();
    }

    pub fn pause(&mut self) {
        if self.state == RunState::Running {
            self.state = RunState::Paused;
        }
    }

    pub fn resume(&mut self, now: UnixMillis) {
        if self.state == RunState::Paused {
            self.state = RunState::Running;
            self.next_due = now;
        }
    }

    pub fn stop(&mut self) {
        if matches!(self.state, RunState::Running | RunState::Paused) {
            self.state = RunState::Stopped;
        }
    }

    pub fn is_active(&self) -> bool {
        matches!(self.state, RunState::Running | RunState::Paused)
    }

    /// "Order i/N", as the seed's command line printed it.
    /// Share of the run generated, 0.0 to 1.0.
    pub fn fraction(&self) -> f64 {
        f64::from(self.produced) / f64::from(self.config.total)
    }

    /// How many orders the run makes in all.
    pub fn total(&self) -> u32 {
        self.config.total
    }

    /// Orders acknowledged per second since the start (up to the last acknowledgement).
    pub fn rate(&self) -> f64 {
        let secs = (self.last_outcome_at - self.started_at) as f64 / 1000.0;
        if secs <= 0.0 {
            return 0.0;
        }
        f64::from(self.acknowledged) / secs
    }

    /// The rate as people read it, to one decimal: "12.5" (formatted from integers: float formatting
    /// would cost the page ~5 KB).
    pub fn rate_text(&self) -> String {
        let tenths = (self.rate() * 10.0).round() as u64;
        format!("{}.{}", tenths / 10, tenths % 10)
    }

    fn settle(&mut self) {
        let generated_all = self.produced >= self.config.total;
        if self.in_flight() == 0 && generated_all && self.state == RunState::Running {
            self.state = RunState::Finished;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(total: u32, interval_secs: f64) -> RunConfig {
        RunConfig::new(total, interval_secs, 42).unwrap()
    }

    #[test]
    fn out_of_range_settings_are_refused_with_a_reason() {
        assert_eq!(RunConfig::new(0, 1.0, 1), Err(RunConfigError::Count));
        assert_eq!(RunConfig::new(100_001, 1.0, 1), Err(RunConfigError::Count));
        assert_eq!(RunConfig::new(5, -1.0, 1), Err(RunConfigError::Interval));
        assert!(RunConfig::new(5, f64::NAN, 1).is_err());
        assert!(RunConfig::new(100_000, 0.0, 1).is_ok());
    }

    #[test]
    fn orders_come_one_interval_apart() {
        let mut run = GeneratorRun::start(config(3, 2.5), 1_000);
        assert!(run.poll(1_000).is_some());
        assert!(run.poll(3_499).is_none());
        assert_eq!(run.wake_at(), Some(3_500));
        assert!(run.poll(3_500).is_some());
        assert_eq!((run.produced, run.total()), (2, 3));
    }

    #[test]
    fn interval_zero_is_limited_only_by_the_in_flight_window() {
        let mut run = GeneratorRun::start(config(1_000, 0.0), 0);
        let burst = std::iter::from_fn(|| run.poll(0)).count() as u32;
        assert_eq!(burst, IN_FLIGHT_WINDOW);
        assert_eq!(
            run.wake_at(),
            None,
            "nothing to do until an acknowledgement frees the window"
        );
        run.record(true, 5);
        assert!(run.poll(5).is_some());
    }

    #[test]
    fn the_same_seed_gives_the_same_run() {
        let orders = |seed| {
            let mut run = GeneratorRun::start(RunConfig::new(25, 0.0, seed).unwrap(), 7);
            std::iter::from_fn(|| run.poll(7)).collect::<Vec<_>>()
        };
        assert_eq!(orders(99).len(), 25);
        assert_eq!(orders(99), orders(99));
        assert_ne!(orders(99), orders(100));
    }

    #[test]
    fn a_run_is_marked_test_traffic_with_details_unless_it_is_seed_format_only() {
        let first = |config: RunConfig| GeneratorRun::start(config, 0).poll(0).unwrap();
        let full = first(config(1, 0.0));
        assert!(full.is_test() && full.order_type.is_some());
        let seed_only = first(config(1, 0.0).seed_only(true));
        assert!(!seed_only.is_test() && seed_only.order_type.is_none());
        assert_eq!(
            seed_only.order_id, full.order_id,
            "the same seed, the same ids"
        );
        let json = seed_only.to_json();
        for key in [
            "modifiers",
            "order_type",
            "priority",
            "due_at",
            "source",
            "number",
        ] {
            assert!(!json.contains(&format!("\"{key}\"")), "{key} in {json}");
        }
    }

    #[test]
    fn pause_holds_and_resume_continues_without_a_burst() {
        let mut run = GeneratorRun::start(config(10, 1.0), 0);
        run.poll(0);
        run.pause();
        assert!(run.poll(5_000).is_none());
        run.resume(9_000);
        assert!(run.poll(9_000).is_some());
        assert!(
            run.poll(9_001).is_none(),
            "one order per interval after resuming"
        );
    }

    #[test]
    fn stopping_generates_nothing_more_but_counts_what_was_in_flight() {
        let mut run = GeneratorRun::start(config(10, 0.0), 0);
        run.poll(0);
        run.poll(0);
        run.stop();
        assert!(run.poll(1).is_none());
        run.record(true, 2);
        run.record(false, 3);
        assert_eq!((run.produced, run.acknowledged, run.failed), (2, 1, 1));
        assert_eq!(run.state(), RunState::Stopped);
    }

    #[test]
    fn a_run_finishes_when_every_outcome_is_known_and_reports_its_rate() {
        let mut run = GeneratorRun::start(config(4, 0.0), 0);
        while run.poll(0).is_some() {}
        for t in 1..=4 {
            assert_eq!(run.state(), RunState::Running);
            run.record(true, t * 500);
        }
        assert_eq!(run.state(), RunState::Finished);
        assert!((run.rate() - 2.0).abs() < 1e-9, "4 orders in 2 s");
        assert!((run.fraction() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_generator_form_is_read_as_typed_with_spaces_around_numbers_allowed() {
        let config = RunConfig::from_form(" 25 ", "0.5", " 42", 7).unwrap();
        assert_eq!(
            (
                config.total,
                config.interval_secs,
                config.seed,
                config.seed_only
            ),
            (25, 0.5, 42, false)
        );
    }

    #[test]
    fn an_empty_seed_makes_a_random_run_with_the_seed_given() {
        assert_eq!(RunConfig::from_form("3", "1", "", 99).unwrap().seed, 99);
    }

    #[test]
    fn a_seed_that_is_not_a_whole_number_is_refused_in_words() {
        assert_eq!(
            RunConfig::from_form("3", "1", "abc", 0),
            Err(RunConfigError::Seed)
        );
    }

    #[test]
    fn an_empty_or_wrong_count_or_interval_says_what_to_change() {
        assert_eq!(
            RunConfig::from_form("", "1", "", 0),
            Err(RunConfigError::Count)
        );
        assert_eq!(
            RunConfig::from_form("5", "soon", "", 0),
            Err(RunConfigError::Interval)
        );
        assert_eq!(
            RunConfig::from_form("5", "-1", "", 0),
            Err(RunConfigError::Interval)
        );
    }

    #[test]
    fn the_rate_is_said_to_one_decimal_like_the_float_formatting_it_replaces() {
        let mut run = GeneratorRun::start(RunConfig::new(3, 0.0, 1).unwrap(), 0);
        assert_eq!(run.rate_text(), "0.0");
        run.acknowledged = 25;
        run.last_outcome_at = 2_000;
        assert_eq!(run.rate_text(), format!("{:.1}", run.rate()));
        run.acknowledged = 1;
        run.last_outcome_at = 3_000;
        assert_eq!(run.rate_text(), format!("{:.1}", run.rate()));
    }
}
