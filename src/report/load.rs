//! The page of a `ws probe` load report (a single run, or several merged by `ws merge`): the
//! verdict first, the run's figures, charts per second from the report's timeline (connections
//! opened, connected, failed and cut short; connect time and round trip p50/p95/max; close codes;
//! messages), and the close codes, failures, violations and messages as tables.
//!
//! One model, two renderers: [`page`] is what `iops report LOAD.json` prints as JSON — the report
//! as it was read, and the charts derived from its timeline — and [`html`] reads nothing else.

use std::collections::BTreeMap;
use std::path::Path;

use maud::{Markup, html};
use serde::Serialize;

use super::html::{chart_block, json_number, shown};
use super::model::{Chart, ChartKind, ChartSeries};
use crate::error::{Error, Result};
use crate::ws::close;
use crate::ws::load::report::LoadReport;
use crate::ws::load::timeline::{self, Second, Timeline};

/// Periods a page's charts hold at most (each is a row of a chart's numbers): a longer run is
/// shown in periods of several seconds, which the charts' notes say.
pub const MAX_PERIODS: usize = 600;

/// A load report from a file (`-`: stdin).
/// A load report from a file (`-`: stdin), judged again by the load rule: the verdict on the
/// page is iops's own over the file's counts, never the file's word (an edited or older file).
pub fn read(path: &Path) -> Result<LoadReport> {
    let text = super::read_text(path)?;
    let mut report: LoadReport = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{} is not a load report of `iops ws probe URL --connections 500 -o json` or of `ws merge`: {e}",
            path.display()
        ))
    })?;
    if report.connected + report.failed > report.attempted {
        return Err(Error::usage(format!(
            "{}: {} connected and {} failed of {} attempted do not add up: not a report iops wrote",
            path.display(),
            report.connected,
            report.failed,
            report.attempted
        )));
    }
    report.verdict = crate::ws::load::judge(&report);
    Ok(report)
}

/// Everything the load page shows.
#[derive(Debug, Clone, Serialize)]
pub struct LoadPage {
    /// The report as `ws probe --connections N -o json` or `ws merge` wrote it: the header's
    /// figures, the verdict, and the tables.
    pub report: LoadReport,
    /// Seconds per period of the charts: 1, or more when the run is longer than 600 s.
    pub period_s: usize,
    /// Per period from the run's start (in a merge, each run's own start), from the timeline;
    /// none when the report has no timeline.
    pub charts: Vec<Chart>,
}

/// A few lines for a terminal.
pub fn summary(report: &LoadReport) -> Vec<String> {
    let mut text = Vec::new();
    let _ = crate::ws::load::report::render_text(report, &mut text);
    String::from_utf8_lossy(&text)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The model of the load page.
pub fn page(report: &LoadReport) -> LoadPage {
    let (period_s, charts) = match &report.timeline {
        Some(timeline) => {
            let period_s = timeline.seconds.len().div_ceil(MAX_PERIODS).max(1);
            (period_s, charts(timeline, period_s))
        }
        None => (1, Vec::new()),
    };
    LoadPage {
        report: report.clone(),
        period_s,
        charts,
    }
}

fn counts(periods: &[Second], pick: impl Fn(&Second) -> u64) -> Vec<Option<f64>> {
    periods.iter().map(|p| Some(pick(p) as f64)).collect()
}

/// p50, p95 and the highest bucket of each period's bucket counts, in ms (gaps where none).
fn bucket_series(
    periods: &[Second],
    bounds: &[u64],
    pick: impl Fn(&Second) -> &[u64],
) -> Vec<ChartSeries> {
    let series = |name: &str, figure: &dyn Fn(&[u64]) -> Option<u64>| ChartSeries {
        name: name.to_string(),
        values: periods
            .iter()
            .map(|p| figure(pick(p)).map(|ms| ms as f64))
            .collect(),
    };
    vec![
        series("p50", &|c| timeline::quantile_bound(c, bounds, 0.50)),
        series("p95", &|c| timeline::quantile_bound(c, bounds, 0.95)),
        series("max", &|c| timeline::max_bound(c, bounds)),
    ]
}

/// `1, 2, 5 … 500 ms, 1, 2 … 60 s`.
fn bounds_text(bounds: &[u64]) -> String {
    let ms: Vec<String> = bounds
        .iter()
        .filter(|&&b| b < 1000)
        .map(u64::to_string)
        .collect();
    let s: Vec<String> = bounds
        .iter()
        .filter(|&&b| b >= 1000)
        .map(|b| crate::top::view::number(*b as f64 / 1000.0))
        .collect();
    match (ms.is_empty(), s.is_empty()) {
        (false, false) => format!("{} ms, {} s", ms.join(", "), s.join(", ")),
        (false, true) => format!("{} ms", ms.join(", ")),
        _ => format!("{} s", s.join(", ")),
    }
}

fn charts(timeline: &Timeline, period_s: usize) -> Vec<Chart> {
    let periods = timeline.coarser(period_s);
    let bounds = &timeline.bucket_bounds_ms;
    let per = if period_s == 1 {
        "per second".to_string()
    } else {
        format!("per {period_s} s period")
    };
    let coarse = (period_s > 1).then(|| {
        format!(
            "The run's {} s are shown in periods of {period_s} s (a page holds at most {MAX_PERIODS} periods): counts are each period's sums.",
            timeline.seconds.len()
        )
    });
    let with = |note: String| {
        Some(match &coarse {
            Some(coarse) => format!("{coarse} {note}"),
            None => note,
        })
    };
    let buckets_note = format!(
        "Each period's p50, p95 and max are the upper bounds of the buckets they fall in ({}): the true value is at most that; past {} ms shows as {} ms. The run's exact figures are above.",
        bounds_text(bounds),
        bounds.last().copied().unwrap_or_default(),
        bounds.last().copied().unwrap_or_default()
    );
    let any = |pick: fn(&Second) -> u64| periods.iter().any(|p| pick(p) > 0);
    let counted = |name: &str, pick: fn(&Second) -> u64| ChartSeries {
        name: name.into(),
        values: counts(&periods, pick),
    };
    let mut charts = vec![Chart {
        id: "connections".into(),
        title: format!("Connections {per}"),
        unit: format!("connections {per}"),
        kind: ChartKind::Lines,
        series: vec![
            counted("opened", |p| p.opened),
            counted("connected", |p| p.connected),
            counted("failed", |p| p.failed),
            counted("cut short", |p| p.cut_short),
        ],
        note: with(
            "Opened: connections started (attempted); connected and failed: when the upgrade completed or failed; cut short: connections that ended before their hold (closed by the server, dropped, or a protocol violation).".into(),
        ),
    }];
    if any(|p| p.connected) {
        charts.push(Chart {
            id: "connect-time".into(),
            title: format!("Connect time {per}"),
            unit: "ms".into(),
            kind: ChartKind::Lines,
            series: bucket_series(&periods, bounds, |p| &p.connect_ms),
            note: with(format!(
                "From the start of the connection to the completed upgrade, by the second it completed. {buckets_note}"
            )),
        });
    }
    if any(|p| p.matched) {
        charts.push(Chart {
            id: "round-trip".into(),
            title: format!("Round trip {per}"),
            unit: "ms".into(),
            kind: ChartKind::Lines,
            series: bucket_series(&periods, bounds, |p| &p.round_trip_ms),
            note: with(format!(
                "From a send to the message that answered it, by the second the answer came. {buckets_note}"
            )),
        });
    }
    let (codes, others) = close_code_series(&periods);
    if !codes.is_empty() {
        let mut series: Vec<ChartSeries> = codes
            .iter()
            .map(|code| ChartSeries {
                name: format!("{code} {}", close::name(*code)),
                values: counts(&periods, |p| {
                    p.close_codes.get(code).copied().unwrap_or_default()
                }),
            })
            .collect();
        if !others.is_empty() {
            series.push(ChartSeries {
                name: format!("{} other codes", others.len()),
                values: counts(&periods, |p| {
                    others
                        .iter()
                        .map(|code| p.close_codes.get(code).copied().unwrap_or_default())
                        .sum()
                }),
            });
        }
        charts.push(Chart {
            id: "close-codes".into(),
            title: format!("Connections ended {per}, by close code"),
            unit: format!("connections {per}"),
            kind: ChartKind::Stacked,
            series,
            note: with(
                "Each connection once, in the period it ended; past the 7 most frequent codes, the rest are one series (the table below has each)."
                    .into(),
            ),
        });
    }
    if any(|p| p.sent) || any(|p| p.received) {
        charts.push(Chart {
            id: "messages".into(),
            title: format!("Messages {per}"),
            unit: format!("messages {per}"),
            kind: ChartKind::Lines,
            series: vec![
                counted("sent", |p| p.sent),
                counted("received", |p| p.received),
                counted("matched", |p| p.matched),
            ],
            note: with("Matched: received messages that answered a send.".into()),
        });
    }
    charts
}

/// Close codes drawn as series of their own: the most frequent, in code order; the rest (a
/// series together) are returned apart, so the chart keeps to one colour a series and its table
/// to a bounded width however many codes a server sends.
fn close_code_series(periods: &[Second]) -> (Vec<u16>, Vec<u16>) {
    const OWN_SERIES: usize = 7;
    let mut totals: BTreeMap<u16, u64> = BTreeMap::new();
    for period in periods {
        for (code, n) in &period.close_codes {
            *totals.entry(*code).or_default() += n;
        }
    }
    let mut by_count: Vec<(u16, u64)> = totals.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut own: Vec<u16> = by_count.iter().take(OWN_SERIES).map(|(c, _)| *c).collect();
    let mut rest: Vec<u16> = by_count.iter().skip(OWN_SERIES).map(|(c, _)| *c).collect();
    // Eight codes fit eight colours: no series of one "other".
    if rest.len() == 1 {
        own.append(&mut rest);
    }
    own.sort_unstable();
    rest.sort_unstable();
    (own, rest)
}

/// A count with its exact JSON value.
fn count(value: u64) -> Markup {
    html! { span.num data-value=(value) { (value) } }
}

/// A figure with its exact JSON value.
fn figure(value: Option<f64>) -> Markup {
    html! { span.num data-value=(json_number(value)) { (shown(value)) } }
}

/// `3 s`, `800 ms`.
fn duration(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{} s", crate::top::view::number(ms / 1000.0))
    } else {
        format!("{} ms", crate::top::view::number(ms))
    }
}

/// A table of counts by a key, with a column of what each key is.
fn count_table(
    id: &str,
    key_name: &str,
    rows: Vec<(String, Option<String>, u64)>,
    empty: &str,
) -> Markup {
    html! {
        @if rows.is_empty() {
            p.note id=(id) { (empty) }
        } @else {
            div.scroll { table id=(id) {
                thead { tr { th { (key_name) } th { "Count" } } }
                tbody { @for (key, what, n) in &rows {
                    tr {
                        td.text { code { (key) } @if let Some(what) = what { " " (what) } }
                        td.num data-value=(n) { (n) }
                    }
                } }
            } }
        }
    }
}

pub fn html(page: &LoadPage) -> String {
    let r = &page.report;
    let period_s = page.period_s;
    let label = move |index: usize| (index * period_s).to_string();
    let x_name = if period_s == 1 {
        "seconds from the start".to_string()
    } else {
        format!("seconds from the start ({period_s} s periods)")
    };
    let c = &r.connect_ms;
    let t = &r.round_trip_ms;
    let m = &r.messages;
    let closes: Vec<(String, Option<String>, u64)> = r
        .close_codes
        .iter()
        .map(|(code, n)| {
            let early = r.cut_short_codes.get(code).copied().unwrap_or_default();
            let what = if early > 0 {
                format!("{} — {early} cut short", close::name(*code))
            } else {
                close::name(*code).to_string()
            };
            (code.to_string(), Some(what), *n)
        })
        .collect();
    let statuses = r
        .handshake_statuses
        .iter()
        .map(|(status, n)| (status.to_string(), None, *n))
        .collect();
    let failures = r
        .failures
        .iter()
        .map(|(cause, n)| (cause.clone(), None, *n))
        .collect();
    let violations = r
        .violations
        .iter()
        .map(|(rule, n)| (rule.clone(), None, *n))
        .collect();
    let body = html! {
        header {
            h1 { "Load report: " (r.url) }
            section #verdict {
                p {
                    "Verdict: "
                    @if r.verdict.ok {
                        span.badge.ok data-verdict="ok" { "ok" }
                    } @else {
                        span.badge.fail data-verdict="failed" { "failed" }
                    }
                    @if r.interrupted { " " span.badge.warn { "interrupted" } }
                }
                @if !r.verdict.reasons.is_empty() {
                    ul.problems { @for reason in &r.verdict.reasons { li { (reason) } } }
                }
            }
            dl.meta {
                dt { "URL" } dd { code { (r.url) } }
                dt { "Connections" } dd {
                    (count(r.requested)) " requested, " (count(r.attempted)) " attempted, "
                    (count(r.connected)) " connected, " (count(r.failed)) " failed, "
                    (count(r.cut_short)) " cut short; " (count(r.held_peak)) " held at once (peak)"
                }
                dt { "Rate" } dd {
                    (figure(Some(r.achieved_rate))) " per second achieved of "
                    (figure(Some(r.target_rate))) " per second asked"
                }
                dt { "Hold" } dd {
                    (duration(r.hold_ms))
                    @if let Some(n) = r.messages_per_connection { ", or until each connection's " (n) " rounds of messages are answered" }
                }
                dt { "Elapsed" } dd { (duration(r.elapsed_ms)) }
                dt { "Interrupted" } dd { @if r.interrupted { "yes: the plan was not done" } @else { "no" } }
                dt { "Connect time" } dd {
                    "p50 " (figure(c.p50)) " · p95 " (figure(c.p95)) " · p99 " (figure(c.p99))
                    " · max " (figure(c.max)) " ms (" (c.method.name()) ")"
                }
                @if t.count > 0 {
                    dt { "Round trip" } dd {
                        "p50 " (figure(t.p50)) " · p95 " (figure(t.p95)) " · p99 " (figure(t.p99))
                        " · max " (figure(t.max)) " ms (exact, " (count(t.count)) " round trips)"
                    }
                }
            }
        }
        section #charts {
            h2 { "Over time" }
            @if r.timeline.is_none() {
                p.note { "This report has no timeline (an iops older than timelines wrote it, or it merges such a report): no chart." }
            } @else {
                p.note { "Second 0 is the run's start; in a merge of runs (ws merge), each run's own start." }
                @for chart in &page.charts { (chart_block(chart, &x_name, &label, None)) }
            }
        }
        section #closes {
            h2 { "How connections ended" }
            (count_table("close-codes-table", "Close code", closes, "No connection was held."))
        }
        section #failures {
            h2 { "Failures by cause" }
            (count_table("failures-table", "Cause", failures, "Every connection opened."))
            h3 { "Handshake statuses" }
            (count_table("statuses-table", "HTTP status", statuses, "No upgrade was answered."))
        }
        section #violations {
            h2 { "Protocol violations by the server" }
            (count_table("violations-table", "Rule broken", violations, "None."))
        }
        section #messages {
            h2 { "Messages" }
            div.scroll { table #messages-table {
                thead { tr { th { "Messages" } th { "Count" } } }
                tbody {
                    tr data-figure="sent" { td { "sent" } td.num data-value=(m.sent) { (m.sent) } }
                    tr data-figure="received" { td { "received" } td.num data-value=(m.received) { (m.received) } }
                    tr data-figure="matched" { td { "answered a send (matched)" } td.num data-value=(m.matched) { (m.matched) } }
                    tr data-figure="unanswered" { td { "sends unanswered when their connection ended" } td.num data-value=(m.unanswered) { (m.unanswered) } }
                    tr data-figure="expectations_failed" { td { "connections that missed an --expect" } td.num data-value=(m.expectations_failed) { (m.expectations_failed) } }
                }
            } }
            @let b = &r.broadcasts_per_connection;
            @if b.max.is_some_and(|max| max > 0) {
                p { "Broadcasts (messages that answered no send) per connection: min "
                    (b.min.unwrap_or_default()) ", median " (b.median.unwrap_or_default()) ", max " (b.max.unwrap_or_default()) }
            }
        }
        footer {
            p.note { "From " code { "iops ws probe URL --connections 500 -o json" } " (or " code { "ws merge" } "); the JSON model (" code { "iops report LOAD.json" } ") holds every number of this page." }
        }
    };
    super::html::page(&format!("iops load report — {}", r.url), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ws::load::report::LoadReport;

    fn report(seconds: Vec<Second>) -> LoadReport {
        let mut report: LoadReport = serde_json::from_value(serde_json::json!({
            "url": "ws://x/<script>alert(1)</script>",
            "requested": 3, "attempted": 3, "connected": 2, "failed": 1, "held_peak": 2,
            "target_rate": 10.0, "achieved_rate": 10.0,
            "connect_ms": {"p50": 1.5, "p95": 2.0, "p99": 2.0, "max": 2.0, "method": "exact"},
            "handshake_statuses": {"101": 2, "403": 1}, "close_codes": {"1000": 2},
            "messages_received": 0,
            "messages": {"sent": 0, "received": 0, "matched": 0, "expectations_failed": 0},
            "round_trip_ms": {"count": 0},
            "broadcasts_per_connection": {},
            "failures": {"HTTP 403 <b>no</b>": 1},
            "elapsed_ms": 1200.0, "interrupted": false,
            "verdict": {"ok": false, "reasons": ["1 of 3 connections could not be opened (HTTP 403 <b>no</b> × 1)"]},
            "samples": null
        }))
        .unwrap();
        report.timeline = Some(Timeline {
            bucket_bounds_ms: timeline::BOUNDS_MS.to_vec(),
            seconds,
        });
        report
    }

    fn second(opened: u64, connect_ms: Vec<u64>) -> Second {
        Second {
            opened,
            connected: connect_ms.iter().sum(),
            connect_ms,
            ..Second::default()
        }
    }

    #[test]
    fn charts_are_the_timeline_and_long_runs_are_coarsened() {
        let page = page(&report(vec![second(2, vec![0, 2]), second(1, vec![])]));
        assert_eq!(page.period_s, 1);
        let ids: Vec<&str> = page.charts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["connections", "connect-time"]);
        assert_eq!(page.charts[0].series[0].values, [Some(2.0), Some(1.0)]);
        // p50 of two connects in (1, 2] ms is the bound 2; a second without connects is a gap.
        assert_eq!(page.charts[1].series[0].values, [Some(2.0), None]);

        let long = page_of_seconds(1_500);
        assert_eq!(long.period_s, 3);
        let opened = &long.charts[0].series[0].values;
        assert_eq!(opened.len(), 500);
        assert_eq!(opened.iter().flatten().sum::<f64>(), 1_500.0);
        assert!(
            long.charts[0]
                .note
                .as_deref()
                .unwrap()
                .contains("periods of 3 s")
        );
    }

    fn page_of_seconds(n: usize) -> LoadPage {
        page(&report((0..n).map(|_| second(1, vec![1])).collect()))
    }

    #[test]
    fn the_page_escapes_the_peers_text_and_shows_the_verdict_first() {
        let html = html(&page(&report(vec![second(3, vec![2])])));
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>no</b>"));
        assert!(html.contains("ws://x/&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("HTTP 403 &lt;b&gt;no&lt;/b&gt;"));
        let verdict = html.find("data-verdict=\"failed\"").unwrap();
        assert!(verdict < html.find("id=\"connections\"").unwrap());
        assert!(verdict < html.find("<dl").unwrap());
        // No script at all: the CSP forbids it and the page has none.
        assert!(!html.contains("<script"));
    }

    #[test]
    fn a_report_without_a_timeline_has_a_page_without_charts() {
        let mut old = report(Vec::new());
        old.timeline = None;
        let page = page(&old);
        assert!(page.charts.is_empty());
        assert!(html(&page).contains("no timeline"));
    }

    #[test]
    fn past_eight_close_codes_the_rarest_are_one_series() {
        let period = |codes: &[(u16, u64)]| Second {
            close_codes: codes.iter().copied().collect(),
            ..Second::default()
        };
        let eight: Vec<(u16, u64)> = (0..8).map(|i| (4000 + i, 10 + u64::from(i))).collect();
        assert_eq!(close_code_series(&[period(&eight)]).0.len(), 8);
        let mut ten = eight.clone();
        ten.extend([(1000, 100), (1006, 1)]);
        let (own, rest) = close_code_series(&[period(&ten[..5]), period(&ten[5..])]);
        assert_eq!(own, [1000, 4002, 4003, 4004, 4005, 4006, 4007]);
        assert_eq!(rest, [1006, 4000, 4001]);
        let page = page(&report(vec![period(&ten)]));
        let chart = page.charts.iter().find(|c| c.id == "close-codes").unwrap();
        assert_eq!(chart.series.len(), 8);
        assert_eq!(chart.series[7].name, "3 other codes");
        assert_eq!(chart.series[7].values, [Some(1.0 + 10.0 + 11.0)]);
    }

    #[test]
    fn bucket_bounds_read_as_people_say_them() {
        assert_eq!(
            bounds_text(&timeline::BOUNDS_MS),
            "1, 2, 5, 10, 20, 50, 100, 200, 500 ms, 1, 2, 5, 10, 30, 60 s"
        );
    }
}
