//! `iops top --record PATH`: every refresh's page model as one JSON line, appended; and the
//! newest of them read back by `iops report --from-recording`. A recording stops at
//! [`MAX_BYTES`] (the live view goes on, and says so when it ends).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::StackPage;
use crate::error::{Error, Result};

/// A recording grows by one page per refresh (a few KB to a few hundred for a wide stack); at
/// 64 MB it stops rather than fill a disk during a long incident.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

pub struct Recorder {
    path: PathBuf,
    file: File,
    size: u64,
    pub written: u64,
    /// Why recording stopped early (the size bound, a write error).
    pub stopped: Option<String>,
}

impl Recorder {
    /// Opens PATH for appending (created when missing).
    pub fn open(path: &Path) -> Result<Recorder> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::Failed(format!("cannot record to {}: {e}", path.display())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Recorder {
            path: path.to_path_buf(),
            file,
            size,
            written: 0,
            stopped: None,
        })
    }

    /// Appends one refresh (whole lines only: a page that would cross the bound is not written).
    pub fn write(&mut self, page: &StackPage) {
        if self.stopped.is_some() {
            return;
        }
        let mut line = match serde_json::to_vec(page) {
            Ok(line) => line,
            Err(err) => {
                self.stopped = Some(format!("cannot encode a refresh: {err}"));
                return;
            }
        };
        line.push(b'\n');
        if self.size + line.len() as u64 > MAX_BYTES {
            self.stopped = Some(format!(
                "{} reached {} MB",
                self.path.display(),
                MAX_BYTES / (1024 * 1024)
            ));
            return;
        }
        match self.file.write_all(&line).and_then(|()| self.file.flush()) {
            Ok(()) => {
                self.size += line.len() as u64;
                self.written += 1;
            }
            Err(err) => self.stopped = Some(format!("cannot write {}: {err}", self.path.display())),
        }
    }

    /// One line for stderr when the command ends.
    pub fn summary(&self) -> String {
        let base = format!(
            "iops: recorded {} refresh{} to {}",
            self.written,
            if self.written == 1 { "" } else { "es" },
            self.path.display()
        );
        match &self.stopped {
            Some(why) => format!("{base}; recording stopped early: {why}"),
            None => base,
        }
    }
}

/// The newest refresh in a recording. A last line cut short (the recorder was killed mid-write)
/// is skipped; anything else that is not a page is an error naming its line.
pub fn newest(path: &Path) -> Result<StackPage> {
    let text = super::read_text(path)?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let cut_short = !text.ends_with('\n');
    for (position, (number, line)) in lines.iter().enumerate().rev() {
        match serde_json::from_str::<StackPage>(line) {
            Ok(page) => return Ok(page),
            Err(_) if cut_short && position == lines.len() - 1 => {
                crate::output::notice(format!(
                    "{} line {}: cut short (the recorder stopped mid-write); using the refresh before it",
                    path.display(),
                    number + 1
                ));
            }
            Err(err) => {
                return Err(Error::usage(format!(
                    "{} line {} is not a refresh of `iops top --record PATH`: {err}",
                    path.display(),
                    number + 1
                )));
            }
        }
    }
    Err(Error::usage(format!(
        "{} holds no refresh of `iops top --record PATH`",
        path.display()
    )))
}
