//! Wiring only: settings from their sources, the MQTT client and who reads its events, and the contexts
//! children use. Client ids, config.json and the routing of events each live in a module of their own.

use crate::client_id::{claim_client_id, ClientIdGuard};
use crate::components::alert::Alert;
use crate::components::print::Printer;
use crate::components::screens::{ScreenWiring, Screens};
use crate::config_file::{fetch_config, fetch_menu_file, ConfigFile};
use crate::domain::board::{Board, StoredTicket, DEFAULT_CAPACITY};
use crate::domain::draft::OrderDraft;
use crate::domain::menu::Menu;
use crate::domain::restaurant::{MenuSource, Setup};
use crate::domain::screen::{screen_in_query, ScreenPrefs};
use crate::domain::settings::{keep_edits, parse_query, resolve, PartialSettings};
use crate::mqtt::engine::MqttClient;
use crate::mqtt::ConnState;
use crate::restaurant::{ActiveMenu, Money};
use crate::routing::Routes;
use crate::state::{
    now_ms, BoardState, Clock, ConnectionControl, ConnectionStatus, GeneratorControl, HistoryLimit,
    Kitchen, Prefs, Publisher, Search, Selection,
};
use crate::storage::{self, Key};
use leptos::prelude::*;
use std::time::Duration;

/// Tickets kept across a reload: enough for a busy evening, small enough for localStorage.
const BOARD_KEPT: usize = 500;

#[component]
pub fn App() -> impl IntoView {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let query = parse_query(&search);
    let host = location.hostname().unwrap_or_default();
    // What a build before versioned storage left is written again in today's format, once.
    let storage_problem = RwSignal::new(None::<storage::Problem>);
    storage::set_reporter(move |problem| storage_problem.set(problem));
    storage::migrate();
    let saved: PartialSettings = storage::load(Key::Settings).unwrap_or_default();
    let settings = RwSignal::new(resolve(
        query.clone(),
        saved.clone(),
        PartialSettings::default(),
        &host,
    ));
    let initial = settings.get_untracked();
    let config_notice = RwSignal::new(None::<String>);
    let prefs = screen_prefs(&search);
    let read_only = Memo::new(move |_| prefs.with(|p| !p.screen.publishes()));

    let state = RwSignal::new(ConnState::Offline);
    let down_since = RwSignal::new(Some(now_ms()));
    let started = RwSignal::new(None::<&'static str>);
    let subscription = RwSignal::new(None::<Result<String, String>>);
    let board = RwSignal::new(Board::default());
    let history = RwSignal::new(DEFAULT_CAPACITY);
    Effect::new(move |_| {
        let capacity = history.get();
        board.update(|b| b.set_capacity(capacity));
    });

    // The board survives a reload: its newest tickets and their statuses are kept in the browser.
    if let Some(stored) = storage::load::<Vec<StoredTicket>>(Key::Board) {
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
                    save_board(board);
                },
                Duration::from_secs(1),
            );
            save_pending.set_value(handle.ok());
        }
    });

    // What the connection runs with: the draft in `settings` is applied at Connect.
    let applied = RwSignal::new(settings.get_untracked());
    let alert = Alert::new(prefs.with_untracked(|p| p.sound));
    Effect::new(move |_| {
        let on = alert.sound.get();
        prefs.update(|p| p.sound = on);
    });
    // `?engine=page` keeps the connection in the page (for comparing, and as a way out).
    let in_worker = !location
        .search()
        .unwrap_or_default()
        .contains("engine=page");
    let (client, events) = MqttClient::start(in_worker);
    let client = StoredValue::new_local(client);

    let control = ConnectionControl::new(settings, applied, read_only.into(), client);
    let publisher = Publisher::new(applied, client);
    let generator = GeneratorControl::new(publisher);
    let kitchen = Kitchen::new(board, applied, control.client_id, read_only.into(), client);
    let menu = ActiveMenu::new();
    let money = Money::new();
    Effect::new(move |_| {
        let active = menu.menu.get();
        board.update(|b| b.set_menu(active));
    });
    let printer = Printer::new();
    let routes = Routes {
        menu,
        printer,
        // Printing belongs to the screens at the pass; the customers' screen never prints.
        print_new: Signal::derive(move || prefs.with(|p| p.print_new && p.screen.publishes())),
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
    // What a previous page left unsent is taken up by the first screen here that publishes: the pickup
    // screen sends nothing, and leaves the stored orders and statuses alone until then.
    let restored = StoredValue::new(false);
    Effect::new(move |was: Option<bool>| {
        let now = read_only.get();
        if !now && !restored.get_value() {
            restored.set_value(true);
            publisher.restore();
            kitchen.restore();
        }
        // Into or out of the pickup screen: connect again, with (or without) presence and publishing.
        if was.is_some_and(|was| was != now) && !prefs.with_untracked(|p| p.disconnected) {
            control.connect();
        }
        now
    });
    // Twice a second, the few orders that still need a retained status carrying them get one.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            kitchen.claim_due(state.with_untracked(|s| matches!(s, ConnState::Connected { .. })))
        },
        Duration::from_millis(500),
    ) {
        on_cleanup(move || handle.clear());
    }
    // pagehide fires on reload, close and navigation, also where beforeunload does not (mobile).
    let handover = window_event_listener(leptos::ev::pagehide, move |_| {
        // Only a page that took the stored outbox up writes it back (see `restored`).
        if restored.get_value() {
            generator.hand_over_to_next_page();
        }
        // The throttled save may not have run yet: the last second of changes must not be lost.
        save_board(board);
    });
    on_cleanup(move || handover.remove());
    provide_context(ConnectionStatus {
        state: state.read_only(),
        subscription: subscription.read_only(),
        down_since: down_since.read_only(),
        started: started.read_only(),
    });
    provide_context(kitchen);
    provide_context(alert);
    provide_context(control);
    provide_context(publisher);
    provide_context(generator);
    provide_context(BoardState(board.read_only()));
    provide_context(HistoryLimit(history));
    provide_context(menu);
    provide_context(crate::state::ActiveStation(Memo::new(move |_| {
        menu.menu.with(|m| prefs.with(|p| p.station_in(m)))
    })));
    provide_context(printer);
    provide_context(money);
    provide_context(Prefs(prefs));
    provide_context(crate::state::StorageHealth(storage_problem.read_only()));
    provide_context(Search(RwSignal::new(String::new())));
    provide_context(Selection::new());
    let clock = RwSignal::new(now_ms());
    if let Ok(handle) =
        set_interval_with_handle(move || clock.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    provide_context(Clock(clock.into()));
    provide_context(crate::shell::start(now_ms));

    // The draft survives reloads: nothing typed is lost.
    let draft = RwSignal::new(storage::load::<OrderDraft>(Key::Draft).unwrap_or_default());
    // A failure is said on the page by the storage edge; the draft stays on screen meanwhile.
    Effect::new(move |_| draft.with(|d| storage::save(Key::Draft, d).ok()));

    // config.json can only fill in what the query and saved settings leave open, so connect after it
    // (and after the tabs have agreed on client ids).
    let id_guard = StoredValue::new_local(None::<ClientIdGuard>);
    leptos::task::spawn_local(async move {
        let ((id, guard), config) = futures::join!(claim_client_id(), fetch_config());
        id_guard.set_value(guard);
        control.client_id.set(id);
        let config = config.unwrap_or_else(|reason| {
            config_notice.set(Some(reason));
            ConfigFile::default()
        });
        // The restaurant's setup: the address first, then config.json.
        let (from_query, mut problems) = Setup::from_query(&search);
        problems.extend(config.problems);
        let setup = from_query.or(config.setup);
        money.apply(setup.currency.as_deref(), setup.locale.as_deref());
        if !problems.is_empty() {
            config_notice.set(Some(problems.join(" · ")));
        }
        if let Some(own) = setup.menu {
            menu.offer(Ok(own), MenuSource::Config, "in config.json");
        }
        // config.json fills only the fields nobody has touched yet; whoever pressed Connect already has
        // connected with what they chose, so start-up does not connect over it.
        let fresh = resolve(query, saved, config.settings, &host);
        settings.update(|s| *s = keep_edits(&initial, s, fresh));
        // Disconnected by hand before the reload: stay so until someone presses Connect.
        if prefs.with_untracked(|p| p.disconnected) {
            started.set(Some("stay disconnected"));
        } else {
            if !control.connected_by_hand.get_value() {
                control.connect();
            }
            started.set(Some("connect"));
        }
        if let Some(url) = setup.menu_url {
            let text = fetch_menu_file(&url).await;
            let from = format!("in {url}");
            menu.offer(
                text.and_then(|t| Menu::parse(&t)),
                MenuSource::MenuFile,
                &from,
            );
        }
    });
    let on_connect = Callback::new(move |()| {
        // Said on the page if it fails; the connection uses the settings either way.
        settings.with_untracked(|s| storage::save(Key::Settings, &s.to_saved()).ok());
        prefs.update(|p| p.disconnected = false);
        control.connect();
    });
    let on_disconnect = Callback::new(move |()| {
        prefs.update(|p| p.disconnected = true);
        control.disconnect();
    });
    let wiring = ScreenWiring {
        draft,
        on_connect,
        on_disconnect,
        config_notice: config_notice.read_only(),
    };

    view! { <Screens wiring=wiring/> }
}

/// The screen's own settings, kept per device; `?view=` chooses the screen (and is remembered).
fn screen_prefs(query: &str) -> RwSignal<ScreenPrefs> {
    let mut prefs: ScreenPrefs = storage::load(Key::Screen).unwrap_or_default();
    if let Some(screen) = screen_in_query(query) {
        prefs.screen = screen;
    }
    let prefs = RwSignal::new(prefs);
    // Said on the page if it fails; the screen keeps working as chosen until the next reload.
    Effect::new(move |_| prefs.with(|p| storage::save(Key::Screen, p).ok()));
    prefs
}

/// Keeps the board's newest tickets for the next load (fewer if storage is short: see `storage`).
fn save_board(board: RwSignal<Board>) {
    let snapshot = board.with_untracked(|b| b.snapshot(BOARD_KEPT));
    // A shortfall is said on the page by the storage edge; the tickets on screen are unaffected.
    storage::save_snapshot(&snapshot).ok();
}
