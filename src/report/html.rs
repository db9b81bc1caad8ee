//! The model as one HTML page that needs nothing else: inline CSS (light and dark, A4 print,
//! a phone's width), charts as inline SVG, every text from AWS or a peer escaped by the
//! template engine (maud). No script, no request.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::chart;
use super::model::{Chart, PageFigure, StackPage};

const CSS: &str = include_str!("page.css");

/// A number as the JSON model writes it (`data-value`), so a reader of the page can check it
/// against `-o json` exactly.
pub fn json_number(value: Option<f64>) -> String {
    serde_json::to_string(&value).unwrap_or_default()
}

/// Text from AWS or a peer as the page shows it: control characters (an ANSI escape, a
/// carriage return) as visible escapes, not boxes; maud escapes the markup.
pub fn text(from_outside: &str) -> String {
    crate::output::visible(from_outside).into_owned()
}

/// A note in a table cell: at most 300 characters (the JSON has all of it).
fn cell_note(note: &str) -> String {
    text(&super::model::clipped(note, 300))
}

/// A number as people read it.
pub fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_string(), crate::top::view::number)
}

/// The page around `body`.
pub fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // Nothing leaves the page: no script, style, image or font from elsewhere.
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// Rows a stack page's numbers table keeps: a day of minutes is 48 rows of 30 minutes (the
/// page stays small; `-o json` has every minute).
pub const STACK_TABLE_ROWS: usize = 48;

/// A chart: its title, the SVG, a legend, and its numbers in a table folded under it — every
/// period, or with `max_rows` groups of periods (counts summed, the rest their highest).
pub fn chart_block(
    chart: &Chart,
    x_name: &str,
    label: &dyn Fn(usize) -> String,
    max_rows: Option<usize>,
) -> Markup {
    let periods = chart.periods();
    let step = max_rows.map_or(1, |rows| periods.div_ceil(rows.max(1)).max(1));
    let counts = chart.unit.starts_with("count");
    let rows = (0..periods).step_by(step).map(|start| {
        let end = (start + step).min(periods);
        let values: Vec<Option<f64>> = chart
            .series
            .iter()
            .map(|series| {
                let group = series
                    .values
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .flatten()
                    .copied();
                if counts {
                    group.reduce(|a, b| a + b)
                } else {
                    group.reduce(f64::max)
                }
            })
            .collect();
        let name = if end - start > 1 {
            format!("{}–{}", label(start), label(end - 1))
        } else {
            label(start)
        };
        (name, values)
    });
    html! {
        figure.chart id=(chart.id) data-chart=(chart.id) {
            figcaption { h3 { (chart.title) } }
            @if chart.series.iter().all(|s| s.values.iter().all(Option::is_none)) {
                p.note.empty { "No datapoint in the window." }
            } @else {
                div.plot { (PreEscaped(chart::svg(chart, x_name, label))) }
            }
            ul.legend {
                @for (index, series) in chart.series.iter().enumerate() {
                    li { span.swatch style={ "background:" (chart::hex(index)) } {} (series.name) }
                }
            }
            @if let Some(note) = &chart.note { p.note { (note) } }
            details {
                summary {
                    "Numbers (" (chart.unit) ")"
                    @if step > 1 {
                        " — each row " (step) " periods: "
                        @if counts { "their sum" } @else { "the highest" }
                        "; -o json has every period"
                    }
                }
                div.scroll {
                    table.data {
                        thead { tr { th { (x_name) } @for series in &chart.series { th { (series.name) } } } }
                        tbody {
                            @for (name, values) in rows {
                                tr {
                                    td { (name) }
                                    @for value in values {
                                        @if step == 1 {
                                            td.num data-value=(json_number(value)) { (shown(value)) }
                                        } @else {
                                            td.num { (shown(value)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn state_class(state: &str) -> &'static str {
    match state {
        "ok" | "pass" => "ok",
        "warn" | "unread" | "no_data" => "warn",
        "info" => "info",
        _ => "fail",
    }
}

fn figure_row(figure: &PageFigure) -> Markup {
    html! {
        tr data-subject=(figure.subject) data-figure=(figure.figure) {
            td { (figure.subject) }
            td { (figure.figure) }
            td.num data-value=(json_number(figure.value)) { (shown(figure.value)) }
            td.num data-latest=(json_number(figure.latest)) { (shown(figure.latest)) }
            td { (figure.unit) }
            td { span class={ "badge " (state_class(&figure.state)) } { (figure.state) } }
            td.text { @if let Some(note) = &figure.note { (cell_note(note)) } }
        }
    }
}

/// The page of a stack's window.
pub fn stack(page: &StackPage) -> String {
    let h = &page.header;
    let window = &page.window;
    let label = |index: usize| window.label(index);
    let x_name = format!("time (UTC, {} s periods)", window.period_s);
    let title = format!(
        "Incident report: {} — {} to {}",
        h.title, window.from, window.to
    );
    let body = html! {
        header {
            h1 { "Incident report: " (h.title) }
            dl.meta {
                dt { "Environment" } dd { (h.env.as_deref().unwrap_or("—")) }
                dt { "API / stage" } dd { (h.api.as_deref().unwrap_or("—")) }
                dt { "Region" } dd { (h.region.as_deref().unwrap_or("—")) }
                dt { "Account" } dd { (h.account.as_deref().unwrap_or("—")) }
                dt { "Window" } dd { time datetime=(window.from) { (window.from) } " to " time datetime=(window.to) { (window.to) } " (" (window.periods) " periods of " (window.period_s) " s)" }
                dt { "Generated" } dd { (h.generated_at) " by iops " (h.iops_version) " from " (h.source) }
            }
        }
        section #verdicts {
            h2 { "Verdicts" }
            div.scroll { table {
                thead { tr { th { "Part" } th { "Verdict" } th { "Why" } } }
                tbody { @for v in &page.verdicts {
                    tr data-subject=(v.subject) {
                        td { (v.subject) }
                        td { span class={ "badge " (state_class(&v.verdict)) } { (v.verdict) } }
                        td.text { (cell_note(&v.reason)) }
                    }
                } }
            } }
            @if !page.missing.is_empty() || !page.wrong.is_empty() {
                ul.problems {
                    @for part in &page.missing { li { b { (part.subject) } " is missing: " (cell_note(&part.note)) } }
                    @for part in &page.wrong { li { b { (part.subject) } " is not what iops.toml says: " (cell_note(&part.note)) } }
                }
            }
        }
        @if !page.notes.is_empty() {
            ul.notes { @for note in &page.notes { li.note { (cell_note(note)) } } }
        }
        section #timeline {
            h2 { "Timeline" }
            @if page.timeline.is_empty() {
                p.note { "Nothing happened that iops marks: no error line, burst, iterator age over a minute or dead-letter queue filling." }
            } @else {
                ol.timeline { @for e in &page.timeline {
                    li class=(state_class(&e.severity)) {
                        time datetime=(e.at) { (e.at) } " "
                        b { (e.subject) } " — " (text(&e.what))
                    }
                } }
            }
        }
        section #charts {
            h2 { "Per period" }
            @for c in &page.charts { (chart_block(c, &x_name, &label, Some(STACK_TABLE_ROWS))) }
        }
        section #errors {
            h2 { "Top error messages" }
            @if page.top_errors.is_empty() {
                p.note { "No error line in the window." }
            } @else {
                div.scroll { table {
                    thead { tr { th { "Function" } th { "Count" } th { "Message (numbers and ids masked)" } th { "Sample request id" } th { "First" } th { "Last" } } }
                    tbody { @for e in &page.top_errors {
                        tr {
                            td { (e.function) }
                            td.num data-value=(e.count) { (e.count) }
                            td.text { code { (text(&e.kind)) } details { summary { "a line" } pre { (text(&e.sample)) } } }
                            td { code { (e.request_id.as_deref().unwrap_or("—")) } }
                            td { (e.first) }
                            td { (e.last) }
                        }
                    } }
                } }
            }
        }
        section #figures {
            h2 { "Figures over the window" }
            div.scroll { table {
                thead { tr { th { "Part" } th { "Figure" } th { "Window" } th { "Latest" } th { "Unit" } th { "State" } th { "Note" } } }
                tbody { @for f in &page.figures { (figure_row(f)) } }
            } }
        }
        footer {
            p { "AWS requests: "
                @for (op, n) in &page.requests { span.req { (op) " " (n) } " " }
            }
            p.note { "Counts are totals over the window; latencies the worst period; gauges the newest datapoint. Error kinds mask numbers and ids." }
        }
    };
    self::page(&title, body)
}
