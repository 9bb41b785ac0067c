//! The shell's notices: a new version waiting for "Reload", and since when the board has had no network.

use crate::domain::time::clock_text;
use crate::i18n::*;
use crate::mqtt::Delivery;
use crate::shell::ShellStatus;
use crate::state::Publisher;
use leptos::prelude::*;

#[component]
pub fn ShellNotice() -> impl IntoView {
    let shell = expect_context::<ShellStatus>();
    let publisher = use_context::<Publisher>();
    let i18n = use_i18n();
    let waiting = move || {
        publisher.map_or(0, |p| {
            p.records()
                .with(|o| o.iter().filter(|r| r.state == Delivery::Queued).count())
        })
    };
    let offline = move || {
        shell.offline_since.get().map(|since| {
            let offset = crate::state::local_offset_minutes(since);
            let locale = i18n.get_locale();
            let clock = clock_text(since, offset);
            match waiting() {
                0 => td_string!(locale, offline_banner, since = clock).to_string(),
                n => {
                    td_string!(locale, offline_banner_waiting, since = clock, count = n).to_string()
                }
            }
        })
    };
    view! {
        {move || shell.update_ready.get().then(|| view! {
            <p class="banner info" role="status" data-testid="update-ready">
                {t!(i18n, update_ready)}" "
                <button type="button" data-testid="update-reload" on:click=move |_| shell.apply_update()>
                    {t!(i18n, update_reload)}
                </button>
            </p>
        })}
        {move || offline().map(|text| view! {
            <p class="banner warn" role="status" data-testid="offline-banner">{text}</p>
        })}
        {move || shell.unavailable.get().map(|why| view! {
            <p class="notice subtle shell-unavailable" data-testid="offline-unavailable">
                {move || crate::words::shell_unavailable(i18n.get_locale(), &why)}
            </p>
        })}
    }
}

/// What the browser's storage could not keep, and what that means for the person at the screen. (The
/// same shape as the other banners: it costs the page no new rendering code.)
#[component]
pub fn StorageNotice() -> impl IntoView {
    let crate::state::StorageHealth(problem) = expect_context::<crate::state::StorageHealth>();
    let i18n = use_i18n();
    view! {
        {move || problem.get().map(|problem| view! {
            <p class="banner" role="alert" data-testid="storage-problem">{move || crate::words::storage(i18n.get_locale(), &problem)}</p>
        })}
    }
}

/// A language chosen here whose catalogue could not be fetched (offline before it was ever loaded, or a
/// host without `locales/`): said in the language the board goes on in.
#[component]
pub fn LanguageNotice() -> impl IntoView {
    let speech = expect_context::<crate::language::Speech>();
    let i18n = use_i18n();
    move || {
        speech.not_loaded().map(|(language, why)| {
            let current = speech.current().name;
            view! {
                <p class="banner warn" role="alert" data-testid="language-not-loaded">
                    {move || td_string!(i18n.get_locale(), language_not_loaded,
                        language = language.name, why = why, current = current)}
                </p>
            }
        })
    }
}
