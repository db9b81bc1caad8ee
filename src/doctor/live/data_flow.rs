//! The data-flow check: the processor has written complete metrics, and messages reach a
//! connected client (an idle socket means nothing is publishing — runbook `000_…`).

use std::time::Duration;

use crate::aws;
use crate::context::Context;
use crate::doctor::{Check, CheckName, Status, first_line};
use crate::error::{Error, Result};
use crate::table::metrics::{self, MetricsRecord};
use crate::ws::probe::ProbeReport;

pub struct Evidence {
    metrics: Option<Metrics>,
    /// What the probe received, when it connected: (messages, first after ms).
    messages: Option<(u64, Option<f64>)>,
    wait: Duration,
    kinesis_stream: Option<String>,
}

enum Metrics {
    Skipped(String),
    Read {
        table: String,
        records: Result<Vec<MetricsRecord>>,
    },
}

pub async fn check(
    ctx: &Context,
    wait: Duration,
    aws_blocked: Option<&str>,
    report: Option<&ProbeReport>,
    probe_skipped: bool,
) -> Check {
    let evidence = gather(ctx, wait, aws_blocked, report).await;
    if probe_skipped && evidence.metrics.is_none() {
        return Check::with(
            CheckName::DataFlow,
            Status::Skip,
            "the probe was skipped (--skip probe), so no message can reach it, and tables.metrics is not set",
            "leave probe in, or set tables.metrics in iops.toml",
        );
    }
    judge(&evidence)
}

async fn gather(
    ctx: &Context,
    wait: Duration,
    aws_blocked: Option<&str>,
    report: Option<&ProbeReport>,
) -> Evidence {
    let metrics = match (ctx.settings.get("tables.metrics"), aws_blocked) {
        (None, _) => None,
        (Some(_), Some(why)) => Some(Metrics::Skipped(why.to_string())),
        (Some(table), None) => Some(Metrics::Read {
            table: table.to_string(),
            records: read_metrics(ctx, table).await,
        }),
    };
    Evidence {
        metrics,
        messages: report
            .filter(|r| r.connected)
            .map(|r| (r.messages_received, r.phases.first_message_ms)),
        wait,
        kinesis_stream: ctx.settings.get("kinesis_stream").map(str::to_string),
    }
}

async fn read_metrics(ctx: &Context, table: &str) -> Result<Vec<MetricsRecord>> {
    metrics::fetch(&aws::dynamodb(ctx.sdk().await?), table, None).await
}

/// One finding: its status, its evidence, and the command that follows it up.
type Part = (Status, String, Option<String>);

fn judge(e: &Evidence) -> Check {
    let name = CheckName::DataFlow;
    let mut parts: Vec<Part> = Vec::new();
    match &e.metrics {
        None => {}
        Some(Metrics::Skipped(why)) => parts.push((Status::Skip, format!("metrics: {why}"), None)),
        Some(Metrics::Read { table, records }) => parts.push(metrics_part(table, records)),
    }
    if let Some((received, first_ms)) = e.messages {
        parts.push(messages_part(e, received, first_ms));
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

fn metrics_part(table: &str, records: &Result<Vec<MetricsRecord>, Error>) -> Part {
    let records = match records {
        Ok(records) => records,
        Err(err) => return (Status::Fail, first_line(err), None),
    };
    let flagged: Vec<&MetricsRecord> = records.iter().filter(|r| !r.missing.is_empty()).collect();
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

fn messages_part(e: &Evidence, received: u64, first_ms: Option<f64>) -> Part {
    let seconds = e.wait.as_secs_f64();
    if received == 0 {
        let simulate = match &e.kinesis_stream {
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
            "{received} message{} reached the probe in {seconds} s (first after {} ms)",
            if received == 1 { "" } else { "s" },
            first_ms.map_or(0.0, |m| m.round())
        ),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, missing: &[&'static str]) -> MetricsRecord {
        MetricsRecord {
            entity_id: id.into(),
            entity_type: None,
            sessions_30d: Some("1".into()),
            avg_rating: Some("4.5".into()),
            health_score: None,
            missing: missing.to_vec(),
        }
    }

    fn evidence(records: Option<Vec<MetricsRecord>>, messages: Option<u64>) -> Evidence {
        Evidence {
            metrics: records.map(|records| Metrics::Read {
                table: "m".into(),
                records: Ok(records),
            }),
            messages: messages.map(|n| (n, Some(12.4))),
            wait: Duration::from_secs(5),
            kinesis_stream: Some("events".into()),
        }
    }

    #[test]
    fn complete_metrics_and_arriving_messages_pass() {
        let check = judge(&evidence(Some(vec![record("a", &[])]), Some(3)));
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "metrics table m: 1 item, every metric present; 3 messages reached the probe in 5 s (first after 12 ms)"
        );
    }

    #[test]
    fn the_worst_part_decides_and_brings_its_next_step() {
        let check = judge(&evidence(
            Some(vec![record("a", &["health_score"])]),
            Some(0),
        ));
        assert_eq!(check.status, Status::Fail);
        assert!(check.next.unwrap().contains("iops metrics --check"));
        let idle = judge(&evidence(Some(vec![record("a", &[])]), Some(0)));
        assert_eq!(idle.status, Status::Warn);
        assert_eq!(
            idle.next.as_deref(),
            Some("iops simulate --to kinesis:events")
        );
    }

    #[test]
    fn an_empty_table_warns_and_nothing_to_judge_is_unconfigured() {
        assert_eq!(judge(&evidence(Some(vec![]), None)).status, Status::Warn);
        assert_eq!(
            judge(&evidence(None, None)).evidence,
            Check::unconfigured(CheckName::DataFlow, "tables.metrics or websocket_url").evidence
        );
    }
}
