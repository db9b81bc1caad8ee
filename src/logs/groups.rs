//! `iops logs groups [PATTERN]`: log groups with stored bytes, retention and last event time.

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

pub async fn run(ctx: &Context, pattern: Option<&str>) -> Result<()> {
    let client = aws::logs(ctx.sdk().await?);
    let pattern = pattern.unwrap_or_default();
    let prefix = if glob::is_pattern(pattern) {
        pattern.split(['*', '?']).next().unwrap_or_default()
    } else {
        pattern
    };
    let mut records = Vec::new();
    for group in super::targets::log_groups(&client, prefix).await? {
        let Some(name) = group.log_group_name() else {
            continue;
        };
        if glob::is_pattern(pattern) && !glob::matches(pattern, name) {
            continue;
        }
        let newest = client
            .describe_log_streams()
            .log_group_name(name)
            .order_by(aws_sdk_cloudwatchlogs::types::OrderBy::LastEventTime)
            .descending(true)
            .limit(1)
            .send()
            .await
            .map_err(|e| aws::error(format!("read log streams of {name}"), e))?;
        let last_event = newest
            .log_streams()
            .first()
            .and_then(|s| s.last_event_timestamp())
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
            .map(timespec::format_millis);
        records.push(GroupRecord {
            group: name.to_string(),
            stored_bytes: group.stored_bytes(),
            retention_days: group.retention_in_days(),
            last_event,
        });
    }
    if records.is_empty() {
        ctx.out.print(&records)?;
        return Err(Error::NothingMatched);
    }
    ctx.out.print(&records)
}
