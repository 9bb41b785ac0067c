//! The capabilities components share through context: each a small Copy handle that does one job.

use crate::domain::board::Board;
use crate::domain::claims::{Claims, CLAIM_JITTER_MS};
use crate::domain::keymap::Selected;
use crate::domain::kitchen::{status_filter, status_topic, AgeFrom, Status, StatusUpdate};
use crate::domain::order::Order;
use crate::domain::run::{GeneratorRun, RunConfig};
use crate::domain::screen::ScreenPrefs;
use crate::domain::settings::{presence_topic, BoardSettings, MqttVersionSetting};
use crate::mqtt::boundary::{Command, ConnectConfig, Origin};
use crate::mqtt::engine::MqttClient;
use crate::mqtt::session::{Delivery, Presence, ProtocolVersion, QosLevel, SessionSettings};
use crate::mqtt::ConnState;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use std::collections::BTreeMap;

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A value kept in localStorage as JSON; absent, unreadable or of another shape reads as `None`.
pub fn load_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

pub fn save_json<T: serde::Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// How many publish results the outbox list keeps.
const OUTBOX_SHOWN: usize = 30;

/// The connection's state, for whoever shows it.
#[derive(Clone, Copy)]
pub struct ConnectionStatus {
    pub state: ReadSignal<ConnState>,
    pub subscription: ReadSignal<Option<Result<String, String>>>,
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
    pub settings: RwSignal<BoardSettings>,
    /// What the connection uses: a copy of the draft made at Connect.
    pub applied: RwSignal<BoardSettings>,
    /// The id this tab connects with unless the settings name one (decided once the tabs have agreed).
    pub client_id: RwSignal<String>,
    /// Whether the user pressed Connect before start-up did: start-up must not connect over it.
    pub connected_by_hand: StoredValue<bool>,
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

    /// Applies the draft and connects with it. Filters the same session subscribed to before (another topic,
    /// here or on a previous page load) are unsubscribed: a persistent session would keep delivering them.
    pub fn connect(&self) {
        let s = self.settings.get_untracked();
        self.applied.set(s.clone());
        let client_id = s
            .client_id
            .clone()
            .unwrap_or_else(|| self.client_id.get_untracked());
        let filters = vec![
            s.topic.trim().to_owned(),
            status_filter(s.topic.trim()),
            crate::domain::restaurant::menu_topic(s.topic.trim()),
        ];
        let forget = previous_filters(&client_id)
            .into_iter()
            .filter(|f| !filters.contains(f))
            .collect();
        save_filters(&client_id, &filters);
        let presence = s.announce_presence.then(|| {
            let status = |state: &str| {
                serde_json::json!({ "client_id": client_id, "status": state })
                    .to_string()
                    .into_bytes()
            };
            Presence {
                topic: presence_topic(s.topic.trim(), &client_id),
                online: status("online"),
                offline: status("offline"),
            }
        });
        let config = ConnectConfig {
            urls: crate::domain::settings::broker_urls(&s.broker),
            orders_topic: s.topic.trim().to_owned(),
            filters,
            forget,
            auto_version: s.mqtt_version == MqttVersionSetting::Auto,
            known_versions: known_versions(),
            settings: SessionSettings {
                client_id,
                presence,
                username: s.username.clone(),
                password: s.password.clone(),
                version: match s.mqtt_version {
                    MqttVersionSetting::V3_1_1 => ProtocolVersion::V3_1_1,
                    MqttVersionSetting::V5 | MqttVersionSetting::Auto => ProtocolVersion::V5,
                },
                clean_session: !s.persistent_session,
                keepalive_secs: s.keepalive_secs,
            },
            read_only: self.read_only.get_untracked(),
        };
        self.client
            .with_value(|c| c.send(Command::Connect(Box::new(config))));
    }

    pub fn disconnect(&self) {
        self.client.with_value(|c| c.send(Command::Disconnect));
    }
}

const SUBSCRIBED_KEY: &str = "order-board.subscribed";

/// What each client id last subscribed to from this browser (its persistent session may still hold it); by
/// id, since two tabs of one browser connect with ids of their own.
fn subscribed_by_id() -> BTreeMap<String, Vec<String>> {
    load_json(SUBSCRIBED_KEY).unwrap_or_default()
}

fn previous_filters(client_id: &str) -> Vec<String> {
    subscribed_by_id().remove(client_id).unwrap_or_default()
}

fn save_filters(client_id: &str, filters: &[String]) {
    let mut all = subscribed_by_id();
    all.insert(client_id.to_owned(), filters.to_vec());
    save_json(SUBSCRIBED_KEY, &all);
}

const VERSIONS_KEY: &str = "order-board.broker-versions";

/// The MQTT version each broker URL worked with in this browser ("auto" remembers a 3.1.1-only broker).
fn known_versions() -> std::collections::HashMap<String, ProtocolVersion> {
    let stored: BTreeMap<String, String> = load_json(VERSIONS_KEY).unwrap_or_default();
    stored
        .into_iter()
        .filter_map(|(url, v)| match v.as_str() {
            "3.1.1" => Some((url, ProtocolVersion::V3_1_1)),
            "5" => Some((url, ProtocolVersion::V5)),
            _ => None,
        })
        .collect()
}

/// Remembers which version a broker spoke, for the next connect and the next page load.
pub fn remember_version(url: &str, version: ProtocolVersion) {
    let mut stored: BTreeMap<String, String> = load_json(VERSIONS_KEY).unwrap_or_default();
    let text = match version {
        ProtocolVersion::V3_1_1 => "3.1.1",
        ProtocolVersion::V5 => "5",
    };
    stored.insert(url.to_owned(), text.to_owned());
    save_json(VERSIONS_KEY, &stored);
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
    pub outbox: RwSignal<Vec<PublishRecord>>,
    next_tag: StoredValue<u64>,
    /// Orders placed here and not yet acknowledged, by tag, with the QoS each was sent at (a QoS 0 order is
    /// settled once written); kept in localStorage so a reload loses none.
    unsettled: StoredValue<BTreeMap<u64, (Order, QosLevel)>>,
    client: StoredValue<MqttClient, LocalStorage>,
}

const OUTBOX_KEY: &str = "order-board.outbox";

impl Publisher {
    pub fn new(
        settings: RwSignal<BoardSettings>,
        client: StoredValue<MqttClient, LocalStorage>,
    ) -> Self {
        Publisher {
            settings,
            outbox: RwSignal::new(Vec::new()),
            next_tag: StoredValue::new(0),
            unsettled: StoredValue::new(BTreeMap::new()),
            client,
        }
    }

    /// Publishes again, in their original order, the orders a previous page left unacknowledged.
    pub fn restore(&self) {
        let stored: Vec<String> = load_json(OUTBOX_KEY).unwrap_or_default();
        for json in stored {
            // Written by us, so it decodes; anything else (edited by hand) is not trusted.
            if let Ok(order) = crate::domain::order::decode(json.as_bytes()) {
                self.publish(&order);
            }
        }
    }

    fn save_unsettled(&self) {
        self.save_unsettled_with(&[]);
    }

    /// Stores the unacknowledged orders, plus `more` (the generator's in flight, when the page goes away),
    /// for the next page load to publish again.
    pub fn save_unsettled_with(&self, more: &[Order]) {
        let orders: Vec<String> = self.unsettled.with_value(|u| {
            u.values()
                .map(|(o, _)| o)
                .chain(more)
                .map(Order::to_json)
                .collect()
        });
        save_json(OUTBOX_KEY, &orders);
    }

    pub fn qos(&self) -> QosLevel {
        match self.settings.with_untracked(|s| s.qos) {
            0 => QosLevel::AtMostOnce,
            2 => QosLevel::ExactlyOnce,
            _ => QosLevel::AtLeastOnce,
        }
    }

    /// Publishes an order and lists it with its delivery state.
    pub fn publish(&self, order: &Order) {
        let tag = self
            .next_tag
            .try_update_value(|t| {
                *t += 1;
                *t
            })
            .unwrap_or_default();
        self.outbox.update(|o| {
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
        let qos = self.qos();
        self.unsettled.update_value(|u| {
            u.insert(tag, (order.clone(), qos));
        });
        self.save_unsettled();
        self.send(order, Origin::OrderForm(tag), qos);
    }

    /// Publishes again an order whose publish failed, under the same order id (boards de-duplicate).
    pub fn retry(&self, tag: u64) {
        let order = self
            .outbox
            .with_untracked(|o| o.iter().find(|r| r.tag == tag).map(|r| r.order.clone()));
        if let Some(order) = order {
            self.outbox.update(|o| o.retain(|r| r.tag != tag));
            self.publish(&order);
        }
    }

    fn send(&self, order: &Order, origin: Origin, qos: QosLevel) {
        let command = Command::Publish {
            topic: self.settings.with_untracked(|s| s.topic.trim().to_owned()),
            payload: order.to_json().into_bytes(),
            qos,
            retain: false,
            origin,
        };
        self.client.with_value(|c| c.send(command));
    }

    /// Applies a delivery outcome to the listed publish it belongs to.
    pub fn delivered(&self, tag: u64, outcome: Delivery) {
        let sent_at = self
            .unsettled
            .with_value(|u| u.get(&tag).map(|(_, qos)| *qos));
        let settled = match outcome {
            Delivery::Acknowledged => true,
            Delivery::Sent => sent_at == Some(QosLevel::AtMostOnce),
            // A failed order stays stored: the next page load tries it again.
            Delivery::Queued | Delivery::Failed(_) => false,
        };
        if settled
            && self
                .unsettled
                .try_update_value(|u| u.remove(&tag))
                .flatten()
                .is_some()
        {
            self.save_unsettled();
        }
        self.outbox.update(|o| {
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
    pub run: RwSignal<Option<GeneratorRun>>,
    /// Orders handed over and not yet acknowledged (at most the run's window), by tag: if the page goes
    /// away mid-run they are stored for the next load to send, so none is lost.
    in_flight: StoredValue<BTreeMap<u64, (Order, QosLevel)>>,
    /// Bumped per start so a loop from an earlier run ends instead of driving the new one.
    run_id: StoredValue<u64>,
    /// Numbers the generator's publishes across runs (their [`Origin::Generator`]).
    published: StoredValue<u64>,
    publisher: Publisher,
}

impl GeneratorControl {
    pub fn new(publisher: Publisher) -> Self {
        GeneratorControl {
            run: RwSignal::new(None),
            in_flight: StoredValue::new(BTreeMap::new()),
            run_id: StoredValue::new(0),
            published: StoredValue::new(0),
            publisher,
        }
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
            .with_value(|f| f.values().map(|(o, _)| o.clone()).collect());
        self.publisher.save_unsettled_with(&pending);
    }

    /// Counts an outcome for a generator publish. QoS 0 has no acknowledgement: written is done.
    pub fn delivered(&self, tag: u64, outcome: &Delivery) {
        let sent_at = self
            .in_flight
            .with_value(|f| f.get(&tag).map(|(_, qos)| *qos));
        let done = match outcome {
            Delivery::Acknowledged => Some(true),
            Delivery::Sent if sent_at == Some(QosLevel::AtMostOnce) => Some(true),
            Delivery::Failed(_) => Some(false),
            _ => None,
        };
        if let Some(ok) = done {
            self.in_flight.update_value(|f| {
                f.remove(&tag);
            });
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
                    .published
                    .try_update_value(|n| {
                        *n += 1;
                        *n
                    })
                    .unwrap_or_default();
                self.in_flight.update_value(|f| {
                    f.insert(tag, (order.clone(), qos));
                });
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

/// How many orders the board keeps (the user can change it).
#[derive(Clone, Copy)]
pub struct HistoryLimit(pub RwSignal<usize>);

/// A retained status older than this is deleted by whichever board sees it (see README, "Topics").
pub const RETAINED_STATUS_TTL_MS: i64 = 12 * 60 * 60 * 1000;
const STATUS_OUTBOX_KEY: &str = "order-board.status-outbox";
/// How long "Undo" stays offered after a bump or a cancel.
pub const UNDO_WINDOW_MS: i64 = 10_000;
/// Claims sent per tick of [`Kitchen::claim_due`] (twice a second): a flood of orders stays a trickle.
const CLAIMS_PER_TICK: usize = 10;

/// A bump or cancel, for "Undo".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    pub order_id: String,
    pub customer: String,
    /// What it was changed to.
    pub status: Status,
    pub at: i64,
}

/// The screen's own settings (its role, station, sort, minutes, sound), kept per device by the app.
#[derive(Clone, Copy)]
pub struct Prefs(pub RwSignal<ScreenPrefs>);

/// The ticket the keys act on, and whether its card should take the focus once drawn (after a bump or a
/// key, never while someone types elsewhere).
#[derive(Clone, Copy)]
pub struct Selection {
    pub selected: RwSignal<Option<Selected>>,
    pub focus_pending: StoredValue<bool>,
}

impl Selection {
    pub fn new() -> Self {
        Selection {
            selected: RwSignal::new(None),
            focus_pending: StoredValue::new(false),
        }
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

/// Kitchen actions on tickets: bump, cancel and recall, published as retained statuses so every board and
/// any other client converge; plus the last problem with sending one.
#[derive(Clone, Copy)]
pub struct Kitchen {
    board: RwSignal<Board>,
    settings: RwSignal<BoardSettings>,
    client_id: RwSignal<String>,
    client: StoredValue<MqttClient, LocalStorage>,
    next_tag: StoredValue<u64>,
    /// Status changes made here the broker has not acknowledged (topic, JSON), by number: kept in
    /// localStorage so a bump made offline still reaches the other boards after a reload.
    unsent: StoredValue<BTreeMap<u64, (String, String)>>,
    /// The last bump or cancel made here, for "Undo" within a few seconds.
    pub last_change: RwSignal<Option<LastChange>>,
    /// A read-only screen (pickup) changes nothing and publishes nothing.
    read_only: Signal<bool>,
    /// Orders heard that may still need a retained status carrying them, for boards opened later.
    claims: StoredValue<Claims>,
    /// Why the last status change could not be sent, if it could not.
    pub problem: RwSignal<Option<String>>,
}

impl Kitchen {
    pub fn new(
        board: RwSignal<Board>,
        settings: RwSignal<BoardSettings>,
        client_id: RwSignal<String>,
        read_only: Signal<bool>,
        client: StoredValue<MqttClient, LocalStorage>,
    ) -> Self {
        Kitchen {
            read_only,
            board,
            settings,
            client_id,
            client,
            next_tag: StoredValue::new(0),
            unsent: StoredValue::new(BTreeMap::new()),
            last_change: RwSignal::new(None),
            claims: StoredValue::new(Claims::default()),
            problem: RwSignal::new(None),
        }
    }

    fn status_of(&self, order_id: &str) -> Option<(Status, Option<Status>)> {
        self.board
            .with_untracked(|b| b.find(order_id).map(|t| (t.status, t.previous)))
    }

    /// One step forward: new -> preparing -> ready -> served.
    pub fn bump(&self, order_id: &str) {
        if let Some(next) = self.status_of(order_id).and_then(|(s, _)| s.next()) {
            self.set(order_id, next);
            self.remember(order_id, next);
        }
    }

    pub fn cancel(&self, order_id: &str) {
        if self.status_of(order_id).is_some_and(|(s, _)| !s.is_done()) {
            self.set(order_id, Status::Cancelled);
            self.remember(order_id, Status::Cancelled);
        }
    }

    fn remember(&self, order_id: &str, status: Status) {
        let customer = self.board.with_untracked(|b| {
            b.find(order_id)
                .map(|t| t.order.customer_name.clone())
                .unwrap_or_default()
        });
        self.last_change.set(Some(LastChange {
            order_id: order_id.to_owned(),
            customer,
            status,
            at: now_ms(),
        }));
    }

    /// Takes back the last bump or cancel made here, within [`UNDO_WINDOW_MS`] and only while nobody
    /// has changed that ticket since (undoing another board's change is not this board's to do).
    pub fn undo(&self) {
        let Some(last) = self.last_change.get_untracked() else {
            return;
        };
        let unchanged = self
            .status_of(&last.order_id)
            .is_some_and(|(status, _)| status == last.status);
        if now_ms() - last.at < UNDO_WINDOW_MS && unchanged {
            self.recall(&last.order_id);
        } else {
            self.last_change.set(None);
        }
    }

    /// The ticket served or cancelled most recently, back on the board.
    pub fn recall_latest(&self) {
        let latest = self.board.with_untracked(|b| {
            b.tickets()
                .filter(|t| t.status.is_done())
                .max_by_key(|t| t.status_at)
                .map(|t| t.order.order_id.clone())
        });
        if let Some(id) = latest {
            self.recall(&id);
        }
    }

    /// Back to the status before the last change (a served order goes back to ready), in its old place.
    pub fn recall(&self, order_id: &str) {
        if let Some((_, previous)) = self.status_of(order_id) {
            self.set(order_id, previous.unwrap_or(Status::Ready));
            self.last_change.set(None);
        }
    }

    fn set(&self, order_id: &str, status: Status) {
        if self.read_only.get_untracked() {
            return;
        }
        let update = StatusUpdate::new(order_id, status, now_ms(), &self.client_id.get_untracked());
        // While open, the status carries the order: a board opened later gets the ticket from it.
        let order = self
            .board
            .with_untracked(|b| b.find(order_id).map(|t| t.order.clone()));
        let update = match &order {
            Some(order) => update.with_order(order),
            None => update,
        };
        self.board.update(|b| {
            b.apply_status(&update);
        });
        let topic = self
            .settings
            .with_untracked(|s| status_topic(s.topic.trim(), order_id));
        self.send_status(topic, update.to_json());
        self.save_unsent();
    }

    /// Publishes a status change and keeps it until the broker acknowledges it.
    fn send_status(&self, topic: String, json: String) {
        let tag = self.publish(
            topic.clone(),
            json.clone().into_bytes(),
            Origin::KitchenStatus,
        );
        self.unsent.update_value(|u| {
            u.insert(tag, (topic, json));
        });
    }

    /// Sends again, in their order, the status changes a previous page made and the broker never confirmed.
    pub fn restore(&self) {
        let stored: Vec<(String, String)> = load_json(STATUS_OUTBOX_KEY).unwrap_or_default();
        for (topic, json) in stored {
            // Written by us; anything else (edited by hand) is not trusted.
            if StatusUpdate::decode(json.as_bytes()).is_ok() {
                self.send_status(topic, json);
            }
        }
        self.save_unsent();
    }

    fn save_unsent(&self) {
        let list: Vec<(String, String)> = self.unsent.with_value(|u| u.values().cloned().collect());
        save_json(STATUS_OUTBOX_KEY, &list);
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
        let board = self.board;
        let unclaimed = |id: &str| {
            board.with_untracked(|b| {
                b.find(id)
                    .is_some_and(|t| !t.status.is_done() && t.status_at.is_none())
            })
        };
        let due = self
            .claims
            .try_update_value(|c| {
                // Boards start at different places in the list, so several do not claim the same orders.
                let start = (js_sys::Math::random() * c.len() as f64) as usize;
                c.due(now_ms(), CLAIMS_PER_TICK, start, unclaimed)
            })
            .unwrap_or_default();
        let by = self.client_id.get_untracked();
        for id in due {
            let Some((order, received_at)) =
                board.with_untracked(|b| b.find(&id).map(|t| (t.order.clone(), t.received_at)))
            else {
                continue;
            };
            // Timed when the order was placed (or received), never later: any real bump, on any board,
            // is newer than the claim and wins over it (the latest change wins).
            let at = AgeFrom::of(order.timestamp.as_deref(), received_at).at();
            let update = StatusUpdate::new(&id, Status::New, at, &by).with_order(&order);
            board.update_untracked(|b| {
                b.apply_status(&update);
            });
            let topic = self
                .settings
                .with_untracked(|s| status_topic(s.topic.trim(), &id));
            self.publish(topic, update.to_json().into_bytes(), Origin::Claim);
        }
    }

    /// End of day: finished tickets (or, with `everything`, all) off this board, and their retained
    /// statuses deleted on the broker, so a board opened tomorrow does not get them back. Returns how many.
    pub fn clear_day(&self, everything: bool) -> usize {
        let gone = self
            .board
            .try_update(|b| b.clear(everything))
            .unwrap_or_default();
        let topic = self.settings.with_untracked(|s| s.topic.trim().to_owned());
        for id in &gone {
            self.clear_retained(&status_topic(&topic, id));
        }
        self.last_change.set(None);
        gone.len()
    }

    /// Deletes a retained status nobody needs any more (an empty retained message).
    pub fn clear_retained(&self, topic: &str) {
        if self.read_only.get_untracked() {
            return;
        }
        self.publish(topic.to_owned(), Vec::new(), Origin::RetainedCleanup);
    }

    fn publish(&self, topic: String, payload: Vec<u8>, origin: fn(u64) -> Origin) -> u64 {
        let tag = self
            .next_tag
            .try_update_value(|t| {
                *t += 1;
                *t
            })
            .unwrap_or_default();
        let command = Command::Publish {
            topic,
            payload,
            qos: QosLevel::AtLeastOnce,
            retain: true,
            origin: origin(tag),
        };
        self.client.with_value(|c| c.send(command));
        tag
    }

    pub fn delivered(&self, origin: Origin, outcome: &Delivery) {
        if let (Origin::KitchenStatus(tag), Delivery::Acknowledged) = (origin, outcome) {
            if self
                .unsent
                .try_update_value(|u| u.remove(&tag))
                .flatten()
                .is_some()
            {
                self.save_unsent();
            }
        }
        // Only a change someone made here is worth a banner; a claim or a clean-up that fails is retried
        // by the next board to hear the order (or see the stale status).
        if let Origin::KitchenStatus(_) = origin {
            match outcome {
                Delivery::Failed(reason) => self
                    .problem
                    .set(Some(format!("A status change was not sent: {reason}"))),
                Delivery::Acknowledged => self.problem.set(None),
                _ => {}
            }
        }
    }
}

/// The station this screen shows: the one chosen, while the menu in use has it (derived once, read by
/// the tools, the all-day counts and the tickets).
#[derive(Clone, Copy)]
pub struct ActiveStation(pub Memo<crate::domain::kitchen::Station>);

/// One clock for every ticket timer, once a second.
#[derive(Clone, Copy)]
pub struct Clock(pub Signal<i64>);

/// What the search box holds: the tools edit it, the tickets follow it.
#[derive(Clone, Copy)]
pub struct Search(pub RwSignal<String>);
