//! What a probe found, as JSON (the stable, documented fields) and as text people read.

use std::io;

use serde::Serialize;

use super::ProbePlan;
use crate::output::visible;
use crate::redact;
use crate::ws::close::{CloseDiagnosis, ClosedBy};
use crate::ws::handshake::HandshakeDiagnosis;

#[derive(Debug, Clone, Serialize, Default)]
pub struct Phases {
    pub dns_ms: Option<f64>,
    pub tcp_ms: Option<f64>,
    pub tls_ms: Option<f64>,
    pub upgrade_ms: Option<f64>,
    pub first_message_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expectation {
    pub pattern: String,
    pub matched: bool,
    pub after_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CloseReport {
    pub code: u16,
    pub reason: String,
    pub closed_by: ClosedBy,
    pub after_ms: f64,
    pub diagnosis: CloseDiagnosis,
}

/// The stable, documented report (`--output json`).
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub url: String,
    pub connected: bool,
    /// Ended early by Ctrl-C / SIGTERM / SIGHUP.
    pub interrupted: bool,
    pub phases: Phases,
    pub handshake: Option<HandshakeDiagnosis>,
    pub error: Option<String>,
    pub messages_sent: u64,
    pub bytes_sent: u64,
    pub messages_received: u64,
    pub bytes_received: u64,
    pub largest_message_bytes: u64,
    pub shown: Vec<String>,
    pub pong_latencies_ms: Vec<f64>,
    pub longest_silence_ms: f64,
    pub expectations: Vec<Expectation>,
    pub close: Option<CloseReport>,
    /// The rule the server broke, when it did (the client then failed the connection).
    pub protocol_violation: Option<String>,
    /// With `--hold`: whether the connection lasted that long (null without it).
    pub hold_reached: Option<bool>,
    pub idle_warning: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Connected and met every expectation: exit 0.
    Ok,
    /// An expectation failed or the close was not normal: exit 1.
    Failed,
    /// DNS, TCP, TLS or the upgrade failed: exit 4.
    NotConnected,
}

impl ProbeReport {
    pub fn new(plan: &ProbePlan) -> ProbeReport {
        ProbeReport {
            url: redact::url(&plan.url, &plan.token_param),
            connected: false,
            interrupted: false,
            phases: Phases::default(),
            handshake: None,
            error: None,
            messages_sent: 0,
            bytes_sent: 0,
            messages_received: 0,
            bytes_received: 0,
            largest_message_bytes: 0,
            shown: Vec::new(),
            pong_latencies_ms: Vec::new(),
            longest_silence_ms: 0.0,
            expectations: plan
                .expect
                .iter()
                .map(|r| Expectation {
                    pattern: r.to_string(),
                    matched: false,
                    after_ms: None,
                })
                .collect(),
            close: None,
            protocol_violation: None,
            hold_reached: None,
            idle_warning: None,
            outcome: Outcome::NotConnected,
        }
    }

    pub(super) fn fail_to_connect<T>(&mut self, plan: &ProbePlan, message: String) -> Option<T> {
        self.error = Some(redact::text(&message, &plan.secrets));
        self.outcome = Outcome::NotConnected;
        None
    }
}

/// Why a probe failed, in one line for stderr (the report may have gone to a pipe).
pub fn failure(report: &ProbeReport) -> String {
    let mut reasons = Vec::new();
    if let Some(violation) = &report.protocol_violation {
        reasons.push(visible(violation).into_owned());
    }
    for expectation in report.expectations.iter().filter(|e| !e.matched) {
        reasons.push(format!(
            "no message matched --expect '{}'",
            visible(&expectation.pattern)
        ));
    }
    if report.hold_reached == Some(false) {
        reasons.push("the connection ended before --hold".into());
    }
    if let Some(close) = report.close.as_ref().filter(|c| !c.diagnosis.normal) {
        reasons.push(format!(
            "closed {} ({}) by {}",
            close.code,
            close.diagnosis.name,
            crate::output::json_name(&close.closed_by)
        ));
    }
    if reasons.is_empty() {
        reasons.push("the probe failed (see the report)".into());
    }
    reasons.join("; ")
}

/// The report as people read it.
pub fn render_text(report: &ProbeReport, out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(out, "probe {}", report.url)?;
    let p = &report.phases;
    let phase = |name: &str, value: Option<f64>| value.map(|v| format!("{name} {v:.2} ms"));
    let phases: Vec<String> = [
        phase("dns", p.dns_ms),
        phase("tcp", p.tcp_ms),
        phase("tls", p.tls_ms),
        phase("upgrade", p.upgrade_ms),
        phase("first message", p.first_message_ms),
    ]
    .into_iter()
    .flatten()
    .collect();
    writeln!(
        out,
        "  phases: {}",
        if phases.is_empty() {
            "none completed".into()
        } else {
            phases.join(", ")
        }
    )?;
    if let Some(error) = &report.error {
        writeln!(out, "  error: {}", visible(error))?;
    }
    if let Some(h) = &report.handshake {
        writeln!(
            out,
            "  handshake: HTTP {}: {}",
            h.status,
            visible(&h.explanation)
        )?;
        if let Some(next) = &h.next {
            writeln!(out, "  next: {next}")?;
        }
    }
    if report.connected {
        writeln!(
            out,
            "  messages: sent {} ({} bytes), received {} ({} bytes, largest {}), longest silence {:.0} ms",
            report.messages_sent,
            report.bytes_sent,
            report.messages_received,
            report.bytes_received,
            report.largest_message_bytes,
            report.longest_silence_ms
        )?;
    }
    if !report.pong_latencies_ms.is_empty() {
        let max = report.pong_latencies_ms.iter().cloned().fold(0.0, f64::max);
        writeln!(
            out,
            "  pongs: {} (max {max:.2} ms)",
            report.pong_latencies_ms.len()
        )?;
    }
    for shown in &report.shown {
        writeln!(out, "  < {}", visible(shown))?;
    }
    for e in &report.expectations {
        writeln!(
            out,
            "  expect /{}/: {}",
            e.pattern,
            if e.matched {
                format!("matched after {:.0} ms", e.after_ms.unwrap_or(0.0))
            } else {
                "NOT matched".into()
            }
        )?;
    }
    if let Some(close) = &report.close {
        writeln!(
            out,
            "  closed: {} {}{} by {} after {:.0} ms — {}",
            close.code,
            close.diagnosis.name,
            if close.reason.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", visible(&close.reason))
            },
            crate::output::json_name(&close.closed_by),
            close.after_ms,
            visible(&close.diagnosis.explanation)
        )?;
    }
    if report.hold_reached == Some(false) {
        writeln!(
            out,
            "  hold: NOT reached: the connection ended before the --hold time"
        )?;
    }
    if let Some(warning) = &report.idle_warning {
        writeln!(out, "  warning: {warning}")?;
    }
    if report.interrupted {
        writeln!(out, "  interrupted: the probe was stopped early")?;
    }
    writeln!(
        out,
        "  outcome: {}",
        crate::output::json_name(&report.outcome)
    )
}
