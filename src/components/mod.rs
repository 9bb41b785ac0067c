//! Thin Leptos views: each reads the context it needs and leaves logic to the domain.

pub mod alert;
pub mod board;
pub mod connection;
pub mod generator;
pub mod order_form;
pub mod publish;
pub mod shell_notice;
pub mod stats;
