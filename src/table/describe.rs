//! `iops table describe TABLE`.

use serde::Serialize;

use crate::aws;
use crate::context::Context;
use crate::error::Result;
use crate::output::{Record, cell};

#[derive(Debug, Serialize)]
pub struct TableDescription {
    pub table: String,
    pub status: Option<String>,
    pub key: String,
    pub indexes: Vec<String>,
    pub item_count: Option<i64>,
    pub size_bytes: Option<i64>,
    pub billing_mode: String,
    pub ttl_attribute: Option<String>,
    pub ttl_status: Option<String>,
    pub stream_arn: Option<String>,
    pub stream_view_type: Option<String>,
}

impl Record for TableDescription {
    fn headers() -> &'static [&'static str] {
        &[
            "table",
            "status",
            "key",
            "indexes",
            "item_count",
            "size_bytes",
            "billing_mode",
            "ttl_attribute",
            "ttl_status",
            "stream_arn",
            "stream_view_type",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.table.clone(),
            cell(&self.status),
            self.key.clone(),
            self.indexes.join("; "),
            cell(&self.item_count),
            cell(&self.size_bytes),
            self.billing_mode.clone(),
            cell(&self.ttl_attribute),
            cell(&self.ttl_status),
            cell(&self.stream_arn),
            cell(&self.stream_view_type),
        ]
    }
}

fn key_text(schema: &[aws_sdk_dynamodb::types::KeySchemaElement]) -> String {
    schema
        .iter()
        .map(|k| format!("{} ({})", k.attribute_name(), k.key_type().as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// DescribeTable's answer for `table` (empty when it names none).
pub async fn table_description(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Result<aws_sdk_dynamodb::types::TableDescription> {
    let described = client
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe table {table}"), e))?;
    Ok(described
        .table
        .unwrap_or_else(|| aws_sdk_dynamodb::types::TableDescription::builder().build()))
}

/// DescribeTimeToLive's answer for `table`: the TTL attribute and whether TTL is on.
pub async fn time_to_live(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
) -> Result<Option<aws_sdk_dynamodb::types::TimeToLiveDescription>> {
    let ttl = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe TTL of table {table}"), e))?;
    Ok(ttl.time_to_live_description)
}

pub async fn describe(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<TableDescription> {
    let t = table_description(client, table).await?;
    let ttl = time_to_live(client, table).await?;
    let ttl = ttl.as_ref();
    let mut indexes: Vec<String> = t
        .global_secondary_indexes()
        .iter()
        .map(|i| {
            format!(
                "{} GSI [{}]",
                i.index_name().unwrap_or("?"),
                key_text(i.key_schema())
            )
        })
        .collect();
    indexes.extend(t.local_secondary_indexes().iter().map(|i| {
        format!(
            "{} LSI [{}]",
            i.index_name().unwrap_or("?"),
            key_text(i.key_schema())
        )
    }));
    Ok(TableDescription {
        table: t.table_name().unwrap_or(table).to_string(),
        status: t.table_status().map(|s| s.as_str().to_string()),
        key: key_text(t.key_schema()),
        indexes,
        item_count: t.item_count(),
        size_bytes: t.table_size_bytes(),
        billing_mode: t
            .billing_mode_summary()
            .and_then(|b| b.billing_mode())
            .map_or_else(|| "PROVISIONED".to_string(), |m| m.as_str().to_string()),
        ttl_attribute: ttl.and_then(|t| t.attribute_name()).map(str::to_string),
        ttl_status: ttl
            .and_then(|t| t.time_to_live_status())
            .map(|s| s.as_str().to_string()),
        stream_arn: t.latest_stream_arn().map(str::to_string),
        stream_view_type: t
            .stream_specification()
            .and_then(|s| s.stream_view_type())
            .map(|v| v.as_str().to_string()),
    })
}

pub async fn run(ctx: &Context, table: &str) -> Result<()> {
    let client = aws::dynamodb(ctx.sdk().await?);
    let description = describe(&client, table).await?;
    ctx.out.print(&[description])
}
