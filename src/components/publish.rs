//! The outbox list: each order placed from this page with its delivery state, and a retry for failures.

use crate::domain::generator::OrderGenerator;
use crate::i18n::*;
use crate::mqtt::Delivery;
use crate::state::{now_ms, Publisher};
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
        if let Some(order) = order {
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
                        let count = order.item_count();
                        let total = order.total_amount;
                        view! {
                            <li data-testid="publish-record" data-state=kind data-order-id=order.order_id.clone()>
                                <span class="summary">
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
