//! Black-box tests of the built `roster` binary, one module per area.

mod cli;
mod connect;
mod headless;
mod installed;
mod mapping;
mod offline;
mod provision;
mod review;
mod sandbox_control;
mod sync;
mod trust;
mod window;
mod wizard;
