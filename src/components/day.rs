//! The restaurant's day: the menu in use, what in its setup could not be used, printing each new ticket,
//! and clearing the board at the end of the day.

use crate::domain::board::Board;
use crate::i18n::*;
use crate::restaurant::{ActiveMenu, Money};
use crate::state::{BoardState, Kitchen, Prefs};
use crate::words;
use leptos::prelude::*;

/// A menu or a currency that could not be used, said where everyone sees it.
#[component]
pub fn RestaurantNotices() -> impl IntoView {
    let menu = expect_context::<ActiveMenu>();
    let money = expect_context::<Money>();
    let i18n = use_i18n();
    view! {
        {move || menu.problem().get().map(|refused| view! {
            <p class="banner warn" role="alert" data-testid="menu-problem">
                {move || words::menu_refused(i18n.get_locale(), &refused)}
            </p>
        })}
        {move || money.problem().get().map(|refused| view! {
            <p class="banner warn" role="alert" data-testid="money-problem">
                {move || words::money_refused(i18n.get_locale(), &refused)}
            </p>
        })}
    }
}

/// Which menu is in use and where it came from.
#[component]
pub fn MenuInfo() -> impl IntoView {
    let menu = expect_context::<ActiveMenu>();
    let i18n = use_i18n();
    let text = move || {
        let (dishes, sections) = menu.menu().with(|m| (m.len(), m.categories().len()));
        let locale = i18n.get_locale();
        td_string!(
            locale,
            menu_info,
            count = dishes,
            sections = sections,
            source = words::menu_source(locale, menu.source().get())
        )
        .to_string()
    };
    view! { <p class="menu-info" data-testid="menu-info">{text}</p> }
}

/// Print every new ticket as it comes (for a kiosk browser started with --kiosk-printing).
#[component]
pub fn PrintNewToggle() -> impl IntoView {
    let handle = expect_context::<Prefs>();
    let prefs = handle;
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" data-testid="print-new" prop:checked=move || prefs.with(|p| p.print_new)
                on:change=move |ev| handle.set_print_new(event_target_checked(&ev))/>
            {t!(i18n, print_each_new)}
        </label>
    }
}

/// "Clear finished" at once; "Clear everything" only after a second, explicit yes.
#[component]
pub fn EndOfDay() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let kitchen = expect_context::<Kitchen>();
    let confirming = RwSignal::new(false);
    let cleared = RwSignal::new(None::<usize>);
    let i18n = use_i18n();
    let finished = move || board.with(|b| b.len() - b.open_count());
    let tests = move || board.with(Board::test_count);
    let clear = move |everything: bool| {
        let n = kitchen.clear_day(everything);
        confirming.set(false);
        cleared.set(Some(n));
    };
    view! {
        <div class="end-of-day" data-testid="end-of-day">
            <button type="button" class="secondary" data-testid="clear-tests" hidden=move || tests() == 0
                on:click=move |_| cleared.set(Some(kitchen.clear_tests()))>
                {move || td_string!(i18n.get_locale(), clear_tests, count = tests())}</button>
            <button type="button" class="secondary" data-testid="clear-finished" disabled=move || finished() == 0
                on:click=move |_| clear(false)>{move || td_string!(i18n.get_locale(), clear_finished, count = finished()).to_string()}</button>
            {move || match confirming.get() {
                false => view! {
                    <button type="button" class="secondary" data-testid="clear-all" disabled=move || board.with(|b| b.is_empty())
                        on:click=move |_| confirming.set(true)>{t!(i18n, clear_everything)}</button>
                }.into_any(),
                true => view! {
                    <p class="notice" role="alert" data-testid="clear-all-confirm">
                        {move || td_string!(i18n.get_locale(), clear_all_confirm, count = board.with(|b| b.len())).to_string()}" "
                        // This board only: the close of the day is what reaches every screen.
                        {t!(i18n, clear_all_only_here)}" "
                        <button type="button" class="danger" data-testid="clear-all-yes" on:click=move |_| clear(true)>{t!(i18n, clear_all_yes)}</button>
                        " "
                        <button type="button" class="secondary" data-testid="clear-all-no" on:click=move |_| confirming.set(false)>{t!(i18n, clear_all_no)}</button>
                    </p>
                }.into_any(),
            }}
            {move || cleared.get().map(|n| view! {
                <span class="cleared" role="status" data-testid="cleared">
                    {move || td_string!(i18n.get_locale(), cleared_tickets, count = n).to_string()}
                </span>
            })}
        </div>
    }
}

/// "Close the day…": asks what becomes of the tickets still open (kept for tomorrow, or cancelled), then
/// closes the day on every board (see `Kitchen::close_day`).
#[component]
pub fn CloseDay() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let kitchen = expect_context::<Kitchen>();
    let asking = RwSignal::new(false);
    let closed = RwSignal::new(None::<usize>);
    let i18n = use_i18n();
    let open = move || board.with(|b| b.open().filter(|t| !t.waiting).count());
    let close = move |keep_open: bool| {
        closed.set(Some(kitchen.close_day(keep_open)));
        asking.set(false);
    };
    let question = move || {
        let locale = i18n.get_locale();
        let n = open();
        let mut text = td_string!(locale, close_day_question).to_string();
        if n > 0 {
            text.push(' ');
            text.push_str(&td_string!(locale, close_day_open, count = n).to_string());
        }
        text
    };
    view! {
        <div class="close-day" data-testid="close-day-area">
            <button type="button" class="secondary" data-testid="close-day" hidden=move || asking.get()
                on:click=move |_| { asking.set(true); closed.set(None); }>{t!(i18n, close_day)}</button>
            <Show when=move || asking.get()>
                <p class="notice" role="alert" data-testid="close-day-confirm">
                    {question}" "
                    <Show when=move || { open() > 0 } fallback=move || view! {
                        <button type="button" class="danger" data-testid="close-day-keep" on:click=move |_| close(true)>{t!(i18n, close_day_plain)}</button>
                    }>
                        <button type="button" class="danger" data-testid="close-day-keep" on:click=move |_| close(true)>{t!(i18n, close_day_keep)}</button>
                        " "
                        <button type="button" class="danger" data-testid="close-day-cancel" on:click=move |_| close(false)>{t!(i18n, close_day_cancel)}</button>
                    </Show>
                    " "
                    <button type="button" class="secondary" data-testid="close-day-no" on:click=move |_| asking.set(false)>{t!(i18n, close_day_no)}</button>
                </p>
            </Show>
            {move || closed.get().map(|n| view! {
                <span class="cleared" role="status" data-testid="day-closed">
                    {move || td_string!(i18n.get_locale(), day_closed, count = n).to_string()}
                </span>
            })}
        </div>
    }
}
