//! The MQTT restaurant order board: a browser app that shows, places and generates orders over MQTT.

pub mod app;
pub mod client_id;
pub mod components;
pub mod config_file;
pub mod connect_plan;
pub mod counter;
pub mod devices;
pub mod domain;
pub mod history;
pub mod history_db;
pub mod i18n;
pub mod language;
pub mod locks;
pub mod mqtt;
pub mod outbox;
pub mod restaurant;
pub mod routing;
pub mod shell;
pub mod state;
pub mod storage;
pub mod store;
pub mod words;
