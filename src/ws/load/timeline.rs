//! A load run second by second, from its start: connections opened, connected, failed and
//! ended, messages, and connect times and round trips as counts in fixed log-spaced
//! millisecond buckets — counts add, so `ws merge` combines runs' timelines exactly, which
//! per-second percentiles could not be.
//!
//! Cheap on the hot path: a connection's events (open, connect, fail, end) lock the timeline
//! once each; its messages are tallied on the connection and handed over once per second it was
//! busy, not once per message.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// The buckets' upper bounds in milliseconds (a value falls in the first bucket whose bound it
/// does not exceed); a count list has one bucket more, past the last bound.
pub const BOUNDS_MS: [u64; 15] = [
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000,
];

/// The run per second. Second 0 is the run's own start: merged runs (`ws merge`) are added
/// second by second from each one's start, whenever each started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Upper bounds (ms) of the buckets of `connect_ms` and `round_trip_ms`; those lists have
    /// one bucket more (past the last bound) and leave out trailing empty buckets.
    pub bucket_bounds_ms: Vec<u64>,
    /// Second `i` of the list is `[i, i + 1)` seconds after the start.
    pub seconds: Vec<Second>,
}

/// One second of a run: what started, ended or arrived in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Second {
    /// Connections started (attempted) in this second.
    #[serde(default)]
    pub opened: u64,
    /// Connections whose upgrade completed in this second.
    #[serde(default)]
    pub connected: u64,
    /// Connections that could not be opened, counted when that was known.
    #[serde(default)]
    pub failed: u64,
    /// Connections that ended in this second, however they ended.
    #[serde(default)]
    pub closed: u64,
    /// Those of them cut short (closed by the server, dropped, or a protocol violation).
    #[serde(default)]
    pub cut_short: u64,
    #[serde(default)]
    pub sent: u64,
    #[serde(default)]
    pub received: u64,
    /// Received messages that answered a send.
    #[serde(default)]
    pub matched: u64,
    /// Connect times of the connections that connected in this second, per bucket.
    #[serde(default)]
    pub connect_ms: Vec<u64>,
    /// Round trips of the answers received in this second, per bucket.
    #[serde(default)]
    pub round_trip_ms: Vec<u64>,
    /// How the connections that ended in this second ended, by close code.
    #[serde(default)]
    pub close_codes: BTreeMap<u16, u64>,
}

/// The bucket of a duration in microseconds.
pub fn bucket_of(micros: u64) -> usize {
    BOUNDS_MS
        .iter()
        .position(|&bound| micros <= bound * 1000)
        .unwrap_or(BOUNDS_MS.len())
}

fn add_to_bucket(counts: &mut Vec<u64>, bucket: usize, count: u64) {
    if counts.len() <= bucket {
        counts.resize(bucket + 1, 0);
    }
    counts[bucket] += count;
}

/// Bucket counts added; trailing empty buckets left out.
fn add_buckets(total: &mut Vec<u64>, counts: &[u64]) {
    if total.len() < counts.len() {
        total.resize(counts.len(), 0);
    }
    total.iter_mut().zip(counts).for_each(|(t, c)| *t += c);
    trim(total);
}

fn trim(counts: &mut Vec<u64>) {
    while counts.last() == Some(&0) {
        counts.pop();
    }
}

/// The value at nearest rank ⌈q·n⌉ of bucket counts, as its bucket's upper bound in ms (the
/// true value is at most that); past the last bound, the last bound (the value is above it).
/// None without a count.
pub fn quantile_bound(counts: &[u64], bounds: &[u64], q: f64) -> Option<u64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
    let mut seen = 0;
    for (bucket, count) in counts.iter().enumerate() {
        seen += count;
        if seen >= rank {
            return Some(bound_of(bounds, bucket));
        }
    }
    None
}

/// The upper bound of the highest bucket with a count (the last bound past it).
pub fn max_bound(counts: &[u64], bounds: &[u64]) -> Option<u64> {
    counts
        .iter()
        .rposition(|&c| c > 0)
        .map(|bucket| bound_of(bounds, bucket))
}

fn bound_of(bounds: &[u64], bucket: usize) -> u64 {
    bounds
        .get(bucket)
        .or(bounds.last())
        .copied()
        .unwrap_or_default()
}

impl Second {
    /// Another run's (or another period's) same second added in: every count and bucket.
    pub fn add(&mut self, other: &Second) {
        self.opened += other.opened;
        self.connected += other.connected;
        self.failed += other.failed;
        self.closed += other.closed;
        self.cut_short += other.cut_short;
        self.sent += other.sent;
        self.received += other.received;
        self.matched += other.matched;
        add_buckets(&mut self.connect_ms, &other.connect_ms);
        add_buckets(&mut self.round_trip_ms, &other.round_trip_ms);
        for (code, count) in &other.close_codes {
            *self.close_codes.entry(*code).or_default() += count;
        }
    }
}

impl Timeline {
    /// Every `period` seconds as one (their counts and buckets added), for a page of a long run.
    pub fn coarser(&self, period: usize) -> Vec<Second> {
        self.seconds
            .chunks(period.max(1))
            .map(|chunk| {
                let mut sum = Second::default();
                chunk.iter().for_each(|s| sum.add(s));
                sum
            })
            .collect()
    }
}

/// Timelines of runs as one: second `i` of the merge is second `i` of every run added, each
/// run's second 0 being its own start. None when a run has none (a report written before
/// timelines) or the runs' buckets differ: a timeline of some runs would not add up to the merge.
/// Each timeline laid its offset (whole seconds) after the first run's start.
pub fn merge<'a>(
    timelines: impl IntoIterator<Item = (Option<&'a Timeline>, usize)>,
) -> Option<Timeline> {
    let mut merged: Option<Timeline> = None;
    for (timeline, offset) in timelines {
        let timeline = timeline?;
        let total = merged.get_or_insert_with(|| Timeline {
            bucket_bounds_ms: timeline.bucket_bounds_ms.clone(),
            seconds: Vec::new(),
        });
        if total.bucket_bounds_ms != timeline.bucket_bounds_ms {
            return None;
        }
        if total.seconds.len() < offset + timeline.seconds.len() {
            total
                .seconds
                .resize_with(offset + timeline.seconds.len(), Second::default);
        }
        total
            .seconds
            .iter_mut()
            .skip(offset)
            .zip(&timeline.seconds)
            .for_each(|(total, second)| total.add(second));
    }
    merged
}

/// The timeline being recorded by a run's connections.
pub(super) struct Recorder {
    started: Instant,
    seconds: Mutex<Vec<Second>>,
}

impl Default for Recorder {
    fn default() -> Recorder {
        Recorder::new(Instant::now())
    }
}

impl Recorder {
    pub fn new(started: Instant) -> Recorder {
        Recorder {
            started,
            seconds: Mutex::new(Vec::new()),
        }
    }

    /// The run's start: second 0 begins here.
    pub fn started(&self) -> Instant {
        self.started
    }

    /// The second of the run `at` falls in.
    pub fn second_of(&self, at: Instant) -> usize {
        at.saturating_duration_since(self.started).as_secs() as usize
    }

    fn now(&self) -> usize {
        self.second_of(Instant::now())
    }

    fn at(&self, second: usize, change: impl FnOnce(&mut Second)) {
        let mut seconds = self.seconds.lock().expect("timeline lock");
        if seconds.len() <= second {
            seconds.resize_with(second + 1, Second::default);
        }
        change(&mut seconds[second]);
    }

    pub fn opened(&self) {
        self.at(self.now(), |s| s.opened += 1);
    }

    pub fn connected(&self, connect_time: Duration) {
        let bucket = bucket_of(connect_time.as_micros() as u64);
        self.at(self.now(), |s| {
            s.connected += 1;
            add_to_bucket(&mut s.connect_ms, bucket, 1);
        });
    }

    pub fn failed(&self) {
        self.at(self.now(), |s| s.failed += 1);
    }

    /// A connection ended now with `code`; `cut_short` when not as planned.
    pub fn closed(&self, code: u16, cut_short: bool) {
        self.at(self.now(), |s| {
            s.closed += 1;
            s.cut_short += u64::from(cut_short);
            *s.close_codes.entry(code).or_default() += 1;
        });
    }

    /// A connection's tally of messages, into its second.
    pub fn add(&self, tally: &Tally) {
        if tally.is_empty() {
            return;
        }
        self.at(tally.second, |s| {
            s.sent += tally.sent;
            s.received += tally.received;
            s.matched += tally.matched;
            for (bucket, &count) in tally.round_trips.iter().enumerate() {
                if count > 0 {
                    add_to_bucket(&mut s.round_trip_ms, bucket, count);
                }
            }
        });
    }

    pub fn timeline(&self) -> Timeline {
        Timeline {
            bucket_bounds_ms: BOUNDS_MS.to_vec(),
            seconds: self.seconds.lock().expect("timeline lock").clone(),
        }
    }
}

/// One connection's messages in the second it is in, handed to the [`Recorder`] when the second
/// changes and when the connection ends.
#[derive(Debug, Default)]
pub(super) struct Tally {
    second: usize,
    sent: u64,
    received: u64,
    matched: u64,
    round_trips: [u64; BOUNDS_MS.len() + 1],
}

impl Tally {
    fn is_empty(&self) -> bool {
        self.sent == 0 && self.received == 0 && self.matched == 0
    }

    /// Moves the tally to the second of now, handing the last one's counts over first.
    fn now(&mut self, recorder: &Recorder) -> &mut Tally {
        let second = recorder.now();
        if second != self.second {
            self.flush(recorder);
            self.second = second;
        }
        self
    }

    pub fn sent(&mut self, recorder: &Recorder) {
        self.now(recorder).sent += 1;
    }

    pub fn received(&mut self, recorder: &Recorder) {
        self.now(recorder).received += 1;
    }

    pub fn matched(&mut self, recorder: &Recorder, round_trip: Duration) {
        let tally = self.now(recorder);
        tally.matched += 1;
        tally.round_trips[bucket_of(round_trip.as_micros() as u64)] += 1;
    }

    /// The counts so far into the recorder (at the connection's end).
    pub fn flush(&mut self, recorder: &Recorder) {
        recorder.add(self);
        *self = Tally {
            second: self.second,
            ..Tally::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_falls_in_the_first_bucket_it_does_not_exceed() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(1_000), 0);
        assert_eq!(bucket_of(1_001), 1);
        assert_eq!(bucket_of(4_999), 2);
        assert_eq!(bucket_of(60_000_000), 14);
        assert_eq!(bucket_of(60_000_001), 15);
    }

    #[test]
    fn quantiles_are_bucket_bounds_by_nearest_rank() {
        let bounds = BOUNDS_MS;
        // 10 values: 5 ≤ 1 ms, 4 in (5, 10] ms, 1 past 60 s.
        let counts = [5, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(quantile_bound(&counts, &bounds, 0.5), Some(1));
        assert_eq!(quantile_bound(&counts, &bounds, 0.6), Some(10));
        assert_eq!(quantile_bound(&counts, &bounds, 0.95), Some(60_000));
        assert_eq!(max_bound(&counts, &bounds), Some(60_000));
        assert_eq!(max_bound(&[0, 3], &bounds), Some(2));
        assert_eq!(quantile_bound(&[], &bounds, 0.5), None);
        assert_eq!(max_bound(&[0, 0], &bounds), None);
    }

    /// What happens to a connection, and when (seconds after its run's start).
    #[derive(Debug, Clone)]
    enum Event {
        Opened,
        Connected(u64),
        Failed,
        Closed(u16, bool),
        Sent,
        Received,
        Matched(u64),
    }

    fn record(events: &[(usize, Event)]) -> Timeline {
        let recorder = Recorder::new(Instant::now());
        for (second, event) in events {
            let s = *second;
            match event {
                Event::Opened => recorder.at(s, |x| x.opened += 1),
                Event::Connected(us) => recorder.at(s, |x| {
                    x.connected += 1;
                    add_to_bucket(&mut x.connect_ms, bucket_of(*us), 1);
                }),
                Event::Failed => recorder.at(s, |x| x.failed += 1),
                Event::Closed(code, cut) => recorder.at(s, |x| {
                    x.closed += 1;
                    x.cut_short += u64::from(*cut);
                    *x.close_codes.entry(*code).or_default() += 1;
                }),
                Event::Sent | Event::Received | Event::Matched(_) => {
                    let mut tally = Tally {
                        second: s,
                        ..Tally::default()
                    };
                    match event {
                        Event::Sent => tally.sent += 1,
                        Event::Received => tally.received += 1,
                        Event::Matched(us) => {
                            tally.matched += 1;
                            tally.round_trips[bucket_of(*us)] += 1;
                        }
                        _ => unreachable!(),
                    }
                    recorder.add(&tally);
                }
            }
        }
        recorder.timeline()
    }

    fn event() -> impl proptest::strategy::Strategy<Value = (usize, Event)> {
        use proptest::prelude::*;
        let kind = prop_oneof![
            Just(Event::Opened),
            (0u64..90_000_000).prop_map(Event::Connected),
            Just(Event::Failed),
            (
                prop::sample::select(vec![1000u16, 1006, 1011, 4001]),
                any::<bool>()
            )
                .prop_map(|(code, cut)| Event::Closed(code, cut)),
            Just(Event::Sent),
            Just(Event::Received),
            (0u64..90_000_000).prop_map(Event::Matched),
        ];
        (0usize..40, kind)
    }

    proptest::proptest! {
        /// Two runs' timelines merged are the timeline of one run that saw both runs' events,
        /// each at its second from its own run's start: every count and bucket count.
        #[test]
        fn merging_two_timelines_equals_the_timeline_of_their_union(
            events in proptest::collection::vec(event(), 0..300),
            cut in 0.0f64..1.0,
        ) {
            let at = ((events.len() as f64 * cut) as usize).min(events.len());
            let (first, second) = events.split_at(at);
            let merged = merge([(Some(&record(first)), 0), (Some(&record(second)), 0)]).unwrap();
            proptest::prop_assert_eq!(&merged, &record(&events));
            // The page's coarser periods add up the same way.
            let coarse = merged.coarser(7);
            let total = |pick: fn(&Second) -> u64, seconds: &[Second]| seconds.iter().map(pick).sum::<u64>();
            proptest::prop_assert_eq!(total(|s| s.opened, &coarse), total(|s| s.opened, &merged.seconds));
            proptest::prop_assert_eq!(
                total(|s| s.connect_ms.iter().sum(), &coarse),
                total(|s| s.connect_ms.iter().sum(), &merged.seconds)
            );
        }
    }

    #[test]
    fn a_run_without_a_timeline_or_with_other_buckets_leaves_the_merge_without_one() {
        let run = record(&[(0, Event::Opened), (3, Event::Connected(1_500))]);
        assert_eq!(merge([(Some(&run), 0), (None, 0)]), None);
        let mut other = run.clone();
        other.bucket_bounds_ms.push(120_000);
        assert_eq!(merge([(Some(&run), 0), (Some(&other), 0)]), None);
        // A run that started 2 s after the first is laid 2 s later.
        let later = merge([(Some(&run), 0), (Some(&run), 2)]).unwrap();
        assert_eq!(later.seconds.len(), run.seconds.len() + 2);
        assert_eq!(
            later.seconds[2].opened,
            run.seconds[0].opened + run.seconds.get(2).map_or(0, |s| s.opened)
        );
        let twice = merge([(Some(&run), 0), (Some(&run), 0)]).unwrap();
        assert_eq!(twice.seconds.len(), 4);
        assert_eq!(twice.seconds[0].opened, 2);
        assert_eq!(twice.seconds[3].connect_ms, [0, 2]);
        assert_eq!(merge(std::iter::empty()), None);
    }

    #[test]
    fn trailing_empty_buckets_in_a_saved_report_do_not_make_a_difference() {
        let mut a = Second {
            connect_ms: vec![1, 0, 0],
            ..Second::default()
        };
        a.add(&Second {
            connect_ms: vec![0, 0, 0, 0],
            ..Second::default()
        });
        assert_eq!(a.connect_ms, [1]);
    }

    #[test]
    fn a_tally_hands_over_its_counts_once_per_second() {
        let recorder = Recorder::new(Instant::now());
        let mut tally = Tally::default();
        tally.sent(&recorder);
        tally.received(&recorder);
        tally.matched(&recorder, Duration::from_millis(3));
        // Nothing reached the timeline before the hand-over.
        assert!(recorder.timeline().seconds.is_empty());
        tally.flush(&recorder);
        tally.flush(&recorder);
        let timeline = recorder.timeline();
        assert_eq!(timeline.seconds.len(), 1);
        let second = &timeline.seconds[0];
        assert_eq!((second.sent, second.received, second.matched), (1, 1, 1));
        assert_eq!(second.round_trip_ms, [0, 0, 1]);
    }
}
