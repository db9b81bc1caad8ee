//! The load report: what a run (or several merged) measured, its verdict, and its text form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::timeline::{self, Timeline};
use crate::percentile::{Method, Samples};

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
    /// Connections that ended before `--hold` (or before their `--messages` were answered):
    /// closed by the server, dropped, or failed on a protocol violation — or that were dropped
    /// instead of answering iops's close (1006).
    #[serde(default)]
    pub cut_short: u64,
    /// How those connections ended, by close code (1006: no close frame).
    #[serde(default)]
    pub cut_short_codes: BTreeMap<u16, u64>,
    /// Protocol violations by the server, by the rule broken (those connections failed with
    /// 1002, 1007 or 1009, as a single probe's would).
    #[serde(default)]
    pub violations: BTreeMap<String, u64>,
    /// `--hold`, in milliseconds: how long each connection was meant to stay.
    #[serde(default)]
    pub hold_ms: f64,
    /// `--messages N` (null without it): then every send must be answered.
    #[serde(default)]
    pub messages_per_connection: Option<u64>,
    pub elapsed_ms: f64,
    pub interrupted: bool,
    /// Whether the run passed (exit 0) and, when not, every reason why.
    #[serde(default)]
    pub verdict: Verdict,
    /// What `iops ws merge` needs to combine runs exactly: every connect time and round trip (µs)
    /// and each connection's broadcast count, sorted and delta-encoded. Null past ten million
    /// samples (then the percentiles are HDR estimates and cannot be merged exactly).
    pub samples: Option<LoadSamples>,
    /// The run second by second from its start (connections opened, connected, failed, ended;
    /// messages; connect times and round trips in buckets). Null in a report written before
    /// timelines, and in a merge of one.
    #[serde(default)]
    pub timeline: Option<Timeline>,
    /// A shard's report (`--shard K/N`): which, and of what plan; `ws merge` checks that a
    /// plan's shards are all there once. Absent for a whole run and a merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<crate::ws::shard::ShardTag>,
    /// When the run started (its plan's time 0), Unix milliseconds: `ws merge` lays runs that
    /// started apart (pods scheduled seconds apart) where they were, not over each other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at_ms: Option<i64>,
    /// A merge: how far apart its runs started (ms), when they all say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_spread_ms: Option<f64>,
    /// A merge: the digests of the runs in it (theirs, and those of the merges among them), so
    /// that merging it again beside one of its runs is refused rather than counted twice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LoadSamples {
    pub connect_us: Vec<u64>,
    pub round_trip_us: Vec<u64>,
    pub broadcasts: Vec<u64>,
}

/// Sorted values as the first, then each difference from the one before: small numbers, short JSON.
pub(super) fn delta_encode(sorted: &[u64]) -> Vec<u64> {
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
pub(super) fn new_samples() -> Samples {
    Samples::new(600_000_000)
}

fn samples_of(values: &[u64]) -> Samples {
    let mut samples = new_samples();
    values.iter().for_each(|&v| samples.record(v));
    samples
}

/// Nearest-rank figures of microsecond samples, in milliseconds.
pub(super) fn figures(samples: &mut Samples) -> (Percentiles, RoundTrips) {
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

/// The shards of one plan, each there once: none missing, none twice, no other plan among
/// them (a report without a shard beside shards is another run). Whole runs merge as before.
pub fn check_shards(reports: &[LoadReport]) -> Result<(), String> {
    let tags: Vec<Option<&crate::ws::shard::ShardTag>> =
        reports.iter().map(|r| r.shard.as_ref()).collect();
    let Some(first) = tags.iter().flatten().next().copied() else {
        return Ok(());
    };
    if let Some(at) = tags.iter().position(Option::is_none) {
        return Err(format!(
            "report {} is a whole run beside shards of {}/{}: merge one plan's shards only",
            at + 1,
            first.index,
            first.count
        ));
    }
    let tags: Vec<&crate::ws::shard::ShardTag> = tags.into_iter().flatten().collect();
    if let Some((at, other)) = tags
        .iter()
        .enumerate()
        .find(|(_, t)| t.count != first.count)
    {
        return Err(format!(
            "report {} is shard {}/{} of a split into {}, report 1 shard {}/{} of a split into {}: not one run",
            at + 1,
            other.index,
            other.count,
            other.count,
            first.index,
            first.count,
            first.count
        ));
    }
    if let Some((at, other)) = tags.iter().enumerate().find(|(_, t)| t.plan != first.plan) {
        return Err(format!(
            "report {} (shard {}/{}) ran another plan than report 1 (shard {}/{}): not one run\n  report 1: {}\n  report {}: {}",
            at + 1,
            other.index,
            other.count,
            first.index,
            first.count,
            first.plan,
            at + 1,
            other.plan
        ));
    }
    let mut seen = vec![0u32; first.count as usize];
    for tag in &tags {
        if let Some(slot) = seen.get_mut(tag.index as usize - 1) {
            *slot += 1;
        }
    }
    let named = |wanted: &dyn Fn(u32) -> bool| -> Vec<String> {
        seen.iter()
            .enumerate()
            .filter(|(_, n)| wanted(**n))
            .map(|(i, _)| format!("{}/{}", i + 1, first.count))
            .collect()
    };
    let (missing, twice) = (named(&|n| n == 0), named(&|n| n > 1));
    let mut problems = Vec::new();
    if !missing.is_empty() {
        problems.push(format!("shard {} missing", missing.join(", ")));
    }
    if !twice.is_empty() {
        problems.push(format!(
            "shard {} more than once (its connections would count twice)",
            twice.join(", ")
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} of plan {}", problems.join("; "), first.plan))
    }
}

/// Several runs' reports (one per host, say) as if one run made them: counts added, rates and
/// peaks summed (the hosts ran at once), percentiles exact over the union of the samples, and
/// timelines added second by second — each run's second 0 is its own start, so runs started
/// together line up and runs started apart are laid over each other.
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
    let add_named = |pick: fn(&LoadReport) -> &BTreeMap<String, u64>| {
        let mut total = BTreeMap::new();
        for report in &reports {
            for (key, count) in pick(report) {
                *total.entry(key.clone()).or_default() += count;
            }
        }
        total
    };
    let sum = |pick: fn(&LoadReport) -> u64| reports.iter().map(pick).sum::<u64>();
    let (connect_ms, _) = figures(&mut samples_of(&union.connect_us));
    let (_, round_trip_ms) = figures(&mut samples_of(&union.round_trip_us));
    let same_url = reports.iter().all(|r| r.url == first.url);
    let same_plan = reports
        .iter()
        .all(|r| r.messages_per_connection == first.messages_per_connection);
    let mut merged = LoadReport {
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
        // Rounded as each report's: a sum of thirds is not 200.00000000000003.
        target_rate: (reports.iter().map(|r| r.target_rate).sum::<f64>() * 1e6).round() / 1e6,
        achieved_rate: merged_rate(&reports),
        connect_ms,
        handshake_statuses: add_maps(|r| &r.handshake_statuses),
        close_codes: add_maps(|r| &r.close_codes),
        messages_received: sum(|r| r.messages_received),
        messages: MessageCounts {
            sent: sum(|r| r.messages.sent),
            received: sum(|r| r.messages.received),
            matched: sum(|r| r.messages.matched),
            unanswered: sum(|r| r.messages.unanswered),
            expectations_failed: sum(|r| r.messages.expectations_failed),
        },
        round_trip_ms,
        broadcasts_per_connection: Spread::of(union.broadcasts.clone()),
        failures: add_named(|r| &r.failures),
        cut_short: sum(|r| r.cut_short),
        cut_short_codes: add_maps(|r| &r.cut_short_codes),
        violations: add_named(|r| &r.violations),
        hold_ms: reports.iter().map(|r| r.hold_ms).fold(0.0, f64::max),
        messages_per_connection: first.messages_per_connection.filter(|_| same_plan),
        elapsed_ms: reports.iter().map(|r| r.elapsed_ms).fold(0.0, f64::max),
        interrupted: reports.iter().any(|r| r.interrupted),
        verdict: Verdict::default(),
        samples: Some(LoadSamples {
            connect_us: delta_encode(&union.connect_us),
            round_trip_us: delta_encode(&union.round_trip_us),
            broadcasts: delta_encode(&union.broadcasts),
        }),
        timeline: timeline::merge(
            reports
                .iter()
                .zip(start_offsets(&reports))
                .map(|(r, offset)| (r.timeline.as_ref(), offset)),
        ),
        shard: None,
        started_at_ms: starts(&reports).map(|(first, _)| first),
        start_spread_ms: starts(&reports).map(|(first, last)| (last - first) as f64),
        merged_from: reports
            .iter()
            .flat_map(|r| std::iter::once(digest_of(r)).chain(r.merged_from.iter().cloned()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    merged.verdict = judge(&merged);
    // A run that failed by a rule its counts no longer show (an older report, or a plan the
    // merge cannot restate) still fails the merge, with its own words.
    // Named by shard where it is one (`kubectl logs` prints pods in any order); ten at most,
    // the rest counted: ten thousand shards must not make a megabyte of reasons.
    const NAMED: usize = 10;
    let failed: Vec<String> = reports
        .iter()
        .enumerate()
        .filter(|(_, report)| !report.verdict.ok)
        .map(|(i, report)| {
            let which = match &report.shard {
                Some(tag) => format!("shard {}/{}", tag.index, tag.count),
                None => format!("report {}", i + 1),
            };
            format!("{which} failed: {}", report.verdict.reasons.join("; "))
        })
        .collect();
    if !failed.is_empty() {
        merged.verdict.ok = false;
        let more = failed.len().saturating_sub(NAMED);
        merged
            .verdict
            .reasons
            .extend(failed.into_iter().take(NAMED));
        if more > 0 {
            merged.verdict.reasons.push(format!(
                "{more} more runs failed (-o json of each says why)"
            ));
        }
    }
    Ok(merged)
}

/// Runs merged though they started more than a second apart (pods scheduled apart): the
/// server saw their arrivals spread, not at the plan's rate.
pub fn start_spread_note(report: &LoadReport) -> Option<String> {
    let spread = report.start_spread_ms.filter(|ms| *ms >= 1000.0)?;
    Some(format!(
        "the runs started up to {:.1} s apart: the rate and the timeline are over the span they really took",
        spread / 1000.0
    ))
}

/// A report's name for merges: a digest of all it says.
pub fn digest_of(report: &LoadReport) -> String {
    let text = serde_json::to_string(report).unwrap_or_default();
    crate::ws::shard::digest([text.as_str()])
}

/// A run merged twice — beside a merge that already holds it, or in two merges that share it —
/// would count its connections twice: the reports (named by `labels`) that overlap so.
pub fn refuse_runs_merged_twice(reports: &[LoadReport], labels: &[String]) -> Result<(), String> {
    let holds: Vec<std::collections::BTreeSet<String>> = reports
        .iter()
        .map(|r| {
            std::iter::once(digest_of(r))
                .chain(r.merged_from.iter().cloned())
                .collect()
        })
        .collect();
    for (i, report) in reports.iter().enumerate() {
        let mine = digest_of(report);
        for (j, other) in reports.iter().enumerate().filter(|(j, _)| *j != i) {
            if other.merged_from.contains(&mine) {
                return Err(format!(
                    "{} is already in {} (a merge of it): merging both would count its connections twice",
                    labels[i], labels[j]
                ));
            }
            if i < j
                && !report.merged_from.is_empty()
                && !other.merged_from.is_empty()
                && !holds[i].is_disjoint(&holds[j])
            {
                return Err(format!(
                    "{} and {} are merges that hold the same run: merging both would count it twice",
                    labels[i], labels[j]
                ));
            }
        }
    }
    Ok(())
}

/// The first and last start of the runs, when every one says when it started.
fn starts(reports: &[LoadReport]) -> Option<(i64, i64)> {
    let starts: Option<Vec<i64>> = reports.iter().map(|r| r.started_at_ms).collect();
    let starts = starts?;
    Some((*starts.iter().min()?, *starts.iter().max()?))
}

/// Each run's timeline starts this many whole seconds after the first run's (0 without starts).
fn start_offsets(reports: &[LoadReport]) -> Vec<usize> {
    match starts(reports) {
        Some((first, _)) => reports
            .iter()
            .map(|r| ((r.started_at_ms.unwrap_or(first) - first) / 1000) as usize)
            .collect(),
        None => vec![0; reports.len()],
    }
}

/// The merged runs' connections per second. Each run's own span (from its plan's start to its
/// last arrival, stretched by its lag) is its attempts over its rate; with start times, the
/// merge's span is from the first start to the last end — runs started apart are slower
/// together than their rates' sum. Without them, shards of one plan share its span (the
/// slowest counts), and runs of one's own making are taken to have run at once (the sum).
fn merged_rate(reports: &[LoadReport]) -> f64 {
    let attempted: u64 = reports.iter().map(|r| r.attempted).sum();
    let span_s =
        |r: &LoadReport| (r.achieved_rate > 0.0).then(|| r.attempted as f64 / r.achieved_rate);
    let spans: Option<Vec<f64>> = reports.iter().map(span_s).collect();
    let rate = match (spans, starts(reports)) {
        (Some(spans), Some((first, _))) => {
            let end = reports
                .iter()
                .zip(&spans)
                .map(|(r, span)| (r.started_at_ms.unwrap_or(first) - first) as f64 / 1000.0 + span)
                .fold(0.0, f64::max);
            if end > 0.0 {
                attempted as f64 / end
            } else {
                0.0
            }
        }
        (Some(spans), None) if reports.iter().all(|r| r.shard.is_some()) => {
            let longest = spans.iter().copied().fold(0.0, f64::max);
            if longest > 0.0 {
                attempted as f64 / longest
            } else {
                0.0
            }
        }
        _ => reports.iter().map(|r| r.achieved_rate).sum(),
    };
    (rate * 10.0).round() / 10.0
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
    /// Sends still waiting for their answer when their connection ended.
    #[serde(default)]
    pub unanswered: u64,
    pub expectations_failed: u64,
}

/// A run's verdict: ok, or failed with each reason in words (also the exit message).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    pub ok: bool,
    pub reasons: Vec<String>,
}

impl Default for Verdict {
    /// Reports written before verdicts existed are judged again from their counts when merged.
    fn default() -> Verdict {
        Verdict {
            ok: true,
            reasons: Vec::new(),
        }
    }
}

/// The load rule, as for a single probe: every connection opens, stays for the whole `--hold`
/// (or until its `--messages` are answered) and is closed by iops with 1000; the server breaks no
/// rule; every expectation is met within `--timeout`; with `--messages`, every send is answered.
pub fn judge(report: &LoadReport) -> Verdict {
    let mut reasons = Vec::new();
    if report.interrupted {
        reasons.push("interrupted before the plan was done".to_string());
    }
    if report.failed > 0 {
        reasons.push(format!(
            "{} of {} connections could not be opened ({})",
            report.failed,
            report.attempted,
            counts(&report.failures)
        ));
    }
    if report.cut_short > 0 {
        let until = if report.messages_per_connection.is_some() {
            "their messages were answered".to_string()
        } else {
            format!("the {} hold", seconds(report.hold_ms))
        };
        reasons.push(format!(
            "{} of {} connections ended before {until} or dropped instead of answering iops's close (close codes {})",
            report.cut_short,
            report.connected,
            counts(&report.cut_short_codes)
        ));
    }
    if !report.violations.is_empty() {
        reasons.push(format!(
            "the server broke the WebSocket protocol: {}",
            counts(&report.violations)
        ));
    }
    let m = &report.messages;
    if m.expectations_failed > 0 {
        reasons.push(format!(
            "{} connections missed an --expect (within --timeout, before the connection ended)",
            m.expectations_failed
        ));
    }
    if report.messages_per_connection.is_some() && m.unanswered > 0 {
        reasons.push(format!(
            "{} of {} sends were never answered",
            m.unanswered, m.sent
        ));
    }
    Verdict {
        ok: reasons.is_empty(),
        reasons,
    }
}

/// `3 s`, `800 ms`.
fn seconds(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{} s", ms / 1000.0)
    } else {
        format!("{ms} ms")
    }
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
    pub(super) fn of(mut values: Vec<u64>) -> Spread {
        values.sort_unstable();
        Spread {
            min: values.first().copied(),
            median: values.get(values.len().saturating_sub(1) / 2).copied(),
            max: values.last().copied(),
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
    if let Some(tag) = &report.shard {
        writeln!(out, "  shard {}/{} of {}", tag.index, tag.count, tag.plan)?;
    }
    if let Some(note) = start_spread_note(report) {
        writeln!(out, "  {note}")?;
    }
    writeln!(
        out,
        "  connections: {} requested, {} attempted, {} connected, {} failed, {} held at once (peak){}",
        report.requested,
        report.attempted,
        report.connected,
        report.failed,
        report.held_peak,
        match (report.interrupted, report.attempted < report.requested) {
            (true, true) => "; interrupted before the rest were attempted",
            (true, false) => "; interrupted while connecting or held",
            _ => "",
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
    if report.cut_short > 0 {
        writeln!(
            out,
            "  ended early: {} of {} connections (close codes {})",
            report.cut_short,
            report.connected,
            counts(&report.cut_short_codes)
        )?;
    }
    for (rule, count) in &report.violations {
        writeln!(
            out,
            "  violation {count}x: {}",
            crate::output::visible(rule)
        )?;
    }
    let m = &report.messages;
    writeln!(
        out,
        "  messages: {} sent, {} received, {} answered a send, {} unanswered when their connection ended, {} connections missed an expectation",
        m.sent, m.received, m.matched, m.unanswered, m.expectations_failed
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
    match report.verdict.reasons.as_slice() {
        [] => writeln!(out, "  verdict: ok"),
        reasons => writeln!(
            out,
            "  verdict: failed — {}",
            crate::output::visible(&reasons.join("; "))
        ),
    }
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
            cut_short: 0,
            cut_short_codes: BTreeMap::new(),
            violations: BTreeMap::new(),
            hold_ms: 1000.0,
            messages_per_connection: None,
            elapsed_ms: 1000.0,
            interrupted: false,
            verdict: Verdict::default(),
            samples: Some(LoadSamples {
                connect_us: delta_encode(&sorted(connect)),
                round_trip_us: delta_encode(&sorted(trips)),
                broadcasts: delta_encode(&sorted(broadcasts)),
            }),
            timeline: Some(timeline_of(connect, trips)),
            shard: None,
            started_at_ms: None,
            start_spread_ms: None,
            merged_from: Vec::new(),
        }
    }

    /// A timeline where each connection opened and connected in the second its connect time
    /// names (5 s: second 5), and each round trip came back in the second its length names.
    fn timeline_of(connect: &[u64], trips: &[u64]) -> Timeline {
        fn at(seconds: &mut Vec<timeline::Second>, us: u64) -> &mut timeline::Second {
            let second = (us / 1_000_000) as usize;
            if seconds.len() <= second {
                seconds.resize_with(second + 1, Default::default);
            }
            &mut seconds[second]
        }
        let mut seconds = Vec::new();
        for &us in connect {
            let second = at(&mut seconds, us);
            second.opened += 1;
            second.connected += 1;
            let bucket = timeline::bucket_of(us);
            second
                .connect_ms
                .resize(second.connect_ms.len().max(bucket + 1), 0);
            second.connect_ms[bucket] += 1;
        }
        for &us in trips {
            let second = at(&mut seconds, us);
            second.matched += 1;
            let bucket = timeline::bucket_of(us);
            second
                .round_trip_ms
                .resize(second.round_trip_ms.len().max(bucket + 1), 0);
            second.round_trip_ms[bucket] += 1;
        }
        Timeline {
            bucket_bounds_ms: timeline::BOUNDS_MS.to_vec(),
            seconds,
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
            // Timelines add second by second: every count and bucket count of the union.
            proptest::prop_assert_eq!(&merged.timeline, &whole.timeline);
            let timeline = merged.timeline.as_ref().unwrap();
            proptest::prop_assert_eq!(timeline.seconds.iter().map(|s| s.opened).sum::<u64>(), merged.attempted);
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
    fn runs_started_apart_are_merged_over_the_span_they_took() {
        let shard = |index: u64, attempted: u64, rate: f64, start: Option<i64>| LoadReport {
            shard: Some(crate::ws::shard::ShardTag {
                index,
                count: 2,
                plan: "p".into(),
            }),
            attempted,
            achieved_rate: rate,
            started_at_ms: start,
            ..report(&[1], &[], &[0])
        };
        // Together, on schedule: 100 each over the plan's second = 200/s.
        let together = [
            shard(1, 100, 100.0, Some(0)),
            shard(2, 100, 100.0, Some(10)),
        ];
        assert_eq!(merged_rate(&together), 198.0);
        // The second pod started 3 s late: 200 over 4 s, not 200/s.
        let apart = [
            shard(1, 100, 100.0, Some(0)),
            shard(2, 100, 100.0, Some(3000)),
        ];
        assert_eq!(merged_rate(&apart), 50.0);
        let merged = merge(apart.to_vec()).unwrap();
        assert_eq!(merged.start_spread_ms, Some(3000.0));
        assert!(start_spread_note(&merged).unwrap().contains("3.0 s apart"));
        // Without start times, shards share the plan's span: the slowest one's (13 at 10.6/s
        // took 1.23 s, 12 at 5.3/s 2.26 s): 25 over 2.26 s, not the sum 15.9.
        let slow = [shard(1, 13, 10.6, None), shard(2, 12, 5.3, None)];
        assert_eq!(merged_rate(&slow), 11.0);
        // Runs of one's own making, without start times, ran at once: the sum.
        let hosts = [report(&[1], &[], &[0]), report(&[2], &[], &[0])];
        assert_eq!(merged_rate(&hosts), 20.0);
    }

    #[test]
    fn a_run_already_in_a_merge_is_not_merged_again() {
        let (a, b, c) = (
            report(&[1, 2], &[], &[0]),
            report(&[3], &[], &[0]),
            report(&[4], &[], &[0]),
        );
        let labels: Vec<String> = ["one", "two", "three"].map(String::from).to_vec();
        let ab = merge(vec![a.clone(), b.clone()]).unwrap();
        assert_eq!(ab.merged_from.len(), 2);
        // The merge beside one of its runs: refused, named.
        let twice = refuse_runs_merged_twice(&[ab.clone(), b.clone()], &labels).unwrap_err();
        assert!(twice.starts_with("two is already in one"), "{twice}");
        // Two merges sharing a run.
        let bc = merge(vec![b.clone(), c.clone()]).unwrap();
        let shared = refuse_runs_merged_twice(&[ab.clone(), bc], &labels).unwrap_err();
        assert!(shared.contains("hold the same run"), "{shared}");
        // A merge beside a run it does not hold, and a merge of merges, hold every run once.
        assert_eq!(
            refuse_runs_merged_twice(&[ab.clone(), c.clone()], &labels),
            Ok(())
        );
        let abc = merge(vec![ab.clone(), c.clone()]).unwrap();
        assert_eq!(abc.attempted, 4);
        let again = refuse_runs_merged_twice(&[abc, a], &labels).unwrap_err();
        assert!(again.contains("already in one"), "{again}");
    }

    #[test]
    fn a_failed_shard_is_named_and_ten_at_most() {
        let failed = |index: u64| LoadReport {
            shard: Some(crate::ws::shard::ShardTag {
                index,
                count: 12,
                plan: "p".into(),
            }),
            verdict: Verdict {
                ok: false,
                reasons: vec![format!("reason {index}")],
            },
            ..report(&[index], &[], &[0])
        };
        let merged = merge((1..=12).rev().map(failed).collect()).unwrap();
        let reasons = merged.verdict.reasons;
        assert!(
            reasons.contains(&"shard 12/12 failed: reason 12".to_string()),
            "{reasons:?}"
        );
        assert_eq!(
            reasons.last().unwrap(),
            "2 more runs failed (-o json of each says why)"
        );
    }

    #[test]
    fn one_plans_shards_must_all_be_there_once() {
        let tagged = |index: u64, plan: &str| LoadReport {
            shard: Some(crate::ws::shard::ShardTag {
                index,
                count: 3,
                plan: plan.into(),
            }),
            ..report(&[1], &[], &[0])
        };
        let all = [tagged(1, "p"), tagged(2, "p"), tagged(3, "p")];
        assert_eq!(check_shards(&all), Ok(()));
        let missing = check_shards(&[tagged(1, "p"), tagged(3, "p")]).unwrap_err();
        assert!(missing.starts_with("shard 2/3 missing"), "{missing}");
        let twice = check_shards(&[
            tagged(1, "p"),
            tagged(2, "p"),
            tagged(2, "p"),
            tagged(3, "p"),
        ])
        .unwrap_err();
        assert!(twice.contains("shard 2/3 more than once"), "{twice}");
        let other = check_shards(&[tagged(1, "p"), tagged(2, "q"), tagged(3, "p")]).unwrap_err();
        assert!(
            other.contains("report 2 (shard 2/3) ran another plan")
                && other.contains("report 2: q"),
            "{other}"
        );
        let split = check_shards(&[
            tagged(1, "p"),
            LoadReport {
                shard: Some(crate::ws::shard::ShardTag {
                    index: 1,
                    count: 2,
                    plan: "p".into(),
                }),
                ..report(&[1], &[], &[0])
            },
        ])
        .unwrap_err();
        assert!(split.contains("a split into 2"), "{split}");
        let whole = check_shards(&[tagged(1, "p"), report(&[1], &[], &[0])]).unwrap_err();
        assert!(whole.contains("a whole run beside shards"), "{whole}");
        // Whole runs merge as they always did.
        assert_eq!(
            check_shards(&[report(&[1], &[], &[0]), report(&[2], &[], &[0])]),
            Ok(())
        );
    }

    #[test]
    fn deltas_round_trip_and_a_report_without_samples_is_refused() {
        let values = vec![3, 3, 7, 100];
        assert_eq!(delta_encode(&values), [3, 0, 4, 93]);
        assert_eq!(delta_decode(&delta_encode(&values)), values);
        let mut no_samples = report(&[1], &[], &[0]);
        no_samples.samples = None;
        // A report written before timelines still reads, without one.
        let mut old = serde_json::to_value(report(&[1], &[], &[0])).unwrap();
        old.as_object_mut().unwrap().remove("timeline");
        let old: LoadReport = serde_json::from_value(old).unwrap();
        assert!(old.timeline.is_none());
        let merged = merge(vec![old, report(&[2], &[], &[0])]).unwrap();
        assert!(merged.timeline.is_none());
        assert!(merge(vec![no_samples]).unwrap_err().contains("no samples"));
        assert!(merge(Vec::new()).is_err());
    }

    /// Each rule a run can break is a reason of its own; a merge fails when one run failed,
    /// even by a rule its counts do not restate.
    #[test]
    fn the_verdict_names_every_broken_rule_and_a_failed_run_fails_its_merge() {
        let fine = report(&[1, 2], &[], &[0, 0]);
        assert!(judge(&fine).ok, "{:?}", judge(&fine));
        let mut cut = fine.clone();
        cut.cut_short = 2;
        cut.cut_short_codes = BTreeMap::from([(1011, 2)]);
        cut.violations = BTreeMap::from([("invalid UTF-8".to_string(), 1)]);
        cut.messages_per_connection = Some(3);
        cut.messages.sent = 6;
        cut.messages.unanswered = 4;
        let verdict = judge(&cut);
        assert!(!verdict.ok);
        let reasons = verdict.reasons.join("\n");
        assert!(reasons.contains("2 of 2 connections ended before their messages were answered or dropped instead of answering iops's close (close codes 1011 × 2)"), "{reasons}");
        assert!(reasons.contains("invalid UTF-8 × 1"), "{reasons}");
        assert!(
            reasons.contains("4 of 6 sends were never answered"),
            "{reasons}"
        );
        let mut failed = fine.clone();
        failed.verdict = Verdict {
            ok: false,
            reasons: vec!["a reason of its own".into()],
        };
        let merged = merge(vec![fine.clone(), failed]).unwrap();
        assert!(!merged.verdict.ok);
        assert_eq!(
            merged.verdict.reasons,
            ["report 2 failed: a reason of its own"]
        );
        assert!(merge(vec![fine.clone(), fine]).unwrap().verdict.ok);
    }
}
