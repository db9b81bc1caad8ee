//! What `iops top` watches, found once at start: the API and stage, every configured function
//! (names and globs resolved with one ListFunctions), the stream, tables and queues — and the
//! CloudWatch series of each, so a refresh asks for all of them in one GetMetricData call.
//! A part that cannot be found becomes a problem shown in its panel; the rest is still watched.

use super::exists::{self, Part, Presence};
use super::figures::Panel;
use crate::aws::{self, LambdaFunction};
use crate::cloudwatch::Series;
use crate::config::Settings;
use crate::context::Context;
use crate::logs::targets::LogTarget;
use crate::queue::resolve as queues;

/// The `$connect` handler's line for a stored connection, unless `stored_pattern` says otherwise.
pub const DEFAULT_STORED_PATTERN: &str = "Connection stored";

/// How a figure's per-period values become its one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduce {
    /// A count: the window's total.
    Total,
    /// A latency or peak: the worst period.
    Worst,
    /// A gauge: the newest datapoint.
    Latest,
}

/// The threshold a figure is judged by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    None,
    /// Errors, throttles: any is an alert.
    AlertAboveZero,
    /// Client errors (bad tokens, bad frames): worth a look.
    WarnAboveZero,
    /// Kinesis iterator age: alert above a minute, warn while rising.
    IteratorAge,
    /// Queue depth: warn while growing.
    Backlog,
    /// Oldest message: warn above five minutes.
    QueueAge,
}

/// One CloudWatch-backed figure.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricFigure {
    pub panel: Panel,
    pub subject: String,
    pub figure: &'static str,
    pub unit: &'static str,
    pub reduce: Reduce,
    pub rule: Rule,
    pub series: Series,
}

/// A configured function, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub role: String,
    /// The role, or `role:name` when a glob matched several functions.
    pub subject: String,
    pub name: String,
    pub log_group: String,
}

impl Watched {
    pub fn target(&self) -> LogTarget {
        LogTarget {
            group: self.log_group.clone(),
            label: self.subject.clone(),
        }
    }
}

/// A part that could not be watched, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub panel: Panel,
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub env: Option<String>,
    /// `API/STAGE` when both are configured.
    pub api: Option<String>,
    pub connections_table: Option<String>,
    pub functions: Vec<Watched>,
    /// The subject of the connect and disconnect handlers' log figures, when configured.
    pub connect: Option<String>,
    pub disconnect: Option<String>,
    pub stored_pattern: String,
    pub metrics: Vec<MetricFigure>,
    pub problems: Vec<Problem>,
    /// The API and stage, stream and tables, as their services described them at start.
    pub parts: Vec<Part>,
    /// The account of the functions and queues found (from their ARNs), when any was.
    pub account: Option<String>,
}

impl Plan {
    pub fn targets_of(&self, role: &str) -> Vec<LogTarget> {
        self.functions
            .iter()
            .filter(|f| f.role == role)
            .map(Watched::target)
            .collect()
    }

    /// Why the part with this subject is missing, when its service said so.
    pub fn missing(&self, subject: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|p| p.subject == subject)
            .and_then(|p| match &p.presence {
                Presence::Missing(why) => Some(why.as_str()),
                _ => None,
            })
    }

    /// Each function's duration at p50, p95 and its maximum too (the report's duration chart),
    /// in the same GetMetricData call.
    pub fn with_durations(mut self) -> Plan {
        for function in &self.functions {
            let series = |stat| {
                Series::new("AWS/Lambda", "Duration", stat)
                    .dimension("FunctionName", function.name.as_str())
            };
            for (name, stat) in [
                ("duration_p50", "p50"),
                ("duration_p95", "p95"),
                ("duration_max", "Maximum"),
            ] {
                self.metrics.push(figure(
                    Panel::Functions,
                    &function.subject,
                    name,
                    "ms",
                    (Reduce::Worst, Rule::None),
                    series(stat),
                ));
            }
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
            && self.connections_table.is_none()
            && self.problems.is_empty()
            && self.parts.is_empty()
    }
}

/// Resolves every configured part (ListFunctions once, the queues once) and asks whether the
/// API, stream and tables exist, all at once.
pub async fn resolve(ctx: &Context, stored_pattern: Option<String>) -> crate::error::Result<Plan> {
    let settings = &ctx.settings;
    let sdk = ctx.sdk().await?;
    let functions = async {
        match settings.functions() {
            roles if roles.is_empty() => ((Vec::new(), Vec::new()), None),
            roles => {
                let listed = aws::list_functions(&aws::lambda(sdk)).await;
                let account = listed
                    .as_deref()
                    .ok()
                    .and_then(|l| l.first())
                    .and_then(|f| account_of(&f.arn));
                (match_functions(&roles, listed.as_deref()), account)
            }
        }
    };
    let queues = async {
        if settings.queues().is_empty() {
            return Ok(Vec::new());
        }
        queues::resolve_each(&aws::sqs(sdk), settings, &[]).await
    };
    let (((functions, mut problems), mut account), queues, mut parts) =
        tokio::join!(functions, queues, exists::check(sdk, settings));
    let queues = match queues {
        Ok(resolved) => {
            account = account.or_else(|| {
                resolved
                    .iter()
                    .filter_map(|r| r.queues.as_ref().ok())
                    .flatten()
                    .find_map(|q| account_of(&q.arn))
            });
            found_queues(resolved, &mut parts, &mut problems)
        }
        Err(err) => {
            problems.push(Problem {
                panel: Panel::Pipeline,
                subject: "queues".into(),
                message: crate::error::first_line(&err),
            });
            Vec::new()
        }
    };
    Ok(Plan {
        parts,
        account,
        ..build(settings, functions, &queues, stored_pattern, problems)
    })
}

/// The account of an ARN (`arn:aws:lambda:REGION:ACCOUNT:…`).
fn account_of(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then(|| account.to_string())
}

/// Each configured queue on its own: one SQS says is not there is a missing part (named by its
/// role), one that could not be looked up otherwise is a problem of its own, and the others are
/// watched as (label, name).
fn found_queues(
    resolved: Vec<queues::Resolved>,
    parts: &mut Vec<Part>,
    problems: &mut Vec<Problem>,
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for queue in resolved {
        match queue.queues {
            Ok(queues) => found.extend(queues.into_iter().map(|q| (q.label, q.name))),
            Err(err) if queues::is_missing(&err) => parts.push(Part {
                subject: queue.label,
                presence: Presence::Missing(crate::error::first_line(&err)),
            }),
            Err(err) => problems.push(Problem {
                panel: Panel::Pipeline,
                subject: queue.label,
                message: crate::error::first_line(&err),
            }),
        }
    }
    found
}

/// Each role's functions; a role whose name or glob matches nothing is a problem. Without a
/// listing (no `lambda:ListFunctions`), a plain name is taken as it is.
fn match_functions(
    roles: &[(&str, &str)],
    listed: Result<&[LambdaFunction], &crate::error::Error>,
) -> (Vec<Watched>, Vec<Problem>) {
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    for (role, spec) in roles {
        let matched: Vec<(String, String)> = match listed {
            Ok(listed) => listed
                .iter()
                .filter(|f| f.answers_to(spec))
                .map(|f| (f.name.clone(), f.log_group.clone()))
                .collect(),
            Err(_) if !crate::glob::is_pattern(spec) => {
                vec![(spec.to_string(), format!("/aws/lambda/{spec}"))]
            }
            Err(err) => {
                problems.push(Problem {
                    panel: Panel::Functions,
                    subject: role.to_string(),
                    message: crate::error::first_line(err),
                });
                continue;
            }
        };
        if matched.is_empty() {
            problems.push(Problem {
                panel: Panel::Functions,
                subject: role.to_string(),
                message: format!("no Lambda function matches '{spec}' (functions.{role})"),
            });
        }
        let several = matched.len() > 1;
        for (name, log_group) in matched {
            found.push(Watched {
                role: role.to_string(),
                subject: if several {
                    format!("{role}:{}", crate::logs::targets::short_label(&name))
                } else {
                    role.to_string()
                },
                name,
                log_group,
            });
        }
    }
    (found, problems)
}

/// The plan from resolved parts: pure, so the series iops asks for are tested without AWS.
pub fn build(
    settings: &Settings,
    functions: Vec<Watched>,
    queues: &[(String, String)],
    stored_pattern: Option<String>,
    problems: Vec<Problem>,
) -> Plan {
    let mut metrics = Vec::new();
    let api = match (settings.get("api_id"), settings.get("stage")) {
        (Some(api_id), Some(stage)) => {
            metrics.extend(api_figures(api_id, stage));
            Some(format!("{api_id}/{stage}"))
        }
        _ => None,
    };
    for function in &functions {
        metrics.extend(function_figures(function));
    }
    if let Some(stream) = settings.get("kinesis_stream") {
        metrics.extend(stream_figures(stream));
    }
    let mut tables: Vec<&str> = ["tables.connections", "tables.metrics"]
        .iter()
        .filter_map(|key| settings.get(key))
        .collect();
    tables.dedup();
    for table in tables {
        metrics.extend(table_figures(table));
    }
    for (label, name) in queues {
        metrics.extend(queue_figures(label, name));
    }
    let role_subject = |role: &str| {
        functions
            .iter()
            .any(|f| f.role == role)
            .then(|| role.to_string())
    };
    Plan {
        env: settings.env_name.as_ref().map(|s| s.value.clone()),
        api,
        connections_table: settings.get("tables.connections").map(str::to_string),
        connect: role_subject("connect"),
        disconnect: role_subject("disconnect"),
        stored_pattern: stored_pattern
            .or_else(|| settings.get("stored_pattern").map(str::to_string))
            .unwrap_or_else(|| DEFAULT_STORED_PATTERN.to_string()),
        functions,
        metrics,
        problems,
        parts: Vec::new(),
        account: None,
    }
}

fn figure(
    panel: Panel,
    subject: &str,
    figure: &'static str,
    unit: &'static str,
    (reduce, rule): (Reduce, Rule),
    series: Series,
) -> MetricFigure {
    MetricFigure {
        panel,
        subject: subject.to_string(),
        figure,
        unit,
        reduce,
        rule,
        series,
    }
}

const COUNT: (Reduce, Rule) = (Reduce::Total, Rule::None);
const FAULTS: (Reduce, Rule) = (Reduce::Total, Rule::AlertAboveZero);

/// `AWS/ApiGateway` for a WebSocket API: dimensions `ApiId` and `Stage`.
fn api_figures(api_id: &str, stage: &str) -> Vec<MetricFigure> {
    let subject = format!("{api_id}/{stage}");
    let series = |metric, stat| {
        Series::new("AWS/ApiGateway", metric, stat)
            .dimension("ApiId", api_id)
            .dimension("Stage", stage)
    };
    let api = |name, unit, judged, metric, stat| {
        figure(
            Panel::Api,
            &subject,
            name,
            unit,
            judged,
            series(metric, stat),
        )
    };
    vec![
        api("connects", "count", COUNT, "ConnectCount", "Sum"),
        api("messages", "count", COUNT, "MessageCount", "Sum"),
        api(
            "client_errors",
            "count",
            (Reduce::Total, Rule::WarnAboveZero),
            "ClientError",
            "Sum",
        ),
        api(
            "integration_errors",
            "count",
            FAULTS,
            "IntegrationError",
            "Sum",
        ),
        api("execution_errors", "count", FAULTS, "ExecutionError", "Sum"),
        api(
            "integration_latency_p99",
            "ms",
            (Reduce::Worst, Rule::None),
            "IntegrationLatency",
            "p99",
        ),
    ]
}

/// `AWS/Lambda` per function: dimension `FunctionName`.
fn function_figures(function: &Watched) -> Vec<MetricFigure> {
    let series = |metric, stat| {
        Series::new("AWS/Lambda", metric, stat).dimension("FunctionName", function.name.as_str())
    };
    let lambda = |name, unit, judged, metric, stat| {
        figure(
            Panel::Functions,
            &function.subject,
            name,
            unit,
            judged,
            series(metric, stat),
        )
    };
    vec![
        lambda("invocations", "count", COUNT, "Invocations", "Sum"),
        lambda("errors", "count", FAULTS, "Errors", "Sum"),
        lambda("throttles", "count", FAULTS, "Throttles", "Sum"),
        lambda(
            "duration_p99",
            "ms",
            (Reduce::Worst, Rule::None),
            "Duration",
            "p99",
        ),
        lambda(
            "concurrency",
            "count",
            (Reduce::Worst, Rule::None),
            "ConcurrentExecutions",
            "Maximum",
        ),
    ]
}

fn stream_figures(stream: &str) -> Vec<MetricFigure> {
    let series =
        |metric, stat| Series::new("AWS/Kinesis", metric, stat).dimension("StreamName", stream);
    vec![
        figure(
            Panel::Pipeline,
            stream,
            "incoming_records",
            "count",
            COUNT,
            series("IncomingRecords", "Sum"),
        ),
        figure(
            Panel::Pipeline,
            stream,
            "iterator_age",
            "ms",
            (Reduce::Latest, Rule::IteratorAge),
            series("GetRecords.IteratorAgeMilliseconds", "Maximum"),
        ),
    ]
}

fn table_figures(table: &str) -> Vec<MetricFigure> {
    let series = |metric| Series::new("AWS/DynamoDB", metric, "Sum").dimension("TableName", table);
    vec![
        figure(
            Panel::Pipeline,
            table,
            "read_throttles",
            "count",
            FAULTS,
            series("ReadThrottleEvents"),
        ),
        figure(
            Panel::Pipeline,
            table,
            "write_throttles",
            "count",
            FAULTS,
            series("WriteThrottleEvents"),
        ),
    ]
}

fn queue_figures(label: &str, name: &str) -> Vec<MetricFigure> {
    vec![
        figure(
            Panel::Pipeline,
            label,
            "visible",
            "messages",
            (Reduce::Latest, Rule::Backlog),
            Series::new("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum")
                .dimension("QueueName", name),
        ),
        figure(
            Panel::Pipeline,
            label,
            "oldest_age",
            "s",
            (Reduce::Latest, Rule::QueueAge),
            crate::queue::age::age_series(name),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched(role: &str, name: &str) -> Watched {
        Watched {
            role: role.into(),
            subject: role.into(),
            name: name.into(),
            log_group: format!("/aws/lambda/{name}"),
        }
    }

    #[test]
    fn every_configured_part_has_its_series() {
        let settings = Settings::from_pairs(&[
            ("api_id", "abc123"),
            ("stage", "prod"),
            ("kinesis_stream", "events"),
            ("tables.connections", "conns"),
            ("tables.metrics", "metrics"),
        ]);
        let plan = build(
            &settings,
            vec![watched("connect", "Connect"), watched("processor", "Proc")],
            &[("chat".into(), "chat-queue".into())],
            None,
            Vec::new(),
        );
        // 6 API + 5 × 2 functions + 2 stream + 2 × 2 tables + 2 queue.
        assert_eq!(plan.metrics.len(), 24);
        let find = |figure: &str, subject: &str| {
            plan.metrics
                .iter()
                .find(|m| m.figure == figure && m.subject == subject)
                .unwrap_or_else(|| panic!("{figure} {subject}"))
        };
        let latency = &find("integration_latency_p99", "abc123/prod").series;
        assert_eq!(
            (latency.metric, latency.stat),
            ("IntegrationLatency", "p99")
        );
        assert_eq!(
            latency.dimensions,
            vec![
                ("ApiId", "abc123".to_string()),
                ("Stage", "prod".to_string())
            ]
        );
        let duration = &find("duration_p99", "processor").series;
        assert_eq!(
            duration.dimensions,
            vec![("FunctionName", "Proc".to_string())]
        );
        assert_eq!(
            find("oldest_age", "chat").series.dimensions[0].1,
            "chat-queue"
        );
        assert_eq!(plan.connect.as_deref(), Some("connect"));
        assert_eq!(plan.disconnect, None);
        assert_eq!(plan.stored_pattern, DEFAULT_STORED_PATTERN);
        assert_eq!(plan.api.as_deref(), Some("abc123/prod"));
    }

    #[test]
    fn a_glob_matching_several_functions_names_each_and_a_miss_is_a_problem() {
        let function = |name: &str| LambdaFunction {
            name: name.into(),
            arn: String::new(),
            role: String::new(),
            log_group: format!("/aws/lambda/{name}"),
            environment: Default::default(),
        };
        let listed = [
            function("Stack-ProcessFunctionAAAAAAAA-x"),
            function("Stack-ProcessFunctionBBBBBBBB-y"),
            function("Stack-ConnectFunction12345678-z"),
        ];
        let (found, problems) = match_functions(
            &[("processor", "*ProcessFunction*"), ("default", "Missing")],
            Ok(&listed),
        );
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.subject.starts_with("processor:")));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("'Missing'"), "{problems:?}");
        let unlisted = crate::error::Error::Failed("AccessDenied".into());
        let (found, problems) = match_functions(
            &[("connect", "ConnectFn"), ("processor", "*Process*")],
            Err(&unlisted),
        );
        assert_eq!(found, vec![watched("connect", "ConnectFn")]);
        assert_eq!(problems[0].subject, "processor");
    }
}
