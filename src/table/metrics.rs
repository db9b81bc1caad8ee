//! `iops metrics`: the seed's metrics table (entity_id, entity_type, sessions_30d, avg_rating,
//! health_score) with exact numbers, and the seed's failure mode made loud: items whose metrics
//! are null or missing are flagged and counted (`--check` exits 1 on any).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use clap::Args;
use serde::Serialize;

use super::condition::Filter;
use super::number::Number;
use super::values::{self, Item};
use super::{ScanSpec, scan};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Record, cell};

const METRICS: [&str; 3] = ["sessions_30d", "avg_rating", "health_score"];

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub table: crate::args::MetricsTable,

    /// Only this entity type (e.g. stream)
    #[arg(long, value_name = "TYPE")]
    pub entity_type: Option<String>,

    /// Sort by this metric, largest first
    #[arg(long, value_enum, value_name = "FIELD")]
    pub sort: Option<SortField>,

    /// Only the first N after sorting
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: Option<u64>,

    /// Exit 1 when any item has a null or missing metric
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum SortField {
    #[value(name = "sessions_30d")]
    Sessions30d,
    AvgRating,
    HealthScore,
}

impl SortField {
    fn attribute(self) -> &'static str {
        match self {
            SortField::Sessions30d => "sessions_30d",
            SortField::AvgRating => "avg_rating",
            SortField::HealthScore => "health_score",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricsRecord {
    pub entity_id: String,
    pub entity_type: Option<String>,
    #[serde(serialize_with = "values::serialize_exact")]
    pub sessions_30d: Option<String>,
    #[serde(serialize_with = "values::serialize_exact")]
    pub avg_rating: Option<String>,
    #[serde(serialize_with = "values::serialize_exact")]
    pub health_score: Option<String>,
    /// Metrics that are null or missing: the processor never wrote them.
    pub missing: Vec<&'static str>,
}

impl Record for MetricsRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "entity_id",
            "entity_type",
            "sessions_30d",
            "avg_rating",
            "health_score",
            "missing",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.entity_id.clone(),
            cell(&self.entity_type),
            cell(&self.sessions_30d),
            cell(&self.avg_rating),
            cell(&self.health_score),
            self.missing.join(";"),
        ]
    }

    fn table_cells(&self) -> Vec<String> {
        let mut cells = self.cells();
        if !self.missing.is_empty() {
            cells[5] = format!("⚠ {}", self.missing.join(", "));
        }
        cells
    }
}

fn record(item: &Item) -> MetricsRecord {
    let [sessions_30d, avg_rating, health_score] = METRICS.map(|m| values::number_text(item, m));
    let missing = METRICS
        .into_iter()
        .zip([&sessions_30d, &avg_rating, &health_score])
        .filter(|(_, v)| v.is_none())
        .map(|(m, _)| m)
        .collect();
    MetricsRecord {
        entity_id: values::string(item, "entity_id").unwrap_or_default(),
        entity_type: values::string(item, "entity_type"),
        sessions_30d,
        avg_rating,
        health_score,
        missing,
    }
}

/// Every item of the metrics table as a record, missing metrics flagged.
pub async fn fetch(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    filter: Option<Filter>,
) -> Result<Vec<MetricsRecord>> {
    Ok(read(client, table, filter).await?.records)
}

/// The records a scan returned, and how many items it read to find them.
struct Read {
    records: Vec<MetricsRecord>,
    scanned: u64,
}

async fn read(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    filter: Option<Filter>,
) -> Result<Read> {
    let spec = ScanSpec {
        table: table.to_string(),
        filter,
        segments: vec![(0, 1)],
        concurrency: 1,
        ..ScanSpec::default()
    };
    let mut records = Vec::new();
    let summary = scan::scan(client, spec, |item| {
        records.push(record(item));
        Ok(true)
    })
    .await?;
    Ok(Read {
        records,
        scanned: summary.scanned,
    })
}

/// `entity_type = TYPE` with the type as a value, never spliced into the expression: any
/// character of it (quotes included) is compared as given.
fn entity_type_filter(kind: &str) -> Filter {
    Filter {
        expression: "#entity_type = :entity_type".to_string(),
        names: HashMap::from([("#entity_type".to_string(), "entity_type".to_string())]),
        values: HashMap::from([(
            ":entity_type".to_string(),
            AttributeValue::S(kind.to_string()),
        )]),
    }
}

/// The metric as an exact number. Only an absent or NULL metric is None: a number attribute's
/// text always parses, whatever its digits or exponent.
fn sort_key(record: &MetricsRecord, field: SortField) -> Option<Number> {
    let text = match field {
        SortField::Sessions30d => &record.sessions_30d,
        SortField::AvgRating => &record.avg_rating,
        SortField::HealthScore => &record.health_score,
    };
    text.as_deref().and_then(Number::parse)
}

/// Largest first; items without the metric last, then by id for a stable order.
fn sort(records: &mut [MetricsRecord], field: Option<SortField>) {
    match field {
        Some(field) => records
            .sort_by_cached_key(|r| (std::cmp::Reverse(sort_key(r, field)), r.entity_id.clone())),
        None => records.sort_by(|a, b| a.entity_id.cmp(&b.entity_id)),
    }
}

pub async fn run(ctx: &Context, args: MetricsArgs) -> Result<()> {
    let table = args.table.resolve(&ctx.settings)?;
    let filter = args.entity_type.as_deref().map(entity_type_filter);
    let client = aws::dynamodb(ctx.sdk().await?);
    let Read {
        mut records,
        scanned,
    } = read(&client, &table, filter).await?;
    // A type that matches nothing in a table that has items is a filter problem (a typo, the
    // wrong case), not the processor writing nothing: say so instead of blaming it.
    if let Some(kind) = &args.entity_type
        && records.is_empty()
        && scanned > 0
    {
        let message =
            format!("--entity-type {kind:?} matched none of the {scanned} items in table {table}");
        ctx.out.print(&records)?;
        if args.check {
            return Err(Error::Failed(message));
        }
        ctx.out.status(message);
        return Ok(());
    }
    sort(&mut records, args.sort);
    let flagged: Vec<&MetricsRecord> = records.iter().filter(|r| !r.missing.is_empty()).collect();
    let summary = summarize(records.len(), &flagged);
    let flagged_count = flagged.len();
    if let Some(top) = args.top {
        records.truncate(top as usize);
    }
    ctx.out.print(&records)?;
    if let Some(field) = args.sort {
        tracing::debug!(sorted_by = field.attribute());
    }
    // An empty table is the processor writing nothing at all: the worst case, not a pass.
    let failed_check = args.check && (flagged_count > 0 || records.is_empty());
    // A failed check says the summary in its error: once is enough.
    if !failed_check {
        ctx.out.status(&summary);
    }
    if failed_check {
        return Err(Error::Failed(format!(
            "{summary} in table {table}: the processor is not writing them (see `iops logs tail processor --grep error -i`)"
        )));
    }
    Ok(())
}

pub fn summarize(total: usize, flagged: &[&MetricsRecord]) -> String {
    if total == 0 {
        return "no items: no metric was written".to_string();
    }
    if flagged.is_empty() {
        return format!("{total} item{}, every metric present", plural(total));
    }
    let per_metric: Vec<String> = METRICS
        .iter()
        .map(|m| (m, flagged.iter().filter(|r| r.missing.contains(m)).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(m, n)| format!("{m}: {n}"))
        .collect();
    format!(
        "{total} item{}, {} with null or missing metrics ({})",
        plural(total),
        flagged.len(),
        per_metric.join(", ")
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use aws_sdk_dynamodb::types::AttributeValue;

    use super::*;

    #[test]
    fn null_and_missing_metrics_are_flagged_and_numbers_stay_exact() {
        let item: Item = HashMap::from([
            (
                "entity_id".to_string(),
                AttributeValue::S("stream-001".into()),
            ),
            (
                "sessions_30d".to_string(),
                AttributeValue::N("12345678901234567890123456789012345678".into()),
            ),
            ("avg_rating".to_string(), AttributeValue::Null(true)),
        ]);
        let r = record(&item);
        assert_eq!(r.missing, vec!["avg_rating", "health_score"]);
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.contains("\"sessions_30d\":12345678901234567890123456789012345678"),
            "{json}"
        );
        assert_eq!(summarize(0, &[]), "no items: no metric was written");
        assert_eq!(
            entity_type_filter("we\"ird").values[":entity_type"],
            AttributeValue::S("we\"ird".into()),
            "the type is a value, quotes and all"
        );
        assert_eq!(
            summarize(3, &[&r]),
            "3 items, 1 with null or missing metrics (avg_rating: 1, health_score: 1)"
        );
    }

    #[test]
    fn sorting_is_exact_beyond_rust_decimal_and_missing_goes_last() {
        let with = |id: &str, sessions: Option<&str>| {
            let mut item: Item =
                HashMap::from([("entity_id".to_string(), AttributeValue::S(id.into()))]);
            if let Some(n) = sessions {
                item.insert("sessions_30d".into(), AttributeValue::N(n.into()));
            }
            record(&item)
        };
        let mut records = vec![
            with("missing", None),
            with("tiny", Some("1E-130")),
            with("negative", Some("-1E+125")),
            with("zero", Some("-0.000")),
            with("huge", Some("1E+30")),
            with("wide", Some("12345678901234567890123456789012345678")),
            with(
                "wide-minus-one",
                Some("12345678901234567890123456789012345677"),
            ),
            with("padded", Some("00012.50")),
            with("same-as-padded", Some("1.25E+1")),
        ];
        sort(&mut records, Some(SortField::Sessions30d));
        let order: Vec<&str> = records.iter().map(|r| r.entity_id.as_str()).collect();
        assert_eq!(
            order,
            [
                "wide",
                "wide-minus-one",
                "huge",
                "padded",
                "same-as-padded",
                "tiny",
                "zero",
                "negative",
                "missing"
            ]
        );
    }
}
