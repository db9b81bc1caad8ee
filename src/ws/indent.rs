//! `ws connect --pretty`: JSON indented as it was received. Parsing into a `serde_json::Value`
//! would sort the keys (its map is ordered by key without `preserve_order`, a crate-wide switch
//! that would change other outputs) and rewrite numbers and escapes; the server's order and text
//! are what the user is debugging, so the received text is re-indented token by token instead.

/// The JSON text indented by two spaces as `serde_json::to_string_pretty` lays it out (`"key": value`,
/// `{}` and `[]` when empty), keys, numbers and escapes as received; `None` when it is not JSON.
pub fn indent(json: &str) -> Option<String> {
    // Only valid JSON is re-laid out: the scan below trusts the structure.
    serde_json::from_str::<serde::de::IgnoredAny>(json).ok()?;
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push(c);
                copy_string_rest(&mut chars, &mut out);
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|&c| is_json_space(c)) {
                    chars.next();
                }
                if let Some(close) = chars.next_if(|&next| next == '}' || next == ']') {
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if is_json_space(c) => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Copies a string's characters after its opening quote, up to and including the closing one.
fn copy_string_rest(chars: &mut impl Iterator<Item = char>, out: &mut String) {
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '\\' => out.extend(chars.next()),
            '"' => return,
            _ => {}
        }
    }
}

/// Whitespace between JSON tokens (RFC 8259 2): nothing else counts.
fn is_json_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_text() {
        assert_eq!(
            indent(r#"{"z":1,"a":[2, {}, [ ]],"m":{"k":"x\"y, {z}"}}"#).unwrap(),
            "{\n  \"z\": 1,\n  \"a\": [\n    2,\n    {},\n    []\n  ],\n  \"m\": {\n    \"k\": \"x\\\"y, {z}\"\n  }\n}"
        );
        assert_eq!(indent("1.0e3").unwrap(), "1.0e3");
        assert_eq!(indent(" \"a\\\\\" ").unwrap(), "\"a\\\\\"");
        assert_eq!(indent("{\"a\":1"), None);
        assert_eq!(indent("{\"a\":1} x"), None);
    }
}
