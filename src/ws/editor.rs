//! The line editor of `ws connect` on a terminal: reedline (↑/↓ through this session's history,
//! Ctrl-R to search it, the usual emacs keys) on a thread of its own, while received messages are
//! printed above the prompt through its external printer.
//!
//! Lines to show go through a queue of our own that reedline's idle callback moves into the
//! printer at the top of each poll: a stop is asked for only once that queue is empty, so the
//! last messages are on the screen before the editor returns and gives the terminal back.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use reedline::{
    DefaultHinter, ExternalPrinter, FileBackedHistory, Prompt, PromptEditMode, PromptHistorySearch,
    Reedline, Signal,
};
use tokio::sync::mpsc;

use super::input::Input;

/// Lines typed are kept for ↑/↓ and Ctrl-R in this session only: messages may carry tokens, so
/// none is written to disk.
const HISTORY_LINES: usize = 1000;

/// How often the editor looks for lines to show (and for a stop).
const POLL: Duration = Duration::from_millis(30);

pub struct Editor {
    queued: Arc<Mutex<VecDeque<String>>>,
    ending: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Editor {
    /// Starts reading lines: each typed line is sent as `Input::Line`, Ctrl-D as `Input::End`,
    /// Ctrl-C as `Input::Interrupt`; an editor that cannot start on this terminal (raw mode
    /// refused) sends `Input::EditorFailed`.
    pub fn start(inputs: mpsc::Sender<Input>) -> Editor {
        let queued = Arc::new(Mutex::new(VecDeque::new()));
        let ending = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let queued = Arc::clone(&queued);
            let ending = Arc::clone(&ending);
            move || edit(inputs, queued, ending)
        });
        Editor {
            queued,
            ending,
            thread: Some(thread),
        }
    }

    /// Shows a line above the prompt.
    pub fn show(&self, line: String) {
        if let Ok(mut queued) = self.queued.lock() {
            queued.push_back(line);
        }
    }

    /// Stops the editor once every line shown is on the screen; the terminal is in its own mode
    /// again when this returns.
    pub fn stop(&mut self) {
        self.ending.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        self.stop();
    }
}

fn edit(
    inputs: mpsc::Sender<Input>,
    queued: Arc<Mutex<VecDeque<String>>>,
    ending: Arc<AtomicBool>,
) {
    let printer = ExternalPrinter::<String>::new(1024);
    let printing = printer.sender();
    let stop = Arc::new(AtomicBool::new(false));
    let idle = {
        let stop = Arc::clone(&stop);
        move || {
            let Ok(mut queued) = queued.lock() else {
                stop.store(true, Ordering::Relaxed);
                return;
            };
            if queued.is_empty() && ending.load(Ordering::Relaxed) {
                stop.store(true, Ordering::Relaxed);
            }
            while let Some(line) = queued.pop_front() {
                if let Err(std::sync::mpsc::TrySendError::Full(line)) = printing.try_send(line) {
                    queued.push_front(line);
                    break;
                }
            }
        }
    };
    let history = match FileBackedHistory::new(HISTORY_LINES) {
        Ok(history) => history,
        Err(err) => {
            let _ = inputs.blocking_send(Input::EditorFailed(err.to_string()));
            return;
        }
    };
    let mut editor = Reedline::create()
        .with_history(Box::new(history))
        .with_hinter(Box::new(DefaultHinter::default()))
        .with_external_printer(printer)
        .with_poll_interval(POLL)
        .with_idle_callback(Box::new(idle))
        .with_break_signal(Arc::clone(&stop));
    let mut first = true;
    loop {
        let input = match editor.read_line(&SessionPrompt) {
            Ok(Signal::Success(line)) => Input::Line(line),
            Ok(Signal::CtrlD) => Input::End,
            Ok(Signal::CtrlC) => Input::Interrupt,
            Ok(Signal::ExternalBreak(_)) => return,
            Ok(_) => continue,
            Err(err) if first => Input::EditorFailed(err.to_string()),
            Err(_) => Input::End,
        };
        first = false;
        let last = !matches!(input, Input::Line(_));
        if inputs.blocking_send(input).is_err() || last {
            return;
        }
    }
}

/// `> `, nothing else: the session's own lines say where and when.
struct SessionPrompt;

impl Prompt for SessionPrompt {
    fn render_prompt_left(&self) -> Cow<'_, str> {
        Cow::Borrowed("")
    }

    fn render_prompt_right(&self) -> Cow<'_, str> {
        Cow::Borrowed("")
    }

    fn render_prompt_indicator(&self, _mode: PromptEditMode) -> Cow<'_, str> {
        Cow::Borrowed("> ")
    }

    fn render_prompt_multiline_indicator(&self) -> Cow<'_, str> {
        Cow::Borrowed("… ")
    }

    fn render_prompt_history_search_indicator(&self, search: PromptHistorySearch) -> Cow<'_, str> {
        Cow::Owned(format!("(search: {}) ", search.term))
    }
}
