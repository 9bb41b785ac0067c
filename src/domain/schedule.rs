//! Scheduled orders: an order due later fires — goes onto the board — when its longest dish has just time
//! to be made by its due time. Until then it waits in the "Later" lane.

use super::ageing::AgeFrom;
use super::details::MAX_DUE_AHEAD_MS;
use super::menu::Menu;
use super::order::Order;
use super::time::UnixMillis;

/// When a received order should start, if not now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fire {
    /// No due time, or one so close that the kitchen starts at once: age from when it was placed.
    Now,
    /// Start at this time (after it was placed): age and place in line count from it.
    At(UnixMillis),
    /// Due more than a week after it reached the board: a mistake, cooked now and said on the ticket.
    TooFar,
}

/// When `order`, received at `received_at`, should start: its due time less its longest dish's prep time.
pub fn fire(order: &Order, menu: &Menu, received_at: UnixMillis) -> Fire {
    let Some(due) = order.due_at() else {
        return Fire::Now;
    };
    if due - received_at > MAX_DUE_AHEAD_MS {
        return Fire::TooFar;
    }
    let longest = order
        .items
        .iter()
        .map(|i| menu.prep_ms(&i.name))
        .max()
        .unwrap_or(0);
    let fire_at = due - longest;
    let placed = AgeFrom::of(order.timestamp.as_deref(), received_at).at();
    if fire_at > placed {
        Fire::At(fire_at)
    } else {
        Fire::Now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::order;
    use crate::domain::time::to_iso8601;

    const MIN: i64 = 60_000;
    const FIVE_PM: i64 = 1_796_317_200_000;

    fn due(minutes_after_five: i64, dishes: &[(&str, u32)]) -> Order {
        let mut o = order("S-1", dishes);
        o.timestamp = Some(to_iso8601(FIVE_PM));
        o.due_at = Some(to_iso8601(FIVE_PM + minutes_after_five * MIN));
        o
    }

    #[test]
    fn an_order_due_later_fires_its_longest_dishs_prep_time_before_it_is_due() {
        let menu = Menu::demo();
        // 19:30 for a pizza (12 min) and a cola (2 min): start at 19:18.
        let o = due(150, &[("Margherita Pizza", 1), ("Coca-Cola", 2)]);
        assert_eq!(fire(&o, &menu, FIVE_PM), Fire::At(FIVE_PM + 138 * MIN));
    }

    #[test]
    fn an_order_without_a_due_time_or_due_too_soon_starts_now() {
        let menu = Menu::demo();
        assert_eq!(
            fire(&order("N", &[("Tiramisu", 1)]), &menu, FIVE_PM),
            Fire::Now
        );
        assert_eq!(
            fire(&due(10, &[("Margherita Pizza", 1)]), &menu, FIVE_PM),
            Fire::Now
        );
        assert_eq!(
            fire(&due(-30, &[("Tiramisu", 1)]), &menu, FIVE_PM),
            Fire::Now
        );
    }

    #[test]
    fn a_dish_not_on_the_menu_takes_the_default_fifteen_minutes() {
        let o = due(60, &[("Mystery Stew", 1)]);
        assert_eq!(
            fire(&o, &Menu::demo(), FIVE_PM),
            Fire::At(FIVE_PM + 45 * MIN)
        );
    }

    #[test]
    fn an_order_due_more_than_a_week_ahead_is_a_mistake_cooked_now() {
        let o = due(8 * 24 * 60, &[("Tiramisu", 1)]);
        assert_eq!(fire(&o, &Menu::demo(), FIVE_PM), Fire::TooFar);
        let o = due(6 * 24 * 60, &[("Tiramisu", 1)]);
        assert!(matches!(fire(&o, &Menu::demo(), FIVE_PM), Fire::At(_)));
    }
}
