//! `iops connections list|count|show|prune`: the WebSocket connections table in the words of its
//! schema (runbook `002_…`: connectionId, connected, connectedAt, sourceIp, userAgent, ttl), with
//! records past their TTL flagged as expired — DynamoDB deletes them lazily, up to days later, so
//! they are not live connections.

mod prune;
mod record;
mod schema;

use std::collections::BTreeMap;

use clap::{Args, Subcommand, ValueEnum};
use jiff::Timestamp;
use serde::Serialize;

use crate::args::{ConcurrencyArg, ConnectionsTable, Time};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::management;
use crate::output::Record;
use crate::table::values;
use crate::table::{FilterArgs, ScanSpec, WHERE_HELP, scan};
use record::parse;
pub use schema::{Schema, delete_record, detect, ids_and_keys, key_of};

/// Whether a record is past its TTL: a gone connection DynamoDB has not deleted yet.
pub fn expired(schema: &Schema, item: &values::Item, now_ms: i64) -> bool {
    parse(schema, item, now_ms).expired
}

#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    #[command(flatten)]
    pub table: ConnectionsTable,

    #[command(subcommand)]
    pub command: ConnectionsCommand,
}

#[derive(Debug, Subcommand)]
pub enum ConnectionsCommand {
    /// Every connection record with its age, expiry and whether it is live or expired
    #[command(after_help = WHERE_HELP)]
    List {
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Live and expired connections, optionally since a time and broken down
    Count {
        /// Only connections made since TIME (by connectedAt), e.g. 30m
        #[arg(long, value_name = "TIME", value_parser = Time::parse)]
        since: Option<Time>,
        /// Break the count down
        #[arg(long, value_enum)]
        by: Option<Breakdown>,
    },
    /// One connection record, all of it
    Show {
        /// Connection id
        #[arg(value_parser = clap::builder::NonEmptyStringValueParser::new())]
        id: String,
    },
    /// Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes
    Prune {
        /// Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}
        /// [default: from websocket_url, or api_id and stage, in iops.toml]
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        /// Delete them (without it, only list what would go)
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        concurrency: ConcurrencyArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    UserAgent,
    SourceIp,
    Hour,
}

pub async fn run(ctx: &Context, args: ConnectionsArgs) -> Result<()> {
    let table = args.table.resolve(&ctx.settings)?;
    let filter = match &args.command {
        ConnectionsCommand::List { filter } => filter.compile()?,
        _ => None,
    };
    // Everything local is checked before the first AWS call.
    let endpoint = match &args.command {
        ConnectionsCommand::Prune { endpoint, .. } => {
            Some(management::endpoint(&ctx.settings, endpoint.clone())?)
        }
        _ => None,
    };
    let sdk = match &args.command {
        ConnectionsCommand::Prune { .. } => ctx.sdk_for_change().await?,
        _ => ctx.sdk().await?,
    };
    let client = aws::dynamodb(sdk);
    let schema = detect(&client, &table).await?;
    let spec = ScanSpec {
        table: table.clone(),
        filter,
        segments: vec![(0, 1)],
        concurrency: 1,
        ..ScanSpec::default()
    };
    let now_ms = Timestamp::now().as_millisecond();
    match args.command {
        ConnectionsCommand::List { .. } => {
            let mut records = Vec::new();
            scan::scan(&client, spec, |item| {
                records.push(parse(&schema, item, now_ms).record);
                Ok(true)
            })
            .await?;
            records.sort_by(|a, b| b.connected_at.cmp(&a.connected_at));
            ctx.out.print(&records)
        }
        ConnectionsCommand::Count { since, by } => {
            count(ctx, &client, &schema, spec, since, by, now_ms).await
        }
        ConnectionsCommand::Show { id } => show(ctx, &client, &schema, id, now_ms).await,
        ConnectionsCommand::Prune {
            yes, concurrency, ..
        } => {
            let endpoint = endpoint.expect("resolved before the first AWS call");
            prune::run(
                ctx,
                &client,
                &schema,
                spec,
                &endpoint,
                yes,
                concurrency.get(),
                now_ms,
            )
            .await
        }
    }
}

/// Live and expired records in the whole table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub live: u64,
    pub expired: u64,
}

/// Counts the table's live and expired connections (one Scan of the whole table, TTL-aware):
/// what `iops top` shows as active now.
pub async fn tally(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<Tally> {
    let schema = detect(client, table).await?;
    let spec = ScanSpec {
        table: table.to_string(),
        segments: vec![(0, 1)],
        concurrency: 1,
        ..ScanSpec::default()
    };
    let now_ms = Timestamp::now().as_millisecond();
    let mut tally = Tally::default();
    scan::scan(client, spec, |item| {
        if parse(&schema, item, now_ms).expired {
            tally.expired += 1
        } else {
            tally.live += 1
        }
        Ok(true)
    })
    .await?;
    Ok(tally)
}

#[derive(Debug, Serialize)]
struct CountRecord {
    group: String,
    live: u64,
    expired: u64,
}

impl Record for CountRecord {
    fn headers() -> &'static [&'static str] {
        &["group", "live", "expired"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.group.clone(),
            self.live.to_string(),
            self.expired.to_string(),
        ]
    }
}

async fn count(
    ctx: &Context,
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
    spec: ScanSpec,
    since: Option<Time>,
    by: Option<Breakdown>,
    now_ms: i64,
) -> Result<()> {
    let since_ms = since.as_ref().map(Time::as_millis);
    let mut groups: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    scan::scan(client, spec, |item| {
        let parsed = parse(schema, item, now_ms);
        if since_ms.is_some_and(|s| parsed.connected_at_ms.is_none_or(|at| at < s)) {
            return Ok(true);
        }
        let record = &parsed.record;
        let key = match by {
            None => "total".to_string(),
            Some(Breakdown::UserAgent) => record.user_agent.clone().unwrap_or_else(|| "-".into()),
            Some(Breakdown::SourceIp) => record.source_ip.clone().unwrap_or_else(|| "-".into()),
            Some(Breakdown::Hour) => record
                .connected_at
                .as_ref()
                .map_or_else(|| "-".into(), |at| format!("{}:00Z", &at[..13])),
        };
        let entry = groups.entry(key).or_default();
        if parsed.expired {
            entry.1 += 1
        } else {
            entry.0 += 1
        }
        Ok(true)
    })
    .await?;
    let mut records: Vec<CountRecord> = groups
        .into_iter()
        .map(|(group, (live, expired))| CountRecord {
            group,
            live,
            expired,
        })
        .collect();
    if records.is_empty() {
        records.push(CountRecord {
            group: "total".into(),
            live: 0,
            expired: 0,
        });
    }
    ctx.out.print(&records)
}

async fn show(
    ctx: &Context,
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
    id: String,
    now_ms: i64,
) -> Result<()> {
    let filter = schema.id_filter(&id).map_err(Error::usage)?;
    let spec = ScanSpec {
        table: schema.table.clone(),
        filter: Some(filter),
        segments: vec![(0, 1)],
        concurrency: 1,
        ..ScanSpec::default()
    };
    let mut found = Vec::new();
    scan::scan(client, spec, |item| {
        found.push(item.clone());
        Ok(true)
    })
    .await?;
    if found.is_empty() {
        return Err(Error::Failed(format!(
            "no connection {id} in table {}",
            schema.table
        )));
    }
    if found.len() > 1 {
        ctx.out.status(format!(
            "iops: {} records in {} have connection id {id}",
            found.len(),
            schema.table
        ));
    }
    let shown: Vec<Shown> = found
        .iter()
        .map(|item| {
            let mut text = Vec::new();
            values::write_object(&mut text, &item.into(), None, values::write_plain);
            // Kept as written: through serde_json's Value a 38-digit number became an f64.
            let exact = serde_json::value::RawValue::from_string(
                String::from_utf8_lossy(&text).into_owned(),
            )
            .map_err(|e| Error::Failed(format!("item of {id} as JSON: {e}")))?;
            Ok(Shown {
                connection: parse(schema, item, now_ms).record,
                item: exact,
            })
        })
        .collect::<Result<_>>()?;
    print_shown(ctx, &shown)
}

/// A record as `show` prints it: the connection as iops reads it, and the whole item.
#[derive(Debug, Serialize)]
struct Shown {
    connection: record::ConnectionRecord,
    item: Box<serde_json::value::RawValue>,
}

/// One document whatever the count: json (and text) an object, or an array when several records
/// share the id; ndjson one line per record; csv the connection columns.
fn print_shown(ctx: &Context, shown: &[Shown]) -> Result<()> {
    use crate::output::Format;
    match ctx.out.explicit_format {
        Some(Format::Csv) => {
            let records: Vec<_> = shown.iter().map(|s| s.connection.clone()).collect();
            ctx.out.print(&records)
        }
        Some(Format::Ndjson) => {
            let mut out = ctx.out.stdout();
            for one in shown {
                serde_json::to_writer(&mut out, one).map_err(|e| Error::Io(e.to_string()))?;
                std::io::Write::write_all(&mut out, b"\n").map_err(Error::from_output)?;
            }
            std::io::Write::flush(&mut out).map_err(Error::from_output)
        }
        _ => {
            let mut out = ctx.out.stdout();
            let written = match shown {
                [one] => serde_json::to_writer_pretty(&mut out, one),
                several => serde_json::to_writer_pretty(&mut out, several),
            };
            written.map_err(|e| Error::Io(e.to_string()))?;
            std::io::Write::write_all(&mut out, b"\n").map_err(Error::from_output)?;
            std::io::Write::flush(&mut out).map_err(Error::from_output)
        }
    }
}
