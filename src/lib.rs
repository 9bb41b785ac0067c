//! The MQTT restaurant order board: a browser app that shows, places and generates orders over MQTT.

pub mod domain;
