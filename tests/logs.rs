//! `iops logs` against moto server's CloudWatch Logs, with the Lambda stand-in for function →
//! log group resolution (moto ignores `LoggingConfig`) and the fault proxy for throttling.

mod support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use support::faults::{Faults, fault_proxy};
use support::lambda::lambda_stand_in;
use support::{exits, iops_at, moto, now_ms, put_log_events as put_events, unique};

/// A CDK-style stack prefix unique to this test.
fn stack() -> String {
    unique("Stack").replace('-', "")
}

/// `iops ARGS` following at `endpoint`, read line by line.
fn following(
    endpoint: &str,
    args: &[&str],
) -> (std::process::Child, BufReader<std::process::ChildStdout>) {
    let mut child = support::iops_process()
        .args(args)
        .env("AWS_ENDPOINT_URL", endpoint)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

/// Ctrl-C, then its exit code, stderr, and whatever it printed that was not read yet.
fn interrupt(
    child: std::process::Child,
    mut stdout: BufReader<std::process::ChildStdout>,
) -> (Option<i32>, String, Vec<u8>) {
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut stdout, &mut rest).unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        rest,
    )
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("ndjson"))
        .collect()
}

#[test]
fn globs_resolve_groups_and_merge_them_in_time_order() {
    let stack = stack();
    let connect = format!("/aws/lambda/{stack}-ExperienceSt-ConnectFunction52BFC429-YbWN3Npyyb4q");
    let disconnect = format!("/aws/lambda/{stack}-ExperienceSt-DisconnectFunction11A2B3C4-Zx9abc");
    let other = format!("/aws/lambda/{stack}-CoreStack-ProcessFunction7E4ECD78-WUDOn8vzWuhD");
    let base = now_ms() - 60_000;
    // Interleaved in time across two groups; a third group must not be read.
    put_events(
        &connect,
        "s1",
        &(0..20)
            .map(|i| (base + i * 100, format!("Connection stored: c{i}")))
            .collect::<Vec<_>>(),
    );
    put_events(
        &disconnect,
        "s1",
        &(0..20)
            .map(|i| (base + i * 100 + 50, format!("Connection removed: c{i}")))
            .collect::<Vec<_>>(),
    );
    put_events(&other, "s1", &[(base, "Processing 12 records".to_string())]);

    let output = exits(
        iops_at(&moto().endpoint).args([
            "logs",
            "tail",
            &format!("*{stack}*onnect*"),
            "--since",
            "5m",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let events = lines(&output.stdout);
    assert_eq!(events.len(), 40);
    let timestamps: Vec<i64> = events
        .iter()
        .map(|e| e["timestamp"].as_i64().unwrap())
        .collect();
    assert!(
        timestamps.windows(2).all(|w| w[0] <= w[1]),
        "merged by timestamp"
    );
    assert_eq!(events[0]["function"], "ConnectFunction");
    assert_eq!(events[1]["function"], "DisconnectFunction");
    assert!(events.iter().all(|e| e["group"] != other.as_str()));
    for field in ["ingestion_time", "stream", "event_id", "message"] {
        assert!(!events[0][field].is_null(), "{field}");
    }

    // Text lines carry the short label; the prefix form reads all three groups.
    let text = exits(
        iops_at(&moto().endpoint).args([
            "logs",
            "tail",
            &format!("/aws/lambda/{stack}-"),
            "--since",
            "5m",
        ]),
        0,
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert_eq!(text.lines().count(), 41);
    assert!(
        text.lines()
            .any(|l| l.contains(" ProcessFunction ") && l.ends_with("Processing 12 records")),
        "{text}"
    );
}

#[test]
fn function_names_resolve_through_lambda_including_custom_log_groups() {
    let stack = stack();
    let function = format!("{stack}-ExperienceSt-ConnectFunction52BFC429-YbWN3Npyyb4q");
    let custom = format!("/custom/{stack}/connect");
    put_events(
        &custom,
        "s",
        &[(
            now_ms() - 1000,
            "Connection stored: TiaT7dgNiYcCIog=".to_string(),
        )],
    );
    let spec = format!("{function}|{custom}");
    let stand_in = lambda_stand_in(&[spec.as_str(), "unrelated-fn"], None);
    let output = exits(
        iops_at(&moto().endpoint)
            .env("AWS_ENDPOINT_URL_LAMBDA", &stand_in.server.endpoint)
            .args(["logs", "tail", &function, "--output", "ndjson"]),
        0,
    );
    let events = lines(&output.stdout);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["group"], custom.as_str());
    assert_eq!(events[0]["function"], "ConnectFunction");

    // A config role names the same function.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev.functions]\nconnect = \"*ConnectFunction*\"\n",
    )
    .unwrap();
    let by_role = exits(
        iops_at(&moto().endpoint)
            .env("AWS_ENDPOINT_URL_LAMBDA", &stand_in.server.endpoint)
            .current_dir(dir.path())
            .args(["logs", "tail", "connect", "--count", "--output", "ndjson"]),
        0,
    );
    assert_eq!(lines(&by_role.stdout).last().unwrap()["events"], 1);
}

/// Every stack has a function that was never invoked: Lambda creates its log group on the first
/// log line. A glob that also matches it reads the others and names it once on stderr.
#[test]
fn a_function_never_invoked_is_named_and_the_other_groups_are_read() {
    let stack = stack();
    // Not named ConnectFunction: other tests' role globs read every such group of this moto.
    let invoked = format!("{stack}-ExperienceSt-JoinFunction52BFC429-YbWN3Npyyb4q");
    let never = format!("{stack}-ExperienceSt-RejoinFunction11A2B3C4-Zx9abc");
    put_events(
        &format!("/aws/lambda/{invoked}"),
        "s",
        &[
            (now_ms() - 2000, "Connection stored: a".to_string()),
            (
                now_ms() - 1000,
                "REPORT RequestId: 1 Duration: 2.00 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 60 MB"
                    .to_string(),
            ),
        ],
    );
    let stand_in = lambda_stand_in(&[invoked.as_str(), never.as_str()], None);
    let glob = format!("*{stack}*oinFunction*");
    let tail = exits(
        iops_at(&moto().endpoint)
            .env("AWS_ENDPOINT_URL_LAMBDA", &stand_in.server.endpoint)
            .args(["logs", "tail", &glob, "--output", "ndjson"]),
        0,
    );
    assert_eq!(
        lines(&tail.stdout).len(),
        2,
        "the invoked function's events"
    );
    let stderr = &tail.stderr;
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("no log group yet"))
        .collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(
        notes[0].contains(&format!("/aws/lambda/{never}"))
            && notes[0].contains("never invoked or no permission to log"),
        "{stderr}"
    );

    let stats = exits(
        iops_at(&moto().endpoint)
            .env("AWS_ENDPOINT_URL_LAMBDA", &stand_in.server.endpoint)
            .args(["logs", "stats", &glob, "--output", "ndjson"]),
        0,
    );
    let records = lines(&stats.stdout);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["invocations"], 1);
    assert!(stats.stderr.contains("no log group yet"));

    // Only the never-invoked function: nothing to read, nothing matched (exit 1), said why.
    let alone = exits(
        iops_at(&moto().endpoint)
            .env("AWS_ENDPOINT_URL_LAMBDA", &stand_in.server.endpoint)
            .args(["logs", "tail", &never]),
        1,
    );
    assert!(alone.stderr.contains("no log group yet"));
}

/// Groups deleted between DescribeLogGroups and the per-group lookup (a stack being torn down):
/// a proxy answers their DescribeLogStreams as CloudWatch does for a deleted group.
#[test]
fn groups_deleted_while_listing_are_noted_and_the_rest_listed() {
    let stack = stack();
    for i in 0..6 {
        let name = if i % 3 == 0 { "gone" } else { "kept" };
        put_events(
            &format!("/aws/lambda/{stack}-{name}{i}"),
            "s",
            &[(now_ms(), "x".into())],
        );
    }
    let upstream = moto().endpoint.clone();
    let proxy = support::http::serve(move |request| {
        let body = String::from_utf8_lossy(&request.body);
        if request.header("x-amz-target") == Some("Logs_20140328.DescribeLogStreams")
            && body.contains("-gone")
        {
            return support::http::Response::json(
                400,
                r#"{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}"#,
            );
        }
        support::http::forward(&upstream, &request)
    });
    let output = exits(
        iops_at(&proxy.endpoint).args([
            "logs",
            "groups",
            &format!("/aws/lambda/{stack}-*"),
            "-o",
            "ndjson",
        ]),
        0,
    );
    let listed: Vec<String> = lines(&output.stdout)
        .iter()
        .map(|g| g["group"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(listed.iter().all(|g| g.contains("-kept")), "{listed:?}");
    let stderr = &output.stderr;
    assert!(
        stderr.contains("2 log groups deleted while listing")
            && stderr.contains(&format!("/aws/lambda/{stack}-gone0")),
        "{stderr}"
    );
}

#[test]
fn a_target_matching_nothing_exits_2_with_near_matches() {
    let stack = stack();
    put_events(
        &format!("/aws/lambda/{stack}-StreamProcessorFunction9F8E7D6C-Qq1"),
        "s",
        &[(now_ms(), "x".into())],
    );
    let output = exits(
        iops_at(&moto().endpoint).args(["logs", "tail", &format!("{stack}-StreamProcesor")]),
        2,
    );
    assert!(
        output
            .stderr
            .contains("no log group or Lambda function matches"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("StreamProcessorFunction"),
        "near match listed: {}",
        output.stderr
    );
}

#[test]
fn pages_are_followed_past_10000_events() {
    let group = format!("/aws/lambda/{}-Big", stack());
    let base = now_ms() - 120_000;
    let events: Vec<(i64, String)> = (0..12_345)
        .map(|i| (base + i / 10, format!("line {i}")))
        .collect();
    put_events(&group, "s", &events);
    let count = exits(
        iops_at(&moto().endpoint).args([
            "logs", "tail", &group, "--since", "10m", "--count", "--output", "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&count.stdout)[0]["events"], 12_345);
    let all = exits(
        iops_at(&moto().endpoint).args([
            "logs", "tail", &group, "--since", "10m", "--output", "ndjson",
        ]),
        0,
    );
    let ids: std::collections::HashSet<String> = lines(&all.stdout)
        .iter()
        .map(|e| e["event_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 12_345, "every event once");
}

#[test]
fn grep_count_invert_and_request_id_are_exact() {
    let group = format!("/aws/lambda/{}-Proc", stack());
    let base = now_ms() - 30_000;
    let id = "3c5e1b2a-1111-4222-8333-944455556666";
    let messages = [
        format!("START RequestId: {id} Version: $LATEST"),
        "Processing event: session_started".to_string(),
        "[ERROR] unsupported operand type(s) for *: 'float' and 'decimal.Decimal'".to_string(),
        format!("END RequestId: {id}"),
        format!(
            "REPORT RequestId: {id}\tDuration: 11.51 ms\tBilled Duration: 12 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB"
        ),
        "error in lower case".to_string(),
    ];
    put_events(
        &group,
        "s",
        &messages
            .iter()
            .enumerate()
            .map(|(i, m)| (base + i as i64, m.clone()))
            .collect::<Vec<_>>(),
    );
    let count = |extra: &[&str]| -> u64 {
        let output = exits(
            iops_at(&moto().endpoint)
                .args(["logs", "tail", &group, "--count", "--output", "ndjson"])
                .args(extra),
            0,
        );
        lines(&output.stdout).last().unwrap()["events"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count(&[]), 6);
    assert_eq!(count(&["--grep", "ERROR"]), 1);
    assert_eq!(count(&["--grep", "error", "-i"]), 2);
    assert_eq!(count(&["--grep", "ERROR", "--grep", "REPORT"]), 2);
    assert_eq!(count(&["--grep", "error", "-i", "--invert"]), 4);
    assert_eq!(count(&["--request-id", id]), 3);
    assert_eq!(count(&["--filter-pattern", "Processing"]), 1);
    let nothing = exits(
        iops_at(&moto().endpoint).args(["logs", "tail", &group, "--grep", "no such text"]),
        1,
    );
    assert!(nothing.stdout.is_empty() && nothing.stderr.is_empty());
}

#[test]
fn bad_times_and_values_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["--since", "yesterday"], "ISO 8601"),
        (
            &["--since", "10m", "--until", "1h"],
            "--until is before --since",
        ),
        (&["--grep", "("], "invalid --grep pattern"),
        (&["--follow", "--count"], "cannot be used with"),
        (&["--overlap", "soon", "-f"], "90s, 10m"),
        (&["--max-rps", "0"], "per second between 0.001"),
        (&["--format", "fancy"], "short, detailed, message"),
    ];
    for (args, expected) in cases {
        let output = exits(
            iops_at(&moto().endpoint)
                .args(["logs", "tail", "/aws/lambda/x"])
                .args(*args),
            2,
        );
        assert!(
            output.stderr.contains(expected),
            "{args:?}: {}",
            output.stderr
        );
    }
    exits(iops_at(&moto().endpoint).args(["logs", "tail"]), 2);
}

/// Both ways of following — Live Tail (moto implements StartLiveTail: each session returns every
/// stored event, then ends, so every reopen re-sends everything already printed) and polling:
/// each event once, a late one too.
#[test]
fn follow_prints_a_late_event_exactly_once_and_nothing_twice() {
    for mode in ["--poll", "--lossless"] {
        let group = format!("/aws/lambda/{}-Follow", stack());
        let start = now_ms();
        put_events(&group, "s1", &[(start - 5_000, "first".into())]);
        let (child, mut stdout) = following(
            &moto().endpoint,
            &[
                "-vv",
                "logs",
                "tail",
                &group,
                "--follow",
                mode,
                "--since",
                "1m",
                "--interval",
                "200ms",
                "--overlap",
                "30s",
                "--format",
                "message",
            ],
        );
        let mut read_line = || {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            line.trim_end().to_string()
        };
        assert_eq!(read_line(), "first", "{mode}");
        put_events(&group, "s1", &[(start - 1_000, "newer".into())]);
        assert_eq!(read_line(), "newer", "{mode}");
        // Ingested now, stamped before both events already printed: inside the overlap window.
        put_events(&group, "s2", &[(start - 20_000, "late".into())]);
        assert_eq!(read_line(), "late", "{mode}");
        put_events(&group, "s1", &[(now_ms(), "last".into())]);
        assert_eq!(read_line(), "last", "{mode}");
        // Several more polls, or live sessions reopened, re-read all four.
        std::thread::sleep(Duration::from_millis(2500));
        let (code, stderr, remaining) = interrupt(child, stdout);
        assert_eq!(remaining, b"", "{mode}: nothing printed twice");
        assert_eq!(code, Some(130), "{stderr}");
        let live_sessions = stderr.matches("operation=\"StartLiveTail\"").count();
        if mode == "--poll" {
            assert_eq!(live_sessions, 0, "{stderr}");
        } else {
            assert!(live_sessions >= 2, "live, reopened: {stderr}");
            assert!(!stderr.contains("following by polling"), "{stderr}");
        }
    }
}

/// More than 10 groups: several Live Tail sessions (10 groups each at most), merged. Through
/// the Live Tail stand-in: moto resolves every identifier of a session to the same log group
/// (its `_find_log_group` keeps the loop's last group), so a session of several groups there
/// pushes one group's events once per identifier.
#[test]
fn more_than_ten_groups_follow_live_in_several_sessions() {
    let stack = stack();
    for i in 0..12 {
        put_events(
            &format!("/aws/lambda/{stack}-g{i:02}"),
            "s",
            &[(now_ms() - 2000, format!("before {i}"))],
        );
    }
    let stand_in = support::livetail::live_tail_stand_in(
        &moto().endpoint,
        support::livetail::LiveTail::Stream {
            sampled: false,
            hold: Duration::from_secs(20),
        },
    );
    let prefix = format!("/aws/lambda/{stack}-g");
    let (child, mut stdout) = following(
        &stand_in.endpoint,
        &[
            "-vv", "logs", "tail", &prefix, "-f", "--since", "1m", "--format", "message",
        ],
    );
    let mut printed = Vec::new();
    for _ in 0..12 {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        printed.push(line.trim_end().to_string());
    }
    let mut live = Vec::new();
    for (i, message) in [(11, "during 11"), (0, "during 0")] {
        let group = format!("/aws/lambda/{stack}-g{i:02}");
        let at = now_ms();
        put_events(&group, "s", &[(at, message.into())]);
        live.push((
            format!("arn:aws:logs:us-east-1:123456789012:log-group:{group}"),
            "s".to_string(),
            at,
            message.to_string(),
        ));
    }
    *stand_in.updates.lock().unwrap() = Some(live);
    for _ in 0..2 {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        printed.push(line.trim_end().to_string());
    }
    std::thread::sleep(Duration::from_millis(1500));
    let (_, stderr, remaining) = interrupt(child, stdout);
    assert_eq!(remaining, b"", "nothing twice");
    printed.sort();
    let mut expected: Vec<String> = (0..12).map(|i| format!("before {i}")).collect();
    expected.extend(["during 0".to_string(), "during 11".to_string()]);
    expected.sort();
    assert_eq!(printed, expected);
    assert_eq!(
        *stand_in.sessions.lock().unwrap(),
        2,
        "two sessions: {stderr}"
    );
}

/// Live Tail refused (too many sessions, no permission): one line says why, polling goes on.
#[test]
fn a_refused_live_tail_falls_back_to_polling_saying_why() {
    for (code, why) in [
        ("LimitExceededException", "too many Live Tail sessions"),
        ("AccessDeniedException", "logs:StartLiveTail is not allowed"),
    ] {
        let group = format!("/aws/lambda/{}-Refused", stack());
        put_events(&group, "s", &[(now_ms() - 1000, "before".into())]);
        let stand_in = support::livetail::live_tail_stand_in(
            &moto().endpoint,
            support::livetail::LiveTail::Refuse(code),
        );
        let (child, mut stdout) = following(
            &stand_in.endpoint,
            &[
                "logs",
                "tail",
                &group,
                "-f",
                "--interval",
                "200ms",
                "--format",
                "message",
            ],
        );
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line, "before\n");
        put_events(&group, "s", &[(now_ms(), "after".into())]);
        line.clear();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line, "after\n", "{code}: polling goes on");
        let (_, stderr, _) = interrupt(child, stdout);
        assert_eq!(
            stderr.matches("following by polling").count(),
            1,
            "{code}: {stderr}"
        );
        assert!(stderr.contains(why), "{code}: {stderr}");
        assert_eq!(*stand_in.sessions.lock().unwrap(), 1, "asked once");
    }
}

/// A sampled second is said on stderr and marked in records; with --lossless it is read back
/// with FilterLogEvents so every event appears, once. The events are written while the session
/// is open (after the window was read), and the sampled update carries two of the six.
#[test]
fn sampled_seconds_are_said_marked_and_read_back_with_lossless() {
    for lossless in [false, true] {
        let group = format!("/aws/lambda/{}-Busy", stack());
        put_events(&group, "s", &[(now_ms() - 500, "ready".into())]);
        let arn = format!("arn:aws:logs:us-east-1:123456789012:log-group:{group}");
        let stand_in = support::livetail::live_tail_stand_in(
            &moto().endpoint,
            support::livetail::LiveTail::Stream {
                sampled: true,
                hold: Duration::from_secs(5),
            },
        );
        // A short overlap: the reopened session's read-back starts after these events.
        let mut args = vec![
            "logs",
            "tail",
            &group,
            "-f",
            "--since",
            "1m",
            "--overlap",
            "100ms",
            "-o",
            "ndjson",
        ];
        if lossless {
            args.push("--lossless");
        }
        let (child, mut stdout) = following(&stand_in.endpoint, &args);
        // "ready" printed: the session is open and the window read, so what comes next is live.
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(first.contains("\"ready\""), "{first}");
        let now = now_ms();
        let events: Vec<(i64, String)> = (0..6).map(|i| (now + i, format!("busy {i}"))).collect();
        put_events(&group, "s", &events);
        std::thread::sleep(Duration::from_millis(300));
        *stand_in.updates.lock().unwrap() = Some(
            [0, 3]
                .iter()
                .map(|&i| {
                    (
                        arn.clone(),
                        "s".to_string(),
                        events[i].0,
                        events[i].1.clone(),
                    )
                })
                .collect(),
        );
        std::thread::sleep(Duration::from_millis(1500));
        let (_, stderr, rest) = interrupt(child, stdout);
        let records = lines(&rest);
        let mut messages: Vec<&str> = records
            .iter()
            .map(|r| r["message"].as_str().unwrap())
            .collect();
        messages.sort_unstable();
        assert!(stderr.contains("Live Tail sampled 1 second"), "{stderr}");
        if lossless {
            assert_eq!(
                messages,
                ["busy 0", "busy 1", "busy 2", "busy 3", "busy 4", "busy 5"],
                "every event once: {stderr}"
            );
        } else {
            assert_eq!(messages, ["busy 0", "busy 3"], "{stderr}");
            assert!(records.iter().all(|r| r["sampled"] == true), "{records:?}");
            assert!(stderr.contains("--lossless reads them back"), "{stderr}");
        }
    }
}

#[test]
fn throttling_slows_reading_but_loses_nothing() {
    let group = format!("/aws/lambda/{}-Throttled", stack());
    let base = now_ms() - 60_000;
    put_events(
        &group,
        "s",
        &(0..25_000)
            .map(|i| (base + i / 100, format!("event {i}")))
            .collect::<Vec<_>>(),
    );
    let proxy = fault_proxy(
        &moto().endpoint,
        5,
        Faults {
            throttle: Some(("FilterLogEvents", 2)),
            ..Faults::default()
        },
    );
    // One SDK attempt: every throttle reaches iops's own backoff.
    let output = exits(
        iops_at(&proxy.server.endpoint)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args([
                "logs",
                "tail",
                &group,
                "--since",
                "5m",
                "--output",
                "ndjson",
                "--max-rps",
                "50",
            ]),
        0,
    );
    let events = lines(&output.stdout);
    let ids: std::collections::HashSet<&str> = events
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect();
    assert_eq!((events.len(), ids.len()), (25_000, 25_000));
    assert!(
        proxy
            .stats
            .throttled_requests
            .load(std::sync::atomic::Ordering::Relaxed)
            > 0,
        "the proxy throttled"
    );
}

#[test]
fn stats_from_cloudwatch_and_from_a_file_match_hand_computed_figures() {
    let group = format!(
        "/aws/lambda/{}-ProcessFunction7E4ECD78-WUDOn8vzWuhD",
        stack()
    );
    let lines_text = [
        "REPORT RequestId: a\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB\tInit Duration: 200.00 ms",
        "REPORT RequestId: b\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB",
        "REPORT RequestId: c Duration: 30.00 ms Billed Duration: 30 ms Memory Size: 256 MB Max Memory Used: 96 MB",
        r#"{"type":"platform.report","record":{"requestId":"d","metrics":{"durationMs":40.0,"billedDurationMs":40,"memorySizeMB":256,"maxMemoryUsedMB":100}}}"#,
        "2026-11-25T12:00:00.000Z 3c5e1b2a-1111-4222-8333-944455556666 Task timed out after 3.00 seconds",
        "REPORT RequestId: 3c5e1b2a-1111-4222-8333-944455556666\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\tMax Memory Used: 128 MB\tStatus: timeout",
        "[ERROR] TypeError: unsupported operand type(s) for *: 'float' and 'decimal.Decimal'",
        "disconnectReason: Client-side close frame status not set, disconnectStatusCode: 1005",
    ];
    let base = now_ms() - 10_000;
    put_events(
        &group,
        "s",
        &lines_text
            .iter()
            .enumerate()
            .map(|(i, l)| (base + i as i64, l.to_string()))
            .collect::<Vec<_>>(),
    );
    let check = |records: &[Value]| {
        let stats = &records[0];
        assert_eq!(stats["invocations"], 5);
        assert_eq!(stats["errors"], 1);
        assert_eq!(stats["timeouts"], 1);
        assert_eq!(stats["cold_starts"], 1);
        // Nearest rank of 10, 20, 30, 40, 3000 ms: exact, a value that was logged.
        assert_eq!(stats["p50_ms"], 30.0);
        assert_eq!(stats["percentiles"], "exact");
        assert_eq!(stats["p95_ms"], 3000.0);
        assert_eq!(stats["max_ms"], 3000.0);
        assert_eq!(stats["memory_headroom_pct"], 50.0);
        assert_eq!(stats["billed_gb_s"], 0.775);
        let close = records
            .iter()
            .find(|r| r["close_code"] == 1005)
            .expect("close code histogram");
        assert_eq!(close["count"], 1);
    };
    let live = exits(
        iops_at(&moto().endpoint).args(["logs", "stats", &group, "--output", "ndjson"]),
        0,
    );
    let live = lines(&live.stdout);
    assert_eq!(live[0]["function"], "ProcessFunction");
    check(&live);

    // -o json: one document holding both tables.
    let json = exits(
        iops_at(&moto().endpoint).args(["logs", "stats", &group, "--output", "json"]),
        0,
    );
    let document: Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    let mut both = document["functions"].as_array().unwrap().clone();
    both.extend(document["close_codes"].as_array().unwrap().iter().cloned());
    check(&both);

    // -o csv: one table, the functions; the close codes on request.
    let csv = exits(
        iops_at(&moto().endpoint).args(["logs", "stats", &group, "--output", "csv"]),
        0,
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(csv.lines().count(), 2, "a header and one function: {csv}");
    assert!(csv.starts_with("bucket,function,"), "{csv}");
    let codes = exits(
        iops_at(&moto().endpoint).args([
            "logs",
            "stats",
            &group,
            "--close-codes",
            "--output",
            "csv",
        ]),
        0,
    );
    let codes = String::from_utf8(codes.stdout).unwrap();
    let mut rows = codes.lines();
    assert!(rows.next().unwrap().contains("close_code"), "{codes}");
    assert!(rows.next().unwrap().contains("1005"), "{codes}");
    assert_eq!(rows.next(), None, "{codes}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("process.log");
    std::fs::write(&file, lines_text.join("\n")).unwrap();
    let offline = exits(
        support::iops().args([
            "logs",
            "stats",
            "--from-file",
            file.to_str().unwrap(),
            "--output",
            "ndjson",
        ]),
        0,
    );
    let offline = lines(&offline.stdout);
    assert_eq!(offline[0]["function"], "process");
    check(&offline);
}

/// One bad byte must not cost the whole file (grep reads on); `-` is stdin.
#[test]
fn from_file_reads_invalid_utf8_lossily_and_stdin() {
    let report = "REPORT RequestId: 1 Duration: 2.00 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 60 MB";
    let mut bytes = format!("{report}\n[ERROR] bad byte: ").into_bytes();
    bytes.extend([0xff, 0xfe, b'\n']);
    bytes.extend(format!("{report}\n").into_bytes());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("process.log");
    std::fs::write(&file, &bytes).unwrap();
    let from_file = exits(
        support::iops().args([
            "logs",
            "stats",
            "--from-file",
            file.to_str().unwrap(),
            "-o",
            "ndjson",
        ]),
        0,
    );
    let record = &lines(&from_file.stdout)[0];
    assert_eq!(
        (record["invocations"].as_u64(), record["errors"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(
        from_file.stderr.contains("1 line with invalid UTF-8"),
        "{}",
        from_file.stderr
    );
    let from_stdin = exits(
        support::iops()
            .args(["logs", "stats", "--from-file", "-", "-o", "ndjson"])
            .write_stdin(bytes),
        0,
    );
    let record = &lines(&from_stdin.stdout)[0];
    assert_eq!(record["function"], "stdin");
    assert_eq!(record["invocations"], 2);
}

/// Many groups take minutes under the quota before the first line: say so (`-v` off a terminal;
/// a progress bar on one).
#[test]
fn reading_many_groups_says_how_long_it_takes_at_least() {
    let stack = stack();
    for i in 0..25 {
        put_events(
            &format!("/aws/lambda/{stack}-many{i:02}"),
            "s",
            &[(now_ms() - 1000, format!("line {i}"))],
        );
    }
    let output = exits(
        iops_at(&moto().endpoint).args([
            "logs",
            "tail",
            &format!("/aws/lambda/{stack}-many*"),
            "--max-rps",
            "50",
            "-v",
            "-o",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&output.stdout).len(), 25);
    assert!(
        output
            .stderr
            .contains("reading 25 log groups at 50 FilterLogEvents requests/s")
            && output.stderr.contains("at least 1 s before the first line"),
        "{}",
        output.stderr
    );
}

#[test]
fn groups_lists_matching_groups() {
    let stack = stack();
    for name in ["ConnectFunction1", "DisconnectFunction2"] {
        put_events(
            &format!("/aws/lambda/{stack}-{name}"),
            "s",
            &[(now_ms() - 1000, "x".into())],
        );
    }
    let output = exits(
        iops_at(&moto().endpoint).args([
            "logs",
            "groups",
            &format!("/aws/lambda/{stack}-*onnect*"),
            "--output",
            "ndjson",
        ]),
        0,
    );
    let groups: HashMap<String, Value> = lines(&output.stdout)
        .into_iter()
        .map(|g| (g["group"].as_str().unwrap().to_string(), g))
        .collect();
    assert_eq!(groups.len(), 2);
    assert!(
        groups.values().all(|g| g["last_event"].is_string()),
        "{groups:?}"
    );
    exits(
        iops_at(&moto().endpoint).args(["logs", "groups", "/no/such/prefix"]),
        1,
    );
}

#[test]
fn stats_by_time_bucket() {
    let group = format!("/aws/lambda/{}-Bucketed", stack());
    let minute = (now_ms() / 60_000 - 3) * 60_000;
    let report = |ms: u32| {
        format!(
            "REPORT RequestId: r\tDuration: {ms}.00 ms\tBilled Duration: {ms} ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB"
        )
    };
    put_events(
        &group,
        "s",
        &[
            (minute + 1_000, report(10)),
            (minute + 2_000, report(20)),
            (minute + 61_000, report(30)),
        ],
    );
    let output = exits(
        iops_at(&moto().endpoint).args([
            "logs", "stats", &group, "--by", "1m", "--since", "10m", "--output", "ndjson",
        ]),
        0,
    );
    let records = lines(&output.stdout);
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["invocations"], 2);
    assert_eq!(records[1]["invocations"], 1);
    assert_eq!(records[0]["bucket"].as_str().unwrap(), jiff_like(minute));
    assert_eq!(records[1]["max_ms"], 30.0);
}

/// `2026-11-25T12:03:00.000Z` for a millisecond timestamp.
fn jiff_like(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[test]
fn insights_computes_stats_server_side() {
    let group = format!(
        "/aws/lambda/{}-ProcessFunction7E4ECD78-WUDOn8vzWuhD",
        stack()
    );
    put_events(&group, "s", &[(now_ms() - 1000, "x".into())]);
    let log = format!("123456789012:{group}");
    let mb = |n: u64| (n * 1_048_576).to_string();
    let reports = vec![vec![
        ("@log", log.clone()),
        ("invocations", "5".into()),
        ("cold_starts", "1".into()),
        ("p50", "30.0".into()),
        ("p95", "3000.0".into()),
        ("p99", "3000.0".into()),
        ("max_duration", "3000.0".into()),
        ("init_avg", "200.0".into()),
        ("init_max", "200.0".into()),
        ("memory_size", mb(256)),
        ("max_memory_used", mb(128)),
        // (10 + 20 + 30 + 40 + 3000) ms × 256 MiB in bytes
        ("billed_ms_bytes", (3100u64 * 256 * 1_048_576).to_string()),
        ("report_timeouts", "1".into()),
    ]];
    let errors = vec![vec![
        ("@log", log),
        ("errors", "1".into()),
        ("timeouts", "1".into()),
    ]];
    let stand_in = support::insights::insights_stand_in(&moto().endpoint, reports, errors);
    let output = exits(
        iops_at(&stand_in.server.endpoint).args([
            "logs",
            "stats",
            &group,
            "--insights",
            "--since",
            "2h",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let records = lines(&output.stdout);
    assert_eq!(records.len(), 1);
    let stats = &records[0];
    assert_eq!(stats["function"], "ProcessFunction");
    assert_eq!(
        (
            stats["invocations"].as_u64(),
            stats["errors"].as_u64(),
            stats["timeouts"].as_u64()
        ),
        (Some(5), Some(1), Some(1))
    );
    assert_eq!(stats["memory_headroom_pct"], 50.0);
    assert_eq!(stats["billed_gb_s"], 0.775);
    assert_eq!(stats["p95_ms"], 3000.0);

    let queries = stand_in.queries.lock().unwrap().clone();
    assert_eq!(queries.len(), 2, "one REPORT query, one error query");
    for query in &queries {
        assert_eq!(query.log_group_names, vec![group.clone()]);
        assert!(
            query.end_time - query.start_time >= 7200 && query.end_time - query.start_time < 7300,
            "epoch seconds: {query:?}"
        );
        assert!(
            query.query_string.ends_with("by @log"),
            "{}",
            query.query_string
        );
    }
    assert!(queries[0].query_string.contains("pct(@duration, 95)"));
}

#[test]
fn bad_stats_and_follow_values_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["logs", "tail", "/aws/lambda/x", "-f", "--interval", "0s"],
            "positive duration",
        ),
        (
            &["logs", "stats", "/aws/lambda/x", "--by", "soon"],
            "90s, 10m",
        ),
        (
            &["logs", "stats", "--from-file", "/nonexistent/report.log"],
            "cannot read /nonexistent/report.log",
        ),
        (&["logs", "stats"], "TARGET"),
        (
            &["logs", "stats", "--from-file", "x.log", "--insights"],
            "cannot be used with",
        ),
        (
            &[
                "logs",
                "tail",
                "/aws/lambda/x",
                "--grep",
                "ok",
                "--grep",
                "(",
            ],
            "invalid --grep pattern '(': unclosed group",
        ),
        (
            &["logs", "tail", "/aws/lambda/x", "--request-id", ""],
            "--request-id is empty",
        ),
    ];
    for (args, expected) in cases {
        let output = exits(iops_at(&moto().endpoint).args(*args), 2);
        assert!(
            output.stderr.contains(expected),
            "{args:?}: {}",
            output.stderr
        );
        assert!(!output.stderr.contains("(?:"), "{}", output.stderr);
    }
}

/// Lambda's JSON log format, Powertools and the runtimes' text layouts, as saved lines.
const STRUCTURED_LINES: [&str; 6] = [
    r#"{"timestamp":"2023-10-27T19:17:45.586Z","level":"INFO","message":"Start","requestId":"r-1"}"#,
    r#"{"timestamp":"2023-10-27T19:17:45.600Z","level":"ERROR","message":"Payment failed","requestId":"r-1","error":{"type":"TimeoutError","retries":3}}"#,
    r#"{"level":"WARNING","location":"collect:23","message":"Retrying","service":"payment","cold_start":true,"function_request_id":"r-2"}"#,
    "[ERROR]\t2023-10-27T19:17:45.586Z\tr-3\tSomething went wrong",
    "2023-10-27T19:17:45.586Z\tr-4\tINFO\tfine",
    "START RequestId: r-5 Version: $LATEST",
];

#[test]
fn levels_and_fields_from_json_and_text_logs_in_a_saved_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.log");
    std::fs::write(&file, STRUCTURED_LINES.join("\n")).unwrap();
    let path = file.to_str().unwrap();
    let errors = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            path,
            "--level",
            "error",
            "--field",
            "requestId",
            "--field",
            "error.type",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let records = lines(&errors.stdout);
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["message"], STRUCTURED_LINES[1], "the exact text");
    assert_eq!(records[0]["message_json"]["error"]["retries"], 3);
    assert_eq!(records[0]["fields"]["requestId"], "r-1");
    assert_eq!(records[0]["fields"]["error.type"], "TimeoutError");
    assert_eq!(records[1]["message"], STRUCTURED_LINES[3]);
    assert!(
        records[1]["fields"]["requestId"].is_null() && records[1].get("message_json").is_none()
    );

    let warnings = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            path,
            "--level",
            "WARN",
            "--format",
            "message",
        ]),
        0,
    );
    assert_eq!(
        String::from_utf8(warnings.stdout).unwrap(),
        format!(
            "{}\n{}\n{}\n",
            STRUCTURED_LINES[1], STRUCTURED_LINES[2], STRUCTURED_LINES[3]
        ),
        "Powertools' WARNING is warn; nothing reformatted with --format message"
    );
    // A text column per field; csv a column per field.
    let text = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            path,
            "--level",
            "error",
            "--field",
            "requestId",
        ]),
        0,
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines().next().unwrap().starts_with("app r-1 {"),
        "{text}"
    );
    let csv = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            path,
            "--field",
            "requestId",
            "-o",
            "csv",
        ]),
        0,
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with(
            "timestamp,ingestion_time,function,group,stream,event_id,message,requestId\n"
        ),
        "{csv}"
    );
    // Nothing at fatal: exit 1, like grep.
    exits(
        support::iops().args(["logs", "tail", "--from-file", path, "--level", "fatal"]),
        1,
    );
}

#[test]
fn from_file_reads_saved_ndjson_records_and_stdin() {
    let group = format!("/aws/lambda/{}-Saved", stack());
    let base = now_ms() - 30_000;
    put_events(
        &group,
        "s",
        &(0..5)
            .map(|i| (base + i, format!("line {i}")))
            .collect::<Vec<_>>(),
    );
    let saved = exits(
        iops_at(&moto().endpoint).args(["logs", "tail", &group, "-o", "ndjson"]),
        0,
    );
    let replayed = exits(
        support::iops()
            .args([
                "logs",
                "tail",
                "--from-file",
                "-",
                "--grep",
                "line [13]",
                "-o",
                "ndjson",
            ])
            .write_stdin(saved.stdout.clone()),
        0,
    );
    let records = lines(&replayed.stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0]["timestamp"],
        base + 1,
        "the saved time, not the read time"
    );
    assert_eq!(records[1]["message"], "line 3");
    assert_eq!(records[0]["stream"], "s");
    // The last N of a file.
    let last = exits(
        support::iops()
            .args([
                "logs",
                "tail",
                "--from-file",
                "-",
                "-n",
                "2",
                "--format",
                "message",
            ])
            .write_stdin(saved.stdout),
        0,
    );
    assert_eq!(String::from_utf8(last.stdout).unwrap(), "line 3\nline 4\n");
}

/// `-n`: the last N events however old — older than the default 10-minute window.
#[test]
fn the_last_n_events_are_found_however_old() {
    let group = format!("/aws/lambda/{}-Quiet", stack());
    let now = now_ms();
    put_events(
        &group,
        "s",
        &[
            (now - 3 * 86_400_000, "three days ago".to_string()),
            (now - 7_200_000, "two hours ago".to_string()),
            (now - 3_600_000, "an hour ago".to_string()),
            (now - 5_000, "just now".to_string()),
        ],
    );
    let last = |args: &[&str]| {
        let out = exits(
            iops_at(&moto().endpoint)
                .args(["logs", "tail", &group, "--format", "message"])
                .args(args),
            0,
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(last(&["-n", "3"]), "two hours ago\nan hour ago\njust now\n");
    assert_eq!(last(&["-n", "1"]), "just now\n");
    assert_eq!(
        last(&["-n", "10"]),
        "three days ago\ntwo hours ago\nan hour ago\njust now\n",
        "fewer than N: every one, once"
    );
    assert_eq!(
        last(&["-n", "10", "--since", "90m"]),
        "an hour ago\njust now\n",
        "bounded by --since"
    );
}

/// `-A/-B/-C`: the lines around a match in its own log stream, groups separated by `--`.
#[test]
fn context_lines_around_matches_in_the_same_stream() {
    let group = format!("/aws/lambda/{}-Context", stack());
    let base = now_ms() - 60_000;
    put_events(
        &group,
        "inv-a",
        &(0..10)
            .map(|i| {
                (
                    base + i * 10,
                    if i == 4 || i == 8 {
                        format!("a{i} ERROR")
                    } else {
                        format!("a{i}")
                    },
                )
            })
            .collect::<Vec<_>>(),
    );
    put_events(
        &group,
        "inv-b",
        &(0..10)
            .map(|i| (base + i * 10 + 5, format!("b{i}")))
            .collect::<Vec<_>>(),
    );
    let out = exits(
        iops_at(&moto().endpoint).args([
            "logs", "tail", &group, "--grep", "ERROR", "-C", "1", "--format", "message",
        ]),
        0,
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "a3\na4 ERROR\na5\n--\na7\na8 ERROR\na9\n",
        "no b line: context stays in the match's stream"
    );
    let before = exits(
        iops_at(&moto().endpoint).args([
            "logs", "tail", &group, "--grep", "a4 ", "-B", "2", "--format", "message",
        ]),
        0,
    );
    assert_eq!(
        String::from_utf8(before.stdout).unwrap(),
        "a2\na3\na4 ERROR\n"
    );
}

#[test]
fn bad_values_of_the_structured_flags_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["logs", "tail", "g", "--level", "loud"],
            "trace, debug, info, warn, error, fatal",
        ),
        (&["logs", "tail", "g", "--field", "a..b"], "dotted names"),
        (&["logs", "tail", "g", "-n", "100001"], "--lines"),
        (&["logs", "tail", "g", "-C", "2"], "--grep"),
        (
            &["logs", "tail", "g", "-n", "5", "--grep", "x", "-C", "1"],
            "cannot be used together",
        ),
        (
            &["logs", "tail", "g", "--from-file", "x.log"],
            "cannot be used with",
        ),
        (
            &["logs", "tail", "--from-file", "x.log", "-f"],
            "cannot be used with",
        ),
        (
            &["logs", "tail", "--from-file", "/nonexistent/x.log"],
            "cannot read /nonexistent/x.log",
        ),
    ];
    for (args, expected) in cases {
        let output = exits(iops_at(&moto().endpoint).args(*args), 2);
        assert!(
            output.stderr.contains(expected),
            "{args:?}: {}",
            output.stderr
        );
    }
}

/// Identical events (same stream, millisecond and text: a retry loop, a line logged twice) are
/// printed as many times as they were written, in the window, live and after a session is
/// reopened — through the Live Tail stand-in (AWS's behaviour: each session pushes what is
/// ingested while it is open) and through moto (whose every session pushes every stored event
/// again) — and each keeps its trailing newline.
#[test]
fn follow_prints_identical_events_as_often_as_written() {
    for through_moto in [false, true] {
        let group = format!("/aws/lambda/{}-Same", stack());
        let t0 = now_ms() - 2_000;
        put_events(&group, "s", &vec![(t0, "retry\n".to_string()); 3]);
        let arn = format!("arn:aws:logs:us-east-1:123456789012:log-group:{group}");
        let stand_in = support::livetail::live_tail_stand_in(
            &moto().endpoint,
            support::livetail::LiveTail::Stream {
                sampled: false,
                hold: Duration::from_secs(20),
            },
        );
        let endpoint = if through_moto {
            moto().endpoint.clone()
        } else {
            stand_in.endpoint.clone()
        };
        let (child, mut stdout) = following(
            &endpoint,
            &[
                "-vv", "logs", "tail", &group, "-f", "--since", "1h", "-o", "ndjson",
            ],
        );
        let mut read_message = || {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            let record: Value = serde_json::from_str(&line).expect("a record");
            record["message"].as_str().unwrap().to_string()
        };
        let window: Vec<String> = (0..3).map(|_| read_message()).collect();
        assert_eq!(window, ["retry\n"; 3], "moto {through_moto}");
        let t1 = now_ms();
        let pair = vec![(t1, "pair".to_string()); 2];
        put_events(&group, "s", &pair);
        *stand_in.updates.lock().unwrap() = Some(
            pair.iter()
                .map(|(t, m)| (arn.clone(), "s".to_string(), *t, m.clone()))
                .collect(),
        );
        let live: Vec<String> = (0..2).map(|_| read_message()).collect();
        assert_eq!(live, ["pair"; 2], "moto {through_moto}");
        // moto ends each session after one update: several reopen, push everything again,
        // and are read back by FilterLogEvents.
        std::thread::sleep(Duration::from_millis(3000));
        let (code, stderr, rest) = interrupt(child, stdout);
        assert_eq!(
            String::from_utf8_lossy(&rest),
            "",
            "moto {through_moto}: nothing twice"
        );
        assert_eq!(code, Some(130), "{stderr}");
        if through_moto {
            assert!(
                stderr.matches("operation=\"StartLiveTail\"").count() >= 2,
                "sessions reopened: {stderr}"
            );
        }
    }
}

/// `-f --until T` stops by itself once T (and a few seconds for events still arriving) has
/// passed, printing nothing stamped after T; an --until in the past is refused with -f.
#[test]
fn follow_until_a_time_stops_there() {
    for mode in ["--poll", "--lossless"] {
        let group = format!("/aws/lambda/{}-Until", stack());
        let start = now_ms();
        put_events(&group, "s", &[(start - 1_000, "before".into())]);
        let until = start + 3_000;
        let until_text = jiff::Timestamp::from_millisecond(until)
            .unwrap()
            .to_string();
        let started = std::time::Instant::now();
        let out = support::iops_process()
            .args([
                "logs",
                "tail",
                &group,
                "-f",
                mode,
                "--since",
                "1m",
                "--until",
                &until_text,
                "--interval",
                "300ms",
                "--format",
                "message",
            ])
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(1000));
        put_events(&group, "s", &[(now_ms(), "during".into())]);
        put_events(&group, "s", &[(until + 1_000, "after".into())]);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(out.wait_with_output().unwrap()));
        let out = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("{mode}: still following 30 s after --until"));
        assert!(started.elapsed() >= Duration::from_secs(3), "{mode}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "before\nduring\n",
            "{mode}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0), "{mode}");
    }
    let past = exits(
        iops_at(&moto().endpoint).args(["logs", "tail", "x", "-f", "--until", "5m"]),
        2,
    );
    assert!(
        past.stderr.contains("--until 5m is in the past"),
        "{}",
        past.stderr
    );
}

/// `-n 0 -f`, as `tail -n 0 -f`: nothing old, only what comes next.
#[test]
fn zero_last_lines_then_follow_prints_only_new_events() {
    let group = format!("/aws/lambda/{}-ZeroN", stack());
    put_events(&group, "s", &[(now_ms() - 5_000, "old".into())]);
    let (child, mut stdout) = following(
        &moto().endpoint,
        &[
            "logs",
            "tail",
            &group,
            "-n",
            "0",
            "-f",
            "--poll",
            "--interval",
            "200ms",
            "--format",
            "message",
        ],
    );
    std::thread::sleep(Duration::from_millis(800));
    put_events(&group, "s", &[(now_ms(), "new".into())]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "new\n");
    let (code, stderr, rest) = interrupt(child, stdout);
    assert_eq!(rest, b"", "{stderr}");
    assert_eq!(code, Some(130));
}

/// Context groups of two streams that overlap in time never mix: each group is one stream's
/// lines in order, separated by `--` (saved records, so no AWS at all).
#[test]
fn context_groups_of_overlapping_streams_do_not_mix() {
    let record = |stream: &str, n: i64, message: &str| {
        format!(
            r#"{{"timestamp":{},"group":"/aws/lambda/f","stream":"{stream}","event_id":"{stream}{n}","message":"{message}"}}"#,
            1_764_072_000_000 + n
        )
    };
    let file = std::env::temp_dir().join(format!("{}.ndjson", unique("context")));
    let lines = [
        record("a", 1, "a1 ERROR"),
        record("b", 2, "b2 ERROR"),
        record("a", 3, "a3"),
        record("b", 4, "b4"),
        record("a", 5, "a5"),
        record("b", 6, "b6"),
    ];
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let out = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            file.to_str().unwrap(),
            "--grep",
            "ERROR",
            "-A",
            "1",
            "--format",
            "message",
        ]),
        0,
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "a1 ERROR\n--\nb2 ERROR\n--\na3\n--\nb4\n"
    );
    let _ = std::fs::remove_file(file);
}

/// 2024-05-01T10:00:00Z: saved files keep their own times, however old.
const SAVED_BASE: i64 = 1_714_557_600_000;

/// `iops logs tail --from-file PATH ARGS… -o ndjson` that must exit `code`: the records printed.
fn from_file(path: &std::path::Path, args: &[&str], code: i32) -> (Vec<Value>, String) {
    let output = exits(
        support::iops()
            .args(["logs", "tail", "--from-file"])
            .arg(path)
            .args(args)
            .args(["-o", "ndjson"]),
        code,
    );
    (lines(&output.stdout), output.stderr)
}

fn messages(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["message"].as_str().unwrap().to_string())
        .collect()
}

/// Issue 32, defect 3: 104 saved records, a one-minute window, and the filter pattern.
#[test]
fn from_file_applies_since_until_and_filter_pattern_to_saved_records() {
    let kinds = [
        "[ERROR] payment failed",
        "Task timed out after 3.00 seconds",
        "[DEBUG] pool ready",
        "[INFO] Processed",
    ];
    let records: Vec<String> = (0..104)
        .map(|i| {
            serde_json::json!({
                "timestamp": SAVED_BASE + i * 6_000,
                "ingestion_time": SAVED_BASE + i * 6_000 + 40,
                "function": "Pay",
                "group": "/aws/lambda/Pay",
                "stream": "s",
                "event_id": format!("e{i}"),
                "message": format!("{} #{i}", kinds[i as usize % 4]),
            })
            .to_string()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ndjson");
    std::fs::write(&path, records.join("\n") + "\n").unwrap();
    // 10:02:00 to 10:03:00, both ends included: records 20 to 30.
    let window = [
        "--since",
        "2024-05-01T10:02:00Z",
        "--until",
        "2024-05-01T10:03:00Z",
    ];
    let (shown, _) = from_file(&path, &window, 0);
    let times: Vec<i64> = shown
        .iter()
        .map(|r| r["timestamp"].as_i64().unwrap())
        .collect();
    assert_eq!(
        times,
        (20..=30)
            .map(|i| SAVED_BASE + i * 6_000)
            .collect::<Vec<_>>()
    );
    // Only --since: the rest of the file.
    let (shown, _) = from_file(&path, &["--since", "2024-05-01T10:10:00Z"], 0);
    assert_eq!(shown.len(), 4, "records 100 to 103");
    // Nothing in the window: exit 1, like grep.
    from_file(&path, &["--until", "2024-05-01T09:00:00Z"], 1);

    let (errors_or_timeouts, _) = from_file(
        &path,
        &["--filter-pattern", "?ERROR ?\"Task timed out\""],
        0,
    );
    assert_eq!(errors_or_timeouts.len(), 52);
    assert!(
        messages(&errors_or_timeouts)
            .iter()
            .all(|m| m.starts_with("[ERROR]") || m.starts_with("Task timed out"))
    );
    let (without_debug, _) = from_file(&path, &["--filter-pattern", "-DEBUG"], 0);
    assert_eq!(without_debug.len(), 78);
    assert!(
        messages(&without_debug)
            .iter()
            .all(|m| !m.contains("DEBUG"))
    );
    // Combined with the window: records 20 to 30 that are not DEBUG.
    let mut both = window.to_vec();
    both.extend(["--filter-pattern", "-DEBUG"]);
    let (shown, _) = from_file(&path, &both, 0);
    assert_eq!(shown.len(), 8);
    // JSON patterns over JSON messages; unsupported syntax refused, naming --grep.
    let (_, stderr) = from_file(&path, &["--filter-pattern", "[w1=ERROR, w2]"], 2);
    assert!(stderr.contains("--grep"), "{stderr}");
    let (_, stderr) = from_file(&path, &["--filter-pattern", "%ERR.R%"], 2);
    assert!(stderr.contains("--grep"), "{stderr}");
}

#[test]
fn from_file_refuses_a_window_over_lines_without_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.log");
    std::fs::write(
        &path,
        format!(
            "{}\n{}\nplain text\n",
            serde_json::json!({"timestamp": SAVED_BASE, "message": "a record"}),
            // Lambda's JSON log line: its ISO timestamp is part of the message.
            r#"{"timestamp":"2024-05-01T10:00:00.000Z","level":"ERROR","message":"x"}"#,
        ),
    )
    .unwrap();
    let (_, stderr) = from_file(&path, &["--since", "2024-05-01T09:00:00Z"], 2);
    assert!(
        stderr.contains("line 2 has no timestamp") && stderr.contains("--since"),
        "{stderr}"
    );
    let (_, stderr) = from_file(&path, &["--until", "now"], 2);
    assert!(stderr.contains("--until"), "{stderr}");
    // Without a window, every line is read; the filter pattern applies to plain lines too.
    let (all, _) = from_file(&path, &[], 0);
    assert_eq!(all.len(), 3);
    assert_eq!(
        (all[0]["timestamp"].as_i64(), all[1]["timestamp"].as_i64()),
        (Some(SAVED_BASE), Some(0))
    );
    let (plain, _) = from_file(&path, &["--filter-pattern", "plain"], 0);
    assert_eq!(messages(&plain), ["plain text"]);
}

/// Six events 30 s apart from SAVED_BASE, errors at 0, 60, 120 and 150 s; the window
/// 60 s to 120 s holds two errors.
fn saved_events() -> Vec<(i64, String)> {
    (0..6)
        .map(|i| {
            let level = if [1, 3].contains(&i) { "INFO" } else { "ERROR" };
            (
                SAVED_BASE + i * 30_000,
                format!("[{level}]\t2024-05-01T10:00:00.000Z\tr-{i}\tevent {i}"),
            )
        })
        .collect()
}

/// `--level error` and a window over a saved layout find the two errors of [`saved_events`].
fn finds_the_two_errors(path: &std::path::Path, base: i64) {
    let since = (base + 60_000).to_string();
    let until = (base + 120_000).to_string();
    let (records, stderr) = from_file(
        path,
        &["--level", "error", "--since", &since, "--until", &until],
        0,
    );
    let found: Vec<(i64, String)> = records
        .iter()
        .map(|r| {
            (
                r["timestamp"].as_i64().unwrap(),
                r["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let events: Vec<(i64, String)> = saved_events()
        .into_iter()
        .map(|(t, m)| (t - SAVED_BASE + base, m))
        .collect();
    assert_eq!(
        found,
        [events[2].clone(), events[4].clone()],
        "{}: {stderr}",
        path.display()
    );
}

/// Issue 32, defect 11: what people save, each read as records.
#[test]
fn from_file_reads_records_in_every_saved_layout() {
    let dir = tempfile::tempdir().unwrap();
    let events = saved_events();
    let quoted = |m: &str| serde_json::to_string(m).unwrap();
    let layouts: Vec<(&str, String)> = vec![
        (
            "dumps.jsonl",
            events
                .iter()
                .map(|(t, m)| format!("{{\"timestamp\": {t}, \"message\": {}}}\n", quoted(m)))
                .collect(),
        ),
        (
            "reordered.jsonl",
            events
                .iter()
                .map(|(t, m)| {
                    format!(
                        "{{\"message\":{},\"ingestionTime\":{t},\"logStreamName\":\"s\",\"timestamp\":{t}}}\n",
                        quoted(m)
                    )
                })
                .collect(),
        ),
        (
            "s3-export.txt",
            events
                .iter()
                .map(|(t, m)| format!("{} {m}\n", jiff_like(*t)))
                .collect(),
        ),
    ];
    for (name, text) in &layouts {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        finds_the_two_errors(&path, SAVED_BASE);
    }
    // iops's own -o json: an array over many lines, written by iops from the first layout.
    let array = exits(
        support::iops()
            .args(["logs", "tail", "--from-file"])
            .arg(dir.path().join("dumps.jsonl"))
            .args(["-o", "json"]),
        0,
    );
    let array = String::from_utf8(array.stdout).unwrap();
    assert!(
        array.starts_with("[\n") && array.lines().count() == 8,
        "{array}"
    );
    let path = dir.path().join("iops.json");
    std::fs::write(&path, &array).unwrap();
    finds_the_two_errors(&path, SAVED_BASE);
    // A Lambda JSON log line is a message, however record-like.
    let lambda = r#"{"timestamp":"2024-05-01T10:01:00.000Z","level":"ERROR","message":"x","requestId":"r-1"}"#;
    let path = dir.path().join("lambda.log");
    std::fs::write(&path, format!("{lambda}\n")).unwrap();
    let (records, _) = from_file(&path, &["--level", "error"], 0);
    assert_eq!(messages(&records), [lambda]);
    assert_eq!(records[0]["fields"], Value::Null);
}

/// The aws CLI's shapes, from the FilterLogEvents responses of moto through boto3 (the aws CLI
/// is not installed here): its `--output json` (indent 4, ResponseMetadata dropped) page after
/// page, and `jq -c '.events[]'` of it.
#[test]
fn from_file_reads_the_aws_cli_output_pages_and_jq_lines() {
    let group = format!("/aws/lambda/{}-Cli", stack());
    let base = (now_ms() / 60_000 - 5) * 60_000;
    let events: Vec<(i64, String)> = saved_events()
        .into_iter()
        .map(|(t, m)| (t - SAVED_BASE + base, m))
        .collect();
    put_events(&group, "2024/05/01/[$LATEST]abc", &events);
    let script = r#"
import json, sys, boto3
endpoint, group, shape = sys.argv[1:4]
logs = boto3.client("logs", endpoint_url=endpoint)
request = {"logGroupName": group, "limit": 2}
for _ in range(20):
    page = logs.filter_log_events(**request)
    page.pop("ResponseMetadata", None)
    if shape == "pages":
        print(json.dumps(page, indent=4, ensure_ascii=False))
    else:
        for event in page["events"]:
            print(json.dumps(event, separators=(",", ":"), ensure_ascii=False))
    if not page.get("nextToken") or not page["events"]:
        break
    request["nextToken"] = page["nextToken"]
"#;
    let dir = tempfile::tempdir().unwrap();
    for shape in ["pages", "jq"] {
        let output = std::process::Command::new(support::project_dir().join(".venv/bin/python"))
            .args(["-c", script, &moto().endpoint, &group, shape])
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", support::REGION)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("boto3 runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        if shape == "pages" {
            assert!(
                text.matches("\"events\": [").count() >= 3 && text.contains("\"logStreamName\""),
                "several pretty pages: {text}"
            );
        }
        let path = dir.path().join(format!("{shape}.json"));
        std::fs::write(&path, &text).unwrap();
        finds_the_two_errors(&path, base);
        let (all, _) = from_file(&path, &[], 0);
        assert_eq!(all.len(), 6, "{shape}");
        assert_eq!(all[0]["stream"], "2024/05/01/[$LATEST]abc");
        assert!(
            all.iter()
                .all(|r| r["event_id"].as_str().is_some_and(|id| !id.is_empty()))
        );
    }
}

/// Where moto implements FilterLogEvents' filterPattern (plain terms and quoted phrases), the
/// local matcher selects the same events from a saved copy.
#[test]
fn from_file_filter_pattern_agrees_with_moto_where_moto_implements_it() {
    let group = format!("/aws/lambda/{}-Pattern", stack());
    let base = now_ms() - 60_000;
    let texts = [
        "[ERROR] payment failed",
        "Task timed out after 3.00 seconds",
        "[DEBUG] Task queued",
        "ERROR Task timed out twice",
        "INFO fine",
    ];
    put_events(
        &group,
        "s",
        &texts
            .iter()
            .enumerate()
            .map(|(i, m)| (base + i as i64, m.to_string()))
            .collect::<Vec<_>>(),
    );
    let saved = exits(
        iops_at(&moto().endpoint).args(["logs", "tail", &group, "-o", "ndjson"]),
        0,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ndjson");
    std::fs::write(&path, &saved.stdout).unwrap();
    for pattern in ["ERROR", "Task timed", "\"Task timed out\"", "timed ERROR"] {
        let served = exits(
            iops_at(&moto().endpoint).args([
                "logs",
                "tail",
                &group,
                "--filter-pattern",
                pattern,
                "-o",
                "ndjson",
            ]),
            0,
        );
        let (local, _) = from_file(&path, &["--filter-pattern", pattern], 0);
        assert_eq!(
            messages(&local),
            messages(&lines(&served.stdout)),
            "{pattern}"
        );
        assert!(messages(&local).len() < texts.len(), "{pattern} selects");
    }
}

/// Saved records count (`--count`), keep nothing with `-n 0`, and feed `logs stats` with their
/// own times (`--by` buckets), like lines read from CloudWatch.
#[test]
fn saved_records_count_and_feed_stats_with_their_times() {
    let report = |n: i64, at: i64| {
        format!(
            r#"{{"timestamp":{at},"group":"/aws/lambda/f","stream":"s","event_id":"e{n}","message":"REPORT RequestId: r{n}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t\n"}}"#
        )
    };
    let saved = [
        report(1, SAVED_BASE),
        report(2, SAVED_BASE + 1_000),
        report(3, SAVED_BASE + 61_000),
        format!(
            r#"{{"timestamp":{},"group":"/aws/lambda/f","stream":"s","event_id":"e4","message":"{{\"level\":\"error\",\"message\":\"boom\"}}"}}"#,
            SAVED_BASE + 62_000
        ),
    ];
    let file = std::env::temp_dir().join(format!("{}.ndjson", unique("saved-stats")));
    std::fs::write(&file, saved.join("\n") + "\n").unwrap();
    let path = file.to_str().unwrap();
    let counted = saved_count(path, &["--grep", "REPORT"], 0);
    assert!(counted.ends_with("total,,3\n"), "{counted}");
    let none = exits(
        support::iops().args(["logs", "tail", "--from-file", path, "-n", "0"]),
        1,
    );
    assert_eq!(String::from_utf8_lossy(&none.stdout), "");
    let stats = exits(
        support::iops().args([
            "logs",
            "stats",
            "--from-file",
            path,
            "--by",
            "1m",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let buckets: Vec<(String, u64)> = lines(&stats.stdout)
        .iter()
        .map(|r| {
            (
                r["bucket"].as_str().unwrap().to_string(),
                r["invocations"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        buckets,
        [
            ("2024-05-01T10:00:00.000Z".to_string(), 2),
            ("2024-05-01T10:01:00.000Z".to_string(), 1)
        ]
    );
    let _ = std::fs::remove_file(file);
}

/// `tests/fixtures/levels.tsv` (level, source, line; `⇥` a tab, `↵` a newline): every line's
/// expected level, `None` for `-`.
fn level_corpus() -> Vec<(Option<String>, String)> {
    let text = std::fs::read_to_string(support::project_dir().join("tests/fixtures/levels.tsv"))
        .expect("tests/fixtures/levels.tsv");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let level = parts.next().unwrap();
            let line = parts.nth(1).unwrap_or_else(|| panic!("{l}"));
            let line = line.replace('⇥', "\t").replace('↵', "\n");
            ((level != "-").then(|| level.to_string()), line)
        })
        .collect()
}

fn error_or_worse(level: &Option<String>) -> bool {
    matches!(level.as_deref(), Some("error" | "fatal"))
}

/// Issue 32: through the binary, `--level error` prints exactly the corpus's error and fatal
/// lines (multi-line messages too, as saved ndjson records), nothing from prose.
#[test]
fn level_error_prints_exactly_the_error_lines_of_the_corpus() {
    let corpus = level_corpus();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corpus.ndjson");
    let records: Vec<String> = corpus
        .iter()
        .enumerate()
        .map(|(i, (_, line))| {
            // A saved record starts with its numeric timestamp, as `-o ndjson` writes it.
            format!(
                r#"{{"timestamp":{},"stream":"s","event_id":"e{i}","message":{}}}"#,
                1_764_072_000_000i64 + i as i64,
                serde_json::json!(line)
            )
        })
        .collect();
    std::fs::write(&file, records.join("\n")).unwrap();
    let out = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            file.to_str().unwrap(),
            "--level",
            "error",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let printed: Vec<String> = lines(&out.stdout)
        .iter()
        .map(|r| r["message"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = corpus
        .iter()
        .filter(|(level, _)| error_or_worse(level))
        .map(|(_, line)| line.clone())
        .collect();
    assert!(expected.len() >= 30, "{}", expected.len());
    assert_eq!(printed, expected);
}

/// Issue 32, defect 8: `logs stats` counts as errors the lines `--level error` prints, on the
/// same file (one message per line: the corpus's single-line messages).
#[test]
fn stats_errors_are_the_lines_level_error_prints() {
    let corpus: Vec<_> = level_corpus()
        .into_iter()
        .filter(|(_, line)| !line.contains('\n'))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("corpus.log");
    let text: Vec<&str> = corpus.iter().map(|(_, line)| line.as_str()).collect();
    std::fs::write(&file, text.join("\n")).unwrap();
    let path = file.to_str().unwrap();
    let tail = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            path,
            "--level",
            "error",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let printed = lines(&tail.stdout).len();
    let stats = exits(
        support::iops().args(["logs", "stats", "--from-file", path, "-o", "ndjson"]),
        0,
    );
    let stats = lines(&stats.stdout);
    let expected = corpus
        .iter()
        .filter(|(level, _)| error_or_worse(level))
        .count();
    assert_eq!(printed, expected);
    assert_eq!(stats[0]["errors"], printed, "{stats:?}");
    assert_eq!(stats[0]["timeouts"], 1, "the corpus's Task timed out line");
}

/// Issue 32, defects 9 and 10: `--field` reaches flat dotted keys (`["log.level"]`), the JSON
/// after a runtime's prefix, treats `01` as a key, and takes a repeated key's last value, as
/// `message_json` (and jq) does.
#[test]
fn fields_reach_dotted_keys_prefixed_json_and_the_last_of_a_repeated_key() {
    let lines_in = [
        r#"{"log.level":"error","message":"ecs","log":{"level":"nested"},"error":{"a.b":7}}"#,
        "2024-01-01T00:00:00.123Z\t79b4f56e-95b1-4643-9700-2807f4e68189\tERROR\t{\"requestId\":\"r-9\",\"records\":[\"zero\",\"one\"],\"m\":{\"01\":\"key\"}}",
        r#"{"level":"info","requestId":"first","level":"error","requestId":"last"}"#,
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fields.log");
    std::fs::write(&file, lines_in.join("\n")).unwrap();
    let out = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            file.to_str().unwrap(),
            "--level",
            "error",
            "--field",
            r#"["log.level"]"#,
            "--field",
            "log.level",
            "--field",
            r#"error.["a.b"]"#,
            "--field",
            "requestId",
            "--field",
            "records.1",
            "--field",
            "records.01",
            "--field",
            "m.01",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 3, "{records:?}");
    let fields = |i: usize| records[i]["fields"].clone();
    assert_eq!(fields(0)["[\"log.level\"]"], "error");
    assert_eq!(fields(0)["log.level"], "nested");
    assert_eq!(fields(0)["error.[\"a.b\"]"], 7);
    assert_eq!(
        fields(1)["requestId"],
        "r-9",
        "the JSON after the runtime's prefix"
    );
    assert_eq!(fields(1)["records.1"], "one");
    assert!(
        fields(1)["records.01"].is_null(),
        "01 is a key, not an index"
    );
    assert_eq!(fields(1)["m.01"], "key");
    assert_eq!(records[1]["message_json"]["requestId"], "r-9");
    assert_eq!(fields(2)["requestId"], "last");
    assert_eq!(
        records[2]["message_json"]["requestId"], "last",
        "serde_json reads the last, as jq does"
    );
    exits(
        support::iops().args(["logs", "tail", "g", "--field", r#"["a"#]),
        2,
    );
}

/// A file saved from several functions (`-o ndjson` of a multi-target tail) is read per
/// function, as from CloudWatch: labels, `--count` rows, context (streams of the same name in
/// two functions are two streams) and `logs stats`; an empty `-o json` (`[]`) holds no event,
/// and records saved from lines without a time (timestamp 0) refuse a time window.
#[test]
fn saved_records_of_several_functions_stay_apart() {
    let record = |function: &str, n: i64, message: &str| {
        format!(
            r#"{{"timestamp":{},"ingestion_time":{},"function":"{function}","group":"/aws/lambda/{function}","stream":"same","event_id":"{function}{n}","message":"{message}"}}"#,
            SAVED_BASE + n,
            SAVED_BASE + n
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("two.ndjson");
    let saved = [
        record("One", 1, "one-1"),
        record("Two", 2, "two-1"),
        record("One", 3, "one-2 HIT"),
        record("Two", 4, "two-2"),
        record("One", 5, "one-3"),
        record(
            "Two",
            6,
            "REPORT RequestId: r1\\tDuration: 5.00 ms\\tBilled Duration: 5 ms\\tMemory Size: 128 MB\\tMax Memory Used: 60 MB",
        ),
    ];
    std::fs::write(&file, saved.join("\n") + "\n").unwrap();
    let path = file.to_str().unwrap();
    let context = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            path,
            "--grep",
            "HIT",
            "-C",
            "1",
            "--format",
            "message",
        ]),
        0,
    );
    assert_eq!(
        String::from_utf8_lossy(&context.stdout),
        "one-1\none-2 HIT\none-3\n",
        "context stays in One's stream"
    );
    assert_eq!(
        saved_count(path, &[], 0),
        "function,group,events\nOne,/aws/lambda/One,3\nTwo,/aws/lambda/Two,3\ntotal,,6\n"
    );
    let stats = exits(
        support::iops().args(["logs", "stats", "--from-file", path, "-o", "ndjson"]),
        0,
    );
    let functions: Vec<(String, u64)> = lines(&stats.stdout)
        .iter()
        .map(|r| {
            (
                r["function"].as_str().unwrap().to_string(),
                r["invocations"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(functions, [("One".to_string(), 0), ("Two".to_string(), 1)]);

    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "[]\n").unwrap();
    let none = saved_count(empty.to_str().unwrap(), &[], 1);
    assert!(none.ends_with("total,,0\n"), "{none}");

    let untimed = dir.path().join("untimed.ndjson");
    std::fs::write(
        &untimed,
        r#"{"timestamp":0,"ingestion_time":0,"function":"f","group":"g","stream":"","event_id":"1","message":"plain"}"#,
    )
    .unwrap();
    let refused = exits(
        support::iops().args([
            "logs",
            "tail",
            "--from-file",
            untimed.to_str().unwrap(),
            "--since",
            "1h",
        ]),
        2,
    );
    assert!(refused.stderr.contains("has no time"), "{}", refused.stderr);
}

/// `logs stats` errors are exactly the lines `--level error` prints: a `Task timed out` or a
/// close-code line written at error level is also an error, and the platform's `status: error`
/// on the REPORT of an invocation that logged its error is not counted a second time.
#[test]
fn stats_errors_equal_the_level_error_lines_on_platform_lines_too() {
    let id = "79b4f56e-95b1-4643-9700-2807f4e68189";
    let saved = [
        format!(
            r#"{{"timestamp":"2024-05-01T10:00:00.000Z","level":"ERROR","message":"boom","requestId":"{id}"}}"#
        ),
        format!(
            r#"{{"time":"2024-05-01T10:00:00.100Z","type":"platform.report","record":{{"requestId":"{id}","metrics":{{"durationMs":12.5,"billedDurationMs":13,"memorySizeMB":128,"maxMemoryUsedMB":70}},"status":"error"}}}}"#
        ),
        format!(
            "2024-05-01T10:00:01.000Z\t{id}\tERROR\tdisconnected {{\"disconnectStatusCode\": 1006}}"
        ),
        format!("2024-05-01T10:00:02.000Z\t{id}\tERROR\tTask timed out after 3.00 seconds"),
        "the word ERROR appears mid-line".to_string(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("platform.log");
    std::fs::write(&file, saved.join("\n") + "\n").unwrap();
    let path = file.to_str().unwrap();
    let printed = saved_count(path, &["--level", "error"], 0);
    assert!(printed.ends_with("total,,3\n"), "{printed}");
    let stats = exits(
        support::iops().args(["logs", "stats", "--from-file", path, "-o", "ndjson"]),
        0,
    );
    let record = &lines(&stats.stdout)[0];
    assert_eq!(
        (
            record["invocations"].as_u64(),
            record["errors"].as_u64(),
            record["timeouts"].as_u64()
        ),
        (Some(1), Some(3), Some(1)),
        "{record}"
    );
}

/// `iops logs tail --from-file PATH ARGS… --count -o csv` that must exit `code`: its table.
fn saved_count(path: &str, args: &[&str], code: i32) -> String {
    let output = exits(
        support::iops()
            .args(["logs", "tail", "--from-file", path])
            .args(args)
            .args(["--count", "-o", "csv"]),
        code,
    );
    String::from_utf8(output.stdout).unwrap()
}
