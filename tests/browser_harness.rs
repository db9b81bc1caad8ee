//! The browser harness (`tests/support/browser.rs`) against fixture pages written at test time:
//! what a page lays out, logs, alerts and requests is what the harness reports.

mod support;

use std::time::Instant;

use serde_json::json;
use support::browser::Browser;
use tempfile::TempDir;

/// Writes `body` as an HTML page in `dir` and returns its `file://` URL.
fn page(dir: &TempDir, name: &str, body: &str) -> String {
    let path = dir.path().join(name);
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width, initial-scale=1\">\
         <title>{name}</title></head><body>{body}</body></html>"
    );
    std::fs::write(&path, html).expect("write the fixture page");
    url::Url::from_file_path(&path)
        .expect("absolute path")
        .to_string()
}

#[test]
fn an_svg_page_lays_out_quietly_and_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    let url = page(
        &dir,
        "svg.html",
        "<svg width=300 height=150 xmlns=\"http://www.w3.org/2000/svg\">\
         <rect width=300 height=150 fill=teal /></svg><p id=x>42</p>",
    );
    let started = Instant::now();
    let browser = Browser::launch();
    let launched = started.elapsed();
    let visit = browser.visit(&url, 1280, 800);
    eprintln!("launch {launched:?}, launch+visit {:?}", started.elapsed());
    assert_eq!(visit.url, url);
    assert!(visit.console.is_empty(), "{:?}", visit.console);
    assert!(visit.requests.is_empty(), "{:?}", visit.requests);
    assert!(visit.dialogs.is_empty(), "{:?}", visit.dialogs);
    let width = visit.evaluate("document.querySelector('svg').getBoundingClientRect().width");
    assert!(width.as_f64().is_some_and(|w| w > 0.0), "svg width {width}");
    assert_eq!(
        visit.evaluate("document.getElementById('x').textContent"),
        "42"
    );

    let shot = support::project_dir().join("target/browser-harness/svg.png");
    let _ = std::fs::remove_file(&shot);
    visit.screenshot(&shot);
    let png = std::fs::read(&shot).expect("the screenshot was written");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "not a PNG: {} bytes",
        png.len()
    );
}

#[test]
fn console_errors_and_dialogs_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let url = page(
        &dir,
        "noisy.html",
        "<script>console.error('boom'); alert('hi')</script><p>after</p>",
    );
    let browser = Browser::launch();
    let mut visit = browser.visit(&url, 1280, 800);
    assert!(
        visit
            .console
            .contains(&("error".to_string(), "boom".to_string())),
        "{:?}",
        visit.console
    );
    assert_eq!(visit.dialogs, ["hi"]);
    // The alert was dismissed: the rest of the page loaded.
    assert_eq!(
        visit.evaluate("document.querySelector('p').textContent"),
        "after"
    );

    // What the page does later is there after a refresh; a throw is an exception.
    visit.evaluate(
        "console.warn('later', 1, {a: 2}); setTimeout(() => { throw new Error('late') })",
    );
    visit.evaluate("new Promise(resolve => setTimeout(resolve, 100))");
    visit.refresh();
    assert!(
        visit
            .console
            .iter()
            .any(|(level, text)| level == "warning" && text.starts_with("later 1 ")),
        "{:?}",
        visit.console
    );
    assert!(
        visit
            .console
            .iter()
            .any(|(level, text)| level == "exception" && text.contains("Error: late")),
        "{:?}",
        visit.console
    );
}

#[test]
fn requests_the_page_makes_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    // The discard port on loopback: nothing listens, so the image fails fast and stays local.
    // The data: image is a valid 1x1 GIF: Chromium reports no request for one it cannot decode.
    let url = page(
        &dir,
        "image.html",
        "<img src=\"http://127.0.0.1:9/x.png\">\
         <img src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\">",
    );
    let browser = Browser::launch();
    let visit = browser.visit(&url, 1280, 800);
    assert!(
        visit
            .requests
            .iter()
            .any(|r| r == "http://127.0.0.1:9/x.png"),
        "{:?}",
        visit.requests
    );
    assert!(
        visit
            .requests
            .iter()
            .any(|r| r.starts_with("data:image/gif")),
        "{:?}",
        visit.requests
    );
    assert!(!visit.requests.contains(&url), "{:?}", visit.requests);
}

#[test]
fn the_viewport_is_the_size_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let url = page(&dir, "narrow.html", "<p>narrow</p>");
    let browser = Browser::launch();
    let phone = browser.visit(&url, 375, 667);
    assert_eq!(phone.evaluate("window.innerWidth"), 375);
    assert_eq!(phone.evaluate("window.innerHeight"), 667);
    let desktop = browser.visit(&url, 1280, 800);
    assert_eq!(
        desktop.evaluate("[window.innerWidth, window.innerHeight]"),
        json!([1280, 800])
    );
    // A missing file is a failed navigation, not a blank page.
    let missing = url::Url::from_file_path(dir.path().join("missing.html")).unwrap();
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        browser.visit(missing.as_str(), 800, 600);
    }));
    assert!(failed.is_err(), "visiting a missing file must panic");
}
