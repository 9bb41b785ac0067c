//! The connection: its state in words (counting down to the next attempt), and the settings form.

use crate::domain::settings::{parse_keepalive, parse_qos, BoardSettings, MqttVersionSetting};
use crate::i18n::*;
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
    let control = expect_context::<ConnectionControl>();
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
    let i18n = use_i18n();
    let label = move || {
        let offline = shell.is_some_and(|s| s.offline_since.get().is_some());
        let elapsed = (now.get() - since.get()).max(0) as u64;
        state.with(|s| match s {
            ConnState::Connecting { .. } | ConnState::Reconnecting { .. } if offline => {
                t_string!(i18n, no_network).to_string()
            }
            s => crate::words::connection(i18n.get_locale(), s, elapsed),
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
        // A cashier whose order waits should not sit out the backoff once the broker is back.
        {move || state.with(|s| matches!(s, ConnState::Reconnecting { .. })).then(|| view! {
            <button type="button" class="secondary try-now" data-testid="try-now"
                on:click=move |_| control.retry_now()>{t!(i18n, try_now)}</button>
        })}
        {move || status.subscription.get().and_then(Result::err).map(|(filter, reason)| {
            let text = move || {
                let locale = i18n.get_locale();
                td_string!(locale, subscription_refused, filter = &filter,
                    reason = crate::words::reason(locale, &reason)).to_string()
            };
            view! { <p class="error" data-testid="subscription-error">{text}</p> }
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
    let settings = control;
    let i18n = use_i18n();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        control.mark_connected_by_hand();
        on_connect.run(());
    };
    view! {
        <form class="conn-form" on:submit=on_submit aria-label=move || t_string!(i18n, connection_settings)>
            <BrokerSettings settings/>
            <SignInSettings settings client_id=control.tab_client_id()/>
            <SessionSettings settings/>
            <div class="conn-buttons">
                <button type="submit" data-testid="connect">{t!(i18n, connect)}</button>
                <button type="button" data-testid="disconnect" on:click=move |_| on_disconnect.run(())>
                    {t!(i18n, disconnect)}
                </button>
            </div>
        </form>
    }
}

/// An input or change handler that writes the field's text into the settings with `f`.
fn edit(
    settings: ConnectionControl,
    f: fn(&mut BoardSettings, String),
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |ev| {
        let value = event_target_value(&ev);
        settings.edit(|s| f(s, value));
    }
}

/// Where to connect: the broker (or a cluster's nodes), the topic, the MQTT version and the QoS.
#[component]
fn BrokerSettings(settings: ConnectionControl) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend>{t!(i18n, broker)}</legend>
            <label class="stacked broker-list">
                {t!(i18n, broker_url)}
                <textarea
                    name="broker"
                    rows="3"
                    data-testid="broker-url"
                    spellcheck="false"
                    translate="no"
                    placeholder="ws://host:9001"
                    prop:value=move || settings.draft().with(|s| s.broker.clone())
                    on:input=edit(settings, |s, v| s.broker = v)
                ></textarea>
            </label>
            <SettingField label=move || t!(i18n, topic) kind="text" name="topic" testid="topic" spellcheck="false" settings
                get=|s| s.topic.clone() set=|s, v| s.topic = v/>
            <label>
                {t!(i18n, mqtt_version)}
                <select
                    data-testid="mqtt-version"
                    prop:value=move || settings.draft().with(|s| s.mqtt_version.as_str())
                    on:change=edit(settings, |s, v| {
                        s.mqtt_version = MqttVersionSetting::parse(&v).unwrap_or_default()
                    })
                >
                    <option value="auto">{t!(i18n, mqtt_version_auto)}</option>
                    <option value="3.1.1">"3.1.1"</option>
                    <option value="5">"5"</option>
                </select>
            </label>
            <label>
                {t!(i18n, qos_publishing)}
                <select
                    data-testid="qos"
                    prop:value=move || settings.draft().with(|s| s.qos.to_string())
                    on:change=edit(settings, |s, v| s.qos = parse_qos(&v).unwrap_or(1))
                >
                    <option value="0">{t!(i18n, qos_0)}</option>
                    <option value="1">{t!(i18n, qos_1)}</option>
                    <option value="2">{t!(i18n, qos_2)}</option>
                </select>
            </label>
        </fieldset>
    }
}

/// Who connects: the client id (this tab's own as the hint), username, password and whether to keep it.
#[component]
fn SignInSettings(settings: ConnectionControl, client_id: ReadSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend>{t!(i18n, sign_in)}</legend>
            <SettingField label=move || t!(i18n, client_id) kind="text" name="client-id" testid="client-id" spellcheck="false"
                placeholder=client_id settings
                get=|s| s.client_id.clone().unwrap_or_default() set=|s, v| s.client_id = optional(v)/>
            <SettingField label=move || t!(i18n, username) kind="text" name="username" autocomplete="username" testid="username"
                settings get=|s| s.username.clone().unwrap_or_default() set=|s, v| s.username = optional(v)/>
            <SettingField label=move || t!(i18n, password) kind="password" name="password" autocomplete="current-password"
                testid="password" settings get=|s| s.password.clone().unwrap_or_default()
                set=|s, v| s.password = (!v.is_empty()).then_some(v)/>
            <SettingCheck testid="remember-password" text=move || t!(i18n, remember_password) settings
                get=|s| s.remember_password set=|s, on| s.remember_password = on/>
        </fieldset>
    }
}

/// How the session behaves: kept while away, announced with a last will, and its keepalive.
#[component]
fn SessionSettings(settings: ConnectionControl) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset>
            <legend>{t!(i18n, session)}</legend>
            <SettingCheck testid="persistent-session"
                text=move || t!(i18n, keep_session) settings
                get=|s| s.persistent_session set=|s, on| s.persistent_session = on/>
            <SettingCheck testid="announce-presence" text=move || t!(i18n, announce_presence)
                settings get=|s| s.announce_presence set=|s, on| s.announce_presence = on/>
            <label>
                {t!(i18n, keepalive)}
                <input
                    type="number"
                    min="5"
                    max="3600"
                    class="narrow"
                    data-testid="keepalive"
                    prop:value=move || settings.draft().with(|s| s.keepalive_secs.to_string())
                    on:change=edit(settings, |s, v| {
                        if let Some(k) = parse_keepalive(&v) {
                            s.keepalive_secs = k;
                        }
                    })
                />
            </label>
        </fieldset>
    }
}

/// One text setting: its label, then an input that shows and edits one field of the settings.
#[component]
fn SettingField(
    #[prop(into)] label: ViewFn,
    /// The input's `type`: text or password.
    kind: &'static str,
    name: &'static str,
    testid: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] spellcheck: Option<&'static str>,
    #[prop(optional)] placeholder: Option<ReadSignal<String>>,
    settings: ConnectionControl,
    get: fn(&BoardSettings) -> String,
    set: fn(&mut BoardSettings, String),
) -> impl IntoView {
    view! {
        <label>
            {label.run()}
            <input
                type=kind
                name=name
                autocomplete=autocomplete
                data-testid=testid
                spellcheck=spellcheck
                translate="no"
                placeholder=placeholder
                prop:value=move || settings.draft().with(get)
                on:input=edit(settings, set)
            />
        </label>
    }
}

/// One on/off setting: a tick box that edits one field of the settings, then what it means.
#[component]
fn SettingCheck(
    testid: &'static str,
    #[prop(into)] text: ViewFn,
    settings: ConnectionControl,
    get: fn(&BoardSettings) -> bool,
    set: fn(&mut BoardSettings, bool),
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || settings.draft().with(get)
                // A tick is an edit like any other: start-up's config.json leaves changed fields alone
                // (`keep_edits`).
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    settings.edit(|s| set(s, on));
                }
            />
            {text.run()}
        </label>
    }
}

/// The top bar's connection: the pill, and the settings folded away.
#[component]
pub fn ConnectionPanel(
    #[prop(into)] on_connect: Callback<()>,
    #[prop(into)] on_disconnect: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="connection">
            <div class="conn-line">
                <ConnectionPill/>
            </div>
            <details class="conn-settings">
                <summary>{t!(i18n, connection_settings)}</summary>
                <ConnectionSettings on_connect=on_connect on_disconnect=on_disconnect/>
            </details>
        </div>
    }
}
