//! The day's figures for the header and the stats panel — takings, orders in the last hour, time to ready,
//! per minute — from the history ([`Today`]), so clearing finished tickets never takes a sold order out
//! of them.

use super::history::Record;
use super::money::Cents;
use super::ticket::{Status, Ticket};
use super::time::UnixMillis;
use std::collections::HashMap;

/// Minutes of history in the order-rate chart.
pub const CHART_MINUTES: usize = 30;

/// The figures for the stats panel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Orders received in the last hour.
    pub orders_last_hour: u32,
    pub revenue: Cents,
    /// Mean time to ready, over orders that reached ready.
    pub avg_to_ready_ms: Option<i64>,
    /// Orders received per minute, oldest minute first, the last being the current minute.
    pub per_minute: [u32; CHART_MINUTES],
}

/// What the figures need of one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    pub received: UnixMillis,
    pub to_ready: Option<UnixMillis>,
    /// What it adds to the takings: its total, nothing once cancelled.
    pub counted: i64,
}

impl Brief {
    pub fn of_record(r: &Record) -> Brief {
        Brief {
            received: r.received,
            to_ready: r.time_to_ready(),
            counted: if r.status == Status::Cancelled {
                0
            } else {
                r.total
            },
        }
    }

    /// A ticket on the board, for a board that keeps no history (the benchmark's switch). Test traffic
    /// is none of the kitchen's business.
    pub fn of_ticket(t: &Ticket) -> Option<Brief> {
        (!t.order.is_test()).then(|| Brief {
            received: t.received_at,
            to_ready: t.ready_at.map(|ready| (ready - t.age_from().at()).max(0)),
            counted: if t.status == Status::Cancelled {
                0
            } else {
                t.order.total_amount.0
            },
        })
    }
}

pub fn stats(orders: impl IntoIterator<Item = Brief>, now: UnixMillis) -> Stats {
    let mut s = Stats::default();
    let (mut ready_sum, mut ready_n) = (0i64, 0i64);
    for b in orders {
        s.revenue = Cents(s.revenue.0 + b.counted);
        let age = now - b.received;
        if (0..3_600_000).contains(&age) {
            s.orders_last_hour += 1;
        }
        let minute = age.div_euclid(60_000);
        if (0..CHART_MINUTES as i64).contains(&minute) {
            s.per_minute[CHART_MINUTES - 1 - minute as usize] += 1;
        }
        if let Some(ms) = b.to_ready {
            ready_sum += ms;
            ready_n += 1;
        }
    }
    s.avg_to_ready_ms = (ready_n > 0).then(|| ready_sum / ready_n);
    s
}

/// Today's orders as the history knows them: those placed since `from` (the last day close, else local
/// midnight), each counted once however often it changed, whatever left the board since.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Today {
    from: UnixMillis,
    orders: HashMap<String, Brief>,
    revenue: i64,
}

impl Today {
    pub fn since(from: UnixMillis) -> Today {
        Today {
            from,
            ..Today::default()
        }
    }

    /// Where today starts.
    pub fn from(&self) -> UnixMillis {
        self.from
    }

    /// What this board just saw of an order: it replaces what was known.
    pub fn note(&mut self, r: &Record) {
        if r.placed < self.from {
            return;
        }
        let brief = Brief::of_record(r);
        if let Some(was) = self.orders.insert(r.id.clone(), brief) {
            self.revenue -= was.counted;
        }
        self.revenue += brief.counted;
    }

    /// What the database kept: counted only for orders not seen since (what was seen is newer).
    pub fn fill(&mut self, r: &Record) {
        if r.placed < self.from || self.orders.contains_key(&r.id) {
            return;
        }
        self.note(r);
    }

    pub fn revenue(&self) -> Cents {
        Cents(self.revenue)
    }

    pub fn len(&self) -> usize {
        self.orders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    pub fn stats(&self, now: UnixMillis) -> Stats {
        stats(self.orders.values().copied(), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{order, ticket};

    #[test]
    fn stats_count_the_last_hour_bucket_minutes_and_average_time_to_ready() {
        let now = 10 * 3_600_000;
        let mut tickets = vec![
            ticket(order("1", &[("Tea", 1)]), now - 30_000, Status::New),
            ticket(order("2", &[("Tea", 2)]), now - 90_000, Status::Ready),
            ticket(
                order("3", &[("Tea", 3)]),
                now - 2 * 3_600_000,
                Status::Cancelled,
            ),
        ];
        // The fixture's orders carry no time of their own: their time counts from receipt.
        for t in &mut tickets {
            t.order.timestamp = None;
        }
        tickets[1].ready_at = Some(now - 30_000);
        let s = stats(tickets.iter().filter_map(Brief::of_ticket), now);
        assert_eq!(s.orders_last_hour, 2);
        assert_eq!(s.revenue, Cents(300), "cancelled orders earn nothing");
        assert_eq!(s.avg_to_ready_ms, Some(60_000));
        assert_eq!(s.per_minute[CHART_MINUTES - 1], 1, "this minute");
        assert_eq!(s.per_minute[CHART_MINUTES - 2], 1, "the minute before");
        assert_eq!(s.per_minute.iter().sum::<u32>(), 2);
    }

    fn record(id: &str, placed: UnixMillis, status: Status, cents: i64) -> Record {
        Record {
            id: id.into(),
            total: cents,
            status,
            placed,
            received: placed,
            from: placed,
            ..Record::default()
        }
    }

    #[test]
    fn today_counts_each_order_once_at_its_newest_and_leaves_out_orders_before_it_began() {
        let mut today = Today::since(1_000);
        today.note(&record("yesterday", 999, Status::Served, 5_00));
        today.note(&record("a", 1_000, Status::New, 12_00));
        today.note(&record("a", 1_000, Status::Served, 12_00));
        today.note(&record("b", 2_000, Status::New, 3_00));
        assert_eq!((today.revenue(), today.len()), (Cents(15_00), 2));
        today.note(&record("b", 2_000, Status::Cancelled, 3_00));
        assert_eq!(
            today.revenue(),
            Cents(12_00),
            "a cancelled order earns nothing"
        );
        assert_eq!(today.stats(2_000).revenue, today.revenue());
    }

    #[test]
    fn what_the_database_kept_fills_in_but_never_overrides_what_this_board_saw_since() {
        let mut today = Today::since(0);
        today.note(&record("a", 10, Status::Cancelled, 4_00));
        today.fill(&record("a", 10, Status::New, 4_00));
        today.fill(&record("gone", 20, Status::Served, 7_00));
        today.fill(&record("gone", 20, Status::Served, 7_00));
        assert_eq!((today.revenue(), today.len()), (Cents(7_00), 2));
    }
}
