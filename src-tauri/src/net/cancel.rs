//! A cancellation token for long fetches and pushes: the UI's Cancel button
//! flips it, and every in-flight request and backoff wait ends at once.

/// Cheap to clone; all clones see the same cancellation. Once cancelled it
/// stays cancelled, and `cancelled()` completes at once.
pub type CancelToken = tokio_util::sync::CancellationToken;

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn cancel_wakes_waiters_and_sticks() {
        let token = CancelToken::new();
        assert!(!token.is_cancelled());
        let waiter = tokio::spawn({
            let token = token.clone();
            async move { token.cancelled().await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        token.cancel();
        tokio::time::timeout(Duration::from_secs(1), waiter)
            .await
            .unwrap()
            .unwrap();
        assert!(token.is_cancelled());
        tokio::time::timeout(Duration::from_millis(100), token.cancelled())
            .await
            .unwrap();
    }
}
