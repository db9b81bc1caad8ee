//! The one place that knows output formats, color and terminals. Commands hand it records;
//! stdout is buffered and a closed pipe (`iops … | head`) ends the program quietly.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// A record that can be printed in every format: serde for json/ndjson, cells for table/csv.
pub trait Record: Serialize {
    fn headers() -> &'static [&'static str];
    /// Plain data, as csv carries it: an empty cell for a missing value.
    fn cells(&self) -> Vec<String>;
    /// What a person reads in a table (marks, units); the table shows `-` for an empty cell.
    fn table_cells(&self) -> Vec<String> {
        self.cells()
    }
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A line for the user on stderr from code that has no `Output` at hand (retry loops):
/// `iops: waiting …`. Suppressed by `--quiet`.
pub fn notice(message: impl AsRef<str>) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        let _ = writeln!(io::stderr().lock(), "iops: {}", message.as_ref());
    }
}

#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    /// The format the user asked for, if any (some commands print text unless asked).
    pub explicit_format: Option<Format>,
    pub quiet: bool,
    stderr_is_terminal: bool,
}

impl Output {
    /// Table on a terminal, ndjson in a pipe; color only on a terminal without `NO_COLOR`.
    pub fn new(format: Option<Format>, color: ColorChoice, quiet: bool) -> Output {
        let stdout_is_terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_is_terminal && !no_color,
        };
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
        Output {
            format: format.unwrap_or(if stdout_is_terminal {
                Format::Table
            } else {
                Format::Ndjson
            }),
            explicit_format: format,
            quiet,
            stderr_is_terminal: io::stderr().is_terminal(),
        }
    }

    /// Buffered stdout; write errors go through [`Error::from_output`].
    pub fn stdout(&self) -> io::BufWriter<io::Stdout> {
        io::BufWriter::with_capacity(1 << 16, io::stdout())
    }

    pub fn print<T: Record>(&self, records: &[T]) -> Result<()> {
        let mut out = self.stdout();
        write_records(&mut out, self.format, records)
            .and_then(|()| out.flush())
            .map_err(Error::from_output)
    }

    /// One line of human status on stderr (suppressed by `--quiet`).
    pub fn status(&self, message: impl AsRef<str>) {
        if !self.quiet {
            // Status lines carry names and reasons from AWS and peers: shown, never obeyed.
            let _ = writeln!(io::stderr().lock(), "{}", visible(message.as_ref()));
        }
    }

    /// One report: the command's text on a terminal (or `-o table`), one JSON line in a pipe
    /// (or `-o ndjson`), pretty JSON for `-o json`, and `field,value` rows for `-o csv` (nested
    /// fields as dotted paths: `close.code`, `expectations.0.matched`).
    pub fn report<T: Serialize>(
        &self,
        report: &T,
        text: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<()> {
        let mut out = self.stdout();
        let json = |e: serde_json::Error| Error::Io(e.to_string());
        match self.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, report).map_err(json)?;
                writeln!(out).map_err(Error::from_output)?;
            }
            Format::Ndjson => {
                serde_json::to_writer(&mut out, report).map_err(json)?;
                writeln!(out).map_err(Error::from_output)?;
            }
            Format::Csv => {
                let value = serde_json::to_value(report).map_err(json)?;
                let mut rows = CsvRows::default();
                rows.write(&mut out, ["field", "value"])
                    .map_err(Error::from_output)?;
                for (field, value) in flatten(&value) {
                    rows.write(&mut out, [field, value])
                        .map_err(Error::from_output)?;
                }
            }
            Format::Table => text(&mut out).map_err(Error::from_output)?,
        }
        out.flush().map_err(Error::from_output)
    }

    /// A progress bar on stderr, drawn only on a terminal and never with `--quiet`.
    pub fn progress(&self, total: Option<u64>, unit: &str) -> ProgressBar {
        if self.quiet || !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let template = match total {
            Some(_) => format!(
                "{{bar:40.cyan/blue}} {{human_pos}}/{{human_len}} {unit} {{rate}} eta {{eta}}"
            ),
            None => format!("{{spinner}} {{human_pos}} {unit} {{rate}} {{elapsed}}"),
        };
        let style = ProgressStyle::with_template(&template)
            .expect("valid progress template")
            // indicatif's {per_sec} prints 11488065.5853/s: whole numbers, grouped, read better.
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = write!(
                        out,
                        "{}/s",
                        indicatif::HumanCount(state.per_sec().round() as u64)
                    );
                },
            );
        let bar =
            ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr()).with_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// A step counter on stderr (`⠋ 3/8 checks · deployment FAIL`), on a terminal only.
    pub fn steps(&self, total: u64, unit: &str) -> ProgressBar {
        if self.quiet || !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {{pos}}/{{len}} {unit} {{elapsed}} {{msg}}"
                ))
                .expect("valid progress template"),
            );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}

pub fn write_records<T: Record, W: Write>(
    out: &mut W,
    format: Format,
    records: &[T],
) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, records)?;
            writeln!(out)
        }
        Format::Ndjson => records.iter().try_for_each(|record| {
            serde_json::to_writer(&mut *out, record)?;
            writeln!(out)
        }),
        Format::Csv => {
            let mut rows = CsvRows::default();
            rows.write(out, T::headers())?;
            records.iter().try_for_each(|r| rows.write(out, r.cells()))
        }
        Format::Table => {
            let mut table = comfy_table::Table::new();
            table
                .load_style(comfy_table::presets::UTF8_BORDERS_ONLY)
                .set_header(T::headers().to_vec());
            for record in records {
                table.add_row(record.table_cells().iter().map(|cell| {
                    if cell.is_empty() {
                        "-".to_string()
                    } else {
                        visible_cell(cell).into_owned()
                    }
                }));
            }
            writeln!(out, "{table}")
        }
    }
}

/// CSV rows, every command's: quoting and escaping by the `csv` crate (RFC 4180: a field with a
/// comma, quote or line break is quoted, quotes doubled) and `\n` line ends, as qsv, DuckDB,
/// Miller and Postgres write on Unix, so `head -1 | cut`, `grep ',r2$'` and `awk` see no
/// trailing `\r`. Streaming: each row reaches `out` as it is written; the encoder holds only that
/// row. Rows of another length than the first are refused (a reader would misalign them).
pub struct CsvRows {
    encoder: csv::Writer<EncodedRow>,
}

/// The row the encoder has written, taken out and cleared by [`CsvRows::write`]: through a
/// shared reference, since `csv::Writer` lends only `get_ref` to what it writes into.
#[derive(Default)]
struct EncodedRow(std::cell::RefCell<Vec<u8>>);

impl Write for EncodedRow {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.get_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Default for CsvRows {
    fn default() -> Self {
        CsvRows {
            encoder: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(EncodedRow::default()),
        }
    }
}

impl CsvRows {
    pub fn write<W: Write + ?Sized, I>(&mut self, out: &mut W, fields: I) -> io::Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        // The encoder writes into memory, where only a row of the wrong length can fail; `out`'s
        // own errors stay plain I/O errors, so a closed pipe is still seen as one (the `csv`
        // crate would wrap it in an error of kind `Other`).
        let encoded = match self.encoder.write_record(fields) {
            Ok(()) => self.encoder.flush(),
            Err(err) => Err(io::Error::other(err)),
        };
        let mut row = self.encoder.get_ref().0.borrow_mut();
        let written = encoded.and_then(|()| out.write_all(&row));
        row.clear();
        written
    }
}

/// A JSON document as (dotted path, value) pairs, leaves only, fields in name order: strings as
/// they are, null as an empty field, other values as JSON.
fn flatten(value: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(path: String, value: &serde_json::Value, rows: &mut Vec<(String, String)>) {
        let join = |key: &dyn std::fmt::Display| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    walk(join(key), value, rows);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    walk(join(&i), value, rows);
                }
            }
            serde_json::Value::Null => rows.push((path, String::new())),
            serde_json::Value::String(text) => rows.push((path, text.clone())),
            other => rows.push((path, other.to_string())),
        }
    }
    let mut rows = Vec::new();
    walk(String::new(), value, &mut rows);
    rows
}

/// Text from outside (log messages, connection records, close reasons) made safe for a
/// terminal: control characters other than line feed and tab are shown as escapes (`\x1b`,
/// `\r`, `\u{9b}`) instead of being interpreted, so a message cannot clear the screen, retitle
/// the window or overwrite a line. JSON, ndjson and csv carry the exact text instead.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    // Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are not control
    // characters, but they reorder what a terminal shows: a name could read as another.
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let unsafe_char = |c: char| (c.is_control() && c != '\n' && c != '\t') || bidi(c);
    if !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`visible`] for one table cell, which must stay on one line and keep its width: line feeds
/// and tabs are escaped too (`\n`, `\t`).
pub fn visible_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = visible(text);
    if !shown.contains(['\n', '\t']) {
        return shown;
    }
    std::borrow::Cow::Owned(shown.replace('\n', "\\n").replace('\t', "\\t"))
}

/// The name a unit enum has in JSON (`ok`, `not_connected`, `client`), so text says the same.
pub fn json_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(_) => String::from("?"),
    }
}

/// A missing value: empty in csv, shown as `-` in tables.
pub fn cell<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map_or_else(String::new, ToString::to_string)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(super::visible("fn\u{202e}txt.exe"), "fn\\u{202e}txt.exe");
        assert_eq!(super::visible("a\u{2066}b"), "a\\u{2066}b");
        assert_eq!(super::visible("plain é ✓"), "plain é ✓");
    }

    use super::*;

    /// Every `Record`'s table and CSV headers are names of its JSON fields, so `-o csv` and
    /// `-o json` (and the table people read) say the same thing: read from the sources, since
    /// the records have no common sample to serialize.
    #[test]
    fn every_record_header_is_a_json_field_name() {
        let implementation = regex::Regex::new(
            r#"(?s)impl(?:<[^>]*>)? Record for (\w+)(?:<[^>]*>)? \{\s*fn headers\(\) -> &'static \[&'static str\] \{\s*&\[(.*?)\]"#,
        )
        .unwrap();
        let quoted = regex::Regex::new(r#""([^"]+)""#).unwrap();
        let field = regex::Regex::new(r"(?m)^\s*(?:pub(?:\([a-z]+\))? )?(\w+):").unwrap();
        let rename = regex::Regex::new(r#"rename\s*=\s*"([^"]+)""#).unwrap();
        let (mut checked, mut wrong) = (0, Vec::new());
        for (path, text) in crate::sources::rust_files() {
            for found in implementation.captures_iter(&text) {
                let name = &found[1];
                let body =
                    regex::Regex::new(&format!(r"(?s)struct {name}(?:<[^>]*>)? \{{(.*?)\n\}}"))
                        .unwrap()
                        .captures(&text)
                        .map(|c| c[1].to_string())
                        .unwrap_or_else(|| panic!("struct {name} not in {}", path.display()));
                let names: Vec<String> = field
                    .captures_iter(&body)
                    .chain(rename.captures_iter(&body))
                    .map(|c| c[1].to_string())
                    .collect();
                checked += 1;
                for header in quoted.captures_iter(&found[2]) {
                    if !names.iter().any(|n| n == &header[1]) {
                        wrong.push(format!("{name}: {}", &header[1]));
                    }
                }
            }
        }
        assert!(checked >= 10, "only {checked} records found");
        assert!(
            wrong.is_empty(),
            "headers that are not JSON names: {wrong:?}"
        );
    }

    #[derive(Serialize)]
    struct Row {
        name: String,
        count: u64,
    }

    impl Record for Row {
        fn headers() -> &'static [&'static str] {
            &["name", "count"]
        }
        fn cells(&self) -> Vec<String> {
            vec![self.name.clone(), self.count.to_string()]
        }
    }

    fn render(format: Format, rows: &[Row]) -> String {
        let mut out = Vec::new();
        write_records(&mut out, format, rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks_and_ends_lines_with_a_line_feed() {
        let rows = [
            Row {
                name: "a,\"b\"\nc".into(),
                count: 1,
            },
            Row {
                name: "cr\rinside".into(),
                count: 2,
            },
            Row {
                name: " plain; ".into(),
                count: 3,
            },
        ];
        let text = render(Format::Csv, &rows);
        assert_eq!(
            text,
            "name,count\n\"a,\"\"b\"\"\nc\",1\n\"cr\rinside\",2\n plain; ,3\n"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let read: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(
            read,
            rows.iter()
                .map(|r| vec![r.name.clone(), r.count.to_string()])
                .collect::<Vec<_>>()
        );
    }

    /// A row at a time reaches the output (a `logs tail -o csv` follows for hours), and `out`'s
    /// own errors keep their kind: a closed pipe is still a normal end.
    #[test]
    fn csv_rows_stream_and_keep_a_broken_pipe() {
        let mut rows = CsvRows::default();
        let mut out = Vec::new();
        rows.write(&mut out, ["a", "b"]).unwrap();
        assert_eq!(out, b"a,b\n");
        rows.write(&mut out, ["1", ""]).unwrap();
        assert_eq!(out, b"a,b\n1,\n");

        struct ClosedPipe;
        impl Write for ClosedPipe {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = rows.write(&mut ClosedPipe, ["x", "y"]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        // The row that failed is not carried into the next one.
        let mut out = Vec::new();
        rows.write(&mut out, ["2", "3"]).unwrap();
        assert_eq!(out, b"2,3\n");
        // A row of another width than the header would misalign every reader: refused.
        assert!(rows.write(&mut out, ["only one"]).is_err());
    }

    #[test]
    fn ndjson_is_one_object_per_line_and_json_an_array() {
        let rows = [
            Row {
                name: "x".into(),
                count: 1,
            },
            Row {
                name: "y".into(),
                count: 2,
            },
        ];
        assert_eq!(
            render(Format::Ndjson, &rows),
            "{\"name\":\"x\",\"count\":1}\n{\"name\":\"y\",\"count\":2}\n"
        );
        let parsed: serde_json::Value = serde_json::from_str(&render(Format::Json, &rows)).unwrap();
        assert_eq!(parsed[1]["count"], 2);
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        assert_eq!(
            visible_cell("a\nb\tc\x1b[31m\r\0"),
            "a\\nb\\tc\\x1b[31m\\r\\x00"
        );
        assert_eq!(visible_cell("plain"), "plain");
    }

    #[test]
    fn table_has_headers_and_values() {
        let text = render(
            Format::Table,
            &[Row {
                name: "stream-001".into(),
                count: 42,
            }],
        );
        assert!(
            text.contains("name") && text.contains("stream-001") && text.contains("42"),
            "{text}"
        );
    }
}
