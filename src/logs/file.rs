//! `logs tail --from-file`: a saved export read as log events. Each line is a message, unless it
//! is a saved record, a JSON document of records, or timestamped text:
//!
//! - A **record** is a JSON object with an integer `timestamp` (epoch milliseconds), a string
//!   `message`, and no key outside the record vocabulary: iops's (`ingestion_time`,
//!   `function`, `group`, `stream`, `event_id`, `message_json`, `fields`, `sampled`) and the
//!   CloudWatch API's as the aws CLI prints it (`ingestionTime`, `logStreamName`, `eventId`,
//!   `logGroupName`, `logGroupIdentifier`). A Lambda or Powertools JSON log line has an ISO
//!   `timestamp` string or keys such as `level`: it is a message.
//! - Records arrive one per line (`-o ndjson`, `jq -c '.events[]'`, `json.dumps`), as a JSON
//!   array (`-o json`), or as FilterLogEvents pages `{"events": [...]}` (the aws CLI's output,
//!   pages may follow one another); arrays and pages may span many lines.
//! - **Timestamped text** is a line whose first token is an RFC 3339 time, then one space and
//!   the message: what CloudWatch's export to S3 writes.

use std::collections::VecDeque;
use std::io::Write;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::TailArgs;
use super::fetch::LogEvent;
use super::input::{note_replaced, open_input, read_lines};
use super::pattern::FilterPattern;
use super::render::LineFilter;
use super::tail::{Shown, context_of, print_counts, printer_for};
use super::targets::LogTarget;
use crate::context::Context;
use crate::error::{Error, Result};

/// A saved event: see the module's rule.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct SavedRecord {
    timestamp: i64,
    message: String,
    #[serde(default, alias = "ingestionTime")]
    ingestion_time: Option<i64>,
    #[serde(default, alias = "logStreamName")]
    stream: Option<String>,
    #[serde(default, alias = "eventId")]
    event_id: Option<String>,
    #[serde(default, alias = "logGroupName", alias = "logGroupIdentifier")]
    group: Option<String>,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    message_json: Option<IgnoredAny>,
    #[serde(default)]
    fields: Option<IgnoredAny>,
    #[serde(default)]
    sampled: Option<bool>,
}

/// A FilterLogEvents response as the aws CLI prints it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsPage {
    events: Vec<SavedRecord>,
    #[serde(default, rename = "searchedLogStreams")]
    _searched_log_streams: Option<IgnoredAny>,
    #[serde(default, rename = "nextToken")]
    _next_token: Option<IgnoredAny>,
}

/// What a piece of a saved file stands for.
#[derive(Debug, PartialEq)]
enum Entry<'a> {
    /// A line without a time of its own: its text is the message.
    Plain { line: u64, text: &'a str },
    /// A record or timestamped text, with the line it starts on.
    Timed { line: u64, event: SavedEvent },
}

#[derive(Debug, PartialEq)]
struct SavedEvent {
    timestamp: i64,
    ingestion_time: Option<i64>,
    stream: Option<String>,
    event_id: Option<String>,
    message: String,
    group: Option<String>,
    function: Option<String>,
}

impl From<SavedRecord> for SavedEvent {
    fn from(record: SavedRecord) -> SavedEvent {
        SavedEvent {
            timestamp: record.timestamp,
            ingestion_time: record.ingestion_time,
            stream: record.stream,
            event_id: record.event_id,
            message: record.message,
            group: record.group,
            function: record.function,
        }
    }
}

impl SavedEvent {
    /// The function a record names: its `function`, or its log group's short name.
    fn label(&self) -> Option<String> {
        self.function.clone().or_else(|| {
            self.group
                .as_deref()
                .map(|g| super::targets::short_label(g.rsplit('/').next().unwrap_or(g)))
        })
    }
}

/// The functions of a saved file: the file itself for lines that name none (target 0), then
/// one per log group (or function) its records name, in order of appearance — so a file saved
/// from several functions is labelled, counted, given context and summarised per function, as
/// it was read from CloudWatch.
struct Sources {
    targets: Vec<LogTarget>,
    by_name: std::collections::HashMap<String, usize>,
}

impl Sources {
    fn new(file: LogTarget) -> Sources {
        Sources {
            targets: vec![file],
            by_name: Default::default(),
        }
    }

    /// The target of a saved event; a new one is also returned, to be shown from now on.
    fn of(&mut self, event: &SavedEvent) -> (usize, Option<LogTarget>) {
        let Some(name) = event.group.as_ref().or(event.function.as_ref()) else {
            return (0, None);
        };
        if let Some(index) = self.by_name.get(name) {
            return (*index, None);
        }
        // `name` is the group when the record has one: the label is its function's.
        let target = LogTarget {
            group: name.clone(),
            label: event.label().unwrap_or_else(|| name.clone()),
        };
        let index = self.targets.len();
        self.by_name.insert(name.clone(), index);
        self.targets.push(target.clone());
        (index, Some(target))
    }
}

/// Whether a line has `"timestamp"` with an integer after it: every record has, Lambda's JSON
/// lines (an ISO string there) do not, so they are never parsed here.
fn has_numeric_timestamp(line: &str) -> bool {
    // Built once: a finder set up per line cost as much as the rest of a plain line's reading.
    static TIMESTAMP_KEY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\"timestamp\""));
    let bytes = line.as_bytes();
    // Lambda's JSON log format starts `{"timestamp":"2024-…`: its first key is a string time, so
    // it is no record, and the rest of the line need not be searched.
    if let Some(value) = bytes.strip_prefix(b"{\"timestamp\":")
        && value.trim_ascii_start().first() == Some(&b'"')
    {
        return false;
    }
    TIMESTAMP_KEY.find_iter(bytes).any(|at| {
        let rest = bytes[at + 11..].trim_ascii_start();
        rest.strip_prefix(b":")
            .map(<[u8]>::trim_ascii_start)
            .is_some_and(|value| {
                value
                    .first()
                    .is_some_and(|b| b.is_ascii_digit() || *b == b'-')
            })
    })
}

/// The records a one-line JSON value holds: a record, an array of records, or a page.
fn records_in(line: &str) -> Option<Vec<SavedRecord>> {
    if line.starts_with('[') {
        return serde_json::from_str::<Vec<SavedRecord>>(line)
            .ok()
            .filter(|records| !records.is_empty());
    }
    if let Ok(record) = serde_json::from_str::<SavedRecord>(line) {
        return Some(vec![record]);
    }
    serde_json::from_str::<EventsPage>(line)
        .ok()
        .map(|page| page.events)
}

/// `2024-05-01T10:00:00.000Z message` (CloudWatch's export to S3) as time and message.
fn timestamped_text(line: &str) -> Option<(i64, &str)> {
    let (first, message) = line.split_once(' ')?;
    let b = first.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[10] != b'T' || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let at: Timestamp = first.parse().ok()?;
    Some((at.as_millisecond(), message))
}

/// How much of a multi-line JSON document is kept before it is known to hold records.
const MAX_PENDING_BYTES: usize = 16 << 20;

/// A multi-line JSON document (`[` or `{` alone on its first line), read element by element so
/// a big export is never held whole once it is known to hold records.
struct Document {
    top: u8,
    first_line: u64,
    /// Its lines while it is not known to hold records: read as plain lines if it holds none.
    pending: Option<Vec<(u64, String)>>,
    pending_bytes: usize,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// The last string at depth 1 of an object: the key of the value that follows it.
    key: Vec<u8>,
    in_key: bool,
    /// Depth of the container whose elements are records: 1 for an array, 2 for `events`.
    elements_at: Option<usize>,
    /// The element being read: its first line and text so far.
    element: Option<(u64, String)>,
    /// Something in it is not a record: unless already committed, its lines are plain.
    not_records: bool,
}

impl Document {
    fn new(top: u8, first_line: u64) -> Document {
        Document {
            top,
            first_line,
            pending: Some(Vec::new()),
            pending_bytes: 0,
            depth: 0,
            in_string: false,
            escaped: false,
            key: Vec::new(),
            in_key: false,
            elements_at: None,
            element: None,
            not_records: false,
        }
    }

    fn committed(&self) -> bool {
        self.pending.is_none()
    }
}

/// The reader of a saved file, fed one line at a time.
#[derive(Default)]
struct SavedFile {
    document: Option<Document>,
}

type Emit<'e> = dyn FnMut(Entry<'_>) -> Result<()> + 'e;

impl SavedFile {
    fn feed(&mut self, line: &str, number: u64, emit: &mut Emit<'_>) -> Result<()> {
        if self.document.is_some() {
            return self.feed_document(line, number, emit);
        }
        match line.as_bytes().first() {
            Some(b'{' | b'[') => {
                let trimmed = line.trim_end();
                if trimmed == "{" || trimmed == "[" {
                    self.document = Some(Document::new(trimmed.as_bytes()[0], number));
                    return self.feed_document(line, number, emit);
                }
                // `iops logs tail -o json` that found nothing: no events, not a line "[]".
                if number == 1 && trimmed == "[]" {
                    return Ok(());
                }
                if has_numeric_timestamp(line)
                    && let Some(records) = records_in(line)
                {
                    for record in records {
                        emit(Entry::Timed {
                            line: number,
                            event: record.into(),
                        })?;
                    }
                    return Ok(());
                }
            }
            Some(b'0'..=b'9') => {
                if let Some((timestamp, message)) = timestamped_text(line) {
                    return emit(Entry::Timed {
                        line: number,
                        event: SavedEvent {
                            timestamp,
                            ingestion_time: None,
                            stream: None,
                            event_id: None,
                            message: message.to_string(),
                            group: None,
                            function: None,
                        },
                    });
                }
            }
            _ => {}
        }
        emit(Entry::Plain {
            line: number,
            text: line,
        })
    }

    fn feed_document(&mut self, line: &str, number: u64, emit: &mut Emit<'_>) -> Result<()> {
        let Some(doc) = self.document.as_mut() else {
            return Ok(());
        };
        if let Some(pending) = doc.pending.as_mut() {
            pending.push((number, line.to_string()));
            doc.pending_bytes += line.len() + 1;
        }
        let bytes = line.as_bytes();
        let mut element_from = doc.element.as_ref().map(|_| 0);
        let mut closed_at = None;
        for (i, &b) in bytes.iter().enumerate() {
            if doc.in_string {
                if doc.escaped {
                    doc.escaped = false;
                } else if b == b'\\' {
                    doc.escaped = true;
                } else if b == b'"' {
                    doc.in_string = false;
                    doc.in_key = false;
                    continue;
                }
                if doc.in_key {
                    doc.key.push(b);
                }
                continue;
            }
            match b {
                b'"' => {
                    doc.in_string = true;
                    if doc.depth == 1 && doc.top == b'{' {
                        doc.key.clear();
                        doc.in_key = true;
                    }
                }
                b'{' | b'[' => {
                    if doc.depth == 0 && i > 0 {
                        doc.not_records = true;
                    }
                    if doc.elements_at == Some(doc.depth) && doc.element.is_none() {
                        if b == b'{' {
                            doc.element = Some((number, String::new()));
                            element_from = Some(i);
                        } else {
                            doc.not_records = true;
                        }
                    }
                    doc.depth += 1;
                    if doc.top == b'[' && doc.depth == 1 {
                        doc.elements_at = Some(1);
                    }
                    if doc.top == b'{' && doc.depth == 2 && b == b'[' && doc.key == b"events" {
                        doc.elements_at = Some(2);
                    }
                }
                b'}' | b']' => {
                    doc.depth = doc.depth.saturating_sub(1);
                    if doc.elements_at == Some(doc.depth)
                        && let Some((first, mut text)) = doc.element.take()
                    {
                        text.push_str(&line[element_from.take().unwrap_or(0)..=i]);
                        match serde_json::from_str::<SavedRecord>(&text) {
                            Ok(record) if doc.committed() || !doc.not_records => {
                                doc.pending = None;
                                emit(Entry::Timed {
                                    line: first,
                                    event: record.into(),
                                })?;
                            }
                            _ if doc.committed() => emit(Entry::Plain {
                                line: first,
                                text: &text,
                            })?,
                            _ => doc.not_records = true,
                        }
                    }
                    if doc.top == b'{' && doc.depth == 1 && doc.elements_at == Some(2) {
                        doc.elements_at = None;
                    }
                    if doc.depth == 0 {
                        closed_at = Some(i);
                        break;
                    }
                }
                b' ' | b'\t' | b'\r' | b',' => {}
                _ => {
                    if doc.elements_at == Some(doc.depth) {
                        doc.not_records = true;
                    }
                }
            }
        }
        if let (Some(from), Some((_, text))) = (element_from, doc.element.as_mut()) {
            text.push_str(&line[from..]);
            text.push('\n');
        }
        if let Some(at) = closed_at {
            let doc = self.document.take().expect("a document is open");
            self.close(doc, emit)?;
            let rest = &line[at + 1..];
            if !rest.trim().is_empty() {
                return self.feed(rest.trim_start(), number, emit);
            }
        } else if !doc.committed() && doc.pending_bytes > MAX_PENDING_BYTES {
            // Too long to be waiting for a first record: not a document of records.
            let doc = self.document.take().expect("a document is open");
            replay(doc, emit)?;
        }
        Ok(())
    }

    /// A document that ended: records were read as they came; if none came, it may still be
    /// one record over many lines or a page without events; if not, its lines are plain.
    fn close(&mut self, doc: Document, emit: &mut Emit<'_>) -> Result<()> {
        if doc.committed() {
            return Ok(());
        }
        if !doc.not_records
            && let Some(pending) = &doc.pending
        {
            let text: String = pending
                .iter()
                .map(|(_, l)| l.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            if doc.top == b'{' {
                if let Ok(record) = serde_json::from_str::<SavedRecord>(&text) {
                    return emit(Entry::Timed {
                        line: doc.first_line,
                        event: record.into(),
                    });
                }
                if serde_json::from_str::<EventsPage>(&text).is_ok() {
                    return Ok(());
                }
            } else if serde_json::from_str::<Vec<SavedRecord>>(&text).is_ok() {
                return Ok(());
            }
        }
        replay(doc, emit)
    }

    /// The end of the input: a document still open is cut short.
    fn finish(&mut self, last_line: u64, emit: &mut Emit<'_>) -> Result<()> {
        match self.document.take() {
            None => Ok(()),
            Some(doc) if !doc.committed() => replay(doc, emit),
            Some(doc) => Err(Error::usage(format!(
                "the JSON document of records that starts on line {} is cut short: the input ends at line {last_line} before it is closed",
                doc.first_line
            ))),
        }
    }
}

fn replay(doc: Document, emit: &mut Emit<'_>) -> Result<()> {
    for (line, text) in doc.pending.into_iter().flatten() {
        emit(Entry::Plain { line, text: &text })?;
    }
    Ok(())
}

/// `--since`/`--until` as the user gave them (the 10-minute default is for CloudWatch reads).
struct Window {
    since: Option<i64>,
    until: Option<i64>,
}

impl Window {
    fn of(args: &TailArgs) -> Result<Window> {
        let since = args.window.since.as_ref().map(|t| t.as_millis());
        let until = args.window.until.as_ref().map(|t| t.as_millis());
        if let (Some(since), Some(until)) = (since, until)
            && until < since
        {
            return Err(Error::usage("--until is before --since"));
        }
        Ok(Window { since, until })
    }

    fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Both ends included, as FilterLogEvents does.
    fn contains(&self, timestamp: i64) -> bool {
        self.since.is_none_or(|s| timestamp >= s) && self.until.is_none_or(|u| timestamp <= u)
    }

    fn flags(&self) -> &'static str {
        match (self.since, self.until) {
            (Some(_), Some(_)) => "--since and --until",
            (Some(_), None) => "--since",
            _ => "--until",
        }
    }
}

/// Every message of a saved file (any layout `tail --from-file` reads) with the function its
/// record names and its time, when it has them, for `logs stats --from-file`; returns how many
/// lines needed U+FFFD.
pub fn each_message(
    path: &std::path::Path,
    reader: impl std::io::BufRead,
    mut each: impl FnMut(Option<&str>, Option<i64>, &str),
) -> Result<u64> {
    let mut take = |entry: Entry<'_>| -> Result<()> {
        match entry {
            Entry::Plain { text, .. } => each(None, None, text),
            Entry::Timed { event, .. } => {
                let function = event.label();
                let time = (event.timestamp != 0).then_some(event.timestamp);
                each(function.as_deref(), time, &event.message)
            }
        }
        Ok(())
    };
    read_saved(path, reader, &mut take)
}

/// Each entry of a saved file to `take`, in order; returns how many lines needed U+FFFD.
fn read_saved(
    path: &std::path::Path,
    reader: impl std::io::BufRead,
    take: &mut Emit<'_>,
) -> Result<u64> {
    let mut saved = SavedFile::default();
    let (mut line_number, mut failed) = (0u64, Ok(()));
    let replaced = read_lines(reader, |line| {
        if failed.is_ok() {
            line_number += 1;
            failed = saved.feed(line, line_number, take);
        }
    })
    .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    failed?;
    saved.finish(line_number, take).map_err(|e| match e {
        Error::Usage(message) => Error::usage(format!("{}: {message}", path.display())),
        other => other,
    })?;
    Ok(replaced)
}

/// `logs tail --from-file`: the same filters, context and output over a saved file.
pub fn tail(
    ctx: &Context,
    args: &TailArgs,
    path: &std::path::Path,
    filter: &LineFilter,
) -> Result<()> {
    let window = Window::of(args)?;
    let pattern = match args.window.filter_pattern.as_deref() {
        Some(text) => Some(
            FilterPattern::parse(text)
                .map_err(|e| Error::usage(format!("--filter-pattern: {e}")))?,
        ),
        None => None,
    };
    let (label, reader) = open_input(path)?;
    let target = LogTarget {
        group: path.display().to_string(),
        label,
    };
    let mut sources = Sources::new(target.clone());
    let mut printer = printer_for(ctx, args, filter, vec![target]);
    let mut out = ctx.out.stdout();
    let mut counted = vec![0u64];
    if !args.count {
        printer.begin(&mut out).map_err(Error::from_output)?;
    }
    let mut shown = Shown::new(filter, context_of(args));
    let mut last: Option<VecDeque<LogEvent>> =
        args.lines.map(|n| VecDeque::with_capacity(n as usize));
    // Most lines of a big file are filtered out: decide on the text before building events.
    let only_matches = !shown.around.is_active() && args.lines.is_none();
    let mut take = |entry: Entry<'_>| -> Result<()> {
        let event = match entry {
            Entry::Plain { line, text } => {
                if window.is_set() {
                    if text.trim().is_empty() {
                        return Ok(());
                    }
                    return Err(Error::usage(format!(
                        "{}: line {line} has no timestamp, so {} cannot apply to it; times come from saved records (iops -o ndjson/json, the aws CLI's filter-log-events output) or lines starting with an ISO 8601 time (CloudWatch's export to S3). Drop {} or select lines with --grep",
                        path.display(),
                        window.flags(),
                        window.flags()
                    )));
                }
                if pattern.as_ref().is_some_and(|p| !p.matches(text))
                    || (only_matches && !filter.accepts_text("", text))
                {
                    return Ok(());
                }
                LogEvent {
                    target: 0,
                    timestamp: 0,
                    ingestion_time: 0,
                    stream: String::new(),
                    event_id: line.to_string(),
                    message: text.to_string(),
                    sampled: false,
                }
            }
            Entry::Timed { line, event } => {
                // A record saved from a line without a time (`-o ndjson` of a plain file).
                if event.timestamp == 0 && window.is_set() {
                    return Err(Error::usage(format!(
                        "{}: the record on line {line} has no time (timestamp 0), so {} cannot apply to it",
                        path.display(),
                        window.flags()
                    )));
                }
                if !window.contains(event.timestamp)
                    || pattern.as_ref().is_some_and(|p| !p.matches(&event.message))
                {
                    return Ok(());
                }
                let (target, new) = sources.of(&event);
                if let Some(new) = new {
                    printer.add_target(new);
                    counted.push(0);
                }
                LogEvent {
                    target,
                    timestamp: event.timestamp,
                    ingestion_time: event.ingestion_time.unwrap_or(event.timestamp),
                    stream: event.stream.unwrap_or_default(),
                    event_id: event.event_id.unwrap_or_else(|| line.to_string()),
                    message: event.message,
                    sampled: false,
                }
            }
        };
        match (&mut last, args.lines) {
            (Some(kept), Some(n)) => {
                // `-n 0` keeps nothing.
                if n > 0 && filter.accepts(&event) {
                    if kept.len() as u64 == n {
                        kept.pop_front();
                    }
                    kept.push_back(event);
                }
                Ok(())
            }
            _ if args.count => {
                counted[event.target] += u64::from(filter.accepts(&event));
                Ok(())
            }
            _ => shown.offer(event, &mut printer, &mut out),
        }
    };
    let replaced = read_saved(path, reader, &mut take)?;
    note_replaced(ctx, path, replaced);
    if args.count {
        // The file's own row only when some lines named no function.
        let skip = usize::from(counted.len() > 1 && counted[0] == 0);
        return print_counts(ctx, &sources.targets[skip..], &counted[skip..]);
    }
    for event in last.into_iter().flatten() {
        shown.offer(event, &mut printer, &mut out)?;
    }
    printer.end(&mut out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)?;
    if shown.matched == 0 {
        Err(Error::NothingMatched)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each entry of `text` as (line, timestamp or None, message).
    fn read(text: &str) -> Vec<(u64, Option<i64>, String)> {
        let mut entries = Vec::new();
        let mut take = |entry: Entry<'_>| -> Result<()> {
            entries.push(match entry {
                Entry::Plain { line, text } => (line, None, text.to_string()),
                Entry::Timed { line, event } => (line, Some(event.timestamp), event.message),
            });
            Ok(())
        };
        let mut saved = SavedFile::default();
        let mut number = 0;
        for line in text.split('\n') {
            number += 1;
            saved.feed(line, number, &mut take).unwrap();
        }
        saved.finish(number, &mut take).unwrap();
        entries
    }

    fn timed(line: u64, timestamp: i64, message: &str) -> (u64, Option<i64>, String) {
        (line, Some(timestamp), message.to_string())
    }

    fn plain(line: u64, message: &str) -> (u64, Option<i64>, String) {
        (line, None, message.to_string())
    }

    #[test]
    fn records_in_every_layout_people_save() {
        // iops -o ndjson, with its own message ending in a line break.
        assert_eq!(
            read(
                r#"{"timestamp":1764072000123,"ingestion_time":1764072000500,"function":"F","group":"/aws/lambda/f","stream":"s1","event_id":"e1","message":"Connection stored\n","message_json":null}"#
            ),
            [timed(1, 1_764_072_000_123, "Connection stored\n")]
        );
        // json.dumps spacing, keys in another order, no group/stream/event id.
        assert_eq!(
            read(r#"{"message": "hello", "timestamp": 1714557600000}"#),
            [timed(1, 1_714_557_600_000, "hello")]
        );
        // jq -c '.events[]' over the aws CLI's output (camelCase).
        let event = read(
            r#"{"logStreamName":"2024/05/01/[$LATEST]ab","timestamp":1714557600000,"message":"x","ingestionTime":1714557600100,"eventId":"3782"}"#,
        );
        assert_eq!(event, [timed(1, 1_714_557_600_000, "x")]);
        // A one-line page and a one-line array.
        assert_eq!(
            read(
                r#"{"events":[{"timestamp":1,"message":"a"},{"timestamp":2,"message":"b"}],"searchedLogStreams":[]}"#
            ),
            [timed(1, 1, "a"), timed(1, 2, "b")]
        );
        assert_eq!(
            read(r#"[{"timestamp":1,"message":"a"}]"#),
            [timed(1, 1, "a")]
        );
        // iops -o json: an array over many lines, a record a line.
        assert_eq!(
            read(
                "[\n  {\"timestamp\":1,\"message\":\"a\"},\n  {\"timestamp\":2,\"message\":\"b\\n\"}\n]"
            ),
            [timed(2, 1, "a"), timed(3, 2, "b\n")]
        );
        // The aws CLI's pretty pages, two of them one after the other.
        let page = |t: i64| {
            format!(
                "{{\n    \"events\": [\n        {{\n            \"logStreamName\": \"s\",\n            \"timestamp\": {t},\n            \"message\": \"m{t} {{[\\\"]}}\",\n            \"ingestionTime\": {t},\n            \"eventId\": \"{t}\"\n        }}\n    ],\n    \"searchedLogStreams\": [],\n    \"nextToken\": \"tok\"\n}}"
            )
        };
        assert_eq!(
            read(&format!("{}\n{}", page(5), page(6))),
            [timed(3, 5, "m5 {[\"]}"), timed(16, 6, "m6 {[\"]}")]
        );
        // A page without events, and jq's pretty '.events[]' (one record over lines).
        assert_eq!(
            read("{\n  \"events\": [],\n  \"searchedLogStreams\": []\n}"),
            []
        );
        assert_eq!(
            read("{\n  \"timestamp\": 7,\n  \"message\": \"m\"\n}"),
            [timed(1, 7, "m")]
        );
        // CloudWatch's export to S3.
        assert_eq!(
            read("2024-05-01T10:00:00.000Z [ERROR] boom\tx"),
            [timed(1, 1_714_557_600_000, "[ERROR] boom\tx")]
        );
    }

    #[test]
    fn messages_that_look_like_records_stay_messages() {
        let lines = [
            // Lambda's JSON log format: an ISO timestamp.
            r#"{"timestamp":"2023-10-27T19:17:45.586Z","level":"ERROR","message":"x"}"#,
            // An epoch timestamp, but a key no record has.
            r#"{"timestamp":1714557600000,"level":"ERROR","message":"x"}"#,
            // No message, or a message that is not a string.
            r#"{"timestamp":1714557600000,"msg":"x"}"#,
            r#"{"timestamp":1714557600000,"message":{"a":1}}"#,
            // A fractional timestamp.
            r#"{"timestamp":1714557600000.5,"message":"x"}"#,
            // Lambda's Node text layout: tab after the time, not a space.
            "2023-10-27T19:17:45.586Z\tr-4\tINFO\tfine",
            "2024-05-01 10:00:00 not RFC 3339",
            "[ERROR]\t2023-10-27T19:17:45.586Z\tr-3\tSomething went wrong",
            "[]",
            "plain text",
        ];
        let read_back = read(&lines.join("\n"));
        let expected: Vec<_> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| plain(i as u64 + 1, l))
            .collect();
        assert_eq!(read_back, expected);
    }

    #[test]
    fn json_documents_without_records_are_plain_lines() {
        // A pretty-printed Powertools object, then text.
        let text = "{\n  \"level\": \"INFO\",\n  \"timestamp\": 5,\n  \"message\": \"m\"\n}\nafter";
        let expected: Vec<_> = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| plain(i as u64 + 1, l))
            .collect();
        assert_eq!(read(text), expected);
        // An array of strings; a '[' that never closes.
        assert_eq!(
            read("[\n  \"a\"\n]"),
            [plain(1, "["), plain(2, "  \"a\""), plain(3, "]")]
        );
        assert_eq!(
            read("[\nstill text"),
            [plain(1, "["), plain(2, "still text")]
        );
    }

    #[test]
    fn a_document_of_records_cut_short_is_refused() {
        let mut saved = SavedFile::default();
        let mut ignore = |_: Entry<'_>| -> Result<()> { Ok(()) };
        for (n, line) in ["[", "  {\"timestamp\":1,\"message\":\"a\"},", "  {\"timest"]
            .iter()
            .enumerate()
        {
            saved.feed(line, n as u64 + 1, &mut ignore).unwrap();
        }
        let err = saved.finish(3, &mut ignore).unwrap_err().to_string();
        assert!(
            err.contains("starts on line 1") && err.contains("line 3"),
            "{err}"
        );
    }

    #[test]
    fn the_timestamp_precheck_never_misses_a_record() {
        assert!(has_numeric_timestamp(r#"{"timestamp" :  17}"#));
        assert!(has_numeric_timestamp(
            r#"{"message":"\"timestamp\"","timestamp":-1}"#
        ));
        assert!(!has_numeric_timestamp(r#"{"timestamp":"2023"}"#));
        assert!(!has_numeric_timestamp(r#"{"timestamp""#));
    }
}
