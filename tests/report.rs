//! `iops report` against moto server: the `top` fixture stack (tests/support/top_stack.py), its
//! page model exact against a golden file, the HTML page checked figure by figure, a recording
//! of `top --record` read back, a window in the past, hostile log text, and bad input.

mod support;

use serde_json::{Value, json};
use support::exits;
use support::top_stack::{Stack, stack};

/// The runbook's stack (tests/top.rs), with errors of three kinds, one carrying a request id,
/// and the log lines from the start of a minute so each minute's count is fixed.
fn incident() -> Stack {
    // Seeded and read in the same minute: the window's periods then hold the seeded minutes at
    // the same places (a minute turning in between would shift the live estimate's edges).
    let second = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if second > 45 {
        std::thread::sleep(std::time::Duration::from_secs(61 - second));
    }
    stack(json!({
        "connects": [60, 101], "messages": 12, "stores": 161,
        "close_codes": {"1005": 158, "1001": 3}, "live": 4, "expired": 2,
        "incoming_records": 500, "iterator_age_ms": [900, 400], "visible": [3, 1],
        "processor_errors": 12, "aligned": true,
        "processor_lines": [
            "[ERROR]\t2026-12-07T02:10:00.000Z\t3c5e1b2a-1111-4222-8333-944455556666\tTimeout talking to db after 3000 ms",
            "{\"level\":\"ERROR\",\"requestId\":\"9f1e0c2d-2222-4333-8444-a55566667777\",\"message\":\"Timeout talking to db after 2999 ms\"}",
        ],
    }))
}

/// One part of a model with the clock taken out.
fn normalised_part(stack: &Stack, part: &Value) -> String {
    let mut part = part.clone();
    for item in part.as_array_mut().unwrap() {
        for key in ["first", "last", "at", "at_s"] {
            if item.get(key).is_some() {
                item[key] = json!("<clock>");
            }
        }
    }
    serde_json::to_string_pretty(&part)
        .unwrap()
        .replace(&stack.api_id, "API")
        .replace(&stack.prefix, "PREFIX")
}

fn model(stdout: &[u8]) -> Value {
    serde_json::from_slice(stdout).expect("one JSON document")
}

/// A series without its quiet edges (nulls and zeros before the first and after the last
/// datapoint), a quiet period inside it as 0 (whether CloudWatch's newest minutes are drawn as
/// gaps depends on the second the test runs; `fresh_gaps` is tested on its own): the same
/// wherever in the window the seeded minutes fell.
fn trimmed(values: &Value, counts: bool) -> Value {
    let values: Vec<Value> = values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            if v.is_null() && counts {
                json!(0.0)
            } else {
                v.clone()
            }
        })
        .collect();
    let quiet = |v: &Value| v.is_null() || v.as_f64() == Some(0.0);
    let first = values.iter().position(|v| !quiet(v));
    let last = values.iter().rposition(|v| !quiet(v));
    match (first, last) {
        (Some(first), Some(last)) => Value::from(values[first..=last].to_vec()),
        _ => json!([]),
    }
}

/// The model with what changes from run to run taken out: the API id and prefix, the clock
/// (times become offsets from the window's start), the series' quiet edges.
fn normalised(stack: &Stack, model: &Value) -> String {
    let mut model = model.clone();
    model["header"]["generated_at"] = json!("<now>");
    for key in ["from", "to", "start_s"] {
        model["window"][key] = json!("<clock>");
    }
    for chart in model["charts"].as_array_mut().unwrap() {
        let counts = chart["unit"] == "count per period";
        for series in chart["series"].as_array_mut().unwrap() {
            series["values"] = trimmed(&series["values"], counts);
        }
        // The live estimate starts from the table's count now: its walk back is tested in
        // the unit tests; here its presence.
        if chart["note"].is_string() {
            chart["note"] = json!("<note>");
        }
    }
    for event in model["timeline"].as_array_mut().unwrap() {
        event["at"] = json!("<clock>");
        event["at_s"] = json!("<clock>");
    }
    for error in model["top_errors"].as_array_mut().unwrap() {
        error["first"] = json!("<clock>");
        error["last"] = json!("<clock>");
    }
    let text = serde_json::to_string_pretty(&model).unwrap();
    text.replace(&stack.api_id, "API")
        .replace(&stack.prefix, "PREFIX")
        .replace(&support::moto().endpoint, "MOTO")
}

#[test]
fn the_page_model_of_the_seeded_stack_is_exact() {
    let stack = incident();
    let out = exits(
        &mut stack.iops(&["report", "--since", "30m", "-o", "json"]),
        0,
    );
    let model = model(&out.stdout);
    insta::assert_snapshot!("report-model", normalised(&stack, &model));
    // The same AWS calls as `top --once` for the same window.
    // The same AWS calls as `top --once` for the same window, and one GetDeployments and one
    // GetStage for the timeline (moto has no deployments: the stand-in test reads them).
    let top = exits(&mut stack.top(&["--once", "-o", "json"]), 0);
    let top: Value = serde_json::from_slice(&top.stdout).unwrap();
    // `requests` counts every call of the report; top's JSON counts those of its refresh, and
    // top makes the same start-up describes as the report before it.
    let mut requests = model["requests"].clone();
    let requests = requests.as_object_mut().unwrap();
    let start_up = [
        ("ListFunctions", 1),
        ("GetApi", 1),
        ("GetStage", 1),
        ("DescribeStreamSummary", 1),
        ("DescribeTable", 1),
        ("GetQueueUrl", 1),
        ("GetDeployments", 1),
    ];
    for (op, n) in start_up {
        let count = requests.get(op).and_then(Value::as_u64).unwrap_or(0);
        assert!(count >= n, "{op}: {model:#}");
        if count == n {
            requests.remove(op);
        } else {
            requests.insert(op.into(), json!(count - n));
        }
    }
    assert_eq!(Value::from(requests.clone()), top["requests"], "{model:#}");
    // And the same figures, where top has them.
    for figure in top["figures"].as_array().unwrap() {
        let found = model["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["subject"] == figure["subject"] && f["figure"] == figure["figure"])
            .unwrap_or_else(|| panic!("{figure} is not in the report"));
        assert_eq!(found["value"], figure["value"], "{figure}");
        assert_eq!(found["state"], figure["state"], "{figure}");
    }
}

/// Every `data-value` after the marker in the page, in order.
fn data_values_after<'a>(page: &'a str, marker: &str) -> &'a str {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} is not in the page"));
    &page[at..]
}

fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn every_figure_of_the_model_is_in_the_page_and_hostile_text_is_text() {
    let hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";
    let stack = stack(json!({
        "connects": [5, 7], "close_codes": {"1006": 4}, "processor_errors": 2,
        "error_text": hostile,
    }));
    let page_path = stack.dir.path().join("page.html");
    let out = exits(
        &mut stack.iops(&[
            "report",
            "--html",
            page_path.to_str().unwrap(),
            "-o",
            "json",
        ]),
        0,
    );
    let model = model(&out.stdout);
    assert!(out.stderr.contains("wrote"), "{}", out.stderr);
    let page = std::fs::read_to_string(&page_path).unwrap();
    let empty = |chart: &Value| {
        chart["series"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["values"].as_array().unwrap().iter().all(Value::is_null))
    };
    for figure in model["figures"].as_array().unwrap() {
        let row = format!(
            "data-subject=\"{}\" data-figure=\"{}\"",
            attribute(figure["subject"].as_str().unwrap()),
            attribute(figure["figure"].as_str().unwrap())
        );
        let rest = data_values_after(&page, &row);
        let value = format!("data-value=\"{}\"", figure["value"]);
        let next_row = rest[1..].find("<tr").unwrap_or(rest.len());
        assert!(rest[..next_row].contains(&value), "{row}: {value}");
    }
    for chart in model["charts"].as_array().unwrap() {
        let id = chart["id"].as_str().unwrap();
        // A chart without a datapoint says so instead of drawing an empty frame.
        let drawn = page.contains(&format!("<title id=\"{id}-title\">"));
        assert_eq!(drawn, !empty(chart), "chart {id}");
    }
    assert!(model["charts"].as_array().unwrap().len() >= 5);
    // The hostile line is text everywhere: no script, no image, no handler made of it.
    assert!(!page.contains("<script"), "a script in the page");
    assert!(!page.contains("<img"), "an image in the page");
    assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
    // Nothing the page would fetch (the SVG namespace names, it does not fetch).
    let rest = page
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("&lt;img src=x onerror", "");
    for needle in ["src=", "href=", "srcset=", "action=", "@import", "url("] {
        assert!(!rest.contains(needle), "{needle} in the page");
    }
}

#[test]
fn a_recording_gives_back_the_page_of_its_refresh() {
    let stack = incident();
    let recording = stack.dir.path().join("top.ndjson");
    let recording_arg = recording.to_str().unwrap();
    let top = exits(
        &mut stack.top(&["--once", "--record", recording_arg, "-o", "json"]),
        0,
    );
    assert!(
        top.stderr.contains("recorded 1 refresh to"),
        "{}",
        top.stderr
    );
    let recorded: Value =
        serde_json::from_str(std::fs::read_to_string(&recording).unwrap().trim()).unwrap();
    let from_recording = exits(
        &mut stack.iops(&["report", "--from-recording", recording_arg, "-o", "json"]),
        0,
    );
    assert_eq!(model(&from_recording.stdout), recorded);
    // The recording is what top saw: its figures, and the report's own read of a 30m window.
    let top: Value = serde_json::from_slice(&top.stdout).unwrap();
    for figure in top["figures"].as_array().unwrap() {
        assert!(
            recorded["figures"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["subject"] == figure["subject"]
                    && f["figure"] == figure["figure"]
                    && f["value"] == figure["value"]),
            "{figure}"
        );
    }
    let live = exits(
        &mut stack.iops(&["report", "--since", "30m", "-o", "json"]),
        0,
    );
    // The report's own read of 30 minutes (whole minutes covering them: one period more than
    // top's, and every request counted) says the same of the stack.
    let live = model(&live.stdout);
    for part in ["figures", "verdicts", "top_errors"] {
        assert_eq!(
            normalised_part(&stack, &recorded[part]),
            normalised_part(&stack, &live[part]),
            "{part}"
        );
    }
    // A second refresh appends; a last line cut short is passed over with a note.
    exits(&mut stack.top(&["--once", "--record", recording_arg]), 0);
    let text = std::fs::read_to_string(&recording).unwrap();
    assert_eq!(text.lines().count(), 2);
    std::fs::write(&recording, format!("{text}{{\"header\": {{\"ti")).unwrap();
    let cut = exits(
        &mut stack.iops(&["report", "--from-recording", recording_arg, "-o", "json"]),
        0,
    );
    assert!(cut.stderr.contains("line 3: cut short"), "{}", cut.stderr);
    assert_eq!(
        model(&cut.stdout),
        serde_json::from_str::<Value>(text.lines().nth(1).unwrap()).unwrap()
    );
}

#[test]
fn a_window_in_the_past_reads_that_window_and_no_count_of_now() {
    let stack = incident();
    let out = exits(
        &mut stack.iops(&["report", "--from", "3h", "--to", "2h", "-o", "json"]),
        0,
    );
    let model = model(&out.stdout);
    // Whole minutes covering the hour asked: 60, or 61 when it does not start on a minute.
    let periods = model["window"]["periods"].as_u64().unwrap();
    assert!(periods == 60 || periods == 61, "{model:#}");
    // The seeded minutes are later: every count is 0, no error line, nothing on the timeline.
    let connects = model["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == "connects")
        .unwrap();
    assert_eq!(connects["value"], json!(0.0));
    assert_eq!(model["top_errors"], json!([]));
    assert_eq!(model["timeline"], json!([]));
    // The table's count is of now, not of two hours ago: not read, not drawn.
    assert!(model["requests"].get("Scan").is_none(), "{model:#}");
    let connections = &model["charts"][0];
    assert!(
        connections["series"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"] != "live (estimated)"),
        "{connections:#}"
    );
}

#[test]
fn bad_windows_recordings_and_files_are_usage_errors() {
    let stack = incident();
    let dir = stack.dir.path();
    for (args, says) in [
        (vec!["report", "--from", "1h"], "--to"),
        (vec!["report", "--since", "25h"], "between 1m and 24h"),
        (vec!["report", "--from", "1h", "--to", "2h"], "is not after"),
        (
            vec!["report", "--since", "1h", "--from", "2h", "--to", "1h"],
            "cannot be used",
        ),
    ] {
        let out = exits(&mut stack.iops(&args), 2);
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let not_a_recording = dir.join("other.ndjson");
    std::fs::write(&not_a_recording, "{\"a\": 1}\n").unwrap();
    let out = exits(
        &mut stack.iops(&[
            "report",
            "--from-recording",
            not_a_recording.to_str().unwrap(),
        ]),
        2,
    );
    assert!(
        out.stderr.contains("line 1 is not a refresh"),
        "{}",
        out.stderr
    );
    let missing = dir.join("missing.ndjson");
    let out = exits(
        &mut stack.iops(&["report", "--from-recording", missing.to_str().unwrap()]),
        2,
    );
    assert!(out.stderr.contains("missing.ndjson"), "{}", out.stderr);
    // A page that cannot be written: exit 1, and no half-written file left behind.
    let out = exits(
        &mut stack.iops(&["report", "--html", "/nonexistent-dir/page.html"]),
        1,
    );
    assert!(out.stderr.contains("cannot write"), "{}", out.stderr);
}

#[test]
fn a_dead_endpoint_ends_with_exit_4_and_nothing_written() {
    let stack = incident();
    let page = stack.dir.path().join("page.html");
    let mut cmd = support::iops_at("http://127.0.0.1:9");
    cmd.arg("--config")
        .arg(stack.config())
        .args(["report", "--html", page.to_str().unwrap()]);
    let out = exits(&mut cmd, 4);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("cannot reach"), "{}", out.stderr);
    assert!(!page.exists());
}

/// The figures of the model as the page's figure table must hold them: subject, name, and the
/// value and latest as the JSON writes them.
fn figure_rows(model: &Value) -> Value {
    model["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            json!([
                f["subject"],
                f["figure"],
                f["value"].to_string(),
                f["latest"].to_string()
            ])
        })
        .collect()
}

const CHARTS_JS: &str = "Array.from(document.querySelectorAll('figure.chart svg')).map(s => { \
     const r = s.getBoundingClientRect(); \
     return [s.closest('figure').id, r.width, r.height, s.querySelector('title').textContent]; })";

const FIGURES_JS: &str = "Array.from(document.querySelectorAll('#figures tbody tr')).map(tr => \
     [tr.dataset.subject, tr.dataset.figure, tr.children[2].dataset.value, tr.children[3].dataset.latest])";

/// The page in a real browser (Debian's Chromium, headless, over the DevTools protocol): no
/// console error, no request, every chart drawn with a size, the DOM's figures the model's,
/// hostile text inert; at a desktop's width, a phone's and in the dark. Screenshots are left
/// under target/report/ for a person to look at.
#[test]
fn the_page_reads_in_a_real_browser_at_desktop_and_phone_width() {
    let hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";
    let stack = stack(json!({
        "connects": [60, 101], "stores": 161, "close_codes": {"1005": 158, "1001": 3},
        "live": 4, "incoming_records": 500, "iterator_age_ms": [900, 70000],
        "visible": [3, 1], "processor_errors": 30, "error_text": hostile, "aligned": true,
    }));
    let path = stack.dir.path().join("page.html");
    let out = exits(
        &mut stack.iops(&["report", "--html", path.to_str().unwrap(), "-o", "json"]),
        0,
    );
    let model = model(&out.stdout);
    let url = url::Url::from_file_path(&path).unwrap().to_string();
    let shots = support::project_dir().join("target/report");
    let browser = support::browser::Browser::launch();
    for (name, width, height, dark) in [
        ("desktop", 1100, 900, false),
        ("phone", 375, 800, false),
        ("dark", 1100, 900, true),
    ] {
        let visit = browser.visit(&url, width, height);
        if dark {
            visit.call(
                "Emulation.setEmulatedMedia",
                json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
            );
            let background = visit.evaluate("getComputedStyle(document.body).backgroundColor");
            assert_eq!(background, json!("rgb(13, 17, 23)"), "{name}");
        }
        let errors: Vec<_> = visit
            .console
            .iter()
            .filter(|(level, _)| level == "error" || level == "exception")
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(visit.requests.is_empty(), "{name}: {:?}", visit.requests);
        assert!(visit.dialogs.is_empty(), "{name}: {:?}", visit.dialogs);
        let charts = visit.evaluate(CHARTS_JS);
        let charts = charts.as_array().unwrap();
        let drawn = model["charts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| {
                c["series"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["values"].as_array().unwrap().iter().any(|v| !v.is_null()))
            })
            .count();
        assert_eq!(charts.len(), drawn, "{name}");
        for chart in charts {
            assert!(chart[1].as_f64().unwrap() > 100.0, "{name}: {chart}");
            assert!(chart[2].as_f64().unwrap() > 40.0, "{name}: {chart}");
            assert!(!chart[3].as_str().unwrap().is_empty(), "{name}: {chart}");
        }
        assert_eq!(visit.evaluate(FIGURES_JS), figure_rows(&model), "{name}");
        // The hostile line is text: no element made of it, its words readable as written.
        assert_eq!(
            visit.evaluate("document.querySelectorAll('script, img, [onerror]').length"),
            json!(0)
        );
        let text = visit.evaluate("document.getElementById('errors').textContent");
        assert!(text.as_str().unwrap().contains(hostile), "{name}: {text}");
        // A phone scrolls the wide tables in place, not the page.
        let overflow = visit.evaluate("document.documentElement.scrollWidth - window.innerWidth");
        assert!(overflow.as_f64().unwrap() <= 0.0, "{name}: {overflow}");
        visit.screenshot(&shots.join(format!("page-{name}.png")));
        if name == "desktop" {
            // The top of the page, as the README shows it (docs/report.png is a copy).
            let shot = visit.call(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true,
                    "clip": {"x": 0, "y": 0, "width": 1100, "height": 1250, "scale": 1}}),
            );
            let png = base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                shot["data"].as_str().unwrap(),
            )
            .unwrap();
            assert!(png.starts_with(b"\x89PNG"));
            std::fs::write(shots.join("page-top.png"), png).unwrap();
        }
    }
    // The timeline says what happened: the stream fell behind, the processor failed.
    let whats: Vec<&str> = model["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert!(
        whats
            .iter()
            .any(|w| w.starts_with("iterator age above a minute")),
        "{whats:?}"
    );
    assert!(
        whats
            .iter()
            .any(|w| w.starts_with("burst of 30 error lines")),
        "{whats:?}"
    );
}

/// moto has no API Gateway v2 deployments: the API here is the stand-in of tests/support/apigw.rs
/// (GetApi, GetStage, GetDeployments as the API reference shapes them), the rest moto.
#[test]
fn deployments_created_in_the_window_are_on_the_timeline() {
    let stack = incident();
    let mut api = support::apigw::healthy_websocket_api("abc123");
    let ten_minutes_ago = (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(10))
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    api.deployments.insert(
        0,
        support::apigw::DeploymentState {
            id: "d3".into(),
            created: ten_minutes_ago.clone(),
            status: "DEPLOYED".into(),
            message: None,
            description: Some("hotfix <b>".into()),
        },
    );
    let stand_in = support::apigw::apigateway_stand_in(api);
    let config = std::fs::read_to_string(stack.config())
        .unwrap()
        .replace(&stack.api_id, "abc123");
    std::fs::write(stack.config(), config).unwrap();
    let mut cmd = stack.iops(&["report", "-o", "json"]);
    cmd.env("AWS_ENDPOINT_URL_APIGATEWAYV2", &stand_in.server.endpoint);
    let model = model(&exits(&mut cmd, 0).stdout);
    let deployments: Vec<&Value> = model["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == "abc123/prod")
        .collect();
    assert_eq!(deployments.len(), 1, "{model:#}");
    assert_eq!(
        deployments[0]["what"],
        "deployment d3 created (hotfix <b>): DEPLOYED"
    );
    assert_eq!(deployments[0]["at"], json!(ten_minutes_ago));
    assert_eq!(model["notes"], json!([]));
    // Top's calls, and these for the timeline (the stand-in pages two deployments at a time).
    assert_eq!(model["requests"]["GetDeployments"], json!(2), "{model:#}");
    // GetStage twice: at start-up (does the stage exist?) and for the timeline.
    assert_eq!(model["requests"]["GetStage"], json!(2), "{model:#}");
    // Against moto alone (its own API) the page says the deployments were not read, and why.
    stack.write_config("");
    let plain = model_of(&stack, &["report", "-o", "json"]);
    assert!(
        plain["notes"][0]
            .as_str()
            .unwrap()
            .starts_with(&format!("deployments of {}/prod not read", stack.api_id)),
        "{plain:#}"
    );
}

fn model_of(stack: &Stack, args: &[&str]) -> Value {
    model(&exits(&mut stack.iops(args), 0).stdout)
}

/// A part iops could not judge is never a pass: a function never invoked (no log group) and a
/// queue CloudWatch has no datapoint for are warnings that say so.
#[test]
fn what_could_not_be_read_is_a_warning_not_a_pass() {
    let stack = stack(json!({"never_invoked": ["procsweep"], "connects": [3], "queue": true}));
    let model = model_of(&stack, &["report", "-o", "json"]);
    let verdict = |subject: &str| {
        model["verdicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["subject"] == subject)
            .unwrap_or_else(|| panic!("no verdict for {subject}: {model:#}"))
            .clone()
    };
    let sweeper = verdict(&format!("processor:{}-procsweep", stack.prefix));
    assert_eq!(sweeper["verdict"], "warn", "{sweeper}");
    assert!(
        sweeper["reason"].as_str().unwrap().contains("no log group"),
        "{sweeper}"
    );
    let queue = verdict("chat");
    assert_eq!(queue["verdict"], "warn", "{queue}");
    assert!(
        queue["reason"]
            .as_str()
            .unwrap()
            .contains("visible (no datapoint in the window)"),
        "{queue}"
    );
    // The function that ran and logged nothing wrong passes.
    let processor = verdict(&format!("processor:{}-processor", stack.prefix));
    assert_eq!(processor["verdict"], "pass", "{processor}");
}

/// `--html` names a file to replace whole — but a device or a FIFO is written to, never
/// replaced; a symlink keeps pointing at its file, which gets the page; permissions stay.
#[test]
fn the_page_replaces_a_file_and_never_a_device_or_a_link() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let stack = stack(json!({"connects": [3]}));
    let dir = stack.dir.path();
    exits(&mut stack.iops(&["report", "--html", "/dev/null"]), 0);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let target = dir.join("kept.html");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    exits(
        &mut stack.iops(&["report", "--html", link.to_str().unwrap()]),
        0,
    );
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    let page = std::fs::read_to_string(&target).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // Nothing left beside it.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
}

/// `top --record` appends only to a recording: a config file named by mistake is left alone.
#[test]
fn a_recording_is_never_appended_to_another_file() {
    let stack = stack(json!({"connects": [3]}));
    let config = std::fs::read_to_string(stack.config()).unwrap();
    let out = exits(
        &mut stack.top(&["--once", "--record", stack.config().to_str().unwrap()]),
        2,
    );
    assert!(out.stderr.contains("is not a recording"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(stack.config()).unwrap(), config);
}

/// A window that does not start on a minute keeps its first seconds: whole minutes covering it.
#[test]
fn a_window_keeps_the_minute_it_starts_in() {
    let stack = incident();
    let now = jiff::Timestamp::now().as_second();
    let minute = now.div_euclid(60) * 60;
    let from = jiff::Timestamp::from_second(minute - 600 + 10).unwrap();
    let to = jiff::Timestamp::from_second(minute - 540 + 5).unwrap();
    let model = model_of(
        &stack,
        &[
            "report",
            "--from",
            &from.to_string(),
            "--to",
            &to.to_string(),
            "-o",
            "json",
        ],
    );
    assert_eq!(model["window"]["start_s"], json!(minute - 600), "{model:#}");
    assert_eq!(model["window"]["periods"], json!(2), "{model:#}");
}
