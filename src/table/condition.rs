//! `--where` conditions → a DynamoDB FilterExpression with generated `#nK` names and `:vK`
//! values, so attribute names that are reserved words (`ttl`, `connected`…) just work.
//!
//! ```text
//! connectedAt > 1764000000000      connected = true      sourceIp <> "10.0.0.1"
//! begins_with(sourceIp, "10.")     contains(userAgent, "Chrome")
//! attribute_exists(ttl)            attribute_not_exists(ttl)
//! ```
//! `true`/`false` match a boolean or the string "true"/"false" (the seed's connections table
//! stores `connected` as the string "true"). Several `--where` are ANDed.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub expression: String,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    Word(String),
    Number(String),
    Text(String),
    /// A name in backticks (`--key` only): any attribute name, e.g. `` `user id` ``.
    Name(String),
    Symbol(&'static str),
}

/// Whose condition is read. Both name attributes in backticks (with backslash escapes inside
/// them); `--key` also takes backslash escapes inside quotes, so any key value can be written,
/// while `--where` keeps its quotes as they always were (a backslash is itself there), so
/// conditions already in scripts mean the same.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Dialect {
    Where,
    Key,
}

impl Dialect {
    fn flag(self) -> &'static str {
        match self {
            Dialect::Where => "--where",
            Dialect::Key => "--key",
        }
    }
}

/// The characters a backslash may escape inside quotes (`--key`, `table get`'s quoted parts).
const ESCAPABLE: [char; 4] = ['"', '\'', '`', '\\'];

/// The text between the quote at byte `start` of `text` and its closing twin, and the byte
/// after that twin. With `escapes`, a backslash before one of [`ESCAPABLE`] stands for that
/// character, and any other backslash is refused rather than guessed at. An error is the byte
/// it points at and what is wrong.
pub(super) fn unquote(
    text: &str,
    start: usize,
    escapes: bool,
) -> Result<(String, usize), (usize, String)> {
    let mut chars = text[start..].char_indices();
    let Some((_, quote)) = chars.next() else {
        return Err((start, "expected a quote".into()));
    };
    let mut unquoted = String::new();
    while let Some((offset, c)) = chars.next() {
        if c == quote {
            return Ok((unquoted, start + offset + c.len_utf8()));
        }
        if c == '\\' && escapes {
            match chars.next() {
                Some((_, escaped)) if ESCAPABLE.contains(&escaped) => unquoted.push(escaped),
                Some((_, other)) => {
                    return Err((
                        start + offset,
                        format!(
                            "'\\{other}' is not an escape: inside quotes a backslash goes only before \" ' ` or \\ (write \\\\ for one backslash)"
                        ),
                    ));
                }
                None => break,
            }
        } else {
            unquoted.push(c);
        }
    }
    let what = if quote == '`' { "name" } else { "string" };
    Err((start, format!("unterminated {what} (no closing {quote})")))
}

pub(super) fn tokenize(text: &str, dialect: Dialect) -> Result<Vec<(usize, Token)>, String> {
    let point = |at: usize, problem: &str| point_in(dialect.flag(), text, at, problem);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' || c == '`' {
            // Backtick names are new in both dialects, so they take escapes in both.
            let escapes = dialect == Dialect::Key || c == '`';
            let (unquoted, end) = unquote(text, at, escapes).map_err(|(at, e)| point(at, &e))?;
            if c == '`' {
                if unquoted.is_empty() {
                    return Err(point(at, "an attribute name cannot be empty"));
                }
                tokens.push((at, Token::Name(unquoted)));
            } else {
                tokens.push((at, Token::Text(unquoted)));
            }
            i += text[at..end].chars().count();
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(|(_, d)| d.is_ascii_digit()))
        {
            let len = chars[i..]
                .iter()
                .take_while(|(_, d)| d.is_ascii_alphanumeric() || matches!(d, '.' | '-' | '+'))
                .count();
            tokens.push((
                at,
                Token::Number(chars[i..i + len].iter().map(|(_, c)| c).collect()),
            ));
            i += len;
        } else if c.is_alphabetic() || c == '_' {
            let len = chars[i..]
                .iter()
                .take_while(|(_, d)| {
                    d.is_alphanumeric() || matches!(d, '_' | '-' | '.' | '[' | ']')
                })
                .count();
            tokens.push((
                at,
                Token::Word(chars[i..i + len].iter().map(|(_, c)| c).collect()),
            ));
            i += len;
        } else {
            let rest = &text[at..];
            let symbol = ["<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ","]
                .into_iter()
                .find(|s| rest.starts_with(s))
                .ok_or_else(|| {
                    let hint = " (a name with other characters goes in backticks, e.g. `#pk`)";
                    point(at, &format!("unexpected '{c}'{hint}"))
                })?;
            tokens.push((at, Token::Symbol(symbol)));
            i += symbol.len();
        }
    }
    Ok(tokens)
}

/// `'connectedAt >> 5': unexpected '>' at column 14` with a caret under the token.
fn point(text: &str, at: usize, problem: &str) -> String {
    point_in("--where", text, at, problem)
}

/// The same for another flag's condition (`--key`).
pub(super) fn point_in(flag: &str, text: &str, at: usize, problem: &str) -> String {
    let column = text[..at].chars().count();
    format!(
        "{flag} '{text}': {problem} at column {}\n    {text}\n    {}^",
        column + 1,
        " ".repeat(column)
    )
}

#[derive(Default)]
struct Builder {
    parts: Vec<String>,
    filter: Filter,
}

impl Builder {
    fn name(&mut self, name: &str) -> String {
        if let Some((placeholder, _)) = self.filter.names.iter().find(|(_, n)| *n == name) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.filter.names.len());
        self.filter
            .names
            .insert(placeholder.clone(), name.to_string());
        placeholder
    }

    /// A DynamoDB document path (`a.b`, `items[0].id`): each name gets its placeholder, list
    /// indexes stay as they are — `#n0.#n1`, `#n2[0].#n3`.
    fn path(&mut self, path: &str) -> Result<String, String> {
        let mut parts = Vec::new();
        for segment in path.split('.') {
            let (base, indexes) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
            let indexes_ok = indexes.split_inclusive(']').all(|index| {
                index
                    .strip_prefix('[')
                    .and_then(|i| i.strip_suffix(']'))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            });
            if base.is_empty() || !indexes_ok {
                return Err(format!(
                    "'{path}' is not a document path (use a.b, a[0] or a[0].b)"
                ));
            }
            parts.push(format!("{}{indexes}", self.name(base)));
        }
        Ok(parts.join("."))
    }

    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.filter.values.len());
        self.filter.values.insert(placeholder.clone(), value);
        placeholder
    }
}

pub fn compile(conditions: &[String]) -> Result<Option<Filter>, String> {
    if conditions.is_empty() {
        return Ok(None);
    }
    let mut builder = Builder::default();
    for condition in conditions {
        let part = compile_one(&mut builder, condition)?;
        builder.parts.push(part);
    }
    builder.filter.expression = builder.parts.join(" AND ");
    Ok(Some(builder.filter))
}

fn compile_one(builder: &mut Builder, text: &str) -> Result<String, String> {
    let tokens = tokenize(text, Dialect::Where)?;
    let end = text.len();
    let at = |i: usize| tokens.get(i).map_or(end, |(at, _)| *at);
    let expect_end = |i: usize| {
        if i < tokens.len() {
            Err(point(text, at(i), "unexpected text after the condition"))
        } else {
            Ok(())
        }
    };
    match tokens.as_slice() {
        [(_, Token::Word(function)), (_, Token::Symbol("(")), ..] => {
            let function = function.as_str();
            let name = match tokens.get(2) {
                Some((_, Token::Word(attribute))) => builder
                    .path(attribute)
                    .map_err(|e| point(text, at(2), &e))?,
                Some((_, Token::Name(attribute))) => builder.name(attribute),
                _ => return Err(point(text, at(2), "expected an attribute name")),
            };
            match function {
                "attribute_exists" | "attribute_not_exists" => {
                    if tokens.get(3).map(|t| &t.1) != Some(&Token::Symbol(")")) {
                        return Err(point(text, at(3), "expected ')'"));
                    }
                    expect_end(4)?;
                    Ok(format!("{function}({name})"))
                }
                "begins_with" | "contains" => {
                    if tokens.get(3).map(|t| &t.1) != Some(&Token::Symbol(",")) {
                        return Err(point(text, at(3), "expected ','"));
                    }
                    let value = literal(text, tokens.get(4), at(4))?;
                    if tokens.get(5).map(|t| &t.1) != Some(&Token::Symbol(")")) {
                        return Err(point(text, at(5), "expected ')'"));
                    }
                    expect_end(6)?;
                    let value = builder.value(value.single());
                    Ok(format!("{function}({name}, {value})"))
                }
                _ => Err(point(
                    text,
                    0,
                    &format!(
                        "unknown function '{function}'; use begins_with, contains, attribute_exists or attribute_not_exists"
                    ),
                )),
            }
        }
        [(_, first @ (Token::Word(_) | Token::Name(_))), rest @ ..] => {
            let Some((_, Token::Symbol(op))) = rest.first() else {
                return Err(point(
                    text,
                    at(1),
                    "expected an operator (= <> != < <= > >=)",
                ));
            };
            let op = match *op {
                "!=" => "<>",
                "=" | "<>" | "<" | "<=" | ">" | ">=" => *op,
                _ => {
                    return Err(point(
                        text,
                        at(1),
                        "expected an operator (= <> != < <= > >=)",
                    ));
                }
            };
            let value = literal(text, tokens.get(2), at(2))?;
            expect_end(3)?;
            let name = match first {
                Token::Word(attribute) => builder
                    .path(attribute)
                    .map_err(|e| point(text, at(0), &e))?,
                Token::Name(attribute) => builder.name(attribute),
                _ => return Err(point(text, at(0), "expected an attribute name")),
            };
            Ok(match value {
                Literal::Flag(flag) if op == "=" || op == "<>" => {
                    let as_bool = builder.value(AttributeValue::Bool(flag));
                    let as_text = builder.value(AttributeValue::S(flag.to_string()));
                    if op == "=" {
                        format!("({name} = {as_bool} OR {name} = {as_text})")
                    } else {
                        format!("({name} <> {as_bool} AND {name} <> {as_text})")
                    }
                }
                other => {
                    let value = builder.value(other.single());
                    format!("{name} {op} {value}")
                }
            })
        }
        [(at, _), ..] => Err(point(text, *at, "expected an attribute name or a function")),
        [] => Err(format!("--where '{text}' is empty")),
    }
}

enum Literal {
    Value(AttributeValue),
    Flag(bool),
}

impl Literal {
    fn single(self) -> AttributeValue {
        match self {
            Literal::Value(value) => value,
            Literal::Flag(flag) => AttributeValue::Bool(flag),
        }
    }
}

fn literal(text: &str, token: Option<&(usize, Token)>, at: usize) -> Result<Literal, String> {
    match token {
        Some((_, Token::Text(s))) => Ok(Literal::Value(AttributeValue::S(s.clone()))),
        Some((at, Token::Number(n))) => {
            if n.parse::<f64>().is_ok_and(f64::is_finite) {
                Ok(Literal::Value(AttributeValue::N(n.clone())))
            } else {
                Err(point(text, *at, &format!("'{n}' is not a number")))
            }
        }
        Some((_, Token::Word(w))) if w == "true" || w == "false" => Ok(Literal::Flag(w == "true")),
        Some((_, Token::Word(w))) if w == "null" => Ok(Literal::Value(AttributeValue::Null(true))),
        Some((at, Token::Word(w))) => Err(point(
            text,
            *at,
            &format!(
                "'{w}' is not a value: quote strings (\"{w}\"), or use a number, true, false or null"
            ),
        )),
        Some((at, _)) => Err(point(text, *at, "expected a value")),
        None => Err(point(text, at, "expected a value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Filter {
        compile(&[text.to_string()]).unwrap().unwrap()
    }

    #[test]
    fn comparisons_get_placeholders() {
        let f = one("connectedAt > 1764000000000");
        assert_eq!(f.expression, "#n0 > :v0");
        assert_eq!(f.names["#n0"], "connectedAt");
        assert_eq!(f.values[":v0"], AttributeValue::N("1764000000000".into()));
        assert_eq!(one("sourceIp != '10.0.0.1'").expression, "#n0 <> :v0");
    }

    #[test]
    fn dotted_names_are_document_paths() {
        let f = one("device.os = 'ios'");
        assert_eq!(f.expression, "#n0.#n1 = :v0");
        assert_eq!(
            (f.names["#n0"].as_str(), f.names["#n1"].as_str()),
            ("device", "os")
        );
        let f = one("attribute_exists(items[0].id)");
        assert_eq!(f.expression, "attribute_exists(#n0[0].#n1)");
        assert_eq!(
            (f.names["#n0"].as_str(), f.names["#n1"].as_str()),
            ("items", "id")
        );
        for bad in ["a..b = 1", "a[x] = 1", "a[] = 1", "a.[0] = 1"] {
            assert!(compile(&[bad.to_string()]).is_err(), "{bad}");
        }
    }

    #[test]
    fn booleans_match_bool_or_string() {
        let f = one("connected = true");
        assert_eq!(f.expression, "(#n0 = :v0 OR #n0 = :v1)");
        assert_eq!(f.values[":v0"], AttributeValue::Bool(true));
        assert_eq!(f.values[":v1"], AttributeValue::S("true".into()));
    }

    #[test]
    fn functions_and_several_conditions() {
        let f = compile(&[
            "begins_with(sourceIp, \"10.\")".into(),
            "attribute_not_exists(ttl)".into(),
            "sourceIp <> \"10.0.0.9\"".into(),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(
            f.expression,
            "begins_with(#n0, :v0) AND attribute_not_exists(#n1) AND #n0 <> :v1"
        );
        assert_eq!(f.names.len(), 2, "a repeated name reuses its placeholder");
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        let err = compile(&["connectedAt >> 5".into()]).unwrap_err();
        assert!(
            err.contains("column 14") && err.contains("expected a value"),
            "{err}"
        );
        let err = compile(&["userAgent = Chrome".into()]).unwrap_err();
        assert!(
            err.contains("quote strings") && err.contains("column 13"),
            "{err}"
        );
        for bad in [
            "",
            "= 5",
            "x",
            "x = ",
            "begins_with(x 'a')",
            "contains(x, 'a'",
            "frobnicate(x)",
            "x = 'open",
            "x = 1 2",
            "x ~ 1",
            "x = 1e999",
        ] {
            assert!(compile(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
