//! Delivery that loses nothing: batches go out with bounded concurrency, and every item a batch
//! call rejects (Kinesis FailedRecordCount, DynamoDB UnprocessedItems) or a failing call leaves
//! behind is retried with backoff until delivered, out of attempts or out of time
//! (`--give-up-after`). When one batch gives up for good, the whole run stops at once: every
//! item not delivered is accounted for, so delivered + undelivered = generated.
//!
//! One concern in one file (~370 lines of code, the rest its fault-injection tests): the retry
//! loop, the in-flight bound and the accounting only make sense read together.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use super::report::RunReport;
use super::schedule::Schedule;
use crate::aws;
use crate::context::Context;
use crate::error::{AwsFailure, Error, Result};
use crate::retry::{Backoff, Persist, Stop};

/// Why a whole batch call failed.
pub enum CallError {
    /// Throttled, 5xx or a dropped connection even after the SDK's retries: try again later.
    Transient(Error),
    /// Retrying cannot help (not found, access denied, nothing listening): stop everything.
    Permanent(Error),
}

impl CallError {
    /// A failed batch call, transient or permanent as `aws::classify` says.
    pub fn from_sdk<E>(action: String, err: SdkError<E, HttpResponse>) -> CallError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match aws::classify(&err) {
            aws::Failure::Transient => CallError::Transient(aws::error(action, err)),
            aws::Failure::Permanent => CallError::Permanent(aws::error(action, err)),
        }
    }
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

    /// The call in the user's words, for messages: "PutRecords to kinesis stream S".
    fn describe(&self) -> String;
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

/// What became of a batch, or of a whole run's batches.
#[derive(Debug, Default)]
pub struct Delivery {
    pub undelivered: Vec<Undelivered>,
    /// The failure that stopped the run, if one did (unreachable, refused, out of time).
    pub fatal: Option<Error>,
}

pub struct Pipeline<S: BatchSender> {
    sender: Arc<S>,
    permits: Arc<Semaphore>,
    tasks: JoinSet<Delivery>,
    pub tally: Arc<Tally>,
    delivery: Delivery,
    max_attempts: u32,
    /// Set when a batch gave up for good: the others stop retrying and nothing new is sent.
    stopped: Arc<watch::Sender<bool>>,
}

const NOT_SENT: &str = "not sent: the run stopped after an earlier batch failed";

impl<S: BatchSender> Pipeline<S> {
    pub fn new(sender: S, concurrency: usize, max_attempts: u32) -> Pipeline<S> {
        Pipeline {
            sender: Arc::new(sender),
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            tasks: JoinSet::new(),
            tally: Arc::new(Tally::default()),
            delivery: Delivery::default(),
            max_attempts,
            stopped: Arc::new(watch::channel(false).0),
        }
    }

    /// Queues a batch, waiting while `concurrency` batches are in flight. Returns false once
    /// the run has stopped (the batch is then counted as not delivered): stop generating.
    pub async fn submit(&mut self, items: Vec<S::Item>) -> bool {
        let mut stopped = self.stopped.subscribe();
        let permit = tokio::select! {
            permit = self.permits.clone().acquire_owned() => permit.expect("semaphore never closed"),
            _ = stopped.wait_for(|stopped| *stopped) => {
                self.not_sent(&items);
                return false;
            }
        };
        self.collect_finished();
        if *self.stopped.borrow() {
            self.not_sent(&items);
            return false;
        }
        let (sender, tally, attempts, stopped) = (
            self.sender.clone(),
            self.tally.clone(),
            self.max_attempts,
            self.stopped.clone(),
        );
        self.tasks.spawn(async move {
            let outcome = deliver(&*sender, items, attempts, &tally, &stopped).await;
            if outcome.fatal.is_some() {
                stopped.send_replace(true);
            }
            drop(permit);
            outcome
        });
        true
    }

    fn not_sent(&mut self, items: &[S::Item]) {
        self.delivery
            .undelivered
            .extend(items.iter().map(|item| Undelivered {
                id: S::id(item),
                reason: NOT_SENT.to_string(),
            }));
    }

    fn collect_finished(&mut self) {
        while let Some(done) = self.tasks.try_join_next() {
            self.absorb(done.expect("delivery task panicked"));
        }
    }

    fn absorb(&mut self, outcome: Delivery) {
        self.delivery.undelivered.extend(outcome.undelivered);
        if self.delivery.fatal.is_none() {
            self.delivery.fatal = outcome.fatal;
        }
    }

    /// Waits for every batch in flight.
    pub async fn finish(mut self) -> Delivery {
        while let Some(done) = self.tasks.join_next().await {
            self.absorb(done.expect("delivery task panicked"));
        }
        self.delivery
    }
}

async fn deliver<S: BatchSender>(
    sender: &S,
    items: Vec<S::Item>,
    max_attempts: u32,
    tally: &Tally,
    stopped: &watch::Sender<bool>,
) -> Delivery {
    let mut pending = items;
    let mut persist = Persist::new(sender.describe(), Backoff::default());
    let mut last_reason = String::new();
    let mut rejected_rounds = 0;
    let mut fatal = None;
    let mut stop_watch = stopped.subscribe();
    while !pending.is_empty() {
        if *stop_watch.borrow() {
            last_reason = NOT_SENT.to_string();
            break;
        }
        let last_error = match sender.send(&pending).await {
            Ok(rejected) => {
                let accepted = pending.len() - rejected.len();
                tally
                    .delivered
                    .fetch_add(accepted as u64, Ordering::Relaxed);
                if accepted > 0 {
                    persist.succeeded();
                }
                if let Some((_, reason)) = rejected.last() {
                    last_reason = reason.clone();
                }
                pending = rejected
                    .into_iter()
                    .map(|(i, _)| pending[i].clone())
                    .collect();
                if pending.is_empty() {
                    break;
                }
                rejected_rounds += 1;
                if rejected_rounds >= max_attempts {
                    last_reason = format!("{last_reason} (after {max_attempts} attempts)");
                    break;
                }
                None
            }
            Err(CallError::Transient(err)) => {
                last_reason = err.to_string();
                Some(err)
            }
            Err(CallError::Permanent(err)) => {
                last_reason = err.to_string();
                fatal = Some(err);
                break;
            }
        };
        tally
            .retried
            .fetch_add(pending.len() as u64, Ordering::Relaxed);
        let waited = tokio::select! {
            waited = persist.wait(first_line(&last_reason)) => waited,
            _ = stop_watch.wait_for(|stopped| *stopped) => Ok(()),
        };
        match waited {
            Ok(()) => {}
            Err(Stop::Interrupted) => {
                last_reason = "interrupted before delivery".to_string();
                break;
            }
            Err(stop @ Stop::GaveUp(_)) => {
                // Entries the destination kept rejecting: out of time is out of attempts (exit 3
                // with the capacity hint), not a failure that stops the run.
                if let Some(last) = last_error {
                    let err = stop.into_error(last);
                    last_reason = err.to_string();
                    fatal = Some(err);
                }
                break;
            }
        }
    }
    Delivery {
        undelivered: pending
            .iter()
            .map(|item| Undelivered {
                id: S::id(item),
                reason: last_reason.clone(),
            })
            .collect(),
        fatal,
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Ends a sink's run: the ids of what was not delivered go to a file first (a closed stdout
/// must not lose them), then the report, then the exit status: 130 when interrupted, the
/// failure that stopped the run, or out-of-attempts.
pub fn settle(
    ctx: &Context,
    report: &RunReport,
    schedule: &Schedule,
    delivery: Delivery,
    what: &str,
    total: u64,
    ids_file: Option<&Path>,
) -> Result<()> {
    let path = (!delivery.undelivered.is_empty())
        .then(|| ids_file.map_or_else(default_undelivered_path, Path::to_path_buf));
    if let Some(path) = &path {
        write_undelivered(path, &delivery.undelivered)?;
    }
    ctx.out.print(std::slice::from_ref(report))?;
    match path {
        None => report.outcome(schedule),
        Some(path) if schedule.interrupted() => {
            ctx.out.status(format!(
                "not delivered: {} {}; their ids are in {}",
                delivery.undelivered.len(),
                report.unit,
                path.display()
            ));
            Err(Error::Interrupted)
        }
        Some(path) => Err(undelivered_error(what, report.unit, total, delivery, &path)),
    }
}

/// Where the ids of undelivered items go unless `--undelivered PATH`: the temp directory,
/// one file per run.
pub fn default_undelivered_path() -> PathBuf {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
    std::env::temp_dir().join(format!(
        "iops-undelivered-{stamp}-{}.txt",
        std::process::id()
    ))
}

/// Writes one id per line; returns the path for the message.
pub fn write_undelivered(path: &Path, undelivered: &[Undelivered]) -> Result<()> {
    use std::io::Write;
    let write = || -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
        for item in undelivered {
            writeln!(file, "{}", item.id)?;
        }
        file.flush()
    };
    write().map_err(|e| {
        Error::Io(format!(
            "cannot write the undelivered ids to {}: {e}",
            path.display()
        ))
    })
}

/// The error for a run that left items behind: the failure that stopped it (exit 4 when the
/// endpoint could not be reached, 3 when AWS refused), or, when only capacity ran out, how many
/// and the last reason (exit 3). Either way it names the file holding every undelivered id.
pub fn undelivered_error(
    what: &str,
    unit: &str,
    total: u64,
    delivery: Delivery,
    ids_file: &Path,
) -> Error {
    let count = delivery.undelivered.len();
    let note = format!(
        "not delivered: {count} of {total} {unit}; their ids are in {}",
        ids_file.display()
    );
    match delivery.fatal {
        Some(Error::Network(message)) => Error::Network(format!(
            "{message}\n  {note}\n  hint: is the endpoint up and reachable? check --endpoint-url / AWS_ENDPOINT_URL, the network and any proxy"
        )),
        Some(Error::Aws(mut failure)) => {
            failure.message = format!("{}\n  {note}", failure.message);
            Error::Aws(failure)
        }
        Some(Error::Interrupted) => Error::Interrupted,
        Some(other) => Error::Failed(format!("{other}\n  {note}")),
        None => {
            let reason = delivery
                .undelivered
                .last()
                .map_or("", |u| u.reason.as_str());
            Error::Aws(AwsFailure {
                action: format!("deliver to {what}"),
                code: None,
                message: format!("last error: {reason}\n  {note}"),
                request_id: None,
                hint: Some(
                    "the destination kept rejecting records: raise --max-attempts, lower --rate or --concurrency, or add capacity (shards, WCU)"
                        .into(),
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

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

        fn describe(&self) -> String {
            "flaky".into()
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
            assert!(pipeline.submit(batch.to_vec()).await);
        }
        let tally = pipeline.tally.clone();
        let delivery = pipeline.finish().await;
        assert!(delivery.undelivered.is_empty() && delivery.fatal.is_none());
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
        pipeline.submit((1..=10).collect()).await;
        let delivery = pipeline.finish().await;
        assert_eq!(delivery.undelivered.len(), 1);
        assert_eq!(delivery.undelivered[0].id, "7");
        assert!(delivery.fatal.is_none());
        let err = undelivered_error(
            "kinesis stream s",
            "events",
            10,
            delivery,
            Path::new("/tmp/x"),
        );
        let text = err.to_string();
        assert_eq!(err.exit_code(), crate::error::ExitCode::Aws);
        assert!(
            text.contains("not delivered: 1 of 10 events; their ids are in /tmp/x")
                && text.contains("after 3 attempts"),
            "{text}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn entries_rejected_until_the_time_limit_are_out_of_attempts_not_fatal() {
        let sender = Flaky {
            seen: Mutex::new(Vec::new()),
            reject_every: 1000,
            always_reject: Some(7),
        };
        let mut pipeline = Pipeline::new(sender, 1, 100);
        pipeline.submit((1..=10).collect()).await;
        let delivery = pipeline.finish().await;
        assert_eq!(delivery.undelivered.len(), 1);
        assert!(delivery.fatal.is_none(), "{:?}", delivery.fatal);
        let err = undelivered_error("s", "events", 10, delivery, Path::new("/f"));
        assert_eq!(err.exit_code(), crate::error::ExitCode::Aws);
    }

    /// Fails every call the way a dead endpoint does, counting the calls.
    struct Unreachable {
        calls: AtomicU64,
    }

    impl BatchSender for Unreachable {
        type Item = u32;

        async fn send(&self, _: &[u32]) -> Result<Vec<(usize, String)>, CallError> {
            self.calls.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(10)).await;
            Err(CallError::Permanent(Error::Network(
                "cannot reach http://127.0.0.1:1".into(),
            )))
        }

        fn id(item: &u32) -> String {
            item.to_string()
        }

        fn describe(&self) -> String {
            "dead".into()
        }
    }

    #[tokio::test]
    async fn a_permanent_error_stops_the_run_and_accounts_for_every_item() {
        let mut pipeline = Pipeline::new(
            Unreachable {
                calls: AtomicU64::new(0),
            },
            2,
            3,
        );
        let mut submitted = 0;
        for batch in (0..1000u32).collect::<Vec<_>>().chunks(10) {
            submitted += batch.len();
            if !pipeline.submit(batch.to_vec()).await {
                break;
            }
        }
        assert!(
            submitted < 1000,
            "generation stops once a batch failed for good"
        );
        let sender = pipeline.sender.clone();
        let delivery = pipeline.finish().await;
        assert_eq!(delivery.undelivered.len(), submitted);
        assert!(sender.calls.load(Ordering::Relaxed) <= 3);
        let err = undelivered_error("s", "events", submitted as u64, delivery, Path::new("/f"));
        assert_eq!(err.exit_code(), crate::error::ExitCode::Network);
        assert!(
            err.to_string()
                .starts_with("cannot reach http://127.0.0.1:1"),
            "{err}"
        );
    }

    /// Throttles every call: transient, so retried until `--give-up-after`.
    struct Throttled;

    impl BatchSender for Throttled {
        type Item = u32;

        async fn send(&self, _: &[u32]) -> Result<Vec<(usize, String)>, CallError> {
            Err(CallError::Transient(Error::Failed(
                "ThrottlingException".into(),
            )))
        }

        fn id(item: &u32) -> String {
            item.to_string()
        }

        fn describe(&self) -> String {
            "PutRecords to s".into()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn transient_failures_give_up_after_the_time_limit() {
        let mut pipeline = Pipeline::new(Throttled, 1, 3);
        pipeline.submit(vec![1, 2]).await;
        let started = tokio::time::Instant::now();
        let delivery = pipeline.finish().await;
        assert_eq!(
            started.elapsed().as_secs(),
            crate::retry::give_up_after().as_secs()
        );
        assert_eq!(delivery.undelivered.len(), 2);
        let fatal = delivery.fatal.expect("gave up").to_string();
        assert!(
            fatal.contains("ThrottlingException; gave up after"),
            "{fatal}"
        );
    }
}
