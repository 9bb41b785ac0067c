//! The live board: a card per order, newest first, counts and revenue, and the rejected messages.

use crate::app::{now_ms, BoardState};
use crate::domain::board::{Rejection, Ticket};
use crate::domain::order::is_allergy_warning;
use crate::domain::time::age_text;
use leptos::prelude::*;
use std::time::Duration;

/// Cards rendered at once; the board keeps more history than this.
const VISIBLE_CARDS: usize = 200;

#[component]
pub fn BoardView() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    // One clock for every card's age; stopped when the board goes away.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(5))
    {
        on_cleanup(move || handle.clear());
    }
    let tickets =
        move || board.with(|b| b.tickets().take(VISIBLE_CARDS).cloned().collect::<Vec<_>>());
    let rejected = move || board.with(|b| b.rejected().cloned().collect::<Vec<_>>());
    view! {
        <section class="board" aria-labelledby="board-title">
            <div class="board-head">
                <h2 id="board-title">"Orders"</h2>
                <p class="stats">
                    <span data-testid="order-count">{move || board.with(|b| b.len())}</span>
                    " orders · "
                    <span data-testid="revenue">{move || board.with(|b| b.revenue().to_string())}</span>
                    " revenue"
                    {move || {
                        let dropped = board.with(|b| b.dropped);
                        (dropped > 0).then(|| format!(" · {dropped} older orders dropped from view"))
                    }}
                </p>
            </div>
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
            <div class="cards" data-testid="cards">
                <For
                    each=tickets
                    key=|t| t.seq
                    children=move |t| view! { <OrderCard ticket=t now=now/> }
                />
            </div>
        </section>
    }
}

#[component]
pub fn OrderCard(ticket: Ticket, #[prop(into)] now: Signal<i64>) -> impl IntoView {
    let Ticket {
        order, received_at, ..
    } = ticket;
    let short_id: String = order.order_id.chars().take(8).collect();
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
                <time>{move || age_text(received_at, now.get())}</time>
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
