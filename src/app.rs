//! Wiring only: settings from their sources, the MQTT client and who reads its events, and the contexts
//! children use. Client ids, config.json and the routing of events each live in a module of their own.

use crate::client_id::{claim_client_id, ClientIdGuard};
use crate::components::alert::Alert;
use crate::components::board::BoardView;
use crate::components::connection::ConnectionPanel;
use crate::components::generator::GeneratorPanel;
use crate::components::order_form::OrderForm;
use crate::components::publish::Outbox;
use crate::components::shell_notice::ShellNotice;
use crate::components::stats::StatsPanel;
use crate::config_file::fetch_config;
use crate::domain::board::{Board, StoredTicket, DEFAULT_CAPACITY};
use crate::domain::draft::OrderDraft;
use crate::domain::settings::{keep_edits, parse_query, resolve, PartialSettings};
use crate::mqtt::engine::MqttClient;
use crate::mqtt::ConnState;
use crate::routing::Routes;
use crate::state::{
    load_json, now_ms, save_json, BoardState, ConnectionControl, ConnectionStatus,
    GeneratorControl, HistoryLimit, Kitchen, Publisher,
};
use leptos::prelude::*;
use std::time::Duration;

const SETTINGS_KEY: &str = "order-board.settings";
const DRAFT_KEY: &str = "order-board.draft";
const BOARD_KEY: &str = "order-board.board";
/// Tickets kept across a reload: enough for a busy evening, small enough for localStorage.
const BOARD_KEPT: usize = 500;

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
    let alert = Alert::new();
    // `?engine=page` keeps the connection in the page (for comparing, and as a way out).
    let in_worker = !location
        .search()
        .unwrap_or_default()
        .contains("engine=page");
    let (client, events) = MqttClient::start(in_worker);
    let client = StoredValue::new_local(client);

    let control = ConnectionControl::new(settings, applied, client);
    let publisher = Publisher::new(applied, client);
    let generator = GeneratorControl::new(publisher);
    let kitchen = Kitchen::new(board, applied, control.client_id, client);
    let routes = Routes {
        state,
        down_since,
        subscription,
        board,
        applied,
        alert,
        publisher,
        generator,
        kitchen,
    };
    leptos::task::spawn_local(routes.run(events));
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
