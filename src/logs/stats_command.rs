//! `iops logs stats`: per function (and per `--by` bucket) figures of the REPORT, error and
//! timeout lines, from CloudWatch, Logs Insights or saved files.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::stats::{self, CloseCodeRecord, FunctionStats};
use super::{StatsArgs, fetcher, file, input, insights, show_first_read, targets, window_query};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::timespec;

/// `-o json` is one document (`{"functions": […], "close_codes": […]}`); ndjson one record per
/// line (close-code records carry `close_code`); table and csv one table each.
/// One document for json; for csv one table (the functions, or the close codes when asked);
/// otherwise the functions, then the close codes.
fn print_stats(
    ctx: &Context,
    records: &[stats::StatsRecord],
    close_codes: &[CloseCodeRecord],
    only_close_codes: bool,
) -> Result<()> {
    use crate::output::Format;
    if only_close_codes {
        return ctx.out.print(close_codes);
    }
    match ctx.out.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct StatsDocument<'a> {
                functions: &'a [stats::StatsRecord],
                close_codes: &'a [CloseCodeRecord],
            }
            let document = StatsDocument {
                functions: records,
                close_codes,
            };
            ctx.out.report(&document, |_| Ok(()))
        }
        Format::Csv => {
            ctx.out.print(records)?;
            if !close_codes.is_empty() {
                ctx.out.status(format!(
                    "{} close code{} seen: --close-codes lists them",
                    close_codes.len(),
                    if close_codes.len() == 1 { "" } else { "s" }
                ));
            }
            Ok(())
        }
        _ => {
            ctx.out.print(records)?;
            if !close_codes.is_empty() {
                ctx.out.print(close_codes)?;
            }
            Ok(())
        }
    }
}

pub async fn run(ctx: &Context, args: StatsArgs) -> Result<()> {
    let bucket_ms = args.by.map(|d| d.as_millis().max(1) as i64);
    let mut table: BTreeMap<(Option<i64>, String), FunctionStats> = BTreeMap::new();
    let mut add = |label: &str, timestamp: Option<i64>, message: &str| {
        let bucket = bucket_ms
            .zip(timestamp)
            .map(|(size, t)| t - t.rem_euclid(size));
        table
            .entry((bucket, label.to_string()))
            .or_default()
            .add_message(message);
    };
    if args.insights {
        let query = window_query(&args.window)?;
        let targets = targets::resolve(ctx, &args.targets).await?;
        let client = aws::logs(ctx.sdk().await?);
        let records = insights::stats(&client, &targets, &query, args.by).await?;
        ctx.out.print(&records)?;
        return if records.iter().any(|r| r.invocations > 0 || r.errors > 0) {
            Ok(())
        } else {
            Err(Error::NothingMatched)
        };
    }
    if args.from_file.is_empty() {
        let query = window_query(&args.window)?;
        let targets = targets::resolve(ctx, &args.targets).await?;
        let fetcher = fetcher(ctx, targets.clone(), args.window.max_rps).await?;
        show_first_read(ctx, &fetcher, args.window.max_rps);
        fetcher
            .merged(&query, |event| {
                add(
                    &targets[event.target].label,
                    Some(event.timestamp),
                    &event.message,
                );
                Ok(true)
            })
            .await?;
    } else {
        for path in &args.from_file {
            let (label, reader) = input::open_input(path)?;
            let replaced = file::each_message(path, reader, |function, timestamp, message| {
                add(function.unwrap_or(&label), timestamp, message)
            })?;
            input::note_replaced(ctx, path, replaced);
        }
    }
    let records: Vec<_> = table
        .iter_mut()
        .map(|((bucket, label), stats)| {
            let bucket = bucket.map(|b| {
                timespec::format_millis(
                    Timestamp::from_millisecond(b).unwrap_or(Timestamp::UNIX_EPOCH),
                )
            });
            stats.record(label, bucket)
        })
        .collect();
    let close_codes: Vec<CloseCodeRecord> = table
        .iter()
        .flat_map(|((_, label), stats)| {
            stats
                .close_codes
                .iter()
                .map(|(code, count)| CloseCodeRecord {
                    function: label.clone(),
                    close_code: *code,
                    count: *count,
                    meaning: stats::close_code_meaning(*code),
                })
        })
        .collect();
    print_stats(ctx, &records, &close_codes, args.close_codes)?;
    if records.iter().any(|r| r.invocations > 0 || r.errors > 0) {
        Ok(())
    } else {
        Err(Error::NothingMatched)
    }
}
