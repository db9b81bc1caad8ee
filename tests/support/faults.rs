//! A fault-injecting proxy in front of moto (which never throttles or fails a write). It fails
//! whole requests with HTTP 500 and, like a throttled real service, rejects a share of the
//! entries of each batch call: Kinesis PutRecords entries come back with
//! `ProvisionedThroughputExceededException`, DynamoDB BatchWriteItem requests come back in
//! `UnprocessedItems`. Rejected entries are never forwarded, so each delivered event must reach
//! moto exactly once — unless the client loses or duplicates it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::http::{self, Request, Response, Server};

#[derive(Debug, Default)]
pub struct FaultStats {
    pub failed_requests: AtomicU64,
    pub rejected_entries: AtomicU64,
    pub forwarded_entries: AtomicU64,
    pub throttled_requests: AtomicU64,
    pub throttle_target_requests: AtomicU64,
}

pub struct FaultProxy {
    pub server: Server,
    pub stats: Arc<FaultStats>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Faults {
    /// Percentage of batch requests failed whole with HTTP 500.
    pub fail_request_pct: u32,
    /// Percentage of entries rejected in the batch requests that get through.
    pub reject_entry_pct: u32,
    /// Every Nth request to this operation (e.g. `FilterLogEvents`, 2), starting with the first,
    /// is answered with `ThrottlingException`, as CloudWatch Logs does past its 5 requests/s quota.
    pub throttle: Option<(&'static str, u32)>,
}

pub fn fault_proxy(upstream: &str, seed: u64, faults: Faults) -> FaultProxy {
    let stats = Arc::new(FaultStats::default());
    let rng = Mutex::new(fastrand::Rng::with_seed(seed));
    let upstream = upstream.to_string();
    let handler_stats = stats.clone();
    let server = http::serve(move |request| {
        let target = request
            .header("x-amz-target")
            .unwrap_or_default()
            .to_string();
        if let Some((operation, every)) = faults
            .throttle
            .filter(|(op, _)| target.ends_with(&format!(".{op}")))
        {
            let seen = handler_stats
                .throttle_target_requests
                .fetch_add(1, Ordering::Relaxed);
            if seen % u64::from(every.max(1)) == 0 {
                handler_stats
                    .throttled_requests
                    .fetch_add(1, Ordering::Relaxed);
                let body = format!(
                    r#"{{"__type":"ThrottlingException","message":"Rate exceeded for {operation} (injected)"}}"#
                );
                return Response::json(400, body);
            }
        }
        let batch = target.ends_with(".PutRecords") || target.ends_with(".BatchWriteItem");
        if !batch {
            return http::forward(&upstream, &request);
        }
        let mut rng = rng.lock().unwrap();
        if rng.u32(0..100) < faults.fail_request_pct {
            handler_stats
                .failed_requests
                .fetch_add(1, Ordering::Relaxed);
            return Response::json(
                500,
                r#"{"__type":"InternalFailure","message":"injected by the iops fault proxy"}"#,
            );
        }
        let mut reject = || rng.u32(0..100) < faults.reject_entry_pct;
        if target.ends_with(".PutRecords") {
            put_records(&upstream, &request, &mut reject, &handler_stats)
        } else {
            batch_write_item(&upstream, &request, &mut reject, &handler_stats)
        }
    });
    FaultProxy { server, stats }
}

fn forward_json(upstream: &str, request: &Request, body: &Value) -> Response {
    let mut modified = request.clone();
    modified.body = serde_json::to_vec(body).unwrap();
    http::forward(upstream, &modified)
}

/// Our answer built from moto's: same headers, minus the checksum of the body we replaced.
fn respond(template: Option<&Response>, body: &Value) -> Response {
    let mut response = template
        .cloned()
        .unwrap_or_else(|| Response::json(200, Vec::new()));
    response
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("x-amz-crc32"));
    response.body = serde_json::to_vec(body).unwrap();
    response
}

fn put_records(
    upstream: &str,
    request: &Request,
    reject: &mut dyn FnMut() -> bool,
    stats: &FaultStats,
) -> Response {
    let mut body: Value = serde_json::from_slice(&request.body).unwrap();
    let records = body["Records"].as_array().cloned().unwrap_or_default();
    let rejected: Vec<bool> = records.iter().map(|_| reject()).collect();
    let kept: Vec<Value> = records
        .iter()
        .zip(&rejected)
        .filter(|(_, r)| !**r)
        .map(|(v, _)| v.clone())
        .collect();
    stats.rejected_entries.fetch_add(
        rejected.iter().filter(|r| **r).count() as u64,
        Ordering::Relaxed,
    );
    stats
        .forwarded_entries
        .fetch_add(kept.len() as u64, Ordering::Relaxed);
    let upstream_response = (!kept.is_empty()).then(|| {
        body["Records"] = Value::Array(kept);
        forward_json(upstream, request, &body)
    });
    if let Some(response) = upstream_response.as_ref().filter(|r| r.status != 200) {
        return response.clone();
    }
    let upstream_results: Vec<Value> = upstream_response
        .as_ref()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body).unwrap()["Records"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let mut upstream_results = upstream_results.into_iter();
    let mut failed = 0;
    let results: Vec<Value> = rejected
        .iter()
        .map(|&was_rejected| {
            if was_rejected {
                failed += 1;
                json!({"ErrorCode": "ProvisionedThroughputExceededException",
                       "ErrorMessage": "Rate exceeded for shard shardId-000000000000 in stream (injected)"})
            } else {
                upstream_results.next().expect("moto answers every forwarded record")
            }
        })
        .collect();
    respond(
        upstream_response.as_ref(),
        &json!({"FailedRecordCount": failed, "Records": results}),
    )
}

fn batch_write_item(
    upstream: &str,
    request: &Request,
    reject: &mut dyn FnMut() -> bool,
    stats: &FaultStats,
) -> Response {
    let mut body: Value = serde_json::from_slice(&request.body).unwrap();
    let mut unprocessed = serde_json::Map::new();
    let mut forwarded = 0;
    for (table, writes) in body["RequestItems"].as_object_mut().unwrap() {
        let all = std::mem::take(writes.as_array_mut().unwrap());
        let (rejected, kept): (Vec<Value>, Vec<Value>) = all.into_iter().partition(|_| reject());
        stats
            .rejected_entries
            .fetch_add(rejected.len() as u64, Ordering::Relaxed);
        forwarded += kept.len();
        if !rejected.is_empty() {
            unprocessed.insert(table.clone(), Value::Array(rejected));
        }
        *writes = Value::Array(kept);
    }
    stats
        .forwarded_entries
        .fetch_add(forwarded as u64, Ordering::Relaxed);
    body["RequestItems"]
        .as_object_mut()
        .unwrap()
        .retain(|_, writes| !writes.as_array().unwrap().is_empty());
    let upstream_response = (forwarded > 0).then(|| forward_json(upstream, request, &body));
    if let Some(response) = upstream_response.as_ref().filter(|r| r.status != 200) {
        return response.clone();
    }
    let mut answer: Value = upstream_response
        .as_ref()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .unwrap_or_else(|| json!({}));
    answer["UnprocessedItems"] = Value::Object(unprocessed);
    respond(upstream_response.as_ref(), &answer)
}

/// A proxy to `upstream` that dies after answering `requests` requests, like a server killed
/// mid-run: the next request's connection is closed without an answer, and from then on nothing
/// listens on the port (connection refused).
pub fn dies_after(upstream: &str, requests: u64) -> String {
    use std::io::BufReader;
    use std::net::{Shutdown, TcpListener};
    use std::sync::atomic::AtomicBool;

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    let upstream = upstream.to_string();
    let answered = Arc::new(AtomicU64::new(0));
    let dead = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if dead.load(Ordering::SeqCst) {
                break; // dropping the listener: refused from now on
            }
            let Ok(stream) = stream else { continue };
            let (upstream, answered, dead) = (upstream.clone(), answered.clone(), dead.clone());
            let wake = stream.local_addr().ok();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
                let mut writer = stream;
                while let Some(request) = http::read_request(&mut reader) {
                    if answered.fetch_add(1, Ordering::SeqCst) >= requests {
                        dead.store(true, Ordering::SeqCst);
                        let _ = writer.shutdown(Shutdown::Both);
                        // Wake the accept loop so it drops the listener.
                        if let Some(addr) = wake {
                            let _ = std::net::TcpStream::connect(addr);
                        }
                        return;
                    }
                    let response = http::forward(&upstream, &request);
                    if http::write_response(&mut writer, &response).is_err() {
                        return;
                    }
                }
            });
        }
    });
    endpoint
}

/// Answers every request the same way: HTTP 500, or throttling (HTTP 400 with the throttling
/// error both JSON protocols read: `__type` in the body and `x-amzn-ErrorType`).
pub fn always(status: u16, code: &'static str) -> Server {
    http::serve(move |request| {
        // CloudFormation speaks the query protocol: its errors are XML.
        if String::from_utf8_lossy(&request.body).contains("Action=") {
            let body = format!(
                "<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>injected by the iops fault server</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>"
            );
            return Response {
                status,
                headers: vec![("Content-Type".into(), "text/xml".into())],
                body: body.into_bytes(),
            };
        }
        let mut response = Response::json(
            status,
            format!(r#"{{"__type":"{code}","message":"injected by the iops fault server"}}"#),
        );
        response
            .headers
            .push(("x-amzn-ErrorType".into(), code.to_string()));
        response
    })
}

/// A server that is not AWS at all (a wrong endpoint, a proxy's error page): every request gets
/// the same HTML page with this status.
pub fn html_page(status: u16) -> Server {
    http::serve(move |_| {
        Response {
        status,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: format!("<!DOCTYPE html>\n<html><head><title>{status} Not Found</title></head><body><h1>nginx</h1></body></html>").into_bytes(),
    }
    })
}
