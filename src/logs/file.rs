//! `logs tail --from-file`: a saved export read as log events — one message per line, or the
//! ndjson records `iops logs tail -o ndjson` writes (`message`, numeric `timestamp`, and
//! `function`, `group`, `stream`, `event_id` when present).

use std::collections::VecDeque;
use std::io::Write;

use serde::Deserialize;

use super::TailArgs;
use super::fetch::LogEvent;
use super::input::{note_replaced, open_input, read_lines};
use super::render::LineFilter;
use super::tail::{Shown, context_of, printer_for};
use super::targets::LogTarget;
use crate::context::Context;
use crate::error::{Error, Result};

/// An iops record: a Lambda JSON log line also has `message` (and an ISO `timestamp`), so a
/// record is recognised by its numeric timestamp and a key only records have.
#[derive(Deserialize)]
struct SavedRecord {
    timestamp: i64,
    message: String,
    #[serde(default)]
    ingestion_time: Option<i64>,
    #[serde(default)]
    stream: Option<String>,
    #[serde(default)]
    event_id: Option<String>,
    #[serde(default)]
    group: Option<String>,
}

/// Whether a line may be a saved record (`{"timestamp":` and a number): Lambda's own JSON lines
/// have an ISO string there, and are messages.
pub fn may_be_record(line: &str) -> bool {
    line.strip_prefix("{\"timestamp\":")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// The event a line of a saved file stands for; `line_number` numbers events without an id.
pub fn event(line: &str, target: usize, line_number: u64) -> LogEvent {
    if may_be_record(line)
        && let Ok(record) = serde_json::from_str::<SavedRecord>(line)
        && (record.group.is_some() || record.event_id.is_some() || record.stream.is_some())
    {
        return LogEvent {
            target,
            timestamp: record.timestamp,
            ingestion_time: record.ingestion_time.unwrap_or(record.timestamp),
            stream: record.stream.unwrap_or_default(),
            event_id: record.event_id.unwrap_or_else(|| line_number.to_string()),
            message: record.message,
            sampled: false,
        };
    }
    LogEvent {
        target,
        timestamp: 0,
        ingestion_time: 0,
        stream: String::new(),
        event_id: line_number.to_string(),
        message: line.to_string(),
        sampled: false,
    }
}

/// `logs tail --from-file`: the same filters, context and output over a saved file.
pub fn tail(
    ctx: &Context,
    args: &TailArgs,
    path: &std::path::Path,
    filter: &LineFilter,
) -> Result<()> {
    let (label, reader) = open_input(path)?;
    let target = LogTarget {
        group: path.display().to_string(),
        label,
    };
    let mut printer = printer_for(ctx, args, filter, vec![target]);
    let mut out = ctx.out.stdout();
    printer.begin(&mut out).map_err(Error::from_output)?;
    let mut shown = Shown::new(filter, context_of(args));
    let mut last: Option<VecDeque<LogEvent>> =
        args.lines.map(|n| VecDeque::with_capacity(n as usize));
    let mut line_number = 0u64;
    let mut failed = Ok(());
    let replaced = read_lines(reader, |line| {
        if failed.is_err() {
            return;
        }
        line_number += 1;
        // Most lines of a big file are filtered out: decide on the text before building events.
        let only_matches = !shown.around.is_active() && args.lines.is_none();
        if only_matches && !may_be_record(line) && !filter.accepts_text("", line) {
            return;
        }
        let event = event(line, 0, line_number);
        match (&mut last, args.lines) {
            (Some(kept), Some(n)) => {
                if filter.accepts(&event) {
                    if kept.len() as u64 == n {
                        kept.pop_front();
                    }
                    kept.push_back(event);
                }
            }
            _ => failed = shown.offer(event, &mut printer, &mut out),
        }
    })
    .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    failed?;
    for event in last.into_iter().flatten() {
        shown.offer(event, &mut printer, &mut out)?;
    }
    printer.end(&mut out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)?;
    note_replaced(ctx, path, replaced);
    if shown.matched == 0 {
        Err(Error::NothingMatched)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_records_and_plain_lines() {
        let saved = event(
            r#"{"timestamp":1764072000123,"ingestion_time":1764072000500,"function":"ConnectFunction","group":"/aws/lambda/f","stream":"s1","event_id":"e1","message":"Connection stored: a="}"#,
            0,
            1,
        );
        assert_eq!(
            (
                saved.timestamp,
                saved.stream.as_str(),
                saved.message.as_str()
            ),
            (1_764_072_000_123, "s1", "Connection stored: a=")
        );
        // Lambda's JSON log format is a message, not a saved record, even with `message`.
        let lambda = r#"{"timestamp":"2023-10-27T19:17:45.586Z","level":"ERROR","message":"x"}"#;
        let plain = event(lambda, 0, 7);
        assert_eq!((plain.timestamp, plain.message.as_str()), (0, lambda));
        assert_eq!(plain.event_id, "7");
        assert_eq!(event("plain text", 0, 2).message, "plain text");
    }
}
