//! Wiring: settings from the page URL, the MQTT client, the signals it writes, and the contexts children use.

use crate::components::board::BoardView;
use crate::components::connection::ConnectionBar;
use crate::components::publish::PublishPanel;
use crate::domain::board::Board;
use crate::mqtt::session::{Delivery, SessionSettings};
use crate::mqtt::transport::{ClientEvent, Command, ConnectConfig, MqttClient};
use crate::mqtt::ConnState;
use leptos::prelude::*;

pub const DEFAULT_TOPIC: &str = "restaurant/orders";
const CLIENT_ID_KEY: &str = "order-board.client-id";

/// Where a published order stands, as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishRecord {
    pub tag: u64,
    pub order_id: String,
    pub summary: String,
    pub state: Delivery,
}

/// The connection's state, for whoever shows it.
#[derive(Clone, Copy)]
pub struct ConnectionStatus(pub ReadSignal<ConnState>);

/// Broker URL and topic as typed, plus the capability to (dis)connect — what the connection bar needs.
#[derive(Clone, Copy)]
pub struct ConnectionControl {
    pub broker: RwSignal<String>,
    pub topic: RwSignal<String>,
    pub subscription: ReadSignal<Option<Result<String, String>>>,
    client: StoredValue<MqttClient, LocalStorage>,
    client_id: StoredValue<String>,
}

impl ConnectionControl {
    pub fn connect(&self) {
        let config = ConnectConfig {
            url: self.broker.get_untracked().trim().to_owned(),
            topic: self.topic.get_untracked().trim().to_owned(),
            settings: SessionSettings {
                client_id: self.client_id.get_value(),
                ..SessionSettings::default()
            },
        };
        self.client.with_value(|c| c.send(Command::Connect(config)));
    }

    pub fn disconnect(&self) {
        self.client.with_value(|c| c.send(Command::Disconnect));
    }
}

/// The capability to publish and the list of what was published — what the publish panel needs.
#[derive(Clone, Copy)]
pub struct Publisher {
    pub topic: RwSignal<String>,
    pub outbox: RwSignal<Vec<PublishRecord>>,
    client: StoredValue<MqttClient, LocalStorage>,
}

/// How many publish results the panel keeps.
const OUTBOX_SHOWN: usize = 20;

impl Publisher {
    pub fn publish(&self, tag: u64, order: &crate::domain::order::Order) {
        let record = PublishRecord {
            tag,
            order_id: order.order_id.clone(),
            summary: format!(
                "{} — {} item(s), {}",
                order.customer_name,
                order.item_count(),
                order.total_amount
            ),
            state: Delivery::Sent,
        };
        self.outbox.update(|o| {
            o.insert(0, record);
            o.truncate(OUTBOX_SHOWN);
        });
        let command = Command::Publish {
            topic: self.topic.get_untracked().trim().to_owned(),
            payload: order.to_json().into_bytes(),
            qos: crate::mqtt::QosLevel::AtLeastOnce,
            tag,
        };
        self.client.with_value(|c| c.send(command));
    }
}

/// The board's contents, read-only, for the views.
#[derive(Clone, Copy)]
pub struct BoardState(pub ReadSignal<Board>);

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Settings from the query string (`?broker=ws://...&topic=...`), else a broker on the page's own host.
fn initial_settings() -> (String, String) {
    let location = window().location();
    let params = location
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok());
    let param = |name: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(name))
            .filter(|v| !v.trim().is_empty())
    };
    let host = location
        .hostname()
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "127.0.0.1".into());
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    let broker = param("broker").unwrap_or_else(|| format!("ws://{host}:9001"));
    let topic = param("topic").unwrap_or_else(|| DEFAULT_TOPIC.to_owned());
    (broker, topic)
}

/// A client id kept per browser, so the broker sees the same board across reloads.
fn stable_client_id() -> String {
    let storage = window().local_storage().ok().flatten();
    if let Some(id) = storage
        .as_ref()
        .and_then(|s| s.get_item(CLIENT_ID_KEY).ok().flatten())
    {
        return id;
    }
    let id = format!("board-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    if let Some(s) = storage {
        let _ = s.set_item(CLIENT_ID_KEY, &id);
    }
    id
}

#[component]
pub fn App() -> impl IntoView {
    let (broker, topic) = initial_settings();
    let broker = RwSignal::new(broker);
    let topic = RwSignal::new(topic);
    let state = RwSignal::new(ConnState::Offline);
    let board = RwSignal::new(Board::default());
    let outbox = RwSignal::new(Vec::<PublishRecord>::new());
    let subscription = RwSignal::new(None::<Result<String, String>>);

    let client = MqttClient::start(move |event| match event {
        ClientEvent::State(s) => {
            if s != ConnState::Connected {
                subscription.set(None);
            }
            state.set(s)
        }
        ClientEvent::Subscribed { filter } => subscription.set(Some(Ok(filter))),
        ClientEvent::SubscriptionRefused { filter, reason } => {
            subscription.set(Some(Err(format!("subscription to {filter} {reason}"))))
        }
        ClientEvent::Message { topic, payload } => {
            board.update(|b| {
                b.ingest(&topic, &payload, now_ms());
            });
        }
        ClientEvent::Delivery { tag, outcome } => outbox.update(|o| {
            if let Some(record) = o.iter_mut().find(|r| r.tag == tag) {
                // A late "sent" never overwrites an acknowledgement already shown.
                if !(outcome == Delivery::Sent && record.state != Delivery::Sent) {
                    record.state = outcome;
                }
            }
        }),
    });
    let client = StoredValue::new_local(client);

    let control = ConnectionControl {
        broker,
        topic,
        subscription: subscription.read_only(),
        client,
        client_id: StoredValue::new(stable_client_id()),
    };
    provide_context(ConnectionStatus(state.read_only()));
    provide_context(control);
    provide_context(Publisher {
        topic,
        outbox,
        client,
    });
    provide_context(BoardState(board.read_only()));
    control.connect();

    view! {
        <header class="topbar">
            <h1>"Order board"</h1>
            <ConnectionBar/>
        </header>
        <main class="layout">
            <BoardView/>
            <aside class="side">
                <PublishPanel/>
            </aside>
        </main>
    }
}
