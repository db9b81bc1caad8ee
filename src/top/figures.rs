//! What one refresh read, as rows: each figure with its window value, its latest value, its
//! per-period series and a state from fixed thresholds. Pure: the live view and `--once` both
//! show these rows, and the thresholds are tested without AWS.

use serde::Serialize;

use super::gather::{LastError, Snapshot};
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
    Warn,
    Alert,
    /// Its source failed; the note says why.
    Error,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::NoData => "no_data",
            State::Warn => "warn",
            State::Alert => "alert",
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
    /// The newest datapoint.
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
    rows
}

fn metric_figure(metric: &MetricFigure, index: usize, snapshot: &Snapshot) -> Figure {
    let figure = Figure::new(metric.panel, &metric.subject, metric.figure, metric.unit);
    let buckets = match &snapshot.metrics {
        Ok(all) => &all[index],
        Err(message) => return figure.failed(message),
    };
    let latest = buckets.iter().rev().find_map(|v| *v);
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
            Ok(stores) => {
                let mut figure = figure.counted(*stores);
                figure.note = Some(format!("log lines with \"{}\"", plan.stored_pattern));
                let connects = plan
                    .metrics
                    .iter()
                    .position(|m| m.figure == "connects")
                    .and_then(|i| snapshot.metrics.as_ref().ok().map(|all| &all[i]))
                    .map(|buckets| buckets.iter().flatten().fold(0.0, |a, b| a + b));
                if let Some(connects) = connects.filter(|c| *c > *stores as f64) {
                    figure.state = State::Warn;
                    figure.note = Some(format!(
                        "{} connects without a \"{}\" line",
                        connects - *stores as f64,
                        plan.stored_pattern
                    ));
                }
                figure
            }
            Err(message) => figure.failed(message),
        });
    }
    if let Some(disconnect) = &plan.disconnect {
        match &snapshot.close_codes {
            Ok(codes) => {
                let total: u64 = codes.values().sum();
                rows.push(
                    Figure::new(Panel::Api, disconnect, "disconnects", "count").counted(total),
                );
                for (code, count) in codes {
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
            Err(message) => rows
                .push(Figure::new(Panel::Api, disconnect, "disconnects", "count").failed(message)),
        }
    }
    rows
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

/// True when `--check` should fail: a threshold crossed or a source failed.
pub fn crossed(figures: &[Figure]) -> Vec<&Figure> {
    figures
        .iter()
        .filter(|f| matches!(f.state, State::Alert | State::Error))
        .collect()
}
