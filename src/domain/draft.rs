//! The order form's model: what is being typed and picked, its running total, and its field-by-field validation.

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
}

/// Which input a problem belongs to, so the form can show it next to that input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftField {
    CustomerName,
    Items,
    SpecialInstructions,
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

    /// Exact total in cents at menu prices.
    pub fn total(&self, menu: &Menu) -> Cents {
        self.lines(menu).map(|(item, q)| item.price.times(q)).sum()
    }

    /// Whether nothing has been picked (a name alone is not an order).
    pub fn is_empty(&self, menu: &Menu) -> bool {
        self.lines(menu).next().is_none()
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
        let errors = self.validate(menu);
        if !errors.is_empty() {
            return Err(errors);
        }
        let items = self
            .lines(menu)
            .map(|(item, quantity)| OrderItem::plain(item.name.to_owned(), quantity, item.price))
            .collect();
        let instructions = self.special_instructions.trim();
        let order = Order::new(
            order_id,
            self.customer_name.trim().to_owned(),
            items,
            now,
            (!instructions.is_empty()).then(|| instructions.to_owned()),
        );
        Ok(order)
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
}
