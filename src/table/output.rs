//! Items to stdout in every format, streaming where the format allows: ndjson and json as items
//! arrive; csv once a look-ahead of items fixes the columns (a later item with an attribute
//! outside them is counted and reported, never silently cut); table (for people, on a
//! terminal) with the columns of every item and values cut to the terminal's width and escaped.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::sync::Arc;

use super::values::{self, Fields};
use crate::output::{CsvRows, Format, visible_cell};

/// Items read ahead to choose the csv columns: attributes first seen on item 251 of a table
/// are common (a feature added later), so well past a page of typical items.
pub const CSV_LOOK_AHEAD: usize = 5_000;

/// Attributes that came after the csv columns were fixed: their values are not in the output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Unwritten {
    pub items: u64,
    pub attributes: BTreeSet<String>,
}

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
    /// The columns come from `--fields`: an attribute outside them is left out on purpose.
    chosen_columns: bool,
    header_written: bool,
    /// (name, cell) of each item read before the columns are fixed (every item for a table).
    sample: Vec<Vec<(String, String)>>,
    rows: Vec<Vec<String>>,
    unwritten: Unwritten,
    written: u64,
    buffer: Vec<u8>,
    csv: CsvRows,
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
            chosen_columns: fields.is_some(),
            columns: fields,
            header_written: false,
            sample: Vec::new(),
            rows: Vec::new(),
            unwritten: Unwritten::default(),
            written: 0,
            buffer: Vec::with_capacity(4096),
            csv: CsvRows::default(),
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
            Format::Csv if self.columns.is_some() => self.row(item)?,
            Format::Csv | Format::Table => {
                let cells = item
                    .0
                    .iter()
                    .map(|(name, value)| (name.0.to_string(), values::cell(Some(value))));
                self.sample.push(cells.collect());
                if self.format == Format::Csv && self.sample.len() >= CSV_LOOK_AHEAD {
                    self.fix_columns()?;
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Columns: `--fields` in their order, else the union of the items read so far by name.
    /// The rows read ahead are then written.
    fn fix_columns(&mut self) -> io::Result<()> {
        if self.columns.is_none() {
            let names: BTreeSet<&String> = self
                .sample
                .iter()
                .flat_map(|item| item.iter().map(|(name, _)| name))
                .collect();
            self.columns = Some(names.into_iter().cloned().collect());
        }
        for item in std::mem::take(&mut self.sample) {
            let row = self.sampled_row(item);
            self.add_row(row)?;
        }
        Ok(())
    }

    fn sampled_row(&mut self, mut item: Vec<(String, String)>) -> Vec<String> {
        let columns = self.columns.as_ref().expect("columns fixed");
        let row = columns
            .iter()
            .map(|column| {
                item.iter_mut()
                    .find(|(name, _)| name == column)
                    .map(|(_, cell)| std::mem::take(cell))
                    .unwrap_or_default()
            })
            .collect();
        if !self.chosen_columns && item.len() > columns.len() {
            let names: Vec<&str> = item.iter().map(|(name, _)| name.as_str()).collect();
            self.note_unwritten(names);
        }
        row
    }

    fn row(&mut self, item: &Fields) -> io::Result<()> {
        let columns = self.columns.as_ref().expect("columns fixed");
        let cells = columns.iter().map(|c| values::cell(item.get(c))).collect();
        if !self.chosen_columns {
            let names: Vec<&str> = item.0.iter().map(|(name, _)| name.0.as_ref()).collect();
            self.note_unwritten(names);
        }
        self.add_row(cells)
    }

    /// Counts an item whose attributes are not all columns (the columns are sorted).
    fn note_unwritten(&mut self, names: Vec<&str>) {
        let columns = self.columns.as_ref().expect("columns fixed");
        let outside: Vec<&str> = names
            .into_iter()
            .filter(|name| columns.binary_search_by(|c| c.as_str().cmp(name)).is_err())
            .collect();
        if !outside.is_empty() {
            self.unwritten.items += 1;
            self.unwritten
                .attributes
                .extend(outside.into_iter().map(str::to_string));
        }
    }

    fn add_row(&mut self, cells: Vec<String>) -> io::Result<()> {
        if self.format == Format::Csv {
            if !self.header_written {
                self.write_header()?;
            }
            self.csv.write(&mut self.out, &cells)
        } else {
            self.rows.push(cells);
            Ok(())
        }
    }

    fn write_header(&mut self) -> io::Result<()> {
        self.header_written = true;
        let header = self.columns.as_deref().unwrap_or_default();
        self.csv.write(&mut self.out, header)
    }

    /// Ends the output; with it, what a csv could not hold (attributes first seen after the
    /// look-ahead), for the caller to report.
    pub fn finish(mut self) -> io::Result<(W, Unwritten)> {
        if matches!(self.format, Format::Csv | Format::Table) {
            self.fix_columns()?;
            if self.format == Format::Csv && !self.header_written {
                self.write_header()?;
            }
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
                    // Item values come from anyone who can write the table: escaped, as every
                    // text renderer does, before they reach a terminal.
                    table.add_row(
                        row.iter()
                            .map(|c| truncate(&visible_cell(c), cell_width))
                            .collect::<Vec<_>>(),
                    );
                }
                writeln!(self.out, "{table}")?;
            }
            _ => {}
        }
        self.out.flush()?;
        Ok((self.out, self.unwritten))
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
        String::from_utf8(writer.finish().unwrap().0).unwrap()
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
            "connectedAt,connectionId\n1764000000000,\"a,b\"\n0.1,c\n"
        );
        assert_eq!(render(Format::Json, false, &[]), "[]\n");
        assert!(render(Format::Table, false, &items).contains("connectionId"));
    }

    fn numbered(i: usize, extra: Option<&'static str>) -> Fields<'static> {
        let mut fields = vec![(
            Text(Cow::Borrowed("id")),
            Attr::N(Cow::Owned(i.to_string())),
        )];
        if let Some(name) = extra {
            fields.push((Text(Cow::Borrowed(name)), Attr::S(Cow::Borrowed("late"))));
        }
        Fields(fields)
    }

    #[test]
    fn an_attribute_first_seen_on_item_251_is_a_csv_column() {
        let items: Vec<Fields> = (1..=300)
            .map(|i| numbered(i, (i == 251).then_some("region")))
            .collect();
        let mut writer = ItemWriter::new(Vec::new(), Format::Csv, false, None);
        items.iter().for_each(|i| writer.write(i).unwrap());
        let (out, unwritten) = writer.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("id,region\n1,\n"), "{}", &text[..40]);
        assert!(text.contains("\n251,late\n"));
        assert_eq!(unwritten, Unwritten::default());
    }

    #[test]
    fn attributes_after_the_look_ahead_are_counted_not_silently_dropped() {
        let mut writer = ItemWriter::new(Vec::new(), Format::Csv, false, None);
        for i in 0..CSV_LOOK_AHEAD + 10 {
            let extra = match i - i.min(CSV_LOOK_AHEAD) {
                3 => Some("late_a"),
                7 => Some("late_b"),
                _ => None,
            };
            writer.write(&numbered(i, extra)).unwrap();
        }
        let (_, unwritten) = writer.finish().unwrap();
        assert_eq!(unwritten.items, 2);
        assert_eq!(
            unwritten.attributes.into_iter().collect::<Vec<_>>(),
            ["late_a", "late_b"]
        );
        // Chosen columns leave the others out on purpose: nothing to report.
        let fields = Some(vec!["id".to_string()]);
        let mut chosen = ItemWriter::new(Vec::new(), Format::Csv, false, fields);
        chosen.write(&numbered(1, Some("other"))).unwrap();
        let (out, unwritten) = chosen.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "id\n1\n");
        assert_eq!(unwritten.items, 0);
    }

    #[test]
    fn fields_csv_has_a_header_even_with_no_items() {
        let fields = Some(vec!["id".to_string(), "v".to_string()]);
        let writer = ItemWriter::new(Vec::new(), Format::Csv, false, fields);
        assert_eq!(
            String::from_utf8(writer.finish().unwrap().0).unwrap(),
            "id,v\n"
        );
    }

    #[test]
    fn csv_cells_are_plain_data_and_table_cells_are_escaped() {
        let item = Fields(vec![
            (Text(Cow::Borrowed("b")), Attr::B(Cow::Borrowed("AA=="))),
            (Text(Cow::Borrowed("n")), Attr::Null(true)),
            (
                Text(Cow::Borrowed("ss")),
                Attr::Ss(vec![Text(Cow::Borrowed("x")), Text(Cow::Borrowed("y"))]),
            ),
            (
                Text(Cow::Borrowed("s")),
                Attr::S(Cow::Borrowed("red\u{1b}[31m\r\0\tx")),
            ),
        ]);
        assert_eq!(
            render(Format::Csv, false, std::slice::from_ref(&item)),
            "b,n,s,ss\nAA==,,\"red\u{1b}[31m\r\0\tx\",\"[\"\"x\"\",\"\"y\"\"]\"\n"
        );
        let table = render(Format::Table, false, &[item]);
        assert!(!table.contains('\u{1b}') && !table.contains('\r') && !table.contains('\0'));
        assert!(table.contains("red\\x1b[31m\\r\\x00\\tx"), "{table}");
        assert!(!table.contains("\t"), "{table}");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("abc", 5), "abc");
    }
}
