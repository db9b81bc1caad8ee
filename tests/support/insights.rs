//! A stand-in for CloudWatch Logs Insights (StartQuery, GetQueryResults), shaped as in the
//! CloudWatch Logs API reference, in front of moto for everything else. moto cannot run the
//! `stats pct(...) by @log` queries `iops logs stats --insights` sends, so this answers them with
//! the rows a test gives, after one `Running` poll, and records every query it received.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::http::{self, Response, Server};

#[derive(Debug, Clone)]
pub struct StartedQuery {
    pub log_group_names: Vec<String>,
    pub start_time: i64,
    pub end_time: i64,
    pub query_string: String,
}

pub struct InsightsStandIn {
    pub server: Server,
    pub queries: Arc<Mutex<Vec<StartedQuery>>>,
}

pub type Rows = Vec<Vec<(&'static str, String)>>;

/// Answers the REPORT query with `report_rows` and the error query with `error_rows`.
pub fn insights_stand_in(upstream: &str, report_rows: Rows, error_rows: Rows) -> InsightsStandIn {
    let queries: Arc<Mutex<Vec<StartedQuery>>> = Arc::new(Mutex::new(Vec::new()));
    let polls = Arc::new(Mutex::new(std::collections::HashMap::<String, u32>::new()));
    let next_id = AtomicU32::new(0);
    let upstream = upstream.to_string();
    let recorded = queries.clone();
    let server = http::serve(move |request| {
        let target = request
            .header("x-amz-target")
            .unwrap_or_default()
            .to_string();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        if target.ends_with(".StartQuery") {
            let id = format!("q-{}", next_id.fetch_add(1, Ordering::Relaxed));
            recorded.lock().unwrap().push(StartedQuery {
                log_group_names: body["logGroupNames"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|g| g.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                start_time: body["startTime"].as_i64().unwrap_or_default(),
                end_time: body["endTime"].as_i64().unwrap_or_default(),
                query_string: body["queryString"].as_str().unwrap_or_default().to_string(),
            });
            return Response::json(200, json!({"queryId": id}).to_string());
        }
        if target.ends_with(".GetQueryResults") {
            let id = body["queryId"].as_str().unwrap_or_default().to_string();
            let index: usize = id.trim_start_matches("q-").parse().unwrap_or(usize::MAX);
            let poll = {
                let mut polls = polls.lock().unwrap();
                let count = polls.entry(id.clone()).or_default();
                *count += 1;
                *count
            };
            let query = recorded.lock().unwrap().get(index).cloned();
            let Some(query) = query else {
                return Response::json(
                    400,
                    r#"{"__type":"ResourceNotFoundException","message":"unknown query"}"#,
                );
            };
            if poll == 1 {
                return Response::json(
                    200,
                    json!({"results": [], "status": "Running"}).to_string(),
                );
            }
            let rows = if query.query_string.contains("@type = \"REPORT\"") {
                &report_rows
            } else {
                &error_rows
            };
            let results: Vec<Value> = rows
                .iter()
                .map(|row| {
                    Value::Array(
                        row.iter()
                            .map(|(f, v)| json!({"field": f, "value": v}))
                            .collect(),
                    )
                })
                .collect();
            let statistics =
                json!({"recordsMatched": 5.0, "recordsScanned": 8.0, "bytesScanned": 1024.0});
            return Response::json(
                200,
                json!({"results": results, "statistics": statistics, "status": "Complete"})
                    .to_string(),
            );
        }
        http::forward(&upstream, &request)
    });
    InsightsStandIn { server, queries }
}
