//! Which events to generate next and when: a fixed count, or until `--duration` elapses, paced
//! to `--rate`, stopping early on Ctrl-C. Hands out index ranges so sinks batch naturally.

use std::ops::Range;
use std::time::{Duration, Instant};

use crate::interrupt;

#[derive(Debug)]
pub struct Schedule {
    total: Option<u64>,
    deadline: Option<Instant>,
    rate: Option<f64>,
    batch: u64,
    started: Instant,
    next: u64,
    interrupted: bool,
}

/// Longest sleep between Ctrl-C checks while waiting for the rate.
const TICK: Duration = Duration::from_millis(100);

impl Schedule {
    pub fn new(
        total: Option<u64>,
        duration: Option<Duration>,
        rate: Option<f64>,
        max_batch: u64,
    ) -> Schedule {
        let started = Instant::now();
        // At a low rate, small batches keep the pacing smooth (about 20 batches a second).
        let batch = rate.map_or(max_batch, |r| ((r / 20.0) as u64).clamp(1, max_batch));
        Schedule {
            total,
            deadline: duration.map(|d| started + d),
            rate,
            batch,
            started,
            next: 0,
            interrupted: false,
        }
    }

    /// Events handed out so far.
    /// True when events are due over time (a rate or a duration), not all at once.
    pub fn paced(&self) -> bool {
        self.rate.is_some() || self.deadline.is_some()
    }

    pub fn generated(&self) -> u64 {
        self.next
    }

    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The next range and the instant it is due; `None` when the schedule is complete.
    fn plan_next(&mut self) -> Option<(Range<u64>, Instant)> {
        if interrupt::requested() {
            self.interrupted = true;
            return None;
        }
        let remaining = self.total.map_or(u64::MAX, |t| t - self.next);
        if remaining == 0 {
            return None;
        }
        let due = self.rate.map_or(self.started, |r| {
            self.started + crate::timespec::period(self.next, r)
        });
        let now = Instant::now();
        if self.deadline.is_some_and(|d| now >= d || due >= d) {
            return None;
        }
        let range = self.next..self.next + self.batch.min(remaining);
        Some((range, due))
    }

    fn take(&mut self, range: Range<u64>) -> Range<u64> {
        self.next = range.end;
        range
    }

    /// The next range, sleeping the thread until it is due.
    pub fn next_blocking(&mut self) -> Option<Range<u64>> {
        let (range, due) = self.plan_next()?;
        while Instant::now() < due {
            if interrupt::requested() {
                self.interrupted = true;
                return None;
            }
            std::thread::sleep((due - Instant::now()).min(TICK));
        }
        Some(self.take(range))
    }

    /// The next range, awaiting until it is due.
    pub async fn next(&mut self) -> Option<Range<u64>> {
        let (range, due) = self.plan_next()?;
        if Instant::now() < due {
            tokio::select! {
                () = tokio::time::sleep_until(due.into()) => {}
                () = interrupt::wait() => {
                    self.interrupted = true;
                    return None;
                }
            }
        }
        Some(self.take(range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_count_is_split_into_batches() {
        let mut schedule = Schedule::new(Some(1200), None, None, 500);
        let ranges: Vec<_> = std::iter::from_fn(|| schedule.next_blocking()).collect();
        assert_eq!(ranges, vec![0..500, 500..1000, 1000..1200]);
        assert_eq!(schedule.generated(), 1200);
    }

    #[test]
    fn a_rate_paces_the_batches() {
        // 200 events/s in batches of 10: the 40th event is due after ~0.2 s.
        let mut schedule = Schedule::new(Some(40), None, Some(200.0), 500);
        let started = Instant::now();
        while schedule.next_blocking().is_some() {}
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_millis(140),
            "finished too early: {elapsed:?}"
        );
        assert_eq!(schedule.generated(), 40);
    }

    #[test]
    fn a_duration_stops_generation() {
        let mut schedule = Schedule::new(None, Some(Duration::from_millis(100)), Some(100.0), 500);
        while schedule.next_blocking().is_some() {}
        // ~10 events in 0.1 s at 100/s; never the unbounded count.
        assert!(
            (5..=15).contains(&schedule.generated()),
            "{}",
            schedule.generated()
        );
    }
}
