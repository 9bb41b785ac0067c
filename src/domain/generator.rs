//! The random order generator: realistic, seeded demo and load traffic.

use super::details::{OrderType, MAX_MODIFIERS};
use super::menu::Menu;
use super::modifiers::ModifierGroup;
use super::money::Cents;
use super::order::{Order, OrderItem, GENERATOR_SOURCE};
use super::rng::SeededRng;
use super::time::{to_iso8601, UnixMillis};
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

/// Notes a line sometimes carries, as a server types them.
const LINE_NOTES: &[&str] = &[
    "well done",
    "cut in half",
    "sauce on the side",
    "extra crispy",
    "no salt",
    "light on the sauce",
    "extra hot",
    "for the kids",
];

/// How often the details occur, in percent: close to a busy evening's tickets.
const CHOICE_PERCENT: u32 = 40; // an optional pick-one group (how a burger is cooked, ice)
const EXTRA_PERCENT: u32 = 30; // a line gets an extra or a "without"
const SECOND_EXTRA_PERCENT: u32 = 20; // … and of those, one more
const NOTE_PERCENT: u32 = 8;
const DINE_IN_PERCENT: u32 = 45;
const TAKEOUT_PERCENT: u32 = 40; // the rest (15%) is delivery
const RUSH_PERCENT: u32 = 5;
const SCHEDULED_PERCENT: u32 = 3;
const TABLES: u32 = 30;
const MAX_PARTY: u32 = 6;
const MINUTE: UnixMillis = 60_000;

/// Seeds the details' own stream, so the seed's fields (ids, names, dishes, quantities, instructions) are
/// the same in both styles and as before details existed: a seed replays the same run.
const DETAILS_STREAM: u64 = 0x5EED_DE7A_115C_0FFE;

/// What the generated orders carry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Style {
    /// Everything a ticket can say (modifiers, notes, type, table, guests, rush, due time), marked as test
    /// traffic.
    #[default]
    Full,
    /// Exactly the seed's fields, for runs with the seed's Python clients. Without the test marker, too
    /// (the seed has no `source`): boards count these as customers' orders.
    SeedOnly,
}

/// Same seed, same orders — ids included — so a load test or a demo can be replayed exactly.
#[derive(Debug, Clone)]
pub struct OrderGenerator {
    rng: SeededRng,
    details: SeededRng,
    menu: Arc<Menu>,
    /// Each dish's modifier groups (by its place in the menu), looked up once: every line needs them.
    offers: Arc<[Vec<ModifierGroup>]>,
    style: Style,
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
            details: SeededRng::new(SeededRng::new(seed ^ DETAILS_STREAM).next_u64()),
            offers: menu
                .items()
                .iter()
                .map(|d| menu.modifier_groups(&d.name).into_iter().cloned().collect())
                .collect(),
            menu,
            style: Style::Full,
        }
    }

    /// The same orders in another style (ids, customers, dishes and instructions stay the same).
    pub fn with_style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    /// The next order, stamped with `now`: 1-5 distinct menu items, quantities 1-3, and special
    /// instructions on about a third of orders; in the full style also its details (see the rates above).
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
                let mut line =
                    OrderItem::plain(menu_item.name.clone(), rng.between(1, 3), menu_item.price);
                if self.style == Style::Full {
                    dress_line(&mut self.details, &self.offers[positions[i]], &mut line);
                }
                line
            })
            .collect();

        let instructions = (rng.below(3) == 0).then(|| (*rng.pick(INSTRUCTIONS)).to_owned());
        let mut order = Order::new(order_id, customer, items, now, instructions);
        if self.style == Style::Full {
            add_details(&mut self.details, &mut order, now);
            // Test traffic says so: boards keep it apart from what customers ordered.
            order.source = Some(GENERATOR_SOURCE.to_owned());
        }
        order
    }
}

/// Chooses a line's modifiers from its dish's groups and sometimes a note; the price then includes the
/// modifiers, as every reader expects.
fn dress_line(rng: &mut SeededRng, groups: &[ModifierGroup], line: &mut OrderItem) {
    for group in groups {
        if group.required || (group.pick_one && rng.below(100) < CHOICE_PERCENT) {
            line.modifiers.push(rng.pick(&group.options).clone());
        }
    }
    // Extras and "without"s: the optional groups a line may take several of.
    let any: Vec<&ModifierGroup> = groups
        .iter()
        .filter(|g| !g.pick_one && !g.required)
        .collect();
    if !any.is_empty() && rng.below(100) < EXTRA_PERCENT {
        let wanted = if rng.below(100) < SECOND_EXTRA_PERCENT {
            2
        } else {
            1
        };
        for _ in 0..wanted {
            let group = *rng.pick(&any);
            let choice = rng.pick(&group.options).clone();
            if !line.modifiers.contains(&choice) {
                line.modifiers.push(choice);
            }
        }
    }
    // A menu offering a dish very many groups must not make a line that boards refuse.
    line.modifiers.truncate(MAX_MODIFIERS);
    line.price = line
        .modifiers
        .iter()
        .filter_map(|m| m.price)
        .fold(line.price, |sum, p| Cents(sum.0 + p.0));
    if rng.below(100) < NOTE_PERCENT {
        line.note = Some((*rng.pick(LINE_NOTES)).to_owned());
    }
}

/// Type, table and guests, rush or a due time; the total follows the dressed lines.
fn add_details(rng: &mut SeededRng, order: &mut Order, now: UnixMillis) {
    order.total_amount = order.items_total();
    let kind = rng.below(100);
    order.order_type = Some(if kind < DINE_IN_PERCENT {
        order.table = Some(rng.between(1, TABLES).to_string());
        order.guests = Some(rng.between(1, MAX_PARTY));
        OrderType::DineIn
    } else if kind < DINE_IN_PERCENT + TAKEOUT_PERCENT {
        OrderType::Takeout
    } else {
        OrderType::Delivery
    });
    // Rush and scheduled exclude each other: a booking for later is not in a hurry.
    let urgency = rng.below(100);
    if urgency < RUSH_PERCENT {
        order.rush = true;
    } else if urgency < RUSH_PERCENT + SCHEDULED_PERCENT {
        let ahead = UnixMillis::from(rng.between(30, 90)) * MINUTE;
        order.due_at = Some(to_iso8601(now + ahead));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::details::Modifier;
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

    fn rate(orders: &[Order], has: impl Fn(&Order) -> bool) -> usize {
        orders.iter().filter(|o| has(o)).count()
    }

    fn lines(orders: &[Order]) -> impl Iterator<Item = &OrderItem> {
        orders.iter().flat_map(|o| &o.items)
    }

    #[test]
    fn the_total_is_the_sum_of_the_lines_and_a_line_costs_its_dish_plus_its_modifiers() {
        let menu = Menu::demo();
        for order in batch(21, 2_000) {
            assert_eq!(order.total_amount, order.items_total(), "{order:?}");
            assert_eq!(order.total_problem(), None);
            for line in &order.items {
                let dish = menu.find(&line.name).unwrap().price.0;
                let extras: i64 = line
                    .modifiers
                    .iter()
                    .filter_map(|m| m.price)
                    .map(|p| p.0)
                    .sum();
                assert_eq!(line.price.0, dish + extras, "{line:?}");
            }
        }
    }

    #[test]
    fn a_required_group_always_gets_exactly_one_choice_and_a_pick_one_group_never_two() {
        let menu = Menu::demo();
        let mut pizzas = 0;
        for line in lines(&batch(22, 2_000)) {
            for group in menu.modifier_groups(&line.name) {
                let chosen = line
                    .modifiers
                    .iter()
                    .filter(|m| group.options.contains(m))
                    .count();
                if group.required {
                    assert_eq!(chosen, 1, "{} on {line:?}", group.name);
                    pizzas += 1;
                } else if group.pick_one {
                    assert!(chosen <= 1, "{} on {line:?}", group.name);
                }
            }
            let offered = |m: &&Modifier| {
                menu.modifier_groups(&line.name)
                    .iter()
                    .any(|g| g.options.contains(m))
            };
            assert!(line.modifiers.iter().all(|m| offered(&m)), "{line:?}");
        }
        assert!(pizzas > 500, "the demo's pizzas need a size: {pizzas}");
    }

    #[test]
    fn details_come_at_a_busy_evenings_rates() {
        let orders = batch(23, 2_000);
        let of_type = |t: OrderType| rate(&orders, |o| o.order_type.as_ref() == Some(&t));
        assert!((800..=1_000).contains(&of_type(OrderType::DineIn)));
        assert!((700..=900).contains(&of_type(OrderType::Takeout)));
        assert!((230..=370).contains(&of_type(OrderType::Delivery)));
        assert!((60..=145).contains(&rate(&orders, |o| o.rush)));
        assert!((30..=95).contains(&rate(&orders, |o| o.due_at.is_some())));
        assert!(orders.iter().all(|o| o.order_type.is_some()));

        // Of the lines whose dish offers extras or "without"s, how many took one.
        let menu = Menu::demo();
        let any_groups = |l: &OrderItem| -> Vec<Vec<Modifier>> {
            let groups = menu.modifier_groups(&l.name).into_iter();
            groups
                .filter(|g| !g.pick_one)
                .map(|g| g.options.clone())
                .collect()
        };
        let lines: Vec<&OrderItem> = lines(&orders).collect();
        let (mut offered, mut took) = (0, 0);
        for line in &lines {
            let options = any_groups(line).concat();
            if !options.is_empty() {
                offered += 1;
                took += usize::from(line.modifiers.iter().any(|m| options.contains(m)));
            }
        }
        let extras = took * 100 / offered;
        assert!(
            (25..=35).contains(&extras),
            "{extras}% get an extra or a without"
        );
        let notes = lines.iter().filter(|l| l.note.is_some()).count() * 1000 / lines.len();
        assert!((60..=100).contains(&notes), "{notes}‰ of lines have a note");
    }

    #[test]
    fn a_dine_in_order_has_a_table_and_guests_and_only_it_does() {
        for order in batch(24, 2_000) {
            let dine_in = order.order_type == Some(OrderType::DineIn);
            let table: Option<u32> = order.table.as_deref().map(|t| t.parse().unwrap());
            assert_eq!(table.is_some(), dine_in);
            assert_eq!(order.guests.is_some(), dine_in);
            assert!(table.is_none_or(|t| (1..=30).contains(&t)));
            assert!(order.guests.is_none_or(|g| (1..=6).contains(&g)));
        }
    }

    #[test]
    fn a_scheduled_order_is_due_30_to_90_minutes_on_and_never_also_rush() {
        let due: Vec<Order> = batch(25, 2_000)
            .into_iter()
            .filter(|o| o.due_at.is_some())
            .collect();
        assert!(!due.is_empty());
        for order in due {
            let ahead = (order.due_at().unwrap() - NOW) / MINUTE;
            assert!((30..=90).contains(&ahead), "{ahead} minutes");
            assert!(!order.rush);
        }
    }

    #[test]
    fn seed_only_orders_have_exactly_the_seeds_fields_and_no_test_marker() {
        let mut generator = OrderGenerator::new(26).with_style(Style::SeedOnly);
        let menu = Menu::demo();
        for _ in 0..500 {
            let order = generator.next_order(NOW);
            assert!(!order.is_test());
            assert_eq!(
                (
                    &order.order_type,
                    &order.table,
                    order.guests,
                    order.rush,
                    &order.due_at
                ),
                (&None, &None, None, false, &None)
            );
            assert!(order.number.is_none());
            for line in &order.items {
                assert!(line.modifiers.is_empty() && line.note.is_none());
                assert_eq!(line.price, menu.find(&line.name).unwrap().price);
            }
            let json: serde_json::Value = serde_json::from_str(&order.to_json()).unwrap();
            let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
            // serde_json's map lists keys alphabetically.
            assert_eq!(
                keys,
                [
                    "customer_name",
                    "items",
                    "order_id",
                    "special_instructions",
                    "timestamp",
                    "total_amount"
                ]
            );
            for line in json["items"].as_array().unwrap() {
                let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
                assert_eq!(keys, ["name", "price", "quantity"]);
            }
        }
    }

    #[test]
    fn both_styles_of_a_seed_share_ids_customers_dishes_and_instructions() {
        let mut full = OrderGenerator::new(27);
        let mut seed_only = OrderGenerator::new(27).with_style(Style::SeedOnly);
        for _ in 0..200 {
            let (a, b) = (full.next_order(NOW), seed_only.next_order(NOW));
            assert_eq!(
                (&a.order_id, &a.customer_name),
                (&b.order_id, &b.customer_name)
            );
            assert_eq!(a.special_instructions, b.special_instructions);
            let dishes = |o: &Order| -> Vec<(String, u32)> {
                o.items
                    .iter()
                    .map(|i| (i.name.clone(), i.quantity))
                    .collect()
            };
            assert_eq!(dishes(&a), dishes(&b));
        }
    }

    #[test]
    fn a_seed_only_run_is_replayed_by_its_seed_too() {
        let run = |seed| {
            let mut generator = OrderGenerator::new(seed).with_style(Style::SeedOnly);
            (0..50)
                .map(|_| generator.next_order(NOW))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(5), run(5));
        assert_ne!(run(5), run(6));
    }

    #[test]
    fn orders_are_stamped_with_the_time_given() {
        assert_eq!(
            batch(1, 1)[0].timestamp.as_deref(),
            Some("2025-01-14T16:30:00.000Z")
        );
    }
}
