//! The connection: its state in words (counting down to the next attempt), and the settings form.

use crate::domain::settings::{BoardSettings, MqttVersionSetting};
use crate::mqtt::ConnState;
use crate::state::{now_ms, ConnectionControl, ConnectionStatus};
use leptos::prelude::*;
use std::time::Duration;

fn optional(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The state pill and, when the subscription was refused, why.
#[component]
pub fn ConnectionPill() -> impl IntoView {
    let status = expect_context::<ConnectionStatus>();
    let state = status.state;
    // When the state began, and a clock that ticks only while a wait counts down.
    let since = RwSignal::new(now_ms());
    let now = RwSignal::new(now_ms());
    Effect::new(move |_| {
        state.track();
        since.set(now_ms());
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if state.with_untracked(|s| {
                matches!(
                    s,
                    ConnState::Reconnecting { .. } | ConnState::Refused { .. }
                )
            }) {
                now.set(now_ms());
            }
        },
        Duration::from_millis(250),
    ) {
        on_cleanup(move || handle.clear());
    }
    // With no network at all, "broker down, wrong port or path" would send a cook hunting the wrong fault.
    let shell = use_context::<crate::shell::ShellStatus>();
    let label = move || {
        let offline = shell.is_some_and(|s| s.offline_since.get().is_some());
        let elapsed = (now.get() - since.get()).max(0) as u64;
        state.with(|s| match s {
            ConnState::Connecting { .. } | ConnState::Reconnecting { .. } if offline => {
                "no network — connects again by itself when it is back".to_owned()
            }
            s => s.label_after(elapsed),
        })
    };
    view! {
        <output
            class="conn-state"
            data-testid="conn-state"
            role="status"
            data-state=move || state.with(|s| s.kind())
            data-subscribed=move || status.subscription.get().and_then(Result::ok)
            data-startup=move || status.started.get()
        >
            {label}
        </output>
        {move || status.subscription.get().and_then(Result::err).map(|reason| {
            view! { <p class="error" data-testid="subscription-error">{reason}</p> }
        })}
    }
}

/// The settings, read top to bottom in three groups, and Connect / Disconnect.
#[component]
pub fn ConnectionSettings(
    #[prop(into)] on_connect: Callback<()>,
    #[prop(into)] on_disconnect: Callback<()>,
) -> impl IntoView {
    let control = expect_context::<ConnectionControl>();
    let settings = control.settings;
    let edit = move |f: fn(&mut BoardSettings, String)| {
        move |ev| {
            let value = event_target_value(&ev);
            settings.update(|s| f(s, value));
        }
    };
    // A tick is an edit like any other: start-up's config.json leaves changed fields alone (`keep_edits`).
    let tick = move |f: fn(&mut BoardSettings, bool)| {
        move |ev| {
            let on = event_target_checked(&ev);
            settings.update(|s| f(s, on));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        control.connected_by_hand.set_value(true);
        on_connect.run(());
    };
    view! {
        <form class="conn-form" on:submit=on_submit aria-label="Connection settings">
            <fieldset>
                <legend>"Broker"</legend>
                        <label class="stacked broker-list">
                            "Broker URL (a cluster: one node per line)"
                            <textarea
                                name="broker"
                                rows="3"
                                data-testid="broker-url"
                                spellcheck="false"
                                placeholder="ws://host:9001"
                                prop:value=move || settings.with(|s| s.broker.clone())
                                on:input=edit(|s, v| s.broker = v)
                            ></textarea>
                        </label>
                        <label>
                            "Topic"
                            <input
                                type="text"
                                name="topic"
                                data-testid="topic"
                                spellcheck="false"
                                prop:value=move || settings.with(|s| s.topic.clone())
                                on:input=edit(|s, v| s.topic = v)
                            />
                        </label>
                        <label>
                            "MQTT version"
                            <select
                                data-testid="mqtt-version"
                                prop:value=move || settings.with(|s| s.mqtt_version.as_str())
                                on:change=edit(|s, v| {
                                    s.mqtt_version = MqttVersionSetting::parse(&v).unwrap_or_default()
                                })
                            >
                                <option value="auto">"auto (5, or 3.1.1)"</option>
                                <option value="3.1.1">"3.1.1"</option>
                                <option value="5">"5"</option>
                            </select>
                        </label>
                        <label>
                            "QoS for publishing"
                            <select
                                data-testid="qos"
                                prop:value=move || settings.with(|s| s.qos.to_string())
                                on:change=edit(|s, v| s.qos = crate::domain::settings::parse_qos(&v).unwrap_or(1))
                            >
                                <option value="0">"0 — at most once"</option>
                                <option value="1">"1 — at least once"</option>
                                <option value="2">"2 — exactly once"</option>
                            </select>
                        </label>
            </fieldset>
            <fieldset>
                <legend>"Sign-in"</legend>
                        <label>
                            "Client id"
                            <input
                                type="text"
                                name="client-id"
                                data-testid="client-id"
                                spellcheck="false"
                                placeholder=move || control.client_id.get()
                                prop:value=move || settings.with(|s| s.client_id.clone().unwrap_or_default())
                                on:input=edit(|s, v| s.client_id = optional(v))
                            />
                        </label>
                        <label>
                            "Username"
                            <input
                                type="text"
                                name="username"
                                autocomplete="username"
                                data-testid="username"
                                prop:value=move || settings.with(|s| s.username.clone().unwrap_or_default())
                                on:input=edit(|s, v| s.username = optional(v))
                            />
                        </label>
                        <label>
                            "Password"
                            <input
                                type="password"
                                name="password"
                                autocomplete="current-password"
                                data-testid="password"
                                prop:value=move || settings.with(|s| s.password.clone().unwrap_or_default())
                                on:input=edit(|s, v| s.password = (!v.is_empty()).then_some(v))
                            />
                        </label>
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="remember-password"
                                prop:checked=move || settings.with(|s| s.remember_password)
                                on:change=tick(|s, on| s.remember_password = on)
                            />
                            "Remember password on this browser"
                        </label>
            </fieldset>
            <fieldset>
                <legend>"Session"</legend>
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="persistent-session"
                                prop:checked=move || settings.with(|s| s.persistent_session)
                                on:change=tick(|s, on| s.persistent_session = on)
                            />
                            "Keep my session while away (the broker queues orders for this board)"
                        </label>
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="announce-presence"
                                prop:checked=move || settings.with(|s| s.announce_presence)
                                on:change=tick(|s, on| s.announce_presence = on)
                            />
                            "Announce this board online/offline (last will)"
                        </label>
                        <label>
                            "Keepalive (s)"
                            <input
                                type="number"
                                min="5"
                                max="3600"
                                class="narrow"
                                data-testid="keepalive"
                                prop:value=move || settings.with(|s| s.keepalive_secs.to_string())
                                on:change=edit(|s, v| {
                                    if let Some(k) = crate::domain::settings::parse_keepalive(&v) {
                                        s.keepalive_secs = k;
                                    }
                                })
                            />
                        </label>
            </fieldset>
            <div class="conn-buttons">
                <button type="submit" data-testid="connect">"Connect"</button>
                <button type="button" data-testid="disconnect" on:click=move |_| on_disconnect.run(())>
                    "Disconnect"
                </button>
            </div>
        </form>
    }
}

/// The top bar's connection: the pill, and the settings folded away.
#[component]
pub fn ConnectionPanel(
    #[prop(into)] on_connect: Callback<()>,
    #[prop(into)] on_disconnect: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="connection">
            <div class="conn-line">
                <ConnectionPill/>
            </div>
            <details class="conn-settings">
                <summary>"Connection settings"</summary>
                <ConnectionSettings on_connect=on_connect on_disconnect=on_disconnect/>
            </details>
        </div>
    }
}
