//! `iops top` against moto server: a stack's last half hour seeded by `tests/support/top_stack.py`
//! (functions, their log lines, the connections table, and the CloudWatch datapoints AWS would
//! publish — moto publishes none itself). The live view runs in a real pseudo-terminal.

mod support;

use std::process::Command as Process;
use std::time::Duration;

use serde_json::{Value, json};
use support::top_stack::{Stack, stack};
use support::{exits, iops_at, moto, runtime, sdk_config};

fn report(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).expect("one JSON document")
}

/// The figure with this subject and name.
fn figure<'a>(report: &'a Value, subject: &str, name: &str) -> &'a Value {
    report["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == subject && f["figure"] == name)
        .unwrap_or_else(|| panic!("no {subject} {name} in {report:#}"))
}

const RUNBOOK: &str = r#"{"connects": [60, 101], "messages": 12, "stores": 161,
    "close_codes": {"1005": 158, "1001": 3}, "live": 4, "expired": 2,
    "incoming_records": 500, "iterator_age_ms": [900, 400], "visible": [3, 1]}"#;

#[test]
fn once_reports_the_runbooks_window_exactly_from_one_get_metric_data_call() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    let api = stack.api();
    let value = |subject: &str, name: &str| figure(&report, subject, name)["value"].clone();
    // Runbook 001's table: total connections, active, successful stores, disconnect reasons.
    assert_eq!(value(&api, "connects"), json!(161.0));
    assert_eq!(figure(&report, &api, "connects")["latest"], json!(101.0));
    assert_eq!(value(&api, "messages"), json!(12.0));
    assert_eq!(value("connect", "stores"), json!(161.0));
    let active = figure(
        &report,
        &format!("{}-connections", stack.prefix),
        "active_now",
    );
    assert_eq!(active["value"], json!(4.0));
    assert_eq!(active["note"], "2 more past their TTL");
    assert_eq!(value("disconnect", "disconnects"), json!(161.0));
    assert_eq!(value("disconnect", "disconnects_1005"), json!(158.0));
    assert_eq!(value("disconnect", "disconnects_1001"), json!(3.0));
    assert_eq!(
        figure(&report, "disconnect", "disconnects_1005")["note"],
        "no status code"
    );
    // Functions: 10 + 5 invocations each, none failing; the glob found the processor.
    for role in ["connect", "disconnect", "processor"] {
        assert_eq!(value(role, "invocations"), json!(15.0), "{role}");
        assert_eq!(figure(&report, role, "errors")["state"], "ok", "{role}");
        assert_eq!(figure(&report, role, "last_error")["note"], Value::Null);
    }
    // moto answers percentiles with an error when they have data, so none is seeded.
    assert_eq!(
        figure(&report, "processor", "duration_p99")["state"],
        "no_data"
    );
    let stream = format!("{}-stream", stack.prefix);
    assert_eq!(value(&stream, "incoming_records"), json!(500.0));
    assert_eq!(value(&stream, "iterator_age"), json!(400.0));
    assert_eq!(figure(&report, &stream, "iterator_age")["state"], "ok");
    assert_eq!(figure(&report, "chat", "visible")["value"], json!(1.0));
    assert!(
        report["figures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["state"] != "alert" && f["state"] != "error"),
        "{report:#}"
    );
    // Every series of the refresh in one call.
    assert_eq!(report["requests"]["GetMetricData"], json!(1), "{report:#}");
    assert_eq!(report["window"], "30m");
    exits(&mut stack.top(&["--check", "-o", "json"]), 0);
}

#[test]
fn an_unhealthy_stack_is_flagged_and_check_exits_1_naming_what_crossed() {
    let stack = stack(json!({
        "connects": [10], "stores": 7, "processor_errors": 3, "integration_errors": 2,
        "iterator_age_ms": [1000, 95000]
    }));
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    let api = stack.api();
    let errors = figure(&report, "processor", "errors");
    assert_eq!(
        (&errors["value"], &errors["state"]),
        (&json!(3.0), &json!("alert"))
    );
    assert_eq!(
        figure(&report, &api, "integration_errors")["state"],
        "alert"
    );
    let stores = figure(&report, "connect", "stores");
    assert_eq!(stores["state"], "warn");
    assert_eq!(
        stores["note"],
        "3 connects without a \"Connection stored\" line"
    );
    let age = figure(&report, &format!("{}-stream", stack.prefix), "iterator_age");
    assert_eq!(
        (&age["value"], &age["state"]),
        (&json!(95000.0), &json!("alert"))
    );
    // The newest ERROR line, found by classifying lines (moto ignores `?` filter terms).
    assert_eq!(
        figure(&report, "processor", "last_error")["note"],
        "[ERROR] TypeError: boom 2"
    );
    let out = exits(&mut stack.top(&["--check"]), 1);
    assert!(
        out.stderr.contains("processor errors") && out.stderr.contains("iterator_age"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_failing_source_shows_its_error_and_the_rest_is_still_reported() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    // A connections table that does not exist, and a role that matches no function.
    let text = std::fs::read_to_string(stack.config())
        .unwrap()
        .replace(
            &format!("connections = \"{}-connections\"", stack.prefix),
            "connections = \"no-such-table\"",
        )
        .replace(
            "[env.test.functions]",
            "[env.test.functions]\nauthorizer = \"*NoSuchAuthorizer*\"",
        );
    std::fs::write(stack.config(), text).unwrap();
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    // DescribeTable said the table is not there: not scanned, its figures are missing.
    let active = figure(&report, "no-such-table", "active_now");
    assert_eq!(active["state"], "missing");
    assert!(
        active["note"]
            .as_str()
            .unwrap()
            .contains("ResourceNotFoundException"),
        "{active}"
    );
    assert!(
        out.stderr.contains("no-such-table is missing"),
        "{}",
        out.stderr
    );
    let missing = figure(&report, "authorizer", "source");
    assert!(
        missing["note"]
            .as_str()
            .unwrap()
            .contains("*NoSuchAuthorizer*"),
        "{missing}"
    );
    assert_eq!(
        figure(&report, &stack.api(), "connects")["value"],
        json!(161.0)
    );
    assert_eq!(figure(&report, "connect", "stores")["value"], json!(161.0));
    assert!(
        out.stderr
            .contains("authorizer source: no Lambda function matches"),
        "{}",
        out.stderr
    );
    exits(&mut stack.top(&["--check"]), 1);
}

/// A mistyped API id, a stream and a table that are not there: CloudWatch has no datapoints for
/// them, which is not a quiet 0. Each is described once at start and shown as missing, in the
/// rows and in the JSON document, and `--check` fails on them.
#[test]
fn parts_that_do_not_exist_are_missing_not_zero_and_check_fails() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let text = std::fs::read_to_string(stack.config())
        .unwrap()
        .replace(
            &format!("api_id = \"{}\"", stack.api_id),
            "api_id = \"nosuchapi\"",
        )
        .replace(
            &format!("kinesis_stream = \"{}-stream\"", stack.prefix),
            "kinesis_stream = \"no-such-stream\"",
        )
        .replace(
            "[env.test.tables]",
            "[env.test.tables]\nmetrics = \"deleted-table\"",
        );
    std::fs::write(stack.config(), text).unwrap();
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    for (subject, name, service_said) in [
        ("nosuchapi/prod", "connects", "NotFoundException"),
        ("nosuchapi/prod", "integration_errors", "NotFoundException"),
        (
            "no-such-stream",
            "incoming_records",
            "ResourceNotFoundException",
        ),
        (
            "no-such-stream",
            "iterator_age",
            "ResourceNotFoundException",
        ),
        (
            "deleted-table",
            "read_throttles",
            "ResourceNotFoundException",
        ),
        (
            "deleted-table",
            "write_throttles",
            "ResourceNotFoundException",
        ),
    ] {
        let row = figure(&report, subject, name);
        assert_eq!(row["state"], "missing", "{row}");
        assert_eq!(row["value"], Value::Null, "{row}");
        assert!(
            row["note"].as_str().unwrap().contains(service_said),
            "{row}"
        );
    }
    let missing: Vec<&str> = report["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        ["nosuchapi/prod", "no-such-stream", "deleted-table"],
        "{report:#}"
    );
    // What exists is still read.
    let connections = format!("{}-connections", stack.prefix);
    assert_eq!(
        figure(&report, &connections, "read_throttles")["state"],
        "ok"
    );
    assert_eq!(figure(&report, "connect", "stores")["value"], json!(161.0));
    let out = exits(&mut stack.top(&["--check"]), 1);
    assert!(
        out.stderr
            .contains("missing: nosuchapi/prod, no-such-stream, deleted-table"),
        "{}",
        out.stderr
    );

    // The API is there, its stage is not.
    let text = std::fs::read_to_string(stack.config())
        .unwrap()
        .replace(
            "api_id = \"nosuchapi\"",
            &format!("api_id = \"{}\"", stack.api_id),
        )
        .replace("stage = \"prod\"", "stage = \"nostage\"");
    std::fs::write(stack.config(), text).unwrap();
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let staged = serde_json::from_slice::<Value>(&out.stdout).unwrap();
    let row = figure(&staged, &format!("{}/nostage", stack.api_id), "messages").clone();
    assert_eq!(row["state"], "missing", "{row}");
    assert!(
        row["note"]
            .as_str()
            .unwrap()
            .starts_with(&format!("stage nostage of API {} (stage)", stack.api_id)),
        "{row}"
    );
}

/// Replaces `from` with `to` in the stack's iops.toml.
fn edit_config(stack: &Stack, from: &str, to: &str) {
    let text = std::fs::read_to_string(stack.config()).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    std::fs::write(stack.config(), text.replace(from, to)).unwrap();
}

/// The subjects of the report's `missing` (or `wrong`) list.
fn listed<'a>(report: &'a Value, list: &str) -> Vec<&'a str> {
    report[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list} in {report:#}"))
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect()
}

/// One configured queue that does not exist is `missing` by its role; the other queues are still
/// watched, and `--check` fails naming it.
#[test]
fn a_missing_queue_is_missing_and_the_other_queues_are_still_watched() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let notifications = format!("{}-notifications", stack.prefix);
    runtime().block_on(async {
        aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint))
            .create_queue()
            .queue_name(&notifications)
            .send()
            .await
            .unwrap();
    });
    edit_config(
        &stack,
        "[env.test.queues]\n",
        &format!("[env.test.queues]\ngone = \"no-such-queue\"\nnotif = \"{notifications}\"\n"),
    );
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    assert_eq!(listed(&report, "missing"), ["gone"], "{report:#}");
    let gone = figure(&report, "gone", "exists");
    assert_eq!(
        (&gone["state"], &gone["value"]),
        (&json!("missing"), &Value::Null)
    );
    assert!(
        gone["note"].as_str().unwrap().contains("no-such-queue"),
        "{gone}"
    );
    // The queues that exist are still read.
    assert_eq!(figure(&report, "chat", "visible")["value"], json!(1.0));
    assert_eq!(figure(&report, "notif", "visible")["state"], "no_data");
    assert!(
        report["figures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["state"] != "error"),
        "{report:#}"
    );
    let out = exits(&mut stack.top(&["--check"]), 1);
    assert!(out.stderr.contains("missing: gone"), "{}", out.stderr);
}

/// An HTTP API as `api_id` has none of a WebSocket API's figures: they would read as a quiet 0.
/// GetApi's protocol makes every API row `wrong`, listed under `wrong`, and `--check` fails.
#[test]
fn an_http_api_is_wrong_not_a_quiet_websocket_api() {
    let mut spec: Value = serde_json::from_str(RUNBOOK).unwrap();
    spec["http_api"] = json!(true);
    let stack = stack(spec);
    let http = stack.http_api_id.clone().unwrap();
    edit_config(
        &stack,
        &format!("api_id = \"{}\"", stack.api_id),
        &format!("api_id = \"{http}\""),
    );
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    let subject = format!("{http}/prod");
    for name in ["connects", "messages", "execution_errors"] {
        let row = figure(&report, &subject, name);
        assert_eq!(
            (&row["state"], &row["value"]),
            (&json!("wrong"), &Value::Null),
            "{row}"
        );
        assert!(
            row["note"]
                .as_str()
                .unwrap()
                .contains("is HTTP, not WEBSOCKET"),
            "{row}"
        );
    }
    assert_eq!(listed(&report, "wrong"), [subject.as_str()], "{report:#}");
    assert!(listed(&report, "missing").is_empty(), "{report:#}");
    let out = exits(&mut stack.top(&["--check"]), 1);
    assert!(
        out.stderr
            .contains(&format!("wrong: {subject} (API {http}"))
            && out.stderr.contains("is HTTP, not WEBSOCKET"),
        "{}",
        out.stderr
    );
}

/// A connect or disconnect handler never invoked has no log group: its stores and disconnects
/// were not read, which is no value and `unread`, never "0, ok"; `--check` does not fail on it.
#[test]
fn log_figures_of_a_handler_without_a_log_group_are_unread_not_zero() {
    let stack = stack(json!({"visible": [1, 1], "never_invoked": ["newconnect", "newdisconnect"]}));
    let p = &stack.prefix;
    edit_config(
        &stack,
        &format!("\nconnect = \"{p}-connect\"\ndisconnect = \"{p}-disconnect\""),
        &format!("\nconnect = \"{p}-newconnect\"\ndisconnect = \"{p}-newdisconnect\""),
    );
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    for (role, name) in [("connect", "stores"), ("disconnect", "disconnects")] {
        let row = figure(&report, role, name);
        assert_eq!(
            (&row["state"], &row["value"]),
            (&json!("unread"), &Value::Null),
            "{row}"
        );
        let note = row["note"].as_str().unwrap();
        assert!(
            note.starts_with(&format!("not read: {role} (/aws/lambda/{p}-new{role})"))
                && note.contains("no log group yet"),
            "{row}"
        );
    }
    exits(&mut stack.top(&["--check"]), 0);
    // The table says so too, with no number.
    let out = exits(&mut stack.top(&["-o", "csv"]), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\napi,connect,stores,,,count,unread,"),
        "{text}"
    );
}

/// "latest" is one minute's datapoint whatever the window. A 1 d window's periods are 8 minutes
/// wide; the seeded API has 11 connects in every minute around now, so the newest 8-minute
/// period sums 88 wherever its boundaries fall, and "latest" must still say 11.
#[test]
fn latest_is_the_newest_minute_whether_the_window_is_30m_or_1d() {
    let stack = stack(json!({"steady_connects": 11, "visible": [1, 1]}));
    let read = |window: &str| {
        let out = exits(
            &mut stack.top(&["--once", "-o", "json", "--window", window]),
            0,
        );
        report(&out.stdout)
    };
    let (thirty, day) = (read("30m"), read("1d"));
    for report in [&thirty, &day] {
        let connects = figure(report, &stack.api(), "connects");
        assert_eq!(connects["latest"], json!(11.0), "{connects}");
    }
    // The wide window read its newest minute in a second call, at the same time.
    assert_eq!(thirty["requests"]["GetMetricData"], json!(1), "{thirty:#}");
    assert_eq!(day["requests"]["GetMetricData"], json!(2), "{day:#}");
}

/// A function never invoked has no log group: its row says so, the others keep their own lines.
#[test]
fn a_function_without_a_log_group_is_its_own_state_and_no_other_rows() {
    let stack = stack(json!({"processor_errors": 2, "never_invoked": ["authorizer"]}));
    let text = std::fs::read_to_string(stack.config()).unwrap().replace(
        "[env.test.functions]",
        &format!(
            "[env.test.functions]\nauthorizer = \"{}-authorizer\"",
            stack.prefix
        ),
    );
    std::fs::write(stack.config(), text).unwrap();
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let report = report(&out.stdout);
    let silent = figure(&report, "authorizer", "last_error");
    assert_eq!(silent["state"], "no_data", "{silent}");
    assert!(
        silent["note"]
            .as_str()
            .unwrap()
            .contains("no log group yet"),
        "{silent}"
    );
    let processor = figure(&report, "processor", "last_error");
    assert_eq!(processor["state"], "ok", "{processor}");
    assert!(
        processor["note"]
            .as_str()
            .unwrap()
            .contains("TypeError: boom 1"),
        "{processor}"
    );
    for role in ["connect", "disconnect"] {
        let row = figure(&report, role, "last_error");
        assert_eq!(row["state"], "ok", "{row}");
        assert!(row["note"].is_null(), "{row}");
    }
    assert_eq!(figure(&report, "connect", "stores")["state"], "ok");
}

#[test]
fn csv_and_ndjson_are_one_row_per_figure_with_the_json_names() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let out = exits(&mut stack.top(&["-o", "csv"]), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("panel,subject,figure,value,latest,unit,state,note")
    );
    assert!(text.contains("\napi,connect,stores,161,"), "{text}");
    // Not a terminal: one report, rows as ndjson, without asking.
    let out = exits(&mut stack.top(&[]), 0);
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r["figure"] == "disconnects_1005" && r["value"] == json!(158.0))
    );
}

#[test]
fn a_stored_pattern_from_the_flag_or_the_config_counts_other_lines() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let stores = |args: &[&str]| {
        let mut all = vec!["--once", "-o", "json"];
        all.extend(args);
        let out = exits(&mut stack.top(&all), 0);
        figure(&report(&out.stdout), "connect", "stores")["value"].clone()
    };
    assert_eq!(stores(&["--stored-pattern", "unrelated line"]), json!(1.0));
    stack.write_config("stored_pattern = \"no such line\"");
    assert_eq!(stores(&[]), json!(0.0));
}

#[test]
fn a_hostile_error_line_is_escaped_in_the_table_and_exact_in_json() {
    let stack = stack(json!({"processor_errors": 1, "error_text": "ok\u{1b}[2Jgone\rover"}));
    let out = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    assert_eq!(
        figure(&report(&out.stdout), "processor", "last_error")["note"],
        "[ERROR] TypeError: ok\u{1b}[2Jgone\rover 0"
    );
    let out = exits(&mut stack.top(&["--once", "-o", "table"]), 0);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains('\u{1b}') && !table.contains('\r'),
        "{table:?}"
    );
    assert!(table.contains(r"ok\x1b[2Jgone\rover 0"), "{table}");
}

#[test]
fn a_dead_endpoint_ends_fast_with_exit_4_and_nothing_on_stdout() {
    let stack = stack(json!({}));
    let started = std::time::Instant::now();
    let mut cmd = iops_at("http://127.0.0.1:9");
    cmd.arg("--config")
        .arg(stack.config())
        .args(["top", "--once"]);
    let out = exits(&mut cmd, 4);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("cannot reach"), "{}", out.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn bad_flags_and_an_empty_config_are_usage_errors() {
    let stack = stack(json!({}));
    for args in [
        vec!["--window", "10s"],
        vec!["--window", "2d"],
        vec!["--refresh", "10ms"],
        vec!["--stored-pattern", "\"\""],
        vec!["--scan-every", "soon"],
    ] {
        let out = exits(&mut stack.top(&args), 2);
        assert!(out.stderr.contains("error"), "{args:?}: {}", out.stderr);
    }
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(
        empty.path().join("iops.toml"),
        "[env.x]\nregion = \"us-east-1\"\n",
    )
    .unwrap();
    let mut cmd = iops_at(&moto().endpoint);
    cmd.arg("--config")
        .arg(empty.path().join("iops.toml"))
        .args(["top", "--once"]);
    let out = exits(&mut cmd, 2);
    assert!(out.stderr.contains("nothing to watch"), "{}", out.stderr);
}

/// `iops top` live in a real pseudo-terminal of 160×50, started from a cooked terminal (the pty
/// starts without echo: `stty` turns it on, so "restored" means echo and line editing are back).
fn live_view(stack: &Stack) -> expectrl::session::OsSession {
    live_view_with(stack, &[])
}

fn live_view_with(stack: &Stack, extra: &[&str]) -> expectrl::session::OsSession {
    let hermetic = support::iops_process();
    let mut command = Process::new("sh");
    for (name, value) in hermetic.get_envs() {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command
        .args(["-c", "stty echo icanon && exec \"$0\" \"$@\""])
        .arg(hermetic.get_program())
        .env("AWS_ENDPOINT_URL", &moto().endpoint)
        .env("TERM", "xterm-256color")
        .arg("--config")
        .arg(stack.config())
        .args(["top", "--refresh", "1s"])
        .args(extra);
    let mut session = expectrl::Session::spawn(command).expect("spawn in a pty");
    session.get_process_mut().set_window_size(160, 50).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// Waits for the first refresh on screen, sends `keys`, and returns the exit status and what
/// the terminal received after them.
fn press(session: &mut expectrl::session::OsSession, keys: &str) -> (i32, String) {
    use expectrl::process::unix::WaitStatus;
    use expectrl::{Eof, Expect};
    // ratatui moves the cursor over blanks it already drew: match single words.
    session.expect("WebSocket").expect("the API panel");
    // The first refresh is in: its cost is in the footer.
    session.expect("GetMetricData").expect("a refresh");
    assert!(
        !session.get_process().get_echo().unwrap(),
        "raw mode while running"
    );
    session.send(keys).unwrap();
    let rest = session.expect(Eof).expect("iops ends");
    let code = match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("iops did not exit: {other:?}"),
    };
    (
        code,
        String::from_utf8_lossy(rest.get(0).unwrap_or_default()).into_owned(),
    )
}

/// Left the alternate screen, showed the cursor, and the terminal echoes again.
fn assert_restored(session: &expectrl::session::OsSession, tail: &str) {
    assert!(tail.contains("\x1b[?1049l"), "{tail:?}");
    assert!(tail.contains("\x1b[?25h"), "{tail:?}");
    assert!(session.get_process().get_echo().unwrap(), "echo restored");
}

#[test]
fn the_live_view_records_what_it_showed_for_a_report_later() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let recording = stack.dir.path().join("live.ndjson");
    let mut session = live_view_with(&stack, &["--record", recording.to_str().unwrap()]);
    let (code, tail) = press(&mut session, "q");
    assert_eq!(code, 0);
    assert_restored(&session, &tail);
    assert!(tail.contains("recorded 1 refresh to"), "{tail}");
    let text = std::fs::read_to_string(&recording).unwrap();
    let recorded: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert!(
        recorded["header"]["source"]
            .as_str()
            .unwrap()
            .starts_with("top --record"),
        "{recorded:#}"
    );
    let connects = recorded["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "connects")
        .unwrap();
    assert_eq!(connects["value"], json!(161.0));
    let out = exits(
        stack
            .iops(&[
                "report",
                "--from-recording",
                recording.to_str().unwrap(),
                "-o",
                "json",
            ])
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        0,
    );
    // Built from the file alone: the same model, no AWS call (the endpoint is dead).
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        recorded
    );
}

#[test]
fn the_live_view_draws_its_panels_and_q_restores_the_terminal() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let mut session = live_view(&stack);
    let (code, tail) = press(&mut session, "q");
    assert_eq!(code, 0);
    assert_restored(&session, &tail);
}

#[test]
fn ctrl_c_in_the_live_view_restores_the_terminal_and_exits_130() {
    let stack = stack(serde_json::from_str(RUNBOOK).unwrap());
    let mut session = live_view(&stack);
    // Raw mode turns Ctrl-C into a key, not a signal: iops must treat it as one.
    let (code, tail) = press(&mut session, "\x03");
    assert_eq!(code, 130);
    assert_restored(&session, &tail);
}
