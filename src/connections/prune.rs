//! `iops connections prune`: delete the records whose connection the management API says is gone.

use serde::Serialize;

use super::record::parse;
use super::schema::{Schema, delete_record, key_of};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::management::{self, Answer};
use crate::output::{Record, cell};
use crate::table::values::Item;
use crate::table::{ScanSpec, scan};

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
pub(super) async fn run(
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
    // The one table records are deleted from, in full, before anything is read or deleted.
    schema.target().announce(
        &ctx.out,
        &format!(
            "{} the records of connections {endpoint} calls gone in",
            if yes {
                "deleting"
            } else {
                "dry run: would delete"
            }
        ),
    );
    let (mut checked, mut deleted) = (0usize, 0usize);
    let mut records = Vec::new();
    let mut failures = Vec::new();
    // Page by page: memory holds one page and the gone records, never the table. An unreachable
    // endpoint fails the first page's checks, before anything is deleted.
    scan::scan_pages(client, spec, async |items: Vec<Item>| {
        checked += items.len();
        let ids = items.iter().map(|item| schema.id_of(item));
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
