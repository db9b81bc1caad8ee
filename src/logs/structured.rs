//! Structured log lines: Lambda's JSON log format (`{"timestamp","level","message","requestId"}`),
//! Powertools (`{"level","location","message","service","cold_start",…}`), any JSON object, and
//! the managed runtimes' text layouts that carry a level (Python `[ERROR]\t<ts>\t<id>\t…`, Node
//! `<ts>\t<id>\tERROR\t…`, Java and .NET `<ts> <id> ERROR …`). Read in place: a JSON message's
//! values stay the exact text of the line (numbers are never rounded), and nothing here ever
//! changes the message; it only reads it. Never panics on any input.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// Severity, least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

impl Level {
    pub const NAMES: &'static str = "trace, debug, info, warn, error, fatal";

    /// A level word in any case; Powertools' and Python's `WARNING`/`CRITICAL`, .NET's
    /// `Information`/`Critical`, `err` and `fail` count as their equivalents.
    pub fn parse(word: &str) -> Option<Level> {
        let word = word.trim();
        if word.len() > 11 {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        Some(match lower.as_str() {
            "trace" | "verbose" => Level::Trace,
            "debug" => Level::Debug,
            "info" | "information" | "notice" => Level::Info,
            "warn" | "warning" => Level::Warn,
            "error" | "err" | "fail" => Level::Error,
            "fatal" | "critical" | "crit" | "panic" | "emergency" | "alert" => Level::Fatal,
            _ => return None,
        })
    }

    /// pino and bunyan write numbers: 10 trace … 60 fatal.
    fn from_number(number: f64) -> Option<Level> {
        Some(match number as i64 {
            10 => Level::Trace,
            20 => Level::Debug,
            30 => Level::Info,
            40 => Level::Warn,
            50 => Level::Error,
            60 => Level::Fatal,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Trace => "TRACE",
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
            Level::Fatal => "FATAL",
        }
    }
}

/// `--level` as clap reads it.
pub fn parse_level(text: &str) -> Result<Level, String> {
    Level::parse(text)
        .ok_or_else(|| format!("'{text}' is not a level; use one of {}", Level::NAMES))
}

/// The keys a JSON line's level is found under, in order.
const LEVEL_KEYS: [&str; 5] = ["level", "levelname", "log_level", "severity", "lvl"];
/// The keys of its message.
const MESSAGE_KEYS: [&str; 2] = ["message", "msg"];
/// Keys a terminal does not repeat after the message: the line already shows the time.
const SHOWN_KEYS: [&str; 4] = ["timestamp", "time", "@timestamp", "ts"];

/// A JSON object message: its keys in the order written, each value the exact text of the line.
#[derive(Debug, Default)]
pub struct JsonMessage<'a> {
    pub entries: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> JsonMessage<'a> {
    /// The message as a JSON object, or None for anything else (text, an array, bad JSON).
    pub fn parse(message: &'a str) -> Option<JsonMessage<'a>> {
        let trimmed = message.trim();
        if !trimmed.starts_with('{') || !trimmed.ends_with('}') {
            return None;
        }
        let mut deserializer = serde_json::Deserializer::from_str(trimmed);
        let entries = deserializer.deserialize_map(EntriesVisitor).ok()?;
        deserializer.end().ok()?;
        Some(JsonMessage { entries })
    }

    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| *value)
    }

    /// The value at a dotted path (`error.type`, `records.0.id`), as its exact JSON text.
    pub fn path(&self, path: &str) -> Option<&'a RawValue> {
        let mut parts = path.split('.');
        let mut at = self.get(parts.next()?)?;
        for part in parts {
            at = child(at, part)?;
        }
        Some(at)
    }

    pub fn level(&self) -> Option<Level> {
        LEVEL_KEYS.iter().find_map(|key| {
            let raw = self.get(key)?.get();
            match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
                Some(word) => Level::parse(word),
                None => raw.parse().ok().and_then(Level::from_number),
            }
        })
    }

    /// The human message: the `message` (or `msg`) string, unquoted.
    pub fn message(&self) -> Option<Cow<'a, str>> {
        let raw = MESSAGE_KEYS.iter().find_map(|key| self.get(key))?;
        Some(text_of(raw))
    }

    /// Every key but the level, the message and the time, as one compact JSON object.
    pub fn rest(&self) -> String {
        let mut out = String::from("{");
        for (key, value) in &self.entries {
            let key = key.as_ref();
            if LEVEL_KEYS.contains(&key) || MESSAGE_KEYS.contains(&key) || SHOWN_KEYS.contains(&key)
            {
                continue;
            }
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(key).unwrap_or_default());
            out.push(':');
            out.push_str(value.get());
        }
        out.push('}');
        out
    }
}

/// A string value unquoted (escapes resolved); anything else as its JSON text.
pub fn text_of(raw: &RawValue) -> Cow<'_, str> {
    let text = raw.get();
    if text.starts_with('"') {
        match serde_json::from_str::<Cow<str>>(text) {
            Ok(unquoted) => unquoted,
            Err(_) => Cow::Borrowed(text),
        }
    } else {
        Cow::Borrowed(text)
    }
}

/// One step down a path: a key of an object, or an index of an array.
fn child<'a>(value: &'a RawValue, part: &str) -> Option<&'a RawValue> {
    let text = value.get();
    if text.starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let entries = deserializer.deserialize_map(EntriesVisitor).ok()?;
        return entries.into_iter().find(|(k, _)| k == part).map(|(_, v)| v);
    }
    if text.starts_with('[') {
        let index: usize = part.parse().ok()?;
        let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
        return items.get(index).copied();
    }
    None
}

/// Deserializes an object into its entries in order, values left as raw text.
struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Vec<(Cow<'de, str>, &'de RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(key) = map.next_key::<CowKey<'de>>()? {
            entries.push((key.0, map.next_value::<&'de RawValue>()?));
        }
        Ok(entries)
    }
}

/// A key borrowed from the line unless it has escapes.
struct CowKey<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for CowKey<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = CowKey<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(CowKey(Cow::Borrowed(key)))
            }
            fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
                Ok(CowKey(Cow::Owned(key.to_string())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The level of a text line from a managed runtime, when it carries one: Python's `[ERROR]` first,
/// or a level among the first four fields (tab-separated in any case, as Node and .NET write it;
/// space-separated only in capitals or brackets, so a sentence's "error" is not a level).
pub fn text_level(message: &str) -> Option<Level> {
    let start = message.trim_start();
    if let Some(rest) = start.strip_prefix('[')
        && let Some(end) = rest.find(']')
        && let Some(level) = Level::parse(&rest[..end])
    {
        return Some(level);
    }
    if start.contains('\t') {
        return start.split('\t').take(4).find_map(|field| {
            let field = field.trim().trim_start_matches('[').trim_end_matches(']');
            Level::parse(field)
        });
    }
    start.split(' ').take(4).find_map(|word| {
        let bracketed = word.starts_with('[') && word.ends_with(']') && word.len() > 2;
        let inner = word.trim_start_matches('[').trim_end_matches([']', ':']);
        let capitals = !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_uppercase());
        (bracketed || capitals)
            .then(|| Level::parse(inner))
            .flatten()
    })
}

/// A message's level: a JSON object's `level` (or `levelname`, `severity`, …), else a runtime's
/// text layout.
pub fn level_of(message: &str) -> Option<Level> {
    let trimmed = message.trim();
    if trimmed.starts_with('{') {
        // `--level` reads every line: one pass over the object's top-level keys decides most
        // JSON lines without building anything; what it cannot decide gets the full parse.
        if let Some(decided) = scan_level(trimmed.as_bytes()) {
            return decided;
        }
        if let Some(json) = JsonMessage::parse(trimmed) {
            return json.level();
        }
    }
    text_level(message)
}

/// The level of a JSON object from one pass over its bytes: the value of the first of
/// [`LEVEL_KEYS`] among its top-level keys (strings without escapes, or pino's numbers). None
/// when it cannot tell (an escape in a key or level, bad JSON): the caller parses it fully.
fn scan_level(bytes: &[u8]) -> Option<Option<Level>> {
    let mut found: [Option<Option<Level>>; LEVEL_KEYS.len()] = [None; LEVEL_KEYS.len()];
    let (mut depth, mut i) = (0usize, 0usize);
    // At depth 1, the next string is a key when the last structural byte was `{` or `,`.
    let mut expect_key = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let end = start + memchr::memchr2(b'"', b'\\', &bytes[start..])?;
                if bytes[end] == b'\\' {
                    // Skip an escaped string properly only where it matters: a key or level.
                    if depth == 1 && expect_key {
                        return None;
                    }
                    i = skip_string(bytes, start)?;
                    continue;
                }
                if depth == 1 && expect_key {
                    let key = &bytes[start..end];
                    i = end + 1;
                    expect_key = false;
                    if let Some(slot) = LEVEL_KEYS.iter().position(|k| k.as_bytes() == key) {
                        while i < bytes.len()
                            && (bytes[i] == b':' || bytes[i].is_ascii_whitespace())
                        {
                            i += 1;
                        }
                        let (level, next) = scan_level_value(bytes, i)?;
                        // A repeated key: the first counts, as in the full parse.
                        found[slot].get_or_insert(level);
                        // `level` comes first of the keys: once it names a level, nothing
                        // later changes the answer (Lambda and Powertools write it early).
                        if slot == 0 && level.is_some() {
                            return Some(level);
                        }
                        i = next;
                    }
                    continue;
                }
                i = end + 1;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = bytes[i] == b'{' && depth == 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    // Only whitespace may follow the object.
                    if !bytes[i..].iter().all(u8::is_ascii_whitespace) {
                        return None;
                    }
                    return Some(found.into_iter().flatten().flatten().next());
                }
            }
            b',' => {
                expect_key = depth == 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Past a string with escapes; `start` is just after its opening quote.
fn skip_string(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// A level value at `i`: a string without escapes or a number; (its level, the index after it).
fn scan_level_value(bytes: &[u8], i: usize) -> Option<(Option<Level>, usize)> {
    match bytes.get(i)? {
        b'"' => {
            let end = i + 1 + memchr::memchr2(b'"', b'\\', &bytes[i + 1..])?;
            if bytes[end] == b'\\' {
                return None;
            }
            let word = std::str::from_utf8(&bytes[i + 1..end]).ok()?;
            Some((Level::parse(word), end + 1))
        }
        b'-' | b'0'..=b'9' => {
            let end = i + bytes[i..]
                .iter()
                .position(|b| !matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                .unwrap_or(bytes.len() - i);
            let number: f64 = std::str::from_utf8(&bytes[i..end]).ok()?.parse().ok()?;
            Some((Level::from_number(number), end))
        }
        // null, true, an object: not a level; the full parse says the same.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lines as the AWS documentation shows them (Lambda developer guide, "Logging": JSON and text
    // formats per runtime; Powertools for AWS Lambda, "Logger").
    const LAMBDA_JSON: &str = r#"{"timestamp":"2023-10-27T19:17:45.586Z","level":"ERROR","message":"Payment failed","requestId":"79b4f56e-95b1-4643-9700-2807f4e68189","error":{"type":"TimeoutError","retries":3}}"#;
    const POWERTOOLS: &str = r#"{"level":"WARNING","location":"collect_payment:23","message":"Retrying","timestamp":"2021-12-12 21:21:49,163+0000","service":"payment","cold_start":true,"function_name":"test","function_memory_size":128,"function_arn":"arn:aws:lambda:eu-west-1:123:function:test","function_request_id":"52fdfc07-2182-154f-163f-5f0f9a621d72"}"#;
    const PYTHON: &str = "[ERROR]\t2023-10-27T19:17:45.586Z\t79b4f56e-95b1-4643-9700-2807f4e68189\tSomething went wrong";
    const NODE: &str =
        "2023-10-27T19:17:45.586Z\t79b4f56e-95b1-4643-9700-2807f4e68189\tWARN\tlow memory";
    const JAVA: &str =
        "2023-10-27 19:17:45 79b4f56e-95b1-4643-9700-2807f4e68189 ERROR Handler - Payment failed";
    const DOTNET: &str =
        "2023-10-27T19:17:45.586Z\t79b4f56e-95b1-4643-9700-2807f4e68189\tinfo\tHello from .NET";

    #[test]
    fn levels_of_every_runtime_format() {
        assert_eq!(level_of(LAMBDA_JSON), Some(Level::Error));
        assert_eq!(level_of(POWERTOOLS), Some(Level::Warn));
        assert_eq!(level_of(PYTHON), Some(Level::Error));
        assert_eq!(level_of(NODE), Some(Level::Warn));
        assert_eq!(level_of(JAVA), Some(Level::Error));
        assert_eq!(level_of(DOTNET), Some(Level::Info));
        assert_eq!(level_of(r#"{"level":50,"msg":"pino"}"#), Some(Level::Error));
        assert_eq!(level_of(r#"{"severity":"CRITICAL"}"#), Some(Level::Fatal));
        for none in [
            "START RequestId: 1 Version: $LATEST",
            "REPORT RequestId: 1\tDuration: 2.00 ms",
            "an error occurred in the payment service",
            "Connection stored: abc=",
            r#"{"message":"no level"}"#,
            "",
        ] {
            assert_eq!(level_of(none), None, "{none:?}");
        }
    }

    #[test]
    fn json_fields_by_path_exact_and_in_order() {
        let json = JsonMessage::parse(LAMBDA_JSON).unwrap();
        assert_eq!(
            json.path("requestId").map(text_of).as_deref(),
            Some("79b4f56e-95b1-4643-9700-2807f4e68189")
        );
        assert_eq!(
            json.path("error.type").map(text_of).as_deref(),
            Some("TimeoutError")
        );
        assert_eq!(json.path("error.retries").map(RawValue::get), Some("3"));
        assert!(json.path("error.nope").is_none() && json.path("requestId.x").is_none());
        assert_eq!(json.message().as_deref(), Some("Payment failed"));
        assert_eq!(
            json.rest(),
            r#"{"requestId":"79b4f56e-95b1-4643-9700-2807f4e68189","error":{"type":"TimeoutError","retries":3}}"#
        );
        let exact =
            JsonMessage::parse(r#"{"n":12345678901234567890123,"a":[1,{"b":"\u00e9"}]}"#).unwrap();
        assert_eq!(exact.path("n").unwrap().get(), "12345678901234567890123");
        assert_eq!(exact.path("a.1.b").map(text_of).as_deref(), Some("é"));
    }

    #[test]
    fn not_objects_are_not_json_messages() {
        for text in ["[1,2]", "{", "{\"a\":1} trailing", "\"s\"", "{\"a\":1}}"] {
            assert!(JsonMessage::parse(text).is_none(), "{text}");
        }
    }

    #[test]
    fn level_words_in_any_case_and_their_aliases() {
        assert_eq!(parse_level("WARNING"), Ok(Level::Warn));
        assert_eq!(parse_level("Critical"), Ok(Level::Fatal));
        assert_eq!(parse_level("error"), Ok(Level::Error));
        assert!(parse_level("loud").unwrap_err().contains("trace, debug"));
        assert!(Level::Error > Level::Warn && Level::Fatal > Level::Error);
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics(text in "\\PC{0,200}") {
            let _ = level_of(&text);
            if let Some(json) = JsonMessage::parse(&text) {
                let _ = (json.rest(), json.message(), json.path("a.b.0"));
            }
        }

        #[test]
        fn the_one_pass_level_agrees_with_the_full_parse(
            keys in proptest::collection::vec("(level|severity|lvl|msg|a|b)", 0..5),
            values in proptest::collection::vec("(ERROR|warning|Info|x|\\\\\"q|50|30)", 5),
            nested in proptest::bool::ANY,
        ) {
            let mut object = serde_json::Map::new();
            for (key, value) in keys.iter().zip(&values) {
                let value = value.parse::<i64>().map_or_else(|_| serde_json::json!(value), |n| serde_json::json!(n));
                object.insert(key.clone(), value);
            }
            if nested {
                object.insert("inner".into(), serde_json::json!({"level": "FATAL", "list": [{"level": "debug"}]}));
            }
            let line = serde_json::Value::Object(object).to_string();
            let full = JsonMessage::parse(&line).unwrap().level();
            if let Some(decided) = scan_level(line.as_bytes()) {
                proptest::prop_assert_eq!(decided, full, "{}", line);
            }
            proptest::prop_assert_eq!(level_of(&line), full, "{}", line);
        }

        #[test]
        fn json_values_are_the_lines_own_text(key in "[a-z]{1,8}", value in "\\PC{0,40}") {
            let line = serde_json::json!({"level": "info", key.clone(): value.clone()}).to_string();
            let json = JsonMessage::parse(&line).unwrap();
            let raw = json.get(&key).unwrap().get();
            proptest::prop_assert!(line.contains(raw));
            proptest::prop_assert_eq!(text_of(json.get(&key).unwrap()), value.as_str());
        }
    }
}
