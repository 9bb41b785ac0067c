//! The session's figures for the stats panel: orders in the last hour, takings, time to ready, per minute.

use super::ticket::{Status, Ticket};
use super::time::UnixMillis;

/// Minutes of history in the order-rate chart.
pub const CHART_MINUTES: usize = 30;

/// The session's figures for the stats panel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Orders received in the last hour.
    pub orders_last_hour: u32,
    pub revenue: super::money::Cents,
    /// Mean time from received to ready, over tickets that reached ready.
    pub avg_to_ready_ms: Option<i64>,
    /// Orders received per minute, oldest minute first, the last being the current minute.
    pub per_minute: [u32; CHART_MINUTES],
}

pub fn stats<'a>(tickets: impl IntoIterator<Item = &'a Ticket>, now: UnixMillis) -> Stats {
    let mut s = Stats::default();
    let (mut ready_sum, mut ready_n) = (0i64, 0i64);
    // Test traffic (generated orders) is not the kitchen's business.
    for t in tickets.into_iter().filter(|t| !t.order.is_test()) {
        if t.status != Status::Cancelled {
            s.revenue = super::money::Cents(s.revenue.0 + t.order.total_amount.0);
        }
        let age = now - t.received_at;
        if (0..3_600_000).contains(&age) {
            s.orders_last_hour += 1;
        }
        let minute = age.div_euclid(60_000);
        if (0..CHART_MINUTES as i64).contains(&minute) {
            s.per_minute[CHART_MINUTES - 1 - minute as usize] += 1;
        }
        if let Some(ready) = t.ready_at {
            ready_sum += (ready - t.received_at).max(0);
            ready_n += 1;
        }
    }
    s.avg_to_ready_ms = (ready_n > 0).then(|| ready_sum / ready_n);
    s
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
        tickets[1].ready_at = Some(now - 30_000);
        let s = stats(&tickets, now);
        assert_eq!(s.orders_last_hour, 2);
        assert_eq!(
            s.revenue,
            super::super::money::Cents(300),
            "cancelled orders earn nothing"
        );
        assert_eq!(s.avg_to_ready_ms, Some(60_000));
        assert_eq!(s.per_minute[CHART_MINUTES - 1], 1, "this minute");
        assert_eq!(s.per_minute[CHART_MINUTES - 2], 1, "the minute before");
        assert_eq!(s.per_minute.iter().sum::<u32>(), 2);
    }
}
