//! CloudWatch Logs filter patterns applied to messages read from a file (`logs tail --from-file
//! --filter-pattern`), as the AWS guide "Filter pattern syntax for metric filters, subscription
//! filters, filter log events, and Live Tail" describes them: terms (`ERROR`, `"Task timed
//! out"`, `?A ?B`, `-DEBUG`) and JSON patterns (`{ $.level = "ERROR" && $.ms > 100 }`).
//! Space-delimited (`[a, b]`) and regex (`%…%`) patterns are refused, naming `--grep`.

use serde_json::Value;

/// A parsed `--filter-pattern`.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterPattern {
    /// `""` or blank: every event (FilterLogEvents without a pattern).
    Everything,
    Terms(Terms),
    Json(Condition),
}

/// Unstructured terms, case-sensitive: every plain term, at least one `?` term (when there
/// are any), and no `-` term. A term matches where its text occurs in the message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Terms {
    all: Vec<String>,
    any: Vec<String>,
    none: Vec<String>,
}

/// A JSON pattern's expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Compare(Selector, Op, String),
    IsNull(Selector),
    IsBool(Selector, bool),
    NotExists(Selector),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// `$.a.b[0].c` as its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector(Vec<Step>);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

const USE_GREP: &str = "use --grep REGEX for what the local reader does not support";

impl FilterPattern {
    pub fn parse(text: &str) -> Result<FilterPattern, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(FilterPattern::Everything);
        }
        if trimmed.starts_with('[') {
            return Err(format!(
                "space-delimited filter patterns ('{trimmed}') are applied by CloudWatch only, not to a file: {USE_GREP}"
            ));
        }
        if let Some(body) = trimmed.strip_prefix('{') {
            let body = body
                .strip_suffix('}')
                .ok_or_else(|| format!("JSON filter pattern '{trimmed}' does not end with '}}'"))?;
            let mut parser = JsonParser {
                tokens: json_tokens(body)?,
                at: 0,
            };
            let condition = parser.or()?;
            if parser.at != parser.tokens.len() {
                return Err(format!(
                    "JSON filter pattern '{trimmed}': unexpected '{}'",
                    parser.tokens[parser.at]
                ));
            }
            return Ok(FilterPattern::Json(condition));
        }
        terms(trimmed).map(|terms| match terms {
            None => FilterPattern::Everything,
            Some(terms) => FilterPattern::Terms(terms),
        })
    }

    pub fn matches(&self, message: &str) -> bool {
        match self {
            FilterPattern::Everything => true,
            FilterPattern::Terms(terms) => {
                terms.all.iter().all(|t| message.contains(t.as_str()))
                    && (terms.any.is_empty()
                        || terms.any.iter().any(|t| message.contains(t.as_str())))
                    && !terms.none.iter().any(|t| message.contains(t.as_str()))
            }
            FilterPattern::Json(condition) => {
                let trimmed = message.trim();
                trimmed.starts_with('{')
                    && serde_json::from_str::<Value>(trimmed).is_ok_and(|v| condition.holds(&v))
            }
        }
    }
}

/// The terms of an unstructured pattern; None when it matches everything (`" "`, as the AWS
/// guide shows).
fn terms(text: &str) -> Result<Option<Terms>, String> {
    let mut terms = Terms::default();
    let mut blank_phrase = false;
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        let kind = match first {
            '?' | '-' => {
                chars.next();
                first
            }
            _ => ' ',
        };
        let mut term = String::new();
        let quoted = chars.next_if_eq(&'"').is_some();
        if quoted {
            loop {
                match chars.next() {
                    None => return Err(format!("filter pattern '{text}': a '\"' is not closed")),
                    Some('"') => break,
                    Some('\\') => term.extend(chars.next()),
                    Some(c) => term.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                term.push(c);
            }
            if term.len() >= 2 && term.starts_with('%') && term.ends_with('%') {
                return Err(format!(
                    "regex filter patterns ('{term}') are applied by CloudWatch only, not to a file: {USE_GREP}"
                ));
            }
        }
        if term.is_empty() && !quoted {
            return Err(format!(
                "filter pattern '{text}': '{kind}' must be followed by a term"
            ));
        }
        if quoted && term.trim().is_empty() && kind == ' ' {
            blank_phrase = true;
            continue;
        }
        match kind {
            '?' => terms.any.push(term),
            '-' => terms.none.push(term),
            _ => terms.all.push(term),
        }
    }
    let nothing = terms.all.is_empty() && terms.any.is_empty() && terms.none.is_empty();
    Ok(if nothing && blank_phrase {
        None
    } else {
        Some(terms)
    })
}

/// A JSON pattern's body as tokens: `(`, `)`, `&&`, `||`, operators, quoted strings (kept
/// with their quotes) and bare words.
fn json_tokens(body: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let token = match c {
            '(' | ')' => {
                chars.next();
                c.to_string()
            }
            '&' | '|' => {
                chars.next();
                if chars.next() != Some(c) {
                    return Err(format!("JSON filter pattern: '{c}' must be '{c}{c}'"));
                }
                format!("{c}{c}")
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let mut op = c.to_string();
                op.extend(chars.next_if_eq(&'='));
                op
            }
            '"' => {
                chars.next();
                let mut text = String::from('"');
                loop {
                    match chars.next() {
                        None => return Err("JSON filter pattern: a '\"' is not closed".into()),
                        Some('"') => break,
                        Some('\\') => text.extend(chars.next()),
                        Some(other) => text.push(other),
                    }
                }
                text.push('"');
                text
            }
            _ => {
                let mut word = String::new();
                while let Some(c) =
                    chars.next_if(|c| !c.is_whitespace() && !"()&|=!<>\"".contains(*c))
                {
                    word.push(c);
                }
                word
            }
        };
        tokens.push(token);
    }
    Ok(tokens)
}

struct JsonParser {
    tokens: Vec<String>,
    at: usize,
}

impl JsonParser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn next(&mut self) -> Result<String, String> {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .ok_or("JSON filter pattern ends too early")?;
        self.at += 1;
        Ok(token)
    }

    fn or(&mut self) -> Result<Condition, String> {
        let mut left = self.and()?;
        while self.peek() == Some("||") {
            self.at += 1;
            left = Condition::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition, String> {
        let mut left = self.unary()?;
        while self.peek() == Some("&&") {
            self.at += 1;
            left = Condition::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Condition, String> {
        if self.peek() == Some("(") {
            self.at += 1;
            let inner = self.or()?;
            if self.next()? != ")" {
                return Err("JSON filter pattern: a '(' is not closed".into());
            }
            return Ok(inner);
        }
        let selector = selector(&self.next()?)?;
        let word = self.next()?;
        let op = match word.as_str() {
            "IS" => {
                return match self.next()?.as_str() {
                    "NULL" => Ok(Condition::IsNull(selector)),
                    "TRUE" => Ok(Condition::IsBool(selector, true)),
                    "FALSE" => Ok(Condition::IsBool(selector, false)),
                    other => Err(format!(
                        "JSON filter pattern: IS {other}: use IS NULL, IS TRUE or IS FALSE"
                    )),
                };
            }
            "NOT" if self.peek() == Some("EXISTS") => {
                self.at += 1;
                return Ok(Condition::NotExists(selector));
            }
            "=" => Op::Eq,
            "!=" => Op::Ne,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            other => {
                return Err(format!(
                    "JSON filter pattern: '{other}' is not an operator (=, !=, <, <=, >, >=, IS NULL, NOT EXISTS)"
                ));
            }
        };
        let value = self.next()?;
        if value.starts_with('%') {
            return Err(format!(
                "regex values ('{value}') in JSON filter patterns are applied by CloudWatch only: {USE_GREP}"
            ));
        }
        if !matches!(op, Op::Eq | Op::Ne) && number(&value).is_none() {
            return Err(format!(
                "JSON filter pattern: '{word}' compares numbers, and '{value}' is not one"
            ));
        }
        Ok(Condition::Compare(selector, op, value))
    }
}

fn selector(text: &str) -> Result<Selector, String> {
    let invalid =
        || format!("JSON filter pattern: '{text}' is not a selector like $.level or $.items[0].id");
    let mut rest = text.strip_prefix('$').ok_or_else(invalid)?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return Err(invalid());
            }
            steps.push(Step::Key(after[..end].to_string()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').ok_or_else(invalid)?;
            steps.push(Step::Index(after[..end].parse().map_err(|_| invalid())?));
            rest = &after[end + 1..];
        } else {
            return Err(invalid());
        }
    }
    if steps.is_empty() {
        return Err(invalid());
    }
    Ok(Selector(steps))
}

fn number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `*` in a pattern's string value matches any text, as in CloudWatch.
fn wildcard_eq(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl Selector {
    fn find<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.0.iter().try_fold(value, |v, step| match step {
            Step::Key(key) => v.get(key.as_str()),
            Step::Index(i) => v.get(*i),
        })
    }
}

impl Condition {
    fn holds(&self, json: &Value) -> bool {
        match self {
            Condition::And(a, b) => a.holds(json) && b.holds(json),
            Condition::Or(a, b) => a.holds(json) || b.holds(json),
            Condition::IsNull(s) => s.find(json).is_some_and(Value::is_null),
            Condition::IsBool(s, b) => s.find(json).and_then(Value::as_bool) == Some(*b),
            Condition::NotExists(s) => s.find(json).is_none(),
            Condition::Compare(s, op, expected) => {
                let Some(found) = s.find(json) else {
                    return false;
                };
                let quoted =
                    expected.len() >= 2 && expected.starts_with('"') && expected.ends_with('"');
                let text = if quoted {
                    &expected[1..expected.len() - 1]
                } else {
                    expected.as_str()
                };
                match (found, number(text).filter(|_| !quoted)) {
                    (Value::Number(n), Some(want)) => {
                        let n = n.as_f64().unwrap_or(f64::NAN);
                        match op {
                            Op::Eq => n == want,
                            Op::Ne => n != want,
                            Op::Lt => n < want,
                            Op::Le => n <= want,
                            Op::Gt => n > want,
                            Op::Ge => n >= want,
                        }
                    }
                    (Value::String(found), _) => match op {
                        Op::Eq => wildcard_eq(text, found),
                        Op::Ne => !wildcard_eq(text, found),
                        _ => false,
                    },
                    (Value::Bool(b), None) => match op {
                        Op::Eq => b.to_string() == text,
                        Op::Ne => b.to_string() != text,
                        _ => false,
                    },
                    _ => false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matching(pattern: &str, messages: &[&'static str]) -> Vec<&'static str> {
        let pattern = FilterPattern::parse(pattern).unwrap();
        messages
            .iter()
            .copied()
            .filter(|m| pattern.matches(m))
            .collect()
    }

    /// The unstructured examples of the AWS guide ("Using filter patterns to match terms in
    /// unstructured log events"), over its sample messages.
    #[test]
    fn terms_as_in_the_aws_guide() {
        let log = [
            "[ERROR 400] BAD REQUEST",
            "[ERROR 401] UNAUTHORIZED REQUEST",
            "[ERROR 419] MISSING ARGUMENTS",
            "[ERROR 420] INVALID ARGUMENTS",
            "[SUCCESS 200] AUTHORIZED REQUEST",
        ];
        assert_eq!(matching("ERROR", &log), log[..4]);
        assert_eq!(matching("ERROR ARGUMENTS", &log), log[2..4]);
        assert_eq!(matching("?ERROR ?ARGUMENTS", &log), log[..4]);
        assert_eq!(matching("ERROR -ARGUMENTS", &log), log[..2]);
        assert_eq!(matching("\"ERROR 401\"", &log), log[1..2]);
        assert_eq!(matching("\" \"", &log), log);
        assert_eq!(matching("", &log), log);
        assert_eq!(
            matching("error", &log),
            Vec::<&str>::new(),
            "case-sensitive"
        );
        let lambda = [
            "2024-05-01T10:00:00.000Z\tr-1\tTask timed out after 3.00 seconds",
            "[ERROR]\tValueError: bad",
            "[DEBUG]\tconnection pool ready",
            "INFO fine",
        ];
        assert_eq!(matching("?ERROR ?\"Task timed out\"", &lambda), lambda[..2]);
        assert_eq!(
            matching("-DEBUG", &lambda),
            [lambda[0], lambda[1], lambda[3]]
        );
        assert_eq!(
            matching(crate::logs::ERROR_PATTERN, &lambda),
            lambda[..2],
            "the pattern logs stats sends to CloudWatch"
        );
    }

    #[test]
    fn json_patterns() {
        let log = [
            r#"{"level":"ERROR","message":"Payment failed","ms":1200,"user":{"id":1,"tags":["a"]},"retry":true,"x":null}"#,
            r#"{"level":"INFO","message":"Processed","ms":12.5,"user":{"id":2}}"#,
            r#"{"level":"WARN","message":"Slow"}"#,
            "[ERROR] not JSON",
        ];
        assert_eq!(matching(r#"{ $.level = "ERROR" }"#, &log), log[..1]);
        assert_eq!(matching("{ $.level = ERROR }", &log), log[..1]);
        assert_eq!(matching(r#"{ $.level != "ERROR" }"#, &log), log[1..3]);
        assert_eq!(matching("{ $.ms > 100 }", &log), log[..1]);
        assert_eq!(matching("{ $.ms <= 12.5 }", &log), log[1..2]);
        assert_eq!(matching("{ $.ms = 1200 }", &log), log[..1]);
        assert_eq!(
            matching(
                r#"{ ($.level = "WARN") || ($.user.id = 2 && $.ms < 100) }"#,
                &log
            ),
            log[1..3]
        );
        assert_eq!(matching(r#"{ $.message = "Pay*" }"#, &log), log[..1]);
        assert_eq!(matching(r#"{ $.message = "*ss*" }"#, &log), log[1..2]);
        assert_eq!(matching(r#"{ $.user.tags[0] = "a" }"#, &log), log[..1]);
        assert_eq!(matching("{ $.x IS NULL }", &log), log[..1]);
        assert_eq!(matching("{ $.retry IS TRUE }", &log), log[..1]);
        assert_eq!(matching("{ $.user NOT EXISTS }", &log), log[2..3]);
    }

    #[test]
    fn unsupported_and_malformed_patterns_say_what_to_use() {
        for (pattern, expected) in [
            ("[ip, user, status=4*]", "--grep"),
            ("%ERR(OR)?%", "--grep"),
            ("{ $.level = %ERR% }", "--grep"),
            ("\"unclosed", "not closed"),
            ("ERROR ?", "followed by a term"),
            ("{ $.level = \"ERROR\"", "does not end"),
            ("{ level = ERROR }", "selector"),
            ("{ $.ms > fast }", "compares numbers"),
            ("{ $.a ~ 1 }", "not an operator"),
            ("{ $.a = 1 & $.b = 2 }", "'&&'"),
        ] {
            let err = FilterPattern::parse(pattern).unwrap_err();
            assert!(err.contains(expected), "{pattern}: {err}");
        }
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_eq("a*c", "abc"));
        assert!(wildcard_eq("*", ""));
        assert!(!wildcard_eq("a*a", "a"));
        assert!(wildcard_eq("abc", "abc"));
        assert!(!wildcard_eq("abc", "abcd"));
    }
}
