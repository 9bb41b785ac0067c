//! The order form's model: what is being typed and picked, its running total, and its field-by-field validation.

use super::details::{Modifier, OrderType, MAX_GUESTS, MAX_NOTE_CHARS, MAX_TABLE_CHARS};
use super::menu::{Menu, MenuItem};
use super::money::Cents;
use super::order::{Order, OrderItem, MAX_INSTRUCTIONS_CHARS, MAX_NAME_CHARS, MAX_QUANTITY};
use super::time::UnixMillis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An order being written. Saved to localStorage as JSON, so every field defaults and a draft saved by an
/// older build (or edited by hand) still loads; lines that no longer make sense are skipped, not trusted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderDraft {
    pub customer_name: String,
    /// Quantity per dish, by its name on the menu: a menu that changes (another restaurant's, a new price
    /// list) keeps what was picked of the dishes still on it.
    pub quantities: BTreeMap<String, u32>,
    pub special_instructions: String,
    /// Lines with choices or a note: each its own line, even of a dish already on the order.
    pub custom: Vec<CustomLine>,
    /// `""` (not said), `"dine_in"`, `"takeout"` or `"delivery"`.
    pub order_type: String,
    /// For dine-in only.
    pub table: String,
    pub guests: String,
    pub rush: bool,
    /// "For later": the local time it is due ("19:30"), today or, once past, tomorrow; empty: now.
    pub later: String,
}

/// A line with choices (the names of its modifiers, as the menu's groups offer them) and a note.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomLine {
    pub dish: String,
    pub quantity: u32,
    pub modifiers: Vec<String>,
    pub note: String,
}

/// Which input a problem belongs to, so the form can show it next to that input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftField {
    CustomerName,
    Items,
    SpecialInstructions,
    Table,
    Guests,
    Later,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: DraftField,
    pub problem: DraftProblem,
}

/// What to fix in a field (the page says it in its words; `has` is how many characters it has now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftProblem {
    NoName,
    NameTooLong { has: usize },
    NoItems,
    InstructionsTooLong { has: usize },
    TableTooLong,
    BadGuests,
    BadTime,
}

impl FieldError {
    fn new(field: DraftField, problem: DraftProblem) -> FieldError {
        FieldError { field, problem }
    }
}

impl OrderDraft {
    /// Sets how many of the menu's `index`-th dish are on the order: 0 removes the line, more than
    /// [`MAX_QUANTITY`] is capped. Indices outside the menu are ignored.
    pub fn set_quantity(&mut self, menu: &Menu, index: usize, qty: u32) {
        let Some(item) = menu.items().get(index) else {
            return;
        };
        match qty.min(MAX_QUANTITY) {
            0 => {
                self.quantities.remove(&item.name);
            }
            q => {
                self.quantities.insert(item.name.clone(), q);
            }
        }
    }

    pub fn increment(&mut self, menu: &Menu, index: usize) {
        let next = self.quantity(menu, index).saturating_add(1);
        self.set_quantity(menu, index, next);
    }

    pub fn decrement(&mut self, menu: &Menu, index: usize) {
        let next = self.quantity(menu, index).saturating_sub(1);
        self.set_quantity(menu, index, next);
    }

    /// How many of the menu's `index`-th dish are on the order, as it would be sent (a hand-edited 500
    /// reads as 99).
    pub fn quantity(&self, menu: &Menu, index: usize) -> u32 {
        menu.items()
            .get(index)
            .and_then(|item| self.quantities.get(&item.name))
            .map_or(0, |&q| q.min(MAX_QUANTITY))
    }

    /// The lines that would be sent, in menu order, at the menu's prices.
    pub fn lines<'m>(&'m self, menu: &'m Menu) -> impl Iterator<Item = (&'m MenuItem, u32)> + 'm {
        menu.items()
            .iter()
            .filter_map(|item| Some((item, (*self.quantities.get(&item.name)?).min(MAX_QUANTITY))))
            .filter(|&(_, q)| q > 0)
    }

    /// Every line as it would be sent: the plain ones in menu order (a dish whose menu requires a choice
    /// gets each required group's first option), then the lines with choices as they were added; each
    /// at its menu price plus its choices'. Dishes and choices no longer on the menu are left out.
    pub fn items(&self, menu: &Menu) -> Vec<OrderItem> {
        let plain = self
            .lines(menu)
            .map(|(item, q)| line(menu, item, q, &[], ""));
        let custom = self.custom.iter().filter_map(|c| {
            let item = menu.find(&c.dish)?;
            let q = c.quantity.min(MAX_QUANTITY);
            (q > 0).then(|| line(menu, item, q, &c.modifiers, &c.note))
        });
        plain.chain(custom).collect()
    }

    /// Exact total in cents at menu prices, choices included.
    pub fn total(&self, menu: &Menu) -> Cents {
        self.items(menu).iter().map(OrderItem::line_total).sum()
    }

    /// Whether nothing has been picked (a name alone is not an order).
    pub fn is_empty(&self, menu: &Menu) -> bool {
        self.lines(menu).next().is_none()
            && !self
                .custom
                .iter()
                .any(|c| c.quantity > 0 && menu.find(&c.dish).is_some())
    }

    /// Adds a line with choices; the same dish with the same choices and note adds one to that line.
    pub fn add_custom(&mut self, line: CustomLine) {
        match self.custom.iter_mut().find(|c| {
            c.dish == line.dish
                && c.modifiers == line.modifiers
                && c.note.trim() == line.note.trim()
        }) {
            Some(same) => same.quantity = (same.quantity + 1).min(MAX_QUANTITY),
            None => self.custom.push(CustomLine {
                quantity: line.quantity.clamp(1, MAX_QUANTITY),
                ..line
            }),
        }
    }

    /// One more or one less of the `at`-th line with choices; none left removes it.
    pub fn step_custom(&mut self, at: usize, more: bool) {
        let Some(line) = self.custom.get_mut(at) else {
            return;
        };
        line.quantity = match more {
            true => (line.quantity + 1).min(MAX_QUANTITY),
            false => line.quantity.saturating_sub(1),
        };
        if line.quantity == 0 {
            self.custom.remove(at);
        }
    }

    /// When a "for later" order is due: `later` ("19:30") local time today, or tomorrow once that has
    /// passed; `offset_minutes` is the local time's offset from UTC.
    pub fn due_at(
        &self,
        now: UnixMillis,
        offset_minutes: i64,
    ) -> Result<Option<UnixMillis>, DraftProblem> {
        let later = self.later.trim();
        if later.is_empty() {
            return Ok(None);
        }
        let (h, m) = later.split_once(':').ok_or(DraftProblem::BadTime)?;
        let (h, m): (i64, i64) = match (h.trim().parse(), m.trim().parse()) {
            (Ok(h), Ok(m)) if (0..24).contains(&h) && (0..60).contains(&m) => (h, m),
            _ => return Err(DraftProblem::BadTime),
        };
        const DAY: i64 = 24 * 60 * 60 * 1000;
        let offset = offset_minutes * 60_000;
        let local_midnight = (now + offset).div_euclid(DAY) * DAY - offset;
        let due = local_midnight + (h * 60 + m) * 60_000;
        Ok(Some(if due <= now { due + DAY } else { due }))
    }

    pub fn clear(&mut self) {
        *self = OrderDraft::default();
    }

    /// Every problem at once, so the form can mark all of them instead of one per submit.
    pub fn validate(&self, menu: &Menu) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let name = self.customer_name.trim();
        let name_chars = name.chars().count();
        if name.is_empty() {
            errors.push(FieldError::new(
                DraftField::CustomerName,
                DraftProblem::NoName,
            ));
        } else if name_chars > MAX_NAME_CHARS {
            errors.push(FieldError::new(
                DraftField::CustomerName,
                DraftProblem::NameTooLong { has: name_chars },
            ));
        }
        if self.is_empty(menu) {
            errors.push(FieldError::new(DraftField::Items, DraftProblem::NoItems));
        }
        let notes_chars = self.special_instructions.trim().chars().count();
        if notes_chars > MAX_INSTRUCTIONS_CHARS {
            errors.push(FieldError::new(
                DraftField::SpecialInstructions,
                DraftProblem::InstructionsTooLong { has: notes_chars },
            ));
        }
        let dine_in = self.order_type == "dine_in";
        if dine_in && self.table.trim().chars().count() > MAX_TABLE_CHARS {
            errors.push(FieldError::new(
                DraftField::Table,
                DraftProblem::TableTooLong,
            ));
        }
        let guests = self.guests.trim();
        let guests_ok = guests.is_empty()
            || guests
                .parse::<u32>()
                .is_ok_and(|g| (1..=MAX_GUESTS).contains(&g));
        if dine_in && !guests_ok {
            errors.push(FieldError::new(DraftField::Guests, DraftProblem::BadGuests));
        }
        if self.due_at(0, 0).is_err() {
            errors.push(FieldError::new(DraftField::Later, DraftProblem::BadTime));
        }
        errors
    }

    /// The order to publish, or every reason it cannot be one. [`validate`](Self::validate) covers every
    /// rule of [`Order::check`] the form controls; `order_id` is the caller's (a fresh UUID, never blank)
    /// and `now` becomes the order's timestamp.
    pub fn to_order(
        &self,
        menu: &Menu,
        order_id: String,
        now: UnixMillis,
    ) -> Result<Order, Vec<FieldError>> {
        self.to_order_in(menu, order_id, now, 0)
    }

    /// [`to_order`](Self::to_order) where the local time is `offset_minutes` from UTC ("for later").
    pub fn to_order_in(
        &self,
        menu: &Menu,
        order_id: String,
        now: UnixMillis,
        offset_minutes: i64,
    ) -> Result<Order, Vec<FieldError>> {
        let errors = self.validate(menu);
        if !errors.is_empty() {
            return Err(errors);
        }
        let instructions = self.special_instructions.trim();
        let mut order = Order::new(
            order_id,
            self.customer_name.trim().to_owned(),
            self.items(menu),
            now,
            (!instructions.is_empty()).then(|| instructions.to_owned()),
        );
        let dine_in = self.order_type == "dine_in";
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        order.order_type = OrderType::read(&self.order_type);
        order.table = text(&self.table).filter(|_| dine_in);
        order.guests = self.guests.trim().parse().ok().filter(|_| dine_in);
        order.rush = self.rush;
        order.due_at = self
            .due_at(now, offset_minutes)
            .ok()
            .flatten()
            .map(super::time::to_iso8601);
        Ok(order)
    }
}

/// A line of `item` with the choices named (each required group's first option when none of it is
/// named), priced at the menu's price plus theirs.
fn line(menu: &Menu, item: &MenuItem, quantity: u32, chosen: &[String], note: &str) -> OrderItem {
    let mut modifiers = Vec::new();
    for group in menu.modifier_groups(&item.name) {
        let picked: Vec<&Modifier> = group
            .options
            .iter()
            .filter(|o| chosen.contains(&o.name))
            .collect();
        match (picked.is_empty(), group.required) {
            (true, true) => modifiers.extend(group.options.first().cloned()),
            (_, _) if group.pick_one => modifiers.extend(picked.first().map(|m| (*m).clone())),
            _ => modifiers.extend(picked.into_iter().cloned()),
        }
    }
    let extra: Cents = modifiers.iter().filter_map(|m| m.price).sum();
    let note = note.trim();
    OrderItem {
        name: item.name.clone(),
        quantity,
        price: Cents(item.price.0 + extra.0),
        modifiers,
        note: (!note.is_empty()).then(|| note.chars().take(MAX_NOTE_CHARS).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::decode;

    fn menu() -> Menu {
        Menu::demo()
    }

    fn index_of(name: &str) -> usize {
        menu().items().iter().position(|m| m.name == name).unwrap()
    }

    fn filled() -> OrderDraft {
        let mut draft = OrderDraft {
            customer_name: "  Ana Lima ".into(),
            special_instructions: " No onions, nut allergy \n".into(),
            ..OrderDraft::default()
        };
        draft.set_quantity(&menu(), index_of("Tiramisu"), 1);
        draft.set_quantity(&menu(), index_of("French Fries"), 3);
        draft.set_quantity(&menu(), index_of("Margherita Pizza"), 2);
        draft
    }

    #[test]
    fn totals_are_exact_integer_cents_at_menu_prices() {
        let mut draft = OrderDraft::default();
        draft.set_quantity(&menu(), index_of("French Fries"), 3);
        assert_eq!(draft.total(&menu()), Cents(1347));
        draft.set_quantity(&menu(), index_of("Coca-Cola"), 3);
        assert_eq!(draft.total(&menu()), Cents(1347 + 747));
        assert_eq!(draft.total(&menu()).to_string(), "$20.94");
        assert_eq!(filled().total(&menu()), Cents(2 * 1299 + 3 * 449 + 799));
    }

    #[test]
    fn every_menu_item_at_full_quantity_still_adds_up_exactly() {
        let mut draft = OrderDraft::default();
        for i in 0..menu().len() {
            draft.set_quantity(&menu(), i, MAX_QUANTITY);
        }
        let expected: i64 = menu().items().iter().map(|m| m.price.0 * 99).sum();
        assert_eq!(draft.total(&menu()), Cents(expected));
    }

    #[test]
    fn quantities_are_clamped_and_zero_removes_the_line() {
        let mut draft = OrderDraft::default();
        draft.set_quantity(&menu(), 0, 250);
        assert_eq!(draft.quantity(&menu(), 0), MAX_QUANTITY);
        draft.increment(&menu(), 0);
        assert_eq!(draft.quantity(&menu(), 0), MAX_QUANTITY);
        draft.set_quantity(&menu(), 0, 0);
        assert_eq!(draft.quantity(&menu(), 0), 0);
        assert!(draft.quantities.is_empty());
        assert!(draft.is_empty(&menu()));
    }

    #[test]
    fn increment_and_decrement_step_by_one_and_never_go_below_zero() {
        let mut draft = OrderDraft::default();
        draft.decrement(&menu(), 4);
        assert!(draft.quantities.is_empty());
        draft.increment(&menu(), 4);
        draft.increment(&menu(), 4);
        assert_eq!(draft.quantity(&menu(), 4), 2);
        draft.decrement(&menu(), 4);
        draft.decrement(&menu(), 4);
        assert_eq!(draft.quantity(&menu(), 4), 0);
        assert!(draft.is_empty(&menu()));
    }

    #[test]
    fn indices_outside_the_menu_are_ignored() {
        let mut draft = OrderDraft::default();
        draft.set_quantity(&menu(), menu().len(), 5);
        draft.increment(&menu(), usize::MAX);
        assert!(draft.is_empty(&menu()));
        assert_eq!(draft.quantity(&menu(), menu().len()), 0);
    }

    #[test]
    fn clear_empties_every_field() {
        let mut draft = filled();
        draft.clear();
        assert_eq!(draft, OrderDraft::default());
    }

    #[test]
    fn validation_lists_every_problem_at_once() {
        let draft = OrderDraft {
            customer_name: "   ".into(),
            special_instructions: "x".repeat(MAX_INSTRUCTIONS_CHARS + 1),
            ..OrderDraft::default()
        };
        let errors = draft.validate(&menu());
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                DraftField::CustomerName,
                DraftField::Items,
                DraftField::SpecialInstructions
            ]
        );
        assert_eq!(errors[0].problem, DraftProblem::NoName);
        assert_eq!(errors[1].problem, DraftProblem::NoItems);
        assert_eq!(
            errors[2].problem,
            DraftProblem::InstructionsTooLong { has: 501 }
        );
        assert_eq!(draft.to_order(&menu(), "id".into(), 0), Err(errors));
    }

    #[test]
    fn overlong_names_are_reported_and_limits_count_characters_not_bytes() {
        let mut draft = filled();
        draft.customer_name = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(draft.validate(&menu()), []);
        draft.customer_name.push('é');
        assert_eq!(
            draft.validate(&menu()),
            [FieldError::new(
                DraftField::CustomerName,
                DraftProblem::NameTooLong { has: 121 }
            )]
        );
    }

    #[test]
    fn surrounding_whitespace_does_not_count_against_the_limits() {
        let mut draft = filled();
        draft.customer_name = format!("  {}  ", "a".repeat(MAX_NAME_CHARS));
        draft.special_instructions = format!("\n{}\n", "b".repeat(MAX_INSTRUCTIONS_CHARS));
        assert_eq!(draft.validate(&menu()), []);
        assert!(draft
            .to_order(&menu(), "ORD-1".into(), 0)
            .unwrap()
            .check()
            .is_ok());
    }

    #[test]
    fn to_order_trims_text_and_lists_items_in_menu_order() {
        let order = filled().to_order(&menu(), "ORD-42".into(), 0).unwrap();
        assert_eq!(order.check(), Ok(()));
        assert_eq!(order.order_id, "ORD-42");
        assert_eq!(order.customer_name, "Ana Lima");
        assert_eq!(
            order.special_instructions.as_deref(),
            Some("No onions, nut allergy")
        );
        let names: Vec<_> = order.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["Margherita Pizza", "French Fries", "Tiramisu"]);
        assert_eq!(order.items[1].quantity, 3);
        assert_eq!(
            order.items[1].price,
            menu().find("French Fries").unwrap().price
        );
        assert_eq!(order.total_amount, filled().total(&menu()));
        assert_eq!(order.timestamp.as_deref(), Some("1970-01-01T00:00:00.000Z"));
    }

    #[test]
    fn blank_instructions_become_no_instructions() {
        let mut draft = filled();
        draft.special_instructions = " \n\t ".into();
        let order = draft.to_order(&menu(), "ORD-1".into(), 0).unwrap();
        assert_eq!(order.check(), Ok(()));
        assert_eq!(order.special_instructions, None);
    }

    #[test]
    fn a_submitted_draft_round_trips_through_the_wire_format() {
        let order = filled()
            .to_order(
                &menu(),
                "0b6c1f2e-8a41-4d7e-9c1a-5f3e2d1c0b9a".into(),
                1_736_872_200_000,
            )
            .unwrap();
        assert_eq!(order.check(), Ok(()));
        assert_eq!(decode(order.to_json().as_bytes()), Ok(order));
    }

    #[test]
    fn a_draft_survives_local_storage_and_tolerates_old_or_hand_edited_json() {
        let draft = filled();
        let saved = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<OrderDraft>(&saved).unwrap(), draft);

        let old: OrderDraft =
            serde_json::from_str(r#"{"customer_name":"Bo","quantities":{"Margherita Pizza":500,"Not on the menu":2,"Greek Salad":0}}"#)
                .unwrap();
        assert_eq!(old.special_instructions, "");
        assert_eq!(old.quantity(&menu(), 0), MAX_QUANTITY);
        assert_eq!(old.lines(&menu()).count(), 1);
        assert_eq!(
            old.total(&menu()),
            menu().items()[0].price.times(MAX_QUANTITY)
        );
        let order = old.to_order(&menu(), "ORD-1".into(), 0).unwrap();
        assert_eq!(order.check(), Ok(()));
        assert_eq!(order.items.len(), 1);
    }

    #[test]
    fn a_plain_dish_that_requires_a_choice_gets_the_first_option_at_the_menu_price() {
        let mut draft = OrderDraft::default();
        draft.set_quantity(&menu(), index_of("Margherita Pizza"), 2);
        let items = draft.items(&menu());
        assert_eq!(items[0].modifiers[0].name, "Regular");
        assert_eq!(items[0].price, Cents(1299));
    }

    #[test]
    fn two_lines_of_one_dish_with_different_choices_stay_two_lines_and_the_total_includes_them() {
        let mut draft = OrderDraft {
            customer_name: "Ada".into(),
            ..OrderDraft::default()
        };
        let pizza = |mods: &[&str], note: &str| CustomLine {
            dish: "Margherita Pizza".into(),
            quantity: 1,
            modifiers: mods.iter().map(|m| (*m).to_owned()).collect(),
            note: note.into(),
        };
        draft.add_custom(pizza(&["Large", "Extra cheese"], "well done"));
        draft.add_custom(pizza(&["No basil"], ""));
        draft.add_custom(pizza(&["No basil"], " "));
        let items = draft.items(&menu());
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].price, Cents(1299 + 300 + 150));
        assert_eq!(items[0].note.as_deref(), Some("well done"));
        let names: Vec<&str> = items[1].modifiers.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["Regular", "No basil"],
            "the required size, then the choice"
        );
        assert_eq!(items[1].quantity, 2);
        assert_eq!(draft.total(&menu()), Cents(1749 + 2 * 1299));
        let order = draft.to_order(&menu(), "ORD-M".into(), 0).unwrap();
        assert_eq!(order.total_problem(), None);
        assert_eq!(decode(order.to_json().as_bytes()), Ok(order));
        draft.step_custom(1, false);
        draft.step_custom(1, false);
        assert_eq!(draft.custom.len(), 1);
    }

    #[test]
    fn a_pick_one_group_keeps_one_choice_and_unknown_choices_are_left_out() {
        let mut draft = OrderDraft::default();
        draft.add_custom(CustomLine {
            dish: "Classic Cheeseburger".into(),
            quantity: 1,
            modifiers: vec!["Medium".into(), "Well done".into(), "Truffle".into()],
            note: String::new(),
        });
        let names: Vec<String> = draft.items(&menu())[0]
            .modifiers
            .iter()
            .map(|m| m.name.clone())
            .collect();
        assert_eq!(names, ["Medium"]);
    }

    #[test]
    fn the_order_says_where_it_goes_and_table_and_guests_only_for_dine_in() {
        let mut draft = filled();
        draft.order_type = "dine_in".into();
        draft.table = " 12 ".into();
        draft.guests = "4".into();
        draft.rush = true;
        let order = draft.to_order(&menu(), "ORD-D".into(), 0).unwrap();
        assert_eq!(order.order_type, Some(OrderType::DineIn));
        assert_eq!(
            (order.table.as_deref(), order.guests, order.rush),
            (Some("12"), Some(4), true)
        );
        draft.order_type = "takeout".into();
        let order = draft.to_order(&menu(), "ORD-T".into(), 0).unwrap();
        assert_eq!((order.table, order.guests), (None, None));
        draft.order_type = "dine_in".into();
        draft.guests = "0".into();
        draft.table = "x".repeat(13);
        let fields: Vec<DraftField> = draft.validate(&menu()).iter().map(|e| e.field).collect();
        assert_eq!(fields, [DraftField::Table, DraftField::Guests]);
    }

    #[test]
    fn for_later_is_today_at_that_local_time_or_tomorrow_once_it_has_passed() {
        const H: i64 = 3_600_000;
        let noon_utc = 1_796_299_200_000; // 2026-12-03 12:00 UTC
        let mut draft = filled();
        draft.later = "19:30".into();
        // In UTC+1 it is 13:00: 19:30 local is 18:30 UTC today.
        assert_eq!(
            draft.due_at(noon_utc, 60),
            Ok(Some(noon_utc + 6 * H + 30 * 60_000))
        );
        draft.later = "09:00".into();
        assert_eq!(draft.due_at(noon_utc, 0), Ok(Some(noon_utc + 21 * H)));
        draft.later = "25:00".into();
        assert_eq!(draft.due_at(noon_utc, 0), Err(DraftProblem::BadTime));
        assert_eq!(draft.validate(&menu())[0].field, DraftField::Later);
        draft.later = String::new();
        assert_eq!(draft.due_at(noon_utc, 0), Ok(None));
    }
}
