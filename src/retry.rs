//! Retries made above the SDK's own: records a batch call accepted only in part (Kinesis
//! FailedRecordCount, DynamoDB UnprocessedItems), scan pages and log pages that stayed throttled.
//! Every such loop gives up after a bounded time (`--give-up-after`, default 30 s) and says on
//! stderr what it is waiting for once a wait has lasted a couple of seconds.

use std::sync::OnceLock;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};
use crate::interrupt;

/// How long a loop keeps retrying one failing call before giving up, unless `--give-up-after`.
pub const DEFAULT_GIVE_UP_AFTER: Duration = Duration::from_secs(30);

/// A wait longer than this is announced on stderr (a silent pause looks like a hang).
const ANNOUNCE_AFTER: Duration = Duration::from_secs(2);

static GIVE_UP_AFTER: OnceLock<Duration> = OnceLock::new();

/// Sets the process-wide give-up time (`--give-up-after` / `IOPS_GIVE_UP_AFTER`), once, at start.
pub fn set_give_up_after(limit: Duration) {
    let _ = GIVE_UP_AFTER.set(limit);
}

pub fn give_up_after() -> Duration {
    GIVE_UP_AFTER
        .get()
        .copied()
        .unwrap_or(DEFAULT_GIVE_UP_AFTER)
}

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

    /// The ceiling of the next delay: min(cap, base · 2^attempt).
    fn ceiling(&self) -> Duration {
        self.base
            .saturating_mul(1u32 << self.attempt.min(20))
            .min(self.cap)
    }

    /// A random delay in [ceiling/2, ceiling] ("equal jitter"): never zero, so a retry loop
    /// cannot spin, and still spread out across concurrent callers.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self.ceiling();
        self.attempt += 1;
        ceiling / 2 + (ceiling / 2).mul_f64(fastrand::f64())
    }

    /// After a success the next failure starts again from the base delay.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(Duration::from_millis(50), Duration::from_secs(5))
    }
}

/// Why a retry loop stopped waiting.
#[derive(Debug)]
pub enum Stop {
    /// Ctrl-C / SIGTERM: report what was done.
    Interrupted,
    /// Retried for longer than `--give-up-after`: the message names what and for how long.
    GaveUp(String),
}

impl Stop {
    /// The error a command returns when it stops: 130 on a signal; on giving up, a network error
    /// when the last failure was one (exit 4), else an AWS error (exit 3).
    pub fn into_error(self, last: Error) -> Error {
        match self {
            Stop::Interrupted => Error::Interrupted,
            Stop::GaveUp(message) => match last {
                Error::Network(reason) => Error::Network(format!("{reason}; {message}")),
                Error::Aws(mut failure) => {
                    failure.action = format!("{} ({message})", failure.action);
                    Error::Aws(failure)
                }
                other => Error::Failed(format!("{other}; {message}")),
            },
        }
    }
}

/// One call retried until it succeeds, for at most `give_up_after` of failures in a row.
#[derive(Debug)]
pub struct Persist {
    what: String,
    backoff: Backoff,
    limit: Duration,
    failing_since: Option<Instant>,
    announced: bool,
}

impl Persist {
    /// `what` names the call in the user's words: "scan table T", "PutRecords to stream S".
    pub fn new(what: impl Into<String>, backoff: Backoff) -> Persist {
        Persist::with_limit(what, backoff, give_up_after())
    }

    pub fn with_limit(what: impl Into<String>, backoff: Backoff, limit: Duration) -> Persist {
        Persist {
            what: what.into(),
            backoff,
            limit,
            failing_since: None,
            announced: false,
        }
    }

    /// The call succeeded: the next failure starts a fresh budget and a fresh backoff.
    pub fn succeeded(&mut self) {
        if self.announced {
            crate::output::notice(format!("{}: recovered", self.what));
        }
        self.failing_since = None;
        self.announced = false;
        self.backoff.reset();
    }

    /// The call failed with a retryable error: sleeps before the next attempt, or stops when the
    /// failures have lasted longer than the limit or the user interrupted.
    pub async fn wait(&mut self, reason: &str) -> Result<(), Stop> {
        self.wait_for(reason, Duration::ZERO).await
    }

    /// [`Persist::wait`] after a call that failed having taken `spent`: the failures began when
    /// it was sent, not when it gave up (a call that timed out after the whole limit leaves
    /// nothing to retry in).
    pub async fn wait_for(&mut self, reason: &str, spent: Duration) -> Result<(), Stop> {
        let since = *self.failing_since.get_or_insert_with(|| {
            Instant::now()
                .checked_sub(spent)
                .unwrap_or_else(Instant::now)
        });
        let failing_for = since.elapsed();
        if failing_for >= self.limit {
            return Err(Stop::GaveUp(format!(
                "gave up after {} of failures, --give-up-after {}",
                seconds(failing_for),
                seconds(self.limit)
            )));
        }
        let delay = self
            .backoff
            .next_delay()
            .min(self.limit.saturating_sub(failing_for) + Duration::from_millis(1));
        if !self.announced && failing_for + delay >= ANNOUNCE_AFTER {
            self.announced = true;
            let reason = reason.lines().next().unwrap_or_default();
            crate::output::notice(format!(
                "{}: retrying ({reason}); giving up after {} of failures",
                self.what,
                seconds(self.limit)
            ));
        }
        tokio::select! {
            () = tokio::time::sleep(delay) => Ok(()),
            () = interrupt::wait() => Err(Stop::Interrupted),
        }
    }
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 10.0 {
        format!("{secs:.1}s")
    } else {
        format!("{secs:.0}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_between_half_and_all_of_a_capped_ceiling() {
        let mut backoff = Backoff::new(Duration::from_millis(10), Duration::from_millis(100));
        for ceiling in [10, 20, 40, 80, 100, 100, 100] {
            let delay = backoff.next_delay();
            let ceiling = Duration::from_millis(ceiling);
            assert!(
                delay >= ceiling / 2 && delay <= ceiling,
                "{delay:?} vs {ceiling:?}"
            );
        }
    }

    #[test]
    fn a_reset_starts_again_from_the_base() {
        let mut backoff = Backoff::new(Duration::from_millis(10), Duration::from_secs(10));
        for _ in 0..8 {
            backoff.next_delay();
        }
        assert!(backoff.next_delay() >= Duration::from_millis(1280));
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(10));
    }

    #[tokio::test(start_paused = true)]
    async fn persisting_gives_up_after_the_limit_keeping_the_cause() {
        let backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        let mut persist = Persist::with_limit("scan table T", backoff, Duration::from_secs(5));
        let start = tokio::time::Instant::now();
        let mut waits = 0;
        let stop = loop {
            match persist.wait("HTTP 500").await {
                Ok(()) => waits += 1,
                Err(stop) => break stop,
            }
        };
        let Stop::GaveUp(message) = stop else {
            panic!("expected to give up")
        };
        assert!(message.starts_with("gave up after 5"), "{message}");
        let err = Stop::GaveUp(message).into_error(Error::Network("scan table T: refused".into()));
        assert_eq!(err.exit_code(), crate::error::ExitCode::Network);
        assert!(
            err.to_string()
                .starts_with("scan table T: refused; gave up after 5"),
            "{err}"
        );
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_secs(5) && elapsed < Duration::from_millis(5100),
            "{elapsed:?}"
        );
        assert!(waits >= 5, "{waits} waits");
    }

    #[tokio::test(start_paused = true)]
    async fn a_success_restores_the_whole_budget() {
        let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(1));
        let mut persist = Persist::with_limit("s", backoff, Duration::from_secs(3));
        for _ in 0..10 {
            persist.wait("x").await.unwrap();
            persist.wait("x").await.unwrap();
            persist.succeeded();
        }
        assert!(persist.failing_since.is_none());
    }
}
