//! Draws one frame of `iops top` from the figures of the last refresh. Pure: the same figures
//! always give the same screen, which the snapshot tests pin at 80×24 and 160×50.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::figures::{Figure, Panel, State, round};
use super::gather::Window;
use super::plan::Plan;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// What covers the panels, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    None,
    Help,
    /// A function's recent log lines (or why they could not be read).
    Logs {
        function: String,
        lines: Option<Result<Vec<String>, String>>,
    },
}

/// Everything one frame shows.
pub struct View<'a> {
    pub plan: &'a Plan,
    pub figures: &'a [Figure],
    pub window: Window,
    /// `HH:MM:SS` of the refresh shown, if any yet.
    pub taken_at: Option<String>,
    pub refresh: String,
    pub paused: bool,
    pub reading: bool,
    /// Index into the plan's functions.
    pub selected: usize,
    pub overlay: &'a Overlay,
    pub requests: &'a BTreeMap<String, u64>,
    pub frame_ms: Option<f64>,
    /// False for `--color never` and `NO_COLOR`.
    pub color: bool,
}

pub fn draw(frame: &mut Frame, view: &View) {
    let area = frame.area();
    let unmatched = view
        .figures
        .iter()
        .filter(|f| f.panel == Panel::Functions && f.figure == "source")
        .count();
    let functions = (view.plan.functions.len() + unmatched) as u16;
    let api_rows = count(view.figures, Panel::Api) as u16;
    let pipeline_rows = count(view.figures, Panel::Pipeline) as u16;
    // Each panel as tall as its rows; on a short terminal they share what there is.
    let [header, api, functions_area, pipeline, _, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Max(api_rows + 3),
        Constraint::Max(functions + 3),
        Constraint::Max(pipeline_rows + 3),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(header_line(view)), header);
    draw_rows(frame, api, "WebSocket API", view, Panel::Api);
    draw_functions(frame, functions_area, view);
    draw_rows(frame, pipeline, "Pipeline", view, Panel::Pipeline);
    frame.render_widget(Paragraph::new(footer_line(view)), footer);
    draw_overlay(frame, view);
    if !view.color {
        // --color never / NO_COLOR: bold and reverse video stay, colors go.
        for cell in frame.buffer_mut().content.iter_mut() {
            cell.set_fg(Color::Reset);
            cell.set_bg(Color::Reset);
        }
    }
}

fn draw_overlay(frame: &mut Frame, view: &View) {
    match view.overlay {
        Overlay::None => {}
        Overlay::Help => draw_popup(frame, " Keys ", help_lines()),
        Overlay::Logs { function, lines } => {
            let text = match lines {
                None => vec![Line::from("reading…")],
                Some(Ok(lines)) if lines.is_empty() => {
                    vec![Line::from("no log lines in the last 5 minutes")]
                }
                Some(Ok(lines)) => lines
                    .iter()
                    .map(|l| Line::from(crate::output::visible(l).into_owned()))
                    .collect(),
                Some(Err(message)) => vec![Line::styled(message.clone(), alert())],
            };
            draw_popup(
                frame,
                &format!(" {function} · last 5 minutes · Esc closes "),
                text,
            );
        }
    }
}

fn count(figures: &[Figure], panel: Panel) -> usize {
    figures.iter().filter(|f| f.panel == panel).count()
}

fn header_line(view: &View) -> Line<'static> {
    let mut spans = vec![Span::styled(
        "iops top",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    let mut part = |text: String| spans.push(Span::raw(format!(" · {text}")));
    if let Some(env) = &view.plan.env {
        part(format!("env {env}"));
    }
    if let Some(api) = &view.plan.api {
        part(format!("api {api}"));
    }
    part(format!("window {}", view.window.describe()));
    part(match &view.taken_at {
        Some(at) => format!("read {at}, every {}", view.refresh),
        None => "reading…".to_string(),
    });
    if view.paused {
        spans.push(Span::styled(" · PAUSED", warn()));
    } else if view.reading && view.taken_at.is_some() {
        spans.push(Span::raw(" · reading…"));
    }
    Line::from(spans)
}

fn footer_line(view: &View) -> Line<'static> {
    let cost: Vec<String> = view
        .requests
        .iter()
        .map(|(op, n)| format!("{n} {op}"))
        .collect();
    let mut text = format!("last refresh: {}", cost.join(", "));
    if let Some(ms) = view.frame_ms {
        text.push_str(&format!(" · render {ms:.2} ms"));
    }
    text.push_str(" · q quit  p pause  w window  ↑↓ select  l logs  ? help");
    Line::styled(text, Style::new().fg(Color::DarkGray))
}

fn block(title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
}

/// The API and pipeline panels: one row per figure.
fn draw_rows(frame: &mut Frame, area: Rect, title: &str, view: &View, panel: Panel) {
    let mut figures: Vec<&Figure> = view.figures.iter().filter(|f| f.panel == panel).collect();
    if figures.is_empty() {
        let none = Paragraph::new("not configured").block(block(title));
        frame.render_widget(none, area);
        return;
    }
    // On a short terminal the rows that need attention come first (stable: the rest keep
    // their order), and the title says how many are hidden.
    let room = usize::from(area.height.saturating_sub(3));
    let mut title = title.to_string();
    if figures.len() > room {
        figures.sort_by_key(|f| std::cmp::Reverse(f.state));
        title = format!(
            "{title} · {} of {} rows, problems first",
            room,
            figures.len()
        );
    }
    let narrow = area.width < NARROW;
    let trend_width = trend_width(area.width);
    let rows = figures.iter().map(|f| {
        Row::new(vec![
            marker(f.state),
            Cell::from(f.subject.clone()),
            Cell::from(f.figure.clone()),
            value_cell(f, f.value),
            value_cell(f, f.latest),
            Cell::from(spark(&f.series, trend_width)).style(style(f.state)),
            note_cell(f),
        ])
    });
    let (subject, number) = if narrow { (16, 7) } else { (18, 8) };
    let widths = vec![
        Constraint::Length(1),
        Constraint::Length(subject),
        Constraint::Length(23),
        Constraint::Length(number),
        Constraint::Length(number),
        Constraint::Length(trend_width as u16),
        Constraint::Fill(1),
    ];
    let header = Row::new(["", "subject", "figure", "window", "latest", "trend", "note"])
        .style(Style::new().add_modifier(Modifier::BOLD));
    frame.render_widget(
        Table::new(rows, widths).header(header).block(block(&title)),
        area,
    );
}

/// Below this width the panels' name and number columns are narrower.
const NARROW: u16 = 120;

/// The state as a character, for terminals (and readers) without color.
fn marker(state: State) -> Cell<'static> {
    let mark = match state {
        State::Alert | State::Wrong | State::Missing | State::Error => "✗",
        State::Warn => "!",
        State::Unread => "?",
        _ => " ",
    };
    Cell::from(mark).style(style(state))
}

/// The functions panel: one row per function, its figures in columns.
fn draw_functions(frame: &mut Frame, area: Rect, view: &View) {
    let functions = &view.plan.functions;
    let title = "Functions";
    if functions.is_empty() && count(view.figures, Panel::Functions) == 0 {
        frame.render_widget(Paragraph::new("not configured").block(block(title)), area);
        return;
    }
    let of = |subject: &str| -> Vec<&Figure> {
        view.figures
            .iter()
            .filter(|f| f.panel == Panel::Functions && f.subject == subject)
            .collect()
    };
    let narrow = area.width < NARROW;
    let trend_width = trend_width(area.width).min(20);
    // (header, width, figure): `None` is the trend of invocations.
    let mut columns: Vec<(&str, u16, Option<&str>)> = vec![
        (
            if narrow { "inv" } else { "invocations" },
            if narrow { 6 } else { 11 },
            Some("invocations"),
        ),
        ("errors", 6, Some("errors")),
        (
            if narrow { "thr" } else { "throttles" },
            if narrow { 4 } else { 9 },
            Some("throttles"),
        ),
        ("p99 ms", 7, Some("duration_p99")),
    ];
    if !narrow {
        columns.push(("conc", 5, Some("concurrency")));
    }
    columns.push(("trend", trend_width as u16, None));
    let mut rows: Vec<Row> = functions
        .iter()
        .enumerate()
        .map(|(index, function)| {
            let figures = of(&function.subject);
            let find = |name: &str| figures.iter().find(|f| f.figure == name).copied();
            let worst = figures.iter().map(|f| f.state).max().unwrap_or(State::Ok);
            let mut cells = vec![marker(worst), Cell::from(function.subject.clone())];
            cells.extend(columns.iter().map(|(_, _, name)| match name {
                Some(name) => find(name).map_or(Cell::from(""), |f| value_cell(f, f.value)),
                None => find("invocations").map_or(Cell::from(""), |f| {
                    Cell::from(spark(&f.series, trend_width)).style(style(f.state))
                }),
            }));
            cells.push(find("last_error").map_or(Cell::from(""), note_cell));
            let row = Row::new(cells);
            if index == view.selected {
                row.style(Style::new().add_modifier(Modifier::REVERSED))
            } else {
                row
            }
        })
        .collect();
    // Roles that matched no function: their reason, in the panel.
    rows.extend(
        view.figures
            .iter()
            .filter(|f| f.panel == Panel::Functions && f.figure == "source")
            .map(|f| {
                let mut cells = vec![marker(f.state), Cell::from(f.subject.clone())];
                cells.extend(columns.iter().map(|_| Cell::from("")));
                cells.push(note_cell(f));
                Row::new(cells)
            }),
    );
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(if narrow { 14 } else { 18 }),
    ];
    widths.extend(
        columns
            .iter()
            .map(|(_, width, _)| Constraint::Length(*width)),
    );
    widths.push(Constraint::Fill(1));
    let mut headers = vec!["", "function"];
    headers.extend(columns.iter().map(|(header, _, _)| *header));
    headers.push("last error");
    let header = Row::new(headers).style(Style::new().add_modifier(Modifier::BOLD));
    frame.render_widget(
        Table::new(rows, widths).header(header).block(block(title)),
        area,
    );
}

/// Narrow terminals keep their room for the notes, which say why.
fn trend_width(panel_width: u16) -> usize {
    if panel_width < 100 {
        return 8;
    }
    (usize::from(panel_width) / 6).clamp(5, 30)
}

fn value_cell(figure: &Figure, value: Option<f64>) -> Cell<'static> {
    let text = match (figure.state, value) {
        (State::Error, _) => "error".to_string(),
        (State::Missing, _) => "missing".to_string(),
        (State::Wrong, _) => "wrong".to_string(),
        (State::Unread, _) => "unread".to_string(),
        (_, None) => "–".to_string(),
        (_, Some(v)) => number(v),
    };
    Cell::from(text).style(style(figure.state))
}

fn note_cell(figure: &Figure) -> Cell<'static> {
    let note = figure.note.as_deref().unwrap_or_default();
    Cell::from(crate::output::visible(note).into_owned()).style(match figure.state {
        State::Error | State::Missing | State::Wrong | State::Alert => alert(),
        State::Warn => warn(),
        _ => Style::new().fg(Color::Gray),
    })
}

/// Whole numbers as they are, fractions to two places, big numbers shortened (12.3k, 4.5M).
pub fn number(value: f64) -> String {
    let value = round(value);
    match value.abs() {
        v if v >= 1e6 => format!("{:.1}M", value / 1e6),
        v if v >= 1e5 => format!("{:.0}k", value / 1e3),
        _ if value.fract() == 0.0 => format!("{value:.0}"),
        _ => format!("{value:.2}"),
    }
}

/// One bar per column: the series spread over at most `width` columns (each the largest of
/// its periods), scaled to the largest value; blank where CloudWatch had no datapoint.
pub fn spark(series: &[Option<f64>], width: usize) -> String {
    if series.is_empty() || width == 0 {
        return String::new();
    }
    let count = width.min(series.len());
    let columns: Vec<Option<f64>> = (0..count)
        .map(|c| {
            let periods = &series[c * series.len() / count..(c + 1) * series.len() / count];
            periods.iter().flatten().copied().reduce(f64::max)
        })
        .collect();
    let top = columns.iter().flatten().copied().fold(0.0_f64, f64::max);
    columns
        .iter()
        .map(|value| match value {
            None => ' ',
            Some(_) if top <= 0.0 => BARS[0],
            Some(v) => BARS[((v / top) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

fn style(state: State) -> Style {
    match state {
        State::Alert | State::Wrong | State::Missing | State::Error => alert(),
        State::Warn => warn(),
        State::NoData | State::Unread => Style::new().fg(Color::DarkGray),
        State::Ok => Style::new(),
    }
}

fn alert() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

fn warn() -> Style {
    Style::new().fg(Color::Yellow)
}

fn help_lines() -> Vec<Line<'static>> {
    [
        "q / Ctrl-C  quit (the screen is restored)",
        "p           pause / resume refreshing",
        "w           cycle the window: 5m, 30m, 3h",
        "↑ / ↓       select a function",
        "l           the selected function's log lines of the last 5 minutes",
        "r           refresh now",
        "? / Esc     close this help",
        "",
        "red: errors, throttles, a failing source, a part that does not exist (or is not a",
        "WebSocket API) · yellow: client errors, a rising backlog or iterator age, connects without",
        "a stored line · –: no datapoint in the window · ? unread: the handler's log lines could not",
        "be read (no log group) · latest: the newest one-minute datapoint, whatever the window",
    ]
    .into_iter()
    .map(Line::from)
    .collect()
}

fn draw_popup(frame: &mut Frame, title: &str, lines: Vec<Line<'static>>) {
    let area = frame.area();
    let popup = Rect {
        x: area.width / 10,
        y: area.height / 6,
        width: area.width - area.width / 5,
        height: area.height - area.height / 3,
    };
    frame.render_widget(Clear, popup);
    // The newest lines are the ones that matter: show the tail when they do not fit.
    let skip = lines
        .len()
        .saturating_sub(usize::from(popup.height.saturating_sub(2)));
    let text: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(block(title.trim())),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_scale_to_the_largest_and_leave_gaps_blank() {
        assert_eq!(spark(&[Some(0.0), Some(7.0), None, Some(3.5)], 4), "▁█ ▅");
        assert_eq!(spark(&[Some(0.0), Some(0.0)], 2), "▁▁");
        // Six periods in three columns: the larger of each pair.
        assert_eq!(
            spark(&[Some(1.0), Some(2.0), None, None, Some(4.0), Some(1.0)], 3),
            "▅ █"
        );
        assert_eq!(spark(&[], 5), "");
    }

    #[test]
    fn numbers_read_at_a_glance() {
        assert_eq!(number(161.0), "161");
        assert_eq!(number(12.345), "12.35");
        assert_eq!(number(123_456.0), "123k");
        assert_eq!(number(4_500_000.0), "4.5M");
    }
}

/// The screen at 80×24 and 160×50, for a healthy and an unhealthy stack (`cargo insta` files
/// under `src/top/snapshots/`; regenerate with `INSTA_UPDATE=always cargo test top::view`).
#[cfg(test)]
mod screens {
    use std::collections::BTreeMap;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::config::Settings;
    use crate::connections::Tally;
    use crate::top::figures::figures;
    use crate::top::gather::{CloseCodes, LastError, Logged, MetricsRead, Snapshot};
    use crate::top::plan::{self, Plan, Problem, Watched};

    fn plan(problems: Vec<Problem>) -> Plan {
        let settings = Settings::from_pairs(&[
            ("api_id", "a1b2c3d4e5"),
            ("stage", "prod"),
            ("kinesis_stream", "dashboard-events"),
            ("tables.connections", "ConnectionsTable"),
        ]);
        let watched = |role: &str| Watched {
            role: role.into(),
            subject: role.into(),
            name: format!("Stack-{role}"),
            log_group: format!("/aws/lambda/Stack-{role}"),
        };
        plan::build(
            &settings,
            vec![
                watched("connect"),
                watched("disconnect"),
                watched("processor"),
            ],
            &[("chat".into(), "chat-queue".into())],
            None,
            problems,
        )
    }

    /// Every series a gentle ramp: the same numbers on every run.
    fn snapshot(plan: &Plan, window: Window) -> Snapshot {
        let metrics = plan
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (0..window.buckets)
                    .map(|b| match (m.figure, b % 7) {
                        (
                            "integration_errors" | "execution_errors" | "errors" | "throttles"
                            | "read_throttles" | "write_throttles" | "client_errors",
                            _,
                        ) => None,
                        (_, 3) => None,
                        _ => Some(((b + i) % 9) as f64 + 1.0),
                    })
                    .collect()
            })
            .collect();
        Snapshot {
            taken_at: jiff::Timestamp::UNIX_EPOCH,
            window,
            metrics: Ok(MetricsRead {
                periods: metrics,
                newest_minute: None,
            }),
            connections: Some(Ok(Tally {
                live: 3,
                expired: 1,
            })),
            stores: Ok(Logged::read(161, 1)),
            close_codes: Ok(Logged::read(
                CloseCodes {
                    totals: BTreeMap::from([(1005, 158), (1001, 3)]),
                    periods: BTreeMap::new(),
                },
                1,
            )),
            last_errors: plan.functions.iter().map(|_| LastError::None).collect(),
            error_lines: Vec::new(),
            requests: BTreeMap::from([
                ("GetMetricData".to_string(), 1),
                ("FilterLogEvents".to_string(), 5),
                ("Scan".to_string(), 1),
            ]),
            first_error: None,
            anything_read: true,
        }
    }

    fn unhealthy() -> (Plan, Snapshot) {
        let plan = plan(vec![Problem {
            panel: Panel::Functions,
            subject: "authorizer".into(),
            message: "no Lambda function matches '*Authorizer*' (functions.authorizer)".into(),
        }]);
        let window = Window::new(std::time::Duration::from_secs(1800));
        let mut snapshot = snapshot(&plan, window);
        let metrics = &mut snapshot.metrics.as_mut().unwrap().periods;
        for (index, metric) in plan.metrics.iter().enumerate() {
            match (metric.subject.as_str(), metric.figure) {
                ("processor", "errors") => metrics[index][28] = Some(4.0),
                ("dashboard-events", "iterator_age") => metrics[index][29] = Some(95_000.0),
                _ => {}
            }
        }
        snapshot.connections = Some(Err(
            "describe table ConnectionsTable: ResourceNotFoundException: Requested resource not found"
                .into(),
        ));
        snapshot.last_errors[2] = LastError::Line(
            "[ERROR] TypeError: unsupported operand type(s) for *: 'float' and 'decimal.Decimal'"
                .into(),
        );
        (plan, snapshot)
    }

    fn screen(plan: &Plan, snapshot: &Snapshot, (width, height): (u16, u16)) -> String {
        let figures = figures(plan, snapshot);
        let view = View {
            plan,
            figures: &figures,
            window: snapshot.window,
            taken_at: Some("12:00:00".into()),
            refresh: "1m".into(),
            paused: false,
            reading: false,
            selected: 2,
            overlay: &Overlay::None,
            requests: &snapshot.requests,
            frame_ms: None,
            color: true,
        };
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, &view)).unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn healthy_stack() {
        let plan = plan(Vec::new());
        let snapshot = snapshot(&plan, Window::new(std::time::Duration::from_secs(1800)));
        insta::assert_snapshot!("healthy_80x24", screen(&plan, &snapshot, (80, 24)));
        insta::assert_snapshot!("healthy_160x50", screen(&plan, &snapshot, (160, 50)));
    }

    #[test]
    fn unhealthy_stack() {
        let (plan, snapshot) = unhealthy();
        let wide = screen(&plan, &snapshot, (160, 50));
        // What must be on screen, whatever the snapshot file says.
        for shown in [
            "ResourceNotFoundException",
            "consumer more than 60 s behind",
            "[ERROR] TypeError",
            "no Lambda function matches '*Authorizer*'",
        ] {
            assert!(wide.contains(shown), "{shown} missing:\n{wide}");
        }
        insta::assert_snapshot!("unhealthy_80x24", screen(&plan, &snapshot, (80, 24)));
        insta::assert_snapshot!("unhealthy_160x50", wide);
    }

    #[test]
    fn a_failed_refresh_shows_its_error_in_every_metric_row() {
        let plan = plan(Vec::new());
        let mut snapshot = snapshot(&plan, Window::new(std::time::Duration::from_secs(300)));
        snapshot.metrics = Err("read CloudWatch metrics (GetMetricData): cannot reach".into());
        let wide = screen(&plan, &snapshot, (160, 50));
        assert!(wide.contains("error"), "{wide}");
        assert!(wide.contains("cannot reach"), "{wide}");
        // Log-based figures still stand.
        assert!(wide.contains("161"), "{wide}");
    }
}
