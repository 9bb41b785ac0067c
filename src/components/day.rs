//! The restaurant's day: the menu in use, what in its setup could not be used, printing each new ticket,
//! and clearing the board at the end of the day.

use crate::restaurant::{ActiveMenu, Money};
use crate::state::{BoardState, Kitchen, Prefs};
use leptos::prelude::*;

/// A menu or a currency that could not be used, said where everyone sees it.
#[component]
pub fn RestaurantNotices() -> impl IntoView {
    let menu = expect_context::<ActiveMenu>();
    let money = expect_context::<Money>();
    view! {
        {move || menu.problem().get().map(|text| view! {
            <p class="banner warn" role="alert" data-testid="menu-problem">{text}</p>
        })}
        {move || money.problem().get().map(|text| view! {
            <p class="banner warn" role="alert" data-testid="money-problem">{text}</p>
        })}
    }
}

/// Which menu is in use and where it came from.
#[component]
pub fn MenuInfo() -> impl IntoView {
    let menu = expect_context::<ActiveMenu>();
    let text = move || {
        let (dishes, sections) = menu.menu().with(|m| (m.len(), m.categories().len()));
        format!(
            "{dishes} dishes in {sections} sections, {}",
            menu.source().get().words()
        )
    };
    view! { <p class="menu-info" data-testid="menu-info">"Menu: "{text}</p> }
}

/// Print every new ticket as it comes (for a kiosk browser started with --kiosk-printing).
#[component]
pub fn PrintNewToggle() -> impl IntoView {
    let handle = expect_context::<Prefs>();
    let prefs = handle;
    view! {
        <label class="check">
            <input type="checkbox" data-testid="print-new" prop:checked=move || prefs.with(|p| p.print_new)
                on:change=move |ev| handle.set_print_new(event_target_checked(&ev))/>
            "Print each new ticket"
        </label>
    }
}

/// "Clear finished" at once; "Clear everything" only after a second, explicit yes.
#[component]
pub fn EndOfDay() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let kitchen = expect_context::<Kitchen>();
    let confirming = RwSignal::new(false);
    let cleared = RwSignal::new(None::<String>);
    let finished = move || board.with(|b| b.len() - b.open_count());
    let clear = move |everything: bool| {
        let n = kitchen.clear_day(everything);
        confirming.set(false);
        cleared.set(Some(match n {
            1 => "Cleared 1 ticket.".to_owned(),
            n => format!("Cleared {n} tickets."),
        }));
    };
    view! {
        <div class="end-of-day" data-testid="end-of-day">
            <button type="button" class="secondary" data-testid="clear-finished" disabled=move || finished() == 0
                on:click=move |_| clear(false)>{move || format!("Clear finished ({})", finished())}</button>
            {move || match confirming.get() {
                false => view! {
                    <button type="button" class="secondary" data-testid="clear-all" disabled=move || board.with(|b| b.is_empty())
                        on:click=move |_| confirming.set(true)>"Clear everything…"</button>
                }.into_any(),
                true => view! {
                    <p class="notice" role="alert" data-testid="clear-all-confirm">
                        {move || format!("Clear all {} tickets, open ones too, from this board and the broker's saved statuses? ", board.with(|b| b.len()))}
                        <button type="button" class="danger" data-testid="clear-all-yes" on:click=move |_| clear(true)>"Yes, clear everything"</button>
                        " "
                        <button type="button" class="secondary" data-testid="clear-all-no" on:click=move |_| confirming.set(false)>"Keep them"</button>
                    </p>
                }.into_any(),
            }}
            {move || cleared.get().map(|text| view! { <span class="cleared" role="status" data-testid="cleared">{text}</span> })}
        </div>
    }
}
