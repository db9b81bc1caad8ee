//! A whole WebSocket stack for the `iops init` and `iops doctor` scenarios:
//! - CloudFormation on moto (`cfn_stack.py`): functions with CDK logical ids, the connections and
//!   metrics tables, the Kinesis stream and its event source mapping, a nested stack;
//! - log groups for every function on moto, with recent invocations;
//! - the API Gateway v2 stand-in (`apigw.rs`) for routes, authorizers, deployments and stages;
//! - an in-process WebSocket backend playing API Gateway and the stack's handlers: on connect it
//!   writes the connection record to the moto table and logs like the connect function; it
//!   broadcasts METRICS_UPDATE; on disconnect it deletes the record. Each can be switched off to
//!   reproduce a runbook's failure (no record → close without status, the seed's 1005).

use std::path::PathBuf;
use std::process::Command as Process;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;

use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

use super::apigw::{ApiGatewayStandIn, ApiState, apigateway_stand_in, healthy_websocket_api};
use super::ws::accept_loop;
use super::{iops, moto, now_ms, project_dir, runtime, sdk_config, unique};

pub const API_ID: &str = "k3y9abc123";

/// Request paths and User-Agents the backend saw.
pub type Seen = Arc<Mutex<Vec<(String, String)>>>;

#[derive(Debug, Clone)]
pub struct Behaviour {
    /// $connect writes the connection record (else the socket is closed without a status).
    pub writes_record: bool,
    /// $disconnect deletes it.
    pub deletes_record: bool,
    /// METRICS_UPDATE every 200 ms.
    pub broadcasts: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            writes_record: true,
            deletes_record: true,
            broadcasts: true,
        }
    }
}

pub struct Stack {
    pub name: String,
    pub ids: Value,
    pub dir: tempfile::TempDir,
    pub apigw: ApiGatewayStandIn,
    /// IAM's SimulatePrincipalPolicy (moto lacks it), allowing every role.
    pub iam: super::iam::IamStandIn,
    pub ws_url: String,
    pub seen: Seen,
}

impl Stack {
    pub fn id(&self, logical: &str) -> String {
        self.ids[logical]
            .as_str()
            .unwrap_or_else(|| panic!("{logical} in {}", self.ids))
            .to_string()
    }

    /// `iops` in the stack's directory (its iops.toml), AWS on moto, API Gateway and IAM's
    /// SimulatePrincipalPolicy on the stand-ins.
    pub fn iops(&self) -> assert_cmd::Command {
        let mut cmd = iops();
        cmd.env("AWS_ENDPOINT_URL", &moto().endpoint)
            .env("AWS_ENDPOINT_URL_APIGATEWAYV2", &self.apigw.server.endpoint)
            .env("AWS_ENDPOINT_URL_IAM", &self.iam.server.endpoint)
            .current_dir(self.dir.path());
        cmd
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("iops.toml")
    }
}

/// Runs `cfn_stack.py`: the CloudFormation stack on moto, its physical ids as JSON.
pub fn create_cfn_stack(name: &str, mapping_enabled: bool) -> Value {
    let python = project_dir().join(".venv/bin/python");
    let mut cmd = Process::new(&python);
    cmd.arg(project_dir().join("tests/support/cfn_stack.py"))
        .arg(&moto().endpoint)
        .arg(name)
        .env("NO_PROXY", "127.0.0.1,localhost");
    if !mapping_enabled {
        cmd.arg("--mapping-disabled");
    }
    let output = cmd.output().expect("run cfn_stack.py");
    assert!(
        output.status.success(),
        "cfn_stack.py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cfn_stack.py prints JSON")
}

/// A healthy stack unless `api`, `behaviour`, `metrics` or `mapping_enabled` say otherwise.
/// `metrics`: (entity_id, sessions_30d) items; `None` metrics are written as NULL.
pub fn stack(
    api: impl FnOnce(&mut ApiState),
    behaviour: Behaviour,
    metrics: &[(&str, Option<&str>)],
    mapping_enabled: bool,
) -> Stack {
    let name = unique("Dash").replace('-', "");
    let ids = create_cfn_stack(&name, mapping_enabled);
    let mut state = healthy_websocket_api(API_ID);
    api(&mut state);
    let apigw = apigateway_stand_in(state);
    let dir = tempfile::tempdir().expect("temp dir");
    let table = ids["ConnectionsTable0A1B2C3D"]
        .as_str()
        .unwrap()
        .to_string();
    let group = |logical: &str| format!("/aws/lambda/{}", ids[logical].as_str().unwrap());
    let groups = (
        group("ConnectFunction52BFC429"),
        group("DisconnectFunction11A2B3C4"),
    );
    seed_logs_and_metrics(&ids, metrics);
    let (ws_url, seen) = backend(behaviour, table, groups);
    let stack = Stack {
        name,
        ids,
        dir,
        apigw,
        iam: super::iam::iam_stand_in(&moto().endpoint, &["*"], false),
        ws_url,
        seen,
    };
    let init = stack
        .iops()
        .args(["init", "--stack", &stack.name, "--env", "dev"])
        .output()
        .expect("iops init runs");
    assert!(
        init.status.success(),
        "init: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    point_at_backend(&stack.config_path(), &stack.ws_url);
    stack
}

/// The stack output names the real API's URL; the probe must reach the local backend instead.
fn point_at_backend(path: &PathBuf, ws_url: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
    doc["env"]["dev"]["websocket_url"] = toml_edit::value(format!("{ws_url}/prod"));
    std::fs::write(path, doc.to_string()).unwrap();
}

const FUNCTIONS: [&str; 5] = [
    "ConnectFunction52BFC429",
    "DisconnectFunction11A2B3C4",
    "DefaultFunction0D1E2F3A",
    "AuthorizerFunction6C7D8E9F",
    "StreamProcessorFunction9F8E7D6C",
];

fn seed_logs_and_metrics(ids: &Value, metrics: &[(&str, Option<&str>)]) {
    let config = sdk_config(&moto().endpoint);
    runtime().block_on(async {
        let logs = aws_sdk_cloudwatchlogs::Client::new(&config);
        for logical in FUNCTIONS {
            let group = format!("/aws/lambda/{}", ids[logical].as_str().unwrap());
            logs.create_log_group()
                .log_group_name(&group)
                .send()
                .await
                .unwrap();
            logs.create_log_stream()
                .log_group_name(&group)
                .log_stream_name("2026/11/25/[$LATEST]seed")
                .send()
                .await
                .unwrap();
            put_lines(
                &logs,
                &group,
                "2026/11/25/[$LATEST]seed",
                &invocation("seed", "ok"),
            )
            .await;
        }
        let dynamodb = aws_sdk_dynamodb::Client::new(&config);
        let table = ids["MetricsTable7A6B5C4D"].as_str().unwrap();
        for (entity, sessions) in metrics {
            let value = match sessions {
                Some(n) => AttributeValue::N(n.to_string()),
                None => AttributeValue::Null(true),
            };
            let metric = |v: &str| AttributeValue::N(v.into());
            let (rating, health) = if sessions.is_some() {
                (metric("4.2"), metric("97"))
            } else {
                (AttributeValue::Null(true), AttributeValue::Null(true))
            };
            dynamodb
                .put_item()
                .table_name(table)
                .item("entity_id", AttributeValue::S(entity.to_string()))
                .item("entity_type", AttributeValue::S("stream".into()))
                .item("sessions_30d", value)
                .item("avg_rating", rating)
                .item("health_score", health)
                .send()
                .await
                .unwrap();
        }
    });
}

/// One Lambda invocation's lines: START, the handler's line, END, REPORT.
pub fn invocation(request_id: &str, line: &str) -> Vec<String> {
    vec![
        format!("START RequestId: {request_id} Version: $LATEST"),
        format!("INFO {line}"),
        format!("END RequestId: {request_id}"),
        format!(
            "REPORT RequestId: {request_id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 61 MB"
        ),
    ]
}

pub async fn put_lines(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    stream: &str,
    lines: &[String],
) {
    let now = now_ms();
    let events = lines.iter().map(|l| {
        aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
            .timestamp(now)
            .message(l)
            .build()
            .unwrap()
    });
    logs.put_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .set_log_events(Some(events.collect()))
        .send()
        .await
        .unwrap();
}

/// The backend; returns its ws:// URL and what it saw.
fn backend(behaviour: Behaviour, table: String, groups: (String, String)) -> (String, Seen) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorded = seen.clone();
    let config = sdk_config(&moto().endpoint);
    let handlers = Arc::new(Handlers {
        behaviour,
        table,
        connect_group: groups.0,
        disconnect_group: groups.1,
        dynamodb: aws_sdk_dynamodb::Client::new(&config),
        logs: aws_sdk_cloudwatchlogs::Client::new(&config),
    });
    let next = AtomicU32::new(0);
    let url = accept_loop(move |stream| {
        let n = next.fetch_add(1, Ordering::Relaxed) + 1;
        let (handlers, recorded) = (handlers.clone(), recorded.clone());
        async move { handlers.serve(stream, n, recorded).await }
    });
    (url, seen)
}

struct Handlers {
    behaviour: Behaviour,
    table: String,
    connect_group: String,
    disconnect_group: String,
    dynamodb: aws_sdk_dynamodb::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
}

impl Handlers {
    // tungstenite's handshake callback returns its Response type as the error.
    #[allow(clippy::result_large_err)]
    async fn serve(&self, stream: tokio::net::TcpStream, n: u32, recorded: Seen) {
        let mut request_line = (String::new(), String::new());
        let callback = |request: &Request, response: Response| {
            request_line = (
                request.uri().to_string(),
                request
                    .headers()
                    .get("user-agent")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string(),
            );
            Ok(response)
        };
        let Ok(mut socket) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
            return;
        };
        recorded.lock().unwrap().push(request_line.clone());
        let connection_id = format!("Uq{n:04}TeFQIAMCEzQ=");
        self.on_connect(&connection_id, &request_line.1).await;
        if !self.behaviour.writes_record {
            // What API Gateway does when $connect left no record behind (runbook 003).
            tokio::time::sleep(Duration::from_millis(800)).await;
            let _ = socket.send(Message::Close(None)).await;
            let _ = tokio::time::timeout(Duration::from_secs(1), socket.next()).await;
            self.on_disconnect(&connection_id).await;
            return;
        }
        let mut ticker = tokio::time::interval(Duration::from_millis(200));
        loop {
            tokio::select! {
                _ = ticker.tick(), if self.behaviour.broadcasts => {
                    let update = r#"{"type":"METRICS_UPDATE","data":{"entity_id":"stream-001","sessions_30d":1245}}"#;
                    if socket.send(Message::text(update)).await.is_err() {
                        break;
                    }
                }
                message = socket.next() => match message {
                    // Answer a close as API Gateway does: tungstenite queued the answer, the
                    // flush sends it (else the client sees the connection dropped, 1006).
                    Some(Ok(Message::Close(_))) => {
                        let _ = socket.flush().await;
                        break;
                    }
                    None | Some(Err(_)) => break,
                    _ => {}
                },
            }
        }
        self.on_disconnect(&connection_id).await;
    }

    async fn on_connect(&self, connection_id: &str, user_agent: &str) {
        if self.behaviour.writes_record {
            self.dynamodb
                .put_item()
                .table_name(&self.table)
                .item("connectionId", AttributeValue::S(connection_id.into()))
                .item("connectedAt", AttributeValue::N(now_ms().to_string()))
                .item("userAgent", AttributeValue::S(user_agent.into()))
                .send()
                .await
                .unwrap();
        }
        let line = format!("connection accepted {connection_id}");
        self.log(&self.connect_group, connection_id, &line).await;
    }

    async fn on_disconnect(&self, connection_id: &str) {
        let line = if !self.behaviour.writes_record {
            // The seed's smoking gun (runbook 003).
            format!("Connection {connection_id} not found in database (already cleaned up)")
        } else if self.behaviour.deletes_record {
            self.dynamodb
                .delete_item()
                .table_name(&self.table)
                .key("connectionId", AttributeValue::S(connection_id.into()))
                .send()
                .await
                .unwrap();
            format!("connection removed {connection_id}")
        } else {
            format!("disconnect received for {connection_id}")
        };
        self.log(&self.disconnect_group, connection_id, &line).await;
    }

    /// One invocation's lines in a stream of its own, like a fresh Lambda execution environment.
    async fn log(&self, group: &str, connection_id: &str, line: &str) {
        let stream = format!("2026/11/25/[$LATEST]{connection_id}");
        let _ = self
            .logs
            .create_log_stream()
            .log_group_name(group)
            .log_stream_name(&stream)
            .send()
            .await;
        put_lines(&self.logs, group, &stream, &invocation(connection_id, line)).await;
    }
}
