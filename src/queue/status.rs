//! `iops queue status`: per queue, the backlog (visible, in flight, delayed), the age of the
//! oldest message, its dead-letter queue and depth, and every Lambda that consumes it — with the
//! visibility timeout set against each consumer's function timeout. Gathered concurrently;
//! judged by a pure function against `--max-backlog` / `--max-age`.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_sqs::types::QueueAttributeName;
use futures_util::StreamExt;
use serde::Serialize;

use super::resolve::QueueRef;
use crate::aws;
use crate::error::Result;
use crate::output::{Record, cell};

/// The warning for a queue that is not a dead-letter queue and has no consumer.
pub const NO_CONSUMER: &str = "no Lambda consumes this queue";

/// AWS advises a visibility timeout of at least six times the consumer function's timeout.
const VISIBILITY_FACTOR: i64 = 6;

/// `RedrivePolicy`: where messages go after `max_receive_count` receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redrive {
    pub dlq_arn: String,
    pub max_receive_count: u32,
}

/// The queue attributes iops reads.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    pub arn: String,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    pub visibility_timeout_s: i64,
    pub redrive: Option<Redrive>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consumer {
    pub function: String,
    pub uuid: String,
    pub state: String,
    pub batch_size: Option<i32>,
    pub maximum_concurrency: Option<i32>,
    pub last_processing_result: Option<String>,
    pub function_timeout_s: Option<i32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueStatus {
    pub queue: String,
    pub name: String,
    pub url: String,
    pub arn: String,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
    /// From CloudWatch `ApproximateAgeOfOldestMessage` (or a peek with `--peek-age`).
    pub oldest_age_s: Option<f64>,
    pub oldest_age_from: Option<&'static str>,
    pub visibility_timeout_s: i64,
    pub dlq: Option<String>,
    pub dlq_visible: Option<u64>,
    pub max_receive_count: Option<u32>,
    #[serde(skip)]
    pub dlq_arn: Option<String>,
    pub consumers: Vec<Consumer>,
    /// Crossed limits and disabled consumers: exit 1.
    pub problems: Vec<String>,
    /// Worth a look, not a failure.
    pub warnings: Vec<String>,
}

impl Record for QueueStatus {
    fn headers() -> &'static [&'static str] {
        &[
            "queue",
            "visible",
            "in_flight",
            "delayed",
            "oldest_age_s",
            "dlq",
            "dlq_visible",
            "visibility_timeout_s",
            "consumers",
            "problems",
            "warnings",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let consumers: Vec<String> = self
            .consumers
            .iter()
            .map(|c| {
                let mut text = format!("{} ({}", c.function, c.state);
                if let Some(size) = c.batch_size {
                    text.push_str(&format!(", batch {size}"));
                }
                if let Some(max) = c.maximum_concurrency {
                    text.push_str(&format!(", max concurrency {max}"));
                }
                if let Some(timeout) = c.function_timeout_s {
                    text.push_str(&format!(", timeout {timeout}s"));
                }
                text + ")"
            })
            .collect();
        vec![
            self.queue.clone(),
            self.visible.to_string(),
            self.in_flight.to_string(),
            self.delayed.to_string(),
            self.oldest_age_s
                .map_or_else(String::new, |a| format!("{a:.0}")),
            cell(&self.dlq),
            cell(&self.dlq_visible),
            self.visibility_timeout_s.to_string(),
            if consumers.is_empty() {
                "none".into()
            } else {
                consumers.join("; ")
            },
            self.problems.join("; "),
            self.warnings.join("; "),
        ]
    }
}

/// The thresholds of `--max-backlog` / `--max-age`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    pub max_backlog: Option<u64>,
    pub max_age: Option<Duration>,
}

pub fn parse_redrive(text: &str) -> Option<Redrive> {
    let policy: serde_json::Value = serde_json::from_str(text).ok()?;
    let count = match &policy["maxReceiveCount"] {
        serde_json::Value::Number(n) => n.as_u64()?,
        serde_json::Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    Some(Redrive {
        dlq_arn: policy["deadLetterTargetArn"].as_str()?.to_string(),
        max_receive_count: u32::try_from(count).ok()?,
    })
}

pub async fn attributes(queue: &QueueRef) -> Result<Attributes> {
    let answer = queue
        .sqs
        .get_queue_attributes()
        .queue_url(&queue.url)
        .attribute_names(QueueAttributeName::All)
        .send()
        .await
        .map_err(|e| aws::error(format!("read queue {} (GetQueueAttributes)", queue.name), e))?;
    let empty = HashMap::new();
    let found = answer.attributes().unwrap_or(&empty);
    let get = |name: QueueAttributeName| found.get(&name).map(String::as_str);
    let number = |name: QueueAttributeName| get(name).and_then(|v| v.parse().ok()).unwrap_or(0);
    Ok(Attributes {
        arn: get(QueueAttributeName::QueueArn)
            .unwrap_or_default()
            .to_string(),
        visible: number(QueueAttributeName::ApproximateNumberOfMessages),
        in_flight: number(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        delayed: number(QueueAttributeName::ApproximateNumberOfMessagesDelayed),
        visibility_timeout_s: number(QueueAttributeName::VisibilityTimeout) as i64,
        redrive: get(QueueAttributeName::RedrivePolicy).and_then(parse_redrive),
    })
}

/// Everything but the age, for one queue.
/// `lambda` is the configured region's; the queue's consumers are asked in its own region.
async fn gather_one(lambda: &aws_sdk_lambda::Client, queue: &QueueRef) -> Result<QueueStatus> {
    let attributes = attributes(queue).await?;
    let dlq_visible = match &attributes.redrive {
        Some(redrive) => Some(dlq_depth(queue, &redrive.dlq_arn).await?),
        None => None,
    };
    let consumers = consumers(&aws::lambda_in(lambda, queue.region()), &attributes.arn).await?;
    Ok(QueueStatus {
        queue: queue.label.clone(),
        name: queue.name.clone(),
        url: queue.url.clone(),
        arn: attributes.arn.clone(),
        visible: attributes.visible,
        in_flight: attributes.in_flight,
        delayed: attributes.delayed,
        oldest_age_s: None,
        oldest_age_from: None,
        visibility_timeout_s: attributes.visibility_timeout_s,
        dlq: attributes.redrive.as_ref().map(|r| name_of_arn(&r.dlq_arn)),
        dlq_visible,
        max_receive_count: attributes.redrive.as_ref().map(|r| r.max_receive_count),
        dlq_arn: attributes.redrive.as_ref().map(|r| r.dlq_arn.clone()),
        consumers,
        problems: Vec::new(),
        warnings: Vec::new(),
    })
}

/// Every queue at once (at most 8 in flight), in the order given; the first failure ends it.
pub async fn gather(
    lambda: &aws_sdk_lambda::Client,
    queues: &[QueueRef],
) -> Result<Vec<QueueStatus>> {
    gather_each(lambda, queues).await.into_iter().collect()
}

/// Every queue at once (at most 8 in flight), in the order given, each with its own outcome: a
/// queue that fails (one deleted since it was named) leaves the others' figures standing.
pub async fn gather_each(
    lambda: &aws_sdk_lambda::Client,
    queues: &[QueueRef],
) -> Vec<Result<QueueStatus>> {
    // The futures are built first: a closure inside the stream would not be Send for every
    // lifetime, which doctor's concurrent checks need.
    let calls: Vec<_> = queues
        .iter()
        .enumerate()
        .map(|(i, q)| async move { (i, gather_one(lambda, q).await) })
        .collect();
    let mut found: Vec<(usize, Result<QueueStatus>)> = futures_util::stream::iter(calls)
        .buffer_unordered(8)
        .collect()
        .await;
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, s)| s).collect()
}

pub fn name_of_arn(arn: &str) -> String {
    arn.rsplit(':').next().unwrap_or(arn).to_string()
}

/// The visible messages of the dead-letter queue `arn` names (`source`'s, in its region).
pub async fn dlq_depth(source: &QueueRef, arn: &str) -> Result<u64> {
    let dlq = super::resolve::by_arn(&source.sqs, arn).await?;
    Ok(attributes(&dlq).await?.visible)
}

pub async fn consumers(client: &aws_sdk_lambda::Client, queue_arn: &str) -> Result<Vec<Consumer>> {
    let mut pages = client
        .list_event_source_mappings()
        .event_source_arn(queue_arn)
        .into_paginator()
        .items()
        .send();
    let mut found = Vec::new();
    while let Some(mapping) = pages.next().await {
        let mapping = mapping.map_err(|e| aws::error("list event source mappings", e))?;
        let function_arn = mapping.function_arn().unwrap_or_default().to_string();
        let timeout = client
            .get_function_configuration()
            .function_name(&function_arn)
            .send()
            .await
            .map_err(|e| aws::error(format!("read function {function_arn}"), e))?
            .timeout();
        found.push(Consumer {
            function: function_arn.rsplit(':').next().unwrap_or("?").to_string(),
            uuid: mapping.uuid().unwrap_or("?").to_string(),
            state: mapping.state().unwrap_or("?").to_string(),
            batch_size: mapping.batch_size(),
            maximum_concurrency: mapping
                .scaling_config()
                .and_then(|s| s.maximum_concurrency()),
            last_processing_result: mapping.last_processing_result().map(str::to_string),
            function_timeout_s: timeout,
        });
    }
    Ok(found)
}

/// Adds to `problems` (exit 1) and `warnings` from the figures and the limits. A dead-letter queue
/// of another queue shown (`is_dlq`) is not expected to have consumers.
pub fn judge(status: &mut QueueStatus, limits: Limits, is_dlq: bool) {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if let Some(max) = limits.max_backlog.filter(|max| status.visible > *max) {
        problems.push(format!("backlog {} > {max}", status.visible));
    }
    match (limits.max_age, status.oldest_age_s) {
        (Some(max), Some(age)) if age > max.as_secs_f64() => problems.push(format!(
            "oldest message {age:.0} s old > {}",
            crate::timespec::format_duration(max)
        )),
        (Some(_), None) if status.visible > 0 => warnings.push(
            "age of the oldest message unknown (no CloudWatch datapoint; --peek-age reads it)"
                .into(),
        ),
        _ => {}
    }
    for consumer in &status.consumers {
        if consumer.state != "Enabled" && consumer.state != "Enabling" {
            problems.push(format!(
                "consumer {} is {} (aws lambda update-event-source-mapping --uuid {} --enabled)",
                consumer.function, consumer.state, consumer.uuid
            ));
        }
        if let Some(timeout) = consumer.function_timeout_s {
            let advised = VISIBILITY_FACTOR * i64::from(timeout);
            if status.visibility_timeout_s < advised {
                warnings.push(format!(
                    "visibility timeout {} s < 6 × {}'s timeout ({timeout} s): messages may be processed twice",
                    status.visibility_timeout_s, consumer.function
                ));
            }
        }
    }
    if status.consumers.is_empty() && status.visible > 0 && !is_dlq {
        warnings.push(NO_CONSUMER.into());
    }
    if let Some(depth) = status.dlq_visible.filter(|d| *d > 0) {
        warnings.push(format!(
            "{depth} message{} in the dead-letter queue",
            if depth == 1 { "" } else { "s" }
        ));
    }
    // Appended: what was noted while gathering (e.g. an age not peeked) stays.
    status.problems.extend(problems);
    status.warnings.extend(warnings);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(visible: u64, state: &str, timeout: i32, visibility: i64) -> QueueStatus {
        QueueStatus {
            queue: "chat".into(),
            name: "ChatProcessingQueue".into(),
            url: "http://q".into(),
            arn: "arn:aws:sqs:eu-west-1:1:ChatProcessingQueue".into(),
            visible,
            in_flight: 0,
            delayed: 0,
            oldest_age_s: Some(120.0),
            oldest_age_from: Some("cloudwatch"),
            visibility_timeout_s: visibility,
            dlq: Some("ChatDLQ".into()),
            dlq_visible: Some(0),
            max_receive_count: Some(5),
            dlq_arn: Some("arn:aws:sqs:eu-west-1:1:ChatDLQ".into()),
            consumers: vec![Consumer {
                function: "chat_processor".into(),
                uuid: "u-1".into(),
                state: state.into(),
                batch_size: Some(10),
                maximum_concurrency: None,
                last_processing_result: None,
                function_timeout_s: Some(timeout),
            }],
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn redrive_policies_parse_with_numbers_or_strings() {
        let expected = Some(Redrive {
            dlq_arn: "arn:aws:sqs:eu-west-1:1:dlq".into(),
            max_receive_count: 5,
        });
        assert_eq!(
            parse_redrive(
                r#"{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq","maxReceiveCount":5}"#
            ),
            expected
        );
        assert_eq!(
            parse_redrive(
                r#"{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:1:dlq","maxReceiveCount":"5"}"#
            ),
            expected
        );
        assert_eq!(parse_redrive("not json"), None);
    }

    #[test]
    fn limits_crossed_and_disabled_consumers_are_problems() {
        let limits = Limits {
            max_backlog: Some(100),
            max_age: Some(Duration::from_secs(60)),
        };
        let mut healthy = status(10, "Enabled", 30, 180);
        healthy.oldest_age_s = Some(59.0);
        judge(&mut healthy, limits, false);
        assert!(
            healthy.problems.is_empty() && healthy.warnings.is_empty(),
            "{healthy:?}"
        );
        let mut busy = status(101, "Disabled", 30, 180);
        busy.oldest_age_s = Some(61.0);
        judge(&mut busy, limits, false);
        assert_eq!(busy.problems.len(), 3, "{:?}", busy.problems);
        assert!(busy.problems[0].starts_with("backlog 101 > 100"));
        assert!(busy.problems[2].contains("--uuid u-1 --enabled"));
    }

    #[test]
    fn a_short_visibility_timeout_and_a_full_dlq_are_warnings() {
        let mut short = status(0, "Enabled", 60, 300);
        short.dlq_visible = Some(3);
        judge(&mut short, Limits::default(), false);
        assert!(short.problems.is_empty());
        assert_eq!(short.warnings.len(), 2, "{:?}", short.warnings);
        assert!(short.warnings[0].contains("300 s < 6 × chat_processor's timeout (60 s)"));
        assert_eq!(short.warnings[1], "3 messages in the dead-letter queue");
    }

    #[test]
    fn only_a_queue_that_is_not_a_dlq_should_have_consumers() {
        let mut lonely = status(4, "Enabled", 30, 180);
        lonely.consumers.clear();
        judge(&mut lonely, Limits::default(), false);
        assert_eq!(
            lonely.warnings,
            vec!["no Lambda consumes this queue".to_string()]
        );
        let mut dlq = status(4, "Enabled", 30, 180);
        dlq.consumers.clear();
        judge(&mut dlq, Limits::default(), true);
        assert!(dlq.warnings.is_empty());
    }
}
