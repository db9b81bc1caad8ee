//! `iops logs groups [PATTERN]`: log groups with stored bytes, retention and last event time.

use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use futures_util::StreamExt;
use serde::Serialize;

use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::glob;
use crate::output::{Record, cell};
use crate::timespec;

#[derive(Debug, Serialize)]
pub struct GroupRecord {
    pub group: String,
    pub stored_bytes: Option<i64>,
    pub retention_days: Option<i32>,
    pub last_event: Option<String>,
}

impl Record for GroupRecord {
    fn headers() -> &'static [&'static str] {
        &["group", "stored_bytes", "retention_days", "last_event"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.group.clone(),
            cell(&self.stored_bytes),
            self.retention_days
                .map_or_else(|| "never expire".into(), |d| d.to_string()),
            cell(&self.last_event),
        ]
    }
}

/// DescribeLogStreams calls in flight: its quota is 25 requests/s per account and Region.
const CONCURRENT_LOOKUPS: usize = 8;

pub async fn run(ctx: &Context, pattern: Option<&str>) -> Result<()> {
    let client = aws::logs(ctx.sdk().await?);
    let pattern = pattern.unwrap_or_default();
    let prefix = if glob::is_pattern(pattern) {
        pattern.split(['*', '?']).next().unwrap_or_default()
    } else {
        pattern
    };
    let groups: Vec<_> = super::targets::log_groups(&client, prefix)
        .await?
        .into_iter()
        .filter(|g| {
            g.log_group_name()
                .is_some_and(|name| !glob::is_pattern(pattern) || glob::matches(pattern, name))
        })
        .collect();
    let progress = ctx.out.progress(Some(groups.len() as u64), "groups");
    let lookups = groups.into_iter().map(|group| {
        let (client, progress) = (&client, &progress);
        async move {
            let found = newest_event(client, group.log_group_name().unwrap_or_default()).await;
            progress.inc(1);
            (group, found)
        }
    });
    // In listing order, several at a time.
    let looked_up: Vec<_> = futures_util::stream::iter(lookups)
        .buffered(CONCURRENT_LOOKUPS)
        .collect()
        .await;
    progress.finish_and_clear();
    let (mut records, mut vanished) = (Vec::new(), Vec::new());
    for (group, found) in looked_up {
        let name = group.log_group_name().unwrap_or_default().to_string();
        let last_event = match found {
            Ok(last_event) => last_event,
            // Deleted between the listing and the lookup: not an error of the others.
            Err(Vanished) => {
                vanished.push(name);
                continue;
            }
        }?;
        records.push(GroupRecord {
            group: name,
            stored_bytes: group.stored_bytes(),
            retention_days: group.retention_in_days(),
            last_event,
        });
    }
    if !vanished.is_empty() {
        ctx.out.status(format!(
            "iops: {} log group{} deleted while listing, left out: {}",
            vanished.len(),
            if vanished.len() == 1 { "" } else { "s" },
            vanished.join(", ")
        ));
    }
    ctx.out.print(&records)?;
    if records.is_empty() {
        return Err(Error::NothingMatched);
    }
    Ok(())
}

/// A group listed a moment ago that no longer exists.
struct Vanished;

/// The time of the group's newest event, if it has any.
async fn newest_event(
    client: &aws_sdk_cloudwatchlogs::Client,
    name: &str,
) -> Result<Result<Option<String>>, Vanished> {
    let answer = client
        .describe_log_streams()
        .log_group_name(name)
        .order_by(aws_sdk_cloudwatchlogs::types::OrderBy::LastEventTime)
        .descending(true)
        .limit(1)
        .send()
        .await;
    let newest = match answer {
        Ok(newest) => newest,
        Err(err) if err.code() == Some("ResourceNotFoundException") => return Err(Vanished),
        Err(err) => return Ok(Err(aws::error(format!("read log streams of {name}"), err))),
    };
    Ok(Ok(newest
        .log_streams()
        .first()
        .and_then(|s| s.last_event_timestamp())
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map(timespec::format_millis)))
}
