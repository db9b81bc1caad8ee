//! `iops top --record PATH`: every refresh's page model as one JSON line, appended; and the
//! newest of them read back by `iops report --from-recording`. A recording stops at
//! [`MAX_BYTES`] (the live view goes on, and says so when it ends).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::{Chart, StackPage};
use crate::error::{Error, Result};

/// A recording grows by one page per refresh (a few KB to a few hundred for a wide stack); at
/// 64 MB it stops rather than fill a disk during a long incident.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

pub struct Recorder {
    path: PathBuf,
    file: File,
    size: u64,
    max_bytes: u64,
    pub written: u64,
    /// Why recording stopped early (the size bound, a write error).
    pub stopped: Option<String>,
}

impl Recorder {
    /// Opens PATH for appending (created when missing). A file that is there must be a
    /// recording already: its last line a refresh (an iops.toml is never appended to).
    pub fn open(path: &Path) -> Result<Recorder> {
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0) {
            let text = std::fs::read(path)
                .map_err(|e| Error::Failed(format!("cannot read {}: {e}", path.display())))?;
            let text = String::from_utf8_lossy(&text);
            let last = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            if serde_json::from_str::<StackPage>(last).is_err() {
                return Err(Error::usage(format!(
                    "{} is not a recording of `iops top --record PATH`: record to a new file",
                    path.display()
                )));
            }
        }
        Recorder::bounded(path, MAX_BYTES)
    }

    fn bounded(path: &Path, max_bytes: u64) -> Result<Recorder> {
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
            max_bytes,
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
        if self.size + line.len() as u64 > self.max_bytes {
            self.stopped = Some(format!(
                "{} reached {} MB",
                self.path.display(),
                self.max_bytes / (1024 * 1024)
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

/// What every page iops writes holds to: whole periods, series no longer than the window.
fn consistent(page: &StackPage) -> std::result::Result<(), String> {
    let window = &page.window;
    if window.period_s <= 0 || window.periods == 0 {
        return Err(format!(
            "a window of {} periods of {} s",
            window.periods, window.period_s
        ));
    }
    let longest = page.charts.iter().map(Chart::periods).max().unwrap_or(0);
    if longest > window.periods {
        return Err(format!(
            "a series of {longest} values in a window of {} periods",
            window.periods
        ));
    }
    Ok(())
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
    let cut_short = !text.ends_with('\n') && lines.len() > 1;
    for (position, (number, line)) in lines.iter().enumerate().rev() {
        match serde_json::from_str::<StackPage>(line) {
            Ok(page) => {
                return consistent(&page).map(|()| page).map_err(|why| {
                    Error::usage(format!(
                        "{} line {}: {why}: not a refresh iops wrote",
                        path.display(),
                        number + 1
                    ))
                });
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Header, PageWindow};

    fn page(n: usize) -> StackPage {
        StackPage {
            header: Header {
                title: format!("refresh {n}"),
                env: None,
                api: None,
                region: None,
                account: None,
                generated_at: String::new(),
                iops_version: String::new(),
                source: String::new(),
            },
            window: PageWindow {
                from: String::new(),
                to: String::new(),
                start_s: 0,
                period_s: 60,
                periods: 1,
            },
            figures: Vec::new(),
            charts: Vec::new(),
            timeline: Vec::new(),
            verdicts: Vec::new(),
            top_errors: Vec::new(),
            missing: Vec::new(),
            wrong: Vec::new(),
            requests: Default::default(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_recording_stops_at_its_bound_with_whole_lines_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.ndjson");
        let line = serde_json::to_vec(&page(0)).unwrap().len() as u64 + 1;
        let mut recorder = Recorder::bounded(&path, line * 3 + line / 2).unwrap();
        for n in 0..5 {
            recorder.write(&page(n));
        }
        assert_eq!(recorder.written, 3);
        assert!(
            recorder.summary().contains("recording stopped early"),
            "{}",
            recorder.summary()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.ends_with('\n'));
        assert_eq!(newest(&path).unwrap().header.title, "refresh 2");
        // A reopened recording appends after what is there.
        let mut again = Recorder::bounded(&path, u64::MAX).unwrap();
        again.write(&page(9));
        assert_eq!(newest(&path).unwrap().header.title, "refresh 9");
    }
}
