//! The MQTT restaurant order board: a browser app that shows, places and generates orders over MQTT.

pub mod app;
pub mod components;
pub mod domain;
pub mod mqtt;
pub mod shell;
pub mod state;
