//! `iops deploy` end to end against the API Gateway v2 stand-in (moto implements neither
//! deployments nor UpdateStage): the `003_…` gotcha — a stage left on an old deployment — seen,
//! fixed, verified and rolled back, and every failure changing nothing.

mod support;

use serde_json::Value;
use support::apigw::{ApiState, apigateway_stand_in, stale_stage_api};
use support::{exits, iops_at};

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("ndjson"))
        .collect()
}

fn deploy(endpoint: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = iops_at(endpoint);
    cmd.args(["deploy", "--api-id", "abc123defg"])
        .args(args)
        .args(["--output", "ndjson"]);
    cmd
}

#[test]
fn list_shows_deployments_newest_first_with_their_stages() {
    let api = apigateway_stand_in(stale_stage_api());
    let output = exits(&mut deploy(&api.server.endpoint, &["list"]), 0);
    let records = lines(&output.stdout);
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r["deployment_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["d3", "d2", "bad", "d1"], "all pages, newest first");
    assert_eq!(records[0]["stages"], serde_json::json!(["dev"]));
    assert_eq!(records[3]["stages"], serde_json::json!(["prod"]));
    assert_eq!(records[2]["status"], "FAILED");
}

#[test]
fn status_exits_1_when_behind_and_0_when_current() {
    let api = apigateway_stand_in(stale_stage_api());
    let behind = exits(
        &mut deploy(&api.server.endpoint, &["status", "--stage", "prod"]),
        1,
    );
    let record = &lines(&behind.stdout)[0];
    assert_eq!(record["deployment_id"], "d1");
    assert_eq!(record["newest_deployed"], "d3");
    assert_eq!(record["behind"], true);
    assert_eq!(
        record["url"],
        "wss://abc123defg.execute-api.us-east-1.amazonaws.com/prod"
    );
    assert_eq!(record["throttling_burst_limit"], 5000);
    assert!(
        behind
            .stderr
            .contains("iops deploy activate-stage --api-id abc123defg --stage prod --latest"),
        "{}",
        behind.stderr
    );
    let current = exits(
        &mut deploy(&api.server.endpoint, &["status", "--stage", "dev"]),
        0,
    );
    assert_eq!(lines(&current.stdout)[0]["behind"], false);
    assert!(api.mutations().is_empty());
}

#[test]
fn activate_latest_fixes_the_stale_stage_and_verifies_it() {
    let api = apigateway_stand_in(stale_stage_api());
    let output = exits(
        &mut deploy(
            &api.server.endpoint,
            &["activate-stage", "--stage", "prod", "--latest"],
        ),
        0,
    );
    let record = &lines(&output.stdout)[0];
    assert_eq!(
        (record["previous"].as_str(), record["new"].as_str()),
        (Some("d1"), Some("d3"))
    );
    assert_eq!(record["result"], "activated and verified");
    assert_eq!(
        record["rollback"],
        "iops deploy activate-stage --api-id abc123defg --stage prod --deployment-id d1"
    );
    assert_eq!(api.stage_deployment("prod").as_deref(), Some("d3"));
    assert_eq!(
        api.mutations(),
        [(
            "PATCH".to_string(),
            "/v2/apis/abc123defg/stages/prod".to_string()
        )]
    );
    let calls = api.calls.lock().unwrap().clone();
    let patch = calls.iter().position(|(m, _)| m == "PATCH").unwrap();
    assert!(
        calls[patch + 1..]
            .iter()
            .any(|(m, p)| m == "GET" && p.ends_with("/stages/prod")),
        "read back after the update"
    );
    exits(
        &mut deploy(&api.server.endpoint, &["status", "--stage", "prod"]),
        0,
    );
}

#[test]
fn a_dry_run_makes_no_mutating_call() {
    let api = apigateway_stand_in(stale_stage_api());
    let output = exits(
        &mut deploy(
            &api.server.endpoint,
            &[
                "activate-stage",
                "--stage",
                "prod",
                "--deployment-id",
                "d2",
                "--dry-run",
            ],
        ),
        0,
    );
    assert_eq!(lines(&output.stdout)[0]["result"], "would change (dry run)");
    exits(
        &mut deploy(
            &api.server.endpoint,
            &["rollback", "--stage", "dev", "--dry-run"],
        ),
        3,
    );
    assert!(api.mutations().is_empty());
    assert_eq!(api.stage_deployment("prod").as_deref(), Some("d1"));
}

#[test]
fn unknown_and_failed_deployments_change_nothing() {
    let api = apigateway_stand_in(stale_stage_api());
    let unknown = exits(
        &mut deploy(
            &api.server.endpoint,
            &[
                "activate-stage",
                "--stage",
                "prod",
                "--deployment-id",
                "nope",
            ],
        ),
        3,
    );
    assert!(
        unknown.stderr.contains("NotFoundException") && unknown.stderr.contains("nope"),
        "{}",
        unknown.stderr
    );
    let failed = exits(
        &mut deploy(
            &api.server.endpoint,
            &[
                "activate-stage",
                "--stage",
                "prod",
                "--deployment-id",
                "bad",
            ],
        ),
        1,
    );
    assert!(
        failed.stderr.contains("FAILED, not DEPLOYED"),
        "{}",
        failed.stderr
    );
    let auto = exits(
        &mut deploy(
            &api.server.endpoint,
            &["activate-stage", "--stage", "dev", "--deployment-id", "d2"],
        ),
        3,
    );
    assert!(
        auto.stderr.contains("autoDeploy") && auto.stderr.contains("--no-auto-deploy"),
        "{}",
        auto.stderr
    );
    assert!(api.mutations().is_empty());
}

#[test]
fn create_waits_until_deployed_and_activates_on_the_stage() {
    let api = apigateway_stand_in(stale_stage_api());
    let output = exits(
        &mut deploy(
            &api.server.endpoint,
            &[
                "create",
                "--description",
                "fix connect handler",
                "--stage",
                "prod",
            ],
        ),
        0,
    );
    let records = lines(&output.stdout);
    assert_eq!(records[0]["status"], "DEPLOYED");
    assert_eq!(records[0]["description"], "fix connect handler");
    assert_eq!(records[1]["result"], "activated and verified");
    assert_eq!(api.stage_deployment("prod").as_deref(), Some("new4"));
    assert!(output.stderr.contains("waiting until DEPLOYED"));
}

#[test]
fn a_failed_deployment_exits_3_with_its_message_and_activates_nothing() {
    let mut state = stale_stage_api();
    state.fail_new_deployments = Some("Integration of route $connect is missing".into());
    let api = apigateway_stand_in(state);
    let output = exits(
        &mut deploy(&api.server.endpoint, &["create", "--stage", "prod"]),
        3,
    );
    assert!(
        output
            .stderr
            .contains("Integration of route $connect is missing"),
        "{}",
        output.stderr
    );
    assert_eq!(api.stage_deployment("prod").as_deref(), Some("d1"));
    assert_eq!(api.mutations().len(), 1, "only the CreateDeployment POST");
}

#[test]
fn rollback_goes_to_the_previous_deployment_or_to() {
    let api = apigateway_stand_in(stale_stage_api());
    exits(
        &mut deploy(
            &api.server.endpoint,
            &["activate-stage", "--stage", "prod", "--latest"],
        ),
        0,
    );
    let back = exits(
        &mut deploy(&api.server.endpoint, &["rollback", "--stage", "prod"]),
        0,
    );
    let record = &lines(&back.stdout)[0];
    assert_eq!(
        (record["previous"].as_str(), record["new"].as_str()),
        (Some("d3"), Some("d2")),
        "skips nothing DEPLOYED"
    );
    exits(
        &mut deploy(&api.server.endpoint, &["rollback", "--stage", "prod"]),
        0,
    );
    assert_eq!(
        api.stage_deployment("prod").as_deref(),
        Some("d1"),
        "the FAILED deployment is skipped"
    );
    exits(
        &mut deploy(&api.server.endpoint, &["rollback", "--stage", "prod"]),
        1,
    );
    exits(
        &mut deploy(
            &api.server.endpoint,
            &["rollback", "--stage", "prod", "--to", "d3"],
        ),
        0,
    );
    assert_eq!(api.stage_deployment("prod").as_deref(), Some("d3"));
}

#[test]
fn api_names_resolve_and_unknown_or_ambiguous_names_say_so() {
    let mut state = stale_stage_api();
    let api = apigateway_stand_in(state.clone());
    let by_name = exits(
        iops_at(&api.server.endpoint).args([
            "deploy",
            "--api",
            "IOpsDashboard-WebSocketApi",
            "status",
            "--stage",
            "dev",
            "--output",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&by_name.stdout)[0]["api_id"], "abc123defg");
    let unknown = exits(
        iops_at(&api.server.endpoint).args(["deploy", "--api", "Nope", "list"]),
        3,
    );
    assert!(
        unknown
            .stderr
            .contains("IOpsDashboard-WebSocketApi (abc123defg)"),
        "candidates listed: {}",
        unknown.stderr
    );
    state
        .apis
        .push(("dup111".into(), "IOpsDashboard-WebSocketApi".into()));
    let twice = apigateway_stand_in(state);
    let ambiguous = exits(
        iops_at(&twice.server.endpoint).args([
            "deploy",
            "--api",
            "IOpsDashboard-WebSocketApi",
            "list",
        ]),
        2,
    );
    assert!(
        ambiguous.stderr.contains("dup111") && ambiguous.stderr.contains("--api-id"),
        "{}",
        ambiguous.stderr
    );
}

#[test]
fn access_denied_and_throttling_are_explained() {
    let denied = apigateway_stand_in(ApiState {
        deny: true,
        ..stale_stage_api()
    });
    let output = exits(&mut deploy(&denied.server.endpoint, &["list"]), 3);
    assert!(
        output.stderr.contains("AccessDeniedException") && output.stderr.contains("IAM policy"),
        "{}",
        output.stderr
    );
    let throttled = apigateway_stand_in(ApiState {
        throttle: true,
        ..stale_stage_api()
    });
    let output = exits(
        deploy(&throttled.server.endpoint, &["list"]).env("AWS_MAX_ATTEMPTS", "2"),
        3,
    );
    assert!(
        output.stderr.contains("TooManyRequestsException")
            && output.stderr.contains("throttled even after retries"),
        "{}",
        output.stderr
    );
}

#[test]
fn bad_input_exits_2_before_any_call() {
    let api = apigateway_stand_in(stale_stage_api());
    for (args, expected) in [
        (vec!["deploy", "list"], "pass --api-id ID or --api NAME"),
        (
            vec!["deploy", "--api-id", "x", "status"],
            "pass --stage NAME",
        ),
        (
            vec![
                "deploy",
                "--api-id",
                "x",
                "activate-stage",
                "--stage",
                "prod",
            ],
            "<--deployment-id <ID>|--latest>",
        ),
        (
            vec![
                "deploy",
                "--api-id",
                "x",
                "activate-stage",
                "--stage",
                "p",
                "--latest",
                "--deployment-id",
                "d",
            ],
            "cannot be used with",
        ),
        (
            vec!["deploy", "--api-id", "x", "--api", "y", "list"],
            "cannot be used with",
        ),
        (
            vec!["deploy", "--api-id", "x", "create", "--timeout", "soon"],
            "90s, 10m",
        ),
    ] {
        let output = exits(iops_at(&api.server.endpoint).args(&args), 2);
        assert!(
            output.stderr.contains(expected),
            "{args:?}: {}",
            output.stderr
        );
    }
    assert!(
        api.calls.lock().unwrap().is_empty(),
        "no AWS call on bad input"
    );
}
