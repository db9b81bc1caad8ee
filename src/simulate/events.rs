//! The seeded event generator. Every event is a pure function of (seed, index): the same seed
//! gives byte-identical events whatever the thread count, and any range of the sequence can be
//! generated on its own — which is what lets generation run in parallel and stream in constant
//! memory.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Event types of the dashboard pipeline in runbook `000_…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    SessionStarted,
    SessionCompleted,
    CustomerHealthUpdate,
    AlertRaised,
}

impl EventType {
    pub const ALL: [EventType; 4] = [
        EventType::SessionStarted,
        EventType::SessionCompleted,
        EventType::CustomerHealthUpdate,
        EventType::AlertRaised,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EventType::SessionStarted => "session_started",
            EventType::SessionCompleted => "session_completed",
            EventType::CustomerHealthUpdate => "customer_health_update",
            EventType::AlertRaised => "alert_raised",
        }
    }

    pub fn from_name(name: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Relative frequency in the default mix: sessions dominate, alerts are rare.
    fn weight(self) -> u32 {
        match self {
            EventType::SessionStarted | EventType::SessionCompleted => 35,
            EventType::CustomerHealthUpdate => 20,
            EventType::AlertRaised => 10,
        }
    }

    pub fn valid_names() -> String {
        EventType::ALL.map(EventType::name).join(", ")
    }
}

const ALERT_TYPES: [&str; 4] = [
    "low_health_score",
    "low_tutor_rating",
    "supply_demand_imbalance",
    "first_session_churn_risk",
];

/// What the generator needs to know; everything else follows from the seed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub seed: u64,
    pub streams: u32,
    pub types: Vec<EventType>,
    pub start: SystemTime,
    /// Time between consecutive events (across all streams).
    pub spacing: Duration,
}

/// One generated event. Only what aggregation needs is drawn eagerly; identifiers used only in
/// the JSON form are drawn from `key` when rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub index: u64,
    pub stream: u32,
    pub kind: EventType,
    /// Tutor rating (10..=50 ⇒ 1.0..=5.0) or health score (0..=1000 ⇒ 0.0..=100.0), in tenths.
    pub value_tenths: u16,
    pub timestamp_ms: i64,
    key: u64,
}

pub struct Generator {
    seed: u64,
    streams: u64,
    cumulative: Vec<(u32, EventType)>,
    total_weight: u32,
    start_ms: i64,
    spacing_ns: u128,
    entity_ids: Vec<String>,
    event_id_prefix: String,
}

/// splitmix64: the n-th output for a seed is `mix(seed + n·γ)`, so any index is reachable at once.
fn splitmix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Generator {
    pub fn new(plan: &Plan) -> Generator {
        let mut cumulative = Vec::new();
        let mut total_weight = 0;
        for kind in EventType::ALL
            .into_iter()
            .filter(|t| plan.types.contains(t))
        {
            total_weight += kind.weight();
            cumulative.push((total_weight, kind));
        }
        let start_ms = plan
            .start
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as i64;
        Generator {
            seed: plan.seed,
            streams: u64::from(plan.streams),
            cumulative,
            total_weight,
            start_ms,
            spacing_ns: plan.spacing.as_nanos(),
            entity_ids: (1..=plan.streams).map(entity_id).collect(),
            event_id_prefix: format!("{{\"event_id\":\"sim-{:016x}-", plan.seed),
        }
    }

    pub fn entity_count(&self) -> usize {
        self.entity_ids.len()
    }

    pub fn entity_id(&self, stream: u32) -> &str {
        &self.entity_ids[stream as usize]
    }

    /// Stable id of the n-th event, as it appears in the JSON (`event_id`).
    pub fn event_id(&self, index: u64) -> String {
        format!("sim-{:016x}-{index}", self.seed)
    }

    pub fn event(&self, index: u64) -> Event {
        let key = splitmix(self.seed, index);
        let mut rng = fastrand::Rng::with_seed(key);
        let draw = rng.u32(0..self.total_weight);
        let kind = self
            .cumulative
            .iter()
            .find(|(upto, _)| draw < *upto)
            .map_or(EventType::SessionStarted, |c| c.1);
        let value_tenths = match kind {
            // Ratings skew high, as real tutoring ratings do: the larger of two uniform draws.
            EventType::SessionCompleted => rng.u16(10..=50).max(rng.u16(10..=50)),
            // Most customers are healthy; about one in seven is at risk.
            EventType::CustomerHealthUpdate if rng.u8(0..100) < 85 => rng.u16(600..=1000),
            EventType::CustomerHealthUpdate => rng.u16(0..600),
            _ => 0,
        };
        // Rounded, not truncated: with 3 streams the 4th event is at 1.000 s, not 0.999 s.
        let offset_ms = ((u128::from(index) * self.spacing_ns + 500_000) / 1_000_000) as i64;
        Event {
            index,
            stream: (index % self.streams) as u32,
            kind,
            value_tenths,
            timestamp_ms: self.start_ms.saturating_add(offset_ms),
            key,
        }
    }

    /// Appends the event as one line of JSON (no trailing newline).
    pub fn write_json(&self, event: &Event, clock: &mut Clock, out: &mut Vec<u8>) {
        let mut rng = fastrand::Rng::with_seed(event.key ^ 0xD1B5_4A32_D192_ED03);
        out.extend_from_slice(self.event_id_prefix.as_bytes());
        push_int(out, event.index);
        out.extend_from_slice(b"\",\"entity_id\":\"");
        out.extend_from_slice(self.entity_id(event.stream).as_bytes());
        out.extend_from_slice(b"\",\"entity_type\":\"stream\",\"event_type\":\"");
        out.extend_from_slice(event.kind.name().as_bytes());
        out.extend_from_slice(b"\",\"timestamp\":\"");
        clock.push_iso(out, event.timestamp_ms);
        out.extend_from_slice(b"\",\"payload\":{");
        match event.kind {
            EventType::SessionStarted => {
                push_session_and_tutor(out, &mut rng);
                out.extend_from_slice(b",\"student_id\":\"student-");
                push_padded(out, rng.u64(1..=20_000), 5);
                out.push(b'"');
            }
            EventType::SessionCompleted => {
                push_session_and_tutor(out, &mut rng);
                out.extend_from_slice(b",\"tutor_rating\":");
                push_tenths(out, event.value_tenths);
                out.extend_from_slice(b",\"duration_minutes\":");
                push_int(out, rng.u64(15..=90));
            }
            EventType::CustomerHealthUpdate => {
                out.extend_from_slice(b"\"customer_id\":\"customer-");
                push_padded(out, rng.u64(1..=5_000), 5);
                out.extend_from_slice(b"\",\"health_score\":");
                push_tenths(out, event.value_tenths);
            }
            EventType::AlertRaised => {
                out.extend_from_slice(b"\"alert_type\":\"");
                out.extend_from_slice(ALERT_TYPES[rng.usize(..ALERT_TYPES.len())].as_bytes());
                out.extend_from_slice(b"\",\"severity\":\"");
                out.extend_from_slice(if rng.u8(0..4) == 0 {
                    b"critical"
                } else {
                    b"warning"
                });
                out.push(b'"');
            }
        }
        out.extend_from_slice(b"}}");
    }
}

fn push_session_and_tutor(out: &mut Vec<u8>, rng: &mut fastrand::Rng) {
    out.extend_from_slice(b"\"session_id\":\"sess-");
    push_hex(out, rng.u64(..));
    out.extend_from_slice(b"\",\"tutor_id\":\"tutor-");
    push_padded(out, rng.u64(1..=500), 4);
    out.push(b'"');
}

fn push_int(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// `stream-001` … `stream-999`, `stream-1000` …: an id never depends on how many streams a run
/// has, so runs with different `--streams` write the same entities (one metrics item each).
fn entity_id(index: u32) -> String {
    format!("stream-{index:03}")
}

fn push_padded(out: &mut Vec<u8>, value: u64, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    out.extend(std::iter::repeat_n(
        b'0',
        width.saturating_sub(digits.len()),
    ));
    out.extend_from_slice(digits.as_bytes());
}

fn push_hex(out: &mut Vec<u8>, value: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend(
        (0..16)
            .rev()
            .map(|i| HEX[((value >> (i * 4)) & 0xf) as usize]),
    );
}

/// Tenths as an exact decimal literal: 45 ⇒ `4.5`, 40 ⇒ `4.0`.
fn push_tenths(out: &mut Vec<u8>, tenths: u16) {
    push_int(out, u64::from(tenths / 10));
    out.push(b'.');
    out.push(b'0' + (tenths % 10) as u8);
}

/// Formats millisecond timestamps as RFC 3339, reusing the date part while the second is unchanged.
#[derive(Default)]
pub struct Clock {
    second: Option<i64>,
    prefix: Vec<u8>,
}

impl Clock {
    pub fn push_iso(&mut self, out: &mut Vec<u8>, timestamp_ms: i64) {
        let second = timestamp_ms.div_euclid(1000);
        if self.second != Some(second) {
            let time = jiff::Timestamp::from_second(second).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            // Milliseconds and the 'Z' are appended per event.
            self.prefix = time.strftime("%Y-%m-%dT%H:%M:%S").to_string().into_bytes();
            self.second = Some(second);
        }
        out.extend_from_slice(&self.prefix);
        out.push(b'.');
        push_padded(out, timestamp_ms.rem_euclid(1000) as u64, 3);
        out.push(b'Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_ids_do_not_depend_on_the_stream_count() {
        assert_eq!(entity_id(1), "stream-001");
        assert_eq!(entity_id(999), "stream-999");
        assert_eq!(entity_id(1000), "stream-1000");
        assert_eq!(entity_id(12345), "stream-12345");
    }

    fn plan(seed: u64) -> Plan {
        Plan {
            seed,
            streams: 50,
            types: EventType::ALL.to_vec(),
            start: UNIX_EPOCH + Duration::from_secs(1_767_225_600),
            spacing: Duration::from_millis(20),
        }
    }

    fn json(generator: &Generator, index: u64) -> serde_json::Value {
        let mut out = Vec::new();
        generator.write_json(&generator.event(index), &mut Clock::default(), &mut out);
        serde_json::from_slice(&out).expect("valid JSON")
    }

    #[test]
    fn events_are_a_pure_function_of_seed_and_index() {
        let a = Generator::new(&plan(7));
        let b = Generator::new(&plan(7));
        let c = Generator::new(&plan(8));
        assert_eq!(a.event(123), b.event(123));
        assert_eq!(json(&a, 123), json(&b, 123));
        assert!((0..100).any(|i| a.event(i) != c.event(i)));
    }

    #[test]
    fn json_has_the_pipeline_fields() {
        let generator = Generator::new(&plan(1));
        for index in 0..200 {
            let value = json(&generator, index);
            let event = generator.event(index);
            assert_eq!(value["event_id"], generator.event_id(index));
            assert_eq!(value["entity_id"], format!("stream-{:03}", index % 50 + 1));
            assert_eq!(value["entity_type"], "stream");
            assert_eq!(value["event_type"], event.kind.name());
            match event.kind {
                EventType::SessionCompleted => {
                    let rating = value["payload"]["tutor_rating"].as_f64().unwrap();
                    assert!((1.0..=5.0).contains(&rating), "{rating}");
                }
                EventType::CustomerHealthUpdate => {
                    let score = value["payload"]["health_score"].as_f64().unwrap();
                    assert!((0.0..=100.0).contains(&score), "{score}");
                }
                _ => {}
            }
        }
        assert_eq!(json(&generator, 0)["timestamp"], "2026-01-01T00:00:00.000Z");
        assert_eq!(
            json(&generator, 51)["timestamp"],
            "2026-01-01T00:00:01.020Z"
        );
    }

    #[test]
    fn restricted_types_only_produce_those_types() {
        let mut only = plan(3);
        only.types = vec![EventType::SessionCompleted];
        let generator = Generator::new(&only);
        assert!((0..1000).all(|i| generator.event(i).kind == EventType::SessionCompleted));
    }

    #[test]
    fn every_type_appears_in_the_default_mix() {
        let generator = Generator::new(&plan(5));
        for kind in EventType::ALL {
            assert!(
                (0..500).any(|i| generator.event(i).kind == kind),
                "{kind:?} never generated"
            );
        }
    }

    #[test]
    fn tenths_render_as_exact_decimals() {
        let mut out = Vec::new();
        push_tenths(&mut out, 45);
        out.push(b' ');
        push_tenths(&mut out, 1000);
        out.push(b' ');
        push_tenths(&mut out, 7);
        assert_eq!(out, b"4.5 100.0 0.7");
    }
}
