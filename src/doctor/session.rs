//! The checks that need a live connection: open a probe marked as ours, watch its record appear
//! in the connections table and disappear after it leaves, then read the logs and the data it
//! produced (probe, connection-record, logs, data-flow).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use jiff::Timestamp;

use super::checks::first_line;
use super::routes::TokenSource;
use super::{Check, CheckName, DoctorArgs, Selection, Status};
use crate::aws;
use crate::connections::{self, Schema};
use crate::context::Context;
use crate::error::Result;
use crate::logs;
use crate::logs::fetch::Query;
use crate::logs::targets::{self, LogTarget};
use crate::redact;
use crate::table::metrics;
use crate::table::{Item, ScanSpec, scan, values};
use crate::ws;
use crate::ws::close::ClosedBy;
use crate::ws::probe::{self, ProbePlan, ProbeReport};
use crate::ws::{Address, TokenPlace};

/// How long a disconnected probe's record may take to disappear ($disconnect runs asynchronously).
const REMOVAL_WAIT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(200);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// CloudWatch filter pattern for the lines `logs stats` counts as errors or timeouts.
const ERROR_PATTERN: &str = "?ERROR ?Error ?\"Task timed out\"";
/// Function roles whose recent errors the logs check counts.
const LOG_ROLES: [&str; 7] = [
    "connect",
    "disconnect",
    "default",
    "authorizer",
    "processor",
    "stream_processor",
    "simulator",
];

/// The probe's record, once seen.
struct Sighting {
    id: String,
    key: Item,
    by_marker: bool,
    after_ms: u128,
}

struct RecordOutcome {
    sighting: Option<Sighting>,
    /// New records that did not carry the marker, when more than one appeared.
    ambiguous: usize,
    removed_after_ms: Option<u128>,
}

pub async fn run(
    ctx: &Context,
    args: &DoctorArgs,
    selection: &Selection,
    aws_blocked: Option<&str>,
) -> Vec<Check> {
    let wanted = [
        CheckName::Probe,
        CheckName::ConnectionRecord,
        CheckName::Logs,
        CheckName::DataFlow,
    ];
    if !wanted.iter().any(|c| selection.has(*c)) {
        return Vec::new();
    }
    let marker = format!("iops-doctor-{:016x}", fastrand::u64(..));
    let plan = plan(ctx, args, &marker);
    let table = ctx
        .settings
        .get("tables.connections")
        .filter(|_| selection.has(CheckName::ConnectionRecord) && aws_blocked.is_none());
    let watcher = match table {
        Some(table) => Some(Watcher::start(ctx, table).await),
        None => None,
    };

    let started_ms = Timestamp::now().as_millisecond();
    let (probe, report, record) = match &plan {
        Ok(plan) => {
            let (report, record) = probe_and_watch(plan.clone(), watcher.as_ref(), &marker).await;
            (probe_check(plan, &report, args.wait), Some(report), record)
        }
        Err(check) => (check.clone(), None, None),
    };

    let mut results = Vec::new();
    if selection.has(CheckName::Probe) {
        results.push(probe);
    }
    if selection.has(CheckName::ConnectionRecord) {
        results.push(record_check(
            ctx,
            aws_blocked,
            watcher.as_ref(),
            report.as_ref(),
            record.as_ref(),
        ));
    }
    let connection_id = record
        .as_ref()
        .and_then(|r| r.as_ref().ok())
        .and_then(|r| r.sighting.as_ref())
        .map(|s| s.id.clone());
    if selection.has(CheckName::Logs) {
        results.push(match aws_blocked {
            Some(why) => Check::with(CheckName::Logs, Status::Skip, why, "fix access first"),
            None => {
                logs_check(
                    ctx,
                    args,
                    report.as_ref(),
                    connection_id.as_deref(),
                    started_ms,
                )
                .await
            }
        });
    }
    if selection.has(CheckName::DataFlow) {
        results.push(data_flow_check(ctx, args, aws_blocked, report.as_ref()).await);
    }
    results
}

/// The probe, marked with the doctor's unique User-Agent and `iops_probe` query parameter so
/// its own record can be told apart from everyone else's.
fn plan(ctx: &Context, args: &DoctorArgs, marker: &str) -> Result<ProbePlan, Check> {
    let base = ws::base_url(ctx, None, &crate::args::StageArg::default()).map_err(|_| {
        Check::unconfigured(CheckName::Probe, "websocket_url (or api_id and stage)")
    })?;
    let token_source = TokenSource::parse(
        ctx.settings.get("token_source").unwrap_or("query:token"),
    )
    .map_err(|e| {
        Check::with(
            CheckName::Probe,
            Status::Fail,
            e,
            "set token_source = \"query:NAME\" or \"header:NAME\" in iops.toml",
        )
    })?;
    let place = match &token_source {
        TokenSource::Query(name) => TokenPlace::Query(name),
        TokenSource::Header(name) => TokenPlace::Header(name),
    };
    let agent = format!("iops-doctor/{} ({marker})", env!("CARGO_PKG_VERSION"));
    let address = Address::new(
        &base,
        vec![("User-Agent".to_string(), agent)],
        args.token.as_ref(),
        place,
        Some(("iops_probe", marker)),
    )
    .map_err(|e| {
        Check::with(
            CheckName::Probe,
            Status::Fail,
            e,
            "fix websocket_url in iops.toml",
        )
    })?;
    Ok(ProbePlan {
        // Each connection phase (DNS, TCP, TLS, upgrade) may take this long; --wait is the hold.
        timeout: CONNECT_TIMEOUT,
        hold: Some(args.wait),
        ..ProbePlan::new(address)
    })
}

async fn probe_and_watch(
    plan: ProbePlan,
    watcher: Option<&Result<Watcher>>,
    marker: &str,
) -> (ProbeReport, Option<Result<RecordOutcome>>) {
    let started = Instant::now();
    let task_plan = plan.clone();
    let handle = tokio::spawn(async move { probe::run(&task_plan).await });
    let watcher = watcher.and_then(|w| w.as_ref().ok());
    let mut outcome = RecordOutcome {
        sighting: None,
        ambiguous: 0,
        removed_after_ms: None,
    };
    let mut failure = None;
    while !handle.is_finished() {
        if let (Some(w), None, None) = (watcher, &outcome.sighting, &failure) {
            match w.look(marker, started).await {
                Ok((sighting, ambiguous)) => {
                    outcome.sighting = sighting;
                    outcome.ambiguous = ambiguous;
                }
                Err(err) => failure = Some(err),
            }
        }
        tokio::time::sleep(POLL).await;
    }
    let report = match handle.await {
        Ok(report) => report,
        Err(err) => {
            return (
                failed_report(&plan, format!("the probe stopped: {err}")),
                failure.map(Err),
            );
        }
    };
    let closed = Instant::now();
    if let (Some(w), Some(sighting), None) = (watcher, &outcome.sighting, &failure) {
        while closed.elapsed() < REMOVAL_WAIT {
            match w.present(&sighting.key).await {
                Ok(false) => {
                    outcome.removed_after_ms = Some(closed.elapsed().as_millis());
                    break;
                }
                Ok(true) => tokio::time::sleep(POLL).await,
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
    }
    let record = match (watcher, failure) {
        (None, _) => None,
        (Some(_), Some(err)) => Some(Err(err)),
        (Some(_), None) => Some(Ok(outcome)),
    };
    (report, record)
}

fn failed_report(plan: &ProbePlan, error: String) -> ProbeReport {
    let mut report = ProbeReport::new(plan);
    report.error = Some(error);
    report
}

struct Watcher {
    client: aws_sdk_dynamodb::Client,
    schema: Schema,
    before: HashSet<String>,
}

impl Watcher {
    /// Reads the table once, so records that appear later can be told from those already there.
    async fn start(ctx: &Context, table: &str) -> Result<Watcher> {
        let client = aws::dynamodb(ctx.sdk().await?);
        let schema = connections::detect(&client, table).await?;
        let before = connections::ids_and_keys(&client, &schema)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        Ok(Watcher {
            client,
            schema,
            before,
        })
    }

    /// The probe's record: one carrying the marker, else the only record new since the start.
    async fn look(&self, marker: &str, started: Instant) -> Result<(Option<Sighting>, usize)> {
        let spec = ScanSpec {
            table: self.schema.table().to_string(),
            segments: vec![(0, 1)],
            concurrency: 1,
            consistent_read: true,
            ..ScanSpec::default()
        };
        let (mut marked, mut new) = (None, Vec::new());
        scan::scan(&self.client, spec, |item| {
            let id = values::string(item, self.schema.id_attribute()).unwrap_or_default();
            if item.values().any(|v| contains(v, marker)) {
                marked = Some((id, connections::key_of(&self.schema, item)));
                return Ok(false);
            }
            if !self.before.contains(&id) {
                new.push((id, connections::key_of(&self.schema, item)));
            }
            Ok(true)
        })
        .await?;
        let after_ms = started.elapsed().as_millis();
        let sighting = |(id, key): (String, Item), by_marker| Sighting {
            id,
            key,
            by_marker,
            after_ms,
        };
        Ok(match (marked, new.len()) {
            (Some(found), _) => (Some(sighting(found, true)), 0),
            (None, 1) => (Some(sighting(new.remove(0), false)), 0),
            (None, n) => (None, n),
        })
    }

    async fn present(&self, key: &Item) -> Result<bool> {
        let got = self
            .client
            .get_item()
            .table_name(self.schema.table())
            .set_key(Some(key.clone()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| aws::error(format!("read from {}", self.schema.table()), e))?;
        Ok(got.item().is_some())
    }
}

fn contains(value: &AttributeValue, marker: &str) -> bool {
    match value {
        AttributeValue::S(s) => s.contains(marker),
        AttributeValue::Ss(list) => list.iter().any(|s| s.contains(marker)),
        AttributeValue::L(list) => list.iter().any(|v| contains(v, marker)),
        AttributeValue::M(map) => map.values().any(|v| contains(v, marker)),
        _ => false,
    }
}

fn probe_check(plan: &ProbePlan, report: &ProbeReport, wait: Duration) -> Check {
    let name = CheckName::Probe;
    let url = redact::url(&plan.url, &plan.token_param);
    if !report.connected {
        let (evidence, next) = match &report.handshake {
            Some(h) => (
                format!("upgrade refused with HTTP {}: {}", h.status, h.explanation),
                h.next.clone(),
            ),
            None => (
                format!(
                    "could not connect: {}",
                    report.error.as_deref().unwrap_or("unknown error")
                ),
                None,
            ),
        };
        let refused_without_token = plan.secrets.is_empty()
            && report
                .handshake
                .as_ref()
                .is_some_and(|h| matches!(h.status, 401 | 403));
        let next = if refused_without_token {
            "pass the token the clients use: iops doctor --token $JWT (or IOPS_TOKEN)".to_string()
        } else {
            next.unwrap_or_else(|| format!("iops ws probe '{url}' -v"))
        };
        return Check::with(name, Status::Fail, evidence, next);
    }
    let phases = &report.phases;
    let connect_ms: f64 = [
        phases.dns_ms,
        phases.tcp_ms,
        phases.tls_ms,
        phases.upgrade_ms,
    ]
    .iter()
    .flatten()
    .sum();
    let connected = format!("connected in {connect_ms:.0} ms");
    match &report.close {
        Some(close) if close.closed_by != ClosedBy::Client => {
            let status = if close.diagnosis.normal {
                Status::Warn
            } else {
                Status::Fail
            };
            Check::with(
                name,
                status,
                format!(
                    "{connected}, then the server closed it after {:.1} s with {} ({}): {}",
                    close.after_ms / 1000.0,
                    close.code,
                    close.diagnosis.name,
                    close.diagnosis.explanation
                ),
                "iops logs tail connect --since 5m",
            )
        }
        _ => Check::pass(
            name,
            format!("{connected} and held {} s", wait.as_secs_f64()),
        ),
    }
}

fn record_check(
    ctx: &Context,
    aws_blocked: Option<&str>,
    watcher: Option<&Result<Watcher>>,
    report: Option<&ProbeReport>,
    record: Option<&Result<RecordOutcome>>,
) -> Check {
    let name = CheckName::ConnectionRecord;
    if let Some(why) = aws_blocked {
        return Check::with(name, Status::Skip, why, "fix access first");
    }
    let Some(table) = ctx.settings.get("tables.connections") else {
        return Check::unconfigured(name, "tables.connections");
    };
    if let Some(Err(err)) = watcher {
        return Check::from_error(name, err);
    }
    let Some(report) = report.filter(|r| r.connected) else {
        return Check::with(
            name,
            Status::Skip,
            "the probe did not connect, so there is no record to look for",
            "fix the probe first",
        );
    };
    let outcome = match record {
        Some(Ok(outcome)) => outcome,
        Some(Err(err)) => return Check::from_error(name, err),
        None => return Check::with(name, Status::Skip, "not watched", "iops connections list"),
    };
    let Some(sighting) = &outcome.sighting else {
        let closed = report
            .close
            .as_ref()
            .filter(|c| c.closed_by != ClosedBy::Client)
            .map(|c| format!(" (and the server closed it with {})", c.code))
            .unwrap_or_default();
        let ambiguous = if outcome.ambiguous > 1 {
            format!(
                "; {} other new records appeared, none carrying the probe's marker",
                outcome.ambiguous
            )
        } else {
            String::new()
        };
        return Check::with(
            name,
            Status::Fail,
            format!(
                "no record for the probe appeared in {table} while it was connected{closed}{ambiguous}: $connect is not writing the connection record, which makes API Gateway drop the socket with 1005 (runbook 003)"
            ),
            "iops logs tail connect --since 5m --grep error -i",
        );
    };
    let how = if sighting.by_marker {
        "carrying the probe's marker"
    } else {
        "the only new record"
    };
    match outcome.removed_after_ms {
        Some(ms) => Check::pass(
            name,
            format!(
                "record {} ({how}) appeared in {table} within {} ms and was removed {ms} ms after the probe disconnected",
                sighting.id, sighting.after_ms
            ),
        ),
        None => Check::with(
            name,
            Status::Fail,
            format!(
                "record {} ({how}) appeared in {table} but was still there {} s after the probe disconnected: $disconnect is not deleting it (stale records make broadcasts fail with 410 Gone)",
                sighting.id,
                REMOVAL_WAIT.as_secs()
            ),
            "iops logs tail disconnect --since 5m; iops connections prune --yes",
        ),
    }
}

/// The configured roles' log groups, labelled by role, and the roles that matched nothing.
async fn resolve_roles(ctx: &Context, roles: &[&str]) -> (Vec<LogTarget>, Vec<String>) {
    let roles: Vec<String> = roles
        .iter()
        .filter(|role| ctx.settings.function(role).is_some())
        .map(|role| role.to_string())
        .collect();
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    let resolved = match targets::resolve_each(ctx, &roles).await {
        Ok(resolved) => resolved,
        Err(err) => return (found, vec![first_line(&err)]),
    };
    for (role, targets) in roles.iter().zip(resolved) {
        match targets {
            Ok(targets) => found.extend(targets.into_iter().map(|t| LogTarget {
                label: role.clone(),
                ..t
            })),
            Err(err) => problems.push(format!("{role}: {}", first_line(&err))),
        }
    }
    (found, problems)
}

async fn logs_check(
    ctx: &Context,
    args: &DoctorArgs,
    report: Option<&ProbeReport>,
    connection_id: Option<&str>,
    probe_start_ms: i64,
) -> Check {
    let name = CheckName::Logs;
    let (targets, problems) = resolve_roles(ctx, &LOG_ROLES).await;
    if targets.is_empty() && problems.is_empty() {
        return Check::unconfigured(name, "functions.connect (and the other roles)");
    }
    if !problems.is_empty() {
        return Check::with(
            name,
            Status::Fail,
            format!("no log group for {}", problems.join("; ")),
            "iops logs groups; check [functions] in iops.toml",
        );
    }
    let since_ms = args.since.as_millis().min(probe_start_ms);
    // Only error and timeout lines travel: a busy function's 15 minutes of logs stay on AWS.
    let window = Query {
        start_ms: since_ms,
        filter_pattern: Some(ERROR_PATTERN.into()),
        ..Query::default()
    };
    let stats = match logs::summarize(ctx, &targets, &window).await {
        Ok(stats) => stats,
        Err(err) => return Check::from_error(name, &err),
    };
    let (window, since) = (args.since.describe(), args.since.text());
    let troubled: Vec<String> = stats
        .iter()
        .filter(|s| s.errors > 0 || s.timeouts > 0)
        .map(|s| {
            format!(
                "{}: {} error{}, {} timeout{}",
                s.function,
                s.errors,
                if s.errors == 1 { "" } else { "s" },
                s.timeouts,
                if s.timeouts == 1 { "" } else { "s" }
            )
        })
        .collect();
    if !troubled.is_empty() {
        let names: Vec<&str> = stats
            .iter()
            .filter(|s| s.errors > 0 || s.timeouts > 0)
            .map(|s| s.function.as_str())
            .collect();
        return Check::with(
            name,
            Status::Fail,
            format!("in {window}: {}", troubled.join("; ")),
            format!(
                "iops logs tail {} --since {since} --grep 'ERROR|Task timed out'",
                names.join(" ")
            ),
        );
    }
    let quiet = format!(
        "no ERROR or timeout in {} function{} in {window}",
        stats.len(),
        if stats.len() == 1 { "" } else { "s" }
    );
    let connected = report.is_some_and(|r| r.connected);
    let handlers: Vec<LogTarget> = targets
        .iter()
        .filter(|t| connected && (t.label == "connect" || t.label == "disconnect"))
        .cloned()
        .collect();
    if handlers.is_empty() {
        return Check::pass(name, quiet);
    }
    let probe_window = Query {
        start_ms: probe_start_ms - 1000,
        end_ms: None,
        filter_pattern: connection_id.map(|id| format!("\"{id}\"")),
        stream_prefix: None,
    };
    let counts = match logs::count(ctx, &handlers, &probe_window).await {
        Ok(counts) => counts,
        Err(err) => return Check::from_error(name, &err),
    };
    let about = connection_id.map_or(String::new(), |id| format!(" about {id}"));
    let (heard, silent): (Vec<_>, Vec<_>) =
        handlers.iter().zip(&counts).partition(|(_, n)| **n > 0);
    let roles = |list: &[(&LogTarget, &u64)]| {
        list.iter()
            .map(|(t, _)| t.label.as_str())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if silent.is_empty() {
        return Check::pass(
            name,
            format!(
                "{} logged the probe's connection{about}; {quiet}",
                roles(&heard)
            ),
        );
    }
    Check::with(
        name,
        Status::Warn,
        format!(
            "{} logged nothing{about} in the {} s since the probe connected (CloudWatch delivery can lag ~10 s; a handler that never runs logs nothing); {quiet}",
            roles(&silent),
            (Timestamp::now().as_millisecond() - probe_start_ms) / 1000
        ),
        format!(
            "iops logs tail {} --since 5m",
            roles(&silent).replace(" and ", " ")
        ),
    )
}

async fn data_flow_check(
    ctx: &Context,
    args: &DoctorArgs,
    aws_blocked: Option<&str>,
    report: Option<&ProbeReport>,
) -> Check {
    let name = CheckName::DataFlow;
    let mut parts: Vec<(Status, String, Option<String>)> = Vec::new();
    match (ctx.settings.get("tables.metrics"), aws_blocked) {
        (None, _) => {}
        (Some(_), Some(why)) => parts.push((Status::Skip, format!("metrics: {why}"), None)),
        (Some(table), None) => parts.push(metrics_part(ctx, table).await),
    }
    if let Some(report) = report.filter(|r| r.connected) {
        parts.push(messages_part(ctx, report, args.wait));
    }
    if parts.is_empty() {
        return Check::unconfigured(name, "tables.metrics or websocket_url");
    }
    let status = parts.iter().map(|p| p.0).max().unwrap_or(Status::Pass);
    let evidence = parts
        .iter()
        .map(|p| p.1.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let next = parts
        .iter()
        .filter(|p| p.0 == status)
        .find_map(|p| p.2.clone());
    Check {
        name,
        status,
        evidence,
        next,
    }
}

async fn metrics_part(ctx: &Context, table: &str) -> (Status, String, Option<String>) {
    let records = match ctx.sdk().await {
        Ok(sdk) => metrics::fetch(&aws::dynamodb(sdk), table, None).await,
        Err(err) => Err(err),
    };
    let records = match records {
        Ok(records) => records,
        Err(err) => return (Status::Fail, first_line(&err), None),
    };
    let flagged: Vec<&metrics::MetricsRecord> =
        records.iter().filter(|r| !r.missing.is_empty()).collect();
    let summary = metrics::summarize(records.len(), &flagged);
    if records.is_empty() {
        (
            Status::Warn,
            format!("metrics table {table} is empty: the processor has written nothing"),
            Some("iops simulate --to kinesis (then `iops metrics`)".into()),
        )
    } else if !flagged.is_empty() {
        (
            Status::Fail,
            format!("metrics table {table}: {summary}"),
            Some("iops logs tail processor stream_processor --since 1h --grep error -i; iops metrics --check".into()),
        )
    } else {
        (
            Status::Pass,
            format!("metrics table {table}: {summary}"),
            None,
        )
    }
}

fn messages_part(
    ctx: &Context,
    report: &ProbeReport,
    wait: Duration,
) -> (Status, String, Option<String>) {
    let seconds = wait.as_secs_f64();
    if report.messages_received == 0 {
        let simulate = match ctx.settings.get("kinesis_stream") {
            Some(stream) => format!("iops simulate --to kinesis:{stream}"),
            None => "iops simulate --to kinesis:STREAM".into(),
        };
        return (
            Status::Warn,
            format!(
                "no message reached the probe in {seconds} s: the socket is idle, nothing is publishing (runbook 000; API Gateway closes idle sockets after 10 minutes)"
            ),
            Some(simulate),
        );
    }
    (
        Status::Pass,
        format!(
            "{} message{} reached the probe in {seconds} s (first after {} ms)",
            report.messages_received,
            if report.messages_received == 1 {
                ""
            } else {
                "s"
            },
            report.phases.first_message_ms.map_or(0.0, |m| m.round())
        ),
        None,
    )
}
