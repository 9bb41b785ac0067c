//! The MQTT restaurant order board: a browser app that shows, places and generates orders over MQTT.

pub mod app;
// The generated `pub mod i18n { Locale, I18nContextProvider, use_i18n, t!, ... }` (build.rs).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub mod client_id;
pub mod components;
pub mod config_file;
pub mod connect_plan;
pub mod devices;
pub mod domain;
pub mod language;
pub mod mqtt;
pub mod outbox;
pub mod restaurant;
pub mod routing;
pub mod shell;
pub mod state;
pub mod storage;
pub mod store;
pub mod words;
