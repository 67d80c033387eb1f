//! Provisioning's workflow between the rules and the wire: reading a
//! target's accounts and groups, the target's token (OS keyring, or the
//! environment on a headless server), applying a reviewed push with a
//! receipt per operation, and the reconciliation report. Reads and writes
//! no database: the operations layer stores what it returns.

mod apply;
mod report;

pub use apply::{apply, ApplyReport};
pub use report::report;

use crate::model::{TargetGroup, TargetUser};
use crate::net::CancelToken;
use crate::scim::{ScimClient, ScimError, TargetConfig};
use crate::vault::{self, Sensitive, VaultError};

/// The environment variable a headless server gives a target's token in.
pub const TOKEN_ENV: &str = "ROSTER_TARGET_TOKEN";

/// The keyring entry of a target's token: tied to its name and address,
/// so a token is only ever sent to the host it was entered for.
pub fn token_entry(name: &str, base_url: &str) -> String {
    format!(
        "scim-target-token:{}:{name}",
        base_url.trim_end_matches('/')
    )
}

/// Why a target cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error(
        "No token is stored for target \"{name}\". Enter it again (Targets, or `roster target \
         add scim --name {name} --url URL` with the token on standard input or in \
         {TOKEN_ENV})."
    )]
    NoToken { name: String },
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Scim(#[from] ScimError),
}

/// The token for a target: the keyring's, else `ROSTER_TARGET_TOKEN`.
pub fn token(name: &str, base_url: &str) -> Result<Sensitive<String>, TargetError> {
    let from_keyring = vault::get(&token_entry(name, base_url));
    match from_keyring {
        Ok(Some(token)) => Ok(token),
        Ok(None) | Err(VaultError::Unavailable { .. }) => std::env::var(TOKEN_ENV)
            .ok()
            .filter(|t| !t.trim().is_empty())
            .map(Sensitive::new)
            .ok_or_else(|| TargetError::NoToken { name: name.into() }),
        Err(e) => Err(e.into()),
    }
}

/// A client for a stored target, with its token.
pub fn client(name: &str, base_url: &str) -> Result<ScimClient, TargetError> {
    let token = token(name, base_url)?;
    Ok(ScimClient::new(TargetConfig::new(base_url), &token)?)
}

/// What a target holds now.
#[derive(Debug, Clone, Default)]
pub struct TargetSnapshot {
    pub users: Vec<TargetUser>,
    pub groups: Vec<TargetGroup>,
}

/// Reads every account and (when the target has groups) every group. A
/// failed read is an error, never an empty target.
pub async fn read_target(
    client: &ScimClient,
    with_groups: bool,
    cancel: &CancelToken,
) -> Result<TargetSnapshot, ScimError> {
    let users = client.users(cancel).await?;
    let groups = if with_groups {
        client.groups(cancel).await?
    } else {
        Vec::new()
    };
    Ok(TargetSnapshot { users, groups })
}
