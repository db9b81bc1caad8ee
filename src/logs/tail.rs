//! `iops logs tail`: the events of many targets merged by time, filtered, with context, the last
//! N, counted, or followed.

use std::collections::VecDeque;
use std::io::Write;

use jiff::Timestamp;
use serde::Serialize;

use super::around::{self, Around};
use super::fetch::{self, Fetcher, LogEvent, Query};
use super::render::{LineFilter, Printer};
use super::seen::Seen;
use super::targets::{self, LogTarget};
use super::{TailArgs, fetcher, file, follow, show_first_read, window_query};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Format, Record};

#[derive(Debug, Serialize)]
struct CountRecord {
    function: String,
    group: String,
    events: u64,
}

impl Record for CountRecord {
    fn headers() -> &'static [&'static str] {
        &["function", "group", "events"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.function.clone(),
            self.group.clone(),
            self.events.to_string(),
        ]
    }
}

pub async fn run(ctx: &Context, args: TailArgs) -> Result<()> {
    // Validate everything local before any AWS call.
    let mut filter =
        LineFilter::new(&args.grep, args.ignore_case, args.invert).map_err(Error::usage)?;
    if args
        .request_id
        .as_deref()
        .is_some_and(|id| id.trim().is_empty())
    {
        return Err(Error::usage(
            "--request-id is empty: pass an invocation's request id (the RequestId of its START/REPORT line)",
        ));
    }
    filter.request_id = args.request_id.clone();
    filter.stream_prefix = args.window.stream_prefix.clone();
    filter.min_level = args.level;
    if args.lines.is_some() && (context_of(&args) != (0, 0)) {
        return Err(Error::usage(
            "-n/--lines and -A/-B/-C cannot be used together: -n counts matching events, context shows the events around them",
        ));
    }
    if args.follow
        && let Some(until) = &args.window.until
        && until.as_millis() <= fetch::now_ms()
    {
        return Err(Error::usage(format!(
            "--until {} is in the past: --follow would wait for nothing; without -f the window is read once",
            until.text()
        )));
    }
    if let Some(path) = &args.from_file {
        // A file's window is only what was given: the 10-minute default is for CloudWatch.
        return file::tail(ctx, &args, path, &filter);
    }
    let mut query = window_query(&args.window)?;
    if let (Some(id), None) = (&args.request_id, &query.filter_pattern) {
        query.filter_pattern = Some(format!("\"{id}\""));
    }
    let targets = targets::resolve(ctx, &args.targets).await?;
    tracing::info!(groups = ?targets.iter().map(|t| &t.group).collect::<Vec<_>>(), "resolved targets");
    let fetcher = fetcher(ctx, targets.clone(), args.window.max_rps).await?;
    show_first_read(ctx, &fetcher, args.window.max_rps);

    if args.count {
        let mut counts = vec![0u64; targets.len()];
        fetcher
            .merged(&query, |event| {
                if filter.accepts(&event) {
                    counts[event.target] += 1;
                }
                Ok(true)
            })
            .await?;
        return print_counts(ctx, &targets, &counts);
    }

    let mut printer = printer_for(ctx, &args, &filter, targets);
    let mut out = ctx.out.stdout();
    printer.begin(&mut out).map_err(Error::from_output)?;
    let mut shown = Shown::new(&filter, context_of(&args));
    let mut write = |event: fetch::LogEvent| -> Result<bool> {
        shown.offer(event, &mut printer, &mut out)?;
        if args.follow {
            out.flush().map_err(Error::from_output)?;
        }
        Ok(true)
    };
    let fetched = match args.lines {
        Some(lines) => {
            let explicit_since = args.window.since.is_some();
            match last_events(&fetcher, &query, lines, explicit_since, &filter).await {
                Ok(last) => {
                    let mut seen = Seen::default();
                    for event in &last {
                        seen.first_time(event);
                    }
                    let printed = last.into_iter().try_for_each(|e| write(e).map(|_| ()));
                    match (printed, args.follow) {
                        (Err(err), _) => Err(err),
                        (Ok(()), false) => Ok(()),
                        (Ok(()), true) => {
                            let from = Query {
                                start_ms: seen
                                    .newest
                                    .unwrap_or_else(|| Timestamp::now().as_millisecond()),
                                ..query.clone()
                            };
                            follow::follow(ctx, &fetcher, &args, &from, seen, &mut write).await
                        }
                    }
                }
                Err(err) => Err(err),
            }
        }
        None if args.follow => {
            follow::follow(ctx, &fetcher, &args, &query, Seen::default(), &mut write).await
        }
        None => fetcher.merged(&query, &mut write).await,
    };
    printer.end(&mut out).map_err(Error::from_output)?;
    out.flush().map_err(Error::from_output)?;
    fetched?;
    if shown.matched == 0 {
        Err(Error::NothingMatched)
    } else {
        Ok(())
    }
}

/// `--count`: the matching events per target, then the total; exit 1 when there are none.
pub fn print_counts(ctx: &Context, targets: &[LogTarget], counts: &[u64]) -> Result<()> {
    let total: u64 = counts.iter().sum();
    let mut records: Vec<CountRecord> = targets
        .iter()
        .zip(counts)
        .map(|(t, n)| CountRecord {
            function: t.label.clone(),
            group: t.group.clone(),
            events: *n,
        })
        .collect();
    records.push(CountRecord {
        function: "total".into(),
        group: String::new(),
        events: total,
    });
    ctx.out.print(&records)?;
    if total > 0 {
        Ok(())
    } else {
        Err(Error::NothingMatched)
    }
}

/// `-A`/`-B`/`-C` as (before, after); `-C` gives both unless one is given on its own.
pub fn context_of(args: &TailArgs) -> (usize, usize) {
    let both = args.context.unwrap_or(0);
    (
        args.before_context.unwrap_or(both),
        args.after_context.unwrap_or(both),
    )
}

/// Text unless a record format is asked for; JSON messages laid out for people on a terminal.
pub fn printer_for(
    ctx: &Context,
    args: &TailArgs,
    filter: &LineFilter,
    targets: Vec<LogTarget>,
) -> Printer {
    let records = ctx.out.explicit_format.filter(|f| *f != Format::Table);
    let highlight = filter.pattern.clone().filter(|_| !args.invert);
    let mut printer = Printer::new(targets, args.format, records, args.window.local, highlight);
    printer.fields = args.fields.clone();
    printer.readable_json = std::io::IsTerminal::is_terminal(&std::io::stdout());
    printer
}

/// Which events are printed: the filter's, and with context the events around them.
pub struct Shown<'f> {
    filter: &'f LineFilter,
    pub around: Around,
    pub matched: u64,
}

impl<'f> Shown<'f> {
    pub fn new(filter: &'f LineFilter, (before, after): (usize, usize)) -> Shown<'f> {
        Shown {
            filter,
            around: Around::new(before, after),
            matched: 0,
        }
    }

    pub fn offer(
        &mut self,
        event: LogEvent,
        printer: &mut Printer,
        out: &mut impl Write,
    ) -> Result<()> {
        let matched = self.filter.accepts(&event);
        self.matched += u64::from(matched);
        if !self.around.is_active() {
            if matched {
                printer.write(out, &event).map_err(Error::from_output)?;
            }
            return Ok(());
        }
        let mut written = Ok(());
        self.around.offer(event, matched, |shown| {
            if written.is_ok() {
                written = match shown {
                    around::Shown::Separator => printer.separator(out),
                    around::Shown::Event(event) => printer.write(out, &event),
                };
            }
        });
        written.map_err(Error::from_output)
    }
}

/// The last `n` events the filter takes, oldest first: windows read backwards from the end,
/// each 8 times the last (1 minute, 8, about an hour, 8 hours, …), until `n` are found or the
/// window reaches `--since` (when given) or 30 days before the end.
async fn last_events(
    fetcher: &Fetcher,
    query: &Query,
    n: u64,
    explicit_since: bool,
    filter: &LineFilter,
) -> Result<Vec<LogEvent>> {
    const FURTHEST_MS: i64 = 30 * 86_400_000;
    if n == 0 {
        // `-n 0 -f`, as `tail -n 0 -f`: only what comes next.
        return Ok(Vec::new());
    }
    let n = n as usize;
    let end = query
        .end_ms
        .unwrap_or_else(|| Timestamp::now().as_millisecond());
    let floor = if explicit_since {
        query.start_ms
    } else {
        end - FURTHEST_MS
    };
    let (mut upper, mut span) = (end, 60_000i64);
    let mut kept: VecDeque<LogEvent> = Default::default();
    loop {
        let lower = (upper - span).max(floor);
        // Windows meet without overlapping: each after the first ends a millisecond before the
        // one it continues (FilterLogEvents includes both ends).
        let window = Query {
            start_ms: lower,
            end_ms: Some(if upper == end { end } else { upper - 1 }),
            ..query.clone()
        };
        let mut found = Vec::new();
        fetcher
            .merged(&window, |event| {
                if filter.accepts(&event) {
                    found.push(event);
                }
                Ok(true)
            })
            .await?;
        let wanted = n - kept.len();
        for event in found.into_iter().rev().take(wanted) {
            kept.push_front(event);
        }
        if kept.len() >= n || lower <= floor {
            return Ok(kept.into());
        }
        upper = lower;
        span = span.saturating_mul(8);
    }
}
