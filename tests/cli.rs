//! The binary as users run it, without AWS: completions, bad input, determinism,
//! aggregation, output formats, config resolution, broken pipes.

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Stdio;

use rust_decimal::Decimal;
use serde_json::Value;
use support::{exits, iops};

fn stdout_of(args: &[&str]) -> String {
    let output = exits(iops().args(args), 0);
    String::from_utf8(output.stdout).unwrap()
}

fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

#[test]
fn completions_are_current() {
    let files = [
        ("bash", "iops.bash"),
        ("zsh", "_iops"),
        ("fish", "iops.fish"),
        ("powershell", "_iops.ps1"),
        ("elvish", "iops.elv"),
    ];
    for (shell, file) in files {
        let generated = stdout_of(&["completions", shell]);
        let committed =
            std::fs::read_to_string(support::project_dir().join("completions").join(file))
                .unwrap_or_else(|e| panic!("completions/{file}: {e}; run ./scripts/completions"));
        assert!(
            generated == committed,
            "completions/{file} is stale: run ./scripts/completions and commit"
        );
    }
}

#[test]
fn bad_input_exits_2_with_the_valid_values() {
    let cases: &[(&[&str], &str)] = &[
        (&["simulate", "--streams", "0"], "1..=1000000"),
        (
            &["simulate", "--events-per-stream", "0"],
            "--events-per-stream",
        ),
        (
            &["simulate", "--to", "nonsense:"],
            "valid: stdout, kinesis[:STREAM]",
        ),
        (&["simulate", "--to", "kinesis:"], "kinesis:NAME"),
        (
            &["simulate", "--types", "session_started,bogus"],
            "valid: session_started, session_completed",
        ),
        (&["simulate", "--rate", "-5"], "per second between 0.001"),
        (&["simulate", "--rate", "0"], "per second between 0.001"),
        (&["simulate", "--duration", "soon"], "90s, 10m"),
        (&["simulate", "--start-time", "yesterday"], "ISO 8601"),
        (&["simulate", "--seed", "-1"], "--seed"),
        (&["simulate", "--payload", "{}"], "--to lambda"),
        (
            &["simulate", "--duration", "1s", "--events-per-stream", "5"],
            "cannot be used with",
        ),
        (&["simulate", "--concurrency", "0"], "--concurrency"),
        (&["simulate", "--to", "kinesis"], "kinesis_stream"),
        (&["--endpoint-url", "localhost:4566", "simulate"], "http://"),
        (&["--output", "xml", "simulate"], "table, json, ndjson, csv"),
        (&["--color", "sometimes", "simulate"], "auto, always, never"),
        (
            &["--config", "/nonexistent/iops.toml", "config", "show"],
            "does not exist",
        ),
        (&["frobnicate"], "unrecognized subcommand"),
        (
            &["simulate", "--serve", "nonsense"],
            "cannot listen on nonsense",
        ),
        (&["simulate", "--token", "x"], "--serve"),
        (
            &["simulate", "--serve", "127.0.0.1:0", "--idle-timeout", "0s"],
            "positive duration",
        ),
        (
            &["simulate", "--max-connection-duration", "forever"],
            "90s, 10m",
        ),
        (
            &["simulate", "--serve", "127.0.0.1:0", "--to", "stdout"],
            "cannot be used with",
        ),
        (
            &["simulate", "--to", "stdout", "-o", "csv"],
            "-o csv cannot hold them",
        ),
    ];
    for (args, expected) in cases {
        let stderr = exits(iops().args(*args), 2).stderr;
        assert!(
            stderr.contains(expected),
            "iops {args:?}: expected {expected:?} in: {stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{stderr}"
        );
    }
}

#[test]
fn the_same_seed_gives_byte_identical_events() {
    let args = ["simulate", "--seed", "42", "--to", "stdout"];
    let first = stdout_of(&args);
    assert_eq!(first, stdout_of(&args));
    assert_ne!(
        first,
        stdout_of(&["simulate", "--seed", "43", "--to", "stdout"])
    );
    // Large runs are formatted in parallel chunks: still byte-identical.
    let big = [
        "simulate",
        "--seed",
        "7",
        "--streams",
        "300",
        "--events-per-stream",
        "1000",
        "--to",
        "stdout",
    ];
    let a = iops().args(big).output().unwrap().stdout;
    let b = iops().args(big).output().unwrap().stdout;
    assert!(a == b && a.len() > 10_000_000, "{} bytes", a.len());
}

#[test]
fn default_run_reproduces_the_seed_500_events_over_50_streams() {
    let events = ndjson(&stdout_of(&["simulate", "--seed", "1", "--to", "stdout"]));
    assert_eq!(events.len(), 500);
    let mut per_stream: BTreeMap<String, usize> = BTreeMap::new();
    for event in &events {
        *per_stream
            .entry(event["entity_id"].as_str().unwrap().to_string())
            .or_default() += 1;
        for field in [
            "event_id",
            "entity_id",
            "entity_type",
            "event_type",
            "timestamp",
            "payload",
        ] {
            assert!(!event[field].is_null(), "{field} missing in {event}");
        }
    }
    assert_eq!(per_stream.len(), 50);
    assert!(per_stream.values().all(|&n| n == 10));
    assert_eq!(per_stream.keys().next().unwrap(), "stream-001");
    assert_eq!(per_stream.keys().last().unwrap(), "stream-050");
    let ids: std::collections::HashSet<_> = events
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 500, "event ids are unique");
}

#[test]
fn counts_and_types_follow_the_flags() {
    let text = stdout_of(&[
        "simulate",
        "--seed",
        "3",
        "--streams",
        "7",
        "--events-per-stream",
        "13",
        "--types",
        "session_completed,alert_raised",
        "--to",
        "stdout",
    ]);
    let events = ndjson(&text);
    assert_eq!(events.len(), 91);
    assert!(events.iter().all(|e| matches!(
        e["event_type"].as_str(),
        Some("session_completed" | "alert_raised")
    )));
    assert!(events.iter().any(|e| e["event_type"] == "alert_raised"));
    assert_eq!(
        events[0]["timestamp"], "2026-01-01T00:00:00.000Z",
        "--seed runs start at the fixed epoch"
    );
}

/// The local report against metrics computed independently from the emitted events, in exact
/// decimal arithmetic from the JSON text.
#[test]
fn local_aggregation_matches_the_events() {
    let seed_args = [
        "--seed",
        "11",
        "--streams",
        "20",
        "--events-per-stream",
        "40",
    ];
    let events = ndjson(&stdout_of(
        &[&["simulate"][..], &seed_args, &["--to", "stdout"]].concat(),
    ));
    let report = ndjson(&stdout_of(
        &[&["simulate", "--output", "ndjson"][..], &seed_args].concat(),
    ));
    assert_eq!(report.len(), 20);

    #[derive(Default)]
    struct Expected {
        completed: u64,
        started: u64,
        ratings: Decimal,
        health: Option<String>,
        alerts: u64,
    }
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();
    for event in &events {
        let entry = expected
            .entry(event["entity_id"].as_str().unwrap().to_string())
            .or_default();
        let payload = &event["payload"];
        match event["event_type"].as_str().unwrap() {
            "session_started" => entry.started += 1,
            "session_completed" => {
                entry.completed += 1;
                entry.ratings += payload["tutor_rating"]
                    .to_string()
                    .parse::<Decimal>()
                    .unwrap();
            }
            "customer_health_update" => entry.health = Some(payload["health_score"].to_string()),
            "alert_raised" => entry.alerts += 1,
            other => panic!("unexpected type {other}"),
        }
    }
    for record in &report {
        let want = &expected[record["entity_id"].as_str().unwrap()];
        assert_eq!(record["sessions_30d"], want.completed);
        assert_eq!(record["sessions_started"], want.started);
        assert_eq!(record["alert_count"], want.alerts);
        let avg = (want.completed > 0).then(|| {
            (want.ratings / Decimal::from(want.completed))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .normalize()
                .to_string()
        });
        assert_eq!(
            record["avg_rating"].as_number().map(|n| n.to_string()),
            avg,
            "{record}"
        );
        let health = want
            .health
            .as_ref()
            .map(|h| h.parse::<Decimal>().unwrap().normalize().to_string());
        assert_eq!(
            record["health_score"].as_number().map(|n| n.to_string()),
            health,
            "{record}"
        );
    }
}

/// The seed's processor kept a running float average. With seed 9, stream-001's three sessions
/// are rated 2.9, 3.8 and 4.1: by hand (2.9 + 3.8 + 4.1) / 3 = 10.8 / 3 = 3.6 exactly, while the
/// float code `(avg * (n - 1) + rating) / n` stores 3.5999999999999996.
#[test]
fn average_rating_is_exact_where_the_seeds_float_code_was_not() {
    let args = [
        "simulate",
        "--seed",
        "9",
        "--streams",
        "1",
        "--events-per-stream",
        "3",
        "--types",
        "session_completed",
    ];
    let events = ndjson(&stdout_of(&[&args[..], &["--to", "stdout"]].concat()));
    let ratings: Vec<f64> = events
        .iter()
        .map(|e| e["payload"]["tutor_rating"].as_f64().unwrap())
        .collect();
    assert_eq!(ratings, [2.9, 3.8, 4.1]);
    let mut float_avg = 0.0;
    for (n, rating) in ratings.iter().enumerate() {
        let n = (n + 1) as f64;
        float_avg = (float_avg * (n - 1.0) + rating) / n;
    }
    assert_eq!(float_avg.to_string(), "3.5999999999999996");

    let report = ndjson(&stdout_of(&[&args[..], &["--output", "ndjson"]].concat()));
    assert_eq!(report[0]["sessions_30d"], 3);
    assert_eq!(
        report[0]["avg_rating"].as_number().unwrap().to_string(),
        "3.6"
    );
}

#[test]
fn output_formats() {
    let args = [
        "simulate",
        "--seed",
        "9",
        "--streams",
        "3",
        "--events-per-stream",
        "5",
    ];
    let json: Value =
        serde_json::from_str(&stdout_of(&[&args[..], &["--output", "json"]].concat())).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    let csv = stdout_of(&[&args[..], &["--output", "csv"]].concat());
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap().split(',').next(), Some("entity_id"));
    assert_eq!(lines.count(), 3);
    let table = stdout_of(&[&args[..], &["--output", "table"]].concat());
    assert!(
        table.contains("stream-001") && table.contains("avg_rating"),
        "{table}"
    );
    // Not a terminal: ndjson by default.
    assert_eq!(ndjson(&stdout_of(&args)).len(), 3);
}

#[test]
fn summary_goes_to_stderr_and_quiet_silences_it() {
    let stderr = exits(
        iops().args(["simulate", "--seed", "1", "--to", "stdout"]),
        0,
    )
    .stderr;
    assert!(stderr.contains("wrote 500 events to stdout"), "{stderr}");
    assert!(
        stderr.contains("repeat with: --seed 1 --start-time 2026-01-01T00:00:00.000Z"),
        "{stderr}"
    );
    let quiet = exits(iops().args(["-q", "simulate", "--to", "stdout"]), 0);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    let random = exits(iops().args(["simulate"]), 0);
    assert!(
        random.stderr.contains("repeat with: --seed "),
        "a random seed is printed"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = support::iops_process()
        .args([
            "simulate",
            "--streams",
            "1000",
            "--events-per-stream",
            "10000",
            "--to",
            "stdout",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 4096];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take()); // like `| head -c 4096`
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}

#[test]
fn rate_and_duration_bound_a_continuous_run() {
    let output = exits(
        iops().args([
            "simulate",
            "--seed",
            "2",
            "--rate",
            "200",
            "--duration",
            "500ms",
            "--to",
            "stdout",
        ]),
        0,
    );
    let count = ndjson(&String::from_utf8(output.stdout).unwrap()).len();
    assert!(
        (20..=110).contains(&count),
        "about 100 events at 200/s for 0.5 s, got {count}"
    );
}

#[test]
fn an_unknown_function_role_is_warned_about_once_and_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nregion = \"eu-west-1\"\n[env.dev.functions]\nconect = \"*ConnectFunction*\"\ndisconnect = \"*DisconnectFunction*\"\n",
    )
    .unwrap();
    let shown = exits(
        iops()
            .current_dir(dir.path())
            .args(["config", "show", "-o", "ndjson"]),
        0,
    );
    let warning = "unknown [functions] role 'conect' (did you mean 'connect'?)";
    assert_eq!(shown.stderr.matches(warning).count(), 1, "{}", shown.stderr);
    assert!(
        shown.stderr.contains(
            "iops reads connect, disconnect, default, authorizer, processor, stream_processor, simulator"
        ),
        "{}",
        shown.stderr
    );
    // Non-fatal: the role is still there for `iops logs conect`.
    assert!(String::from_utf8_lossy(&shown.stdout).contains("functions.conect"));
    let quiet = exits(
        iops()
            .current_dir(dir.path())
            .args(["--quiet", "config", "show"]),
        0,
    );
    assert!(!quiet.stderr.contains("conect"), "{}", quiet.stderr);
    // Known roles only: no warning.
    std::fs::write(
        dir.path().join("iops.toml"),
        "[env.dev]\nregion = \"eu-west-1\"\n[env.dev.functions]\nconnect = \"*ConnectFunction*\"\n",
    )
    .unwrap();
    let known = exits(iops().current_dir(dir.path()).args(["config", "show"]), 0);
    assert!(!known.stderr.contains("warning"), "{}", known.stderr);
}

#[test]
fn config_show_layers_flags_environment_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iops.toml"),
        "default_env = \"dev\"\n[env.dev]\nregion = \"eu-west-1\"\nkinesis_stream = \"iops-events\"\n[env.dev.functions]\nconnect = \"*ConnectFunction*\"\n[env.prod]\nregion = \"us-west-2\"\n",
    )
    .unwrap();
    let nested = dir.path().join("deeper/still");
    std::fs::create_dir_all(&nested).unwrap();
    let rows = |cmd: &mut assert_cmd::Command| -> BTreeMap<String, (String, String)> {
        let output = exits(
            cmd.current_dir(&nested)
                .args(["config", "show", "--output", "ndjson"]),
            0,
        );
        ndjson(&String::from_utf8(output.stdout).unwrap())
            .into_iter()
            .map(|r| {
                (
                    r["key"].as_str().unwrap().to_string(),
                    (
                        r["value"].as_str().unwrap().to_string(),
                        r["source"].as_str().unwrap().to_string(),
                    ),
                )
            })
            .collect()
    };
    let mut plain = iops();
    plain.env_remove("AWS_REGION");
    let from_file = rows(&mut plain);
    assert_eq!(from_file["region"].0, "eu-west-1");
    assert!(
        from_file["region"].1.contains("[env.dev]"),
        "{:?}",
        from_file["region"]
    );
    assert_eq!(from_file["functions.connect"].0, "*ConnectFunction*");
    assert_eq!(from_file["kinesis_stream"].0, "iops-events");

    let from_env = rows(
        iops()
            .env("AWS_REGION", "ap-south-1")
            .env("IOPS_ENV", "prod"),
    );
    assert_eq!(
        from_env["region"],
        (
            "ap-south-1".to_string(),
            "environment AWS_REGION".to_string()
        )
    );
    assert_eq!(from_env["env"].0, "prod");
    assert!(!from_env.contains_key("kinesis_stream"));

    let from_flag = rows(
        iops()
            .env("AWS_REGION", "ap-south-1")
            .args(["--region", "sa-east-1"]),
    );
    assert_eq!(
        from_flag["region"],
        ("sa-east-1".to_string(), "flag --region".to_string())
    );

    let unknown = exits(
        iops()
            .current_dir(&nested)
            .args(["--env", "staging", "config", "show"]),
        2,
    );
    assert!(unknown.stderr.as_str().contains("defined: dev, prod"));
}

/// `iops simulate >&-`: Rust would reopen stdout on /dev/null and exit 0 having printed nothing.
#[test]
fn a_closed_stdout_is_an_error_not_a_silent_success() {
    let binary = assert_cmd::cargo::cargo_bin("iops");
    let output = std::process::Command::new("sh")
        .args(["-c", r#"exec "$0" simulate >&-"#])
        .arg(&binary)
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("stdout is closed"), "{stderr}");
    // /dev/null is a stdout the user chose: fine.
    let to_null = std::process::Command::new(&binary)
        .arg("simulate")
        .stdout(Stdio::null())
        .output()
        .expect("iops runs");
    assert_eq!(to_null.status.code(), Some(0));
}

/// man/ is generated from the same clap definitions as --help: regenerate, compare every page.
#[test]
fn man_pages_are_current() {
    let dir = tempfile::tempdir().unwrap();
    exits(iops().arg("man").arg(dir.path()), 0);
    let pages = |path: &std::path::Path| -> BTreeMap<String, String> {
        std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("{}: {e}; run ./scripts/completions", path.display()))
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(entry.path()).unwrap(),
                )
            })
            .collect()
    };
    let generated = pages(dir.path());
    let committed = pages(&support::project_dir().join("man"));
    assert!(generated.contains_key("iops-logs-tail.1") && generated.len() > 30);
    assert_eq!(
        generated.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "man/ has other pages: run ./scripts/completions and commit"
    );
    for (name, page) in &generated {
        assert!(
            committed[name] == *page,
            "man/{name} is stale: run ./scripts/completions and commit"
        );
    }
}
