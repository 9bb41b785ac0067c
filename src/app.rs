//! Wiring only: settings from their sources, the board's store, the MQTT client and who reads its events,
//! and the contexts children use. Client ids, config.json, storage and the routing of events each live in
//! a module of their own.

use crate::client_id::{claim_client_id, ClientIdGuard};
use crate::components::publish::CancelWindow;
use crate::components::screens::{ScreenWiring, Screens};
use crate::config_file::{fetch_config, fetch_menu_file, ConfigFile};
use crate::counter::Counter;
use crate::devices::{Alert, Printer};
use crate::domain::board::DEFAULT_CAPACITY;
use crate::domain::draft::OrderDraft;
use crate::domain::menu::Menu;
use crate::domain::restaurant::{MenuSource, Setup, SetupProblem, DEFAULT_CANCEL_MINUTES};
use crate::domain::screen::{screen_in_query, ScreenPrefs};
use crate::domain::settings::{keep_edits, parse_query, resolve, BoardSettings, PartialSettings};
use crate::domain::topics::Topics;
use crate::language::Speech;
use crate::mqtt::engine::MqttClient;
use crate::mqtt::ConnState;
use crate::restaurant::{ActiveMenu, Money};
use crate::routing::Routes;
use crate::state::{
    now_ms, BoardState, Clock, ConnectionControl, ConnectionStatus, GeneratorControl, HistoryLimit,
    Kitchen, Prefs, Publisher, Search, Selection,
};
use crate::storage::{self, Key};
use crate::store::BoardStore;
use leptos::prelude::*;
use std::time::Duration;

/// Where the settings come from before config.json is read: the address and what this device saved.
#[derive(Clone)]
struct Sources {
    search: String,
    host: String,
    query: PartialSettings,
    saved: PartialSettings,
}

impl Sources {
    fn read() -> Sources {
        let location = window().location();
        let search = location.search().unwrap_or_default();
        Sources {
            query: parse_query(&search),
            host: location.hostname().unwrap_or_default(),
            saved: storage::load(Key::Settings).unwrap_or_default(),
            search,
        }
    }

    /// The settings with `config` filling only what the address and the saved settings leave open.
    fn resolve(&self, config: PartialSettings) -> BoardSettings {
        resolve(self.query.clone(), self.saved.clone(), config, &self.host)
    }
}

/// The connection's signals, written by the routing of the engine's events.
#[derive(Clone, Copy)]
struct ConnSignals {
    state: RwSignal<ConnState>,
    down_since: RwSignal<Option<i64>>,
    started: RwSignal<Option<&'static str>>,
    subscription: RwSignal<Option<Result<String, (String, crate::mqtt::reason::Reason)>>>,
}

/// The handles the page's parts share.
#[derive(Clone, Copy)]
struct Handles {
    store: BoardStore,
    control: ConnectionControl,
    publisher: Publisher,
    generator: GeneratorControl,
    kitchen: Kitchen,
    counter: Counter,
    /// How long the counter may cancel an order it placed, in minutes (the restaurant's setup).
    cancel_minutes: RwSignal<u32>,
    staff_pin: RwSignal<Option<String>>,
    menu: ActiveMenu,
    money: Money,
    alert: Alert,
    printer: Printer,
}

#[component]
pub fn App() -> impl IntoView {
    // What a build before versioned storage left is written again in today's format, once, first.
    let storage_problem = RwSignal::new(None::<storage::Problem>);
    storage::set_reporter(move |problem| storage_problem.set(problem));
    crate::history_db::on_blocked(storage::say_blocked);
    // Before anything is written under this page's names: its outboxes are its own while it lives.
    storage::hold_page_lock();
    storage::migrate();
    crate::components::storage_info::request_persistence();
    let sources = Sources::read();
    let settings = RwSignal::new(sources.resolve(PartialSettings::default()));
    let prefs = screen_prefs(&sources.search);
    let speech = Speech::start(
        prefs,
        Setup::from_query(&sources.search).0.language.as_deref(),
    );
    provide_context(speech);
    let conn = ConnSignals {
        state: RwSignal::new(ConnState::Offline),
        down_since: RwSignal::new(Some(now_ms())),
        started: RwSignal::new(None),
        subscription: RwSignal::new(None),
    };
    let handles = connect_and_route(settings, prefs, conn);
    Effect::new(move |_| handles.money.speak(speech.current().number_locale()));
    let history = RwSignal::new(DEFAULT_CAPACITY);
    Effect::new(move |_| handles.store.set_capacity(history.get()));
    take_up_what_was_unsent(handles, prefs);
    background_tasks(handles, conn, prefs);
    provide_contexts(handles, prefs, conn, history);
    provide_context(crate::state::StorageHealth(storage_problem.read_only()));

    // The draft survives reloads: nothing typed is lost.
    let draft = RwSignal::new(storage::load::<OrderDraft>(Key::Draft).unwrap_or_default());
    // A failure is said on the page by the storage edge; the draft stays on screen meanwhile.
    Effect::new(move |_| draft.with(|d| storage::save(Key::Draft, d).ok()));
    let config_notice = RwSignal::new(Vec::<SetupProblem>::new());
    start_up(sources, settings, prefs, conn, handles, config_notice);

    let control = handles.control;
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

/// The board's store, the engine and its handles, and the routing of the engine's events to them.
fn connect_and_route(
    settings: RwSignal<BoardSettings>,
    prefs: RwSignal<ScreenPrefs>,
    conn: ConnSignals,
) -> Handles {
    let read_only: Signal<bool> = Memo::new(move |_| prefs.with(|p| !p.screen.publishes())).into();
    // What the connection runs with: the draft in `settings` is applied at Connect.
    let applied = RwSignal::new(settings.get_untracked());
    // `?engine=page` keeps the connection in the page (for comparing, and as a way out).
    let in_worker = !window()
        .location()
        .search()
        .unwrap_or_default()
        .contains("engine=page");
    let (client, events) = MqttClient::start(in_worker);
    let client = StoredValue::new_local(client);
    let store = BoardStore::restored();
    store
        .history()
        .attach(move |command| client.with_value(|c| c.send(command)));
    let control = ConnectionControl::new(settings, applied, read_only, client);
    let publisher = Publisher::new(applied, client);
    let kitchen = Kitchen::new(store, applied, control.tab_client_id(), read_only, client);
    let topics = Signal::derive(move || applied.with(|s| Topics::new(&s.topic)));
    let handles = Handles {
        store,
        control,
        publisher,
        generator: GeneratorControl::new(publisher),
        kitchen,
        counter: Counter::new(control.tab_client_id(), topics, kitchen),
        cancel_minutes: RwSignal::new(DEFAULT_CANCEL_MINUTES),
        staff_pin: RwSignal::new(None),
        menu: ActiveMenu::new(),
        money: Money::new(),
        alert: Alert::new(prefs.with_untracked(|p| p.sound)),
        printer: Printer::new(),
    };
    let alert = handles.alert;
    Effect::new(move |_| {
        let on = alert.is_on();
        prefs.update(|p| p.sound = on);
    });
    let menu = handles.menu;
    Effect::new(move |_| store.set_menu(menu.menu().get()));
    let printer = handles.printer;
    let routes = Routes {
        menu,
        alert,
        printer,
        // Printing belongs to the screens at the pass; the customers' screen never prints.
        print_new: Signal::derive(move || prefs.with(|p| p.print_new && p.screen.publishes())),
        state: conn.state,
        down_since: conn.down_since,
        subscription: conn.subscription,
        store,
        applied: applied.read_only(),
        publisher,
        generator: handles.generator,
        kitchen: handles.kitchen,
        counter: handles.counter,
    };
    leptos::task::spawn_local(routes.run(events));
    handles
}

/// What a previous page left unsent is taken up by the first screen here that publishes: the pickup
/// screen sends nothing, and leaves the stored orders and statuses alone until then. And it hands what
/// is still in flight to the next page when this one goes away.
fn take_up_what_was_unsent(handles: Handles, prefs: RwSignal<ScreenPrefs>) {
    let restored = StoredValue::new(false);
    Effect::new(move |was: Option<bool>| {
        let now = prefs.with(|p| !p.screen.publishes());
        if !now && !restored.get_value() {
            restored.set_value(true);
            handles.publisher.restore(true);
            handles.kitchen.restore(true);
        }
        // Into or out of the pickup screen: connect again, with (or without) presence and publishing.
        if was.is_some_and(|was| was != now) && !prefs.with_untracked(|p| p.disconnected) {
            handles.control.connect();
        }
        now
    });
    // pagehide fires on reload, close and navigation, also where beforeunload does not (mobile).
    let handover = window_event_listener(leptos::ev::pagehide, move |_| {
        // Only a page that took the stored outbox up writes it back (see `restored`).
        if restored.get_value() {
            handles.generator.hand_over_to_next_page();
        }
        // The throttled save may not have run yet: the last second of changes must not be lost.
        handles.store.save_now();
    });
    on_cleanup(move || handover.remove());
    // A tab closed while this one stays, or the page before a reload still letting go of its lock when
    // this one started: what it left is taken up within seconds (never from a page still open).
    let adopt = move || {
        if restored.get_value() {
            handles.publisher.restore(false);
            handles.kitchen.restore(false);
        }
    };
    if let Ok(handle) = set_interval_with_handle(adopt, Duration::from_secs(ADOPT_EVERY_S)) {
        on_cleanup(move || handle.clear());
    }
}

/// How often a page looks for outboxes left by pages now gone.
const ADOPT_EVERY_S: u64 = 3;

/// Timers that live as long as the page: claims twice a second, the clock once a second.
fn background_tasks(handles: Handles, conn: ConnSignals, prefs: RwSignal<ScreenPrefs>) {
    // The few orders that still need a retained status carrying them get one; a counter keeps its letter.
    let claim = move || {
        let connected = conn
            .state
            .with_untracked(|s| matches!(s, ConnState::Connected { .. }));
        handles.kitchen.claim_due(connected);
        let places_orders = prefs.with_untracked(|p| p.screen.places_orders());
        handles.counter.tick(connected, places_orders);
        // A scheduled order whose start has come joins the board with the arrival sound.
        if handles.store.fire_due(now_ms()) {
            handles.alert.ring();
        }
    };
    if let Ok(handle) = set_interval_with_handle(claim, Duration::from_millis(500)) {
        on_cleanup(move || handle.clear());
    }
}

fn provide_contexts(
    handles: Handles,
    prefs: RwSignal<ScreenPrefs>,
    conn: ConnSignals,
    history: RwSignal<usize>,
) {
    provide_context(ConnectionStatus {
        state: conn.state.read_only(),
        subscription: conn.subscription.read_only(),
        down_since: conn.down_since.read_only(),
        started: conn.started.read_only(),
    });
    provide_context(handles.kitchen);
    provide_context(handles.counter);
    provide_context(CancelWindow(handles.cancel_minutes.read_only()));
    provide_context(crate::components::screens::StaffPin(
        handles.staff_pin.read_only(),
    ));
    provide_context(handles.alert);
    provide_context(handles.control);
    provide_context(handles.publisher);
    provide_context(handles.generator);
    provide_context(BoardState(handles.store.read()));
    provide_context(handles.store.history());
    provide_context(HistoryLimit::new(history));
    let menu = handles.menu;
    provide_context(menu);
    provide_context(crate::state::CardContext::new(menu));
    provide_context(crate::state::ActiveStation(Memo::new(move |_| {
        menu.menu().with(|m| prefs.with(|p| p.station_in(m)))
    })));
    provide_context(handles.printer);
    provide_context(handles.money);
    provide_context(Prefs::new(prefs));
    provide_context(Search::new());
    provide_context(Selection::new());
    let clock = RwSignal::new(now_ms());
    if let Ok(handle) =
        set_interval_with_handle(move || clock.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    provide_context(Clock(clock.into()));
    provide_context(crate::shell::start(now_ms));
}

/// config.json can only fill in what the query and saved settings leave open, so connect after it (and
/// after the tabs have agreed on client ids); then the restaurant's setup and its menu file.
fn start_up(
    sources: Sources,
    settings: RwSignal<BoardSettings>,
    prefs: RwSignal<ScreenPrefs>,
    conn: ConnSignals,
    handles: Handles,
    config_notice: RwSignal<Vec<SetupProblem>>,
) {
    let initial = settings.get_untracked();
    let id_guard = StoredValue::new_local(None::<ClientIdGuard>);
    let control = handles.control;
    let speech = expect_context::<Speech>();
    leptos::task::spawn_local(async move {
        let ((id, guard), config) = futures::join!(claim_client_id(), fetch_config());
        id_guard.set_value(guard);
        control.set_tab_client_id(id);
        let mut problems = Vec::new();
        let config = config.unwrap_or_else(|error| {
            problems.push(SetupProblem {
                in_config: false,
                error,
            });
            ConfigFile::default()
        });
        speech.config_says(config.setup.language.as_deref());
        // The restaurant's setup: the address first, then config.json.
        let (from_query, in_address) = Setup::from_query(&sources.search);
        problems.extend(in_address);
        problems.extend(config.problems);
        let setup = from_query.or(config.setup);
        handles
            .money
            .apply(setup.currency.as_deref(), setup.locale.as_deref());
        config_notice.set(problems);
        if let Some(minutes) = setup.cancel_minutes {
            handles.cancel_minutes.set(minutes);
        }
        if let Some(bound) = setup.history_max {
            handles.store.history().set_bound(bound);
        }
        if let Some(daily) = setup.close_day {
            handles.store.close_daily(daily);
        }
        handles.staff_pin.set(setup.staff_pin);
        if let Some(own) = setup.menu {
            handles
                .menu
                .offer(Ok(own), MenuSource::Config, "config.json");
        }
        // config.json fills only the fields nobody has touched yet; whoever pressed Connect already has
        // connected with what they chose, so start-up does not connect over it.
        let fresh = sources.resolve(config.settings);
        settings.update(|s| *s = keep_edits(&initial, s, fresh));
        // Disconnected by hand before the reload: stay so until someone presses Connect.
        if prefs.with_untracked(|p| p.disconnected) {
            conn.started.set(Some("stay disconnected"));
        } else {
            if !control.connected_by_hand() {
                control.connect();
            }
            conn.started.set(Some("connect"));
        }
        if let Some(url) = setup.menu_url {
            let text = fetch_menu_file(&url).await;
            handles.menu.offer(
                text.and_then(|t| Menu::parse(&t)),
                MenuSource::MenuFile,
                &url,
            );
        }
    });
}

/// The screen's own settings, kept per device; `?view=` chooses the screen (and is remembered).
fn screen_prefs(query: &str) -> RwSignal<ScreenPrefs> {
    let mut prefs: ScreenPrefs = storage::load(Key::Screen).unwrap_or_default();
    if let Some(screen) = screen_in_query(query) {
        prefs.screen = screen;
    }
    if let Some(station) = crate::domain::screen::station_in_query(query) {
        prefs.station = station;
    }
    let prefs = RwSignal::new(prefs);
    // Said on the page if it fails; the screen keeps working as chosen until the next reload.
    Effect::new(move |_| prefs.with(|p| storage::save(Key::Screen, p).ok()));
    prefs
}
