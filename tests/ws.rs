//! `iops ws probe` against real WebSocket servers on 127.0.0.1, one per behaviour.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::management::management_stand_in;
use support::pty::{assert_cooked, connect_in_a_pty, exit_and_terminal_mode, expect_answering};
use support::ws::{Scenario, ws_server};
use support::{exits, iops, iops_at};

fn probe(url: &str, args: &[&str], code: i32) -> (Value, String) {
    let output = exits(
        iops()
            .args(["ws", "probe", url, "--output", "json"])
            .args(args),
        code,
    );
    (
        serde_json::from_slice(&output.stdout).expect("JSON report"),
        output.stderr,
    )
}

#[test]
fn a_clean_close_with_a_reason_is_normal() {
    let server = ws_server(Scenario::SendThenClose(1000, "bye"));
    let (report, _) = probe(&server.url, &["--until-close", "--show", "1"], 0);
    assert_eq!(report["close"]["code"], 1000);
    assert_eq!(report["close"]["reason"], "bye");
    assert_eq!(report["close"]["closed_by"], "server");
    assert_eq!(report["shown"][0], "hello");
    for phase in ["dns_ms", "tcp_ms", "upgrade_ms", "first_message_ms"] {
        assert!(
            report["phases"][phase].as_f64().is_some(),
            "{phase} timed: {report}"
        );
    }
    assert!(report["phases"]["tls_ms"].is_null(), "no TLS for ws://");
}

#[test]
fn a_close_without_status_is_1005_and_explained() {
    let server = ws_server(Scenario::CloseWithoutStatus);
    let (report, _) = probe(&server.url, &["--until-close"], 1);
    assert_eq!(report["close"]["code"], 1005);
    assert!(
        report["close"]["diagnosis"]["explanation"]
            .as_str()
            .unwrap()
            .contains("connection record")
    );
}

#[test]
fn a_dropped_tcp_connection_is_1006() {
    let server = ws_server(Scenario::DropConnection);
    let (report, _) = probe(&server.url, &["--until-close"], 1);
    assert_eq!(report["close"]["code"], 1006);
    assert_eq!(report["close"]["closed_by"], "network");
}

/// A server that checks the token after the upgrade and closes with 1008: its close crosses the
/// bare probe's own 1000, and its code is the verdict (exit 1), not the probe's "ok".
#[test]
fn a_server_close_crossing_the_probes_own_is_the_verdict() {
    for delay in [0, 50] {
        let server = ws_server(Scenario::CloseAfter(
            Duration::from_millis(delay),
            1008,
            "Unauthorized",
        ));
        let (report, _) = probe(&server.url, &[], 1);
        assert_eq!(report["close"]["code"], 1008, "{delay} ms: {report}");
        assert_eq!(report["close"]["closed_by"], "server", "{report}");
        assert_eq!(report["close"]["reason"], "Unauthorized", "{report}");
        assert_ne!(report["outcome"], "ok", "{report}");
    }
    // A server that only answers our close (echoing 1000) leaves the probe's own verdict.
    let server = ws_server(Scenario::Echo);
    let (report, _) = probe(&server.url, &[], 0);
    assert_eq!(report["close"]["code"], 1000, "{report}");
    assert_eq!(report["close"]["closed_by"], "client", "{report}");
}

#[test]
fn application_codes_keep_their_reason() {
    let server = ws_server(Scenario::SendThenClose(4001, "token expired"));
    let (report, _) = probe(&server.url, &["--until-close"], 1);
    assert_eq!(report["close"]["code"], 4001);
    assert_eq!(report["close"]["diagnosis"]["name"], "application code");
    assert!(
        report["close"]["diagnosis"]["explanation"]
            .as_str()
            .unwrap()
            .contains("token expired")
    );
}

#[test]
fn refused_upgrades_are_diagnosed_and_exit_4() {
    for (status, needle) in [
        (401, "identity source"),
        (403, "authorizer"),
        (429, "500 new connections"),
        (500, "$connect integration"),
    ] {
        let server = ws_server(Scenario::RefuseUpgrade(status));
        let (report, _) = probe(&server.url, &[], 4);
        assert_eq!(report["connected"], false);
        assert_eq!(report["handshake"]["status"], status);
        assert!(
            report["handshake"]["explanation"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{status}: {report}"
        );
        if status == 500 {
            assert_eq!(
                report["handshake"]["next"],
                "iops logs tail connect --since 5m"
            );
        }
    }
}

#[test]
fn an_idle_close_1001_is_normal_with_a_warning() {
    let server = ws_server(Scenario::IdleThenGoAway(Duration::from_millis(300)));
    let (report, _) = probe(&server.url, &["--until-close"], 0);
    assert_eq!(report["close"]["code"], 1001);
    assert!(
        report["close"]["diagnosis"]["explanation"]
            .as_str()
            .unwrap()
            .contains("idle timeout")
    );
    assert!(
        report["idle_warning"]
            .as_str()
            .unwrap()
            .contains("iops simulate")
    );
}

/// A server that breaks the protocol is failed by the client at once: never `ok`.
#[test]
fn protocol_violations_fail_naming_the_rule() {
    let mut oversized_close = vec![0x88, 0x7e, 0x00, 0x7e, 0x03, 0xe8];
    oversized_close.extend([b'x'; 124]);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "invalid UTF-8 text",
            vec![0x81, 0x02, 0xff, 0xfe],
            1007,
            "UTF-8",
        ),
        (
            "masked server frame",
            vec![0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2],
            1002,
            "masked",
        ),
        (
            "RSV1 set",
            vec![0xc1, 0x02, b'h', b'i'],
            1002,
            "reserved bits",
        ),
        (
            "2^63 length",
            vec![0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0],
            1009,
            "size limit",
        ),
        ("126-byte close payload", oversized_close, 1002, "protocol"),
        (
            "invalid UTF-8 close reason",
            vec![0x88, 0x04, 0x03, 0xe8, 0xff, 0xfe],
            1007,
            "UTF-8",
        ),
        // 1005 may not be sent: the library answers 1002 and reports that, not the server's code.
        (
            "close code 1005 on the wire",
            vec![0x88, 0x02, 0x03, 0xed],
            1002,
            "may not be sent",
        ),
    ];
    for (name, frame, code, rule) in cases {
        let server = ws_server(Scenario::RawFrame(frame));
        let (report, stderr) = probe(&server.url, &["--until-close"], 1);
        // The report may have gone to a pipe: stderr says why it failed.
        assert!(stderr.contains(rule), "{name}: {stderr}");
        assert_eq!(report["outcome"], "failed", "{name}: {report}");
        assert_eq!(report["close"]["code"], code, "{name}: {report}");
        assert_eq!(report["close"]["closed_by"], "client", "{name}");
        let violation = report["protocol_violation"].as_str().unwrap_or_default();
        assert!(
            violation.contains("protocol violation by the server") && violation.contains(rule),
            "{name}: {report}"
        );
        // A bare probe closes at once: the violation arrives while it waits for the server's
        // close, and still fails the probe.
        let (report, _) = probe(&server.url, &[], 1);
        assert_eq!(report["outcome"], "failed", "bare, {name}: {report}");
        let violation = report["protocol_violation"].as_str().unwrap_or_default();
        assert!(violation.contains(rule), "bare, {name}: {report}");
    }
}

#[test]
fn a_hold_cut_short_by_the_server_is_not_ok() {
    let server = ws_server(Scenario::IdleThenGoAway(Duration::from_millis(300)));
    let (report, _) = probe(&server.url, &["--hold", "3s"], 1);
    assert_eq!(report["close"]["code"], 1001);
    assert_eq!(report["hold_reached"], false);
    assert_eq!(report["outcome"], "failed");
    let held = ws_server(Scenario::Silent);
    let (report, _) = probe(&held.url, &["--hold", "300ms"], 0);
    assert_eq!(report["hold_reached"], true);
}

#[test]
fn expectations_match_metrics_updates_or_fail_on_timeout() {
    let server = ws_server(Scenario::MetricsUpdateAfter(Duration::from_millis(100)));
    let (report, _) = probe(
        &server.url,
        &[
            "--expect",
            "METRICS_UPDATE",
            "--expect",
            "stream-001",
            "--timeout",
            "1s",
        ],
        1,
    );
    // Both patterns must match messages in order: one message cannot satisfy two.
    assert_eq!(report["expectations"][0]["matched"], true);
    assert_eq!(report["expectations"][1]["matched"], false);
    let (report, _) = probe(&server.url, &["--expect", "METRICS_UPDATE"], 0);
    assert_eq!(report["close"]["closed_by"], "client");
    let silent = ws_server(Scenario::Silent);
    let (report, _) = probe(
        &silent.url,
        &["--expect", "METRICS_UPDATE", "--timeout", "400ms"],
        1,
    );
    assert_eq!(report["expectations"][0]["matched"], false);
}

#[test]
fn pings_measure_pong_latency() {
    let server = ws_server(Scenario::Echo);
    let (report, _) = probe(
        &server.url,
        &["--ping-interval", "100ms", "--hold", "550ms"],
        0,
    );
    let pongs = report["pong_latencies_ms"].as_array().unwrap();
    assert!(pongs.len() >= 3, "{report}");
}

#[test]
fn a_200_kb_message_is_received_whole() {
    let server = ws_server(Scenario::Large(200 * 1024));
    let (report, _) = probe(&server.url, &["--expect", "^x+$"], 0);
    assert_eq!(report["largest_message_bytes"], 200 * 1024);
}

#[test]
fn send_from_a_file_and_expect_the_echo() {
    let server = ws_server(Scenario::Echo);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("message.json");
    std::fs::write(
        &file,
        r#"{"action":"sendmessage","data":"hello-from-file"}"#,
    )
    .unwrap();
    let (report, _) = probe(
        &server.url,
        &[
            "--send",
            &format!("@{}", file.display()),
            "--expect",
            "hello-from-file",
        ],
        0,
    );
    assert_eq!(report["messages_sent"], 1);
    assert_eq!(report["expectations"][0]["matched"], true);
}

#[test]
fn tokens_are_sent_but_never_shown() {
    let server = ws_server(Scenario::SendThenClose(1000, "bye"));
    let secret = "eyJhbGciOi.secret-abc-123";
    let json = exits(
        iops().args([
            "-vv",
            "ws",
            "probe",
            &server.url,
            "--token",
            secret,
            "-H",
            "Authorization: Bearer hunter2-xyz",
            "--until-close",
            "--output",
            "json",
        ]),
        0,
    );
    let text = exits(
        iops().args([
            "ws",
            "probe",
            &server.url,
            "--token",
            secret,
            "--until-close",
        ]),
        0,
    );
    let paths = server.paths.lock().unwrap().clone();
    // Two probes ran: `all` over an empty list would pass without a single request.
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths.iter().all(|p| p.contains(secret)),
        "the server got the token: {paths:?}"
    );
    for output in [
        String::from_utf8_lossy(&json.stdout).to_string(),
        json.stderr,
        String::from_utf8_lossy(&text.stdout).to_string(),
        text.stderr,
    ] {
        assert!(
            !output.contains("secret-abc-123") && !output.contains("hunter2"),
            "leaked: {output}"
        );
    }
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        report["url"].as_str().unwrap().ends_with("?token=****"),
        "{report}"
    );
}

#[test]
fn bad_input_exits_2() {
    for (args, expected) in [
        (
            vec!["ws", "probe", "http://example.com"],
            "not a ws:// or wss:// URL",
        ),
        (vec!["ws", "probe"], "no URL"),
        (
            vec!["ws", "probe", "ws://127.0.0.1:9", "--expect", "("],
            "is not a regex",
        ),
        (
            vec!["ws", "probe", "ws://127.0.0.1:9", "-H", "NoColon"],
            "is not 'Name: value'",
        ),
        (
            vec![
                "ws",
                "probe",
                "ws://127.0.0.1:9",
                "--send",
                "@/nonexistent/file",
            ],
            "--send @/nonexistent/file",
        ),
        (
            vec!["ws", "probe", "ws://127.0.0.1:9", "--app-ping", "{nope"],
            "--app-ping is not JSON",
        ),
        (
            vec!["ws", "probe", "ws://127.0.0.1:9", "--timeout", "soon"],
            "90s, 10m",
        ),
        (
            vec!["ws", "probe", "ws://127.0.0.1:9", "--connections", "0"],
            "--connections",
        ),
        (
            vec![
                "ws",
                "probe",
                "ws://127.0.0.1:9",
                "--connections",
                "5",
                "--concurrency",
                "0",
            ],
            "--concurrency",
        ),
        (
            vec![
                "ws",
                "send",
                "--connection-id",
                "a",
                "--data",
                "x",
                "--concurrency",
                "0",
            ],
            "--concurrency",
        ),
        (vec!["ws", "send", "--connection-id", "a"], "--data"),
    ] {
        let output = exits(iops().args(&args), 2);
        assert!(
            output.stderr.contains(expected),
            "{args:?}: {}",
            output.stderr
        );
    }
}

/// `iops simulate --serve` on a free port, stopped with Ctrl-C when the test ends.
struct Backend {
    child: std::process::Child,
    url: String,
}

impl Backend {
    fn start(args: &[&str]) -> Backend {
        use std::io::BufRead;
        let mut child = support::iops_process()
            .args(["simulate", "--serve", "127.0.0.1:0", "--seed", "1"])
            .args(args)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .trim()
            .strip_prefix("serving on ")
            .unwrap_or_else(|| panic!("no address: {first}"))
            .to_string();
        Backend { child, url }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

#[test]
fn the_local_backend_broadcasts_metrics_updates() {
    let backend = Backend::start(&["--rate", "50"]);
    let (report, _) = probe(
        &backend.url,
        &[
            "--expect",
            "METRICS_UPDATE",
            "--expect",
            "\"entity_id\":\"stream-0",
            "--show",
            "1",
            "--timeout",
            "5s",
        ],
        0,
    );
    let update: Value = serde_json::from_str(report["shown"][0].as_str().unwrap()).unwrap();
    assert_eq!(update["type"], "METRICS_UPDATE");
    assert_eq!(update["updates"][0]["eventType"], "MODIFY");
    assert!(
        update["updates"][0]["data"]["entity_id"]
            .as_str()
            .unwrap()
            .starts_with("stream-")
    );
    let (report, _) = probe(
        &backend.url,
        &[
            "--send",
            r#"{"action":"ping"}"#,
            "--expect",
            "pong",
            "--timeout",
            "5s",
        ],
        0,
    );
    assert_eq!(report["expectations"][0]["matched"], true);
}

#[test]
fn the_local_backend_can_require_a_token() {
    let backend = Backend::start(&["--token", "s3cret-token", "--rate", "50"]);
    let (refused, _) = probe(&backend.url, &["--expect", "METRICS_UPDATE"], 4);
    assert_eq!(refused["handshake"]["status"], 401);
    probe(
        &backend.url,
        &[
            "--token",
            "s3cret-token",
            "--expect",
            "METRICS_UPDATE",
            "--timeout",
            "5s",
        ],
        0,
    );
}

#[test]
fn the_local_backend_closes_idle_and_old_connections_with_1001() {
    let idle = Backend::start(&["--rate", "0.01", "--idle-timeout", "300ms"]);
    let (report, _) = probe(&idle.url, &["--until-close"], 0);
    assert_eq!(report["close"]["code"], 1001);
    assert!(
        report["close"]["reason"]
            .as_str()
            .unwrap()
            .contains("idle timeout")
    );
    assert!(report["idle_warning"].is_string());
    let old = Backend::start(&["--rate", "50", "--max-connection-duration", "400ms"]);
    let (report, _) = probe(&old.url, &["--until-close"], 0);
    assert_eq!(report["close"]["code"], 1001);
    assert!(
        report["close"]["reason"]
            .as_str()
            .unwrap()
            .contains("maximum connection duration")
    );
    assert!(report["messages_received"].as_u64().unwrap() > 0);
}

#[test]
fn load_mode_holds_a_thousand_connections_against_the_local_backend() {
    let backend = Backend::start(&["--rate", "20"]);
    let (report, _) = probe(
        &backend.url,
        &["--connections", "1000", "--rate", "2000", "--hold", "500ms"],
        0,
    );
    assert_eq!(
        (
            report["requested"].as_u64(),
            report["connected"].as_u64(),
            report["failed"].as_u64()
        ),
        (Some(1000), Some(1000), Some(0))
    );
    assert!(report["held_peak"].as_u64().unwrap() > 100, "{report}");
    assert_eq!(report["handshake_statuses"]["101"], 1000);
    assert_eq!(report["close_codes"]["1000"], 1000);
    assert!(
        report["connect_ms"]["p99"].as_f64().unwrap()
            >= report["connect_ms"]["p50"].as_f64().unwrap()
    );
    assert_eq!(report["connect_ms"]["method"], "exact");
    assert!(
        report["messages_received"].as_u64().unwrap() > 0,
        "broadcasts reached the held connections"
    );
}

/// The load rule is the single probe's: connections the server closes before --hold ends (any
/// code, 1000 too) fail the run, counted with their codes; a protocol violation counts under its
/// own code and rule (1007 for invalid UTF-8), not as a dropped 1006; every reason is on stderr.
#[test]
fn load_mode_fails_when_connections_end_before_the_hold_or_break_the_protocol() {
    let closing = ws_server(Scenario::CloseAfter(
        Duration::from_millis(150),
        1011,
        "boom",
    ));
    let load = |url: &str| {
        let out = exits(
            iops().args([
                "ws",
                "probe",
                url,
                "--connections",
                "4",
                "--rate",
                "200",
                "--hold",
                "2s",
                "-o",
                "json",
            ]),
            1,
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        (report, out.stderr)
    };
    let (report, stderr) = load(&closing.url);
    assert_eq!(report["connected"], 4, "{report}");
    assert_eq!(report["cut_short"], 4, "{report}");
    assert_eq!(report["cut_short_codes"]["1011"], 4, "{report}");
    assert_eq!(report["close_codes"]["1011"], 4, "{report}");
    assert_eq!(report["verdict"]["ok"], false);
    assert!(
        stderr.contains("4 of 4 connections ended before the 2 s hold or dropped instead of answering iops's close (close codes 1011 × 4)"),
        "{stderr}"
    );
    let normal_but_early = ws_server(Scenario::SendThenClose(1000, "bye"));
    let (report, _) = load(&normal_but_early.url);
    assert_eq!(report["cut_short_codes"]["1000"], 4, "{report}");
    // A close the server answers by dropping the connection is how a single probe fails too.
    let dropping = ws_server(Scenario::DropOnClose);
    let out = exits(
        iops().args([
            "ws",
            "probe",
            &dropping.url,
            "--connections",
            "3",
            "--hold",
            "300ms",
            "-o",
            "json",
        ]),
        1,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["cut_short_codes"]["1006"], 3, "{report}");
    // A close code that may not be sent is a violation, not a close by the server.
    let invalid_code = ws_server(Scenario::RawFrame(vec![0x88, 0x02, 0x03, 0xed]));
    let (report, _) = load(&invalid_code.url);
    let rule = "a close frame with a status code that may not be sent";
    assert_eq!(report["violations"][rule], 4, "{report}");
    let invalid_utf8 = ws_server(Scenario::RawFrame(vec![0x81, 0x02, 0xff, 0xfe]));
    let (report, stderr) = load(&invalid_utf8.url);
    assert_eq!(report["close_codes"]["1007"], 4, "{report}");
    assert!(report["close_codes"].get("1006").is_none(), "{report}");
    let rule = "a text frame or close reason that is not valid UTF-8";
    assert_eq!(report["violations"][rule], 4, "{report}");
    assert!(stderr.contains("broke the WebSocket protocol"), "{stderr}");
    let echo = ws_server(Scenario::Echo);
    let echo_args = ["--connections", "3", "--rate", "100", "--hold", "300ms"];
    let (report, _) = probe(&echo.url, &echo_args, 0);
    assert_eq!(report["verdict"]["ok"], true, "{report}");
    assert_eq!(report["cut_short"], 0, "{report}");
    assert_eq!(report["close_codes"]["1000"], 3, "{report}");
    // Flags of a single probe are refused in load mode, never ignored.
    for flag in [
        &["--until-close"][..],
        &["--show", "2"],
        &["--ping-interval", "1s"],
    ] {
        let out = exits(
            iops()
                .args(["ws", "probe", &echo.url, "--connections", "3"])
                .args(flag),
            2,
        );
        assert!(
            out.stderr.contains("is for a single probe"),
            "{}",
            out.stderr
        );
    }
}

/// A signal after every connection opened still ends the run as interrupted, with the signal's
/// exit code and the report — not `ok`, exit 0; a single probe stopped before its --hold did not
/// reach it.
#[test]
fn a_signal_during_a_held_load_or_probe_is_an_interruption() {
    let echo = ws_server(Scenario::Echo);
    let never_upgrades = ws_server(Scenario::NeverUpgrade);
    for (signal, code, url, extra) in [
        (
            "-TERM",
            143,
            &echo.url,
            &["--connections", "3", "--rate", "100"][..],
        ),
        (
            "-HUP",
            129,
            &echo.url,
            &["--connections", "3", "--rate", "100"][..],
        ),
        ("-TERM", 143, &echo.url, &[][..]),
        // Stopped while the upgrade is still unanswered: at once, not after --timeout.
        ("-INT", 130, &never_upgrades.url, &[][..]),
        (
            "-INT",
            130,
            &never_upgrades.url,
            &["--connections", "3"][..],
        ),
    ] {
        let started = std::time::Instant::now();
        let child = support::iops_process()
            .args([
                "ws",
                "probe",
                url,
                "--hold",
                "20s",
                "--timeout",
                "60s",
                "-o",
                "json",
            ])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{signal} {extra:?}");
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{signal} {url} {extra:?}: ended by the signal, not by --hold or --timeout"
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["interrupted"], true, "{signal}: {report}");
        if extra.is_empty() {
            assert_ne!(report["hold_reached"], true, "{report}");
        } else {
            assert_eq!(report["verdict"]["ok"], false, "{report}");
        }
    }
}

/// An upgrade that never comes is given up after --timeout, and the error says after how long.
#[test]
fn an_unanswered_upgrade_times_out_saying_after_how_long() {
    let never_upgrades = ws_server(Scenario::NeverUpgrade);
    let (report, stderr) = probe(&never_upgrades.url, &["--timeout", "1s"], 4);
    let error = report["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("the HTTP upgrade timed out after 1 s (--timeout)"),
        "{report}"
    );
    assert!(stderr.contains("timed out after 1 s"), "{stderr}");
}

/// `--messages`, `--every` or `--reply` make a load run even of one connection: a one-client
/// round-trip test.
#[test]
fn one_connection_can_be_a_load_run() {
    let echo = ws_server(Scenario::Echo);
    let (report, _) = probe(&echo.url, &["--send", "m {seq}", "--messages", "3"], 0);
    assert_eq!(report["connected"], 1, "{report}");
    assert_eq!(report["messages"]["matched"], 3, "{report}");
    assert_eq!(report["round_trip_ms"]["count"], 3, "{report}");
}

#[test]
fn load_mode_counts_failures_by_cause() {
    let server = ws_server(Scenario::RefuseUpgrade(429));
    let (report, _) = probe(&server.url, &["--connections", "20", "--rate", "1000"], 4);
    assert_eq!(report["connected"], 0);
    assert_eq!(report["handshake_statuses"]["429"], 20);
    assert_eq!(report["failures"]["HTTP 429"], 20);
    // A refused TCP connect keeps its reason: refused is not timed out.
    let (report, _) = probe(
        "ws://127.0.0.1:9/",
        &["--connections", "2", "--rate", "1000"],
        4,
    );
    let causes = report["failures"].as_object().unwrap();
    assert_eq!(causes.len(), 1, "{report}");
    let (cause, count) = causes.iter().next().unwrap();
    assert!(cause.starts_with("TCP connect failed: "), "{cause}");
    assert!(cause.contains("refused"), "{cause}");
    assert_eq!(count, 2);
    let output = exits(
        iops().args([
            "ws",
            "probe",
            &server.url,
            "--connections",
            "5",
            "--rate",
            "-1",
        ]),
        2,
    );
    assert!(
        output
            .stderr
            .contains("connections per second between 0.001"),
        "{}",
        output.stderr
    );
}

#[test]
fn ndjson_reports_are_one_line_each() {
    let server = ws_server(Scenario::SendThenClose(1000, "bye"));
    let echo = ws_server(Scenario::Echo);
    for args in [
        vec![
            "ws",
            "probe",
            server.url.as_str(),
            "--until-close",
            "-o",
            "ndjson",
        ],
        vec![
            "ws",
            "probe",
            echo.url.as_str(),
            "--connections",
            "3",
            "--rate",
            "100",
            "--hold",
            "100ms",
            "-o",
            "ndjson",
        ],
        // Piped without -o: ndjson, as every command's output in a pipe.
        vec!["ws", "probe", server.url.as_str(), "--until-close"],
    ] {
        let finished = exits(iops().args(&args), 0);
        let text = String::from_utf8(finished.stdout).unwrap();
        assert_eq!(text.lines().count(), 1, "{args:?}: {text}");
        let report: Value = serde_json::from_str(text.trim_end()).unwrap();
        assert!(report.is_object(), "{report}");
    }
}

#[test]
fn text_reports_use_the_json_names() {
    let server = ws_server(Scenario::SendThenClose(1000, "bye"));
    let finished = exits(
        iops().args([
            "ws",
            "probe",
            server.url.as_str(),
            "--until-close",
            "-o",
            "table",
        ]),
        0,
    );
    let text = String::from_utf8(finished.stdout).unwrap();
    assert!(
        text.contains("by server") && text.contains("outcome: ok"),
        "{text}"
    );
    assert!(
        !text.contains("Server") && !text.contains("Ok"),
        "no Rust debug names: {text}"
    );
}

/// `ws connect` fed from a pipe: each line sent, the replies printed with their time, and once
/// the input ended and --wait passed quietly, a 1000 close — explained, exit 0.
#[test]
fn connect_sends_piped_lines_and_closes_when_they_end() {
    let server = ws_server(Scenario::Echo);
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("session.ndjson");
    let out = exits(
        iops()
            .args([
                "ws",
                "connect",
                &server.url,
                "--wait",
                "300ms",
                "--transcript",
            ])
            .arg(&transcript)
            .write_stdin("hello\n{\"a\":1}\n"),
        0,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("< +") && lines[0].ends_with("s hello"),
        "{stdout}"
    );
    assert!(lines[1].ends_with("s {\"a\":1}"), "{stdout}");
    assert!(
        lines[2].starts_with("closed: 1000") && lines[2].contains("by client"),
        "{stdout}"
    );
    let frames: Vec<Value> = std::fs::read_to_string(&transcript)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<String> = frames
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["direction"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "sent text").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "received text").count(),
        2,
        "{kinds:?}"
    );
    assert_eq!(frames[0]["text"], "hello");
    assert_eq!(frames[0]["size"], 5);
}

/// The server ends the session (4000 with a reason, or breaking the protocol): explained, exit 1.
#[test]
fn connect_explains_a_close_by_the_server_and_a_protocol_violation() {
    let closing = ws_server(Scenario::SendThenClose(4000, "bye"));
    let out = exits(
        iops()
            .args(["ws", "connect", &closing.url, "--wait", "5s"])
            .write_stdin(""),
        1,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("s hello"), "{stdout}");
    assert!(
        stdout.contains("closed: 4000") && stdout.contains("\"bye\" by server"),
        "{stdout}"
    );
    let broken = ws_server(Scenario::RawFrame(vec![0x81, 0x02, 0xff, 0xfe]));
    let out = exits(
        iops()
            .args(["ws", "connect", &broken.url, "--wait", "5s"])
            .write_stdin(""),
        1,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("protocol violation by the server") && stdout.contains("closed: 1007"),
        "{stdout}"
    );
    // A close code that may not be sent (1005 on the wire): a violation named as such, and the
    // transcript shows no close the server never sent.
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("t.ndjson");
    let invalid_close = ws_server(Scenario::RawFrame(vec![0x88, 0x02, 0x03, 0xed]));
    let out = exits(
        iops()
            .args([
                "ws",
                "connect",
                &invalid_close.url,
                "--wait",
                "5s",
                "--transcript",
            ])
            .arg(&transcript)
            .write_stdin(""),
        1,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("may not be sent"), "{stdout}");
    let frames = std::fs::read_to_string(&transcript).unwrap();
    assert!(frames.contains("\"kind\":\"violation\""), "{frames}");
    let received_closes = frames
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|frame| frame["direction"] == "received" && frame["kind"] == "close")
        .count();
    assert_eq!(received_closes, 0, "{frames}");
    // Nothing listening: the phases say where it failed, exit 4.
    let out = exits(
        iops()
            .args(["ws", "connect", "ws://127.0.0.1:1"])
            .write_stdin(""),
        4,
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("TCP connect"));
}

/// `ws connect` piped into, bounded: a child that outlives this is a test failure, not a hang.
fn connect_piped(url: &str, args: &[&str], stdin: impl Into<Vec<u8>>) -> assert_cmd::Command {
    let mut cmd = iops();
    cmd.args(["ws", "connect", url])
        .args(args)
        .write_stdin(stdin.into())
        .timeout(Duration::from_secs(20));
    cmd
}

/// A transcript's frames, and each as "direction kind".
fn transcript_frames(path: &std::path::Path) -> (Vec<Value>, Vec<String>) {
    let frames: Vec<Value> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds = frames
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["direction"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect();
    (frames, kinds)
}

/// Piped input ends the session `--wait` after the last line sent, whatever keeps arriving: a
/// server that pings or broadcasts every 100 ms for ever, and `iops simulate --serve` (the
/// README's example), are closed with 1000, exit 0.
#[test]
fn connect_piped_ends_against_servers_that_ping_or_broadcast() {
    let backend = Backend::start(&["--rate", "50"]);
    let pinging = ws_server(Scenario::PingEvery(Duration::from_millis(100)));
    let broadcasting = ws_server(Scenario::BroadcastEvery(Duration::from_millis(100)));
    for url in [&pinging.url, &broadcasting.url, &backend.url] {
        let started = std::time::Instant::now();
        let out = exits(
            &mut connect_piped(url, &["--wait", "500ms"], "{\"action\":\"ping\"}\n"),
            0,
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.lines().last().unwrap().starts_with("closed: 1000"),
            "{url}: {stdout}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{url}: {:?}",
            started.elapsed()
        );
    }
    // The broadcasts arrived and were printed meanwhile.
    let out = exits(
        &mut connect_piped(&broadcasting.url, &["--wait", "500ms"], "x\n"),
        0,
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("METRICS_UPDATE")
    );
}

/// A piped line that is not UTF-8 goes as a binary frame, said on stderr; the lines after it are
/// sent too (a CRLF line end is removed).
#[test]
fn connect_sends_a_line_that_is_not_utf8_as_binary_and_goes_on() {
    let server = ws_server(Scenario::Echo);
    let out = exits(
        &mut connect_piped(
            &server.url,
            &["--wait", "300ms"],
            &b"one\n\xff\xfe\ntwo\r\n"[..],
        ),
        0,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("s one"), "{stdout}");
    assert!(lines[1].ends_with("s binary 2 bytes: fffe"), "{stdout}");
    assert!(lines[2].ends_with("s two"), "{stdout}");
    assert!(lines[3].starts_with("closed: 1000"), "{stdout}");
    assert!(
        out.stderr
            .contains("line 2 is not UTF-8: sent as a binary frame of 2 bytes"),
        "{}",
        out.stderr
    );
}

/// Replies still in flight when we close are printed and kept, up to the server's close, whose
/// code the summary gives.
#[test]
fn connect_prints_what_arrives_after_its_close_and_the_servers_answer() {
    let server = ws_server(Scenario::EchoAfter(Duration::from_millis(300)));
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("session.ndjson");
    let out = exits(
        connect_piped(
            &server.url,
            &["--transcript"],
            "hello one\nhello two\n/close 4000 bye\n",
        )
        .arg(&transcript),
        0,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].ends_with("s hello one"), "{stdout}");
    assert!(lines[1].ends_with("s hello two"), "{stdout}");
    assert!(
        lines[2].starts_with(
            "closed: 4000 application code \"bye\" by client (the server answered 4000 \"bye\")"
        ),
        "{stdout}"
    );
    let (_, kinds) = transcript_frames(&transcript);
    assert_eq!(
        kinds,
        [
            "sent text",
            "sent text",
            "sent close",
            "received text",
            "received text",
            "received close"
        ],
        "the echoes, 300 ms late, come after our close"
    );
}

/// The transcript lists every frame seen: the server's pings, its answer to our close, and when
/// it breaks the protocol, the violation and the close we failed the connection with.
#[test]
fn connect_transcripts_pings_the_close_answer_and_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("session.ndjson");
    let pinging = ws_server(Scenario::PingEvery(Duration::from_millis(100)));
    let out = exits(
        connect_piped(&pinging.url, &["--wait", "350ms", "--transcript"], "hi\n").arg(&transcript),
        0,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("by client (the server answered 1000)"),
        "{stdout}"
    );
    let (frames, kinds) = transcript_frames(&transcript);
    assert!(
        kinds.iter().filter(|k| *k == "received ping").count() >= 2,
        "{kinds:?}"
    );
    let ping = &frames[kinds.iter().position(|k| k == "received ping").unwrap()];
    assert_eq!(ping["base64"], "YXJlIHlvdSB0aGVyZQ==", "{ping}"); // "are you there"
    assert_eq!(kinds[kinds.len() - 2], "sent close", "{kinds:?}");
    assert_eq!(kinds[kinds.len() - 1], "received close", "{kinds:?}");
    assert_eq!(frames[kinds.len() - 1]["code"], 1000);

    let broken = ws_server(Scenario::RawFrame(vec![0x81, 0x02, 0xff, 0xfe]));
    exits(
        connect_piped(&broken.url, &["--wait", "5s", "--transcript"], "").arg(&transcript),
        1,
    );
    let (frames, kinds) = transcript_frames(&transcript);
    assert_eq!(kinds, ["received violation", "sent close"], "{frames:?}");
    let violation = frames[0]["text"].as_str().unwrap();
    assert!(
        violation.contains("protocol violation by the server") && violation.contains("UTF-8"),
        "{violation}"
    );
    assert_eq!(frames[1]["code"], 1007);
    assert_eq!(frames[1]["text"], "invalid UTF-8");
}

/// A server that breaks the protocol gets the close frame for it (RFC 6455 7.1.7), not a
/// dropped connection: the code the summary reports is the one it received.
#[test]
fn connect_fails_a_broken_connection_with_the_close_code_for_it() {
    for (frame, code, reason) in [
        (vec![0x81, 0x02, 0xff, 0xfe], 1007, "invalid UTF-8"),
        (
            vec![0x81, 0x82, 1, 2, 3, 4, b'h' ^ 1, b'i' ^ 2],
            1002,
            "protocol error",
        ),
        (
            vec![0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0],
            1009,
            "message too big",
        ),
    ] {
        let broken = ws_server(Scenario::RawFrame(frame));
        let out = exits(&mut connect_piped(&broken.url, &["--wait", "5s"], ""), 1);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.contains(&format!("closed: {code} "))
                && stdout.contains(&format!("\"{reason}\" by client")),
            "{stdout}"
        );
        // The server reads for 5 s; the close is there well before.
        let deadline = std::time::Instant::now() + Duration::from_secs(3);
        while broken.closes.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(*broken.closes.lock().unwrap(), [code], "{stdout}");
    }
}

/// `--pretty` indents JSON as received: the server's key order, not sorted.
#[test]
fn connect_pretty_keeps_the_servers_key_order() {
    let server = ws_server(Scenario::Echo);
    let out = exits(
        &mut connect_piped(
            &server.url,
            &["--wait", "300ms", "--pretty"],
            "{\"z\":1,\"a\":[2.50,{}]}\n",
        ),
        0,
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("{\n  \"z\": 1,\n  \"a\": [\n    2.50,\n    {}\n  ]\n}"),
        "{stdout}"
    );
}

/// How long a test in a pty waits for each thing it expects.
const PTY_WAIT: Duration = Duration::from_secs(20);

/// In a real terminal: type a message and see the reply above the prompt, ↑ brings the line
/// back from the session's history, `/close 4000 bye` closes with that code and explains it.
#[test]
fn connect_in_a_terminal_types_recalls_and_closes() {
    use expectrl::Expect;
    let server = ws_server(Scenario::Echo);
    let mut session = connect_in_a_pty(&server.url, &[], PTY_WAIT);
    expect_answering(&mut session, "type /help");
    session.send("marco\r").unwrap();
    expect_answering(&mut session, "s marco");
    // Up recalls "marco" from the history; Enter sends it again: a second echo.
    session.send("\x1b[A\r").unwrap();
    expect_answering(&mut session, "s marco");
    session.send("/close 4000 bye\r").unwrap();
    let closing = expect_answering(&mut session, "closed: 4000");
    assert!(!closing.contains("panicked"), "{closing}");
    let (code, stty) = exit_and_terminal_mode(&mut session);
    assert_eq!(code, 0, "a close the user asked for");
    assert_cooked(&stty);
}

/// Ctrl-D closes with 1000 (exit 0); Ctrl-C ends at once (exit 130); a server that drops the
/// connection while a line is being typed ends the session (1006, exit 1). Each gives the
/// terminal back in its own mode.
#[test]
fn connect_in_a_terminal_ends_on_ctrl_d_ctrl_c_and_a_dropped_server() {
    use expectrl::{ControlCode, Expect};
    let server = ws_server(Scenario::Echo);
    for (keys, closed, expected) in [
        (ControlCode::EndOfTransmission, "closed: 1000", 0),
        (ControlCode::EndOfText, "interrupted", 130),
    ] {
        let mut session = connect_in_a_pty(&server.url, &[], PTY_WAIT);
        expect_answering(&mut session, "type /help");
        session.send("half a line").unwrap();
        expect_answering(&mut session, "half a line");
        if expected == 0 {
            // Ctrl-D ends the session on an empty line (on a non-empty one it deletes).
            session.send("\x15").unwrap();
        }
        session.send(keys).unwrap();
        expect_answering(&mut session, closed);
        let (code, stty) = exit_and_terminal_mode(&mut session);
        assert_eq!(code, expected, "{closed}");
        assert_cooked(&stty);
    }
    let dropping = ws_server(Scenario::DropAfter(Duration::from_millis(1500)));
    let mut session = connect_in_a_pty(&dropping.url, &[], PTY_WAIT);
    expect_answering(&mut session, "type /help");
    session.send("half a line").unwrap();
    expect_answering(&mut session, "closed: 1006");
    let (code, stty) = exit_and_terminal_mode(&mut session);
    assert_eq!(code, 1);
    assert_cooked(&stty);
}

#[test]
fn connect_refuses_bad_values() {
    for (args, expected) in [
        (
            &["ws", "connect", "ws://127.0.0.1:1", "--wait", "soon"][..],
            "90s, 10m",
        ),
        (&["ws", "connect", "http://x"][..], "ws://"),
        (
            &["ws", "connect", "ws://127.0.0.1:1", "-H", "nocolon"][..],
            "Name: value",
        ),
    ] {
        let out = exits(iops().args(args), 2);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

/// Load mode carries messages: each connection sends (`{conn}`, `{seq}` filled in) every
/// --every; the echo answers each, so every answer is a round trip and none a broadcast.
#[test]
fn load_mode_sends_messages_and_measures_round_trips() {
    let server = ws_server(Scenario::Echo);
    let out = exits(
        iops().args([
            "ws",
            "probe",
            &server.url,
            "--connections",
            "10",
            "--rate",
            "500",
            "--hold",
            "800ms",
            "--send",
            "m {conn}-{seq}",
            "--every",
            "100ms",
            "--expect",
            r"^m \d+-1$",
            "-o",
            "json",
        ]),
        0,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages = &report["messages"];
    let sent = messages["sent"].as_u64().unwrap();
    let matched = messages["matched"].as_u64().unwrap();
    assert!(sent >= 50, "{report}");
    assert_eq!(
        messages["received"], messages["matched"],
        "an echo answers every send"
    );
    // The echoes of the sends made as the hold ends arrive before the server's close answer:
    // answered, not lost.
    assert_eq!(matched, sent, "{report}");
    assert_eq!(messages["unanswered"], 0, "{report}");
    assert_eq!(report["round_trip_ms"]["count"].as_u64(), Some(matched));
    assert!(
        report["round_trip_ms"]["p99"].as_f64().is_some(),
        "{report}"
    );
    assert_eq!(report["broadcasts_per_connection"]["max"], 0);
    assert_eq!(messages["expectations_failed"], 0);
}

/// `--messages N`: each connection sends N rounds, each once the last is answered, and closes
/// as soon as all are answered (long before the default 60 s hold); against a server that never
/// answers, each connection sends one round, waits out --hold and the run exits 1.
#[test]
fn load_mode_sends_n_messages_in_turn_and_closes_when_answered() {
    let echo = ws_server(Scenario::Echo);
    let load = |url: &str, extra: &[&str], code: i32| -> Value {
        let mut args = vec![
            "ws",
            "probe",
            url,
            "--connections",
            "20",
            "--rate",
            "1000",
            "--send",
            "m {conn}-{seq}",
            "--send",
            "second",
            "--messages",
            "5",
            "-o",
            "json",
        ];
        args.extend_from_slice(extra);
        serde_json::from_slice(&exits(iops().args(&args), code).stdout).unwrap()
    };
    let report = load(&echo.url, &[], 0);
    let messages = &report["messages"];
    assert_eq!(
        messages["sent"], 200,
        "20 connections x 5 rounds x 2: {report}"
    );
    assert_eq!(messages["matched"], 200, "{report}");
    assert_eq!(report["round_trip_ms"]["count"], 200);
    assert_eq!(
        report["close_codes"]["1000"], 20,
        "closed by iops: {report}"
    );
    assert!(
        report["elapsed_ms"].as_f64().unwrap() < 30_000.0,
        "closed once answered, not after the 60 s hold: {report}"
    );
    let silent = ws_server(Scenario::Silent);
    let report = load(&silent.url, &["--hold", "300ms"], 1);
    assert_eq!(report["messages"]["unanswered"], 40, "{report}");
    let reasons = report["verdict"]["reasons"].to_string();
    assert!(
        reasons.contains("40 of 40 sends were never answered"),
        "{reasons}"
    );
    assert_eq!(
        report["messages"]["sent"], 40,
        "one round each, the next waits for an answer: {report}"
    );
    assert_eq!(report["messages"]["matched"], 0);
}

/// Messages that answer no send are broadcasts, counted per connection; an expectation a
/// connection never saw fails the run (exit 1).
#[test]
fn load_mode_counts_broadcasts_and_failed_expectations() {
    let server = ws_server(Scenario::MetricsUpdateAfter(Duration::from_millis(100)));
    let out = exits(
        iops().args([
            "ws",
            "probe",
            &server.url,
            "--connections",
            "5",
            "--hold",
            "600ms",
            "--expect",
            "never-sent",
            "-o",
            "json",
        ]),
        1,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["broadcasts_per_connection"]["min"], 1, "{report}");
    assert_eq!(report["broadcasts_per_connection"]["max"], 1, "{report}");
    assert_eq!(report["messages"]["expectations_failed"], 5, "{report}");
    assert_eq!(report["round_trip_ms"]["count"], 0);
    for (args, expected) in [
        (
            &["ws", "probe", "ws://127.0.0.1:1", "--every", "1s"][..],
            "give at least one --send",
        ),
        (
            &[
                "ws",
                "probe",
                "ws://127.0.0.1:1",
                "--connections",
                "2",
                "--reply",
                "(",
            ][..],
            "--reply",
        ),
        (
            &[
                "ws",
                "probe",
                "ws://127.0.0.1:1",
                "--send",
                "x",
                "--messages",
                "3",
                "--until-close",
            ][..],
            "is for a single probe",
        ),
        (
            &[
                "ws",
                "probe",
                "ws://127.0.0.1:1",
                "--connections",
                "2",
                "--messages",
                "3",
            ][..],
            "--send",
        ),
        (
            &[
                "ws",
                "probe",
                "ws://127.0.0.1:1",
                "--connections",
                "2",
                "--send",
                "x",
                "--messages",
                "0",
            ][..],
            "--messages",
        ),
    ] {
        let out = exits(iops().args(args), 2);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

/// Two load runs (two hosts, say) merged: counts add up, the samples are the union.
#[test]
fn merge_combines_load_reports_as_one_run() {
    let server = ws_server(Scenario::Echo);
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, connections) in [("a.json", "6"), ("b.json", "4")] {
        let out = exits(
            iops().args([
                "ws",
                "probe",
                &server.url,
                "--connections",
                connections,
                "--hold",
                "300ms",
                "--send",
                "x",
                "-o",
                "json",
            ]),
            0,
        );
        let path = dir.path().join(name);
        std::fs::write(&path, &out.stdout).unwrap();
        paths.push(path);
    }
    let merged = exits(
        iops()
            .args(["ws", "merge"])
            .args(&paths)
            .args(["-o", "json"]),
        0,
    );
    let report: Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(report["connected"], 10);
    assert_eq!(report["handshake_statuses"]["101"], 10);
    assert_eq!(report["messages"]["sent"], 10);
    assert_eq!(report["round_trip_ms"]["count"], 10);
    assert!(report["connect_ms"]["p99"].as_f64().is_some(), "{report}");
    assert_eq!(
        report["samples"]["connect_us"].as_array().unwrap().len(),
        10
    );
    let text = exits(
        iops()
            .args(["ws", "merge"])
            .args(&paths)
            .args(["-o", "table"]),
        0,
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("10 connected"));
    assert!(String::from_utf8_lossy(&text.stdout).contains("verdict: ok"));
    // In a pipe, the merged report is one JSON line; as CSV, `field,value` rows.
    let piped = exits(iops().args(["ws", "merge"]).args(&paths), 0);
    let line: Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(line["connected"], 10);
    let csv = exits(
        iops()
            .args(["ws", "merge"])
            .args(&paths)
            .args(["-o", "csv"]),
        0,
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("field,value\n"), "{csv}");
    assert!(csv.contains("\nconnected,10\n"), "{csv}");
    assert!(csv.contains("\nhandshake_statuses.101,10\n"), "{csv}");
    let twice = exits(
        iops().args(["ws", "merge"]).arg(&paths[0]).arg(&paths[0]),
        2,
    );
    assert!(twice.stderr.contains("is named twice"), "{}", twice.stderr);
    let copy = dir.path().join("copy.json");
    std::fs::copy(&paths[0], &copy).unwrap();
    let copied = exits(iops().args(["ws", "merge"]).arg(&paths[0]).arg(&copy), 2);
    assert!(
        copied.stderr.contains("holds the same run as"),
        "{}",
        copied.stderr
    );
    std::fs::write(dir.path().join("bad.json"), "{}").unwrap();
    let bad = exits(
        iops()
            .args(["ws", "merge"])
            .arg(dir.path().join("bad.json")),
        2,
    );
    assert!(
        bad.stderr.contains("is not a load report"),
        "{}",
        bad.stderr
    );
}

/// `--ramp`: as many connections as the phases' rates add up to (0 → 40/s over 1 s, then 40/s
/// for 1 s: 20 + 40), and a ramp that says nothing sensible is refused.
#[test]
fn a_ramp_opens_the_connections_its_phases_add_up_to() {
    let server = ws_server(Scenario::Echo);
    let out = exits(
        iops().args([
            "ws",
            "probe",
            &server.url,
            "--ramp",
            "1s:40,1s:40",
            "--hold",
            "100ms",
            "-o",
            "json",
        ]),
        0,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["requested"], 60, "{report}");
    assert_eq!(report["connected"], 60, "{report}");
    assert_eq!(report["target_rate"], 40.0);
    for bad in ["30s", "10s:x", "10s:0", "soon:5"] {
        let out = exits(iops().args(["ws", "probe", &server.url, "--ramp", bad]), 2);
        assert!(
            out.stderr.contains("30s:100,60s:500"),
            "{bad}: {}",
            out.stderr
        );
    }
    let both = exits(
        iops().args(["ws", "probe", &server.url, "--ramp", "1s:5", "--rate", "5"]),
        2,
    );
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}

/// `ws send` to one connection without a table asks only the management API (the stand-in).
fn send_one(id: &str, endpoint: &str, data: &str) -> assert_cmd::Command {
    // The stand-in answers STS too (ws send names who it acts as before posting), at the
    // http:// form of a ws:// endpoint.
    let aws = endpoint.replacen("ws://", "http://", 1);
    let mut cmd = if aws.starts_with("http://") {
        iops_at(&aws)
    } else {
        iops()
    };
    cmd.args([
        "ws",
        "send",
        "--connection-id",
        id,
        "--endpoint",
        endpoint,
        "--data",
        data,
        "--output",
        "ndjson",
    ]);
    cmd
}

fn delivered(stdout: &[u8]) -> u64 {
    let summary: Value = serde_json::from_slice(stdout).expect("one ndjson summary");
    summary["delivered"].as_u64().expect("delivered count")
}

#[test]
fn send_refuses_impossible_connection_ids_before_any_post() {
    let stand_in = management_stand_in("prod", &["L0SM9cOFvHcCIhw=", "ab/cd+e="]);
    for (id, expected) in [
        ("", "is empty"),
        ("   ", "whitespace"),
        ("L0SM9cOF vHcCIhw=", "whitespace"),
        ("a\tb=", "whitespace"),
    ] {
        let output = exits(&mut send_one(id, &stand_in.endpoint, "{}"), 2);
        assert!(
            output.stderr.contains("--connection-id")
                && output.stderr.contains(expected)
                && output.stderr.contains("L0SM9cOFvHcCIhw="),
            "{id:?}: {}",
            output.stderr
        );
    }
    assert!(
        stand_in.posted.lock().unwrap().is_empty(),
        "posted: {:?}",
        stand_in.posted.lock().unwrap()
    );
    let output = exits(
        &mut send_one("L0SM9cOFvHcCIhw=", &stand_in.endpoint, "{}"),
        0,
    );
    assert_eq!(delivered(&output.stdout), 1);
    // `/` and `+` are base64: such an id is posted, percent-encoded inside its one path segment.
    let output = exits(&mut send_one("ab/cd+e=", &stand_in.endpoint, "{}"), 0);
    assert_eq!(delivered(&output.stdout), 1);
    let posted = stand_in.posted.lock().unwrap();
    assert_eq!(posted.last().map(|(id, _)| id.as_str()), Some("ab/cd+e="));
}

/// API Gateway serves @connections at the https:// form of the stage's wss:// URL; a local stage
/// URL is ws://, its management endpoint http:// — here the stand-in.
#[test]
fn send_maps_a_ws_stage_url_to_its_management_endpoint() {
    let stand_in = management_stand_in("prod", &["conn0001="]);
    let ws_url = stand_in.endpoint.replacen("http://", "ws://", 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        format!("[env.dev]\nwebsocket_url = \"{ws_url}/?token=t0psecret\"\n"),
    )
    .unwrap();
    let mut from_config = iops_at(&stand_in.endpoint);
    from_config.current_dir(dir.path()).args([
        "-v",
        "ws",
        "send",
        "--connection-id",
        "conn0001=",
        "--data",
        "{}",
        "--output",
        "ndjson",
    ]);
    let output = exits(&mut from_config, 0);
    assert_eq!(delivered(&output.stdout), 1, "{}", output.stderr);
    assert!(
        output.stderr.contains(&format!(
            "websocket_url {ws_url}/?token=**** is the stage's WebSocket URL: its management endpoint is {}",
            stand_in.endpoint
        )),
        "-v says what was mapped: {}",
        output.stderr
    );
    assert!(!output.stderr.contains("t0psecret"), "{}", output.stderr);

    let output = exits(&mut send_one("conn0001=", &ws_url, "{}"), 0);
    assert_eq!(delivered(&output.stdout), 1, "{}", output.stderr);
    assert_eq!(stand_in.posted.lock().unwrap().len(), 2);

    let output = exits(&mut send_one("conn0001=", "ftp://127.0.0.1/prod", "{}"), 2);
    assert!(
        output.stderr.contains("--endpoint") && output.stderr.contains("https://"),
        "{}",
        output.stderr
    );
}

/// PostToConnection takes any data: ws send posts its text as given, JSON or not, and its help
/// says so; simulate --payload is a Lambda event and must be JSON, and its help says why.
#[test]
fn send_posts_any_text_as_given_and_the_helps_say_which_flag_takes_json() {
    let stand_in = management_stand_in("prod", &["conn0001="]);
    for data in [
        "hello world",
        "{not json",
        r#"{"type":"PING"}"#,
        "  spaced  ",
    ] {
        let output = exits(&mut send_one("conn0001=", &stand_in.endpoint, data), 0);
        assert_eq!(delivered(&output.stdout), 1, "{data:?}: {}", output.stderr);
        assert_eq!(
            stand_in.posted.lock().unwrap().last(),
            Some(&("conn0001=".to_string(), data.to_string()))
        );
    }
    let help = |args: &[&str]| String::from_utf8(exits(iops().args(args), 0).stdout).unwrap();
    let send_help = help(&["ws", "send", "--help"]);
    assert!(
        send_help.contains("--data <TEXT|@FILE>") && send_help.contains("any text, JSON or not"),
        "{send_help}"
    );
    let simulate_help = help(&["simulate", "--help"]);
    assert!(
        simulate_help.contains("--payload <JSON>")
            && simulate_help.contains("Lambda's Invoke takes the function's event as JSON"),
        "{simulate_help}"
    );
}
