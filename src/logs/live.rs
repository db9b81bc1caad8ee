//! `logs tail --follow` through CloudWatch Live Tail (StartLiveTail): new events pushed every
//! second over one streaming response per 10 log groups, spending none of the FilterLogEvents
//! quota that polling, `iops top` and dashboards share.
//!
//! Nothing printed twice, nothing lost: the sessions are opened first and buffer what arrives
//! while the `--since` window is read with FilterLogEvents; live events carry no event id, so
//! both are deduplicated by event id and, for live events, by how many identical events
//! (group, stream, timestamp, message) each source delivered (see `seen`). A session that ends (the 3-hour
//! limit, an early end, a dropped connection) is reopened after a short pause and the gap it
//! left is read back with FilterLogEvents. A sampled second (over 500 events/s) is said on
//! stderr, marked `sampled` in records, and with `--lossless` read back in full. Where Live Tail
//! is refused (too many sessions, no `logs:StartLiveTail`, an endpoint without it) the caller
//! falls back to polling.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use jiff::Timestamp;
use tokio::sync::mpsc;

use super::fetch::{Fetcher, LogEvent, Query, until_last_read};
use super::seen::Seen;
use crate::error::{Error, Result};
use crate::{interrupt, output};

/// StartLiveTail takes at most 10 log groups per session.
const GROUPS_PER_SESSION: usize = 10;
/// Before a session that ended is opened again.
const REOPEN_PAUSE: Duration = Duration::from_secs(1);
/// Printed events are remembered this long (by event time): a session reopened reads back
/// `--overlap` before it ended, and Live Tail pushes events ingested late.
const REMEMBER_MS: i64 = 10 * 60 * 1000;
/// Numbers each session read (0 stands for events read back, which have ids).
static NEXT_SESSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
/// Printed events are forgotten only once there are this many (cheap for short follows).
const FORGET_FROM: usize = 100_000;

#[derive(Debug, Clone, Copy)]
pub struct LiveOptions {
    pub overlap: Duration,
    pub lossless: bool,
}

/// How following live ended.
pub enum LiveEnd {
    /// The sink stopped (a closed pipe).
    Stopped,
    /// Live Tail cannot be used: why, and what was printed before.
    Fallback { reason: String, printed: Seen },
}

/// What a session task sends.
enum Message {
    Events {
        events: Vec<LogEvent>,
        sampled: bool,
        /// The session that pushed them (none for events read back, which have ids).
        session: u64,
    },
    Fallback(String),
}

/// Follows `fetcher`'s targets live until Ctrl-C (an error), the sink stops, the window's end
/// (`--until`) has passed, or Live Tail turns out not to be usable. `printed`: what was printed
/// before (by `-n`), never printed again.
pub async fn follow(
    fetcher: &Fetcher,
    query: &Query,
    options: LiveOptions,
    mut printed: Seen,
    mut sink: impl FnMut(LogEvent) -> Result<bool>,
) -> Result<LiveEnd> {
    let arns = match group_arns(fetcher).await {
        Ok(arns) => arns,
        Err(reason) => {
            return Ok(LiveEnd::Fallback { reason, printed });
        }
    };
    let (sender, mut receiver) = mpsc::unbounded_channel();
    // Every session must start before the window is read, so that nothing falls between them.
    let chunks: Vec<Vec<(usize, String)>> = arns
        .chunks(GROUPS_PER_SESSION)
        .map(<[(usize, String)]>::to_vec)
        .collect();
    let mut sessions = Vec::new();
    for chunk in chunks {
        let session = Session {
            client: fetcher.client.clone(),
            fetcher: sub_fetcher(fetcher, &chunk),
            groups: chunk,
            filter_pattern: query.filter_pattern.clone(),
            options,
            sender: sender.clone(),
        };
        match session.open().await {
            Ok(stream) => sessions.push(tokio::spawn(session.run(stream))),
            Err(reason) => {
                sessions.iter().for_each(tokio::task::JoinHandle::abort);
                return Ok(LiveEnd::Fallback { reason, printed });
            }
        }
    }
    drop(sender);
    let _abort_on_return = AbortAll(sessions);

    if !fetcher.unseen(query, &mut printed, &mut sink).await? {
        return Ok(LiveEnd::Stopped);
    }
    let mut sampled_seconds = 0u64;
    loop {
        let message = tokio::select! {
            message = receiver.recv() => message,
            () = interrupt::wait() => {
                say_sampled(sampled_seconds, options.lossless);
                return Err(Error::Interrupted);
            }
            () = end_passed(query.end_ms) => {
                // What was stamped before the end but arrived late, read once more.
                let overlap = options.overlap.as_millis() as i64;
                let tail = Query {
                    start_ms: query.end_ms.unwrap_or_default().saturating_sub(overlap).max(query.start_ms),
                    ..query.clone()
                };
                fetcher.unseen(&tail, &mut printed, &mut sink).await?;
                say_sampled(sampled_seconds, options.lossless);
                return Ok(LiveEnd::Stopped);
            }
        };
        match message {
            Some(Message::Events {
                events,
                sampled,
                session,
            }) => {
                if sampled {
                    sampled_seconds += 1;
                    if sampled_seconds == 1 {
                        output::notice(sampled_note(options.lossless));
                    }
                }
                for event in events {
                    // Live Tail can push events older than the window (ingested late): the
                    // window is what was asked for.
                    let outside = event.timestamp < query.start_ms
                        || query.end_ms.is_some_and(|end| event.timestamp > end);
                    if outside || !printed.first_time_in(&event, session) {
                        continue;
                    }
                    if !sink(event)? {
                        return Ok(LiveEnd::Stopped);
                    }
                }
                if printed.len() >= FORGET_FROM {
                    printed.forget_before(Timestamp::now().as_millisecond() - REMEMBER_MS);
                }
            }
            Some(Message::Fallback(reason)) => {
                say_sampled(sampled_seconds, options.lossless);
                return Ok(LiveEnd::Fallback { reason, printed });
            }
            None => {
                return Ok(LiveEnd::Fallback {
                    reason: "every Live Tail session ended".into(),
                    printed,
                });
            }
        }
    }
}

/// Returns once the window's last read is due (see `until_last_read`); never without an end.
async fn end_passed(end_ms: Option<i64>) {
    match end_ms {
        Some(end) => tokio::time::sleep(until_last_read(end)).await,
        None => std::future::pending().await,
    }
}

fn sampled_note(lossless: bool) -> String {
    if lossless {
        "Live Tail is sampling (over 500 events/s): each sampled second is read back with FilterLogEvents (--lossless)".into()
    } else {
        "Live Tail is sampling (over 500 events/s): some events of sampled seconds are not shown; pass --lossless to read them back".into()
    }
}

fn say_sampled(seconds: u64, lossless: bool) {
    if seconds > 0 {
        output::notice(format!(
            "Live Tail sampled {seconds} second{}{}",
            if seconds == 1 { "" } else { "s" },
            if lossless {
                ", each read back in full"
            } else {
                " (events marked \"sampled\" in json); --lossless reads them back"
            }
        ));
    }
}

/// Session tasks end with the follow.
struct AbortAll(Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortAll {
    fn drop(&mut self) {
        self.0.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

/// Each target's log group ARN (StartLiveTail takes ARNs), by DescribeLogGroups. Groups that do
/// not exist (yet) are left out: polling picks them up.
async fn group_arns(fetcher: &Fetcher) -> std::result::Result<Vec<(usize, String)>, String> {
    let mut arns = Vec::new();
    for (index, target) in fetcher.targets.iter().enumerate() {
        fetcher.limiter.acquire().await;
        let answer = fetcher
            .client
            .describe_log_groups()
            .log_group_name_prefix(&target.group)
            .send()
            .await
            .map_err(|e| {
                crate::error::first_line(&crate::aws::error("find the log groups' ARNs", e))
            })?;
        let arn = answer
            .log_groups()
            .iter()
            .find(|g| g.log_group_name() == Some(target.group.as_str()))
            .and_then(|g| {
                g.log_group_arn()
                    .map(str::to_string)
                    .or_else(|| g.arn().map(|a| a.trim_end_matches(":*").to_string()))
            });
        if let Some(arn) = arn {
            arns.push((index, arn));
        }
    }
    if arns.is_empty() {
        return Err("none of the log groups exists yet".into());
    }
    Ok(arns)
}

/// A fetcher over some targets, whose events are renumbered to the whole list's indexes.
fn sub_fetcher(fetcher: &Fetcher, groups: &[(usize, String)]) -> Fetcher {
    let mut sub = Fetcher::new(
        fetcher.client.clone(),
        fetcher.limiter.clone(),
        groups
            .iter()
            .map(|(index, _)| fetcher.targets[*index].clone())
            .collect(),
    );
    sub.announce_missing = false;
    sub
}

/// One StartLiveTail session over up to 10 groups, reopened whenever it ends.
struct Session {
    client: Client,
    fetcher: Fetcher,
    /// (index among all targets, ARN)
    groups: Vec<(usize, String)>,
    filter_pattern: Option<String>,
    options: LiveOptions,
    sender: mpsc::UnboundedSender<Message>,
}

type Stream = aws_sdk_cloudwatchlogs::operation::start_live_tail::StartLiveTailOutput;

impl Session {
    /// Opens the session; Err says why Live Tail cannot be used (the caller polls instead).
    async fn open(&self) -> std::result::Result<Stream, String> {
        let request = self
            .client
            .start_live_tail()
            .set_log_group_identifiers(Some(
                self.groups.iter().map(|(_, arn)| arn.clone()).collect(),
            ))
            .set_log_event_filter_pattern(self.filter_pattern.clone())
            // A refusal (too many sessions, no permission) is an answer, not a hiccup: polling
            // takes over at once instead of after the SDK's retries.
            .customize()
            .config_override(
                aws_sdk_cloudwatchlogs::config::Builder::default()
                    .retry_config(aws_config::retry::RetryConfig::disabled()),
            );
        request.send().await.map_err(|err| match err.code() {
            Some("LimitExceededException") => {
                "too many Live Tail sessions are open in this account (LimitExceededException)"
                    .to_string()
            }
            Some("AccessDeniedException") => {
                "logs:StartLiveTail is not allowed (AccessDeniedException)".to_string()
            }
            _ => crate::error::first_line(&crate::aws::error("start Live Tail", err)),
        })
    }

    async fn run(self, mut stream: Stream) {
        loop {
            let ended_at = self.read(&mut stream).await;
            tokio::time::sleep(REOPEN_PAUSE).await;
            stream = match self.open().await {
                Ok(stream) => stream,
                Err(reason) => {
                    let _ = self.sender.send(Message::Fallback(reason));
                    return;
                }
            };
            // Whatever was written while no session was open: read back, deduplicated.
            let overlap = self.options.overlap.as_millis() as i64;
            if !self.read_back(ended_at - overlap, None).await {
                return;
            }
        }
    }

    /// Reads the session until it ends; returns when (epoch ms) the last update came.
    async fn read(&self, stream: &mut Stream) -> i64 {
        let session = NEXT_SESSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let by_arn: HashMap<&str, usize> = self
            .groups
            .iter()
            .map(|(index, arn)| (arn.as_str(), *index))
            .collect();
        let mut last = Timestamp::now().as_millisecond();
        loop {
            match stream.response_stream.recv().await {
                Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                    last = Timestamp::now().as_millisecond();
                    let sampled = update.session_metadata().is_some_and(|m| m.sampled());
                    let events = update
                        .session_results()
                        .iter()
                        .filter_map(|e| {
                            let group = e.log_group_identifier()?.trim_end_matches(":*");
                            Some(LogEvent {
                                target: *by_arn.get(group)?,
                                timestamp: e.timestamp().unwrap_or_default(),
                                ingestion_time: e.ingestion_time().unwrap_or_default(),
                                stream: e.log_stream_name().unwrap_or_default().to_string(),
                                event_id: String::new(),
                                message: e.message().unwrap_or_default().to_string(),
                                sampled,
                            })
                        })
                        .collect();
                    if self
                        .sender
                        .send(Message::Events {
                            events,
                            sampled,
                            session,
                        })
                        .is_err()
                    {
                        return last;
                    }
                    if sampled
                        && self.options.lossless
                        && !self.read_back(last - 2000, Some(last)).await
                    {
                        return last;
                    }
                }
                Ok(Some(_)) => {}
                Ok(None) => return last,
                Err(err) => {
                    tracing::info!(error = %aws_smithy_types::error::display::DisplayErrorContext(&err), "Live Tail session ended");
                    return last;
                }
            }
        }
    }

    /// Every event of the groups from `start_ms` (to `end_ms`) by FilterLogEvents; false once the
    /// follow is over.
    async fn read_back(&self, start_ms: i64, end_ms: Option<i64>) -> bool {
        let query = Query {
            start_ms,
            end_ms,
            filter_pattern: self.filter_pattern.clone(),
            stream_prefix: None,
        };
        let mut events = Vec::new();
        let read = self
            .fetcher
            .merged(&query, |mut event| {
                event.target = self.groups[event.target].0;
                events.push(event);
                Ok(true)
            })
            .await;
        if let Err(err) = read {
            tracing::warn!("reading back what a Live Tail session missed: {err}");
        }
        self.sender
            .send(Message::Events {
                events,
                sampled: false,
                session: 0,
            })
            .is_ok()
    }
}
