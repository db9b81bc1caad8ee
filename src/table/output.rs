//! Items to stdout in every format, streaming where the format allows: ndjson and json as items
//! arrive; csv after the first items fix the columns; table (for people, on a terminal) with
//! columns from the first items and values cut to the terminal's width.

use std::io::{self, Write};
use std::sync::Arc;

use super::values::{self, Fields};
use crate::output::{Format, write_csv_row};

/// Items buffered to choose csv/table columns.
const SAMPLE: usize = 100;

/// One item as a JSON object (plain or `--raw`, `--fields` in their order); ndjson adds the
/// newline. Cheap to clone and shareable, so segments can render their pages in parallel.
#[derive(Debug, Clone)]
pub struct JsonItem {
    raw: bool,
    fields: Option<Arc<[String]>>,
    newline: bool,
}

impl JsonItem {
    pub fn render(&self, item: &Fields, out: &mut Vec<u8>) {
        let write = if self.raw {
            values::write_raw
        } else {
            values::write_plain
        };
        values::write_object(out, item, self.fields.as_deref(), write);
        if self.newline {
            out.push(b'\n');
        }
    }
}

pub struct ItemWriter<W: Write> {
    out: W,
    format: Format,
    json: JsonItem,
    columns: Option<Vec<String>>,
    /// (name, cell) of each item read before the columns are fixed.
    sample: Vec<Vec<(String, String)>>,
    rows: Vec<Vec<String>>,
    written: u64,
    buffer: Vec<u8>,
}

impl<W: Write> ItemWriter<W> {
    pub fn new(out: W, format: Format, raw: bool, fields: Option<Vec<String>>) -> Self {
        ItemWriter {
            out,
            format,
            json: JsonItem {
                raw,
                fields: fields.as_deref().map(Arc::from),
                newline: format == Format::Ndjson,
            },
            columns: fields,
            sample: Vec::new(),
            rows: Vec::new(),
            written: 0,
            buffer: Vec::with_capacity(4096),
        }
    }

    /// How items are rendered in the JSON formats, where each item's text stands alone (None for
    /// csv and table, whose columns depend on the items seen first).
    pub fn json_item(&self) -> Option<&JsonItem> {
        matches!(self.format, Format::Ndjson | Format::Json).then_some(&self.json)
    }

    /// An item already rendered by [`JsonItem::render`].
    pub fn write_rendered(&mut self, item: &[u8]) -> io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(if self.written == 0 {
                b"[\n  "
            } else {
                b",\n  "
            })?;
        }
        self.out.write_all(item)?;
        self.written += 1;
        Ok(())
    }

    pub fn write(&mut self, item: &Fields) -> io::Result<()> {
        match self.format {
            Format::Ndjson | Format::Json => {
                let mut buffer = std::mem::take(&mut self.buffer);
                buffer.clear();
                self.json.render(item, &mut buffer);
                let written = self.write_rendered(&buffer);
                self.buffer = buffer;
                return written;
            }
            Format::Csv | Format::Table => {
                if self.columns.is_none() {
                    let cells = item
                        .0
                        .iter()
                        .map(|(name, value)| (name.0.to_string(), values::cell(Some(value))));
                    self.sample.push(cells.collect());
                    if self.sample.len() >= SAMPLE {
                        self.fix_columns()?;
                    }
                } else {
                    self.row(item)?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Columns: the union of the sampled items' attributes, key attributes first as DynamoDB
    /// tends to return them, then by name.
    fn fix_columns(&mut self) -> io::Result<()> {
        let mut columns: Vec<String> = Vec::new();
        for item in &self.sample {
            for (name, _) in item {
                if !columns.contains(name) {
                    columns.push(name.clone());
                }
            }
        }
        columns.sort();
        self.columns = Some(columns);
        if self.format == Format::Csv {
            let header = self.columns.clone().unwrap_or_default();
            write_csv_row(&mut self.out, header.iter().map(String::as_str))?;
        }
        for mut item in std::mem::take(&mut self.sample) {
            let columns = self.columns.as_ref().expect("columns fixed");
            let cells = columns.iter().map(|column| {
                item.iter_mut()
                    .find(|(name, _)| name == column)
                    .map(|(_, cell)| std::mem::take(cell))
                    .unwrap_or_default()
            });
            let cells = cells.collect();
            self.add_row(cells)?;
        }
        Ok(())
    }

    fn row(&mut self, item: &Fields) -> io::Result<()> {
        let columns = self.columns.as_ref().expect("columns fixed");
        let cells = columns.iter().map(|c| values::cell(item.get(c))).collect();
        self.add_row(cells)
    }

    fn add_row(&mut self, cells: Vec<String>) -> io::Result<()> {
        if self.format == Format::Csv {
            write_csv_row(&mut self.out, cells.iter().map(String::as_str))
        } else {
            self.rows.push(cells);
            Ok(())
        }
    }

    pub fn finish(mut self) -> io::Result<W> {
        if self.columns.is_none()
            || (self.format == Format::Csv && self.written == 0 && self.json.fields.is_some())
        {
            self.fix_columns()?;
        }
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?
            }
            Format::Table => {
                let columns = self.columns.clone().unwrap_or_default();
                let width = console::Term::stdout()
                    .size_checked()
                    .map_or(160, |(_, w)| usize::from(w));
                let cell_width =
                    (width.saturating_sub(3 * columns.len()) / columns.len().max(1)).max(8);
                let mut table = comfy_table::Table::new();
                table
                    .load_style(comfy_table::presets::UTF8_BORDERS_ONLY)
                    .set_header(columns);
                for row in &self.rows {
                    table.add_row(
                        row.iter()
                            .map(|c| truncate(c, cell_width))
                            .collect::<Vec<_>>(),
                    );
                }
                writeln!(self.out, "{table}")?;
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((cut, _)) if text.chars().count() > max => format!("{}…", &text[..cut]),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::table::values::{Attr, Text};

    fn item(id: &'static str, at: &'static str) -> Fields<'static> {
        Fields(vec![
            (
                Text(Cow::Borrowed("connectionId")),
                Attr::S(Cow::Borrowed(id)),
            ),
            (
                Text(Cow::Borrowed("connectedAt")),
                Attr::N(Cow::Borrowed(at)),
            ),
        ])
    }

    fn render(format: Format, raw: bool, items: &[Fields]) -> String {
        let mut writer = ItemWriter::new(Vec::new(), format, raw, None);
        for i in items {
            writer.write(i).unwrap();
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn every_format() {
        let items = [item("a,b", "1764000000000"), item("c", "0.1")];
        assert_eq!(
            render(Format::Ndjson, false, &items),
            "{\"connectedAt\":1764000000000,\"connectionId\":\"a,b\"}\n{\"connectedAt\":0.1,\"connectionId\":\"c\"}\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, true, &items)).unwrap();
        assert_eq!(json[1]["connectedAt"]["N"], "0.1");
        assert_eq!(
            render(Format::Csv, false, &items),
            "connectedAt,connectionId\r\n1764000000000,\"a,b\"\r\n0.1,c\r\n"
        );
        assert_eq!(render(Format::Json, false, &[]), "[]\n");
        assert!(render(Format::Table, false, &items).contains("connectionId"));
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("abc", 5), "abc");
    }
}
