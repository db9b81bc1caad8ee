//! `iops init` against a CDK-shaped CloudFormation stack on moto and, for stacks moto cannot make
//! (rolled back, failed, with API Gateway v2 resources), against the CloudFormation stand-in
//! (`support/cfn.rs`) beside the API Gateway one; and `iops doctor` scenarios, one
//! per runbook failure, against the whole stack of `support/stack.rs`: moto (CloudFormation,
//! tables, logs, Kinesis, Lambda and its event source mapping), the API Gateway v2 stand-in
//! (routes, authorizers, deployments, stages: moto lacks GetAuthorizers and deployments) and an
//! in-process WebSocket backend that writes and deletes the connection record in moto.

mod support;

use serde_json::{Value, json};
use support::apigw::{ApiGatewayStandIn, ApiState, StageState, apigateway_stand_in};
use support::cfn::{self, CloudFormationStandIn, StandInStack, cloudformation_stand_in};
use support::stack::{Behaviour, Stack, create_cfn_stack, put_lines, stack};
use support::{exits, iops, moto, project_dir, unique};

fn healthy_metrics() -> Vec<(&'static str, Option<&'static str>)> {
    vec![("stream-001", Some("1245")), ("stream-002", Some("88"))]
}

/// Runs `iops doctor -o json` and returns the report.
fn doctor(stack: &Stack, extra: &[&str], code: i32) -> Value {
    let mut cmd = stack.iops();
    cmd.args(["doctor", "--wait", "1s", "-o", "json"])
        .args(extra);
    let finished = exits(&mut cmd, code);
    serde_json::from_slice(&finished.stdout).expect("doctor prints one JSON report")
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {report:#}"))
}

fn status(report: &Value, name: &str) -> String {
    check(report, name)["status"].as_str().unwrap().to_string()
}

fn evidence(report: &Value, name: &str) -> String {
    check(report, name)["evidence"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_healthy_stack_passes_every_check() {
    let stack = stack(|_| {}, Behaviour::default(), &healthy_metrics(), true);
    let report = doctor(&stack, &["--token", "s3cr3t-jwt"], 0);
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "access",
            "routes",
            "deployment",
            "probe",
            "connection-record",
            "logs",
            "data-flow",
            "pipeline",
            "queue",
            "environment",
            "permissions"
        ]
    );
    for c in report["checks"].as_array().unwrap() {
        // No function variable of this stack names the WebSocket API.
        if c["name"] == "environment" {
            assert_eq!(c["status"], "skip", "{c:#}");
            continue;
        }
        assert_eq!(c["status"], "pass", "{c:#}");
        assert_eq!(c["next"], Value::Null, "{c:#}");
    }
    assert_eq!(report["summary"]["pass"], 10);
    assert_eq!(report["summary"]["skip"], 1);
    assert!(
        evidence(&report, "permissions")
            .ends_with("may call execute-api:ManageConnections on this API and stage"),
        "{report:#}"
    );
    assert!(evidence(&report, "queue").starts_with("chat_processing: 0 visible"));
    assert_eq!(report["summary"]["fail"], 0);
    assert!(evidence(&report, "access").contains("account 123456789012"));
    assert!(evidence(&report, "routes").contains("TokenAuthorizer (REQUEST) on $connect"));
    assert!(evidence(&report, "deployment").contains("serves d2"));
    let record = evidence(&report, "connection-record");
    assert!(record.contains("carrying the probe's marker"), "{record}");
    assert!(record.contains("was removed"), "{record}");
    assert!(
        evidence(&report, "logs")
            .contains("connect and disconnect logged the probe's connection about Uq"),
        "{report:#}"
    );
    assert!(evidence(&report, "data-flow").contains("2 items, every metric present"));
    assert!(evidence(&report, "data-flow").contains("reached the probe"));
    assert!(evidence(&report, "pipeline").contains("Enabled"));

    // The probe marked itself and sent the token where token_source says, which no output shows.
    let seen = stack.seen.lock().unwrap().clone();
    let (path, agent) = &seen[0];
    assert!(path.contains("iops_probe=iops-doctor-"), "{path}");
    assert!(path.contains("token=s3cr3t-jwt"), "{path}");
    assert!(agent.starts_with("iops-doctor/"), "{agent}");
    assert!(!report.to_string().contains("s3cr3t"));
    // The record is gone: the probe cleaned up after itself through $disconnect.
    let counted = exits(stack.iops().args(["connections", "count", "-o", "json"]), 0);
    let counted: Value = serde_json::from_slice(&counted.stdout).unwrap();
    assert_eq!(counted[0]["live"], 0, "{counted}");
}

#[test]
fn a_stage_behind_its_newest_deployment_fails_deployment_with_the_fix() {
    let stack = stack(
        |api| api.stages[0].deployment_id = Some("d1".into()),
        Behaviour::default(),
        &healthy_metrics(),
        true,
    );
    let report = doctor(&stack, &[], 1);
    assert_eq!(status(&report, "deployment"), "fail");
    assert!(evidence(&report, "deployment").contains("serves d1"));
    assert!(evidence(&report, "deployment").contains("d2"));
    assert_eq!(
        check(&report, "deployment")["next"],
        "iops deploy activate-stage --api-id k3y9abc123 --stage prod --latest"
    );
    assert_eq!(report["summary"]["fail"], 1, "{report:#}");
}

#[test]
fn an_authorizer_left_off_connect_fails_routes() {
    let stack = stack(
        |api| {
            api.routes[0]["authorizationType"] = json!("NONE");
            api.routes[0]
                .as_object_mut()
                .unwrap()
                .remove("authorizerId");
        },
        Behaviour::default(),
        &healthy_metrics(),
        true,
    );
    let report = doctor(&stack, &["--only", "routes"], 1);
    assert_eq!(report["checks"].as_array().unwrap().len(), 1);
    assert_eq!(status(&report, "routes"), "fail");
    assert!(evidence(&report, "routes").contains("TokenAuthorizer is never invoked"));
    let next = check(&report, "routes")["next"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        next.contains("update-route --api-id k3y9abc123 --route-id rc1 --authorization-type CUSTOM --authorizer-id au1"),
        "{next}"
    );
}

#[test]
fn an_identity_source_clients_do_not_send_fails_routes() {
    let stack = stack(
        |api| api.authorizers[0]["identitySource"] = json!(["route.request.header.Authorization"]),
        Behaviour::default(),
        &healthy_metrics(),
        true,
    );
    let report = doctor(&stack, &["--only", "routes,deployment"], 1);
    assert_eq!(status(&report, "routes"), "fail");
    assert_eq!(status(&report, "deployment"), "pass");
    let text = evidence(&report, "routes");
    assert!(
        text.contains("route.request.header.Authorization"),
        "{text}"
    );
    assert!(text.contains("as ?token="), "{text}");
    assert!(text.contains("browsers cannot set headers"), "{text}");
}

#[test]
fn connect_not_writing_the_record_shows_as_1005_and_a_missing_record() {
    let stack = stack(
        |_| {},
        Behaviour {
            writes_record: false,
            ..Behaviour::default()
        },
        &healthy_metrics(),
        true,
    );
    let report = doctor(&stack, &["--skip", "routes,deployment,pipeline"], 1);
    assert_eq!(status(&report, "probe"), "fail");
    assert!(evidence(&report, "probe").contains("1005"), "{report:#}");
    assert_eq!(status(&report, "connection-record"), "fail");
    let text = evidence(&report, "connection-record");
    assert!(text.contains("no record for the probe appeared"), "{text}");
    assert!(text.contains("closed it with 1005"), "{text}");
    assert_eq!(status(&report, "access"), "pass");
}

#[test]
fn a_disconnect_that_leaves_the_record_fails_connection_record() {
    let stack = stack(
        |_| {},
        Behaviour {
            deletes_record: false,
            ..Behaviour::default()
        },
        &healthy_metrics(),
        true,
    );
    let report = doctor(&stack, &["--only", "probe,connection-record"], 1);
    assert_eq!(status(&report, "probe"), "pass");
    let text = evidence(&report, "connection-record");
    assert!(text.contains("still there"), "{text}");
    assert!(
        check(&report, "connection-record")["next"]
            .as_str()
            .unwrap()
            .contains("iops connections prune")
    );
}

#[test]
fn null_metrics_fail_data_flow_and_name_the_fields() {
    let stack = stack(
        |_| {},
        Behaviour::default(),
        &[("stream-001", None), ("stream-002", Some("5"))],
        true,
    );
    // The processor's failure behind the nulls, as runbook 002 found it.
    let group = format!(
        "/aws/lambda/{}",
        stack.id("StreamProcessorFunction9F8E7D6C")
    );
    support::runtime().block_on(async {
        let logs = aws_sdk_cloudwatchlogs::Client::new(&support::sdk_config(&moto().endpoint));
        let line =
            "[ERROR] KeyError: 'sessions_30d' Traceback (most recent call last):".to_string();
        put_lines(&logs, &group, "2026/11/25/[$LATEST]seed", &[line]).await;
    });
    let report = doctor(&stack, &["--only", "data-flow,logs"], 1);
    assert_eq!(status(&report, "data-flow"), "fail");
    let text = evidence(&report, "data-flow");
    assert!(text.contains("sessions_30d: 1"), "{text}");
    assert!(text.contains("avg_rating: 1"), "{text}");
    assert_eq!(status(&report, "logs"), "fail");
    assert!(
        evidence(&report, "logs").contains("stream_processor: 1 error, 0 timeouts"),
        "{report:#}"
    );
    assert!(
        check(&report, "logs")["next"]
            .as_str()
            .unwrap()
            .starts_with("iops logs tail stream_processor")
    );
}

#[test]
fn an_idle_socket_is_a_warning_with_the_simulate_hint() {
    let stack = stack(
        |_| {},
        Behaviour {
            broadcasts: false,
            ..Behaviour::default()
        },
        &healthy_metrics(),
        true,
    );
    let report = doctor(&stack, &[], 0);
    assert_eq!(status(&report, "data-flow"), "warn");
    assert!(evidence(&report, "data-flow").contains("the socket is idle"));
    let stream = stack.id("EventsStream5B4C3D2E");
    assert_eq!(
        check(&report, "data-flow")["next"],
        format!("iops simulate --to kinesis:{stream}")
    );
    assert_eq!(report["summary"]["warn"], 1);
    assert_eq!(
        report["summary"]["pass"], 9,
        "every other check, queue and permissions included"
    );
}

#[test]
fn a_disabled_event_source_mapping_fails_pipeline() {
    let stack = stack(|_| {}, Behaviour::default(), &healthy_metrics(), false);
    let report = doctor(&stack, &["--only", "pipeline"], 1);
    let text = evidence(&report, "pipeline");
    assert!(text.contains("is Disabled"), "{text}");
    assert!(
        check(&report, "pipeline")["next"]
            .as_str()
            .unwrap()
            .contains("update-event-source-mapping --uuid")
    );
}

#[test]
fn unconfigured_checks_skip_with_the_key_to_set_and_text_output_reads_well() {
    let dir = tempfile::tempdir().unwrap();
    let finished = exits(
        iops()
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .current_dir(dir.path())
            .args(["doctor", "--skip", "access", "-o", "table"]),
        0,
    );
    let text = String::from_utf8(finished.stdout).unwrap();
    assert!(text.contains("SKIP  deployment"), "{text}");
    assert!(text.contains("api_id and stage not set"), "{text}");
    assert!(
        text.contains("0 passed, 0 warned, 0 failed, 10 skipped"),
        "{text}"
    );

    let bad = exits(iops().args(["doctor", "--only", "probe,nope"]), 2);
    assert!(bad.stderr.contains("nope"), "{}", bad.stderr);
    let none = exits(
        iops().args(["doctor", "--only", "probe", "--skip", "probe"]),
        2,
    );
    assert!(none.stderr.contains("no check to run"), "{}", none.stderr);
}

#[test]
fn init_places_a_cdk_stack_with_a_nested_stack_and_outputs() {
    let name = unique("Init").replace('-', "");
    let ids = create_cfn_stack(&name, true);
    let dir = tempfile::tempdir().unwrap();
    let at = |cmd: &mut assert_cmd::Command| {
        cmd.env("AWS_ENDPOINT_URL", &moto().endpoint)
            .current_dir(dir.path());
    };
    let mut cmd = iops();
    at(&mut cmd);
    let finished = exits(cmd.args(["init", "--stack", &name, "--env", "staging"]), 0);
    assert!(
        finished.stderr.contains("wrote [env.staging]"),
        "{}",
        finished.stderr
    );
    let written = std::fs::read_to_string(dir.path().join("iops.toml")).unwrap();
    let config: toml::Value = toml::from_str(&written).unwrap();
    let env = &config["env"]["staging"];
    let id = |logical: &str| ids[logical].as_str().unwrap().to_string();
    assert_eq!(config["default_env"].as_str(), Some("staging"));
    assert_eq!(env["region"].as_str(), Some("us-east-1"));
    assert_eq!(env["api_id"].as_str(), Some("k3y9abc123"));
    assert_eq!(env["stage"].as_str(), Some("prod"));
    assert_eq!(
        env["kinesis_stream"].as_str().unwrap(),
        id("EventsStream5B4C3D2E")
    );
    assert_eq!(
        env["tables"]["connections"].as_str().unwrap(),
        id("ConnectionsTable0A1B2C3D")
    );
    assert_eq!(
        env["tables"]["metrics"].as_str().unwrap(),
        id("MetricsTable7A6B5C4D")
    );
    for (role, logical) in [
        ("connect", "ConnectFunction52BFC429"),
        ("disconnect", "DisconnectFunction11A2B3C4"),
        ("default", "DefaultFunction0D1E2F3A"),
        ("authorizer", "AuthorizerFunction6C7D8E9F"),
        ("stream_processor", "StreamProcessorFunction9F8E7D6C"),
    ] {
        assert_eq!(
            env["functions"][role].as_str().unwrap(),
            id(logical),
            "{role}"
        );
    }
    assert!(
        env["queues"]["chat_processing"]
            .as_str()
            .unwrap()
            .ends_with(&format!(
                "/{}",
                id("ChatProcessingQueue1A2B3C4D")
                    .rsplit('/')
                    .next()
                    .unwrap()
            )),
        "{written}"
    );
    assert!(
        !written.contains("LogRetention"),
        "CDK helpers are not placed:\n{written}"
    );
    // The written environment is one the other commands read.
    let mut show = iops();
    at(&mut show);
    exits(show.args(["config", "show"]), 0);

    // Never overwritten without --force; other content survives a forced rewrite.
    // A hand-set key in the environment: not in the stack, so --force drops it, and says so.
    let hand_set = written.replacen(
        "[env.staging]\n",
        "[env.staging]\ntoken_source = \"header:Authorization\"\nendpoint_url = \"http://ops:pw0rd@127.0.0.1:1/?token=s3cret\"\n",
        1,
    );
    assert_ne!(hand_set, written);
    std::fs::write(
        dir.path().join("iops.toml"),
        format!("# keep me\n{hand_set}\n[env.other]\nregion = \"eu-west-1\"\n"),
    )
    .unwrap();
    let mut again = iops();
    at(&mut again);
    let refused = exits(
        again.args(["init", "--stack", &name, "--env", "staging"]),
        1,
    );
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    let mut forced = iops();
    at(&mut forced);
    let forced = exits(
        forced.args(["init", "--stack", &name, "--env", "staging", "--force"]),
        0,
    );
    let note = forced
        .stderr
        .lines()
        .find(|l| l.starts_with("note: --force replaced [env.staging]"))
        .unwrap_or_else(|| panic!("no note on the dropped keys: {}", forced.stderr));
    assert!(
        note.ends_with(
            ": token_source = \"header:Authorization\", endpoint_url = \"http://ops:****@127.0.0.1:1/?token=****\""
        ),
        "only the hand-set keys, with their values, secrets hidden: {note}"
    );
    let rewritten = std::fs::read_to_string(dir.path().join("iops.toml")).unwrap();
    assert!(rewritten.starts_with("# keep me"), "{rewritten}");
    assert!(rewritten.contains("[env.other]"), "{rewritten}");
    assert_eq!(rewritten.matches("[env.staging]").count(), 1, "{rewritten}");
}

#[test]
fn init_without_a_stack_writes_a_template_and_an_unknown_stack_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    exits(iops().current_dir(dir.path()).args(["init"]), 0);
    let template = std::fs::read_to_string(dir.path().join("iops.toml")).unwrap();
    assert!(
        template.contains("# connect = \"*ConnectFunction*\""),
        "{template}"
    );
    let shown = exits(
        iops()
            .current_dir(dir.path())
            .args(["config", "show", "-o", "json"]),
        0,
    );
    assert!(String::from_utf8_lossy(&shown.stdout).contains("us-east-1"));
    let refused = exits(iops().current_dir(dir.path()).args(["init"]), 1);
    assert!(
        refused.stderr.contains("already exists"),
        "{}",
        refused.stderr
    );

    let missing = exits(
        iops()
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .current_dir(dir.path())
            .args(["init", "--stack", "NoSuchStack", "--force"]),
        3,
    );
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    assert!(missing.stderr.contains("hint: "), "{}", missing.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("iops.toml")).unwrap(),
        template,
        "a failed init leaves the file alone"
    );
}

/// `iops init` in `dir` against the CloudFormation stand-in, API Gateway on its own stand-in.
fn init_at(
    cfn: &CloudFormationStandIn,
    apigw: &ApiGatewayStandIn,
    dir: &std::path::Path,
) -> assert_cmd::Command {
    let mut cmd = iops();
    cmd.env("AWS_ENDPOINT_URL", &cfn.server.endpoint)
        .env("AWS_ENDPOINT_URL_APIGATEWAYV2", &apigw.server.endpoint)
        .current_dir(dir);
    cmd
}

/// Every string in the written file is non-empty (an empty one makes every command exit 2), and
/// `iops config show` reads it.
fn assert_usable_config(dir: &std::path::Path, cfn: &CloudFormationStandIn) -> toml::Value {
    let written = std::fs::read_to_string(dir.join("iops.toml")).unwrap();
    fn strings(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Table(t) => t.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let config: toml::Value = toml::from_str(&written).unwrap();
    let mut all = Vec::new();
    strings(&config, &mut all);
    assert!(all.iter().all(|s| !s.trim().is_empty()), "{written}");
    let mut show = iops();
    show.env("AWS_ENDPOINT_URL", &cfn.server.endpoint)
        .current_dir(dir);
    exits(show.args(["config", "show"]), 0);
    config
}

/// Init reads CloudFormation with DescribeStacks and ListStackResources only: no STS call.
fn assert_only_reads(cfn: &CloudFormationStandIn) {
    assert_eq!(cfn.actions(), ["DescribeStacks", "ListStackResources"]);
}

#[test]
fn init_refuses_a_rolled_back_failed_or_deleted_stack_unless_forced() {
    let f = "AWS::Lambda::Function";
    let gone = |logical: &str, kind: &str, physical: &str| {
        cfn::resource(logical, kind, physical, "DELETE_COMPLETE")
    };
    let mut rolled_back = StandInStack::new(
        "ChatRolledBack",
        "ROLLBACK_COMPLETE",
        vec![
            gone(
                "ConnectFunction52BFC429",
                f,
                "ChatRolledBack-ConnectFunction-Ab12",
            ),
            gone(
                "ConnectionsTable0A1B2C3D",
                "AWS::DynamoDB::Table",
                "ChatRolledBack-ConnectionsTable-Cd34",
            ),
            cfn::StackResource {
                logical_id: "MetricsTable7A6B5C4D".into(),
                kind: "AWS::DynamoDB::Table".into(),
                physical_id: None,
                status: "CREATE_FAILED".into(),
                reason: Some("Resource creation cancelled".into()),
            },
            cfn::resource(
                "EventsStream5B4C3D2E",
                "AWS::Kinesis::Stream",
                "ChatRolledBack-EventsStream-Ef56",
                "DELETE_SKIPPED",
            ),
        ],
    );
    rolled_back.reason = Some(
        "The following resource(s) failed to create: [MetricsTable7A6B5C4D]. Rollback requested by user.".into(),
    );
    let deleted = StandInStack::new(
        "ChatDeleted",
        "DELETE_COMPLETE",
        vec![gone("ConnectFunction52BFC429", f, "ChatDeleted-Connect-1")],
    );
    let stuck = StandInStack::new(
        "ChatStuck",
        "UPDATE_ROLLBACK_FAILED",
        vec![cfn::resource(
            "ConnectFunction52BFC429",
            f,
            "ChatStuck-Connect-1",
            "UPDATE_COMPLETE",
        )],
    );
    // A deleted stack is only found by its ARN.
    let deleted_arn = deleted.arn();
    let cfn = cloudformation_stand_in(vec![rolled_back, deleted, stuck]);
    let apigw = apigateway_stand_in(ApiState::default());
    let dir = tempfile::tempdir().unwrap();
    for (stack, status) in [
        ("ChatRolledBack", "ROLLBACK_COMPLETE"),
        (deleted_arn.as_str(), "DELETE_COMPLETE"),
        ("ChatStuck", "UPDATE_ROLLBACK_FAILED"),
    ] {
        let refused = exits(
            init_at(&cfn, &apigw, dir.path()).args(["init", "--stack", stack]),
            1,
        );
        assert!(
            refused
                .stderr
                .contains(&format!("stack {stack} is {status}"))
                && refused.stderr.contains("--force"),
            "{}",
            refused.stderr
        );
        assert!(
            !dir.path().join("iops.toml").exists(),
            "{stack}: nothing written"
        );
    }

    let forced = exits(
        init_at(&cfn, &apigw, dir.path()).args(["init", "--stack", "ChatRolledBack", "--force"]),
        0,
    );
    assert!(
        forced.stderr.contains("ROLLBACK_COMPLETE") && forced.stderr.contains("--force"),
        "{}",
        forced.stderr
    );
    for skipped in [
        "skipped: ConnectFunction52BFC429 (AWS::Lambda::Function): DELETE_COMPLETE",
        "skipped: ConnectionsTable0A1B2C3D (AWS::DynamoDB::Table): DELETE_COMPLETE",
        "skipped: MetricsTable7A6B5C4D (AWS::DynamoDB::Table): CREATE_FAILED: Resource creation cancelled",
        "skipped: EventsStream5B4C3D2E (AWS::Kinesis::Stream): DELETE_SKIPPED",
    ] {
        assert!(
            forced.stderr.contains(skipped),
            "{skipped}: {}",
            forced.stderr
        );
    }
    let config = assert_usable_config(dir.path(), &cfn);
    let env = config["env"]["dev"].as_table().unwrap();
    assert_eq!(
        env.keys().collect::<Vec<_>>(),
        ["region"],
        "nothing of the deleted stack is written: {env:?}"
    );
    assert_only_reads(&cfn);
    assert!(
        apigw.calls.lock().unwrap().is_empty(),
        "no API in the stack"
    );
}

#[test]
fn init_skips_a_failed_resource_and_writes_no_empty_value() {
    let f = "AWS::Lambda::Function";
    let complete = "CREATE_COMPLETE";
    let stack = StandInStack::new(
        "ChatUpdating",
        "UPDATE_IN_PROGRESS",
        vec![
            cfn::resource(
                "ConnectFunction52BFC429",
                f,
                "ChatUpdating-Connect-1",
                complete,
            ),
            cfn::resource(
                "ConnectionsTable0A1B2C3D",
                "AWS::DynamoDB::Table",
                "ChatUpdating-Connections-2",
                complete,
            ),
            cfn::StackResource {
                // Named before it failed: a physical id and a reason, as CloudFormation lists
                // it; the reason once hid the status from the skip (the table was written).
                logical_id: "MetricsTable7A6B5C4D".into(),
                kind: "AWS::DynamoDB::Table".into(),
                physical_id: Some("ChatUpdating-Metrics-9".into()),
                status: "CREATE_FAILED".into(),
                reason: Some(
                    "Resource handler returned message: \"Table already exists: metrics\"".into(),
                ),
            },
            cfn::resource(
                "EventsStream5B4C3D2E",
                "AWS::Kinesis::Stream",
                "ChatUpdating-Events-3",
                "UPDATE_IN_PROGRESS",
            ),
            cfn::StackResource {
                logical_id: "DefaultFunction0D1E2F3A".into(),
                kind: f.into(),
                physical_id: Some(String::new()),
                status: "CREATE_IN_PROGRESS".into(),
                reason: None,
            },
        ],
    );
    let cfn = cloudformation_stand_in(vec![stack]);
    let apigw = apigateway_stand_in(ApiState::default());
    let dir = tempfile::tempdir().unwrap();
    let finished = exits(
        init_at(&cfn, &apigw, dir.path()).args(["init", "--stack", "ChatUpdating"]),
        0,
    );
    // The failed table was `metrics = ""` here, and every command exited 2.
    let config = assert_usable_config(dir.path(), &cfn);
    assert!(
        finished.stderr.contains(
            "skipped: MetricsTable7A6B5C4D (AWS::DynamoDB::Table): CREATE_FAILED: Resource handler returned message"
        ),
        "{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains(
            "skipped: DefaultFunction0D1E2F3A (AWS::Lambda::Function): CREATE_IN_PROGRESS without a physical id"
        ),
        "{}",
        finished.stderr
    );
    assert!(
        finished
            .stderr
            .contains("note: stack ChatUpdating is UPDATE_IN_PROGRESS"),
        "{}",
        finished.stderr
    );
    let env = &config["env"]["dev"];
    assert_eq!(
        env["tables"]["connections"].as_str(),
        Some("ChatUpdating-Connections-2")
    );
    assert_eq!(env["tables"].get("metrics"), None, "{env:?}");
    assert_eq!(env["functions"].get("default"), None, "{env:?}");
    assert_eq!(
        env["functions"]["connect"].as_str(),
        Some("ChatUpdating-Connect-1")
    );
    assert_eq!(
        env["kinesis_stream"].as_str(),
        Some("ChatUpdating-Events-3")
    );
    assert_only_reads(&cfn);
}

#[test]
fn init_writes_the_websocket_apis_own_stage_beside_an_http_apis_default() {
    let stage = "AWS::ApiGatewayV2::Stage";
    let api = "AWS::ApiGatewayV2::Api";
    let complete = "CREATE_COMPLETE";
    // ListStackResources lists by logical id: the HTTP API's stage comes first.
    let stack = StandInStack::new(
        "ChatTwoApis",
        "UPDATE_COMPLETE",
        vec![
            cfn::resource("HttpApiDefaultStage3C2B1A09", stage, "$default", complete),
            cfn::resource("HttpApiF5A9A8A7", api, "http1abc", complete),
            cfn::resource("WebSocketApi34BCF99B", api, "ws1abc", complete),
            cfn::resource("WebSocketProdStage7E6D5C4B", stage, "prod", complete),
        ],
    );
    let cfn = cloudformation_stand_in(vec![stack]);
    let stage_named = |name: &str| StageState {
        name: name.into(),
        deployment_id: Some("d1".into()),
        auto_deploy: false,
    };
    let apigw = apigateway_stand_in(ApiState {
        apis: vec![
            ("ws1abc".into(), "ChatTwoApis-WebSocketApi".into()),
            ("http1abc".into(), "ChatTwoApis-HttpApi".into()),
        ],
        api_stages: vec![
            ("ws1abc".into(), vec![stage_named("prod")]),
            ("http1abc".into(), vec![stage_named("$default")]),
        ],
        ..ApiState::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let finished = exits(
        init_at(&cfn, &apigw, dir.path()).args(["init", "--stack", "ChatTwoApis"]),
        0,
    );
    let config = assert_usable_config(dir.path(), &cfn);
    let env = &config["env"]["dev"];
    assert_eq!(env["api_id"].as_str(), Some("ws1abc"));
    assert_eq!(env["stage"].as_str(), Some("prod"), "{env:?}");
    assert!(
        finished
            .stderr
            .contains("HttpApiDefaultStage3C2B1A09 (AWS::ApiGatewayV2::Stage): stage $default is not a stage of API ws1abc (its stages: prod)"),
        "{}",
        finished.stderr
    );
    let calls = apigw.calls.lock().unwrap().clone();
    assert!(
        calls.contains(&("GET".into(), "/v2/apis/ws1abc/stages".into())),
        "{calls:?}"
    );
    assert_only_reads(&cfn);
}

#[test]
fn init_names_function_roles_by_whole_words_and_prefers_the_route_integration() {
    let f = "AWS::Lambda::Function";
    let complete = "CREATE_COMPLETE";
    // Listed first, and its first word starts with "Connect": not the connect handler.
    let by_name = StandInStack::new(
        "ChatNames",
        "CREATE_COMPLETE",
        vec![
            cfn::resource(
                "ConnectionTtlSweeperFunction",
                f,
                "ChatNames-Sweeper-1",
                complete,
            ),
            cfn::resource(
                "OnConnectFunction9F8E7D6C",
                f,
                "ChatNames-OnConnect-2",
                complete,
            ),
            cfn::resource(
                "OnDisconnectFunction0A1B2C3D",
                f,
                "ChatNames-OnDisconnect-3",
                complete,
            ),
        ],
    );
    // The $connect route invokes HandshakeHandler, whatever ConnectFunction's name says.
    let routed = StandInStack::new(
        "ChatRouted",
        "CREATE_COMPLETE",
        vec![
            cfn::resource(
                "ConnectFunction52BFC429",
                f,
                "ChatRouted-ConnectFunction-1",
                complete,
            ),
            cfn::resource(
                "HandshakeHandler5A6B7C8D",
                f,
                "ChatRouted-Handshake-2",
                complete,
            ),
            cfn::resource(
                "WebSocketApi34BCF99B",
                "AWS::ApiGatewayV2::Api",
                "ws2abc",
                complete,
            ),
        ],
    );
    let cfn = cloudformation_stand_in(vec![by_name, routed]);
    let uri = |function: &str| {
        format!(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{function}/invocations"
        )
    };
    let apigw = apigateway_stand_in(ApiState {
        apis: vec![("ws2abc".into(), "ChatRouted-WebSocketApi".into())],
        stages: vec![StageState {
            name: "live".into(),
            deployment_id: Some("d1".into()),
            auto_deploy: true,
        }],
        routes: vec![
            json!({"routeId": "r1", "routeKey": "$connect", "target": "integrations/i1"}),
            json!({"routeId": "r2", "routeKey": "sendmessage", "target": "integrations/i2"}),
        ],
        integrations: vec![
            json!({"integrationId": "i1", "integrationType": "AWS_PROXY",
                   "integrationUri": uri("ChatRouted-Handshake-2")}),
            json!({"integrationId": "i2", "integrationType": "AWS_PROXY",
                   "integrationUri": uri("ChatRouted-ConnectFunction-1")}),
        ],
        ..ApiState::default()
    });

    let dir = tempfile::tempdir().unwrap();
    let names = exits(
        init_at(&cfn, &apigw, dir.path()).args(["init", "--stack", "ChatNames", "--env", "names"]),
        0,
    );
    let routes = exits(
        init_at(&cfn, &apigw, dir.path()).args([
            "init",
            "--stack",
            "ChatRouted",
            "--env",
            "routed",
        ]),
        0,
    );
    let config = assert_usable_config(dir.path(), &cfn);
    let functions = |env: &str| config["env"][env]["functions"].clone();
    assert_eq!(
        functions("names")["connect"].as_str(),
        Some("ChatNames-OnConnect-2")
    );
    assert_eq!(
        functions("names")["disconnect"].as_str(),
        Some("ChatNames-OnDisconnect-3")
    );
    assert!(
        names.stderr.contains(
            "not placed: ConnectionTtlSweeperFunction (AWS::Lambda::Function): no role in its name"
        ),
        "{}",
        names.stderr
    );
    assert_eq!(
        functions("routed")["connect"].as_str(),
        Some("ChatRouted-Handshake-2"),
        "{}",
        routes.stderr
    );
    assert!(
        routes.stderr.contains(
            "not placed: ConnectFunction52BFC429 (AWS::Lambda::Function): a second candidate for functions.connect (kept ChatRouted-Handshake-2 from HandshakeHandler5A6B7C8D ($connect route): the route's integration)"
        ),
        "{}",
        routes.stderr
    );
    // The API's only stage, from GetStages: the stack has no Stage resource.
    assert_eq!(config["env"]["routed"]["stage"].as_str(), Some("live"));
    let calls = apigw.calls.lock().unwrap().clone();
    for path in ["/v2/apis/ws2abc/routes", "/v2/apis/ws2abc/integrations"] {
        assert!(calls.contains(&("GET".into(), path.into())), "{calls:?}");
    }
    assert_only_reads(&cfn);
}

#[test]
fn a_refused_upgrade_fails_probe_and_asks_for_the_token_when_none_was_given() {
    let server = support::ws::ws_server(support::ws::Scenario::RefuseUpgrade(401));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        format!(
            "[env.dev]\nregion = \"us-east-1\"\nwebsocket_url = \"{}/prod\"\n",
            server.url
        ),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let finished = exits(
            iops()
                .current_dir(dir.path())
                .args(["doctor", "--only", "probe,connection-record", "-o", "json"])
                .args(extra),
            1,
        );
        serde_json::from_slice::<Value>(&finished.stdout).unwrap()
    };
    let report = run(&[]);
    assert!(
        evidence(&report, "probe").contains("HTTP 401"),
        "{report:#}"
    );
    assert!(
        check(&report, "probe")["next"]
            .as_str()
            .unwrap()
            .contains("--token")
    );
    assert_eq!(status(&report, "connection-record"), "skip");
    assert!(evidence(&report, "connection-record").contains("tables.connections not set"));

    let report = run(&["--token", "wrong-token"]);
    assert_eq!(
        check(&report, "probe")["next"],
        "iops logs tail authorizer --since 5m"
    );
    assert!(!report.to_string().contains("wrong-token"));
    assert!(
        server
            .paths
            .lock()
            .unwrap()
            .iter()
            .any(|p| p.contains("token=wrong-token"))
    );
}

#[test]
fn access_names_the_missing_resource_and_missing_credentials_skip_the_aws_checks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nregion = \"us-east-1\"\nkinesis_stream = \"no-such-stream\"\n[env.dev.tables]\nconnections = \"no-such-table\"\n",
    )
    .unwrap();
    let finished = exits(
        iops()
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .current_dir(dir.path())
            .args(["doctor", "--only", "access,pipeline", "-o", "json"]),
        1,
    );
    let report: Value = serde_json::from_slice(&finished.stdout).unwrap();
    let text = evidence(&report, "access");
    assert!(
        text.contains("table no-such-table (tables.connections): ResourceNotFoundException"),
        "{text}"
    );
    assert!(
        text.contains("stream no-such-stream (kinesis_stream)"),
        "{text}"
    );
    assert_eq!(status(&report, "pipeline"), "fail");

    let finished = exits(
        iops()
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .current_dir(dir.path())
            .args([
                "doctor",
                "--only",
                "access,pipeline,connection-record",
                "-o",
                "json",
            ]),
        1,
    );
    let report: Value = serde_json::from_slice(&finished.stdout).unwrap();
    assert!(
        evidence(&report, "access").starts_with("credentials: "),
        "{report:#}"
    );
    for skipped in ["pipeline", "connection-record"] {
        assert_eq!(status(&report, skipped), "skip", "{report:#}");
        assert!(
            evidence(&report, skipped).contains("needs AWS access"),
            "{report:#}"
        );
    }
}

#[test]
fn access_calls_a_resource_missing_only_when_the_service_says_so() {
    // API Gateway refuses every call (403 AccessDenied): that says nothing about whether the API
    // exists, so access warns that it could not check, and never calls it missing.
    let mut denying = support::apigw::healthy_websocket_api("abc123");
    denying.deny = true;
    let api = apigateway_stand_in(denying);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nregion = \"us-east-1\"\napi_id = \"abc123\"\n",
    )
    .unwrap();
    let finished = exits(
        iops()
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .env("AWS_ENDPOINT_URL_APIGATEWAYV2", &api.server.endpoint)
            .current_dir(dir.path())
            .args(["doctor", "--only", "access", "-o", "json"]),
        0,
    );
    let report: Value = serde_json::from_slice(&finished.stdout).unwrap();
    assert_eq!(status(&report, "access"), "warn", "{report:#}");
    let text = evidence(&report, "access");
    assert!(
        text.contains("could not check: API abc123 (api_id)") && text.contains("AccessDenied"),
        "{text}"
    );
    assert!(!text.contains("missing"), "{text}");
}

#[test]
fn with_an_emulator_endpoint_the_probe_never_heads_for_aws_execute_api() {
    // api_id and stage alone would make wss://API.execute-api.REGION.amazonaws.com/STAGE: with
    // an emulator's endpoint that is AWS, not the emulator, so the probe is skipped, saying why.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nregion = \"us-east-1\"\napi_id = \"xpfekfsw\"\nstage = \"prod\"\n",
    )
    .unwrap();
    let finished = exits(
        iops()
            .env("AWS_ENDPOINT_URL", &moto().endpoint)
            .current_dir(dir.path())
            .args(["doctor", "--only", "probe", "-o", "json"]),
        0,
    );
    let report: Value = serde_json::from_slice(&finished.stdout).unwrap();
    assert_eq!(status(&report, "probe"), "skip", "{report:#}");
    let text = evidence(&report, "probe");
    assert!(
        text.contains("no websocket_url is set") && !text.contains("DNS"),
        "{text}"
    );
    // Only API Gateway emulated (a per-service endpoint): the same.
    let finished = exits(
        iops()
            .env_remove("AWS_ENDPOINT_URL")
            .env("AWS_ENDPOINT_URL_APIGATEWAYV2", &moto().endpoint)
            .current_dir(dir.path())
            .args(["doctor", "--only", "probe", "-o", "json"]),
        0,
    );
    let report: Value = serde_json::from_slice(&finished.stdout).unwrap();
    assert_eq!(status(&report, "probe"), "skip", "{report:#}");
    // Every other command that would make that URL refuses, before any call, saying what to set.
    for args in [
        vec!["ws", "probe"],
        vec!["ws", "send", "--connection-id", "abc=", "--data", "hi"],
        vec!["connections", "prune", "--table", "t", "--yes"],
        vec!["queue", "stale", "q"],
    ] {
        let refused = exits(
            iops()
                .env("AWS_ENDPOINT_URL", &moto().endpoint)
                .current_dir(dir.path())
                .args(&args),
            2,
        );
        assert!(
            refused
                .stderr
                .contains("xpfekfsw.execute-api.us-east-1.amazonaws.com, not the emulator's")
                && refused.stderr.contains("websocket_url")
                && !refused.stderr.contains("acting as"),
            "{args:?}: {}",
            refused.stderr
        );
    }
}

#[test]
fn bad_values_for_the_new_flags_and_keys_say_what_to_do() {
    for (args, expected) in [
        (vec!["doctor", "--wait", "soon"], "soon"),
        (vec!["doctor", "--since", "fortnight"], "fortnight"),
        (vec!["doctor", "--skip", "everything"], "everything"),
        (vec!["init", "--env", "prod env"], "use letters, digits"),
    ] {
        let finished = exits(iops().args(&args), 2);
        assert!(
            finished.stderr.contains(expected),
            "{args:?}: {}",
            finished.stderr
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nregion = \"us-east-1\"\napi_id = \"abc\"\nwebsocket_url = \"ws://127.0.0.1:9/prod\"\ntoken_source = \"cookie:session\"\n",
    )
    .unwrap();
    let finished = exits(
        iops()
            .current_dir(dir.path())
            .args(["doctor", "--only", "probe", "-o", "json"]),
        1,
    );
    let report: Value = serde_json::from_slice(&finished.stdout).unwrap();
    assert!(
        evidence(&report, "probe")
            .contains("token_source 'cookie:session' is not query:NAME or header:NAME"),
        "{report:#}"
    );
    assert!(
        check(&report, "probe")["next"]
            .as_str()
            .unwrap()
            .contains("token_source = \"query:NAME\"")
    );
}

/// `--skip probe` opens no WebSocket, and the connection-record check says the probe was skipped
/// instead of "the probe did not connect".
#[test]
fn skipping_the_probe_opens_no_socket_and_connection_record_says_it_was_skipped() {
    let stack = stack(|_| {}, Behaviour::default(), &healthy_metrics(), true);
    let report = doctor(&stack, &["--skip", "probe"], 0);
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "probe"),
        "{report:#}"
    );
    assert_eq!(status(&report, "connection-record"), "skip", "{report:#}");
    let text = evidence(&report, "connection-record");
    assert!(
        text.starts_with("the probe was skipped (--skip probe)"),
        "{text}"
    );
    assert!(!text.contains("did not connect"), "{text}");
    assert!(
        stack.seen.lock().unwrap().is_empty(),
        "no WebSocket reached the backend"
    );
    // The logs and the metrics are still checked, without the probe's part.
    assert_eq!(status(&report, "logs"), "pass", "{report:#}");
    assert!(evidence(&report, "data-flow").contains("every metric present"));
}

/// Seven configured functions, none ever invoked: no log group to read is not "no ERROR in 0
/// functions, pass" but a warning naming them; with one read, the others are named as not read.
#[test]
fn logs_with_no_function_read_warn_naming_them() {
    const ROLES: [&str; 7] = [
        "connect",
        "disconnect",
        "default",
        "authorizer",
        "processor",
        "stream_processor",
        "simulator",
    ];
    let prefix = unique("nolog");
    let never: Vec<String> = ROLES.iter().map(|r| format!("n-{r}")).collect();
    let seeded = std::process::Command::new(project_dir().join(".venv/bin/python"))
        .arg(project_dir().join("tests/support/top_stack.py"))
        .args([&moto().endpoint, &prefix])
        .arg(json!({ "never_invoked": never }).to_string())
        .output()
        .expect("run top_stack.py");
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let write = |processor: &str| {
        let mut text = "[env.dev]\nregion = \"us-east-1\"\n[env.dev.functions]\n".to_string();
        for role in ROLES {
            let function = match role {
                "processor" => processor.to_string(),
                _ => format!("{prefix}-n-{role}"),
            };
            text.push_str(&format!("{role} = \"{function}\"\n"));
        }
        std::fs::write(dir.path().join("iops.toml"), text).unwrap();
    };
    let logs = || {
        let finished = exits(
            iops()
                .env("AWS_ENDPOINT_URL", &moto().endpoint)
                .current_dir(dir.path())
                .args(["doctor", "--only", "logs", "-o", "json"]),
            0,
        );
        serde_json::from_slice::<Value>(&finished.stdout).unwrap()
    };

    write(&format!("{prefix}-n-processor"));
    let report = logs();
    assert_eq!(status(&report, "logs"), "warn", "{report:#}");
    let text = evidence(&report, "logs");
    assert!(
        text.starts_with("no function's logs could be read"),
        "{text}"
    );
    for role in ROLES {
        assert!(text.contains(role), "{role}: {text}");
    }
    assert!(!text.contains("in 0 functions"), "{text}");

    // The processor has logged (no error): read; the six others are named as not read.
    write(&format!("{prefix}-processor"));
    let report = logs();
    assert_eq!(status(&report, "logs"), "pass", "{report:#}");
    let text = evidence(&report, "logs");
    assert!(
        text.starts_with("no ERROR or timeout in 1 function (processor)"),
        "{text}"
    );
    assert!(
        text.contains(
            "not read: connect, disconnect, default, authorizer, stream_processor, simulator (no log group yet"
        ),
        "{text}"
    );
}
