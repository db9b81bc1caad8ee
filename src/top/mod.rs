//! `iops top`: the whole stack at a glance — the WebSocket API, every configured function, the
//! pipeline (stream, tables, queues) — live in the terminal, or as one window report (`--once`,
//! and whenever stdout is not a terminal), with `--check` for cron and CI.

pub(crate) mod exists;
pub(crate) mod figures;
pub(crate) mod gather;
mod live;
pub(crate) mod plan;
pub(crate) mod view;

use std::io::{IsTerminal, Write};
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Format;
use figures::{Figure, State};
use gather::{Snapshot, Window};
use plan::Plan;

/// Windows the `w` key cycles through.
pub const WINDOWS: [Duration; 3] = [
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(3 * 3600),
];

#[derive(Debug, Args)]
#[command(after_help = "\
Keys: q quit · p pause · w window (5m/30m/3h) · ↑/↓ select a function · l its recent log lines · ? help

Each refresh reads every CloudWatch series in one GetMetricData call (billed per metric; windows
over 3h read the newest minute in a second one) and the handlers' log lines with FilterLogEvents;
the connections table is scanned on its own, slower interval; at start, one describe each says
whether the API (a WebSocket API) and stage, the stream, the tables and the queues exist. --check
exits 1 when an error or throttle count is above 0, the stream's iterator age is above 60 s, a
source cannot be read, or a configured part does not exist or is the wrong kind (an HTTP API). \"latest\" is the newest one-minute datapoint, whatever the window.")]
pub struct TopArgs {
    /// How far back figures and sparklines reach (up to 24h)
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_window)]
    pub window: Duration,

    /// How often the live view reads everything again
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_refresh)]
    pub refresh: Duration,

    /// How often the connections table is scanned for the live count (a Scan reads all of it)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::timespec::parse_duration)]
    pub scan_every: Duration,

    /// Print one window report and exit (the default when stdout is not a terminal)
    #[arg(long)]
    pub once: bool,

    /// Print one report and exit 1 when a threshold is crossed or a source cannot be read
    #[arg(long)]
    pub check: bool,

    /// The connect handler's line for a stored connection [default: stored_pattern from
    /// iops.toml, else "Connection stored"]
    #[arg(long, value_name = "TEXT", value_parser = parse_pattern)]
    pub stored_pattern: Option<String>,

    /// Append every refresh's page model to PATH as one JSON line (stops at 64 MB), for
    /// `iops report --from-recording PATH`
    #[arg(long, value_name = "PATH")]
    pub record: Option<std::path::PathBuf>,

    /// Leave the live view after N refreshes (for benchmarks and scripted runs)
    #[arg(long, value_name = "N", hide = true)]
    pub refreshes: Option<u64>,
}

fn parse_window(text: &str) -> std::result::Result<Duration, String> {
    let window = crate::timespec::parse_duration(text)?;
    if window < Duration::from_secs(60) || window > Duration::from_secs(24 * 3600) {
        return Err(format!("'{text}' must be between 1m and 24h"));
    }
    Ok(window)
}

fn parse_refresh(text: &str) -> std::result::Result<Duration, String> {
    let refresh = crate::timespec::parse_duration(text)?;
    if refresh < Duration::from_millis(100) {
        return Err(format!("'{text}' is shorter than 100ms"));
    }
    Ok(refresh)
}

pub(crate) fn parse_pattern(text: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    if text.replace('"', "").is_empty() {
        return Err("the stored pattern is empty".into());
    }
    Ok(text.to_string())
}

pub async fn run(ctx: &Context, args: TopArgs) -> Result<()> {
    let mut plan = plan::resolve(ctx, args.stored_pattern.clone()).await?;
    let mut recorder = match &args.record {
        Some(path) => {
            // A recording carries what the report page draws: durations too.
            plan = plan.with_durations();
            let header =
                crate::report::header(ctx, &plan, format!("top --record {}", path.display())).await;
            Some((crate::report::record::Recorder::open(path)?, header))
        }
        None => None,
    };
    if plan.is_empty() {
        return Err(Error::usage(
            "nothing to watch: set api_id and stage, [functions], kinesis_stream, [tables] or \
             [queues] in iops.toml (iops init --stack NAME finds them)",
        ));
    }
    let once = args.once || args.check || !std::io::stdout().is_terminal();
    let result = if once {
        report(ctx, &plan, &args, &mut recorder).await
    } else {
        live::run(ctx, &plan, &args, &mut recorder).await
    };
    if let Some((recorder, _)) = &recorder {
        ctx.out.status(recorder.summary());
    }
    result
}

/// The recording of `--record`, and the page header it writes with each refresh.
pub type Recording = Option<(
    crate::report::record::Recorder,
    crate::report::model::Header,
)>;

/// Appends the refresh to the recording, when there is one.
fn record(recording: &mut Recording, plan: &Plan, snapshot: &Snapshot, figures: &[Figure]) {
    if let Some((recorder, header)) = recording {
        let header = crate::report::model::Header {
            generated_at: crate::report::model::iso(snapshot.taken_at.as_second()),
            ..header.clone()
        };
        recorder.write(&crate::report::model::stack_page(
            plan, snapshot, figures, header,
        ));
    }
}

/// The `-o json` document: the window and what it cost, the parts that do not exist, then the
/// figures.
#[derive(Debug, Serialize)]
struct Report<'a> {
    env: Option<&'a str>,
    api: Option<&'a str>,
    window: String,
    from: String,
    to: String,
    requests: &'a std::collections::BTreeMap<String, u64>,
    missing: Vec<MissingPart<'a>>,
    /// Parts that exist but are not what iops.toml says (an HTTP API as `api_id`).
    wrong: Vec<MissingPart<'a>>,
    figures: &'a [Figure],
}

/// A configured part its service says is not there (or is not what iops.toml says).
#[derive(Debug, Serialize)]
struct MissingPart<'a> {
    subject: &'a str,
    note: &'a str,
}

fn missing_parts(plan: &Plan) -> Vec<MissingPart<'_>> {
    parts_where(plan, |presence| match presence {
        exists::Presence::Missing(note) => Some(note),
        _ => None,
    })
}

fn wrong_parts(plan: &Plan) -> Vec<MissingPart<'_>> {
    parts_where(plan, |presence| match presence {
        exists::Presence::Wrong(note) => Some(note),
        _ => None,
    })
}

fn parts_where<'a>(
    plan: &'a Plan,
    note: impl Fn(&'a exists::Presence) -> Option<&'a String>,
) -> Vec<MissingPart<'a>> {
    plan.parts
        .iter()
        .filter_map(|part| {
            note(&part.presence).map(|note| MissingPart {
                subject: &part.subject,
                note,
            })
        })
        .collect()
}

async fn report(
    ctx: &Context,
    plan: &Plan,
    args: &TopArgs,
    recording: &mut Recording,
) -> Result<()> {
    let window = Window::new(args.window);
    let mut snapshot = gather::gather(ctx, plan, window, true).await;
    if !snapshot.anything_read
        && let Some(err) = snapshot.first_error.take()
    {
        return Err(err);
    }
    let figures = figures::figures(plan, &snapshot);
    record(recording, plan, &snapshot, &figures);
    print(ctx, plan, &snapshot, &figures)?;
    let missing = missing_parts(plan);
    for part in &missing {
        ctx.out
            .status(format!("iops: {} is missing: {}", part.subject, part.note));
    }
    let wrong = wrong_parts(plan);
    for part in &wrong {
        ctx.out
            .status(format!("iops: {} is wrong: {}", part.subject, part.note));
    }
    for failed in figures.iter().filter(|f| f.state == State::Error) {
        ctx.out.status(format!(
            "iops: {} {}: {}",
            failed.subject,
            failed.figure,
            failed.note.as_deref().unwrap_or("failed")
        ));
    }
    // A missing or wrong part's figures are named once, by the part.
    let crossed: Vec<&Figure> = figures::crossed(&figures)
        .into_iter()
        .filter(|f| !matches!(f.state, State::Missing | State::Wrong))
        .collect();
    if args.check && !(crossed.is_empty() && missing.is_empty() && wrong.is_empty()) {
        let mut reasons = Vec::new();
        if !missing.is_empty() {
            let named: Vec<&str> = missing.iter().map(|p| p.subject).collect();
            reasons.push(format!("missing: {}", named.join(", ")));
        }
        if !wrong.is_empty() {
            let named: Vec<String> = wrong
                .iter()
                .map(|p| format!("{} ({})", p.subject, p.note))
                .collect();
            reasons.push(format!("wrong: {}", named.join(", ")));
        }
        if !crossed.is_empty() {
            let named: Vec<String> = crossed
                .iter()
                .map(|f| format!("{} {}", f.subject, f.figure))
                .collect();
            reasons.push(format!(
                "{} figure{} crossed a threshold or could not be read: {}",
                crossed.len(),
                if crossed.len() == 1 { "" } else { "s" },
                named.join(", ")
            ));
        }
        return Err(Error::Failed(reasons.join("; ")));
    }
    Ok(())
}

fn print(ctx: &Context, plan: &Plan, snapshot: &Snapshot, figures: &[Figure]) -> Result<()> {
    if ctx.out.explicit_format != Some(Format::Json) {
        return ctx.out.print(figures);
    }
    let (from, to) = snapshot.window.bounds(snapshot.taken_at.as_second());
    let at = |s: i64| {
        jiff::Timestamp::from_second(s)
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    let report = Report {
        env: plan.env.as_deref(),
        api: plan.api.as_deref(),
        window: snapshot.window.describe(),
        from: at(from),
        to: at(to),
        requests: &snapshot.requests,
        missing: missing_parts(plan),
        wrong: wrong_parts(plan),
        figures,
    };
    let mut out = ctx.out.stdout();
    serde_json::to_writer_pretty(&mut out, &report).map_err(|e| Error::Io(e.to_string()))?;
    writeln!(out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)
}
