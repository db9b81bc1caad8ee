//! The live view: the terminal in raw mode on the alternate screen, a refresh every `--refresh`
//! (the connections scan every `--scan-every`), keys handled while a refresh is in flight. The
//! screen is restored on `q`, Ctrl-C, a signal, an error and a panic (ratatui's hook).

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;

use super::figures::{self, Figure};
use super::gather::{self, LastError, MetricsRead, Snapshot, Window};
use super::plan::Plan;
use super::view::{self, Overlay, View};
use super::{Recording, TopArgs, WINDOWS};
use crate::context::Context;
use crate::error::{Error, Result, first_line};
use crate::interrupt;
use crate::percentile::Samples;

/// Log lines the `l` key shows.
const LOG_LINES: usize = 200;

type Pending<'a, T> = Option<Pin<Box<dyn Future<Output = T> + 'a>>>;

/// What the screen shows between refreshes.
struct Screen {
    window: Window,
    figures: Vec<Figure>,
    last: Option<Snapshot>,
    paused: bool,
    selected: usize,
    overlay: Overlay,
    frame_ms: Option<f64>,
}

/// What a key asks for.
enum Action {
    None,
    Quit,
    Interrupt,
    RefreshNow,
    ReadLogs,
}

pub async fn run(
    ctx: &Context,
    plan: &Plan,
    args: &TopArgs,
    recording: &mut Recording,
) -> Result<()> {
    let mut terminal = ratatui::try_init()
        .map_err(|e| Error::Io(format!("cannot take over the terminal: {e}")))?;
    let result = event_loop(&mut terminal, ctx, plan, args, recording).await;
    ratatui::restore();
    let (result, frames) = result;
    frames.log();
    result
}

/// How long frames took: laying out and rendering into the buffer, and the whole draw (the
/// render plus writing the changed cells to the terminal, which waits on the terminal).
struct FrameTimes {
    render: Samples,
    draw: Samples,
}

impl FrameTimes {
    fn new() -> FrameTimes {
        // Microseconds, up to a minute.
        FrameTimes {
            render: Samples::new(60_000_000),
            draw: Samples::new(60_000_000),
        }
    }

    fn record(&mut self, render: Duration, draw: Duration) {
        let micros = |d: Duration| d.as_micros() as u64;
        self.render.record(micros(render));
        self.draw.record(micros(draw));
    }

    /// `-v`: the figures `scripts/bench-top` reads.
    fn log(mut self) {
        let (Some(render_max), Some(draw_max), [Some(render_p50)], [Some(draw_p50)]) = (
            self.render.max(),
            self.draw.max(),
            self.render.quantiles([0.5]),
            self.draw.quantiles([0.5]),
        ) else {
            return; // no frame drawn
        };
        let ms = |micros: u64| micros as f64 / 1000.0;
        tracing::info!(
            frames = self.draw.count(),
            render_p50_ms = ms(render_p50),
            render_max_ms = ms(render_max),
            draw_p50_ms = ms(draw_p50),
            draw_max_ms = ms(draw_max),
            "frames drawn"
        );
    }
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    ctx: &Context,
    plan: &Plan,
    args: &TopArgs,
    recording: &mut Recording,
) -> (Result<()>, FrameTimes) {
    let mut frames = FrameTimes::new();
    let mut screen = Screen {
        window: Window::new(args.window),
        figures: figures::figures(plan, &placeholder(plan, Window::new(args.window))),
        last: None,
        paused: false,
        selected: 0,
        overlay: Overlay::None,
        frame_ms: None,
    };
    let mut events = EventStream::new();
    let mut refreshing: Pending<Snapshot> = None;
    let mut reading_logs: Pending<Result<Vec<String>>> = None;
    let mut refresh_due = Instant::now();
    let mut scan_due = Instant::now();
    let mut refreshes = 0u64;
    loop {
        let started = Instant::now();
        let mut render = Duration::ZERO;
        let drawn = terminal.draw(|frame| {
            view::draw(frame, &screen.view(plan, args, refreshing.is_some()));
            render = started.elapsed();
        });
        if let Err(err) = drawn {
            return (Err(Error::Io(format!("cannot draw: {err}"))), frames);
        }
        frames.record(render, started.elapsed());
        screen.frame_ms = Some(render.as_secs_f64() * 1000.0);
        if args.refreshes.is_some_and(|n| refreshes >= n) {
            return (Ok(()), frames);
        }
        if refreshing.is_none() && !screen.paused && Instant::now() >= refresh_due {
            let scan = Instant::now() >= scan_due;
            if scan {
                scan_due = Instant::now() + args.scan_every;
            }
            refreshing = Some(Box::pin(gather::gather(ctx, plan, screen.window, scan)));
        }
        tokio::select! {
            event = events.next() => {
                let action = match event {
                    Some(Ok(Event::Key(key))) => screen.key(key, plan),
                    Some(Ok(_)) => Action::None,
                    Some(Err(err)) => return (Err(Error::Io(format!("cannot read the terminal: {err}"))), frames),
                    None => Action::Quit,
                };
                match action {
                    Action::None => {}
                    Action::Quit => return (Ok(()), frames),
                    Action::Interrupt => return (Err(Error::Interrupted), frames),
                    Action::RefreshNow => {
                        // A window change or `r`: what is in flight is for the old window.
                        refreshing = None;
                        refresh_due = Instant::now();
                    }
                    Action::ReadLogs => {
                        let target = plan.functions[screen.selected].target();
                        reading_logs = Some(Box::pin(gather::recent_lines(ctx, target, LOG_LINES)));
                    }
                }
            }
            snapshot = wait(&mut refreshing) => {
                refreshing = None;
                refreshes += 1;
                if recording.is_some() {
                    super::record(recording, plan, &snapshot, &figures::figures(plan, &snapshot));
                }
                screen.show(plan, snapshot);
                refresh_due = Instant::now() + args.refresh;
            }
            lines = wait(&mut reading_logs) => {
                reading_logs = None;
                if let Overlay::Logs { lines: shown, .. } = &mut screen.overlay {
                    *shown = Some(lines.map_err(|e| first_line(&e)));
                }
            }
            _ = tokio::time::sleep_until(refresh_due.into()), if refreshing.is_none() && !screen.paused => {}
            _ = interrupt::wait() => return (Err(Error::Interrupted), frames),
        }
    }
}

/// Resolves when the pending work finishes; never while there is none.
async fn wait<T>(pending: &mut Pending<'_, T>) -> T {
    match pending.as_mut() {
        Some(future) => future.await,
        None => std::future::pending().await,
    }
}

/// Before the first refresh: every figure blank, so the panels already have their shape.
fn placeholder(plan: &Plan, window: Window) -> Snapshot {
    Snapshot {
        taken_at: jiff::Timestamp::now(),
        window,
        metrics: Ok(MetricsRead {
            periods: vec![vec![None; window.buckets]; plan.metrics.len()],
            newest_minute: None,
        }),
        connections: None,
        stores: Ok(Default::default()),
        close_codes: Ok(Default::default()),
        last_errors: plan.functions.iter().map(|_| LastError::None).collect(),
        error_lines: Vec::new(),
        requests: Default::default(),
        first_error: None,
        anything_read: false,
    }
}

impl Screen {
    fn view<'a>(&'a self, plan: &'a Plan, args: &TopArgs, reading: bool) -> View<'a> {
        static NO_REQUESTS: std::collections::BTreeMap<String, u64> =
            std::collections::BTreeMap::new();
        View {
            plan,
            figures: &self.figures,
            window: self.window,
            taken_at: self
                .last
                .as_ref()
                .map(|s| s.taken_at.strftime("%H:%M:%S").to_string()),
            refresh: crate::timespec::format_duration(args.refresh),
            paused: self.paused,
            reading,
            selected: self.selected,
            overlay: &self.overlay,
            requests: self.last.as_ref().map_or(&NO_REQUESTS, |s| &s.requests),
            frame_ms: self.frame_ms,
            color: console::colors_enabled(),
        }
    }

    fn show(&mut self, plan: &Plan, mut snapshot: Snapshot) {
        // The connections scan runs on its own interval: keep the last count between scans.
        if snapshot.connections.is_none()
            && let Some(last) = self.last.as_mut()
        {
            snapshot.connections = last.connections.take();
        }
        self.figures = figures::figures(plan, &snapshot);
        self.last = Some(snapshot);
    }

    fn key(&mut self, key: KeyEvent, plan: &Plan) -> Action {
        if key.kind != KeyEventKind::Press {
            return Action::None;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Action::Interrupt;
        }
        match key.code {
            KeyCode::Char('q') => return Action::Quit,
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Char('?') => {
                self.overlay = match self.overlay {
                    Overlay::Help => Overlay::None,
                    _ => Overlay::Help,
                }
            }
            KeyCode::Char('p') => self.paused = !self.paused,
            KeyCode::Char('r') => return Action::RefreshNow,
            KeyCode::Char('w') => {
                let next = WINDOWS
                    .iter()
                    .position(|w| *w == self.window.span)
                    .map_or(WINDOWS[0], |i| WINDOWS[(i + 1) % WINDOWS.len()]);
                self.window = Window::new(next);
                return Action::RefreshNow;
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(plan.functions.len().saturating_sub(1))
            }
            KeyCode::Char('l') if !plan.functions.is_empty() => {
                self.overlay = Overlay::Logs {
                    function: plan.functions[self.selected].subject.clone(),
                    lines: None,
                };
                return Action::ReadLogs;
            }
            _ => {}
        }
        Action::None
    }
}
