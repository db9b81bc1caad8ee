//! Saved log lines from a file or stdin, decoded as grep does.

use std::io::BufRead;
use std::path::Path;

use crate::context::Context;
use crate::error::{Error, Result};

/// A file, or stdin for `-`, with the label its lines get.
pub fn open_input(path: &Path) -> Result<(String, Box<dyn BufRead>)> {
    if path.as_os_str() == "-" {
        return Ok(("stdin".into(), Box::new(std::io::stdin().lock())));
    }
    let label = path
        .file_stem()
        .map_or_else(|| "file".into(), |s| s.to_string_lossy().into_owned());
    let file = std::fs::File::open(path)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
    Ok((
        label,
        Box::new(std::io::BufReader::with_capacity(1 << 20, file)),
    ))
}

pub fn note_replaced(ctx: &Context, path: &Path, replaced: u64) {
    if replaced > 0 {
        ctx.out.status(format!(
            "iops: {}: {replaced} line{} with invalid UTF-8, read with U+FFFD in place of the bad bytes",
            path.display(),
            if replaced == 1 { "" } else { "s" }
        ));
    }
}

/// Each line of `reader` (without its line ending) to `line`, decoded as grep does: invalid
/// UTF-8 replaced, never the whole input refused. Returns how many lines needed replacing.
pub fn read_lines(mut reader: impl BufRead, mut line: impl FnMut(&str)) -> std::io::Result<u64> {
    let (mut buffer, mut replaced) = (Vec::new(), 0);
    loop {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer)? == 0 {
            return Ok(replaced);
        }
        let text = String::from_utf8_lossy(&buffer);
        if matches!(text, std::borrow::Cow::Owned(_)) {
            replaced += 1;
        }
        line(super::render::without_line_end(&text));
    }
}
