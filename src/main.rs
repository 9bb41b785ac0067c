//! Starts the order board in the page, or the connection engine in its Web Worker (same wasm, no window).

fn main() {
    if web_sys::window().is_none() {
        order_board::mqtt::engine::run_worker();
        return;
    }
    leptos::mount::mount_to_body(|| {
        use leptos::prelude::*;
        use order_board::i18n::I18nContextProvider;
        view! { <I18nContextProvider><order_board::app::App/></I18nContextProvider> }
    });
}
