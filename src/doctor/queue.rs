//! The queue check: every configured queue exists, has a consumer and its consumers are enabled,
//! its dead-letter queue is empty and its visibility timeout covers the consumers (runbook
//! `004_…`), from the figures `iops queue status` reads.

use super::{Check, CheckName, Status};
use crate::context::Context;
use crate::error::{Error, first_line};
use crate::queue::status::{NO_CONSUMER, QueueStatus};
use crate::queue::{self, resolve};

pub async fn check(ctx: &Context) -> Check {
    if ctx.settings.queues().is_empty() {
        return Check::unconfigured(CheckName::Queue, "[env.NAME.queues]");
    }
    match queue::statuses_each(ctx, Default::default()).await {
        Ok(each) => judge(&each.found, &each.failed),
        Err(err) => Check::from_error(CheckName::Queue, &err),
    }
}

/// Every queue judged on its own: a queue that does not exist (or could not be read) fails the
/// check by name, and the others' problems and warnings are all listed. A queue with no consumer
/// warns unless it is another configured queue's dead-letter queue.
fn judge(found: &[QueueStatus], failed: &[(String, Error)]) -> Check {
    let name = CheckName::Queue;
    let summary = |s: &QueueStatus| {
        let age = s
            .oldest_age_s
            .map_or(String::new(), |a| format!(", oldest {a:.0} s"));
        let consumers = if s.consumers.is_empty() {
            "no consumer".to_string()
        } else {
            s.consumers
                .iter()
                .map(|c| format!("{} {}", c.function, c.state))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!("{}: {} visible{age}, {consumers}", s.queue, s.visible)
    };
    let dlqs: Vec<&str> = found.iter().filter_map(|s| s.dlq_arn.as_deref()).collect();
    let warnings_of = |s: &QueueStatus| -> Vec<String> {
        let mut warnings = s.warnings.clone();
        if s.consumers.is_empty()
            && !dlqs.contains(&s.arn.as_str())
            && !warnings.iter().any(|w| w == NO_CONSUMER)
        {
            warnings.push(NO_CONSUMER.to_string());
        }
        warnings
    };
    let missing: Vec<&str> = failed
        .iter()
        .filter(|(_, err)| resolve::is_missing(err))
        .map(|(label, _)| label.as_str())
        .collect();
    let mut problems: Vec<String> = failed
        .iter()
        .map(|(label, err)| {
            if resolve::is_missing(err) {
                format!("{label}: no such queue ({})", first_line(err))
            } else {
                format!("{label}: could not be read ({})", first_line(err))
            }
        })
        .collect();
    let mut warnings = Vec::new();
    let mut fine = Vec::new();
    let first_flagged = found
        .iter()
        .find(|s| !s.problems.is_empty())
        .or_else(|| found.iter().find(|s| !warnings_of(s).is_empty()))
        .map(|s| s.queue.as_str());
    for status in found {
        let own_warnings = warnings_of(status);
        if status.problems.is_empty() && own_warnings.is_empty() {
            fine.push(status.queue.as_str());
            continue;
        }
        problems.extend(
            status
                .problems
                .iter()
                .map(|p| format!("{}: {p}", status.queue)),
        );
        warnings.extend(
            own_warnings
                .iter()
                .map(|w| format!("{}: {w}", status.queue)),
        );
    }
    if problems.is_empty() && warnings.is_empty() {
        return Check::pass(
            name,
            found.iter().map(summary).collect::<Vec<_>>().join("; "),
        );
    }
    let mut evidence = problems.clone();
    evidence.extend(warnings);
    if !fine.is_empty() {
        evidence.push(format!("fine: {}", fine.join(", ")));
    }
    let mut next = Vec::new();
    if !missing.is_empty() {
        let keys: Vec<String> = missing.iter().map(|l| format!("queues.{l}")).collect();
        next.push(format!(
            "correct or remove {} in iops.toml (`iops init --stack NAME` finds the stack's queues)",
            keys.join(", ")
        ));
    }
    if failed.len() > missing.len() {
        next.push("run again with -vv to see every AWS request".to_string());
    }
    if let Some(queue) = first_flagged {
        next.push(if problems.is_empty() {
            format!("iops queue status {queue}; iops queue peek {queue}")
        } else {
            format!("iops queue status {queue}")
        });
    }
    let status = if problems.is_empty() {
        Status::Warn
    } else {
        Status::Fail
    };
    Check::with(name, status, evidence.join("; "), next.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::status::Consumer;

    fn status(state: &str, problems: &[&str], warnings: &[&str]) -> QueueStatus {
        QueueStatus {
            queue: "chat".into(),
            name: "ChatProcessingQueue".into(),
            url: "http://q".into(),
            arn: "arn".into(),
            visible: 3,
            in_flight: 0,
            delayed: 0,
            oldest_age_s: Some(12.0),
            oldest_age_from: Some("cloudwatch"),
            visibility_timeout_s: 360,
            dlq: None,
            dlq_visible: None,
            max_receive_count: None,
            dlq_arn: None,
            consumers: vec![Consumer {
                function: "chat_processor".into(),
                uuid: "u".into(),
                state: state.into(),
                batch_size: Some(10),
                maximum_concurrency: None,
                last_processing_result: None,
                function_timeout_s: Some(60),
            }],
            problems: problems.iter().map(|s| s.to_string()).collect(),
            warnings: warnings.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn healthy_queues_pass_with_their_figures() {
        let check = judge(&[status("Enabled", &[], &[])], &[]);
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "chat: 3 visible, oldest 12 s, chat_processor Enabled"
        );
    }

    #[test]
    fn problems_fail_and_warnings_warn_naming_the_queue() {
        let failed = judge(
            &[status(
                "Disabled",
                &["consumer chat_processor is Disabled"],
                &[],
            )],
            &[],
        );
        assert_eq!(failed.status, Status::Fail);
        assert_eq!(failed.evidence, "chat: consumer chat_processor is Disabled");
        assert_eq!(failed.next.as_deref(), Some("iops queue status chat"));
        let warned = judge(
            &[status(
                "Enabled",
                &[],
                &["2 messages in the dead-letter queue"],
            )],
            &[],
        );
        assert_eq!(warned.status, Status::Warn);
        assert_eq!(warned.evidence, "chat: 2 messages in the dead-letter queue");
    }

    fn named(queue: &str, status: QueueStatus) -> QueueStatus {
        QueueStatus {
            queue: queue.into(),
            arn: format!("arn:aws:sqs:us-east-1:1:{queue}"),
            ..status
        }
    }

    #[test]
    fn a_queue_without_a_consumer_warns_unless_it_is_a_dead_letter_queue() {
        let mut lonely = named("notifications", status("Enabled", &[], &[]));
        lonely.consumers.clear();
        lonely.visible = 0;
        let check = judge(&[status("Enabled", &[], &[]), lonely.clone()], &[]);
        assert_eq!(check.status, Status::Warn);
        assert_eq!(
            check.evidence,
            "notifications: no Lambda consumes this queue; fine: chat"
        );
        // Every queue's issues are listed, the consumer-less one's too.
        let mut full = status("Enabled", &[], &["2 messages in the dead-letter queue"]);
        full.dlq_arn = Some("arn:aws:sqs:us-east-1:1:other".into());
        let check = judge(&[full.clone(), lonely.clone()], &[]);
        assert_eq!(
            check.evidence,
            "chat: 2 messages in the dead-letter queue; notifications: no Lambda consumes this queue"
        );
        // The DLQ of another configured queue is not expected to have a consumer.
        full.dlq_arn = Some(lonely.arn.clone());
        let check = judge(&[full, lonely], &[]);
        assert_eq!(
            check.evidence,
            "chat: 2 messages in the dead-letter queue; fine: notifications"
        );
    }

    #[test]
    fn a_missing_queue_fails_by_name_and_the_others_are_still_judged() {
        let gone = Error::Aws(crate::error::AwsFailure {
            action: "find queue no-such-queue in us-east-1 (GetQueueUrl)".into(),
            code: Some("AWS.SimpleQueueService.NonExistentQueue".into()),
            message: "The specified queue does not exist.".into(),
            request_id: None,
            hint: None,
        });
        let mut lonely = named("notif", status("Enabled", &[], &[]));
        lonely.consumers.clear();
        let check = judge(
            &[status("Enabled", &[], &[]), lonely],
            &[("gone".to_string(), gone)],
        );
        assert_eq!(check.status, Status::Fail);
        assert!(
            check.evidence.starts_with(
                "gone: no such queue (find queue no-such-queue in us-east-1 (GetQueueUrl): \
                 AWS.SimpleQueueService.NonExistentQueue"
            ),
            "{}",
            check.evidence
        );
        assert!(
            check
                .evidence
                .ends_with("; notif: no Lambda consumes this queue; fine: chat"),
            "{}",
            check.evidence
        );
        let next = check.next.unwrap();
        assert!(next.contains("queues.gone"), "{next}");
        assert!(!next.contains("-vv"), "{next}");
    }
}
