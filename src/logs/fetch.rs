//! FilterLogEvents, paged to the end for every target at once under one shared rate limit, merged
//! into one stream ordered by timestamp; and following without loss: every poll re-reads an
//! overlap window and drops what it already printed by event id, so an event ingested late —
//! older than the newest already printed — still appears, exactly once.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use tokio::sync::mpsc;

use super::seen::Seen;
use super::targets::LogTarget;
use crate::aws::{self, Failure};
use crate::error::{Error, Result, first_line};
use crate::interrupt;
use crate::output;
use crate::ratelimit::RateLimiter;
use crate::retry::{Backoff, Persist, Stop};

#[derive(Debug, Clone, Default)]
pub struct Query {
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub filter_pattern: Option<String>,
    pub stream_prefix: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// Index into the resolved targets.
    pub target: usize,
    pub timestamp: i64,
    pub ingestion_time: i64,
    pub stream: String,
    pub event_id: String,
    pub message: String,
    /// From a Live Tail update that was sampled (Live Tail keeps up to 500 events a second).
    pub sampled: bool,
}

pub struct Fetcher {
    pub client: Client,
    pub limiter: Arc<RateLimiter>,
    pub targets: Vec<LogTarget>,
    /// How each target's reads went so far: a group that does not exist (yet) or a failure
    /// belongs to its own target, never to the others.
    states: Mutex<Vec<TargetState>>,
    /// Whether a failure of one target ends the whole read (`logs tail`) or only that target's
    /// part of it (`top`, where each function has its own row).
    pub per_target_failures: bool,
    /// Name a target without a log group on stderr (off where the caller shows it itself).
    pub announce_missing: bool,
    /// Shown while the first read hears from every target (nothing can be printed before:
    /// the merge needs each target's first page); taken by that read.
    first_read_progress: Mutex<Option<indicatif::ProgressBar>>,
}

/// What reading one target came to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TargetState {
    #[default]
    Read,
    /// ResourceNotFoundException: a function never invoked has no log group (Lambda creates it
    /// on the first log line), nor does one whose role may not write logs.
    NoLogGroup,
    /// The target's own failure (first line of the error).
    Failed(String),
}

/// What a function without a log group looks like in every output.
pub const NO_LOG_GROUP: &str = "no log group yet: never invoked or no permission to log";

/// One target's stream of pages: `None` from the channel means done.
enum Page {
    Events(Vec<LogEvent>),
    NoLogGroup,
    Failed(Error),
}

type PageReceiver = mpsc::Receiver<Page>;

impl Fetcher {
    pub fn new(client: Client, limiter: Arc<RateLimiter>, targets: Vec<LogTarget>) -> Fetcher {
        let states = Mutex::new(vec![TargetState::Read; targets.len()]);
        Fetcher {
            client,
            limiter,
            targets,
            states,
            per_target_failures: false,
            announce_missing: true,
            first_read_progress: Mutex::new(None),
        }
    }

    /// A bar for the first read (hidden off a terminal, where `-v` logs the same progress).
    pub fn show_first_read(&self, progress: indicatif::ProgressBar) {
        *self.first_read_progress.lock().expect("progress") = Some(progress);
    }

    /// Each target's state after the reads so far, in target order.
    pub fn states(&self) -> Vec<TargetState> {
        self.states.lock().expect("target states").clone()
    }

    /// Records a target's state; true when it changed (so a note is printed once, not per poll).
    fn set_state(&self, target: usize, state: TargetState) -> bool {
        let mut states = self.states.lock().expect("target states");
        let changed = states[target] != state;
        states[target] = state;
        changed
    }

    fn spawn_pager(&self, target: usize, query: &Query) -> PageReceiver {
        let (sender, receiver) = mpsc::channel(2);
        let (client, limiter) = (self.client.clone(), self.limiter.clone());
        let group = self.targets[target].group.clone();
        let query = query.clone();
        tokio::spawn(async move {
            let mut token: Option<String> = None;
            let mut persist = Persist::new(
                format!("read log group {group}"),
                Backoff::new(Duration::from_millis(500), Duration::from_secs(10)),
            );
            loop {
                limiter.acquire().await;
                let request = client
                    .filter_log_events()
                    .log_group_name(&group)
                    .start_time(query.start_ms)
                    .set_end_time(query.end_ms)
                    .set_filter_pattern(query.filter_pattern.clone())
                    .set_log_stream_name_prefix(query.stream_prefix.clone())
                    .set_next_token(token.clone());
                // moto returns stream by stream unless asked; real AWS always interleaves.
                #[allow(deprecated)]
                let request = request.interleaved(true);
                let sent_at = tokio::time::Instant::now();
                let page = match request.send().await {
                    Ok(page) => page,
                    Err(err) => {
                        // FilterLogEvents throttling is not modelled: match the code.
                        let throttled = err.code() == Some("ThrottlingException");
                        let retryable = throttled || aws::classify(&err) == Failure::Transient;
                        if err.code() == Some("ResourceNotFoundException") {
                            let _ = sender.send(Page::NoLogGroup).await;
                            return;
                        }
                        let err = aws::error(format!("read log group {group}"), err);
                        if !retryable {
                            let _ = sender.send(Page::Failed(err)).await;
                            return;
                        }
                        let pause = Duration::from_millis(200);
                        if throttled {
                            // Slow every pager down, not only this one.
                            limiter.throttled(pause);
                        }
                        match persist.wait_for(&err.to_string(), sent_at.elapsed()).await {
                            Ok(()) => continue,
                            Err(Stop::Interrupted) => return,
                            Err(stop) => {
                                let _ = sender.send(Page::Failed(stop.into_error(err))).await;
                                return;
                            }
                        }
                    }
                };
                persist.succeeded();
                let events: Vec<LogEvent> = page
                    .events()
                    .iter()
                    .map(|e| LogEvent {
                        target,
                        timestamp: e.timestamp().unwrap_or_default(),
                        ingestion_time: e.ingestion_time().unwrap_or_default(),
                        stream: e.log_stream_name().unwrap_or_default().to_string(),
                        event_id: e.event_id().unwrap_or_default().to_string(),
                        message: e.message().unwrap_or_default().to_string(),
                        sampled: false,
                    })
                    .collect();
                // Pages can be empty while nextToken is still set: keep paging.
                if !events.is_empty() && sender.send(Page::Events(events)).await.is_err() {
                    return;
                }
                match page.next_token() {
                    Some(next) if token.as_deref() != Some(next) => token = Some(next.to_string()),
                    _ => return,
                }
            }
        });
        receiver
    }

    /// Every event of every target in the window, in timestamp order, handed to `sink` one by
    /// one; `sink` returns false to stop early (e.g. a closed pipe).
    pub async fn merged(
        &self,
        query: &Query,
        mut sink: impl FnMut(LogEvent) -> Result<bool>,
    ) -> Result<()> {
        let mut pagers: Vec<PageReceiver> = (0..self.targets.len())
            .map(|t| self.spawn_pager(t, query))
            .collect();
        let mut buffers: Vec<std::collections::VecDeque<LogEvent>> =
            vec![Default::default(); pagers.len()];
        let mut done = vec![false; pagers.len()];
        let progress = self.first_read_progress.lock().expect("progress").take();
        let mut heard = vec![false; pagers.len()];
        let mut heard_count = 0usize;
        // With per-target failures, the last one: the error of the whole read when every
        // target failed (a dead endpoint is the caller's exit code, not a row each).
        let mut failure = None;
        loop {
            if interrupt::requested() {
                return Err(Error::Interrupted);
            }
            for (i, pager) in pagers.iter_mut().enumerate() {
                if buffers[i].is_empty() && !done[i] {
                    let page = pager.recv().await;
                    if !heard[i] {
                        heard[i] = true;
                        heard_count += 1;
                        if let Some(bar) = &progress {
                            bar.inc(1);
                            if heard_count == heard.len() {
                                bar.finish_and_clear();
                            }
                        }
                        if heard_count.is_multiple_of(100) {
                            tracing::info!(
                                "first pages read from {heard_count} of {} log groups",
                                heard.len()
                            );
                        }
                    }
                    match page {
                        Some(Page::Events(events)) => {
                            self.set_state(i, TargetState::Read);
                            buffers[i].extend(events);
                        }
                        Some(Page::NoLogGroup) => {
                            done[i] = true;
                            self.no_log_group(i);
                        }
                        Some(Page::Failed(err)) if self.per_target_failures => {
                            done[i] = true;
                            self.set_state(i, TargetState::Failed(first_line(&err)));
                            failure = Some(err);
                        }
                        Some(Page::Failed(err)) => return Err(err),
                        None => {
                            done[i] = true;
                            self.set_state(i, TargetState::Read);
                        }
                    }
                }
            }
            let next = buffers
                .iter()
                .enumerate()
                .filter_map(|(i, b)| b.front().map(|e| (e.timestamp, i)))
                .min();
            let Some((_, i)) = next else {
                let all_failed = self
                    .states()
                    .iter()
                    .all(|s| matches!(s, TargetState::Failed(_)));
                return match failure {
                    Some(err) if all_failed => Err(err),
                    _ => Ok(()),
                };
            };
            let event = buffers[i].pop_front().expect("non-empty buffer");
            if !sink(event)? {
                return Ok(());
            }
        }
    }

    /// A target without a log group is named once on stderr (again only if it comes and goes);
    /// the other targets are read as usual.
    fn no_log_group(&self, target: usize) {
        if self.set_state(target, TargetState::NoLogGroup) && self.announce_missing {
            let LogTarget { label, group } = &self.targets[target];
            output::notice(format!("{label} ({group}): {NO_LOG_GROUP}"));
        }
    }

    /// Every event of the window not printed yet to `sink` (now counted as printed); false when
    /// the sink stopped.
    pub async fn unseen(
        &self,
        query: &Query,
        seen: &mut Seen,
        sink: &mut impl FnMut(LogEvent) -> Result<bool>,
    ) -> Result<bool> {
        let mut stopped = false;
        self.merged(query, |event| {
            if seen.first_time(&event) {
                stopped = !sink(event)?;
            }
            Ok(!stopped)
        })
        .await?;
        Ok(!stopped)
    }

    /// Polls every `interval` until Ctrl-C (or, with an end to the window, until a last poll
    /// after it), re-reading `overlap` before the newest event seen. `seen`: events already
    /// shown (by `-n`, or live before a fallback), never shown again.
    pub async fn follow(
        &self,
        query: &Query,
        mut seen: Seen,
        overlap: Duration,
        interval: Duration,
        mut sink: impl FnMut(LogEvent) -> Result<bool>,
    ) -> Result<()> {
        let overlap_ms = overlap.as_millis() as i64;
        loop {
            let last_poll = query
                .end_ms
                .is_some_and(|end| until_last_read(end).is_zero());
            let start_ms = seen.newest.map_or(query.start_ms, |newest| {
                (newest - overlap_ms).max(query.start_ms)
            });
            let window = Query {
                start_ms,
                ..query.clone()
            };
            let stopped = !self.unseen(&window, &mut seen, &mut sink).await?;
            if stopped || last_poll {
                return Ok(());
            }
            seen.forget_before(start_ms - overlap_ms);
            tokio::select! {
                () = tokio::time::sleep(pause_before_next_poll(query, interval)) => {}
                () = interrupt::wait() => return Err(Error::Interrupted),
            }
        }
    }
}

/// How long after the end of a followed window (`--until`) events stamped before it may still
/// arrive: the last read is made then.
const LATE_AFTER_END: Duration = Duration::from_secs(5);

pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// How long until the last read of a window that ends at `end_ms` (its end, and the time events
/// stamped before it may still take to arrive); zero once it is due.
pub fn until_last_read(end_ms: i64) -> Duration {
    let last_read = end_ms + LATE_AFTER_END.as_millis() as i64;
    Duration::from_millis(u64::try_from(last_read - now_ms()).unwrap_or(0))
}

/// `interval`, or less when the window's last read comes sooner.
fn pause_before_next_poll(query: &Query, interval: Duration) -> Duration {
    query
        .end_ms
        .map_or(interval, |end| interval.min(until_last_read(end)))
}
