//! Reads of the logs for other commands (`doctor`, `top`): per target, quietly, with each
//! target's state beside what was read.

use std::collections::VecDeque;

use super::fetch::{Fetcher, LogEvent, Query, TargetState};
use super::fetcher;
use super::stats::{self, FunctionStats};
use super::targets::LogTarget;
use crate::context::Context;
use crate::error::Result;

/// A read for another command (`doctor`, `top`): a missing log group is that target's state,
/// shown by the caller, never printed here. With `per_target_failures` a failure is too (unless
/// every target failed); without, it fails the whole read, as an aggregate must.
async fn quiet_fetcher(
    ctx: &Context,
    targets: &[LogTarget],
    per_target_failures: bool,
) -> Result<Fetcher> {
    let mut fetcher = fetcher(ctx, targets.to_vec(), 5.0).await?;
    fetcher.announce_missing = false;
    fetcher.per_target_failures = per_target_failures;
    Ok(fetcher)
}

/// Per target, in target order: what was read, and how the read went.
pub struct PerTarget<T> {
    pub values: Vec<T>,
    pub states: Vec<TargetState>,
}

/// `iops logs stats` for the window, one record per target (for `iops doctor`).
pub async fn summarize(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
) -> Result<PerTarget<stats::StatsRecord>> {
    let read = stats_of(ctx, targets, query).await?;
    Ok(PerTarget {
        values: targets
            .iter()
            .zip(read.values)
            .map(|(t, mut s)| s.record(&t.label, None))
            .collect(),
        states: read.states,
    })
}

/// The figures of each target's lines in the window (close codes included).
pub async fn stats_of(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
) -> Result<PerTarget<FunctionStats>> {
    let fetcher = quiet_fetcher(ctx, targets, false).await?;
    let mut values: Vec<FunctionStats> = targets.iter().map(|_| FunctionStats::default()).collect();
    fetcher
        .merged(query, |event| {
            values[event.target].add_message(&event.message);
            Ok(true)
        })
        .await?;
    Ok(PerTarget {
        values,
        states: fetcher.states(),
    })
}

/// The newest `keep` events of each target in the window that `accept` takes, oldest first.
pub async fn newest(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
    keep: usize,
    accept: impl Fn(&LogEvent) -> bool,
) -> Result<PerTarget<VecDeque<LogEvent>>> {
    let fetcher = quiet_fetcher(ctx, targets, true).await?;
    let mut values = vec![VecDeque::with_capacity(keep); targets.len()];
    fetcher
        .merged(query, |event| {
            if !accept(&event) {
                return Ok(true);
            }
            let lines = &mut values[event.target];
            if lines.len() == keep {
                lines.pop_front();
            }
            lines.push_back(event);
            Ok(true)
        })
        .await?;
    Ok(PerTarget {
        values,
        states: fetcher.states(),
    })
}

/// Events per target in the window (the query's filter pattern applied by the service).
pub async fn count(ctx: &Context, targets: &[LogTarget], query: &Query) -> Result<PerTarget<u64>> {
    let fetcher = quiet_fetcher(ctx, targets, false).await?;
    let mut values = vec![0u64; targets.len()];
    fetcher
        .merged(query, |event| {
            values[event.target] += 1;
            Ok(true)
        })
        .await?;
    Ok(PerTarget {
        values,
        states: fetcher.states(),
    })
}

/// Every event of each target in the window, oldest first within a target, to `each`. With
/// `per_target_failures` a target's failure is its state (unless every target failed), as in
/// [`newest`]; without, it fails the read, as an aggregate's must.
pub async fn each(
    ctx: &Context,
    targets: &[LogTarget],
    query: &Query,
    per_target_failures: bool,
    mut each: impl FnMut(LogEvent),
) -> Result<Vec<TargetState>> {
    let fetcher = quiet_fetcher(ctx, targets, per_target_failures).await?;
    fetcher
        .merged(query, |event| {
            each(event);
            Ok(true)
        })
        .await?;
    Ok(fetcher.states())
}
