//! The connection-record check: while the probe is connected its record must appear in the
//! connections table (a `$connect` that does not write it makes API Gateway drop the socket with
//! 1005), and after it leaves the record must go (stale records make broadcasts fail with 410).

use std::collections::HashSet;
use std::time::Instant;

use aws_sdk_dynamodb::types::AttributeValue;

use super::REMOVAL_WAIT;
use crate::aws;
use crate::connections::{self, Schema};
use crate::context::Context;
use crate::doctor::{Check, CheckName, Status};
use crate::error::Result;
use crate::table::{Item, ScanSpec, scan, values};
use crate::ws::close::ClosedBy;
use crate::ws::probe::ProbeReport;

/// The probe's record, once seen.
pub struct Sighting {
    pub id: String,
    pub key: Item,
    by_marker: bool,
    after_ms: u128,
}

pub struct RecordOutcome {
    pub sighting: Option<Sighting>,
    /// New records that did not carry the marker, when more than one appeared.
    pub ambiguous: usize,
    pub removed_after_ms: Option<u128>,
}

pub struct Watcher {
    client: aws_sdk_dynamodb::Client,
    schema: Schema,
    before: HashSet<String>,
}

impl Watcher {
    /// Reads the table once, so records that appear later can be told from those already there.
    pub async fn start(ctx: &Context, table: &str) -> Result<Watcher> {
        let client = aws::dynamodb(ctx.sdk().await?);
        let schema = connections::detect(&client, table).await?;
        let before = connections::ids_and_keys(&client, &schema)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        Ok(Watcher {
            client,
            schema,
            before,
        })
    }

    /// The probe's record: one carrying the marker, else the only record new since the start.
    pub async fn look(&self, marker: &str, started: Instant) -> Result<(Option<Sighting>, usize)> {
        let spec = ScanSpec {
            table: self.schema.table().to_string(),
            segments: vec![(0, 1)],
            concurrency: 1,
            consistent_read: true,
            ..ScanSpec::default()
        };
        let (mut marked, mut new) = (None, Vec::new());
        scan::scan(&self.client, spec, |item| {
            let id = values::string(item, self.schema.id_attribute()).unwrap_or_default();
            if item.values().any(|v| contains(v, marker)) {
                marked = Some((id, connections::key_of(&self.schema, item)));
                return Ok(false);
            }
            if !self.before.contains(&id) {
                new.push((id, connections::key_of(&self.schema, item)));
            }
            Ok(true)
        })
        .await?;
        let after_ms = started.elapsed().as_millis();
        let sighting = |(id, key): (String, Item), by_marker| Sighting {
            id,
            key,
            by_marker,
            after_ms,
        };
        Ok(match (marked, new.len()) {
            (Some(found), _) => (Some(sighting(found, true)), 0),
            (None, 1) => (Some(sighting(new.remove(0), false)), 0),
            (None, n) => (None, n),
        })
    }

    pub async fn present(&self, key: &Item) -> Result<bool> {
        let got = self
            .client
            .get_item()
            .table_name(self.schema.table())
            .set_key(Some(key.clone()))
            .consistent_read(true)
            .send()
            .await
            .map_err(|e| aws::error(format!("read from {}", self.schema.table()), e))?;
        Ok(got.item().is_some())
    }
}

fn contains(value: &AttributeValue, marker: &str) -> bool {
    match value {
        AttributeValue::S(s) => s.contains(marker),
        AttributeValue::Ss(list) => list.iter().any(|s| s.contains(marker)),
        AttributeValue::L(list) => list.iter().any(|v| contains(v, marker)),
        AttributeValue::M(map) => map.values().any(|v| contains(v, marker)),
        _ => false,
    }
}

/// What became of the probe the record check follows.
#[derive(Clone, Copy)]
pub enum Probed<'a> {
    /// `--skip probe`: no WebSocket was opened.
    Skipped,
    /// It could not start (not configured, a bad token_source): its check says why.
    NotRun(&'a Check),
    Ran(&'a ProbeReport),
}

/// The verdict on the probe's own record in `table` (None: not configured).
pub fn judge(
    table: Option<&str>,
    aws_blocked: Option<&str>,
    watcher: Option<&Result<Watcher>>,
    probed: Probed<'_>,
    record: Option<&Result<RecordOutcome>>,
) -> Check {
    let name = CheckName::ConnectionRecord;
    if let Some(why) = aws_blocked {
        return Check::with(name, Status::Skip, why, "fix access first");
    }
    let Some(table) = table else {
        return Check::unconfigured(name, "tables.connections");
    };
    if let Some(Err(err)) = watcher {
        return Check::from_error(name, err);
    }
    let report = match probed {
        Probed::Skipped => {
            return Check::with(
                name,
                Status::Skip,
                "the probe was skipped (--skip probe): no WebSocket was opened, so there is no record to look for",
                "leave probe in to check the connection record (it opens one WebSocket, marked as the doctor's)",
            );
        }
        Probed::NotRun(probe) => {
            return Check::with(
                name,
                Status::Skip,
                format!(
                    "the probe could not run ({}), so there is no record to look for",
                    probe.evidence
                ),
                "fix the probe first",
            );
        }
        Probed::Ran(report) if !report.connected => {
            return Check::with(
                name,
                Status::Skip,
                "the probe did not connect, so there is no record to look for",
                "fix the probe first",
            );
        }
        Probed::Ran(report) => report,
    };
    let outcome = match record {
        Some(Ok(outcome)) => outcome,
        Some(Err(err)) => return Check::from_error(name, err),
        None => return Check::with(name, Status::Skip, "not watched", "iops connections list"),
    };
    let Some(sighting) = &outcome.sighting else {
        let closed = report
            .close
            .as_ref()
            .filter(|c| c.closed_by != ClosedBy::Client)
            .map(|c| format!(" (and the server closed it with {})", c.code))
            .unwrap_or_default();
        let ambiguous = if outcome.ambiguous > 1 {
            format!(
                "; {} other new records appeared, none carrying the probe's marker",
                outcome.ambiguous
            )
        } else {
            String::new()
        };
        return Check::with(
            name,
            Status::Fail,
            format!(
                "no record for the probe appeared in {table} while it was connected{closed}{ambiguous}: $connect is not writing the connection record, which makes API Gateway drop the socket with 1005 (runbook 003)"
            ),
            "iops logs tail connect --since 5m --grep error -i",
        );
    };
    let how = if sighting.by_marker {
        "carrying the probe's marker"
    } else {
        "the only new record"
    };
    match outcome.removed_after_ms {
        Some(ms) => Check::pass(
            name,
            format!(
                "record {} ({how}) appeared in {table} within {} ms and was removed {ms} ms after the probe disconnected",
                sighting.id, sighting.after_ms
            ),
        ),
        None => Check::with(
            name,
            Status::Fail,
            format!(
                "record {} ({how}) appeared in {table} but was still there {} s after the probe disconnected: $disconnect is not deleting it (stale records make broadcasts fail with 410 Gone)",
                sighting.id,
                REMOVAL_WAIT.as_secs()
            ),
            "iops logs tail disconnect --since 5m; iops connections prune --yes",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ws::probe::{ProbePlan, ProbeReport};
    use crate::ws::{Address, TokenPlace};

    fn report(connected: bool) -> ProbeReport {
        let address = Address::new(
            "ws://127.0.0.1:1",
            Vec::new(),
            None,
            TokenPlace::Query("t"),
            None,
        )
        .unwrap();
        let mut report = ProbeReport::new(&ProbePlan::new(address));
        report.connected = connected;
        report
    }

    fn outcome(seen: bool, removed: Option<u128>) -> Result<RecordOutcome> {
        Ok(RecordOutcome {
            sighting: seen.then(|| Sighting {
                id: "abc=".into(),
                key: Item::new(),
                by_marker: true,
                after_ms: 40,
            }),
            ambiguous: 0,
            removed_after_ms: removed,
        })
    }

    fn check(report: &ProbeReport, outcome: Result<RecordOutcome>) -> Check {
        judge(
            Some("Conns"),
            None,
            None,
            Probed::Ran(report),
            Some(&outcome),
        )
    }

    #[test]
    fn a_record_that_comes_and_goes_passes() {
        let check = check(&report(true), outcome(true, Some(300)));
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "record abc= (carrying the probe's marker) appeared in Conns within 40 ms and was removed 300 ms after the probe disconnected"
        );
    }

    #[test]
    fn no_record_is_the_1005_cause_and_a_stale_one_the_410_cause() {
        let missing = check(&report(true), outcome(false, None));
        assert_eq!(missing.status, Status::Fail);
        assert!(missing.evidence.contains("1005"));
        let stale = check(&report(true), outcome(true, None));
        assert_eq!(stale.status, Status::Fail);
        assert!(stale.evidence.contains("410 Gone"));
    }

    #[test]
    fn nothing_to_look_for_is_a_skip_not_a_failure() {
        let check = check(&report(false), outcome(false, None));
        assert_eq!(check.status, Status::Skip);
        assert!(check.evidence.starts_with("the probe did not connect"));
        let unconfigured = judge(None, None, None, Probed::Ran(&report(true)), None);
        assert_eq!(
            unconfigured.evidence,
            Check::unconfigured(CheckName::ConnectionRecord, "tables.connections").evidence
        );
    }

    #[test]
    fn a_skipped_or_unstarted_probe_is_named_not_called_a_failed_connection() {
        let skipped = judge(Some("Conns"), None, None, Probed::Skipped, None);
        assert_eq!(skipped.status, Status::Skip);
        assert!(
            skipped
                .evidence
                .starts_with("the probe was skipped (--skip probe)"),
            "{}",
            skipped.evidence
        );
        let unplanned = Check::unconfigured(CheckName::Probe, "websocket_url");
        let not_run = judge(Some("Conns"), None, None, Probed::NotRun(&unplanned), None);
        assert_eq!(not_run.status, Status::Skip);
        assert!(
            not_run
                .evidence
                .starts_with("the probe could not run (not configured: websocket_url not set)"),
            "{}",
            not_run.evidence
        );
    }
}
