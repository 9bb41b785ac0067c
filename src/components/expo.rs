//! The expo screen (`?view=expo`): every open order with one row per station part — done or not, when,
//! the one holding the order up — a part sent back to its station, and the hand-off (served).

use crate::components::board::Problems;
use crate::components::board_tools::UndoButton;
use crate::components::wall::KeysButton;
use crate::domain::ageing::timer_text;
use crate::domain::expo::{cards_that_fit, ExpoCard, ExpoPart};
use crate::domain::keymap::{key_action, plan_key, KeyPlan};
use crate::domain::parts::last_done;
use crate::domain::stations::Station;
use crate::domain::time::clock_text;
use crate::i18n::*;
use crate::state::{local_offset_minutes, BoardState, Clock, Kitchen};
use crate::words;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How many cards this window holds without scrolling.
fn window_fit() -> usize {
    let size = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let w = window();
    cards_that_fit(size(w.inner_width()), size(w.inner_height()))
}

#[component]
pub fn ExpoScreen() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let kitchen = expect_context::<Kitchen>();
    let i18n = use_i18n();
    let fit = RwSignal::new(window_fit());
    let resize = window_event_listener(leptos::ev::resize, move |_| fit.set(window_fit()));
    on_cleanup(move || resize.remove());
    // Another order open or gone: as many as the window may hold again, then as many as do fit.
    Effect::new(move |_| {
        board.with(|b| (b.open_count(), b.newest_seq()));
        fit.set(window_fit());
    });
    // The oldest open orders first: the next to hand over comes first.
    let cards = Memo::new(move |_| {
        let fit = fit.get();
        board.with(|b| {
            (
                b.open().take(fit).map(ExpoCard::of).collect::<Vec<_>>(),
                b.open_count(),
            )
        })
    });
    let area = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        cards.track();
        request_animation_frame(move || whole_cards_only(area, fit));
    });
    let selected = RwSignal::new(None::<String>);
    let help = RwSignal::new(false);
    let ids = move || {
        cards.with_untracked(|(c, _)| c.iter().map(|c| c.order_id.clone()).collect::<Vec<_>>())
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        on_key(&ev, kitchen, board, selected, help, ids())
    });
    on_cleanup(move || keys.remove());
    let more = move || cards.with(|(shown, open)| open - shown.len());
    view! {
        <section class="expo" aria-labelledby="expo-title">
            <div class="kitchen-bar">
                <h2 id="expo-title" class="visually-hidden">{t!(i18n, screen_expo)}</h2>
                <UndoButton/>
                <KeysButton help/>
            </div>
            <ExpoKeyHelp help/>
            <Problems/>
            <div class="expo-cards" data-testid="expo-cards" node_ref=area on:click=move |ev| on_click(&ev, kitchen, selected)>
                <For each=move || cards.get().0 key=|c| c.clone() children=move |card| view! { <ExpoCardView card selected/> }/>
            </div>
            <p class="notice subtle" data-testid="expo-more" hidden=move || more() == 0>
                {move || td_string!(i18n.get_locale(), expo_more, count = more())}
            </p>
            {move || cards.with(|(_, open)| *open == 0).then(|| view! { <p class="empty">{t!(i18n, expo_empty)}</p> })}
        </section>
    }
}

/// A wall screen never cuts a card off: when a card runs past the foot or the side of the area (the
/// columns go on past its edge), the cards from it on go (they are among "N more open orders follow").
fn whole_cards_only(area: NodeRef<leptos::html::Div>, fit: RwSignal<usize>) {
    let Some(area) = area.get_untracked() else {
        return;
    };
    let edge = area.get_bounding_client_rect();
    let outside = |card: web_sys::Element| {
        let r = card.get_bounding_client_rect();
        r.bottom() > edge.bottom() + 1.0
            || r.right() > edge.right() + 1.0
            || r.left() < edge.left() - 1.0
    };
    let cards = area.children();
    let cut = (0..cards.length())
        .filter_map(|i| cards.item(i))
        .position(outside);
    if let Some(first_cut) = cut {
        fit.set(first_cut.max(1));
    }
}

/// One order: who, its number and age, a row per part, and the hand-off.
#[component]
fn ExpoCardView(card: ExpoCard, selected: RwSignal<Option<String>>) -> impl IntoView {
    let Clock(now) = expect_context::<Clock>();
    let i18n = use_i18n();
    let id = card.order_id.clone();
    let is_selected = move || selected.with(|s| s.as_deref() == Some(id.as_str()));
    let since = card.from.at();
    let ready = card.ready();
    let class = move || {
        format!(
            "expo-card status-card-{}{}",
            card.status.wire_name(),
            if is_selected() { " selected" } else { "" }
        )
    };
    view! {
        <article class=class data-testid="expo-card" data-order-id=card.order_id.clone()
            data-status=card.status.wire_name() tabindex="-1">
            <header>
                <span class="customer" translate="no">{card.customer.clone()}</span>
                <span class="order-id" translate="no">{card.number.clone()}</span>
                <span class="timer">{move || timer_text(since, now.get())}</span>
            </header>
            <ul class="expo-parts">
                {card.parts.into_iter().map(|part| view! { <ExpoPartRow part/> }).collect_view()}
            </ul>
            <button type="button" data-testid="hand-off" data-action="hand-off" disabled=!ready>
                {t!(i18n, hand_off)}
            </button>
        </article>
    }
}

/// A station's part: ✓ and when it was done, or how far it is; the slowest marked; "Send back" once done.
#[component]
fn ExpoPartRow(part: ExpoPart) -> impl IntoView {
    let i18n = use_i18n();
    let done = part.state == crate::domain::parts::PartState::Done;
    let state = part.state;
    let when = part
        .done_at
        .map(|at| clock_text(at, local_offset_minutes(at))[..5].to_owned());
    let lines = part
        .lines
        .iter()
        .map(|(q, n)| format!("{q} × {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let station = part.station.clone();
    view! {
        <li class="station-progress" class:done=done class:slowest=part.slowest data-testid="station-progress"
            data-station=part.station.clone() data-done=done.to_string() data-slowest=part.slowest.then_some("true")>
            <span class="mark" aria-hidden="true">{if done { "✓" } else if part.slowest { "!" } else { "…" }}</span>
            <span class="station-name" translate="no">{part.station.clone()}</span>
            <span class="part-state">
                {move || words::part_state(i18n.get_locale(), state)}
                {when.map(|w| view! { " " <time data-testid="done-at">{w}</time> })}
                {part.slowest.then(|| view! { <span class="visually-hidden">" · "{t!(i18n, expo_slowest)}</span> })}
            </span>
            {done.then(|| view! {
                <button type="button" class="secondary" data-testid="send-back" data-action="send-back"
                    data-station=station.clone()>{t!(i18n, send_back)}</button>
            })}
            <span class="part-lines" translate="no">{lines}</span>
        </li>
    }
}

/// A tap on a card selects it; on its buttons it hands off or sends a part back.
fn on_click(ev: &leptos::ev::MouseEvent, kitchen: Kitchen, selected: RwSignal<Option<String>>) {
    let Some((target, id)) = crate::components::tickets::clicked_card(ev) else {
        return;
    };
    let button = target.closest("button[data-action]").ok().flatten();
    match button
        .as_ref()
        .and_then(|b| b.get_attribute("data-action"))
        .as_deref()
    {
        Some("hand-off") => kitchen.hand_off(&id),
        Some("send-back") => {
            let station = button
                .and_then(|b| b.get_attribute("data-station"))
                .unwrap_or_default();
            kitchen.send_back(&id, &Station::Only(station));
        }
        _ => {}
    }
    selected.set(Some(id));
}

/// The expo's keys: 1–9 and the arrows select, Enter hands off, R sends the last finished part back,
/// U undoes, Esc drops the selection, ? shows the keys.
fn on_key(
    ev: &web_sys::KeyboardEvent,
    kitchen: Kitchen,
    board: ReadSignal<crate::domain::board::Board>,
    selected: RwSignal<Option<String>>,
    help: RwSignal<bool>,
    ids: Vec<String>,
) {
    let Some(action) = key_action(&ev.key()) else {
        return;
    };
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|t| {
            matches!(
                t.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select" | "button" | "summary"
            )
        });
    if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || typing {
        return;
    }
    ev.prevent_default();
    let at = selected.with_untracked(|s| s.as_ref().and_then(|s| ids.iter().position(|i| i == s)));
    match plan_key(action, ev.repeat(), at, &ids) {
        KeyPlan::Bump(id) => kitchen.hand_off(&id),
        KeyPlan::RecallLatest => match at.map(|i| ids[i].clone()) {
            Some(id) => send_back_last(kitchen, board, &id),
            None => kitchen.recall_latest(),
        },
        KeyPlan::Undo => kitchen.undo(),
        KeyPlan::Clear => selected.set(None),
        KeyPlan::Help => help.update(|h| *h = !*h),
        KeyPlan::Select { id, .. } => selected.set(Some(id)),
        _ => {}
    }
}

/// Sends the part of an order finished last back to its station.
fn send_back_last(
    kitchen: Kitchen,
    board: ReadSignal<crate::domain::board::Board>,
    order_id: &str,
) {
    let station = board.with_untracked(|b| {
        b.find(order_id)
            .and_then(|t| last_done(&t.parts))
            .map(|p| p.station.clone())
    });
    if let Some(station) = station {
        kitchen.send_back(order_id, &Station::Only(station));
    }
}

/// The expo's key map, over the cards until `?` (or its button) hides it.
#[component]
fn ExpoKeyHelp(help: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let row =
        move |say: fn(Locale) -> &'static str| view! { <li>{move || say(i18n.get_locale())}</li> };
    view! {
        <aside class="key-help" data-testid="key-help" hidden=move || !help.get() aria-labelledby="expo-keys-title">
            <h2 id="expo-keys-title">{t!(i18n, keys_title)}</h2>
            <ul>
                {row(|l| td_string!(l, keys_expo_select))}
                {row(|l| td_string!(l, keys_move))}
                {row(|l| td_string!(l, keys_expo_hand_off))}
                {row(|l| td_string!(l, keys_expo_send_back))}
                {row(|l| td_string!(l, keys_undo))}
                {row(|l| td_string!(l, keys_clear))}
            </ul>
        </aside>
    }
}
