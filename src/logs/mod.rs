//! `iops logs`: tail, grep, count and summarise Lambda logs across many functions at once, and
//! follow them without ever dropping an event.

mod around;
pub mod fetch;
mod file;
mod groups;
mod insights;
pub mod live;
pub(crate) mod platform;
mod render;
pub mod stats;
pub mod structured;
pub mod targets;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use jiff::Timestamp;
use serde::Serialize;

use crate::args::Time;
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Format, Record};
use crate::ratelimit::RateLimiter;
use crate::timespec;
use around::Around;
use fetch::{Fetcher, LogEvent, Query, TargetState};
use render::{LineFilter, Printer, TextFormat};
use stats::{CloseCodeRecord, FunctionStats};
use targets::LogTarget;

#[derive(Debug, Args)]
pub struct LogsArgs {
    #[command(subcommand)]
    pub command: LogsCommand,
}

#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Print (or --follow) the log events of one or more functions or log groups, merged by time
    #[command(after_help = TARGET_HELP)]
    Tail(TailArgs),
    /// Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function
    #[command(after_help = TARGET_HELP)]
    Stats(StatsArgs),
    /// List log groups with stored bytes, retention and last event time
    Groups(GroupsArgs),
}

const TARGET_HELP: &str = "\
TARGET is a log group name or prefix (/aws/lambda/MyStack-), a Lambda function name (its custom
LoggingConfig.LogGroup or /aws/lambda/NAME), a glob over group and function names
('*ConnectFunction*'), or a role from iops.toml [functions] (connect, processor, …).

Times (--since, --until): a duration ago (90s, 10m, 1h30m, 2d), ISO 8601 (no zone = UTC), a date,
epoch seconds or milliseconds, or 'now'.

Exit codes like grep: 0 something matched, 1 nothing matched, 2 bad input, 3 AWS error, 4 network.";

#[derive(Debug, Args)]
pub struct WindowArgs {
    /// Start of the window [default: 10m ago]
    #[arg(long, value_name = "TIME", value_parser = Time::parse)]
    pub since: Option<Time>,

    /// End of the window [default: now]
    #[arg(long, value_name = "TIME", value_parser = Time::parse)]
    pub until: Option<Time>,

    /// Show times in the local time zone instead of UTC
    #[arg(long)]
    pub local: bool,

    /// CloudWatch filter pattern, applied by the service
    #[arg(long, value_name = "PATTERN")]
    pub filter_pattern: Option<String>,

    /// Only log streams whose name starts with PREFIX
    #[arg(long = "stream", value_name = "PREFIX")]
    pub stream_prefix: Option<String>,

    /// FilterLogEvents requests per second, shared by all targets (the account quota is about 5)
    #[arg(long, value_name = "N", default_value_t = 5.0, value_parser = parse_rps)]
    pub max_rps: f64,
}

#[derive(Debug, Args)]
pub struct TailArgs {
    /// Log groups, functions, globs or config roles
    #[arg(value_name = "TARGET", required_unless_present = "from_file")]
    pub targets: Vec<String>,

    /// Read events from a saved file (`-` for stdin) instead of CloudWatch: one message per line,
    /// or the ndjson records `logs tail -o ndjson` writes
    #[arg(long, value_name = "PATH", conflicts_with_all = ["targets", "follow"])]
    pub from_file: Option<PathBuf>,

    /// Only lines at LEVEL or more severe (trace, debug, info, warn, error, fatal), read from
    /// JSON logs or the runtimes' text layouts; lines without a level are left out
    #[arg(long, value_name = "LEVEL", value_parser = structured::parse_level)]
    pub level: Option<structured::Level>,

    /// A path into JSON messages, also after a runtime's `<time> <request id> LEVEL` prefix:
    /// dotted names (requestId, error.type, records.0.id), [N] for an array index, ["log.level"]
    /// for a key holding dots (error.["a.b"]); a repeated key has its last value. Shown as a
    /// column (text) or under `fields` (json, ndjson; a csv column); repeatable
    #[arg(long = "field", value_name = "PATH", value_parser = structured::parse_field_path)]
    pub fields: Vec<structured::FieldPath>,

    /// The last N matching events, however old (bounded by --since when given); then --follow
    #[arg(short = 'n', long = "lines", value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000), conflicts_with = "count")]
    pub lines: Option<u64>,

    /// With --grep: N events after each match, in its log stream
    #[arg(short = 'A', long, value_name = "N", requires = "grep")]
    pub after_context: Option<usize>,

    /// With --grep: N events before each match, in its log stream
    #[arg(short = 'B', long, value_name = "N", requires = "grep")]
    pub before_context: Option<usize>,

    /// With --grep: N events before and after each match, in its log stream
    #[arg(short = 'C', long, value_name = "N", requires = "grep")]
    pub context: Option<usize>,

    #[command(flatten)]
    pub window: WindowArgs,

    /// Only lines matching REGEX (repeatable: any may match)
    #[arg(long, value_name = "REGEX")]
    pub grep: Vec<String>,

    /// --grep ignores case
    #[arg(short = 'i', long)]
    pub ignore_case: bool,

    /// Only lines NOT matching --grep
    #[arg(long, requires = "grep")]
    pub invert: bool,

    /// All lines of one invocation
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,

    /// Shape of text lines
    #[arg(long, value_enum, default_value_t)]
    pub format: TextFormat,

    /// Print the number of matching events per target and in total, not the events
    #[arg(long, conflicts_with = "follow")]
    pub count: bool,

    /// Keep following new events until Ctrl-C: through CloudWatch Live Tail (pushed every second,
    /// no FilterLogEvents quota), or by polling where Live Tail is not available
    #[arg(short, long)]
    pub follow: bool,

    /// With --follow: poll FilterLogEvents instead of using Live Tail
    #[arg(long, requires = "follow")]
    pub poll: bool,

    /// With --follow: read every second Live Tail sampled (over 500 events/s) back in full
    #[arg(long, requires = "follow", conflicts_with = "poll")]
    pub lossless: bool,

    /// With --follow: re-read this much before the newest event on every poll
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = timespec::parse_duration)]
    pub overlap: Duration,

    /// With --follow: time between polls
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = timespec::parse_duration)]
    pub interval: Duration,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Log groups, functions, globs or config roles
    #[arg(value_name = "TARGET", required_unless_present = "from_file")]
    pub targets: Vec<String>,

    #[command(flatten)]
    pub window: WindowArgs,

    /// Buckets over time, e.g. 1m, 5m, 1h
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub by: Option<Duration>,

    /// Compute server-side with a Logs Insights query (long windows; at most 50 groups)
    #[arg(long, conflicts_with = "from_file")]
    pub insights: bool,

    /// Read log lines from a file (`-` for stdin) instead of CloudWatch (one message per line; offline)
    #[arg(long, value_name = "PATH", conflicts_with = "targets")]
    pub from_file: Vec<PathBuf>,

    /// Report only the disconnect close codes (a CSV holds one table: without this, the functions)
    #[arg(long, conflicts_with = "insights")]
    pub close_codes: bool,
}

#[derive(Debug, Args)]
pub struct GroupsArgs {
    /// Log group prefix or glob [default: all]
    #[arg(value_name = "PATTERN")]
    pub pattern: Option<String>,
}

fn parse_rps(text: &str) -> Result<f64, String> {
    timespec::parse_rate(text, "requests")
}

pub async fn run(ctx: &Context, args: LogsArgs) -> Result<()> {
    match args.command {
        LogsCommand::Tail(args) => tail(ctx, args).await,
        LogsCommand::Stats(args) => stats(ctx, args).await,
        LogsCommand::Groups(args) => groups::run(ctx, args.pattern.as_deref()).await,
    }
}

/// The window when `--since` is not given.
const DEFAULT_SINCE: &str = "10m";

fn window_query(window: &WindowArgs) -> Result<Query> {
    let default_since;
    let since = match &window.since {
        Some(since) => since,
        None => {
            default_since = Time::parse(DEFAULT_SINCE).map_err(Error::usage)?;
            &default_since
        }
    };
    let until = window.until.as_ref();
    if until.is_some_and(|u| u.at < since.at) {
        return Err(Error::usage("--until is before --since"));
    }
    Ok(Query {
        start_ms: since.as_millis(),
        end_ms: until.map(Time::as_millis),
        filter_pattern: window.filter_pattern.clone(),
        stream_prefix: window.stream_prefix.clone(),
    })
}

async fn fetcher(ctx: &Context, targets: Vec<LogTarget>, max_rps: f64) -> Result<Fetcher> {
    let client = aws::logs(ctx.sdk().await?);
    let limiter = Arc::new(RateLimiter::new(max_rps, max_rps.ceil() as u32));
    Ok(Fetcher::new(client, limiter, targets))
}

/// Groups at which reading takes long enough to show how far it got.
const MANY_GROUPS: usize = 20;

/// Many groups take a while under the FilterLogEvents quota before the first line can be
/// printed (events are merged by time): say how far the first read is, and how long it takes
/// at least.
fn show_first_read(ctx: &Context, fetcher: &Fetcher, max_rps: f64) {
    let groups = fetcher.targets.len();
    if groups < MANY_GROUPS {
        return;
    }
    let at_least_s = (groups as f64 / max_rps).ceil();
    tracing::info!(
        groups,
        "reading {groups} log groups at {max_rps} FilterLogEvents requests/s (the account's quota is about 5): at least {at_least_s} s before the first line"
    );
    let unit = format!("log groups read (FilterLogEvents at {max_rps}/s: ≥ {at_least_s} s)");
    fetcher.show_first_read(ctx.out.progress(Some(groups as u64), &unit));
}

/// CloudWatch filter pattern for the lines `logs stats` counts as errors or timeouts: a pre-filter
/// that must keep every line the level reader counts (`structured::level_of` at error or worse).
/// Terms are case-sensitive and match at the start of a word (`ERROR` matches `ERRORCODE`), so
/// each error word is here in its three cases, whole and as the prefix that also covers its
/// short form (`err`, `crit`, `emerg`); `50` and `60` are pino's and bunyan's error and fatal.
pub const ERROR_PATTERN: &str = "?ERROR ?Error ?error ?ERR ?Err ?err ?FATAL ?Fatal ?fatal ?CRITICAL ?Critical ?critical ?CRIT ?Crit ?crit ?FAIL ?Fail ?fail ?SEVERE ?Severe ?severe ?PANIC ?Panic ?panic ?DPANIC ?Dpanic ?dpanic ?EMERGENCY ?Emergency ?emergency ?EMERG ?Emerg ?emerg ?ALERT ?Alert ?alert ?50 ?60 ?\"Task timed out\"";

/// A read for another command (`doctor`, `top`): a missing log group is that target's state,
/// shown by the caller, never printed here. With `per_target_failures` a failure is too (unless
/// every target failed); without, it fails the whole read, as an aggregate must.
async fn quiet_fetcher(
    ctx: &Context,
    targets: &[LogTarget],
    per_target_failures: bool,
) -> Result<Fetcher> {
    let mut fetcher = fetcher(ctx, targets.to_vec(), 5.0).await?;
    fetcher.announce_missing = false;
    fetcher.per_target_failures = per_target_failures;
    Ok(fetcher)
}

/// Per target, in target order: what was read, and how the read went.
pub struct PerTarget<T> {
    pub values: Vec<T>,
    pub states: Vec<TargetState>,
}

/// `iops logs stats` for the window, one record per target (for `iops doctor`).
pub async fn summarize(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
) -> Result<PerTarget<stats::StatsRecord>> {
    let read = stats_of(ctx, targets, query).await?;
    Ok(PerTarget {
        values: targets
            .iter()
            .zip(read.values)
            .map(|(t, mut s)| s.record(&t.label, None))
            .collect(),
        states: read.states,
    })
}

/// The figures of each target's lines in the window (close codes included).
pub async fn stats_of(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
) -> Result<PerTarget<FunctionStats>> {
    let fetcher = quiet_fetcher(ctx, targets, false).await?;
    let mut values: Vec<FunctionStats> = targets.iter().map(|_| FunctionStats::default()).collect();
    fetcher
        .merged(query, |event| {
            values[event.target].add(platform::classify(&event.message));
            Ok(true)
        })
        .await?;
    Ok(PerTarget {
        values,
        states: fetcher.states(),
    })
}

/// The newest `keep` events of each target in the window that `accept` takes, oldest first.
pub async fn newest(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
    keep: usize,
    accept: impl Fn(&LogEvent) -> bool,
) -> Result<PerTarget<std::collections::VecDeque<LogEvent>>> {
    let fetcher = quiet_fetcher(ctx, targets, true).await?;
    let mut values = vec![std::collections::VecDeque::with_capacity(keep); targets.len()];
    fetcher
        .merged(query, |event| {
            if !accept(&event) {
                return Ok(true);
            }
            let lines = &mut values[event.target];
            if lines.len() == keep {
                lines.pop_front();
            }
            lines.push_back(event);
            Ok(true)
        })
        .await?;
    Ok(PerTarget {
        values,
        states: fetcher.states(),
    })
}

/// Events per target in the window (the query's filter pattern applied by the service).
pub async fn count(ctx: &Context, targets: &[LogTarget], query: &Query) -> Result<PerTarget<u64>> {
    let fetcher = quiet_fetcher(ctx, targets, false).await?;
    let mut values = vec![0u64; targets.len()];
    fetcher
        .merged(query, |event| {
            values[event.target] += 1;
            Ok(true)
        })
        .await?;
    Ok(PerTarget {
        values,
        states: fetcher.states(),
    })
}

#[derive(Debug, Serialize)]
struct CountRecord {
    function: String,
    group: String,
    events: u64,
}

impl Record for CountRecord {
    fn headers() -> &'static [&'static str] {
        &["function", "group", "events"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.function.clone(),
            self.group.clone(),
            self.events.to_string(),
        ]
    }
}

async fn tail(ctx: &Context, args: TailArgs) -> Result<()> {
    // Validate everything local before any AWS call.
    let mut query = window_query(&args.window)?;
    let mut filter =
        LineFilter::new(&args.grep, args.ignore_case, args.invert).map_err(Error::usage)?;
    if args
        .request_id
        .as_deref()
        .is_some_and(|id| id.trim().is_empty())
    {
        return Err(Error::usage(
            "--request-id is empty: pass an invocation's request id (the RequestId of its START/REPORT line)",
        ));
    }
    filter.request_id = args.request_id.clone();
    filter.stream_prefix = args.window.stream_prefix.clone();
    filter.min_level = args.level;
    if args.lines.is_some() && (context_of(&args) != (0, 0)) {
        return Err(Error::usage(
            "-n/--lines and -A/-B/-C cannot be used together: -n counts matching events, context shows the events around them",
        ));
    }
    if let Some(path) = &args.from_file {
        return tail_file(ctx, &args, path, &filter);
    }
    if let (Some(id), None) = (&args.request_id, &query.filter_pattern) {
        query.filter_pattern = Some(format!("\"{id}\""));
    }
    let targets = targets::resolve(ctx, &args.targets).await?;
    tracing::info!(groups = ?targets.iter().map(|t| &t.group).collect::<Vec<_>>(), "resolved targets");
    let fetcher = fetcher(ctx, targets.clone(), args.window.max_rps).await?;
    show_first_read(ctx, &fetcher, args.window.max_rps);

    if args.count {
        let mut counts = vec![0u64; targets.len()];
        fetcher
            .merged(&query, |event| {
                if filter.accepts(&event) {
                    counts[event.target] += 1;
                }
                Ok(true)
            })
            .await?;
        let total: u64 = counts.iter().sum();
        let mut records: Vec<CountRecord> = targets
            .iter()
            .zip(&counts)
            .map(|(t, n)| CountRecord {
                function: t.label.clone(),
                group: t.group.clone(),
                events: *n,
            })
            .collect();
        records.push(CountRecord {
            function: "total".into(),
            group: String::new(),
            events: total,
        });
        ctx.out.print(&records)?;
        return if total > 0 {
            Ok(())
        } else {
            Err(Error::NothingMatched)
        };
    }

    let mut printer = printer_for(ctx, &args, &filter, targets);
    let mut out = ctx.out.stdout();
    printer.begin(&mut out).map_err(Error::from_output)?;
    let mut shown = Shown::new(&filter, context_of(&args));
    let mut write = |event: fetch::LogEvent| -> Result<bool> {
        shown.offer(event, &mut printer, &mut out)?;
        if args.follow {
            out.flush().map_err(Error::from_output)?;
        }
        Ok(true)
    };
    let fetched = match args.lines {
        Some(lines) => {
            let explicit_since = args.window.since.is_some();
            match last_events(&fetcher, &query, lines, explicit_since, &filter).await {
                Ok(last) => {
                    let mut seen = live::Printed::default();
                    for event in &last {
                        seen.first_time(event);
                    }
                    let printed = last.into_iter().try_for_each(|e| write(e).map(|_| ()));
                    match (printed, args.follow) {
                        (Err(err), _) => Err(err),
                        (Ok(()), false) => Ok(()),
                        (Ok(()), true) => {
                            let from = Query {
                                start_ms: seen
                                    .newest
                                    .unwrap_or_else(|| Timestamp::now().as_millisecond()),
                                ..query.clone()
                            };
                            follow(ctx, &fetcher, &args, &from, seen, &mut write).await
                        }
                    }
                }
                Err(err) => Err(err),
            }
        }
        None if args.follow => {
            follow(
                ctx,
                &fetcher,
                &args,
                &query,
                live::Printed::default(),
                &mut write,
            )
            .await
        }
        None => fetcher.merged(&query, &mut write).await,
    };
    printer.end(&mut out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)?;
    fetched?;
    if shown.matched == 0 {
        Err(Error::NothingMatched)
    } else {
        Ok(())
    }
}

/// `--follow`: live through Live Tail unless `--poll` (or after `-n`, whose events are already
/// printed: the window is then only what comes next), else polling — also when Live Tail turns
/// out not to be usable, said on stderr once.
async fn follow(
    ctx: &Context,
    fetcher: &Fetcher,
    args: &TailArgs,
    query: &Query,
    printed: live::Printed,
    write: &mut impl FnMut(LogEvent) -> Result<bool>,
) -> Result<()> {
    let printed = if args.poll {
        printed
    } else {
        let options = live::LiveOptions {
            overlap: args.overlap,
            lossless: args.lossless,
        };
        let mut already = printed;
        let live_write = |event: LogEvent| {
            if already.first_time(&event) {
                write(event)
            } else {
                Ok(true)
            }
        };
        match live::follow(fetcher, query, options, live_write).await? {
            live::LiveEnd::Stopped => return Ok(()),
            live::LiveEnd::Fallback { reason, printed } => {
                ctx.out.status(format!(
                    "iops: following by polling FilterLogEvents every {}: {reason}",
                    timespec::format_duration(args.interval)
                ));
                printed
            }
        }
    };
    let overlap_ms = args.overlap.as_millis() as i64;
    let from = Query {
        start_ms: printed.newest.map_or(query.start_ms, |newest| {
            (newest - overlap_ms).max(query.start_ms)
        }),
        ..query.clone()
    };
    fetcher
        .follow(&from, &printed, args.overlap, args.interval, write)
        .await
}

/// `-A`/`-B`/`-C` as (before, after); `-C` gives both unless one is given on its own.
fn context_of(args: &TailArgs) -> (usize, usize) {
    let both = args.context.unwrap_or(0);
    (
        args.before_context.unwrap_or(both),
        args.after_context.unwrap_or(both),
    )
}

/// Text unless a record format is asked for; JSON messages laid out for people on a terminal.
fn printer_for(
    ctx: &Context,
    args: &TailArgs,
    filter: &LineFilter,
    targets: Vec<LogTarget>,
) -> Printer {
    let records = ctx.out.explicit_format.filter(|f| *f != Format::Table);
    let highlight = filter.pattern.clone().filter(|_| !args.invert);
    let mut printer = Printer::new(targets, args.format, records, args.window.local, highlight);
    printer.fields = args.fields.clone();
    printer.readable_json = std::io::IsTerminal::is_terminal(&std::io::stdout());
    printer
}

/// Which events are printed: the filter's, and with context the events around them.
struct Shown<'f> {
    filter: &'f LineFilter,
    around: Around,
    matched: u64,
}

impl<'f> Shown<'f> {
    fn new(filter: &'f LineFilter, (before, after): (usize, usize)) -> Shown<'f> {
        Shown {
            filter,
            around: Around::new(before, after),
            matched: 0,
        }
    }

    fn offer(
        &mut self,
        event: LogEvent,
        printer: &mut Printer,
        out: &mut impl Write,
    ) -> Result<()> {
        let matched = self.filter.accepts(&event);
        self.matched += u64::from(matched);
        if !self.around.is_active() {
            if matched {
                printer.write(out, &event).map_err(Error::from_output)?;
            }
            return Ok(());
        }
        let mut written = Ok(());
        self.around.offer(event, matched, |shown| {
            if written.is_ok() {
                written = match shown {
                    around::Shown::Separator => printer.separator(out),
                    around::Shown::Event(event) => printer.write(out, &event),
                };
            }
        });
        written.map_err(Error::from_output)
    }
}

/// The last `n` events the filter takes, oldest first: windows read backwards from the end,
/// each 8 times the last (1 minute, 8, about an hour, 8 hours, …), until `n` are found or the
/// window reaches `--since` (when given) or 30 days before the end.
async fn last_events(
    fetcher: &Fetcher,
    query: &Query,
    n: u64,
    explicit_since: bool,
    filter: &LineFilter,
) -> Result<Vec<LogEvent>> {
    const FURTHEST_MS: i64 = 30 * 86_400_000;
    let n = n as usize;
    let end = query
        .end_ms
        .unwrap_or_else(|| Timestamp::now().as_millisecond());
    let floor = if explicit_since {
        query.start_ms
    } else {
        end - FURTHEST_MS
    };
    let (mut upper, mut span) = (end, 60_000i64);
    let mut kept: std::collections::VecDeque<LogEvent> = Default::default();
    loop {
        let lower = (upper - span).max(floor);
        // Windows meet without overlapping: each after the first ends a millisecond before the
        // one it continues (FilterLogEvents includes both ends).
        let window = Query {
            start_ms: lower,
            end_ms: Some(if upper == end { end } else { upper - 1 }),
            ..query.clone()
        };
        let mut found = Vec::new();
        fetcher
            .merged(&window, |event| {
                if filter.accepts(&event) {
                    found.push(event);
                }
                Ok(true)
            })
            .await?;
        let wanted = n - kept.len();
        for event in found.into_iter().rev().take(wanted) {
            kept.push_front(event);
        }
        if kept.len() >= n || lower <= floor {
            return Ok(kept.into());
        }
        upper = lower;
        span = span.saturating_mul(8);
    }
}

/// `logs tail --from-file`: the same filters, context and output over a saved file.
fn tail_file(
    ctx: &Context,
    args: &TailArgs,
    path: &std::path::Path,
    filter: &LineFilter,
) -> Result<()> {
    let (label, reader): (String, Box<dyn BufRead>) = open_input(path)?;
    let target = LogTarget {
        group: path.display().to_string(),
        label,
    };
    let mut printer = printer_for(ctx, args, filter, vec![target]);
    let mut out = ctx.out.stdout();
    printer.begin(&mut out).map_err(Error::from_output)?;
    let mut shown = Shown::new(filter, context_of(args));
    let mut last: Option<std::collections::VecDeque<LogEvent>> = args
        .lines
        .map(|n| std::collections::VecDeque::with_capacity(n as usize));
    let mut line_number = 0u64;
    let mut failed = Ok(());
    let replaced = read_lines(reader, |line| {
        if failed.is_err() {
            return;
        }
        line_number += 1;
        // Most lines of a big file are filtered out: decide on the text before building events.
        let only_matches = !shown.around.is_active() && args.lines.is_none();
        if only_matches && !file::may_be_record(line) && !filter.accepts_text("", line) {
            return;
        }
        let event = file::event(line, 0, line_number);
        match (&mut last, args.lines) {
            (Some(kept), Some(n)) => {
                if filter.accepts(&event) {
                    if kept.len() as u64 == n {
                        kept.pop_front();
                    }
                    kept.push_back(event);
                }
            }
            _ => failed = shown.offer(event, &mut printer, &mut out),
        }
    })
    .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    failed?;
    for event in last.into_iter().flatten() {
        shown.offer(event, &mut printer, &mut out)?;
    }
    printer.end(&mut out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)?;
    note_replaced(ctx, path, replaced);
    if shown.matched == 0 {
        Err(Error::NothingMatched)
    } else {
        Ok(())
    }
}

/// A file, or stdin for `-`, with the label its lines get.
fn open_input(path: &std::path::Path) -> Result<(String, Box<dyn BufRead>)> {
    if path.as_os_str() == "-" {
        return Ok(("stdin".into(), Box::new(std::io::stdin().lock())));
    }
    let label = path
        .file_stem()
        .map_or_else(|| "file".into(), |s| s.to_string_lossy().into_owned());
    let file = std::fs::File::open(path)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    Ok((
        label,
        Box::new(std::io::BufReader::with_capacity(1 << 20, file)),
    ))
}

fn note_replaced(ctx: &Context, path: &std::path::Path, replaced: u64) {
    if replaced > 0 {
        ctx.out.status(format!(
            "iops: {}: {replaced} line{} with invalid UTF-8, read with U+FFFD in place of the bad bytes",
            path.display(),
            if replaced == 1 { "" } else { "s" }
        ));
    }
}

/// Each line of `reader` (without its line ending) to `line`, decoded as grep does: invalid
/// UTF-8 replaced, never the whole input refused. Returns how many lines needed replacing.
fn read_lines(mut reader: impl BufRead, mut line: impl FnMut(&str)) -> std::io::Result<u64> {
    let (mut buffer, mut replaced) = (Vec::new(), 0);
    loop {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer)? == 0 {
            return Ok(replaced);
        }
        let text = String::from_utf8_lossy(&buffer);
        if matches!(text, std::borrow::Cow::Owned(_)) {
            replaced += 1;
        }
        line(text.trim_end());
    }
}

/// `-o json` is one document (`{"functions": […], "close_codes": […]}`); ndjson one record per
/// line (close-code records carry `close_code`); table and csv one table each.
/// One document for json; for csv one table (the functions, or the close codes when asked);
/// otherwise the functions, then the close codes.
fn print_stats(
    ctx: &Context,
    records: &[stats::StatsRecord],
    close_codes: &[CloseCodeRecord],
    only_close_codes: bool,
) -> Result<()> {
    use crate::output::Format;
    if only_close_codes {
        return ctx.out.print(close_codes);
    }
    match ctx.out.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct StatsDocument<'a> {
                functions: &'a [stats::StatsRecord],
                close_codes: &'a [CloseCodeRecord],
            }
            let document = StatsDocument {
                functions: records,
                close_codes,
            };
            ctx.out.report(&document, |_| Ok(()))
        }
        Format::Csv => {
            ctx.out.print(records)?;
            if !close_codes.is_empty() {
                ctx.out.status(format!(
                    "{} close code{} seen: --close-codes lists them",
                    close_codes.len(),
                    if close_codes.len() == 1 { "" } else { "s" }
                ));
            }
            Ok(())
        }
        _ => {
            ctx.out.print(records)?;
            if !close_codes.is_empty() {
                ctx.out.print(close_codes)?;
            }
            Ok(())
        }
    }
}

async fn stats(ctx: &Context, args: StatsArgs) -> Result<()> {
    let bucket_ms = args.by.map(|d| d.as_millis().max(1) as i64);
    let mut table: BTreeMap<(Option<i64>, String), FunctionStats> = BTreeMap::new();
    let mut add = |label: &str, timestamp: Option<i64>, message: &str| {
        let bucket = bucket_ms
            .zip(timestamp)
            .map(|(size, t)| t - t.rem_euclid(size));
        table
            .entry((bucket, label.to_string()))
            .or_default()
            .add(platform::classify(message));
    };
    if args.insights {
        let query = window_query(&args.window)?;
        let targets = targets::resolve(ctx, &args.targets).await?;
        let client = aws::logs(ctx.sdk().await?);
        let records = insights::stats(&client, &targets, &query, args.by).await?;
        ctx.out.print(&records)?;
        return if records.iter().any(|r| r.invocations > 0 || r.errors > 0) {
            Ok(())
        } else {
            Err(Error::NothingMatched)
        };
    }
    if args.from_file.is_empty() {
        let query = window_query(&args.window)?;
        let targets = targets::resolve(ctx, &args.targets).await?;
        let fetcher = fetcher(ctx, targets.clone(), args.window.max_rps).await?;
        show_first_read(ctx, &fetcher, args.window.max_rps);
        fetcher
            .merged(&query, |event| {
                add(
                    &targets[event.target].label,
                    Some(event.timestamp),
                    &event.message,
                );
                Ok(true)
            })
            .await?;
    } else {
        for path in &args.from_file {
            let (label, reader) = open_input(path)?;
            let replaced = read_lines(reader, |line| add(&label, None, line))
                .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
            note_replaced(ctx, path, replaced);
        }
    }
    let records: Vec<_> = table
        .iter_mut()
        .map(|((bucket, label), stats)| {
            let bucket = bucket.map(|b| {
                timespec::format_millis(
                    Timestamp::from_millisecond(b).unwrap_or(Timestamp::UNIX_EPOCH),
                )
            });
            stats.record(label, bucket)
        })
        .collect();
    let close_codes: Vec<CloseCodeRecord> = table
        .iter()
        .flat_map(|((_, label), stats)| {
            stats
                .close_codes
                .iter()
                .map(|(code, count)| CloseCodeRecord {
                    function: label.clone(),
                    close_code: *code,
                    count: *count,
                    meaning: stats::close_code_meaning(*code),
                })
        })
        .collect();
    print_stats(ctx, &records, &close_codes, args.close_codes)?;
    if records.iter().any(|r| r.invocations > 0 || r.errors > 0) {
        Ok(())
    } else {
        Err(Error::NothingMatched)
    }
}
