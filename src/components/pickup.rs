//! The customers' pickup screen: names and short numbers under "Preparing" and "Ready". It only shows.

use crate::domain::board::PickupEntry;
use crate::i18n::*;
use crate::state::BoardState;
use leptos::prelude::*;

/// Enough names for a large screen read from across a room; more would be too small to read.
const NAMES_SHOWN: usize = 30;

#[component]
pub fn PickupBoard() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let lists = Memo::new(move |_| board.with(|b| b.pickup(NAMES_SHOWN)));
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
    view! {
        <ol class="pickup-list" data-testid=testid aria-live="polite">
            <For each=move || entries.get() key=|e| e.seq children=|e| view! {
                <li data-testid="pickup-entry" translate="no">
                    <span class="pickup-name">{e.name}</span>
                    <span class="pickup-number">"#"{e.number}</span>
                </li>
            }/>
        </ol>
    }
}
