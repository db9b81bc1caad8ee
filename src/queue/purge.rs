//! `iops queue purge QUEUE --yes`: PurgeQueue, after saying how many messages it drops. Without
//! `--yes` it only says so (exit 2): a purge cannot be undone.

use serde::Serialize;

use super::resolve::QueueRef;
use super::status;
use crate::aws;
use crate::error::{AwsFailure, Error, Result};
use crate::output::Record;
use crate::target::One;

#[derive(Debug, Serialize)]
pub struct Purged {
    pub queue: String,
    /// The queue's ARN: its account and region.
    pub arn: String,
    /// Visible, in flight and delayed when the purge was asked for.
    pub dropped: u64,
    pub visible: u64,
    pub in_flight: u64,
    pub delayed: u64,
}

impl Record for Purged {
    fn headers() -> &'static [&'static str] {
        &["queue", "arn", "dropped", "visible", "in_flight", "delayed"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.queue.clone(),
            self.arn.clone(),
            self.dropped.to_string(),
            self.visible.to_string(),
            self.in_flight.to_string(),
            self.delayed.to_string(),
        ]
    }
}

/// What a purge of `queue` would drop, from its attributes.
pub async fn measure(queue: &QueueRef) -> Result<Purged> {
    let attributes = status::attributes(queue).await?;
    Ok(Purged {
        queue: queue.name.clone(),
        arn: queue.arn.clone(),
        dropped: attributes.visible + attributes.in_flight + attributes.delayed,
        visible: attributes.visible,
        in_flight: attributes.in_flight,
        delayed: attributes.delayed,
    })
}

/// PurgeQueue; a purge under 60 s after the last one is said as such (nothing was done).
pub async fn purge(queue: &One<QueueRef>) -> Result<()> {
    match queue.sqs.purge_queue().queue_url(&queue.url).send().await {
        Ok(_) => Ok(()),
        Err(err) => {
            let in_progress = err
                .as_service_error()
                .is_some_and(|e| e.is_purge_queue_in_progress());
            let mut error = aws::error(format!("purge queue {} (PurgeQueue)", queue.name), err);
            if let Error::Aws(AwsFailure { hint, code, .. }) = &mut error {
                if in_progress {
                    *hint = Some("SQS allows one purge per queue every 60 seconds and the last one was less than 60 s ago: nothing was purged now; the earlier purge is still removing messages".into());
                } else if code.as_deref().is_some_and(|c| c.contains("AccessDenied")) {
                    *hint = Some("the credentials need sqs:PurgeQueue on this queue".into());
                }
            }
            Err(error)
        }
    }
}
