//! The shell's notices: a new version waiting for "Reload", and since when the board has had no network.

use crate::domain::time::clock_text;
use crate::mqtt::Delivery;
use crate::shell::ShellStatus;
use crate::state::Publisher;
use leptos::prelude::*;

#[component]
pub fn ShellNotice() -> impl IntoView {
    let shell = expect_context::<ShellStatus>();
    let publisher = use_context::<Publisher>();
    let waiting = move || {
        publisher.map_or(0, |p| {
            p.records()
                .with(|o| o.iter().filter(|r| r.state == Delivery::Queued).count())
        })
    };
    let offline = move || {
        shell.offline_since.get().map(|since| {
            let offset = -js_sys::Date::new(&(since as f64).into()).get_timezone_offset() as i64;
            let queued = match waiting() {
                0 => String::new(),
                1 => " (1 order waiting)".to_owned(),
                n => format!(" ({n} orders waiting)"),
            };
            format!(
                "No network since {} — this board shows what it last saw. Orders placed and tickets bumped \
                 now are kept here and go out by themselves when the network is back{queued}.",
                clock_text(since, offset)
            )
        })
    };
    view! {
        {move || shell.update_ready.get().then(|| view! {
            <p class="banner info" role="status" data-testid="update-ready">
                "A new version of the board is ready. "
                <button type="button" data-testid="update-reload" on:click=move |_| shell.apply_update()>
                    "Reload now"
                </button>
            </p>
        })}
        {move || offline().map(|text| view! {
            <p class="banner warn" role="status" data-testid="offline-banner">{text}</p>
        })}
        {move || shell.unavailable.get().map(|text| view! {
            <p class="notice subtle shell-unavailable" data-testid="offline-unavailable">{text}</p>
        })}
    }
}

/// What the browser's storage could not keep, and what that means for the person at the screen. (The
/// same shape as the other banners: it costs the page no new rendering code.)
#[component]
pub fn StorageNotice() -> impl IntoView {
    let crate::state::StorageHealth(problem) = expect_context::<crate::state::StorageHealth>();
    view! {
        {move || problem.get().map(|problem| view! {
            <p class="banner" role="alert" data-testid="storage-problem">{problem.words()}</p>
        })}
    }
}
