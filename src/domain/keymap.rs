//! The kitchen screen's key map (a bump bar types keys like a keyboard) and which ticket is selected.

/// What a key does on the kitchen screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    /// Select the ticket at this position (0 is the first shown).
    Select(usize),
    /// Move the selection by this many tickets.
    Move(isize),
    First,
    Last,
    /// Forward one step: new → preparing → ready → served.
    Bump,
    Cancel,
    /// Bring back the ticket finished most recently.
    Recall,
    /// Take back the last bump or cancel.
    Undo,
    /// Drop the selection.
    Clear,
    /// Show the next (1) or previous (-1) page of tickets on the wall.
    Page(isize),
    /// Show or hide the key map.
    Help,
}

/// The documented key map (README, "Bump bar and keys"). `key` is `KeyboardEvent.key`.
pub fn key_action(key: &str) -> Option<KeyAction> {
    Some(match key {
        "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => {
            KeyAction::Select(key.parse::<usize>().ok()? - 1)
        }
        "ArrowRight" | "ArrowDown" => KeyAction::Move(1),
        "ArrowLeft" | "ArrowUp" => KeyAction::Move(-1),
        "Home" => KeyAction::First,
        "End" => KeyAction::Last,
        "Enter" | " " => KeyAction::Bump,
        "Delete" | "c" | "C" => KeyAction::Cancel,
        "r" | "R" => KeyAction::Recall,
        "u" | "U" | "Backspace" => KeyAction::Undo,
        "Escape" => KeyAction::Clear,
        "PageDown" => KeyAction::Page(1),
        "PageUp" => KeyAction::Page(-1),
        "?" => KeyAction::Help,
        _ => return None,
    })
}

/// What a key press comes to on the kitchen screen, given the selection's place `at` among the tickets
/// shown (`ids`, in screen order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPlan {
    /// A held key repeating an action: swallowed (holding Enter would serve ticket after ticket).
    Swallow,
    Bump(String),
    Cancel(String),
    RecallLatest,
    Undo,
    /// Drop the selection.
    Clear,
    /// Turn the wall's page by this many pages.
    Page(isize),
    /// Show or hide the key map.
    Help,
    /// Select (and focus) the ticket at this place.
    Select {
        id: String,
        at: usize,
    },
    /// Nothing to act on (no selection, or no ticket there); the key is still the board's.
    Nothing,
}

impl KeyPlan {
    /// After acting, the ticket acted on stays selected, in the place it had.
    pub fn then_select(
        action: KeyAction,
        at: Option<usize>,
        ids: &[String],
    ) -> Option<(String, usize)> {
        match action {
            KeyAction::Bump | KeyAction::Cancel | KeyAction::Recall | KeyAction::Undo => {
                let at = at?;
                Some((ids.get(at)?.clone(), at))
            }
            _ => None,
        }
    }
}

/// Decides what a key does: moving may repeat, acting must not.
pub fn plan_key(action: KeyAction, repeat: bool, at: Option<usize>, ids: &[String]) -> KeyPlan {
    let acts = !matches!(
        action,
        KeyAction::Select(_)
            | KeyAction::Move(_)
            | KeyAction::First
            | KeyAction::Last
            | KeyAction::Page(_)
    );
    if repeat && acts {
        return KeyPlan::Swallow;
    }
    let target = at.and_then(|i| ids.get(i).cloned());
    match action {
        KeyAction::Bump => target.map_or(KeyPlan::Nothing, KeyPlan::Bump),
        KeyAction::Cancel => target.map_or(KeyPlan::Nothing, KeyPlan::Cancel),
        KeyAction::Recall => KeyPlan::RecallLatest,
        KeyAction::Undo => KeyPlan::Undo,
        KeyAction::Clear => KeyPlan::Clear,
        KeyAction::Page(pages) => KeyPlan::Page(pages),
        KeyAction::Help => KeyPlan::Help,
        _ => match moved(at, action, ids.len()) {
            Some(to) => KeyPlan::Select {
                id: ids[to].clone(),
                at: to,
            },
            None => KeyPlan::Nothing,
        },
    }
}

/// The selected ticket: its order id, and the position it had, for when it leaves the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selected {
    pub id: String,
    pub index: usize,
}

/// Where the selection is among the tickets shown now: on its ticket while that is shown; once bumped off
/// (served, cancelled, filtered away) on the ticket that took its place, so the next key has a target.
pub fn selected_index<S: AsRef<str>>(shown: &[S], selected: Option<&Selected>) -> Option<usize> {
    let selected = selected?;
    if shown.is_empty() {
        return None;
    }
    shown
        .iter()
        .position(|id| id.as_ref() == selected.id)
        .or(Some(selected.index.min(shown.len() - 1)))
}

/// The position a selecting key leads to among `len` tickets shown, from the position selected now.
/// With nothing selected, moving starts at the first ticket. `None` for a key that selects nothing.
pub fn moved(current: Option<usize>, action: KeyAction, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    match action {
        KeyAction::Select(n) => (n <= last).then_some(n),
        KeyAction::Move(by) => Some(match current {
            None => 0,
            Some(at) => at.saturating_add_signed(by).min(last),
        }),
        KeyAction::First => Some(0),
        KeyAction::Last => Some(last),
        _ => None,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn page_down_and_page_up_turn_the_wall_and_select_nothing() {
        assert_eq!(key_action("PageDown"), Some(KeyAction::Page(1)));
        assert_eq!(key_action("PageUp"), Some(KeyAction::Page(-1)));
        let ids = ["A".to_owned()];
        assert_eq!(
            plan_key(KeyAction::Page(1), true, Some(0), &ids),
            KeyPlan::Page(1)
        );
    }

    use super::*;

    fn selected(id: &str, index: usize) -> Selected {
        Selected {
            id: id.into(),
            index,
        }
    }

    #[test]
    fn digits_select_by_position_and_enter_or_space_bump() {
        assert_eq!(key_action("1"), Some(KeyAction::Select(0)));
        assert_eq!(key_action("9"), Some(KeyAction::Select(8)));
        assert_eq!(key_action("0"), None);
        assert_eq!(key_action("Enter"), Some(KeyAction::Bump));
        assert_eq!(key_action(" "), Some(KeyAction::Bump));
        assert_eq!(key_action("Delete"), Some(KeyAction::Cancel));
        assert_eq!(key_action("u"), Some(KeyAction::Undo));
        assert_eq!(key_action("x"), None);
    }

    #[test]
    fn the_selection_follows_its_ticket_when_others_arrive() {
        let shown = ["new", "a", "b"];
        assert_eq!(selected_index(&shown, Some(&selected("b", 1))), Some(2));
    }

    #[test]
    fn a_bumped_off_ticket_hands_the_selection_to_the_one_in_its_place() {
        assert_eq!(
            selected_index(&["a", "c"], Some(&selected("b", 1))),
            Some(1)
        );
        // It was the last one: the new last one.
        assert_eq!(selected_index(&["a"], Some(&selected("b", 1))), Some(0));
        assert_eq!(selected_index::<&str>(&[], Some(&selected("b", 1))), None);
        assert_eq!(selected_index(&["a"], None), None);
    }

    #[test]
    fn arrows_move_within_the_tickets_shown_and_stop_at_the_ends() {
        assert_eq!(moved(None, KeyAction::Move(1), 3), Some(0));
        assert_eq!(moved(Some(0), KeyAction::Move(-1), 3), Some(0));
        assert_eq!(moved(Some(2), KeyAction::Move(1), 3), Some(2));
        assert_eq!(moved(Some(1), KeyAction::Move(1), 3), Some(2));
        assert_eq!(moved(Some(1), KeyAction::Last, 3), Some(2));
        assert_eq!(moved(None, KeyAction::Select(5), 3), None);
        assert_eq!(moved(None, KeyAction::Move(1), 0), None);
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("T{i}")).collect()
    }

    #[test]
    fn enter_bumps_the_selected_ticket_and_keeps_it_selected() {
        let ids = ids(3);
        assert_eq!(
            plan_key(KeyAction::Bump, false, Some(1), &ids),
            KeyPlan::Bump("T1".into())
        );
        assert_eq!(
            KeyPlan::then_select(KeyAction::Bump, Some(1), &ids),
            Some(("T1".into(), 1))
        );
    }

    #[test]
    fn a_held_enter_bumps_once_not_ticket_after_ticket() {
        assert_eq!(
            plan_key(KeyAction::Bump, true, Some(0), &ids(3)),
            KeyPlan::Swallow
        );
        assert_eq!(
            plan_key(KeyAction::Cancel, true, Some(0), &ids(3)),
            KeyPlan::Swallow
        );
        assert_eq!(
            plan_key(KeyAction::Undo, true, None, &ids(3)),
            KeyPlan::Swallow
        );
    }

    #[test]
    fn a_held_arrow_keeps_moving() {
        assert_eq!(
            plan_key(KeyAction::Move(1), true, Some(0), &ids(3)),
            KeyPlan::Select {
                id: "T1".into(),
                at: 1
            }
        );
    }

    #[test]
    fn bump_or_cancel_with_nothing_selected_does_nothing() {
        assert_eq!(
            plan_key(KeyAction::Bump, false, None, &ids(3)),
            KeyPlan::Nothing
        );
        assert_eq!(
            plan_key(KeyAction::Cancel, false, Some(9), &ids(3)),
            KeyPlan::Nothing
        );
    }

    #[test]
    fn recall_and_undo_need_no_selection_and_escape_clears_it() {
        assert_eq!(
            plan_key(KeyAction::Recall, false, None, &ids(0)),
            KeyPlan::RecallLatest
        );
        assert_eq!(
            plan_key(KeyAction::Undo, false, None, &ids(0)),
            KeyPlan::Undo
        );
        assert_eq!(
            plan_key(KeyAction::Clear, false, Some(0), &ids(2)),
            KeyPlan::Clear
        );
        assert_eq!(
            KeyPlan::then_select(KeyAction::Clear, Some(0), &ids(2)),
            None
        );
    }

    #[test]
    fn a_number_key_selects_the_ticket_at_that_place_if_there_is_one() {
        assert_eq!(
            plan_key(KeyAction::Select(2), false, None, &ids(3)),
            KeyPlan::Select {
                id: "T2".into(),
                at: 2
            }
        );
        assert_eq!(
            plan_key(KeyAction::Select(5), false, None, &ids(3)),
            KeyPlan::Nothing
        );
    }
}
