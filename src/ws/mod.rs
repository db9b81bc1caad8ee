//! `iops ws probe`: open a probe WebSocket, time every phase, and explain how it ended.

mod address;
pub mod close;
mod connect;
mod editor;
mod emit;
pub(crate) mod fail;
pub mod handshake;
pub(crate) mod indent;
mod input;
pub mod load;
pub mod probe;
mod ramp;
mod send;
pub mod shard;

use std::time::Duration;

use clap::{Args, Subcommand};
use regex::Regex;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::redact;
use crate::secret::Secret;
use crate::timespec;
pub use address::{Address, TokenPlace, base_url};
#[cfg(test)]
pub use address::{parse_ws_url, set_query, take_userinfo};
use probe::{Outcome, ProbePlan};

#[derive(Debug, Args)]
pub struct WsArgs {
    #[command(subcommand)]
    pub command: WsCommand,
}

impl WsArgs {
    /// One connection, latency-bound: a probe (not load mode) runs best on one thread — no
    /// wake-ups handed between threads, no workers to start and stop.
    pub fn is_single_connection(&self) -> bool {
        matches!(&self.command, WsCommand::Probe(probe) if !probe.is_load())
    }
}

#[derive(Debug, Subcommand)]
pub enum WsCommand {
    /// Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close
    #[command(after_help = PROBE_HELP)]
    Probe(Box<ProbeArgs>),
    /// Post a message to one connection or all of them through the management API (@connections)
    Send(send::SendArgs),
    /// Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them
    Merge {
        /// Load reports in JSON (`-`: stdin); a file may hold several, concatenated or one per line
        #[arg(value_name = "REPORT", required = true)]
        reports: Vec<std::path::PathBuf>,
    },
    /// An interactive session: type messages, see what arrives (or pipe lines in), then the close explained
    #[command(after_help = connect::HELP)]
    Connect(Box<connect::ConnectArgs>),
}

const PROBE_HELP: &str = "\
Exit codes: 0 connected and every expectation met (with --until-close: closed 1000 or 1001);
1 an expectation failed or the close was anything else (1005, 1006, 1002-1015, 3000-4999);
2 bad input; 4 DNS, TCP, TLS or the HTTP upgrade failed (the report says why).

Examples:
  iops ws probe wss://abc123.execute-api.us-east-1.amazonaws.com/prod --token $JWT
  iops ws probe ws://127.0.0.1:8080 --expect METRICS_UPDATE --timeout 60s
  iops ws probe URL --send '{\"action\":\"ping\"}' --expect pong --ping-interval 5s --hold 2m";

/// What shapes the connection itself: shared by `ws probe` and `ws connect`.
#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// ws:// or wss:// URL [default: websocket_url, or api_id + stage, from iops.toml]
    #[arg(value_name = "URL")]
    pub url: Option<String>,

    #[command(flatten)]
    pub stage: crate::args::StageArg,

    /// Token to pass as a query parameter (redacted in every output)
    #[arg(long, value_name = "TOKEN", env = "IOPS_TOKEN", hide_env_values = true)]
    pub token: Option<Secret>,

    /// Query parameter that carries --token
    #[arg(long, value_name = "NAME", default_value = "token", value_parser = crate::config::parse_name)]
    pub token_param: String,

    /// Extra request header 'Name: value' (repeatable; credentials redacted)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Sec-WebSocket-Protocol to request
    #[arg(long, value_name = "PROTOCOL")]
    pub subprotocol: Option<String>,

    /// Accept any TLS certificate (explicit only)
    #[arg(long)]
    pub insecure: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ProbeArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Message to send after connecting, or @file (repeatable, in order)
    #[arg(long, value_name = "TEXT|@FILE")]
    pub send: Vec<String>,

    /// Regex a received message must match, in order (repeatable)
    #[arg(long, value_name = "REGEX")]
    pub expect: Vec<String>,

    /// How long each connect phase (DNS, TCP, TLS, upgrade) and the expectations may take (load
    /// mode: each connection's expectations, from its connect)
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = timespec::parse_duration)]
    pub timeout: Duration,

    /// Send protocol pings this often and measure the pong latency
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub ping_interval: Option<Duration>,

    /// Application-level ping to send every --ping-interval (or 30 s), e.g. '{"action":"ping"}'
    #[arg(long, value_name = "JSON")]
    pub app_ping: Option<String>,

    /// Stay connected this long
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub hold: Option<Duration>,

    /// Stay connected until the server closes
    #[arg(long, conflicts_with = "hold")]
    pub until_close: bool,

    /// Print the first N messages received
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show: usize,

    /// Load mode: open this many connections (at --rate per second), hold them, report
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub connections: u64,

    /// Load mode: new connections per second
    #[arg(long, value_name = "PER_S", default_value_t = 100.0, value_parser = parse_rate, allow_negative_numbers = true)]
    pub rate: f64,

    /// Load mode: phases LENGTH:RATE (30s:100,60s:500), the rate of new connections reached
    /// linearly over each, instead of --rate; the connections are the ramp's unless --connections
    #[arg(long, value_name = "PHASES", value_parser = ramp::parse_ramp, conflicts_with = "rate")]
    pub ramp: Option<ramp::Pace>,

    /// Load mode: repeat the --send messages this often on each held connection
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub every: Option<Duration>,

    /// Load mode: the message that answers a send (round trip); default: any. A capture group
    /// (`(?P<seq>…)` or the first) is the id of the send it answers; without one, the send's
    /// `{seq}` found in the reply is
    #[arg(long, value_name = "REGEX")]
    pub reply: Option<String>,

    /// Load mode: send the --send messages N times per connection — each time once the last is
    /// answered (or every --every) — then close once all are answered; --hold (default 60s)
    /// bounds the wait, and a send left unanswered exits 1
    #[arg(long, value_name = "N", requires = "send", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub messages: Option<u64>,

    /// Load mode: at most N connections open (or opening) at once, like a pool of N clients
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub concurrency: Option<u32>,

    /// Function (or config role) whose logs a failed $connect points to
    #[arg(long, value_name = "NAME", default_value = "connect")]
    pub connect_function: String,

    /// Load mode: also write the run's page to PATH: one self-contained HTML file with the
    /// verdict and charts per second (as `iops report LOAD.json --html` writes it); the report
    /// is printed as without it
    #[arg(long, value_name = "PATH")]
    pub html: Option<std::path::PathBuf>,

    /// Load mode: run shard K of N of the plan — every N-th connection from the K-th, at the
    /// plan's times, numbered as in the plan ({conn}); `ws merge` adds the N reports up
    #[arg(long, value_name = "K/N", value_parser = shard::Shard::parse, conflicts_with = "shards")]
    pub shard: Option<shard::Shard>,

    /// Load mode: one of N shards, K from the engine's environment: JOB_COMPLETION_INDEX
    /// (a Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), 0-based
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=shard::MAX_SHARDS))]
    pub shards: Option<u64>,

    /// Load mode: exit 0 once the report is printed, whatever its verdict — for the shards of
    /// a job engine, where one failed copy would stop the others; `ws merge` judges the whole
    /// run (the copies --emit writes have it)
    #[arg(long)]
    pub exit_zero: bool,

    /// With --shards N: print the job that runs the N shards instead of running — a
    /// Kubernetes Job or an AWS Batch SubmitJob input — for you to apply
    #[arg(long, value_name = "ENGINE", value_enum, requires = "shards")]
    pub emit: Option<emit::Engine>,

    /// With --emit kubernetes: the container image holding iops (see the Dockerfile)
    /// [default: iops:VERSION]
    #[arg(long, value_name = "IMAGE", requires = "emit")]
    pub image: Option<String>,

    /// With --emit aws-batch: the job queue to submit to [default: iops]
    #[arg(long, value_name = "NAME", requires = "emit")]
    pub job_queue: Option<String>,

    /// With --emit aws-batch: the job definition (its image is iops's; its secrets give
    /// IOPS_TOKEN) [default: iops]
    #[arg(long, value_name = "NAME", requires = "emit")]
    pub job_definition: Option<String>,
}

impl ProbeArgs {
    /// Load mode: several connections, a ramp, or what only load mode does (repeated sends,
    /// matched replies) — on one connection too, for a one-client round-trip test.
    fn is_load(&self) -> bool {
        self.connections > 1
            || self.ramp.is_some()
            || self.every.is_some()
            || self.reply.is_some()
            || self.messages.is_some()
    }
}

fn parse_rate(text: &str) -> std::result::Result<f64, String> {
    timespec::parse_rate(text, "connections")
}

/// `-H 'Name: value'`: a valid HTTP header name and a value without line breaks.
fn parse_header(text: &str) -> Result<(String, String)> {
    use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
    let (name, value) = text.split_once(':').ok_or_else(|| {
        // Only the first word is echoed: the rest may be a credential typed without its colon.
        let first = text.split_whitespace().next().unwrap_or_default();
        Error::usage(format!("-H '{first} …' is not 'Name: value'"))
    })?;
    let (name, value) = (name.trim(), value.trim());
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::usage(format!("-H: '{name}' is not a valid header name")))?;
    HeaderValue::from_str(value).map_err(|_| {
        Error::usage(format!(
            "-H {name}: the value has a line break or another control character"
        ))
    })?;
    Ok((name.to_string(), value.to_string()))
}

/// The address and TLS choice of a connection, everything checked before connecting.
fn connection_plan(ctx: &Context, args: &ConnectionArgs) -> Result<ProbePlan> {
    if args.token_param.trim().is_empty() {
        return Err(Error::usage("--token-param must name a query parameter"));
    }
    let headers = args
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<Result<Vec<_>>>()?;
    let base = base_url(ctx, args.url.as_deref(), &args.stage)?;
    let address = Address::new(
        &base,
        headers,
        args.token.as_ref(),
        TokenPlace::Query(&args.token_param),
        None,
    )
    .map_err(Error::usage)?;
    Ok(ProbePlan {
        subprotocol: args.subprotocol.clone(),
        insecure: args.insecure,
        ..ProbePlan::new(address)
    })
}

/// `--emit`: the job of the N shards on stdout, what to do with it on stderr. The copies' command
/// line is checked as the run checks it, here: a copy that would exit 2 fails its job.
fn emit_job(ctx: &Context, args: &ProbeArgs) -> Result<()> {
    use std::io::Write;
    let (Some(engine), Some(shards)) = (args.emit, args.shards) else {
        return Err(Error::usage("--emit needs --shards N"));
    };
    let Some(url) = args.connection.url.as_deref() else {
        return Err(Error::usage(
            "--emit writes this command line for copies that have no iops.toml: give the URL",
        ));
    };
    if !args.connection.headers.is_empty() {
        return Err(Error::usage(
            "--emit would write the -H headers into the manifest in clear: pass a credential as --token (the copies read IOPS_TOKEN from a secret)",
        ));
    }
    refuse_a_credential_in_the_url(url, &args.connection.token_param)?;
    if let Some(file) = args.send.iter().find(|s| s.starts_with('@')) {
        return Err(Error::usage(format!(
            "--send {file}: the copies do not have this machine's files; give the message itself"
        )));
    }
    let kubernetes = engine == emit::Engine::Kubernetes;
    for (flag, value, applies) in [
        ("--image", &args.image, kubernetes),
        ("--job-queue", &args.job_queue, !kubernetes),
        ("--job-definition", &args.job_definition, !kubernetes),
    ] {
        let Some(value) = value else { continue };
        if !applies {
            return Err(Error::usage(if kubernetes {
                format!("{flag} is for --emit aws-batch, not a Kubernetes Job")
            } else {
                format!(
                    "{flag} is for --emit kubernetes: an AWS Batch job's image is its job definition's (--job-definition)"
                )
            }));
        }
        if value.trim().is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::usage(format!(
                "{flag} {value:?}: a name without spaces is needed"
            )));
        }
    }
    if args.html.is_some() {
        return Err(Error::usage(
            "--html writes a run's page, and --emit runs nothing: merge the copies' reports, then iops report LOAD.json --html PAGE",
        ));
    }
    if engine == emit::Engine::AwsBatch && shards < 2 {
        return Err(Error::usage(
            "an AWS Batch array job has 2 to 10000 children: --shards 2 or more",
        ));
    }
    let shape = LoadShape::of(args);
    shape.check_split(shards)?;
    plan(ctx, args.clone())?;
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let copy_args = emit::copy_args(&argv);
    let job = emit::Job {
        name: emit::job_name(&copy_args, jiff::Timestamp::now()),
        shards,
        args: copy_args,
        image: args.image.as_deref().unwrap_or(DEFAULT_IMAGE),
        token: args.connection.token.is_some(),
        job_queue: args.job_queue.as_deref().unwrap_or("iops"),
        job_definition: args.job_definition.as_deref().unwrap_or("iops"),
    };
    let name = &job.name;
    let (document, next) = match engine {
        emit::Engine::Kubernetes => (
            emit::kubernetes(&job),
            format!(
                "{}kubectl apply -f FILE (this output); kubectl wait --for=condition=complete job/{name} --timeout=1h; kubectl logs -l job-name={name} --tail=-1 | iops ws merge -",
                if job.token {
                    format!(
                        "kubectl create secret generic {} --from-literal=token=…; ",
                        emit::TOKEN_SECRET
                    )
                } else {
                    String::new()
                }
            ),
        ),
        emit::Engine::AwsBatch => (
            emit::aws_batch(&job),
            format!(
                "aws batch submit-job --cli-input-json file://FILE (this output); each child's report is one line of its CloudWatch log stream: gather them (README, 'On AWS Batch') and iops ws merge -{}",
                if job.token {
                    " (the job definition's secrets give IOPS_TOKEN)"
                } else {
                    ""
                }
            ),
        ),
    };
    let mut out = ctx.out.stdout();
    serde_json::to_writer_pretty(&mut out, &document).map_err(|e| Error::Io(e.to_string()))?;
    writeln!(out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)?;
    ctx.out
        .status(format!("iops: nothing was applied; next: {next}"));
    Ok(())
}

/// The image `--emit kubernetes` names without `--image`.
const DEFAULT_IMAGE: &str = concat!("iops:", env!("CARGO_PKG_VERSION"));

/// A credential in the URL (`?token=…`, `user:password@`) would be written into the manifest in
/// clear: it goes as `--token`, which the copies read from a secret.
fn refuse_a_credential_in_the_url(url: &str, token_param: &str) -> Result<()> {
    let parsed = address::parse_ws_url(url).map_err(Error::usage)?;
    let secret = parsed
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .find(|name| crate::redact::is_secret_param(name, token_param));
    if !parsed.username().is_empty() || parsed.password().is_some() || secret.is_some() {
        let what = match (secret, parsed.password().is_some()) {
            (Some(name), _) => format!("'{name}'"),
            (None, true) => "a user and password".to_string(),
            (None, false) => "a user name".to_string(),
        };
        return Err(Error::usage(format!(
            "the URL carries a credential ({what}), which --emit would write into the manifest in clear: pass it as --token (the copies read IOPS_TOKEN from a secret)"
        )));
    }
    Ok(())
}

/// The whole plan of a load run, before any shard takes its share.
struct LoadShape {
    pace: ramp::Pace,
    connections: u64,
    concurrency: Option<usize>,
    hold: Duration,
}

impl LoadShape {
    fn of(args: &ProbeArgs) -> LoadShape {
        let pace = args.ramp.clone().unwrap_or(ramp::Pace::Rate(args.rate));
        let connections = match (args.connections, pace.total()) {
            (1, Some(total)) => total,
            (asked, Some(total)) => asked.min(total),
            (asked, None) => asked,
        };
        LoadShape {
            pace,
            connections,
            concurrency: args.concurrency.map(|c| c as usize),
            // With --messages a connection closes once answered: --hold is only its limit.
            hold: args.hold.unwrap_or(if args.messages.is_some() {
                Duration::from_secs(60)
            } else {
                Duration::from_secs(1)
            }),
        }
    }

    /// N shards split it only if each gets a connection, and a slot of `--concurrency`.
    fn check_split(&self, shards: u64) -> Result<()> {
        shard::Shard::fits(shards, self.connections).map_err(Error::usage)?;
        if let Some(concurrency) = self.concurrency
            && shards > 1
            && !(concurrency as u64).is_multiple_of(shards)
        {
            return Err(Error::usage(format!(
                "--concurrency {concurrency} is shared by the {shards} shards, each holding an equal share (unequal shares would hold some shards' connections back): give a multiple of {shards}"
            )));
        }
        Ok(())
    }
}

/// Load mode: this process's share of the plan, its report, its page; the exit code by the
/// verdict (or 0 with `--exit-zero` once the report is out).
async fn run_load(ctx: &Context, args: ProbeArgs) -> Result<()> {
    let shape = LoadShape::of(&args);
    let shard = match (args.shard, args.shards) {
        (None, Some(count)) => Some(
            shard::Shard::from_env(count, |name| std::env::var(name).ok()).map_err(Error::usage)?,
        ),
        (shard, _) => shard,
    };
    if let Some(shard) = shard {
        shape.check_split(shard.count)?;
    }
    let (html, exit_zero) = (args.html.clone(), args.exit_zero);
    let plan = plan(ctx, args)?;
    let owned = shard.map_or(shape.connections, |s| s.owned(shape.connections));
    let progress = ctx.out.progress(Some(owned), "connections");
    let load = load::Load {
        plan: &plan,
        connections: shape.connections,
        pace: &shape.pace,
        hold: shape.hold,
        concurrency: shape.concurrency,
        shard,
    };
    let report = load::run(&load, &progress).await;
    progress.finish_and_clear();
    ctx.out
        .report(&report, |out| load::render_text(&report, out))?;
    if let Some(path) = &html {
        crate::report::write_load_page(ctx, path, &report)?;
    }
    let failure = if report.interrupted {
        return Err(Error::Interrupted);
    } else if report.connected == 0 {
        Error::Network(report.verdict.reasons.join("; "))
    } else if report.verdict.ok {
        return Ok(());
    } else {
        Error::Failed(report.verdict.reasons.join("; "))
    };
    if exit_zero {
        ctx.out.status(format!(
            "iops: the run failed ({}); exit 0 (--exit-zero): ws merge judges the whole run",
            crate::output::visible(&report.verdict.reasons.join("; "))
        ));
        return Ok(());
    }
    Err(failure)
}

/// The load reports to merge, each read once: a file named twice, or two reports holding the
/// same run (a copy), would count its connections twice. A file (or `-`, stdin) may hold several
/// reports, concatenated or one per line — `kubectl logs -l job-name=X | iops ws merge -`.
/// Lines of text between the reports — a copy's stderr, which `kubectl logs` and CloudWatch mix
/// into its stdout — are skipped and said on stderr.
fn read_reports(ctx: &Context, paths: &[std::path::PathBuf]) -> Result<Vec<load::LoadReport>> {
    refuse_a_report_twice(paths)?;
    let mut read: Vec<(String, serde_json::Value, load::LoadReport)> = Vec::new();
    for path in paths {
        let text = crate::report::read_text(path)?;
        let name = if path.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        let (text, skipped) = without_text_lines(&text);
        if let Some(first) = skipped.first() {
            ctx.out.status(format!(
                "iops: {name}: skipped {} line{} of text between the reports (a copy's stderr?), the first: {}",
                skipped.len(),
                if skipped.len() == 1 { "" } else { "s" },
                crate::output::visible(&first.chars().take(200).collect::<String>())
            ));
        }
        let reports = serde_json::Deserializer::from_str(&text).into_iter::<load::LoadReport>();
        let mut count = 0;
        for (n, report) in reports.enumerate() {
            let report = report.map_err(|e| {
                Error::usage(if e.is_eof() {
                    format!(
                        "{name}: report {} ends before its end (cut off? a log line split?): {e}",
                        n + 1
                    )
                } else {
                    format!(
                        "{name}: report {} is not a load report (ws probe --connections N -o json): {e}",
                        n + 1
                    )
                })
            })?;
            count += 1;
            let value = serde_json::to_value(&report).map_err(|e| Error::Io(e.to_string()))?;
            let here = format!("{name} (report {})", n + 1);
            // A shard there twice, a copy or a second run of it, is the shard check's to name.
            let shard = report.shard.is_some();
            if let Some((first, _, _)) = read.iter().find(|(_, seen, _)| !shard && *seen == value) {
                return Err(Error::usage(format!(
                    "{here} holds the same run as {first}: merging a copy would count its connections twice"
                )));
            }
            read.push((here, value, report));
        }
        if count == 0 {
            return Err(Error::usage(format!("{name} holds no load report")));
        }
    }
    let (labels, reports): (Vec<String>, Vec<load::LoadReport>) = read
        .into_iter()
        .map(|(label, _, report)| (label, report))
        .unzip();
    load::report::refuse_runs_merged_twice(&reports, &labels).map_err(Error::usage)?;
    Ok(reports)
}

/// The text without its lines that no JSON value can hold: those starting with a letter, but for
/// the literals an array may list (`true,`). A report, compact or pretty-printed, has none.
fn without_text_lines(text: &str) -> (String, Vec<&str>) {
    let mut kept = String::with_capacity(text.len());
    let mut skipped = Vec::new();
    for line in text.split_inclusive('\n') {
        let line = without_log_prefix(line);
        let word = line.trim().trim_end_matches(',');
        let starts_with_letter = line
            .trim_start()
            .starts_with(|c: char| c.is_ascii_alphabetic());
        if starts_with_letter && !matches!(word, "true" | "false" | "null") {
            skipped.push(line.trim_end());
        } else {
            kept.push_str(line);
        }
    }
    (kept, skipped)
}

/// A line as the program wrote it: without a byte-order mark, `kubectl logs --prefix`'s
/// `[pod/NAME/CONTAINER] ` and `--timestamps`' RFC 3339 time.
fn without_log_prefix(line: &str) -> &str {
    let mut line = line.trim_start_matches('\u{feff}');
    if line.starts_with("[pod/")
        && let Some((_, rest)) = line.split_once("] ")
    {
        line = rest;
    }
    if let Some((first, rest)) = line.split_once(' ')
        && first.len() >= 20
        && first.as_bytes()[4] == b'-'
        && first.as_bytes()[10] == b'T'
        && first.parse::<jiff::Timestamp>().is_ok()
    {
        line = rest;
    }
    line
}

/// The same report named twice would count its connections twice.
fn refuse_a_report_twice(paths: &[std::path::PathBuf]) -> Result<()> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(Error::usage(
            "- (stdin) is named twice: it can be read once",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for path in paths.iter().filter(|p| p.as_os_str() != "-") {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            return Err(Error::usage(format!(
                "{} is named twice: merging it twice would count its connections twice",
                path.display()
            )));
        }
    }
    Ok(())
}

/// `--html` writes a load run's page: a single probe has none, the page never shares stdout
/// with the report, and a folder that is not there is said before the run, not after it.
fn check_html_page(args: &ProbeArgs) -> Result<()> {
    let Some(path) = &args.html else {
        return Ok(());
    };
    if !args.is_load() {
        return Err(Error::usage(
            "--html writes the page of a load run: add --connections N (N > 1, with --rate or --ramp)",
        ));
    }
    if path.as_os_str() == "-" {
        return Err(Error::usage(
            "--html - would mix the page with the report on stdout: name a file",
        ));
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !folder.is_dir() {
        return Err(Error::usage(format!(
            "--html {}: {} is not a folder",
            path.display(),
            folder.display()
        )));
    }
    Ok(())
}

/// Flags a single probe has and load mode does not: refused there, never silently ignored.
fn refuse_single_probe_flags(args: &ProbeArgs) -> Result<()> {
    let given = [
        ("--until-close", args.until_close),
        ("--show", args.show > 0),
        ("--ping-interval", args.ping_interval.is_some()),
        ("--app-ping", args.app_ping.is_some()),
    ];
    match given.iter().find(|(_, given)| *given) {
        Some((flag, _)) => Err(Error::usage(format!(
            "{flag} is for a single probe, not load mode (--connections N, --ramp, --every, --reply, --messages): to keep load connections alive, --send a message --every DURATION"
        ))),
        None => Ok(()),
    }
}

fn plan(ctx: &Context, args: ProbeArgs) -> Result<ProbePlan> {
    let connection = connection_plan(ctx, &args.connection)?;
    let send = args
        .send
        .iter()
        .map(|s| match s.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| Error::usage(format!("--send @{path}: {e}"))),
            None => Ok(s.clone()),
        })
        .collect::<Result<Vec<_>>>()?;
    let expect = args
        .expect
        .iter()
        .map(|e| {
            Regex::new(e)
                .map_err(|err| Error::usage(format!("--expect '{e}' is not a regex: {err}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let load = args.is_load();
    if !load && args.exit_zero {
        return Err(Error::usage(
            "--exit-zero is for a load run's copies (--connections N): a single probe's exit code is its verdict",
        ));
    }
    if !load && (args.shard.is_some() || args.shards.is_some()) {
        return Err(Error::usage(
            "--shard and --shards split a load run: add --connections N (N > 1, with --rate or --ramp)",
        ));
    }
    if args.every.is_some() && args.send.is_empty() {
        return Err(Error::usage(
            "--every repeats the --send messages: give at least one --send",
        ));
    }
    if load {
        refuse_single_probe_flags(&args)?;
    }
    check_html_page(&args)?;
    let reply = args
        .reply
        .as_deref()
        .map(|r| {
            Regex::new(r)
                .map_err(|err| Error::usage(format!("--reply '{r}' is not a regex: {err}")))
        })
        .transpose()?;
    if let Some(ping) = &args.app_ping {
        serde_json::from_str::<serde_json::Value>(ping)
            .map_err(|e| Error::usage(format!("--app-ping is not JSON: {e}")))?;
    }
    Ok(ProbePlan {
        send,
        expect,
        timeout: args.timeout,
        ping_interval: args.ping_interval,
        app_ping: args.app_ping,
        hold: args.hold,
        until_close: args.until_close,
        show: args.show,
        connect_function: args.connect_function,
        every: args.every,
        reply,
        messages: args.messages,
        read_buffer: if load {
            probe::SMALL_READ_BUFFER
        } else {
            probe::READ_BUFFER
        },
        ..connection
    })
}

pub async fn run(ctx: &Context, args: WsArgs) -> Result<()> {
    match args.command {
        WsCommand::Send(args) => send::run(ctx, args).await,
        WsCommand::Merge { reports } => {
            let read = read_reports(ctx, &reports)?;
            load::report::check_shards(&read).map_err(Error::Failed)?;
            let merged = load::merge(read).map_err(Error::usage)?;
            if let Some(note) = load::report::start_spread_note(&merged) {
                ctx.out.status(format!("iops: {note}"));
            }
            ctx.out
                .report(&merged, |out| load::render_text(&merged, out))?;
            if merged.verdict.ok {
                Ok(())
            } else if merged.connected == 0 {
                // As a single run: nothing opened is the network's failure, not the server's.
                Err(Error::Network(merged.verdict.reasons.join("; ")))
            } else {
                Err(Error::Failed(merged.verdict.reasons.join("; ")))
            }
        }
        WsCommand::Connect(args) => {
            let plan = ProbePlan {
                timeout: args.timeout,
                ..connection_plan(ctx, &args.connection)?
            };
            connect::run(ctx, &plan, &args).await
        }
        WsCommand::Probe(args) if args.is_load() && args.emit.is_some() => emit_job(ctx, &args),
        WsCommand::Probe(args) if args.is_load() => run_load(ctx, *args).await,
        WsCommand::Probe(args) => {
            let plan = plan(ctx, *args)?;
            tracing::info!(url = %redact::url(&plan.url, &plan.token_param), "probing");
            let report = probe::run(&plan).await;
            ctx.out
                .report(&report, |out| probe::render_text(&report, out))?;
            if report.interrupted || crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            match report.outcome {
                Outcome::Ok => Ok(()),
                Outcome::Failed => Err(Error::Failed(probe::failure(&report))),
                Outcome::NotConnected => Err(Error::Network(format!(
                    "the probe could not connect: {}",
                    crate::output::visible(report.error.as_deref().unwrap_or("see the report"))
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_prefixes_times_and_stderr_are_taken_off_a_stream_of_reports() {
        let stream = "\u{feff}{\"a\":1}\n\
            [pod/iops-load-1/iops] {\"b\":2}\n\
            2026-12-07T13:00:00.123456789Z {\"c\":3}\n\
            [pod/iops-load-2/iops] 2026-12-07T13:00:01Z iops: the run failed\n\
            {\n  \"d\": [\n    true,\n    null\n  ]\n}\n";
        let (kept, skipped) = without_text_lines(stream);
        assert_eq!(
            kept,
            "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\n  \"d\": [\n    true,\n    null\n  ]\n}\n"
        );
        assert_eq!(skipped, ["iops: the run failed"]);
        // Not a time: kept as it is.
        assert_eq!(without_log_prefix("2026 {\"x\":1}"), "2026 {\"x\":1}");
    }
}
