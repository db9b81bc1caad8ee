//! `iops ws probe`: one WebSocket connection, every phase timed by doing each step itself (DNS,
//! TCP, TLS, HTTP upgrade, first message), then the session until it ends — and a report that
//! says what happened and why.

mod report;
mod session;
mod transport;

use std::time::{Duration, Instant};

use regex::Regex;

use super::Address;
use super::close::ClosedBy;
#[cfg(test)]
pub use report::CloseReport;
pub use report::{Outcome, ProbeReport, failure, render_text};
pub(crate) use session::{broken, rule};
pub use transport::Socket;
pub use transport::{READ_BUFFER, SMALL_READ_BUFFER, open};

/// Everything the probe does, resolved from the arguments.
#[derive(Debug, Clone)]
pub struct ProbePlan {
    pub url: String,
    pub token_param: String,
    pub secrets: Vec<crate::secret::Secret>,
    pub headers: Vec<(String, String)>,
    pub subprotocol: Option<String>,
    pub send: Vec<String>,
    pub expect: Vec<Regex>,
    pub timeout: Duration,
    pub ping_interval: Option<Duration>,
    pub app_ping: Option<String>,
    pub hold: Option<Duration>,
    pub until_close: bool,
    pub show: usize,
    pub insecure: bool,
    pub connect_function: String,
    pub read_buffer: usize,
    /// Load mode: repeat the sends this often while a connection is held.
    pub every: Option<Duration>,
    /// Load mode: what answers a send (a round trip); None = the next message.
    pub reply: Option<Regex>,
    /// Load mode: send the messages this many times per connection, then close once all are
    /// answered (each round after the last is answered, or every `every`).
    pub messages: Option<u64>,
}

pub(super) fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 100_000.0).round() / 100.0
}

impl ProbePlan {
    /// Connect, wait up to 10 s for each phase, hold nothing, expect nothing: the plan every
    /// caller starts from.
    pub fn new(address: Address) -> ProbePlan {
        ProbePlan {
            url: address.url,
            token_param: address.token_param,
            secrets: address.secrets,
            headers: address.headers,
            subprotocol: None,
            send: Vec::new(),
            expect: Vec::new(),
            timeout: Duration::from_secs(10),
            ping_interval: None,
            app_ping: None,
            hold: None,
            until_close: false,
            show: 0,
            insecure: false,
            connect_function: "connect".into(),
            read_buffer: READ_BUFFER,
            every: None,
            messages: None,
            reply: None,
        }
    }
}

pub async fn run(plan: &ProbePlan) -> ProbeReport {
    let mut report = ProbeReport::new(plan);
    let Some(socket) = open(plan, &mut report).await else {
        return report;
    };
    session::run(plan, socket, &mut report).await;
    // Interrupted before the hold ended, it was not reached: the exit code (130, 143, 129)
    // says why.
    report.hold_reached = plan.hold.map(|hold| {
        report
            .close
            .as_ref()
            .is_some_and(|c| c.after_ms >= hold.as_secs_f64() * 1000.0)
    });
    report.outcome = outcome(plan, &report);
    if report.messages_received == 0 {
        report.idle_warning = Some(
            "no message arrived: an idle socket is closed by API Gateway after 10 minutes and by browsers sooner (the runbooks' \"Insufficient resources\"); generate traffic with `iops simulate --to kinesis` (runbook 000)".into(),
        );
    }
    report
}

fn outcome(plan: &ProbePlan, report: &ProbeReport) -> Outcome {
    if report.expectations.iter().any(|e| !e.matched)
        || report.protocol_violation.is_some()
        || report.hold_reached == Some(false)
    {
        return Outcome::Failed;
    }
    match &report.close {
        // We closed it ourselves, normally, after meeting every expectation.
        Some(close) if close.closed_by == ClosedBy::Client && close.code == 1000 => Outcome::Ok,
        Some(close) if close.diagnosis.normal => Outcome::Ok,
        Some(_) => Outcome::Failed,
        None if plan.until_close => Outcome::Failed,
        None => Outcome::Ok,
    }
}
