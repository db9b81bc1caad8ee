//! Structured log lines and the one level reader every `iops logs` command shares (`--level`,
//! `logs stats`' error count, `top`, `doctor`).
//!
//! A level is read from a line's structure, never from a word in its prose:
//! - a JSON object: the value of its level key (`level`, `Level`, `severity`, ECS's flat
//!   `log.level`, Serilog's `@l`, pino's numbers …, keys in any case; a repeated key counts by its
//!   last value, as JSON parsers read it);
//! - the managed runtimes' text layouts: Python `[ERROR]\t<time>\t<request id>\t…`, Node and .NET
//!   `<time>\t<request id>\tERROR\t…` (.NET writes `fail`, `crit`, `info` …), Java log4j2
//!   `<date> <time> <request id> ERROR Class - …`; a JSON object after such a prefix is read too;
//! - common library layouts at the start of a line: a leading `ERROR`/`[error]`/`ERROR:`, a
//!   timestamp then a level (Python logging, Go's slog, logback, zap, structlog), Ruby's Logger,
//!   logfmt `level=error`.
//!
//! Read in place: a JSON message's values stay the exact text of the line (numbers are never
//! rounded), and nothing here changes the message. Never panics on any input.

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

    /// A level word in any case; Python's `WARNING`/`CRITICAL`, .NET's `Information`/`Critical`
    /// and its console abbreviations (`trce`, `dbug`, `fail`, `crit`), syslog's and zap's extra
    /// levels count as their equivalents.
    pub fn parse(word: &str) -> Option<Level> {
        let word = word.trim();
        if word.len() > 11 {
            return None;
        }
        let mut lower = [0u8; 11];
        for (to, from) in lower.iter_mut().zip(word.bytes()) {
            *to = from.to_ascii_lowercase();
        }
        Some(match &lower[..word.len()] {
            b"trace" | b"trce" | b"verbose" | b"silly" => Level::Trace,
            b"debug" | b"dbug" => Level::Debug,
            b"info" | b"information" | b"notice" => Level::Info,
            b"warn" | b"warning" => Level::Warn,
            b"error" | b"err" | b"fail" | b"severe" => Level::Error,
            b"fatal" | b"critical" | b"crit" | b"panic" | b"dpanic" | b"emergency" | b"alert" => {
                Level::Fatal
            }
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

/// The keys a JSON line's level is found under, compared in any case; when several are present
/// the first of this list that holds a level wins. `log.level` is ECS's flat key, `@l` Serilog's
/// compact format, `severitytext` OpenTelemetry's.
const LEVEL_KEYS: [&str; 9] = [
    "level",
    "levelname",
    "log.level",
    "severity",
    "log_level",
    "loglevel",
    "lvl",
    "@l",
    "severitytext",
];
/// The keys of its message, in order (structlog's is `event`; Serilog's `@m`, or the template
/// `@mt`).
const MESSAGE_KEYS: [&str; 5] = ["message", "msg", "@m", "@mt", "event"];
/// Keys a terminal does not repeat after the message: the line already shows the time.
const SHOWN_KEYS: [&str; 5] = ["timestamp", "time", "@timestamp", "ts", "@t"];

fn level_key(key: &[u8]) -> Option<usize> {
    LEVEL_KEYS
        .iter()
        .position(|k| k.len() == key.len() && k.as_bytes().eq_ignore_ascii_case(key))
}

/// Serilog's compact JSON (CLEF) leaves `@l` out for Information: an object with `@t` and a
/// message (`@m` or `@mt`) and no level key at all is at info.
#[derive(Default, Clone, Copy)]
struct Clef {
    time: bool,
    message: bool,
}

impl Clef {
    fn see(&mut self, key: &[u8]) {
        if key.eq_ignore_ascii_case(b"@t") {
            self.time = true;
        } else if key.eq_ignore_ascii_case(b"@m") || key.eq_ignore_ascii_case(b"@mt") {
            self.message = true;
        }
    }

    fn level(self) -> Option<Level> {
        (self.time && self.message).then_some(Level::Info)
    }
}

/// A level key's value: a level word or a pino number; anything else is no level.
fn level_value(raw: &str) -> Option<Level> {
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(word) => Level::parse(&text_of_str(word)),
        None => raw.parse().ok().and_then(Level::from_number),
    }
}

fn text_of_str(inner: &str) -> Cow<'_, str> {
    if inner.contains('\\') {
        serde_json::from_str::<String>(&format!("\"{inner}\""))
            .map_or(Cow::Borrowed(inner), Cow::Owned)
    } else {
        Cow::Borrowed(inner)
    }
}

/// One step of a `--field` path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `error`, `0`: an object's key, or an array's index when it is a number as JSON writes one
    /// (`01` is only ever a key).
    Name(String),
    /// `["log.level"]`: an object's key, whatever it holds.
    Quoted(String),
    /// `[0]`: an array's index.
    Index(usize),
}

/// A `--field` path: dotted names (`error.type`, `records.0.id`), `[N]` for an index and
/// `["a.b"]` for a key holding dots or brackets (`["log.level"]`, `error["a.b"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    text: String,
    segments: Vec<Segment>,
}

impl FieldPath {
    /// The path as the user wrote it (the record's key and the csv column).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `--field` as clap reads it.
pub fn parse_field_path(text: &str) -> Result<FieldPath, String> {
    let fail = |why: &str| {
        format!(
            "'{text}' is not a path ({why}); use dotted names (requestId, error.type, records.0.id), \
             [N] for an index, [\"log.level\"] for a key with dots"
        )
    };
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        if let Some(inside) = rest.strip_prefix('[') {
            if inside.starts_with('"') {
                let end = closing_quote(inside).ok_or_else(|| fail("an unclosed quote"))?;
                let key: String = serde_json::from_str(&inside[..=end])
                    .map_err(|_| fail("a bad escape in a quoted key"))?;
                rest = inside[end + 1..]
                    .strip_prefix(']')
                    .ok_or_else(|| fail("no ] after a quoted key"))?;
                segments.push(Segment::Quoted(key));
            } else {
                let end = inside.find(']').ok_or_else(|| fail("no closing ]"))?;
                let index = inside[..end]
                    .parse()
                    .map_err(|_| fail("[…] holds a number or a quoted key"))?;
                segments.push(Segment::Index(index));
                rest = &inside[end + 1..];
            }
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let name = &rest[..end];
            if name.is_empty() {
                return Err(fail("an empty name"));
            }
            if name.contains([']', '"']) {
                return Err(fail("] or \" in a name: quote the key as [\"…\"]"));
            }
            segments.push(Segment::Name(name.to_string()));
            rest = &rest[end..];
        }
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('.') {
            if after.is_empty() {
                return Err(fail("an empty name"));
            }
            rest = after;
        } else if !rest.starts_with('[') {
            return Err(fail("text after ]"));
        }
    }
    Ok(FieldPath {
        text: text.to_string(),
        segments,
    })
}

/// The index of the quote closing the JSON string that starts at `text[0]`.
fn closing_quote(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

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

    /// The JSON object in a message: the whole message, or what follows a runtime's prefix
    /// (`<time>\t<request id>\tINFO\t{…}`, Node's `console.log(JSON.stringify(…))`).
    #[cfg(test)]
    pub fn in_message(message: &'a str) -> Option<JsonMessage<'a>> {
        JsonMessage::parse(json_body(message)?)
    }

    /// A key's value; a repeated key has its last value, as JSON parsers (and jq) read it.
    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, value)| *value)
    }

    /// The value at a `--field` path, as its exact JSON text.
    pub fn field(&self, path: &FieldPath) -> Option<&'a RawValue> {
        let mut segments = path.segments.iter();
        let mut at = match segments.next()? {
            Segment::Name(key) | Segment::Quoted(key) => self.get(key)?,
            Segment::Index(_) => return None,
        };
        for segment in segments {
            at = child(at, segment)?;
        }
        Some(at)
    }

    /// [`field`](Self::field) of a path in `--field` syntax; None for a malformed path.
    pub fn path(&self, path: &str) -> Option<&'a RawValue> {
        self.field(&parse_field_path(path).ok()?)
    }

    /// The entry holding the level: the first of [`LEVEL_KEYS`] (in any case, its last value)
    /// that names a level.
    fn level_entry(&self) -> Option<(usize, Level)> {
        LEVEL_KEYS.iter().find_map(|key| {
            let at = self
                .entries
                .iter()
                .rposition(|(k, _)| k.eq_ignore_ascii_case(key))?;
            Some((at, level_value(self.entries[at].1.get())?))
        })
    }

    pub fn level(&self) -> Option<Level> {
        if let Some((_, level)) = self.level_entry() {
            return Some(level);
        }
        if self
            .entries
            .iter()
            .any(|(k, _)| level_key(k.as_bytes()).is_some())
        {
            return None;
        }
        let mut clef = Clef::default();
        for (key, _) in &self.entries {
            clef.see(key.as_bytes());
        }
        clef.level()
    }

    fn message_entry(&self) -> Option<usize> {
        MESSAGE_KEYS.iter().find_map(|key| {
            self.entries
                .iter()
                .rposition(|(k, v)| k.eq_ignore_ascii_case(key) && v.get().starts_with('"'))
        })
    }

    /// The human message: the `message` (or `msg`, `Message`, …) string, unquoted.
    pub fn message(&self) -> Option<Cow<'a, str>> {
        Some(text_of(self.entries[self.message_entry()?].1))
    }

    /// Every key but the level, the message and the time, as one compact JSON object.
    pub fn rest(&self) -> String {
        let level = self.level_entry().map(|(at, _)| at);
        let message = self.message_entry();
        let mut out = String::from("{");
        for (at, (key, value)) in self.entries.iter().enumerate() {
            let key = key.as_ref();
            if Some(at) == level
                || Some(at) == message
                || SHOWN_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
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

/// One step down a path: a key of an object (its last value), or an index of an array.
fn child<'a>(value: &'a RawValue, segment: &Segment) -> Option<&'a RawValue> {
    let text = value.get();
    if text.starts_with('{') {
        let key = match segment {
            Segment::Name(key) | Segment::Quoted(key) => key,
            Segment::Index(_) => return None,
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let entries = deserializer.deserialize_map(EntriesVisitor).ok()?;
        return entries
            .into_iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v);
    }
    if text.starts_with('[') {
        let index = match segment {
            Segment::Index(index) => *index,
            // `01` and `+1` are keys, not indexes: only a number as JSON writes one.
            Segment::Name(name)
                if name == "0"
                    || (!name.starts_with('0') && name.bytes().all(|b| b.is_ascii_digit())) =>
            {
                name.parse().ok()?
            }
            _ => return None,
        };
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

// ---- Text layouts -------------------------------------------------------------------------

/// What a managed runtime's text prefix says: its level (when it has a level column) and the
/// message after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimePrefix<'a> {
    pub level: Option<Level>,
    /// The request id column (`undefined` outside an invocation).
    pub request_id: &'a str,
    pub body: &'a str,
}

/// Columns are separated by runs of spaces or tabs (and a newline after a level column).
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The column at the start of `text` and what follows its separators: (column, the separators
/// held a tab or a newline, the rest). A column opening with `[` runs to its `]` (structlog pads
/// inside: `[info     ]`).
fn column(text: &str) -> (&str, bool, &str) {
    let bytes = text.as_bytes();
    let end = if bytes.first() == Some(&b'[') {
        match memchr::memchr2(b']', b'\n', &bytes[..bytes.len().min(48)]) {
            Some(at) if bytes[at] == b']' => at + 1,
            _ => bytes
                .iter()
                .position(|b| is_separator(*b))
                .unwrap_or(bytes.len()),
        }
    } else {
        bytes
            .iter()
            .position(|b| is_separator(*b))
            .unwrap_or(bytes.len())
    };
    let after = bytes[end..]
        .iter()
        .position(|b| !is_separator(*b))
        .map_or(bytes.len(), |at| end + at);
    let strong = bytes[end..after].iter().any(|b| matches!(b, b'\t' | b'\n'));
    (&text[..end], strong, &text[after..])
}

fn digits(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

/// `2024-01-01` or `2024/01/01`.
fn is_date(column: &[u8]) -> bool {
    column.len() == 10
        && digits(&column[..4])
        && digits(&column[5..7])
        && digits(&column[8..])
        && matches!((column[4], column[7]), (b'-', b'-') | (b'/', b'/'))
}

/// `00:00:00`, with fractions and a zone: `00:00:00,123`, `00:00:00.123456Z`, `00:00:00+01:00`.
fn is_time(column: &[u8]) -> bool {
    column.len() >= 8
        && digits(&column[..2])
        && digits(&column[3..5])
        && digits(&column[6..8])
        && column[2] == b':'
        && column[5] == b':'
        && column[8..]
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':' | b'+' | b'-' | b'Z'))
}

/// ISO 8601 in one column: `2024-01-01T00:00:00.123Z`.
fn is_iso_timestamp(column: &[u8]) -> bool {
    column.len() >= 19 && is_date(&column[..10]) && column[10] == b'T' && is_time(&column[11..])
}

/// A Lambda request id (a UUID), or `undefined`, which Node writes outside an invocation.
fn is_request_id(column: &[u8]) -> bool {
    if column == b"undefined" {
        return true;
    }
    column.len() == 36
        && column.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A level column: `ERROR`, `[error]`, `[info     ]`, `ERROR:`; a lowercase or capitalised word
/// (`info`, `Error`) only when a tab or newline follows it, as .NET and zap write it — in a
/// sentence after a timestamp, "Error connecting…" is prose.
fn level_column(column: &str, strong_separator: bool) -> Option<Level> {
    if let Some(inner) = column.strip_prefix('[').and_then(|c| c.strip_suffix(']')) {
        return Level::parse(inner);
    }
    let word = column.strip_suffix(':').unwrap_or(column);
    let capitals = word.bytes().all(|b| b.is_ascii_uppercase());
    if capitals || (strong_separator && word.len() == column.len()) {
        return Level::parse(word);
    }
    None
}

/// The rest after a timestamp at the start of `text`: ISO in one column, or a date and a time
/// in two, or a time alone (logback's default).
fn after_timestamp(text: &str) -> Option<&str> {
    let (first, _, rest) = column(text);
    if is_iso_timestamp(first.as_bytes()) || is_time(first.as_bytes()) {
        return Some(rest);
    }
    if is_date(first.as_bytes()) {
        let (time, _, rest) = column(rest);
        return is_time(time.as_bytes()).then_some(rest);
    }
    None
}

/// A managed runtime's text prefix: Python `[LEVEL]\t<time>\t<request id>\t…`, Node and .NET
/// `<time>\t<request id>\tLEVEL\t…` (or no level column: `<time>\t<request id>\t…`), Java
/// log4j2 `<date> <time> <request id> LEVEL …`.
pub fn runtime_prefix(message: &str) -> Option<RuntimePrefix<'_>> {
    if message.starts_with('[') {
        let (first, _, rest) = column(message);
        let level = first
            .strip_suffix(']')
            .and_then(|c| Level::parse(&c[1..]))?;
        let (id, _, body) = column(after_timestamp(rest)?);
        return is_request_id(id.as_bytes()).then_some(RuntimePrefix {
            level: Some(level),
            request_id: id,
            body,
        });
    }
    let (id, _, rest) = column(after_timestamp(message)?);
    if !is_request_id(id.as_bytes()) {
        return None;
    }
    let (word, strong, body) = column(rest);
    Some(match level_column(word, strong) {
        Some(level) => RuntimePrefix {
            level: Some(level),
            request_id: id,
            body,
        },
        None => RuntimePrefix {
            level: None,
            request_id: id,
            body: rest,
        },
    })
}

/// Keys a structured line names its Lambda request id by: the Lambda JSON log format,
/// Powertools (Python's `function_request_id`, TypeScript's `awsRequestId`, Java and .NET's
/// `function_request_id`/`FunctionRequestId`), and common hand-written names.
const REQUEST_ID_KEYS: [&str; 6] = [
    "requestId",
    "awsRequestId",
    "function_request_id",
    "FunctionRequestId",
    "request_id",
    "RequestId",
];

/// The Lambda request id a line carries: a runtime's request id column, or a JSON line's
/// request id key (top level, or in Lambda's `record`).
pub fn request_id_of(message: &str) -> Option<String> {
    let id = |text: &str| (text != "undefined" && !text.is_empty()).then(|| text.to_string());
    if let Some(found) = runtime_prefix(message).and_then(|prefix| id(prefix.request_id)) {
        return Some(found);
    }
    let json = JsonMessage::parse(json_body(message)?)?;
    REQUEST_ID_KEYS.iter().find_map(|key| {
        let raw = json
            .get(key)
            .or_else(|| json.path(&format!("record.{key}")))?;
        id(&text_of(raw))
    })
}

/// The JSON object text of a message: the whole (trimmed) message, or the body after a
/// runtime's prefix.
pub fn json_body(message: &str) -> Option<&str> {
    let trimmed = message.trim();
    if trimmed.starts_with('{') {
        return Some(trimmed);
    }
    let body = runtime_prefix(message)?.body.trim();
    body.starts_with('{').then_some(body)
}

/// The level of a text line, read from its layout (see the module's documentation).
pub fn text_level(message: &str) -> Option<Level> {
    if let Some(prefix) = runtime_prefix(message) {
        return prefix.level.or_else(|| {
            let body = prefix.body.trim();
            body.starts_with('{').then(|| json_level(body)).flatten()
        });
    }
    let (first, strong, rest) = column(message);
    // A level first: `ERROR boom`, `ERROR:root:boom` (Python's basicConfig), `[error] boom`.
    if let Some(level) = leading_level(message, first, strong) {
        return Some(level);
    }
    // A timestamp, then a thread in brackets or not, then the level.
    if let Some(rest) = after_timestamp(message) {
        let (mut word, mut strong, after) = column(rest);
        if word.starts_with('[') && level_column(word, strong).is_none() {
            (word, strong, _) = column(after);
        }
        return level_column(word, strong);
    }
    ruby_level(first, rest).or_else(|| logfmt_level(message))
}

/// `ERROR …`, `ERROR: …`, `ERROR:root:…`, `[error] …` at the very start of the line.
fn leading_level(message: &str, first: &str, strong: bool) -> Option<Level> {
    if first.starts_with('[') {
        return level_column(first, strong);
    }
    let end = message
        .bytes()
        .position(|b| !b.is_ascii_uppercase())
        .unwrap_or(message.len());
    let follows = message.as_bytes().get(end);
    if end > 0 && follows.is_none_or(|b| is_separator(*b) || *b == b':') {
        return Level::parse(&message[..end]);
    }
    None
}

/// Ruby's Logger: `E, [2024-01-01T00:00:00.123456 #8] ERROR -- : message`.
fn ruby_level(first: &str, rest: &str) -> Option<Level> {
    let letter = first.strip_suffix(',')?;
    if letter.len() != 1 || !rest.starts_with('[') {
        return None;
    }
    let close = rest.find(']')?;
    let (word, _, after) = column(rest[close + 1..].trim_start());
    after
        .starts_with("--")
        .then(|| Level::parse(word))
        .flatten()
}

/// logfmt (logrus, Go's slog text handler): `time=… level=error msg="…"`.
fn logfmt_level(message: &str) -> Option<Level> {
    let bytes = message.as_bytes();
    let key_end = bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@')))?;
    if key_end == 0 || bytes[key_end] != b'=' {
        return None;
    }
    let mut found: [Option<Option<Level>>; LEVEL_KEYS.len()] = [None; LEVEL_KEYS.len()];
    let mut i = 0;
    while i < bytes.len() {
        let key_start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b' ' | b'\t') {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            break;
        }
        let key = &bytes[key_start..i];
        i += 1;
        let (value, next) = if bytes.get(i) == Some(&b'"') {
            let end = i + closing_quote(&message[i..])?;
            (text_of_str(&message[i + 1..end]), end + 1)
        } else {
            let end = bytes[i..]
                .iter()
                .position(|b| is_separator(*b))
                .map_or(bytes.len(), |at| i + at);
            (Cow::Borrowed(&message[i..end]), end)
        };
        if let Some(slot) = level_key(key) {
            found[slot] = Some(Level::parse(&value));
        }
        i = next;
        while i < bytes.len() && is_separator(bytes[i]) {
            i += 1;
        }
    }
    found.into_iter().flatten().flatten().next()
}

/// The level of a JSON object's text: one pass when it can, else the full parse.
fn json_level(object: &str) -> Option<Level> {
    // `--level` reads every line: one pass over the object's top-level keys decides most JSON
    // lines without building anything; what it cannot decide gets the full parse.
    if let Some(decided) = scan_level(object.as_bytes()) {
        return decided;
    }
    JsonMessage::parse(object)?.level()
}

/// A message's level: a JSON object's level key, else the level of its text layout. The one
/// reader behind `--level`, `logs stats`' errors, `top` and `doctor`.
pub fn level_of(message: &str) -> Option<Level> {
    let trimmed = message.trim();
    if trimmed.starts_with('{') && trimmed.ends_with('}') {
        if let Some(decided) = scan_level(trimmed.as_bytes()) {
            return decided;
        }
        if let Some(json) = JsonMessage::parse(trimmed) {
            return json.level();
        }
    }
    text_level(message)
}

/// The level of a JSON object from one pass over its bytes: the last value of each of
/// [`LEVEL_KEYS`] among its top-level keys (compared in any case, without allocating; strings
/// without escapes, or pino's numbers), the first of them that names a level. None when it
/// cannot tell (an escape in a key or level, a level that is not a string or number, bad
/// JSON): the caller parses it fully, which gives the same answer.
fn scan_level(bytes: &[u8]) -> Option<Option<Level>> {
    let mut found: [Option<Option<Level>>; LEVEL_KEYS.len()] = [None; LEVEL_KEYS.len()];
    let mut clef = Clef::default();
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
                i = end + 1;
                if depth == 1 && expect_key {
                    expect_key = false;
                    let key = &bytes[start..end];
                    clef.see(key);
                    if let Some(slot) = level_key(key) {
                        while i < bytes.len()
                            && (bytes[i] == b':' || bytes[i].is_ascii_whitespace())
                        {
                            i += 1;
                        }
                        let (level, next) = scan_level_value(bytes, i)?;
                        // A repeated key: the last counts, as in the full parse (and jq).
                        found[slot] = Some(level);
                        i = next;
                        // The answer so far is the first key (in LEVEL_KEYS order) with a
                        // level: unless that key or one before it comes again, the line is
                        // decided. Looking for them costs less than reading the rest of it.
                        if level.is_some()
                            && let Some(first) =
                                found.iter().position(|f| matches!(f, Some(Some(_))))
                            && !may_come_again(&bytes[i..], first)
                        {
                            return Some(found[first].flatten());
                        }
                    }
                }
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
                    if found.iter().all(Option::is_none) {
                        return Some(clef.level());
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

/// Whether `rest` may hold one of the first `slot + 1` level keys again (as a quoted string in
/// any case: a value that looks like one only costs the full scan). Each of those keys but `@l`
/// has a `v`, rare in log lines: only around a `v` is a key looked for (a search for every
/// quote cost more than reading the rest of the line).
fn may_come_again(rest: &[u8], slot: usize) -> bool {
    let keys = &LEVEL_KEYS[..=slot];
    if keys.iter().any(|key| !key.contains('v')) {
        return true;
    }
    memchr::memchr2_iter(b'v', b'V', rest).any(|at| {
        keys.iter().any(|key| {
            let v = key.find('v').unwrap_or_default();
            let Some(start) = at.checked_sub(v) else {
                return false;
            };
            let end = start + key.len();
            start > 0
                && rest[start - 1] == b'"'
                && rest.get(end) == Some(&b'"')
                && rest[start..end].eq_ignore_ascii_case(key.as_bytes())
        })
    })
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

    /// Defect 6: a level word in a sentence is not a level, wherever it stands.
    #[test]
    fn words_in_prose_are_not_levels() {
        for prose in [
            "the word ERROR appears mid-line",
            "Got ERROR from db",
            "Retrying after WARN",
            "Job INFO collected",
            "User [ERROR] pressed the button",
            "2024-05-01T10:00:00.000Z Got ERROR from db",
            "2024-05-01T10:00:00.000Z Error connecting to the database",
            "2024-01-01T00:00:00.123Z\tnot-a-request-id\tERROR\tboom",
            "    at Object.<anonymous> (/var/task/index.js:3:9)",
            "java.lang.RuntimeException: ERROR in payment",
            "ERRORS are fine in words like TERRORS",
            "Error: ECONNREFUSED",
        ] {
            assert_eq!(level_of(prose), None, "{prose:?}");
        }
        // The same words where a layout puts a level are levels.
        assert_eq!(level_of("ERROR boom"), Some(Level::Error));
        assert_eq!(level_of("ERROR: boom"), Some(Level::Error));
        assert_eq!(level_of("[error] boom"), Some(Level::Error));
        assert_eq!(level_of("WARNING:root:disk"), Some(Level::Warn));
        assert_eq!(
            level_of("2024-01-01 00:00:00,123 ERROR boom"),
            Some(Level::Error)
        );
    }

    /// Runs of spaces or a tab, and a newline after the level column, are the same layout.
    #[test]
    fn separators_are_runs_of_spaces_or_tabs() {
        let id = "79b4f56e-95b1-4643-9700-2807f4e68189";
        for line in [
            format!("2024-01-01T00:00:00.123Z\t{id}\tERROR\tboom"),
            format!("2024-01-01T00:00:00.123Z  {id} ERROR    boom"),
            format!("2024-01-01T00:00:00.123Z {id}\tERROR boom"),
            format!("2024-01-01T00:00:00.123Z\t{id}\tfail\nboom"),
            format!("[ERROR]  2024-01-01T00:00:00.123Z {id}   boom"),
            format!("2024-01-01 00:00:00  {id}  ERROR Handler - boom"),
        ] {
            assert_eq!(level_of(&line), Some(Level::Error), "{line:?}");
        }
    }

    /// Defect 7: the level keys of common libraries, in any case.
    #[test]
    fn level_keys_of_common_libraries_in_any_case() {
        for (line, level) in [
            (
                r#"{"Level":"Information","Message":"x"}"#,
                Some(Level::Info),
            ),
            (r#"{"LEVEL":"WARN"}"#, Some(Level::Warn)),
            (r#"{"Severity":"Error"}"#, Some(Level::Error)),
            (r#"{"severity":"ERROR"}"#, Some(Level::Error)),
            (r#"{"log.level":"error","message":"x"}"#, Some(Level::Error)),
            (
                r#"{"@t":"2024-01-01T00:00:00Z","@mt":"Hi {U}","@l":"Error"}"#,
                Some(Level::Error),
            ),
            (
                r#"{"@t":"2024-01-01T00:00:00Z","@mt":"Hi {U}","U":"x"}"#,
                Some(Level::Info),
            ),
            (
                r#"{"@t":"2024-01-01T00:00:00Z","@m":"Hi"}"#,
                Some(Level::Info),
            ),
            (r#"{"@mt":"no time, not CLEF"}"#, None),
            (r#"{"loglevel":"debug"}"#, Some(Level::Debug)),
            (r#"{"level":60}"#, Some(Level::Fatal)),
            (r#"{"levelname":"CRITICAL"}"#, Some(Level::Fatal)),
        ] {
            assert_eq!(level_of(line), level, "{line}");
            assert_eq!(JsonMessage::parse(line).unwrap().level(), level, "{line}");
        }
        let dotnet =
            JsonMessage::parse(r#"{"Level":"Error","Message":"Payment failed","Service":"pay"}"#)
                .unwrap();
        assert_eq!(dotnet.message().as_deref(), Some("Payment failed"));
        assert_eq!(dotnet.rest(), r#"{"Service":"pay"}"#);
    }

    /// Defect 7: JSON after a runtime's prefix; the prefix's level wins, else the JSON's.
    #[test]
    fn json_after_a_runtime_prefix() {
        let id = "79b4f56e-95b1-4643-9700-2807f4e68189";
        let node = format!(
            "2024-01-01T00:00:00.123Z\t{id}\tINFO\t{{\"level\":\"error\",\"cold_start\":true}}"
        );
        assert_eq!(level_of(&node), Some(Level::Info));
        let unlevelled = format!("2024-01-01T00:00:00.123Z\t{id}\t{{\"level\":\"error\",\"n\":1}}");
        assert_eq!(level_of(&unlevelled), Some(Level::Error));
        let json = JsonMessage::in_message(&node).unwrap();
        assert_eq!(json.path("cold_start").map(RawValue::get), Some("true"));
        assert_eq!(
            json_body(&format!(
                "[INFO]\t2024-01-01T00:00:00.123Z\t{id}\t{{\"a\":1}}\n"
            )),
            Some("{\"a\":1}")
        );
        assert_eq!(json_body("text {\"a\":1}"), None);
    }

    /// Defect 10: a repeated key has its last value everywhere, as JSON parsers read it.
    #[test]
    fn repeated_keys_count_by_their_last_value() {
        let line =
            r#"{"level":"info","requestId":"a","level":"error","requestId":"b","e":{"t":1,"t":2}}"#;
        assert_eq!(scan_level(line.as_bytes()), Some(Some(Level::Error)));
        let json = JsonMessage::parse(line).unwrap();
        assert_eq!(json.level(), Some(Level::Error));
        assert_eq!(json.path("requestId").map(text_of).as_deref(), Some("b"));
        assert_eq!(json.path("e.t").map(RawValue::get), Some("2"));
        let reversed = r#"{"level":"error","level":"info"}"#;
        assert_eq!(level_of(reversed), Some(Level::Info));
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            value["requestId"], "b",
            "serde_json, like jq, keeps the last"
        );
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
        assert_eq!(exact.path("a[1].b").map(text_of).as_deref(), Some("é"));
    }

    /// Defect 9: flat dotted keys through a quoted segment; `01` is a key, never an index.
    #[test]
    fn field_paths_reach_dotted_keys_and_leading_zeros_are_keys() {
        let json = JsonMessage::parse(
            r#"{"log.level":"error","log":{"level":"x"},"error":{"a.b":7,"01":"key"},"records":[10,11],"m":{"01":"zero-one","1":"one"}}"#,
        )
        .unwrap();
        assert_eq!(
            json.path(r#"["log.level"]"#).map(text_of).as_deref(),
            Some("error")
        );
        assert_eq!(json.path("log.level").map(text_of).as_deref(), Some("x"));
        assert_eq!(json.path(r#"error.["a.b"]"#).map(RawValue::get), Some("7"));
        assert_eq!(json.path(r#"error["a.b"]"#).map(RawValue::get), Some("7"));
        assert_eq!(json.path("records.1").map(RawValue::get), Some("11"));
        assert_eq!(json.path("records[1]").map(RawValue::get), Some("11"));
        assert!(
            json.path("records.01").is_none(),
            "01 is a key, and an array has none"
        );
        assert_eq!(json.path("m.01").map(text_of).as_deref(), Some("zero-one"));
        assert!(
            json.path(r#"records["1"]"#).is_none(),
            "a quoted segment is a key"
        );
        assert_eq!(json.path("error.01").map(text_of).as_deref(), Some("key"));
    }

    #[test]
    fn field_path_syntax() {
        let path = parse_field_path(r#"a.["b.c"][2].d"#).unwrap();
        assert_eq!(
            path.segments,
            vec![
                Segment::Name("a".into()),
                Segment::Quoted("b.c".into()),
                Segment::Index(2),
                Segment::Name("d".into()),
            ]
        );
        assert_eq!(path.as_str(), r#"a.["b.c"][2].d"#);
        assert_eq!(
            parse_field_path(r#"["say \"hi\""]"#).unwrap().segments,
            vec![Segment::Quoted("say \"hi\"".into())]
        );
        for bad in [
            "", "a..b", "a.", ".a", "[x]", "[\"a\"", "[\"a\"]x", "a]", "[1",
        ] {
            let err = parse_field_path(bad).unwrap_err();
            assert!(err.contains("dotted names"), "{bad}: {err}");
        }
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
        assert_eq!(parse_level("dbug"), Ok(Level::Debug));
        assert!(parse_level("loud").unwrap_err().contains("trace, debug"));
        assert!(Level::Error > Level::Warn && Level::Fatal > Level::Error);
    }

    /// One line of `tests/fixtures/levels.tsv`: the level it has (None for `-`), where the line
    /// comes from, the line (`⇥` a tab, `↵` a newline).
    pub(crate) fn corpus() -> Vec<(Option<Level>, String, String)> {
        include_str!("../../tests/fixtures/levels.tsv")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut parts = l.splitn(3, '\t');
                let (level, source, line) = (
                    parts.next().unwrap(),
                    parts.next().unwrap_or_else(|| panic!("no source: {l}")),
                    parts.next().unwrap_or_else(|| panic!("no line: {l}")),
                );
                let level = (level != "-").then(|| Level::parse(level).expect(level));
                let line = line.replace('⇥', "\t").replace('↵', "\n");
                (level, source.to_string(), line)
            })
            .collect()
    }

    #[test]
    fn every_line_of_the_corpus_has_its_level() {
        let corpus = corpus();
        assert!(corpus.len() >= 80, "{}", corpus.len());
        let wrong: Vec<String> = corpus
            .iter()
            .filter(|(level, _, line)| level_of(line) != *level)
            .map(|(level, source, line)| {
                format!(
                    "{source}: {line:?} is {:?}, expected {level:?}",
                    level_of(line)
                )
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// `ERROR_PATTERN` (the CloudWatch pre-filter of `doctor` and `top`) keeps every line the
    /// reader counts as an error: each has one of its terms, in its case, at the start of a word
    /// (CloudWatch's term match: case-sensitive, `ERROR` matches `ERRORCODE`).
    #[test]
    fn the_error_pre_filter_keeps_every_line_counted_as_an_error() {
        let pattern = crate::logs::ERROR_PATTERN;
        let mut terms: Vec<String> = Vec::new();
        let mut rest = pattern;
        while let Some(at) = rest.find('?') {
            rest = &rest[at + 1..];
            let term = match rest.strip_prefix('"') {
                Some(quoted) => &quoted[..quoted.find('"').unwrap()],
                None => rest.split(' ').next().unwrap(),
            };
            terms.push(term.to_string());
        }
        let at_word_start = |line: &str, term: &str| {
            line.match_indices(term).any(|(at, _)| {
                !line[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
        };
        let words = [
            "error",
            "err",
            "fail",
            "severe",
            "fatal",
            "critical",
            "crit",
            "panic",
            "dpanic",
            "emergency",
            "alert",
        ];
        // Pino's and bunyan's numeric levels are not terms (`?50` would fetch every REPORT
        // line with a 50 in it): their lines reach the reader only by their words.
        let numeric_level_only = |line: &str| {
            let lower = line.to_ascii_lowercase();
            (lower.contains("\"level\":50") || lower.contains("\"level\":60"))
                && !words.iter().any(|w| lower.contains(w))
        };
        let mut lines: Vec<String> = corpus()
            .into_iter()
            .filter(|(level, _, _)| level.is_some_and(|l| l >= Level::Error))
            .map(|(_, _, line)| line)
            .filter(|line| !numeric_level_only(line))
            .collect();
        for word in words {
            assert!(
                Level::parse(word).is_some_and(|l| l >= Level::Error),
                "{word}"
            );
            let title = format!("{}{}", word[..1].to_ascii_uppercase(), &word[1..]);
            for cased in [word.to_string(), word.to_ascii_uppercase(), title] {
                lines.push(format!("{{\"level\":\"{cased}\"}}"));
                lines.push(format!(
                    "2024-01-01T00:00:00.123Z\t79b4f56e-95b1-4643-9700-2807f4e68189\t{cased}\tx"
                ));
            }
        }
        for line in &lines {
            assert!(level_of(line).is_some_and(|l| l >= Level::Error), "{line}");
            assert!(
                terms.iter().any(|term| at_word_start(line, term)),
                "{line:?} would not reach the reader"
            );
        }
    }

    /// A JSON object as a line: its keys in the given order, cased and spaced as asked.
    fn render(entries: &[(String, serde_json::Value)], upper: &[bool], space: &str) -> String {
        let body: Vec<String> = entries
            .iter()
            .zip(upper.iter().cycle())
            .map(|((key, value), upper)| {
                let key = if *upper {
                    key.to_ascii_uppercase()
                } else {
                    key.clone()
                };
                format!("{}{space}:{space}{value}", serde_json::json!(key))
            })
            .collect();
        format!("{{{space}{}{space}}}", body.join(&format!(",{space}")))
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics(text in "\\PC{0,200}") {
            let _ = level_of(&text);
            let _ = json_body(&text);
            let _ = parse_field_path(&text);
            if let Some(json) = JsonMessage::parse(&text) {
                let _ = (json.rest(), json.message(), json.path("a.b.0"), json.path("[\"a.b\"][0]"));
            }
        }

        #[test]
        fn text_layouts_never_panic(
            pieces in proptest::collection::vec(
                "(\\[|\\]|ERROR|info|2024-01-01|00:00:00,1|2024-01-01T00:00:00.1Z|79b4f56e-95b1-4643-9700-2807f4e68189| |\t|\n|=|\"|level|E,|--|:|é|\\{)",
                0..12,
            ),
        ) {
            let line: String = pieces.concat();
            let _ = level_of(&line);
            let _ = json_body(&line);
        }

        /// The property of issue 32: key order, spacing and the case of keys never change a
        /// JSON line's level.
        #[test]
        fn a_json_lines_level_ignores_key_order_spacing_and_case(
            picked in proptest::sample::subsequence(
                vec!["level", "severity", "log.level", "lvl", "@l", "loglevel", "msg", "requestId", "nested", "@t", "@mt"],
                0..8,
            ),
            values in proptest::collection::vec("(ERROR|warning|Info|fatal|x|\\\\\"q|50|30|null)", 11),
            order in proptest::collection::vec(proptest::num::usize::ANY, 11),
            upper in proptest::collection::vec(proptest::bool::ANY, 1..11),
            space in "( |\t|\n|  )?",
        ) {
            let entries: Vec<(String, serde_json::Value)> = picked
                .iter()
                .zip(&values)
                .map(|(key, value)| {
                    let value = match value.as_str() {
                        "null" => serde_json::Value::Null,
                        _ if *key == "nested" => serde_json::json!({"level": value, "list": [{"level": "debug"}]}),
                        v => v.parse::<i64>().map_or_else(|_| serde_json::json!(v), |n| serde_json::json!(n)),
                    };
                    (key.to_string(), value)
                })
                .collect();
            let reference = level_of(&render(&entries, &[false], ""));
            let mut shuffled = entries.clone();
            for (i, swap) in order.iter().enumerate().take(shuffled.len()) {
                let j = swap % shuffled.len();
                shuffled.swap(i, j);
            }
            let line = render(&shuffled, &upper, &space);
            proptest::prop_assert_eq!(level_of(&line), reference, "{}", line);
            let full = JsonMessage::parse(&line).unwrap().level();
            proptest::prop_assert_eq!(full, reference, "{}", line);
        }

        #[test]
        fn the_one_pass_level_agrees_with_the_full_parse(
            keys in proptest::collection::vec("(level|LEVEL|Level|severity|lvl|log\\.level|@l|@t|@mt|msg|a|b)", 0..6),
            values in proptest::collection::vec("(ERROR|warning|Info|x|\\\\\"q|50|30)", 6),
            nested in proptest::bool::ANY,
        ) {
            // Written by hand, so repeated keys stay repeated.
            let mut parts: Vec<String> = keys
                .iter()
                .zip(&values)
                .map(|(key, value)| {
                    let value = value.parse::<i64>().map_or_else(|_| serde_json::json!(value), |n| serde_json::json!(n));
                    format!("{}:{value}", serde_json::json!(key))
                })
                .collect();
            if nested {
                parts.push(r#""inner":{"level":"FATAL","list":[{"level":"debug"}]}"#.into());
            }
            let line = format!("{{{}}}", parts.join(","));
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
