//! `iops logs stats --insights`: the same figures computed server-side by CloudWatch Logs
//! Insights, for windows too long to read line by line. StartQuery takes epoch seconds; results
//! are polled until complete and hold at most 10,000 rows (one per function, or per function and
//! bucket with `--by`), which is checked.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::types::QueryStatus;
use jiff::tz::TimeZone;

use super::fetch::Query;
use super::stats::StatsRecord;
use super::targets::LogTarget;
use crate::aws;
use crate::error::{Error, Result};
use crate::interrupt;
use crate::timespec;

/// Logs Insights returns at most this many rows.
const MAX_ROWS: usize = 10_000;
/// StartQuery accepts at most 50 log groups.
const MAX_GROUPS: usize = 50;

/// Lambda's REPORT fields: @duration and @billedDuration in ms, @memorySize and @maxMemoryUsed in bytes.
const REPORT_QUERY: &str = "filter @type = \"REPORT\" \
| stats count(*) as invocations, count(@initDuration) as cold_starts, \
pct(@duration, 50) as p50, pct(@duration, 95) as p95, pct(@duration, 99) as p99, max(@duration) as max_duration, \
avg(@initDuration) as init_avg, max(@initDuration) as init_max, max(@memorySize) as memory_size, \
max(@maxMemoryUsed) as max_memory_used, sum(@billedDuration * @memorySize) as billed_ms_bytes, \
sum(strcontains(@message, \"Status: timeout\")) as report_timeouts";

const ERROR_QUERY: &str = "filter @message like /ERROR/ or @message like /Task timed out/ \
| stats sum(strcontains(@message, \"ERROR\")) as errors, sum(strcontains(@message, \"Task timed out\")) as timeouts";

type Row = BTreeMap<String, String>;

pub async fn stats(
    client: &Client,
    targets: &[LogTarget],
    query: &Query,
    by: Option<Duration>,
) -> Result<Vec<StatsRecord>> {
    if targets.len() > MAX_GROUPS {
        return Err(Error::usage(format!(
            "--insights queries at most {MAX_GROUPS} log groups at once; {} matched: narrow the targets",
            targets.len()
        )));
    }
    let grouping = match by {
        Some(size) => format!(" by @log, bin({}s) as bucket", size.as_secs().max(1)),
        None => " by @log".to_string(),
    };
    let reports = run(client, targets, query, &format!("{REPORT_QUERY}{grouping}")).await?;
    let errors = run(client, targets, query, &format!("{ERROR_QUERY}{grouping}")).await?;
    let key = |row: &Row| (row.get("bucket").cloned(), group_of(row));
    let errors: BTreeMap<_, Row> = errors.into_iter().map(|row| (key(&row), row)).collect();
    let mut records: Vec<StatsRecord> = reports
        .iter()
        .map(|row| {
            let label = targets
                .iter()
                .find(|t| t.group == group_of(row))
                .map_or_else(|| group_of(row), |t| t.label.clone());
            let failures = errors.get(&key(row));
            record(row, failures, label)
        })
        .collect();
    records.sort_by(|a, b| (&a.bucket, &a.function).cmp(&(&b.bucket, &b.function)));
    Ok(records)
}

/// `123456789012:/aws/lambda/name` → `/aws/lambda/name`.
fn group_of(row: &Row) -> String {
    let log = row.get("@log").map_or("", String::as_str);
    log.split_once(':')
        .map_or(log, |(_, group)| group)
        .to_string()
}

fn number(row: Option<&Row>, field: &str) -> Option<f64> {
    row?.get(field)?.parse().ok()
}

fn record(row: &Row, failures: Option<&Row>, function: String) -> StatsRecord {
    let get = |field: &str| number(Some(row), field);
    let round2 = |v: f64| (v * 100.0).round() / 100.0;
    let mb = |bytes: f64| (bytes / 1_048_576.0).round() as u32;
    let invocations = get("invocations").unwrap_or(0.0) as u64;
    let memory_size_mb = get("memory_size").map(mb).filter(|m| *m > 0);
    let max_memory_used_mb = get("max_memory_used").map(mb).filter(|m| *m > 0);
    let timeouts = number(failures, "timeouts")
        .unwrap_or(0.0)
        .max(get("report_timeouts").unwrap_or(0.0));
    StatsRecord {
        bucket: row.get("bucket").map(|b| bucket_time(b)),
        function,
        invocations,
        errors: number(failures, "errors").unwrap_or(0.0) as u64,
        timeouts: timeouts as u64,
        cold_starts: get("cold_starts").unwrap_or(0.0) as u64,
        p50_ms: get("p50").map(round2),
        p95_ms: get("p95").map(round2),
        p99_ms: get("p99").map(round2),
        max_ms: get("max_duration").map(round2),
        percentiles: crate::percentile::Method::Insights,
        init_avg_ms: get("init_avg").map(round2),
        init_max_ms: get("init_max").map(round2),
        memory_size_mb,
        max_memory_used_mb,
        memory_headroom_pct: memory_size_mb.zip(max_memory_used_mb).map(|(size, used)| {
            ((1.0 - f64::from(used) / f64::from(size)) * 1000.0).round() / 10.0
        }),
        // ms × bytes → GB-s: / 1000 (s) / 1024³ (GB).
        billed_gb_s: (get("billed_ms_bytes").unwrap_or(0.0) / 1000.0 / 1_073_741_824.0 * 10_000.0)
            .round()
            / 10_000.0,
    }
}

/// Insights prints bins as `2026-11-25 12:03:00.000` (UTC).
fn bucket_time(text: &str) -> String {
    text.parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|dt| dt.to_zoned(TimeZone::UTC).ok())
        .map_or_else(
            || text.to_string(),
            |z| timespec::format_millis(z.timestamp()),
        )
}

async fn run(
    client: &Client,
    targets: &[LogTarget],
    query: &Query,
    text: &str,
) -> Result<Vec<Row>> {
    let end_ms = query
        .end_ms
        .unwrap_or_else(|| jiff::Timestamp::now().as_millisecond());
    let started = client
        .start_query()
        .set_log_group_names(Some(targets.iter().map(|t| t.group.clone()).collect()))
        .start_time(query.start_ms.div_euclid(1000))
        .end_time(end_ms.div_euclid(1000) + 1)
        .query_string(text)
        .send()
        .await
        .map_err(|e| aws::error("start a Logs Insights query", e))?;
    let id = started.query_id().unwrap_or_default().to_string();
    tracing::debug!(query_id = id, query = text, "Logs Insights query started");
    loop {
        let results = client
            .get_query_results()
            .query_id(&id)
            .send()
            .await
            .map_err(|e| aws::error(format!("read Logs Insights query {id}"), e))?;
        match results.status() {
            Some(QueryStatus::Complete) => {
                let rows: Vec<Row> = results
                    .results()
                    .iter()
                    .map(|fields| {
                        fields
                            .iter()
                            .filter_map(|f| Some((f.field()?.to_string(), f.value()?.to_string())))
                            .collect()
                    })
                    .collect();
                if rows.len() >= MAX_ROWS {
                    return Err(Error::Failed(format!(
                        "Logs Insights returned its maximum of {MAX_ROWS} rows, so figures would be incomplete: use a larger --by or a shorter window"
                    )));
                }
                return Ok(rows);
            }
            Some(QueryStatus::Scheduled | QueryStatus::Running) | None => {}
            Some(other) => {
                return Err(Error::Failed(format!(
                    "Logs Insights query {id} ended {other}"
                )));
            }
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
            () = interrupt::wait() => return Err(Error::Interrupted),
        }
    }
}
