//! SQS's message-move tasks, which moto does not implement, in front of moto: StartMessageMoveTask,
//! ListMessageMoveTasks and CancelMessageMoveTask are answered here in SQS's JSON protocol
//! (`X-Amz-Target: AmazonSQS.<Action>`, JSON bodies and the fields of the SQS API reference:
//! `TaskHandle`; `Results[]` of `TaskHandle` (running tasks only), `Status` RUNNING | COMPLETED |
//! CANCELLING | CANCELLED | FAILED, `SourceArn`, `DestinationArn`, `MaxNumberOfMessagesPerSecond`,
//! `ApproximateNumberOfMessagesMoved`, `ApproximateNumberOfMessagesToMove`, `FailureReason`,
//! `StartedTimestamp`; `ApproximateNumberOfMessagesMoved` for a cancel). A started task moves the
//! messages itself through moto — receive 10, send them to the destination, delete them — a
//! batch every 200 ms, so its progress can be watched. With `purge_once_a_minute`, a second
//! PurgeQueue of a queue answers `PurgeQueueInProgress` as SQS does within 60 s. With
//! `refuse_odd_sends`, every SendMessageBatch forwards only its entries of even position and
//! answers the others in `Failed` (`InternalError`, `SenderFault: false`), as SQS reports a
//! partial batch failure. With `duplicate_deliveries`, every ReceiveMessage answer carries its first
//! message twice, as SQS's at-least-once delivery may. With `deny_sends`, every SendMessageBatch
//! is refused whole (`AccessDenied`); with `slow_sends`, answered late. Every other request is forwarded to moto
//! unchanged.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use super::http::{self, Request, Response, Server};

#[derive(Debug, Clone)]
struct Task {
    handle: String,
    status: String,
    source: String,
    destination: String,
    rate: Option<i64>,
    moved: u64,
    to_move: u64,
    started_ms: i64,
}

pub struct MoveStandIn {
    pub server: Server,
    tasks: Arc<Mutex<Vec<Task>>>,
}

impl MoveStandIn {
    /// The status of every task started, oldest first.
    pub fn statuses(&self) -> Vec<String> {
        self.tasks
            .lock()
            .unwrap()
            .iter()
            .map(|t| t.status.clone())
            .collect()
    }
}

/// One SQS JSON-protocol call to moto.
fn call(moto: &str, action: &str, body: Value) -> Value {
    let request = Request {
        method: "POST".into(),
        path: "/".into(),
        headers: vec![
            ("Host".into(), moto.trim_start_matches("http://").into()),
            ("Content-Type".into(), "application/x-amz-json-1.0".into()),
            ("X-Amz-Target".into(), format!("AmazonSQS.{action}")),
            (
                "Authorization".into(),
                "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0".into(),
            ),
        ],
        body: body.to_string().into_bytes(),
    };
    let response = http::forward(moto, &request);
    serde_json::from_slice(&response.body).unwrap_or(Value::Null)
}

fn url_of(moto: &str, arn: &str) -> String {
    let name = arn.rsplit(':').next().unwrap_or(arn);
    call(moto, "GetQueueUrl", json!({ "QueueName": name }))["QueueUrl"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn visible(moto: &str, url: &str) -> u64 {
    call(
        moto,
        "GetQueueAttributes",
        json!({ "QueueUrl": url, "AttributeNames": ["ApproximateNumberOfMessages"] }),
    )["Attributes"]["ApproximateNumberOfMessages"]
        .as_str()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Moves the source's messages to the destination, a batch every 200 ms, until it is empty or
/// the task is cancelled.
fn run_task(moto: String, tasks: Arc<Mutex<Vec<Task>>>, index: usize, cancelled: Arc<AtomicBool>) {
    let (source, destination) = {
        let tasks = tasks.lock().unwrap();
        (
            url_of(&moto, &tasks[index].source),
            url_of(&moto, &tasks[index].destination),
        )
    };
    loop {
        std::thread::sleep(Duration::from_millis(200));
        if cancelled.load(Ordering::SeqCst) {
            tasks.lock().unwrap()[index].status = "CANCELLED".into();
            return;
        }
        let received = call(
            &moto,
            "ReceiveMessage",
            json!({ "QueueUrl": source, "MaxNumberOfMessages": 10, "VisibilityTimeout": 30 }),
        );
        let messages = received["Messages"].as_array().cloned().unwrap_or_default();
        if messages.is_empty() {
            tasks.lock().unwrap()[index].status = "COMPLETED".into();
            return;
        }
        let entries: Vec<Value> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| json!({ "Id": i.to_string(), "MessageBody": m["Body"] }))
            .collect();
        call(
            &moto,
            "SendMessageBatch",
            json!({ "QueueUrl": destination, "Entries": entries }),
        );
        let deletes: Vec<Value> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| json!({ "Id": i.to_string(), "ReceiptHandle": m["ReceiptHandle"] }))
            .collect();
        call(
            &moto,
            "DeleteMessageBatch",
            json!({ "QueueUrl": source, "Entries": deletes }),
        );
        tasks.lock().unwrap()[index].moved += messages.len() as u64;
    }
}

fn error(kind: &str, message: &str) -> Response {
    let mut response = Response::json(
        400,
        json!({ "__type": format!("com.amazonaws.sqs#{kind}"), "message": message }).to_string(),
    );
    response.headers = vec![
        ("Content-Type".into(), "application/x-amz-json-1.0".into()),
        (
            "x-amzn-query-error".into(),
            format!("AWS.SimpleQueueService.{kind};Sender"),
        ),
    ];
    response
}

/// The faults a stand-in injects (see the module's documentation).
#[derive(Debug, Clone, Copy, Default)]
pub struct Injected {
    pub purge_once_a_minute: bool,
    pub refuse_odd_sends: bool,
    pub duplicate_deliveries: bool,
    /// Every SendMessageBatch refused whole, as SQS refuses a request it cannot take
    /// (`AccessDenied`, 400, nothing sent).
    pub deny_sends: bool,
    /// Every SendMessageBatch answered this long after it arrives (then forwarded to moto).
    pub slow_sends: Option<Duration>,
}

pub fn move_stand_in(moto: &str, injected: Injected) -> MoveStandIn {
    let Injected {
        purge_once_a_minute,
        refuse_odd_sends,
        duplicate_deliveries,
        deny_sends,
        slow_sends,
    } = injected;
    let moto = moto.to_string();
    let tasks: Arc<Mutex<Vec<Task>>> = Arc::default();
    let cancels: Arc<Mutex<HashMap<String, Arc<AtomicBool>>>> = Arc::default();
    let purged: Arc<Mutex<Vec<String>>> = Arc::default();
    let shared = tasks.clone();
    let server = http::serve(move |request| {
        let target = request
            .header("X-Amz-Target")
            .unwrap_or_default()
            .to_string();
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let ok = |value: Value| {
            let mut response = Response::json(200, value.to_string());
            response.headers = vec![("Content-Type".into(), "application/x-amz-json-1.0".into())];
            response
        };
        match target.as_str() {
            "AmazonSQS.StartMessageMoveTask" => {
                let source = body["SourceArn"].as_str().unwrap_or_default().to_string();
                let mut all = shared.lock().unwrap();
                if all
                    .iter()
                    .any(|t| t.source == source && t.status == "RUNNING")
                {
                    return error(
                        "UnsupportedOperation",
                        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
                    );
                }
                let source_url = url_of(&moto, &source);
                let handle = format!("task-{}", all.len() + 1);
                let destination = body["DestinationArn"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                all.push(Task {
                    handle: handle.clone(),
                    status: "RUNNING".into(),
                    to_move: visible(&moto, &source_url),
                    source,
                    destination,
                    rate: body["MaxNumberOfMessagesPerSecond"].as_i64(),
                    moved: 0,
                    started_ms: std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_millis() as i64,
                });
                let index = all.len() - 1;
                drop(all);
                let cancelled = Arc::new(AtomicBool::new(false));
                cancels
                    .lock()
                    .unwrap()
                    .insert(handle.clone(), cancelled.clone());
                let (moto, tasks) = (moto.clone(), shared.clone());
                std::thread::spawn(move || run_task(moto, tasks, index, cancelled));
                ok(json!({ "TaskHandle": handle }))
            }
            "AmazonSQS.ListMessageMoveTasks" => {
                let source = body["SourceArn"].as_str().unwrap_or_default();
                let results: Vec<Value> = shared
                    .lock()
                    .unwrap()
                    .iter()
                    .rev()
                    .filter(|t| t.source == source)
                    .map(|t| {
                        let mut entry = json!({
                            "Status": t.status,
                            "SourceArn": t.source,
                            "DestinationArn": t.destination,
                            "ApproximateNumberOfMessagesMoved": t.moved,
                            "ApproximateNumberOfMessagesToMove": t.to_move,
                            "StartedTimestamp": t.started_ms,
                        });
                        if let Some(rate) = t.rate {
                            entry["MaxNumberOfMessagesPerSecond"] = json!(rate);
                        }
                        if t.status == "RUNNING" {
                            entry["TaskHandle"] = json!(t.handle);
                        }
                        entry
                    })
                    .collect();
                ok(json!({ "Results": results }))
            }
            "AmazonSQS.CancelMessageMoveTask" => {
                let handle = body["TaskHandle"].as_str().unwrap_or_default();
                let Some(cancel) = cancels.lock().unwrap().get(handle).cloned() else {
                    return error("ResourceNotFoundException", "The task handle is not valid.");
                };
                cancel.store(true, Ordering::SeqCst);
                let moved = shared
                    .lock()
                    .unwrap()
                    .iter()
                    .find(|t| t.handle == handle)
                    .map_or(0, |t| t.moved);
                ok(json!({ "ApproximateNumberOfMessagesMoved": moved }))
            }
            "AmazonSQS.PurgeQueue" if purge_once_a_minute => {
                let url = body["QueueUrl"].as_str().unwrap_or_default().to_string();
                let mut purged = purged.lock().unwrap();
                if purged.contains(&url) {
                    return error(
                        "PurgeQueueInProgress",
                        &format!(
                            "Only one PurgeQueue operation on {url} is allowed every 60 seconds."
                        ),
                    );
                }
                purged.push(url);
                http::forward(&moto, &request)
            }
            "AmazonSQS.SendMessageBatch" if slow_sends.is_some() => {
                std::thread::sleep(slow_sends.unwrap_or_default());
                http::forward(&moto, &request)
            }
            "AmazonSQS.SendMessageBatch" if deny_sends => error(
                "AccessDenied",
                "injected by the test: not authorized to perform sqs:SendMessage",
            ),
            "AmazonSQS.SendMessageBatch" if refuse_odd_sends => {
                let entries = body["Entries"].as_array().cloned().unwrap_or_default();
                let (kept, refused): (Vec<_>, Vec<_>) = entries
                    .into_iter()
                    .enumerate()
                    .partition(|(i, _)| i % 2 == 0);
                let mut forwarded = body.clone();
                forwarded["Entries"] = Value::Array(kept.into_iter().map(|(_, e)| e).collect());
                let mut answer = json!({ "Successful": [], "Failed": [] });
                if forwarded["Entries"]
                    .as_array()
                    .is_some_and(|e| !e.is_empty())
                {
                    let mut request = request.clone();
                    request.body = forwarded.to_string().into_bytes();
                    answer = serde_json::from_slice(&http::forward(&moto, &request).body)
                        .unwrap_or(answer);
                }
                let failed: Vec<Value> = refused
                    .iter()
                    .map(|(_, e)| json!({ "Id": e["Id"], "SenderFault": false, "Code": "InternalError", "Message": "injected by the test" }))
                    .collect();
                answer["Failed"] = Value::Array(failed);
                ok(answer)
            }
            "AmazonSQS.ReceiveMessage" if duplicate_deliveries => {
                let answer = http::forward(&moto, &request);
                let mut received: Value =
                    serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
                if let Some(messages) = received["Messages"].as_array_mut()
                    && let Some(first) = messages.first().cloned()
                {
                    messages.push(first);
                }
                ok(received)
            }
            _ => http::forward(&moto, &request),
        }
    });
    MoveStandIn { server, tasks }
}
