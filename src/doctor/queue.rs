//! The queue check: every configured queue's consumers are enabled, its dead-letter queue is
//! empty and its visibility timeout covers the consumers (runbook `004_…`), from the figures
//! `iops queue status` reads.

use super::{Check, CheckName, Status};
use crate::context::Context;
use crate::queue::{self, status::QueueStatus};

pub async fn check(ctx: &Context) -> Check {
    if ctx.settings.queues().is_empty() {
        return Check::unconfigured(CheckName::Queue, "[env.NAME.queues]");
    }
    match queue::statuses(ctx, &[], Default::default(), false).await {
        Ok(found) => judge(&found),
        Err(err) => Check::from_error(CheckName::Queue, &err),
    }
}

fn judge(found: &[QueueStatus]) -> Check {
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
    let issues = |pick: fn(&QueueStatus) -> &Vec<String>| -> Vec<String> {
        found
            .iter()
            .flat_map(|s| pick(s).iter().map(move |p| format!("{}: {p}", s.queue)))
            .collect()
    };
    let (problems, warnings) = (issues(|s| &s.problems), issues(|s| &s.warnings));
    let first = found
        .first()
        .map_or("QUEUE".to_string(), |s| s.queue.clone());
    if !problems.is_empty() {
        return Check::with(
            name,
            Status::Fail,
            problems.join("; "),
            format!("iops queue status {first}"),
        );
    }
    if !warnings.is_empty() {
        return Check::with(
            name,
            Status::Warn,
            warnings.join("; "),
            format!("iops queue status {first}; iops queue peek {first}"),
        );
    }
    Check::pass(
        name,
        found.iter().map(summary).collect::<Vec<_>>().join("; "),
    )
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
        let check = judge(&[status("Enabled", &[], &[])]);
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "chat: 3 visible, oldest 12 s, chat_processor Enabled"
        );
    }

    #[test]
    fn problems_fail_and_warnings_warn_naming_the_queue() {
        let failed = judge(&[status(
            "Disabled",
            &["consumer chat_processor is Disabled"],
            &[],
        )]);
        assert_eq!(failed.status, Status::Fail);
        assert_eq!(failed.evidence, "chat: consumer chat_processor is Disabled");
        assert_eq!(failed.next.as_deref(), Some("iops queue status chat"));
        let warned = judge(&[status(
            "Enabled",
            &[],
            &["2 messages in the dead-letter queue"],
        )]);
        assert_eq!(warned.status, Status::Warn);
        assert_eq!(warned.evidence, "chat: 2 messages in the dead-letter queue");
    }
}
