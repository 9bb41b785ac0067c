//! The new-order alert: a short beep made in the page (no sound file) when orders arrive, off until asked.

use crate::devices::Alert;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AlertToggle() -> impl IntoView {
    let alert = expect_context::<Alert>();
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="secondary"
            data-testid="sound-toggle"
            aria-pressed=move || alert.is_on().to_string()
            on:click=move |_| alert.toggle()
        >
            {move || match alert.is_on() {
                true => td_string!(i18n.get_locale(), sound_on),
                false => td_string!(i18n.get_locale(), sound_off),
            }}
        </button>
    }
}
