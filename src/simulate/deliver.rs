//! Delivery that loses nothing: batches go out with bounded concurrency, and every item a batch
//! call rejects (Kinesis FailedRecordCount, DynamoDB UnprocessedItems) or a throttled call leaves
//! behind is retried with backoff until delivered or out of attempts — then named in the error.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::error::{AwsFailure, Error, Result};
use crate::interrupt;
use crate::retry::Backoff;

/// Why a whole batch call failed.
pub enum CallError {
    /// Throttled, 5xx or unreachable even after the SDK's retries: try the batch again later.
    Transient(String),
    /// Retrying cannot help (not found, access denied): stop everything.
    Permanent(Error),
}

/// One batch API (PutRecords, BatchWriteItem) that may accept only part of a batch.
pub trait BatchSender: Send + Sync + 'static {
    type Item: Clone + Send + Sync + 'static;

    /// Sends the items; returns the positions of those rejected, each with its reason.
    fn send(
        &self,
        items: &[Self::Item],
    ) -> impl Future<Output = Result<Vec<(usize, String)>, CallError>> + Send;

    /// The id that names an item in reports (event id, entity id).
    fn id(item: &Self::Item) -> String;
}

#[derive(Debug, Default)]
pub struct Tally {
    pub delivered: AtomicU64,
    pub retried: AtomicU64,
}

#[derive(Debug, Clone)]
pub struct Undelivered {
    pub id: String,
    pub reason: String,
}

pub struct Pipeline<S: BatchSender> {
    sender: Arc<S>,
    permits: Arc<Semaphore>,
    tasks: JoinSet<Result<Vec<Undelivered>>>,
    pub tally: Arc<Tally>,
    undelivered: Vec<Undelivered>,
    max_attempts: u32,
}

impl<S: BatchSender> Pipeline<S> {
    pub fn new(sender: S, concurrency: usize, max_attempts: u32) -> Pipeline<S> {
        Pipeline {
            sender: Arc::new(sender),
            permits: Arc::new(Semaphore::new(concurrency)),
            tasks: JoinSet::new(),
            tally: Arc::new(Tally::default()),
            undelivered: Vec::new(),
            max_attempts,
        }
    }

    /// Queues a batch, waiting while `concurrency` batches are in flight. Returns early with the
    /// first permanent error any batch hit.
    pub async fn submit(&mut self, items: Vec<S::Item>) -> Result<()> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        self.collect_finished()?;
        let (sender, tally, attempts) =
            (self.sender.clone(), self.tally.clone(), self.max_attempts);
        self.tasks.spawn(async move {
            let result = deliver(&*sender, items, attempts, &tally).await;
            drop(permit);
            result
        });
        Ok(())
    }

    fn collect_finished(&mut self) -> Result<()> {
        while let Some(done) = self.tasks.try_join_next() {
            self.undelivered
                .extend(done.expect("delivery task panicked")?);
        }
        Ok(())
    }

    /// Waits for every batch; returns the items that could not be delivered.
    pub async fn finish(mut self) -> Result<Vec<Undelivered>> {
        while let Some(done) = self.tasks.join_next().await {
            self.undelivered
                .extend(done.expect("delivery task panicked")?);
        }
        Ok(self.undelivered)
    }
}

async fn deliver<S: BatchSender>(
    sender: &S,
    items: Vec<S::Item>,
    max_attempts: u32,
    tally: &Tally,
) -> Result<Vec<Undelivered>> {
    let mut pending = items;
    let mut backoff = Backoff::default();
    let mut last_reason = String::new();
    for attempt in 1..=max_attempts {
        match sender.send(&pending).await {
            Ok(rejected) => {
                let accepted = pending.len() - rejected.len();
                tally
                    .delivered
                    .fetch_add(accepted as u64, Ordering::Relaxed);
                if let Some((_, reason)) = rejected.last() {
                    last_reason = reason.clone();
                }
                pending = rejected
                    .into_iter()
                    .map(|(i, _)| pending[i].clone())
                    .collect();
            }
            Err(CallError::Transient(reason)) => last_reason = reason,
            Err(CallError::Permanent(err)) => return Err(err),
        }
        if pending.is_empty() || attempt == max_attempts {
            break;
        }
        tally
            .retried
            .fetch_add(pending.len() as u64, Ordering::Relaxed);
        tokio::select! {
            () = tokio::time::sleep(backoff.next_delay()) => {}
            () = interrupt::wait() => break,
        }
    }
    Ok(pending
        .iter()
        .map(|item| Undelivered {
            id: S::id(item),
            reason: last_reason.clone(),
        })
        .collect())
}

/// The error for a run that left items behind: how many, the last reason, the first ids.
pub fn undelivered_error(
    what: &str,
    total: u64,
    undelivered: &[Undelivered],
    max_attempts: u32,
) -> Error {
    const SHOWN: usize = 5;
    let ids: Vec<&str> = undelivered
        .iter()
        .take(SHOWN)
        .map(|u| u.id.as_str())
        .collect();
    let more = undelivered.len().saturating_sub(SHOWN);
    let reason = undelivered.last().map_or("", |u| u.reason.as_str());
    Error::Aws(AwsFailure {
        action: format!("deliver to {what}"),
        code: None,
        message: format!(
            "{} of {total} not delivered after {max_attempts} attempts (last error: {reason}); not delivered: {}{}",
            undelivered.len(),
            ids.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        request_id: None,
        hint: Some(
            "raise --max-attempts, lower --rate or --concurrency, or add capacity (shards, WCU)"
                .into(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// Rejects every item whose number is divisible by `reject_every` on its first try.
    struct Flaky {
        seen: Mutex<Vec<u32>>,
        reject_every: u32,
        always_reject: Option<u32>,
    }

    impl BatchSender for Flaky {
        type Item = u32;

        async fn send(&self, items: &[u32]) -> Result<Vec<(usize, String)>, CallError> {
            let mut seen = self.seen.lock().unwrap();
            let mut rejected = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let first_try = !seen.contains(item);
                if Some(*item) == self.always_reject || (first_try && item % self.reject_every == 0)
                {
                    rejected.push((
                        i,
                        "ProvisionedThroughputExceededException: slow down".to_string(),
                    ));
                }
                seen.push(*item);
            }
            Ok(rejected)
        }

        fn id(item: &u32) -> String {
            item.to_string()
        }
    }

    #[tokio::test]
    async fn rejected_items_are_retried_until_delivered() {
        let sender = Flaky {
            seen: Mutex::new(Vec::new()),
            reject_every: 3,
            always_reject: None,
        };
        let mut pipeline = Pipeline::new(sender, 2, 5);
        for batch in (0..100u32).collect::<Vec<_>>().chunks(10) {
            pipeline.submit(batch.to_vec()).await.unwrap();
        }
        let tally = pipeline.tally.clone();
        let undelivered = pipeline.finish().await.unwrap();
        assert!(undelivered.is_empty());
        assert_eq!(tally.delivered.load(Ordering::Relaxed), 100);
        assert_eq!(
            tally.retried.load(Ordering::Relaxed),
            34,
            "0, 3, …, 99 are rejected once"
        );
    }

    #[tokio::test]
    async fn items_out_of_attempts_are_named() {
        let sender = Flaky {
            seen: Mutex::new(Vec::new()),
            reject_every: 1000,
            always_reject: Some(7),
        };
        let mut pipeline = Pipeline::new(sender, 1, 3);
        pipeline.submit((1..=10).collect()).await.unwrap();
        let undelivered = pipeline.finish().await.unwrap();
        assert_eq!(undelivered.len(), 1);
        assert_eq!(undelivered[0].id, "7");
        let err = undelivered_error("kinesis stream s", 10, &undelivered, 3).to_string();
        assert!(
            err.contains("1 of 10 not delivered after 3 attempts") && err.contains(": 7"),
            "{err}"
        );
    }

    struct Denied;

    impl BatchSender for Denied {
        type Item = u32;

        async fn send(&self, _: &[u32]) -> Result<Vec<(usize, String)>, CallError> {
            Err(CallError::Permanent(Error::usage("denied")))
        }

        fn id(item: &u32) -> String {
            item.to_string()
        }
    }

    #[tokio::test]
    async fn a_permanent_error_stops_the_run() {
        let mut pipeline = Pipeline::new(Denied, 1, 3);
        pipeline.submit(vec![1]).await.unwrap();
        let second = pipeline.submit(vec![2]).await;
        let finished = pipeline.finish().await;
        assert!(second.is_err() || finished.is_err());
    }
}
