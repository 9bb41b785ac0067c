//! The report a manager reads after service — "how fast were we?" — worked out from the history's records
//! for a period: orders and takings, time to ready (median and 90th percentile), the late share, the busy
//! hours, each station and each dish. Pure: the page passes the records, the clock and its UTC offset.
//!
//! What counts where:
//! - A record belongs to the period its `placed` time falls in, and to that local hour.
//! - A cancelled order (status cancelled) counts in `orders` and `cancelled` and nowhere else: it earns
//!   nothing and how fast it went says nothing about service.
//! - A record is *timed* when it has a ready time; its time to ready counts from `from` (a scheduled order's
//!   start, else when it was placed).
//! - A record is *open* when it is neither cancelled, nor timed, nor finished (ready or served) as far as
//!   the history knows.

use super::ageing::timer_text;
use super::history::Record;
use super::money::Cents;
use super::ticket::Status;
use super::time::UnixMillis;
use std::collections::BTreeMap;

const MINUTE_MS: UnixMillis = 60_000;
const HOUR_MS: UnixMillis = 60 * MINUTE_MS;
const DAY_MS: UnixMillis = 24 * HOUR_MS;

/// A span of time, `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: UnixMillis,
    pub to: UnixMillis,
}

impl Period {
    /// The local day containing `at`, from local midnight to the next; `offset_minutes` is east of UTC (as
    /// the page passes it: the negated `Date.getTimezoneOffset()`).
    pub fn day_of(at: UnixMillis, offset_minutes: i64) -> Period {
        let offset = offset_minutes * MINUTE_MS;
        let from = (at + offset).div_euclid(DAY_MS) * DAY_MS - offset;
        Period {
            from,
            to: from + DAY_MS,
        }
    }

    /// The last `days` local days (at least one), ending with the day containing `now`.
    pub fn last_days(now: UnixMillis, days: i64, offset_minutes: i64) -> Period {
        let today = Period::day_of(now, offset_minutes);
        Period {
            from: today.from - (days.max(1) - 1) * DAY_MS,
            to: today.to,
        }
    }

    /// "Today": from the last day close when there is one after local midnight (a second service after a
    /// close starts afresh), else from local midnight, to the end of the local day.
    pub fn today(now: UnixMillis, offset_minutes: i64, last_close: Option<UnixMillis>) -> Period {
        let day = Period::day_of(now, offset_minutes);
        let from = last_close.map_or(day.from, |close| close.max(day.from));
        Period {
            // A close stamped after the day's end (a wrong clock) leaves an empty period, not a reversed one.
            from: from.min(day.to),
            to: day.to,
        }
    }

    pub fn contains(&self, at: UnixMillis) -> bool {
        (self.from..self.to).contains(&at)
    }
}

/// How a set of durations spreads: the median says the usual wait, the 90th percentile the bad ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    pub count: u32,
    pub median: Option<UnixMillis>,
    pub p90: Option<UnixMillis>,
}

/// The spread of `durations` (sorted in place). Nearest-rank percentiles — the value at 1-based rank
/// ⌈q·n⌉ — so each figure is a wait somebody actually had, never an average of two.
pub fn spread(durations: &mut [UnixMillis]) -> Spread {
    durations.sort_unstable();
    let at = |per_cent: usize| {
        let rank = (per_cent * durations.len()).div_ceil(100).max(1);
        durations.get(rank - 1).copied()
    };
    Spread {
        count: durations.len() as u32,
        median: at(50),
        p90: at(90),
    }
}

/// One local hour of the day (for a period of several days, that hour of each day summed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HourRow {
    /// 0..=23, local time.
    pub hour: u8,
    /// Orders placed in that hour, cancelled included.
    pub orders: u32,
    /// Totals of those not cancelled.
    pub revenue: Cents,
    pub ready: Spread,
}

/// A station or a dish and how fast it was.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Named {
    pub name: String,
    /// A station's parts done, or a dish's quantity sold.
    pub count: u32,
    pub ready: Spread,
}

/// The period's figures. Cancelled orders count in `orders` and `cancelled` only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Orders placed in the period, cancelled included.
    pub orders: u32,
    /// Totals of the orders not cancelled.
    pub revenue: Cents,
    pub cancelled: u32,
    /// Time to ready over the timed records.
    pub ready: Spread,
    /// Orders whose ready time this board does not know: finished (ready or served) without a ready time —
    /// it was closed, or another board bumped them while this one was away — plus open ones waiting longer
    /// than the late limit at `now` (most likely finished unseen; if not, they are also counted late). Said
    /// so the manager knows how many orders the times leave out.
    pub unknown_ready: u32,
    /// Late orders, of `late_of`: timed ones whose time to ready exceeded the late limit, and open ones
    /// waiting longer than it at `now`.
    pub late: u32,
    /// Timed orders plus open ones: those whose lateness is known, or accruing.
    pub late_of: u32,
    /// The local hours from the first to the last with an order (empty hours between kept, so a chart's
    /// gaps show), or none at all.
    pub hours: Vec<HourRow>,
    /// Each station met in the period's parts, by name; `count` is parts done, `ready` each part's time from
    /// the order's start to done.
    pub stations: Vec<Named>,
    /// Each dish sold, most sold first (then by name); `count` is quantity, `ready` one time per order with
    /// the dish: its line's station time when known, else the order's time to ready.
    pub dishes: Vec<Named>,
}

/// What the report gathers before the spreads are worked out.
#[derive(Default)]
struct Tally {
    report: Report,
    ready: Vec<UnixMillis>,
    hours: [(u32, Cents, Vec<UnixMillis>); 24],
    stations: BTreeMap<String, Vec<UnixMillis>>,
    dishes: BTreeMap<String, (u32, Vec<UnixMillis>)>,
}

impl Tally {
    fn add(&mut self, record: &Record, hour: usize, late_ms: UnixMillis, now: UnixMillis) {
        let r = &mut self.report;
        r.orders += 1;
        self.hours[hour].0 += 1;
        if record.status == Status::Cancelled {
            r.cancelled += 1;
            return;
        }
        r.revenue = Cents(r.revenue.0.saturating_add(record.total));
        let takings = &mut self.hours[hour].1;
        *takings = Cents(takings.0.saturating_add(record.total));
        let finished = matches!(record.status, Status::Ready | Status::Served);
        match record.time_to_ready() {
            Some(time) => {
                self.ready.push(time);
                self.hours[hour].2.push(time);
                r.late_of += 1;
                r.late += u32::from(time > late_ms);
            }
            None if finished => r.unknown_ready += 1,
            None => {
                let overdue = now - record.from > late_ms;
                r.late_of += 1;
                r.late += u32::from(overdue);
                r.unknown_ready += u32::from(overdue);
            }
        }
        for part in &record.stations {
            let times = self.stations.entry(part.station.clone()).or_default();
            times.extend(part.done.map(|done| (done - record.from).max(0)));
        }
        self.add_dishes(record);
    }

    fn add_dishes(&mut self, record: &Record) {
        let mut seen: Vec<&str> = Vec::new();
        for line in &record.lines {
            let dish = self.dishes.entry(line.dish.clone()).or_default();
            dish.0 += line.quantity;
            if seen.contains(&line.dish.as_str()) {
                continue;
            }
            seen.push(&line.dish);
            // One time per order: a dish on two lines (two ways of making it) was still one wait.
            let time = (record.lines.iter())
                .filter(|l| l.dish == line.dish)
                .find_map(|l| record.station_time(&l.station))
                .or_else(|| record.time_to_ready());
            dish.1.extend(time);
        }
    }

    fn finish(mut self) -> Report {
        let mut r = self.report;
        r.ready = spread(&mut self.ready);
        let busy = |h: &usize| self.hours[*h].0 > 0;
        if let (Some(first), Some(last)) = ((0..24).find(busy), (0..24).rev().find(busy)) {
            r.hours = (first..=last)
                .map(|h| {
                    let (orders, revenue, times) = &mut self.hours[h];
                    HourRow {
                        hour: h as u8,
                        orders: *orders,
                        revenue: *revenue,
                        ready: spread(times),
                    }
                })
                .collect();
        }
        r.stations = self
            .stations
            .into_iter()
            .map(|(name, mut times)| Named {
                name,
                count: times.len() as u32,
                ready: spread(&mut times),
            })
            .collect();
        r.dishes = self
            .dishes
            .into_iter()
            .map(|(name, (count, mut times))| Named {
                name,
                count,
                ready: spread(&mut times),
            })
            .collect();
        // Stable: equal quantities stay in name order.
        r.dishes.sort_by_key(|d| std::cmp::Reverse(d.count));
        r
    }
}

/// The report over the records placed in `period`. `late_ms` is the board's red limit; `offset_minutes`
/// (east of UTC) places each order in its local hour; `now` decides whether an open order is late yet.
pub fn report<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    period: Period,
    late_ms: UnixMillis,
    offset_minutes: i64,
    now: UnixMillis,
) -> Report {
    let mut tally = Tally::default();
    for record in records.into_iter().filter(|r| period.contains(r.placed)) {
        let local = record.placed + offset_minutes * MINUTE_MS;
        let hour = local.div_euclid(HOUR_MS).rem_euclid(24) as usize;
        tally.add(record, hour, late_ms, now);
    }
    tally.finish()
}

/// A duration as a kitchen timer shows it: "7:00", or "1:02:05" past an hour.
pub fn duration_text(ms: UnixMillis) -> String {
    timer_text(0, ms)
}

/// Bar heights for a chart drawn `max_height` tall: scaled to the largest value, rounded, and a non-zero
/// value never drawn as nothing.
pub fn bar_heights(values: &[u64], max_height: u32) -> Vec<u32> {
    let largest = u128::from(values.iter().copied().max().unwrap_or(0));
    values
        .iter()
        .map(|&v| match v {
            0 => 0,
            v => {
                let scaled = (u128::from(v) * u128::from(max_height) + largest / 2) / largest;
                (scaled as u32).max(1)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::{Line, StationTimes};
    use crate::domain::time::parse_iso8601;

    /// Central European winter time: local hours are two ahead of UTC.
    const OFFSET: i64 = 120;
    const LATE_MS: UnixMillis = 8 * MINUTE_MS;

    /// A local time (UTC+2) on 14 January 2025, or another day's as "2025-01-13T23:50".
    fn at(time: &str) -> UnixMillis {
        let text = match time.len() {
            5 => format!("2025-01-14T{time}:00+02:00"),
            _ => format!("{time}:00+02:00"),
        };
        parse_iso8601(&text).unwrap()
    }

    fn min(m: i64) -> UnixMillis {
        m * MINUTE_MS
    }

    fn record(placed: &str, total: i64, lines: &[(&str, u32, &str)], status: Status) -> Record {
        let placed = at(placed);
        Record {
            id: placed.to_string(),
            total,
            lines: lines
                .iter()
                .map(|&(dish, quantity, station)| Line {
                    dish: dish.into(),
                    quantity,
                    station: station.into(),
                })
                .collect(),
            status,
            placed,
            received: placed,
            from: placed,
            ..Record::default()
        }
    }

    fn part(station: &str, done: Option<&str>) -> StationTimes {
        StationTimes {
            station: station.into(),
            started: None,
            done: done.map(at),
        }
    }

    /// One lunch service on the 14th, with an order either side of the day.
    fn lunch() -> Vec<Record> {
        let (grill, fry, cold) = ("Grill", "Fry", "Cold");
        let mut a = record(
            "12:00",
            1000,
            &[("Burger", 2, grill), ("Fries", 1, fry)],
            Status::Served,
        );
        a.ready = Some(at("12:06"));
        a.stations = vec![part(grill, Some("12:05")), part(fry, Some("12:03"))];
        let mut b = record("12:20", 500, &[("Burger", 1, grill)], Status::Ready);
        b.ready = Some(at("12:30"));
        b.stations = vec![part(grill, Some("12:29"))];
        let mut c = record("12:40", 700, &[("Salad", 1, cold)], Status::Served);
        c.ready = Some(at("12:44"));
        c.stations = vec![part(cold, None)];
        // Served while this board was closed: no ready time.
        let g = record("12:50", 400, &[("Fries", 1, fry)], Status::Served);
        let mut d = record("13:10", 300, &[("Fries", 2, fry)], Status::Cancelled);
        d.cancelled = Some(at("13:12"));
        d.stations = vec![part(fry, Some("13:11"))];
        let mut e = record("13:30", 900, &[("Burger", 1, grill)], Status::Preparing);
        e.stations = vec![part(grill, None)];
        let f = record("13:55", 200, &[("Salad", 1, cold)], Status::New);
        let before = record(
            "2025-01-13T23:59",
            9900,
            &[("Soup", 1, cold)],
            Status::Served,
        );
        let after = record(
            "2025-01-15T00:00",
            9900,
            &[("Soup", 1, cold)],
            Status::Served,
        );
        vec![a, b, c, g, d, e, f, before, after]
    }

    fn lunch_report() -> Report {
        let now = at("14:00");
        report(&lunch(), Period::day_of(now, OFFSET), LATE_MS, OFFSET, now)
    }

    fn spread_of(count: u32, median: i64, p90: i64) -> Spread {
        Spread {
            count,
            median: Some(min(median)),
            p90: Some(min(p90)),
        }
    }

    #[test]
    fn median_and_p90_are_values_at_the_nearest_rank() {
        assert_eq!(
            spread(&mut [5, 1, 3]),
            Spread {
                count: 3,
                median: Some(3),
                p90: Some(5)
            }
        );
        // Even counts take the lower middle, not the mean of the two.
        assert_eq!(
            spread(&mut [4, 1, 3, 2]),
            Spread {
                count: 4,
                median: Some(2),
                p90: Some(4)
            }
        );
        let mut ten: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(
            spread(&mut ten),
            Spread {
                count: 10,
                median: Some(5),
                p90: Some(9)
            }
        );
        assert_eq!(
            spread(&mut [7]),
            Spread {
                count: 1,
                median: Some(7),
                p90: Some(7)
            }
        );
        assert_eq!(
            spread(&mut []),
            Spread {
                count: 0,
                median: None,
                p90: None
            }
        );
    }

    #[test]
    fn a_local_day_runs_from_local_midnight_to_the_next() {
        let day = Period::day_of(at("14:00"), OFFSET);
        assert_eq!(
            day,
            Period {
                from: at("00:00"),
                to: at("2025-01-15T00:00")
            }
        );
        assert!(day.contains(at("00:00")) && !day.contains(at("2025-01-15T00:00")));
        // 03:00 UTC is still the evening before in California.
        let utc = parse_iso8601("2025-01-14T03:00:00Z").unwrap();
        let pacific = parse_iso8601("2025-01-13T08:00:00Z").unwrap();
        assert_eq!(Period::day_of(utc, -480).from, pacific);
        let week = Period::last_days(at("14:00"), 7, OFFSET);
        assert_eq!(week.from, at("2025-01-08T00:00"));
        assert_eq!(week.to, day.to);
    }

    #[test]
    fn today_starts_at_the_last_close_when_it_was_after_midnight() {
        let now = at("14:00");
        assert_eq!(Period::today(now, OFFSET, None).from, at("00:00"));
        assert_eq!(
            Period::today(now, OFFSET, Some(at("13:00"))).from,
            at("13:00")
        );
        let yesterday = Some(at("2025-01-13T22:00"));
        assert_eq!(Period::today(now, OFFSET, yesterday).from, at("00:00"));
        let r = report(
            &lunch(),
            Period::today(now, OFFSET, Some(at("13:00"))),
            LATE_MS,
            OFFSET,
            now,
        );
        assert_eq!((r.orders, r.revenue), (3, Cents(1100)));
    }

    #[test]
    fn orders_outside_the_period_are_ignored_and_cancelled_ones_counted_apart() {
        let r = lunch_report();
        assert_eq!(
            r.orders, 7,
            "the soups either side of the day are not in it"
        );
        assert_eq!(r.cancelled, 1);
        assert_eq!(
            r.revenue,
            Cents(1000 + 500 + 700 + 400 + 900 + 200),
            "not the $3 cancelled"
        );
    }

    #[test]
    fn time_to_ready_spreads_over_the_orders_with_a_ready_time() {
        let r = lunch_report();
        // 6, 10 and 4 minutes.
        assert_eq!(r.ready, spread_of(3, 6, 10));
        assert_eq!(
            r.unknown_ready, 2,
            "the fries served unseen and the burger open for 30 minutes"
        );
    }

    #[test]
    fn an_open_order_past_the_limit_is_late_and_a_fresh_one_not_yet() {
        let r = lunch_report();
        // Timed: 6, 10 (late), 4; open: 30 minutes (late), 5 minutes; the cancelled one not at all.
        assert_eq!((r.late, r.late_of), (2, 5));
        let early = report(
            &lunch(),
            Period::day_of(at("14:00"), OFFSET),
            LATE_MS,
            OFFSET,
            at("13:38"),
        );
        assert_eq!(
            (early.late, early.late_of),
            (1, 5),
            "at 13:38 the burger is 8 minutes in: not yet"
        );
    }

    #[test]
    fn hours_are_local_and_run_from_the_first_busy_hour_to_the_last() {
        let r = lunch_report();
        let noon = HourRow {
            hour: 12,
            orders: 4,
            revenue: Cents(2600),
            ready: spread_of(3, 6, 10),
        };
        let one = HourRow {
            hour: 13,
            orders: 3,
            revenue: Cents(1100),
            ready: Spread::default(),
        };
        assert_eq!(r.hours, vec![noon, one]);
    }

    #[test]
    fn stations_count_their_parts_done_and_time_them_from_the_order_start() {
        let r = lunch_report();
        let names: Vec<_> = r
            .stations
            .iter()
            .map(|s| (s.name.as_str(), s.count))
            .collect();
        assert_eq!(
            names,
            vec![("Cold", 0), ("Fry", 1), ("Grill", 2)],
            "the cancelled fries not done"
        );
        assert_eq!(r.stations[0].ready, Spread::default());
        assert_eq!(r.stations[1].ready, spread_of(1, 3, 3));
        assert_eq!(r.stations[2].ready, spread_of(2, 5, 9));
    }

    #[test]
    fn dishes_count_quantity_sold_and_time_by_station_else_by_order() {
        let r = lunch_report();
        let sold: Vec<_> = r
            .dishes
            .iter()
            .map(|d| (d.name.as_str(), d.count))
            .collect();
        assert_eq!(sold, vec![("Burger", 4), ("Fries", 2), ("Salad", 2)]);
        assert_eq!(r.dishes[0].ready, spread_of(2, 5, 9), "the grill's times");
        assert_eq!(r.dishes[1].ready, spread_of(1, 3, 3));
        assert_eq!(
            r.dishes[2].ready,
            spread_of(1, 4, 4),
            "no cold time: the order's"
        );
    }

    #[test]
    fn a_dish_on_two_lines_of_one_order_sells_both_and_is_timed_once() {
        let lines = [("Burger", 1, "Grill"), ("Burger", 2, "Grill")];
        let mut two_ways = record("12:00", 900, &lines, Status::Served);
        two_ways.ready = Some(at("12:07"));
        let now = at("14:00");
        let r = report(
            [&two_ways],
            Period::day_of(now, OFFSET),
            LATE_MS,
            OFFSET,
            now,
        );
        assert_eq!(r.dishes[0].count, 3);
        assert_eq!(r.dishes[0].ready, spread_of(1, 7, 7));
    }

    #[test]
    fn a_week_sums_each_hour_over_its_days() {
        let mut records = lunch();
        let mut saturday = record(
            "2025-01-11T12:15",
            800,
            &[("Soup", 1, "Cold")],
            Status::Served,
        );
        saturday.ready = Some(at("2025-01-11T12:22"));
        let too_old = record(
            "2025-01-07T12:00",
            800,
            &[("Soup", 1, "Cold")],
            Status::Served,
        );
        records.extend([saturday, too_old]);
        let now = at("14:00");
        let r = report(
            &records,
            Period::last_days(now, 7, OFFSET),
            LATE_MS,
            OFFSET,
            now,
        );
        assert_eq!(
            r.orders, 9,
            "the day's 7, Saturday's and the soup the night before"
        );
        assert_eq!(r.hours.len(), 12, "12:00 to 23:00");
        assert_eq!((r.hours[0].orders, r.hours[0].revenue), (5, Cents(3400)));
        assert_eq!(r.hours[0].ready, spread_of(4, 6, 10));
        assert_eq!((r.hours[5].hour, r.hours[5].orders), (17, 0));
        assert_eq!((r.hours[11].hour, r.hours[11].orders), (23, 1));
    }

    #[test]
    fn durations_read_like_the_kitchen_timer() {
        assert_eq!(duration_text(min(7)), "7:00");
        assert_eq!(duration_text(3_725_000), "1:02:05");
        assert_eq!(duration_text(-5_000), "0:00");
    }

    #[test]
    fn bars_scale_to_the_largest_and_a_small_value_still_shows() {
        assert_eq!(bar_heights(&[0, 5, 10, 1], 100), vec![0, 50, 100, 10]);
        assert_eq!(bar_heights(&[1, 1000], 40), vec![1, 40]);
        assert_eq!(bar_heights(&[0, 0], 40), vec![0, 0]);
        assert!(bar_heights(&[], 40).is_empty());
    }
}
