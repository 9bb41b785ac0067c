//! The connection bar: broker URL, topic, connect/disconnect and the connection state in words.

use crate::app::{ConnectionControl, ConnectionStatus};
use leptos::prelude::*;

#[component]
pub fn ConnectionBar() -> impl IntoView {
    let control = expect_context::<ConnectionControl>();
    let ConnectionStatus(state) = expect_context::<ConnectionStatus>();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        control.connect();
    };
    view! {
        <form class="connection" on:submit=on_submit>
            <label>
                "Broker"
                <input
                    type="text"
                    name="broker"
                    data-testid="broker-url"
                    spellcheck="false"
                    prop:value=move || control.broker.get()
                    on:input=move |ev| control.broker.set(event_target_value(&ev))
                />
            </label>
            <label>
                "Topic"
                <input
                    type="text"
                    name="topic"
                    data-testid="topic"
                    spellcheck="false"
                    prop:value=move || control.topic.get()
                    on:input=move |ev| control.topic.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" data-testid="connect">"Connect"</button>
            <button type="button" data-testid="disconnect" on:click=move |_| control.disconnect()>
                "Disconnect"
            </button>
            <output
                class="conn-state"
                data-testid="conn-state"
                role="status"
                data-state=move || state.with(|s| s.kind())
                data-subscribed=move || control.subscription.get().and_then(Result::ok)
            >
                {move || state.with(|s| s.label())}
            </output>
            {move || {
                control
                    .subscription
                    .get()
                    .and_then(Result::err)
                    .map(|reason| {
                        view! { <p class="error" data-testid="subscription-error">{reason}</p> }
                    })
            }}
        </form>
    }
}
