//! Load mode, `iops ws probe URL --connections N --rate R --hold D`: N connections opened at R
//! new connections per second, held, and reported — connect latency percentiles (HDR histogram),
//! peak simultaneously open, handshake statuses, close codes, messages, failures by cause.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::percentile::{Method, Samples};
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::probe::{self, ProbePlan, ProbeReport};
use crate::interrupt;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadReport {
    pub url: String,
    pub requested: u64,
    /// Connections started before the run ended (fewer than requested when interrupted).
    pub attempted: u64,
    pub connected: u64,
    pub failed: u64,
    pub held_peak: u64,
    pub target_rate: f64,
    pub achieved_rate: f64,
    pub connect_ms: Percentiles,
    pub handshake_statuses: BTreeMap<u16, u64>,
    pub close_codes: BTreeMap<u16, u64>,
    pub messages_received: u64,
    /// What the connections sent and received (`--send`, `--every`, `--expect`, `--reply`).
    pub messages: MessageCounts,
    /// From a send to the message that answers it (`--reply`, default the next one), exact.
    pub round_trip_ms: RoundTrips,
    /// Messages that answered no send (broadcasts), per connection: who was left out.
    pub broadcasts_per_connection: Spread,
    pub failures: BTreeMap<String, u64>,
    pub elapsed_ms: f64,
    pub interrupted: bool,
    /// What `iops ws merge` needs to combine runs exactly: every connect time and round trip (µs)
    /// and each connection's broadcast count, sorted and delta-encoded. Null past ten million
    /// samples (then the percentiles are HDR estimates and cannot be merged exactly).
    pub samples: Option<LoadSamples>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LoadSamples {
    pub connect_us: Vec<u64>,
    pub round_trip_us: Vec<u64>,
    pub broadcasts: Vec<u64>,
}

/// Sorted values as the first, then each difference from the one before: small numbers, short JSON.
fn delta_encode(sorted: &[u64]) -> Vec<u64> {
    let mut previous = 0;
    sorted
        .iter()
        .map(|&v| {
            let delta = v - previous;
            previous = v;
            delta
        })
        .collect()
}

fn delta_decode(deltas: &[u64]) -> Vec<u64> {
    let mut total = 0u64;
    deltas
        .iter()
        .map(|&d| {
            total = total.saturating_add(d);
            total
        })
        .collect()
}

/// Microsecond samples up to 10 minutes.
fn new_samples() -> Samples {
    Samples::new(600_000_000)
}

fn samples_of(values: &[u64]) -> Samples {
    let mut samples = new_samples();
    values.iter().for_each(|&v| samples.record(v));
    samples
}

/// Nearest-rank figures of microsecond samples, in milliseconds.
fn figures(samples: &mut Samples) -> (Percentiles, RoundTrips) {
    let ms = |micros: Option<u64>| micros.map(|m| (m as f64 / 10.0).round() / 100.0);
    let [p50, p95, p99] = samples.quantiles([0.50, 0.95, 0.99]);
    (
        Percentiles {
            p50: ms(p50),
            p95: ms(p95),
            p99: ms(p99),
            max: ms(samples.max()),
            method: samples.method(),
        },
        RoundTrips {
            count: samples.count(),
            p50: ms(p50),
            p95: ms(p95),
            p99: ms(p99),
            max: ms(samples.max()),
        },
    )
}

/// Several runs' reports (one per host, say) as if one run made them: counts added, rates and
/// peaks summed (the hosts ran at once), percentiles exact over the union of the samples.
pub fn merge(reports: Vec<LoadReport>) -> Result<LoadReport, String> {
    let Some(first) = reports.first() else {
        return Err("no report to merge".into());
    };
    let mut union = LoadSamples::default();
    for (i, report) in reports.iter().enumerate() {
        let samples = report.samples.as_ref().ok_or_else(|| {
            format!("report {} has no samples (over ten million, or not from `ws probe --connections N -o json`)", i + 1)
        })?;
        union.connect_us.extend(delta_decode(&samples.connect_us));
        union
            .round_trip_us
            .extend(delta_decode(&samples.round_trip_us));
        union.broadcasts.extend(delta_decode(&samples.broadcasts));
    }
    union.connect_us.sort_unstable();
    union.round_trip_us.sort_unstable();
    union.broadcasts.sort_unstable();
    let add_maps = |pick: fn(&LoadReport) -> &BTreeMap<u16, u64>| {
        let mut total = BTreeMap::new();
        for report in &reports {
            for (key, count) in pick(report) {
                *total.entry(*key).or_default() += count;
            }
        }
        total
    };
    let mut failures = BTreeMap::new();
    for report in &reports {
        for (cause, count) in &report.failures {
            *failures.entry(cause.clone()).or_default() += count;
        }
    }
    let sum = |pick: fn(&LoadReport) -> u64| reports.iter().map(pick).sum::<u64>();
    let (connect_ms, _) = figures(&mut samples_of(&union.connect_us));
    let (_, round_trip_ms) = figures(&mut samples_of(&union.round_trip_us));
    let same_url = reports.iter().all(|r| r.url == first.url);
    Ok(LoadReport {
        url: if same_url {
            first.url.clone()
        } else {
            format!("{} and {} more", first.url, reports.len() - 1)
        },
        requested: sum(|r| r.requested),
        attempted: sum(|r| r.attempted),
        connected: sum(|r| r.connected),
        failed: sum(|r| r.failed),
        held_peak: sum(|r| r.held_peak),
        target_rate: reports.iter().map(|r| r.target_rate).sum(),
        achieved_rate: (reports.iter().map(|r| r.achieved_rate).sum::<f64>() * 10.0).round() / 10.0,
        connect_ms,
        handshake_statuses: add_maps(|r| &r.handshake_statuses),
        close_codes: add_maps(|r| &r.close_codes),
        messages_received: sum(|r| r.messages_received),
        messages: MessageCounts {
            sent: sum(|r| r.messages.sent),
            received: sum(|r| r.messages.received),
            matched: sum(|r| r.messages.matched),
            expectations_failed: sum(|r| r.messages.expectations_failed),
        },
        round_trip_ms,
        broadcasts_per_connection: Spread::of(union.broadcasts.clone()),
        failures,
        elapsed_ms: reports.iter().map(|r| r.elapsed_ms).fold(0.0, f64::max),
        interrupted: reports.iter().any(|r| r.interrupted),
        samples: Some(LoadSamples {
            connect_us: delta_encode(&union.connect_us),
            round_trip_us: delta_encode(&union.round_trip_us),
            broadcasts: delta_encode(&union.broadcasts),
        }),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
    pub max: Option<f64>,
    /// `exact` (nearest rank) or `hdr` (over ten million connections).
    pub method: Method,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MessageCounts {
    pub sent: u64,
    pub received: u64,
    pub matched: u64,
    pub expectations_failed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct RoundTrips {
    pub count: u64,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Spread {
    pub min: Option<u64>,
    pub median: Option<u64>,
    pub max: Option<u64>,
}

impl Spread {
    fn of(mut values: Vec<u64>) -> Spread {
        values.sort_unstable();
        Spread {
            min: values.first().copied(),
            median: values.get(values.len().saturating_sub(1) / 2).copied(),
            max: values.last().copied(),
        }
    }
}

#[derive(Default)]
struct Shared {
    round_trips: Mutex<Option<Samples>>,
    broadcasts: Mutex<Vec<u64>>,
    sent: AtomicU64,
    matched: AtomicU64,
    expectations_failed: AtomicU64,
    latencies: Mutex<Option<Samples>>,
    statuses: Mutex<BTreeMap<u16, u64>>,
    closes: Mutex<BTreeMap<u16, u64>>,
    failures: Mutex<BTreeMap<String, u64>>,
    open: AtomicU64,
    peak: AtomicU64,
    connected: AtomicU64,
    messages: AtomicU64,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    *map.lock().expect("stats lock").entry(key).or_default() += 1;
}

/// The cause of a failed connection, short enough to count: `HTTP 429`, `TCP connect … refused`.
fn cause(report: &ProbeReport) -> String {
    if let Some(h) = &report.handshake {
        return format!("HTTP {}", h.status);
    }
    let error = report.error.clone().unwrap_or_else(|| "unknown".into());
    // Drop addresses and ports so identical causes count together.
    error
        .split(" to ")
        .next()
        .unwrap_or(&error)
        .split(" of ")
        .next()
        .unwrap_or(&error)
        .to_string()
}

pub async fn run(
    plan: &ProbePlan,
    connections: u64,
    pace: &super::ramp::Pace,
    hold: Duration,
    concurrency: Option<usize>,
    progress: &indicatif::ProgressBar,
) -> LoadReport {
    // At most `concurrency` connections in flight (opening or held): a closed-loop load like a
    // pool of clients; without it, connections open at the rate whatever is still open.
    let permits = Arc::new(tokio::sync::Semaphore::new(
        concurrency.unwrap_or(tokio::sync::Semaphore::MAX_PERMITS),
    ));
    let shared = Arc::new(Shared::default());
    // Microseconds, up to 10 minutes.
    *shared.latencies.lock().expect("stats lock") = Some(new_samples());
    *shared.round_trips.lock().expect("stats lock") = Some(new_samples());
    let plan = Arc::new(plan.clone());
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let mut interrupted = false;
    let mut attempted = 0u64;
    for i in 0..connections {
        let Some(offset) = pace.due(i) else { break };
        let due = started + offset;
        tokio::select! {
            () = tokio::time::sleep_until(due.into()) => {}
            () = interrupt::wait() => { interrupted = true; break; }
        }
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("semaphore never closed"),
            () = interrupt::wait() => { interrupted = true; break; }
        };
        let (plan, shared) = (plan.clone(), shared.clone());
        tasks.spawn(async move {
            one(&plan, &shared, hold, i).await;
            drop(permit);
        });
        attempted = i + 1;
        progress.set_position(attempted);
    }
    let opened_by = started.elapsed();
    while tasks.join_next().await.is_some() {}
    let requested = connections;
    let connected = shared.connected.load(Ordering::Relaxed);
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
    let received = shared.messages.load(Ordering::Relaxed);
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
        url: probe::ProbeReport::new(&plan).url,
        messages: MessageCounts {
            sent: shared.sent.load(Ordering::Relaxed),
            received,
            matched: shared.matched.load(Ordering::Relaxed),
            expectations_failed: shared.expectations_failed.load(Ordering::Relaxed),
        },
        round_trip_ms,
        broadcasts_per_connection: Spread::of(broadcasts),
        samples,
        requested,
        connected,
        attempted,
        failed: attempted.saturating_sub(connected),
        held_peak: shared.peak.load(Ordering::Relaxed),
        target_rate: pace.peak(),
        achieved_rate: ((attempted as f64 / opened_by.as_secs_f64().max(1e-9)) * 10.0).round()
            / 10.0,
        connect_ms,
        handshake_statuses: shared.statuses.lock().expect("stats lock").clone(),
        close_codes: shared.closes.lock().expect("stats lock").clone(),
        messages_received: shared.messages.load(Ordering::Relaxed),
        failures: shared.failures.lock().expect("stats lock").clone(),
        elapsed_ms: (started.elapsed().as_secs_f64() * 1000.0).round(),
        interrupted,
    }
}

/// `{conn}`, `{seq}` and `{ts_ms}` in a message to send.
fn fill(template: &str, conn: u64, seq: u64) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let ts_ms = jiff::Timestamp::now().as_millisecond();
    template
        .replace("{conn}", &conn.to_string())
        .replace("{seq}", &seq.to_string())
        .replace("{ts_ms}", &ts_ms.to_string())
}

async fn one(plan: &ProbePlan, shared: &Shared, hold: Duration, conn: u64) {
    let mut report = ProbeReport::new(plan);
    let started = Instant::now();
    let Some(socket) = probe::open(plan, &mut report).await else {
        if let Some(h) = &report.handshake {
            bump(&shared.statuses, h.status);
        }
        bump(&shared.failures, cause(&report));
        return;
    };
    let latency = started.elapsed().as_micros() as u64;
    if let Some(samples) = shared.latencies.lock().expect("stats lock").as_mut() {
        samples.record(latency);
    }
    bump(&shared.statuses, 101);
    shared.connected.fetch_add(1, Ordering::Relaxed);
    let open = shared.open.fetch_add(1, Ordering::Relaxed) + 1;
    shared.peak.fetch_max(open, Ordering::Relaxed);
    let (mut sink, mut stream) = socket.split();
    let until = tokio::time::Instant::now() + hold;
    let mut closed_by_server = None;
    // Sends not answered yet, oldest first; messages answering none are broadcasts.
    let mut waiting: std::collections::VecDeque<Instant> = Default::default();
    let (mut seq, mut broadcasts, mut next_expectation) = (0u64, 0u64, 0usize);
    let never = Duration::from_secs(86_400 * 365);
    let every = plan.every.unwrap_or(never);
    let mut resend = tokio::time::interval_at(tokio::time::Instant::now(), every);
    // Rounds of the --send messages still to send: one, --messages, or (with --every alone) as
    // many as the hold allows. Without --every, a --messages round goes once the last is answered.
    let mut rounds_left = match (plan.send.is_empty(), plan.messages, plan.every) {
        (true, _, _) => 0,
        (false, Some(rounds), _) => rounds,
        (false, None, Some(_)) => u64::MAX,
        (false, None, None) => 1,
    };
    let answered_in_turn = plan.messages.is_some() && plan.every.is_none();
    loop {
        tokio::select! {
            message = stream.next() => match message {
                Some(Ok(Message::Close(frame))) => {
                    closed_by_server = Some(frame.map_or(1005, |f| u16::from(f.code)));
                    break;
                }
                Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => {
                    shared.messages.fetch_add(1, Ordering::Relaxed);
                    let text = message.to_text().unwrap_or_default();
                    if let Some(pattern) = plan.expect.get(next_expectation)
                        && pattern.is_match(text)
                    {
                        next_expectation += 1;
                    }
                    let answers = plan.reply.as_ref().is_none_or(|r| r.is_match(text));
                    match waiting.front() {
                        Some(sent) if answers => {
                            let trip = sent.elapsed().as_micros() as u64;
                            waiting.pop_front();
                            shared.matched.fetch_add(1, Ordering::Relaxed);
                            if let Some(samples) = shared.round_trips.lock().expect("stats lock").as_mut() {
                                samples.record(trip);
                            }
                        }
                        _ => broadcasts += 1,
                    }
                    if plan.messages.is_some() && waiting.is_empty() {
                        if rounds_left == 0 {
                            break;
                        }
                        if answered_in_turn {
                            rounds_left -= 1;
                            if !send_round(&mut sink, plan, shared, conn, &mut seq, &mut waiting).await {
                                break;
                            }
                        }
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => { closed_by_server = Some(1006); break; }
            },
            _ = resend.tick(), if rounds_left > 0 && (!answered_in_turn || seq == 0) => {
                rounds_left -= 1;
                if !send_round(&mut sink, plan, shared, conn, &mut seq, &mut waiting).await {
                    break;
                }
            }
            () = tokio::time::sleep_until(until) => break,
            () = interrupt::wait() => break,
        }
    }
    shared.open.fetch_sub(1, Ordering::Relaxed);
    if next_expectation < plan.expect.len() {
        shared.expectations_failed.fetch_add(1, Ordering::Relaxed);
    }
    shared
        .broadcasts
        .lock()
        .expect("stats lock")
        .push(broadcasts);
    match closed_by_server {
        Some(code) => bump(&shared.closes, code),
        None => {
            let frame = CloseFrame {
                code: CloseCode::Normal,
                reason: "".into(),
            };
            let _ = sink.send(Message::Close(Some(frame))).await;
            bump(&shared.closes, 1000);
        }
    }
}

/// Sends one round of the --send messages, each awaiting its answer; false once the connection
/// cannot take them.
async fn send_round(
    sink: &mut futures_util::stream::SplitSink<probe::Socket, Message>,
    plan: &ProbePlan,
    shared: &Shared,
    conn: u64,
    seq: &mut u64,
    waiting: &mut std::collections::VecDeque<Instant>,
) -> bool {
    for template in &plan.send {
        *seq += 1;
        waiting.push_back(Instant::now());
        if sink
            .send(Message::text(fill(template, conn, *seq)))
            .await
            .is_err()
        {
            return false;
        }
        shared.sent.fetch_add(1, Ordering::Relaxed);
    }
    true
}

/// `101 × 998, 429 × 2`, or `none`.
fn counts<K: std::fmt::Display, V: std::fmt::Display>(
    map: &std::collections::BTreeMap<K, V>,
) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(key, count)| format!("{key} × {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn render_text(report: &LoadReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let p = &report.connect_ms;
    let show = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"));
    writeln!(out, "load {}", report.url)?;
    writeln!(
        out,
        "  connections: {} requested, {} attempted, {} connected, {} failed, {} held at once (peak){}",
        report.requested,
        report.attempted,
        report.connected,
        report.failed,
        report.held_peak,
        if report.interrupted {
            "; interrupted before the rest were attempted"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "  rate: {:.1}/s achieved of {:.1}/s requested; elapsed {:.0} ms",
        report.achieved_rate, report.target_rate, report.elapsed_ms
    )?;
    writeln!(
        out,
        "  connect ms ({}): p50 {} p95 {} p99 {} max {}",
        p.method.name(),
        show(p.p50),
        show(p.p95),
        show(p.p99),
        show(p.max)
    )?;
    writeln!(
        out,
        "  handshake statuses: {}",
        counts(&report.handshake_statuses)
    )?;
    writeln!(out, "  close codes: {}", counts(&report.close_codes))?;
    let m = &report.messages;
    writeln!(
        out,
        "  messages: {} sent, {} received, {} answered a send, {} connections missed an expectation",
        m.sent, m.received, m.matched, m.expectations_failed
    )?;
    let t = &report.round_trip_ms;
    if t.count > 0 {
        writeln!(
            out,
            "  round trip ms (exact, {}): p50 {} p95 {} p99 {} max {}",
            t.count,
            show(t.p50),
            show(t.p95),
            show(t.p99),
            show(t.max)
        )?;
    }
    let b = &report.broadcasts_per_connection;
    if b.max.is_some_and(|max| max > 0) {
        let n = |v: Option<u64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
        writeln!(
            out,
            "  broadcasts per connection: min {} median {} max {}",
            n(b.min),
            n(b.median),
            n(b.max)
        )?;
    }
    for (cause, count) in &report.failures {
        writeln!(out, "  failed {count}x: {}", crate::output::visible(cause))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(connect: &[u64], trips: &[u64], broadcasts: &[u64]) -> LoadReport {
        let sorted = |v: &[u64]| {
            let mut v = v.to_vec();
            v.sort_unstable();
            v
        };
        let (connect_ms, _) = figures(&mut samples_of(connect));
        let (_, round_trip_ms) = figures(&mut samples_of(trips));
        LoadReport {
            url: "ws://x".into(),
            requested: connect.len() as u64,
            attempted: connect.len() as u64,
            connected: connect.len() as u64,
            failed: 0,
            held_peak: connect.len() as u64,
            target_rate: 10.0,
            achieved_rate: 10.0,
            connect_ms,
            handshake_statuses: BTreeMap::from([(101, connect.len() as u64)]),
            close_codes: BTreeMap::new(),
            messages_received: trips.len() as u64,
            messages: MessageCounts::default(),
            round_trip_ms,
            broadcasts_per_connection: Spread::of(broadcasts.to_vec()),
            failures: BTreeMap::new(),
            elapsed_ms: 1000.0,
            interrupted: false,
            samples: Some(LoadSamples {
                connect_us: delta_encode(&sorted(connect)),
                round_trip_us: delta_encode(&sorted(trips)),
                broadcasts: delta_encode(&sorted(broadcasts)),
            }),
        }
    }

    proptest::proptest! {
        /// Two runs merged are one run over the same samples: exact percentiles, added counts.
        #[test]
        fn merging_two_runs_equals_one_run_over_their_union(
            connect in proptest::collection::vec(0u64..5_000_000, 1..200),
            trips in proptest::collection::vec(0u64..5_000_000, 0..200),
            broadcasts in proptest::collection::vec(0u64..50, 1..200),
            cut in 0.0f64..1.0,
        ) {
            let at = |v: &Vec<u64>| ((v.len() as f64 * cut) as usize).min(v.len());
            let (c1, c2) = connect.split_at(at(&connect));
            let (t1, t2) = trips.split_at(at(&trips));
            let (b1, b2) = broadcasts.split_at(at(&broadcasts));
            let merged = merge(vec![report(c1, t1, b1), report(c2, t2, b2)]).unwrap();
            let whole = report(&connect, &trips, &broadcasts);
            proptest::prop_assert_eq!(merged.connected, whole.connected);
            proptest::prop_assert_eq!(&merged.handshake_statuses, &whole.handshake_statuses);
            let json = |v: &dyn erased::Json| v.json();
            proptest::prop_assert_eq!(json(&merged.connect_ms), json(&whole.connect_ms));
            proptest::prop_assert_eq!(json(&merged.round_trip_ms), json(&whole.round_trip_ms));
            proptest::prop_assert_eq!(json(&merged.broadcasts_per_connection), json(&whole.broadcasts_per_connection));
        }
    }

    mod erased {
        pub trait Json {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    #[test]
    fn deltas_round_trip_and_a_report_without_samples_is_refused() {
        let values = vec![3, 3, 7, 100];
        assert_eq!(delta_encode(&values), [3, 0, 4, 93]);
        assert_eq!(delta_decode(&delta_encode(&values)), values);
        let mut no_samples = report(&[1], &[], &[0]);
        no_samples.samples = None;
        assert!(merge(vec![no_samples]).unwrap_err().contains("no samples"));
        assert!(merge(Vec::new()).is_err());
    }
}
