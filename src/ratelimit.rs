//! One token bucket shared by every task calling a rate-limited API (FilterLogEvents allows about
//! 5 requests per second per account and region), with a pause everyone honours after throttling.

use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled: Instant,
    paused_until: Option<Instant>,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: u32) -> RateLimiter {
        RateLimiter {
            per_second,
            burst: f64::from(burst.max(1)),
            state: Mutex::new(Bucket {
                tokens: f64::from(burst.max(1)),
                refilled: Instant::now(),
                paused_until: None,
            }),
        }
    }

    /// Waits for a token.
    pub async fn acquire(&self) {
        loop {
            let wait = self.try_take(Instant::now());
            match wait {
                None => return,
                Some(delay) => tokio::time::sleep(delay).await,
            }
        }
    }

    /// Takes a token if one is available now; otherwise says how long to wait.
    fn try_take(&self, now: Instant) -> Option<Duration> {
        let mut bucket = self.state.lock().expect("rate limiter lock");
        if let Some(until) = bucket.paused_until.filter(|until| *until > now) {
            return Some(until - now);
        }
        let elapsed = now.saturating_duration_since(bucket.refilled).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.refilled = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            None
        } else {
            Some(crate::timespec::period(1, self.per_second).mul_f64(1.0 - bucket.tokens))
        }
    }

    /// After a throttling answer: nobody calls for `pause`, and the bucket starts empty.
    pub fn throttled(&self, pause: Duration) {
        let mut bucket = self.state.lock().expect("rate limiter lock");
        bucket.paused_until = Some(Instant::now() + pause);
        bucket.tokens = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_steady_rate() {
        let limiter = RateLimiter::new(5.0, 2);
        let start = Instant::now();
        assert_eq!(limiter.try_take(start), None);
        assert_eq!(limiter.try_take(start), None);
        let wait = limiter.try_take(start).expect("bucket empty");
        assert!((wait.as_secs_f64() - 0.2).abs() < 0.01, "{wait:?}");
        assert_eq!(limiter.try_take(start + Duration::from_millis(201)), None);
    }

    #[test]
    fn throttling_pauses_everyone() {
        let limiter = RateLimiter::new(100.0, 10);
        limiter.throttled(Duration::from_secs(1));
        let now = Instant::now();
        let wait = limiter.try_take(now).expect("paused");
        // The pause itself, not a token refill (10 ms at 100/s): removing it fails this.
        assert!(wait > Duration::from_millis(900), "{wait:?}");
        assert_eq!(
            limiter.try_take(now + Duration::from_millis(1100)),
            None,
            "the bucket refills after the pause"
        );
    }
}
