//! Wiring: settings from their sources, the MQTT client, the signals it writes, and the contexts children use.

use crate::components::alert::Alert;
use crate::components::board::BoardView;
use crate::components::connection::ConnectionPanel;
use crate::components::generator::GeneratorPanel;
use crate::components::order_form::OrderForm;
use crate::components::publish::Outbox;
use crate::components::shell_notice::ShellNotice;
use crate::components::stats::StatsPanel;
use crate::domain::board::{Board, Ingest, StoredTicket, DEFAULT_CAPACITY};
use crate::domain::draft::OrderDraft;
use crate::domain::inbound::Inbound;
use crate::domain::settings::{
    keep_edits, parse_config_json, parse_query, resolve, PartialSettings,
};
use crate::mqtt::boundary::{ClientEvent, Origin};
use crate::mqtt::engine::MqttClient;
use crate::mqtt::ConnState;
use crate::state::{
    load_json, now_ms, save_json, BoardState, ConnectionControl, ConnectionStatus,
    GeneratorControl, HistoryLimit, Kitchen, Publisher, RETAINED_STATUS_TTL_MS,
};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const SETTINGS_KEY: &str = "order-board.settings";
const DRAFT_KEY: &str = "order-board.draft";
const BOARD_KEY: &str = "order-board.board";
/// Tickets kept across a reload: enough for a busy evening, small enough for localStorage.
const BOARD_KEPT: usize = 500;
const CLIENT_ID_KEY: &str = "order-board.client-id";
/// How long a new tab waits for another tab to say it already uses the board's client id.
const CLAIM_WAIT_MS: u32 = 150;

/// A client id per tab, kept across reloads of that tab (sessionStorage).
fn tab_client_id() -> String {
    let storage = window().session_storage().ok().flatten();
    if let Some(id) = storage
        .as_ref()
        .and_then(|s| s.get_item(CLIENT_ID_KEY).ok().flatten())
    {
        return id;
    }
    let id = new_client_id();
    if let Some(s) = storage {
        let _ = s.set_item(CLIENT_ID_KEY, &id);
    }
    id
}

fn new_client_id() -> String {
    format!("board-{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

/// The board's client id: one per browser, kept in localStorage so the broker can hold the session
/// (and queue orders) while the board is closed. Tabs ask each other over a BroadcastChannel first: a
/// second tab of the same board takes an id of its own, so two tabs never take each other's session over
/// in a loop. The returned channel must live as long as the page: it answers for this tab.
async fn claim_client_id() -> (String, Option<ClientIdGuard>) {
    let board_id = load_json::<String>(CLIENT_ID_KEY).unwrap_or_else(|| {
        let id = new_client_id();
        save_json(CLIENT_ID_KEY, &id);
        id
    });
    let Ok(channel) = web_sys::BroadcastChannel::new(CLIENT_ID_KEY) else {
        return (tab_client_id(), None);
    };
    let taken = std::rc::Rc::new(std::cell::Cell::new(false));
    let answer = format!("taken:{board_id}");
    let seen = taken.clone();
    let listen =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(answer.as_str()) {
                seen.set(true);
            }
        });
    channel.set_onmessage(Some(listen.as_ref().unchecked_ref()));
    let _ = channel.post_message(&format!("who:{board_id}").into());
    gloo_timers::future::TimeoutFuture::new(CLAIM_WAIT_MS).await;
    let id = if taken.get() {
        tab_client_id()
    } else {
        board_id
    };

    let question = format!("who:{id}");
    let reply = format!("taken:{id}");
    let responder = channel.clone();
    let answer_others =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(question.as_str()) {
                let _ = responder.post_message(&reply.as_str().into());
            }
        });
    channel.set_onmessage(Some(answer_others.as_ref().unchecked_ref()));
    (
        id,
        Some(ClientIdGuard {
            _channel: channel,
            _answer: answer_others,
        }),
    )
}

/// Keeps this tab answering "this id is taken" for as long as the board lives.
struct ClientIdGuard {
    _channel: web_sys::BroadcastChannel,
    _answer: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for ClientIdGuard {
    fn drop(&mut self) {
        self._channel.set_onmessage(None);
        self._channel.close();
    }
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
    let initial = settings.get_untracked();
    let config_notice = RwSignal::new(None::<String>);

    let state = RwSignal::new(ConnState::Offline);
    let down_since = RwSignal::new(Some(now_ms()));
    let subscription = RwSignal::new(None::<Result<String, String>>);
    let board = RwSignal::new(Board::default());
    let history = RwSignal::new(DEFAULT_CAPACITY);
    Effect::new(move |_| {
        let capacity = history.get();
        board.update(|b| b.set_capacity(capacity));
    });

    // The board survives a reload: its newest tickets and their statuses are kept in the browser.
    if let Some(stored) = load_json::<Vec<StoredTicket>>(BOARD_KEY) {
        board.update(|b| b.restore(stored));
    }
    let save_pending = StoredValue::new_local(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
    Effect::new(move |_| {
        board.track();
        // At most one save per second, however fast orders come.
        if save_pending.with_value(Option::is_none) {
            let handle = set_timeout_with_handle(
                move || {
                    save_pending.set_value(None);
                    board.with_untracked(|b| save_json(BOARD_KEY, &b.snapshot(BOARD_KEPT)));
                },
                Duration::from_secs(1),
            );
            save_pending.set_value(handle.ok());
        }
    });

    // What the connection runs with: the draft in `settings` is applied at Connect.
    let applied = RwSignal::new(settings.get_untracked());
    let settings_topic = move || applied.with_untracked(|s| s.topic.trim().to_owned());
    let alert = Alert::new();
    let kitchen_cell = StoredValue::new_local(None::<Kitchen>);
    // Incoming messages are applied to the board once per batch of the engine's events, not one update each.
    let inbox = StoredValue::new_local(Vec::<Inbound>::new());
    let flush = move || {
        let batch = inbox.try_update_value(std::mem::take).unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        let now = now_ms();
        let mut stale = Vec::new();
        let mut added = 0;
        board.update(|b| {
            for inbound in batch {
                match inbound {
                    Inbound::Order { topic, order } => {
                        added += usize::from(b.ingest_order(&topic, order, now) == Ingest::Added)
                    }
                    Inbound::Status { topic, update } => {
                        if now - update.at_ms() > RETAINED_STATUS_TTL_MS {
                            stale.push(topic);
                        }
                        b.apply_status(&update);
                    }
                    // A deleted retained status: nothing to show.
                    Inbound::Cleared { .. } => {}
                    Inbound::Rejected {
                        topic,
                        reason,
                        excerpt,
                    } => b.reject_excerpt(&topic, excerpt, &reason, now),
                }
            }
        });
        if added > 0 {
            alert.ring();
        }
        if let Some(kitchen) = kitchen_cell.get_value() {
            for topic in stale {
                kitchen.clear_retained(&topic);
            }
        }
    };

    // The client exists before the contexts that use it; its events reach them through these cells.
    let routes = StoredValue::new_local(None::<(Publisher, GeneratorControl, Kitchen)>);
    // `?engine=page` keeps the connection in the page (for comparing, and as a way out).
    let in_worker = !location
        .search()
        .unwrap_or_default()
        .contains("engine=page");
    let client = MqttClient::start(in_worker, move |event| match event {
        ClientEvent::State(s) => {
            if matches!(s, ConnState::Connected { .. }) {
                down_since.set(None);
            } else {
                subscription.set(None);
                if down_since.get_untracked().is_none() {
                    down_since.set(Some(now_ms()));
                }
            }
            state.set(s)
        }
        // The orders topic is what the page reports; the status subscription rides along.
        ClientEvent::Subscribed { filter } if filter == settings_topic() => {
            subscription.set(Some(Ok(filter)))
        }
        ClientEvent::Subscribed { .. } => {}
        ClientEvent::SubscriptionRefused { filter, reason } => {
            subscription.set(Some(Err(format!("subscription to {filter} {reason}"))))
        }
        ClientEvent::Inbound(inbound) => {
            let first = inbox
                .try_update_value(|q| {
                    q.push(inbound);
                    q.len() == 1
                })
                .unwrap_or(false);
            // The engine delivers its events in batches, at most one a frame, each within one task: the
            // board takes the whole batch in one update right after it.
            if first {
                leptos::task::spawn_local(async move { flush() });
            }
        }
        ClientEvent::VersionLearned { url, version } => {
            crate::state::remember_version(&url, version)
        }
        // Each outcome goes back to whoever asked for that publish.
        ClientEvent::Delivery { origin, outcome } => routes.with_value(|r| {
            if let Some((publisher, generator, kitchen)) = r {
                match origin {
                    Origin::OrderForm(tag) => publisher.delivered(tag, outcome),
                    Origin::Generator(tag) => generator.delivered(tag, &outcome),
                    Origin::KitchenStatus(_) | Origin::RetainedCleanup(_) => {
                        kitchen.delivered(origin, &outcome)
                    }
                }
            }
        }),
    });
    let client = StoredValue::new_local(client);

    let control = ConnectionControl::new(settings, applied, client);
    let publisher = Publisher::new(applied, client);
    let generator = GeneratorControl::new(publisher);
    let kitchen = Kitchen::new(board, applied, control.client_id, client);
    kitchen_cell.set_value(Some(kitchen));
    routes.set_value(Some((publisher, generator, kitchen)));
    publisher.restore();
    kitchen.restore();
    // pagehide fires on reload, close and navigation, also where beforeunload does not (mobile).
    let handover = window_event_listener(leptos::ev::pagehide, move |_| {
        generator.hand_over_to_next_page();
        // The throttled save may not have run yet: the last second of changes must not be lost.
        board.with_untracked(|b| save_json(BOARD_KEY, &b.snapshot(BOARD_KEPT)));
    });
    on_cleanup(move || handover.remove());
    provide_context(ConnectionStatus {
        state: state.read_only(),
        subscription: subscription.read_only(),
        down_since: down_since.read_only(),
    });
    provide_context(kitchen);
    provide_context(alert);
    provide_context(control);
    provide_context(publisher);
    provide_context(generator);
    provide_context(BoardState(board.read_only()));
    provide_context(HistoryLimit(history));
    provide_context(crate::shell::start(now_ms));

    // The draft survives reloads: nothing typed is lost.
    let draft = RwSignal::new(load_json::<OrderDraft>(DRAFT_KEY).unwrap_or_default());
    Effect::new(move |_| draft.with(|d| save_json(DRAFT_KEY, d)));

    // config.json can only fill in what the query and saved settings leave open, so connect after it
    // (and after the tabs have agreed on client ids).
    let id_guard = StoredValue::new_local(None::<ClientIdGuard>);
    leptos::task::spawn_local(async move {
        let ((id, guard), config) = futures::join!(claim_client_id(), fetch_config());
        id_guard.set_value(guard);
        control.client_id.set(id);
        if let Err(reason) = &config {
            config_notice.set(Some(reason.clone()));
        }
        // config.json fills only the fields nobody has touched yet; whoever pressed Connect already has
        // connected with what they chose, so start-up does not connect over it.
        if let Ok(config) = config {
            let fresh = resolve(query, saved, config, &host);
            settings.update(|s| *s = keep_edits(&initial, s, fresh));
        }
        if !control.connected_by_hand.get_value() {
            control.connect();
        }
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
        <div class="shell-notices">
            <ShellNotice/>
        </div>
        <main class="layout">
            <BoardView/>
            <aside class="side">
                <OrderForm draft=draft/>
                <Outbox/>
                <GeneratorPanel/>
                <StatsPanel/>
            </aside>
        </main>
    }
}
