//! What one refresh read, as rows: each figure with its window value, its latest value, its
//! per-period series and a state from fixed thresholds. Pure: the live view and `--once` both
//! show these rows, and the thresholds are tested without AWS.

use serde::Serialize;

use super::exists::Presence;
use super::gather::{LastError, Logged, Snapshot};
use super::plan::{MetricFigure, Plan, Reduce, Rule};
use crate::output::{Record, cell};

/// Where a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Panel {
    Api,
    Functions,
    Pipeline,
}

/// How a figure stands against its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Ok,
    /// No datapoint in the window for a gauge (a counter with none is 0).
    NoData,
    /// Counted from log lines that could not be read (the handler has no log group yet): no
    /// value, never a quiet 0. Not a threshold crossed: `--check` does not fail on it.
    Unread,
    Warn,
    Alert,
    /// What it is about is not what iops.toml says (an HTTP API as `api_id`): its figures would
    /// be a quiet 0.
    Wrong,
    /// What it is about does not exist (its service said so when `top` started): CloudWatch
    /// has no datapoints for it, which is not a quiet 0.
    Missing,
    /// Its source failed; the note says why.
    Error,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::NoData => "no_data",
            State::Unread => "unread",
            State::Warn => "warn",
            State::Alert => "alert",
            State::Wrong => "wrong",
            State::Missing => "missing",
            State::Error => "error",
        }
    }
}

/// Iterator age above this means the stream's consumer is behind (alert).
pub const ITERATOR_AGE_ALERT_MS: f64 = 60_000.0;
/// A queue's oldest message older than this is a stuck consumer (warn).
pub const QUEUE_AGE_WARN_S: f64 = 300.0;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Figure {
    pub panel: Panel,
    /// The API and stage, a function role, a stream, table or queue.
    pub subject: String,
    pub figure: String,
    /// Over the window: the total of a count, the worst of a latency, the latest of a gauge.
    pub value: Option<f64>,
    /// The newest one-minute datapoint, whatever the window (a wide window's periods are
    /// widened; this is not the sum of one of them).
    pub latest: Option<f64>,
    pub unit: &'static str,
    pub state: State,
    /// Why the state, an error, the last ERROR line, or a close code's meaning.
    pub note: Option<String>,
    /// One value per period, oldest first (the sparkline); not printed.
    #[serde(skip)]
    pub series: Vec<Option<f64>>,
}

impl Figure {
    fn new(panel: Panel, subject: &str, figure: &str, unit: &'static str) -> Figure {
        Figure {
            panel,
            subject: subject.to_string(),
            figure: figure.to_string(),
            value: None,
            latest: None,
            unit,
            state: State::Ok,
            note: None,
            series: Vec::new(),
        }
    }

    fn failed(mut self, message: &str) -> Figure {
        self.state = State::Error;
        self.note = Some(message.to_string());
        self
    }

    fn counted(mut self, value: u64) -> Figure {
        self.value = Some(value as f64);
        self
    }

    /// Its log lines could not be read: no value, and why.
    fn unread(mut self, unread: &[String]) -> Figure {
        self.state = State::Unread;
        self.note = Some(not_read(unread));
        self
    }
}

impl Record for Figure {
    fn headers() -> &'static [&'static str] {
        &[
            "panel", "subject", "figure", "value", "latest", "unit", "state", "note",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            crate::output::json_name(&self.panel),
            self.subject.clone(),
            self.figure.clone(),
            cell(&self.value.map(round)),
            cell(&self.latest.map(round)),
            self.unit.to_string(),
            self.state.name().to_string(),
            cell(&self.note),
        ]
    }
}

/// Two decimals at most: CloudWatch averages and percentiles carry float noise.
pub fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Every figure of one refresh, in the order the panels show them.
pub fn figures(plan: &Plan, snapshot: &Snapshot) -> Vec<Figure> {
    let mut rows = Vec::new();
    let metric_rows = |panel: Panel, rows: &mut Vec<Figure>| {
        for (index, metric) in plan.metrics.iter().enumerate() {
            if metric.panel == panel {
                rows.push(metric_figure(metric, index, snapshot));
            }
        }
    };
    metric_rows(Panel::Api, &mut rows);
    rows.extend(connection_figures(plan, snapshot));
    metric_rows(Panel::Functions, &mut rows);
    rows.extend(last_error_figures(plan, snapshot));
    metric_rows(Panel::Pipeline, &mut rows);
    for problem in &plan.problems {
        rows.push(
            Figure::new(problem.panel, &problem.subject, "source", "").failed(&problem.message),
        );
    }
    mark_missing(plan, &mut rows);
    rows
}

/// Every figure of a part its service says is not there is `missing` (of one that is not what
/// iops.toml says, `wrong`), its numbers dropped; such a part without figures (a queue) gets an
/// `exists` row saying so. A part that could not be described gets a warning row of its own.
fn mark_missing(plan: &Plan, rows: &mut Vec<Figure>) {
    for part in &plan.parts {
        let of_part = |f: &&mut Figure| f.subject == part.subject && f.panel != Panel::Functions;
        match &part.presence {
            Presence::Found => {}
            Presence::Missing(why) | Presence::Wrong(why) => {
                let state = match part.presence {
                    Presence::Wrong(_) => State::Wrong,
                    _ => State::Missing,
                };
                let mut marked = false;
                for figure in rows.iter_mut().filter(of_part) {
                    *figure = Figure {
                        state,
                        note: Some(why.clone()),
                        ..Figure::new(figure.panel, &figure.subject, &figure.figure, figure.unit)
                    };
                    marked = true;
                }
                if !marked {
                    rows.push(Figure {
                        state,
                        note: Some(why.clone()),
                        ..Figure::new(Panel::Pipeline, &part.subject, "exists", "")
                    });
                }
            }
            Presence::Unknown(why) => {
                let panel = rows
                    .iter()
                    .find(|f| f.subject == part.subject && f.panel != Panel::Functions)
                    .map_or(Panel::Pipeline, |f| f.panel);
                let mut figure = Figure::new(panel, &part.subject, "exists", "");
                figure.state = State::Warn;
                figure.note = Some(format!("could not check that it exists: {why}"));
                rows.push(figure);
            }
        }
    }
}

fn metric_figure(metric: &MetricFigure, index: usize, snapshot: &Snapshot) -> Figure {
    let figure = Figure::new(metric.panel, &metric.subject, metric.figure, metric.unit);
    let (buckets, latest) = match &snapshot.metrics {
        Ok(read) => (&read.periods[index], read.latest(index)),
        Err(message) => return figure.failed(message),
    };
    let value = match metric.reduce {
        // A fold from +0.0: `sum()` of no floats is -0.0.
        Reduce::Total => Some(buckets.iter().flatten().fold(0.0, |a, b| a + b)),
        Reduce::Worst => buckets.iter().flatten().copied().reduce(f64::max),
        Reduce::Latest => latest,
    };
    // CloudWatch publishes no zeros: a count's empty period is a quiet one.
    let series = match metric.reduce {
        Reduce::Total => buckets.iter().map(|v| Some(v.unwrap_or(0.0))).collect(),
        _ => buckets.clone(),
    };
    let mut figure = Figure {
        value,
        latest,
        series,
        ..figure
    };
    judge(&mut figure, metric.rule);
    figure
}

/// The figure's state from its rule; a gauge with no datapoint is `no_data`.
fn judge(figure: &mut Figure, rule: Rule) {
    let Some(value) = figure.value else {
        figure.state = State::NoData;
        return;
    };
    let first = figure.series.iter().find_map(|v| *v);
    let latest = figure.latest.unwrap_or(0.0);
    let (state, note) = match rule {
        Rule::AlertAboveZero if value > 0.0 => (State::Alert, None),
        Rule::WarnAboveZero if value > 0.0 => (State::Warn, None),
        Rule::IteratorAge if latest > ITERATOR_AGE_ALERT_MS => (
            State::Alert,
            Some(format!(
                "consumer more than {} s behind",
                ITERATOR_AGE_ALERT_MS / 1000.0
            )),
        ),
        Rule::IteratorAge | Rule::Backlog if first.is_some_and(|f| latest > f) && latest > 0.0 => {
            (State::Warn, Some("rising over the window".to_string()))
        }
        Rule::QueueAge if latest > QUEUE_AGE_WARN_S => (
            State::Warn,
            Some(format!("oldest message older than {QUEUE_AGE_WARN_S} s")),
        ),
        _ => (State::Ok, None),
    };
    figure.state = state;
    figure.note = note;
}

fn connection_figures(plan: &Plan, snapshot: &Snapshot) -> Vec<Figure> {
    let mut rows = Vec::new();
    if let Some(table) = &plan.connections_table {
        let figure = Figure::new(Panel::Api, table, "active_now", "connections");
        rows.push(match &snapshot.connections {
            Some(Ok(tally)) => {
                let mut figure = figure.counted(tally.live);
                figure.latest = figure.value;
                if tally.expired > 0 {
                    figure.note = Some(format!("{} more past their TTL", tally.expired));
                }
                figure
            }
            Some(Err(message)) => figure.failed(message),
            None => figure,
        });
    }
    if let Some(connect) = &plan.connect {
        let figure = Figure::new(Panel::Api, connect, "stores", "count");
        rows.push(match &snapshot.stores {
            Ok(logged) if logged.read_none() => figure.unread(&logged.unread),
            Ok(logged) => stores_figure(plan, snapshot, figure, logged),
            Err(message) => figure.failed(message),
        });
    }
    if let Some(disconnect) = &plan.disconnect {
        let figure = Figure::new(Panel::Api, disconnect, "disconnects", "count");
        match &snapshot.close_codes {
            Ok(logged) if logged.read_none() => rows.push(figure.unread(&logged.unread)),
            Ok(logged) => {
                let total: u64 = logged.value.totals.values().sum();
                let mut figure = figure.counted(total);
                if !logged.unread.is_empty() {
                    figure.note = Some(not_read(&logged.unread));
                }
                rows.push(figure);
                for (code, count) in &logged.value.totals {
                    let mut figure = Figure::new(
                        Panel::Api,
                        disconnect,
                        &format!("disconnects_{code}"),
                        "count",
                    )
                    .counted(*count);
                    figure.note = Some(crate::logs::stats::close_code_meaning(*code));
                    rows.push(figure);
                }
            }
            Err(message) => rows.push(figure.failed(message)),
        }
    }
    rows
}

/// The connect handler's stored lines, against the connects when every handler's lines were read.
fn stores_figure(plan: &Plan, snapshot: &Snapshot, figure: Figure, logged: &Logged<u64>) -> Figure {
    let stores = logged.value;
    let mut figure = figure.counted(stores);
    figure.note = Some(format!("log lines with \"{}\"", plan.stored_pattern));
    if !logged.unread.is_empty() {
        // Some handlers' lines only: a count too low to set against the connects.
        figure.note = Some(format!(
            "log lines with \"{}\"; {}",
            plan.stored_pattern,
            not_read(&logged.unread)
        ));
        return figure;
    }
    let connects = plan
        .metrics
        .iter()
        .position(|m| m.figure == "connects")
        .and_then(|i| snapshot.metrics.as_ref().ok().map(|read| &read.periods[i]))
        .map(|buckets| buckets.iter().flatten().fold(0.0, |a, b| a + b));
    if let Some(connects) = connects.filter(|c| *c > stores as f64) {
        figure.state = State::Warn;
        figure.note = Some(format!(
            "{} connects without a \"{}\" line",
            connects - stores as f64,
            plan.stored_pattern
        ));
    }
    figure
}

/// Why a log-counted figure (or part of it) was not read: the handlers without a log group.
fn not_read(unread: &[String]) -> String {
    format!(
        "not read: {}: {}",
        unread.join(", "),
        crate::logs::fetch::NO_LOG_GROUP
    )
}

fn last_error_figures(plan: &Plan, snapshot: &Snapshot) -> Vec<Figure> {
    plan.functions
        .iter()
        .zip(&snapshot.last_errors)
        .map(|(function, found)| {
            let figure = Figure::new(Panel::Functions, &function.subject, "last_error", "");
            match found {
                // Exact here (JSON, CSV); the table and the screen escape it.
                LastError::Line(line) => Figure {
                    note: Some(line.clone()),
                    ..figure
                },
                LastError::None => figure,
                LastError::NoLogGroup => Figure {
                    state: State::NoData,
                    note: Some(crate::logs::fetch::NO_LOG_GROUP.to_string()),
                    ..figure
                },
                LastError::Failed(message) => figure.failed(message),
            }
        })
        .collect()
}

/// What makes `--check` fail: a threshold crossed, a source failed, a part missing or wrong. An
/// `unread` figure does not: nothing was crossed, and its row says it was not read.
pub fn crossed(figures: &[Figure]) -> Vec<&Figure> {
    figures
        .iter()
        .filter(|f| {
            matches!(
                f.state,
                State::Alert | State::Wrong | State::Missing | State::Error
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::top::exists::Part;
    use crate::top::gather::{MetricsRead, Window};

    #[test]
    fn a_missing_part_is_missing_in_every_row_and_an_unknown_one_warns() {
        let settings = Settings::from_pairs(&[
            ("api_id", "gone"),
            ("stage", "prod"),
            ("kinesis_stream", "events"),
            ("tables.metrics", "metrics"),
        ]);
        let mut plan = crate::top::plan::build(&settings, Vec::new(), &[], None, Vec::new());
        plan.parts = vec![
            Part {
                subject: "gone/prod".into(),
                presence: Presence::Missing("API gone (api_id): NotFoundException".into()),
            },
            Part {
                subject: "events".into(),
                presence: Presence::Found,
            },
            Part {
                subject: "metrics".into(),
                presence: Presence::Unknown("AccessDeniedException: no".into()),
            },
        ];
        let window = Window::new(std::time::Duration::from_secs(300));
        let snapshot = Snapshot {
            taken_at: jiff::Timestamp::UNIX_EPOCH,
            window,
            metrics: Ok(MetricsRead {
                periods: vec![vec![Some(0.0); window.buckets]; plan.metrics.len()],
                newest_minute: None,
            }),
            connections: None,
            stores: Ok(Default::default()),
            close_codes: Ok(Default::default()),
            last_errors: Vec::new(),
            error_lines: Vec::new(),
            requests: Default::default(),
            first_error: None,
            anything_read: true,
        };
        let rows = figures(&plan, &snapshot);
        let api: Vec<&Figure> = rows.iter().filter(|f| f.subject == "gone/prod").collect();
        assert_eq!(api.len(), 6);
        for row in &api {
            assert_eq!((row.state, row.value), (State::Missing, None), "{row:?}");
            assert!(row.note.as_deref().unwrap().contains("NotFoundException"));
        }
        assert!(
            rows.iter()
                .any(|f| f.subject == "events" && f.state == State::Ok)
        );
        let unknown = rows
            .iter()
            .find(|f| f.subject == "metrics" && f.figure == "exists")
            .unwrap();
        assert_eq!(
            (unknown.state, unknown.panel),
            (State::Warn, Panel::Pipeline)
        );
        // Its figures stand: nothing says the table is gone.
        assert!(rows.iter().any(|f| f.subject == "metrics"
            && f.figure == "read_throttles"
            && f.state == State::Ok));
        assert_eq!(crossed(&rows).len(), 6);
    }

    #[test]
    fn a_wrong_api_and_a_missing_queue_fail_and_unread_logs_are_not_zero() {
        let settings = Settings::from_pairs(&[("api_id", "httpapi"), ("stage", "prod")]);
        let watched = |role: &str| crate::top::plan::Watched {
            role: role.into(),
            subject: role.into(),
            name: role.into(),
            log_group: format!("/aws/lambda/{role}"),
        };
        let mut plan = crate::top::plan::build(
            &settings,
            vec![watched("connect"), watched("disconnect")],
            &[],
            None,
            Vec::new(),
        );
        plan.parts = vec![
            Part {
                subject: "httpapi/prod".into(),
                presence: Presence::Wrong("API httpapi (api_id) is HTTP, not WEBSOCKET".into()),
            },
            Part {
                subject: "gone".into(),
                presence: Presence::Missing("find queue no-such-queue: NonExistentQueue".into()),
            },
        ];
        let window = Window::new(std::time::Duration::from_secs(300));
        let unread = Logged {
            value: 0,
            unread: vec!["connect (/aws/lambda/connect)".into()],
            of: 1,
        };
        let snapshot = Snapshot {
            taken_at: jiff::Timestamp::UNIX_EPOCH,
            window,
            metrics: Ok(MetricsRead {
                periods: vec![vec![Some(0.0); window.buckets]; plan.metrics.len()],
                newest_minute: None,
            }),
            connections: None,
            stores: Ok(unread),
            close_codes: Ok(Logged {
                value: Default::default(),
                unread: vec!["disconnect (/aws/lambda/disconnect)".into()],
                of: 1,
            }),
            last_errors: vec![LastError::NoLogGroup, LastError::NoLogGroup],
            error_lines: Vec::new(),
            requests: Default::default(),
            first_error: None,
            anything_read: true,
        };
        let rows = figures(&plan, &snapshot);
        let api: Vec<&Figure> = rows
            .iter()
            .filter(|f| f.subject == "httpapi/prod")
            .collect();
        assert_eq!(api.len(), 6);
        assert!(
            api.iter()
                .all(|f| f.state == State::Wrong && f.value.is_none())
        );
        let gone = rows.iter().find(|f| f.subject == "gone").unwrap();
        assert_eq!(
            (gone.panel, gone.figure.as_str(), gone.state),
            (Panel::Pipeline, "exists", State::Missing)
        );
        for (subject, name) in [("connect", "stores"), ("disconnect", "disconnects")] {
            let row = rows
                .iter()
                .find(|f| f.subject == subject && f.figure == name)
                .unwrap();
            assert_eq!((row.state, row.value), (State::Unread, None), "{row:?}");
            assert!(row.note.as_deref().unwrap().starts_with("not read: "));
        }
        // The API's six and the queue: an unread figure is not a crossing.
        assert_eq!(crossed(&rows).len(), 7);
    }
}
