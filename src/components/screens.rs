//! A screen for each role — kitchen wall, counter, customers' pickup, tools, or everything — and the
//! switcher that picks one (also `?view=`), remembered per device.

use crate::components::board::BoardView;
use crate::components::board_tools::ExportCsv;
use crate::components::connection::{ConnectionPanel, ConnectionPill, ConnectionSettings};
use crate::components::day::{EndOfDay, MenuInfo, PrintNewToggle, RestaurantNotices};
use crate::components::generator::GeneratorPanel;
use crate::components::lists::RejectedList;
use crate::components::order_form::OrderForm;
use crate::components::pickup::PickupBoard;
use crate::components::print::PrintArea;
use crate::components::publish::Outbox;
use crate::components::shell_notice::{ShellNotice, StorageNotice};
use crate::components::stats::StatsPanel;
use crate::domain::draft::OrderDraft;
use crate::domain::screen::Screen;
use crate::state::Prefs;
use leptos::prelude::*;

/// What the screens need from the app: the form's draft and what Connect and Disconnect do.
#[derive(Clone, Copy)]
pub struct ScreenWiring {
    pub draft: RwSignal<OrderDraft>,
    pub on_connect: Callback<()>,
    pub on_disconnect: Callback<()>,
    pub config_notice: ReadSignal<Option<String>>,
}

#[component]
pub fn Screens(wiring: ScreenWiring) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
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
                <main class="counter"><OrderForm draft=draft/><Outbox/></main>
            }
            .into_any(),
            Screen::Pickup => return view! { <PickupScreen/> }.into_any(),
            Screen::Tools => view! {
                <main class="tools">
                    <section class="panel" aria-labelledby="tools-connection">
                        <h2 id="tools-connection">"Connection"</h2>
                        <ConnectionSettings on_connect=on_connect on_disconnect=on_disconnect/>
                    </section>
                    <GeneratorPanel/>
                    <StatsPanel/>
                    <section class="panel" aria-labelledby="tools-day">
                        <h2 id="tools-day">"The day"</h2>
                        <MenuInfo/>
                        <RejectedList/>
                        <div class="day-buttons"><ExportCsv/><PrintNewToggle/></div>
                        <EndOfDay/>
                    </section>
                </main>
            }
            .into_any(),
        };
        let settings = (screen == Screen::All).then(|| {
            view! {
                <ConnectionPanel on_connect=on_connect on_disconnect=on_disconnect/>
            }
        });
        let pill = (screen != Screen::All)
            .then(|| view! { <div class="conn-line"><ConnectionPill/></div> });
        let tickets = matches!(screen, Screen::All | Screen::Kitchen)
            .then(|| view! { <a class="skip" href="#tickets">"Skip to the tickets"</a> });
        let form = matches!(screen, Screen::All | Screen::Counter)
            .then(|| view! { <a class="skip" href="#order-form">"Skip to the order form"</a> });
        view! {
            {tickets}
            {form}
            <header class="topbar">
                <h1>{match screen { Screen::All => "Order board", other => other.label() }}</h1>
                {settings}
                {pill}
                <ScreenSwitcher/>
                {move || config_notice.get().map(|n| view! { <p class="error">{n}</p> })}
            </header>
            <div class="shell-notices"><ShellNotice/><StorageNotice/><RestaurantNotices/></div>
            {body}
            <PrintArea/>
        }
        .into_any()
    }
}

/// The customers' screen: nothing on it invites a tap but the small switcher in its corner.
#[component]
fn PickupScreen() -> impl IntoView {
    view! {
        <div class="pickup-screen" data-screen="pickup">
            <h1 class="pickup-title">"Order pickup"</h1>
            <PickupBoard/>
            // Folded away: one tap on a customers' screen must not turn it into a kitchen screen.
            <footer class="pickup-footer">
                <ConnectionPill/>
                <details class="staff"><summary data-testid="staff-menu">"Staff"</summary><ScreenSwitcher/></details>
            </footer>
        </div>
    }
}

/// The screens as a row of buttons; the choice goes into the address too, so a bookmark opens it.
#[component]
pub fn ScreenSwitcher() -> impl IntoView {
    let handle = expect_context::<Prefs>();
    let prefs = handle;
    let buttons = Screen::EVERY.map(|screen| {
        let current = move || prefs.with(|p| p.screen == screen);
        view! {
            <button type="button" class="secondary" data-testid=format!("screen-{}", screen.slug())
                aria-pressed=move || current().to_string()
                on:click=move |_| {
                    handle.set_screen(screen);
                    put_view_in_address(screen);
                }>
                {screen.label()}
            </button>
        }
    });
    view! { <nav class="screens" aria-label="Screen">{buttons}</nav> }
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
