//! The fault matrix: every command family run as a whole process against each fault an incident
//! brings — nothing listening, a server killed mid-run, HTTP 500 on every request, throttling on
//! every request, no credentials, a malformed endpoint. Each run must end in bounded time with
//! the documented exit code, a clear first line on stderr, no panic and no torn ndjson line.
//! Time bounds are generous (CI machines are slow); the real figures are in the README.

mod support;

use std::time::{Duration, Instant};

use support::faults::{always, dies_after, html_page};
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
        case(
            "table query",
            &[
                "table",
                "query",
                "Connections",
                "--key",
                "connectionId = \"a\"",
            ],
        ),
        case(
            "table get",
            &["table", "get", "Connections", "connectionId=a"],
        ),
        case("connections count", &["connections", "count"]),
        case("connections prune", &["connections", "prune"]),
        case("metrics", &["metrics"]),
        case("deploy status", &["deploy", "status"]),
        case(
            "deploy activate-stage",
            &["deploy", "activate-stage", "--latest"],
        ),
        case("ws send", &["ws", "send", "--all", "--data", "hi"]),
        case("queue status", &["queue", "status", "ChatProcessingQueue"]),
        case("queue peek", &["queue", "peek", "ChatProcessingQueue"]),
        case(
            "queue redrive",
            &[
                "queue",
                "redrive",
                "ChatProcessingQueue",
                "--yes",
                "--client-side",
            ],
        ),
        case(
            "queue purge",
            &["queue", "purge", "ChatProcessingQueue", "--yes"],
        ),
        case("top", &["top", "--once"]),
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
    // The first line after who the command acts as (a changing command says that first).
    let first = run
        .stderr
        .lines()
        .find(|l| l.starts_with("iops") && !l.starts_with("iops: acting as "))
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

/// Every AWS command against a server that answers every request the same failing way.
fn every_case_gives_up_with_exit_3(status: u16, code: &'static str, fault: &str) {
    let server = always(status, code);
    let dir = config_dir();
    for case in aws_cases() {
        let run = run(iops_at(&server.endpoint), dir.path(), &case);
        check(&run, &case, fault, &codes_for(&case, 3), "");
    }
}

#[test]
fn http_500_on_every_request_gives_up_with_exit_3() {
    every_case_gives_up_with_exit_3(500, "InternalFailure", "HTTP 500");
}

#[test]
fn throttling_on_every_request_gives_up_with_exit_3() {
    every_case_gives_up_with_exit_3(400, "ThrottlingException", "throttled");
}

/// A wrong endpoint answers with an HTML page: every command says so, with the status, at once
/// (a 404 page does not change on a second ask).
#[test]
fn an_html_answer_names_its_status_and_is_not_retried() {
    for status in [404, 500] {
        let server = html_page(status);
        let dir = config_dir();
        for case in aws_cases() {
            let run = run(iops_at(&server.endpoint), dir.path(), &case);
            check(&run, &case, "HTML page", &codes_for(&case, 3), "");
            if case.name == "doctor" {
                continue;
            }
            assert!(
                run.stderr
                    .contains(&format!("HTTP {status} from {}", server.endpoint))
                    && run.stderr.contains("not an AWS response: <!DOCTYPE html>"),
                "{} / HTML {status}: {}",
                case.name,
                run.stderr
            );
            assert!(
                !run.stderr.contains("Error at offset"),
                "{}: {}",
                case.name,
                run.stderr
            );
            assert!(
                run.seconds < 5.0,
                "{} / HTML {status}: not retried, took {:.1}s",
                case.name,
                run.seconds
            );
        }
    }
}

/// Every stack has a function never invoked: no log group. Each command that reads logs reads the
/// others and names it — none fails, none prints another function's state in its row.
#[test]
fn a_function_without_a_log_group_fails_no_command() {
    let stamp = support::unique("nolog").replace('-', "");
    let (invoked, never) = (format!("{stamp}-Connect"), format!("{stamp}-Disconnect"));
    support::put_log_events(
        &format!("/aws/lambda/{invoked}"),
        "s",
        &[(support::now_ms() - 1000, "[ERROR] boom".into())],
    );
    let lambda = support::lambda::lambda_stand_in(&[invoked.as_str(), never.as_str()], None);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        format!(
            "default_env = \"dev\"\n[env.dev.functions]\nconnect = \"{invoked}\"\ndisconnect = \"{never}\"\n"
        ),
    )
    .unwrap();
    let cases = [
        case(
            "logs tail",
            &["logs", "tail", "connect", "disconnect", "--since", "5m"],
        ),
        case(
            "logs stats",
            &["logs", "stats", "connect", "disconnect", "--since", "5m"],
        ),
        case("top", &["top", "--once"]),
        case("doctor logs", &["doctor", "--only", "logs"]),
    ];
    for case in cases {
        let mut cmd = iops_at(&moto().endpoint);
        cmd.env("AWS_ENDPOINT_URL_LAMBDA", &lambda.server.endpoint);
        let run = run(cmd, dir.path(), &case);
        // doctor: the logs check fails on the ERROR line, not on the missing group.
        let expected = if case.name == "doctor logs" { 1 } else { 0 };
        check(&run, &case, "no log group", &[expected], "");
        let everything = format!("{}{}", run.stdout, run.stderr);
        assert!(
            everything.contains("no log group yet"),
            "{}: {everything}",
            case.name
        );
        assert!(
            !everything.contains("ResourceNotFoundException"),
            "{}: {everything}",
            case.name
        );
    }
}

/// A server that breaks the WebSocket protocol: the probe ends at once, exit 1, naming the rule.
#[test]
fn a_protocol_violation_ends_the_probe_with_exit_1() {
    let server = support::ws::ws_server(support::ws::Scenario::RawFrame(vec![
        0xc1, 0x02, b'h', b'i',
    ]));
    let dir = tempfile::tempdir().unwrap();
    let case = case(
        "ws probe (RSV1)",
        &["ws", "probe", &server.url, "--until-close"],
    );
    let run = run(iops(), dir.path(), &case);
    check(&run, &case, "protocol violation", &[1], "");
    assert!(run.seconds < 5.0, "took {:.1}s", run.seconds);
    assert!(
        run.stdout
            .contains("protocol violation by the server: reserved bits"),
        "{}",
        run.stdout
    );
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
    // The environment's endpoint would beat the file's: only the file names one here (and it is
    // refused before any call, so nothing can leave loopback).
    let mut cmd = iops();
    cmd.env_remove("AWS_ENDPOINT_URL");
    let run = run(cmd, dir.path(), &case);
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
    // GetCallerIdentity (who the run acts as), DescribeStreamSummary and two PutRecords batches
    // of 500 get through; then the server dies.
    let proxy = dies_after(&moto().endpoint, 4);
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

/// A WebSocket server that records each upgrade request's path and Authorization header.
/// Each upgrade seen: (path and query, Authorization header).
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>;

fn recording_ws_server() -> (String, Seen) {
    use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = seen.clone();
    let url = support::ws::accept_loop(move |stream| {
        let recorded = recorded.clone();
        async move {
            #[allow(clippy::result_large_err)] // the signature tungstenite asks for
            let callback = |request: &Request, response: Response| {
                let auth = request
                    .headers()
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                recorded
                    .lock()
                    .unwrap()
                    .push((request.uri().to_string(), auth));
                Ok(response)
            };
            if let Ok(mut socket) = tokio_tungstenite::accept_hdr_async(stream, callback).await {
                use futures_util::StreamExt;
                while let Some(Ok(_)) = socket.next().await {}
            }
        }
    });
    (url, seen)
}

#[test]
fn url_credentials_are_sent_as_basic_auth_and_never_shown() {
    let (url, seen) = recording_ws_server();
    let with_userinfo = url.replacen("ws://", "ws://admin:hunter2@", 1) + "/dev?token=A&v=1";
    for format in ["table", "json"] {
        let mut cmd = iops();
        cmd.args([
            "ws",
            "probe",
            &with_userinfo,
            "--token",
            "Bsecret",
            "-vv",
            "-o",
            format,
        ]);
        let finished = exits(&mut cmd, 0);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&finished.stdout),
            finished.stderr
        );
        for secret in ["hunter2", "Bsecret", "YWRtaW46aHVudGVyMg"] {
            assert!(!all.contains(secret), "{secret} shown in {format}: {all}");
        }
    }
    let seen = seen.lock().unwrap();
    let (path, auth) = &seen[0];
    assert_eq!(
        path, "/dev?v=1&token=Bsecret",
        "one token parameter, the flag's"
    );
    // base64("admin:hunter2")
    assert_eq!(auth, "Basic YWRtaW46aHVudGVyMg==");
}

#[test]
fn config_show_redacts_tokens_and_passwords_from_iops_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nwebsocket_url = \"wss://u:pa55word@h.example/dev?token=t0psecret&x=1\"\n",
    )
    .unwrap();
    let mut cmd = iops();
    cmd.current_dir(dir.path())
        .args(["--env", "dev", "config", "show", "-o", "ndjson"]);
    let out = String::from_utf8(exits(&mut cmd, 0).stdout).unwrap();
    assert!(
        !out.contains("pa55word") && !out.contains("t0psecret"),
        "{out}"
    );
    assert!(
        out.contains("wss://u:****@h.example/dev?token=****&x=1"),
        "{out}"
    );
}

#[test]
fn ctrl_c_sigterm_and_sighup_stop_cleanly_with_a_summary() {
    use std::io::BufRead;
    for (signal, code) in [("-INT", 130), ("-TERM", 143), ("-HUP", 129)] {
        let mut child = support::iops_process()
            .args([
                "simulate",
                "--seed",
                "3",
                "--rate",
                "50",
                "--duration",
                "1h",
                "--to",
                "stdout",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(first.contains("\"event_id\""), "running: {first}");
        let status = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{signal}: {stderr}");
        assert!(
            stderr.contains("interrupted: wrote") && stderr.contains("repeat with: --seed 3"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            rest.lines()
                .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
            "whole lines only"
        );
    }
}

#[test]
fn sigterm_ends_a_held_probe_and_a_load_run_reporting_only_what_happened() {
    let (url, _) = recording_ws_server();
    let single = ["ws", "probe", url.as_str(), "--hold", "30", "-o", "json"];
    let load = [
        "ws",
        "probe",
        url.as_str(),
        "--connections",
        "1000",
        "--rate",
        "10",
        "-o",
        "json",
    ];
    for args in [&single[..], &load[..]] {
        let child = support::iops_process()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        let started = Instant::now();
        std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(143), "{args:?}: {stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{args:?} took {:?}",
            started.elapsed()
        );
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("one JSON report");
        assert_eq!(report["interrupted"], true, "{report}");
        if args.contains(&"--connections") {
            let attempted = report["attempted"].as_u64().unwrap();
            assert!(
                (10..=30).contains(&attempted),
                "about 1.5 s at 10/s: {report}"
            );
            assert_eq!(
                report["failed"], 0,
                "nothing failed, the rest was never tried: {report}"
            );
            assert!(report["achieved_rate"].as_f64().unwrap() < 15.0, "{report}");
        }
    }
}

#[test]
fn bad_values_exit_2_before_any_network_call() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[&[&str]] = &[
        &["ws", "probe", "ws://127.0.0.1:99999"],
        &["ws", "probe", "ws://127.0.0.1:0/"],
        &["ws", "probe", "ws://127.0.0.1:9/", "--token-param", ""],
        &["ws", "probe", "ws://127.0.0.1:9/", "-H", "X: a\nb"],
        &["ws", "probe", "ws://127.0.0.1:9/", "-H", "Bad Name: a"],
        &[
            "ws",
            "probe",
            "ws://127.0.0.1:9/",
            "-H",
            "Authorization Bearer s3cr3t-value",
        ],
        &[
            "ws",
            "probe",
            "ws://127.0.0.1:9/",
            "--connections",
            "2",
            "--rate",
            "1e-300",
        ],
        &["table", "scan", ""],
        &["table", "scan", "T", "--fields", ""],
        &[
            "connections",
            "prune",
            "--table",
            "T",
            "--endpoint",
            "not a url",
        ],
        &[
            "simulate",
            "--rate",
            "1e-20",
            "--streams",
            "1",
            "--events-per-stream",
            "2",
        ],
        &["simulate", "--rate", "NaN"],
        &["ws", "probe", "ws://127.0.0.1:9/", "--timeout", "1e400"],
        &["--endpoint-url", "http://127.0.0.1:0", "table", "scan", "T"],
        &["--give-up-after", "soon", "table", "scan", "T"],
        &["--give-up-after", "0", "table", "scan", "T"],
    ];
    for args in cases {
        let mut cmd = iops_at(&dead_endpoint());
        cmd.current_dir(dir.path()).args(*args);
        let finished = exits(&mut cmd, 2);
        assert!(finished.stderr.lines().count() >= 1, "{args:?}: says why");
        assert!(
            !finished.stderr.contains("cannot reach"),
            "{args:?} reached the network: {}",
            finished.stderr
        );
    }
    let mut cmd = iops();
    cmd.args(["--config"])
        .arg(dir.path())
        .args(["config", "show"]);
    let finished = exits(&mut cmd, 2);
    assert!(
        finished.stderr.contains("is a directory"),
        "{}",
        finished.stderr
    );
}

#[test]
fn init_writes_the_environment_iops_env_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = iops();
    cmd.current_dir(dir.path())
        .env("IOPS_ENV", "staging")
        .env("IOPS_CONFIG", "custom.toml")
        .arg("init");
    exits(&mut cmd, 0);
    let written = std::fs::read_to_string(dir.path().join("custom.toml")).unwrap();
    assert!(
        written.contains("[env.staging]") && !written.contains("[env.dev]"),
        "{written}"
    );
}

#[test]
fn a_dead_management_api_stops_prune_and_send_at_the_first_refusal() {
    let table = support::create_table("faults-mgmt", "connectionId", None);
    put_connection_records(&table, 200, "Mozilla/5.0");
    let management = dead_endpoint();
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec![
            "connections",
            "prune",
            "--table",
            &table,
            "--endpoint",
            &management,
        ],
        vec![
            "ws",
            "send",
            "--all",
            "--table",
            &table,
            "--endpoint",
            &management,
            "--data",
            "{}",
        ],
    ] {
        let case = Case {
            name: "management API down",
            args: args.iter().map(ToString::to_string).collect(),
        };
        let run = run(iops_at(&moto().endpoint), dir.path(), &case);
        check(&run, &case, "dead management API", &[4], &management);
        assert!(run.seconds < 5.0, "{args:?}: {:.1}s", run.seconds);
    }
}

/// An endpoint that accepts connections and never answers (a hung proxy, a blackholed load
/// balancer): one call is bounded by `--give-up-after` too, and the time it took counts towards
/// it — the scan gives up after that one call, where it used to wait a minute per call and try a
/// second (twice the attempts). Counted by the connections the silent server accepted, not by a
/// clock.
#[test]
fn a_silent_endpoint_is_given_up_on_after_one_call_within_the_limit() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    let out = support::exits(
        iops_at(&endpoint).args(["table", "scan", "t", "--give-up-after", "2"]),
        4,
    );
    assert!(out.stderr.contains("no answer from"), "{}", out.stderr);
    // One attempt, cut with its call at 10 s (the least that lets the SDK's retries of a 500
    // play out), and no second call.
    assert!(
        out.stderr.contains("attempt 10s, call 10s"),
        "{}",
        out.stderr
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "{}", out.stderr);
}
