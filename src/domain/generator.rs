//! The random order generator: realistic, seeded demo and load traffic.

use super::menu::Menu;
use super::order::{Order, OrderItem, GENERATOR_SOURCE};
use super::rng::SeededRng;
use super::time::UnixMillis;
use std::sync::Arc;

const FIRST_NAMES: &[&str] = &[
    "Maya", "Liam", "Sofia", "Noah", "Aisha", "Mateo", "Chloe", "Kenji", "Priya", "Lucas", "Amara",
    "Ethan", "Zoe", "Omar", "Hannah", "Diego", "Mei", "Jonas", "Fatima", "Oliver", "Ines", "Ravi",
    "Grace", "Tomas",
];

const LAST_NAMES: &[&str] = &[
    "Rodriguez",
    "Smith",
    "Nguyen",
    "Okafor",
    "Kowalski",
    "Tanaka",
    "Patel",
    "Müller",
    "García",
    "Johnson",
    "Haddad",
    "Rossi",
    "Andersen",
    "Kim",
    "Dubois",
    "O'Brien",
    "Silva",
    "Cohen",
    "Fischer",
    "Mensah",
];

const INSTRUCTIONS: &[&str] = &[
    "Food allergy: nuts",
    "Food allergy: shellfish",
    "Gluten-free please",
    "Dairy allergy - no cheese",
    "No onions",
    "Extra spicy",
    "Sauce on the side",
    "Well done, please",
    "No ice in drinks",
    "Extra napkins",
    "Ring the bell on arrival",
    "Cut the pizza in squares",
];

/// Same seed, same orders — ids included — so a load test or a demo can be replayed exactly.
#[derive(Debug, Clone)]
pub struct OrderGenerator {
    rng: SeededRng,
    menu: Arc<Menu>,
}

impl OrderGenerator {
    /// Orders from the demo menu.
    pub fn new(seed: u64) -> Self {
        OrderGenerator::with_menu(seed, Arc::new(Menu::demo()))
    }

    /// Orders from the restaurant's own menu (same seed and menu, same orders).
    pub fn with_menu(seed: u64, menu: Arc<Menu>) -> Self {
        OrderGenerator {
            rng: SeededRng::new(seed),
            menu,
        }
    }

    /// The next order, stamped with `now`: 1-5 distinct menu items, quantities 1-3, and special
    /// instructions on about a third of orders.
    pub fn next_order(&mut self, now: UnixMillis) -> Order {
        let rng = &mut self.rng;
        let order_id = uuid::Builder::from_random_bytes(rng.bytes16())
            .into_uuid()
            .to_string();
        let customer = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));

        // Partial Fisher-Yates over menu positions: distinct items without retrying.
        let dishes = self.menu.items();
        let count = (rng.between(1, 5) as usize).min(dishes.len());
        let mut positions: Vec<usize> = (0..dishes.len()).collect();
        let items = (0..count)
            .map(|i| {
                let j = i + rng.below((dishes.len() - i) as u32) as usize;
                positions.swap(i, j);
                let menu_item = &dishes[positions[i]];
                OrderItem::plain(menu_item.name.clone(), rng.between(1, 3), menu_item.price)
            })
            .collect();

        let instructions = (rng.below(3) == 0).then(|| (*rng.pick(INSTRUCTIONS)).to_owned());
        let mut order = Order::new(order_id, customer, items, now, instructions);
        // Test traffic says so: boards keep it apart from what customers ordered.
        order.source = Some(GENERATOR_SOURCE.to_owned());
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const NOW: UnixMillis = 1_736_872_200_000;

    fn batch(seed: u64, n: usize) -> Vec<Order> {
        let mut generator = OrderGenerator::new(seed);
        (0..n).map(|_| generator.next_order(NOW)).collect()
    }

    #[test]
    fn the_same_seed_yields_the_same_orders_ids_included() {
        assert_eq!(batch(42, 50), batch(42, 50));
        assert_ne!(batch(42, 5), batch(43, 5));
    }

    #[test]
    fn every_generated_order_passes_validation() {
        for order in batch(7, 2_000) {
            assert_eq!(order.check(), Ok(()), "{order:?}");
            assert_eq!(
                crate::domain::order::decode(order.to_json().as_bytes()),
                Ok(order)
            );
        }
    }

    #[test]
    fn orders_have_one_to_five_distinct_items_with_quantities_one_to_three() {
        let orders = batch(9, 2_000);
        let mut sizes = HashSet::new();
        for order in &orders {
            let names: HashSet<_> = order.items.iter().map(|i| &i.name).collect();
            assert_eq!(names.len(), order.items.len(), "items repeat in {order:?}");
            assert!((1..=5).contains(&order.items.len()));
            assert!(order.items.iter().all(|i| (1..=3).contains(&i.quantity)));
            sizes.insert(order.items.len());
        }
        assert_eq!(sizes.len(), 5, "every size from 1 to 5 should occur");
    }

    #[test]
    fn about_a_third_of_orders_carry_special_instructions() {
        let with = batch(11, 3_000)
            .iter()
            .filter(|o| o.special_instructions.is_some())
            .count();
        assert!((850..=1150).contains(&with), "{with} of 3000");
    }

    #[test]
    fn order_ids_are_unique_uuid_v4() {
        let orders = batch(3, 1_000);
        let ids: HashSet<_> = orders.iter().map(|o| o.order_id.clone()).collect();
        assert_eq!(ids.len(), orders.len());
        for id in ids {
            let parsed = uuid::Uuid::parse_str(&id).unwrap();
            assert_eq!(parsed.get_version_num(), 4);
        }
    }

    #[test]
    fn orders_are_stamped_with_the_time_given() {
        assert_eq!(
            batch(1, 1)[0].timestamp.as_deref(),
            Some("2025-01-14T16:30:00.000Z")
        );
    }
}
