//! The live board: a card per order, newest first, counts and revenue, and the rejected messages.

use crate::domain::board::{Rejection, Ticket};
use crate::domain::order::is_allergy_warning;
use crate::domain::time::age_text;
use crate::state::{now_ms, BoardState, HistoryLimit};
use leptos::prelude::*;
use std::time::Duration;

/// Cards rendered at once; the board keeps more history than this and search reaches all of it.
const VISIBLE_CARDS: usize = 100;
const MAX_HISTORY: usize = 100_000;

#[component]
pub fn BoardView() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let HistoryLimit(history) = expect_context::<HistoryLimit>();
    // One clock for every card's age; stopped when the board goes away.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(5))
    {
        on_cleanup(move || handle.clear());
    }
    let query = RwSignal::new(String::new());
    let oldest_first = RwSignal::new(false);
    let visible = Memo::new(move |_| {
        let q = query.get();
        let oldest = oldest_first.get();
        board.with(|b| b.visible(&q, oldest, VISIBLE_CARDS))
    });
    let rejected = move || board.with(|b| b.rejected().cloned().collect::<Vec<_>>());
    let on_history = move |ev| {
        if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
            if (1..=MAX_HISTORY).contains(&n) {
                history.set(n);
            }
        }
    };
    view! {
        <section class="board" aria-labelledby="board-title">
            <div class="board-head">
                <h2 id="board-title">"Orders"</h2>
                <p class="stats" data-duplicates=move || board.with(|b| b.duplicates)>
                    <span data-testid="order-count">{move || board.with(|b| b.len())}</span>
                    " orders · "
                    <span data-testid="revenue">{move || board.with(|b| b.revenue().to_string())}</span>
                    " revenue"
                    {move || {
                        let duplicates = board.with(|b| b.duplicates);
                        (duplicates > 0).then(|| format!(" · {duplicates} duplicates ignored"))
                    }}
                </p>
            </div>
            <div class="board-tools">
                <input
                    type="search"
                    placeholder="Search customer, item or order id"
                    aria-label="Search orders"
                    data-testid="search"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    data-testid="sort-toggle"
                    aria-pressed=move || oldest_first.get().to_string()
                    on:click=move |_| oldest_first.update(|o| *o = !*o)
                >
                    {move || if oldest_first.get() { "Oldest first" } else { "Newest first" }}
                </button>
                <label>
                    "Keep"
                    <input
                        type="number"
                        min="1"
                        max=MAX_HISTORY
                        class="narrow"
                        data-testid="history-limit"
                        prop:value=move || history.get().to_string()
                        on:change=on_history
                    />
                    "orders"
                </label>
            </div>
            {move || {
                let dropped = board.with(|b| b.dropped);
                (dropped > 0)
                    .then(|| {
                        view! {
                            <p class="notice" data-testid="dropped-notice" role="status">
                                {format!(
                                    "{dropped} older orders were dropped from view (history keeps {}).",
                                    history.get(),
                                )}
                            </p>
                        }
                    })
            }}
            <details class="rejected" data-testid="rejected-panel">
                <summary>
                    "Rejected messages: "
                    <span data-testid="rejected-count">{move || board.with(|b| b.rejected().len())}</span>
                </summary>
                <ul>
                    <For
                        each=rejected
                        key=|r| r.seq
                        children=move |r| view! { <RejectionRow rejection=r/> }
                    />
                </ul>
            </details>
            {move || {
                let (shown, total) = visible.with(|(s, t)| (s.len(), *t));
                (total > shown)
                    .then(|| {
                        view! {
                            <p class="notice subtle" data-testid="showing-note">
                                {format!("Showing {shown} of {total} orders; search to find the rest.")}
                            </p>
                        }
                    })
            }}
            <div class="cards" data-testid="cards">
                <For
                    each=move || visible.with(|(shown, _)| shown.clone())
                    key=|t| t.seq
                    children=move |t| view! { <OrderCard ticket=t now=now/> }
                />
            </div>
            {move || {
                board
                    .with(|b| b.is_empty())
                    .then(|| {
                        view! {
                            <p class="empty">
                                "No orders yet. They appear here as soon as anything publishes to the topic."
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
pub fn OrderCard(ticket: Ticket, #[prop(into)] now: Signal<i64>) -> impl IntoView {
    let Ticket {
        order, received_at, ..
    } = ticket;
    let short_id: String = order.order_id.chars().take(8).collect();
    // Local wall-clock time of arrival, as the kitchen reads clocks.
    let clock = js_sys::Date::new(&(received_at as f64).into())
        .to_locale_time_string("en-GB")
        .as_string()
        .unwrap_or_default();
    let allergy = order
        .special_instructions
        .as_deref()
        .is_some_and(is_allergy_warning);
    let items = order
        .items
        .iter()
        .map(|item| {
            view! {
                <li>
                    <span class="qty">{item.quantity}" × "</span>
                    <span class="name">{item.name.clone()}</span>
                    <span class="price">{item.line_total().to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="card" data-testid="order-card" data-order-id=order.order_id.clone()>
            <header>
                <span class="customer" data-testid="customer">{order.customer_name.clone()}</span>
                <span class="order-id" title=order.order_id.clone()>"#"{short_id}</span>
            </header>
            <ul class="items">{items}</ul>
            {order.special_instructions.clone().map(|text| {
                view! {
                    <p class="instructions" class:allergy=allergy data-testid="instructions">
                        {allergy.then_some("⚠ ")}
                        {text}
                    </p>
                }
            })}
            <footer>
                <span class="total" data-testid="total">{order.total_amount.to_string()}</span>
                <span class="received">
                    <time title=clock.clone()>{clock.clone()}</time>
                    " · "
                    <span data-testid="age">{move || age_text(received_at, now.get())}</span>
                </span>
            </footer>
        </article>
    }
}

#[component]
fn RejectionRow(rejection: Rejection) -> impl IntoView {
    view! {
        <li data-testid="rejected-item">
            <p class="reason" data-testid="rejected-reason">{rejection.reason}</p>
            <code class="excerpt">{rejection.excerpt}</code>
            <span class="topic">{rejection.topic}</span>
        </li>
    }
}
