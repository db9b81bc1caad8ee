//! `iops simulate`: realistic dashboard events, generated locally by default, or delivered to
//! stdout, Kinesis, DynamoDB or a Lambda — fast, deterministic by seed, and with nothing lost.

mod aggregate;
mod deliver;
mod dynamodb;
mod eventbridge;
mod events;
mod kinesis;
mod lambda;
mod local;
mod report;
mod schedule;
mod serve;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::timespec;
use events::{EventType, Generator, Plan};
use report::RunReport;
use schedule::Schedule;

/// Where `--seed` runs start when `--start-time` is not given, so the same seed repeats exactly.
const SEEDED_START: &str = "2026-01-01T00:00:00Z";

#[derive(Debug, Args)]
#[command(after_help = "\
Destinations (--to):
  (omitted)          aggregate locally with exact decimals and print per-entity metrics; no AWS needed
  stdout             events as ndjson, one per line; the summary goes to stderr
  kinesis[:STREAM]   PutRecords in batches of 500, failed records retried until delivered
  dynamodb[:TABLE]   aggregated metric items, BatchWriteItem in 25s, UnprocessedItems retried
  lambda[:FUNCTION]  invoke a function (name, glob or config role) with the events, or --payload
Without a name, kinesis/dynamodb/lambda use kinesis_stream, tables.metrics and simulator_function
(or functions.simulator) from iops.toml.

Examples:
  iops simulate                                   # 50 streams x 10 events, metrics table
  iops simulate --seed 42 --to stdout | head      # the same 500 events every time
  iops simulate --to kinesis:iops-events --rate 200 --duration 10m
  iops simulate --to lambda:'*SimulatorFunction*' --payload '{}'")]
pub struct SimulateArgs {
    /// Number of streams (entities stream-001 … stream-N)
    #[arg(long, default_value_t = 50, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub streams: u32,

    /// Events per stream (ignored with --duration, which generates until the time is up)
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000), conflicts_with = "duration")]
    pub events_per_stream: u64,

    /// Seed for the generator: the same seed gives byte-identical events [default: random, printed]
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seed: Option<u64>,

    /// Event types to generate, comma-separated [default: all]
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_event_type)]
    pub types: Vec<EventType>,

    /// Events per second across all streams [default: as fast as possible]
    #[arg(long, value_name = "EVENTS_PER_S", allow_negative_numbers = true, value_parser = parse_rate)]
    pub rate: Option<f64>,

    /// Keep generating for this long (e.g. 90s, 10m, 1h30m)
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub duration: Option<Duration>,

    /// Timestamp of the first event: ISO 8601 (no zone = UTC), a date, epoch, a duration ago, or `now`
    /// [default: now; with --seed, 2026-01-01T00:00:00Z so the run repeats exactly]
    #[arg(long, value_name = "TIME", value_parser = parse_start_time)]
    pub start_time: Option<SystemTime>,

    /// Where events go: stdout, kinesis[:STREAM], dynamodb[:TABLE], lambda[:FUNCTION] [default: local]
    #[arg(long, value_name = "DEST", value_parser = Destination::parse)]
    pub to: Option<Destination>,

    /// With --to lambda: invoke with this instead of the generated events (e.g. '{}'). It must be
    /// JSON: Lambda's Invoke takes the function's event as JSON and refuses other text
    #[arg(long, value_name = "JSON", value_parser = lambda::parse_payload)]
    pub payload: Option<String>,

    /// Turn the EventBridge schedule that triggers the simulator function on or off, or show it
    /// (the function from --to lambda:NAME, else simulator_function / functions.simulator)
    #[arg(long, value_enum, value_name = "ACTION", conflicts_with_all = ["serve", "events_per_stream"])]
    pub schedule: Option<eventbridge::ScheduleAction>,

    /// Serve a local WebSocket backend on ADDR (e.g. 127.0.0.1:8080) broadcasting METRICS_UPDATE
    #[arg(long, value_name = "ADDR", conflicts_with_all = ["to", "events_per_stream"])]
    pub serve: Option<String>,

    /// With --serve: accept only connections carrying ?token=TOKEN (others get HTTP 401)
    #[arg(long, value_name = "TOKEN", requires = "serve")]
    pub token: Option<String>,

    /// With --serve: close connections without traffic for this long with 1001, like API Gateway
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = timespec::parse_duration)]
    pub idle_timeout: Duration,

    /// With --serve: close every connection after this long with 1001, like API Gateway
    #[arg(long, value_name = "DURATION", default_value = "2h", value_parser = timespec::parse_duration)]
    pub max_connection_duration: Duration,

    #[command(flatten)]
    pub concurrency: crate::args::ConcurrencyArg,

    /// Attempts per record before it counts as not delivered
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,

    /// Write the ids of events (or items) not delivered here, one per line [default: a new file in the temp directory]
    #[arg(long, value_name = "PATH")]
    pub undelivered: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    Kinesis(Option<String>),
    DynamoDb(Option<String>),
    Lambda(Option<String>),
}

const DESTINATIONS: &str = "stdout, kinesis[:STREAM], dynamodb[:TABLE], lambda[:FUNCTION] (omit --to to aggregate locally)";

impl Destination {
    fn parse(text: &str) -> Result<Destination, String> {
        let (kind, name) = match text.split_once(':') {
            Some((kind, name)) => (kind, Some(name)),
            None => (text, None),
        };
        if !matches!(kind, "stdout" | "-" | "kinesis" | "dynamodb" | "lambda") {
            return Err(format!(
                "unknown destination '{text}'; valid: {DESTINATIONS}"
            ));
        }
        let name = match name {
            Some("") => {
                return Err(format!(
                    "'{text}' names no resource after ':'; use {kind}:NAME, or plain '{kind}' to use iops.toml"
                ));
            }
            other => other.map(str::to_string),
        };
        match (kind, name) {
            ("stdout" | "-", None) => Ok(Destination::Stdout),
            ("kinesis", name) => Ok(Destination::Kinesis(name)),
            ("dynamodb", name) => Ok(Destination::DynamoDb(name)),
            ("lambda", name) => Ok(Destination::Lambda(name)),
            _ => Err(format!(
                "unknown destination '{text}'; valid: {DESTINATIONS}"
            )),
        }
    }
}

fn parse_event_type(text: &str) -> Result<EventType, String> {
    EventType::from_name(text.trim()).ok_or_else(|| {
        format!(
            "unknown event type '{text}'; valid: {}",
            EventType::valid_names()
        )
    })
}

fn parse_rate(text: &str) -> Result<f64, String> {
    timespec::parse_rate(text, "events")
}

fn parse_start_time(text: &str) -> Result<SystemTime, String> {
    let now = timespec::from_system_time(SystemTime::now());
    timespec::parse_time(text, now).map(timespec::to_system_time)
}

/// Everything a sink needs, resolved from the arguments once.
struct Run {
    plan: Plan,
    generator: Arc<Generator>,
    total: Option<u64>,
    duration: Option<Duration>,
    rate: Option<f64>,
}

impl Run {
    fn new(args: &SimulateArgs) -> Result<Run> {
        let seed = args.seed.unwrap_or_else(|| fastrand::u64(..));
        let start = args.start_time.unwrap_or_else(|| match args.seed {
            Some(_) => SEEDED_START
                .parse::<jiff::Timestamp>()
                .expect("valid constant")
                .into(),
            None => truncate_to_millis(SystemTime::now()),
        });
        let total = match args.duration {
            Some(_) => None,
            None => Some(u64::from(args.streams).checked_mul(args.events_per_stream).ok_or_else(|| {
                Error::usage("--streams × --events-per-stream is too large; use --duration to generate continuously")
            })?),
        };
        // Without a rate each stream emits one event per second of event time, like a live feed.
        let spacing = match args.rate {
            Some(rate) => timespec::period(1, rate),
            None => Duration::from_secs(1) / args.streams,
        };
        let types = if args.types.is_empty() {
            EventType::ALL.to_vec()
        } else {
            args.types.clone()
        };
        let plan = Plan {
            seed,
            streams: args.streams,
            types,
            start,
            spacing,
        };
        let generator = Arc::new(Generator::new(&plan));
        Ok(Run {
            plan,
            generator,
            total,
            duration: args.duration,
            rate: args.rate,
        })
    }

    fn schedule(&self, max_batch: u64) -> Schedule {
        Schedule::new(self.total, self.duration, self.rate, max_batch)
    }

    fn start_time(&self) -> String {
        timespec::format_millis(timespec::from_system_time(self.plan.start))
    }

    /// The flags that reproduce this run's events exactly.
    fn repeat_hint(&self) -> String {
        format!(
            "--seed {} --start-time {}",
            self.plan.seed,
            self.start_time()
        )
    }
}

fn truncate_to_millis(time: SystemTime) -> SystemTime {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    UNIX_EPOCH + Duration::from_millis(since.as_millis() as u64)
}

pub async fn run(ctx: &Context, args: SimulateArgs) -> Result<()> {
    let to = args.to.clone();
    if args.payload.is_some() && !matches!(to, Some(Destination::Lambda(_))) {
        return Err(Error::usage(
            "--payload only applies to --to lambda[:FUNCTION]",
        ));
    }
    if let Some(action) = args.schedule {
        let spec = match &to {
            None | Some(Destination::Lambda(None)) => simulator_function(ctx)?,
            Some(Destination::Lambda(Some(name))) => name.clone(),
            Some(_) => {
                return Err(Error::usage(
                    "--schedule acts on the simulator function: use --to lambda[:FUNCTION] or nothing",
                ));
            }
        };
        return eventbridge::run(ctx, &spec, action).await;
    }
    if let (Some(Destination::Stdout), Some(format)) = (&to, ctx.out.explicit_format)
        && format != crate::output::Format::Ndjson
    {
        return Err(Error::usage(format!(
            "--to stdout writes the events themselves, one JSON object per line (ndjson); they nest, so -o {} cannot hold them: drop -o, or leave out --to for the metrics in any format",
            format!("{format:?}").to_lowercase()
        )));
    }
    let run = Run::new(&args)?;
    if let Some(address) = args.serve.clone() {
        let options = serve::ServeOptions {
            address,
            token: args.token.clone(),
            idle_timeout: args.idle_timeout,
            max_duration: args.max_connection_duration,
        };
        return serve::run(ctx, run, options).await;
    }
    match to {
        None => local_metrics(ctx, run).await,
        Some(Destination::Stdout) => stdout_events(ctx, run).await,
        Some(Destination::Kinesis(name)) => {
            let stream = resolve_name(ctx, name, "kinesis_stream", "kinesis:STREAM")?;
            kinesis::run(ctx, &run, &stream, &args).await
        }
        Some(Destination::DynamoDb(name)) => {
            let table = resolve_name(ctx, name, "tables.metrics", "dynamodb:TABLE")?;
            dynamodb::run(ctx, &run, &table, &args).await
        }
        Some(Destination::Lambda(name)) => {
            let spec = match name {
                Some(name) => name,
                None => simulator_function(ctx)?,
            };
            lambda::run(ctx, &run, &spec, args.payload.as_deref()).await
        }
    }
}

/// `simulator_function`, else `functions.simulator`, from iops.toml.
fn simulator_function(ctx: &Context) -> Result<String> {
    resolve_name(ctx, None, "simulator_function", "lambda:FUNCTION")
        .or_else(|_| resolve_name(ctx, None, "functions.simulator", "lambda:FUNCTION"))
}

fn resolve_name(ctx: &Context, given: Option<String>, key: &str, form: &str) -> Result<String> {
    given
        .or_else(|| ctx.settings.get(key).map(str::to_string))
        .ok_or_else(|| {
            Error::usage(format!(
                "no destination name: use --to {form}, or set `{key}` in iops.toml"
            ))
        })
}

/// Every event of the run generated and aggregated in memory (on a blocking thread, with a
/// progress bar on a terminal): one metrics record per entity, and the schedule as it ended.
async fn aggregated_metrics(
    ctx: &Context,
    run: &Run,
) -> (Vec<aggregate::EntityMetrics>, schedule::Schedule) {
    let progress = ctx.out.progress(run.total, "events");
    let mut schedule = run.schedule(1 << 20);
    let generator = run.generator.clone();
    let (totals, schedule) = tokio::task::spawn_blocking(move || {
        let totals = local::aggregate(&generator, &mut schedule, &progress);
        progress.finish_and_clear();
        (totals, schedule)
    })
    .await
    .expect("aggregation task panicked");
    (totals.metrics(&run.generator), schedule)
}

/// The default: generate and aggregate in memory, print one metrics record per entity.
async fn local_metrics(ctx: &Context, run: Run) -> Result<()> {
    let (metrics, schedule) = aggregated_metrics(ctx, &run).await;
    ctx.out.print(&metrics)?;
    let report = RunReport::finished(&run, "local", &schedule, schedule.generated(), 0, 0);
    ctx.out.status(report.summary_line(&run));
    report.outcome(&schedule)
}

/// `--to stdout`: ndjson events on stdout, the summary on stderr.
async fn stdout_events(ctx: &Context, run: Run) -> Result<()> {
    let progress = ctx.out.progress(run.total, "events");
    let mut schedule = run.schedule(1 << 20);
    let generator = run.generator.clone();
    let mut out = ctx.out.stdout();
    let (written, schedule) = tokio::task::spawn_blocking(move || {
        let written = local::write_ndjson(&generator, &mut schedule, &mut out, &progress);
        progress.finish_and_clear();
        (written, schedule)
    })
    .await
    .expect("writer task panicked");
    written.map_err(Error::from_output)?;
    let report = RunReport::finished(&run, "stdout", &schedule, schedule.generated(), 0, 0);
    ctx.out.status(report.summary_line(&run));
    report.outcome(&schedule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_parse_and_explain_mistakes() {
        assert_eq!(Destination::parse("stdout"), Ok(Destination::Stdout));
        assert_eq!(
            Destination::parse("kinesis:events"),
            Ok(Destination::Kinesis(Some("events".into())))
        );
        assert_eq!(
            Destination::parse("kinesis"),
            Ok(Destination::Kinesis(None))
        );
        assert_eq!(
            Destination::parse("lambda:*SimulatorFunction*"),
            Ok(Destination::Lambda(Some("*SimulatorFunction*".into())))
        );
        assert!(
            Destination::parse("nonsense:")
                .unwrap_err()
                .contains("unknown destination 'nonsense:'")
        );
        assert!(
            Destination::parse("stdout:x")
                .unwrap_err()
                .contains("valid: stdout")
        );
        assert!(
            Destination::parse("sqs:queue")
                .unwrap_err()
                .contains("valid: stdout")
        );
        assert!(
            Destination::parse("kinesis:")
                .unwrap_err()
                .contains("kinesis:NAME")
        );
    }

    #[test]
    fn rates_must_be_positive_numbers() {
        assert_eq!(parse_rate("0.5"), Ok(0.5));
        for bad in ["0", "-5", "NaN", "inf", "fast"] {
            assert!(parse_rate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn start_times() {
        let t = parse_start_time("2026-01-01").unwrap();
        assert_eq!(
            t,
            SystemTime::from(SEEDED_START.parse::<jiff::Timestamp>().unwrap())
        );
        assert!(parse_start_time("2026-01-01T10:00:00").is_ok());
        assert!(
            parse_start_time("yesterday")
                .unwrap_err()
                .contains("ISO 8601")
        );
    }
}
