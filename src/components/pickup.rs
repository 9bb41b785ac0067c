//! The customers' pickup screen: names and short numbers under "Preparing" and "Ready". It only shows.
//! Every order is on it: a long list gets smaller type, then columns, then pages that turn by themselves
//! (`domain::board::pickup_layout`), never cut off without a word.

use crate::domain::board::{pickup_layout, PickupEntry};
use crate::i18n::*;
use crate::state::{BoardState, Clock};
use leptos::prelude::*;

/// A bound for a flood (a test run of thousands): the screen says how many more there are.
const NAMES_KEPT: usize = 1_000;

#[component]
pub fn PickupBoard() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let lists = Memo::new(move |_| board.with(|b| b.pickup(NAMES_KEPT)));
    let i18n = use_i18n();
    view! {
        <main class="pickup" data-testid="pickup">
            <section class="pickup-column preparing" aria-labelledby="pickup-preparing">
                <h2 id="pickup-preparing">{t!(i18n, pickup_preparing)}</h2>
                <PickupList entries=Signal::derive(move || lists.with(|l| l.preparing.clone())) testid="pickup-preparing"/>
            </section>
            <section class="pickup-column ready" aria-labelledby="pickup-ready">
                <h2 id="pickup-ready">{t!(i18n, pickup_ready)}</h2>
                <PickupList entries=Signal::derive(move || lists.with(|l| l.ready.clone())) testid="pickup-ready"/>
            </section>
        </main>
    }
}

#[component]
fn PickupList(entries: Signal<Vec<PickupEntry>>, testid: &'static str) -> impl IntoView {
    let Clock(now) = expect_context::<Clock>();
    let i18n = use_i18n();
    let layout = Memo::new(move |_| pickup_layout(entries.with(Vec::len), now.get() / 1000));
    let shown = move || {
        let range = layout.with(|l| l.range.clone());
        entries.with(|all| {
            all.get(range)
                .map(<[PickupEntry]>::to_vec)
                .unwrap_or_default()
        })
    };
    view! {
        <ol class=move || format!("pickup-list density-{}", layout.with(|l| l.density))
            data-testid=testid aria-live="polite">
            <For each=shown key=|e| e.seq children=|e| view! {
                <li data-testid="pickup-entry" translate="no">
                    <span class="pickup-name">{e.name}</span>
                    <span class="pickup-number">{e.number}</span>
                </li>
            }/>
        </ol>
        <p class="pickup-page" data-testid="pickup-page" hidden=move || layout.with(|l| l.pages < 2)>
            {move || layout.with(|l| td_string!(i18n.get_locale(), wall_page, page = l.page + 1, pages = l.pages))}
        </p>
    }
}
