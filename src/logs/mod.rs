//! `iops logs`: tail, grep, count and summarise Lambda logs across many functions at once, and
//! follow them without ever dropping an event.

mod around;
pub mod fetch;
mod file;
mod follow;
mod groups;
mod input;
mod insights;
pub mod live;
mod pattern;
pub(crate) mod platform;
mod read;
mod render;
mod seen;
pub mod stats;
mod stats_command;
pub mod structured;
mod tail;
pub mod targets;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::args::Time;
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::ratelimit::RateLimiter;
use crate::timespec;
use fetch::{Fetcher, Query};
pub use read::{count, each, newest, summarize};
use render::TextFormat;
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

    /// CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }),
    /// applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)
    #[arg(long, value_name = "PATTERN", allow_hyphen_values = true)]
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
    /// or saved records (iops -o ndjson/json, the aws CLI's filter-log-events output or its
    /// events through jq -c, CloudWatch's export to S3); --since/--until only as given, and only
    /// over lines with a time
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
    /// (`-n 0 -f`: only new events, from now)
    #[arg(short = 'n', long = "lines", value_name = "N", value_parser = clap::value_parser!(u64).range(0..=100_000), conflicts_with = "count")]
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

    /// Only lines matching REGEX (repeatable: any may match). It runs over the whole event,
    /// which may hold several lines: `(?m)^Traceback` for a line start inside it
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

    /// With --follow: re-read this much before the newest event on every poll. Polling sees an
    /// event that arrives late only if it is stamped at most this long before the newest one
    /// printed: raise it for producers that send late (Live Tail pushes late events anyway)
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

    /// Read a saved file (`-` for stdin) instead of CloudWatch: plain lines, or the records
    /// `logs tail --from-file` reads (their times used by --by); offline
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
        LogsCommand::Tail(args) => tail::run(ctx, args).await,
        LogsCommand::Stats(args) => stats_command::run(ctx, args).await,
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
/// short form (`err`, `crit`, `emerg`). Pino's numeric levels (50, 60) are not terms here: `?50`
/// would pull in every REPORT line with a 50 in it; their lines are found by the words they hold.
pub const ERROR_PATTERN: &str = "?ERROR ?Error ?error ?ERR ?Err ?err ?FATAL ?Fatal ?fatal ?CRITICAL ?Critical ?critical ?CRIT ?Crit ?crit ?FAIL ?Fail ?fail ?SEVERE ?Severe ?severe ?PANIC ?Panic ?panic ?DPANIC ?Dpanic ?dpanic ?EMERGENCY ?Emergency ?emergency ?EMERG ?Emerg ?emerg ?ALERT ?Alert ?alert ?\"Task timed out\"";
