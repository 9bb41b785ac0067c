//! The outbox list: each order placed from this page with its delivery state, and a retry for failures.

use crate::domain::generator::OrderGenerator;
use crate::domain::rules::{counter_cancel, CounterCancel};
use crate::i18n::*;
use crate::mqtt::Delivery;
use crate::state::{now_ms, BoardState, Clock, Kitchen, Publisher};
use leptos::prelude::*;

/// What this device sent. On the counter (`counter`) without "Publish a random order": one tap on a
/// cashier's phone must not send a made-up order to the real kitchen.
#[component]
pub fn Outbox(#[prop(optional)] counter: bool) -> impl IntoView {
    let publisher = expect_context::<Publisher>();
    let money = expect_context::<crate::restaurant::Money>();
    let menu = expect_context::<crate::restaurant::ActiveMenu>().menu();
    let i18n = use_i18n();
    let seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
    // Made again when the menu changes, so a random order is from the menu in use.
    let generator = Memo::new(move |_| {
        let menu = menu.get();
        StoredValue::new(OrderGenerator::with_menu(
            seed ^ std::sync::Arc::as_ptr(&menu) as u64,
            menu,
        ))
    });
    let publish_random = move |_| {
        let order = generator
            .get_untracked()
            .try_update_value(|g| g.next_order(now_ms()));
        // One order, to see it arrive: never one scheduled for later (a run's 3 % are), which would wait in
        // the Later lane instead of showing.
        if let Some(mut order) = order {
            order.due_at = None;
            publisher.publish(&order);
        }
    };
    view! {
        <section class="panel publish" aria-labelledby="outbox-title">
            <div class="panel-head">
                <h2 id="outbox-title">{t!(i18n, outbox_title)}</h2>
                {(!counter).then(|| view! {
                    <button type="button" class="secondary" data-testid="publish-random" on:click=publish_random>
                        {t!(i18n, publish_random)}
                    </button>
                })}
            </div>
            <ol class="outbox" data-testid="outbox">
                <For
                    each=move || publisher.records().get()
                    key=|r| (r.tag, state_kind(&r.state))
                    children=move |r| {
                        let kind = state_kind(&r.state);
                        let state = r.state.clone();
                        let text = move || crate::words::delivery(i18n.get_locale(), &state);
                        let failed = matches!(r.state, Delivery::Failed(_));
                        let tag = r.tag;
                        let order = r.order;
                        let placed_at = order.placed_at();
                        let count = order.item_count();
                        let total = order.total_amount;
                        view! {
                            <li data-testid="publish-record" data-state=kind data-order-id=order.order_id.clone()>
                                <span class="summary">
                                    {order.number.clone().map(|n| view! { <span class="placed-no" translate="no">{n}</span> })}
                                    <span translate="no">{order.customer_name.clone()}</span>
                                    {move || {
                                        let locale = i18n.get_locale();
                                        let items = td_string!(locale, items, count = count).to_string();
                                        td_string!(locale, summary_tail, items = items, total = money.text(total)).to_string()
                                    }}
                                </span>
                                <span class=format!("delivery {kind}")>{text}</span>
                                {failed.then(|| view! {
                                    <button type="button" class="secondary" on:click=move |_| publisher.retry(tag)>
                                        {t!(i18n, retry)}
                                    </button>
                                })}
                                {placed_at.map(|at| view! { <CancelPlaced order_id=order.order_id.clone() placed_at=at/> })}
                            </li>
                        }
                    }
                />
            </ol>
        </section>
    }
}

fn state_kind(state: &Delivery) -> &'static str {
    match state {
        Delivery::Queued => "queued",
        Delivery::Sent => "sent",
        Delivery::Acknowledged => "acknowledged",
        Delivery::Failed(_) => "failed",
    }
}

/// How long the counter may cancel an order it placed (config.json or `?cancel_minutes=`), in minutes.
#[derive(Clone, Copy)]
pub struct CancelWindow(pub ReadSignal<u32>);

/// "Cancel order" beside an order placed here, while the window lasts: one tap while nobody has started
/// it, a warning first once the kitchen has; "Cancelled" once it is.
#[component]
fn CancelPlaced(order_id: String, placed_at: i64) -> impl IntoView {
    let kitchen = expect_context::<Kitchen>();
    let BoardState(board) = expect_context::<BoardState>();
    let Clock(now) = expect_context::<Clock>();
    let CancelWindow(minutes) = expect_context::<CancelWindow>();
    let i18n = use_i18n();
    let id = StoredValue::new(order_id);
    let state = Memo::new(move |_| {
        let window = i64::from(minutes.get()) * 60_000;
        board.with(|b| id.with_value(|id| counter_cancel(b, id, placed_at, now.get(), window)))
    });
    let asking = RwSignal::new(false);
    let cancel = move |_| {
        asking.set(false);
        id.with_value(|id| kitchen.cancel(id));
    };
    move || {
        match state.get() {
        CounterCancel::Closed => None,
        CounterCancel::Cancelled => Some(
            view! { <span class="delivery cancelled" data-testid="order-cancelled">{t!(i18n, order_cancelled)}</span> }
                .into_any(),
        ),
        CounterCancel::Warn if asking.get() => Some(
            view! {
                <span class="cancel-warning" role="alert" data-testid="cancel-warning">{t!(i18n, cancel_started)}</span>
                <button type="button" class="danger" data-testid="cancel-anyway" on:click=cancel>{t!(i18n, cancel_anyway)}</button>
                <button type="button" class="secondary" on:click=move |_| asking.set(false)>{t!(i18n, keep_order)}</button>
            }
            .into_any(),
        ),
        started => Some(
            view! {
                <button type="button" class="secondary" data-testid="cancel-order"
                    data-started=(started == CounterCancel::Warn).to_string() on:click=move |e| {
                    if started == CounterCancel::Warn { asking.set(true) } else { cancel(e) }
                }>{t!(i18n, cancel_order)}</button>
            }
            .into_any(),
        ),
    }
    }
}
