//! `iops connections list|count|show|prune`: the WebSocket connections table in the words of its
//! schema (runbook `002_…`: connectionId, connected, connectedAt, sourceIp, userAgent, ttl), with
//! records past their TTL flagged as expired — DynamoDB deletes them lazily, up to days later, so
//! they are not live connections.

use std::collections::BTreeMap;

use aws_sdk_dynamodb::types::AttributeValue;
use clap::{Args, Subcommand, ValueEnum};
use jiff::Timestamp;
use serde::Serialize;

use super::values::{self, Item};
use super::{FilterArgs, ScanSpec, WHERE_HELP, describe, scan};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::management::{self, Answer};
use crate::output::{Record, cell};
use crate::timespec;

#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    /// Connections table [default: tables.connections from iops.toml]
    #[arg(long, global = true, value_name = "TABLE", value_parser = crate::config::parse_name)]
    pub table: Option<String>,

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
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// Break the count down
        #[arg(long, value_enum)]
        by: Option<Breakdown>,
    },
    /// One connection record, all of it
    Show {
        /// Connection id
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
        /// GetConnection calls in flight
        #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
        concurrency: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Breakdown {
    UserAgent,
    SourceIp,
    Hour,
}

/// Which attributes hold what, found from the key schema, the TTL setting and the items.
#[derive(Debug, Clone)]
pub struct Schema {
    table: String,
    key: Vec<String>,
    id: String,
    ttl: Option<String>,
}

const ID_NAMES: [&str; 3] = ["connectionId", "connection_id", "ConnectionId"];
const CONNECTED_AT_NAMES: [&str; 4] = ["connectedAt", "connected_at", "createdAt", "timestamp"];
const SOURCE_IP_NAMES: [&str; 3] = ["sourceIp", "source_ip", "ip"];
const USER_AGENT_NAMES: [&str; 2] = ["userAgent", "user_agent"];

impl Schema {
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The attribute holding the connection id.
    pub fn id_attribute(&self) -> &str {
        &self.id
    }
}

pub async fn detect(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<Schema> {
    let description = describe::describe(client, table).await?;
    let key: Vec<String> = description
        .key
        .split(", ")
        .filter_map(|k| k.split(' ').next())
        .map(str::to_string)
        .collect();
    // The seed keys on connectionId; the per-entity variant keys on an entity with the
    // connection id as sort key or attribute.
    let id = ID_NAMES
        .iter()
        .find(|n| key.iter().any(|k| k == *n))
        .map_or_else(|| ID_NAMES[0].to_string(), |n| n.to_string());
    let ttl = description
        .ttl_attribute
        .filter(|_| {
            matches!(
                description.ttl_status.as_deref(),
                Some("ENABLED" | "ENABLING")
            )
        })
        .or_else(|| Some("ttl".to_string()));
    Ok(Schema {
        table: description.table,
        key,
        id,
        ttl,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct ConnectionRecord {
    pub connection_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub connected_at: Option<String>,
    pub age: Option<String>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub expires_at: Option<String>,
    pub expires_in: Option<String>,
    pub status: &'static str,
}

impl Record for ConnectionRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "connection_id",
            "connected_at",
            "age",
            "source_ip",
            "user_agent",
            "expires_in",
            "status",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.connection_id.clone(),
            cell(&self.connected_at),
            cell(&self.age),
            cell(&self.source_ip),
            cell(&self.user_agent),
            cell(&self.expires_in),
            self.status.to_string(),
        ]
    }
}

fn first<'a>(item: &'a Item, names: &[&str]) -> Option<&'a AttributeValue> {
    names.iter().find_map(|n| item.get(*n))
}

fn number(value: Option<&AttributeValue>) -> Option<f64> {
    match value {
        Some(AttributeValue::N(n)) | Some(AttributeValue::S(n)) => n.parse().ok(),
        _ => None,
    }
}

/// Epoch seconds or milliseconds, whichever the table stores (TTL must be seconds; handlers often
/// write `Date.now()` milliseconds for connectedAt).
fn epoch_ms(value: f64) -> i64 {
    if value > 1e11 {
        value as i64
    } else {
        (value * 1000.0) as i64
    }
}

/// `3d 4h`, `5m 2s`: the two largest units.
fn human(ms: i64) -> String {
    let secs = ms.unsigned_abs() / 1000;
    let parts = [
        (secs / 86_400, "d"),
        (secs / 3600 % 24, "h"),
        (secs / 60 % 60, "m"),
        (secs % 60, "s"),
    ];
    let shown: Vec<String> = parts
        .iter()
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if shown.is_empty() {
        "0s".into()
    } else {
        shown.join(" ")
    }
}

struct Parsed {
    record: ConnectionRecord,
    connected_at_ms: Option<i64>,
    expired: bool,
}

fn parse(schema: &Schema, item: &Item, now_ms: i64) -> Parsed {
    let connected_at_ms = number(first(item, &CONNECTED_AT_NAMES)).map(epoch_ms);
    let expires_ms = schema
        .ttl
        .as_ref()
        .and_then(|t| number(item.get(t)))
        .map(epoch_ms);
    let expired = expires_ms.is_some_and(|e| e <= now_ms);
    let iso = |ms: i64| {
        Timestamp::from_millisecond(ms)
            .ok()
            .map(timespec::format_millis)
    };
    let entity = schema
        .key
        .iter()
        .find(|k| **k != schema.id)
        .and_then(|k| values::string(item, k));
    let record = ConnectionRecord {
        connection_id: values::string(item, &schema.id).unwrap_or_default(),
        entity,
        connected_at: connected_at_ms.and_then(iso),
        age: connected_at_ms.map(|at| human(now_ms - at)),
        source_ip: first(item, &SOURCE_IP_NAMES).map(|v| values::cell(Some(v))),
        user_agent: first(item, &USER_AGENT_NAMES).map(|v| values::cell(Some(v))),
        expires_at: expires_ms.and_then(iso),
        expires_in: expires_ms.map(|e| {
            if e > now_ms {
                human(e - now_ms)
            } else {
                format!("expired {} ago", human(now_ms - e))
            }
        }),
        status: if expired { "expired" } else { "live" },
    };
    Parsed {
        record,
        connected_at_ms,
        expired,
    }
}

pub fn table_name(ctx: &Context, given: &Option<String>) -> Result<String> {
    given
        .clone()
        .or_else(|| ctx.settings.get("tables.connections").map(str::to_string))
        .ok_or_else(|| {
            Error::usage(
                "no connections table: pass --table NAME or set tables.connections in iops.toml",
            )
        })
}

pub async fn run(ctx: &Context, args: ConnectionsArgs) -> Result<()> {
    let table = table_name(ctx, &args.table)?;
    if let ConnectionsCommand::Count {
        since: Some(since), ..
    } = &args.command
    {
        timespec::parse_time(since, Timestamp::now())
            .map_err(|e| Error::usage(format!("--since: {e}")))?;
    }
    let filter = match &args.command {
        ConnectionsCommand::List { filter } => filter.compile()?,
        _ => None,
    };
    // Everything local is checked before the first AWS call.
    let endpoint = match &args.command {
        ConnectionsCommand::Prune { endpoint, .. } => {
            Some(management_endpoint(ctx, endpoint.clone())?)
        }
        _ => None,
    };
    let client = aws::dynamodb(ctx.sdk().await?);
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
            prune(
                ctx,
                &client,
                &schema,
                spec,
                &endpoint,
                yes,
                concurrency as usize,
                now_ms,
            )
            .await
        }
    }
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
    since: Option<String>,
    by: Option<Breakdown>,
    now_ms: i64,
) -> Result<()> {
    let since_ms = since
        .map(|s| timespec::parse_time(&s, Timestamp::now()).map(|t| t.as_millisecond()))
        .transpose()
        .map_err(Error::usage)?;
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
    let filter =
        super::condition::compile(&[format!("{} = \"{}\"", schema.id, id.replace('"', ""))])
            .map_err(Error::usage)?;
    let spec = ScanSpec {
        table: schema.table.clone(),
        filter,
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
    let mut out = ctx.out.stdout();
    for item in &found {
        let record = parse(schema, item, now_ms).record;
        let mut line = Vec::new();
        values::write_object(&mut line, item, None, values::write_plain);
        let shown = serde_json::json!({"connection": record, "item": serde_json::from_slice::<serde_json::Value>(&line).unwrap_or_default()});
        serde_json::to_writer_pretty(&mut out, &shown).map_err(|e| Error::Io(e.to_string()))?;
        std::io::Write::write_all(&mut out, b"\n").map_err(Error::from_output)?;
    }
    std::io::Write::flush(&mut out).map_err(Error::from_output)
}

/// `--endpoint`, else the stage's wss URL as https, else api_id + stage + region.
pub fn management_endpoint(ctx: &Context, given: Option<String>) -> Result<String> {
    if let Some(url) = given {
        crate::config::check_endpoint_url(&url)
            .map_err(|reason| Error::usage(format!("--endpoint: {reason}")))?;
        return Ok(url.trim_end_matches('/').to_string());
    }
    if let Some(wss) = ctx.settings.get("websocket_url") {
        return Ok(wss
            .replacen("wss://", "https://", 1)
            .trim_end_matches('/')
            .to_string());
    }
    match (
        ctx.settings.get("api_id"),
        ctx.settings.get("stage"),
        ctx.settings.get("region"),
    ) {
        (Some(api), Some(stage), Some(region)) => Ok(format!(
            "https://{api}.execute-api.{region}.amazonaws.com/{stage}"
        )),
        _ => Err(Error::usage(
            "no management API endpoint: pass --endpoint https://{api-id}.execute-api.{region}.amazonaws.com/{stage}, or set websocket_url (or api_id, stage and region) in iops.toml",
        )),
    }
}

/// Every record's connection id and primary key (for DeleteItem).
pub async fn ids_and_keys(
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
) -> Result<Vec<(String, Item)>> {
    let spec = ScanSpec {
        table: schema.table.clone(),
        segments: vec![(0, 1)],
        concurrency: 1,
        ..ScanSpec::default()
    };
    let mut found = Vec::new();
    scan::scan(client, spec, |item| {
        found.push((
            values::string(item, &schema.id).unwrap_or_default(),
            key_of(schema, item),
        ));
        Ok(true)
    })
    .await?;
    Ok(found)
}

pub fn key_of(schema: &Schema, item: &Item) -> Item {
    schema
        .key
        .iter()
        .filter_map(|k| item.get(k).map(|v| (k.clone(), v.clone())))
        .collect()
}

/// Deletes one connection record by its key.
pub async fn delete_record(
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
    id: &str,
    key: Item,
) -> Result<()> {
    client
        .delete_item()
        .table_name(&schema.table)
        .set_key(Some(key))
        .send()
        .await
        .map_err(|e| aws::error(format!("delete connection {id} from {}", schema.table), e))?;
    Ok(())
}

#[derive(Debug, Serialize)]
struct PruneRecord {
    connection_id: String,
    connected_at: Option<String>,
    status: &'static str,
    action: &'static str,
}

impl Record for PruneRecord {
    fn headers() -> &'static [&'static str] {
        &["connection_id", "connected_at", "status", "action"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.connection_id.clone(),
            cell(&self.connected_at),
            self.status.to_string(),
            self.action.to_string(),
        ]
    }
}

#[allow(clippy::too_many_arguments)]
async fn prune(
    ctx: &Context,
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
    spec: ScanSpec,
    endpoint: &str,
    yes: bool,
    concurrency: usize,
    now_ms: i64,
) -> Result<()> {
    let management = aws::management(ctx.sdk().await?, endpoint);
    let (mut checked, mut deleted) = (0usize, 0usize);
    let mut records = Vec::new();
    let mut failures = Vec::new();
    // Page by page: memory holds one page and the gone records, never the table. An unreachable
    // endpoint fails the first page's checks, before anything is deleted.
    scan::scan_pages(client, spec, async |items: Vec<Item>| {
        checked += items.len();
        let ids = items
            .iter()
            .map(|item| values::string(item, &schema.id).unwrap_or_default());
        let mut gone = Vec::new();
        management::for_each(
            ids,
            concurrency,
            "GetConnection",
            endpoint,
            |id| {
                let request = management.get_connection().connection_id(id);
                async move { request.send().await.map(|_| ()) }
            },
            |index, answer| match answer {
                Answer::Gone => gone.push(index),
                Answer::Failed(message) => failures.push(message),
                Answer::Done => {}
            },
        )
        .await?;
        gone.sort_unstable();
        for index in gone {
            let item = &items[index];
            let parsed = parse(schema, item, now_ms);
            let action = if yes {
                delete_record(
                    client,
                    schema,
                    &parsed.record.connection_id,
                    key_of(schema, item),
                )
                .await?;
                deleted += 1;
                "deleted"
            } else {
                "would delete"
            };
            records.push(PruneRecord {
                connection_id: parsed.record.connection_id,
                connected_at: parsed.record.connected_at,
                status: "gone (410)",
                action,
            });
        }
        Ok(true)
    })
    .await?;
    ctx.out.print(&records)?;
    ctx.out.status(format!(
        "checked {}, gone {}, deleted {}{}{}",
        checked,
        records.len(),
        deleted,
        if failures.is_empty() {
            String::new()
        } else {
            format!(", {} could not be checked", failures.len())
        },
        if yes || records.is_empty() {
            String::new()
        } else {
            "; dry run: pass --yes to delete them".into()
        }
    ));
    match failures.first() {
        Some(first) => Err(Error::Failed(format!(
            "{} connections could not be checked; first: {first}",
            failures.len()
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn schema() -> Schema {
        Schema {
            table: "t".into(),
            key: vec!["connectionId".into()],
            id: "connectionId".into(),
            ttl: Some("ttl".into()),
        }
    }

    fn item(fields: &[(&str, AttributeValue)]) -> Item {
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<HashMap<_, _>>()
    }

    #[test]
    fn seed_schema_with_milliseconds_and_ttl_seconds() {
        let now_ms = 1_764_000_000_000;
        let record = parse(
            &schema(),
            &item(&[
                ("connectionId", AttributeValue::S("TiaT7dgNiYcCIog=".into())),
                ("connected", AttributeValue::S("true".into())),
                (
                    "connectedAt",
                    AttributeValue::N((now_ms - 90_000).to_string()),
                ),
                ("sourceIp", AttributeValue::S("10.0.0.1".into())),
                ("userAgent", AttributeValue::S("Mozilla/5.0".into())),
                (
                    "ttl",
                    AttributeValue::N((now_ms / 1000 + 86_400).to_string()),
                ),
            ]),
            now_ms,
        );
        assert!(!record.expired);
        assert_eq!(record.record.age.as_deref(), Some("1m 30s"));
        assert_eq!(record.record.expires_in.as_deref(), Some("1d"));
        assert_eq!(record.record.status, "live");
    }

    #[test]
    fn past_ttl_is_expired_not_live() {
        let now_ms = 1_764_000_000_000;
        let record = parse(
            &schema(),
            &item(&[
                ("connectionId", AttributeValue::S("a".into())),
                ("ttl", AttributeValue::N((now_ms / 1000 - 7200).to_string())),
            ]),
            now_ms,
        );
        assert!(record.expired);
        assert_eq!(record.record.expires_in.as_deref(), Some("expired 2h ago"));
    }
}
