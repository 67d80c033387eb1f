//! Which API base URLs may receive the client secret: `https://` anywhere,
//! plain `http://` only on this computer (the sandbox, a test server), and
//! never an address with a user name or password in it, which would end up
//! in status output and exported configurations.

use reqwest::Url;

use super::DEFAULT_BASE_URL;
use crate::net::is_loopback;

/// Why an API base URL is refused. Each message says what to type instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlProblem {
    #[error("The API base URL must be a web address such as {DEFAULT_BASE_URL}.")]
    NotWebAddress,
    #[error(
        "The API base URL must not contain a user name or password (the part before @). Remove \
         it: Roster sends the client secret only to TriNet's token endpoint, and an address is \
         shown in status output and exported configurations."
    )]
    HasUserInfo,
    #[error(
        "The API base URL must start with https://. Plain http:// would send the client secret \
         unencrypted, so it is allowed only for this computer (localhost, 127.0.0.1 or ::1)."
    )]
    PlainHttp,
}

/// Checks `url` (already trimmed) and returns it without a trailing slash.
/// Runs before any request: a refused URL is never contacted.
pub fn check_base_url(url: &str) -> Result<String, BaseUrlProblem> {
    let parsed = Url::parse(url).map_err(|_| BaseUrlProblem::NotWebAddress)?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(BaseUrlProblem::NotWebAddress);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(BaseUrlProblem::HasUserInfo);
    }
    if parsed.scheme() == "http" && !is_loopback(&parsed) {
        return Err(BaseUrlProblem::PlainHttp);
    }
    Ok(url.trim_end_matches('/').to_string())
}

/// `url` with any user name and password removed, for messages and logs.
pub(crate) fn without_user_info(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string().trim_end_matches('/').to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => url.chars().filter(|c| !c.is_control()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_on_this_computer_never_a_password() {
        for ok in [
            "https://api.trinet.com",
            "https://api.trinet.com/",
            "https://gateway.example.test:8443/trinet",
            "http://127.0.0.1:4010",
            "http://127.8.0.1",
            "http://localhost:9",
            "http://LOCALHOST",
            "http://[::1]:4010/",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            check_base_url("https://api.trinet.com/").unwrap(),
            "https://api.trinet.com"
        );
        for (bad, problem) in [
            ("http://api.trinet.com", BaseUrlProblem::PlainHttp),
            ("http://10.0.0.5:8080", BaseUrlProblem::PlainHttp),
            ("http://localhost.evil.test", BaseUrlProblem::PlainHttp),
            ("http://[::ffff:10.0.0.1]", BaseUrlProblem::PlainHttp),
            (
                "https://admin:hunter2@api.trinet.com",
                BaseUrlProblem::HasUserInfo,
            ),
            ("https://admin@api.trinet.com", BaseUrlProblem::HasUserInfo),
            ("http://u:p@127.0.0.1:9", BaseUrlProblem::HasUserInfo),
            ("ftp://api.trinet.com", BaseUrlProblem::NotWebAddress),
            ("api.trinet.com", BaseUrlProblem::NotWebAddress),
            ("https://", BaseUrlProblem::NotWebAddress),
        ] {
            assert_eq!(check_base_url(bad), Err(problem), "{bad}");
        }
        assert!(BaseUrlProblem::PlainHttp.to_string().contains("https://"));
        assert_eq!(
            without_user_info("https://admin:hunter2@api.trinet.com/"),
            "https://api.trinet.com"
        );
    }
}
