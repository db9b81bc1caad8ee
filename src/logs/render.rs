//! How log events look: text lines (`--format short|detailed|message`) with colored labels and
//! highlighted matches on a terminal, or one record per event (`--output ndjson|json|csv`).

use std::io::{self, Write};

use clap::ValueEnum;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use regex::Regex;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

use super::fetch::LogEvent;
use super::structured::{self, FieldPath, JsonMessage, Level};
use super::targets::LogTarget;
use crate::output::{CsvRows, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TextFormat {
    /// time, function, message
    #[default]
    Short,
    /// full timestamp, function, log stream, message
    Detailed,
    /// the message alone
    Message,
}

/// `--grep` patterns (any may match), `-i`, `--invert`, plus `--request-id`, `--stream` and
/// `--level`.
#[derive(Debug, Clone)]
pub struct LineFilter {
    pub pattern: Option<Regex>,
    pub invert: bool,
    pub request_id: Option<String>,
    pub stream_prefix: Option<String>,
    /// Lines at this level or more severe; lines without a level are left out.
    pub min_level: Option<Level>,
}

/// The regex crate's message without its copy of the pattern: the last line says what is wrong.
fn regex_reason(err: &regex::Error) -> String {
    match err {
        regex::Error::Syntax(text) => text
            .lines()
            .rev()
            .find(|l| l.starts_with("error:"))
            .map_or_else(
                || text.clone(),
                |l| l.trim_start_matches("error: ").to_string(),
            ),
        other => other.to_string(),
    }
}

impl LineFilter {
    pub fn new(greps: &[String], ignore_case: bool, invert: bool) -> Result<LineFilter, String> {
        // Each pattern on its own first, so an error quotes what the user typed, not the
        // combined pattern.
        for grep in greps {
            Regex::new(grep)
                .map_err(|e| format!("invalid --grep pattern '{grep}': {}", regex_reason(&e)))?;
        }
        let pattern = if greps.is_empty() {
            None
        } else {
            let joined = greps
                .iter()
                .map(|g| format!("(?:{g})"))
                .collect::<Vec<_>>()
                .join("|");
            let flagged = if ignore_case {
                format!("(?i){joined}")
            } else {
                joined
            };
            Some(Regex::new(&flagged).map_err(|e| format!("invalid --grep pattern: {e}"))?)
        };
        Ok(LineFilter {
            pattern,
            invert,
            request_id: None,
            stream_prefix: None,
            min_level: None,
        })
    }

    pub fn accepts(&self, event: &LogEvent) -> bool {
        self.accepts_text(&event.stream, &event.message)
    }

    /// [`accepts`](Self::accepts) on a stream name and message before there is an event.
    pub fn accepts_text(&self, stream: &str, message: &str) -> bool {
        if self
            .stream_prefix
            .as_ref()
            .is_some_and(|p| !stream.starts_with(p.as_str()))
        {
            return false;
        }
        if self
            .request_id
            .as_ref()
            .is_some_and(|id| !holds_id(message, id))
        {
            return false;
        }
        if let Some(min) = self.min_level
            && structured::level_of(message).is_none_or(|level| level < min)
        {
            return false;
        }
        match &self.pattern {
            // A message ending in a line break (most do) is one line to `$`, as to grep.
            Some(pattern) => pattern.is_match(without_line_end(message)) != self.invert,
            None => true,
        }
    }
}

/// Whether `message` holds `id` as a whole word: an id one character short, or one id inside a
/// longer one, is another invocation's.
fn holds_id(message: &str, id: &str) -> bool {
    let part_of_id = |c: char| c.is_ascii_alphanumeric() || c == '-';
    message.match_indices(id).any(|(at, _)| {
        !message[..at].chars().next_back().is_some_and(part_of_id)
            && !message[at + id.len()..]
                .chars()
                .next()
                .is_some_and(part_of_id)
    })
}

/// A message without the line break it was written with: text lines end with their own.
pub fn without_line_end(message: &str) -> &str {
    message
        .strip_suffix('\n')
        .map_or(message, |m| m.strip_suffix('\r').unwrap_or(m))
}

/// One event as a record.
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    pub timestamp: i64,
    pub ingestion_time: i64,
    pub function: &'a str,
    pub group: &'a str,
    pub stream: &'a str,
    pub event_id: &'a str,
    /// The exact text, always.
    pub message: &'a str,
    /// The message parsed, when it is a JSON object (values as written: numbers exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_json: Option<&'a RawValue>,
    /// `--field` paths to their values (null where the message has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<&'a str, Option<&'a RawValue>>>,
    /// Live Tail sampled the second this event came in (more than 500 events/s).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sampled: bool,
}

const LABEL_COLORS: [u8; 6] = [6, 3, 2, 5, 4, 1];

pub struct Printer {
    pub targets: Vec<LogTarget>,
    pub text: TextFormat,
    /// Records instead of text lines.
    pub records: Option<Format>,
    pub color: bool,
    pub zone: TimeZone,
    pub highlight: Option<Regex>,
    /// `--field` paths into JSON messages.
    pub fields: Vec<FieldPath>,
    /// Show a JSON message as level, message, then the other keys (people at a terminal).
    pub readable_json: bool,
    label_width: usize,
    written: u64,
    csv: CsvRows,
}

impl Printer {
    pub fn new(
        targets: Vec<LogTarget>,
        text: TextFormat,
        records: Option<Format>,
        local: bool,
        highlight: Option<Regex>,
    ) -> Printer {
        let label_width = targets
            .iter()
            .map(|t| t.label.chars().count())
            .max()
            .unwrap_or(0);
        Printer {
            targets,
            text,
            records,
            color: console::colors_enabled(),
            zone: if local {
                TimeZone::system()
            } else {
                TimeZone::UTC
            },
            highlight,
            fields: Vec::new(),
            readable_json: false,
            label_width,
            written: 0,
            csv: CsvRows::default(),
        }
    }

    /// A target met while reading (a saved file's records name their functions).
    pub fn add_target(&mut self, target: LogTarget) {
        self.label_width = self.label_width.max(target.label.chars().count());
        self.targets.push(target);
    }

    pub fn begin(&mut self, out: &mut impl Write) -> io::Result<()> {
        match self.records {
            Some(Format::Json) => out.write_all(b"["),
            Some(Format::Csv) => {
                let mut header = vec![
                    "timestamp",
                    "ingestion_time",
                    "function",
                    "group",
                    "stream",
                    "event_id",
                    "message",
                ];
                header.extend(self.fields.iter().map(FieldPath::as_str));
                self.csv.write(out, header)
            }
            _ => Ok(()),
        }
    }

    pub fn end(&self, out: &mut impl Write) -> io::Result<()> {
        match self.records {
            Some(Format::Json) => out.write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" }),
            _ => Ok(()),
        }
    }

    /// A line between context groups, as grep writes it (text only).
    pub fn separator(&self, out: &mut impl Write) -> io::Result<()> {
        match self.records {
            Some(_) => Ok(()),
            None => out.write_all(b"--\n"),
        }
    }

    pub fn write(&mut self, out: &mut impl Write, event: &LogEvent) -> io::Result<()> {
        let target = &self.targets[event.target];
        // Read only when something shows it: plain text lines stay a copy of the message.
        let wants_json = match self.records {
            Some(Format::Json | Format::Ndjson) => true,
            Some(_) => !self.fields.is_empty(),
            None => {
                !self.fields.is_empty() || (self.readable_json && self.text != TextFormat::Message)
            }
        };
        // The JSON object of the message, also after a runtime's `<time>\t<id>\tINFO\t` prefix.
        let body = if wants_json {
            structured::json_body(&event.message)
        } else {
            None
        };
        let json = body.and_then(JsonMessage::parse);
        if self.records.is_none() {
            // Laid out as level, message, rest only when the object is the whole message: a
            // prefix's time and request id are not thrown away.
            let whole = body.is_some_and(|b| b.len() == event.message.trim().len());
            self.write_text(out, event, json.as_ref(), whole)?;
            self.written += 1;
            return Ok(());
        }
        let fields = (!self.fields.is_empty()).then(|| {
            self.fields
                .iter()
                .map(|path| (path.as_str(), json.as_ref().and_then(|j| j.field(path))))
                .collect::<BTreeMap<_, _>>()
        });
        let message_json = body
            .filter(|_| json.is_some())
            .and_then(|b| serde_json::from_str::<&RawValue>(b).ok());
        let record = EventRecord {
            timestamp: event.timestamp,
            ingestion_time: event.ingestion_time,
            function: &target.label,
            group: &target.group,
            stream: &event.stream,
            event_id: &event.event_id,
            message: &event.message,
            message_json,
            fields,
            sampled: event.sampled,
        };
        match self.records {
            Some(Format::Json) => {
                out.write_all(if self.written == 0 { b"\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut *out, &record)?;
            }
            Some(Format::Ndjson) => {
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
            Some(Format::Csv) => {
                let mut fields = vec![
                    record.timestamp.to_string(),
                    record.ingestion_time.to_string(),
                    record.function.to_string(),
                    record.group.to_string(),
                    record.stream.to_string(),
                    record.event_id.to_string(),
                    record.message.to_string(),
                ];
                for path in &self.fields {
                    let value = json.as_ref().and_then(|j| j.field(path));
                    fields.push(
                        value.map_or_else(String::new, |v| structured::text_of(v).into_owned()),
                    );
                }
                self.csv.write(out, &fields)?;
            }
            _ => self.write_text(out, event, json.as_ref(), false)?,
        }
        self.written += 1;
        Ok(())
    }

    fn write_text(
        &self,
        out: &mut impl Write,
        event: &LogEvent,
        json: Option<&JsonMessage>,
        whole: bool,
    ) -> io::Result<()> {
        let columns: String = self
            .fields
            .iter()
            .map(|path| {
                let value = json.and_then(|j| j.field(path));
                let text = value.map_or(std::borrow::Cow::Borrowed("-"), structured::text_of);
                format!("{} ", crate::output::visible_cell(&text))
            })
            .collect();
        let body = match json {
            Some(json) if whole && self.readable_json && self.text != TextFormat::Message => {
                self.readable(json)
            }
            _ => crate::output::visible(without_line_end(&event.message)).into_owned(),
        };
        let message = self.highlighted(&body);
        if self.text == TextFormat::Message {
            return writeln!(out, "{columns}{message}");
        }
        let label = &self.targets[event.target].label;
        let padded = format!("{label:<width$}", width = self.label_width);
        let label = if self.color {
            console::style(padded)
                .color256(LABEL_COLORS[event.target % LABEL_COLORS.len()])
                .to_string()
        } else {
            padded
        };
        // Lines read from a file without a time have none to show.
        let time = (event.timestamp != 0).then(|| {
            Timestamp::from_millisecond(event.timestamp)
                .unwrap_or(Timestamp::UNIX_EPOCH)
                .to_zoned(self.zone.clone())
        });
        match (self.text, time) {
            (_, None) => writeln!(out, "{label} {columns}{message}"),
            (TextFormat::Short, Some(time)) => writeln!(
                out,
                "{} {label} {columns}{message}",
                time.strftime("%H:%M:%S%.3f")
            ),
            (_, Some(time)) => writeln!(
                out,
                "{} {label} {} {columns}{message}",
                time.strftime("%Y-%m-%dT%H:%M:%S%.3f%:z"),
                crate::output::visible(&event.stream)
            ),
        }
    }

    /// `ERROR Payment failed {"requestId":"…","error":{…}}`: level (colored), message, the rest.
    fn readable(&self, json: &JsonMessage) -> String {
        let level = json.level().map(|level| {
            let name = format!("{:<5}", level.name());
            if !self.color {
                return name;
            }
            let styled = console::style(name);
            match level {
                Level::Fatal | Level::Error => styled.red().bold(),
                Level::Warn => styled.yellow(),
                Level::Info => styled.green(),
                Level::Debug | Level::Trace => styled.dim(),
            }
            .to_string()
        });
        let message = json.message();
        let rest = json.rest();
        let mut parts: Vec<String> = Vec::new();
        parts.extend(level);
        parts.extend(message.map(|m| crate::output::visible(&m).into_owned()));
        if rest != "{}" {
            let rest = crate::output::visible(&rest).into_owned();
            parts.push(if self.color {
                console::style(rest).dim().to_string()
            } else {
                rest
            });
        }
        parts.join(" ")
    }

    fn highlighted<'m>(&self, message: &'m str) -> std::borrow::Cow<'m, str> {
        match (&self.highlight, self.color) {
            (Some(pattern), true) => pattern.replace_all(message, |c: &regex::Captures| {
                console::style(&c[0]).red().bold().to_string()
            }),
            _ => std::borrow::Cow::Borrowed(message),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_request_id_matches_only_as_a_whole_word() {
        let id = "3c5e1b2a-1111-4222-8333-944455556666";
        assert!(holds_id(
            &format!("START RequestId: {id} Version: $LATEST"),
            id
        ));
        assert!(holds_id(&format!("{{\"requestId\":\"{id}\"}}"), id));
        assert!(!holds_id(&format!("RequestId: {id}7"), id), "a longer id");
        assert!(!holds_id(&format!("RequestId: x{id}"), id));
        assert!(!holds_id(&format!("RequestId: {}", &id[..30]), id));
    }

    use super::*;

    fn event(message: &str) -> LogEvent {
        LogEvent {
            target: 0,
            timestamp: 1_764_072_000_123,
            ingestion_time: 1_764_072_000_500,
            stream: "2026/11/25/[$LATEST]abc".into(),
            event_id: "1".into(),
            message: message.into(),
            sampled: false,
        }
    }

    #[test]
    fn grep_any_pattern_ignore_case_and_invert() {
        let filter = LineFilter::new(&["error".into(), "timed out".into()], true, false).unwrap();
        assert!(filter.accepts(&event("[ERROR] boom")));
        assert!(filter.accepts(&event("Task timed out after 3.00 seconds")));
        assert!(!filter.accepts(&event("Connection stored")));
        let inverted = LineFilter::new(&["error".into()], false, true).unwrap();
        assert!(
            inverted.accepts(&event("[ERROR] boom")),
            "case-sensitive: 'error' is not in it"
        );
        assert!(
            LineFilter::new(&["(".into()], false, false)
                .unwrap_err()
                .contains("--grep")
        );
    }

    #[test]
    fn json_messages_read_at_a_glance_on_a_terminal_and_exact_elsewhere() {
        let target = LogTarget {
            group: "/aws/lambda/f".into(),
            label: "Pay".into(),
        };
        let line = r#"{"timestamp":"2023-10-27T19:17:45.586Z","level":"ERROR","message":"Payment failed","requestId":"r-1","amount":12.50}"#;
        let render = |readable, text, fields: &[&str]| {
            let mut printer = Printer::new(vec![target.clone()], text, None, false, None);
            printer.color = false;
            printer.readable_json = readable;
            printer.fields = fields
                .iter()
                .map(|f| structured::parse_field_path(f).unwrap())
                .collect();
            let mut out = Vec::new();
            printer.write(&mut out, &event(line)).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            render(true, TextFormat::Short, &[]),
            "12:00:00.123 Pay ERROR Payment failed {\"requestId\":\"r-1\",\"amount\":12.50}\n"
        );
        assert_eq!(
            render(true, TextFormat::Short, &["requestId", "nope"]),
            "12:00:00.123 Pay r-1 - ERROR Payment failed {\"requestId\":\"r-1\",\"amount\":12.50}\n"
        );
        assert_eq!(render(true, TextFormat::Message, &[]), format!("{line}\n"));
        assert_eq!(
            render(false, TextFormat::Short, &[]),
            format!("12:00:00.123 Pay {line}\n")
        );
    }

    #[test]
    fn levels_filter_at_or_above() {
        let mut filter = LineFilter::new(&[], false, false).unwrap();
        filter.min_level = Some(Level::Warn);
        assert!(filter.accepts(&event(r#"{"level":"ERROR","message":"x"}"#)));
        assert!(filter.accepts(&event("[WARNING]\t2023-10-27T19:17:45.586Z\tr\tx")));
        assert!(!filter.accepts(&event(r#"{"level":"info","message":"x"}"#)));
        assert!(!filter.accepts(&event("no level here")));
    }

    #[test]
    fn text_formats() {
        let target = LogTarget {
            group: "/aws/lambda/f".into(),
            label: "ConnectFunction".into(),
        };
        let render = |text| {
            let mut printer = Printer::new(vec![target.clone()], text, None, false, None);
            printer.color = false;
            let mut out = Vec::new();
            printer
                .write(&mut out, &event("Connection stored: TiaT7dgNiYcCIog="))
                .unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            render(TextFormat::Short),
            "12:00:00.123 ConnectFunction Connection stored: TiaT7dgNiYcCIog=\n"
        );
        assert_eq!(
            render(TextFormat::Message),
            "Connection stored: TiaT7dgNiYcCIog=\n"
        );
        assert_eq!(
            render(TextFormat::Detailed),
            "2025-11-25T12:00:00.123+00:00 ConnectFunction 2026/11/25/[$LATEST]abc Connection stored: TiaT7dgNiYcCIog=\n"
        );
    }
}
