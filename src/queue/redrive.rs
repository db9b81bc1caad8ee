//! `iops queue redrive DLQ_OR_QUEUE`: the dead-letter queue's messages back to the queue whose
//! redrive policy names it (or `--to`). Without `--yes` it shows what would move and whether the
//! destination's consumers can take them. With `--yes`: SQS's own move task
//! (StartMessageMoveTask, then ListMessageMoveTasks until it ends), or with `--client-side` a move
//! through this machine — receive 10, send them to the destination, delete only those sent — so
//! no message is lost; one is duplicated only if the run dies between a send and its delete.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_sdk_sqs::types::{
    DeleteMessageBatchRequestEntry, Message, MessageSystemAttributeName,
    SendMessageBatchRequestEntry,
};
use serde::Serialize;
use tokio::sync::Mutex;

use super::peek;
use super::resolve::{self, QueueRef};
use super::status::{self, Consumer};
use crate::aws;
use crate::context::Context;
use crate::error::{AwsFailure, Error, Result};
use crate::output::Record;
use crate::retry::{Backoff, Persist, Stop};
use crate::target::One;

/// How long a message received for a client-side move stays hidden: a failed send leaves it in
/// the dead-letter queue, visible again when the run ends (or after this, if the run dies).
const HOLD_S: i32 = 120;
/// Receive-send-delete loops at once in a client-side move.
const WORKERS: usize = 8;

/// The two queues of a move: each exactly one queue, in one region.
pub struct Route {
    pub dlq: One<QueueRef>,
    pub dlq_arn: String,
    /// The DLQ's attributes when the route was found: what the plan counts.
    pub dlq_attributes: status::Attributes,
    pub destination: One<QueueRef>,
    pub destination_arn: String,
    /// What a move between queues of different types drops or invents (`--allow-type-change`).
    pub type_change: Option<TypeChange>,
}

/// A move between a standard and a FIFO queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeChange {
    /// FIFO → standard: the group and deduplication ids are dropped (a standard queue has none).
    DropsFifoIds,
    /// Standard → FIFO: each message becomes its own group (its message id as group and
    /// deduplication id): a standard queue had no order to keep.
    GroupPerMessage,
}

impl TypeChange {
    fn between(dlq: &QueueRef, destination: &QueueRef) -> Option<TypeChange> {
        match (dlq.is_fifo(), destination.is_fifo()) {
            (true, false) => Some(TypeChange::DropsFifoIds),
            (false, true) => Some(TypeChange::GroupPerMessage),
            _ => None,
        }
    }

    pub fn describe(self, dlq: &str, destination: &str) -> String {
        match self {
            TypeChange::DropsFifoIds => format!(
                "{dlq} is a FIFO queue and {destination} a standard one: the messages' group and deduplication ids are dropped, and their order is not kept"
            ),
            TypeChange::GroupPerMessage => format!(
                "{dlq} is a standard queue and {destination} a FIFO one: each message is sent as its own group (its message id as group and deduplication id), in no particular order"
            ),
        }
    }
}

/// The queue given is the dead-letter queue, or a queue whose redrive policy names one.
pub async fn route(
    ctx: &Context,
    client: &aws_sdk_sqs::Client,
    given: &str,
    to: Option<&str>,
    allow_type_change: bool,
) -> Result<Route> {
    let queue = resolve::one(client, &ctx.settings, given).await?;
    let attributes = status::attributes(&queue).await?;
    let (dlq, dlq_attributes, source) = match &attributes.redrive {
        Some(redrive) => {
            let dlq = resolve::by_arn(&queue.sqs, &redrive.dlq_arn).await?;
            let dlq = One::exactly_one(&redrive.dlq_arn, vec![dlq])?;
            let dlq_attributes = status::attributes(&dlq).await?;
            (dlq, dlq_attributes, Some((queue, attributes)))
        }
        None => (queue, attributes, None),
    };
    let (destination, known_arn) = match (to, source) {
        // A name alone is looked up in the DLQ's region: SQS moves messages within one region.
        (Some(to), _) => (
            resolve::one(&aws::sqs_in(client, dlq.region()), &ctx.settings, to).await?,
            None,
        ),
        (None, Some((source, attributes))) => (source, Some(attributes.arn)),
        (None, None) => (only_source(&dlq).await?, None),
    };
    if destination.arn == dlq.arn {
        return Err(Error::usage(format!(
            "{} is the dead-letter queue itself: give the queue to move its messages to with --to",
            dlq.arn
        )));
    }
    if destination.region() != dlq.region() {
        return Err(Error::usage(format!(
            "{} and {} are in different regions: SQS moves messages within one region",
            dlq.arn, destination.arn
        )));
    }
    let type_change = TypeChange::between(&dlq, &destination);
    if let Some(change) = type_change
        && !allow_type_change
    {
        return Err(Error::usage(format!(
            "{}; pass --allow-type-change to move them anyway",
            change.describe(&dlq.name, &destination.name)
        )));
    }
    let destination_arn = match known_arn {
        Some(arn) => arn,
        None => status::attributes(&destination).await?.arn,
    };
    Ok(Route {
        dlq,
        dlq_arn: dlq_attributes.arn.clone(),
        dlq_attributes,
        destination,
        destination_arn,
        type_change,
    })
}

/// The one queue whose redrive policy names `dlq` (ListDeadLetterSourceQueues).
async fn only_source(dlq: &QueueRef) -> Result<One<QueueRef>> {
    let mut pages = dlq
        .sqs
        .list_dead_letter_source_queues()
        .queue_url(&dlq.url)
        .into_paginator()
        .items()
        .send();
    let mut sources = Vec::new();
    while let Some(url) = pages.next().await {
        let url = url.map_err(|e| {
            aws::error(
                format!("list the queues that use {} as their DLQ", dlq.name),
                e,
            )
        })?;
        sources.push(resolve::located(None, url, dlq.region(), &dlq.sqs));
    }
    if sources.is_empty() {
        return Err(Error::usage(format!(
            "no queue names {} as its dead-letter queue: give the destination with --to QUEUE",
            dlq.name
        )));
    }
    One::exactly_one(&format!("the queues whose DLQ is {}", dlq.name), sources).map_err(|err| {
        Error::usage(format!(
            "{err}
(choose one with --to QUEUE)"
        ))
    })
}

/// What a redrive would move, and whether the destination can take it.
#[derive(Debug, Serialize)]
pub struct RedrivePlan {
    pub dlq: String,
    pub dlq_arn: String,
    pub destination: String,
    pub destination_arn: String,
    pub messages: u64,
    pub in_flight: u64,
    pub oldest_age_s: Option<f64>,
    pub consumers: Vec<String>,
    pub warnings: Vec<String>,
}

impl Record for RedrivePlan {
    fn headers() -> &'static [&'static str] {
        &[
            "dlq",
            "destination",
            "messages",
            "in_flight",
            "oldest_age_s",
            "consumers",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.dlq.clone(),
            self.destination.clone(),
            self.messages.to_string(),
            self.in_flight.to_string(),
            crate::output::cell(&self.oldest_age_s.map(|a| a.round())),
            self.consumers.join("; "),
        ]
    }
}

/// Consumers that would send the messages straight back: disabled, or failing.
fn consumer_warnings(destination: &str, consumers: &[Consumer]) -> Vec<String> {
    if consumers.is_empty() {
        return vec![format!(
            "no Lambda consumer reads {destination}: the messages will wait there"
        )];
    }
    consumers
        .iter()
        .filter_map(|c| {
            let failing = c
                .last_processing_result
                .as_deref()
                .is_some_and(|r| r != "OK" && !r.starts_with("No records"));
            if c.state != "Enabled" {
                Some(format!(
                    "the consumer {} of {destination} is {}: fix and enable it first, or the messages wait (or fail and come back)",
                    c.function, c.state
                ))
            } else if failing {
                Some(format!(
                    "the consumer {} of {destination} last reported '{}': if it still fails, the messages come straight back to the dead-letter queue",
                    c.function,
                    c.last_processing_result.as_deref().unwrap_or_default()
                ))
            } else {
                None
            }
        })
        .collect()
}

pub async fn plan(ctx: &Context, route: &Route) -> Result<RedrivePlan> {
    let sdk = ctx.sdk().await?;
    let sdk = &aws::regional(sdk, route.dlq.region());
    let lambda = aws::lambda(sdk);
    // The consumers and the age only inform: without lambda or cloudwatch permissions (or an
    // endpoint without them) the plan says so and stands.
    let (consumers, mut warnings) = match status::consumers(&lambda, &route.destination_arn).await {
        Ok(consumers) => {
            let warnings = consumer_warnings(&route.destination.name, &consumers);
            (consumers, warnings)
        }
        Err(err) => (
            Vec::new(),
            vec![format!(
                "the consumers of {} are unknown ({}): check they are enabled before moving",
                route.destination.name,
                err.to_string().lines().next().unwrap_or_default()
            )],
        ),
    };
    let oldest_age_s =
        super::age::oldest(&aws::cloudwatch(sdk), std::slice::from_ref(&route.dlq.name))
            .await
            .ok()
            .and_then(|ages| ages.get(&route.dlq.name).copied());
    if route.dlq_attributes.in_flight > 0 {
        warnings.push(in_flight_note(
            &route.dlq.name,
            route.dlq_attributes.in_flight,
        ));
    }
    if let Some(change) = route.type_change {
        warnings.push(change.describe(&route.dlq.name, &route.destination.name));
    }
    Ok(RedrivePlan {
        dlq: route.dlq.name.clone(),
        dlq_arn: route.dlq.arn.clone(),
        destination: route.destination.name.clone(),
        destination_arn: route.destination.arn.clone(),
        messages: route.dlq_attributes.visible,
        in_flight: route.dlq_attributes.in_flight,
        oldest_age_s,
        consumers: consumers
            .iter()
            .map(|c| format!("{} {}", c.function, c.state))
            .collect(),
        warnings,
    })
}

/// One move task, as ListMessageMoveTasks reports it.
#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct MoveTask {
    pub status: String,
    pub moved: i64,
    pub to_move: Option<i64>,
    pub destination: Option<String>,
    pub rate: Option<i32>,
    pub started: Option<String>,
    pub failure_reason: Option<String>,
    #[serde(skip)]
    pub handle: Option<String>,
}

impl Record for MoveTask {
    fn headers() -> &'static [&'static str] {
        &[
            "status",
            "moved",
            "to_move",
            "destination",
            "rate",
            "started",
            "failure_reason",
        ]
    }

    fn cells(&self) -> Vec<String> {
        use crate::output::cell;
        vec![
            self.status.clone(),
            self.moved.to_string(),
            cell(&self.to_move),
            cell(&self.destination),
            cell(&self.rate),
            cell(&self.started),
            cell(&self.failure_reason),
        ]
    }
}

/// An error of the message-move API with what to do when it is refused or missing.
fn move_error<E>(
    action: String,
    err: aws_sdk_sqs::error::SdkError<
        E,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
) -> Error
where
    E: aws_sdk_sqs::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let mut error = aws::error(action, err);
    if let Error::Aws(AwsFailure { hint, code, .. }) = &mut error {
        let code = code.as_deref().unwrap_or_default();
        *hint = Some(if code.contains("AccessDenied") {
            "the credentials need sqs:StartMessageMoveTask, sqs:ListMessageMoveTasks and sqs:CancelMessageMoveTask (and sqs:ReceiveMessage, sqs:DeleteMessage on the DLQ, sqs:SendMessage on the destination); or --client-side".into()
        } else {
            "SQS refused a move task here (FIFO queues and emulators have none): --client-side moves the messages through this machine, none lost".into()
        });
    }
    error
}

pub async fn tasks(route: &Route) -> Result<Vec<MoveTask>> {
    let answer = route
        .dlq
        .sqs
        .list_message_move_tasks()
        .source_arn(&route.dlq_arn)
        .max_results(10)
        .send()
        .await
        .map_err(|e| {
            move_error(
                format!(
                    "list the move tasks of {} (ListMessageMoveTasks)",
                    route.dlq.name
                ),
                e,
            )
        })?;
    Ok(answer
        .results()
        .iter()
        .map(|t| MoveTask {
            status: t.status().unwrap_or("?").to_string(),
            moved: t.approximate_number_of_messages_moved(),
            to_move: t.approximate_number_of_messages_to_move(),
            destination: t.destination_arn().map(status::name_of_arn),
            rate: t.max_number_of_messages_per_second(),
            started: jiff::Timestamp::from_millisecond(t.started_timestamp())
                .ok()
                .map(|t| t.to_string()),
            failure_reason: t.failure_reason().map(str::to_string),
            handle: t.task_handle().map(str::to_string),
        })
        .collect())
}

pub async fn cancel(route: &Route) -> Result<i64> {
    let running = tasks(route)
        .await?
        .into_iter()
        .find(|t| t.status == "RUNNING")
        .ok_or_else(|| Error::Failed(format!("no move task is running for {}", route.dlq.name)))?;
    let handle = running.handle.unwrap_or_default();
    let answer = route
        .dlq
        .sqs
        .cancel_message_move_task()
        .task_handle(&handle)
        .send()
        .await
        .map_err(|e| {
            move_error(
                format!(
                    "cancel the move task of {} (CancelMessageMoveTask)",
                    route.dlq.name
                ),
                e,
            )
        })?;
    Ok(answer.approximate_number_of_messages_moved())
}

/// The end of a move: what `--yes` prints.
#[derive(Debug, Serialize)]
pub struct Moved {
    pub dlq: String,
    pub destination: String,
    pub how: &'static str,
    pub status: String,
    pub moved: u64,
    pub failed: u64,
    pub first_failure: Option<String>,
}

impl Record for Moved {
    fn headers() -> &'static [&'static str] {
        &[
            "dlq",
            "destination",
            "how",
            "status",
            "moved",
            "failed",
            "first_failure",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.dlq.clone(),
            self.destination.clone(),
            self.how.to_string(),
            self.status.clone(),
            self.moved.to_string(),
            self.failed.to_string(),
            crate::output::cell(&self.first_failure),
        ]
    }
}

/// StartMessageMoveTask, then its progress every second until it ends: a bar on a terminal,
/// ndjson progress lines on stdout otherwise.
pub async fn server_side(
    ctx: &Context,
    route: &Route,
    rate: Option<u32>,
    total: u64,
) -> Result<Moved> {
    route
        .dlq
        .sqs
        .start_message_move_task()
        .source_arn(&route.dlq_arn)
        .destination_arn(&route.destination_arn)
        .set_max_number_of_messages_per_second(rate.map(|r| r as i32))
        .send()
        .await
        .map_err(|e| {
            move_error(
                format!(
                    "start moving {} to {} (StartMessageMoveTask)",
                    route.dlq.name, route.destination.name
                ),
                e,
            )
        })?;
    let progress = ctx.out.progress(Some(total), "messages");
    let lines = !std::io::IsTerminal::is_terminal(&std::io::stdout());
    let task = loop {
        let latest = tasks(route).await?.into_iter().next();
        let Some(task) = latest else {
            break None;
        };
        progress.set_position(task.moved.max(0) as u64);
        if let Some(to_move) = task.to_move {
            progress.set_length(to_move.max(0) as u64);
        }
        if lines {
            let mut out = std::io::stdout().lock();
            let event = serde_json::json!({"event": "progress", "status": task.status, "moved": task.moved, "to_move": task.to_move});
            writeln!(out, "{event}")
                .and_then(|()| out.flush())
                .map_err(Error::from_output)?;
        }
        if task.status != "RUNNING" {
            break Some(task);
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = crate::interrupt::wait() => {
                progress.finish_and_clear();
                crate::output::notice(format!(
                    "the move task keeps running in SQS: `iops queue redrive {} --status` shows it, `--cancel` stops it",
                    route.dlq.name
                ));
                return Err(Error::Interrupted);
            }
        }
    };
    progress.finish_and_clear();
    let task = task.ok_or_else(|| {
        Error::Failed(format!(
            "SQS lists no move task for {} after starting one",
            route.dlq.name
        ))
    })?;
    Ok(Moved {
        dlq: route.dlq.name.clone(),
        destination: route.destination.name.clone(),
        how: "sqs move task",
        status: task.status.clone(),
        moved: task.moved.max(0) as u64,
        failed: 0,
        first_failure: task.failure_reason.clone(),
    })
}

/// Counts shared by the workers of a client-side move.
#[derive(Default)]
struct Tally {
    moved: AtomicU64,
    failed: AtomicU64,
    first_failure: std::sync::Mutex<Option<String>>,
    /// Receipt handles of messages whose send failed: still in the DLQ, hidden until released.
    held: Mutex<Vec<String>>,
    /// Each loop's batch in hand and how far it got: what a forced stop releases (not sent),
    /// deletes (sent) or reports (a send whose answer never came). One per loop, set once per
    /// batch: a map of every handle cost 12% more CPU per message.
    hands: Vec<std::sync::Mutex<Hand>>,
    /// What happened to each message id in this run, by a 64-bit hash of the id (~20 bytes per
    /// message): SQS delivers at least once, and a message received again is not moved twice.
    handled: std::sync::Mutex<HashMap<u64, Handled>>,
    /// Set on Ctrl-C or a failure: each loop finishes the batch in hand (sent and deleted, so
    /// none is left in both queues) and receives no more.
    stopping: std::sync::atomic::AtomicBool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handled {
    /// A loop is moving it now.
    Claimed,
    Sent,
    Refused,
}

/// One loop's batch in hand.
#[derive(Debug, Default)]
struct Hand {
    step: Step,
    /// Receipt handles; after the send, only those the destination took.
    handles: Vec<String>,
}

/// How far a message in hand got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Step {
    #[default]
    Received,
    /// SendMessageBatch asked, no answer yet.
    Sending,
    /// In the destination, not yet deleted from the DLQ.
    Sent,
}

/// A message id as the run remembers it.
fn id_key(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

fn handles_of(batch: &[Message]) -> impl Iterator<Item = String> + '_ {
    batch
        .iter()
        .filter_map(|m| m.receipt_handle().map(str::to_string))
}

impl Tally {
    fn mark(&self, ids: impl IntoIterator<Item = String>, state: Handled) {
        let mut handled = self.handled.lock().unwrap_or_else(|e| e.into_inner());
        for id in ids {
            handled.insert(id_key(&id), state);
        }
    }

    fn failure(&self, messages: u64, reason: String) {
        self.failed.fetch_add(messages, Ordering::Relaxed);
        let mut first = self.first_failure.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert(reason);
    }

    fn with_loops(loops: usize) -> Tally {
        Tally {
            hands: (0..loops).map(|_| Default::default()).collect(),
            ..Default::default()
        }
    }

    fn hand(&self, worker: usize) -> std::sync::MutexGuard<'_, Hand> {
        self.hands[worker].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The loop took a new batch.
    fn hold(&self, worker: usize, handles: Vec<String>) {
        *self.hand(worker) = Hand {
            step: Step::Received,
            handles,
        };
    }

    fn advance(&self, worker: usize, step: Step) {
        self.hand(worker).step = step;
    }

    /// The destination took `sent`: the rest of the batch is held (refused), out of hand.
    fn keep_sent(&self, worker: usize, sent: &[String]) {
        let mut hand = self.hand(worker);
        hand.handles.retain(|h| sent.contains(h));
        hand.step = Step::Sent;
    }

    /// The batch is settled: deleted, or held.
    fn settle(&self, worker: usize) {
        self.hand(worker).handles.clear();
    }

    /// The batch's handles, out of hand (to be held).
    fn take_hand(&self, worker: usize) -> Vec<String> {
        std::mem::take(&mut self.hand(worker).handles)
    }

    fn take_in_hand(&self) -> Vec<(String, Step)> {
        (0..self.hands.len())
            .flat_map(|worker| {
                let hand = std::mem::take(&mut *self.hand(worker));
                let step = hand.step;
                hand.handles.into_iter().map(move |h| (h, step))
            })
            .collect()
    }
}

/// After a forced stop, how long the loops get to finish the call in hand, and iops to put back
/// what they held.
const FORCED_GRACE: Duration = Duration::from_secs(3);
const FORCED_CLEANUP: Duration = Duration::from_secs(10);

/// Receive 10, send them to the destination, delete those sent; until the DLQ is empty.
pub async fn client_side(
    ctx: &Context,
    route: &Route,
    rate: Option<u32>,
    total: u64,
) -> Result<Moved> {
    // A second Ctrl-C (`timeout -s INT` sends two) must not leave received messages hidden.
    let _forced_stop = crate::interrupt::ForcedStop::hold();
    let tally = Arc::new(Tally::with_loops(WORKERS));
    // A burst of at most one receive's worth: --rate 1 moves one message a second from the start.
    let per_receive = rate.map_or(peek::RECEIVE_MAX, |r| {
        (r as usize).clamp(1, peek::RECEIVE_MAX)
    });
    let limiter = rate.map(|r| {
        Arc::new(crate::ratelimit::RateLimiter::new(
            f64::from(r),
            per_receive as u32,
        ))
    });
    let progress = ctx.out.progress(Some(total), "messages");
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..WORKERS {
        let (tally, limiter, progress) = (tally.clone(), limiter.clone(), progress.clone());
        let (dlq, destination) = ((*route.dlq).clone(), (*route.destination).clone());
        let type_change = route.type_change;
        workers.spawn(async move {
            move_until_empty(
                &dlq,
                &destination,
                type_change,
                (&tally, worker),
                limiter.as_deref().map(|l| (l, per_receive)),
                &progress,
            )
            .await
        });
    }
    let mut outcome = Ok(());
    let mut forced = false;
    loop {
        tokio::select! {
            done = workers.join_next() => match done {
                None => break,
                Some(Ok(Ok(()))) => {}
                Some(Ok(Err(err))) => {
                    tally.stopping.store(true, Ordering::Relaxed);
                    if outcome.is_ok() {
                        outcome = Err(err);
                    }
                }
                Some(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
                Some(Err(_)) => {}
            },
            () = crate::interrupt::wait(), if outcome.is_ok() => {
                tally.stopping.store(true, Ordering::Relaxed);
                outcome = Err(Error::Interrupted);
                crate::output::notice(
                    "stopping: each loop finishes the batch in hand (a second Ctrl-C stops at once and still puts back what is held)",
                );
            }
            () = crate::interrupt::forced(), if !forced => {
                forced = true;
                tally.stopping.store(true, Ordering::Relaxed);
                outcome = Err(Error::Interrupted);
                // The calls in hand get a moment to answer, so fewer messages are left unknown.
                let _ = tokio::time::timeout(FORCED_GRACE, async {
                    while workers.join_next().await.is_some() {}
                })
                .await;
                workers.abort_all();
            }
        }
    }
    // The loops return Ok on a stop signal themselves: when they all end before the select
    // sees the signal, the run was still interrupted.
    if outcome.is_ok() && crate::interrupt::requested() {
        outcome = Err(Error::Interrupted);
    }
    progress.finish_and_clear();
    let put_back = put_back(route, &tally);
    let note = if forced {
        match tokio::time::timeout(FORCED_CLEANUP, put_back).await {
            Ok(Ok(text)) => text,
            Ok(Err(err)) => Some(format!("putting back what was held failed: {err}")),
            Err(_) => Some(format!(
                "putting back what was held took over {FORCED_CLEANUP:?}: messages received in the last {HOLD_S} s stay hidden in {} until then",
                route.dlq.name
            )),
        }
    } else {
        match put_back.await {
            Ok(note) => note,
            Err(err) => {
                // The summary still says what moved; the error says what stays hidden.
                if outcome.is_ok() {
                    outcome = Err(err);
                } else {
                    crate::output::notice(format!("putting back what was held failed: {err}"));
                }
                None
            }
        }
    };
    if let Some(note) = &note {
        crate::output::notice(note);
    }
    // Messages another consumer (or an earlier, killed run) holds in the DLQ are hidden: not
    // moved now, and not "COMPLETED" either.
    let in_flight = status::attributes(&route.dlq)
        .await
        .map(|a| a.in_flight)
        .unwrap_or(0);
    let failed = tally.failed.load(Ordering::Relaxed);
    let mut first_failure = tally
        .first_failure
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let status = match &outcome {
        Ok(()) if failed == 0 && in_flight == 0 => "COMPLETED".to_string(),
        Ok(()) if failed == 0 => {
            first_failure = Some(in_flight_note(&route.dlq.name, in_flight));
            "INCOMPLETE".to_string()
        }
        Ok(()) => "PARTIAL".into(),
        Err(Error::Interrupted) => "INTERRUPTED".into(),
        Err(_) => "FAILED".into(),
    };
    let moved = Moved {
        dlq: route.dlq.name.clone(),
        destination: route.destination.name.clone(),
        how: "client-side",
        status,
        moved: tally.moved.load(Ordering::Relaxed),
        failed,
        first_failure,
    };
    match outcome {
        Ok(()) => Ok(moved),
        Err(err) => {
            ctx.out.print(&[moved])?;
            Err(err)
        }
    }
}

/// What a run holds when it ends: refused messages and, after a forced stop, those in hand.
/// Not sent: visible again now. Sent: deleted from the DLQ (their copy is in the destination).
/// A send whose answer never came cannot be known: said, with when they show again.
async fn put_back(route: &Route, tally: &Tally) -> Result<Option<String>> {
    let mut release = std::mem::take(&mut *tally.held.lock().await);
    let (mut sent, mut unknown) = (Vec::new(), 0usize);
    for (handle, step) in tally.take_in_hand() {
        match step {
            Step::Received => release.push(handle),
            Step::Sent => sent.push(handle),
            Step::Sending => unknown += 1,
        }
    }
    if !release.is_empty() {
        peek::release(&route.dlq, &release).await.map_err(|err| {
            let until = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(i64::from(HOLD_S));
            with_note(
                err,
                format!(
                    "up to {} message{} received by this run stay hidden in {} until about {} (then a redrive moves them)",
                    release.len(),
                    if release.len() == 1 { "" } else { "s" },
                    route.dlq.name,
                    until.strftime("%H:%M:%S UTC")
                ),
            )
        })?;
    }
    let mut notes = Vec::new();
    if !sent.is_empty() {
        delete_batch(&route.dlq, &sent)
            .await
            .map_err(|err| in_both_queues(err, sent.len(), &route.dlq, &route.destination))?;
        tally.moved.fetch_add(sent.len() as u64, Ordering::Relaxed);
    }
    if !release.is_empty() && tally.stopping.load(Ordering::Relaxed) {
        notes.push(format!(
            "{} message{} received but not moved {} visible in {} again",
            release.len(),
            if release.len() == 1 { "" } else { "s" },
            if release.len() == 1 { "is" } else { "are" },
            route.dlq.name
        ));
    }
    if unknown > 0 {
        let until = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(i64::from(HOLD_S));
        notes.push(format!(
            "{unknown} message{} were being sent when the run was stopped: they may be in {} already, and stay hidden in {} until about {} (then a redrive moves them, possibly a second time)",
            if unknown == 1 { "" } else { "s" },
            route.destination.name,
            route.dlq.name,
            until.strftime("%H:%M:%S UTC")
        ));
    }
    Ok((!notes.is_empty()).then(|| notes.join("; ")))
}

/// Why a move that found nothing more to receive is not complete.
fn in_flight_note(dlq: &str, in_flight: u64) -> String {
    format!(
        "{in_flight} message{} of {dlq} {} in flight (received by a consumer or an interrupted run, hidden until its visibility timeout ends): not moved; run the redrive again once {} visible",
        if in_flight == 1 { "" } else { "s" },
        if in_flight == 1 { "is" } else { "are" },
        if in_flight == 1 { "it is" } else { "they are" },
    )
}

fn persist(what: String) -> Persist {
    Persist::new(
        what,
        Backoff::new(Duration::from_millis(100), Duration::from_secs(5)),
    )
}

async fn move_until_empty(
    dlq: &QueueRef,
    destination: &QueueRef,
    type_change: Option<TypeChange>,
    (tally, worker): (&Tally, usize),
    limiter: Option<(&crate::ratelimit::RateLimiter, usize)>,
    progress: &indicatif::ProgressBar,
) -> Result<()> {
    let per_receive = limiter.map_or(peek::RECEIVE_MAX, |(_, n)| n);
    let mut receiving = persist(format!("receive from {}", dlq.name));
    let mut empty_in_a_row = 0;
    // With --rate, each loop takes its permits before it receives, and receives no more than it
    // may send now: no message waits hidden for the rate (a stop is then at once, and nothing
    // stays hidden for HOLD_S if the run dies while waiting).
    loop {
        if tally.stopping.load(Ordering::Relaxed) {
            return Ok(());
        }
        if let Some((limiter, _)) = limiter {
            for _ in 0..per_receive {
                tokio::select! {
                    () = limiter.acquire() => {}
                    () = crate::interrupt::wait() => return Ok(()),
                }
            }
            if tally.stopping.load(Ordering::Relaxed) {
                return Ok(());
            }
        }
        let batch = match dlq
            .sqs
            .receive_message()
            .queue_url(&dlq.url)
            .max_number_of_messages(per_receive as i32)
            .visibility_timeout(HOLD_S)
            .wait_time_seconds(1)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .message_attribute_names("All")
            .send()
            .await
        {
            Ok(answer) => {
                receiving.succeeded();
                answer.messages.unwrap_or_default()
            }
            Err(err) => {
                aws::retry_transient(
                    &mut receiving,
                    format!("receive from {} (ReceiveMessage)", dlq.name),
                    err,
                )
                .await?;
                continue;
            }
        };
        if batch.is_empty() {
            // An empty long poll can still miss a message on real SQS: the queue's own count
            // says whether any is left (held ones, whose send failed, are not visible).
            empty_in_a_row += 1;
            let left = status::attributes(dlq).await?.visible;
            if left == 0 || empty_in_a_row >= 3 {
                return Ok(());
            }
            continue;
        }
        empty_in_a_row = 0;
        let batch = again_received(dlq, batch, tally).await?;
        if batch.is_empty() {
            continue;
        }
        tally.hold(worker, handles_of(&batch).collect());
        let sent = match send_batch(destination, type_change, &batch, (tally, worker)).await {
            Ok(sent) => sent,
            Err(err) => {
                // The whole batch was refused (a bad request, access denied): each message is
                // counted as failed and released at the end, never left hidden.
                let handles = tally.take_hand(worker);
                tally.failure(
                    handles.len() as u64,
                    format!("SendMessageBatch to {}: {err}", destination.name),
                );
                tally.mark(
                    batch
                        .iter()
                        .filter_map(|m| m.message_id().map(str::to_string)),
                    Handled::Refused,
                );
                tally.held.lock().await.extend(handles);
                return Err(err);
            }
        };
        delete_batch(dlq, &sent)
            .await
            .map_err(|err| in_both_queues(err, sent.len(), dlq, destination))?;
        tally.settle(worker);
        tally.moved.fetch_add(sent.len() as u64, Ordering::Relaxed);
        progress.inc(sent.len() as u64);
    }
}

/// A delete that failed after its send: those messages are in both queues now, and a later run
/// would move them again; the error says so.
fn in_both_queues(err: Error, count: usize, dlq: &QueueRef, destination: &QueueRef) -> Error {
    with_note(
        err,
        format!(
            "the last {count} message{} sent to {} could not be deleted from {}: they are in both queues (a later redrive moves them again)",
            if count == 1 { "" } else { "s" },
            destination.name,
            dlq.name
        ),
    )
}

/// The error, with a note line saying what it left behind.
fn with_note(err: Error, note: String) -> Error {
    let note = format!("\n  note: {note}");
    match err {
        Error::Network(message) => Error::Network(message + &note),
        Error::Failed(message) => Error::Failed(message + &note),
        Error::Aws(mut failure) => {
            failure.message.push_str(&note);
            Error::Aws(failure)
        }
        other => other,
    }
}

/// Messages received again in this run (SQS delivers at least once): one already sent is deleted
/// (its copy is in the destination), one already refused is held with the others, one another
/// loop is moving is left to it; the rest are claimed and returned to be moved.
async fn again_received(
    dlq: &QueueRef,
    batch: Vec<Message>,
    tally: &Tally,
) -> Result<Vec<Message>> {
    let (mut fresh, mut sent_again, mut failed_again) = (Vec::new(), Vec::new(), Vec::new());
    {
        let mut handled = tally.handled.lock().unwrap_or_else(|e| e.into_inner());
        for message in batch {
            let key = id_key(message.message_id().unwrap_or_default());
            let handle = message.receipt_handle().map(str::to_string);
            match handled.get(&key) {
                Some(Handled::Sent) => sent_again.extend(handle),
                Some(Handled::Refused) => failed_again.extend(handle),
                // Another loop is moving it right now: its send and delete settle it.
                Some(Handled::Claimed) => {}
                None => {
                    handled.insert(key, Handled::Claimed);
                    fresh.push(message);
                }
            }
        }
    }
    delete_batch(dlq, &sent_again).await?;
    if !failed_again.is_empty() {
        tally.held.lock().await.extend(failed_again);
    }
    Ok(fresh)
}

/// Sends the batch to the destination; returns the receipt handles of the messages it took.
/// A message it refused stays in the DLQ (held until the run ends) and is counted as failed.
async fn send_batch(
    destination: &QueueRef,
    type_change: Option<TypeChange>,
    batch: &[Message],
    (tally, worker): (&Tally, usize),
) -> Result<Vec<String>> {
    let entries: Vec<SendMessageBatchRequestEntry> = batch
        .iter()
        .enumerate()
        .filter_map(|(i, message)| {
            let system = message.attributes();
            let group = system.and_then(|a| a.get(&MessageSystemAttributeName::MessageGroupId));
            let dedup =
                system.and_then(|a| a.get(&MessageSystemAttributeName::MessageDeduplicationId));
            let mut entry = SendMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .message_body(message.body().unwrap_or_default())
                .set_message_attributes(message.message_attributes().cloned());
            if destination.is_fifo() {
                let message_id = message.message_id().unwrap_or_default().to_string();
                entry = match type_change {
                    Some(TypeChange::GroupPerMessage) => entry
                        .message_group_id(message_id.clone())
                        .message_deduplication_id(message_id),
                    _ => entry
                        .set_message_group_id(group.cloned())
                        .message_deduplication_id(dedup.cloned().unwrap_or(message_id)),
                };
            }
            entry.build().ok()
        })
        .collect();
    tally.advance(worker, Step::Sending);
    let mut sending = persist(format!("send to {}", destination.name));
    let answer = loop {
        match destination
            .sqs
            .send_message_batch()
            .queue_url(&destination.url)
            .set_entries(Some(entries.clone()))
            .send()
            .await
        {
            Ok(answer) => break answer,
            Err(err) => {
                aws::retry_transient(
                    &mut sending,
                    format!("send to {} (SendMessageBatch)", destination.name),
                    err,
                )
                .await?
            }
        }
    };
    let handle = |id: &str| {
        id.parse::<usize>()
            .ok()
            .and_then(|i| batch.get(i))
            .and_then(|m| m.receipt_handle())
            .map(str::to_string)
    };
    let mut refused: HashMap<&str, String> = HashMap::new();
    for failed in answer.failed() {
        refused.insert(
            failed.id(),
            format!(
                "{}: {}",
                failed.code(),
                failed.message().unwrap_or_default()
            ),
        );
    }
    let message_id = |id: &str| {
        id.parse::<usize>()
            .ok()
            .and_then(|i| batch.get(i))
            .and_then(|m| m.message_id())
            .map(str::to_string)
    };
    let mut held = Vec::new();
    for (id, reason) in &refused {
        tally.failure(
            1,
            format!("SendMessageBatch to {}: {reason}", destination.name),
        );
        held.extend(handle(id));
        tally.mark(message_id(id), Handled::Refused);
    }
    tally.mark(
        answer
            .successful()
            .iter()
            .filter_map(|s| message_id(s.id())),
        Handled::Sent,
    );
    if !held.is_empty() {
        tally.held.lock().await.extend(held);
    }
    let sent: Vec<String> = answer
        .successful()
        .iter()
        .filter_map(|s| handle(s.id()))
        .collect();
    tally.keep_sent(worker, &sent);
    Ok(sent)
}

/// Deletes from the DLQ the messages now in the destination; retried until it succeeds (a
/// message left would be moved twice).
async fn delete_batch(dlq: &QueueRef, handles: &[String]) -> Result<()> {
    if handles.is_empty() {
        return Ok(());
    }
    let entries: Vec<DeleteMessageBatchRequestEntry> = handles
        .iter()
        .enumerate()
        .filter_map(|(i, handle)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(handle)
                .build()
                .ok()
        })
        .collect();
    let mut deleting = persist(format!("delete from {}", dlq.name));
    let mut entries = entries;
    loop {
        match dlq
            .sqs
            .delete_message_batch()
            .queue_url(&dlq.url)
            .set_entries(Some(entries.clone()))
            .send()
            .await
        {
            Ok(answer) if answer.failed().is_empty() => return Ok(()),
            Ok(answer) => {
                let failed: Vec<&str> = answer.failed().iter().map(|f| f.id()).collect();
                if answer.failed().iter().all(|f| !f.sender_fault()) {
                    entries.retain(|e| failed.contains(&e.id()));
                    let reason = format!("{} deletes failed on the SQS side", failed.len());
                    match deleting.wait(&reason).await {
                        Ok(()) => continue,
                        Err(Stop::Interrupted) => return Err(Error::Interrupted),
                        Err(stop) => return Err(stop.into_error(Error::Failed(reason))),
                    }
                }
                let first = &answer.failed()[0];
                return Err(Error::Failed(format!(
                    "{} message{} sent to the destination could not be deleted from {} ({}: {}): they are in both queues now",
                    failed.len(),
                    if failed.len() == 1 { "" } else { "s" },
                    dlq.name,
                    first.code(),
                    first.message().unwrap_or_default()
                )));
            }
            Err(err) => {
                aws::retry_transient(
                    &mut deleting,
                    format!("delete from {} (DeleteMessageBatch)", dlq.name),
                    err,
                )
                .await?
            }
        }
    }
}
