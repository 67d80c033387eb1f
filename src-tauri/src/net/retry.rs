//! When to try a failed HTTP call again: which failures are transient,
//! and how long to wait (exponential backoff with jitter, never sooner than
//! a `Retry-After` asks). The random draw is a parameter; the client feeds
//! it from a seeded generator so runs are reproducible. A whole employee
//! fetch shares one [`RetryBudget`] that grows with its page count, so a
//! large company survives the same fault rate as a small one.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::rng::SplitMix;

/// Bounds on retrying one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries per request on its own (a token, org-details), the first
    /// included (at least 1).
    pub max_attempts: u32,
    /// Tries per employee page within a fetch, while the fetch's shared
    /// budget lasts.
    pub max_attempts_per_page: u32,
    /// Retries every page adds to its fetch's shared budget (which starts at
    /// `max_attempts - 1`).
    pub fetch_retries_per_page: u32,
    /// Wait before the first retry; doubles with every further retry.
    pub base_delay: Duration,
    /// Ceiling of the exponential wait.
    pub max_delay: Duration,
    /// Ceiling on a server-asked `Retry-After`, so a confused gateway cannot
    /// park a fetch for hours.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            max_attempts_per_page: 10,
            fetch_retries_per_page: 1,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Wait before retry number `retry` (1 = the first retry). `unit` is a
    /// uniform draw in [0, 1).
    ///
    /// Without `Retry-After`: "equal jitter", half the exponential step
    /// fixed and half random, so waits never collapse to zero. With it: the
    /// asked wait (capped) plus up to half a base delay, so workers that
    /// were throttled together do not all return in the same instant.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
        let unit = unit.clamp(0.0, 1.0);
        if let Some(asked) = retry_after {
            return asked.min(self.max_retry_after) + self.base_delay.mul_f64(0.5 * unit);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(20));
        let step = self.base_delay.saturating_mul(factor).min(self.max_delay);
        step / 2 + step.mul_f64(0.5 * unit)
    }
}

/// Retries one fetch may still spend, shared by all its page requests.
/// Every page started adds `fetch_retries_per_page`, so the budget is per
/// fetch and scales with its size: at a 30% fault rate a page needs about
/// 0.43 retries on average, far below one per page.
#[derive(Debug)]
pub struct RetryBudget {
    left: AtomicU32,
    per_page: u32,
}

impl RetryBudget {
    pub fn for_fetch(policy: &RetryPolicy) -> Self {
        Self {
            left: AtomicU32::new(policy.max_attempts.max(1) - 1),
            per_page: policy.fetch_retries_per_page,
        }
    }

    /// A page request starts: its share joins the budget.
    pub fn add_page(&self) {
        let _ = self
            .left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_add(self.per_page))
            });
    }

    /// Spends one retry; `false` when none are left.
    pub fn take(&self) -> bool {
        self.left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok()
    }
}

/// HTTP statuses worth retrying: throttling and gateway/server hiccups.
pub fn is_transient(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` in seconds. The HTTP-date form is ignored (the backoff
/// schedule applies instead).
pub fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    let secs: f64 = value?.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// Seeded jitter draws shared by a client's concurrent requests. Not for
/// anything security-related.
#[derive(Debug)]
pub struct Jitter(Mutex<SplitMix>);

impl Jitter {
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new(SplitMix::new(seed)))
    }

    /// A uniform draw in [0, 1).
    pub fn next_unit(&self) -> f64 {
        let mut draws = self.0.lock().unwrap_or_else(|e| e.into_inner());
        draws.next_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_the_ceiling() {
        let p = RetryPolicy {
            max_attempts: 5,
            base_delay: ms(100),
            max_delay: ms(1000),
            max_retry_after: ms(5000),
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay(1, None, 0.0), ms(50));
        assert_eq!(p.delay(1, None, 1.0), ms(100));
        assert_eq!(p.delay(2, None, 0.0), ms(100));
        assert_eq!(p.delay(3, None, 0.5), ms(300));
        assert_eq!(p.delay(4, None, 0.0), ms(400));
        assert_eq!(
            p.delay(5, None, 0.0),
            ms(500),
            "capped at max_delay 1000 -> 500..1000"
        );
        assert_eq!(
            p.delay(60, None, 1.0),
            ms(1000),
            "no overflow on silly retry numbers"
        );
    }

    #[test]
    fn retry_after_is_honoured_never_shortened_and_capped() {
        let p = RetryPolicy {
            max_attempts: 5,
            base_delay: ms(100),
            max_delay: ms(1000),
            max_retry_after: ms(5000),
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay(1, Some(ms(2000)), 0.0), ms(2000));
        assert_eq!(p.delay(1, Some(ms(2000)), 1.0), ms(2050));
        assert!(p.delay(4, Some(ms(10)), 0.9) >= ms(10));
        assert_eq!(p.delay(1, Some(Duration::from_secs(3600)), 0.0), ms(5000));
    }

    #[test]
    fn retry_after_header_in_seconds() {
        assert_eq!(parse_retry_after(Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(Some(" 0.5 ")), Some(ms(500)));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(Some("-1")), None);
        assert_eq!(parse_retry_after(None), None);
    }

    #[test]
    fn a_fetch_budget_grows_with_its_pages_and_runs_out() {
        let policy = RetryPolicy {
            max_attempts: 3,
            fetch_retries_per_page: 2,
            ..RetryPolicy::default()
        };
        let budget = RetryBudget::for_fetch(&policy);
        assert!(budget.take() && budget.take(), "max_attempts - 1 to start");
        assert!(!budget.take());
        budget.add_page();
        assert!(budget.take() && budget.take());
        assert!(!budget.take(), "spent, and never below zero");
    }

    #[test]
    fn transient_statuses() {
        for s in [429, 500, 502, 503, 504] {
            assert!(is_transient(s), "{s}");
        }
        for s in [200, 400, 401, 403, 404, 405, 501] {
            assert!(!is_transient(s), "{s}");
        }
    }

    #[test]
    fn jitter_is_seeded_and_in_range() {
        let a = Jitter::new(7);
        let b = Jitter::new(7);
        let draws: Vec<f64> = (0..1000).map(|_| a.next_unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        assert_eq!(
            draws[..5],
            (0..5).map(|_| b.next_unit()).collect::<Vec<_>>()[..]
        );
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.4..0.6).contains(&mean), "{mean}");
    }
}
