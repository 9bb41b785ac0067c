//! The new-order alert: a short beep made in the page (no sound file) when orders arrive, off until asked.

use crate::devices::Alert;
use leptos::prelude::*;

#[component]
pub fn AlertToggle() -> impl IntoView {
    let alert = expect_context::<Alert>();
    view! {
        <button
            type="button"
            class="secondary"
            data-testid="sound-toggle"
            aria-pressed=move || alert.is_on().to_string()
            on:click=move |_| alert.toggle()
        >
            {move || if alert.is_on() { "Sound on" } else { "Sound off" }}
        </button>
    }
}
