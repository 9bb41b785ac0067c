//! The capabilities components share through context: each a small Copy handle that does one job.

use crate::connect_plan::{connect_plan, version_name, versions_from_stored, ConnectContext};
use crate::domain::board::Board;
use crate::domain::claims::{Claims, CLAIM_JITTER_MS};
use crate::domain::keymap::Selected;
use crate::domain::order::Order;
use crate::domain::rules::{self, LastChange};
use crate::domain::run::{GeneratorRun, RunConfig};
use crate::domain::screen::ScreenPrefs;
use crate::domain::settings::BoardSettings;
use crate::domain::stations::Station;
use crate::domain::ticket::StatusUpdate;
use crate::domain::topics::Topics;
use crate::mqtt::boundary::{Command, Origin, PublishRequest};
use crate::mqtt::engine::MqttClient;
use crate::mqtt::session::{Delivery, ProtocolVersion, QosLevel};
use crate::mqtt::ConnState;
use crate::outbox::Outbox;
use crate::storage::{self, Key};
use crate::store::BoardStore;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The local time's offset from UTC at a moment, in minutes (the browser knows it, daylight saving
/// included); clock texts are made in Rust, as the browser's locale formatting costs more.
pub fn local_offset_minutes(at: i64) -> i64 {
    -js_sys::Date::new(&(at as f64).into()).get_timezone_offset() as i64
}

/// The one place the page reads the clock (domain rules take the time as an input).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// How many publish results the outbox list keeps.
const OUTBOX_SHOWN: usize = 30;

/// The connection's state, for whoever shows it.
#[derive(Clone, Copy)]
pub struct ConnectionStatus {
    pub state: ReadSignal<ConnState>,
    pub subscription: ReadSignal<Option<Result<String, (String, crate::mqtt::reason::Reason)>>>,
    /// Since when the board has not been connected (None while connected).
    pub down_since: ReadSignal<Option<i64>>,
    /// What start-up decided once config.json was read and the client id agreed: "connect", or "stay
    /// disconnected" (Disconnect was pressed before the reload); None until then.
    pub started: ReadSignal<Option<&'static str>>,
}

/// Settings as edited and the capability to (dis)connect with them — what the connection panel needs.
/// What is typed stays a draft until Connect applies it: publishing, sorting incoming topics and the
/// subscription all follow the applied settings, never a half-typed topic.
#[derive(Clone, Copy)]
pub struct ConnectionControl {
    /// The draft the panel edits.
    settings: RwSignal<BoardSettings>,
    /// What the connection uses: a copy of the draft made at Connect.
    applied: RwSignal<BoardSettings>,
    /// The id this tab connects with unless the settings name one (decided once the tabs have agreed).
    client_id: RwSignal<String>,
    /// Whether the user pressed Connect before start-up did: start-up must not connect over it.
    connected_by_hand: StoredValue<bool>,
    /// This screen only shows (the pickup screen): the engine refuses its publishes, presence included.
    read_only: Signal<bool>,
    client: StoredValue<MqttClient, LocalStorage>,
}

impl ConnectionControl {
    pub fn new(
        settings: RwSignal<BoardSettings>,
        applied: RwSignal<BoardSettings>,
        read_only: Signal<bool>,
        client: StoredValue<MqttClient, LocalStorage>,
    ) -> Self {
        ConnectionControl {
            read_only,
            settings,
            applied,
            // Until the tabs have agreed on ids, a connect made by hand uses a fresh one of its own.
            client_id: RwSignal::new(format!(
                "board-{}",
                &uuid::Uuid::new_v4().simple().to_string()[..12]
            )),
            connected_by_hand: StoredValue::new(false),
            client,
        }
    }

    /// The settings as edited (applied at Connect).
    pub fn draft(&self) -> ReadSignal<BoardSettings> {
        self.settings.read_only()
    }

    /// An edit of the draft, from the settings form.
    pub fn edit(&self, f: impl FnOnce(&mut BoardSettings)) {
        self.settings.update(f);
    }

    /// The id this tab connects with unless the settings name one.
    pub fn tab_client_id(&self) -> ReadSignal<String> {
        self.client_id.read_only()
    }

    /// The id the tabs agreed on for this one, at start-up.
    pub fn set_tab_client_id(&self, id: String) {
        self.client_id.set(id);
    }

    /// Connect was pressed: start-up, still reading config.json, must not connect over it.
    pub fn mark_connected_by_hand(&self) {
        self.connected_by_hand.set_value(true);
    }

    pub fn connected_by_hand(&self) -> bool {
        self.connected_by_hand.get_value()
    }

    /// What the connection runs with.
    pub fn applied(&self) -> ReadSignal<BoardSettings> {
        self.applied.read_only()
    }

    /// Applies the draft and connects with it (see `connect_plan` for what that means).
    pub fn connect(&self) {
        let s = self.settings.get_untracked();
        self.applied.set(s.clone());
        let tab_client_id = self.client_id.get_untracked();
        let chosen = crate::connect_plan::client_id_for(&s, &tab_client_id);
        let mut subscribed = subscribed_by_id();
        let previous = subscribed.remove(&chosen).unwrap_or_default();
        let plan = connect_plan(
            &s,
            ConnectContext {
                tab_client_id: &tab_client_id,
                previous_filters: &previous,
                known_versions: versions_from_stored(
                    storage::load(Key::BrokerVersions).unwrap_or_default(),
                ),
                read_only: self.read_only.get_untracked(),
            },
        );
        subscribed.insert(plan.client_id, plan.filters);
        // Not precious: at worst a persistent session keeps an old filter a while longer.
        storage::save(Key::Subscribed, &subscribed).ok();
        self.client
            .with_value(|c| c.send(Command::Connect(Box::new(plan.config))));
    }

    pub fn disconnect(&self) {
        self.client.with_value(|c| c.send(Command::Disconnect));
    }

    /// While waiting to reconnect, the next attempt now ("Try now").
    pub fn retry_now(&self) {
        self.client.with_value(|c| c.send(Command::RetryNow));
    }
}

/// What each client id last subscribed to from this browser (its persistent session may still hold it); by
/// id, since two tabs of one browser connect with ids of their own.
fn subscribed_by_id() -> BTreeMap<String, Vec<String>> {
    storage::load(Key::Subscribed).unwrap_or_default()
}

/// Remembers which version a broker spoke, for the next connect and the next page load.
pub fn remember_version(url: &str, version: ProtocolVersion) {
    let mut stored: BTreeMap<String, String> =
        storage::load(Key::BrokerVersions).unwrap_or_default();
    stored.insert(url.to_owned(), version_name(version).to_owned());
    // Not precious: "auto" finds the version again on the next connect.
    storage::save(Key::BrokerVersions, &stored).ok();
}

/// Where a published order stands, as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishRecord {
    pub tag: u64,
    pub order: Order,
    pub state: Delivery,
}

/// The capability to publish orders on the configured topic at the configured QoS.
#[derive(Clone, Copy)]
pub struct Publisher {
    settings: RwSignal<BoardSettings>,
    records: RwSignal<Vec<PublishRecord>>,
    /// Orders placed here and not yet settled, with the QoS each was sent at; kept in storage so a
    /// reload loses none. Its numbers are the records' tags.
    outbox: StoredValue<Outbox<Order>>,
    client: StoredValue<MqttClient, LocalStorage>,
}

impl Publisher {
    pub fn new(
        settings: RwSignal<BoardSettings>,
        client: StoredValue<MqttClient, LocalStorage>,
    ) -> Self {
        Publisher {
            settings,
            records: RwSignal::new(Vec::new()),
            outbox: StoredValue::new(Outbox::default()),
            client,
        }
    }

    /// The orders published from here, newest first, with where each stands.
    pub fn records(&self) -> ReadSignal<Vec<PublishRecord>> {
        self.records.read_only()
    }

    /// Where the order published under `tag` stands, if it is still listed.
    pub fn state_of(&self, tag: u64) -> Option<Delivery> {
        self.records
            .with(|r| r.iter().find(|r| r.tag == tag).map(|r| r.state.clone()))
    }

    /// Publishes again, in their original order, the orders pages now gone left unacknowledged (this
    /// tab's before a reload, a closed tab's): `first` at the page's start, then again from time to time.
    pub fn restore(&self, first: bool) {
        let publisher = *self;
        storage::adopt(Key::Outbox, first, move |data| {
            let Ok(stored) = serde_json::from_str::<Vec<String>>(data) else {
                return false;
            };
            for json in stored {
                // Written by us, so it decodes; anything else (edited by hand) is not trusted.
                if let Ok(order) = crate::domain::order::decode(json.as_bytes()) {
                    publisher.publish(&order);
                }
            }
            true
        });
    }

    fn save_unsettled(&self) {
        self.save_unsettled_with(&[]);
    }

    /// Stores the unacknowledged orders, plus `more` (the generator's in flight, when the page goes away),
    /// for the next page load to publish again. A failure is said on the page by the storage edge.
    pub fn save_unsettled_with(&self, more: &[Order]) {
        let orders: Vec<String> = self
            .outbox
            .with_value(|o| o.waiting().chain(more).map(Order::to_json).collect());
        storage::save_list(Key::Outbox, &orders).ok();
    }

    pub fn qos(&self) -> QosLevel {
        QosLevel::from_number(self.settings.with_untracked(|s| s.qos))
    }

    /// Publishes an order and lists it with its delivery state; returns its number.
    pub fn publish(&self, order: &Order) -> u64 {
        let qos = self.qos();
        let tag = self
            .outbox
            .try_update_value(|o| o.add(order.clone(), qos))
            .unwrap_or_default();
        self.records.update(|o| {
            o.insert(
                0,
                PublishRecord {
                    tag,
                    order: order.clone(),
                    state: Delivery::Queued,
                },
            );
            o.truncate(OUTBOX_SHOWN);
        });
        self.save_unsettled();
        self.send(order, Origin::OrderForm(tag), qos);
        tag
    }

    /// Publishes again an order whose publish failed, under the same order id (boards de-duplicate).
    pub fn retry(&self, tag: u64) {
        let order = self
            .records
            .with_untracked(|o| o.iter().find(|r| r.tag == tag).map(|r| r.order.clone()));
        if let Some(order) = order {
            self.records.update(|o| o.retain(|r| r.tag != tag));
            // The failed one stays in the outbox until the broker has the order: its retry settles both.
            self.outbox.update_value(|o| {
                o.settle(tag, &Delivery::Acknowledged);
            });
            self.publish(&order);
        }
    }

    fn send(&self, order: &Order, origin: Origin, qos: QosLevel) {
        let command = Command::Publish(PublishRequest {
            topic: self
                .settings
                .with_untracked(|s| Topics::new(&s.topic))
                .orders()
                .to_owned(),
            payload: order.to_json().into_bytes(),
            qos,
            retain: false,
            origin,
        });
        self.client.with_value(|c| c.send(command));
    }

    /// Applies a delivery outcome to the listed publish it belongs to.
    pub fn delivered(&self, tag: u64, outcome: Delivery) {
        // A failed order stays stored: the next page load tries it again.
        if self
            .outbox
            .try_update_value(|o| o.settle(tag, &outcome))
            .flatten()
            .is_some()
        {
            self.save_unsettled();
        }
        self.records.update(|o| {
            if let Some(record) = o.iter_mut().find(|r| r.tag == tag) {
                // An acknowledgement is final; nothing that arrives later may undo it on screen.
                if record.state != Delivery::Acknowledged {
                    record.state = outcome;
                }
            }
        });
    }
}

/// The generator run and the capability to start, pause, resume and stop it.
#[derive(Clone, Copy)]
pub struct GeneratorControl {
    run: RwSignal<Option<GeneratorRun>>,
    /// Orders handed over and not yet settled (at most the run's window): if the page goes away mid-run
    /// they are stored for the next load to send, so none is lost. A run itself stays in memory (a
    /// 100,000-order run is load traffic, never stored).
    in_flight: StoredValue<Outbox<Order>>,
    /// Bumped per start so a loop from an earlier run ends instead of driving the new one.
    run_id: StoredValue<u64>,
    publisher: Publisher,
}

impl GeneratorControl {
    pub fn new(publisher: Publisher) -> Self {
        GeneratorControl {
            run: RwSignal::new(None),
            in_flight: StoredValue::new(Outbox::default()),
            run_id: StoredValue::new(0),
            publisher,
        }
    }

    /// The run, for the panel to show.
    pub fn run(&self) -> ReadSignal<Option<GeneratorRun>> {
        self.run.read_only()
    }

    pub fn start(&self, config: RunConfig, menu: std::sync::Arc<crate::domain::menu::Menu>) {
        self.run
            .set(Some(GeneratorRun::start_with_menu(config, menu, now_ms())));
        let id = self
            .run_id
            .try_update_value(|id| {
                *id += 1;
                *id
            })
            .unwrap_or_default();
        let this = *self;
        leptos::task::spawn_local(async move { this.drive(id).await });
    }

    pub fn pause(&self) {
        self.run
            .update(|r| r.iter_mut().for_each(GeneratorRun::pause));
    }

    pub fn resume(&self) {
        let now = now_ms();
        self.run
            .update(|r| r.iter_mut().for_each(|r| r.resume(now)));
    }

    pub fn stop(&self) {
        self.run
            .update(|r| r.iter_mut().for_each(GeneratorRun::stop));
    }

    /// The page is going away: keep what the broker has not acknowledged for the next load.
    pub fn hand_over_to_next_page(&self) {
        let pending: Vec<Order> = self
            .in_flight
            .with_value(|f| f.waiting().cloned().collect());
        self.publisher.save_unsettled_with(&pending);
    }

    /// Counts an outcome for a generator publish: settled by the outbox's rule, or failed (counted, and
    /// not tried again: a run is load traffic).
    pub fn delivered(&self, tag: u64, outcome: &Delivery) {
        let done = self
            .in_flight
            .try_update_value(|f| match outcome {
                Delivery::Failed(_) => f.give_up(tag).map(|_| false),
                _ => f.settle(tag, outcome).map(|_| true),
            })
            .flatten();
        if let Some(ok) = done {
            let now = now_ms();
            self.run
                .update(|r| r.iter_mut().for_each(|r| r.record(ok, now)));
        }
    }

    /// The run's loop: publish what is due, then sleep until the next order is due (or briefly, while
    /// the in-flight window is full or the run is paused).
    async fn drive(self, id: u64) {
        loop {
            if self.run_id.try_get_value() != Some(id) {
                return;
            }
            let now = now_ms();
            // Untracked, then notify only if something changed: an idle wait must not re-render the panel.
            let due = self
                .run
                .try_update_untracked(|r| {
                    let run = r.as_mut()?;
                    let orders: Vec<Order> = std::iter::from_fn(|| run.poll(now)).collect();
                    Some((orders, run.is_active(), run.wake_at()))
                })
                .flatten();
            let Some((orders, active, wake_at)) = due else {
                return;
            };
            if !orders.is_empty() {
                self.run.notify();
            }
            let qos = self.publisher.qos();
            for order in orders {
                let tag = self
                    .in_flight
                    .try_update_value(|f| f.add(order.clone(), qos))
                    .unwrap_or_default();
                self.publisher.send(&order, Origin::Generator(tag), qos);
            }
            if !active {
                return;
            }
            let wait = wake_at.map_or(5, |at| (at - now_ms()).clamp(0, 1_000)) as u32;
            TimeoutFuture::new(wait).await;
        }
    }
}

/// The board's contents, read-only, for the views.
#[derive(Clone, Copy)]
pub struct BoardState(pub ReadSignal<Board>);

/// How many orders the board keeps (the user can change it, within 1 to [`MAX_HISTORY`]).
#[derive(Clone, Copy)]
pub struct HistoryLimit(RwSignal<usize>);

/// The most orders a board may be asked to keep.
pub const MAX_HISTORY: usize = 100_000;

impl HistoryLimit {
    pub fn new(limit: RwSignal<usize>) -> Self {
        HistoryLimit(limit)
    }

    /// The limit (tracked).
    pub fn get(&self) -> usize {
        self.0.get()
    }

    /// A limit typed in the tools: taken when it is a number from 1 to [`MAX_HISTORY`], else ignored.
    pub fn set_typed(&self, typed: &str) {
        if let Ok(n) = typed.trim().parse::<usize>() {
            if (1..=MAX_HISTORY).contains(&n) {
                self.0.set(n);
            }
        }
    }
}

/// Claims sent per tick of [`Kitchen::claim_due`] (twice a second): a flood of orders stays a trickle.
const CLAIMS_PER_TICK: usize = 10;

/// The screen's own settings (its role, station, sort, minutes, sound), kept per device by the app. Views
/// read them and change them through the methods, one per thing a person can change here.
#[derive(Clone, Copy)]
pub struct Prefs(RwSignal<ScreenPrefs>);

impl Prefs {
    pub fn new(prefs: RwSignal<ScreenPrefs>) -> Self {
        Prefs(prefs)
    }

    /// Reads them, tracked (a view that reads them follows them).
    pub fn with<R>(&self, f: impl FnOnce(&ScreenPrefs) -> R) -> R {
        self.0.with(f)
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&ScreenPrefs) -> R) -> R {
        self.0.with_untracked(f)
    }

    pub fn set_screen(&self, screen: crate::domain::screen::Screen) {
        self.0.update(|p| p.screen = screen);
    }

    pub fn set_station(&self, station: &crate::domain::stations::Station) {
        self.0.update(|p| p.set_station(station));
    }

    pub fn toggle_sort(&self) {
        self.0.update(|p| p.oldest_first = !p.oldest_first);
    }

    /// Yellow and red minutes, already checked (`AgeThresholds::edit_minutes`).
    pub fn set_minutes(&self, (warn, late): (i64, i64)) {
        self.0
            .update(|p| (p.warn_minutes, p.late_minutes) = (warn, late));
    }

    pub fn set_print_new(&self, on: bool) {
        self.0.update(|p| p.print_new = on);
    }
}

/// The ticket the keys act on, and whether its card should take the focus once drawn (after a bump or a
/// key, never while someone types elsewhere).
#[derive(Clone, Copy)]
pub struct Selection {
    selected: RwSignal<Option<Selected>>,
    focus_pending: StoredValue<bool>,
}

impl Selection {
    pub fn new() -> Self {
        Selection {
            selected: RwSignal::new(None),
            focus_pending: StoredValue::new(false),
        }
    }

    /// The selected ticket, if any.
    pub fn selected(&self) -> ReadSignal<Option<Selected>> {
        self.selected.read_only()
    }

    /// Drops the selection (Escape).
    pub fn clear(&self) {
        self.selected.set(None);
    }

    /// The selection moves to the ticket now in its place (its own left the screen), focus as it was.
    pub fn follow(&self, id: String, index: usize) {
        self.selected.set(Some(Selected { id, index }));
    }

    /// Whether the selected card should take the focus once drawn; reading it takes the request.
    pub fn take_focus_request(&self) -> bool {
        self.focus_pending
            .try_update_value(std::mem::take)
            .unwrap_or_default()
    }

    /// Whether a focus request waits, without taking it.
    pub fn focus_requested(&self) -> bool {
        self.focus_pending.get_value()
    }

    pub fn is(&self, order_id: &str) -> bool {
        self.selected
            .with(|s| s.as_ref().is_some_and(|s| s.id == order_id))
    }

    /// Selects a ticket and has its card take the focus.
    pub fn select(&self, id: String, index: usize) {
        self.focus_pending.set_value(true);
        self.selected.set(Some(Selected { id, index }));
    }

    /// Selects a ticket without moving the focus (a tap: a pointer shows no focus, and moving it costs a
    /// layout of the board in the middle of a rush).
    pub fn mark(&self, id: String, index: usize) {
        if self
            .selected
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.id == id && s.index == index))
        {
            return;
        }
        self.selected.set(Some(Selected { id, index }));
    }
}

impl Default for Selection {
    fn default() -> Self {
        Selection::new()
    }
}

/// A status change waiting for the broker: its topic and JSON.
type StatusMessage = (String, String);

/// Kitchen actions on tickets: bump, cancel and recall, published as retained statuses so every board and
/// any other client converge; plus the last problem with sending one. What each action changes is
/// decided by `domain::rules`; this handle reads the board once, applies the change, publishes it and
/// keeps it until the broker acknowledges it.
#[derive(Clone, Copy)]
pub struct Kitchen {
    store: BoardStore,
    settings: RwSignal<BoardSettings>,
    client_id: ReadSignal<String>,
    client: StoredValue<MqttClient, LocalStorage>,
    /// Status changes made here the broker has not acknowledged: kept in storage so a bump made offline
    /// still reaches the other boards after a reload. Its numbers also name claims and clean-ups.
    unsent: StoredValue<Outbox<StatusMessage>>,
    /// The last bump or cancel made here, for "Undo" within a few seconds.
    last_change: RwSignal<Option<LastChange>>,
    /// A read-only screen (pickup) changes nothing and publishes nothing.
    read_only: Signal<bool>,
    /// Orders heard that may still need a retained status carrying them, for boards opened later.
    claims: StoredValue<Claims>,
    /// Why the last status change could not be sent, if it could not.
    problem: RwSignal<Option<crate::mqtt::reason::Reason>>,
}

impl Kitchen {
    pub fn new(
        store: BoardStore,
        settings: RwSignal<BoardSettings>,
        client_id: ReadSignal<String>,
        read_only: Signal<bool>,
        client: StoredValue<MqttClient, LocalStorage>,
    ) -> Self {
        Kitchen {
            read_only,
            store,
            settings,
            client_id,
            client,
            unsent: StoredValue::new(Outbox::default()),
            last_change: RwSignal::new(None),
            claims: StoredValue::new(Claims::default()),
            problem: RwSignal::new(None),
        }
    }

    /// The last bump or cancel made here (for "Undo").
    pub fn last_change(&self) -> ReadSignal<Option<LastChange>> {
        self.last_change.read_only()
    }

    /// Why the last status change could not be sent, if it could not.
    pub fn problem(&self) -> ReadSignal<Option<crate::mqtt::reason::Reason>> {
        self.problem.read_only()
    }

    fn topics(&self) -> Topics {
        self.settings.with_untracked(|s| Topics::new(&s.topic))
    }

    /// Decides with one read of the board (the time and this board's id passed in), or `None` on a
    /// screen that changes nothing.
    fn decide(
        &self,
        rule: impl FnOnce(&Board, i64, &str) -> Option<StatusUpdate>,
    ) -> Option<StatusUpdate> {
        if self.read_only.get_untracked() {
            return None;
        }
        let by = self.client_id.get_untracked();
        self.store.with(|b| rule(b, now_ms(), &by))
    }

    /// Applies what was decided, publishes it and keeps it until acknowledged; remembers it for "Undo"
    /// unless it was itself a taking back. (Not generic: compiled once for every action.)
    fn act(&self, update: Option<StatusUpdate>, recall: bool) {
        let Some(update) = update else {
            return;
        };
        self.store.apply(&update);
        let last = self.store.with(|b| rules::last_change(b, &update, recall));
        self.last_change.set(last);
        let topic = self.topics().status(&update.order_id);
        self.send_status(topic, update.to_json());
        self.save_unsent();
    }

    /// One step forward: on a station's screen its part (new → preparing → done), else the whole order
    /// (new → preparing → ready → served).
    pub fn bump(&self, order_id: &str, station: &Station) {
        match station {
            Station::All => self.act(
                self.decide(|b, now, by| rules::bump(b, order_id, now, by)),
                false,
            ),
            _ => self.act_part(
                self.decide_part(|b, now, by| rules::bump_part(b, order_id, station, now, by)),
                true,
            ),
        }
    }

    /// A tap on one line of a station's card crosses it off (or back on).
    pub fn cross_line(&self, order_id: &str, station: &Station, line: u32) {
        self.act_part(
            self.decide_part(|b, now, by| rules::cross_line(b, order_id, station, line, now, by)),
            true,
        );
    }

    /// A done part back to its station: the expo's "send back", a station's recall.
    pub fn send_back(&self, order_id: &str, station: &Station) {
        self.act_part(
            self.decide_part(|b, now, by| rules::send_back(b, order_id, station, now, by)),
            false,
        );
    }

    /// Recall from a "recently done" list: on a station's screen its part back to the station (while the
    /// order is open), else the order back to where it was.
    pub fn recall_at(&self, order_id: &str, station: &Station) {
        let change = match station {
            Station::All => None,
            _ => self.decide_part(|b, now, by| rules::send_back(b, order_id, station, now, by)),
        };
        match change {
            Some(change) => self.act_part(Some(change), false),
            None => self.recall(order_id),
        }
    }

    /// The expo hands a ready order over: served.
    pub fn hand_off(&self, order_id: &str) {
        self.act(
            self.decide(|b, now, by| rules::hand_off(b, order_id, now, by)),
            false,
        );
    }

    fn decide_part(
        &self,
        rule: impl FnOnce(&Board, i64, &str) -> Option<rules::PartChange>,
    ) -> Option<rules::PartChange> {
        if self.read_only.get_untracked() {
            return None;
        }
        let by = self.client_id.get_untracked();
        self.store.with(|b| rule(b, now_ms(), &by))
    }

    /// Applies a station's change, publishes the part (and the order's status when it changed with it)
    /// and keeps both until acknowledged; with `remember`, offers "Undo".
    fn act_part(&self, change: Option<rules::PartChange>, remember: bool) {
        let Some(change) = change else {
            return;
        };
        let last = self
            .store
            .with(|b| rules::last_part_change(b, &change))
            .filter(|_| remember);
        self.store.apply_part(&change.part);
        let topics = self.topics();
        let part = &change.part;
        self.send_status(
            topics.part(&part.order_id, &part.part.station),
            part.to_json(),
        );
        if let Some(status) = &change.status {
            self.store.apply(status);
            self.send_status(topics.status(&status.order_id), status.to_json());
        }
        self.last_change.set(last);
        self.save_unsent();
    }

    pub fn cancel(&self, order_id: &str) {
        self.act(
            self.decide(|b, now, by| rules::cancel(b, order_id, now, by)),
            false,
        );
    }

    /// Takes back the last bump or cancel made here (see `rules::undo`); once that is no longer
    /// possible, "Undo" goes away.
    pub fn undo(&self) {
        let Some(last) = self.last_change.get_untracked() else {
            return;
        };
        self.last_change.set(None);
        if last.part.is_some() {
            return self.act_part(
                self.decide_part(|b, now, by| rules::undo_part(b, &last, now, by)),
                false,
            );
        }
        self.act(
            self.decide(|b, now, by| rules::undo(b, &last, now, by)),
            true,
        );
    }

    /// The ticket served or cancelled most recently, back on the board.
    pub fn recall_latest(&self) {
        self.act(self.decide(rules::recall_latest), true);
    }

    /// R on a station's screen: its part finished last back to it; elsewhere the order finished last.
    pub fn recall_latest_at(&self, station: &Station) {
        match station {
            Station::All => self.recall_latest(),
            _ => self.act_part(
                self.decide_part(|b, now, by| rules::recall_latest_part(b, station, now, by)),
                false,
            ),
        }
    }

    /// Back to the status before the last change (a served order goes back to ready), in its old place.
    pub fn recall(&self, order_id: &str) {
        self.act(
            self.decide(|b, now, by| rules::recall(b, order_id, now, by)),
            true,
        );
    }

    /// Publishes a status change and keeps it until the broker acknowledges it.
    fn send_status(&self, topic: String, json: String) {
        let tag = self
            .unsent
            .try_update_value(|u| u.add((topic.clone(), json.clone()), QosLevel::AtLeastOnce))
            .unwrap_or_default();
        self.publish(topic, json.into_bytes(), Origin::KitchenStatus(tag));
    }

    /// Sends again, in their order, the status changes pages now gone made and the broker never confirmed
    /// (see [`Publisher::restore`]).
    pub fn restore(&self, first: bool) {
        let kitchen = *self;
        storage::adopt(Key::StatusOutbox, first, move |data| {
            let Ok(stored) = serde_json::from_str::<Vec<StatusMessage>>(data) else {
                return false;
            };
            for (topic, json) in stored {
                // Written by us; anything else (edited by hand) is not trusted.
                let ours = StatusUpdate::decode(json.as_bytes()).is_ok()
                    || crate::domain::parts::PartUpdate::decode(json.as_bytes()).is_ok();
                if ours {
                    kitchen.send_status(topic, json);
                }
            }
            kitchen.save_unsent();
            true
        });
    }

    /// A failure is said on the page by the storage edge; the change itself is still being sent.
    fn save_unsent(&self) {
        let list: Vec<StatusMessage> = self.unsent.with_value(|u| u.waiting().cloned().collect());
        storage::save_list(Key::StatusOutbox, &list).ok();
    }

    /// An order arrived: unless some board publishes a status for it first, this one will (see `claims`).
    pub fn order_seen(&self, order_id: &str) {
        if self.read_only.get_untracked() {
            return;
        }
        let jitter = (js_sys::Math::random() * CLAIM_JITTER_MS as f64) as i64;
        self.claims
            .update_value(|c| c.order_seen(order_id, now_ms(), jitter));
    }

    /// Publishes a retained "new" status carrying the order, for the few orders whose wait is over and that
    /// still have no status: a board opened mid-service then finds every open ticket.
    /// Only while `connected`: a claim kept in the outbox through a Wi-Fi drop could arrive after the
    /// ticket was bumped elsewhere.
    pub fn claim_due(&self, connected: bool) {
        if self.read_only.get_untracked() || !connected {
            return;
        }
        let store = self.store;
        let unclaimed = |id: &str| store.with(|b| rules::needs_claim(b, id));
        let due = self
            .claims
            .try_update_value(|c| {
                // Boards start at different places in the list, so several do not claim the same orders.
                let start = (js_sys::Math::random() * c.len() as f64) as usize;
                c.due(now_ms(), CLAIMS_PER_TICK, start, unclaimed)
            })
            .unwrap_or_default();
        let by = self.client_id.get_untracked();
        let topics = self.topics();
        for id in due {
            let Some(update) = store.with(|b| rules::claim(b, &id, &by)) else {
                continue;
            };
            store.apply_quietly(&update);
            let tag = self.number();
            self.publish(
                topics.status(&id),
                update.to_json().into_bytes(),
                Origin::Claim(tag),
            );
        }
    }

    /// End of day: finished tickets (or, with `everything`, all) off this board, and their retained
    /// statuses deleted on the broker, so a board opened tomorrow does not get them back. Returns how many.
    pub fn clear_day(&self, everything: bool) -> usize {
        let gone = self.store.clear(everything);
        self.forget(&gone)
    }

    /// Closes the day on every board: the open tickets cancelled first unless `keep_open` (each cancel
    /// published like any), then the day's close applied here and published retained beside the orders
    /// topic, where every board — and a board opened later — hears it; the retained statuses of the
    /// tickets it took off are deleted. Returns how many tickets left this board.
    pub fn close_day(&self, keep_open: bool) -> usize {
        if self.read_only.get_untracked() {
            return 0;
        }
        if !keep_open {
            let open: Vec<String> = self.store.with(|b| {
                b.open()
                    .filter(|t| !t.waiting)
                    .map(|t| t.order.order_id.clone())
                    .collect()
            });
            for id in open {
                self.cancel(&id);
            }
        }
        let close = crate::domain::day::DayClose {
            closed_at: now_ms(),
            by: self.client_id.get_untracked(),
            keep_open,
        };
        let gone = self.store.close_day(&close);
        let tag = self.number();
        self.publish(
            self.topics().day(),
            close.to_json().into_bytes(),
            Origin::Claim(tag),
        );
        self.forget(&gone)
    }

    /// "Clear test orders": every generated order off the board, and its retained status off the broker.
    pub fn clear_tests(&self) -> usize {
        let gone = self.store.clear_tests();
        self.forget(&gone)
    }

    /// Deletes what the broker keeps of tickets taken off the board: statuses and published parts.
    fn forget(&self, gone: &[crate::domain::board::Gone]) -> usize {
        let topics = self.topics();
        for ticket in gone {
            self.clear_retained(&topics.status(&ticket.order_id));
            for station in &ticket.parts {
                self.clear_retained(&topics.part(&ticket.order_id, station));
            }
        }
        self.last_change.set(None);
        gone.len()
    }

    /// Deletes a retained status nobody needs any more (an empty retained message).
    pub fn clear_retained(&self, topic: &str) {
        if self.read_only.get_untracked() {
            return;
        }
        let tag = self.number();
        self.publish(topic.to_owned(), Vec::new(), Origin::RetainedCleanup(tag));
    }

    /// Announces something retained nobody waits for (a counter's letter): its owner sends it again
    /// after each connect.
    pub fn announce(&self, topic: String, payload: Vec<u8>) {
        if self.read_only.get_untracked() {
            return;
        }
        let tag = self.number();
        self.publish(topic, payload, Origin::Claim(tag));
    }

    /// A number for a publish nobody waits for (claims, clean-ups), from the same counter as the rest.
    fn number(&self) -> u64 {
        self.unsent
            .try_update_value(|u| u.number())
            .unwrap_or_default()
    }

    fn publish(&self, topic: String, payload: Vec<u8>, origin: Origin) {
        let command = Command::Publish(PublishRequest {
            topic,
            payload,
            qos: QosLevel::AtLeastOnce,
            retain: true,
            origin,
        });
        self.client.with_value(|c| c.send(command));
    }

    pub fn delivered(&self, origin: Origin, outcome: &Delivery) {
        if let Origin::KitchenStatus(tag) = origin {
            // The broker said no (its ACL, MQTT 5): sending it again would be refused again. It is said
            // once, in the banner, and not kept for the next page.
            let refused = matches!(outcome, Delivery::Failed(r) if r.why == crate::mqtt::reason::Why::PublishRefused);
            let settled = self.unsent.try_update_value(|u| match refused {
                true => u.give_up(tag),
                false => u.settle(tag, outcome),
            });
            if settled.flatten().is_some() {
                self.save_unsent();
            }
            // Only a change someone made here is worth a banner; a claim or a clean-up that fails is
            // retried by the next board to hear the order (or see the stale status).
            match outcome {
                Delivery::Failed(reason) => self.problem.set(Some(reason.clone())),
                Delivery::Acknowledged => self.problem.set(None),
                _ => {}
            }
        }
    }
}

/// The station this screen shows: the one chosen, while the menu in use has it (derived once, read by
/// the tools, the all-day counts and the tickets).
#[derive(Clone, Copy)]
pub struct ActiveStation(pub Memo<crate::domain::stations::Station>);

/// One clock for every ticket timer, once a second.
#[derive(Clone, Copy)]
pub struct Clock(pub Signal<i64>);

/// What the search box holds: the tools edit it, the tickets follow it.
#[derive(Clone, Copy)]
pub struct Search(RwSignal<String>);

impl Search {
    pub fn new() -> Self {
        Search(RwSignal::new(String::new()))
    }

    /// What the box holds (tracked).
    pub fn get(&self) -> String {
        self.0.get()
    }

    pub fn set(&self, text: String) {
        self.0.set(text);
    }
}

impl Default for Search {
    fn default() -> Self {
        Search::new()
    }
}

/// The last problem with keeping something in the browser's storage, for the page to say.
#[derive(Clone, Copy)]
pub struct StorageHealth(pub ReadSignal<Option<crate::storage::Problem>>);

/// What a card needs besides its ticket: the allergen words of the device's language (with English) and
/// the menu that says what each dish contains.
#[derive(Clone, Copy)]
pub struct CardContext {
    words: Memo<std::sync::Arc<crate::domain::allergens::AllergenWords>>,
    menu: ReadSignal<std::sync::Arc<crate::domain::menu::Menu>>,
}

impl CardContext {
    pub fn new(menu: crate::restaurant::ActiveMenu) -> Self {
        let i18n = crate::i18n::use_i18n();
        CardContext {
            words: Memo::new(move |_| {
                std::sync::Arc::new(crate::words::allergen_words(i18n.get_locale()))
            }),
            menu: menu.menu(),
        }
    }

    /// The card of `ticket` for `station`, following the language and the menu. Without a context (a
    /// card mounted alone, in a test) English words and the demo menu.
    pub fn card(
        context: Option<CardContext>,
        ticket: &crate::domain::ticket::Ticket,
        station: &Station,
    ) -> crate::domain::card::CardModel {
        use crate::domain::card::{Allergies, CardModel};
        let of = |words: &_, menu: &_| {
            CardModel::of(
                ticket,
                station,
                local_offset_minutes,
                &Allergies { words, menu },
            )
        };
        match context {
            Some(cx) => cx.words.with(|w| cx.menu.with(|m| of(w, m))),
            None => of(
                &crate::domain::allergens::AllergenWords::english(),
                &crate::domain::menu::Menu::demo(),
            ),
        }
    }
}
