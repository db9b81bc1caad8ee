//! `-A N`, `-B N`, `-C N` with `--grep`: the events after, before and around each match, in the
//! match's own log stream (one invocation's lines, not a neighbour's), groups separated by `--`
//! as grep does. Streams interleave in the merged output: each keeps its own window.

use std::collections::{HashMap, VecDeque};

use super::fetch::LogEvent;

/// What to print next.
#[derive(Debug, PartialEq)]
pub enum Shown {
    Separator,
    Event(LogEvent),
}

#[derive(Debug, Default)]
struct Stream {
    /// Events seen in this stream so far (the position of the next one).
    seen: u64,
    /// Unprinted events just before the next one, at most `before`.
    pending: VecDeque<LogEvent>,
    /// Events still to print after the last match.
    after_left: usize,
    /// Position of the last printed event.
    last_printed: Option<u64>,
}

#[derive(Debug, Default)]
pub struct Around {
    before: usize,
    after: usize,
    streams: HashMap<(usize, String), Stream>,
    printed_any: bool,
}

impl Around {
    pub fn new(before: usize, after: usize) -> Around {
        Around {
            before,
            after,
            ..Around::default()
        }
    }

    /// Whether it keeps any context at all (otherwise only matches are shown).
    pub fn is_active(&self) -> bool {
        self.before > 0 || self.after > 0
    }

    /// One event in order, with whether it matched; `show` receives what to print.
    pub fn offer(&mut self, event: LogEvent, matched: bool, mut show: impl FnMut(Shown)) {
        let stream = self
            .streams
            .entry((event.target, event.stream.clone()))
            .or_default();
        let position = stream.seen;
        stream.seen += 1;
        if matched {
            let first = position - stream.pending.len() as u64;
            let contiguous = stream.last_printed.is_some_and(|last| first <= last + 1);
            if self.printed_any && !contiguous {
                show(Shown::Separator);
            }
            for pending in stream.pending.drain(..) {
                show(Shown::Event(pending));
            }
            show(Shown::Event(event));
            stream.last_printed = Some(position);
            stream.after_left = self.after;
            self.printed_any = true;
        } else if stream.after_left > 0 {
            stream.after_left -= 1;
            stream.last_printed = Some(position);
            show(Shown::Event(event));
        } else if self.before > 0 {
            if stream.pending.len() == self.before {
                stream.pending.pop_front();
            }
            stream.pending.push_back(event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(stream: &str, n: i64) -> LogEvent {
        LogEvent {
            target: 0,
            timestamp: n,
            ingestion_time: n,
            stream: stream.into(),
            event_id: n.to_string(),
            message: format!("{stream}{n}"),
            sampled: false,
        }
    }

    fn run(around: &mut Around, events: &[(&str, i64, bool)]) -> Vec<String> {
        let mut out = Vec::new();
        for (stream, n, matched) in events {
            around.offer(event(stream, *n), *matched, |shown| {
                out.push(match shown {
                    Shown::Separator => "--".to_string(),
                    Shown::Event(e) => e.message,
                })
            });
        }
        out
    }

    #[test]
    fn context_like_grep_with_separators_between_groups() {
        let lines: Vec<(&str, i64, bool)> = (0..12).map(|n| ("a", n, n == 3 || n == 9)).collect();
        assert_eq!(
            run(&mut Around::new(1, 1), &lines),
            ["a2", "a3", "a4", "--", "a8", "a9", "a10"]
        );
        // Overlapping windows merge into one group.
        let close: Vec<(&str, i64, bool)> = (0..8).map(|n| ("a", n, n == 2 || n == 4)).collect();
        assert_eq!(
            run(&mut Around::new(1, 1), &close),
            ["a1", "a2", "a3", "a4", "a5"]
        );
        assert!(
            !Around::new(0, 0).is_active(),
            "without context, only matches, no separators"
        );
    }

    #[test]
    fn context_stays_in_the_matching_stream() {
        let lines = [
            ("a", 1, false),
            ("b", 2, false),
            ("a", 3, true),
            ("b", 4, false),
            ("a", 5, false),
            ("b", 6, true),
        ];
        assert_eq!(
            run(&mut Around::new(1, 1), &lines),
            ["a1", "a3", "a5", "--", "b4", "b6"]
        );
    }
}
