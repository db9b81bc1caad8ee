//! `iops report`: one self-contained HTML page (or its JSON model) of an incident window — the
//! figures `top --once` reads, per period, with a timeline, verdicts and the top error messages;
//! or of a recording of `top --record`; or of a `ws probe` load report.

pub mod chart;
pub mod html;
pub mod load;
pub mod model;
pub mod record;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Format;
use crate::top::{figures, gather, plan};
use model::{Header, StackPage};

const REPORT_HELP: &str = "\
The stack's window is read as `top --once` reads it (one GetMetricData call for every series, at
one-minute periods; the connect and disconnect handlers' lines; each function's error lines with
FilterLogEvents), plus each function's duration p50/p95/max in the same call. The connections
table is scanned only when the window ends now (its count is of now). The page is one HTML file:
inline CSS and SVG, no script, nothing fetched; it prints on A4 and follows the reader's light or
dark scheme.

Exit codes: 0 the page (or JSON) was written, whatever the verdicts; 1 the page could not be
written; 2 bad input (flags, -o table|csv, a recording or load report that is not one); 3 or 4
nothing could be read (an AWS error; AWS unreachable).

Examples:
  iops report --since 30m --html incident.html
  iops report --from 2026-12-07T02:10:00Z --to 2026-12-07T02:40:00Z -o json
  iops top --record top.ndjson          # during the incident
  iops report --from-recording top.ndjson --html incident.html
  iops ws probe wss://… --connections 500 --rate 50 -o json > load.json
  iops report load.json --html load.html";

#[derive(Debug, Args)]
#[command(after_help = REPORT_HELP)]
pub struct ReportArgs {
    /// A `ws probe` load report (JSON, as `-o json` or `ws merge` wrote it) to show as a page
    /// instead of the stack; `-` reads it from stdin
    #[arg(value_name = "LOAD.json", conflicts_with_all = ["since", "from", "to", "from_recording"])]
    pub load: Option<PathBuf>,

    /// The window: this long up to now (1m to 24h)
    #[arg(long, value_name = "DURATION", value_parser = parse_span, conflicts_with_all = ["from", "to"])]
    pub since: Option<Duration>,

    /// The window's start (with --to): a time (2026-12-07T02:10:00Z) or a duration ago (2h)
    #[arg(long, value_name = "TIME", requires = "to", value_parser = crate::args::Time::parse)]
    pub from: Option<crate::args::Time>,

    /// The window's end (with --from)
    #[arg(long, value_name = "TIME", requires = "from", value_parser = crate::args::Time::parse)]
    pub to: Option<crate::args::Time>,

    /// Build the page from the newest refresh of a `top --record` file instead of reading AWS
    #[arg(long, value_name = "PATH", conflicts_with_all = ["since", "from", "to"])]
    pub from_recording: Option<PathBuf>,

    /// Write the page to PATH (`-`: stdout); without it, the JSON model is printed
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,

    /// The connect handler's line for a stored connection [default: stored_pattern from
    /// iops.toml, else "Connection stored"]
    #[arg(long, value_name = "TEXT", value_parser = crate::top::parse_pattern)]
    pub stored_pattern: Option<String>,
}

/// The longest window: a day of one-minute periods.
const MAX_SPAN: Duration = Duration::from_secs(24 * 3600);

fn parse_span(text: &str) -> std::result::Result<Duration, String> {
    let span = crate::timespec::parse_duration(text)?;
    if span < Duration::from_secs(60) || span > MAX_SPAN {
        return Err(format!("'{text}' must be between 1m and 24h"));
    }
    Ok(span)
}

pub async fn run(ctx: &Context, args: ReportArgs) -> Result<()> {
    if matches!(ctx.out.explicit_format, Some(Format::Table | Format::Csv)) {
        return Err(Error::usage(
            "a report is a document, not rows: -o json or -o ndjson for its model, --html PATH for the page",
        ));
    }
    if let Some(path) = &args.load {
        let report = load::read(path)?;
        let page = load::page(&report);
        return deliver(
            ctx,
            &args,
            &page,
            || load::summary(&report),
            || load::html(&page),
        );
    }
    let page = match &args.from_recording {
        Some(path) => record::newest(path)?,
        None => read_stack(ctx, &args).await?,
    };
    deliver(ctx, &args, &page, || page.summary(), || html::stack(&page))
}

/// The window the flags name: whole periods covering it, of one minute while CloudWatch keeps
/// one-minute datapoints (15 days), then of 5 minutes (63 days) and of an hour (455 days).
fn window_of(args: &ReportArgs) -> Result<gather::Window> {
    let now = jiff::Timestamp::now().as_second();
    let (start, end, ends_now) = match (&args.from, &args.to) {
        (Some(from), Some(to)) => {
            let (start, end) = (
                from.as_millis().div_euclid(1000),
                to.as_millis().div_euclid(1000),
            );
            if end <= start {
                return Err(Error::usage(format!(
                    "--to {} is not after --from {}",
                    to.text(),
                    from.text()
                )));
            }
            if end - start > MAX_SPAN.as_secs() as i64 {
                return Err(Error::usage(
                    "the window is longer than 24h: narrow --from/--to",
                ));
            }
            if start > now {
                return Err(Error::usage(format!(
                    "--from {} is in the future",
                    from.text()
                )));
            }
            (start, end.min(now), end >= now)
        }
        _ => {
            let span = args.since.unwrap_or(Duration::from_secs(30 * 60));
            (now - span.as_secs() as i64, now, true)
        }
    };
    let period = period_for_age(now - start).ok_or_else(|| {
        Error::usage(format!(
            "the window starts {} days ago: CloudWatch keeps datapoints for 455 days (one-minute ones for 15)",
            (now - start) / 86_400
        ))
    })?;
    Ok(gather::Window::covering(start, end, period, ends_now))
}

/// The finest period CloudWatch still has for datapoints this old (its retention: 1-minute
/// datapoints for 15 days, 5-minute for 63, 1-hour for 455).
fn period_for_age(age_s: i64) -> Option<i64> {
    const DAY: i64 = 86_400;
    match age_s {
        age if age <= 15 * DAY => Some(60),
        age if age <= 63 * DAY => Some(300),
        age if age <= 455 * DAY => Some(3600),
        _ => None,
    }
}

/// The stack's page, or `Interrupted` at once on Ctrl-C / SIGTERM (a read can wait a minute on a
/// slow endpoint; nothing is written then).
async fn read_stack(ctx: &Context, args: &ReportArgs) -> Result<StackPage> {
    tokio::select! {
        page = read_stack_uninterrupted(ctx, args) => page,
        () = crate::interrupt::wait() => Err(Error::Interrupted),
    }
}

async fn read_stack_uninterrupted(ctx: &Context, args: &ReportArgs) -> Result<StackPage> {
    let window = window_of(args)?;
    // Every request of the report, the start-up describes included.
    let before = crate::aws::requests_sent();
    let plan = plan::resolve(ctx, args.stored_pattern.clone())
        .await?
        .with_durations();
    if plan.is_empty() {
        return Err(Error::usage(
            "nothing to report on: set api_id and stage, [functions], kinesis_stream, [tables] or \
             [queues] in iops.toml (iops init --stack NAME finds them)",
        ));
    }
    let (mut snapshot, deployments) = tokio::join!(
        gather::gather(ctx, &plan, window, true),
        deployments(ctx, &plan)
    );
    if !snapshot.anything_read
        && let Some(err) = snapshot.first_error.take()
    {
        return Err(err);
    }
    let figures = figures::figures(&plan, &snapshot);
    let header = header(ctx, &plan, "aws".into()).await;
    let mut page = model::stack_page(&plan, &snapshot, &figures, header);
    // The header's GetCallerIdentity (when no ARN named the account) counts too.
    page.requests = gather::difference(&before, &crate::aws::requests_sent());
    if window.period_s > 60 {
        page.notes.push(format!(
            "periods of {} s: CloudWatch keeps one-minute datapoints for 15 days, five-minute ones for 63",
            window.period_s
        ));
    }
    if let (Some(api), Some(read)) = (&plan.api, deployments) {
        page.add_deployments(api, read);
    }
    Ok(page)
}

/// The API's deployments and its stage (GetDeployments, GetStage), for the timeline: none when
/// no API is configured or its service says it is not there (or not a WebSocket API).
async fn deployments(
    ctx: &Context,
    plan: &plan::Plan,
) -> Option<
    std::result::Result<
        (
            Vec<crate::deploy::fetch::Deployment>,
            crate::deploy::fetch::StageState,
        ),
        String,
    >,
> {
    let (api_id, stage) = (ctx.settings.get("api_id")?, ctx.settings.get("stage")?);
    let subject = plan.api.as_deref()?;
    let present = plan
        .parts
        .iter()
        .find(|p| p.subject == subject)
        .is_none_or(|p| {
            !matches!(
                p.presence,
                crate::top::exists::Presence::Missing(_) | crate::top::exists::Presence::Wrong(_)
            )
        });
    if !present {
        return None;
    }
    let read = async {
        let client = crate::aws::apigateway(ctx.sdk().await?);
        // One after the other: where deployments cannot be read, the stage is not asked.
        let deployments = crate::deploy::fetch::deployments(&client, api_id).await?;
        let stage = crate::deploy::fetch::get_stage(&client, api_id, stage).await?;
        Ok::<_, Error>((deployments, stage))
    };
    Some(read.await.map_err(|e| crate::error::first_line(&e)))
}

/// The page's header: who and where (the account from the functions' or queues' ARNs, else one
/// GetCallerIdentity), and when.
pub async fn header(ctx: &Context, plan: &plan::Plan, source: String) -> Header {
    let sdk = ctx.sdk().await.ok();
    let region = sdk.and_then(|s| s.region()).map(|r| r.to_string());
    let account = match (&plan.account, sdk) {
        (Some(account), _) => Some(account.clone()),
        (None, Some(sdk)) => crate::aws::caller_identity(sdk)
            .await
            .ok()
            .map(|i| i.account),
        (None, None) => None,
    };
    Header {
        title: plan
            .env
            .clone()
            .or_else(|| plan.api.clone())
            .unwrap_or_else(|| "stack".into()),
        env: plan.env.clone(),
        api: plan.api.clone(),
        region,
        account,
        generated_at: model::iso(jiff::Timestamp::now().as_second()),
        iops_version: env!("CARGO_PKG_VERSION").into(),
        source,
    }
}

/// The page to `--html`; the model on stdout: as JSON with `-o json` (one line with `-o ndjson`,
/// or whenever stdout is not a terminal and no page was asked for), else a few lines of it for a
/// person on a terminal.
fn deliver<T: serde::Serialize>(
    ctx: &Context,
    args: &ReportArgs,
    model: &T,
    summary: impl FnOnce() -> Vec<String>,
    page: impl FnOnce() -> String,
) -> Result<()> {
    if let Some(path) = &args.html {
        render_and_write(ctx, path, page)?;
    }
    let page_on_stdout = args.html.as_deref() == Some(Path::new("-"));
    let json = match ctx.out.explicit_format {
        Some(Format::Json) => Some(true),
        Some(Format::Ndjson) => Some(false),
        _ if args.html.is_some() => None,
        _ if !std::io::stdout().is_terminal() => Some(false),
        _ => {
            let mut out = ctx.out.stdout();
            for line in summary() {
                // Text from AWS or a peer: no control character reaches the terminal.
                let line = crate::output::visible_cell(&line);
                writeln!(out, "{line}").map_err(Error::from_output)?;
            }
            writeln!(
                out,
                "(--html PATH writes the page; -o json prints every figure)"
            )
            .map_err(Error::from_output)?;
            return out.flush().map_err(Error::from_output);
        }
    };
    if let (Some(pretty), false) = (json, page_on_stdout) {
        let mut out = ctx.out.stdout();
        let written = if pretty {
            serde_json::to_writer_pretty(&mut out, model)
        } else {
            serde_json::to_writer(&mut out, model)
        };
        written.map_err(|e| Error::Io(e.to_string()))?;
        writeln!(out).map_err(Error::from_output)?;
        out.flush().map_err(Error::from_output)?;
    }
    Ok(())
}

/// Renders the page, writes it to `path`, and says so (on stderr, unless `-` was stdout).
fn render_and_write(ctx: &Context, path: &Path, page: impl FnOnce() -> String) -> Result<()> {
    let started = std::time::Instant::now();
    let text = page();
    tracing::info!(
        bytes = text.len(),
        render_ms = started.elapsed().as_secs_f64() * 1000.0,
        "page rendered"
    );
    write_page(path, &text)?;
    if path.as_os_str() != "-" {
        ctx.out.status(format!(
            "iops: wrote {} ({} KB)",
            path.display(),
            text.len().div_ceil(1024)
        ));
    }
    Ok(())
}

/// `ws probe --connections N --html PATH`: the run's page, as `iops report LOAD.json --html`
/// would write it from the run's JSON.
pub(crate) fn write_load_page(
    ctx: &Context,
    path: &Path,
    report: &crate::ws::load::LoadReport,
) -> Result<()> {
    let page = load::page(report);
    render_and_write(ctx, path, || load::html(&page))
}

/// The page to a file (whole or not at all: written beside it, then renamed) or stdout.
pub(crate) fn write_page(path: &Path, text: &str) -> Result<()> {
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(Error::from_output)?;
        return Ok(());
    }
    let cannot = |e: std::io::Error| Error::Failed(format!("cannot write {}: {e}", path.display()));
    let existing = std::fs::metadata(path).ok();
    // A device, a FIFO (`/dev/stdout`, a pipe someone reads): written to, never replaced.
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(cannot)?;
        return file
            .write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(cannot);
    }
    // A regular file (through a symlink, the file it names) is replaced whole: the page is
    // written beside it, given its permissions, then renamed over it.
    let target = match &existing {
        Some(_) => std::fs::canonicalize(path).map_err(cannot)?,
        None => path.to_path_buf(),
    };
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    let partial = target.with_file_name(name);
    let written = std::fs::write(&partial, text).and_then(|()| match &existing {
        Some(metadata) => std::fs::set_permissions(&partial, metadata.permissions()),
        None => Ok(()),
    });
    written
        .and_then(|()| std::fs::rename(&partial, &target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            cannot(e)
        })
}

/// A file's text (`-`: stdin), with an error naming it.
pub fn read_text(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::usage(format!("cannot read stdin: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_windows_get_the_periods_cloudwatch_still_keeps() {
        let day = 86_400;
        assert_eq!(period_for_age(3600), Some(60));
        assert_eq!(period_for_age(15 * day), Some(60));
        assert_eq!(period_for_age(15 * day + 1), Some(300));
        assert_eq!(period_for_age(63 * day + 1), Some(3600));
        assert_eq!(period_for_age(456 * day), None);
    }
}
