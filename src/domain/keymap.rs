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
        _ => return None,
    })
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
}
