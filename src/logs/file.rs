//! `logs tail --from-file`: a saved export read as log events — one message per line, or the
//! ndjson records `iops logs tail -o ndjson` writes (`message`, numeric `timestamp`, and
//! `function`, `group`, `stream`, `event_id` when present).

use serde::Deserialize;

use super::fetch::LogEvent;

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
