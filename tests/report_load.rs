//! The page of a load run: `iops ws probe URL --connections N --html PATH` against the Node `ws`
//! peer (a server nobody here wrote), `iops report LOAD.json --html` on a saved report and on a
//! `ws merge` of two runs, a peer's text escaped, the size of a page of 100,000 connections, and
//! the input refused.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use support::peers::node_peer;
use support::{exits, iops, unique};

/// The numbers of a chart's folded table: per row (period), each series' `data-value`, in the
/// order of the series.
fn chart_rows(page: &str, id: &str) -> Vec<Vec<Option<f64>>> {
    let start = page
        .find(&format!("data-chart=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart {id} on the page"));
    let figure = &page[start..start + page[start..].find("</figure>").expect("figure ends")];
    let body = &figure[figure.find("<tbody>").expect("a numbers table")..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("data-value=\"")
                .skip(1)
                .map(|cell| {
                    let value = &cell[..cell.find('"').expect("attribute ends")];
                    serde_json::from_str::<Option<f64>>(value).unwrap_or_else(|e| {
                        panic!("data-value {value:?} is not a JSON number: {e}")
                    })
                })
                .collect()
        })
        .collect()
}

/// The first series of a chart (for `connections`: opened), per period.
fn first_column(page: &str, id: &str) -> Vec<f64> {
    chart_rows(page, id)
        .iter()
        .map(|row| row[0].expect("a count in every period"))
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A load run against the Node peer's `/echo` (`?run=…` names it in the peer's log of closes),
/// its JSON report and page.
fn load_run(dir: &Path, name: &str, extra: &[&str]) -> (Value, String) {
    let peer = node_peer();
    let target = format!("/echo?run={}", unique(name));
    let html = dir.join(format!("{name}.html"));
    let out = exits(
        iops()
            .args(["ws", "probe", &peer.url(&target)])
            .args(["--connections", "20", "--rate", "20", "--hold", "1s"])
            .args(["-o", "json", "--html"])
            .arg(&html)
            .args(extra)
            .timeout(Duration::from_secs(60)),
        0,
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("the JSON report on stdout");
    assert!(
        out.stderr.contains(&format!("wrote {}", html.display())),
        "{}",
        out.stderr
    );
    // The peer saw every connection, closed by iops with 1000: the run really talked to it.
    let closes = peer.closes_for(&target, 20, Duration::from_secs(10));
    assert_eq!(closes, vec![1000; 20], "{}", peer.stderr());
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_vec_pretty(&report).unwrap(),
    )
    .unwrap();
    (report, read(&html))
}

fn timeline_sum(report: &Value, field: &str) -> u64 {
    report["timeline"]["seconds"]
        .as_array()
        .expect("a timeline")
        .iter()
        .map(|s| s[field].as_u64().expect(field))
        .sum()
}

#[test]
fn a_load_run_writes_its_page_with_the_numbers_of_its_report() {
    let dir = tempfile::tempdir().unwrap();
    let (report, page) = load_run(dir.path(), "plain", &[]);
    assert_eq!(report["attempted"], 20, "{report}");
    assert_eq!(report["connected"], 20, "{report}");
    // The JSON report is as it was, with its timeline: every connection opened and ended in it.
    assert_eq!(timeline_sum(&report, "opened"), 20);
    assert_eq!(timeline_sum(&report, "connected"), 20);
    assert_eq!(timeline_sum(&report, "closed"), 20);

    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!page.contains("<script"), "no script on the page");
    assert!(page.contains("data-verdict=\"ok\""));
    for chart in ["connections", "connect-time", "close-codes"] {
        assert!(
            page.contains(&format!("data-chart=\"{chart}\"")),
            "no {chart} chart"
        );
        assert!(
            page.contains(&format!("data-chart=\"{chart}\"><figcaption><h3>"))
                && page.contains("<svg"),
            "{chart} has no drawing"
        );
    }
    // Without sends there is no round trip to draw.
    assert!(!page.contains("data-chart=\"round-trip\""));
    // The per-second opened counts on the page are the report's: they add up to its attempts.
    let opened = first_column(&page, "connections");
    assert_eq!(opened.iter().sum::<f64>(), 20.0, "{opened:?}");
    let seconds: Vec<f64> = report["timeline"]["seconds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["opened"].as_f64().unwrap())
        .collect();
    assert_eq!(opened, seconds);
    // The close codes' stacked chart holds each connection's end once.
    let ended: f64 = chart_rows(&page, "close-codes")
        .iter()
        .flatten()
        .flatten()
        .sum();
    assert_eq!(ended, 20.0);
    assert!(page.contains("<code>1000</code> normal closure"), "{page}");
}

#[test]
fn the_page_of_a_merge_of_two_runs_adds_them_second_by_second() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (first, _) = load_run(d, "first", &[]);
    let (second, page) = load_run(d, "second", &["--send", "seq={seq}", "--every", "300ms"]);
    assert!(
        page.contains("data-chart=\"round-trip\""),
        "round trips are drawn"
    );
    assert!(page.contains("data-chart=\"messages\""));
    let merged = exits(
        iops()
            .args(["ws", "merge", "-o", "json"])
            .arg(d.join("first.json"))
            .arg(d.join("second.json")),
        0,
    );
    let merged_path = d.join("merged.json");
    std::fs::write(&merged_path, &merged.stdout).unwrap();
    let merged: Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(merged["attempted"], 40);
    assert_eq!(
        timeline_sum(&merged, "opened"),
        timeline_sum(&first, "opened") + timeline_sum(&second, "opened")
    );
    assert_eq!(timeline_sum(&merged, "sent"), second["messages"]["sent"]);

    let html = d.join("merged.html");
    let out = exits(
        iops()
            .args(["report"])
            .arg(&merged_path)
            .args(["--html"])
            .arg(&html)
            .args(["-o", "json"]),
        0,
    );
    // The model printed beside the page holds the page's numbers.
    let model: Value = serde_json::from_slice(&out.stdout).expect("the page's JSON model");
    let page = read(&html);
    let opened = first_column(&page, "connections");
    assert_eq!(opened.iter().sum::<f64>(), 40.0);
    let model_opened: Vec<f64> = model["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "connections")
        .expect("the connections chart in the model")["series"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(opened, model_opened);
    assert_eq!(model["report"]["attempted"], 40);
    // Round trips of the merge: p50 per second, as bucket bounds, where there were any.
    let p50: Vec<f64> = chart_rows(&page, "round-trip")
        .iter()
        .filter_map(|row| row[0])
        .collect();
    assert!(!p50.is_empty());
    let bounds = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0];
    assert!(p50.iter().all(|v| bounds.contains(v)), "{p50:?}");
}

/// A report as `ws probe --connections N -o json` writes one, of `connections` connections over
/// `seconds` seconds, with its exact samples.
fn synthetic_report(connections: u64, seconds: u64, hostile: &str) -> Value {
    let per_second = connections / seconds;
    let codes = [1000u64, 1001, 1006, 1011, 4000, 4001, 4002, 4003];
    let timeline: Vec<Value> = (0..seconds)
        .map(|s| {
            let mut close_codes = serde_json::Map::new();
            for (i, code) in codes.iter().enumerate() {
                close_codes.insert(code.to_string(), json!((per_second + i as u64 + s) % 7));
            }
            json!({
                "opened": per_second, "connected": per_second - s % 3, "failed": s % 3,
                "closed": per_second, "cut_short": s % 5,
                "sent": per_second * 4, "received": per_second * 4 - s % 2,
                "matched": per_second * 4 - s % 2,
                "connect_ms": [s % 4, per_second / 2, per_second / 4, 3, 1, 0, 0, 1],
                "round_trip_ms": [per_second, per_second * 2, per_second, 1, 0, 0, 0, 0, 0, 2],
                "close_codes": close_codes,
            })
        })
        .collect();
    // 100,000 connect times, sorted and delta-encoded as the report keeps them.
    let connect_us: Vec<u64> = (0..connections)
        .map(|i| if i == 0 { 800 } else { i % 3 })
        .collect();
    json!({
        "url": format!("wss://example.test/prod?token=[redacted]&x={hostile}"),
        "requested": connections, "attempted": connections,
        "connected": connections - 7, "failed": 7, "held_peak": connections / 2,
        "target_rate": 250.0, "achieved_rate": 249.9,
        "connect_ms": {"p50": 1.2, "p95": 3.4, "p99": 9.9, "max": 51.0, "method": "exact"},
        "handshake_statuses": {"101": connections - 7, "429": 4, "503": 3},
        "close_codes": {"1000": connections - 20, "1006": 13},
        "messages_received": connections * 4,
        "messages": {"sent": connections * 4, "received": connections * 4,
                     "matched": connections * 4, "unanswered": 0, "expectations_failed": 0},
        "round_trip_ms": {"count": connections * 4, "p50": 1.0, "p95": 2.0, "p99": 3.0, "max": 9.0},
        "broadcasts_per_connection": {"min": 0, "median": 0, "max": 0},
        "failures": {"HTTP 429": 4, "HTTP 503": 3, (hostile): 1},
        "cut_short": 13, "cut_short_codes": {"1006": 13},
        "violations": {(format!("a rule {hostile}")): 1},
        "hold_ms": 60000.0, "messages_per_connection": null,
        "elapsed_ms": seconds as f64 * 1000.0, "interrupted": false,
        "verdict": {"ok": false, "reasons": [format!("7 of {connections} connections could not be opened ({hostile} × 1)")]},
        "samples": {"connect_us": connect_us, "round_trip_us": [], "broadcasts": []},
        "timeline": {
            "bucket_bounds_ms": [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000],
            "seconds": timeline,
        },
    })
}

/// `iops report LOAD.json --html PATH` on a report written here: the page's text.
fn page_of(dir: &Path, name: &str, report: &Value) -> String {
    let json = dir.join(format!("{name}.json"));
    std::fs::write(&json, serde_json::to_vec(report).unwrap()).unwrap();
    let html = dir.join(format!("{name}.html"));
    exits(iops().arg("report").arg(&json).arg("--html").arg(&html), 0);
    read(&html)
}

const HOSTILE: &str = "<script>alert(1)</script>";

#[test]
fn a_peers_text_is_escaped_never_markup() {
    let dir = tempfile::tempdir().unwrap();
    let page = page_of(dir.path(), "hostile", &synthetic_report(600, 3, HOSTILE));
    assert!(!page.contains("<script"), "a peer's text became markup");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // In the URL, the failures table, the violations table and the verdict's reasons.
    assert!(page.matches(escaped).count() >= 5, "{page}");
    assert!(page.contains(&format!("<code>{escaped}</code>")));
    assert!(page.contains("data-verdict=\"failed\""));
}

#[test]
fn a_page_of_100000_connections_stays_under_a_megabyte() {
    let dir = tempfile::tempdir().unwrap();
    let page = page_of(dir.path(), "large", &synthetic_report(100_000, 400, "x"));
    eprintln!(
        "a page of 100,000 connections over 400 s: {} bytes",
        page.len()
    );
    assert!(page.len() < 1_000_000, "{} bytes", page.len());
    let opened = first_column(&page, "connections");
    assert_eq!(opened.len(), 400);
    assert_eq!(opened.iter().sum::<f64>(), 100_000.0);
    for chart in ["connect-time", "round-trip", "close-codes", "messages"] {
        assert!(page.contains(&format!("data-chart=\"{chart}\"")), "{chart}");
    }

    // A run of three hours: shown in periods of 18 s, at most 600 rows a chart.
    let long = page_of(dir.path(), "long", &synthetic_report(108_000, 10_800, "x"));
    eprintln!("a page of a 3 h run: {} bytes", long.len());
    assert!(long.len() < 1_000_000, "{} bytes", long.len());
    let opened = first_column(&long, "connections");
    assert_eq!(opened.len(), 600);
    assert_eq!(opened.iter().sum::<f64>(), 108_000.0);
    assert!(long.contains("periods of 18 s"));
}

#[test]
fn a_file_that_is_not_a_load_report_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-a-load-report.json");
    std::fs::write(&path, r#"{"hello": "world"}"#).unwrap();
    let html = dir.path().join("page.html");
    let out = exits(iops().arg("report").arg(&path).arg("--html").arg(&html), 2);
    assert!(
        out.stderr.contains(&path.display().to_string()),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("is not a load report"),
        "{}",
        out.stderr
    );
    assert!(!html.exists(), "no page from what is not a report");
}

#[test]
fn html_is_refused_without_load_mode_and_before_a_run_it_could_not_end() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.html");
    // Port 9 would refuse: exit 2 shows iops refused before connecting.
    let out = exits(
        iops()
            .args(["ws", "probe", "ws://127.0.0.1:9", "--html"])
            .arg(&html),
        2,
    );
    assert!(out.stderr.contains("--connections N"), "{}", out.stderr);
    let missing = dir.path().join("no-such-folder/page.html");
    let out = exits(
        iops()
            .args([
                "ws",
                "probe",
                "ws://127.0.0.1:9",
                "--connections",
                "3",
                "--html",
            ])
            .arg(&missing),
        2,
    );
    assert!(out.stderr.contains("is not a folder"), "{}", out.stderr);
    assert!(!html.exists() && !missing.exists());
}

/// The verdict on the page is iops's own over the file's counts: a report edited to say "ok"
/// over 7 failed connections still fails, and counts that cannot be are refused.
#[test]
fn a_report_is_judged_again_not_taken_at_its_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut report = synthetic_report(1000, 10, "x");
    report["verdict"] = json!({"ok": true, "reasons": []});
    let path = dir.path().join("edited.json");
    std::fs::write(&path, serde_json::to_vec(&report).unwrap()).unwrap();
    let out = exits(iops().arg("report").arg(&path).args(["-o", "json"]), 0);
    let model: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(model["report"]["verdict"]["ok"], json!(false), "{model:#}");
    report["connected"] = json!(5000);
    std::fs::write(&path, serde_json::to_vec(&report).unwrap()).unwrap();
    let out = exits(iops().arg("report").arg(&path).args(["-o", "json"]), 2);
    assert!(out.stderr.contains("do not add up"), "{}", out.stderr);
}
