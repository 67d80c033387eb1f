//! The sandbox company's clock: "simulate the next week", so an admin
//! trying Roster sees hires, leavers, moves and bad records arrive, as a
//! real company's would.

use serde::Serialize;
use ts_rs::TS;

use super::connection::ensure_sandbox;
use super::{AppState, ErrorCode, Failure};
use crate::paths::Profile;

/// What advancing the sandbox company did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SandboxAdvanced {
    /// The sandbox's date now (YYYY-MM-DD).
    pub date: String,
    pub days: u32,
    /// Changes made in TriNet's data (hires, terminations, moves, ...).
    pub changes: u32,
}

/// Moves the sandbox company `days` (1 to 31) days forward.
pub async fn advance(state: &AppState, days: u32) -> Result<SandboxAdvanced, Failure> {
    if state.profile() != Profile::Sandbox {
        return Err(Failure::new(
            ErrorCode::InvalidInput,
            "Only the sandbox company can be moved forward in time. Try the sandbox company first.",
        ));
    }
    if !(1..=31).contains(&days) {
        return Err(Failure::new(
            ErrorCode::InvalidInput,
            "Move the sandbox forward by 1 to 31 days.",
        ));
    }
    ensure_sandbox(state).await?;
    let sandbox = {
        let slot = state.sandbox.lock().await;
        slot.as_ref().map(|h| h.sandbox.clone()).ok_or_else(|| {
            Failure::new(
                ErrorCode::SandboxFailed,
                "The sandbox company is not running. Try the sandbox company again.",
            )
        })?
    };
    let report = tokio::task::spawn_blocking(move || sandbox.advance(days))
        .await
        .map_err(|e| Failure::internal("move the sandbox forward", e))?
        .map_err(|e| Failure::internal("move the sandbox forward", e))?;
    Ok(SandboxAdvanced {
        date: report.date.format("%Y-%m-%d").to_string(),
        days,
        changes: report.changes.len() as u32,
    })
}
