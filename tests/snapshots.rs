//! Snapshots (insta) of what people read: every `--help` page of the real binary, and the text
//! reports of the commands whose output does not depend on AWS state. A changed flag, help line
//! or report layout fails here until the snapshot under `tests/snapshots/` is reviewed and
//! updated (`INSTA_UPDATE=always cargo test --test snapshots`, then `git diff`).

mod support;

use regex::Regex;
use support::ws::{Scenario, ws_server};
use support::{exits, iops};

fn help(path: &[String]) -> String {
    let mut args = path.to_vec();
    args.push("--help".into());
    String::from_utf8(exits(iops().args(&args), 0).stdout).unwrap()
}

/// The subcommand names a help page lists under `Commands:`.
fn subcommands(page: &str) -> Vec<String> {
    page.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_help_page() {
    let mut pending = vec![Vec::<String>::new()];
    let mut pages = 0;
    while let Some(path) = pending.pop() {
        let page = help(&path);
        assert!(page.contains("Usage: iops"), "{path:?}: {page}");
        for name in subcommands(&page) {
            let mut child = path.clone();
            child.push(name);
            pending.push(child);
        }
        let name = std::iter::once("iops".to_string())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join("-");
        insta::assert_snapshot!(format!("help-{name}"), page);
        pages += 1;
    }
    assert!(pages >= 25, "only {pages} help pages found");
    let top = help(&[]);
    assert!(top.contains("Exit codes:") && top.contains("130"), "{top}");
}

/// Times and rates change from run to run; everything else must not.
fn steady(text: &str) -> String {
    let timing = Regex::new(r"\d+(\.\d+)? ?(ms|s)\b").unwrap();
    timing.replace_all(text, "[time]").into_owned()
}

#[test]
fn simulate_table() {
    let out = exits(
        iops().args([
            "simulate",
            "--seed",
            "9",
            "--streams",
            "3",
            "--events-per-stream",
            "5",
            "-o",
            "table",
        ]),
        0,
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn logs_stats_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("connect.log");
    std::fs::write(
        &file,
        [
            "REPORT RequestId: a\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 256 MB\tMax Memory Used: 64 MB\tInit Duration: 200.00 ms",
            "REPORT RequestId: b\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 256 MB\tMax Memory Used: 80 MB",
            "[ERROR] KeyError: 'connectionId'",
            "disconnectReason: Client-side close frame status not set, disconnectStatusCode: 1005",
            "disconnectReason: Going away, disconnectStatusCode: 1001",
        ]
        .join("\n"),
    )
    .unwrap();
    let out = exits(
        iops().args([
            "logs",
            "stats",
            "--from-file",
            file.to_str().unwrap(),
            "-o",
            "table",
        ]),
        0,
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn probe_text_after_a_clean_close() {
    let server = ws_server(Scenario::SendThenClose(1000, "bye"));
    let out = exits(
        iops().args([
            "ws",
            "probe",
            server.url.as_str(),
            "--until-close",
            "--show",
            "1",
            "-o",
            "table",
        ]),
        0,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(steady(&text.replace(&server.url, "ws://SERVER")));
}

#[test]
fn probe_text_after_a_refused_upgrade() {
    let server = ws_server(Scenario::RefuseUpgrade(403));
    let out = exits(
        iops().args(["ws", "probe", server.url.as_str(), "-o", "table"]),
        4,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(steady(&text.replace(&server.url, "ws://SERVER")));
}
