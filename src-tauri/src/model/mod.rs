//! Roster's vocabulary: the types the store keeps and the domain produces
//! (a planned change and its kinds, a directory person, an import and its
//! lines, the offline screens' rows), shared by every layer above. Types and
//! their text forms only: no SQL, no HTTP, no tauri, and nothing from the
//! rest of the crate.

pub mod history;
pub mod import;
pub mod plan;
pub mod provision;
pub mod text;

pub use history::*;
pub use import::*;
pub use plan::*;
pub use provision::*;
pub use text::*;
