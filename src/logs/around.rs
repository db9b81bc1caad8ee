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

/// A log stream: the target and the stream's name.
type StreamKey = (usize, String);

#[derive(Debug, Default)]
struct Stream {
    /// Events seen in this stream so far (the position of the next one).
    seen: u64,
    /// Unprinted events just before the next one, at most `before`.
    pending: VecDeque<LogEvent>,
    /// Events still to print after the last match.
    after_left: usize,
}

#[derive(Debug, Default)]
pub struct Around {
    before: usize,
    after: usize,
    streams: HashMap<StreamKey, Stream>,
    /// The stream and position of the last event printed: a group goes on only with the next
    /// event of the same stream; anything else starts a new group after `--`.
    last: Option<(StreamKey, u64)>,
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
        let key = (event.target, event.stream.clone());
        let stream = self.streams.entry(key.clone()).or_default();
        let position = stream.seen;
        stream.seen += 1;
        let mut shown = Vec::new();
        if matched {
            let first = position - stream.pending.len() as u64;
            shown.extend((first..).zip(stream.pending.drain(..)));
            shown.push((position, event));
            stream.after_left = self.after;
        } else if stream.after_left > 0 {
            stream.after_left -= 1;
            shown.push((position, event));
        } else if self.before > 0 {
            if stream.pending.len() == self.before {
                stream.pending.pop_front();
            }
            stream.pending.push_back(event);
        }
        for (position, event) in shown {
            let continues = self
                .last
                .as_ref()
                .is_some_and(|(last_key, last)| *last_key == key && position == last + 1);
            if self.last.is_some() && !continues {
                show(Shown::Separator);
            }
            show(Shown::Event(event));
            self.last = Some((key.clone(), position));
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

    #[test]
    fn groups_of_streams_that_overlap_in_time_never_mix() {
        // b matches while a's after-context is still open: each group one stream's lines.
        let lines = [
            ("a", 1, true),
            ("b", 2, true),
            ("a", 3, false),
            ("b", 4, false),
            ("a", 5, false),
        ];
        let out = run(&mut Around::new(0, 2), &lines);
        assert_eq!(out, ["a1", "--", "b2", "--", "a3", "--", "b4", "--", "a5"]);
        // Every run between separators is one stream, in order.
        for group in out.split(|l| l == "--") {
            let stream = &group[0][..1];
            assert!(group.iter().all(|l| l.starts_with(stream)), "{group:?}");
        }
    }
}
