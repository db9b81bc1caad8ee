//! The page of an incident window as data: what `iops report -o json` prints, what `top
//! --record` writes per refresh, and the only thing the HTML renderer reads — one model, two
//! renderers, so the page's numbers are the JSON's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::deploy::fetch::{Deployment, StageState};
use crate::top::figures::{Figure, State};
use crate::top::gather::{ErrorLines, Snapshot};
use crate::top::plan::Plan;

/// The page of a stack's window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackPage {
    pub header: Header,
    pub window: PageWindow,
    /// Top's figures over the window (totals, worst, latest), each with its state and note.
    pub figures: Vec<PageFigure>,
    /// Per-period series, as the charts draw them.
    pub charts: Vec<Chart>,
    /// What happened, oldest first.
    pub timeline: Vec<Event>,
    /// Each part judged on the window: pass, warn or fail, and why.
    pub verdicts: Vec<Verdict>,
    /// Error lines by kind (numbers and ids masked), most frequent first.
    pub top_errors: Vec<TopError>,
    /// Configured parts their service says are not there, or are not what iops.toml says.
    pub missing: Vec<PartNote>,
    pub wrong: Vec<PartNote>,
    /// AWS requests the report sent, per operation.
    pub requests: BTreeMap<String, u64>,
    /// What could not be read for the page, and why (the deployments on moto, say).
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub title: String,
    pub env: Option<String>,
    pub api: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub generated_at: String,
    pub iops_version: String,
    /// Where the figures came from: `aws`, or `recording PATH` (a refresh of `top --record`).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageWindow {
    pub from: String,
    pub to: String,
    /// The window's start, epoch seconds (the first period starts here).
    pub start_s: i64,
    pub period_s: i64,
    pub periods: usize,
}

impl PageWindow {
    /// The start of period `index`, as `HH:MM` UTC (with the date when the window spans days).
    pub fn label(&self, index: usize) -> String {
        let at = self.start_s + index as i64 * self.period_s;
        let format = if self.period_s * self.periods as i64 > 86_400 {
            "%m-%d %H:%M"
        } else {
            "%H:%M"
        };
        jiff::Timestamp::from_second(at)
            .map(|t| t.strftime(format).to_string())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageFigure {
    pub panel: String,
    pub subject: String,
    pub figure: String,
    pub value: Option<f64>,
    pub latest: Option<f64>,
    pub unit: String,
    pub state: String,
    pub note: Option<String>,
}

impl From<&Figure> for PageFigure {
    fn from(figure: &Figure) -> PageFigure {
        PageFigure {
            panel: serde_json::to_value(figure.panel)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            subject: figure.subject.clone(),
            figure: figure.figure.clone(),
            value: figure.value,
            latest: figure.latest,
            unit: figure.unit.to_string(),
            state: figure.state.name().to_string(),
            note: figure.note.clone(),
        }
    }
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Lines,
    /// Each series on top of the ones before (close codes).
    Stacked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    /// The y axis' unit (`count per minute`, `ms`, `messages`).
    pub unit: String,
    pub kind: ChartKind,
    pub series: Vec<ChartSeries>,
    /// How the numbers were had, when it is not plain (an estimate, a partial read).
    pub note: Option<String>,
}

impl Chart {
    /// Periods on its time axis: its longest series'.
    pub fn periods(&self) -> usize {
        self.series
            .iter()
            .map(|s| s.values.len())
            .max()
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSeries {
    pub name: String,
    /// One value per period, oldest first; null where there was no datapoint.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: String,
    pub at_s: i64,
    pub subject: String,
    pub what: String,
    /// `info`, `warn` or `fail`.
    pub severity: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub subject: String,
    /// `pass`, `warn` or `fail`.
    pub verdict: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopError {
    pub function: String,
    /// The kind: the message after its runtime prefix, numbers and ids masked.
    pub kind: String,
    pub count: u64,
    /// The first line of the kind, exact.
    pub sample: String,
    pub request_id: Option<String>,
    pub first: String,
    pub last: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartNote {
    pub subject: String,
    pub note: String,
}

/// Error kinds listed per page.
const TOP_ERRORS: usize = 20;
/// Characters of a sample line kept in the model (a 300 KB line is a page of its own).
const SAMPLE_CHARS: usize = 2000;

/// The text's first `max` characters, and `…` (with how many were left out) when it had more.
pub fn clipped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!(
            "{}… ({} more characters)",
            &text[..at],
            text[at..].chars().count()
        ),
    }
}
/// A burst: a period with at least this many …
const BURST_MIN: f64 = 10.0;
/// … and at least this many times the window's median period.
const BURST_FACTOR: f64 = 3.0;

/// Everything the page says, from one read of the stack (`plan`, `snapshot`, its `figures`).
pub fn stack_page(
    plan: &Plan,
    snapshot: &Snapshot,
    figures: &[Figure],
    header: Header,
) -> StackPage {
    let (start_s, end_s) = snapshot.window.bounds(snapshot.taken_at.as_second());
    let window = PageWindow {
        from: iso(start_s),
        to: iso(end_s),
        start_s,
        period_s: snapshot.window.period_s,
        periods: snapshot.window.buckets,
    };
    let charts = charts(plan, snapshot, figures);
    let timeline = timeline(plan, snapshot, figures, &window);
    let mut page_figures: Vec<PageFigure> = figures.iter().map(PageFigure::from).collect();
    if snapshot.window.fixed_end_s.is_some() {
        // The table's count is of now: a window in the past has none, and says why.
        for figure in page_figures
            .iter_mut()
            .filter(|f| f.figure == "active_now" && f.value.is_none())
        {
            figure.state = State::NoData.name().to_string();
            figure.note = Some("the connections table holds now, not this window: not read".into());
        }
    }
    StackPage {
        header,
        figures: page_figures,
        verdicts: verdicts(plan, snapshot, figures),
        top_errors: top_errors(plan, snapshot),
        missing: notes(plan, |p| match p {
            crate::top::exists::Presence::Missing(n) => Some(n),
            _ => None,
        }),
        wrong: notes(plan, |p| match p {
            crate::top::exists::Presence::Wrong(n) => Some(n),
            _ => None,
        }),
        requests: snapshot.requests.clone(),
        notes: Vec::new(),
        window,
        charts,
        timeline,
    }
}

impl StackPage {
    /// A few lines for a terminal: the window, each verdict, the timeline, the top errors.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{}: {} to {} ({} periods of {} s)",
            self.header.title,
            self.window.from,
            self.window.to,
            self.window.periods,
            self.window.period_s
        )];
        for v in &self.verdicts {
            lines.push(format!("  {:<4} {}: {}", v.verdict, v.subject, v.reason));
        }
        for e in &self.timeline {
            lines.push(format!("  {} {} — {}", e.at, e.subject, e.what));
        }
        for e in self.top_errors.iter().take(5) {
            lines.push(format!("  {} × {}: {}", e.count, e.function, e.kind));
        }
        for note in &self.notes {
            lines.push(format!("  note: {note}"));
        }
        lines
    }

    /// The API's deployments created, and its stage updated, in the window, on the timeline;
    /// or a note saying why they could not be read.
    pub fn add_deployments(
        &mut self,
        api: &str,
        read: Result<(Vec<Deployment>, StageState), String>,
    ) {
        let (deployments, stage) = match read {
            Ok(read) => read,
            Err(why) => {
                self.notes
                    .push(format!("deployments of {api} not read: {why}"));
                return;
            }
        };
        let (start, end) = (
            self.window.start_s,
            self.window.start_s + self.window.period_s * self.window.periods as i64,
        );
        let inside = |at: Option<jiff::Timestamp>| {
            at.map(|t| t.as_second())
                .filter(|s| (start..end).contains(s))
        };
        for deployment in &deployments {
            if let Some(at_s) = inside(deployment.created) {
                let described = deployment
                    .description
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                self.timeline.push(Event {
                    at: iso(at_s),
                    at_s,
                    subject: api.to_string(),
                    what: format!(
                        "deployment {} created{described}: {}",
                        deployment.id, deployment.status
                    ),
                    severity: "info".into(),
                });
            }
        }
        if let Some(at_s) = inside(stage.last_updated) {
            self.timeline.push(Event {
                at: iso(at_s),
                at_s,
                subject: api.to_string(),
                what: format!(
                    "stage {} updated: serves deployment {}",
                    stage.name,
                    stage.deployment_id.as_deref().unwrap_or("none")
                ),
                severity: "info".into(),
            });
        }
        self.timeline
            .sort_by(|a, b| a.at_s.cmp(&b.at_s).then_with(|| a.subject.cmp(&b.subject)));
    }
}

pub fn iso(epoch_s: i64) -> String {
    jiff::Timestamp::from_second(epoch_s)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn notes(
    plan: &Plan,
    note: impl Fn(&crate::top::exists::Presence) -> Option<&String>,
) -> Vec<PartNote> {
    plan.parts
        .iter()
        .filter_map(|part| {
            note(&part.presence).map(|n| PartNote {
                subject: part.subject.clone(),
                note: n.clone(),
            })
        })
        .collect()
}

/// The figure with this subject and name, when it was read.
fn find<'a>(figures: &'a [Figure], subject: &str, name: &str) -> Option<&'a Figure> {
    figures
        .iter()
        .find(|f| f.subject == subject && f.figure == name && f.state != State::Error)
        .filter(|f| !matches!(f.state, State::Missing | State::Wrong))
}

fn series_of(figures: &[Figure], subject: &str, name: &str, label: &str) -> Option<ChartSeries> {
    find(figures, subject, name).map(|f| ChartSeries {
        name: label.to_string(),
        values: f.series.clone(),
    })
}

fn counts(values: &[u64]) -> Vec<Option<f64>> {
    values.iter().map(|v| Some(*v as f64)).collect()
}

fn chart(id: String, title: String, unit: &str, series: Vec<ChartSeries>) -> Option<Chart> {
    (!series.is_empty()).then(|| Chart {
        id,
        title,
        unit: unit.to_string(),
        kind: ChartKind::Lines,
        series,
        note: None,
    })
}

/// The disconnects per period: the sum of the logged close codes.
fn disconnects(snapshot: &Snapshot) -> Option<Vec<u64>> {
    let logged = snapshot.close_codes.as_ref().ok()?;
    if logged.of == 0 || logged.read_none() {
        return None;
    }
    let mut total = vec![0u64; snapshot.window.buckets];
    for periods in logged.value.periods.values() {
        for (sum, n) in total.iter_mut().zip(periods) {
            *sum += n;
        }
    }
    Some(total)
}

/// Periods at the end of a window that reaches now in which CloudWatch may not have published
/// yet (it lags a minute or two): a count of 0 there is drawn as a gap, not as traffic stopping.
const FRESH_PERIODS_S: i64 = 150;

/// A metric figure's series as a chart draws it: in a window that ends now, the freshest
/// periods' zeros are gaps (CloudWatch's delay), and the chart says so.
fn drawn_series(figure: &Figure, snapshot: &Snapshot, label: &str) -> ChartSeries {
    let values = match snapshot.window.fixed_end_s {
        Some(_) => figure.series.clone(),
        None => {
            let now = snapshot.taken_at.as_second();
            let (start, _) = snapshot.window.bounds(now);
            fresh_gaps(&figure.series, start, snapshot.window.period_s, now)
        }
    };
    ChartSeries {
        name: label.to_string(),
        values,
    }
}

/// The zeros of periods ending in CloudWatch's last [`FRESH_PERIODS_S`] before `now`, as gaps.
fn fresh_gaps(values: &[Option<f64>], start_s: i64, period_s: i64, now_s: i64) -> Vec<Option<f64>> {
    let fresh_from = now_s - FRESH_PERIODS_S;
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let period_end = start_s + (index as i64 + 1) * period_s;
            match value {
                Some(v) if *v == 0.0 && period_end > fresh_from => None,
                other => *other,
            }
        })
        .collect()
}

const FRESH_NOTE: &str = "CloudWatch publishes a minute or two late: the newest periods without a datapoint are gaps, not zeros";

fn charts(plan: &Plan, snapshot: &Snapshot, figures: &[Figure]) -> Vec<Chart> {
    let mut charts = Vec::new();
    let metric = |subject: &str, name: &str, label: &str| {
        find(figures, subject, name).map(|f| drawn_series(f, snapshot, label))
    };
    let fresh_note = snapshot
        .window
        .fixed_end_s
        .is_none()
        .then(|| FRESH_NOTE.to_string());
    if let Some(api) = &plan.api {
        let connects = find(figures, api, "connects");
        let mut series: Vec<ChartSeries> =
            metric(api, "connects", "connects").into_iter().collect();
        let disconnects = disconnects(snapshot);
        if let Some(d) = &disconnects {
            series.push(ChartSeries {
                name: "disconnects (logged)".into(),
                values: counts(d),
            });
        }
        let mut notes: Vec<String> = fresh_note.iter().cloned().collect();
        if let (Some(connects), Some(d), Some(Ok(tally))) =
            (connects, &disconnects, &snapshot.connections)
        {
            match live_estimate(tally.live, &connects.series, d) {
                Some(live) => {
                    series.insert(
                        0,
                        ChartSeries {
                            name: "live (estimated)".into(),
                            values: live,
                        },
                    );
                    notes.push(format!(
                        "live: the connections table's {} now, less each later period's connects, plus its disconnects",
                        tally.live
                    ));
                }
                None => notes.push(format!(
                    "live not drawn: the table's {} now, less the later connects, plus the later disconnects, falls below 0 — records past their TTL, or disconnects without a close-code line",
                    tally.live
                )),
            }
        }
        if let Some(mut c) = chart(
            "connections".into(),
            format!("Connections — {api}"),
            "count per period",
            series,
        ) {
            c.note = (!notes.is_empty()).then(|| notes.join("; "));
            charts.push(c);
        }
    }
    if let Ok(logged) = &snapshot.close_codes
        && !logged.value.periods.is_empty()
    {
        charts.push(Chart {
            id: "close-codes".into(),
            title: "Close codes (disconnect handler)".into(),
            unit: "count per period".into(),
            kind: ChartKind::Stacked,
            series: logged
                .value
                .periods
                .iter()
                .map(|(code, periods)| ChartSeries {
                    name: format!("{code} {}", crate::ws::close::name(*code)),
                    values: counts(periods),
                })
                .collect(),
            note: None,
        });
    }
    for (function, lines) in plan.functions.iter().zip(&snapshot.error_lines) {
        let subject = &function.subject;
        // Invocations apart from the failures: 71 errors beside 1.2 M invocations on one axis
        // would be a flat line.
        if let Some(mut c) = chart(
            format!("invocations-{}", slug(subject)),
            format!("{subject} invocations — {}", function.name),
            "count per period",
            metric(subject, "invocations", "invocations")
                .into_iter()
                .collect(),
        ) {
            c.note = fresh_note.clone();
            charts.push(c);
        }
        let mut failures: Vec<ChartSeries> =
            [("errors", "errors (metric)"), ("throttles", "throttles")]
                .iter()
                .filter_map(|(name, label)| metric(subject, name, label))
                .collect();
        if !lines.periods.is_empty() {
            failures.push(ChartSeries {
                name: "error log lines".into(),
                values: counts(&lines.periods),
            });
        }
        if let Some(mut c) = chart(
            format!("function-{}", slug(subject)),
            format!("{subject} errors — {}", function.name),
            "count per period",
            failures,
        ) {
            c.note = fresh_note.clone();
            charts.push(c);
        }
        let durations: Vec<ChartSeries> = [
            ("duration_p50", "p50"),
            ("duration_p95", "p95"),
            ("duration_p99", "p99"),
            ("duration_max", "max"),
        ]
        .iter()
        .filter_map(|(name, label)| series_of(figures, subject, name, label))
        .filter(|s| s.values.iter().any(Option::is_some))
        .collect();
        charts.extend(chart(
            format!("duration-{}", slug(subject)),
            format!("{subject} duration"),
            "ms",
            durations,
        ));
    }
    for metric_figure in plan
        .metrics
        .iter()
        .filter(|m| m.panel == crate::top::figures::Panel::Pipeline)
    {
        let Some(figure) = find(figures, &metric_figure.subject, metric_figure.figure) else {
            continue;
        };
        let series = drawn_series(figure, snapshot, metric_figure.figure);
        let id = format!(
            "{}-{}",
            slug(&metric_figure.subject),
            slug(metric_figure.figure)
        );
        let unit = unit_label(metric_figure.unit);
        if let Some(existing) = charts.iter_mut().find(|c| {
            c.id.starts_with(&format!("{}-", slug(&metric_figure.subject))) && c.unit == unit
        }) {
            existing.series.push(series);
            continue;
        }
        if let Some(mut c) = chart(
            id,
            format!(
                "{} — {}",
                metric_figure.subject,
                metric_figure.figure.replace('_', " ")
            ),
            &unit,
            vec![series],
        ) {
            c.note = (metric_figure.reduce == crate::top::plan::Reduce::Total)
                .then(|| FRESH_NOTE.to_string())
                .filter(|_| fresh_note.is_some());
            charts.push(c);
        }
    }
    charts
}

fn unit_label(unit: &str) -> String {
    match unit {
        "count" => "count per period".into(),
        other => other.into(),
    }
}

/// An id for an HTML anchor: letters, digits and dashes.
pub fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The live connections at the end of each period, from the count now: each later period's
/// connects taken off and its disconnects put back. An estimate (the table's TTL and missed
/// disconnect lines make it drift); none when it falls below 0 — the counts do not agree, and a
/// clamped line would look like a fact.
fn live_estimate(
    live_now: u64,
    connects: &[Option<f64>],
    disconnects: &[u64],
) -> Option<Vec<Option<f64>>> {
    let mut live = live_now as f64;
    let mut out = vec![None; connects.len()];
    for index in (0..connects.len()).rev() {
        if live < 0.0 {
            return None;
        }
        out[index] = Some(live);
        let net =
            connects[index].unwrap_or(0.0) - disconnects.get(index).copied().unwrap_or(0) as f64;
        live -= net;
    }
    Some(out)
}

fn timeline(
    plan: &Plan,
    snapshot: &Snapshot,
    figures: &[Figure],
    window: &PageWindow,
) -> Vec<Event> {
    let mut events = Vec::new();
    let at_period = |index: usize| window.start_s + index as i64 * window.period_s;
    let mut push = |at_s: i64, subject: &str, what: String, severity: &str| {
        events.push(Event {
            at: iso(at_s),
            at_s,
            subject: subject.to_string(),
            what,
            severity: severity.to_string(),
        });
    };
    for (function, lines) in plan.functions.iter().zip(&snapshot.error_lines) {
        if let Some(first_ms) = lines.first_ms {
            push(
                first_ms.div_euclid(1000),
                &function.subject,
                format!("first error line of {} in the window", function.name),
                "fail",
            );
        }
        for index in bursts(&counts(&lines.periods)) {
            push(
                at_period(index),
                &function.subject,
                format!(
                    "burst of {} error lines in one period",
                    lines.periods[index]
                ),
                "fail",
            );
        }
    }
    if let Some(d) = disconnects(snapshot) {
        let subject = plan.disconnect.as_deref().unwrap_or("disconnect");
        for index in bursts(&counts(&d)) {
            push(
                at_period(index),
                subject,
                format!("burst of {} disconnects in one period", d[index]),
                "warn",
            );
        }
    }
    // A period's start stands for the whole period: with wider ones, say so.
    let within = if window.period_s > 60 {
        format!(" (in the {} s from this time)", window.period_s)
    } else {
        String::new()
    };
    for figure in figures {
        let value = |index: usize| figure.series[index].unwrap_or(0.0);
        let last = figure.series.iter().rev().find_map(|v| *v);
        match figure.figure.as_str() {
            "iterator_age" => {
                match first_crossing(&figure.series, crate::top::figures::ITERATOR_AGE_ALERT_MS) {
                    Some(Crossing::AtStart(index)) => push(
                        at_period(index),
                        &figure.subject,
                        format!(
                            "iterator age already above a minute at the window's first datapoint ({} s): it crossed earlier",
                            value(index) / 1000.0
                        ),
                        "fail",
                    ),
                    Some(Crossing::At(index)) => push(
                        at_period(index),
                        &figure.subject,
                        format!(
                            "iterator age above a minute ({} s){within}",
                            value(index) / 1000.0
                        ),
                        "fail",
                    ),
                    None => {}
                }
            }
            "visible" if is_dead_letter(&figure.subject) => {
                match first_crossing(&figure.series, 0.0) {
                    Some(Crossing::AtStart(index)) => push(
                        at_period(index),
                        &figure.subject,
                        format!(
                            "dead-letter queue already holds {} at the window's first datapoint, {} at its last",
                            value(index),
                            last.unwrap_or(0.0)
                        ),
                        "warn",
                    ),
                    Some(Crossing::At(index)) => push(
                        at_period(index),
                        &figure.subject,
                        format!(
                            "dead-letter queue starts to fill ({} visible){within}",
                            value(index)
                        ),
                        "warn",
                    ),
                    None => {}
                }
            }
            _ => {}
        }
    }
    events.sort_by(|a, b| a.at_s.cmp(&b.at_s).then_with(|| a.subject.cmp(&b.subject)));
    events
}

/// A queue whose role or name says it takes the failures.
fn is_dead_letter(subject: &str) -> bool {
    let lower = subject.to_ascii_lowercase();
    lower.contains("dlq") || lower.contains("dead")
}

/// Where a series first goes above a threshold.
#[derive(Debug, PartialEq, Eq)]
enum Crossing {
    /// Its first datapoint is already above: it crossed before the window.
    AtStart(usize),
    /// Above after a datapoint at or below.
    At(usize),
}

fn first_crossing(series: &[Option<f64>], threshold: f64) -> Option<Crossing> {
    let mut seen = false;
    for (index, value) in series.iter().enumerate() {
        match value {
            Some(v) if *v > threshold && !seen => return Some(Crossing::AtStart(index)),
            Some(v) if *v > threshold => return Some(Crossing::At(index)),
            Some(_) => seen = true,
            None => {}
        }
    }
    None
}

/// Periods that open a burst: at least [`BURST_MIN`] and [`BURST_FACTOR`] times the window's
/// median period, where the period before was not one.
pub fn bursts(series: &[Option<f64>]) -> Vec<usize> {
    let mut sorted: Vec<f64> = series.iter().map(|v| v.unwrap_or(0.0)).collect();
    sorted.sort_by(f64::total_cmp);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let bar = BURST_MIN.max(median * BURST_FACTOR);
    let mut opened = Vec::new();
    let mut inside = false;
    for (index, value) in series.iter().enumerate() {
        let hot = value.unwrap_or(0.0) >= bar;
        if hot && !inside {
            opened.push(index);
        }
        inside = hot;
    }
    opened
}

/// Each part judged as `top --check` judges its figures, and each function by its error lines
/// as `doctor`'s logs check does.
fn verdicts(plan: &Plan, snapshot: &Snapshot, figures: &[Figure]) -> Vec<Verdict> {
    let mut subjects: Vec<&str> = Vec::new();
    for figure in figures {
        if !subjects.contains(&figure.subject.as_str()) {
            subjects.push(&figure.subject);
        }
    }
    let mut verdicts = Vec::new();
    for subject in subjects {
        let of: Vec<&Figure> = figures.iter().filter(|f| f.subject == subject).collect();
        let failing: Vec<&Figure> = of
            .iter()
            .filter(|f| {
                matches!(
                    f.state,
                    State::Alert | State::Error | State::Missing | State::Wrong
                )
            })
            .copied()
            .collect();
        let failing = described(&failing);
        let warning: Vec<&Figure> = of
            .iter()
            .filter(|f| matches!(f.state, State::Warn | State::Unread) || unknown(f))
            .copied()
            .collect();
        let warning = described(&warning);
        let mut reasons = failing.clone();
        let error_lines = plan
            .functions
            .iter()
            .zip(&snapshot.error_lines)
            .find(|(f, _)| f.subject == subject)
            .map_or(0, |(_, lines)| lines.total());
        if error_lines > 0 {
            reasons.push(format!("{error_lines} error lines in its log"));
        }
        let (verdict, reason) = if !reasons.is_empty() {
            ("fail", reasons.join("; "))
        } else if !warning.is_empty() {
            ("warn", warning.join("; "))
        } else {
            ("pass", "no threshold crossed in the window".to_string())
        };
        verdicts.push(Verdict {
            subject: subject.to_string(),
            verdict: verdict.into(),
            reason,
        });
    }
    verdicts
}

/// A figure whose absence leaves the part unjudged: a gauge without a datapoint (a queue's
/// depth, the stream's iterator age: CloudWatch has nothing, which is not 0), or a function's
/// log that could not be read. A latency without datapoints is only a quiet function.
fn unknown(figure: &Figure) -> bool {
    figure.state == State::NoData
        && (matches!(
            figure.figure.as_str(),
            "visible" | "oldest_age" | "iterator_age"
        ) || (figure.figure == "last_error" && figure.note.is_some()))
}

/// The figures' descriptions, those with the same state and note (a source that failed fails
/// every figure of it the same way) said once: `errors, throttles (error: …)`.
fn described(figures: &[&Figure]) -> Vec<String> {
    let mut groups: Vec<(State, Option<&String>, Vec<&Figure>)> = Vec::new();
    for figure in figures {
        let shared = figure.note.is_some() && figure.figure != "last_error";
        match groups.iter_mut().find(|(state, note, _)| {
            shared && *state == figure.state && *note == figure.note.as_ref()
        }) {
            Some((_, _, members)) => members.push(figure),
            None => groups.push((figure.state, figure.note.as_ref(), vec![figure])),
        }
    }
    groups
        .into_iter()
        .map(|(_, _, members)| match members.as_slice() {
            [one] => describe(one),
            several => {
                let names: Vec<&str> = several.iter().map(|f| f.figure.as_str()).collect();
                let first = describe(several[0]);
                // "errors (error: …)" → "errors, throttles (error: …)"
                let tail = first.find(" (").map_or("", |at| &first[at..]);
                format!("{}{tail}", names.join(", "))
            }
        })
        .collect()
}

fn describe(figure: &Figure) -> String {
    let value = figure
        .value
        .map(|v| format!(" {}", crate::top::view::number(v)))
        .unwrap_or_default();
    match &figure.note {
        Some(note) if figure.figure != "last_error" || figure.state != State::Ok => {
            format!("{}{value} ({}: {note})", figure.figure, figure.state.name())
        }
        None if figure.state == State::NoData => {
            format!("{} (no datapoint in the window)", figure.figure)
        }
        _ => format!("{}{value} ({})", figure.figure, figure.state.name()),
    }
}

fn top_errors(plan: &Plan, snapshot: &Snapshot) -> Vec<TopError> {
    let mut all: Vec<TopError> = plan
        .functions
        .iter()
        .zip(&snapshot.error_lines)
        .flat_map(|(function, lines): (_, &ErrorLines)| {
            lines.messages.iter().map(move |(kind, m)| TopError {
                function: function.subject.clone(),
                kind: kind.clone(),
                count: m.count,
                sample: clipped(&m.sample, SAMPLE_CHARS),
                request_id: m.request_id.clone(),
                first: iso(m.first_ms.div_euclid(1000)),
                last: iso(m.last_ms.div_euclid(1000)),
            })
        })
        .collect();
    all.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.first.cmp(&b.first))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    all.truncate(TOP_ERRORS);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_opens_once_per_run_of_hot_periods() {
        let quiet = |n: usize| vec![Some(1.0); n];
        let mut series = quiet(10);
        series[3] = Some(12.0);
        series[4] = Some(40.0);
        series[8] = Some(30.0);
        assert_eq!(bursts(&series), vec![3, 8]);
        // Busy all along is no burst: 3x the median is the bar.
        assert_eq!(bursts(&[Some(20.0); 10]), Vec::<usize>::new());
        // Nine is under the floor, however quiet the rest.
        assert_eq!(bursts(&[Some(0.0), Some(9.0)]), Vec::<usize>::new());
    }

    #[test]
    fn the_live_estimate_walks_back_from_now() {
        // 4 live now; the last period had 3 connects and 1 disconnect, the one before 5 and 0.
        let live = live_estimate(4, &[Some(5.0), Some(3.0)], &[0, 1]);
        assert_eq!(live, Some(vec![Some(2.0), Some(4.0)]));
        // Counts that do not agree: no line at all, rather than one clamped at 0.
        assert_eq!(live_estimate(0, &[Some(0.0), Some(3.0)], &[0, 0]), None);
    }

    #[test]
    fn the_freshest_zeros_are_gaps_and_data_is_kept() {
        // Periods of a minute from 0; now is 250 s: periods ending after 100 s are fresh.
        let values = [Some(0.0), Some(0.0), Some(3.0), Some(0.0), None];
        assert_eq!(
            fresh_gaps(&values, 0, 60, 250),
            vec![Some(0.0), None, Some(3.0), None, None]
        );
    }

    #[test]
    fn a_crossing_is_the_first_period_above_after_one_below() {
        assert_eq!(
            first_crossing(&[Some(1.0), None, Some(70_000.0)], 60_000.0),
            Some(Crossing::At(2))
        );
        assert_eq!(first_crossing(&[Some(0.0), Some(0.0)], 0.0), None);
        // Above from the first datapoint: it crossed before the window, not then.
        assert_eq!(
            first_crossing(&[None, Some(3.0)], 0.0),
            Some(Crossing::AtStart(1))
        );
    }
}
