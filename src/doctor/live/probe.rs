//! The probe check: one WebSocket marked as the doctor's (a unique User-Agent and `iops_probe`
//! query parameter, so its record can be told apart), held for `--wait` while the connections
//! table is watched.

use std::time::{Duration, Instant};

use super::record::{RecordOutcome, Watcher};
use super::{CONNECT_TIMEOUT, POLL, REMOVAL_WAIT};
use crate::context::Context;
use crate::doctor::routes::TokenSource;
use crate::doctor::{Check, CheckName, DoctorArgs, Status};
use crate::error::Result;
use crate::redact;
use crate::ws::close::ClosedBy;
use crate::ws::probe::{self, ProbePlan, ProbeReport};
use crate::ws::{self, Address, TokenPlace};

/// The probe, marked with the doctor's unique User-Agent and `iops_probe` query parameter so
/// its own record can be told apart from everyone else's.
pub fn plan(ctx: &Context, args: &DoctorArgs, marker: &str) -> Result<ProbePlan, Check> {
    // With an emulator for API Gateway, a stage URL made from api_id names AWS's execute-api
    // host, which the emulator does not serve: only an explicit websocket_url says where the
    // emulator's sockets are.
    if let (None, Some(api), Some(region)) = (
        ctx.settings.get("websocket_url"),
        ctx.settings.get("api_id"),
        ctx.settings.get("region"),
    ) && let Err(reason) = crate::management::execute_api_host(&ctx.settings, api, region)
    {
        return Err(Check::with(
            CheckName::Probe,
            Status::Skip,
            reason,
            "set websocket_url in iops.toml to the emulator's ws:// URL of the stage",
        ));
    }
    let base = ws::base_url(ctx, None, &crate::args::StageArg::default()).map_err(|_| {
        Check::unconfigured(CheckName::Probe, "websocket_url (or api_id and stage)")
    })?;
    let token_source = TokenSource::parse(
        ctx.settings.get("token_source").unwrap_or("query:token"),
    )
    .map_err(|e| {
        Check::with(
            CheckName::Probe,
            Status::Fail,
            e,
            "set token_source = \"query:NAME\" or \"header:NAME\" in iops.toml",
        )
    })?;
    let place = match &token_source {
        TokenSource::Query(name) => TokenPlace::Query(name),
        TokenSource::Header(name) => TokenPlace::Header(name),
    };
    let agent = format!("iops-doctor/{} ({marker})", env!("CARGO_PKG_VERSION"));
    let address = Address::new(
        &base,
        vec![("User-Agent".to_string(), agent)],
        args.token.as_ref(),
        place,
        Some(("iops_probe", marker)),
    )
    .map_err(|e| {
        Check::with(
            CheckName::Probe,
            Status::Fail,
            e,
            "fix websocket_url in iops.toml",
        )
    })?;
    Ok(ProbePlan {
        // Each connection phase (DNS, TCP, TLS, upgrade) may take this long; --wait is the hold.
        timeout: CONNECT_TIMEOUT,
        hold: Some(args.wait),
        ..ProbePlan::new(address)
    })
}

pub async fn probe_and_watch(
    plan: ProbePlan,
    watcher: Option<&Result<Watcher>>,
    marker: &str,
) -> (ProbeReport, Option<Result<RecordOutcome>>) {
    let started = Instant::now();
    let task_plan = plan.clone();
    let handle = tokio::spawn(async move { probe::run(&task_plan).await });
    let watcher = watcher.and_then(|w| w.as_ref().ok());
    let mut outcome = RecordOutcome {
        sighting: None,
        ambiguous: 0,
        removed_after_ms: None,
    };
    let mut failure = None;
    while !handle.is_finished() {
        if let (Some(w), None, None) = (watcher, &outcome.sighting, &failure) {
            match w.look(marker, started).await {
                Ok((sighting, ambiguous)) => {
                    outcome.sighting = sighting;
                    outcome.ambiguous = ambiguous;
                }
                Err(err) => failure = Some(err),
            }
        }
        tokio::time::sleep(POLL).await;
    }
    let report = match handle.await {
        Ok(report) => report,
        Err(err) => {
            return (
                failed_report(&plan, format!("the probe stopped: {err}")),
                failure.map(Err),
            );
        }
    };
    let closed = Instant::now();
    if let (Some(w), Some(sighting), None) = (watcher, &outcome.sighting, &failure) {
        while closed.elapsed() < REMOVAL_WAIT {
            match w.present(&sighting.key).await {
                Ok(false) => {
                    outcome.removed_after_ms = Some(closed.elapsed().as_millis());
                    break;
                }
                Ok(true) => tokio::time::sleep(POLL).await,
                Err(err) => {
                    failure = Some(err);
                    break;
                }
            }
        }
    }
    let record = match (watcher, failure) {
        (None, _) => None,
        (Some(_), Some(err)) => Some(Err(err)),
        (Some(_), None) => Some(Ok(outcome)),
    };
    (report, record)
}

fn failed_report(plan: &ProbePlan, error: String) -> ProbeReport {
    let mut report = ProbeReport::new(plan);
    report.error = Some(error);
    report
}

/// The verdict on the probe itself: connected, and not closed by the server while held.
pub fn judge(plan: &ProbePlan, report: &ProbeReport, wait: Duration) -> Check {
    let name = CheckName::Probe;
    let url = redact::url(&plan.url, &plan.token_param);
    if !report.connected {
        let (evidence, next) = match &report.handshake {
            Some(h) => (
                format!("upgrade refused with HTTP {}: {}", h.status, h.explanation),
                h.next.clone(),
            ),
            None => (
                format!(
                    "could not connect: {}",
                    report.error.as_deref().unwrap_or("unknown error")
                ),
                None,
            ),
        };
        let refused_without_token = plan.secrets.is_empty()
            && report
                .handshake
                .as_ref()
                .is_some_and(|h| matches!(h.status, 401 | 403));
        let next = if refused_without_token {
            "pass the token the clients use: iops doctor --token $JWT (or IOPS_TOKEN)".to_string()
        } else {
            next.unwrap_or_else(|| format!("iops ws probe '{url}' -v"))
        };
        return Check::with(name, Status::Fail, evidence, next);
    }
    let phases = &report.phases;
    let connect_ms: f64 = [
        phases.dns_ms,
        phases.tcp_ms,
        phases.tls_ms,
        phases.upgrade_ms,
    ]
    .iter()
    .flatten()
    .sum();
    let connected = format!("connected in {connect_ms:.0} ms");
    match &report.close {
        Some(close) if close.closed_by != ClosedBy::Client => {
            let status = if close.diagnosis.normal {
                Status::Warn
            } else {
                Status::Fail
            };
            Check::with(
                name,
                status,
                format!(
                    "{connected}, then the server closed it after {:.1} s with {} ({}): {}",
                    close.after_ms / 1000.0,
                    close.code,
                    close.diagnosis.name,
                    close.diagnosis.explanation
                ),
                "iops logs tail connect --since 5m",
            )
        }
        _ => Check::pass(
            name,
            format!("{connected} and held {} s", wait.as_secs_f64()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::ws::close;
    use crate::ws::probe::CloseReport;

    fn plan(token: Option<&str>) -> ProbePlan {
        let token = token.map(Secret::new);
        let address = Address::new(
            "wss://abc.execute-api.eu-west-1.amazonaws.com/prod",
            Vec::new(),
            token.as_ref(),
            TokenPlace::Query("token"),
            None,
        )
        .unwrap();
        ProbePlan::new(address)
    }

    fn connected(plan: &ProbePlan, close: Option<(u16, ClosedBy)>) -> ProbeReport {
        let mut report = ProbeReport::new(plan);
        report.connected = true;
        report.phases.tcp_ms = Some(1.0);
        report.phases.upgrade_ms = Some(2.4);
        report.close = close.map(|(code, closed_by)| CloseReport {
            code,
            reason: String::new(),
            closed_by,
            after_ms: 1500.0,
            diagnosis: close::explain(code, "", false),
        });
        report
    }

    #[test]
    fn held_until_the_client_closed_passes() {
        let plan = plan(None);
        let report = connected(&plan, Some((1000, ClosedBy::Client)));
        let check = judge(&plan, &report, Duration::from_secs(5));
        assert_eq!(check.status, Status::Pass);
        assert_eq!(check.evidence, "connected in 3 ms and held 5 s");
    }

    #[test]
    fn a_server_close_is_explained_and_abnormal_ones_fail() {
        let plan = plan(None);
        let normal = judge(
            &plan,
            &connected(&plan, Some((1001, ClosedBy::Server))),
            Duration::from_secs(5),
        );
        assert_eq!(normal.status, Status::Warn);
        let no_status = judge(
            &plan,
            &connected(&plan, Some((1005, ClosedBy::Server))),
            Duration::from_secs(5),
        );
        assert_eq!(no_status.status, Status::Fail);
        assert!(
            no_status
                .evidence
                .contains("closed it after 1.5 s with 1005")
        );
    }

    #[test]
    fn refused_without_a_token_asks_for_one_with_a_token_follows_the_diagnosis() {
        let refused = |plan: &ProbePlan| {
            let mut report = ProbeReport::new(plan);
            report.handshake = Some(crate::ws::handshake::diagnose(401, None, "connect"));
            judge(plan, &report, Duration::from_secs(5))
        };
        let bare = refused(&plan(None));
        assert_eq!(bare.status, Status::Fail);
        assert!(bare.evidence.starts_with("upgrade refused with HTTP 401"));
        assert!(bare.next.unwrap().contains("--token $JWT (or IOPS_TOKEN)"));
        let with_token = refused(&plan(Some("s3cret")));
        assert!(
            !with_token
                .next
                .as_deref()
                .unwrap_or("")
                .contains("--token $JWT")
        );
        assert!(!format!("{with_token:?}").contains("s3cret"));
    }
}
