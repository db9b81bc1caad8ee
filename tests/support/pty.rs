//! `iops ws connect` in a real pty, as a user at a terminal runs it: under `sh`, which prints
//! iops's exit status and then `stty -a`, so a test can tell whether iops gave the terminal back
//! in its own mode. The line editor asks the terminal where the cursor is (`ESC[6n`) and stalls
//! until answered: every wait here answers those queries as a terminal does.
//!
//! The `try_` functions say what went wrong as an `Err` (a table of rows reports every failure
//! at once); the others panic with it (a test of its own).

use std::time::Duration;

use expectrl::Expect;

pub type Session = expectrl::session::OsSession;

/// `iops ws connect URL ARGS` in a pty, in the hermetic test environment with a terminal that
/// can move the cursor; each wait gives up after `timeout`.
pub fn connect_in_a_pty(url: &str, args: &[&str], timeout: Duration) -> Session {
    let hermetic = super::iops_process();
    let mut command = std::process::Command::new("sh");
    for (name, value) in hermetic.get_envs() {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command
        .env("TERM", "xterm-256color")
        .args([
            "-c",
            "\"$0\" ws connect \"$@\"; echo \"exit=$?\"; stty -a",
            &hermetic.get_program().to_string_lossy(),
            url,
        ])
        .args(args);
    let mut session = expectrl::Session::spawn(command).expect("spawn in a pty");
    session.set_expect_timeout(Some(timeout));
    // Byte by byte: a greedy read may take in a query and the needle and another query at once,
    // and expectrl then consumes through the last of them — the text between is lost and that
    // last query goes unanswered (the editor stalls 2 s, then gives up on the terminal).
    session.set_expect_lazy(true);
    session
}

/// Waits for `needle`, answering the line editor's cursor-position queries (`ESC[6n`) on the
/// way; returns everything read up to and including the needle.
pub fn try_expect_answering(session: &mut Session, needle: &str) -> Result<String, String> {
    let pattern = format!("\\x1b\\[6n|{}", regex::escape(needle));
    let mut seen = String::new();
    loop {
        let found = session
            .expect(expectrl::Regex(pattern.as_str()))
            .map_err(|e| format!("waiting for {needle:?}: {e}; seen: {seen:?}"))?;
        seen.push_str(&String::from_utf8_lossy(found.before()));
        let matched = String::from_utf8_lossy(found.get(0).unwrap_or_default()).into_owned();
        seen.push_str(&matched);
        if matched == needle {
            return Ok(seen);
        }
        session
            .send("\x1b[1;1R")
            .map_err(|e| format!("answering the cursor query: {e}"))?;
    }
}

/// [`try_expect_answering`], panicking.
pub fn expect_answering(session: &mut Session, needle: &str) -> String {
    try_expect_answering(session, needle).unwrap_or_else(|why| panic!("{why}"))
}

/// How the session in the pty ended.
pub struct Ended {
    /// What the pty showed until iops ended (answered queries left out), as it came.
    pub shown: String,
    pub exit: i32,
    /// `stty -a` once iops had ended.
    pub stty: String,
}

/// Waits for iops to end and `sh` to print its exit status and `stty -a`.
pub fn try_exit_and_terminal_mode(session: &mut Session) -> Result<Ended, String> {
    let shown = try_expect_answering(session, "exit=")?;
    let stty = try_expect_answering(session, "extproc")?;
    let exit = stty
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| format!("no exit status in {stty:?}"))?;
    Ok(Ended { shown, exit, stty })
}

/// iops's exit status and `stty -a` once it has ended; panics if it panicked.
pub fn exit_and_terminal_mode(session: &mut Session) -> (i32, String) {
    let ended = try_exit_and_terminal_mode(session).unwrap_or_else(|why| panic!("{why}"));
    assert!(!ended.shown.contains("panicked"), "{}", ended.shown);
    (ended.exit, ended.stty)
}

/// A terminal given back in its own mode: line input, signals and output processing on (the
/// editor's raw mode turns each off; echo is left out: the test's pty starts without it).
pub fn cooked(stty: &str) -> Result<(), String> {
    let off: Vec<&str> = ["icanon", "isig", "iexten", "icrnl", "opost"]
        .into_iter()
        .filter(|flag| !stty.split_whitespace().any(|word| word == *flag))
        .collect();
    if off.is_empty() {
        Ok(())
    } else {
        Err(format!("{off:?} not on after iops: {stty}"))
    }
}

/// [`cooked`], panicking.
pub fn assert_cooked(stty: &str) {
    cooked(stty).unwrap_or_else(|why| panic!("{why}"));
}

/// The text of what a pty showed, roughly as a terminal leaves it on screen: escape sequences
/// dropped, and a carriage return inside a line starts it over (`\r\x1b[K` before the closing
/// line clears the prompt); lines end in `\n`.
pub fn screen_text(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            text.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters and intermediates up to a final byte in @..~.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // OSC: up to BEL or ESC \.
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' {
                        break;
                    }
                    if c == '\x1b' {
                        chars.next_if_eq(&'\\');
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    text.split('\n')
        .map(|line| {
            let line = line.trim_end_matches('\r');
            line.rsplit('\r').next().unwrap_or(line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}
