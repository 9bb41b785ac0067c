//! The kitchen's decisions on tickets: bump, cancel, recall, undo and claims. Each is a function of the board,
//! the input, the time and who acts, and returns the status change to apply and publish (or nothing) — the
//! page applies it to the board, publishes it retained, and keeps it until the broker acknowledges it.
//!
//! Boards agree because a status carries its time and the latest change wins (`Board::apply_status`).

use super::ageing::AgeFrom;
use super::board::Board;
use super::parts::{self, Part, PartUpdate};
use super::stations::Station;
use super::ticket::{Status, StatusUpdate, Ticket};
use super::time::UnixMillis;

/// How long "Undo" stays offered after a bump or a cancel.
pub const UNDO_WINDOW_MS: UnixMillis = 10_000;

/// A bump or cancel made on this board, for "Undo".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    pub order_id: String,
    pub customer: String,
    /// What it was changed to.
    pub status: Status,
    pub at: UnixMillis,
    /// A station's change: the part as it was, and as this board made it.
    pub part: Option<(Part, Part)>,
}

/// The change `status` for a ticket, carrying its parts as the change leaves them and its order while the
/// ticket stays open (a board opened later gets the ticket from the retained status).
fn change(ticket: &Ticket, status: Status, now: UnixMillis, by: &str) -> StatusUpdate {
    let versions = parts::whole_changes(&ticket.parts, status, now, by);
    StatusUpdate::new(&ticket.order.order_id, status, now, by)
        .with_parts(&parts::merged(&ticket.parts, versions))
        .with_order(&ticket.order)
        .with_ready_at(ticket.ready_at)
        .with_started_at(ticket.started_at)
}

/// What a station's change publishes: the part on its own topic and, when the order's status changes
/// with it, that status too (for readers that know only the order-level status, and the pickup screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartChange {
    pub part: PartUpdate,
    pub status: Option<StatusUpdate>,
}

/// A new version of one ticket's part, and the order's status if it follows.
fn part_change(ticket: &Ticket, version: Part, now: UnixMillis, by: &str) -> PartChange {
    let after = parts::merged(&ticket.parts, vec![version.clone()]);
    let status = parts::derive(ticket.level, &after);
    PartChange {
        status: (status != ticket.status).then(|| {
            StatusUpdate::new(&ticket.order.order_id, status, now, by)
                .with_parts(&after)
                .with_order(&ticket.order)
                .with_ready_at(ticket.ready_at)
                .with_started_at(ticket.started_at)
        }),
        part: PartUpdate {
            order_id: ticket.order.order_id.clone(),
            part: version,
        },
    }
}

/// A station's rule applied to its part of an open ticket.
fn on_part(
    board: &Board,
    order_id: &str,
    station: &Station,
    now: UnixMillis,
    by: &str,
    rule: impl FnOnce(&Part) -> Option<Part>,
) -> Option<PartChange> {
    let ticket = board.find(order_id).filter(|t| !t.status.is_done())?;
    let version = rule(station.part(ticket)?)?;
    Some(part_change(ticket, version, now, by))
}

/// A station's bump: its part new → preparing → done (the order ready once every part is).
pub fn bump_part(
    board: &Board,
    order_id: &str,
    station: &Station,
    now: UnixMillis,
    by: &str,
) -> Option<PartChange> {
    on_part(board, order_id, station, now, by, |p| p.bumped(now, by))
}

/// A tap on one line of a station's card: crossed off, or back on.
pub fn cross_line(
    board: &Board,
    order_id: &str,
    station: &Station,
    line: u32,
    now: UnixMillis,
    by: &str,
) -> Option<PartChange> {
    on_part(board, order_id, station, now, by, |p| {
        p.crossed(line, now, by)
    })
}

/// A done part back to its station (the expo sends it back, or the station recalls it).
pub fn send_back(
    board: &Board,
    order_id: &str,
    station: &Station,
    now: UnixMillis,
    by: &str,
) -> Option<PartChange> {
    on_part(board, order_id, station, now, by, |p| p.sent_back(now, by))
}

/// A station's R: its part finished most recently (of an order still open) back to the station.
pub fn recall_latest_part(
    board: &Board,
    station: &Station,
    now: UnixMillis,
    by: &str,
) -> Option<PartChange> {
    let latest = board
        .open()
        .filter_map(|t| station.part(t).filter(|p| p.is_done()).map(|p| (p.at, t)))
        .max_by_key(|(at, _)| *at)?
        .1;
    send_back(board, &latest.order.order_id, station, now, by)
}

/// The expo's hand-off: a ready order served.
pub fn hand_off(board: &Board, order_id: &str, now: UnixMillis, by: &str) -> Option<StatusUpdate> {
    let ticket = board.find(order_id).filter(|t| t.status == Status::Ready)?;
    Some(change(ticket, Status::Served, now, by))
}

/// What a station's change leaves for "Undo".
pub fn last_part_change(board: &Board, change: &PartChange) -> Option<LastChange> {
    let ticket = board.find(&change.part.order_id)?;
    let was = ticket
        .parts
        .iter()
        .find(|p| p.station == change.part.part.station)?;
    Some(LastChange {
        order_id: ticket.order.order_id.clone(),
        customer: ticket.order.customer_name.clone(),
        status: ticket.status,
        at: change.part.part.at,
        part: Some((was.clone(), change.part.part.clone())),
    })
}

/// Takes back a station's last change: within [`UNDO_WINDOW_MS`] and only while nobody has changed that
/// part since — the part as it was, as a new version.
pub fn undo_part(
    board: &Board,
    last: &LastChange,
    now: UnixMillis,
    by: &str,
) -> Option<PartChange> {
    let (was, set) = last.part.as_ref()?;
    let station = Station::Only(set.station.clone());
    let ticket = board.find(&last.order_id)?;
    let unchanged = station.part(ticket).is_some_and(|p| p == set);
    if now - last.at >= UNDO_WINDOW_MS || !unchanged {
        return None;
    }
    let version = Part {
        at: now,
        by: by.to_owned(),
        ..was.clone()
    };
    Some(part_change(ticket, version, now, by))
}

/// One step forward: new → preparing → ready → served. Nothing for a finished or unknown ticket.
pub fn bump(board: &Board, order_id: &str, now: UnixMillis, by: &str) -> Option<StatusUpdate> {
    let ticket = board.find(order_id)?;
    let next = ticket.status.next()?;
    Some(change(ticket, next, now, by))
}

/// Cancels an open ticket; a served or cancelled one stays as it is.
pub fn cancel(board: &Board, order_id: &str, now: UnixMillis, by: &str) -> Option<StatusUpdate> {
    let ticket = board.find(order_id).filter(|t| !t.status.is_done())?;
    Some(change(ticket, Status::Cancelled, now, by))
}

/// What the counter may still do about an order it placed (see [`counter_cancel`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterCancel {
    /// Not on this board yet, finished, or the window is over: nothing to offer.
    Closed,
    /// Nobody has started it: one tap cancels.
    Offer,
    /// The kitchen has started it (or it is ready): cancel only after a warning.
    Warn,
    /// It is cancelled: said beside it.
    Cancelled,
}

/// Whether the counter may cancel an order placed at `placed_at`, `window` long after placing it.
pub fn counter_cancel(
    board: &Board,
    order_id: &str,
    placed_at: UnixMillis,
    now: UnixMillis,
    window: UnixMillis,
) -> CounterCancel {
    let Some(ticket) = board.find(order_id) else {
        return CounterCancel::Closed;
    };
    match ticket.status {
        Status::Cancelled => CounterCancel::Cancelled,
        Status::Served => CounterCancel::Closed,
        // No window means never (a clock a second behind the order's own time included).
        _ if window <= 0 || now - placed_at >= window => CounterCancel::Closed,
        Status::New => CounterCancel::Offer,
        Status::Preparing | Status::Ready => CounterCancel::Warn,
    }
}

/// Back to the status before the last change, in its old place; a ticket whose earlier status is not known
/// (restored, or only ever heard finished) goes back to ready — it was made.
pub fn recall(board: &Board, order_id: &str, now: UnixMillis, by: &str) -> Option<StatusUpdate> {
    let ticket = board.find(order_id)?;
    Some(change(
        ticket,
        ticket.previous.unwrap_or(Status::Ready),
        now,
        by,
    ))
}

/// The ticket served or cancelled most recently, back on the board.
pub fn recall_latest(board: &Board, now: UnixMillis, by: &str) -> Option<StatusUpdate> {
    let latest = board
        .tickets()
        .filter(|t| t.status.is_done())
        .max_by_key(|t| t.status_at)?;
    recall(board, &latest.order.order_id, now, by)
}

/// What a change made here leaves for "Undo": only bumps and cancels (a recall is itself a taking back).
pub fn last_change(board: &Board, update: &StatusUpdate, was_recall: bool) -> Option<LastChange> {
    if was_recall {
        return None;
    }
    let customer = board
        .find(&update.order_id)
        .map(|t| t.order.customer_name.clone())
        .unwrap_or_default();
    Some(LastChange {
        order_id: update.order_id.clone(),
        customer,
        status: update.status,
        at: update.at_ms(),
        part: None,
    })
}

/// The last change, while "Undo" is still offered for it.
pub fn undo_offered(last: Option<&LastChange>, now: UnixMillis) -> Option<&LastChange> {
    last.filter(|c| now - c.at < UNDO_WINDOW_MS)
}

/// Takes back the last bump or cancel made here: within [`UNDO_WINDOW_MS`] and only while nobody has
/// changed that ticket since (undoing another board's change is not this board's to do). `None`: the
/// offer is over, and "Undo" goes away.
pub fn undo(board: &Board, last: &LastChange, now: UnixMillis, by: &str) -> Option<StatusUpdate> {
    let unchanged = board
        .find(&last.order_id)
        .is_some_and(|t| t.status == last.status);
    if now - last.at < UNDO_WINDOW_MS && unchanged {
        recall(board, &last.order_id, now, by)
    } else {
        None
    }
}

/// Whether an order still needs a retained status carrying it (no board has published one; still open).
pub fn needs_claim(board: &Board, order_id: &str) -> bool {
    board
        .find(order_id)
        .is_some_and(|t| !t.status.is_done() && t.status_at.is_none())
}

/// The retained "new" status carrying an order nobody has published a status for. Timed when the order
/// was placed (or received), never later: any real bump, on any board, is newer and wins over it.
pub fn claim(board: &Board, order_id: &str, by: &str) -> Option<StatusUpdate> {
    let ticket = board
        .find(order_id)
        .filter(|_| needs_claim(board, order_id))?;
    let at = AgeFrom::of(ticket.order.timestamp.as_deref(), ticket.received_at).at();
    Some(change(ticket, Status::New, at, by))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Cents;
    use crate::domain::order::{Order, OrderItem};

    const BY: &str = "board-1";

    fn order(id: &str, customer: &str) -> Order {
        let items = vec![OrderItem::plain("Margherita Pizza".into(), 1, Cents(1299))];
        Order::new(id.into(), customer.into(), items, 0, None)
    }

    /// A board with tickets A (Ada), B (Bo) and C (Cy), received at 1 000, 2 000 and 3 000.
    fn board() -> Board {
        let mut board = Board::default();
        for (i, (id, name)) in [("A", "Ada"), ("B", "Bo"), ("C", "Cy")].iter().enumerate() {
            board.add(order(id, name), (i as i64 + 1) * 1_000);
        }
        board
    }

    #[test]
    fn the_counter_cancels_its_order_within_the_window_and_is_warned_once_the_kitchen_started() {
        let mut b = board();
        let window = 5 * 60_000;
        let at = |now| counter_cancel(&b, "A", 1_000, now, window);
        assert_eq!(at(2_000), CounterCancel::Offer);
        assert_eq!(at(1_000 + window), CounterCancel::Closed);
        assert_eq!(
            counter_cancel(&b, "A", 1_000, 900, 0),
            CounterCancel::Closed,
            "no window"
        );
        assert_eq!(
            counter_cancel(&b, "Z", 1_000, 2_000, window),
            CounterCancel::Closed
        );
        apply(&mut b, |b| bump(b, "A", 3_000, BY));
        assert_eq!(
            counter_cancel(&b, "A", 1_000, 4_000, window),
            CounterCancel::Warn
        );
        apply(&mut b, |b| cancel(b, "A", 5_000, BY));
        assert_eq!(
            counter_cancel(&b, "A", 1_000, 1_000 + window * 2, window),
            CounterCancel::Cancelled
        );
    }

    /// Decides on the board as it is, then applies the change, as the page does.
    fn apply(
        board: &mut Board,
        decide: impl FnOnce(&Board) -> Option<StatusUpdate>,
    ) -> StatusUpdate {
        let update = decide(board).expect("a change");
        board.apply_status(&update);
        update
    }

    #[test]
    fn a_served_status_carries_when_the_order_was_ready_so_a_board_hearing_only_it_knows() {
        let mut kitchen = Board::default();
        kitchen.add(crate::domain::fixtures::order("A", &[("Tea", 1)]), 1_000);
        apply(&mut kitchen, |b| bump(b, "A", 2_000, "k"));
        let ready = apply(&mut kitchen, |b| bump(b, "A", 5_000, "k"));
        assert_eq!(
            (ready.status, ready.ready_at.as_deref()),
            (Status::Ready, None),
            "its time is `at`"
        );
        let served = apply(&mut kitchen, |b| bump(b, "A", 9_000, "k"));
        assert_eq!(served.status, Status::Served);
        assert_eq!(served.ready_ms(), kitchen.find("A").unwrap().ready_at);
        assert!(
            served.to_json().contains("\"ready_at\":"),
            "{}",
            served.to_json()
        );
        // A board opened after service hears the order and only the latest status.
        let mut later = Board::default();
        later.add(crate::domain::fixtures::order("A", &[("Tea", 1)]), 1_000);
        later.apply_status(&StatusUpdate::decode(served.to_json().as_bytes()).unwrap());
        assert_eq!(later.find("A").unwrap().ready_at, Some(5_000));
    }

    #[test]
    fn the_statuses_after_a_start_carry_when_it_was_so_the_history_of_a_board_hearing_only_them_has_it(
    ) {
        let mut kitchen = Board::default();
        kitchen.add(crate::domain::fixtures::order("A", &[("Tea", 1)]), 1_000);
        let started = apply(&mut kitchen, |b| bump(b, "A", 2_000, "k"));
        assert_eq!(
            (started.status, started.started_at.as_deref()),
            (Status::Preparing, None),
            "its time is `at`"
        );
        let ready = apply(&mut kitchen, |b| bump(b, "A", 5_000, "k"));
        assert_eq!(ready.started_ms(), Some(2_000));
        let served = apply(&mut kitchen, |b| bump(b, "A", 9_000, "k"));
        assert_eq!(served.started_ms(), Some(2_000));
        // A board opened after service hears the order and only the latest status.
        let mut later = Board::default();
        later.add(crate::domain::fixtures::order("A", &[("Tea", 1)]), 1_000);
        later.apply_status(&StatusUpdate::decode(served.to_json().as_bytes()).unwrap());
        let ticket = later.find("A").unwrap();
        assert_eq!(ticket.started_at, Some(2_000));
        let record = crate::domain::history::Record::of(ticket).unwrap();
        assert_eq!((record.started, record.ready), (Some(2_000), Some(5_000)));
    }

    fn status(board: &Board, id: &str) -> Status {
        board.find(id).unwrap().status
    }

    #[test]
    fn a_bump_moves_a_new_ticket_to_preparing_timed_now_and_signed_by_this_board() {
        let update = bump(&board(), "A", 50_000, BY).unwrap();
        assert_eq!(update.status, Status::Preparing);
        assert_eq!(update.at_ms(), 50_000);
        assert_eq!(update.by, BY);
        assert_eq!(update.order_id, "A");
    }

    #[test]
    fn bumps_walk_a_ticket_through_preparing_ready_and_served_then_stop() {
        let mut b = board();
        let mut seen = Vec::new();
        for now in 1..=4 {
            match bump(&b, "A", now * 10_000, BY) {
                Some(update) => {
                    seen.push(update.status);
                    b.apply_status(&update);
                }
                None => break,
            }
        }
        assert_eq!(seen, [Status::Preparing, Status::Ready, Status::Served]);
        assert_eq!(bump(&b, "A", 99_000, BY), None, "served is the end");
    }

    #[test]
    fn a_bump_of_an_order_not_on_the_board_publishes_nothing() {
        assert_eq!(bump(&board(), "nope", 1, BY), None);
        assert_eq!(cancel(&board(), "nope", 1, BY), None);
        assert_eq!(recall(&board(), "nope", 1, BY), None);
    }

    #[test]
    fn an_open_ticket_s_change_carries_its_order_for_boards_opened_later() {
        let update = bump(&board(), "B", 5, BY).unwrap();
        assert_eq!(
            update.order.as_ref().map(|o| o.customer_name.as_str()),
            Some("Bo")
        );
    }

    #[test]
    fn a_served_or_cancelled_change_leaves_the_order_out_so_the_broker_keeps_only_open_orders() {
        let mut b = board();
        for now in 1..=2 {
            apply(&mut b, |b| bump(b, "A", now, BY));
        }
        assert_eq!(bump(&b, "A", 3, BY).unwrap().order, None);
        assert_eq!(cancel(&b, "B", 3, BY).unwrap().order, None);
    }

    #[test]
    fn cancel_ends_an_open_ticket_at_any_step() {
        let mut b = board();
        apply(&mut b, |b| bump(b, "B", 10, BY));
        for id in ["A", "B"] {
            let update = apply(&mut b, |b| cancel(b, id, 20, BY));
            assert_eq!(update.status, Status::Cancelled);
        }
        assert_eq!(status(&b, "B"), Status::Cancelled);
    }

    #[test]
    fn a_finished_ticket_cannot_be_cancelled_again() {
        let mut b = board();
        apply(&mut b, |b| cancel(b, "A", 10, BY));
        assert_eq!(cancel(&b, "A", 20, BY), None);
        for now in 1..=3 {
            apply(&mut b, |b| bump(b, "B", now, BY));
        }
        assert_eq!(status(&b, "B"), Status::Served);
        assert_eq!(cancel(&b, "B", 20, BY), None, "served stays served");
    }

    #[test]
    fn recall_puts_a_ticket_back_to_the_status_it_had_before_its_last_change() {
        let mut b = board();
        apply(&mut b, |b| bump(b, "A", 10, BY));
        apply(&mut b, |b| cancel(b, "A", 20, BY));
        assert_eq!(
            apply(&mut b, |b| recall(b, "A", 30, BY)).status,
            Status::Preparing
        );
    }

    #[test]
    fn recall_of_a_ticket_with_no_earlier_status_known_brings_it_back_as_ready() {
        let mut b = Board::default();
        b.add(order("X", "Xi"), 1);
        // Heard only finished, so no earlier status is known.
        let mut t = b.snapshot(10);
        t[0].status = Status::Served;
        t[0].previous = None;
        let mut restored = Board::default();
        restored.restore(t);
        assert_eq!(recall(&restored, "X", 5, BY).unwrap().status, Status::Ready);
    }

    #[test]
    fn recall_latest_brings_back_the_ticket_finished_most_recently_not_the_newest_order() {
        let mut b = board();
        apply(&mut b, |b| cancel(b, "C", 100, BY));
        apply(&mut b, |b| cancel(b, "A", 200, BY));
        let update = recall_latest(&b, 300, BY).unwrap();
        assert_eq!(
            (update.order_id.as_str(), update.status),
            ("A", Status::New)
        );
    }

    #[test]
    fn recall_latest_on_a_board_with_nothing_finished_does_nothing() {
        assert_eq!(recall_latest(&board(), 1, BY), None);
    }

    #[test]
    fn a_bump_leaves_an_undo_naming_the_customer_and_what_it_was_changed_to() {
        let mut b = board();
        let update = apply(&mut b, |b| bump(b, "B", 7_000, BY));
        let last = last_change(&b, &update, false).unwrap();
        assert_eq!(
            last,
            LastChange {
                order_id: "B".into(),
                customer: "Bo".into(),
                status: Status::Preparing,
                at: 7_000,
                part: None,
            }
        );
        assert_eq!(
            (last.customer.as_str(), last.status),
            ("Bo", Status::Preparing)
        );
    }

    #[test]
    fn a_cancel_s_undo_says_it_takes_back_the_cancel() {
        let mut b = board();
        let update = apply(&mut b, |b| cancel(b, "C", 7_000, BY));
        let last = last_change(&b, &update, false).unwrap();
        assert_eq!(
            (last.customer.as_str(), last.status),
            ("Cy", Status::Cancelled)
        );
    }

    #[test]
    fn a_recall_leaves_nothing_to_undo() {
        let mut b = board();
        apply(&mut b, |b| cancel(b, "A", 1, BY));
        let update = apply(&mut b, |b| recall(b, "A", 2, BY));
        assert_eq!(last_change(&b, &update, true), None);
    }

    #[test]
    fn undo_within_ten_seconds_takes_the_ticket_back_one_step() {
        let mut b = board();
        let update = apply(&mut b, |b| bump(b, "A", 1_000, BY));
        let last = last_change(&b, &update, false).unwrap();
        let back = undo(&b, &last, 1_000 + UNDO_WINDOW_MS - 1, BY).unwrap();
        assert_eq!(back.status, Status::New);
    }

    #[test]
    fn undo_after_the_window_does_nothing() {
        let mut b = board();
        let update = apply(&mut b, |b| bump(b, "A", 1_000, BY));
        let last = last_change(&b, &update, false).unwrap();
        assert_eq!(undo(&b, &last, 1_000 + UNDO_WINDOW_MS, BY), None);
    }

    #[test]
    fn undo_does_not_take_back_a_change_another_board_made_since() {
        let mut b = board();
        let update = apply(&mut b, |b| bump(b, "A", 1_000, BY));
        let last = last_change(&b, &update, false).unwrap();
        // Another board moves it on to ready.
        b.apply_status(&StatusUpdate::new("A", Status::Ready, 2_000, "board-2"));
        assert_eq!(undo(&b, &last, 3_000, BY), None);
    }

    #[test]
    fn undo_is_offered_only_within_its_window() {
        let last = LastChange {
            order_id: "A".into(),
            customer: "Ada".into(),
            status: Status::Ready,
            at: 1_000,
            part: None,
        };
        assert!(undo_offered(Some(&last), 1_000).is_some());
        assert!(undo_offered(Some(&last), 1_000 + UNDO_WINDOW_MS - 1).is_some());
        assert!(undo_offered(Some(&last), 1_000 + UNDO_WINDOW_MS).is_none());
        assert!(undo_offered(None, 0).is_none());
    }

    #[test]
    fn an_undone_change_published_later_wins_over_the_change_it_takes_back() {
        let mut b = board();
        let bumped = apply(&mut b, |b| bump(b, "A", 1_000, BY));
        let last = last_change(&b, &bumped, false).unwrap();
        let back = apply(&mut b, |b| undo(b, &last, 2_000, BY));
        // A board hearing both, in either order, ends where this one did.
        let mut other = board();
        other.apply_status(&back);
        other.apply_status(&bumped);
        assert_eq!(status(&other, "A"), Status::New);
        assert_eq!(status(&b, "A"), Status::New);
    }

    #[test]
    fn an_order_with_no_status_yet_is_claimed_as_new_timed_when_it_was_placed() {
        let mut b = Board::default();
        let mut o = order("P", "Pat");
        o.timestamp = Some("1970-01-01T00:01:00Z".into());
        b.add(o, 90_000);
        let update = claim(&b, "P", BY).unwrap();
        assert_eq!(update.status, Status::New);
        assert_eq!(update.at_ms(), 60_000, "placed, not received");
        assert!(update.order.is_some(), "it carries the order");
    }

    #[test]
    fn an_order_without_a_believable_time_is_claimed_as_of_when_it_arrived() {
        let mut b = Board::default();
        let mut o = order("Q", "Quinn");
        o.timestamp = Some("tomorrow".into());
        b.add(o, 2_000);
        assert_eq!(claim(&b, "Q", BY).unwrap().at_ms(), 2_000);
    }

    #[test]
    fn an_order_someone_already_published_a_status_for_is_not_claimed() {
        let mut b = board();
        b.apply_status(&StatusUpdate::new("A", Status::New, 5, "board-2"));
        assert!(!needs_claim(&b, "A"));
        assert_eq!(claim(&b, "A", BY), None);
        assert!(needs_claim(&b, "B"));
    }

    #[test]
    fn a_finished_or_unknown_order_is_not_claimed() {
        let mut b = board();
        apply(&mut b, |b| cancel(b, "A", 5, BY));
        assert_eq!(claim(&b, "A", BY), None);
        assert_eq!(claim(&b, "zzz", BY), None);
    }

    #[test]
    fn any_real_bump_is_newer_than_the_claim_and_wins_on_every_board() {
        let mut b = board();
        let claimed = claim(&b, "C", BY).unwrap();
        let bumped = apply(&mut b, |b| bump(b, "C", 10_000, "board-2"));
        let mut late = board();
        late.apply_status(&bumped);
        late.apply_status(&claimed);
        assert_eq!(status(&late, "C"), Status::Preparing);
    }

    #[test]
    fn a_retained_status_older_than_twelve_hours_is_stale() {
        use crate::domain::ticket::RETAINED_STATUS_TTL_MS;
        let update = StatusUpdate::new("A", Status::Ready, 0, BY);
        assert!(!update.is_stale(RETAINED_STATUS_TTL_MS));
        assert!(update.is_stale(RETAINED_STATUS_TTL_MS + 1));
    }

    /// Pizza and iced tea for Ada ("P"), on a board.
    fn two_stations() -> Board {
        let mut board = Board::default();
        let items = vec![
            OrderItem::plain("Margherita Pizza".into(), 1, Cents(1299)),
            OrderItem::plain("Iced Tea".into(), 2, Cents(299)),
        ];
        board.add(Order::new("P".into(), "Ada".into(), items, 0, None), 1_000);
        board
    }

    /// Applies a station's change as the page does: the part, then the status that came with it.
    fn apply_part(
        board: &mut Board,
        decide: impl FnOnce(&Board) -> Option<PartChange>,
    ) -> PartChange {
        let change = decide(board).expect("a change");
        board.apply_part(&change.part);
        if let Some(status) = &change.status {
            board.apply_status(status);
        }
        change
    }

    #[test]
    fn a_station_bump_moves_only_its_part_and_the_order_is_ready_when_every_part_is() {
        let mut b = two_stations();
        let (drinks, pizza) = (
            Station::Only("Drinks".into()),
            Station::Only("Pizza".into()),
        );
        let start = apply_part(&mut b, |b| bump_part(b, "P", &drinks, 2_000, BY));
        assert_eq!(start.part.part.station, "Drinks");
        assert_eq!(
            start.status.as_ref().map(|s| s.status),
            Some(Status::Preparing),
            "the order follows its first started part"
        );
        let done = apply_part(&mut b, |b| bump_part(b, "P", &drinks, 3_000, BY));
        assert_eq!(done.part.part.state, parts::PartState::Done);
        assert_eq!(done.status, None, "still preparing: the pizza is not done");
        assert_eq!(status(&b, "P"), Status::Preparing);
        assert!(
            bump_part(&b, "P", &drinks, 3_500, BY).is_none(),
            "done is the end"
        );
        // The pizza cook crosses off the one line: the part is done, and with it the order.
        let crossed = apply_part(&mut b, |b| cross_line(b, "P", &pizza, 0, 4_000, BY));
        assert_eq!(crossed.part.part.state, parts::PartState::Done);
        let ready = crossed.status.expect("the order's status with it");
        assert_eq!(ready.status, Status::Ready);
        assert_eq!(
            ready.parts.as_ref().map(Vec::len),
            Some(2),
            "it carries every part"
        );
        assert_eq!(status(&b, "P"), Status::Ready);
        // The expo sends the drinks back: preparing again; then hands off once ready.
        assert!(hand_off(&b, "P", 4_500, BY).is_some());
        apply_part(&mut b, |b| send_back(b, "P", &drinks, 5_000, BY));
        assert_eq!(status(&b, "P"), Status::Preparing);
        assert!(hand_off(&b, "P", 5_500, BY).is_none(), "not ready");
        // The pizza station's R brings back its part finished last.
        let back = apply_part(&mut b, |b| recall_latest_part(b, &pizza, 6_000, BY));
        assert_eq!(back.part.part.station, "Pizza");
        assert_eq!(back.part.part.state, parts::PartState::Preparing);
        assert!(
            recall_latest_part(&b, &pizza, 7_000, BY).is_none(),
            "nothing done left"
        );
    }

    #[test]
    fn a_station_undo_puts_its_part_back_unless_someone_changed_it_since() {
        let mut b = two_stations();
        let drinks = Station::Only("Drinks".into());
        let change = bump_part(&b, "P", &drinks, 2_000, BY).unwrap();
        let last = last_part_change(&b, &change).unwrap();
        apply_part(&mut b, |_| Some(change));
        let back = apply_part(&mut b, |b| undo_part(b, &last, 3_000, BY));
        assert_eq!(back.part.part.state, parts::PartState::New);
        assert_eq!(status(&b, "P"), Status::New);
        // Changed elsewhere since: no undo.
        let change = bump_part(&b, "P", &drinks, 4_000, BY).unwrap();
        let last = last_part_change(&b, &change).unwrap();
        apply_part(&mut b, |_| Some(change));
        apply_part(&mut b, |b| bump_part(b, "P", &drinks, 5_000, "board-2"));
        assert_eq!(undo_part(&b, &last, 6_000, BY), None);
    }

    #[test]
    fn the_all_in_one_bump_marks_every_part_and_a_plain_client_s_ready_does_too() {
        let mut b = two_stations();
        let update = apply(&mut b, |b| bump(b, "P", 2_000, BY));
        let parts = update.parts.expect("its parts");
        assert!(parts.iter().all(|p| p.state == parts::PartState::Preparing));
        let plain = StatusUpdate::decode(
            br#"{"order_id":"P","status":"ready","at":"2026-12-03T20:00:00Z"}"#,
        )
        .unwrap();
        b.apply_status(&plain);
        let ticket = b.find("P").unwrap();
        assert!(ticket.parts.iter().all(|p| p.is_done()));
        assert_eq!(ticket.status, Status::Ready);
    }
}
