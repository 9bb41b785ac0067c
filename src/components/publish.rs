//! The publish panel: sends one generated order at QoS 1 and shows each publish's delivery state.

use crate::app::{now_ms, Publisher};
use crate::domain::generator::OrderGenerator;
use crate::mqtt::Delivery;
use leptos::prelude::*;

#[component]
pub fn PublishPanel() -> impl IntoView {
    let publisher = expect_context::<Publisher>();
    let seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
    let generator = StoredValue::new(OrderGenerator::new(seed));
    let next_tag = StoredValue::new(0u64);
    let publish_one = move |_| {
        let order = generator
            .try_update_value(|g| g.next_order(now_ms()))
            .expect("generator lives as long as the panel");
        let tag = next_tag
            .try_update_value(|t| {
                *t += 1;
                *t
            })
            .unwrap_or_default();
        publisher.publish(tag, &order);
    };
    view! {
        <section class="panel publish" aria-labelledby="publish-title">
            <h2 id="publish-title">"Place orders"</h2>
            <button type="button" data-testid="publish-random" on:click=publish_one>
                "Publish a random order"
            </button>
            <ol class="outbox" data-testid="outbox">
                <For
                    each=move || publisher.outbox.get()
                    key=|r| (r.tag, state_kind(&r.state))
                    children=move |r| {
                        let kind = state_kind(&r.state);
                        let text = match &r.state {
                            Delivery::Failed(reason) => format!("failed: {reason}"),
                            _ => kind.to_owned(),
                        };
                        view! {
                            <li data-testid="publish-record" data-state=kind data-order-id=r.order_id>
                                <span class="summary">{r.summary}</span>
                                <span class=format!("delivery {kind}")>{text}</span>
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
        Delivery::Sent => "sent",
        Delivery::Acknowledged => "acknowledged",
        Delivery::Failed(_) => "failed",
    }
}
