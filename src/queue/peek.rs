//! `iops queue peek`: messages shown without being consumed. A receive is the only way to read an
//! SQS message and it counts toward the redrive policy's `maxReceiveCount`, so a peek refuses
//! when that limit is so low that one extra receive could cost a message its place in the queue,
//! and says that every receive count went up by one.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::{
    ChangeMessageVisibilityBatchRequestEntry, Message, MessageSystemAttributeName,
};
use serde::Serialize;

use super::resolve::QueueRef;
use super::status::Redrive;
use crate::aws;
use crate::error::{Error, Result};
use crate::output::{Record, cell};
use crate::timespec;

/// ReceiveMessage returns at most 10 messages per call.
pub const RECEIVE_MAX: usize = 10;
/// While a peek of more than 10 messages reads on, the ones already read stay hidden this long
/// (then they are released at once), so no message is received twice by one peek.
const HIDE_WHILE_READING_S: i32 = 30;
/// With `maxReceiveCount` at or below this, one receive by iops could be a message's last.
pub const UNSAFE_MAX_RECEIVE: u32 = 2;

#[derive(Debug, Clone, Serialize)]
pub struct PeekedMessage {
    pub message_id: String,
    pub sent_at: Option<String>,
    pub age_s: Option<f64>,
    /// After this peek's receive.
    pub receive_count: Option<u32>,
    pub body: String,
    pub attributes: BTreeMap<String, String>,
}

impl Record for PeekedMessage {
    fn headers() -> &'static [&'static str] {
        &[
            "message_id",
            "sent_at",
            "age_s",
            "receive_count",
            "body",
            "attributes",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.message_id.clone(),
            cell(&self.sent_at),
            self.age_s.map_or_else(String::new, |a| format!("{a:.0}")),
            cell(&self.receive_count),
            self.body.clone(),
            self.attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
        ]
    }
}

/// Exit 2, saying why, when a peek could move a message to the dead-letter queue.
pub fn check_safe(queue: &QueueRef, redrive: Option<&Redrive>) -> Result<()> {
    match redrive {
        Some(r) if r.max_receive_count <= UNSAFE_MAX_RECEIVE => Err(Error::usage(format!(
            "not peeking {}: it moves a message to its dead-letter queue {} after {} receive{} \
             (RedrivePolicy maxReceiveCount) and a peek is a receive, so a message that failed \
             once could land in the DLQ; peek the dead-letter queue instead, or raise maxReceiveCount",
            queue.name,
            r.dlq_arn.rsplit(':').next().unwrap_or(&r.dlq_arn),
            r.max_receive_count,
            if r.max_receive_count == 1 { "" } else { "s" }
        ))),
        _ => Ok(()),
    }
}

/// One ReceiveMessage call: up to `want` (≤ 10) messages with every attribute, hidden for `hide_s`.
pub async fn receive_batch(
    queue: &QueueRef,
    want: usize,
    hide_s: i32,
    wait_s: i32,
) -> Result<Vec<Message>> {
    let answer = queue
        .sqs
        .receive_message()
        .queue_url(&queue.url)
        .max_number_of_messages(want.clamp(1, RECEIVE_MAX) as i32)
        .visibility_timeout(hide_s)
        .wait_time_seconds(wait_s)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .message_attribute_names("All")
        .send()
        .await
        .map_err(|e| aws::error(format!("receive from {} (ReceiveMessage)", queue.name), e))?;
    Ok(answer.messages.unwrap_or_default())
}

/// Up to `max` messages, each received once and visible again when this returns.
pub async fn receive(queue: &QueueRef, max: usize) -> Result<Vec<Message>> {
    let hide = if max <= RECEIVE_MAX {
        0
    } else {
        HIDE_WHILE_READING_S
    };
    let mut messages: Vec<Message> = Vec::new();
    let result = async {
        while messages.len() < max {
            // Long-poll the first call so a short queue on real SQS answers in full.
            let wait = if messages.is_empty() { 1 } else { 0 };
            let batch = receive_batch(queue, max - messages.len(), hide, wait).await?;
            let done = batch.is_empty() || hide == 0;
            messages.extend(batch);
            if done {
                break;
            }
        }
        Ok(())
    }
    .await;
    if hide > 0 {
        let handles: Vec<String> = messages
            .iter()
            .filter_map(|m| m.receipt_handle().map(str::to_string))
            .collect();
        let gone = release(queue, &handles).await?;
        if gone > 0 {
            tracing::info!(gone, "messages deleted from the queue while peeking");
        }
    }
    result.map(|()| messages)
}

/// The dead-letter queue's depth before a receive, to say afterwards whether the receive moved
/// messages there: SQS moves a message that already reached maxReceiveCount to the DLQ on its
/// next receive instead of returning it, so a read-only-looking peek or stale scan can move some.
pub struct DlqWatch<'a> {
    redrive: Option<&'a Redrive>,
    before: Option<u64>,
}

impl<'a> DlqWatch<'a> {
    pub async fn start(queue: &QueueRef, redrive: Option<&'a Redrive>) -> DlqWatch<'a> {
        let before = match redrive {
            Some(redrive) => super::status::dlq_depth(queue, &redrive.dlq_arn).await.ok(),
            None => None,
        };
        DlqWatch { redrive, before }
    }

    /// `about N message(s) moved to the dead-letter queue D during this {what}: …`, when the
    /// DLQ grew since [`DlqWatch::start`].
    pub async fn moved(&self, queue: &QueueRef, what: &str) -> Option<String> {
        let (redrive, before) = (self.redrive?, self.before?);
        let after = super::status::dlq_depth(queue, &redrive.dlq_arn)
            .await
            .ok()?;
        let moved = after.checked_sub(before).filter(|m| *m > 0)?;
        Some(format!(
            "about {moved} message{} moved to the dead-letter queue {} during this {what}: {} reached maxReceiveCount {} (SQS moves such a message on its next receive instead of returning it)",
            if moved == 1 { "" } else { "s" },
            super::status::name_of_arn(&redrive.dlq_arn),
            if moved == 1 { "it had" } else { "they had" },
            redrive.max_receive_count
        ))
    }
}

/// A warning when a receive left messages one receive (or none) from the dead-letter queue:
/// the next peek, stale scan or consumer failure moves them. `counts`: each message's
/// ApproximateReceiveCount after this receive.
pub fn dlq_warning(
    redrive: Option<&Redrive>,
    counts: impl IntoIterator<Item = u32>,
) -> Option<String> {
    let redrive = redrive?;
    let max = redrive.max_receive_count;
    let near = counts.into_iter().filter(|c| *c + 1 >= max).count();
    (near > 0).then(|| {
        format!(
            "warning: {near} message{s} within one receive of maxReceiveCount {max} (received {at}+ times): a further peek, stale scan or consumer failure can move {them} to the dead-letter queue {dlq}",
            s = if near == 1 { "" } else { "s" },
            at = max.saturating_sub(1),
            them = if near == 1 { "it" } else { "them" },
            dlq = redrive.dlq_arn.rsplit(':').next().unwrap_or(&redrive.dlq_arn),
        )
    })
}

/// Makes the received messages visible again at once (ChangeMessageVisibilityBatch, 10 per call).
/// Returns how many were no longer in the queue (deleted meanwhile: a purge, or a consumer).
pub async fn release(queue: &QueueRef, handles: &[String]) -> Result<u64> {
    let mut gone = 0;
    // 8 calls in flight, built a group at a time: a future per call for the whole list would
    // hold ~6 KB per 10 messages (60 MB at 100,000), and a lazy stream's closure would keep the
    // future from being Send, which doctor needs.
    for group in handles.chunks(RECEIVE_MAX * 8) {
        let calls: Vec<_> = group
            .chunks(RECEIVE_MAX)
            .map(|chunk| {
                let entries: Vec<ChangeMessageVisibilityBatchRequestEntry> = chunk
                    .iter()
                    .enumerate()
                    .filter_map(|(i, handle)| {
                        ChangeMessageVisibilityBatchRequestEntry::builder()
                            .id(i.to_string())
                            .receipt_handle(handle)
                            .visibility_timeout(0)
                            .build()
                            .ok()
                    })
                    .collect();
                queue
                    .sqs
                    .change_message_visibility_batch()
                    .queue_url(&queue.url)
                    .set_entries(Some(entries))
                    .send()
            })
            .collect();
        for answer in futures_util::future::join_all(calls).await {
            let answer =
                answer.map_err(|e| aws::error(format!("release messages of {}", queue.name), e))?;
            let (deleted, failed): (Vec<_>, Vec<_>) =
                answer.failed().iter().partition(|f| no_longer_in_queue(f));
            gone += deleted.len() as u64;
            if let Some(first) = failed.first() {
                return Err(Error::Failed(format!(
                    "{} message(s) of {} stay hidden until their visibility timeout: {}",
                    failed.len(),
                    queue.name,
                    first.message().unwrap_or("ChangeMessageVisibility failed")
                )));
            }
        }
    }
    Ok(gone)
}

/// A release refused because the message is gone: its receipt handle no longer names a message
/// (SQS answers ReceiptHandleIsInvalid, or InvalidParameterValue "Message does not exist"), or it
/// is no longer in flight (already visible: nothing to release).
fn no_longer_in_queue(failure: &aws_sdk_sqs::types::BatchResultErrorEntry) -> bool {
    let message = failure.message().unwrap_or_default().to_ascii_lowercase();
    matches!(
        failure.code(),
        "ReceiptHandleIsInvalid"
            | "MessageNotInflight"
            | "AWS.SimpleQueueService.MessageNotInflight"
    ) || message.contains("receipt handle is invalid")
        || message.contains("receipthandle is invalid")
        || message.contains("does not exist")
}

fn sent_ms(message: &Message) -> Option<i64> {
    message
        .attributes()?
        .get(&MessageSystemAttributeName::SentTimestamp)?
        .parse()
        .ok()
}

/// Seconds since the message was sent, from `SentTimestamp`.
pub fn age_s(message: &Message, now_ms: i64) -> Option<f64> {
    sent_ms(message).map(|ms| (now_ms - ms).max(0) as f64 / 1000.0)
}

pub fn describe(message: &Message, now_ms: i64) -> PeekedMessage {
    let system = |name: MessageSystemAttributeName| {
        message
            .attributes()
            .and_then(|a| a.get(&name))
            .map(String::as_str)
    };
    let sent_ms = sent_ms(message);
    let attributes = message
        .message_attributes()
        .map(|all| {
            all.iter()
                .map(|(name, value)| {
                    let text = value.string_value().map(str::to_string).unwrap_or_else(|| {
                        format!(
                            "({} bytes)",
                            value.binary_value().map_or(0, |b| b.as_ref().len())
                        )
                    });
                    (name.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default();
    PeekedMessage {
        message_id: message.message_id().unwrap_or_default().to_string(),
        sent_at: sent_ms
            .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
            .map(timespec::format_millis),
        age_s: age_s(message, now_ms),
        receive_count: system(MessageSystemAttributeName::ApproximateReceiveCount)
            .and_then(|c| c.parse().ok()),
        body: message.body().unwrap_or_default().to_string(),
        attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue() -> QueueRef {
        QueueRef {
            label: "chat".into(),
            name: "ChatProcessingQueue".into(),
            url: "http://127.0.0.1/1/ChatProcessingQueue".into(),
            arn: "arn:aws:sqs:eu-west-1:1:ChatProcessingQueue".into(),
            sqs: aws_sdk_sqs::Client::from_conf(
                aws_sdk_sqs::Config::builder()
                    .behavior_version_latest()
                    .build(),
            ),
        }
    }

    fn redrive(max: u32) -> Redrive {
        Redrive {
            dlq_arn: "arn:aws:sqs:eu-west-1:1:ChatDLQ".into(),
            max_receive_count: max,
        }
    }

    #[test]
    fn a_low_max_receive_count_refuses_with_the_reason() {
        let err = check_safe(&queue(), Some(&redrive(2))).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::ExitCode::Usage);
        let text = err.to_string();
        assert!(text.contains("ChatDLQ after 2 receives"), "{text}");
        assert!(text.contains("a peek is a receive"), "{text}");
        assert!(check_safe(&queue(), Some(&redrive(3))).is_ok());
        assert!(check_safe(&queue(), None).is_ok());
    }

    #[test]
    fn messages_one_receive_from_the_dlq_are_warned_about() {
        let policy = redrive(3);
        assert_eq!(dlq_warning(Some(&policy), [1, 1]), None);
        let warning = dlq_warning(Some(&policy), [1, 2, 3]).unwrap();
        assert!(
            warning
                .contains("2 messages within one receive of maxReceiveCount 3 (received 2+ times)"),
            "{warning}"
        );
        assert!(warning.contains("ChatDLQ"), "{warning}");
        assert_eq!(dlq_warning(None, [9]), None);
    }

    #[test]
    fn a_message_reads_with_its_age_and_count() {
        let sent = 1_764_000_000_000i64;
        let message = Message::builder()
            .message_id("m-1")
            .body(r#"{"connectionId":"abc="}"#)
            .attributes(MessageSystemAttributeName::SentTimestamp, sent.to_string())
            .attributes(MessageSystemAttributeName::ApproximateReceiveCount, "2")
            .build();
        let peeked = describe(&message, sent + 90_000);
        assert_eq!(peeked.age_s, Some(90.0));
        assert_eq!(peeked.receive_count, Some(2));
        assert_eq!(peeked.sent_at.as_deref(), Some("2025-11-24T16:00:00.000Z"));
    }
}
