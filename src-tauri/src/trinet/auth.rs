//! Client-credentials auth: what Roster needs to ask for a token, how it
//! reads TriNet's (Apigee-style, numbers-as-strings) token body, and the
//! cache that decides when a token must be renewed. "Now" comes from a
//! [`Clock`] so renewal is testable without sleeping.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::wire::{lenient_u64, text};
use super::TriNetError;
use crate::vault::Sensitive;

/// The three values TriNet's Integration Center shows once. `Debug` is
/// safe: the secret prints as a placeholder.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub company_id: String,
    pub client_id: String,
    pub client_secret: Sensitive<String>,
}

impl Credentials {
    /// Trims the surrounding whitespace a copy from a web page tends to bring.
    pub fn new(company_id: &str, client_id: &str, client_secret: Sensitive<String>) -> Self {
        Self {
            company_id: company_id.trim().to_string(),
            client_id: client_id.trim().to_string(),
            client_secret: Sensitive::new(client_secret.expose().trim().to_string()),
        }
    }
}

/// Where the token cache gets "now" from. Monotonic, so a wall-clock change
/// cannot make a token look fresh.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// An access token as TriNet granted it.
#[derive(Debug, Clone)]
pub struct Token {
    pub access_token: Sensitive<String>,
    /// Lifetime from the moment it was asked for.
    pub expires_in: Duration,
    /// TriNet's own timestamp (epoch milliseconds); informational only,
    /// since the server's clock may differ from ours.
    pub issued_at_ms: Option<u64>,
    /// Scopes granted, from the space-separated `scope` field.
    pub scopes: Vec<String>,
}

/// Lifetime assumed when the body has no usable `expires_in` (TriNet
/// documents 3599 seconds).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3599);

/// The longest lifetime Roster believes: a server claiming more (`"1e20"`,
/// u64::MAX) gets this, so expiry arithmetic cannot overflow and a token is
/// renewed at least daily.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Seconds from `expires_in`. A whole number too large for u64 (`"1e20"`)
/// is just a very long lifetime, capped like any other; anything else that
/// is not a number of seconds is `None`.
fn lifetime_secs(raw: &Value) -> Option<u64> {
    lenient_u64(raw).or_else(|| {
        let f = match raw {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }?;
        (f.is_finite() && f >= 18_446_744_073_709_551_616.0).then_some(u64::MAX)
    })
}

/// Reads a token body. `expires_in` and `issued_at` may be JSON strings
/// (as documented) or numbers (as seen in the wild).
pub(crate) fn parse_token(endpoint: &str, body: &[u8]) -> Result<Token, TriNetError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| TriNetError::malformed(endpoint, super::wire::describe_json_error(&e)))?;
    let Value::Object(map) = &v else {
        return Err(TriNetError::malformed(
            endpoint,
            "the token answer is not a JSON object",
        ));
    };
    let access_token = match map.get("access_token") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => {
            return Err(TriNetError::malformed(
                endpoint,
                "the token answer has no access_token",
            ))
        }
    };
    let expires_in = match map.get("expires_in") {
        None | Some(Value::Null) => DEFAULT_LIFETIME,
        Some(raw) => match lifetime_secs(raw) {
            Some(secs) => Duration::from_secs(secs).min(MAX_LIFETIME),
            None => {
                return Err(TriNetError::malformed(
                    endpoint,
                    "expires_in is not a number of seconds",
                ))
            }
        },
    };
    let issued_at_ms = map.get("issued_at").and_then(lenient_u64);
    let scopes = text(map.get("scope"))
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    Ok(Token {
        access_token: Sensitive::new(access_token),
        expires_in,
        issued_at_ms,
        scopes,
    })
}

/// Holds the current token and when to stop using it.
#[derive(Debug)]
pub(crate) struct TokenCache {
    margin: Duration,
    current: Option<(Token, Instant)>,
}

impl TokenCache {
    /// `margin`: how long before expiry a token is renewed. Short-lived
    /// tokens get at most a quarter of their life as margin, so a 1-second
    /// token is still used for 0.75 s instead of never.
    pub(crate) fn new(margin: Duration) -> Self {
        Self {
            margin,
            current: None,
        }
    }

    /// The token if it may still be used at `now`.
    pub(crate) fn usable(&self, now: Instant) -> Option<&Token> {
        match &self.current {
            Some((token, renew_at)) if now < *renew_at => Some(token),
            _ => None,
        }
    }

    /// Keeps `token`, asked for at `requested_at` (the conservative start
    /// of its life).
    pub(crate) fn store(&mut self, token: Token, requested_at: Instant) {
        let margin = self.margin.min(token.expires_in / 4);
        // Past what Instant can hold: use the token for this one call only.
        let renew_at = requested_at
            .checked_add(token.expires_in.saturating_sub(margin))
            .unwrap_or(requested_at);
        self.current = Some((token, renew_at));
    }

    /// Forgets the token if it is still `access_token` (a concurrent caller
    /// may already have replaced it with a fresh one).
    pub(crate) fn invalidate(&mut self, access_token: &str) {
        if self
            .current
            .as_ref()
            .is_some_and(|(t, _)| t.access_token.expose() == access_token)
        {
            self.current = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EP: &str = "/oauth/accesstoken";

    #[test]
    fn reads_the_documented_body_with_string_numbers() {
        let body = br#"{"refresh_token_expires_in":"0","api_product_list":"[trinet-product]",
            "organization_name":"trinetapi","developer.email":"developer@example.com",
            "token_type":"BearerToken","issued_at":"1578602271626","client_id":"cid",
            "access_token":"abc123","application_name":"x","scope":"basic-read read",
            "expires_in":"3599","refresh_count":"0","status":"approved"}"#;
        let t = parse_token(EP, body).unwrap();
        assert_eq!(t.access_token.expose(), "abc123");
        assert_eq!(t.expires_in, Duration::from_secs(3599));
        assert_eq!(t.issued_at_ms, Some(1_578_602_271_626));
        assert_eq!(t.scopes, vec!["basic-read", "read"]);
    }

    #[test]
    fn reads_numbers_as_numbers_and_tolerates_missing_extras() {
        let t = parse_token(
            EP,
            br#"{"access_token":"t","expires_in":59,"issued_at":1578602271626.0}"#,
        )
        .unwrap();
        assert_eq!(t.expires_in, Duration::from_secs(59));
        assert_eq!(t.issued_at_ms, Some(1_578_602_271_626));
        assert!(t.scopes.is_empty());
        let t = parse_token(
            EP,
            br#"{"access_token":"t","expires_in":" 120 ","issued_at":null}"#,
        )
        .unwrap();
        assert_eq!(t.expires_in, Duration::from_secs(120));
        assert_eq!(t.issued_at_ms, None);
        let t = parse_token(EP, br#"{"access_token":"t"}"#).unwrap();
        assert_eq!(t.expires_in, DEFAULT_LIFETIME);
    }

    #[test]
    fn absurd_lifetimes_are_capped_not_overflowed() {
        for body in [
            &br#"{"access_token":"t","expires_in":"1e20"}"#[..],
            br#"{"access_token":"t","expires_in":"18446744073709551615"}"#,
            br#"{"access_token":"t","expires_in":1e300}"#,
        ] {
            let t = parse_token(EP, body).unwrap();
            assert_eq!(t.expires_in, MAX_LIFETIME);
            let mut cache = TokenCache::new(Duration::from_secs(60));
            let now = Instant::now();
            cache.store(t, now);
            assert!(cache.usable(now).is_some());
        }
        // Even a lifetime the parser never produces cannot panic the cache.
        let mut cache = TokenCache::new(Duration::from_secs(60));
        cache.store(token("huge", u64::MAX), Instant::now());
    }

    #[test]
    fn rejects_bodies_without_a_usable_token() {
        for body in [
            &b"<html>gateway</html>"[..],
            br#"[]"#,
            br#"{"expires_in":"3599"}"#,
            br#"{"access_token":"","expires_in":"3599"}"#,
            br#"{"access_token":"t","expires_in":"soon"}"#,
        ] {
            match parse_token(EP, body) {
                Err(TriNetError::MalformedResponse { endpoint, .. }) => assert_eq!(endpoint, EP),
                other => panic!("{} -> {other:?}", String::from_utf8_lossy(body)),
            }
        }
    }

    #[test]
    fn token_debug_hides_the_access_token() {
        let t = parse_token(EP, br#"{"access_token":"very-secret-token"}"#).unwrap();
        assert!(!format!("{t:?}").contains("very-secret-token"));
        let c = Credentials::new(" ABC ", " id ", Sensitive::new(" s3cret \n".into()));
        assert_eq!((c.company_id.as_str(), c.client_id.as_str()), ("ABC", "id"));
        assert_eq!(c.client_secret.expose(), "s3cret");
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    fn token(name: &str, secs: u64) -> Token {
        Token {
            access_token: Sensitive::new(name.into()),
            expires_in: Duration::from_secs(secs),
            issued_at_ms: None,
            scopes: vec![],
        }
    }

    #[test]
    fn cache_renews_a_margin_before_expiry() {
        let t0 = Instant::now();
        let mut cache = TokenCache::new(Duration::from_secs(60));
        assert!(cache.usable(t0).is_none());
        cache.store(token("a", 3600), t0);
        assert!(cache.usable(t0 + Duration::from_secs(3539)).is_some());
        assert!(
            cache.usable(t0 + Duration::from_secs(3540)).is_none(),
            "60 s margin"
        );
        // A 1-second token keeps a quarter-life margin, not 60 s.
        cache.store(token("b", 1), t0);
        assert!(cache.usable(t0 + Duration::from_millis(700)).is_some());
        assert!(cache.usable(t0 + Duration::from_millis(750)).is_none());
    }

    #[test]
    fn invalidate_only_drops_the_token_that_failed() {
        let t0 = Instant::now();
        let mut cache = TokenCache::new(Duration::from_secs(60));
        cache.store(token("new", 3600), t0);
        cache.invalidate("old");
        assert_eq!(cache.usable(t0).unwrap().access_token.expose(), "new");
        cache.invalidate("new");
        assert!(cache.usable(t0).is_none());
    }
}
