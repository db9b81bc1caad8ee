//! Load mode, `iops ws probe URL --connections N --rate R --hold D`: N connections opened at R
//! new connections per second, held, and reported — connect latency percentiles (HDR histogram),
//! peak simultaneously open, handshake statuses, close codes, messages, failures by cause.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::percentile::{Method, Samples};
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::probe::{self, ProbePlan, ProbeReport};
use crate::interrupt;

#[derive(Debug, Clone, Serialize)]
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
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
    pub max: Option<f64>,
    /// `exact` (nearest rank) or `hdr` (over ten million connections).
    pub method: Method,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct MessageCounts {
    pub sent: u64,
    pub received: u64,
    pub matched: u64,
    pub expectations_failed: u64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct RoundTrips {
    pub count: u64,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Default)]
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
    rate: f64,
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
    *shared.latencies.lock().expect("stats lock") = Some(Samples::new(600_000_000));
    *shared.round_trips.lock().expect("stats lock") = Some(Samples::new(600_000_000));
    let plan = Arc::new(plan.clone());
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let mut interrupted = false;
    let mut attempted = 0u64;
    for i in 0..connections {
        let due = started + crate::timespec::period(i, rate);
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
    let ms = |micros: Option<u64>| micros.map(|m| (m as f64 / 10.0).round() / 100.0);
    let [p50, p95, p99] = latencies.quantiles([0.50, 0.95, 0.99]);
    let connect_ms = Percentiles {
        p50: ms(p50),
        p95: ms(p95),
        p99: ms(p99),
        max: ms(latencies.max()),
        method: latencies.method(),
    };
    let mut trips = shared
        .round_trips
        .lock()
        .expect("stats lock")
        .take()
        .expect("round trips");
    let [t50, t95, t99] = trips.quantiles([0.50, 0.95, 0.99]);
    let round_trip_ms = RoundTrips {
        count: trips.count(),
        p50: ms(t50),
        p95: ms(t95),
        p99: ms(t99),
        max: ms(trips.max()),
    };
    let received = shared.messages.load(Ordering::Relaxed);
    LoadReport {
        url: probe::ProbeReport::new(&plan).url,
        messages: MessageCounts {
            sent: shared.sent.load(Ordering::Relaxed),
            received,
            matched: shared.matched.load(Ordering::Relaxed),
            expectations_failed: shared.expectations_failed.load(Ordering::Relaxed),
        },
        round_trip_ms,
        broadcasts_per_connection: Spread::of(std::mem::take(
            &mut *shared.broadcasts.lock().expect("stats lock"),
        )),
        requested,
        connected,
        attempted,
        failed: attempted.saturating_sub(connected),
        held_peak: shared.peak.load(Ordering::Relaxed),
        target_rate: rate,
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
    let mut sends_left = if plan.send.is_empty() {
        0
    } else if plan.every.is_some() {
        u64::MAX
    } else {
        1
    };
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
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => { closed_by_server = Some(1006); break; }
            },
            _ = resend.tick(), if sends_left > 0 => {
                sends_left -= 1;
                for template in &plan.send {
                    seq += 1;
                    waiting.push_back(Instant::now());
                    if sink.send(Message::text(fill(template, conn, seq))).await.is_err() {
                        break;
                    }
                    shared.sent.fetch_add(1, Ordering::Relaxed);
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
