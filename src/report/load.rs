//! The page of a `ws probe` load report (a single run, or several merged by `ws merge`).

use std::path::Path;

use maud::html;

use crate::error::{Error, Result};
use crate::ws::load::report::LoadReport;

/// A load report from a file (`-`: stdin).
pub fn read(path: &Path) -> Result<LoadReport> {
    let text = super::read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{} is not a load report of `iops ws probe --connections N -o json`: {e}",
            path.display()
        ))
    })
}

/// The model of the load page: the report itself.
pub fn page(report: &LoadReport) -> LoadReport {
    report.clone()
}

/// A few lines for a terminal.
pub fn summary(report: &LoadReport) -> Vec<String> {
    let mut text = Vec::new();
    let _ = crate::ws::load::report::render_text(report, &mut text);
    String::from_utf8_lossy(&text)
        .lines()
        .map(str::to_string)
        .collect()
}

pub fn html(report: &LoadReport) -> String {
    super::html::page(
        &format!("iops load report — {}", report.url),
        html! { h1 { "Load report: " (report.url) } },
    )
}
