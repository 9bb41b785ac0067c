//! A screen for each role — kitchen wall, counter, customers' pickup, tools, or everything — and the
//! switcher that picks one (also `?view=`), remembered per device.

use crate::components::board::BoardView;
use crate::components::board_tools::ExportCsv;
use crate::components::connection::{ConnectionPanel, ConnectionPill, ConnectionSettings};
use crate::components::day::{EndOfDay, MenuInfo, PrintNewToggle, RestaurantNotices};
use crate::components::expo::ExpoScreen;
use crate::components::generator::GeneratorPanel;
use crate::components::lists::RejectedList;
use crate::components::order_form::OrderForm;
use crate::components::pickup::PickupBoard;
use crate::components::print::PrintArea;
use crate::components::publish::Outbox;
use crate::components::shell_notice::{LanguageNotice, ShellNotice, StorageNotice};
use crate::components::stats::StatsPanel;
use crate::domain::draft::OrderDraft;
use crate::domain::language::LANGUAGES;
use crate::domain::screen::Screen;
use crate::i18n::*;
use crate::language::Speech;
use crate::state::Prefs;
use leptos::prelude::*;

/// What the screens need from the app: the form's draft and what Connect and Disconnect do.
#[derive(Clone, Copy)]
pub struct ScreenWiring {
    pub draft: RwSignal<OrderDraft>,
    pub on_connect: Callback<()>,
    pub on_disconnect: Callback<()>,
    pub config_notice: ReadSignal<Vec<crate::domain::restaurant::SetupProblem>>,
}

#[component]
pub fn Screens(wiring: ScreenWiring) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let i18n = use_i18n();
    let screen = Memo::new(move |_| prefs.with(|p| p.screen));
    let ScreenWiring {
        draft,
        on_connect,
        on_disconnect,
        config_notice,
    } = wiring;
    move || {
        let screen = screen.get();
        let body = match screen {
            Screen::All => view! {
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
            .into_any(),
            Screen::Kitchen => {
                view! { <main class="kitchen"><BoardView kitchen_screen=true/></main> }.into_any()
            }
            Screen::Counter => view! {
                <main class="counter"><OrderForm draft=draft/><Outbox counter=true/></main>
            }
            .into_any(),
            Screen::Pickup => return view! { <PickupScreen/> }.into_any(),
            Screen::Expo => {
                view! { <main class="kitchen expo-screen"><ExpoScreen/></main> }.into_any()
            }
            Screen::Tools => view! { <ToolsScreen on_connect on_disconnect/> }.into_any(),
            Screen::Report => view! { <crate::components::report::ReportScreen/> }.into_any(),
        };
        let settings = (screen == Screen::All).then(|| {
            view! {
                <ConnectionPanel on_connect=on_connect on_disconnect=on_disconnect/>
            }
        });
        let pill = (screen != Screen::All)
            .then(|| view! { <div class="conn-line"><ConnectionPill/></div> });
        let tickets = matches!(screen, Screen::All | Screen::Kitchen)
            .then(|| view! { <a class="skip" href="#tickets">{t!(i18n, skip_to_tickets)}</a> });
        let form = matches!(screen, Screen::All | Screen::Counter)
            .then(|| view! { <a class="skip" href="#order-form">{t!(i18n, skip_to_form)}</a> });
        view! {
            {tickets}
            {form}
            <header class="topbar">
                <h1>{move || screen_title(i18n.get_locale(), screen)}<StationTitle screen/></h1>
                {settings}
                {pill}
                <ScreenSwitcher/>
                <SetupProblems problems=config_notice/>
            </header>
            <div class="shell-notices"><ShellNotice/><LanguageNotice/><StorageNotice/><RestaurantNotices/></div>
            {body}
            <PrintArea/>
        }
        .into_any()
    }
}

/// The manager's tools: the connection, the generator, the figures and the day.
#[component]
fn ToolsScreen(on_connect: Callback<()>, on_disconnect: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="tools">
            <section class="panel" aria-labelledby="tools-connection">
                <h2 id="tools-connection">{t!(i18n, connection)}</h2>
                <ConnectionSettings on_connect=on_connect on_disconnect=on_disconnect/>
            </section>
            <GeneratorPanel/>
            <StatsPanel/>
            <section class="panel" aria-labelledby="tools-day">
                <h2 id="tools-day">{t!(i18n, the_day)}</h2>
                <MenuInfo/>
                <RejectedList/>
                <div class="day-buttons"><ExportCsv/><PrintNewToggle/><OpenReport/></div>
                <crate::components::storage_info::StorageInfo/>
                <EndOfDay/>
                <crate::components::day::CloseDay/>
            </section>
        </main>
    }
}

/// The report is a screen of its own (a manager opens it on a tablet or prints it).
#[component]
fn OpenReport() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = expect_context::<Prefs>();
    let open = move |_| {
        prefs.set_screen(Screen::Report);
        put_view_in_address(Screen::Report);
    };
    view! {
        <button type="button" class="secondary" data-testid="open-report" on:click=open>{t!(i18n, report_open)}</button>
    }
}

/// A station screen names its station: the station is the screen's job, not a filter.
#[component]
fn StationTitle(screen: Screen) -> impl IntoView {
    let crate::state::ActiveStation(station) = expect_context::<crate::state::ActiveStation>();
    move || match station.get() {
        crate::domain::stations::Station::Only(name) if screen == Screen::Kitchen => Some(view! {
            <span class="station-title" translate="no" data-testid="station-title">" · "{name}</span>
        }),
        _ => None,
    }
}

/// What in config.json or the address could not be used, said where whoever set the board up looks.
#[component]
fn SetupProblems(
    problems: ReadSignal<Vec<crate::domain::restaurant::SetupProblem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let locale = i18n.get_locale();
        problems.with(|list| {
            let words: Vec<_> = list
                .iter()
                .map(|p| crate::words::setup(locale, p))
                .collect();
            words.join(" · ")
        })
    };
    move || {
        problems
            .with(|list| !list.is_empty())
            .then(|| view! { <p class="error" data-testid="config-problem">{text}</p> })
    }
}

/// The customers' screen: nothing on it invites a tap but the small switcher in its corner.
#[component]
fn PickupScreen() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="pickup-screen" data-screen="pickup">
            <h1 class="pickup-title">{t!(i18n, pickup_title)}</h1>
            <PickupBoard/>
            // Folded away: one tap on a customers' screen must not turn it into a kitchen screen.
            <footer class="pickup-footer">
                <ConnectionPill/>
                <details class="staff"><summary data-testid="staff-menu">{t!(i18n, staff)}</summary><StaffGate/></details>
            </footer>
        </div>
    }
}

/// The PIN config.json sets for the pickup screen's "Staff" menu (none: the menu opens at once).
#[derive(Clone, Copy)]
pub struct StaffPin(pub ReadSignal<Option<String>>);

/// The pickup screen's way back to the staff's screens: behind the staff PIN when there is one.
#[component]
fn StaffGate() -> impl IntoView {
    let StaffPin(pin) = expect_context::<StaffPin>();
    let i18n = use_i18n();
    let unlocked = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let try_pin = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let right = pin.with_untracked(|p| p.as_deref() == Some(typed.get_untracked().trim()));
        unlocked.set(right);
        wrong.set(!right);
        typed.set(String::new());
    };
    move || {
        match pin.with(Option::is_none) || unlocked.get() {
        true => view! { <ScreenSwitcher/> }.into_any(),
        false => view! {
            <form class="staff-pin" on:submit=try_pin>
                <label>{t!(i18n, staff_pin)}
                    <input type="password" inputmode="numeric" autocomplete="off" data-testid="staff-pin"
                        prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                </label>
                <button type="submit" data-testid="staff-unlock">{t!(i18n, staff_unlock)}</button>
                <p class="error" role="alert" data-testid="staff-pin-wrong" hidden=move || !wrong.get()>{t!(i18n, staff_pin_wrong)}</p>
            </form>
        }
        .into_any(),
    }
    }
}

/// The screens as a row of buttons; the choice goes into the address too, so a bookmark opens it.
#[component]
pub fn ScreenSwitcher() -> impl IntoView {
    let handle = expect_context::<Prefs>();
    let prefs = handle;
    let i18n = use_i18n();
    let buttons = Screen::EVERY.map(|screen| {
        let current = move || prefs.with(|p| p.screen == screen);
        view! {
            <button type="button" class="secondary" data-testid=format!("screen-{}", screen.slug())
                aria-pressed=move || current().to_string()
                on:click=move |_| {
                    handle.set_screen(screen);
                    put_view_in_address(screen);
                }>
                {move || screen_name(i18n.get_locale(), screen)}
            </button>
        }
    });
    view! {
        <nav class="screens" aria-label=move || td_string!(i18n.get_locale(), screen_nav)>
            {buttons}
            <LanguagePicker/>
        </nav>
    }
}

/// The language of this device: every language with a catalogue, each named in itself.
#[component]
fn LanguagePicker() -> impl IntoView {
    let speech = expect_context::<Speech>();
    let i18n = use_i18n();
    let now = speech.current();
    // A pseudo-locale is offered only while it is in use (a test chose it in the address).
    let options = LANGUAGES
        .iter()
        .filter(|l| !l.pseudo || l.tag == now.tag)
        .map(|l| view! { <option value=l.tag lang=l.tag translate="no">{l.name}</option> })
        .collect_view();
    view! {
        <label class="language">
            <span class="visually-hidden">{t!(i18n, language)}</span>
            <select data-testid="language" prop:value=move || speech.current().tag
                on:change=move |ev| speech.pick(&event_target_value(&ev))>
                {options}
            </select>
        </label>
    }
}

/// A screen's name on the switcher.
fn screen_name(locale: Locale, screen: Screen) -> &'static str {
    match screen {
        Screen::All => td_string!(locale, screen_all),
        Screen::Kitchen => td_string!(locale, screen_kitchen),
        Screen::Counter => td_string!(locale, screen_counter),
        Screen::Pickup => td_string!(locale, screen_pickup),
        Screen::Tools => td_string!(locale, screen_tools),
        Screen::Expo => td_string!(locale, screen_expo),
        Screen::Report => td_string!(locale, screen_report),
    }
}

/// A screen's title at the top: "Order board" for the all-in-one, else its name.
fn screen_title(locale: Locale, screen: Screen) -> &'static str {
    match screen {
        Screen::All => td_string!(locale, order_board),
        other => screen_name(locale, other),
    }
}

/// `?view=` follows the switcher, the other parameters stay as they were.
fn put_view_in_address(screen: Screen) {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        crate::domain::screen::query_with_view(&search, screen.slug()),
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        // Only the address bar: the screen has switched already, and a bookmark is all this is for.
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            .ok();
    }
}
