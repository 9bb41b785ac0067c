//! The board's one writer: everything that changes the tickets goes through [`BoardStore`] — a batch of
//! incoming messages, a status change made here, end of day, a restore after a reload, the history limit
//! and the menu. It also owns the throttled save of the ticket snapshot. Views get a read signal only.

use crate::domain::board::{Board, Ingested, StoredTicket};
use crate::domain::history::Record;
use crate::domain::inbound::Inbound;
use crate::domain::menu::Menu;
use crate::domain::ticket::StatusUpdate;
use crate::history::History;
use crate::storage::{self, Key};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Tickets kept across a reload: enough for a busy evening, small enough for the browser's storage.
const BOARD_KEPT: usize = 500;

#[derive(Clone, Copy)]
pub struct BoardStore {
    board: RwSignal<Board>,
    save_pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    history: History,
    /// Whether the snapshot kept in the database is on the board (or could not be read): saves wait for
    /// it, so a board just opened never writes its few tickets over the many kept.
    loaded: StoredValue<bool>,
    /// Whether the tickets came from localStorage (a page's last words, or the release before): forgotten
    /// there once the database has them.
    last_words: StoredValue<bool>,
}

/// How long what is heard waits for the kept tickets to be read: longer only when the database is held
/// by an older page, and then the board starts without them (said on the page).
const LOAD_WAIT_MS: u32 = 2_000;
/// However slow the database, what is heard is not held longer than this.
const LOAD_WAIT_MAX_MS: u32 = 20_000;

impl BoardStore {
    /// The board as the last page load left it (its newest tickets and their statuses): what the page
    /// before left in localStorage as it went, at once, else what the database kept (saved at most once a
    /// second after each change).
    pub fn restored() -> Self {
        let mut board = Board::default();
        let last_words = storage::load::<Vec<StoredTicket>>(Key::Board);
        let from_last_words = last_words.is_some();
        if let Some(stored) = last_words {
            board.restore(stored);
        }
        // Restored tickets are in the history already; what changes from here is given to it.
        // `?history=off` is the benchmark's switch: the same build measured with and without it.
        let history_off = leptos::prelude::window()
            .location()
            .search()
            .is_ok_and(|s| s.contains("history=off"));
        let history = History::new();
        if history_off {
            history.turn_off();
        } else {
            board.keep_history();
        }
        // A ticket that came just before the reload may not have been written yet: noted again (merging
        // changes nothing for those that were).
        history.note(board.tickets().filter_map(Record::of).collect());
        let store = BoardStore {
            board: RwSignal::new(board),
            save_pending: StoredValue::new_local(None),
            history,
            // The last words are the page's whole board as it went, newer than the database's copy: that
            // copy is not added (it may still hold what the page cleared or closed).
            loaded: StoredValue::new(from_last_words),
            last_words: StoredValue::new(from_last_words),
        };
        if !from_last_words {
            store.load_kept();
        }
        Effect::new(move |_| {
            store.board.track();
            store.schedule_save();
        });
        store.follow_today();
        // Local midnight starts a new day when no close came before it.
        if let Ok(handle) =
            set_interval_with_handle(move || store.follow_today(), Duration::from_secs(30))
        {
            on_cleanup(move || handle.clear());
        }
        store
    }

    /// Today starts at the last day close, else at local midnight (see `Period::today`).
    fn follow_today(&self) {
        let now = crate::state::now_ms();
        let last_close = self.board.with_untracked(Board::last_close);
        let offset = crate::state::local_offset_minutes(now);
        let today = crate::domain::report::Period::today(now, offset, last_close);
        self.history.start_today(today.from);
    }

    /// The board, read-only, for the views.
    pub fn read(&self) -> ReadSignal<Board> {
        self.board.read_only()
    }

    /// A read of the board as it is now, outside any view (no subscription).
    pub fn with<R>(&self, f: impl FnOnce(&Board) -> R) -> R {
        self.board.with_untracked(f)
    }

    /// The history every ticket is recorded in (the report reads it).
    pub fn history(&self) -> History {
        self.history
    }

    /// What the last change did to tickets goes to the history.
    fn record(&self) {
        let records = self
            .board
            .try_update_untracked(Board::take_records)
            .unwrap_or_default();
        self.history.note(records);
    }

    /// One batch of incoming messages in one board update (see `Board::ingest`).
    pub fn ingest(&self, messages: Vec<Inbound>, now: i64) -> Ingested {
        let closed = self.board.with_untracked(Board::last_close);
        let ingested = self
            .board
            .try_update(|b| b.ingest(messages, now))
            .unwrap_or_default();
        self.record();
        if self.board.with_untracked(Board::last_close) != closed {
            // A day close came: today starts there.
            self.follow_today();
        }
        ingested
    }

    /// A status change made here.
    pub fn apply(&self, update: &StatusUpdate) {
        self.board.update(|b| {
            b.apply_status(update);
        });
        self.record();
    }

    /// A station's change to its part of an order (see `Board::apply_part`).
    pub fn apply_part(&self, update: &crate::domain::parts::PartUpdate) {
        self.board.update(|b| {
            b.apply_part(update);
        });
        self.record();
    }

    /// A claim: it only records that a status is known for a ticket (nothing on screen changes), so the
    /// views are not told.
    pub fn apply_quietly(&self, update: &StatusUpdate) {
        self.board.update_untracked(|b| {
            b.apply_status(update);
        });
        self.record();
    }

    /// End of day (see `Board::clear`); the order ids taken off.
    pub fn clear(&self, everything: bool) -> Vec<crate::domain::board::Gone> {
        self.board
            .try_update(|b| b.clear(everything))
            .unwrap_or_default()
    }

    /// A day close made here (see `Board::close_day`); the tickets taken off.
    pub fn close_day(
        &self,
        close: &crate::domain::day::DayClose,
    ) -> Vec<crate::domain::board::Gone> {
        let gone = self
            .board
            .try_update(|b| b.close_day(close))
            .unwrap_or_default();
        self.record();
        self.follow_today();
        gone
    }

    /// Closes the day at config.json's set hour (see `DailyClose`): the latest close due now, then each
    /// next one on time. Looked at again at least hourly, so a clock change or a sleeping device is caught
    /// up with; a close already applied changes nothing.
    pub fn close_daily(&self, daily: crate::domain::day::DailyClose) {
        if !self.loaded.get_value() {
            // Not before the kept tickets are back: the close must take those from before it too.
            let store = *self;
            leptos::task::spawn_local(async move {
                store.until_loaded().await;
                store.close_daily_now(daily);
            });
            return;
        }
        self.close_daily_now(daily);
    }

    fn close_daily_now(&self, daily: crate::domain::day::DailyClose) {
        let now = crate::state::now_ms();
        let offset = crate::state::local_offset_minutes(now);
        self.close_day(&daily.close(daily.last(now, offset)));
        let wait = (daily.next(now, offset) - now).clamp(1_000, 3_600_000);
        let store = *self;
        set_timeout(
            move || store.close_daily_now(daily),
            Duration::from_millis(wait as u64),
        );
    }

    pub fn clear_tests(&self) -> Vec<crate::domain::board::Gone> {
        self.board
            .try_update(Board::clear_tests)
            .unwrap_or_default()
    }

    /// Scheduled orders whose start has come move onto the board (see `Board::fire_due`); whether any did.
    pub fn fire_due(&self, now: i64) -> bool {
        if self
            .board
            .with_untracked(|b| b.next_fire())
            .is_none_or(|at| at > now)
        {
            return false;
        }
        self.board.try_update(|b| b.fire_due(now)).unwrap_or(0) > 0
    }

    pub fn set_capacity(&self, capacity: usize) {
        self.board.update(|b| b.set_capacity(capacity));
    }

    pub fn set_menu(&self, menu: Arc<Menu>) {
        self.board.update(|b| b.set_menu(menu));
    }

    /// Puts the snapshot the database kept on the board (a ticket heard meanwhile stays as heard).
    fn load_kept(&self) {
        let store = *self;
        leptos::task::spawn_local(async move {
            // Unreadable: the broker's retained statuses bring the open tickets back, and the next save
            // (said on the page if it fails too) writes a good one.
            let kept = crate::history_db::load_board().await;
            if store.loaded.get_value() {
                return;
            }
            if let Ok(Some(json)) = kept {
                if let Ok(stored) = serde_json::from_str::<Vec<StoredTicket>>(&json) {
                    store.board.update(|b| b.restore(stored));
                    store.board.update_untracked(|b| {
                        b.take_records();
                    });
                    // Kept tickets are in the history already; noted again in case they were not yet.
                    let records = store
                        .board
                        .with_untracked(|b| b.tickets().filter_map(Record::of).collect());
                    store.history.note(records);
                }
            }
            store.loaded.set_value(true);
        });
    }

    /// Resolves once the kept snapshot is on the board, or after [`LOAD_WAIT_MS`]: incoming messages wait
    /// for it, so a status heard is applied to its kept ticket, not before it.
    pub async fn until_loaded(&self) {
        let mut waited = 0;
        // A slow database is waited for (the kept tickets come first); one held by an older page is not.
        let held_by_older = |waited| waited >= LOAD_WAIT_MS && crate::history_db::is_blocked();
        while !self.loaded.get_value() && !held_by_older(waited) && waited < LOAD_WAIT_MAX_MS {
            gloo_timers::future::TimeoutFuture::new(20).await;
            waited += 20;
        }
        // Given up (the database held by an older page, said on the page): the board goes on without the
        // kept tickets, and they are not added later over what it heard and did meanwhile.
        self.loaded.set_value(true);
    }

    /// At most one save per second, however fast orders come.
    fn schedule_save(&self) {
        if self.save_pending.with_value(Option::is_some) {
            return;
        }
        let store = *self;
        let handle = set_timeout_with_handle(
            move || {
                store.save_pending.set_value(None);
                store.save_kept();
            },
            Duration::from_secs(1),
        );
        self.save_pending.set_value(handle.ok());
    }

    /// Keeps the newest tickets in the database (off the page's thread once handed over).
    fn save_kept(&self) {
        if !self.loaded.get_value() {
            // Not before the kept ones are on the board: tried again in a second.
            self.schedule_save();
            return;
        }
        let snapshot = self.board.with_untracked(|b| b.snapshot(BOARD_KEPT));
        let Ok(json) = serde_json::to_string(&snapshot) else {
            return;
        };
        let store = *self;
        leptos::task::spawn_local(async move {
            let saved = crate::history_db::save_board(json).await.is_ok();
            storage::say_board(!saved);
            // The database holds the newest now: last words in localStorage (this page's, or those of a
            // tab closed since) only bridged the second before it, and would otherwise win at a reload.
            if saved {
                store.last_words.set_value(false);
                storage::remove(Key::Board);
            }
        });
    }

    /// Saves the newest tickets now, into localStorage (the page is going away: a database write might
    /// not finish). The next page takes them up. A shortfall is said on the page by the storage edge;
    /// the tickets on screen are unaffected.
    pub fn save_now(&self) {
        if !self.loaded.get_value() {
            return;
        }
        let snapshot = self.board.with_untracked(|b| b.snapshot(BOARD_KEPT));
        // Cut down to fit, they are not the whole board: the database's copy (a second older, whole) is
        // the better start for the next page.
        if storage::save_snapshot(&snapshot).is_ok_and(|kept| kept < snapshot.len()) {
            storage::remove(Key::Board);
        }
    }
}
