//! `iops doctor`: the runbooks' troubleshooting checklist in one command. Each check reuses the
//! fetch code of the command that owns its subject (deploy, ws probe, connections, logs,
//! metrics) and ends as pass / warn / fail / skip with one line of evidence and the next command.

mod access;
mod deployment;
mod environment;
mod live;
mod permissions;
mod pipeline;
mod queue;
mod routes;

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use console::style;
use indicatif::ProgressBar;
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Format, Record};
use crate::timespec;

const DOCTOR_HELP: &str = "\
Checks, in order: access (credentials, region, every configured resource exists), routes ($connect,
$disconnect, $default integrated; authorizer on $connect; identity source matches token_source),
deployment (stage on the newest deployment), probe (a WebSocket connects and holds --wait; left
out, no WebSocket is opened), connection-record (the probe's record appears, then disappears after
it disconnects), logs (connect and disconnect logged the probe; no recent ERROR or timeout; none
read is a warning), data-flow (metrics non-null; messages reach the probe), pipeline (Kinesis
stream active, event source mapping enabled), queue (each configured SQS queue's consumers enabled,
its DLQ empty, its visibility timeout at least 6x the consumers' timeout), environment (function
variables naming the WebSocket domain, stage or endpoint point at the configured API and stage, and
come in pairs), permissions (the functions that post to connections may call
execute-api:ManageConnections on the stage: IAM SimulatePrincipalPolicy; an IAM server error is a
skip, not a verdict).

Exit codes: 0 nothing failed (warnings allowed), 1 a check failed, 2 bad input.

Examples:
  iops doctor --env prod
  iops doctor --only probe,connection-record --token $JWT
  iops doctor --skip logs -o json";

#[derive(Debug, Args)]
#[command(after_help = DOCTOR_HELP)]
pub struct DoctorArgs {
    /// Run only these checks
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CHECK,...")]
    pub only: Vec<CheckName>,

    /// Leave these checks out
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CHECK,...")]
    pub skip: Vec<CheckName>,

    /// How long the probe stays connected, waiting for messages
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = timespec::parse_duration)]
    pub wait: Duration,

    /// Look for recent errors in the logs since TIME [default: 15m ago]
    #[arg(long, value_name = "TIME", default_value = "15m", hide_default_value = true, value_parser = crate::args::Time::parse)]
    pub since: crate::args::Time,

    /// Token the probe sends where token_source says (query:token by default; redacted everywhere)
    #[arg(long, value_name = "TOKEN", env = "IOPS_TOKEN", hide_env_values = true)]
    pub token: Option<crate::secret::Secret>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckName {
    Access,
    Routes,
    Deployment,
    Probe,
    ConnectionRecord,
    Logs,
    DataFlow,
    Pipeline,
    Queue,
    Environment,
    Permissions,
}

impl CheckName {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Access => "access",
            CheckName::Routes => "routes",
            CheckName::Deployment => "deployment",
            CheckName::Probe => "probe",
            CheckName::ConnectionRecord => "connection-record",
            CheckName::Logs => "logs",
            CheckName::DataFlow => "data-flow",
            CheckName::Pipeline => "pipeline",
            CheckName::Queue => "queue",
            CheckName::Environment => "environment",
            CheckName::Permissions => "permissions",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Skip,
    Warn,
    Fail,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Skip => "skip",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: CheckName,
    pub status: Status,
    pub evidence: String,
    pub next: Option<String>,
}

impl Check {
    pub fn pass(name: CheckName, evidence: impl Into<String>) -> Check {
        Check {
            name,
            status: Status::Pass,
            evidence: evidence.into(),
            next: None,
        }
    }

    pub fn with(
        name: CheckName,
        status: Status,
        evidence: impl Into<String>,
        next: impl Into<String>,
    ) -> Check {
        Check {
            name,
            status,
            evidence: evidence.into(),
            next: Some(next.into()),
        }
    }

    /// A check whose resource is not configured: the key to set is the next step.
    pub fn unconfigured(name: CheckName, keys: &str) -> Check {
        Check::with(
            name,
            Status::Skip,
            format!("not configured: {keys} not set"),
            format!("set {keys} in iops.toml, or run `iops init --stack NAME`"),
        )
    }

    /// An error while checking is the check's failure, with the error's own hint as next step.
    pub fn from_error(name: CheckName, err: &Error) -> Check {
        let (evidence, hint) = match err {
            Error::Aws(failure) => (failure.summary(), failure.hint.clone()),
            other => (other.to_string(), None),
        };
        Check {
            name,
            status: Status::Fail,
            evidence,
            next: hint.or_else(|| Some("run again with -vv to see every AWS request".into())),
        }
    }
}

impl Record for Check {
    fn headers() -> &'static [&'static str] {
        &["name", "status", "evidence", "next"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.name.as_str().into(),
            self.status.as_str().into(),
            self.evidence.clone(),
            self.next.clone().unwrap_or_default(),
        ]
    }
}

#[derive(Debug, Serialize)]
struct Summary {
    pass: usize,
    warn: usize,
    fail: usize,
    skip: usize,
    seconds: f64,
}

#[derive(Debug, Serialize)]
struct DoctorReport<'a> {
    checks: &'a [Check],
    summary: Summary,
}

/// The checks to run, in the documented order.
pub struct Selection(Vec<CheckName>);

impl Selection {
    fn new(only: &[CheckName], skip: &[CheckName]) -> Result<Selection> {
        // The enum's order is the documented order.
        let chosen: Vec<CheckName> = CheckName::value_variants()
            .iter()
            .copied()
            .filter(|c| only.is_empty() || only.contains(c))
            .filter(|c| !skip.contains(c))
            .collect();
        if chosen.is_empty() {
            return Err(Error::usage("--only and --skip leave no check to run"));
        }
        Ok(Selection(chosen))
    }

    pub fn has(&self, name: CheckName) -> bool {
        self.0.contains(&name)
    }
}

pub async fn run(ctx: &Context, args: DoctorArgs) -> Result<()> {
    let selection = Selection::new(&args.only, &args.skip)?;
    let started = Instant::now();
    let progress = Progress::new(ctx, &selection);
    let results = tokio::select! {
        results = run_checks(ctx, &args, &selection, &progress) => results,
        () = crate::interrupt::wait() => {
            progress.bar.finish_and_clear();
            return Err(Error::Interrupted);
        }
    };
    progress.bar.finish_and_clear();
    render(ctx, &results, started.elapsed(), progress.live)?;
    let failed: Vec<&str> = results
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| c.name.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Failed(format!(
            "{} check{} failed: {}",
            failed.len(),
            if failed.len() == 1 { "" } else { "s" },
            failed.join(", ")
        )))
    }
}

/// The first line of an error, for one line of evidence.
pub use crate::error::first_line;

/// Access first (its failure skips the other AWS checks), then everything else at once.
async fn run_checks(
    ctx: &Context,
    args: &DoctorArgs,
    selection: &Selection,
    progress: &Progress,
) -> Vec<Check> {
    let mut results = Vec::new();
    let mut aws_blocked = None;
    if selection.has(CheckName::Access) {
        let (access, credentials_work) = access::judge(&access::gather(ctx).await);
        progress.finished(&access);
        results.push(access);
        if !credentials_work {
            aws_blocked = Some("needs AWS access, which failed (see access)");
        }
    }
    let optional = |name, run| optional(selection, name, aws_blocked, progress, run);
    let (routes, deployment, pipeline, queue, environment, permissions, session) = tokio::join!(
        optional(CheckName::Routes, Box::pin(routes::check(ctx))),
        optional(CheckName::Deployment, Box::pin(deployment::check(ctx))),
        optional(CheckName::Pipeline, Box::pin(pipeline::check(ctx))),
        optional(CheckName::Queue, Box::pin(queue::check(ctx))),
        optional(CheckName::Environment, Box::pin(environment::check(ctx))),
        optional(CheckName::Permissions, Box::pin(permissions::check(ctx))),
        async {
            let checks = live::run(ctx, args, selection, aws_blocked).await;
            for check in &checks {
                progress.finished(check);
            }
            checks
        },
    );
    results.extend(routes);
    results.extend(deployment);
    results.extend(session);
    results.extend(pipeline);
    results.extend(queue);
    results.extend(environment);
    results.extend(permissions);
    results
}

/// Runs a selected check (skipped when AWS access already failed) and counts it as finished.
/// Futures are lazy: an unselected check's future is dropped without making a call.
async fn optional(
    selection: &Selection,
    name: CheckName,
    blocked: Option<&str>,
    progress: &Progress,
    run: Pin<Box<dyn Future<Output = Check> + Send + '_>>,
) -> Option<Check> {
    if !selection.has(name) {
        return None;
    }
    let check = match blocked {
        Some(why) => Check::with(name, Status::Skip, why, "fix access first"),
        None => run.await,
    };
    progress.finished(&check);
    Some(check)
}

/// The step counter naming the checks still running, and, when the report is text on a
/// terminal, each check's line printed the moment it finishes.
struct Progress {
    bar: ProgressBar,
    running: std::sync::Mutex<Vec<CheckName>>,
    live: bool,
}

impl Progress {
    fn new(ctx: &Context, selection: &Selection) -> Progress {
        let bar = ctx.out.steps(selection.0.len() as u64, "checks");
        let live = !bar.is_hidden()
            && ctx.out.explicit_format.is_none()
            && ctx.out.format == Format::Table;
        let progress = Progress {
            bar,
            running: std::sync::Mutex::new(selection.0.clone()),
            live,
        };
        progress.show_running(&selection.0);
        progress
    }

    fn show_running(&self, running: &[CheckName]) {
        let names: Vec<&str> = running.iter().map(|c| c.as_str()).collect();
        self.bar
            .set_message(format!("running: {}", names.join(", ")));
    }

    fn finished(&self, check: &Check) {
        self.bar.inc(1);
        let mut running = self.running.lock().expect("progress lock");
        running.retain(|name| *name != check.name);
        self.show_running(&running);
        if self.live {
            self.bar.suspend(|| {
                let _ = std::io::Write::write_fmt(
                    &mut std::io::stdout().lock(),
                    format_args!("{}\n", line(check)),
                );
            });
        }
    }
}

fn summary(results: &[Check], elapsed: Duration) -> Summary {
    let count = |s: Status| results.iter().filter(|c| c.status == s).count();
    Summary {
        pass: count(Status::Pass),
        warn: count(Status::Warn),
        fail: count(Status::Fail),
        skip: count(Status::Skip),
        seconds: (elapsed.as_secs_f64() * 10.0).round() / 10.0,
    }
}

/// One check as text; colored only where `console` has colors enabled (see `Output::new`).
fn line(check: &Check) -> String {
    let label = check.status.as_str().to_uppercase();
    let label = match check.status {
        Status::Pass => style(label).green(),
        Status::Warn => style(label).yellow(),
        Status::Fail => style(label).red().bold(),
        Status::Skip => style(label).dim(),
    };
    let mut text = format!(
        "{label}  {:<17} {}",
        check.name.as_str(),
        crate::output::visible(&check.evidence)
    );
    if let Some(next) = &check.next {
        text.push_str(&format!("\n      {:<17} next: {next}", ""));
    }
    text
}

/// `already_shown`: the check lines went out as they finished; only the summary is left.
fn render(ctx: &Context, results: &[Check], elapsed: Duration, already_shown: bool) -> Result<()> {
    if matches!(ctx.out.format, Format::Ndjson | Format::Csv) {
        return ctx.out.print(results);
    }
    let report = DoctorReport {
        checks: results,
        summary: summary(results, elapsed),
    };
    ctx.out.report(&report, |out| {
        for check in results.iter().filter(|_| !already_shown) {
            writeln!(out, "{}", line(check))?;
        }
        let s = &report.summary;
        writeln!(
            out,
            "\n{} passed, {} warned, {} failed, {} skipped in {:.1} s",
            s.pass, s.warn, s.fail, s.skip, s.seconds
        )
    })
}
