//! One error type for the whole program. Each variant maps to one documented exit code, and
//! `report` is the only place that prints an error for the user.

use std::fmt;

/// Process exit codes, documented in the README and in `iops --help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Ok,
    /// A check failed or nothing matched.
    Failed,
    /// Usage error or bad input.
    Usage,
    /// AWS service error: not found, access denied, throttled after retries, not delivered.
    Aws,
    /// Network error: endpoint unreachable, connection refused, timed out.
    Network,
    /// Stopped by a signal: 128 + its number (Ctrl-C 130, SIGTERM 143, SIGHUP 129).
    Interrupted,
}

impl ExitCode {
    pub fn status(self) -> u8 {
        match self {
            ExitCode::Ok => 0,
            ExitCode::Failed => 1,
            ExitCode::Usage => 2,
            ExitCode::Aws => 3,
            ExitCode::Network => 4,
            ExitCode::Interrupted => crate::interrupt::exit_status(),
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.status())
    }
}

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success
  1    a check failed or nothing matched
  2    usage error or bad input
  3    AWS service error (not found, access denied, throttled after retries, not delivered)
  4    network error (endpoint unreachable, timeout)
  130  interrupted (Ctrl-C); 143 on SIGTERM, 129 on SIGHUP, after the same summary";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags, bad values, bad config: exit 2.
    #[error("{0}")]
    Usage(String),
    /// An AWS call failed in a way retrying will not fix: exit 3.
    #[error("{0}")]
    Aws(AwsFailure),
    /// The endpoint could not be reached: exit 4.
    #[error("{0}")]
    Network(String),
    /// A check failed or nothing matched: exit 1.
    #[error("{0}")]
    Failed(String),
    /// Like grep: the command ran and found nothing; exit 1 with no message.
    #[error("nothing matched")]
    NothingMatched,
    /// Ctrl-C: exit 130. The command already printed what it did so far.
    #[error("interrupted")]
    Interrupted,
    /// stdout was closed by the reader (`iops … | head`): a normal end, exit 0.
    #[error("broken pipe")]
    BrokenPipe,
    /// Any other local I/O failure (writing a file, reading `@file`).
    #[error("{0}")]
    Io(String),
}

/// An AWS failure as the user should read it: what we tried, the service's code and message,
/// the request id to quote to AWS support, and what to do next.
#[derive(Debug)]
pub struct AwsFailure {
    pub action: String,
    pub code: Option<String>,
    pub message: String,
    pub request_id: Option<String>,
    pub hint: Option<String>,
}

impl AwsFailure {
    /// What failed, without the hint: one line.
    pub fn summary(&self) -> String {
        let mut text = format!("{}: ", self.action);
        if let Some(code) = &self.code {
            text.push_str(&format!("{code}: "));
        }
        text.push_str(&self.message);
        if let Some(id) = &self.request_id {
            text.push_str(&format!(" (request id {id})"));
        }
        text
    }
}

impl fmt::Display for AwsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.summary())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::Usage,
            Error::Aws(_) => ExitCode::Aws,
            Error::Network(_) => ExitCode::Network,
            Error::Failed(_) | Error::Io(_) | Error::NothingMatched => ExitCode::Failed,
            Error::Interrupted => ExitCode::Interrupted,
            Error::BrokenPipe => ExitCode::Ok,
        }
    }

    /// Maps an I/O error on stdout: a closed pipe is a normal end, anything else is reported.
    pub fn from_output(err: std::io::Error) -> Self {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Io(format!("cannot write output: {err}"))
        }
    }
}

/// The error's first line, without its hint: for reports that give each failure one line.
pub fn first_line(err: &Error) -> String {
    err.to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Prints the error for the user: one or two lines, never a debug dump.
pub fn report(err: &Error) {
    use std::io::Write;
    // A closed stderr must not turn an error report into a panic.
    let mut stderr = std::io::stderr().lock();
    let _ = match err {
        Error::BrokenPipe | Error::NothingMatched => Ok(()),
        Error::Interrupted => writeln!(stderr, "iops: interrupted"),
        other => writeln!(stderr, "iops: error: {other}"),
    };
}
