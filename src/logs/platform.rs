//! Lambda's platform lines, in both log formats: the text `REPORT RequestId: … Duration: …`
//! (tabs between fields, sometimes missing) and the JSON `platform.report` record; plus the
//! lines that mean a timeout, a WebSocket close code, or an error — a line at level error or
//! worse as [`structured::level_of`] reads it, the reader behind `--level`. Hand-written for speed
//! (≥ 1,000,000 lines/s); never panics on any input.

use serde_json::Value;

use super::structured::{self, Level};

/// One invocation's REPORT.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub request_id: String,
    pub duration_ms: f64,
    pub billed_ms: f64,
    pub memory_size_mb: u32,
    pub max_memory_used_mb: u32,
    pub init_ms: Option<f64>,
    /// `timeout`, `error`, … when the platform says so (absent means success).
    pub status: Option<String>,
}

/// What a log line says about the function.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Report(Report),
    /// `Task timed out after 3.00 seconds`, with the request id when the line has one.
    TimedOut(Option<String>),
    Error,
    /// A WebSocket close code logged by a handler (`disconnectStatusCode: 1005`).
    CloseCode(u16),
    Other,
}

pub fn classify(message: &str) -> Line {
    let trimmed = message.trim_start();
    if let Some(rest) = trimmed.strip_prefix("REPORT RequestId:") {
        return parse_text_report(rest).map_or(Line::Other, Line::Report);
    }
    if trimmed.starts_with('{')
        && let Some(line) = classify_json(trimmed)
    {
        return line;
    }
    if let Some(at) = message.find("Task timed out after") {
        return Line::TimedOut(request_id_before(&message[..at]));
    }
    if let Some(code) = close_code(message) {
        return Line::CloseCode(code);
    }
    // The reader `--level` uses: a line at error or worse, by its layout, never a word in prose.
    if structured::level_of(message).is_some_and(|level| level >= Level::Error) {
        return Line::Error;
    }
    Line::Other
}

/// Text REPORT after `REPORT RequestId:`.
fn parse_text_report(rest: &str) -> Option<Report> {
    let rest = rest.trim_start();
    let id_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let mut report = Report {
        request_id: rest[..id_end].to_string(),
        ..Report::default()
    };
    let mut fields = &rest[id_end..];
    let mut saw_duration = false;
    // Longest labels first: "Billed Duration:" must not be read as "Duration:".
    const LABELS: [&str; 8] = [
        "Billed Restore Duration:",
        "Restore Duration:",
        "Billed Duration:",
        "Max Memory Used:",
        "Init Duration:",
        "Memory Size:",
        "Duration:",
        "Status:",
    ];
    loop {
        fields = fields.trim_start();
        if fields.is_empty() {
            break;
        }
        let Some(label) = LABELS.iter().find(|l| fields.starts_with(**l)) else {
            // Unknown field (e.g. a future one): skip to the next tab, or stop.
            match fields.find('\t') {
                Some(tab) => {
                    fields = &fields[tab..];
                    continue;
                }
                None => break,
            }
        };
        fields = fields[label.len()..].trim_start();
        let end = fields
            .find(|c: char| c.is_whitespace())
            .unwrap_or(fields.len());
        let value = &fields[..end];
        fields = skip_unit(&fields[end..]);
        match *label {
            "Duration:" => {
                report.duration_ms = value.parse().ok()?;
                saw_duration = true;
            }
            "Billed Duration:" => report.billed_ms = value.parse().ok()?,
            "Memory Size:" => report.memory_size_mb = value.parse().ok()?,
            "Max Memory Used:" => report.max_memory_used_mb = value.parse().ok()?,
            "Init Duration:" => report.init_ms = Some(value.parse().ok()?),
            "Status:" => report.status = Some(value.to_string()),
            _ => {}
        }
    }
    saw_duration.then_some(report)
}

/// Skips a unit word (`ms`, `MB`) after a number, if there is one.
fn skip_unit(fields: &str) -> &str {
    let trimmed = fields.trim_start();
    for unit in ["ms", "MB"] {
        if let Some(rest) = trimmed.strip_prefix(unit)
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            return rest;
        }
    }
    fields
}

fn classify_json(text: &str) -> Option<Line> {
    if !text.contains("platform.report") && !text.contains("disconnectStatusCode") {
        return None;
    }
    let value: Value = serde_json::from_str(text).ok()?;
    if value["type"] == "platform.report" {
        let record = &value["record"];
        let metrics = &record["metrics"];
        let report = Report {
            request_id: record["requestId"].as_str().unwrap_or_default().to_string(),
            duration_ms: metrics["durationMs"].as_f64()?,
            billed_ms: metrics["billedDurationMs"].as_f64().unwrap_or(0.0),
            memory_size_mb: metrics["memorySizeMB"].as_u64().unwrap_or(0) as u32,
            max_memory_used_mb: metrics["maxMemoryUsedMB"].as_u64().unwrap_or(0) as u32,
            init_ms: metrics["initDurationMs"].as_f64(),
            status: record["status"]
                .as_str()
                .filter(|s| *s != "success")
                .map(str::to_string),
        };
        return Some(Line::Report(report));
    }
    if let Some(code) = value["disconnectStatusCode"]
        .as_u64()
        .and_then(|c| u16::try_from(c).ok())
    {
        return Some(Line::CloseCode(code));
    }
    None
}

/// The request id in a text line before `Task timed out`: `<time> <uuid> Task timed out…`.
fn request_id_before(prefix: &str) -> Option<String> {
    prefix
        .split_whitespace()
        .rev()
        .find(|word| word.len() == 36 && word.bytes().filter(|b| *b == b'-').count() == 4)
        .map(str::to_string)
}

/// `disconnectStatusCode: 1005`, `"disconnectStatusCode":1005` or `disconnectStatusCode=1005`.
fn close_code(message: &str) -> Option<u16> {
    let at = message.find("disconnectStatusCode")?;
    let rest = &message[at + "disconnectStatusCode".len()..];
    let digits: String = rest
        .trim_start_matches(|c: char| c == '"' || c == ':' || c == '=' || c.is_whitespace())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(line: &str) -> Report {
        match classify(line) {
            Line::Report(report) => report,
            other => panic!("not a report: {other:?}"),
        }
    }

    #[test]
    fn text_report_with_tabs() {
        let r = report(
            "REPORT RequestId: 3c5e1b2a-1111-4222-8333-944455556666\tDuration: 11.51 ms\tBilled Duration: 12 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB\t",
        );
        assert_eq!(r.request_id, "3c5e1b2a-1111-4222-8333-944455556666");
        assert_eq!(
            (
                r.duration_ms,
                r.billed_ms,
                r.memory_size_mb,
                r.max_memory_used_mb
            ),
            (11.51, 12.0, 256, 99)
        );
        assert_eq!((r.init_ms, r.status), (None, None));
    }

    #[test]
    fn text_report_without_tabs_with_init_and_timeout() {
        let r = report(
            "REPORT RequestId: abc Duration: 3000.00 ms Billed Duration: 3000 ms Memory Size: 128 MB Max Memory Used: 128 MB Init Duration: 245.67 ms Status: timeout",
        );
        assert_eq!(r.duration_ms, 3000.0);
        assert_eq!(r.init_ms, Some(245.67));
        assert_eq!(r.status.as_deref(), Some("timeout"));
        assert_eq!(r.max_memory_used_mb, 128);
    }

    #[test]
    fn json_platform_report() {
        let line = r#"{"time":"2026-11-25T12:00:00.000Z","type":"platform.report","record":{"requestId":"r-1","metrics":{"durationMs":21.5,"billedDurationMs":22,"memorySizeMB":512,"maxMemoryUsedMB":80,"initDurationMs":300.25},"status":"success"}}"#;
        let r = report(line);
        assert_eq!(
            (
                r.request_id.as_str(),
                r.duration_ms,
                r.billed_ms,
                r.memory_size_mb
            ),
            ("r-1", 21.5, 22.0, 512)
        );
        assert_eq!((r.init_ms, r.status), (Some(300.25), None));
    }

    #[test]
    fn errors_timeouts_and_close_codes() {
        assert_eq!(
            classify(
                "2026-11-25T12:00:00.000Z 3c5e1b2a-1111-4222-8333-944455556666 Task timed out after 3.00 seconds"
            ),
            Line::TimedOut(Some("3c5e1b2a-1111-4222-8333-944455556666".into()))
        );
        assert_eq!(
            classify(
                "2026-11-25T12:00:00.000Z\t3c5e1b2a-1111-4222-8333-944455556666\tERROR\tInvoke Error"
            ),
            Line::Error
        );
        assert_eq!(
            classify("[ERROR] TypeError: unsupported operand"),
            Line::Error
        );
        assert_eq!(
            classify(r#"{"level":"ERROR","message":"boom"}"#),
            Line::Error
        );
        assert_eq!(
            classify("disconnectReason: x, disconnectStatusCode: 1005"),
            Line::CloseCode(1005)
        );
        assert_eq!(
            classify(r#"{"disconnectStatusCode":1001,"connectionId":"a"}"#),
            Line::CloseCode(1001)
        );
        assert_eq!(classify("Connection stored: TiaT7dgNiYcCIog="), Line::Other);
        assert_eq!(
            classify("ERRORS are fine in words like TERRORS"),
            Line::Other
        );
    }

    /// Defect 8: an error is a line at level error or worse, read as `--level error` reads it.
    #[test]
    fn errors_are_lines_at_level_error_or_worse_in_any_layout() {
        for error in [
            r#"{"level":"error","msg":"boom"}"#,
            r#"{"level":"Error","message":"boom"}"#,
            r#"{"Level":"Critical","Message":"boom"}"#,
            r#"{"level":50,"msg":"pino error"}"#,
            r#"{"level":60,"msg":"pino fatal"}"#,
            r#"{"log.level":"error","message":"ecs"}"#,
            "FATAL out of memory",
            "[CRITICAL]\t2024-01-01T00:00:00.123Z\t3c5e1b2a-1111-4222-8333-944455556666\tdown",
            "2024-01-01T00:00:00.123Z\t3c5e1b2a-1111-4222-8333-944455556666\tfail\tboom",
        ] {
            assert_eq!(classify(error), Line::Error, "{error}");
        }
        for other in [
            "the word ERROR appears mid-line",
            "Got ERROR from db",
            "Retrying after WARN",
            r#"{"level":"warn","message":"ERROR later"}"#,
            r#"{"message":"ERROR"}"#,
        ] {
            assert_eq!(classify(other), Line::Other, "{other}");
        }
    }

    #[test]
    fn malformed_lines_never_panic() {
        for line in [
            "REPORT RequestId:",
            "REPORT RequestId: x Duration:",
            "REPORT RequestId: x Duration: abc ms",
            "REPORT RequestId: x\tMemory Size: 1",
            "REPORT RequestId: é Duration: 1 ms\tStatus:",
            "{\"type\":\"platform.report\"",
            "{\"type\":\"platform.report\",\"record\":{}}",
            "disconnectStatusCode: 99999999",
            "Task timed out after",
        ] {
            let _ = classify(line);
        }
        // Every prefix of a real line, cut on character boundaries.
        let line = "REPORT RequestId: ü-1\tDuration: 11.51 ms\tBilled Duration: 12 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB\tInit Duration: 1.5 ms";
        for (cut, _) in line.char_indices() {
            let _ = classify(&line[..cut]);
        }
    }

    /// A cheap property test: random byte soup built from the grammar's own pieces.
    #[test]
    fn random_soup_never_panics() {
        let pieces = [
            "REPORT RequestId:",
            " ",
            "\t",
            "Duration:",
            "Billed Duration:",
            "ms",
            "MB",
            "1.5",
            "-3",
            "é",
            "Status:",
            "{",
            "}",
            "\"",
            "disconnectStatusCode",
            ":",
            "99999",
        ];
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..20_000 {
            let line: String = (0..rng.usize(0..12))
                .map(|_| pieces[rng.usize(..pieces.len())])
                .collect();
            let _ = classify(&line);
        }
    }
}
