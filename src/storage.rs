//! The one edge that touches browser storage: every key the board keeps, each value versioned, the migration
//! from what earlier builds stored, and no failure ignored.
//!
//! A value is stored as `{"v":<version>,"data":<value>}`. A value without that envelope was written by a
//! build before versions (38500b6 and earlier) and is read as version 0 — the same shapes — then written
//! back in the envelope. A write that fails (storage full, private mode) first makes room by shrinking what
//! the board can rebuild (its saved tickets: an unsent order outranks a cached ticket), and otherwise is
//! reported to whoever listens ([`set_reporter`]), so the page can say it in words.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;

/// Every key the board keeps in the browser. Per-device: localStorage; per tab: sessionStorage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Connection settings applied with Connect (password left out).
    Settings,
    /// The order form as typed, so nothing typed is lost.
    Draft,
    /// The newest tickets and their statuses as a page left them when it went (its last words: the
    /// database's copy may be a second older), or as a release before kept them; taken up by the next page
    /// and forgotten once the database has them (rebuildable: the broker's retained statuses bring them back).
    Board,
    /// This screen's role, station, sort, minutes, sound, Disconnect pressed by hand.
    Screen,
    /// What each client id last subscribed to (a persistent session may still hold it).
    Subscribed,
    /// The MQTT version each broker URL spoke.
    BrokerVersions,
    /// Orders placed here and not yet acknowledged.
    Outbox,
    /// Status changes made here and not yet acknowledged.
    StatusOutbox,
    /// The board's MQTT client id (one per browser).
    ClientId,
    /// Since when the browser has had no network.
    OfflineSince,
    /// This tab's own client id (sessionStorage, kept across reloads of the tab).
    TabClientId,
    /// This device's counter letter and the claim it made for it.
    CounterLetter,
    /// The day's count of orders placed on this device (their numbers).
    CounterSequence,
}

/// Where outboxes are kept: each page under its own name (`<base>:<page id>`), so two tabs of one board
/// never write over each other's unsent orders; a release before kept one under the base name alone.
const OUTBOX: &str = "order-board.outbox";
const STATUS_OUTBOX: &str = "order-board.status-outbox";
/// The lock a living page holds on its outboxes (`<base>:<page id>`); see [`adopt`].
const PAGE_LOCK: &str = "order-board.page";

thread_local! {
    static PAGE_ID: String = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    static OUTBOX_NAME: std::cell::OnceCell<&'static str> = const { std::cell::OnceCell::new() };
    static STATUS_OUTBOX_NAME: std::cell::OnceCell<&'static str> = const { std::cell::OnceCell::new() };
    /// The orphans this page has looked at: taken up, or left for good (see [`adopt`]).
    static TAKEN: RefCell<std::collections::HashSet<String>> = RefCell::new(std::collections::HashSet::new());
    /// A round of [`adopt`] is under way, per outbox.
    static ADOPTING: RefCell<[std::cell::Cell<bool>; 2]> = const { RefCell::new([std::cell::Cell::new(false), std::cell::Cell::new(false)]) };
    static FOLLOW: RefCell<[Follow; 2]> = const { RefCell::new([Follow::NEW, Follow::NEW]) };
}

/// This page's name for an outbox, made once per page (hence leaked: two short strings a page).
fn own_name(
    base: &str,
    cell: &'static std::thread::LocalKey<std::cell::OnceCell<&'static str>>,
) -> &'static str {
    cell.with(|c| *c.get_or_init(|| PAGE_ID.with(|id| format!("{base}:{id}")).leak()))
}

/// An outbox another page left (or the release before, under the bare base name): its stored name and the
/// lock its page held while it lived. `None` for this page's own and for any other key.
pub fn orphan_of(name: &str, base: &str, own_page: &str) -> Option<(String, String)> {
    if name == base {
        return Some((name.to_owned(), base.to_owned()));
    }
    let page = name.strip_prefix(base)?.strip_prefix(':')?;
    (!page.is_empty() && page != own_page).then(|| (name.to_owned(), format!("{PAGE_LOCK}:{page}")))
}

/// Holds this page's lock for its life: other pages see its outboxes are not orphans while it is open.
/// Asked before anything is written under this page's names.
pub fn hold_page_lock() {
    let held = crate::locks::hold(&PAGE_ID.with(|id| format!("{PAGE_LOCK}:{id}")), false);
    leptos::task::spawn_local(async move {
        // Nothing to do once held; without a lock manager `adopt` knows to be careful.
        held.await;
    });
}

/// Takes up the outboxes of `key`'s kind that pages now gone left behind (a reload's previous page, a
/// closed tab, the release before), from localStorage and from the database: `take` gets each one's data
/// (JSON) and keeps it in this page's own outbox; the orphan is then forgotten once this page's own outbox
/// holds it (written ahead, or in the database within a few seconds), else left for a later page. Each is
/// taken under its page's lock, so a living page's outbox is never taken and two pages never take the same
/// one. Without a lock manager nothing tells a living page from a gone one: only a page's `first` call
/// takes them up (at worst a tab open meanwhile sends its orders twice, and every board shows an order
/// once). `take` says whether it could read the data: an outbox it cannot read (a newer build's, or
/// damaged) is left where it is, never thrown away. This page takes each one once: one it could not
/// forget stays for the next page, not sent again by this one.
pub fn adopt(key: Key, first: bool, take: impl Fn(&str) -> bool + 'static) {
    let (base, slot) = match key {
        Key::Outbox => (OUTBOX, 0),
        Key::StatusOutbox => (STATUS_OUTBOX, 1),
        _ => return,
    };
    let with_locks = crate::locks::available();
    // One round at a time: a database held by an older tab may not answer for a long while.
    if (!with_locks && !first) || ADOPTING.with(|a| a.borrow()[slot].replace(true)) {
        return;
    }
    let take: Taker = std::rc::Rc::new(take);
    leptos::task::spawn_local(async move {
        // localStorage's first: what is written ahead there is the newer, and the database may be slow.
        take_orphans(key, base, browser::names(), with_locks, &take).await;
        // Not while an older tab holds the database: its open waits for that tab (said on the page).
        if !crate::history_db::is_blocked() {
            let names = within(crate::history_db::outbox_names()).await;
            if let Some(Ok(names)) = names {
                take_orphans(key, base, names, with_locks, &take).await;
            }
        }
        ADOPTING.with(|a| a.borrow()[slot].set(false));
    });
}

type Taker = std::rc::Rc<dyn Fn(&str) -> bool>;

/// The database's answer, or `None` if it has not come within [`KEEP_WAIT_MS`] (a database that does not
/// answer must not hold up a round of [`adopt`] for ever). The request itself is left to finish: one
/// dropped mid-flight would fire its event into a callback already gone.
async fn within<T: 'static>(work: impl std::future::Future<Output = T> + 'static) -> Option<T> {
    use futures::future::{select, Either};
    let (tx, rx) = futures::channel::oneshot::channel();
    leptos::task::spawn_local(async move {
        tx.send(work.await).ok();
    });
    match select(rx, gloo_timers::future::TimeoutFuture::new(KEEP_WAIT_MS)).await {
        Either::Left((Ok(answer), _)) => Some(answer),
        _ => None,
    }
}

async fn take_orphans(key: Key, base: &str, names: Vec<String>, with_locks: bool, take: &Taker) {
    let own = PAGE_ID.with(String::clone);
    let orphans: Vec<(String, String)> = names
        .iter()
        .filter_map(|name| orphan_of(name, base, &own))
        .filter(|(name, _)| !TAKEN.with(|t| t.borrow().contains(name)))
        .collect();
    for (name, lock) in orphans {
        let take = take.clone();
        if with_locks {
            // Held by a living page (`Some(false)`): its outbox is its own.
            crate::locks::with_free(&lock, move || take_up(key, name, take)).await;
        } else {
            take_up(key, name, take).await;
        }
    }
}

async fn take_up(key: Key, name: String, take: Taker) {
    // A copy written ahead to localStorage is the newer (see `save_list`).
    let text = match browser::read_named(&name) {
        Some(text) => Some(text),
        None => within(crate::history_db::load_outbox(name.clone()))
            .await
            .and_then(Result::ok)
            .flatten(),
    };
    let Some(text) = text else { return };
    // Looked at once: taken up, or one this build cannot read (a newer build's, or damaged) left for good.
    TAKEN.with(|t| t.borrow_mut().insert(name.clone()));
    if !unwrap(&text).is_some_and(|data| take(data)) {
        return;
    }
    if own_kept(key).await {
        // The database's copy first: it is the older, and a later page must not take it up alone (a
        // status sent again from it would step the broker's retained status back). If the database
        // fails to forget it, the newer copy goes all the same: a later page may send the older again
        // (shown once), rather than every later page sending the newer again.
        within(crate::history_db::delete_outbox(name.clone())).await;
        browser::remove_named(&name);
    }
}

impl Follow {
    const NEW: Follow = Follow {
        pending: None,
        busy: false,
        saved: 0,
        ahead: true,
        confirmed: 0,
        in_local: 0,
    };
}

/// Each outbox's way into the database: the newest save waiting to follow, and how far it has.
struct Follow {
    /// The newest save not yet in the database: its number, its text (`None`: empty), whether localStorage
    /// took it ahead.
    pending: Option<(u64, Option<String>, bool)>,
    /// A save is on its way to the database.
    busy: bool,
    /// The newest save's number, and whether localStorage took it.
    saved: u64,
    ahead: bool,
    /// The newest save the database holds.
    confirmed: u64,
    /// The save localStorage's copy holds (0: none of this page's).
    in_local: u64,
}

/// How long a page waits for the database to hold its own outbox before forgetting an orphan it took, and
/// before saying an outbox localStorage refused is not kept.
const KEEP_WAIT_MS: u32 = 3_000;

/// An empty outbox written ahead: nothing to send, whatever an older database copy says.
const EMPTY_LIST: &str = "{\"v\":1,\"data\":[]}";

fn slot_of(key: Key) -> usize {
    usize::from(key == Key::StatusOutbox)
}

/// Whether this page's own outbox of `key`'s kind now holds what it was last given (written ahead, or
/// in the database before the wait is over).
async fn own_kept(key: Key) -> bool {
    let slot = slot_of(key);
    let (target, ahead) = FOLLOW.with(|f| (f.borrow()[slot].saved, f.borrow()[slot].ahead));
    for _ in 0..=KEEP_WAIT_MS / 100 {
        if ahead || FOLLOW.with(|f| f.borrow()[slot].confirmed) >= target {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(100).await;
    }
    false
}

/// Whether save `number` is the newest of its outbox.
fn newest_save(slot: usize, number: u64) -> bool {
    FOLLOW.with(|f| f.borrow()[slot].saved == number)
}

/// Sends this save of an outbox on to the database, after any already on its way.
fn follow(key: Key, text: Option<String>, ahead: bool) {
    let slot = slot_of(key);
    let start = FOLLOW.with(|f| {
        let f = &mut f.borrow_mut()[slot];
        f.saved += 1;
        f.ahead = ahead;
        if ahead {
            f.in_local = f.saved;
        }
        f.pending = Some((f.saved, text, ahead));
        !std::mem::replace(&mut f.busy, true)
    });
    if start {
        leptos::task::spawn_local(follow_all(key));
    }
}

/// Writes the newest save to the database until none is waiting (saves made meanwhile are skipped: each
/// holds the whole outbox). Once the database holds a save at least as new as localStorage's copy, that
/// copy is forgotten. A save
/// localStorage refused is said not kept if the database has not taken it within [`KEEP_WAIT_MS`].
async fn follow_all(key: Key) {
    use futures::future::{select, Either};
    let slot = slot_of(key);
    let name = key.name();
    while let Some((number, text, ahead)) = FOLLOW.with(|f| f.borrow_mut()[slot].pending.take()) {
        let write = async {
            match &text {
                Some(text) => crate::history_db::save_outbox(name, text).await,
                None => crate::history_db::delete_outbox(name.to_owned()).await,
            }
        };
        let written = if ahead {
            write.await
        } else {
            let write = std::pin::pin!(write);
            let wait = gloo_timers::future::TimeoutFuture::new(KEEP_WAIT_MS);
            match select(write, wait).await {
                Either::Left((written, _)) => written,
                Either::Right(((), write)) => {
                    if newest_save(slot, number) {
                        settle(key, &Err(Problem::Full { precious: true }));
                    }
                    write.await
                }
            }
        };
        // localStorage's copy goes once the database's is at least as new (a newer one written ahead
        // meanwhile stays; an older one left when localStorage refused a save goes now).
        let local_superseded = FOLLOW.with(|f| {
            let f = &mut f.borrow_mut()[slot];
            let superseded = written.is_ok() && f.in_local <= number;
            if written.is_ok() {
                f.confirmed = number;
            }
            if superseded {
                f.in_local = 0;
            }
            superseded
        });
        match written {
            Ok(()) => {
                if local_superseded {
                    browser::remove(key);
                }
                if !ahead && newest_save(slot, number) {
                    settle(key, &Ok(()));
                }
            }
            // Neither kept it: said (unless a newer save has come; that one's fate is what counts).
            // Written ahead, localStorage keeps it meanwhile.
            Err(_) if !ahead && newest_save(slot, number) => {
                settle(key, &Err(Problem::Full { precious: true }))
            }
            Err(_) => {}
        }
    }
    FOLLOW.with(|f| f.borrow_mut()[slot].busy = false);
}

/// The version written today for every key (one step so far: 0 → 1 wraps the old shape unchanged).
pub const CURRENT_VERSION: u32 = 1;

impl Key {
    pub const LOCAL: [Key; 12] = [
        Key::Settings,
        Key::Draft,
        Key::Board,
        Key::Screen,
        Key::Subscribed,
        Key::BrokerVersions,
        Key::Outbox,
        Key::StatusOutbox,
        Key::ClientId,
        Key::OfflineSince,
        Key::CounterLetter,
        Key::CounterSequence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::Settings => "order-board.settings",
            Key::Draft => "order-board.draft",
            Key::Board => "order-board.board",
            Key::Screen => "order-board.screen",
            Key::Subscribed => "order-board.subscribed",
            Key::BrokerVersions => "order-board.broker-versions",
            Key::Outbox => own_name(OUTBOX, &OUTBOX_NAME),
            Key::StatusOutbox => own_name(STATUS_OUTBOX, &STATUS_OUTBOX_NAME),
            Key::ClientId | Key::TabClientId => "order-board.client-id",
            Key::OfflineSince => "order-board.offline-since",
            Key::CounterLetter => "order-board.counter-letter",
            Key::CounterSequence => "order-board.counter-sequence",
        }
    }

    /// Whether losing this value loses something a person did (an order, a bump, a setting) rather than
    /// something the board can rebuild.
    pub fn precious(self) -> bool {
        !matches!(self, Key::Board | Key::OfflineSince | Key::BrokerVersions)
    }
}

/// Wraps a value's JSON in the versioned envelope.
pub fn wrap(data_json: &str) -> String {
    format!("{{\"v\":{CURRENT_VERSION},\"data\":{data_json}}}")
}

/// The data of a stored text (its JSON), migrated to today's shape: an envelope of a known version gives
/// its data; a bare value (version 0, before envelopes) is its own data. A version from a newer build
/// gives `None`. Only this module writes envelopes, always as [`wrap`] does, so they are read by their
/// exact shape (no JSON tree: that machinery would cost the page kilobytes); whether the data itself is
/// valid JSON is for its reader to find out.
pub fn unwrap(text: &str) -> Option<&str> {
    match envelope(text) {
        Some((version, data)) if version <= CURRENT_VERSION => Some(data),
        Some(_) => None,
        None => Some(text.trim()).filter(|t| !t.is_empty()),
    }
}

/// `(version, data)` of a text written by [`wrap`]: `{"v":<digits>,"data":<data>}`.
fn envelope(text: &str) -> Option<(u32, &str)> {
    let rest = text.strip_prefix("{\"v\":")?;
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let version = rest[..digits].parse().ok()?;
    let data = rest[digits..]
        .strip_prefix(",\"data\":")?
        .strip_suffix('}')?;
    Some((version, data))
}

/// Whether a stored text still needs writing in today's envelope.
pub fn needs_migration(text: &str) -> bool {
    match envelope(text) {
        Some((version, _)) => version < CURRENT_VERSION,
        None => !text.trim().is_empty(),
    }
}

/// Why a value could not be kept, in words for the person at the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The browser's storage for this page is full, even after giving up saved tickets.
    Full { precious: bool },
    /// The browser lets the page keep nothing (private mode, storage blocked).
    Unavailable,
    /// The storage is full: what is typed in the form and the screen's settings are not kept (orders
    /// placed are: their outboxes are in the database).
    Unsaved,
    /// Saved tickets were cut to make room: only the newest `kept` come back after a reload.
    Shrunk { kept: usize },
    /// The browser's database refused the history: `waiting` orders are kept for the report only while
    /// this page stays open (tried again every few seconds).
    History { waiting: usize },
    /// A page of an older build still holds the browser's database: nothing is read from it or kept in it
    /// until that page reloads or closes.
    Blocked,
}

impl Problem {
    /// Whether an order placed now is kept only while this page stays open.
    pub fn loses_orders(&self) -> bool {
        matches!(
            self,
            Problem::Full { precious: true } | Problem::Unavailable
        )
    }

    /// How grave it is: something a person did may be lost (3), the tickets shown are not kept (2), the
    /// report's history is kept only while the page is open (1), less is kept (0).
    pub fn gravity(&self) -> u8 {
        match self {
            Problem::Full { precious: true } | Problem::Unavailable => 3,
            Problem::Full { precious: false } | Problem::Blocked | Problem::Unsaved => 2,
            Problem::History { .. } => 1,
            Problem::Shrunk { .. } => 0,
        }
    }
}

/// How many saved tickets to try keeping after `len` did not fit: halves, then none.
pub fn smaller_snapshot(len: usize) -> Option<usize> {
    match len {
        0 => None,
        1..=10 => Some(0),
        n => Some(n / 2),
    }
}

/// Who hears about storage problems.
type Reporter = Box<dyn Fn(Option<Problem>)>;

thread_local! {
    /// Each key whose last write failed, with what that means: its next good write clears it, and what
    /// is said falls back to the gravest left.
    static ALARMS: RefCell<Vec<(Key, Problem)>> = const { RefCell::new(Vec::new()) };
    /// The problem being said now.
    static SHOWN: RefCell<Option<Problem>> = const { RefCell::new(None) };
    static REPORTER: RefCell<Option<Reporter>> = const { RefCell::new(None) };
}

/// Who hears about storage problems (the page's banner); `None` clears one once a write succeeds again.
pub fn set_reporter(report: impl Fn(Option<Problem>) + 'static) {
    REPORTER.with(|r| *r.borrow_mut() = Some(Box::new(report)));
}

/// Says a problem — unless a graver one is being said (a lost cached ticket must not hide an unsent order);
/// `None` clears what is said.
fn report(problem: Option<Problem>) {
    let graver_shown = SHOWN.with(|shown| {
        let mut shown = shown.borrow_mut();
        let keep =
            matches!((&*shown, &problem), (Some(old), Some(new)) if old.gravity() > new.gravity());
        if !keep {
            *shown = problem.clone();
        }
        keep
    });
    if graver_shown {
        return;
    }
    REPORTER.with(|r| {
        if let Some(report) = r.borrow().as_ref() {
            report(problem);
        }
    });
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::*;
    use leptos::prelude::window;

    fn local() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    fn storage_of(key: Key) -> Option<web_sys::Storage> {
        match key {
            Key::TabClientId => window().session_storage().ok().flatten(),
            _ => local(),
        }
    }

    pub fn read_text(key: Key) -> Option<String> {
        storage_of(key)?.get_item(key.name()).ok()?
    }

    pub fn write_text(key: Key, text: &str) -> Result<(), ()> {
        let storage = storage_of(key).ok_or(())?;
        storage.set_item(key.name(), text).map_err(|_| ())
    }

    pub fn available() -> bool {
        local().is_some()
    }

    /// Every name in localStorage.
    pub fn names() -> Vec<String> {
        let Some(storage) = local() else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }

    pub fn read_named(name: &str) -> Option<String> {
        local()?.get_item(name).ok()?
    }

    pub fn remove_named(name: &str) {
        if let Some(storage) = local() {
            storage.remove_item(name).ok();
        }
    }

    pub fn remove(key: Key) {
        if let Some(storage) = storage_of(key) {
            // Removing never needs room; a failure leaves an old value a later write replaces.
            storage.remove_item(key.name()).ok();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod browser {
    //! Natively there is no browser storage: nothing is kept (tests of the pure parts need none).
    use super::Key;
    pub fn read_text(_: Key) -> Option<String> {
        None
    }
    pub fn write_text(_: Key, _: &str) -> Result<(), ()> {
        Err(())
    }
    pub fn available() -> bool {
        false
    }
    pub fn remove(_: Key) {}
    pub fn names() -> Vec<String> {
        Vec::new()
    }
    pub fn read_named(_: &str) -> Option<String> {
        None
    }
    pub fn remove_named(_: &str) {}
}

/// The history's writes failing (`Some(waiting)`) or working again (`None`, which clears only a history
/// problem being said).
pub fn say_history(failing: Option<usize>) {
    match failing {
        Some(waiting) => report(Some(Problem::History { waiting })),
        None => {
            let shown = SHOWN.with(|s| matches!(*s.borrow(), Some(Problem::History { .. })));
            if shown {
                report(None);
            }
        }
    }
}

/// The ticket snapshot's write to the database failing (`true`: the tickets shown are not kept) or working
/// again (`false`, which clears only that problem being said).
pub fn say_board(failing: bool) {
    say_database(failing, Problem::Full { precious: false });
}

/// An older page holding the database (`true`), or no longer (`false`).
pub fn say_blocked(blocked: bool) {
    say_database(blocked, Problem::Blocked);
}

/// Says a problem of the database, or clears it if it is the one being said (a localStorage problem is
/// cleared by that key's next good write).
fn say_database(on: bool, problem: Problem) {
    if on {
        report(Some(problem));
    } else if SHOWN.with(|s| s.borrow().as_ref() == Some(&problem)) {
        fall_back();
    }
}

/// Says the gravest problem a key's failed write left, or nothing, in place of what is said now.
fn fall_back() {
    let gravest = ALARMS.with(|a| {
        a.borrow()
            .iter()
            .map(|(_, problem)| problem)
            .max_by_key(|problem| problem.gravity())
            .cloned()
    });
    SHOWN.with(|s| *s.borrow_mut() = None);
    report(gravest);
}

/// Forgets a value (never needs room).
pub fn remove(key: Key) {
    browser::remove(key);
}

/// A kept value, migrated to today's shape; absent, unreadable or of another shape reads as `None`.
/// (Generic only for the decoding: everything else is in [`load_data`], compiled once.)
pub fn load<T: DeserializeOwned>(key: Key) -> Option<T> {
    serde_json::from_str(&load_data(key)?).ok()
}

/// The JSON of a kept value, migrated to today's shape.
fn load_data(key: Key) -> Option<String> {
    let text = browser::read_text(key)?;
    match (unwrap(&text), key) {
        (Some(data), _) => Some(data.to_owned()),
        // Builds before versions kept the tab's id as plain text, not JSON.
        (None, Key::TabClientId) => serde_json::to_string(&text).ok(),
        (None, _) => None,
    }
}

/// Keeps a value. A full storage first gives up saved tickets (see [`make_room`]); what still cannot be
/// kept is reported in words and returned as the problem.
pub fn save<T: Serialize>(key: Key, value: &T) -> Result<(), Problem> {
    save_text(key, &envelope_of(value))
}

/// Keeps this page's outbox: written ahead to localStorage at once, so an order is kept before "Queued"
/// shows even if the page closes the next instant, then in the database (see [`follow`]), which holds it
/// at rest; the localStorage copy is forgotten once the database holds a save at least as new. An empty
/// outbox is written ahead as empty (an older database copy must not be taken up meanwhile) and then
/// forgotten in both. When localStorage refuses (full), the database alone keeps the save once its write
/// commits (a page closed before that leaves only the copy localStorage held from before); said on the
/// page if the database has not taken it within [`KEEP_WAIT_MS`]. The result says whether localStorage
/// took it.
pub fn save_list<T: Serialize>(key: Key, list: &[T]) -> Result<(), Problem> {
    let text = (!list.is_empty()).then(|| envelope_of(list));
    let ahead = write_making_room(key, text.as_deref().unwrap_or(EMPTY_LIST));
    if ahead.is_ok() {
        settle(key, &Ok(()));
    }
    // A copy localStorage holds from before stays until the database holds this save: it may be the only
    // one a next page finds if this one closes first.
    follow(key, text, ahead.is_ok());
    ahead
}

/// A value serialized straight into its envelope: one string, not a serialization and then a copy (the
/// ticket snapshot is large, and the page's memory keeps its high-water mark).
fn envelope_of<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = format!("{{\"v\":{CURRENT_VERSION},\"data\":").into_bytes();
    serde_json::to_writer(&mut out, value).expect("stored values always serialize");
    out.push(b'}');
    String::from_utf8(out).expect("JSON is UTF-8")
}

fn save_text(key: Key, text: &str) -> Result<(), Problem> {
    let result = write_making_room(key, text);
    settle(key, &result);
    result
}

/// Says a write's failure, or clears what the same key's failure said once it is written again.
fn settle(key: Key, result: &Result<(), Problem>) {
    let cleared = ALARMS.with(|a| {
        let mut alarms = a.borrow_mut();
        let cleared = alarms
            .iter()
            .position(|(k, _)| *k == key)
            .map(|i| alarms.remove(i).1);
        if let Err(problem) = result {
            alarms.push((key, problem.clone()));
        }
        cleared
    });
    match result {
        Err(problem) => report(Some(problem.clone())),
        // What this key's failure said goes; another key's graver one stays said.
        Ok(()) if cleared.is_some() && SHOWN.with(|s| *s.borrow() == cleared) => fall_back(),
        Ok(()) => {}
    }
}

fn write_making_room(key: Key, text: &str) -> Result<(), Problem> {
    if !browser::available() {
        return Err(Problem::Unavailable);
    }
    if browser::write_text(key, text).is_ok() {
        return Ok(());
    }
    // Full: what the board can rebuild goes first, a little at a time.
    while key != Key::Board && make_room() {
        if browser::write_text(key, text).is_ok() {
            return Ok(());
        }
    }
    Err(full_for(key))
}

/// What a full storage means for `key`: unsent orders and bumps, what a person typed or set, or
/// something the board rebuilds.
fn full_for(key: Key) -> Problem {
    match key {
        Key::Outbox | Key::StatusOutbox => Problem::Full { precious: true },
        key if key.precious() => Problem::Unsaved,
        _ => Problem::Full { precious: false },
    }
}

/// Gives up the saved tickets to make room for something precious; false once there is nothing to give.
/// The next throttled save of the snapshot keeps as many of the newest as then fit ([`save_snapshot`]).
fn make_room() -> bool {
    if browser::read_text(Key::Board).is_none() {
        return false;
    }
    browser::remove(Key::Board);
    report(Some(Problem::Shrunk { kept: 0 }));
    true
}

/// Keeps the board's ticket snapshot, the newest of it if all do not fit (halving, then none). Returns how
/// many were kept.
pub fn save_snapshot<T: Serialize>(tickets: &[T]) -> Result<usize, Problem> {
    if !browser::available() {
        report(Some(Problem::Unavailable));
        return Err(Problem::Unavailable);
    }
    let mut keep = tickets.len();
    loop {
        let text = envelope_of(&tickets[tickets.len() - keep..]);
        if browser::write_text(Key::Board, &text).is_ok() {
            if keep < tickets.len() {
                report(Some(Problem::Shrunk { kept: keep }));
            }
            return Ok(keep);
        }
        match smaller_snapshot(keep) {
            Some(next) => keep = next,
            None => {
                browser::remove(Key::Board);
                let problem = Problem::Full { precious: false };
                report(Some(problem.clone()));
                return Err(problem);
            }
        }
    }
}

/// Writes every value a build before versions left in the browser again in today's envelope, so the
/// next build reads one format. Values that do not parse are left for their readers to ignore.
pub fn migrate() {
    for key in Key::LOCAL {
        if let Some(text) = browser::read_text(key).filter(|t| needs_migration(t)) {
            if let Some(data) = unwrap(&text) {
                // A failure is reported by `save_text`; the old value stays readable meanwhile.
                save_text(key, &wrap(data)).ok();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_serialized_straight_into_the_same_envelope_wrap_makes() {
        assert_eq!(envelope_of(&[1, 2]), wrap("[1,2]"));
        assert_eq!(envelope_of("x"), r#"{"v":1,"data":"x"}"#);
    }

    #[test]
    fn an_empty_outbox_is_written_ahead_in_the_same_envelope() {
        assert_eq!(EMPTY_LIST, envelope_of::<[u8]>(&[]));
    }

    #[test]
    fn a_value_is_stored_in_an_envelope_with_its_version() {
        assert_eq!(wrap(r#"[1,2]"#), r#"{"v":1,"data":[1,2]}"#);
        assert_eq!(unwrap(&wrap(r#"{"a":1}"#)), Some(r#"{"a":1}"#));
    }

    #[test]
    fn a_value_from_a_build_before_versions_reads_as_it_was_stored() {
        let old =
            r#"[{"order":"{}","received_at":1,"status":"new","status_at":null,"previous":null}]"#;
        assert_eq!(unwrap(old), Some(old));
        assert!(needs_migration(old));
        assert!(!needs_migration(&wrap(old)));
    }

    #[test]
    fn an_object_with_v_and_data_not_written_as_an_envelope_is_read_as_an_old_value() {
        let settings = r#"{"data":2,"v":1,"topic":"x"}"#;
        assert_eq!(unwrap(settings), Some(settings));
    }

    #[test]
    fn a_value_written_by_a_newer_build_is_not_misread() {
        assert_eq!(unwrap(r#"{"v":99,"data":[1]}"#), None);
        assert!(!needs_migration(r#"{"v":99,"data":[1]}"#));
    }

    #[test]
    fn an_empty_value_reads_as_nothing_and_is_not_migrated() {
        assert_eq!(unwrap("  "), None);
        assert!(!needs_migration(""));
    }

    #[test]
    fn an_envelope_cut_short_is_read_as_an_old_value_for_its_reader_to_refuse() {
        let cut = r#"{"v":1,"data":[1,2"#;
        assert_eq!(unwrap(cut), Some(cut));
        assert!(serde_json::from_str::<Vec<u8>>(unwrap(cut).unwrap()).is_err());
    }

    #[test]
    fn a_bare_string_or_number_from_an_old_build_still_reads() {
        assert_eq!(unwrap(r#""board-1a2b""#), Some(r#""board-1a2b""#));
        assert_eq!(unwrap("1733200000000"), Some("1733200000000"));
    }

    #[test]
    fn another_pages_outbox_is_an_orphan_under_that_pages_lock_and_this_pages_own_is_not() {
        assert_eq!(
            orphan_of("order-board.outbox:abc", OUTBOX, "mine"),
            Some((
                "order-board.outbox:abc".to_owned(),
                "order-board.page:abc".to_owned()
            ))
        );
        assert_eq!(orphan_of("order-board.outbox:mine", OUTBOX, "mine"), None);
        // The status outbox's names start like the order outbox's but are not its.
        assert_eq!(orphan_of("order-board.outbox-x:abc", OUTBOX, "mine"), None);
        assert_eq!(
            orphan_of("order-board.status-outbox:abc", OUTBOX, "mine"),
            None
        );
        assert_eq!(orphan_of("order-board.outbox:", OUTBOX, "mine"), None);
    }

    #[test]
    fn the_outbox_the_release_before_kept_is_an_orphan_under_its_own_name() {
        assert_eq!(
            orphan_of("order-board.status-outbox", STATUS_OUTBOX, "mine"),
            Some((
                "order-board.status-outbox".to_owned(),
                "order-board.status-outbox".to_owned()
            ))
        );
    }

    #[test]
    fn this_pages_outboxes_are_named_after_it() {
        let page = PAGE_ID.with(String::clone);
        assert_eq!(Key::Outbox.name(), format!("order-board.outbox:{page}"));
        assert_eq!(
            Key::StatusOutbox.name(),
            format!("order-board.status-outbox:{page}")
        );
        assert_eq!(orphan_of(Key::Outbox.name(), OUTBOX, &page), None);
    }

    #[test]
    fn every_key_has_its_own_name_in_local_storage() {
        let mut names: Vec<&str> = Key::LOCAL.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Key::LOCAL.len());
        assert!(names.iter().all(|n| n.starts_with("order-board.")));
    }

    #[test]
    fn unsent_orders_and_bumps_are_precious_and_saved_tickets_are_not() {
        assert!(Key::Outbox.precious() && Key::StatusOutbox.precious() && Key::Settings.precious());
        assert!(!Key::Board.precious());
    }

    #[test]
    fn a_full_storage_says_unsent_orders_only_for_the_outboxes() {
        assert_eq!(full_for(Key::Outbox), Problem::Full { precious: true });
        assert_eq!(
            full_for(Key::StatusOutbox),
            Problem::Full { precious: true }
        );
        assert_eq!(full_for(Key::Draft), Problem::Unsaved);
        assert_eq!(full_for(Key::Settings), Problem::Unsaved);
        assert_eq!(full_for(Key::Board), Problem::Full { precious: false });
        assert!(!Problem::Unsaved.loses_orders());
    }

    #[test]
    fn each_failed_write_is_cleared_by_its_own_key_and_the_gravest_left_is_said() {
        let said = std::rc::Rc::new(RefCell::new(Vec::new()));
        let log = said.clone();
        set_reporter(move |p| log.borrow_mut().push(p));
        let lost = Problem::Full { precious: true };
        settle(Key::Outbox, &Err(lost.clone()));
        settle(Key::Draft, &Err(Problem::Unsaved));
        // The draft written again does not clear what the outbox's failure says.
        settle(Key::Draft, &Ok(()));
        assert_eq!(said.borrow().last(), Some(&Some(lost.clone())));
        settle(Key::Draft, &Err(Problem::Unsaved));
        // The outbox written again: the draft's lesser problem is said again.
        settle(Key::Outbox, &Ok(()));
        assert_eq!(said.borrow().last(), Some(&Some(Problem::Unsaved)));
        settle(Key::Draft, &Ok(()));
        assert_eq!(said.borrow().last(), Some(&None));
    }

    #[test]
    fn saved_tickets_shrink_by_halves_then_to_none() {
        let mut sizes = vec![500];
        while let Some(next) = smaller_snapshot(*sizes.last().unwrap()) {
            sizes.push(next);
        }
        assert_eq!(sizes, [500, 250, 125, 62, 31, 15, 7, 0]);
    }

    #[test]
    fn only_a_full_storage_with_unsent_work_or_none_at_all_loses_orders() {
        assert!(Problem::Full { precious: true }.loses_orders());
        assert!(Problem::Unavailable.loses_orders());
        assert!(!Problem::Shrunk { kept: 5 }.loses_orders());
        assert!(!Problem::Full { precious: false }.loses_orders());
    }

    #[test]
    fn a_lesser_problem_never_hides_an_unsent_order_that_is_not_kept() {
        let said = std::rc::Rc::new(RefCell::new(Vec::new()));
        let log = said.clone();
        set_reporter(move |p| log.borrow_mut().push(p));
        report(Some(Problem::Full { precious: true }));
        report(Some(Problem::Full { precious: false }));
        report(Some(Problem::Shrunk { kept: 3 }));
        assert_eq!(*said.borrow(), [Some(Problem::Full { precious: true })]);
        report(None);
        report(Some(Problem::Shrunk { kept: 3 }));
        assert_eq!(
            said.borrow().last(),
            Some(&Some(Problem::Shrunk { kept: 3 }))
        );
    }

    #[test]
    fn natively_nothing_is_kept_and_saying_so_is_a_problem_not_a_panic() {
        assert_eq!(save(Key::Draft, &"x"), Err(Problem::Unavailable));
        assert_eq!(load::<String>(Key::Draft), None);
    }
}
