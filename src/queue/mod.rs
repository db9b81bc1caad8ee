//! `iops queue status|peek|stale`: the SQS queues between the WebSocket handlers and their processors
//! (runbook `004_…`: "works when the queue is clear, may time out with backlog"). One command
//! replaces `aws sqs get-queue-attributes` per queue and `aws lambda list-event-source-mappings`.

pub mod age;
mod peek;
mod purge;
mod redrive;
pub mod resolve;
mod stale;
pub mod status;

use std::time::Duration;

use clap::{Args, Subcommand};

use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::timespec;
use resolve::QueueRef;

#[derive(Debug, Args)]
pub struct QueueArgs {
    #[command(subcommand)]
    pub command: QueueCommand,
}

#[derive(Debug, Subcommand)]
pub enum QueueCommand {
    /// Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age
    Status(StatusArgs),
    /// Show messages without consuming them (refuses when a peek could send one to the DLQ)
    Peek(PeekArgs),
    /// Messages whose WebSocket connection is gone; --delete --yes removes only those
    Stale(StaleArgs),
    /// Move a dead-letter queue's messages back (a dry run unless --yes)
    #[command(after_help = REDRIVE_HELP)]
    Redrive(RedriveArgs),
    /// Drop every message of a queue (PurgeQueue); refuses without --yes
    Purge(PurgeArgs),
}

const REDRIVE_HELP: &str = "\
QUEUE is the dead-letter queue, or the queue whose redrive policy names it; the messages go to
that queue (or --to). Without --yes: how many would move, the oldest's age, and whether the
destination's consumers are enabled and succeeding (else the messages come straight back).
--yes starts SQS's own move task and follows it to the end; --client-side moves them through
this machine instead (FIFO queues, emulators, no sqs:StartMessageMoveTask): each batch of 10 is
sent to the destination, then deleted from the DLQ — none lost; one is duplicated only if iops is
killed between the two calls.";

#[derive(Debug, Args)]
pub struct RedriveArgs {
    /// The dead-letter queue, or the queue whose redrive policy names it (name, URL, ARN or role)
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// Where the messages go [default: the queue whose redrive policy names the DLQ]
    #[arg(long, value_name = "QUEUE")]
    pub to: Option<String>,

    /// Really move them (without it: what would move)
    #[arg(long)]
    pub yes: bool,

    /// At most N messages per second (1-500, SQS's limit for a move task)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=500))]
    pub rate: Option<u32>,

    /// Move them through this machine: send to the destination, then delete, 10 at a time
    #[arg(long)]
    pub client_side: bool,

    /// Move between a standard and a FIFO queue: FIFO ids are dropped, or each message becomes
    /// its own group (refused without it)
    #[arg(long, conflicts_with_all = ["status", "cancel"])]
    pub allow_type_change: bool,

    /// Show the DLQ's move tasks (ListMessageMoveTasks)
    #[arg(long, conflicts_with_all = ["yes", "cancel", "client_side", "rate"])]
    pub status: bool,

    /// Cancel the DLQ's running move task
    #[arg(long, conflicts_with_all = ["yes", "client_side", "rate"])]
    pub cancel: bool,
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Queue name, URL, ARN or config role
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// Really purge it (without it: how many messages it would drop, exit 2)
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Queue names, URLs, ARNs, globs or config roles [default: every queue in [env.X.queues]]
    #[arg(value_name = "QUEUE")]
    pub queues: Vec<String>,

    /// Exit 1 when more than N messages wait (ApproximateNumberOfMessages)
    #[arg(long, value_name = "N")]
    pub max_backlog: Option<u64>,

    /// Exit 1 when the oldest message is older than this
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub max_age: Option<Duration>,

    /// Without a CloudWatch datapoint, read the age from a peek (a receive: counts toward maxReceiveCount)
    #[arg(long)]
    pub peek_age: bool,
}

#[derive(Debug, Args)]
pub struct PeekArgs {
    /// Queue name, URL, ARN or config role
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// At most N messages
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub max: u64,
}

#[derive(Debug, Args)]
pub struct StaleArgs {
    /// Queue name, URL, ARN or config role
    #[arg(value_name = "QUEUE")]
    pub queue: String,

    /// Where the connection id is in a message body, e.g. detail.connectionId (repeatable)
    /// [default: connectionId, then requestContext.connectionId]
    #[arg(long, value_name = "PATH")]
    pub id_path: Vec<String>,

    /// Ask the management API, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}
    /// [default: from websocket_url, or api_id and stage, in iops.toml]
    #[arg(long, value_name = "URL", conflicts_with = "table")]
    pub endpoint: Option<String>,

    /// Ask the connections table instead (a record keyed by the connection id = live)
    #[arg(long, value_name = "TABLE", value_parser = crate::config::parse_name)]
    pub table: Option<String>,

    /// Delete the stale messages (a dry run unless --yes)
    #[arg(long)]
    pub delete: bool,

    /// With --delete: really delete them
    #[arg(long, requires = "delete")]
    pub yes: bool,

    #[command(flatten)]
    pub concurrency: crate::args::ConcurrencyArg,
}

pub async fn run(ctx: &Context, args: QueueArgs) -> Result<()> {
    match args.command {
        QueueCommand::Status(args) => status_command(ctx, args).await,
        QueueCommand::Peek(args) => peek_command(ctx, args).await,
        QueueCommand::Stale(args) => stale_command(ctx, args).await,
        QueueCommand::Redrive(args) => redrive_command(ctx, args).await,
        QueueCommand::Purge(args) => purge_command(ctx, args).await,
    }
}

async fn redrive_command(ctx: &Context, args: RedriveArgs) -> Result<()> {
    let mut given = vec![args.queue.clone()];
    given.extend(args.to.clone());
    resolve::check(&ctx.settings, &given)?;
    let client = aws::sqs(ctx.sdk_for_change().await?);
    let route = redrive::route(
        ctx,
        &client,
        &args.queue,
        args.to.as_deref(),
        args.allow_type_change,
    )
    .await?;
    if args.status {
        let tasks = redrive::tasks(&route).await?;
        ctx.out.print(&tasks)?;
        if tasks.is_empty() {
            ctx.out.status(format!(
                "no move task for {} in the last 14 days",
                route.dlq.name
            ));
        }
        return Ok(());
    }
    if args.cancel {
        route.dlq.announce(&ctx.out, "cancelling the move task of");
        let moved = redrive::cancel(&route).await?;
        ctx.out.status(format!(
            "cancelled the move task of {}: about {moved} messages had moved to {}",
            route.dlq.name, route.destination.name
        ));
        return Ok(());
    }
    route.dlq.announce(&ctx.out, "moving the messages of");
    route.destination.announce(&ctx.out, "to");
    let plan = redrive::plan(ctx, &route).await?;
    if !args.yes {
        ctx.out.print(std::slice::from_ref(&plan))?;
    }
    for warning in &plan.warnings {
        ctx.out.status(format!("iops: warning: {warning}"));
    }
    if !args.yes {
        ctx.out.status(format!(
            "dry run: {} message{} would move from {} to {}{}; pass --yes to move them",
            plan.messages,
            if plan.messages == 1 { "" } else { "s" },
            route.dlq.name,
            route.destination.name,
            if args.client_side {
                " (client-side)"
            } else {
                ""
            }
        ));
        return Ok(());
    }
    let moved = if args.client_side {
        redrive::client_side(ctx, &route, args.rate, plan.messages).await?
    } else {
        redrive::server_side(ctx, &route, args.rate, plan.messages).await?
    };
    ctx.out.print(std::slice::from_ref(&moved))?;
    match moved.status.as_str() {
        "COMPLETED" => Ok(()),
        "FAILED" => Err(Error::Failed(format!(
            "the move of {} to {} failed after {} messages: {}",
            route.dlq.name,
            route.destination.name,
            moved.moved,
            moved.first_failure.as_deref().unwrap_or("no reason given")
        ))),
        "INCOMPLETE" => Err(Error::Failed(format!(
            "the move of {} to {} is incomplete: {} moved; {}",
            route.dlq.name,
            route.destination.name,
            moved.moved,
            moved.first_failure.as_deref().unwrap_or_default()
        ))),
        status => Err(Error::Failed(format!(
            "the move of {} to {} ended {status}: {} moved, {} still in the dead-letter queue{}",
            route.dlq.name,
            route.destination.name,
            moved.moved,
            moved.failed,
            moved
                .first_failure
                .as_deref()
                .map(|f| format!(" (first failure: {f})"))
                .unwrap_or_default()
        ))),
    }
}

async fn purge_command(ctx: &Context, args: PurgeArgs) -> Result<()> {
    resolve::check(&ctx.settings, std::slice::from_ref(&args.queue))?;
    let client = aws::sqs(ctx.sdk_for_change().await?);
    let queue = resolve::one(&client, &ctx.settings, &args.queue).await?;
    queue.announce(&ctx.out, "purge acts on");
    let purged = purge::measure(&queue).await?;
    if !args.yes {
        return Err(Error::usage(format!(
            "a purge of {} would drop about {} message{} ({} visible, {} in flight, {} delayed) and cannot be undone: pass --yes to purge it",
            queue.arn,
            purged.dropped,
            if purged.dropped == 1 { "" } else { "s" },
            purged.visible,
            purged.in_flight,
            purged.delayed
        )));
    }
    purge::purge(&queue).await?;
    ctx.out.print(std::slice::from_ref(&purged))?;
    ctx.out.status(format!(
        "purged {}: about {} messages dropped (SQS may take up to 60 s to finish; another purge is refused until then)",
        queue.arn, purged.dropped
    ));
    Ok(())
}

/// Every queue's status, judged against the limits: what `queue status` prints and doctor's
/// queue check reads.
pub async fn statuses(
    ctx: &Context,
    given: &[String],
    limits: status::Limits,
    peek_age: bool,
) -> Result<Vec<status::QueueStatus>> {
    resolve::check(&ctx.settings, given)?;
    let sdk = ctx.sdk().await?;
    let queues = resolve::resolve(&aws::sqs(sdk), &ctx.settings, given).await?;
    let found = status::gather(&aws::lambda(sdk), &queues).await?;
    finish(ctx, &queues, found, limits, peek_age).await
}

/// Every configured queue's status, each queue on its own: one that cannot be found or read is
/// named in `failed` with its error, and the others are still judged (doctor's queue check).
#[derive(Debug)]
pub struct EachStatus {
    pub found: Vec<status::QueueStatus>,
    /// The config role (or queue label) and why it has no status.
    pub failed: Vec<(String, Error)>,
}

pub async fn statuses_each(ctx: &Context, limits: status::Limits) -> Result<EachStatus> {
    let sdk = ctx.sdk().await?;
    let mut failed = Vec::new();
    let mut queues = Vec::new();
    for resolved in resolve::resolve_each(&aws::sqs(sdk), &ctx.settings, &[]).await? {
        match resolved.queues {
            Ok(found) => queues.extend(found),
            Err(err) => failed.push((resolved.label, err)),
        }
    }
    let gathered = status::gather_each(&aws::lambda(sdk), &queues).await;
    let (mut read, mut found) = (Vec::new(), Vec::new());
    for (queue, result) in queues.into_iter().zip(gathered) {
        match result {
            Ok(status) => {
                read.push(queue);
                found.push(status);
            }
            Err(err) => failed.push((queue.label, err)),
        }
    }
    let found = finish(ctx, &read, found, limits, false).await?;
    Ok(EachStatus { found, failed })
}

/// The oldest message's age (CloudWatch, else a peek when asked), then the judgement: `found` is
/// the status of each of `queues`, in order.
async fn finish(
    ctx: &Context,
    queues: &[QueueRef],
    mut found: Vec<status::QueueStatus>,
    limits: status::Limits,
    peek_age: bool,
) -> Result<Vec<status::QueueStatus>> {
    let sdk = ctx.sdk().await?;
    // CloudWatch is asked in each queue's own region: a name alone is not a queue.
    let mut regions: Vec<&str> = queues.iter().map(QueueRef::region).collect();
    regions.sort_unstable();
    regions.dedup();
    for region in regions {
        let names: Vec<String> = queues
            .iter()
            .filter(|q| q.region() == region)
            .map(|q| q.name.clone())
            .collect();
        match age::oldest(&aws::cloudwatch(&aws::regional(sdk, region)), &names).await {
            Ok(ages) => {
                for (queue, status) in queues.iter().zip(found.iter_mut()) {
                    if queue.region() != region {
                        continue;
                    }
                    if let Some(age) = ages.get(&status.name) {
                        status.oldest_age_s = Some(*age);
                        status.oldest_age_from = Some("cloudwatch");
                    }
                }
            }
            // The figures SQS gave are still worth having.
            Err(err) => ctx
                .out
                .status(format!("age of the oldest messages unknown: {err}")),
        }
    }
    if peek_age {
        peek_ages(queues, &mut found).await?;
    }
    let dlqs: std::collections::HashSet<String> =
        found.iter().filter_map(|s| s.dlq_arn.clone()).collect();
    for status in &mut found {
        let is_dlq = dlqs.contains(&status.arn);
        status::judge(status, limits, is_dlq);
    }
    Ok(found)
}

async fn status_command(ctx: &Context, args: StatusArgs) -> Result<()> {
    let limits = status::Limits {
        max_backlog: args.max_backlog,
        max_age: args.max_age,
    };
    let found = statuses(ctx, &args.queues, limits, args.peek_age).await?;
    ctx.out.print(&found)?;
    let failing: Vec<String> = found
        .iter()
        .filter(|s| !s.problems.is_empty())
        .map(|s| format!("{}: {}", s.queue, s.problems.join("; ")))
        .collect();
    if failing.is_empty() {
        Ok(())
    } else {
        Err(Error::Failed(failing.join("\n")))
    }
}

/// `--peek-age`: the oldest `SentTimestamp` among up to 10 peeked messages, where CloudWatch had
/// nothing and a peek is safe.
async fn peek_ages(queues: &[QueueRef], found: &mut [status::QueueStatus]) -> Result<()> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    for (queue, status) in queues.iter().zip(found.iter_mut()) {
        if status.oldest_age_s.is_some() || status.visible == 0 {
            continue;
        }
        if status
            .max_receive_count
            .is_some_and(|m| m <= peek::UNSAFE_MAX_RECEIVE)
        {
            status
                .warnings
                .push("not peeked for its age: maxReceiveCount too low".into());
            continue;
        }
        let messages = peek::receive(queue, peek::RECEIVE_MAX).await?;
        status.oldest_age_s = messages
            .iter()
            .filter_map(|m| peek::age_s(m, now_ms))
            .reduce(f64::max);
        status.oldest_age_from = status.oldest_age_s.map(|_| "peek");
    }
    Ok(())
}

async fn peek_command(ctx: &Context, args: PeekArgs) -> Result<()> {
    resolve::check(&ctx.settings, std::slice::from_ref(&args.queue))?;
    let client = aws::sqs(ctx.sdk().await?);
    let queue = resolve::one(&client, &ctx.settings, &args.queue).await?;
    let attributes = status::attributes(&queue).await?;
    peek::check_safe(&queue, attributes.redrive.as_ref())?;
    let dlq = peek::DlqWatch::start(&queue, attributes.redrive.as_ref()).await;
    let messages = peek::receive(&queue, args.max as usize).await?;
    let moved = dlq.moved(&queue, "peek").await;
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let peeked: Vec<peek::PeekedMessage> =
        messages.iter().map(|m| peek::describe(m, now_ms)).collect();
    ctx.out.print(&peeked)?;
    let mut summary = format!(
        "peeked {} of about {} visible message{} in {}; a peek is a receive: each one's receive count went up by one",
        peeked.len(),
        attributes.visible,
        if attributes.visible == 1 { "" } else { "s" },
        queue.name
    );
    if let Some(redrive) = &attributes.redrive {
        summary.push_str(&format!(
            " (to the DLQ after {})",
            redrive.max_receive_count
        ));
    }
    ctx.out.status(summary);
    if let Some(moved) = moved {
        ctx.out.status(format!("iops: {moved}"));
    } else if let Some(warning) = peek::dlq_warning(
        attributes.redrive.as_ref(),
        peeked.iter().filter_map(|m| m.receive_count),
    ) {
        ctx.out.status(format!("iops: {warning}"));
    }
    if peeked.is_empty() {
        return Err(Error::NothingMatched);
    }
    Ok(())
}

/// Where `stale` asks about a connection: the flag given, else the configured management API,
/// else the configured connections table.
enum LookupPlan {
    Api(String),
    Table(String),
}

fn lookup_plan(ctx: &Context, args: &StaleArgs) -> Result<LookupPlan> {
    if let Some(table) = &args.table {
        return Ok(LookupPlan::Table(table.clone()));
    }
    match crate::management::endpoint(&ctx.settings, args.endpoint.clone()) {
        Ok(endpoint) => Ok(LookupPlan::Api(endpoint)),
        Err(err) if args.endpoint.is_some() => Err(err),
        Err(err) => match ctx.settings.get("tables.connections") {
            Some(table) => Ok(LookupPlan::Table(table.to_string())),
            // api_id is set, yet no endpoint came of it (an emulator): say why.
            None if ctx.settings.get("api_id").is_some() => Err(err),
            None => Err(Error::usage(
                "no way to check connections: pass --endpoint https://{api-id}.execute-api.{region}.amazonaws.com/{stage} or --table NAME, or set websocket_url (or api_id, stage and region) or tables.connections in iops.toml",
            )),
        },
    }
}

async fn stale_command(ctx: &Context, args: StaleArgs) -> Result<()> {
    resolve::check(&ctx.settings, std::slice::from_ref(&args.queue))?;
    let plan = lookup_plan(ctx, &args)?;
    let paths: Vec<String> = if args.id_path.is_empty() {
        stale::DEFAULT_ID_PATHS
            .iter()
            .map(|p| p.to_string())
            .collect()
    } else {
        args.id_path.clone()
    };
    if paths.iter().any(|p| p.split('.').any(str::is_empty)) {
        return Err(Error::usage(
            "--id-path: use dotted names, e.g. requestContext.connectionId",
        ));
    }
    let sdk = if args.delete {
        ctx.sdk_for_change().await?
    } else {
        ctx.sdk().await?
    };
    let client = aws::sqs(sdk);
    let queue = resolve::one(&client, &ctx.settings, &args.queue).await?;
    let lookup = match plan {
        LookupPlan::Api(endpoint) => stale::Lookup::Api {
            client: aws::management(sdk, &endpoint),
            endpoint,
            concurrency: args.concurrency.get(),
        },
        LookupPlan::Table(table) => {
            let dynamodb = aws::dynamodb(sdk);
            let schema = crate::connections::detect(&dynamodb, &table).await?;
            if !schema.keyed_by_id() {
                return Err(Error::usage(format!(
                    "table {table} is not keyed by the connection id alone: pass --endpoint to ask the management API"
                )));
            }
            stale::Lookup::Table {
                client: dynamodb,
                schema,
            }
        }
    };
    let attributes = status::attributes(&queue).await?;
    peek::check_safe(&queue, attributes.redrive.as_ref())?;
    if args.delete {
        queue.announce(&ctx.out, "stale messages are deleted from");
    }
    let deletion = match (args.delete, args.yes) {
        (false, _) => stale::Deletion::Report,
        (true, false) => stale::Deletion::DryRun,
        (true, true) => stale::Deletion::Delete,
    };
    let dlq = peek::DlqWatch::start(&queue, attributes.redrive.as_ref()).await;
    let scanned = stale::scan(&queue, &lookup, &paths, deletion).await?;
    let moved = dlq.moved(&queue, "scan").await;
    let (records, deleted) = (&scanned.records, scanned.deleted);
    ctx.out.print(records)?;
    let stale_count = records
        .iter()
        .find(|r| r.status == stale::Verdict::Stale)
        .map_or(0, |r| r.messages);
    let total: u64 = records.iter().map(|r| r.messages).sum();
    ctx.out.status(format!(
        "read {total} message{} of {} once each (a receive: counts toward maxReceiveCount); {stale_count} stale{}",
        if total == 1 { "" } else { "s" },
        queue.name,
        match deletion {
            stale::Deletion::Delete => format!(", {deleted} deleted"),
            stale::Deletion::DryRun if stale_count > 0 => "; dry run: pass --yes to delete them".into(),
            _ => String::new(),
        }
    ));
    if scanned.gone > 0 {
        ctx.out.status(format!(
            "iops: {} of them were deleted from {} while it was read (the queue was purged, or a consumer deleted them): the counts above are what was read",
            scanned.gone, queue.name
        ));
    }
    if let Some(moved) = moved {
        ctx.out.status(format!("iops: {moved}"));
    } else if let Some(warning) = peek::dlq_warning(
        attributes.redrive.as_ref(),
        scanned.receive_counts.iter().copied(),
    ) {
        ctx.out.status(format!("iops: {warning}"));
    }
    Ok(())
}
