//! One load plan split across processes (`ws probe --shard K/N`, `--shards N` with an engine's
//! index) against the Node `ws` peer (tests/support/peers): the peer sees the single plan's
//! connections once each, and `ws merge` of the shards' reports — from files or one stream —
//! equals a single run in counts, and refuses a missing or doubled shard.

mod support;

use std::process::{Command as Process, Stdio};

use serde_json::Value;
use support::peers::node_peer;
use support::{exits, iops, unique};

const PLAN: [&str; 8] = [
    "--connections",
    "90",
    "--rate",
    "180",
    "--hold",
    "300ms",
    "-o",
    "json",
];

/// `ws probe` of the plan with `extra`, sending `MARK-c{conn}` first on each connection.
fn probe(mark: &str, extra: &[&str]) -> Process {
    let send = format!("{mark}-c{{conn}}");
    let mut args = PLAN.to_vec();
    args.extend(["--send", send.as_str()]);
    args.extend(extra);
    probe_with("/log", &args)
}

/// Runs the probes at once; their reports (stdout), each exit 0.
fn run_all(mut probes: Vec<Process>) -> Vec<String> {
    let children: Vec<_> = probes.iter_mut().map(|p| p.spawn().unwrap()).collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{stderr}");
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

/// The first messages the peer logged with this mark, as connection numbers, sorted.
fn seen(mark: &str) -> Vec<u64> {
    let log = node_peer().log.as_ref().expect("the node peer logs");
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut numbers: Vec<u64> = text
        .lines()
        .filter_map(|line| line.strip_prefix(&format!("{mark}-c")))
        .map(|n| n.parse().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

fn merge(input: &str, extra: &[&str]) -> support::Finished {
    let mut cmd = iops();
    cmd.args(["ws", "merge", "-o", "json"]).args(extra);
    cmd.write_stdin(input.to_string());
    let output = cmd.output().unwrap();
    support::Finished {
        stdout: output.stdout.clone(),
        stderr: format!(
            "exit {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// The counts a merge of shards must share with one process running the whole plan.
fn counts(report: &Value) -> Value {
    serde_json::json!({
        "requested": report["requested"], "attempted": report["attempted"],
        "connected": report["connected"], "failed": report["failed"],
        "close_codes": report["close_codes"], "sent": report["messages"]["sent"],
        "received": report["messages"]["received"], "cut_short": report["cut_short"],
        "target_rate": report["target_rate"],
        "opened": report["timeline"]["seconds"].as_array().map(|s| s.iter().map(|x| x["opened"].as_u64().unwrap()).sum::<u64>()),
    })
}

#[test]
fn three_shards_open_the_plans_connections_once_and_merge_to_one_run() {
    let mark = unique("shard");
    let reports = run_all(
        (1..=3)
            .map(|k| probe(&mark, &["--shard", &format!("{k}/3")]))
            .collect(),
    );
    // The peer saw c0…c89, once each: none lost, none doubled.
    assert_eq!(seen(&mark), (0..90).collect::<Vec<u64>>());
    let parsed: Vec<Value> = reports
        .iter()
        .map(|r| serde_json::from_str(r).unwrap())
        .collect();
    for (k, report) in parsed.iter().enumerate() {
        assert_eq!(report["shard"]["index"], k as u64 + 1);
        assert_eq!(report["shard"]["count"], 3);
        assert_eq!(report["requested"], 30);
        assert_eq!(report["target_rate"], 60.0);
    }
    // One stream of the three (concatenated, as `kubectl logs` prints them) merges.
    let merged = merge(&reports.concat(), &["-"]);
    assert!(
        merged.stderr.starts_with("exit Some(0)"),
        "{}",
        merged.stderr
    );
    // The merge again beside one of its shards would count that shard twice: refused.
    let merged_text = String::from_utf8(merged.stdout.clone()).unwrap();
    let again_beside = merge(&format!("{merged_text}{}", reports[0]), &["-"]);
    assert!(
        again_beside.stderr.starts_with("exit Some(2)")
            && again_beside
                .stderr
                .contains("is already in stdin (report 1)"),
        "{}",
        again_beside.stderr
    );
    let merged: Value = serde_json::from_slice(&merged.stdout).unwrap();
    // One process running the whole plan: the same counts.
    let whole_mark = unique("whole");
    let whole = run_all(vec![probe(&whole_mark, &[])]);
    assert_eq!(seen(&whole_mark), (0..90).collect::<Vec<u64>>());
    let whole: Value = serde_json::from_str(&whole[0]).unwrap();
    assert_eq!(counts(&merged), counts(&whole));

    // ndjson (one report a line) merges the same.
    let ndjson: String = parsed.iter().map(|r| format!("{r}\n")).collect();
    let again = merge(&ndjson, &["-"]);
    assert!(again.stderr.starts_with("exit Some(0)"), "{}", again.stderr);
    assert_eq!(
        counts(&serde_json::from_slice(&again.stdout).unwrap()),
        counts(&whole)
    );

    // A shard missing: exit 1, named.
    let missing = merge(&format!("{}{}", reports[0], reports[2]), &["-"]);
    assert!(
        missing.stderr.starts_with("exit Some(1)"),
        "{}",
        missing.stderr
    );
    assert!(
        missing.stderr.contains("shard 2/3 missing"),
        "{}",
        missing.stderr
    );
    // A shard twice (run again: another report of the same shard): exit 1, named.
    let second = run_all(vec![probe(&mark, &["--shard", "2/3"])]);
    let doubled = merge(
        &[&reports[0], &reports[1], &second[0], &reports[2]]
            .map(|s| s.as_str())
            .concat(),
        &["-"],
    );
    assert!(
        doubled.stderr.starts_with("exit Some(1)"),
        "{}",
        doubled.stderr
    );
    assert!(
        doubled.stderr.contains("shard 2/3 more than once"),
        "{}",
        doubled.stderr
    );
}

#[test]
fn shards_from_the_engines_index_and_bad_shards() {
    let mark = unique("engine");
    let mut kubernetes = probe(&mark, &["--shards", "2"]);
    kubernetes.env("JOB_COMPLETION_INDEX", "1");
    let mut batch = probe(&mark, &["--shards", "2"]);
    batch.env("AWS_BATCH_JOB_ARRAY_INDEX", "0");
    let reports = run_all(vec![kubernetes, batch]);
    assert_eq!(seen(&mark), (0..90).collect::<Vec<u64>>());
    let first: Value = serde_json::from_str(&reports[0]).unwrap();
    assert_eq!(first["shard"]["index"], 2);
    for (args, env, says) in [
        (
            vec!["--shards", "3"],
            None,
            "JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX",
        ),
        (vec!["--shards", "3"], Some("3"), "out of range"),
        (vec!["--shard", "4/3"], None, "K is 1 to 3"),
        (
            vec!["--shard", "1/3", "--shards", "3"],
            None,
            "cannot be used",
        ),
    ] {
        let mut cmd = iops();
        cmd.args(["ws", "probe", &node_peer().url("/log")])
            .args(PLAN)
            .args(&args)
            .env_remove("JOB_COMPLETION_INDEX")
            .env_remove("AWS_BATCH_JOB_ARRAY_INDEX");
        if let Some(index) = env {
            cmd.env("JOB_COMPLETION_INDEX", index);
        }
        let out = exits(&mut cmd, 2);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
    // A single probe has no plan to split.
    let out = exits(
        iops().args(["ws", "probe", &node_peer().url("/log"), "--shard", "1/2"]),
        2,
    );
    assert!(out.stderr.contains("split a load run"), "{}", out.stderr);
}

/// The job `--emit` prints, checked by implementations nobody here wrote (the Kubernetes
/// client's V1Job model, botocore's SubmitJob shape); the copies' command line it holds, run
/// here unchanged — each with the index its engine would set — opens the plan once.
#[test]
fn the_emitted_jobs_validate_and_their_command_runs_unchanged() {
    let validated = |engine: &str, extra: &[&str]| -> Value {
        let mut cmd = iops();
        cmd.args(["ws", "probe", &node_peer().url("/log")])
            .args(PLAN)
            .args(["--send", "EMIT-c{conn}", "--shards", "3", "--emit", engine])
            .args(extra);
        let out = exits(&mut cmd, 0);
        assert!(out.stderr.contains("nothing was applied"), "{}", out.stderr);
        let validator = Process::new(support::project_dir().join(".venv/bin/python"))
            .arg(support::project_dir().join("tests/support/validate_job.py"))
            .arg(engine)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        validator
            .stdin
            .as_ref()
            .unwrap()
            .write_all(&out.stdout)
            .unwrap();
        let checked = validator.wait_with_output().unwrap();
        assert!(
            checked.status.success(),
            "{engine}: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        serde_json::from_slice(&checked.stdout).unwrap()
    };
    let job = validated(
        "kubernetes",
        &["--token", "s3cret", "--image", "registry.example/iops:1"],
    );
    assert_eq!(job["facts"]["completion_mode"], "Indexed");
    assert_eq!(job["facts"]["completions"], 3);
    assert_eq!(job["facts"]["parallelism"], 3);
    assert_eq!(job["facts"]["backoff_limit"], 0);
    assert_eq!(job["facts"]["restart_policy"], "Never");
    assert_eq!(job["facts"]["env"], serde_json::json!(["IOPS_TOKEN"]));
    assert_eq!(job["facts"]["image"], "registry.example/iops:1");
    assert!(
        !job.to_string().contains("s3cret"),
        "the token is in the manifest: {job}"
    );
    let batch = validated("aws-batch", &[]);
    assert_eq!(batch["facts"]["size"], 3);
    assert_eq!(batch["args"], job["args"]);

    // The copies: the manifest's args as they are, an index each, as the Job would run them.
    let args: Vec<String> = serde_json::from_value(job["args"].clone()).unwrap();
    let mark = unique("copy");
    let copies: Vec<Process> = (0..3)
        .map(|index| {
            let mut command = support::iops_process();
            let args: Vec<String> = args
                .iter()
                .map(|a| a.replace("EMIT-", &format!("{mark}-")))
                .collect();
            command
                .args(&args)
                .env("JOB_COMPLETION_INDEX", index.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            command
        })
        .collect();
    let reports = run_all(copies);
    assert_eq!(seen(&mark), (0..90).collect::<Vec<u64>>());
    let merged = merge(&reports.concat(), &["-"]);
    assert!(
        merged.stderr.starts_with("exit Some(0)"),
        "{}",
        merged.stderr
    );
}

/// `ws probe URL ARGS` as a process (hermetic environment, no engine index set), its output
/// captured.
fn probe_with(path: &str, args: &[&str]) -> Process {
    let mut command = support::iops_process();
    command
        .args(["ws", "probe", &node_peer().url(path)])
        .args(args)
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("AWS_BATCH_JOB_ARRAY_INDEX")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// A copy whose run failed exits 0 with `--exit-zero` (in a Job, a failed copy would stop the
/// others), says why on stderr — which `kubectl logs` mixes into the reports — and the merge of
/// that stream skips the text, still holds every shard, and fails naming the failed run.
#[test]
fn a_failed_shard_exits_zero_for_its_engine_and_its_merge_fails_naming_it() {
    let plan = [
        "--connections",
        "12",
        "--rate",
        "120",
        "--hold",
        "2s",
        "--exit-zero",
        "-o",
        "ndjson",
    ];
    let outputs: Vec<(String, String)> = (1..=3)
        .map(|k| {
            let shard = format!("{k}/3");
            let mut args = plan.to_vec();
            args.extend(["--shard", &shard]);
            probe_with("/close-after-ms/100/4001", &args)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|mut p| {
            let out = p.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert_eq!(out.status.code(), Some(0), "{stderr}");
            assert!(stderr.contains("exit 0 (--exit-zero)"), "{stderr}");
            (String::from_utf8(out.stdout).unwrap(), stderr)
        })
        .collect();
    // As `kubectl logs -l job-name=X` prints them: each pod's stdout and stderr together.
    let stream: String = outputs
        .iter()
        .map(|(out, err)| format!("{out}{err}"))
        .collect();
    let merged = merge(&stream, &["-"]);
    assert!(
        merged.stderr.starts_with("exit Some(1)"),
        "{}",
        merged.stderr
    );
    assert!(
        merged.stderr.contains("skipped 3 lines of text"),
        "{}",
        merged.stderr
    );
    assert!(
        merged.stderr.contains("shard 1/3 failed"),
        "{}",
        merged.stderr
    );
    let merged: Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(merged["attempted"], 12);
    assert_eq!(merged["cut_short"], 12);
    // `kubectl logs --prefix --timestamps` (pods in any order): the same merge.
    let prefixed: String = outputs
        .iter()
        .enumerate()
        .rev()
        .flat_map(|(k, (out, err))| {
            format!("{out}{err}")
                .lines()
                .map(|line| {
                    format!("[pod/iops-load-{k}/iops] 2026-12-07T13:00:0{k}.123456789Z {line}\n")
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let again = merge(&prefixed, &["-"]);
    assert!(again.stderr.starts_with("exit Some(1)"), "{}", again.stderr);
    assert!(
        again.stderr.contains("shard 3/3 failed"),
        "{}",
        again.stderr
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&again.stdout).unwrap()["attempted"],
        12
    );
    // A copy of a shard's report is that shard twice (exit 1), as a second run of it would be.
    let copied = merge(
        &format!(
            "{}{}{}{}",
            outputs[0].0, outputs[1].0, outputs[1].0, outputs[2].0
        ),
        &["-"],
    );
    assert!(
        copied.stderr.starts_with("exit Some(1)"),
        "{}",
        copied.stderr
    );
    assert!(
        copied.stderr.contains("shard 2/3 more than once"),
        "{}",
        copied.stderr
    );
    // Without --exit-zero the same copy fails (exit 1), as a single run does.
    let mut args = plan.to_vec();
    args.retain(|a| *a != "--exit-zero");
    args.extend(["--shard", "1/3"]);
    let out = probe_with("/close-after-ms/100/4001", &args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What makes the plan beyond its pace — the messages, `--concurrency` — is in the shard tag,
/// and `--concurrency` is split: the shards together hold what one run would.
#[test]
fn shards_of_other_messages_are_another_plan_and_concurrency_is_shared() {
    let run = |send: &str, shard: &str| -> String {
        let out = probe_with(
            "/log",
            &[
                "--connections",
                "6",
                "--rate",
                "600",
                "--hold",
                "150ms",
                "--concurrency",
                "3",
                "--send",
                send,
                "--shard",
                shard,
                "-o",
                "ndjson",
            ],
        )
        .output()
        .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let mark = unique("conc");
    let a = format!("{mark}-c{{conn}}");
    let reports = [run(&a, "1/3"), run(&a, "2/3"), run(&a, "3/3")];
    for report in &reports {
        let report: Value = serde_json::from_str(report).unwrap();
        // Its share of 3: one connection at a time.
        assert_eq!(report["held_peak"], 1, "{report}");
    }
    assert_eq!(seen(&mark), (0..6).collect::<Vec<u64>>());
    let merged = merge(&reports.concat(), &["-"]);
    assert!(
        merged.stderr.starts_with("exit Some(0)"),
        "{}",
        merged.stderr
    );
    // Shard 3 sent other messages: another plan, said with both.
    let other = run(&format!("{mark}-other-{{conn}}"), "3/3");
    let mixed = merge(&format!("{}{}{other}", reports[0], reports[1]), &["-"]);
    assert!(mixed.stderr.starts_with("exit Some(1)"), "{}", mixed.stderr);
    assert!(
        mixed
            .stderr
            .contains("report 3 (shard 3/3) ran another plan"),
        "{}",
        mixed.stderr
    );
}

/// A split that leaves a shard nothing, disagreeing engine indexes, and — with `--emit` — what
/// the copies could not run or would write in clear: exit 2 before anything is opened or printed.
#[test]
fn splits_and_jobs_that_cannot_run_are_refused() {
    let url = node_peer().url("/log");
    let with_token = format!("{url}?token=s3cret");
    let load = ["--connections", "5", "--rate", "50"];
    let emit = ["--shards", "3", "--emit", "kubernetes"];
    type Case<'a> = (Vec<&'a str>, Option<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["--shard", "7/7"],
            None,
            "shards 6 to 7 would open none",
        ),
        (
            vec!["--shards", "3"],
            Some(("AWS_BATCH_JOB_ARRAY_INDEX", "2")),
            "disagree",
        ),
        (
            vec!["--shard", "1/3", "--concurrency", "4"],
            None,
            "give a multiple of 3",
        ),
        (
            vec!["--shards", "9", "--emit", "kubernetes"],
            None,
            "would open none",
        ),
        (emit.to_vec(), None, ""),
        (
            [&emit[..], &["--send", "@msg.json"]].concat(),
            None,
            "do not have this machine's files",
        ),
        (
            [&emit[..], &["--until-close"]].concat(),
            None,
            "is for a single probe",
        ),
        (
            [&emit[..], &["--send", "x", "--expect", "(["]].concat(),
            None,
            "is not a regex",
        ),
        (
            [&emit[..], &["--image", ""]].concat(),
            None,
            "a name without spaces",
        ),
        (
            vec!["--shards", "3", "--emit", "aws-batch", "--job-queue", "a b"],
            None,
            "a name without spaces",
        ),
    ];
    for (args, env, says) in cases {
        let mut cmd = iops();
        cmd.args(["ws", "probe", &url])
            .args(load)
            .args(&args)
            .env("JOB_COMPLETION_INDEX", "1")
            .env_remove("AWS_BATCH_JOB_ARRAY_INDEX");
        if let Some((name, value)) = env {
            cmd.env(name, value);
        }
        if says.is_empty() {
            // The control: the same job with nothing wrong is printed.
            let out = String::from_utf8(exits(&mut cmd, 0).stdout).unwrap();
            assert!(out.contains("--exit-zero"), "{out}");
            continue;
        }
        let out = exits(&mut cmd, 2);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{args:?}: {:?}", out.stdout);
    }
    // Options that would be ignored are refused.
    for (args, says) in [
        (
            vec!["--shards", "3", "--emit", "aws-batch", "--image", "x"],
            "is for --emit kubernetes",
        ),
        (
            vec!["--shards", "3", "--emit", "kubernetes", "--job-queue", "q"],
            "is for --emit aws-batch",
        ),
        (
            vec!["--shards", "3", "--emit", "kubernetes", "--html", "p.html"],
            "--emit runs nothing",
        ),
    ] {
        let out = exits(iops().args(["ws", "probe", &url]).args(load).args(&args), 2);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
    }
    let out = exits(iops().args(["ws", "probe", &url, "--exit-zero"]), 2);
    assert!(
        out.stderr.contains("--exit-zero is for a load run"),
        "{}",
        out.stderr
    );
    let out = exits(iops().args(["ws", "merge", "-", "-"]), 2);
    assert!(out.stderr.contains("named twice"), "{}", out.stderr);

    // A credential in the URL would be written in clear: refused, and not echoed.
    let out = exits(
        iops()
            .args(["ws", "probe", &with_token])
            .args(load)
            .args(emit),
        2,
    );
    assert!(
        out.stderr.contains("carries a credential ('token')"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
}

/// Copies that opened nothing (the server is down) exit 0 for their engine; their merge says
/// what a single run would: nothing connected, exit 4.
#[test]
fn shards_that_opened_nothing_merge_to_a_network_failure() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}/", dead.local_addr().unwrap());
    drop(dead);
    let reports: Vec<String> = (1..=2)
        .map(|k| {
            let shard = format!("{k}/2");
            let out = exits(
                iops()
                    .args(["ws", "probe", &url, "--connections", "4", "--rate", "100"])
                    .args(["--shard", &shard, "--exit-zero", "-o", "ndjson"]),
                0,
            );
            String::from_utf8(out.stdout).unwrap()
        })
        .collect();
    let merged = merge(&reports.concat(), &["-"]);
    assert!(
        merged.stderr.starts_with("exit Some(4)"),
        "{}",
        merged.stderr
    );
}
