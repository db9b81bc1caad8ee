//! One refresh: every CloudWatch series in one GetMetricData call, the connect handler's stored
//! lines, the disconnect handler's close codes and each function's last ERROR line — all at once.
//! A source that fails keeps its error for its panel; the others are still read.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;

use super::plan::Plan;
use crate::aws;
use crate::cloudwatch;
use crate::connections::{self, Tally};
use crate::context::Context;
use crate::error::{Error, Result, first_line};
use crate::logs;
use crate::logs::fetch::{LogEvent, Query, TargetState};
use crate::logs::platform::{self, Line};
use crate::logs::targets::LogTarget;

/// Sparklines keep at most this many periods, so a call stays under GetMetricData's 100,800
/// datapoints even with 500 series.
const MAX_BUCKETS: i64 = 180;

/// The time a refresh looks back over, cut into equal periods (whole minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub span: Duration,
    pub period_s: i64,
    pub buckets: usize,
    /// The end of a window in the past (`iops report --from … --to …`), epoch seconds; None:
    /// the window ends with the period holding now.
    pub fixed_end_s: Option<i64>,
}

impl Window {
    pub fn new(span: Duration) -> Window {
        let span_s = (span.as_secs() as i64).max(60);
        // One-minute periods up to 3 hours; longer windows widen the period, not the sparkline.
        let period_s = ((span_s + MAX_BUCKETS * 60 - 1) / (MAX_BUCKETS * 60)) * 60;
        let buckets = ((span_s + period_s - 1) / period_s) as usize;
        Window {
            span,
            period_s,
            buckets,
            fixed_end_s: None,
        }
    }

    /// Whole periods of `period_s` covering `[start_s, end_s)` — the start rounded back, the end
    /// forward, so nothing asked for is left out — ending with the period that holds now when
    /// `ends_now` (then `end_s` is now).
    pub fn covering(start_s: i64, end_s: i64, period_s: i64, ends_now: bool) -> Window {
        let start = start_s.div_euclid(period_s) * period_s;
        let end = if ends_now {
            (end_s.div_euclid(period_s) + 1) * period_s
        } else {
            (end_s + period_s - 1).div_euclid(period_s) * period_s
        };
        let buckets = ((end - start) / period_s).max(1) as usize;
        Window {
            span: Duration::from_secs(buckets as u64 * period_s as u64),
            period_s,
            buckets,
            fixed_end_s: (!ends_now).then_some(start + buckets as i64 * period_s),
        }
    }

    /// `[start, end)` in epoch seconds: whole periods, the last one holding `now` (or ending at
    /// the fixed end).
    pub fn bounds(&self, now_s: i64) -> (i64, i64) {
        let end = match self.fixed_end_s {
            Some(end) => end,
            None => (now_s.div_euclid(self.period_s) + 1) * self.period_s,
        };
        (end - self.buckets as i64 * self.period_s, end)
    }

    /// The period index of an epoch-millisecond time, when it falls in the window.
    pub fn period_of(&self, now_s: i64, at_ms: i64) -> Option<usize> {
        let (start, end) = self.bounds(now_s);
        let at = at_ms.div_euclid(1000);
        (start..end)
            .contains(&at)
            .then(|| ((at - start) / self.period_s) as usize)
    }

    /// Datapoints into one value per period, oldest first (none where CloudWatch had none).
    pub fn bucket(&self, start_s: i64, points: &[(i64, f64)]) -> Vec<Option<f64>> {
        let mut buckets = vec![None; self.buckets];
        for (at, value) in points {
            let index = (at - start_s).div_euclid(self.period_s);
            if let Some(slot) = usize::try_from(index).ok().and_then(|i| buckets.get_mut(i)) {
                *slot = Some(slot.map_or(*value, |v: f64| v + value));
            }
        }
        buckets
    }

    pub fn describe(&self) -> String {
        crate::timespec::format_duration(self.span)
    }

    /// Where the newest one-minute datapoint is looked for, `[start, end)` in epoch seconds, when
    /// the window's periods are wider than a minute (`None`: its newest period is that minute).
    /// At most the last 180 minutes of the window: the same datapoint budget as the window's own
    /// call.
    pub fn newest_minutes(&self, now_s: i64) -> Option<(i64, i64)> {
        if self.period_s <= 60 {
            return None;
        }
        let end = (now_s.div_euclid(60) + 1) * 60;
        let (window_start, _) = self.bounds(now_s);
        Some(((end - MAX_BUCKETS * 60).max(window_start), end))
    }
}

/// What one refresh read from CloudWatch, per metric of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsRead {
    /// One value per period of the window, oldest first.
    pub periods: Vec<Vec<Option<f64>>>,
    /// The newest one-minute datapoint of each metric, read on its own when the window's periods
    /// are wider than a minute; `None` when they are minutes (the newest period is that minute).
    pub newest_minute: Option<Vec<Option<f64>>>,
}

impl MetricsRead {
    /// The newest one-minute datapoint of metric `index`: "latest" has one meaning whatever the
    /// window, never the sum of a widened period.
    pub fn latest(&self, index: usize) -> Option<f64> {
        match &self.newest_minute {
            Some(newest) => newest[index],
            None => self.periods[index].iter().rev().find_map(|v| *v),
        }
    }
}

/// What one refresh read. Each source keeps its own error.
#[derive(Debug)]
pub struct Snapshot {
    pub taken_at: Timestamp,
    pub window: Window,
    pub metrics: Result<MetricsRead, String>,
    /// None until the connections table is first scanned (or when none is configured).
    pub connections: Option<Result<Tally, String>>,
    pub stores: Result<Logged<u64>, String>,
    pub close_codes: Result<Logged<CloseCodes>, String>,
    /// Per function of the plan, its newest ERROR line in the window.
    pub last_errors: Vec<LastError>,
    /// Per function of the plan, its error lines in the window (empty where unread).
    pub error_lines: Vec<ErrorLines>,
    /// AWS requests this refresh sent, per operation.
    pub requests: BTreeMap<String, u64>,
    /// The first failure, for `--once` to exit with when nothing could be read at all.
    pub first_error: Option<Error>,
    pub anything_read: bool,
}

/// Reads every source of the plan once; the connections table only when `scan` says so.
pub async fn gather(ctx: &Context, plan: &Plan, window: Window, scan: bool) -> Snapshot {
    let before = aws::requests_sent();
    let taken_at = match window.fixed_end_s {
        // A window in the past: what was newest then.
        Some(end) => Timestamp::from_second(end - 1).unwrap_or_else(|_| Timestamp::now()),
        None => Timestamp::now(),
    };
    let (start_s, end_s) = window.bounds(taken_at.as_second());
    let query = Query {
        start_ms: start_s * 1000,
        end_ms: window.fixed_end_s.map(|_| end_s * 1000 - 1),
        ..Query::default()
    };
    let (metrics, connections, stores, close_codes, last_errors) = tokio::join!(
        metrics(ctx, plan, window, taken_at.as_second()),
        async {
            match (&plan.connections_table, scan) {
                // A table its service says is not there has nothing to count; a count of now
                // says nothing of a window in the past.
                (Some(table), true)
                    if plan.missing(table).is_none() && window.fixed_end_s.is_none() =>
                {
                    Some(tally(ctx, table).await)
                }
                _ => None,
            }
        },
        stores(ctx, plan, &query),
        close_codes(ctx, plan, &query, window, taken_at.as_second()),
        last_errors(ctx, plan, &query, window, taken_at.as_second()),
    );
    // Only the sources the plan has count as read: on a dead endpoint nothing is.
    let mut outcome = Outcome::default();
    let metrics = outcome.keep_if(!plan.metrics.is_empty(), metrics);
    let connections = connections.map(|c| outcome.keep(c));
    let stores = outcome.keep_if(plan.connect.is_some(), stores);
    let close_codes = outcome.keep_if(plan.disconnect.is_some(), close_codes);
    let (last_errors, error_lines) = match outcome.keep_if(!plan.functions.is_empty(), last_errors)
    {
        Ok(found) => found.into_iter().unzip(),
        Err(message) => plan
            .functions
            .iter()
            .map(|_| (LastError::Failed(message.clone()), ErrorLines::default()))
            .unzip(),
    };
    Snapshot {
        taken_at,
        window,
        metrics,
        connections,
        stores,
        close_codes,
        last_errors,
        error_lines,
        requests: difference(&before, &aws::requests_sent()),
        first_error: outcome.first_error,
        anything_read: outcome.anything_read,
    }
}

/// A figure counted from handlers' log lines, and the handlers whose lines could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Logged<T> {
    pub value: T,
    /// `label (log group)` of each handler without a log group (never invoked, or not allowed
    /// to log): nothing of theirs was read, which is not the same as nothing logged.
    pub unread: Vec<String>,
    /// How many handlers were read (or tried).
    pub of: usize,
}

impl<T> Logged<T> {
    /// Every handler's lines were read.
    pub fn read(value: T, of: usize) -> Logged<T> {
        Logged {
            value,
            unread: Vec::new(),
            of,
        }
    }

    /// No handler's lines could be read: the value means nothing.
    pub fn read_none(&self) -> bool {
        self.of > 0 && self.unread.len() == self.of
    }
}

/// The targets without a log group, as `label (group)`.
fn unread(targets: &[LogTarget], states: &[TargetState]) -> Vec<String> {
    targets
        .iter()
        .zip(states)
        .filter(|(_, state)| **state == TargetState::NoLogGroup)
        .map(|(target, _)| format!("{} ({})", target.label, target.group))
        .collect()
}

/// A function's newest ERROR line, or why there is none: each function's own source only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastError {
    None,
    Line(String),
    /// Never invoked (or not allowed to log): no log group to read.
    NoLogGroup,
    Failed(String),
}

/// Whether anything was read, and the first failure.
#[derive(Default)]
struct Outcome {
    first_error: Option<Error>,
    anything_read: bool,
}

impl Outcome {
    fn keep_if<T>(&mut self, configured: bool, result: Result<T>) -> Result<T, String> {
        match (configured, result) {
            (true, result) => self.keep(result),
            (false, Ok(value)) => Ok(value),
            (false, Err(err)) => Err(first_line(&err)),
        }
    }

    /// The value, or the failure as its panel shows it (one line).
    fn keep<T>(&mut self, result: Result<T>) -> Result<T, String> {
        match result {
            Ok(value) => {
                self.anything_read = true;
                Ok(value)
            }
            Err(err) => {
                let message = first_line(&err);
                self.first_error.get_or_insert(err);
                Err(message)
            }
        }
    }
}

/// The window's periods in one GetMetricData call; when they are wider than a minute, the newest
/// minute in a second one, at the same time.
async fn metrics(ctx: &Context, plan: &Plan, window: Window, now_s: i64) -> Result<MetricsRead> {
    if plan.metrics.is_empty() {
        return Ok(MetricsRead {
            periods: Vec::new(),
            newest_minute: None,
        });
    }
    let series: Vec<_> = plan.metrics.iter().map(|m| m.series.clone()).collect();
    let client = aws::cloudwatch(ctx.sdk().await?);
    let (start_s, end_s) = window.bounds(now_s);
    let periods = cloudwatch::fetch(&client, &series, start_s, end_s, window.period_s as i32);
    let newest_minute = async {
        match window.newest_minutes(now_s) {
            Some((start, end)) => cloudwatch::fetch(&client, &series, start, end, 60)
                .await
                .map(|points| Some(points.iter().map(|p| cloudwatch::newest(p)).collect())),
            None => Ok(None),
        }
    };
    let (periods, newest_minute) = tokio::try_join!(periods, newest_minute)?;
    Ok(MetricsRead {
        periods: periods
            .iter()
            .map(|points| window.bucket(start_s, points))
            .collect(),
        newest_minute,
    })
}

async fn tally(ctx: &Context, table: &str) -> Result<Tally> {
    connections::tally(&aws::dynamodb(ctx.sdk().await?), table).await
}

/// Lines of the connect handler that say a connection was stored.
async fn stores(ctx: &Context, plan: &Plan, query: &Query) -> Result<Logged<u64>> {
    let targets = plan.targets_of("connect");
    if targets.is_empty() {
        return Ok(Logged::read(0, 0));
    }
    let query = Query {
        filter_pattern: Some(phrase(&plan.stored_pattern)),
        ..query.clone()
    };
    let read = logs::count(ctx, &targets, &query).await?;
    Ok(Logged {
        value: read.values.iter().sum(),
        unread: unread(&targets, &read.states),
        of: targets.len(),
    })
}

/// A CloudWatch filter pattern matching the text as one phrase.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', ""))
}

/// The close codes the disconnect handler logged in the window: in all, and per period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CloseCodes {
    pub totals: BTreeMap<u16, u64>,
    /// Per code, one count per period of the window, oldest first.
    pub periods: BTreeMap<u16, Vec<u64>>,
}

/// Close codes the disconnect handler logged (`disconnectStatusCode: 1005`).
async fn close_codes(
    ctx: &Context,
    plan: &Plan,
    query: &Query,
    window: Window,
    now_s: i64,
) -> Result<Logged<CloseCodes>> {
    let targets = plan.targets_of("disconnect");
    if targets.is_empty() {
        return Ok(Logged::read(CloseCodes::default(), 0));
    }
    let query = Query {
        filter_pattern: Some("disconnectStatusCode".into()),
        ..query.clone()
    };
    let mut codes = CloseCodes::default();
    let read = logs::each(ctx, &targets, &query, false, |event| {
        if let Line::CloseCode(code) = platform::classify(&event.message) {
            *codes.totals.entry(code).or_default() += 1;
            if let Some(period) = window.period_of(now_s, event.timestamp) {
                codes
                    .periods
                    .entry(code)
                    .or_insert_with(|| vec![0; window.buckets])[period] += 1;
            }
        }
    })
    .await?;
    Ok(Logged {
        value: codes,
        unread: unread(&targets, &read),
        of: targets.len(),
    })
}

/// A function's error lines in the window: how many per period, when the first came, and the
/// messages that repeat most.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorLines {
    pub periods: Vec<u64>,
    pub first_ms: Option<i64>,
    /// By the message with its numbers and ids masked (`boom <n>`).
    pub messages: BTreeMap<String, ErrorMessage>,
    /// Lines whose message was not kept once [`MAX_MESSAGES`] were.
    pub others: u64,
}

/// One error message, masked, and what it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorMessage {
    pub count: u64,
    /// The first line of the kind, exact.
    pub sample: String,
    /// The first request id among the lines of the kind.
    pub request_id: Option<String>,
    pub first_ms: i64,
    pub last_ms: i64,
}

/// Distinct error messages kept per function: a flood of unique lines stays bounded.
const MAX_MESSAGES: usize = 1000;
/// Characters of a message kept as its key.
const KEY_CHARS: usize = 300;

impl ErrorLines {
    fn add(&mut self, event: &LogEvent, period: Option<usize>, buckets: usize) {
        if self.periods.is_empty() {
            self.periods = vec![0; buckets];
        }
        if let Some(period) = period {
            self.periods[period] += 1;
        }
        self.first_ms = Some(
            self.first_ms
                .map_or(event.timestamp, |f| f.min(event.timestamp)),
        );
        let key = masked(&event.message);
        let known = self.messages.len();
        match self.messages.get_mut(&key) {
            Some(kind) => {
                kind.count += 1;
                kind.first_ms = kind.first_ms.min(event.timestamp);
                kind.last_ms = kind.last_ms.max(event.timestamp);
                if kind.request_id.is_none() {
                    kind.request_id = logs::structured::request_id_of(&event.message);
                }
            }
            None if known < MAX_MESSAGES => {
                self.messages.insert(
                    key,
                    ErrorMessage {
                        count: 1,
                        sample: event.message.clone(),
                        request_id: logs::structured::request_id_of(&event.message),
                        first_ms: event.timestamp,
                        last_ms: event.timestamp,
                    },
                );
            }
            None => self.others += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.periods.iter().sum()
    }
}

/// An error line as a kind: the message after a runtime's prefix (time, request id, level), or
/// a JSON line's message field, its ids (UUIDs, hex runs) and numbers masked, so `boom 1` and
/// `boom 2` — in text or JSON — count as one.
pub fn masked(message: &str) -> String {
    let json_message = logs::structured::json_body(message)
        .and_then(logs::structured::JsonMessage::parse)
        .and_then(|json| json.message().map(|m| m.into_owned()));
    let body = match &json_message {
        Some(text) => text.trim(),
        None => logs::structured::runtime_prefix(message)
            .map_or(message, |prefix| prefix.body)
            .trim(),
    };
    let mut out = String::with_capacity(body.len().min(KEY_CHARS));
    let mut chars = body.chars().peekable();
    let mut kept = 0;
    while let Some(c) = chars.next() {
        if kept >= KEY_CHARS {
            out.push('…');
            break;
        }
        if c.is_ascii_hexdigit()
            && (c.is_ascii_digit()
                || chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_hexdigit() || *n == '-'))
        {
            // A number, a UUID or a hex id: one mask for the whole run.
            let mut run = String::from(c);
            while let Some(&n) = chars.peek() {
                if n.is_ascii_hexdigit() || n == '-' || n == '.' {
                    run.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            if run.bytes().any(|b| b.is_ascii_digit()) {
                out.push_str(if run.len() >= 8 { "<id>" } else { "<n>" });
            } else {
                out.push_str(&run);
            }
        } else {
            out.push(c);
        }
        kept += 1;
    }
    out
}

async fn last_errors(
    ctx: &Context,
    plan: &Plan,
    query: &Query,
    window: Window,
    now_s: i64,
) -> Result<Vec<(LastError, ErrorLines)>> {
    if plan.functions.is_empty() {
        return Ok(Vec::new());
    }
    let targets: Vec<LogTarget> = plan.functions.iter().map(|f| f.target()).collect();
    let query = Query {
        filter_pattern: Some(logs::ERROR_PATTERN.into()),
        ..query.clone()
    };
    // The filter pattern keeps the traffic small; the lines are still classified here, the way
    // `logs stats` counts errors, so a service that ignores the pattern cannot mislead.
    let mut newest: Vec<Option<LogEvent>> = vec![None; targets.len()];
    let mut lines = vec![ErrorLines::default(); targets.len()];
    let states = logs::each(ctx, &targets, &query, true, |event| {
        if !matches!(
            platform::classify(&event.message),
            Line::Error | Line::TimedOut(_)
        ) {
            return;
        }
        let period = window.period_of(now_s, event.timestamp);
        lines[event.target].add(&event, period, window.buckets);
        let slot = &mut newest[event.target];
        if slot.as_ref().is_none_or(|n| n.timestamp <= event.timestamp) {
            *slot = Some(event);
        }
    })
    .await?;
    Ok(newest
        .into_iter()
        .zip(states)
        .zip(lines)
        .map(|((newest, state), lines)| {
            let last = match state {
                TargetState::NoLogGroup => LastError::NoLogGroup,
                TargetState::Failed(message) => LastError::Failed(message),
                TargetState::Read => {
                    newest.map_or(LastError::None, |event| LastError::Line(event.message))
                }
            };
            (last, lines)
        })
        .collect())
}

/// The function's newest log lines (the `l` key): the last `keep` of the last five minutes.
pub async fn recent_lines(ctx: &Context, target: LogTarget, keep: usize) -> Result<Vec<String>> {
    let query = Query {
        start_ms: Timestamp::now().as_millisecond() - 5 * 60 * 1000,
        ..Query::default()
    };
    let mut read = logs::newest(ctx, &[target], &query, keep, |_| true).await?;
    if let Some(TargetState::Failed(message)) = read.states.first() {
        return Err(Error::Failed(message.clone()));
    }
    if read.states.first() == Some(&TargetState::NoLogGroup) {
        return Ok(vec![logs::fetch::NO_LOG_GROUP.to_string()]);
    }
    Ok(read
        .values
        .pop()
        .unwrap_or_default()
        .into_iter()
        .map(|event| {
            let at = Timestamp::from_millisecond(event.timestamp)
                .map(|t| t.strftime("%H:%M:%S").to_string())
                .unwrap_or_default();
            format!("{at} {}", event.message)
        })
        .collect())
}

pub fn difference(
    before: &BTreeMap<String, u64>,
    after: &BTreeMap<String, u64>,
) -> BTreeMap<String, u64> {
    after
        .iter()
        .map(|(op, n)| (op.clone(), n - before.get(op).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_whole_periods_ending_after_now() {
        let window = Window::new(Duration::from_secs(30 * 60));
        assert_eq!((window.period_s, window.buckets), (60, 30));
        assert_eq!(window.bounds(3_630), (1_860, 3_660));
        let long = Window::new(Duration::from_secs(24 * 3600));
        assert_eq!((long.period_s, long.buckets), (480, 180));
        let short = Window::new(Duration::from_secs(90));
        assert_eq!((short.period_s, short.buckets), (60, 2));
    }

    #[test]
    fn a_covering_window_rounds_its_start_back_and_its_end_forward() {
        // 11:50:10 to 11:51:05: the minutes 11:50 and 11:51.
        let window = Window::covering(42_610, 42_665, 60, false);
        assert_eq!((window.bounds(0), window.buckets), ((42_600, 42_720), 2));
        // Up to now (11:51:05): the minute holding now is the last.
        let now = Window::covering(42_610, 42_665, 60, true);
        assert_eq!(now.bounds(42_665), (42_600, 42_720));
        // Already whole minutes stay as they are.
        let whole = Window::covering(42_600, 42_720, 60, false);
        assert_eq!(whole.buckets, 2);
    }

    #[test]
    fn a_widened_window_reads_its_newest_minute_on_its_own() {
        assert_eq!(
            Window::new(Duration::from_secs(30 * 60)).newest_minutes(3_630),
            None
        );
        assert_eq!(
            Window::new(Duration::from_secs(3 * 3600)).newest_minutes(3_630),
            None
        );
        // 8-minute periods: the newest minute comes from the last 180 minutes, at 60 s.
        let day = Window::new(Duration::from_secs(24 * 3600));
        assert_eq!(
            day.newest_minutes(100_030),
            Some((100_080 - 180 * 60, 100_080))
        );
        // Never before the window's own start.
        let four_hours = Window::new(Duration::from_secs(4 * 3600));
        let (start, _) = four_hours.bounds(100_030);
        assert!(four_hours.newest_minutes(100_030).unwrap().0 >= start);
    }

    #[test]
    fn latest_is_the_newest_minute_not_the_newest_widened_period() {
        // The newest 8-minute period summed 28; its newest minute held 11.
        let widened = MetricsRead {
            periods: vec![vec![Some(5.0), Some(28.0), None]],
            newest_minute: Some(vec![Some(11.0)]),
        };
        assert_eq!(widened.latest(0), Some(11.0));
        let minutes = MetricsRead {
            periods: vec![vec![Some(5.0), Some(11.0), None]],
            newest_minute: None,
        };
        assert_eq!(minutes.latest(0), Some(11.0));
    }

    #[test]
    fn datapoints_land_in_their_period_and_outsiders_are_dropped() {
        let window = Window::new(Duration::from_secs(180));
        let buckets = window.bucket(
            600,
            &[(600, 1.0), (719, 2.0), (720, 4.0), (780, 9.0), (540, 7.0)],
        );
        assert_eq!(buckets, vec![Some(1.0), Some(2.0), Some(4.0)]);
    }

    #[test]
    fn error_kinds_mask_numbers_and_ids_in_text_and_json() {
        let text = "[ERROR]\t2026-12-07T02:10:00.000Z\t3c5e1b2a-1111-4222-8333-944455556666\tTimeout after 3000 ms";
        let json = r#"{"level":"ERROR","requestId":"9f1e0c2d-2222-4333-8444-a55566667777","message":"Timeout after 2999 ms"}"#;
        assert_eq!(masked(text), "Timeout after <n> ms");
        assert_eq!(masked(json), masked(text));
        assert_eq!(masked("user 4f3a9b2c1d0e not found"), "user <id> not found");
        // Words made of hex letters stay words.
        assert_eq!(masked("bad face: deadbeef"), "bad face: deadbeef");
        assert_eq!(
            crate::logs::structured::request_id_of(json).as_deref(),
            Some("9f1e0c2d-2222-4333-8444-a55566667777")
        );
        assert_eq!(
            crate::logs::structured::request_id_of(text).as_deref(),
            Some("3c5e1b2a-1111-4222-8333-944455556666")
        );
    }

    #[test]
    fn phrases_are_quoted_without_inner_quotes() {
        assert_eq!(phrase("Connection stored"), "\"Connection stored\"");
        assert_eq!(phrase("a\"b"), "\"ab\"");
    }
}
