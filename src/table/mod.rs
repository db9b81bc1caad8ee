//! `iops table scan|describe`, and the two tables the runbooks live in: `iops connections` and
//! `iops metrics`.

pub(crate) mod condition;
pub mod describe;
pub mod key;
pub mod metrics;
pub mod number;
mod output;
mod query;
pub mod scan;
mod tap;
pub mod values;

use std::collections::HashMap;
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde::Serialize;

use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Record;
use output::ItemWriter;
pub use scan::ScanSpec;
pub use values::Item;

#[derive(Debug, Args)]
pub struct TableArgs {
    #[command(subcommand)]
    pub command: TableCommand,
}

#[derive(Debug, Subcommand)]
pub enum TableCommand {
    /// Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)
    #[command(after_help = WHERE_HELP)]
    Scan(ScanArgs),
    /// One item by its whole primary key (GetItem), typed from the key schema
    #[command(after_help = query::GET_HELP)]
    Get(query::GetArgs),
    /// The items of one partition (Query), by a key condition typed from the key schema
    #[command(after_help = query::QUERY_HELP)]
    Query(query::QueryArgs),
    /// Key schema, indexes, item count, size, billing mode, TTL and stream of a table
    Describe {
        /// Table name or ARN
        #[arg(value_parser = crate::config::parse_name)]
        table: String,
    },
}

pub const WHERE_HELP: &str = "\
--where conditions (several are ANDed; attribute names may be reserved words):
  connectedAt > 1764000000000      sourceIp <> \"10.0.0.1\"      connected = true
  begins_with(sourceIp, \"10.\")     contains(userAgent, \"Chrome\")
  attribute_exists(ttl)            attribute_not_exists(ttl)
  `user id` = \"u1\"                 `1st` > 3 (any name in backticks; \\` for a backtick)
Strings are quoted; true/false match a boolean or the string \"true\"/\"false\".";

/// What to read, shared by scan, connections and metrics.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Condition on an attribute (repeatable, ANDed)
    #[arg(
        long = "where",
        value_name = "CONDITION",
        conflicts_with = "filter_expression"
    )]
    pub conditions: Vec<String>,

    /// A FilterExpression in DynamoDB's own syntax, with --names and --values
    #[arg(long, value_name = "EXPRESSION")]
    pub filter_expression: Option<String>,

    /// ExpressionAttributeNames as JSON, e.g. '{"#t":"ttl"}'
    #[arg(long, value_name = "JSON", requires = "filter_expression")]
    pub names: Option<String>,

    /// ExpressionAttributeValues as DynamoDB JSON, e.g. '{":v":{"N":"1"}}'
    #[arg(long, value_name = "JSON", requires = "filter_expression")]
    pub values: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Table name or ARN
    #[arg(value_parser = crate::config::parse_name)]
    pub table: String,

    /// DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON
    #[arg(long)]
    pub raw: bool,

    /// Only these attributes, in this order (comma-separated)
    #[arg(long, value_name = "A,B", value_delimiter = ',', value_parser = crate::config::parse_name)]
    pub fields: Vec<String>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// Scan a secondary index
    #[arg(long, value_name = "NAME", value_parser = crate::config::parse_name)]
    pub index: Option<String>,

    /// Strongly consistent reads
    #[arg(long)]
    pub consistent_read: bool,

    /// Stop after N items (items returned, not page size)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Print the number of items (Select=COUNT, summed over pages) instead of the items
    #[arg(long, conflicts_with_all = ["raw", "fields", "limit"])]
    pub count: bool,

    /// Parallel scan with N segments
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(i32).range(1..=1_000_000), conflicts_with = "segment")]
    pub segments: i32,

    /// Scan only segment I of --total-segments (to split a table across machines)
    #[arg(long, value_name = "I", requires = "total_segments", value_parser = clap::value_parser!(i32).range(0..1_000_000))]
    pub segment: Option<i32>,

    /// Total segments for --segment
    #[arg(long, value_name = "N", requires = "segment", value_parser = clap::value_parser!(i32).range(1..=1_000_000))]
    pub total_segments: Option<i32>,

    #[command(flatten)]
    pub concurrency: crate::args::ConcurrencyArg,
}

impl FilterArgs {
    pub fn compile(&self) -> Result<Option<condition::Filter>> {
        if let Some(expression) = &self.filter_expression {
            let names: HashMap<String, String> = match &self.names {
                Some(json) => serde_json::from_str(json).map_err(|e| {
                    Error::usage(format!(
                        "--names is not a JSON object of strings ({e}); e.g. '{{\"#t\":\"ttl\"}}'"
                    ))
                })?,
                None => HashMap::new(),
            };
            let values = match &self.values {
                Some(json) => {
                    let parsed: HashMap<String, serde_json::Value> = serde_json::from_str(json)
                        .map_err(|e| Error::usage(format!("--values is not a JSON object ({e}); e.g. '{{\":v\":{{\"N\":\"1\"}}}}'")))?;
                    parsed
                        .into_iter()
                        .map(|(k, v)| values::from_typed_json(&v).map(|v| (k, v)))
                        .collect::<Result<_, String>>()
                        .map_err(|e| Error::usage(format!("--values: {e}")))?
                }
                None => HashMap::new(),
            };
            return Ok(Some(condition::Filter {
                expression: expression.clone(),
                names,
                values,
            }));
        }
        condition::compile(&self.conditions).map_err(Error::usage)
    }
}

pub async fn run(ctx: &Context, args: TableArgs) -> Result<()> {
    match args.command {
        TableCommand::Scan(args) => scan_command(ctx, args).await,
        TableCommand::Get(args) => query::get(ctx, args).await,
        TableCommand::Query(args) => query::query(ctx, args).await,
        TableCommand::Describe { table } => describe::run(ctx, &table).await,
    }
}

#[derive(Debug, Serialize)]
struct CountRecord {
    table: String,
    count: u64,
    scanned: u64,
}

impl Record for CountRecord {
    fn headers() -> &'static [&'static str] {
        &["table", "count", "scanned"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.table.clone(),
            self.count.to_string(),
            self.scanned.to_string(),
        ]
    }
}

async fn scan_command(ctx: &Context, args: ScanArgs) -> Result<()> {
    let filter = args.filter.compile()?;
    let segments = match (args.segment, args.total_segments) {
        (Some(segment), Some(total)) if segment >= total => {
            return Err(Error::usage(format!(
                "--segment {segment} must be below --total-segments {total}"
            )));
        }
        (Some(segment), Some(total)) => vec![(segment, total)],
        _ => (0..args.segments).map(|s| (s, args.segments)).collect(),
    };
    let spec = ScanSpec {
        table: args.table.clone(),
        index: args.index.clone(),
        consistent_read: args.consistent_read,
        filter,
        fields: (!args.fields.is_empty()).then(|| args.fields.clone()),
        limit: args.limit,
        segments,
        concurrency: args.concurrency.get(),
    };
    let client = aws::dynamodb(ctx.sdk().await?);
    // DynamoDB refuses a consistent read of a global index; which kind `--index` is only
    // DescribeTable says, asked only for this pair.
    if let (Some(index), true) = (&args.index, args.consistent_read) {
        key::KeySchema::describe(&client, &args.table, Some(index))
            .await?
            .consistent_read(true)
            .map_err(Error::usage)?;
    }
    if args.count {
        let summary = scan::count(&client, spec).await?;
        return ctx.out.print(&[CountRecord {
            table: args.table,
            count: summary.items,
            scanned: summary.scanned,
        }]);
    }
    print_scan(ctx, &client, spec, args.raw).await
}

/// Every item the scan reads, to stdout in the chosen format.
async fn print_scan(
    ctx: &Context,
    client: &aws_sdk_dynamodb::Client,
    spec: ScanSpec,
    raw: bool,
) -> Result<()> {
    let limit = spec.limit;
    let mut writer = ItemWriter::new(ctx.out.stdout(), ctx.out.format, raw, spec.fields.clone());
    let mut written = 0u64;
    let more = |written: u64| limit.is_none_or(|l| written < l);
    let summary = match writer.json_item().cloned() {
        Some(json) => {
            let render: scan::Render = Arc::new(move |item, out| json.render(item, out));
            scan::scan_rendered(client, spec, render, |item| {
                writer.write_rendered(item).map_err(Error::from_output)?;
                written += 1;
                Ok(more(written))
            })
            .await?
        }
        None => {
            scan::scan_fields(client, spec, |item| {
                writer.write(item).map_err(Error::from_output)?;
                written += 1;
                Ok(more(written))
            })
            .await?
        }
    };
    let (_, unwritten) = writer.finish().map_err(Error::from_output)?;
    tracing::info!(
        items = written,
        scanned = summary.scanned,
        pages = summary.pages,
        capacity_units = summary.capacity_units,
        "scan done"
    );
    if unwritten.items > 0 {
        return Err(csv_lost_columns(&unwritten));
    }
    Ok(())
}

/// Loud, and not a success: a csv without some of the table's values is not the table.
fn csv_lost_columns(unwritten: &output::Unwritten) -> Error {
    let names: Vec<&str> = unwritten.attributes.iter().map(String::as_str).collect();
    Error::Failed(format!(
        "{} item{} had attributes first seen after the csv columns were fixed (from the first {} items), and their values are NOT in the output: {}\n  hint: name every column with --fields, or use -o ndjson, which carries every attribute",
        unwritten.items,
        if unwritten.items == 1 { "" } else { "s" },
        output::CSV_LOOK_AHEAD,
        names.join(", ")
    ))
}
