//! The client secret a headless server supplies in `ROSTER_CLIENT_SECRET`:
//! read once when Roster starts and removed from its environment, so no
//! process Roster starts (WebKit's helper processes, a browser, a
//! notification daemon) inherits it. The process keeps it as a
//! [`Sensitive`] value, zeroed when the process ends its use.

use std::sync::OnceLock;

use super::SECRET_ENV;
use crate::vault::Sensitive;

/// Invariant: once set, `ROSTER_CLIENT_SECRET` is no longer in the
/// environment (it was taken out when this was filled).
static FROM_ENV: OnceLock<Option<Sensitive<String>>> = OnceLock::new();

/// Reads the variable `name` and removes it from this process's
/// environment; `None` when it was not set (or not valid text, which is
/// removed all the same).
///
/// Changing the environment races with any other thread reading it, so the
/// binary calls this (through [`take_secret_from_env`]) as the first thing
/// in `main`, before any thread exists.
pub fn take_env(name: &str) -> Option<Sensitive<String>> {
    let value = std::env::var_os(name)?;
    std::env::remove_var(name);
    value.into_string().ok().map(Sensitive::new)
}

/// Moves `ROSTER_CLIENT_SECRET` from the environment into the process. The
/// binary calls it first thing; later calls (and [`secret_from_env`] before
/// any call, as in tests) do the same once.
pub fn take_secret_from_env() {
    FROM_ENV.get_or_init(|| take_env(SECRET_ENV));
}

/// The secret that came in `ROSTER_CLIENT_SECRET`, if any.
pub fn secret_from_env() -> Option<Sensitive<String>> {
    FROM_ENV.get_or_init(|| take_env(SECRET_ENV)).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_is_read_once_and_children_do_not_inherit_it() {
        let name = format!("ROSTER_TEST_SECRET_{}", std::process::id());
        std::env::set_var(&name, "s3cret-for-this-process-only");
        let taken = take_env(&name).expect("the value is read");
        assert_eq!(taken.expose(), "s3cret-for-this-process-only");
        assert!(
            std::env::var_os(&name).is_none(),
            "removed from the environment"
        );
        assert!(take_env(&name).is_none(), "read once");
        let child = std::process::Command::new("sh")
            .args(["-c", &format!("printf %s \"${{{name}-unset}}\"")])
            .output()
            .expect("sh runs");
        assert_eq!(String::from_utf8_lossy(&child.stdout), "unset");
    }
}
