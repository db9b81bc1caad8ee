//! `iops queue` against moto server's SQS, Lambda event source mappings and CloudWatch metrics
//! (`tests/support/sqs_stack.py` builds runbook 004's queue, DLQ and consumer). moto emits no SQS
//! metrics of its own, so the age of the oldest message is a datapoint the fixture puts.

mod support;

use std::process::Command as Process;

use aws_sdk_sqs::types::QueueAttributeName;
use serde_json::{Value, json};
use support::iam::Answer;
use support::{exits, iops_at, moto, project_dir, runtime, sdk_config, unique};

struct Stack {
    prefix: String,
    queue_url: String,
    dlq_url: String,
}

fn stack(spec: Value) -> Stack {
    let prefix = unique("q");
    let output = Process::new(project_dir().join(".venv/bin/python"))
        .arg(project_dir().join("tests/support/sqs_stack.py"))
        .args([&moto().endpoint, &prefix, &spec.to_string()])
        .output()
        .expect("run sqs_stack.py");
    assert!(
        output.status.success(),
        "sqs_stack.py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ids: Value = serde_json::from_slice(&output.stdout).unwrap();
    Stack {
        prefix,
        queue_url: ids["queue_url"].as_str().unwrap().into(),
        dlq_url: ids["dlq_url"].as_str().unwrap().into(),
    }
}

impl Stack {
    fn queue(&self) -> String {
        format!("{}-queue", self.prefix)
    }
}

/// (visible, in flight) as SQS reports them.
fn depth(url: &str) -> (u64, u64) {
    runtime().block_on(async {
        let client = aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint));
        let answer = client
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await
            .unwrap();
        let get = |name| answer.attributes().unwrap()[&name].parse::<u64>().unwrap();
        (
            get(QueueAttributeName::ApproximateNumberOfMessages),
            get(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        )
    })
}

fn json_of(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).expect("one JSON document")
}

#[test]
fn status_reports_backlog_dlq_consumers_and_age_exactly() {
    let stack = stack(json!({
        "visible": 7, "dlq_messages": 2, "max_receive_count": 5,
        "visibility_timeout": 360, "function_timeout": 60, "age_metric": 95
    }));
    let out = exits(
        iops_at(&moto().endpoint).args(["queue", "status", &stack.queue(), "-o", "json"]),
        0,
    );
    let report = json_of(&out.stdout);
    let queue = &report[0];
    assert_eq!(queue["queue"], stack.queue());
    assert_eq!(queue["visible"], 7);
    assert_eq!(queue["in_flight"], 0);
    assert_eq!(queue["delayed"], 0);
    assert_eq!(queue["dlq"], format!("{}-dlq", stack.prefix));
    assert_eq!(queue["dlq_visible"], 2);
    assert_eq!(queue["max_receive_count"], 5);
    assert_eq!(queue["visibility_timeout_s"], 360);
    assert_eq!(queue["oldest_age_s"], 95.0);
    assert_eq!(queue["oldest_age_from"], "cloudwatch");
    let consumer = &queue["consumers"][0];
    assert_eq!(consumer["function"], format!("{}-processor", stack.prefix));
    assert_eq!(consumer["state"], "Enabled");
    assert_eq!(consumer["batch_size"], 10);
    assert_eq!(consumer["function_timeout_s"], 60);
    assert_eq!(queue["problems"], json!([]));
    assert_eq!(
        queue["warnings"],
        json!(["2 messages in the dead-letter queue"])
    );
}

#[test]
fn configured_roles_are_the_default_and_limits_exit_1() {
    let stack = stack(json!({"visible": 7, "age_metric": 95, "function_timeout": 60}));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        format!("[env.test.queues]\nchat = \"{}\"\n", stack.queue_url),
    )
    .unwrap();
    let run = |extra: &[&str], code| {
        let mut cmd = iops_at(&moto().endpoint);
        cmd.current_dir(dir.path())
            .args(["queue", "status", "-o", "json"])
            .args(extra);
        exits(&mut cmd, code)
    };
    let report = json_of(&run(&[], 0).stdout);
    assert_eq!(report[0]["queue"], "chat");
    assert_eq!(report[0]["name"], stack.queue());

    let backlog = run(&["--max-backlog", "6"], 1);
    assert!(
        backlog.stderr.contains("chat: backlog 7 > 6"),
        "{}",
        backlog.stderr
    );
    assert_eq!(json_of(&backlog.stdout)[0]["problems"][0], "backlog 7 > 6");
    let age = run(&["--max-age", "1m"], 1);
    assert!(
        age.stderr.contains("oldest message 95 s old > 1m"),
        "{}",
        age.stderr
    );
    run(&["--max-backlog", "7", "--max-age", "2m"], 0);
}

#[test]
fn a_disabled_consumer_fails_and_a_short_visibility_timeout_warns() {
    let stack = stack(json!({
        "visible": 1, "mapping_enabled": false, "visibility_timeout": 30, "function_timeout": 60
    }));
    let out = exits(
        iops_at(&moto().endpoint).args(["queue", "status", &stack.queue(), "-o", "json"]),
        1,
    );
    let queue = &json_of(&out.stdout)[0];
    assert!(
        queue["problems"][0]
            .as_str()
            .unwrap()
            .contains("is Disabled"),
        "{queue}"
    );
    assert!(
        queue["warnings"][0]
            .as_str()
            .unwrap()
            .contains("visibility timeout 30 s < 6 ×"),
        "{queue}"
    );
}

#[test]
fn unknown_queues_exit_3_and_bad_arns_exit_2() {
    let out = exits(
        iops_at(&moto().endpoint).args(["queue", "status", "no-such-queue-anywhere"]),
        3,
    );
    assert!(
        out.stderr.contains("no-such-queue-anywhere"),
        "{}",
        out.stderr
    );
    exits(
        iops_at(&moto().endpoint).args(["queue", "status", "arn:aws:sns:us-east-1:1:topic"]),
        2,
    );
    exits(iops_at(&moto().endpoint).args(["queue", "status"]), 2);
}

#[test]
fn a_peek_leaves_every_message_visible_and_none_in_the_dlq() {
    let stack = stack(json!({"visible": 15, "max_receive_count": 5}));
    for (max, expected) in [("5", 5), ("20", 15)] {
        let out = exits(
            iops_at(&moto().endpoint).args([
                "queue",
                "peek",
                &stack.queue(),
                "--max",
                max,
                "-o",
                "ndjson",
            ]),
            0,
        );
        let lines: Vec<Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut ids: Vec<&str> = lines
            .iter()
            .map(|m| m["message_id"].as_str().unwrap())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), expected, "each message once");
        assert!(out.stderr.contains("a peek is a receive"), "{}", out.stderr);
        assert_eq!(
            depth(&stack.queue_url),
            (15, 0),
            "all visible again at once"
        );
    }
    assert_eq!(depth(&stack.dlq_url), (0, 0));
}

#[test]
fn a_peek_that_could_reach_the_dlq_is_refused() {
    let stack = stack(json!({"visible": 3, "max_receive_count": 2}));
    let out = exits(
        iops_at(&moto().endpoint).args(["queue", "peek", &stack.queue()]),
        2,
    );
    assert!(
        out.stderr.contains("after 2 receives") && out.stderr.contains("a peek is a receive"),
        "{}",
        out.stderr
    );
    // Nothing was received: a later consumer still has both its receives.
    runtime().block_on(async {
        let client = aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint));
        let got = client
            .receive_message()
            .queue_url(&stack.queue_url)
            .max_number_of_messages(10)
            .visibility_timeout(0)
            .message_system_attribute_names(aws_sdk_sqs::types::MessageSystemAttributeName::All)
            .send()
            .await
            .unwrap();
        for message in got.messages() {
            let count = &message.attributes().unwrap()
                [&aws_sdk_sqs::types::MessageSystemAttributeName::ApproximateReceiveCount];
            assert_eq!(count, "1", "only this receive counted");
        }
        assert_eq!(got.messages().len(), 3);
    });
    assert_eq!(depth(&stack.dlq_url), (0, 0));
}

fn stale_fixture() -> (Stack, Vec<String>) {
    let live: Vec<String> = (0..10).map(|i| format!("live{i:04}=")).collect();
    let mut bodies: Vec<String> = live
        .iter()
        .map(|id| json!({"connectionId": id, "text": "hi"}).to_string())
        .collect();
    bodies.extend(
        (0..10).map(|i| {
            json!({"requestContext": {"connectionId": format!("gone{i:04}=")}}).to_string()
        }),
    );
    bodies.extend([
        "not json".to_string(),
        "{}".into(),
        json!({"connectionId": ""}).to_string(),
    ]);
    (
        stack(json!({"bodies": bodies, "max_receive_count": 5})),
        live,
    )
}

fn by_status(stdout: &[u8]) -> std::collections::BTreeMap<String, (u64, String)> {
    json_of(stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["status"].as_str().unwrap().to_string(),
                (
                    r["messages"].as_u64().unwrap(),
                    r["action"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn stale_finds_gone_connections_and_deletes_only_those() {
    let (stack, live) = stale_fixture();
    let live_refs: Vec<&str> = live.iter().map(String::as_str).collect();
    let stand_in = support::management::management_stand_in("prod", &live_refs);
    let run = |extra: &[&str]| {
        exits(
            iops_at(&moto().endpoint)
                .args([
                    "queue",
                    "stale",
                    &stack.queue(),
                    "--endpoint",
                    &stand_in.endpoint,
                    "-o",
                    "json",
                ])
                .args(extra),
            0,
        )
    };
    let dry = run(&["--delete"]);
    let counts = by_status(&dry.stdout);
    assert_eq!(counts["live"], (10, "kept".into()));
    assert_eq!(counts["stale"], (10, "would delete".into()));
    assert_eq!(counts["no_id"], (3, "kept".into()));
    assert!(dry.stderr.contains("dry run: pass --yes"), "{}", dry.stderr);
    assert_eq!(
        depth(&stack.queue_url),
        (23, 0),
        "a dry run deletes nothing and hides nothing"
    );
    assert_eq!(
        stand_in.checked.lock().unwrap().len(),
        20,
        "only identified messages are checked"
    );

    let done = run(&["--delete", "--yes"]);
    assert_eq!(by_status(&done.stdout)["stale"], (10, "deleted".into()));
    assert!(done.stderr.contains("10 deleted"), "{}", done.stderr);
    assert_eq!(depth(&stack.queue_url), (13, 0));
    let left = exits(
        iops_at(&moto().endpoint).args([
            "queue",
            "peek",
            &stack.queue(),
            "--max",
            "50",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let left = String::from_utf8(left.stdout).unwrap();
    assert_eq!(left.lines().count(), 13);
    assert!(!left.contains("gone0"), "no stale message left: {left}");
    assert_eq!(left.matches("live0").count(), 10, "every live message kept");
    assert_eq!(depth(&stack.dlq_url), (0, 0));
}

#[test]
fn stale_can_ask_the_connections_table() {
    let (stack, live) = stale_fixture();
    let table = support::create_table("stale", "connectionId", Some("ttl"));
    let now_s = jiff::Timestamp::now().as_second();
    runtime().block_on(async {
        let client = aws_sdk_dynamodb::Client::new(&sdk_config(&moto().endpoint));
        for (i, id) in live.iter().enumerate() {
            // Two records are past their TTL, not yet deleted by DynamoDB: gone connections.
            let ttl = if i < 2 { now_s - 3600 } else { now_s + 3600 };
            client
                .put_item()
                .table_name(&table)
                .item(
                    "connectionId",
                    aws_sdk_dynamodb::types::AttributeValue::S(id.clone()),
                )
                .item(
                    "ttl",
                    aws_sdk_dynamodb::types::AttributeValue::N(ttl.to_string()),
                )
                .send()
                .await
                .unwrap();
        }
    });
    let out = exits(
        iops_at(&moto().endpoint).args([
            "queue",
            "stale",
            &stack.queue(),
            "--table",
            &table,
            "-o",
            "json",
        ]),
        0,
    );
    let counts = by_status(&out.stdout);
    assert_eq!(counts["live"].0, 8, "records past their TTL are not live");
    assert_eq!(
        counts["stale"],
        (12, "kept".into()),
        "no --delete: only a report"
    );
    assert_eq!(counts["no_id"].0, 3);
    assert_eq!(depth(&stack.queue_url), (23, 0));
}

#[test]
fn stale_needs_a_way_to_check_connections() {
    let out = exits(
        iops_at(&moto().endpoint).args(["queue", "stale", "some-queue"]),
        2,
    );
    assert!(out.stderr.contains("--endpoint"), "{}", out.stderr);
    exits(
        iops_at(&moto().endpoint).args(["queue", "stale", "q", "--yes"]),
        2,
    );
}

/// `iops doctor --only queue,environment` against a stack and its config; the checks by name.
fn doctor(
    stack: &Stack,
    stage: &str,
    code: i32,
) -> std::collections::BTreeMap<String, (String, String)> {
    doctor_with(stack, stage, "", code)
}

/// [`doctor`] with more `[queues]` lines after `chat`.
fn doctor_with(
    stack: &Stack,
    stage: &str,
    more_queues: &str,
    code: i32,
) -> std::collections::BTreeMap<String, (String, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        format!(
            "[env.test]\napi_id = \"abc123\"\nstage = \"{stage}\"\n[env.test.functions]\nprocessor = \"{}-processor\"\n[env.test.queues]\nchat = \"{}\"\n{more_queues}",
            stack.prefix,
            stack.queue()
        ),
    )
    .unwrap();
    let mut cmd = iops_at(&moto().endpoint);
    cmd.current_dir(dir.path())
        .args(["doctor", "--only", "queue,environment", "-o", "json"]);
    let report = json_of(&exits(&mut cmd, code).stdout);
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                (
                    c["status"].as_str().unwrap().to_string(),
                    c["evidence"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[test]
fn doctor_passes_a_healthy_queue_and_environment() {
    let stack = stack(json!({
        "visible": 2, "visibility_timeout": 360, "function_timeout": 60,
        "environment": {
            "WEBSOCKET_DOMAIN": "abc123.execute-api.us-east-1.amazonaws.com",
            "WEBSOCKET_STAGE": "chalice-test",
            "TABLE_NAME": "Connections"
        }
    }));
    let checks = doctor(&stack, "chalice-test", 0);
    assert_eq!(checks["queue"].0, "pass", "{checks:?}");
    assert!(
        checks["queue"].1.starts_with("chat: 2 visible"),
        "{checks:?}"
    );
    assert_eq!(checks["environment"].0, "pass", "{checks:?}");
    assert_eq!(
        checks["environment"].1,
        "2 variables in 1 function point at API abc123 stage chalice-test"
    );
}

#[test]
fn doctor_fails_a_disabled_consumer_and_a_wrong_stage() {
    let stack = stack(json!({
        "visible": 2, "mapping_enabled": false, "visibility_timeout": 360, "function_timeout": 60,
        "environment": {
            "WEBSOCKET_DOMAIN": "abc123.execute-api.us-east-1.amazonaws.com",
            "WEBSOCKET_STAGE": "dev"
        }
    }));
    let checks = doctor(&stack, "chalice-test", 1);
    assert_eq!(checks["queue"].0, "fail", "{checks:?}");
    assert!(checks["queue"].1.contains("is Disabled"), "{checks:?}");
    assert_eq!(checks["environment"].0, "fail", "{checks:?}");
    assert!(
        checks["environment"]
            .1
            .contains("WEBSOCKET_STAGE=dev, but the stage is chalice-test"),
        "{checks:?}"
    );
}

/// A queue nothing consumes, on its own (no message waiting).
fn queue_without_consumer(name: &str) {
    runtime().block_on(async {
        aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint))
            .create_queue()
            .queue_name(name)
            .send()
            .await
            .unwrap();
    });
}

/// One configured queue that does not exist neither hides the others nor fails the check on a
/// bare error: the check fails naming it, and every other queue is still judged.
#[test]
fn doctor_fails_a_missing_queue_by_name_and_still_judges_the_others() {
    let stack = stack(json!({"visible": 1, "visibility_timeout": 360, "function_timeout": 60}));
    let notifications = format!("{}-notifications", stack.prefix);
    queue_without_consumer(&notifications);
    let checks = doctor_with(
        &stack,
        "chalice-test",
        &format!("gone = \"no-such-queue\"\nnotif = \"{notifications}\"\n"),
        1,
    );
    let (status, evidence) = &checks["queue"];
    assert_eq!(status, "fail", "{checks:?}");
    assert!(
        evidence.starts_with("gone: no such queue (find queue no-such-queue"),
        "{evidence}"
    );
    assert!(
        evidence.ends_with("; notif: no Lambda consumes this queue; fine: chat"),
        "{evidence}"
    );
}

/// "No consumer at all is a warning", whatever the backlog, and every queue's issues are listed;
/// a configured dead-letter queue is not expected to have a consumer.
#[test]
fn doctor_warns_about_every_queue_without_a_consumer_and_lists_every_issue() {
    let stack = stack(json!({
        "visible": 0, "dlq_messages": 1, "visibility_timeout": 30, "function_timeout": 60
    }));
    let notifications = format!("{}-notifications", stack.prefix);
    queue_without_consumer(&notifications);
    let checks = doctor_with(
        &stack,
        "chalice-test",
        &format!(
            "notifications = \"{notifications}\"\ndlq = \"{}-dlq\"\n",
            stack.prefix
        ),
        0,
    );
    let (status, evidence) = &checks["queue"];
    assert_eq!(status, "warn", "{checks:?}");
    for issue in [
        "chat: visibility timeout 30 s < 6 ×",
        "chat: 1 message in the dead-letter queue",
        "notifications: no Lambda consumes this queue",
        "fine: dlq",
    ] {
        assert!(evidence.contains(issue), "{issue} in {evidence}");
    }
    assert!(!evidence.contains("dlq: no Lambda"), "{evidence}");
}

#[test]
fn doctor_warns_when_the_stage_variable_is_missing() {
    let stack = stack(json!({
        "visible": 0, "function_timeout": 60,
        "environment": {"WEBSOCKET_DOMAIN": "abc123.execute-api.us-east-1.amazonaws.com"}
    }));
    let checks = doctor(&stack, "chalice-test", 0);
    assert_eq!(checks["environment"].0, "warn", "{checks:?}");
    assert!(
        checks["environment"]
            .1
            .contains("no stage (e.g. WEBSOCKET_STAGE)")
    );
}

#[test]
fn the_simulator_schedule_turns_on_and_off() {
    let stack = stack(json!({"schedule": "DISABLED"}));
    let function = format!("{}-processor", stack.prefix);
    let target = format!("lambda:{function}");
    let schedule = |action: &str| {
        let out = exits(
            iops_at(&moto().endpoint).args([
                "simulate",
                "--to",
                &target,
                "--schedule",
                action,
                "-o",
                "json",
            ]),
            0,
        );
        json_of(&out.stdout)[0].clone()
    };
    let before = schedule("status");
    assert_eq!(before["rule"], format!("{}-schedule", stack.prefix));
    assert_eq!(before["schedule_expression"], "rate(1 minute)");
    assert_eq!(before["state"], "DISABLED");
    assert_eq!(before["changed"], false);
    let on = schedule("on");
    assert_eq!(
        (on["state"].as_str(), on["changed"].as_bool()),
        (Some("ENABLED"), Some(true))
    );
    assert_eq!(
        schedule("on")["changed"],
        false,
        "already on: nothing to change"
    );
    assert_eq!(schedule("status")["state"], "ENABLED");
    let off = schedule("off");
    assert_eq!(
        (off["state"].as_str(), off["changed"].as_bool()),
        (Some("DISABLED"), Some(true))
    );

    let unscheduled = stack_without_schedule();
    let none = exits(
        iops_at(&moto().endpoint).args([
            "simulate",
            "--to",
            &format!("lambda:{unscheduled}-processor"),
            "--schedule",
            "status",
        ]),
        1,
    );
    assert!(
        none.stderr.contains("no EventBridge rule targets"),
        "{}",
        none.stderr
    );
    exits(
        iops_at(&moto().endpoint).args(["simulate", "--to", "kinesis:s", "--schedule", "on"]),
        2,
    );
}

fn stack_without_schedule() -> String {
    stack(json!({})).prefix
}

/// `iops doctor --only permissions` through the IAM stand-in (SimulatePrincipalPolicy answered
/// there, everything else forwarded to moto).
fn permissions(
    stack: &Stack,
    allowed: &[&str],
    answer: Answer,
    code: i32,
) -> (String, String, Vec<String>) {
    let stand_in = support::iam::iam_stand_in_answering(&moto().endpoint, allowed, answer);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        format!(
            "[env.test]\napi_id = \"abc123\"\nstage = \"prod\"\n[env.test.functions]\nprocessor = \"{}-processor\"\n",
            stack.prefix
        ),
    )
    .unwrap();
    let mut cmd = iops_at(&stand_in.server.endpoint);
    cmd.current_dir(dir.path())
        .args(["doctor", "--only", "permissions", "-o", "json"]);
    let report = json_of(&exits(&mut cmd, code).stdout);
    let check = &report["checks"][0];
    assert_eq!(check["name"], "permissions");
    let simulated = stand_in.simulated.lock().unwrap().clone();
    (
        check["status"].as_str().unwrap().to_string(),
        format!("{} | next: {}", check["evidence"], check["next"]),
        simulated,
    )
}

#[test]
fn doctor_asks_iam_whether_the_processor_may_post_to_connections() {
    let stack = stack(json!({}));
    let role = format!("{}-role", stack.prefix);
    let (status, evidence, simulated) = permissions(&stack, &[&role], Answer::Decide, 0);
    assert_eq!(status, "pass", "{evidence}");
    assert_eq!(
        simulated,
        vec![format!("arn:aws:iam::123456789012:role/{role}")]
    );

    let (status, evidence, _) = permissions(&stack, &[], Answer::Decide, 1);
    assert_eq!(status, "fail", "{evidence}");
    assert!(
        evidence.contains("may not call execute-api:ManageConnections on arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/@connections/* (implicitDeny)"),
        "{evidence}"
    );
    assert!(
        evidence.contains(&format!("in the policy of role {role}")),
        "{evidence}"
    );

    let (status, evidence, _) = permissions(&stack, &[&role], Answer::Refuse, 0);
    assert_eq!(status, "warn", "{evidence}");
    assert!(evidence.contains("AccessDenied"), "{evidence}");
    assert!(
        evidence.contains("the caller needs iam:SimulatePrincipalPolicy"),
        "{evidence}"
    );
}

/// IAM failing on its side (HTTP 500 on every attempt) says nothing about anyone's permissions:
/// the check is a skip with the error, not a missing iam:SimulatePrincipalPolicy.
#[test]
fn doctor_skips_permissions_when_iam_answers_500() {
    let stack = stack(json!({}));
    let role = format!("{}-role", stack.prefix);
    let (status, evidence, simulated) = permissions(&stack, &[&role], Answer::ServerError, 0);
    assert_eq!(status, "skip", "{evidence}");
    assert!(evidence.contains("ServiceFailure"), "{evidence}");
    assert!(evidence.contains("IAM could not answer"), "{evidence}");
    assert!(!evidence.contains("SimulatePrincipalPolicy"), "{evidence}");
    assert!(!simulated.is_empty(), "the stand-in was asked");
    // A bare 500 (an HTML page, no AWS error code) is IAM not answering too.
    let (status, evidence, _) = permissions(&stack, &[&role], Answer::BareServerError, 0);
    assert_eq!(status, "skip", "{evidence}");
    assert!(evidence.contains("HTTP 500"), "{evidence}");
    assert!(!evidence.contains("SimulatePrincipalPolicy"), "{evidence}");
}

#[test]
fn a_management_api_that_is_down_leaves_every_message_visible() {
    let (stack, _) = stale_fixture();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!(
        "http://127.0.0.1:{}/prod",
        listener.local_addr().unwrap().port()
    );
    drop(listener);
    let out = exits(
        iops_at(&moto().endpoint).args([
            "queue",
            "stale",
            &stack.queue(),
            "--endpoint",
            &dead,
            "--delete",
            "--yes",
        ]),
        4,
    );
    assert!(out.stderr.contains("cannot reach"), "{}", out.stderr);
    assert_eq!(
        depth(&stack.queue_url),
        (23, 0),
        "the batch being judged is released too"
    );
}

#[test]
fn bad_values_for_the_new_flags_say_what_to_do() {
    let cases: &[(&[&str], &str)] = &[
        (&["queue", "status", "q", "--max-age", "soon"], "--max-age"),
        (
            &["queue", "status", "q", "--max-backlog", "many"],
            "--max-backlog",
        ),
        (&["queue", "peek", "q", "--max", "0"], "1..=1000"),
        (&["queue", "redrive", "q", "--rate", "0"], "1..=500"),
        (&["queue", "redrive", "q", "--rate", "501"], "1..=500"),
        (
            &["queue", "redrive", "q", "--status", "--yes"],
            "cannot be used with",
        ),
        (&["queue", "peek", "q", "--max", "1001"], "1..=1000"),
        (
            &[
                "queue",
                "stale",
                "q",
                "--endpoint",
                "http://127.0.0.1:1/prod",
                "--id-path",
                "a..b",
            ],
            "dotted names",
        ),
        (
            &["queue", "stale", "q", "--endpoint", "x", "--table", "t"],
            "cannot be used with",
        ),
        (
            &["simulate", "--schedule", "maybe"],
            "[possible values: on, off, status]",
        ),
        (
            &["logs", "stats", "g", "--insights", "--close-codes"],
            "cannot be used with",
        ),
    ];
    for (args, says) in cases {
        let out = exits(support::iops().args(*args), 2);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
}

/// maxReceiveCount 3: each peek is a receive. The peek that leaves a message one receive from the
/// limit warns; the one that sees SQS move it to the DLQ says so instead of "peeked 0".
#[test]
fn peeks_warn_before_the_dlq_and_say_when_a_message_went_there() {
    let stack = stack(json!({"visible": 1, "max_receive_count": 3}));
    let peek = || {
        let out = iops_at(&moto().endpoint)
            .args(["queue", "peek", &stack.queue(), "-o", "ndjson"])
            .output()
            .expect("iops runs");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let first = peek();
    assert!(!first.contains("within one receive"), "{first}");
    let second = peek();
    assert!(
        second.contains("1 message within one receive of maxReceiveCount 3"),
        "{second}"
    );
    let mut moved = None;
    for _ in 0..3 {
        let stderr = peek();
        if stderr.contains("moved to the dead-letter queue") {
            moved = Some(stderr);
            break;
        }
    }
    let moved = moved.expect("a peek past maxReceiveCount moves the message and says so");
    assert!(
        moved.contains(&format!(
            "about 1 message moved to the dead-letter queue {}-dlq",
            stack.prefix
        )),
        "{moved}"
    );
    assert_eq!(depth(&stack.dlq_url), (1, 0));
}

/// A stale scan leaving messages one receive from the DLQ says so.
#[test]
fn stale_warns_about_messages_near_max_receive_count() {
    let bodies: Vec<String> = (0..3)
        .map(|i| json!({"connectionId": format!("c{i}=")}).to_string())
        .collect();
    let stack = stack(json!({"bodies": bodies, "max_receive_count": 3}));
    let table = support::create_table("near-dlq", "connectionId", None);
    let stale = || {
        exits(
            iops_at(&moto().endpoint).args(["queue", "stale", &stack.queue(), "--table", &table]),
            0,
        )
    };
    assert!(!stale().stderr.contains("within one receive"));
    let second = stale();
    assert!(
        second
            .stderr
            .contains("3 messages within one receive of maxReceiveCount 3"),
        "{}",
        second.stderr
    );
    // The next scans are the receives past the limit: SQS moves the messages to the DLQ instead
    // of returning them, and the scan says so rather than "read 0 messages" alone.
    let mut moved = None;
    for _ in 0..3 {
        let stderr = stale().stderr;
        if stderr.contains("moved to the dead-letter queue") {
            moved = Some(stderr);
            break;
        }
    }
    let moved = moved.expect("a scan past maxReceiveCount moves the messages and says so");
    assert!(
        moved.contains(&format!(
            "moved to the dead-letter queue {}-dlq during this scan",
            stack.prefix
        )),
        "{moved}"
    );
}

/// The queue is purged while stale reads it: its release finds the messages gone. That is said as
/// such, and what was read is still reported (exit 0), not "stay hidden … receipt handle invalid".
#[test]
fn a_purge_during_a_stale_scan_is_reported_as_a_purge() {
    let bodies: Vec<String> = (0..4)
        .map(|i| json!({"connectionId": format!("p{i}=")}).to_string())
        .collect();
    let stack = stack(json!({"bodies": bodies, "max_receive_count": 10}));
    let table = support::create_table("purged", "connectionId", None);
    let upstream = moto().endpoint.clone();
    let queue_url = stack.queue_url.clone();
    let purged = std::sync::atomic::AtomicBool::new(false);
    let proxy = support::http::serve(move |request| {
        let target = request.header("x-amz-target").unwrap_or_default();
        if target.ends_with(".ChangeMessageVisibilityBatch")
            && !purged.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            runtime().block_on(async {
                aws_sdk_sqs::Client::new(&sdk_config(&upstream))
                    .purge_queue()
                    .queue_url(&queue_url)
                    .send()
                    .await
                    .expect("purge");
            });
        }
        support::http::forward(&upstream, &request)
    });
    let out = exits(
        iops_at(&proxy.endpoint).args([
            "queue",
            "stale",
            &stack.queue(),
            "--table",
            &table,
            "-o",
            "json",
        ]),
        0,
    );
    let counts = by_status(&out.stdout);
    assert_eq!(counts["stale"].0, 4, "what was read is reported");
    assert!(
        out.stderr.contains("4 of them were deleted from") && out.stderr.contains("purged"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("stay hidden"), "{}", out.stderr);
}

/// Every body in a queue, each read once (hidden afterwards: the end of a test).
fn bodies(url: &str) -> Vec<String> {
    runtime().block_on(async {
        let client = aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint));
        let mut found = Vec::new();
        loop {
            let answer = client
                .receive_message()
                .queue_url(url)
                .max_number_of_messages(10)
                .visibility_timeout(300)
                .send()
                .await
                .unwrap();
            let batch = answer.messages.unwrap_or_default();
            if batch.is_empty() {
                return found;
            }
            found.extend(batch.iter().filter_map(|m| m.body().map(str::to_string)));
        }
    })
}

/// A DLQ of 25 messages, its source queue with 3 of its own; the consumer disabled (moto would
/// run an enabled one through Docker on every send).
fn redrive_fixture() -> Stack {
    stack(json!({"visible": 3, "dlq_messages": 25, "mapping_enabled": false}))
}

/// `queue redrive PREFIX-dlq --yes --client-side -o json` at `endpoint`, exiting `code`.
fn client_side_redrive(endpoint: &str, stack: &Stack, code: i32) -> support::Finished {
    exits(
        iops_at(endpoint).env("IOPS_GIVE_UP_AFTER", "2s").args([
            "queue",
            "redrive",
            &format!("{}-dlq", stack.prefix),
            "--yes",
            "--client-side",
            "-o",
            "json",
        ]),
        code,
    )
}

/// Without --yes nothing moves: the plan names the queues, the count and the disabled consumer;
/// the source queue finds the same DLQ.
#[test]
fn redrive_without_yes_shows_what_would_move() {
    let stack = redrive_fixture();
    let dlq = format!("{}-dlq", stack.prefix);
    for given in [dlq.as_str(), &stack.queue()] {
        let out = exits(
            iops_at(&moto().endpoint).args(["queue", "redrive", given, "-o", "json"]),
            0,
        );
        let plan = json_of(&out.stdout);
        assert_eq!(plan[0]["dlq"], dlq);
        assert_eq!(plan[0]["destination"], stack.queue());
        assert_eq!(plan[0]["messages"], 25);
        assert!(out.stderr.contains("is Disabled"), "{}", out.stderr);
        assert!(out.stderr.contains("dry run"), "{}", out.stderr);
    }
    assert_eq!(depth(&stack.dlq_url), (25, 0));
    assert_eq!(depth(&stack.queue_url), (3, 0));
}

/// --client-side moves every message (moto has no move tasks), each in exactly one queue.
#[test]
fn a_client_side_redrive_moves_every_message_once() {
    let stack = redrive_fixture();
    let out = client_side_redrive(&moto().endpoint, &stack, 0);
    let moved = json_of(&out.stdout);
    assert_eq!(moved[0]["moved"], 25, "{moved}");
    assert_eq!(moved[0]["failed"], 0);
    assert_eq!(depth(&stack.dlq_url), (0, 0));
    let mut found = bodies(&stack.queue_url);
    found.sort();
    let mut expected: Vec<String> = (0..25).map(|i| json!({"dead": i}).to_string()).collect();
    expected.extend((0..3).map(|i| json!({"n": i}).to_string()));
    expected.sort();
    let normalize = |v: &[String]| -> Vec<Value> {
        let mut parsed: Vec<Value> = v.iter().map(|b| serde_json::from_str(b).unwrap()).collect();
        parsed.sort_by_key(|v| v.to_string());
        parsed
    };
    assert_eq!(normalize(&found), normalize(&expected), "each message once");
    // Without the move-task API (moto), --yes alone says what to do.
    let refused = exits(
        iops_at(&moto().endpoint).args([
            "queue",
            "redrive",
            &format!("{}-dlq", stack.prefix),
            "--yes",
        ]),
        3,
    );
    assert!(
        refused.stderr.contains("--client-side"),
        "{}",
        refused.stderr
    );
}

/// A destination that refuses half of every batch: the refused messages stay in the DLQ
/// (visible again when the run ends), the sent ones are only in the destination; exit 1.
#[test]
fn a_client_side_redrive_against_a_failing_destination_loses_nothing() {
    let stack = redrive_fixture();
    let stand_in = support::sqs_moves::move_stand_in(
        &moto().endpoint,
        support::sqs_moves::Injected {
            refuse_odd_sends: true,
            ..Default::default()
        },
    );
    let out = client_side_redrive(&stand_in.server.endpoint, &stack, 1);
    let moved = json_of(&out.stdout);
    let (sent, failed) = (
        moved[0]["moved"].as_u64().unwrap(),
        moved[0]["failed"].as_u64().unwrap(),
    );
    assert!(sent > 0 && failed > 0, "{moved}");
    assert_eq!(sent + failed, 25, "{moved}");
    assert!(
        out.stderr.contains("still in the dead-letter queue"),
        "{}",
        out.stderr
    );
    let in_dlq = bodies(&stack.dlq_url);
    let in_queue = bodies(&stack.queue_url);
    assert_eq!(
        in_dlq.len() as u64,
        failed,
        "the refused are back in the DLQ at once"
    );
    assert_eq!(in_queue.len() as u64, sent + 3);
    assert!(
        in_dlq.iter().all(|b| !in_queue.contains(b)),
        "no message in both queues"
    );
}

/// With SQS's move task (the stand-in): progress as ndjson lines on a pipe, then the result;
/// --status lists the task; --cancel with none running exits 1.
#[test]
fn a_redrive_with_the_sqs_move_task_follows_it_to_the_end() {
    let stack = redrive_fixture();
    let stand_in = support::sqs_moves::move_stand_in(&moto().endpoint, Default::default());
    let dlq = format!("{}-dlq", stack.prefix);
    let out = exits(
        iops_at(&stand_in.server.endpoint).args([
            "queue", "redrive", &dlq, "--yes", "--rate", "50", "-o", "ndjson",
        ]),
        0,
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "progress" && l["status"] == "RUNNING"),
        "{lines:?}"
    );
    let last = lines.last().unwrap();
    assert_eq!(last["status"], "COMPLETED", "{last}");
    assert_eq!(last["moved"], 25);
    assert_eq!(depth(&stack.dlq_url), (0, 0));
    assert_eq!(depth(&stack.queue_url), (28, 0));
    assert_eq!(stand_in.statuses(), vec!["COMPLETED"]);
    let status = exits(
        iops_at(&stand_in.server.endpoint)
            .args(["queue", "redrive", &dlq, "--status", "-o", "json"]),
        0,
    );
    let tasks = json_of(&status.stdout);
    assert_eq!(tasks[0]["status"], "COMPLETED");
    assert_eq!(tasks[0]["rate"], 50);
    let cancel = exits(
        iops_at(&stand_in.server.endpoint).args(["queue", "redrive", &dlq, "--cancel"]),
        1,
    );
    assert!(
        cancel.stderr.contains("no move task is running"),
        "{}",
        cancel.stderr
    );
}

/// A purge refuses without --yes (saying how many it would drop), purges with it, and a second
/// purge within 60 s is said to be refused by SQS.
#[test]
fn purge_needs_yes_and_says_when_sqs_refuses_a_second() {
    let stack = stack(json!({"visible": 12, "mapping_enabled": false}));
    let stand_in = support::sqs_moves::move_stand_in(
        &moto().endpoint,
        support::sqs_moves::Injected {
            purge_once_a_minute: true,
            ..Default::default()
        },
    );
    let endpoint = &stand_in.server.endpoint;
    let refused = exits(
        iops_at(endpoint).args(["queue", "purge", &stack.queue()]),
        2,
    );
    assert!(
        refused.stderr.contains("would drop about 12 messages"),
        "{}",
        refused.stderr
    );
    assert_eq!(depth(&stack.queue_url), (12, 0));
    exits(
        iops_at(endpoint).args(["queue", "purge", &stack.queue(), "--yes"]),
        0,
    );
    assert_eq!(depth(&stack.queue_url), (0, 0));
    let again = exits(
        iops_at(endpoint).args(["queue", "purge", &stack.queue(), "--yes"]),
        3,
    );
    assert!(
        again.stderr.contains("PurgeQueueInProgress") && again.stderr.contains("60 seconds"),
        "{}",
        again.stderr
    );
}

/// SQS delivers at least once: every receive carrying one message twice still moves each message
/// exactly once.
#[test]
fn a_message_delivered_twice_is_moved_once() {
    let stack = redrive_fixture();
    let stand_in = support::sqs_moves::move_stand_in(
        &moto().endpoint,
        support::sqs_moves::Injected {
            duplicate_deliveries: true,
            ..Default::default()
        },
    );
    let out = client_side_redrive(&stand_in.server.endpoint, &stack, 0);
    assert_eq!(json_of(&out.stdout)[0]["moved"], 25);
    let moved = bodies(&stack.queue_url);
    let unique: std::collections::BTreeSet<&String> = moved.iter().collect();
    assert_eq!(
        moved.len(),
        28,
        "25 moved + 3 of its own, none twice: {moved:?}"
    );
    assert_eq!(unique.len(), moved.len());
    assert_eq!(depth(&stack.dlq_url), (0, 0));
}

// issue 29: a change acts on exactly the queue named.

/// An SQS client for `region` on moto (one moto serves every region; a queue URL there carries
/// no region, so only the client's region tells two same-named queues apart).
fn sqs_in(region: &str) -> aws_sdk_sqs::Client {
    let config = sdk_config(&moto().endpoint)
        .to_builder()
        .region(aws_config::Region::new(region.to_string()))
        .build();
    aws_sdk_sqs::Client::new(&config)
}

/// Creates `name` in `region` with `attributes` and `messages` bodies; its URL and ARN.
fn queue_in(
    region: &str,
    name: &str,
    attributes: &[(QueueAttributeName, &str)],
    messages: &[(&str, Option<&str>)],
) -> (String, String) {
    runtime().block_on(async {
        let client = sqs_in(region);
        let mut create = client.create_queue().queue_name(name);
        for (key, value) in attributes {
            create = create.attributes(key.clone(), *value);
        }
        let url = create.send().await.unwrap().queue_url.unwrap();
        for (i, (body, group)) in messages.iter().enumerate() {
            client
                .send_message()
                .queue_url(&url)
                .message_body(*body)
                .set_message_group_id(group.map(str::to_string))
                .set_message_deduplication_id(group.map(|_| format!("d{i}")))
                .send()
                .await
                .unwrap();
        }
        let arn = client
            .get_queue_attributes()
            .queue_url(&url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .unwrap()
            .attributes()
            .unwrap()[&QueueAttributeName::QueueArn]
            .clone();
        (url, arn)
    })
}

/// (visible, in flight) of a queue in `region`.
fn depth_in(region: &str, url: &str) -> (u64, u64) {
    runtime().block_on(async {
        let answer = sqs_in(region)
            .get_queue_attributes()
            .queue_url(url)
            .attribute_names(QueueAttributeName::All)
            .send()
            .await
            .unwrap();
        let get = |name| answer.attributes().unwrap()[&name].parse::<u64>().unwrap();
        (
            get(QueueAttributeName::ApproximateNumberOfMessages),
            get(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        )
    })
}

fn plain(n: usize) -> Vec<(&'static str, Option<&'static str>)> {
    vec![("{}", None); n]
}

/// `queue purge 'r1-*' --yes` matched several queues and purged the first: every verb that
/// reads or changes one queue refuses a glob that matches more than one (exit 2, naming each
/// by its ARN), and both queues keep their messages.
#[test]
fn a_glob_matching_several_queues_is_refused_by_every_one_queue_verb() {
    let prefix = unique("glob");
    let (a, a_arn) = queue_in("us-east-1", &format!("{prefix}-a"), &[], &plain(3));
    let (b, b_arn) = queue_in("us-east-1", &format!("{prefix}-b"), &[], &plain(3));
    let pattern = format!("{prefix}-*");
    let verbs: [&[&str]; 5] = [
        &["queue", "purge", &pattern, "--yes"],
        &["queue", "peek", &pattern],
        &[
            "queue", "stale", &pattern, "--table", "t", "--delete", "--yes",
        ],
        &[
            "queue",
            "redrive",
            &pattern,
            "--to",
            &a,
            "--yes",
            "--client-side",
        ],
        &[
            "queue",
            "redrive",
            &a,
            "--to",
            &pattern,
            "--yes",
            "--client-side",
        ],
    ];
    for args in verbs {
        let refused = exits(iops_at(&moto().endpoint).args(args), 2);
        assert!(
            refused.stderr.contains(&a_arn) && refused.stderr.contains(&b_arn),
            "{args:?}: {}",
            refused.stderr
        );
    }
    assert_eq!(depth(&a), (3, 0));
    assert_eq!(depth(&b), (3, 0));
    // A glob that matches one queue names it.
    let one = exits(
        iops_at(&moto().endpoint).args(["queue", "purge", &format!("{prefix}-a*"), "--yes"]),
        0,
    );
    assert!(one.stderr.contains(&a_arn), "{}", one.stderr);
    assert_eq!(depth(&a), (0, 0));
    assert_eq!(depth(&b), (3, 0));
}

/// A queue ARN in another region than the configured one is acted on in its own region: status
/// reports it, purge empties it, and the same-named queue of the configured region is untouched.
#[test]
fn a_queue_arn_is_acted_on_in_its_own_region() {
    let name = unique("orders");
    let (home, home_arn) = queue_in("us-east-1", &name, &[], &plain(4));
    let (away, away_arn) = queue_in("eu-west-1", &name, &[], &plain(6));
    assert!(away_arn.contains(":eu-west-1:"), "{away_arn}");
    let status = exits(
        iops_at(&moto().endpoint).args(["queue", "status", &away_arn, "-o", "json"]),
        0,
    );
    let report = json_of(&status.stdout);
    assert_eq!(report[0]["arn"], away_arn.as_str());
    assert_eq!(report[0]["visible"], 6);
    // The dry run and the purge both print the full ARN, with its account and region.
    let dry = exits(
        iops_at(&moto().endpoint).args(["queue", "purge", &away_arn]),
        2,
    );
    assert!(
        dry.stderr.contains("would drop about 6 messages"),
        "{}",
        dry.stderr
    );
    assert!(
        dry.stderr.contains(&format!(
            "{away_arn} (account 123456789012, region eu-west-1)"
        )),
        "{}",
        dry.stderr
    );
    let purged = exits(
        iops_at(&moto().endpoint).args(["queue", "purge", &away_arn, "--yes", "-o", "json"]),
        0,
    );
    assert_eq!(json_of(&purged.stdout)[0]["arn"], away_arn.as_str());
    assert_eq!(depth_in("eu-west-1", &away), (0, 0));
    assert_eq!(
        depth_in("us-east-1", &home),
        (4, 0),
        "the configured region's queue is untouched"
    );
    // The configured region's ARN still names the configured region's queue.
    let peeked = exits(
        iops_at(&moto().endpoint).args(["queue", "peek", &home_arn, "-o", "json"]),
        0,
    );
    assert_eq!(json_of(&peeked.stdout).as_array().unwrap().len(), 4);
    // An ARN naming another account is refused, not answered with this account's queue.
    let other = away_arn.replace("123456789012", "210987654321");
    let refused = iops_at(&moto().endpoint)
        .args(["queue", "purge", &other, "--yes"])
        .output()
        .unwrap();
    assert_ne!(refused.status.code(), Some(0));
    assert_eq!(depth_in("us-east-1", &home), (4, 0));
}

/// A standard DLQ to a FIFO queue (and back) is refused before anything moves unless
/// --allow-type-change, which sends each message as its own group.
#[test]
fn a_redrive_between_standard_and_fifo_queues_needs_allow_type_change() {
    let prefix = unique("types");
    let fifo = [(QueueAttributeName::FifoQueue, "true")];
    let (dlq, _) = queue_in("us-east-1", &format!("{prefix}-dlq"), &[], &plain(4));
    let (dest, _) = queue_in("us-east-1", &format!("{prefix}-dest.fifo"), &fifo, &[]);
    for extra in [&[][..], &["--yes", "--client-side"][..]] {
        let refused = exits(
            iops_at(&moto().endpoint)
                .args(["queue", "redrive", &dlq, "--to", &dest])
                .args(extra),
            2,
        );
        assert!(
            refused.stderr.contains("--allow-type-change"),
            "{}",
            refused.stderr
        );
    }
    assert_eq!(depth(&dlq), (4, 0));
    let moved = exits(
        iops_at(&moto().endpoint).args([
            "queue",
            "redrive",
            &dlq,
            "--to",
            &dest,
            "--yes",
            "--client-side",
            "--allow-type-change",
            "-o",
            "json",
        ]),
        0,
    );
    assert_eq!(json_of(&moved.stdout)[0]["moved"], 4, "{}", moved.stderr);
    assert!(moved.stderr.contains("its own group"), "{}", moved.stderr);
    assert_eq!(depth(&dlq), (0, 0));
    assert_eq!(depth(&dest), (4, 0));

    // FIFO to standard: the ids would be dropped.
    let (fifo_dlq, _) = queue_in(
        "us-east-1",
        &format!("{prefix}-fdlq.fifo"),
        &fifo,
        &[("a", Some("g1")), ("b", Some("g1"))],
    );
    let (standard, _) = queue_in("us-east-1", &format!("{prefix}-std"), &[], &[]);
    let refused = exits(
        iops_at(&moto().endpoint).args(["queue", "redrive", &fifo_dlq, "--to", &standard]),
        2,
    );
    assert!(refused.stderr.contains("dropped"), "{}", refused.stderr);
    exits(
        iops_at(&moto().endpoint).args([
            "queue",
            "redrive",
            &fifo_dlq,
            "--to",
            &standard,
            "--yes",
            "--client-side",
            "--allow-type-change",
        ]),
        0,
    );
    assert_eq!(depth(&standard), (2, 0));
}

/// A destination that refuses every batch whole: each message is counted as failed and visible
/// in the DLQ again at once (not hidden for the run's visibility timeout).
#[test]
fn a_batch_refused_whole_is_counted_and_released() {
    let stack = redrive_fixture();
    let stand_in = support::sqs_moves::move_stand_in(
        &moto().endpoint,
        support::sqs_moves::Injected {
            deny_sends: true,
            ..Default::default()
        },
    );
    let out = client_side_redrive(&stand_in.server.endpoint, &stack, 3);
    let moved = json_of(&out.stdout);
    assert_eq!(moved[0]["moved"], 0, "{moved}");
    assert!(moved[0]["failed"].as_u64().unwrap() >= 1, "{moved}");
    assert_eq!(depth(&stack.dlq_url), (25, 0), "nothing left hidden");
    assert_eq!(depth(&stack.queue_url), (3, 0));
}

/// Messages another receiver holds in the DLQ are said in the dry run, and a run that could not
/// move them does not report COMPLETED (exit 1).
#[test]
fn in_flight_messages_of_the_dlq_are_said_and_the_move_is_incomplete() {
    let stack = redrive_fixture();
    runtime().block_on(async {
        let client = aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint));
        client
            .receive_message()
            .queue_url(&stack.dlq_url)
            .max_number_of_messages(5)
            .visibility_timeout(600)
            .send()
            .await
            .unwrap();
    });
    assert_eq!(depth(&stack.dlq_url), (20, 5));
    let dlq = format!("{}-dlq", stack.prefix);
    let dry = exits(
        iops_at(&moto().endpoint).args(["queue", "redrive", &dlq]),
        0,
    );
    assert!(
        dry.stderr.contains("5 messages of") && dry.stderr.contains("in flight"),
        "{}",
        dry.stderr
    );
    let out = client_side_redrive(&moto().endpoint, &stack, 1);
    let moved = json_of(&out.stdout);
    assert_eq!(moved[0]["status"], "INCOMPLETE", "{moved}");
    assert_eq!(moved[0]["moved"], 20);
    assert_eq!(depth(&stack.dlq_url), (0, 5));
}

/// `queue redrive PREFIX-dlq --yes --client-side -o json EXTRA…` at `endpoint`, running.
fn running_redrive(endpoint: &str, stack: &Stack, extra: &[&str]) -> std::process::Child {
    support::iops_process()
        .env("AWS_ENDPOINT_URL", endpoint)
        .args(["queue", "redrive", &format!("{}-dlq", stack.prefix)])
        .args(["--yes", "--client-side", "-o", "json"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Polls `ready` until it holds (20 s at most, else the test fails naming `what`).
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !ready() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A second Ctrl-C (`timeout -s INT` sends two) while the loops wait for their sends' answers:
/// iops does not exit at once (which left the batches in both queues or hidden), but lets the
/// sends answer and deletes what was sent — every message in exactly one queue, none hidden.
#[test]
fn a_forced_stop_settles_the_batches_in_hand() {
    let stack = redrive_fixture();
    let stand_in = support::sqs_moves::move_stand_in(
        &moto().endpoint,
        support::sqs_moves::Injected {
            slow_sends: Some(std::time::Duration::from_millis(1500)),
            ..Default::default()
        },
    );
    let child = running_redrive(&stand_in.server.endpoint, &stack, &[]);
    // The loops hold messages: received, their sends not yet answered.
    wait_until("messages in hand", || depth(&stack.dlq_url).1 > 0);
    let pid = child.id().to_string();
    for _ in 0..2 {
        Process::new("kill").args(["-INT", &pid]).status().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    let (visible, in_flight) = depth(&stack.dlq_url);
    assert_eq!(in_flight, 0, "nothing left hidden: {stderr}");
    let moved = json_of(&output.stdout)[0]["moved"].as_u64().unwrap();
    assert!(moved > 0, "{stderr}");
    assert_eq!(visible + moved, 25, "{stderr}");
    let in_queue = bodies(&stack.queue_url);
    assert_eq!(in_queue.len() as u64, 3 + moved, "each moved message once");
}

/// With --rate the loops take their permits before receiving: a slow move holds no message
/// hidden while it waits, and one Ctrl-C ends it with every message in one queue.
#[test]
fn a_rate_limited_move_holds_nothing_while_it_waits() {
    let stack = redrive_fixture();
    let child = running_redrive(&moto().endpoint, &stack, &["--rate", "2"]);
    wait_until("5 messages moved", || depth(&stack.queue_url).0 >= 5);
    let (_, in_flight) = depth(&stack.dlq_url);
    assert!(
        in_flight <= 2,
        "at most one receive's worth in hand, not {in_flight}"
    );
    Process::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    let moved = json_of(&output.stdout)[0]["moved"].as_u64().unwrap();
    assert_eq!(depth(&stack.dlq_url), (25 - moved, 0), "{stderr}");
}
