//! Backoff for retries made above the SDK's own: records a batch call accepted only in part
//! (Kinesis FailedRecordCount, DynamoDB UnprocessedItems) and calls that stayed throttled.

use std::time::Duration;

/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter").
#[derive(Debug, Clone)]
pub struct Backoff {
    attempt: u32,
    base: Duration,
    cap: Duration,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Backoff {
        Backoff {
            attempt: 0,
            base,
            cap,
        }
    }

    /// A random delay in [0, min(cap, base · 2^attempt)].
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(1u32 << self.attempt.min(20))
            .min(self.cap);
        self.attempt += 1;
        ceiling.mul_f64(fastrand::f64())
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(Duration::from_millis(50), Duration::from_secs(5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_under_a_growing_ceiling_and_the_cap() {
        let mut backoff = Backoff::new(Duration::from_millis(10), Duration::from_millis(100));
        let ceilings = [10, 20, 40, 80, 100, 100, 100];
        for ceiling in ceilings {
            assert!(backoff.next_delay() <= Duration::from_millis(ceiling));
        }
    }
}
