//! Shared fixtures for the integration tests: the moto launcher, the `iops` command with a
//! hermetic AWS environment, SDK clients for setting up and reading back resources, and the
//! local HTTP stand-ins in `http.rs`, `faults.rs`, `lambda.rs`, `apigw.rs` and `cfn.rs`, and the
//! WebSocket peers nobody here wrote (Node `ws`, Python `websockets`) in `peers.rs`,
//! `ws connect` in a real terminal in `pty.rs`, and a headless Chromium driven over the DevTools
//! Protocol in `browser.rs`.

#![allow(dead_code)] // each test binary uses a different part of the fixtures

pub mod apigw;
pub mod browser;
pub mod cfn;
pub mod faults;
pub mod http;
pub mod iam;
pub mod insights;
pub mod lambda;
pub mod livetail;
pub mod management;
pub mod peers;
pub mod pty;
pub mod sqs_moves;
pub mod stack;
pub mod top_stack;
pub mod ws;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command as Process, Stdio};
use std::sync::OnceLock;

use assert_cmd::Command;

pub const REGION: &str = "us-east-1";

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The moto server shared by every test in one test binary.
pub struct Moto {
    pub endpoint: String,
    _process: Child,
}

/// Starts moto (from the project's `.venv`, installed by `./scripts/test`) once per test binary.
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        let python = std::env::var_os("IOPS_TEST_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| project_dir().join(".venv/bin/python"));
        assert!(
            python.exists(),
            "{} not found: run ./scripts/test, which creates .venv with the pinned moto[server]",
            python.display()
        );
        let mut process = Process::new(&python)
            .arg(project_dir().join("tests/support/moto_guard.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto with {}: {e}", python.display()));
        let mut line = String::new();
        BufReader::new(process.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("moto prints its port");
        let port: u16 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("moto did not start: {line:?}"));
        Moto {
            endpoint: format!("http://127.0.0.1:{port}"),
            _process: process,
        }
    })
}

/// A unique resource name per test, so tests sharing one moto never collide.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// Variables a developer's shell may set that would leak into a test run.
const REMOVED: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_KINESIS",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ENDPOINT_URL_LAMBDA",
    "AWS_ENDPOINT_URL_IAM",
    "AWS_ENDPOINT_URL_SQS",
    "AWS_ENDPOINT_URL_APIGATEWAYV2",
    "AWS_ENDPOINT_URL_CLOUDFORMATION",
    "AWS_ENDPOINT_URL_STS",
    "AWS_SESSION_TOKEN",
    "AWS_DEFAULT_REGION",
    "AWS_RETRY_MODE",
    "AWS_MAX_ATTEMPTS",
    "IOPS_CONFIG",
    "IOPS_ENV",
    "IOPS_GIVE_UP_AFTER",
    "NO_COLOR",
];

/// Static test credentials, a fixed region, no profile files, no instance metadata (nothing may
/// leave loopback).
const SET: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
    ("AWS_REGION", REGION),
    ("AWS_EC2_METADATA_DISABLED", "true"),
    ("AWS_CONFIG_FILE", "/nonexistent/iops-test-config"),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "/nonexistent/iops-test-credentials",
    ),
    ("NO_PROXY", "127.0.0.1,localhost"),
    // Nothing may leave loopback: a test that forgets its endpoint reaches a dead loopback port
    // (the discard port), never AWS. `iops_at` sets the real one.
    ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
];

/// `iops` in the hermetic test environment, with no config file (run from the temp directory).
pub fn iops() -> Command {
    let mut cmd = Command::cargo_bin("iops").expect("binary built");
    for var in REMOVED {
        cmd.env_remove(var);
    }
    cmd.envs(SET.iter().copied())
        .current_dir(std::env::temp_dir());
    cmd
}

/// The same environment as [`iops`], as a process to spawn and signal or read line by line.
pub fn iops_process() -> Process {
    let mut cmd = Process::new(assert_cmd::cargo::cargo_bin("iops"));
    for var in REMOVED {
        cmd.env_remove(var);
    }
    cmd.envs(SET.iter().copied())
        .current_dir(std::env::temp_dir());
    cmd
}

/// `iops` pointed at an endpoint (moto, or a stand-in in front of it).
pub fn iops_at(endpoint: &str) -> Command {
    let mut cmd = iops();
    cmd.env("AWS_ENDPOINT_URL", endpoint);
    cmd
}

pub fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_kinesis::config::SharedCredentialsProvider::new(
            aws_sdk_kinesis::config::Credentials::new(
                "testing",
                "testing",
                None,
                None,
                "iops-tests",
            ),
        ))
        .build()
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// What a finished `iops` run left behind.
pub struct Finished {
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs the command and asserts its exit code, showing stderr when it differs; a panic or a
/// backtrace in stderr fails every test, whatever the code.
pub fn exits(cmd: &mut Command, code: i32) -> Finished {
    let output = cmd.output().expect("iops runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    Finished {
        stdout: output.stdout,
        stderr,
    }
}

/// A pay-per-request table with a string hash key (and TTL on `ttl`, if given), on moto.
pub fn create_table(prefix: &str, hash: &str, ttl: Option<&str>) -> String {
    let name = unique(prefix);
    runtime().block_on(async {
        let client = aws_sdk_dynamodb::Client::new(&sdk_config(&moto().endpoint));
        client
            .create_table()
            .table_name(&name)
            .billing_mode(aws_sdk_dynamodb::types::BillingMode::PayPerRequest)
            .attribute_definitions(
                aws_sdk_dynamodb::types::AttributeDefinition::builder()
                    .attribute_name(hash)
                    .attribute_type(aws_sdk_dynamodb::types::ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            )
            .key_schema(
                aws_sdk_dynamodb::types::KeySchemaElement::builder()
                    .attribute_name(hash)
                    .key_type(aws_sdk_dynamodb::types::KeyType::Hash)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("create table");
        if let Some(attribute) = ttl {
            client
                .update_time_to_live()
                .table_name(&name)
                .time_to_live_specification(
                    aws_sdk_dynamodb::types::TimeToLiveSpecification::builder()
                        .enabled(true)
                        .attribute_name(attribute)
                        .build()
                        .unwrap(),
                )
                .send()
                .await
                .expect("enable ttl");
        }
    });
    name
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Writes events (timestamp ms, message) into group/stream on moto, creating both when missing.
pub fn put_log_events(group: &str, stream: &str, events: &[(i64, String)]) {
    use aws_sdk_cloudwatchlogs::types::InputLogEvent;
    runtime().block_on(async {
        let client = aws_sdk_cloudwatchlogs::Client::new(&sdk_config(&moto().endpoint));
        let _ = client.create_log_group().log_group_name(group).send().await;
        let _ = client
            .create_log_stream()
            .log_group_name(group)
            .log_stream_name(stream)
            .send()
            .await;
        for chunk in events.chunks(5000) {
            let batch: Vec<InputLogEvent> = chunk
                .iter()
                .map(|(t, m)| {
                    InputLogEvent::builder()
                        .timestamp(*t)
                        .message(m)
                        .build()
                        .unwrap()
                })
                .collect();
            client
                .put_log_events()
                .log_group_name(group)
                .log_stream_name(stream)
                .set_log_events(Some(batch))
                .send()
                .await
                .expect("put log events");
        }
    });
}
