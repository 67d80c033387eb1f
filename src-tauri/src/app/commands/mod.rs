//! Tauri commands, one file per feature. Each deserialises, calls one domain
//! or store function and maps the error.

pub mod app_info;
pub mod config;
pub mod connection;
pub mod directory;
pub mod history;
pub mod mapping;
pub mod review;
pub mod sandbox;
pub mod settings;
