//! Wiring: settings from their sources, the MQTT client, the signals it writes, and the contexts children use.

use crate::components::board::BoardView;
use crate::components::connection::ConnectionPanel;
use crate::components::generator::GeneratorPanel;
use crate::components::order_form::OrderForm;
use crate::components::publish::Outbox;
use crate::domain::board::{Board, DEFAULT_CAPACITY};
use crate::domain::draft::OrderDraft;
use crate::domain::settings::{parse_config_json, parse_query, resolve, PartialSettings};
use crate::mqtt::transport::{ClientEvent, MqttClient};
use crate::mqtt::ConnState;
use crate::state::{
    now_ms, BoardState, ConnectionControl, ConnectionStatus, GeneratorControl, HistoryLimit,
    Publisher, GENERATOR_TAGS,
};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const SETTINGS_KEY: &str = "order-board.settings";
const DRAFT_KEY: &str = "order-board.draft";
const CLIENT_ID_KEY: &str = "order-board.client-id";
/// If the browser skips animation frames (hidden tab), incoming orders are still applied this often.
const FLUSH_FALLBACK: Duration = Duration::from_millis(250);

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load_json<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = local_storage()?.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}

fn save_json<T: serde::Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

/// A client id per browser tab, kept across reloads (sessionStorage): two tabs of the same board
/// never share an id, so the broker never has them take each other's session over in a loop.
fn tab_client_id() -> String {
    let storage = window().session_storage().ok().flatten();
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

/// The host's optional `config.json` next to index.html. Missing is normal; unreadable is reported.
async fn fetch_config() -> Result<PartialSettings, String> {
    let response = JsFuture::from(window().fetch_with_str("config.json"))
        .await
        .map_err(|_| "config.json could not be fetched".to_owned())?;
    let response: web_sys::Response = response.unchecked_into();
    if response.status() == 404 {
        return Ok(PartialSettings::default());
    }
    if !response.ok() {
        return Err(format!("config.json: HTTP {}", response.status()));
    }
    let text = JsFuture::from(
        response
            .text()
            .map_err(|_| "config.json: unreadable".to_owned())?,
    )
    .await
    .map_err(|_| "config.json: unreadable".to_owned())?;
    parse_config_json(&text.as_string().unwrap_or_default())
}

#[component]
pub fn App() -> impl IntoView {
    let location = window().location();
    let query = parse_query(&location.search().unwrap_or_default());
    let host = location.hostname().unwrap_or_default();
    let saved: PartialSettings = load_json(SETTINGS_KEY).unwrap_or_default();
    let settings = RwSignal::new(resolve(
        query.clone(),
        saved.clone(),
        PartialSettings::default(),
        &host,
    ));
    let config_notice = RwSignal::new(None::<String>);

    let state = RwSignal::new(ConnState::Offline);
    let subscription = RwSignal::new(None::<Result<String, String>>);
    let board = RwSignal::new(Board::default());
    let history = RwSignal::new(DEFAULT_CAPACITY);
    Effect::new(move |_| {
        let capacity = history.get();
        board.update(|b| b.set_capacity(capacity));
    });

    // Incoming messages are applied to the board once per animation frame, not one update each.
    let inbox = StoredValue::new_local(Vec::<(String, Vec<u8>)>::new());
    let flush = move || {
        let batch = inbox.try_update_value(std::mem::take).unwrap_or_default();
        if !batch.is_empty() {
            let now = now_ms();
            board.update(|b| {
                for (topic, payload) in &batch {
                    b.ingest(topic, payload, now);
                }
            });
        }
    };

    // The client exists before the contexts that use it; its events reach them through these cells.
    let routes = StoredValue::new_local(None::<(Publisher, GeneratorControl)>);
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
            let first = inbox
                .try_update_value(|q| {
                    q.push((topic, payload));
                    q.len() == 1
                })
                .unwrap_or(false);
            if first {
                request_animation_frame(flush);
                set_timeout(flush, FLUSH_FALLBACK);
            }
        }
        ClientEvent::Delivery { tag, outcome } => routes.with_value(|r| {
            if let Some((publisher, generator)) = r {
                if tag >= GENERATOR_TAGS {
                    generator.delivered(&outcome);
                } else {
                    publisher.delivered(tag, outcome);
                }
            }
        }),
    });
    let client = StoredValue::new_local(client);

    let control = ConnectionControl::new(settings, tab_client_id(), client);
    let publisher = Publisher::new(settings, client);
    let generator = GeneratorControl::new(publisher);
    routes.set_value(Some((publisher, generator)));
    provide_context(ConnectionStatus {
        state: state.read_only(),
        subscription: subscription.read_only(),
    });
    provide_context(control);
    provide_context(publisher);
    provide_context(generator);
    provide_context(BoardState(board.read_only()));
    provide_context(HistoryLimit(history));

    // The draft survives reloads: nothing typed is lost.
    let draft = RwSignal::new(load_json::<OrderDraft>(DRAFT_KEY).unwrap_or_default());
    Effect::new(move |_| draft.with(|d| save_json(DRAFT_KEY, d)));

    // config.json can only fill in what the query and saved settings leave open, so connect after it.
    leptos::task::spawn_local(async move {
        match fetch_config().await {
            Ok(config) => settings.set(resolve(query, saved, config, &host)),
            Err(reason) => config_notice.set(Some(reason)),
        }
        control.connect();
    });
    let on_connect = move || {
        settings.with_untracked(|s| save_json(SETTINGS_KEY, &s.to_saved()));
        control.connect();
    };

    view! {
        <header class="topbar">
            <h1>"Order board"</h1>
            <ConnectionPanel on_connect=on_connect/>
            {move || config_notice.get().map(|n| view! { <p class="error">{n}</p> })}
        </header>
        <main class="layout">
            <BoardView/>
            <aside class="side">
                <OrderForm draft=draft/>
                <Outbox/>
                <GeneratorPanel/>
            </aside>
        </main>
    }
}
