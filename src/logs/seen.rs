//! What has been printed while following, so that every event is printed exactly once however
//! many times it is read: FilterLogEvents (the window, polls, read-backs) gives each event an id;
//! Live Tail gives none.
//!
//! Identical events — same stream, millisecond and text (a retry loop, a handler logging the
//! same line twice) — are normal, so an event without an id cannot be known by what it says
//! alone. Per key (target, stream, timestamp, text) this keeps how many distinct events each
//! source has delivered and how many were printed: an event is printed when its source has now
//! delivered more of that key than were printed. Two identical events printed from the window
//! and one of them pushed again live print twice, not three times; three written print three.
//!
//! Keys and ids are kept as 64-bit hashes (a collision among the ~300,000 events of 10 minutes
//! at 500 events/s has odds of about 1 in 400 million), so memory does not grow with the size
//! of the messages.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::fetch::LogEvent;

/// An event's key, hashed, beside its timestamp (kept for forgetting old keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    timestamp: i64,
    hash: u64,
}

impl Key {
    fn of(event: &LogEvent) -> Key {
        let mut hasher = DefaultHasher::new();
        (event.target, &event.stream, &event.message).hash(&mut hasher);
        Key {
            timestamp: event.timestamp,
            hash: hasher.finish(),
        }
    }
}

/// Per key: how many distinct events each source delivered, and how many were printed.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    /// Distinct event ids (FilterLogEvents).
    with_id: u32,
    /// Events without an id pushed by the session `live_session` (Live Tail pushes each event
    /// ingested while the session is open once; a session opened again starts over, and some
    /// emulators push every stored event again to each new session).
    live: u32,
    live_session: u64,
    printed: u32,
}

fn hash_of(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[derive(Debug, Default)]
pub struct Seen {
    keys: HashMap<Key, Counts>,
    /// Hashes of the event ids delivered, with the event's timestamp.
    ids: HashMap<u64, i64>,
    /// The newest timestamp printed.
    pub newest: Option<i64>,
}

impl Seen {
    /// True when `event` is one not printed yet (and it now counts as printed).
    pub fn first_time(&mut self, event: &LogEvent) -> bool {
        self.first_time_in(event, 0)
    }

    /// [`first_time`](Self::first_time) for an event pushed by live session `session` (events
    /// without an id are counted per session).
    pub fn first_time_in(&mut self, event: &LogEvent, session: u64) -> bool {
        let has_id = !event.event_id.is_empty();
        if has_id
            && self
                .ids
                .insert(hash_of(&event.event_id), event.timestamp)
                .is_some()
        {
            return false;
        }
        let counts = self.keys.entry(Key::of(event)).or_default();
        let delivered = if has_id {
            counts.with_id += 1;
            counts.with_id
        } else {
            if counts.live_session != session {
                counts.live_session = session;
                counts.live = 0;
            }
            counts.live += 1;
            counts.live
        };
        if delivered <= counts.printed {
            return false;
        }
        counts.printed += 1;
        self.newest = self.newest.max(Some(event.timestamp));
        true
    }

    /// Forgets events older than `timestamp` (they cannot be read again).
    pub fn forget_before(&mut self, timestamp: i64) {
        self.keys.retain(|key, _| key.timestamp >= timestamp);
        self.ids.retain(|_, t| *t >= timestamp);
    }

    /// Events remembered (for tests and tracing).
    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, timestamp: i64, message: &str) -> LogEvent {
        LogEvent {
            target: 0,
            timestamp,
            ingestion_time: timestamp,
            stream: "s".into(),
            event_id: id.into(),
            message: message.into(),
            sampled: false,
        }
    }

    #[test]
    fn identical_events_with_ids_print_as_often_as_written() {
        let mut seen = Seen::default();
        let printed = ["a", "b", "c", "a", "b"]
            .iter()
            .filter(|id| seen.first_time(&event(id, 100, "same")))
            .count();
        assert_eq!(printed, 3, "three ids, each once");
    }

    #[test]
    fn live_events_after_the_window_print_only_what_the_window_lacked() {
        let mut seen = Seen::default();
        // The window read two identical events; Live Tail pushes them and a third.
        assert!(seen.first_time(&event("a", 100, "same")));
        assert!(seen.first_time(&event("b", 100, "same")));
        let live: Vec<bool> = (0..3)
            .map(|_| seen.first_time(&event("", 100, "same")))
            .collect();
        assert_eq!(live, [false, false, true]);
        // Read back after a session reopened: all three ids, none printed again, and a
        // fourth that neither source had seen yet is.
        for id in ["a", "b", "c"] {
            assert!(!seen.first_time(&event(id, 100, "same")), "{id}");
        }
        assert!(seen.first_time(&event("d", 100, "same")));
        assert_eq!(seen.newest, Some(100));
    }

    #[test]
    fn a_session_that_pushes_stored_events_again_prints_only_new_ones() {
        let mut seen = Seen::default();
        assert!(seen.first_time_in(&event("", 100, "same"), 1));
        assert!(seen.first_time_in(&event("", 100, "same"), 1));
        // A new session pushes both again, then a third identical event.
        let again: Vec<bool> = (0..3)
            .map(|_| seen.first_time_in(&event("", 100, "same"), 2))
            .collect();
        assert_eq!(again, [false, false, true]);
    }

    #[test]
    fn three_identical_live_events_print_three_times() {
        let mut seen = Seen::default();
        let printed = (0..3)
            .filter(|_| seen.first_time(&event("", 5, "retry")))
            .count();
        assert_eq!(printed, 3);
    }

    #[test]
    fn different_streams_times_and_texts_are_different_events() {
        let mut seen = Seen::default();
        assert!(seen.first_time(&event("", 1, "x")));
        assert!(seen.first_time(&event("", 2, "x")));
        assert!(seen.first_time(&event("", 1, "y")));
        let mut other = event("", 1, "x");
        other.stream = "t".into();
        assert!(seen.first_time(&other));
        other.target = 1;
        assert!(seen.first_time(&other));
    }

    #[test]
    fn forgets_only_outside_the_window() {
        let mut seen = Seen::default();
        assert!(seen.first_time(&event("a", 100, "m")));
        assert!(seen.first_time(&event("late", 50, "m")));
        seen.forget_before(60);
        assert!(!seen.first_time(&event("a", 100, "m")));
        assert!(
            seen.first_time(&event("late", 50, "m")),
            "forgotten once outside the window"
        );
        assert_eq!(seen.len(), 2);
    }
}
