//! Load mode, `iops ws probe URL --connections N --rate R --hold D`: N connections opened at R
//! new connections per second, held, and reported — connect latency percentiles (HDR histogram),
//! peak simultaneously open, handshake statuses, close codes, messages, failures by cause, and a
//! verdict by the single probe's rule.

mod connection;
mod replies;
pub mod report;
pub mod timeline;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use replies::ReplyIds;
pub use report::{LoadReport, judge, merge, render_text};
use report::{LoadSamples, MessageCounts, Spread, delta_encode, figures, new_samples};

use super::probe::{self, ProbePlan, ProbeReport};
use super::ramp::Pace;
use super::shard::{Shard, ShardTag};
use crate::interrupt;
use crate::percentile::Samples;

/// The run's counts, added to by every connection.
#[derive(Default)]
struct Shared {
    round_trips: Mutex<Option<Samples>>,
    broadcasts: Mutex<Vec<u64>>,
    sent: AtomicU64,
    matched: AtomicU64,
    unanswered: AtomicU64,
    expectations_failed: AtomicU64,
    latencies: Mutex<Option<Samples>>,
    statuses: Mutex<BTreeMap<u16, u64>>,
    closes: Mutex<BTreeMap<u16, u64>>,
    cut_short: AtomicU64,
    cut_short_codes: Mutex<BTreeMap<u16, u64>>,
    violations: Mutex<BTreeMap<String, u64>>,
    failures: Mutex<BTreeMap<String, u64>>,
    open: AtomicU64,
    peak: AtomicU64,
    connected: AtomicU64,
    messages: AtomicU64,
    /// The run second by second, from `timeline.started()`.
    timeline: timeline::Recorder,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    *map.lock().expect("stats lock").entry(key).or_default() += 1;
}

/// The cause of a failed connection, short enough to count and exact enough to act on:
/// `HTTP 429`, `TCP connect failed: Connection refused (os error 111)`, `TCP connect timed out`.
fn cause(report: &ProbeReport) -> String {
    if let Some(h) = &report.handshake {
        return format!("HTTP {}", h.status);
    }
    let error = report.error.clone().unwrap_or_else(|| "unknown".into());
    without_address(&error)
}

/// The address left out (`TCP connect to 10.0.0.1:443 failed: …` → `TCP connect failed: …`) so
/// that the same cause on different addresses counts once.
fn without_address(error: &str) -> String {
    for (lead, joint) in [("TCP connect", " to "), ("DNS lookup", " of ")] {
        if let Some(rest) = error.strip_prefix(lead)
            && let Some(rest) = rest.strip_prefix(joint)
        {
            let tail = rest.split_once(' ').map_or("", |(_, tail)| tail);
            return format!("{lead} {tail}").trim_end().to_string();
        }
    }
    error.to_string()
}

/// What a load run is asked to do.
pub struct Load<'a> {
    pub plan: &'a ProbePlan,
    pub connections: u64,
    pub pace: &'a Pace,
    pub hold: Duration,
    /// The whole plan's `--concurrency`; a shard holds its share ([`Load::permits`]).
    pub concurrency: Option<usize>,
    /// This process's share of the plan (`--shard K/N`): every N-th arrival, numbered in the
    /// plan's blocks; `connections` is then the whole plan's.
    pub shard: Option<Shard>,
}

impl Load<'_> {
    /// The connections this process opens.
    fn owned(&self) -> u64 {
        self.shard
            .map_or(self.connections, |s| s.owned(self.connections))
    }

    /// The plan's index of this process's `nth` connection: when it is due.
    fn arrival(&self, nth: u64) -> u64 {
        self.shard.map_or(nth, |s| s.arrival(nth))
    }

    /// The plan every shard runs a share of, as its reports name it.
    fn tag(&self, url: &str) -> Option<ShardTag> {
        let shard = self.shard?;
        let pace = match self.pace {
            Pace::Rate(rate) => format!("{rate} per second"),
            Pace::Ramp(phases) => phases
                .iter()
                .map(|(length, rate)| {
                    format!("{}:{rate}", crate::timespec::format_duration(*length))
                })
                .collect::<Vec<_>>()
                .join(","),
        };
        Some(ShardTag {
            index: shard.index,
            count: shard.count,
            plan: format!(
                "{url}, {} connections, {pace}, hold {}{}",
                self.connections,
                crate::timespec::format_duration(self.hold),
                self.options()
            ),
        })
    }
}

impl Load<'_> {
    /// What else makes the plan, for the shard tag: shards that sent other messages, paced
    /// them otherwise or expected other replies ran different plans. The messages are named by a
    /// digest (they may carry a credential); the rest as given.
    fn options(&self) -> String {
        let plan = self.plan;
        let mut parts = Vec::new();
        if let Some(concurrency) = self.concurrency {
            parts.push(format!("at most {concurrency} open"));
        }
        if !plan.send.is_empty() {
            let digest = super::shard::digest(plan.send.iter().map(String::as_str));
            parts.push(format!("{} sends #{digest}", plan.send.len()));
        }
        if let Some(every) = plan.every {
            parts.push(format!("every {}", crate::timespec::format_duration(every)));
        }
        if let Some(messages) = plan.messages {
            parts.push(format!("{messages} rounds"));
        }
        if let Some(reply) = &plan.reply {
            parts.push(format!("reply /{reply}/"));
        }
        for expect in &plan.expect {
            parts.push(format!("expect /{expect}/"));
        }
        if !plan.expect.is_empty() {
            parts.push(format!(
                "timeout {}",
                crate::timespec::format_duration(plan.timeout)
            ));
        }
        if let Some(subprotocol) = &plan.subprotocol {
            parts.push(format!("subprotocol {subprotocol}"));
        }
        parts.iter().map(|p| format!(", {p}")).collect()
    }

    /// The connections this process may hold at once: its share of `--concurrency`, so the N
    /// shards together hold what one run would.
    fn permits(&self) -> usize {
        match (self.concurrency, self.shard) {
            (Some(whole), Some(shard)) => shard.owned(whole as u64) as usize,
            (Some(whole), None) => whole,
            (None, _) => tokio::sync::Semaphore::MAX_PERMITS,
        }
    }
}

pub async fn run(load: &Load<'_>, progress: &indicatif::ProgressBar) -> LoadReport {
    // At most this process's share of `concurrency` in flight (opening or held): a closed-loop
    // load like a pool of clients; without it, connections open at the rate whatever is still open.
    let permits = Arc::new(tokio::sync::Semaphore::new(load.permits()));
    let shared = Arc::new(Shared::default());
    // Microseconds, up to 10 minutes.
    *shared.latencies.lock().expect("stats lock") = Some(new_samples());
    *shared.round_trips.lock().expect("stats lock") = Some(new_samples());
    let plan = Arc::new(load.plan.clone());
    let ids = Arc::new(ReplyIds::new(&plan.send, plan.reply.as_ref()));
    let hold = load.hold;
    let started = shared.timeline.started();
    let mut tasks = tokio::task::JoinSet::new();
    let mut interrupted = false;
    let (mut attempted, mut last_started) = (0u64, Duration::ZERO);
    let first_number = load.shard.map_or(0, |s| s.first_number(load.connections));
    for nth in 0..load.owned() {
        let Some(offset) = load.pace.due(load.arrival(nth)) else {
            break;
        };
        // {conn}: the plan's number of this connection.
        let i = first_number + nth;
        let due = started + offset;
        tokio::select! {
            () = tokio::time::sleep_until(due.into()) => {}
            () = interrupt::wait() => { interrupted = true; break; }
        }
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("semaphore never closed"),
            () = interrupt::wait() => { interrupted = true; break; }
        };
        let (plan, ids, shared) = (plan.clone(), ids.clone(), shared.clone());
        shared.timeline.opened();
        // How far behind its schedule this connection started.
        last_started = started.elapsed().saturating_sub(offset);
        tasks.spawn(async move {
            let orders = connection::Orders {
                plan: &plan,
                ids: ids.as_ref().as_ref(),
                hold,
                conn: i,
            };
            connection::one(&orders, &shared).await;
            drop(permit);
        });
        attempted = nth + 1;
        progress.set_position(attempted);
    }
    while tasks.join_next().await.is_some() {}
    let mut report = collect(&shared, load, &plan);
    report.attempted = attempted;
    report.failed = attempted.saturating_sub(report.connected);
    report.achieved_rate = achieved_rate(load, attempted, last_started);
    report.shard = load.tag(&report.url);
    report.started_at_ms =
        Some(jiff::Timestamp::now().as_millisecond() - started.elapsed().as_millis() as i64);
    report.elapsed_ms = (started.elapsed().as_secs_f64() * 1000.0).round();
    // A signal after the last connection started ends each held one early: still interrupted.
    report.interrupted = interrupted || interrupt::requested();
    report.verdict = judge(&report);
    report
}

/// Connections started per second over the span the plan scheduled them in (from its start to
/// the next one's due time, or the ramp's end), stretched by how far behind schedule the last one
/// started: a run on schedule achieves exactly the rate asked for, however few connections it
/// has. `arrival` maps this process's n-th connection to the plan's (a shard opens every N-th);
/// a shard that opened all it owns counts over the whole plan's span, so the N shards' rates add
/// up to the single run's, ramps included.
fn achieved_rate(load: &Load<'_>, attempted: u64, lag_of_last: Duration) -> f64 {
    if attempted == 0 {
        return 0.0;
    }
    let pace = load.pace;
    let first = pace.due(0).unwrap_or_default();
    let next = if attempted >= load.owned() {
        load.connections
    } else {
        load.arrival(attempted)
    };
    let span = pace
        .due(next)
        .unwrap_or_else(|| pace.length())
        .saturating_sub(first);
    let seconds = (span + lag_of_last).as_secs_f64();
    if seconds <= 0.0 {
        return 0.0;
    }
    ((attempted as f64 / seconds) * 10.0).round() / 10.0
}

/// The shared counts as a report (what the caller knows — attempts, time — is filled in there).
fn collect(shared: &Shared, load: &Load<'_>, plan: &ProbePlan) -> LoadReport {
    let lock = |m: &Mutex<BTreeMap<u16, u64>>| m.lock().expect("stats lock").clone();
    let named = |m: &Mutex<BTreeMap<String, u64>>| m.lock().expect("stats lock").clone();
    let count = |a: &AtomicU64| a.load(Ordering::Relaxed);
    let mut latencies = shared
        .latencies
        .lock()
        .expect("stats lock")
        .take()
        .expect("latencies");
    let (connect_ms, _) = figures(&mut latencies);
    let mut trips = shared
        .round_trips
        .lock()
        .expect("stats lock")
        .take()
        .expect("round trips");
    let (_, round_trip_ms) = figures(&mut trips);
    let exact = |samples: &mut Samples| {
        samples
            .exact_values()
            .map(|values| delta_encode(&values.iter().map(|&v| u64::from(v)).collect::<Vec<_>>()))
    };
    let mut broadcasts = std::mem::take(&mut *shared.broadcasts.lock().expect("stats lock"));
    broadcasts.sort_unstable();
    let samples = match (exact(&mut latencies), exact(&mut trips)) {
        (Some(connect_us), Some(round_trip_us)) => Some(LoadSamples {
            connect_us,
            round_trip_us,
            broadcasts: delta_encode(&broadcasts),
        }),
        _ => None,
    };
    LoadReport {
        url: probe::ProbeReport::new(plan).url,
        messages: MessageCounts {
            sent: count(&shared.sent),
            received: count(&shared.messages),
            matched: count(&shared.matched),
            unanswered: count(&shared.unanswered),
            expectations_failed: count(&shared.expectations_failed),
        },
        round_trip_ms,
        broadcasts_per_connection: Spread::of(broadcasts),
        samples,
        requested: load.owned(),
        connected: count(&shared.connected),
        attempted: 0,
        failed: 0,
        held_peak: count(&shared.peak),
        // A shard's share of the rate: the N shards together run the plan's.
        target_rate: load.pace.peak() / load.shard.map_or(1.0, |s| s.count as f64),
        achieved_rate: 0.0,
        connect_ms,
        handshake_statuses: lock(&shared.statuses),
        close_codes: lock(&shared.closes),
        messages_received: count(&shared.messages),
        failures: named(&shared.failures),
        cut_short: count(&shared.cut_short),
        cut_short_codes: lock(&shared.cut_short_codes),
        violations: named(&shared.violations),
        timeline: Some(shared.timeline.timeline()),
        shard: None,
        started_at_ms: None,
        start_spread_ms: None,
        merged_from: Vec::new(),
        hold_ms: load.hold.as_secs_f64() * 1000.0,
        messages_per_connection: plan.messages,
        elapsed_ms: 0.0,
        interrupted: false,
        verdict: report::Verdict::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_keep_their_reason_without_the_address() {
        assert_eq!(
            without_address(
                "TCP connect to 10.1.2.3:443 failed: Connection refused (os error 111)"
            ),
            "TCP connect failed: Connection refused (os error 111)"
        );
        assert_eq!(
            without_address("TCP connect to [::1]:9 timed out"),
            "TCP connect timed out"
        );
        assert_eq!(
            without_address("DNS lookup of nowhere.invalid failed: no such host"),
            "DNS lookup failed: no such host"
        );
        assert_eq!(
            without_address("TLS handshake failed: x"),
            "TLS handshake failed: x"
        );
    }

    /// The rate `connections` of `pace`, run whole or as `shard`, reports when each opened
    /// `attempted` connections, the last `lag` behind schedule.
    fn rate_of(
        pace: &Pace,
        connections: u64,
        shard: Option<Shard>,
        attempted: u64,
        lag: Duration,
    ) -> f64 {
        let plan = ProbePlan::new(
            crate::ws::address::Address::new(
                "ws://127.0.0.1:9/",
                Vec::new(),
                None,
                crate::ws::address::TokenPlace::Query("token"),
                None,
            )
            .unwrap(),
        );
        let load = Load {
            plan: &plan,
            connections,
            pace,
            hold: Duration::ZERO,
            concurrency: None,
            shard,
        };
        achieved_rate(&load, attempted, lag)
    }

    #[test]
    fn the_achieved_rate_is_over_the_scheduled_span() {
        // Two connections at 100/s are due at 0 and 10 ms: on schedule, 100/s — not 2 / 10 ms.
        let rate = |r: f64| Pace::Rate(r);
        assert_eq!(rate_of(&rate(100.0), 2, None, 2, Duration::ZERO), 100.0);
        // Started 1 s late: 2 over 1.02 s.
        assert_eq!(
            rate_of(&rate(100.0), 2, None, 2, Duration::from_secs(1)),
            2.0
        );
        // A 1 s ramp to 1/s opens one connection over that second.
        let ramp = super::super::ramp::parse_ramp("1s:1").unwrap();
        assert_eq!(rate_of(&ramp, 1, None, 1, Duration::ZERO), 1.0);
        assert_eq!(rate_of(&rate(5.0), 5, None, 0, Duration::ZERO), 0.0);
        // Shard 2 of 3 at 90/s: its connections are due every 1/30 s — on schedule, 30/s.
        let shard = |index| Some(Shard { index, count: 3 });
        assert_eq!(rate_of(&rate(90.0), 90, shard(2), 30, Duration::ZERO), 30.0);
        // The shards of a ramp add up to the single run's rate (each over the whole plan's span,
        // not from its own first arrival: that gave 53.0 for 50.0).
        let ramp = super::super::ramp::parse_ramp("2s:50,2s:100").unwrap();
        let total = ramp.total().unwrap();
        let whole = rate_of(&ramp, total, None, total, Duration::ZERO);
        let shards: f64 = (1..=3)
            .map(|k| {
                let owned = Shard { index: k, count: 3 }.owned(total);
                rate_of(&ramp, total, shard(k), owned, Duration::ZERO)
            })
            .sum();
        assert!((shards - whole).abs() < 0.15, "{shards} vs {whole}");
    }
}
