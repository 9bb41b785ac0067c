//! Where the connection runs, at the paths the rest of the app uses: the page's handle (src/mqtt/client.rs)
//! and the worker's start (src/mqtt/worker.rs).

pub use super::client::MqttClient;
pub use super::worker::run_worker;
