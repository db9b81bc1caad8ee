//! The checks that need a live connection: open a probe marked as ours, watch its record appear
//! in the connections table and disappear after it leaves, then read the logs and the data it
//! produced (probe, connection-record, logs, data-flow). Each gathers its evidence, then judges
//! it in a pure function.

mod data_flow;
mod logs;
mod probe;
mod record;

use std::time::Duration;

use jiff::Timestamp;

use super::{Check, CheckName, DoctorArgs, Selection, Status};
use crate::context::Context;

/// How long a disconnected probe's record may take to disappear ($disconnect runs asynchronously).
const REMOVAL_WAIT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(200);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
    // `--skip probe` opens no WebSocket at all: the checks that follow the probe say it was
    // skipped rather than judging a connection that never happened.
    let marker = format!("iops-doctor-{:016x}", fastrand::u64(..));
    let plan = selection
        .has(CheckName::Probe)
        .then(|| probe::plan(ctx, args, &marker));
    let table = ctx.settings.get("tables.connections").filter(|_| {
        selection.has(CheckName::ConnectionRecord)
            && aws_blocked.is_none()
            && matches!(plan, Some(Ok(_)))
    });
    let watcher = match table {
        Some(table) => Some(record::Watcher::start(ctx, table).await),
        None => None,
    };

    let started_ms = Timestamp::now().as_millisecond();
    let (probe, report, record) = match &plan {
        Some(Ok(plan)) => {
            let (report, record) =
                probe::probe_and_watch(plan.clone(), watcher.as_ref(), &marker).await;
            (
                Some(probe::judge(plan, &report, args.wait)),
                Some(report),
                record,
            )
        }
        Some(Err(check)) => (Some(check.clone()), None, None),
        None => (None, None, None),
    };
    let probed = match (&probe, &report) {
        (_, Some(report)) => record::Probed::Ran(report),
        (Some(check), None) => record::Probed::NotRun(check),
        (None, _) => record::Probed::Skipped,
    };

    let mut results = Vec::new();
    if let Some(probe) = &probe {
        results.push(probe.clone());
    }
    if selection.has(CheckName::ConnectionRecord) {
        results.push(record::judge(
            ctx.settings.get("tables.connections"),
            aws_blocked,
            watcher.as_ref(),
            probed,
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
                logs::check(
                    ctx,
                    args,
                    report.as_ref().is_some_and(|r| r.connected),
                    connection_id.as_deref(),
                    started_ms,
                )
                .await
            }
        });
    }
    if selection.has(CheckName::DataFlow) {
        results.push(
            data_flow::check(ctx, args.wait, aws_blocked, report.as_ref(), plan.is_none()).await,
        );
    }
    results
}
