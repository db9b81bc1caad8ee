//! `iops logs stats`: per function (and per time bucket with `--by`) invocations, errors,
//! timeouts, cold starts, duration percentiles, init duration, memory headroom and billed GB-s,
//! plus a histogram of WebSocket close codes when handlers log them.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::platform::{Line, Report};
use crate::output::{Record, cell};
use crate::percentile::{Method, Samples};

/// Durations are recorded in microseconds, up to Lambda's 15-minute limit.
const MAX_MICROS: u64 = 15 * 60 * 1_000_000;

#[derive(Debug)]
pub struct FunctionStats {
    invocations: u64,
    errors: u64,
    timed_out: HashSet<String>,
    anonymous_timeouts: u64,
    cold_starts: u64,
    durations: Samples,
    max_ms: Option<f64>,
    init_total_ms: f64,
    init_max_ms: Option<f64>,
    memory_size_mb: u32,
    max_memory_used_mb: u32,
    /// Σ billed ms × memory MB: GB-s = this / 1024 / 1000, computed once, exactly.
    billed_mb_ms: u128,
    pub close_codes: BTreeMap<u16, u64>,
}

impl Default for FunctionStats {
    fn default() -> Self {
        FunctionStats {
            invocations: 0,
            errors: 0,
            timed_out: HashSet::new(),
            anonymous_timeouts: 0,
            cold_starts: 0,
            durations: Samples::new(MAX_MICROS),
            max_ms: None,
            init_total_ms: 0.0,
            init_max_ms: None,
            memory_size_mb: 0,
            max_memory_used_mb: 0,
            billed_mb_ms: 0,
            close_codes: BTreeMap::new(),
        }
    }
}

fn micros(ms: f64) -> u64 {
    ((ms * 1000.0).round() as u64).clamp(1, MAX_MICROS)
}

impl FunctionStats {
    /// One log line: its platform meaning, and an error when it is at level error or worse —
    /// also a `Task timed out` or close-code line written at error level, so that the errors
    /// here are exactly the lines `--level error` prints.
    pub fn add_message(&mut self, message: &str) {
        let line = super::platform::classify(message);
        let also_error = matches!(line, Line::TimedOut(_) | Line::CloseCode(_))
            && super::structured::level_of(message)
                .is_some_and(|l| l >= super::structured::Level::Error);
        self.add(line);
        self.errors += u64::from(also_error);
    }

    pub fn add(&mut self, line: Line) {
        match line {
            Line::Report(report) => self.add_report(report),
            Line::TimedOut(Some(id)) => {
                self.timed_out.insert(id);
            }
            Line::TimedOut(None) => self.anonymous_timeouts += 1,
            Line::Error => self.errors += 1,
            Line::CloseCode(code) => *self.close_codes.entry(code).or_default() += 1,
            Line::Other => {}
        }
    }

    fn add_report(&mut self, report: Report) {
        self.invocations += 1;
        self.durations.record(micros(report.duration_ms));
        self.max_ms = Some(
            self.max_ms
                .map_or(report.duration_ms, |m| m.max(report.duration_ms)),
        );
        if let Some(init) = report.init_ms {
            self.cold_starts += 1;
            self.init_total_ms += init;
            self.init_max_ms = Some(self.init_max_ms.map_or(init, |m| m.max(init)));
        }
        self.memory_size_mb = self.memory_size_mb.max(report.memory_size_mb);
        self.max_memory_used_mb = self.max_memory_used_mb.max(report.max_memory_used_mb);
        self.billed_mb_ms +=
            (report.billed_ms.max(0.0).round() as u128) * u128::from(report.memory_size_mb);
        // The "Task timed out" line and the REPORT name the same request: count it once. The
        // platform's `status: error` is its verdict on an invocation, not a line at error level:
        // the lines the function wrote are what `--level error` shows and what is counted.
        if report.status.as_deref() == Some("timeout") {
            self.timed_out.insert(report.request_id);
        }
    }

    pub fn timeouts(&self) -> u64 {
        self.timed_out.len() as u64 + self.anonymous_timeouts
    }

    pub fn record(&mut self, function: &str, bucket: Option<String>) -> StatsRecord {
        let [p50, p95, p99] = self.durations.quantiles([0.50, 0.95, 0.99]);
        // Exact samples give back the logged value; HDR ones never exceed the exact maximum.
        let percentile =
            |value: Option<u64>| Some(ms(value?)).zip(self.max_ms).map(|(v, max)| v.min(max));
        StatsRecord {
            bucket,
            function: function.to_string(),
            invocations: self.invocations,
            errors: self.errors,
            timeouts: self.timeouts(),
            cold_starts: self.cold_starts,
            p50_ms: percentile(p50),
            p95_ms: percentile(p95),
            p99_ms: percentile(p99),
            percentiles: self.durations.method(),
            max_ms: self.max_ms,
            init_avg_ms: (self.cold_starts > 0)
                .then(|| (self.init_total_ms / self.cold_starts as f64 * 100.0).round() / 100.0),
            init_max_ms: self.init_max_ms,
            memory_size_mb: (self.memory_size_mb > 0).then_some(self.memory_size_mb),
            max_memory_used_mb: (self.max_memory_used_mb > 0).then_some(self.max_memory_used_mb),
            memory_headroom_pct: (self.memory_size_mb > 0).then(|| {
                let used = f64::from(self.max_memory_used_mb) / f64::from(self.memory_size_mb);
                ((1.0 - used) * 1000.0).round() / 10.0
            }),
            billed_gb_s: (self.billed_mb_ms as f64 / 1_024_000.0 * 10_000.0).round() / 10_000.0,
        }
    }
}

/// Microseconds as milliseconds with two decimals (REPORT lines give two).
fn ms(micros: u64) -> f64 {
    (micros as f64 / 10.0).round() / 100.0
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatsRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    pub function: String,
    pub invocations: u64,
    pub errors: u64,
    pub timeouts: u64,
    pub cold_starts: u64,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    /// `exact` (nearest rank) or `hdr` (over ten million invocations).
    pub percentiles: Method,
    pub init_avg_ms: Option<f64>,
    pub init_max_ms: Option<f64>,
    pub memory_size_mb: Option<u32>,
    pub max_memory_used_mb: Option<u32>,
    pub memory_headroom_pct: Option<f64>,
    pub billed_gb_s: f64,
}

impl Record for StatsRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "bucket",
            "function",
            "invocations",
            "errors",
            "timeouts",
            "cold_starts",
            "p50_ms",
            "p95_ms",
            "p99_ms",
            "max_ms",
            "percentiles",
            "init_avg_ms",
            "init_max_ms",
            "memory_size_mb",
            "max_memory_used_mb",
            "memory_headroom_pct",
            "billed_gb_s",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            cell(&self.bucket),
            self.function.clone(),
            self.invocations.to_string(),
            self.errors.to_string(),
            self.timeouts.to_string(),
            self.cold_starts.to_string(),
            cell(&self.p50_ms),
            cell(&self.p95_ms),
            cell(&self.p99_ms),
            cell(&self.max_ms),
            self.percentiles.name().to_string(),
            cell(&self.init_avg_ms),
            cell(&self.init_max_ms),
            cell(&self.memory_size_mb),
            cell(&self.max_memory_used_mb),
            cell(&self.memory_headroom_pct),
            self.billed_gb_s.to_string(),
        ]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CloseCodeRecord {
    pub function: String,
    pub close_code: u16,
    pub count: u64,
    pub meaning: String,
}

impl Record for CloseCodeRecord {
    fn headers() -> &'static [&'static str] {
        &["function", "close_code", "count", "meaning"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.function.clone(),
            self.close_code.to_string(),
            self.count.to_string(),
            self.meaning.to_string(),
        ]
    }
}

/// The close code's name (one table, `ws::close`), with API Gateway's limits where they apply.
pub fn close_code_meaning(code: u16) -> String {
    let name = crate::ws::close::name(code);
    match code {
        1001 => format!("{name} (API Gateway: 10 min idle or 2 h connection limit)"),
        1009 => format!("{name} (API Gateway: 128 KB message, 32 KB frame)"),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes_are_named_as_the_probe_names_them() {
        for code in 0..=5000u16 {
            let meaning = close_code_meaning(code);
            assert!(
                meaning.starts_with(crate::ws::close::name(code)),
                "{code}: {meaning}"
            );
        }
        assert_eq!(close_code_meaning(1005), "no status code");
    }

    /// Hand-computed: durations 10, 20, 30, 40 ms and a 3000 ms timeout; one cold start.
    #[test]
    fn figures_match_a_hand_computed_example() {
        let lines = [
            "REPORT RequestId: a\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB\tInit Duration: 200.00 ms",
            "REPORT RequestId: b\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB",
            "REPORT RequestId: c Duration: 30.00 ms Billed Duration: 30 ms Memory Size: 256 MB Max Memory Used: 96 MB",
            r#"{"type":"platform.report","record":{"requestId":"d","metrics":{"durationMs":40.0,"billedDurationMs":40,"memorySizeMB":256,"maxMemoryUsedMB":100}}}"#,
            "2026-11-25T12:00:00.000Z 3c5e1b2a-1111-4222-8333-944455556666 Task timed out after 3.00 seconds",
            "REPORT RequestId: 3c5e1b2a-1111-4222-8333-944455556666\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 128 MB\tStatus: timeout",
            "[ERROR] TypeError: unsupported operand type(s) for *: 'float' and 'decimal.Decimal'",
            "disconnectStatusCode: 1005",
            "disconnectStatusCode: 1005",
            "disconnectStatusCode: 1001",
        ];
        let mut stats = FunctionStats::default();
        for line in lines {
            stats.add_message(line);
        }
        let record = stats.record("ProcessFunction", None);
        assert_eq!(
            (
                record.invocations,
                record.errors,
                record.timeouts,
                record.cold_starts
            ),
            (5, 1, 1, 1)
        );
        // Nearest rank of 10, 20, 30, 40, 3000: p50 is the 3rd.
        assert_eq!(record.p50_ms, Some(30.0));
        assert_eq!(record.percentiles, Method::Exact);
        assert_eq!(record.max_ms, Some(3000.0));
        assert_eq!(record.p95_ms, Some(3000.0));
        assert_eq!(record.init_max_ms, Some(200.0));
        assert_eq!(record.max_memory_used_mb, Some(128));
        assert_eq!(record.memory_headroom_pct, Some(50.0));
        // (10 + 20 + 30 + 40 + 3000) ms × 256 MB = 793,600 MB-ms = 0.775 GB-s
        assert_eq!(record.billed_gb_s, 0.775);
        assert_eq!(stats.close_codes, BTreeMap::from([(1001, 1), (1005, 2)]));
    }

    #[test]
    fn no_reports_means_no_percentiles() {
        let record = FunctionStats::default().record("f", Some("2026-11-25T12:00".into()));
        assert_eq!(
            (
                record.invocations,
                record.p50_ms,
                record.memory_headroom_pct
            ),
            (0, None, None)
        );
    }
}
