//! `iops table get TABLE NAME=VALUE…` and `iops table query TABLE --key CONDITION`: reads by key
//! with the item output of `table scan` (exact numbers, plain or `--raw`, every format). The key
//! is typed from DescribeTable's key schema; `--explain` says which operation a read becomes and
//! why, without reading.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity};
use clap::Args;

use super::condition::Filter;
use super::key::{self, KeySchema, NotAKey, Plan};
use super::output::ItemWriter;
use super::scan::projection;
use super::values::{self, Attr, Fields, Item};
use super::{FilterArgs, ScanSpec};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::retry::{Backoff, Persist};

pub const QUERY_HELP: &str = "\
--key: the partition key with '=', optionally 'and' one sort-key condition:
  pk = \"user#1\"                      pk = \"user#1\" and sk = 5
  pk = \"a\" and sk > 10               pk = \"a\" and sk between 10 and 19
  pk = \"a\" and begins_with(sk, \"2026-\")
  `user id` = \"u1\"                   `#pk` = \"a\" and `1st` >= 3
Values take the key schema's types (pk = 123 on a string key asks for \"123\"). Strings go in
\" or ', exactly as written; inside them a backslash escapes \" ' ` and \\ (\"say \\\"hi\\\"\",
'it\\'s'). A name that is not one word goes in backticks (\\` for a backtick). A key value
cannot be empty, and between takes the lower bound first. The whole primary key is one
GetItem; a partition key is a Query; anything else is refused (it would read the whole table)
unless --scan. --explain shows the choice without reading.";

pub const GET_HELP: &str = "\
NAME=VALUE: the name is everything before the first '=', the value everything after it,
exactly: nothing is trimmed. A value that starts with a quote is one quoted string, in which a
backslash escapes \" ' ` and \\. A name holding '=' goes in backticks:
  pk=user#1 sk=5          'sk= lead' (the value \" lead\")        'user id=u1'
  'sk=\"say \\\"hi\\\"\"'      '`a=b`=1'
Values take the key schema's types (sk=5 and sk=\"5\" are the number 5 on a number key); a key
value cannot be empty.";

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Table name or ARN
    #[arg(value_parser = crate::config::parse_name)]
    pub table: String,

    /// The whole primary key, e.g. connectionId=abc, or pk=user#1 sk=5 (exact after '=')
    #[arg(value_name = "NAME=VALUE", required = true)]
    pub key: Vec<String>,

    /// DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON
    #[arg(long)]
    pub raw: bool,

    /// Only these attributes, in this order (comma-separated)
    #[arg(long, value_name = "A,B", value_delimiter = ',', value_parser = crate::config::parse_name)]
    pub fields: Vec<String>,

    /// A strongly consistent read
    #[arg(long)]
    pub consistent_read: bool,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Table name or ARN
    #[arg(value_parser = crate::config::parse_name)]
    pub table: String,

    /// Key condition: pk = "a" [and sk > 5 | sk between 1 and 9 | begins_with(sk, "x")]
    #[arg(long, value_name = "CONDITION")]
    pub key: String,

    /// Query a secondary index (by its own key)
    #[arg(long, value_name = "NAME", value_parser = crate::config::parse_name)]
    pub index: Option<String>,

    #[command(flatten)]
    pub filter: FilterArgs,

    /// DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON
    #[arg(long)]
    pub raw: bool,

    /// Only these attributes, in this order (comma-separated)
    #[arg(long, value_name = "A,B", value_delimiter = ',', value_parser = crate::config::parse_name)]
    pub fields: Vec<String>,

    /// Stop after N items (items returned, not page size)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Sort-key order descending (ScanIndexForward=false)
    #[arg(long)]
    pub desc: bool,

    /// Strongly consistent reads (not on a global secondary index)
    #[arg(long)]
    pub consistent_read: bool,

    /// Print the operation the key makes (GetItem, Query or Scan), why, and its request; read nothing
    #[arg(long)]
    pub explain: bool,

    /// When --key is not a key read, scan the whole table with it as a filter instead of refusing
    #[arg(long)]
    pub scan: bool,
}

/// What a read did, for the summary line on stderr.
#[derive(Debug, Default)]
struct Summary {
    items: u64,
    pages: u64,
    capacity_units: f64,
}

impl Summary {
    fn say(&self, ctx: &Context, operation: &str, whose: &str) {
        ctx.out.status(format!(
            "{} item{}, {} page{}, {} capacity units ({operation} on {whose})",
            self.items,
            if self.items == 1 { "" } else { "s" },
            self.pages,
            if self.pages == 1 { "" } else { "s" },
            self.capacity_units
        ));
    }
}

pub async fn get(ctx: &Context, args: GetArgs) -> Result<()> {
    let pairs = key::parse_pairs(&args.key).map_err(Error::usage)?;
    let client = aws::dynamodb(ctx.sdk().await?);
    let schema = KeySchema::describe(&client, &args.table, None).await?;
    let key = key::pairs(&pairs, &schema).map_err(Error::usage)?;
    let mut writer = ItemWriter::new(
        ctx.out.stdout(),
        ctx.out.format,
        args.raw,
        (!args.fields.is_empty()).then(|| args.fields.clone()),
    );
    let summary = get_item(
        &client,
        &schema,
        key,
        &args.fields,
        args.consistent_read,
        &mut writer,
    )
    .await?;
    writer.finish().map_err(Error::from_output)?;
    summary.say(ctx, "GetItem", &format!("table {}", schema.table));
    if summary.items == 0 {
        return Err(Error::NothingMatched);
    }
    Ok(())
}

/// `text` as one POSIX shell word: single quotes, each `'` as `'\''`.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

pub async fn query(ctx: &Context, args: QueryArgs) -> Result<()> {
    let where_filter = args.filter.compile()?;
    let conditions = key::parse(&args.key).map_err(Error::usage)?;
    if !args.scan {
        key::refuse_empty_values(&conditions)
            .map_err(|why| Error::usage(format!("--key '{}': {why}", args.key)))?;
    }
    let client = aws::dynamodb(ctx.sdk().await?);
    let schema = KeySchema::describe(&client, &args.table, args.index.as_deref()).await?;
    let consistent_read = schema
        .consistent_read(args.consistent_read)
        .map_err(Error::usage)?;
    let fields = (!args.fields.is_empty()).then(|| args.fields.clone());
    let plan = key::plan(&conditions, &schema, where_filter.is_some()).map_err(Error::usage)?;
    let whose = match &args.index {
        Some(index) => format!("index {index} of table {}", args.table),
        None => format!("table {}", args.table),
    };
    let plan = match plan {
        Ok(plan) => plan,
        Err(NotAKey(why)) if args.scan => {
            let filter = join(
                key::as_filter(&conditions, &schema).map_err(Error::usage)?,
                where_filter,
            );
            let spec = ScanSpec {
                table: args.table.clone(),
                index: args.index.clone(),
                consistent_read,
                filter: Some(filter),
                fields,
                limit: args.limit,
                segments: vec![(0, 1)],
                concurrency: 1,
            };
            if args.explain {
                let filter = spec.filter.as_ref().expect("a filter");
                return explain(
                    ctx,
                    &format!("Scan of {whose}"),
                    &format!("{why}; --scan reads every item and keeps those that match"),
                    &[("FilterExpression", filter.expression.clone())],
                    filter,
                );
            }
            return super::print_scan(ctx, &client, spec, args.raw).await;
        }
        Err(NotAKey(why)) => {
            return Err(Error::usage(format!(
                "--key '{}': {why}\n  hint: that reads the whole table; to read it anyway, with the condition as a filter: iops table query {} --key {} --scan",
                args.key,
                args.table,
                shell_quoted(&args.key)
            )));
        }
    };
    let mut writer = ItemWriter::new(ctx.out.stdout(), ctx.out.format, args.raw, fields);
    let (operation, summary) = match plan {
        Plan::Get(key) => {
            if args.explain {
                return explain(
                    ctx,
                    &format!("GetItem on {whose}"),
                    "the whole primary key, each part with '=': one item, one read",
                    &[("Key", typed_json(&key))],
                    &Filter::default(),
                );
            }
            let summary = get_item(
                &client,
                &schema,
                key,
                &args.fields,
                consistent_read,
                &mut writer,
            )
            .await?;
            ("GetItem", summary)
        }
        Plan::Query(condition) => {
            let filter = where_filter.unwrap_or_default();
            if args.explain {
                let mut lines = vec![("KeyConditionExpression", condition.expression.clone())];
                if !filter.expression.is_empty() {
                    lines.push(("FilterExpression", filter.expression.clone()));
                }
                let why = if conditions.len() == 2 {
                    "the partition key with '=' and a condition on the sort key: the items of one partition, in sort-key order"
                } else {
                    "the partition key with '=': the items of one partition, in sort-key order"
                };
                return explain(
                    ctx,
                    &format!("Query on {whose}"),
                    why,
                    &lines,
                    &join(condition, Some(filter)),
                );
            }
            let read = QueryRead {
                schema: &schema,
                condition,
                filter,
                fields: &args.fields,
                limit: args.limit,
                descending: args.desc,
                consistent_read,
            };
            ("Query", read.run(&client, &mut writer).await?)
        }
    };
    let (_, unwritten) = writer.finish().map_err(Error::from_output)?;
    summary.say(ctx, operation, &whose);
    if unwritten.items > 0 {
        return Err(super::csv_lost_columns(&unwritten));
    }
    Ok(())
}

/// Two filters as one (placeholders never collide: `#k`/`:k` against `#n`/`:v`).
fn join(first: Filter, second: Option<Filter>) -> Filter {
    match second {
        Some(second) if !second.expression.is_empty() => Filter {
            expression: format!("({}) AND ({})", first.expression, second.expression),
            names: first.names.into_iter().chain(second.names).collect(),
            values: first.values.into_iter().chain(second.values).collect(),
        },
        _ => first,
    }
}

fn typed_json(values: &HashMap<String, AttributeValue>) -> String {
    let item: Item = values.clone();
    let mut out = Vec::new();
    values::write_object(&mut out, &Fields::from(&item), None, values::write_raw);
    String::from_utf8_lossy(&out).into_owned()
}

fn explain(
    ctx: &Context,
    operation: &str,
    why: &str,
    lines: &[(&str, String)],
    filter: &Filter,
) -> Result<()> {
    let mut out = ctx.out.stdout();
    let mut text = format!("operation: {operation}\nwhy: {why}\n");
    for (name, value) in lines {
        text.push_str(&format!("{name}: {value}\n"));
    }
    if !filter.names.is_empty() {
        let names: std::collections::BTreeMap<_, _> = filter.names.iter().collect();
        text.push_str(&format!(
            "ExpressionAttributeNames: {}\n",
            serde_json::to_string(&names).unwrap_or_default()
        ));
    }
    if !filter.values.is_empty() {
        text.push_str(&format!(
            "ExpressionAttributeValues: {}\n",
            typed_json(&filter.values)
        ));
    }
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::from_output)
}

fn retrying(what: String) -> Persist {
    Persist::new(
        what,
        Backoff::new(Duration::from_millis(100), Duration::from_secs(10)),
    )
}

async fn get_item<W: Write>(
    client: &aws_sdk_dynamodb::Client,
    schema: &KeySchema,
    key: HashMap<String, AttributeValue>,
    fields: &[String],
    consistent_read: bool,
    writer: &mut ItemWriter<W>,
) -> Result<Summary> {
    let action = format!("get an item of table {}", schema.table);
    let mut persist = retrying(action.clone());
    let mut names = HashMap::new();
    let projection = projection(fields, &mut names);
    let output = loop {
        let sent = client
            .get_item()
            .table_name(&schema.table)
            .set_key(Some(key.clone()))
            .consistent_read(consistent_read)
            .set_projection_expression(projection.clone())
            .set_expression_attribute_names((!names.is_empty()).then(|| names.clone()))
            .return_consumed_capacity(ReturnConsumedCapacity::Total)
            .send()
            .await;
        match sent {
            Ok(output) => break output,
            Err(err) => aws::retry_transient(&mut persist, action.as_str(), err).await?,
        }
    };
    let mut summary = Summary {
        pages: 1,
        capacity_units: output
            .consumed_capacity()
            .and_then(|c| c.capacity_units())
            .unwrap_or(0.0),
        ..Summary::default()
    };
    match output.item {
        Some(item) => {
            writer
                .write(&Fields::from(&item))
                .map_err(Error::from_output)?;
            summary.items = 1;
        }
        None => {
            let key: Vec<String> = key
                .iter()
                .map(|(name, value)| {
                    let mut out = Vec::new();
                    values::write_plain(&mut out, &Attr::from(value));
                    format!("{name}={}", String::from_utf8_lossy(&out))
                })
                .collect();
            crate::output::notice(format!(
                "no item in table {} with the key {}",
                schema.table,
                key.join(" ")
            ));
        }
    }
    Ok(summary)
}

struct QueryRead<'a> {
    schema: &'a KeySchema,
    condition: Filter,
    filter: Filter,
    fields: &'a [String],
    limit: Option<u64>,
    descending: bool,
    consistent_read: bool,
}

impl QueryRead<'_> {
    /// Every page to its end (or `--limit` items), each retried from the same
    /// ExclusiveStartKey when throttled: nothing lost or repeated.
    async fn run<W: Write>(
        &self,
        client: &aws_sdk_dynamodb::Client,
        writer: &mut ItemWriter<W>,
    ) -> Result<Summary> {
        let action = format!("query table {}", self.schema.table);
        let mut persist = retrying(action.clone());
        let mut names: HashMap<String, String> = self.condition.names.clone();
        names.extend(self.filter.names.clone());
        let mut values = self.condition.values.clone();
        values.extend(self.filter.values.clone());
        let projection = projection(self.fields, &mut names);
        let filtered = !self.filter.expression.is_empty();
        let mut summary = Summary::default();
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let mut request = client
                .query()
                .table_name(&self.schema.table)
                .set_index_name(self.schema.index.clone())
                .key_condition_expression(&self.condition.expression)
                .set_filter_expression(filtered.then(|| self.filter.expression.clone()))
                .set_projection_expression(projection.clone())
                .set_expression_attribute_names(Some(names.clone()))
                .set_expression_attribute_values(Some(values.clone()))
                .consistent_read(self.consistent_read)
                .scan_index_forward(!self.descending)
                .return_consumed_capacity(ReturnConsumedCapacity::Total)
                .set_exclusive_start_key(start.clone());
            // Without a filter every item read is shown: a page of what is left is enough.
            if let (Some(limit), false) = (self.limit, filtered) {
                let left = limit.saturating_sub(summary.items);
                request = request.limit(i32::try_from(left).unwrap_or(i32::MAX).max(1));
            }
            let output = match request.send().await {
                Ok(output) => output,
                Err(err) => {
                    aws::retry_transient(&mut persist, action.as_str(), err).await?;
                    continue;
                }
            };
            persist.succeeded();
            summary.pages += 1;
            summary.capacity_units += output
                .consumed_capacity()
                .and_then(|c| c.capacity_units())
                .unwrap_or(0.0);
            for item in output.items() {
                if self.limit.is_some_and(|limit| summary.items >= limit) {
                    return Ok(summary);
                }
                writer
                    .write(&Fields::from(item))
                    .map_err(Error::from_output)?;
                summary.items += 1;
            }
            if crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            match output.last_evaluated_key {
                Some(key) if !key.is_empty() && self.limit.is_none_or(|l| summary.items < l) => {
                    start = Some(key);
                }
                _ => return Ok(summary),
            }
        }
    }
}
