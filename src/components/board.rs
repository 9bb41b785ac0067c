//! The live board: counts and revenue, what is wrong right now, the tools, the short lists and the tickets.

use crate::components::board_tools::{BoardTools, UndoButton};
use crate::components::lists::{AllDay, DoneList, LaterList, RejectedList};
use crate::components::tickets::TicketGrid;
use crate::components::wall::KeysButton;
use crate::domain::notices::stale_secs;
use crate::domain::stations::Station;
use crate::i18n::*;
use crate::state::{ActiveStation, BoardState, Clock, ConnectionStatus, HistoryLimit, Kitchen};
use crate::words;
use leptos::prelude::*;

/// A station's own count beside the board's: what this screen has to make.
#[component]
fn StationCount() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let ActiveStation(station) = expect_context::<ActiveStation>();
    let i18n = use_i18n();
    move || {
        let station = station.get();
        let Station::Only(name) = &station else {
            return None;
        };
        let count = board.with(|b| b.open_at(&station));
        let text = td_string!(
            i18n.get_locale(),
            station_open,
            station = name,
            count = count
        );
        Some(view! { <span class="station-count" data-testid="station-count">" · "{text}</span> })
    }
}

/// The tickets and everything about them. On the kitchen screen the tools fold into a menu and the keys
/// (a bump bar) drive the tickets.
#[component]
pub fn BoardView(#[prop(optional)] kitchen_screen: bool) -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let money = expect_context::<crate::restaurant::Money>();
    // Today's takings from the history: a cleared ticket was still sold.
    let history = expect_context::<crate::history::History>();
    let today = history.today();
    let takings = move || match history.is_on() {
        true => today.with(crate::domain::stats::Today::revenue),
        false => board.with(|b| b.revenue()),
    };
    let i18n = use_i18n();
    let help = RwSignal::new(false);
    let tools = match kitchen_screen {
        true => view! {
            <div class="kitchen-bar">
                <UndoButton/>
                <KeysButton help/>
                <details class="tools-menu">
                    <summary data-testid="tools-menu">{t!(i18n, options)}</summary>
                    <BoardTools wall=true/>
                </details>
            </div>
        }
        .into_any(),
        false => view! { <BoardTools/> }.into_any(),
    };
    view! {
        <section class="board" aria-labelledby="board-title">
            // On the wall these share a line or two, so the tickets get the screen (see the stylesheet).
            <div class="board-top">
            <div class="board-head">
                <h2 id="board-title">{t!(i18n, orders)}</h2>
                <p class="stats" data-duplicates=move || board.with(|b| b.duplicates)>
                    <span data-testid="open-count">{move || board.with(|b| b.open_count())}</span>
                    {t!(i18n, open_sep, count = board.with(|b| b.open_count()))}
                    <span data-testid="order-count">{move || board.with(|b| b.len())}</span>
                    {t!(i18n, orders_sep, count = board.with(|b| b.len()))}
                    {move || match board.with(|b| b.test_count()) {
                        0 => None,
                        n => Some(view! {
                            <span data-testid="test-count">{td_string!(i18n.get_locale(), tests_among, count = n)}" · "</span>
                        }),
                    }}
                    <span data-testid="revenue">{move || money.text(takings())}</span>
                    {t!(i18n, revenue)}
                    {move || words::repeats(i18n.get_locale(), board.with(|b| b.duplicates))}
                    <StationCount/>
                </p>
            </div>
            {tools}
            <AllDay/>
            <div class="lists">
                <LaterList/>
                <DoneList/>
                <RejectedList/>
            </div>
            </div>
            <Problems/>
            // The key map belongs to the kitchen screen: elsewhere Space and the arrows scroll the page.
            <TicketGrid keys=kitchen_screen help/>
            {move || board.with(|b| b.is_empty()).then(|| view! {
                <p class="empty">{t!(i18n, empty_board)}</p>
            })}
        </section>
    }
}

/// What a cook must know now: stale data, a status change not sent, tickets dropped by the history limit.
#[component]
pub fn Problems() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let history = expect_context::<HistoryLimit>();
    let status = expect_context::<ConnectionStatus>();
    let kitchen = expect_context::<Kitchen>();
    let Clock(now) = expect_context::<Clock>();
    let i18n = use_i18n();
    // With no network at all, the shell's notice says so (and since when); this one would only repeat it.
    let shell = use_context::<crate::shell::ShellStatus>();
    let stale = move || {
        if shell.is_some_and(|s| s.offline_since.get().is_some()) {
            return None;
        }
        stale_secs(status.down_since.get(), now.get())
            .map(|secs| words::stale(i18n.get_locale(), secs))
    };
    view! {
        {move || stale().map(|text| view! { <p class="banner" role="alert" data-testid="stale-banner">{text}</p> })}
        {move || kitchen.problem().get().map(|reason| view! {
            <p class="banner" role="alert" data-testid="status-problem">
                {move || td_string!(i18n.get_locale(), status_not_sent,
                    reason = words::reason(i18n.get_locale(), &reason)).to_string()}
            </p>
        })}
        {move || {
            let (dropped, open) = board.with(|b| (b.dropped, b.dropped_open));
            (dropped > 0).then(|| view! {
                <p class="notice" data-testid="dropped-notice" role="status">{words::dropped(i18n.get_locale(), dropped, open, history.get())}</p>
            })
        }}
    }
}
