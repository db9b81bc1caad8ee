//! The fault matrix: every command family run as a whole process against each fault an incident
//! brings — nothing listening, a server killed mid-run, HTTP 500 on every request, throttling on
//! every request, no credentials, a malformed endpoint. Each run must end in bounded time with
//! the documented exit code, a clear first line on stderr, no panic and no torn ndjson line.
//! Time bounds are generous (CI machines are slow); the real figures are in the README.

mod support;

use std::time::{Duration, Instant};

use support::faults::{always, dies_after};
use support::{exits, iops, iops_at, moto};

/// Retry loops give up after this in the matrix (the default is 30 s).
const GIVE_UP: &str = "2s";
/// No fault may take longer than this to report.
const BOUND: Duration = Duration::from_secs(20);

/// A port nothing listens on: bound, then released.
fn dead_endpoint() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// One command of the matrix, with the config file every command can use.
struct Case {
    name: &'static str,
    args: Vec<String>,
}

fn case(name: &'static str, args: &[&str]) -> Case {
    Case {
        name,
        args: args.iter().map(ToString::to_string).collect(),
    }
}

fn config_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        r#"default_env = "dev"
[env.dev]
api_id = "abc123"
stage = "dev"
websocket_url = "ws://127.0.0.1:9/dev"
kinesis_stream = "events"
[env.dev.tables]
connections = "Connections"
metrics = "Metrics"
[env.dev.functions]
connect = "ConnectFunction"
"#,
    )
    .unwrap();
    dir
}

fn aws_cases() -> Vec<Case> {
    vec![
        case(
            "simulate kinesis",
            &[
                "simulate",
                "--to",
                "kinesis:events",
                "--streams",
                "5",
                "--events-per-stream",
                "20",
            ],
        ),
        case(
            "simulate dynamodb",
            &[
                "simulate",
                "--to",
                "dynamodb:Metrics",
                "--streams",
                "5",
                "--events-per-stream",
                "20",
            ],
        ),
        case(
            "logs tail",
            &[
                "logs",
                "tail",
                "/aws/lambda/ConnectFunction",
                "--since",
                "5m",
            ],
        ),
        case(
            "logs stats",
            &[
                "logs",
                "stats",
                "/aws/lambda/ConnectFunction",
                "--since",
                "5m",
            ],
        ),
        case("logs groups", &["logs", "groups"]),
        case("table scan", &["table", "scan", "Connections"]),
        case("table describe", &["table", "describe", "Connections"]),
        case("connections count", &["connections", "count"]),
        case("connections prune", &["connections", "prune"]),
        case("metrics", &["metrics"]),
        case("deploy status", &["deploy", "status"]),
        case(
            "deploy activate-stage",
            &["deploy", "activate-stage", "--latest"],
        ),
        case("ws send", &["ws", "send", "--all", "--data", "hi"]),
        case(
            "init",
            &["init", "--stack", "chat", "--config", "init.toml"],
        ),
        case(
            "doctor",
            &["doctor", "--only", "access,routes,deployment,pipeline"],
        ),
    ]
}

/// What a faulted run left behind, with its wall time.
struct Run {
    code: i32,
    seconds: f64,
    stdout: String,
    stderr: String,
}

fn run(mut cmd: assert_cmd::Command, dir: &std::path::Path, case: &Case) -> Run {
    cmd.current_dir(dir)
        .env("IOPS_GIVE_UP_AFTER", GIVE_UP)
        .args(&case.args)
        .args(["--output", "ndjson"])
        .timeout(BOUND + Duration::from_secs(10));
    let started = Instant::now();
    let output = cmd.output().expect("iops runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        seconds: started.elapsed().as_secs_f64(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    eprintln!(
        "{:<24} exit {:>3} {:>6.2}s  {}",
        case.name,
        run.code,
        run.seconds,
        run.stderr.lines().next().unwrap_or_default()
    );
    run
}

/// The shared promises: bounded, no panic, a first line that says what failed, whole lines.
fn check(run: &Run, case: &Case, fault: &str, codes: &[i32], first_line_has: &str) {
    let context = format!(
        "{} / {fault}: exit {} in {:.1}s\nstderr: {}",
        case.name, run.code, run.seconds, run.stderr
    );
    assert!(
        codes.contains(&run.code),
        "expected exit {codes:?}; {context}"
    );
    assert!(run.seconds < BOUND.as_secs_f64(), "too slow; {context}");
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{context}"
    );
    let first = run
        .stderr
        .lines()
        .find(|l| l.starts_with("iops"))
        .unwrap_or_default();
    assert!(
        first.contains(first_line_has),
        "first line should name {first_line_has:?}; {context}"
    );
    for line in run.stdout.lines() {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "torn ndjson line {line:?}; {context}"
        );
    }
}

/// Doctor reports failing checks (exit 1) rather than failing itself.
fn codes_for(case: &Case, code: i32) -> Vec<i32> {
    if case.name == "doctor" {
        vec![1]
    } else {
        vec![code]
    }
}

#[test]
fn nothing_listening_exits_4_at_once_naming_the_endpoint() {
    let endpoint = dead_endpoint();
    let dir = config_dir();
    for case in aws_cases() {
        let run = run(iops_at(&endpoint), dir.path(), &case);
        let expected = if case.name == "doctor" {
            ""
        } else {
            endpoint.as_str()
        };
        check(&run, &case, "dead port", &codes_for(&case, 4), expected);
        assert!(
            run.seconds < 5.0,
            "{}: a refused connection must fail in under 5 s, took {:.1}s",
            case.name,
            run.seconds
        );
    }
}

#[test]
fn http_500_on_every_request_gives_up_with_exit_3() {
    let server = always(500, "InternalFailure");
    let dir = config_dir();
    for case in aws_cases() {
        let run = run(iops_at(&server.endpoint), dir.path(), &case);
        check(&run, &case, "HTTP 500", &codes_for(&case, 3), "");
    }
}

#[test]
fn throttling_on_every_request_gives_up_with_exit_3() {
    let server = always(400, "ThrottlingException");
    let dir = config_dir();
    for case in aws_cases() {
        let run = run(iops_at(&server.endpoint), dir.path(), &case);
        check(&run, &case, "throttled", &codes_for(&case, 3), "");
    }
}

#[test]
fn no_credentials_exit_3_with_the_credential_chain_hint() {
    let endpoint = dead_endpoint();
    let dir = config_dir();
    for case in aws_cases() {
        let mut cmd = iops_at(&endpoint);
        cmd.env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY");
        let run = run(cmd, dir.path(), &case);
        check(&run, &case, "no credentials", &codes_for(&case, 3), "");
        assert!(run.seconds < 5.0, "{}: took {:.1}s", case.name, run.seconds);
        if case.name != "doctor" {
            assert!(
                run.stderr.contains("no credentials found") && run.stderr.contains("AWS_PROFILE"),
                "{}",
                run.stderr
            );
        }
    }
}

#[test]
fn a_malformed_endpoint_is_a_usage_error_before_any_call() {
    let dir = config_dir();
    for case in aws_cases() {
        let run = run(iops_at("not a url"), dir.path(), &case);
        check(&run, &case, "malformed endpoint", &[2], "endpoint_url");
    }
    let toml = dir.path().join("iops.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("api_id", "endpoint_url = \"not a url\"\napi_id"),
    )
    .unwrap();
    let case = case("table scan (iops.toml)", &["table", "scan", "Connections"]);
    let run = run(iops(), dir.path(), &case);
    check(
        &run,
        &case,
        "malformed endpoint in iops.toml",
        &[2],
        "iops.toml",
    );
}

fn put_connection_records(table: &str, count: usize, user_agent: &str) {
    use aws_sdk_dynamodb::types::AttributeValue;
    support::runtime().block_on(async {
        let client = aws_sdk_dynamodb::Client::new(&support::sdk_config(&moto().endpoint));
        for i in 0..count {
            client
                .put_item()
                .table_name(table)
                .item("connectionId", AttributeValue::S(format!("conn-{i:04}")))
                .item("userAgent", AttributeValue::S(user_agent.to_string()))
                .item("connectedAt", AttributeValue::N("1764000000000".into()))
                .send()
                .await
                .expect("put item");
        }
    });
}

#[test]
fn a_server_killed_mid_scan_ends_with_exit_4_and_whole_lines() {
    let table = support::create_table("faults-scan", "connectionId", None);
    put_connection_records(&table, 40, "Mozilla/5.0");
    // Four segments one at a time: the proxy answers the first requests, then dies.
    let proxy = dies_after(&moto().endpoint, 2);
    let case = case(
        "table scan (killed)",
        &[
            "table",
            "scan",
            &table,
            "--segments",
            "4",
            "--concurrency",
            "1",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let run = run(iops_at(&proxy), dir.path(), &case);
    check(&run, &case, "killed mid-run", &[4], "scan table");
    let items = run.stdout.lines().count();
    assert!(
        items > 0 && items < 40,
        "part of the table before the kill: {items}"
    );
}

#[test]
fn a_server_killed_mid_simulation_accounts_for_every_event() {
    let stream = support::unique("faults-stream");
    support::runtime().block_on(async {
        aws_sdk_kinesis::Client::new(&support::sdk_config(&moto().endpoint))
            .create_stream()
            .stream_name(&stream)
            .shard_count(1)
            .send()
            .await
            .expect("create stream");
    });
    // DescribeStreamSummary and two PutRecords batches of 500 get through; then the server dies.
    let proxy = dies_after(&moto().endpoint, 3);
    let dir = tempfile::tempdir().unwrap();
    let ids = dir.path().join("undelivered.txt");
    let target = format!("kinesis:{stream}");
    let ids_arg = ids.display().to_string();
    let case = case(
        "simulate kinesis (killed)",
        &[
            "simulate",
            "--to",
            &target,
            "--streams",
            "10",
            "--events-per-stream",
            "300",
            "--concurrency",
            "1",
            "--undelivered",
            &ids_arg,
        ],
    );
    let run = run(iops_at(&proxy), dir.path(), &case);
    check(
        &run,
        &case,
        "killed mid-run",
        &[4],
        "PutRecords to kinesis stream",
    );
    let report: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().expect("a report")).unwrap();
    let (generated, delivered, failed) = (
        report["generated"].as_u64().unwrap(),
        report["delivered"].as_u64().unwrap(),
        report["failed"].as_u64().unwrap(),
    );
    assert_eq!(delivered, 1000, "{report}");
    assert_eq!(delivered + failed, generated, "{report}");
    assert!(
        generated < 3000,
        "generation stops once the endpoint is gone: {report}"
    );
    let written: Vec<String> = std::fs::read_to_string(&ids)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(written.len() as u64, failed);
    assert!(
        written.iter().all(|id| id.starts_with("sim-")),
        "{written:?}"
    );
    assert!(
        run.stderr.contains(&ids_arg) && run.stderr.contains("hint: is the endpoint up"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_server_killed_while_following_logs_ends_with_exit_4() {
    let group = format!("/aws/lambda/{}", support::unique("faults-follow"));
    support::runtime().block_on(async {
        let client = aws_sdk_cloudwatchlogs::Client::new(&support::sdk_config(&moto().endpoint));
        client
            .create_log_group()
            .log_group_name(&group)
            .send()
            .await
            .unwrap();
    });
    let proxy = dies_after(&moto().endpoint, 4);
    let case = case(
        "logs tail --follow (killed)",
        &["logs", "tail", &group, "--follow", "--interval", "200ms"],
    );
    let dir = tempfile::tempdir().unwrap();
    let run = run(iops_at(&proxy), dir.path(), &case);
    check(&run, &case, "killed mid-run", &[4], "127.0.0.1");
}

#[test]
fn hostile_text_is_escaped_in_tables_and_exact_in_json() {
    let table = support::create_table("faults-hostile", "connectionId", None);
    let hostile = "evil\u{1b}[2J\u{1b}]0;pwned\u{7}\rUA";
    put_connection_records(&table, 1, hostile);
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = iops_at(&moto().endpoint);
    cmd.current_dir(dir.path())
        .args(["connections", "list", "--table", &table, "-o", "table"]);
    let table_out = exits(&mut cmd, 0).stdout;
    let text = String::from_utf8(table_out).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\r') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains(r"evil\x1b[2J\x1b]0;pwned\x07\rUA"), "{text}");
    let mut cmd = iops_at(&moto().endpoint);
    cmd.current_dir(dir.path())
        .args(["connections", "list", "--table", &table, "-o", "ndjson"]);
    let line = String::from_utf8(exits(&mut cmd, 0).stdout).unwrap();
    let record: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert!(
        record.to_string().contains(r"evil\u001b[2J"),
        "JSON keeps the exact text: {record}"
    );
}

#[test]
fn hostile_log_messages_are_escaped_in_text() {
    let group = format!("/aws/lambda/{}", support::unique("faults-logs"));
    support::runtime().block_on(async {
        let client = aws_sdk_cloudwatchlogs::Client::new(&support::sdk_config(&moto().endpoint));
        client
            .create_log_group()
            .log_group_name(&group)
            .send()
            .await
            .unwrap();
        client
            .create_log_stream()
            .log_group_name(&group)
            .log_stream_name("s")
            .send()
            .await
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        client
            .put_log_events()
            .log_group_name(&group)
            .log_stream_name("s")
            .log_events(
                aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                    .timestamp(now)
                    .message("ok\u{1b}[2Jgone\rover")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    });
    let mut cmd = iops_at(&moto().endpoint);
    cmd.args([
        "logs", "tail", &group, "--since", "5m", "--format", "message", "-o", "table",
    ]);
    let text = String::from_utf8(exits(&mut cmd, 0).stdout).unwrap();
    assert_eq!(text.trim_end(), r"ok\x1b[2Jgone\rover");
}
