//! Mounts the order board; everything else lives in the library.

fn main() {
    leptos::mount::mount_to_body(order_board::app::App);
}
