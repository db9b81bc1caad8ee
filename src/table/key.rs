//! Keys typed from a table's (or an index's) key schema — `table get TABLE pk=a sk=5` and
//! `table query TABLE --key 'pk = "a" and sk between 10 and 19'` — and the choice of operation:
//! a full primary key is one GetItem, a partition key a Query; anything else is not a key read.
//!
//! Values take the type the schema gives the attribute, not the one they look like: `pk = 123`
//! on a string key asks for "123", `sk = "5"` on a number key for 5, and `sk = "x"` on a number
//! key is refused before any read. Placeholders are `#kN`/`:kN`, apart from `--where`'s, so
//! every name reaches DynamoDB through ExpressionAttributeNames, whatever it holds.
//!
//! Any key can be written: a name in backticks (`` `user id` ``, `` `#pk` ``, `` `1st` ``), a
//! backslash before `"` `'` `` ` `` or `\` inside quotes; and what DynamoDB would refuse (an
//! empty key value, a `between` whose bounds are reversed, a consistent read of a global index)
//! is refused here first, with what to write instead.

use std::cmp::Ordering;
use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, KeySchemaElement, KeyType, ScalarAttributeType};

use super::condition::{self, Dialect, Filter, Token};
use super::number::Number;
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct KeyAttribute {
    pub name: String,
    pub kind: ScalarAttributeType,
}

/// The key a read addresses: the table's, or an index's (`--index`).
#[derive(Debug, Clone, PartialEq)]
pub struct KeySchema {
    pub table: String,
    pub index: Option<String>,
    pub partition: KeyAttribute,
    pub sort: Option<KeyAttribute>,
    /// `index` is a global secondary index (read only eventually consistently).
    pub global_index: bool,
}

impl KeySchema {
    /// DescribeTable, then the key of the table or of `index` (a usage error naming the table's
    /// indexes when there is no such index).
    pub async fn describe(
        client: &aws_sdk_dynamodb::Client,
        table: &str,
        index: Option<&str>,
    ) -> Result<KeySchema> {
        let description = super::describe::table_description(client, table).await?;
        KeySchema::of(&description, table, index).map_err(Error::usage)
    }

    /// The key schema in a DescribeTable answer.
    pub fn of(
        description: &aws_sdk_dynamodb::types::TableDescription,
        table: &str,
        index: Option<&str>,
    ) -> std::result::Result<KeySchema, String> {
        let kinds: HashMap<&str, &ScalarAttributeType> = description
            .attribute_definitions()
            .iter()
            .map(|d| (d.attribute_name(), d.attribute_type()))
            .collect();
        let mut indexes: Vec<(&str, &[KeySchemaElement], bool)> = description
            .global_secondary_indexes()
            .iter()
            .map(|i| (i.index_name().unwrap_or_default(), i.key_schema(), true))
            .collect();
        indexes.extend(
            description
                .local_secondary_indexes()
                .iter()
                .map(|i| (i.index_name().unwrap_or_default(), i.key_schema(), false)),
        );
        let (elements, global_index) = match index {
            None => (description.key_schema(), false),
            Some(wanted) => indexes
                .iter()
                .find(|(name, _, _)| *name == wanted)
                .map(|(_, elements, global)| (*elements, *global))
                .ok_or_else(|| {
                    let names: Vec<&str> = indexes.iter().map(|(name, _, _)| *name).collect();
                    format!(
                        "table {table} has no index '{wanted}' ({})",
                        if names.is_empty() {
                            "it has none".to_string()
                        } else {
                            format!("its indexes: {}", names.join(", "))
                        }
                    )
                })?,
        };
        let attribute = |role: KeyType| {
            elements
                .iter()
                .find(|e| *e.key_type() == role)
                .map(|e| KeyAttribute {
                    name: e.attribute_name().to_string(),
                    kind: kinds
                        .get(e.attribute_name())
                        .map_or(ScalarAttributeType::S, |k| (*k).clone()),
                })
        };
        Ok(KeySchema {
            table: table.to_string(),
            index: index.map(str::to_string),
            partition: attribute(KeyType::Hash)
                .ok_or_else(|| format!("table {table} has no partition key in its schema"))?,
            sort: attribute(KeyType::Range),
            global_index,
        })
    }

    /// `--consistent-read` is refused on a global secondary index (DynamoDB answers it with a
    /// ValidationException); a local index and the table allow it.
    pub fn consistent_read(&self, wanted: bool) -> std::result::Result<bool, String> {
        match &self.index {
            Some(index) if wanted && self.global_index => Err(format!(
                "--consistent-read: {index} is a global secondary index of table {}, and DynamoDB reads global indexes only eventually consistently\n  hint: drop --consistent-read, or read the table (or a local secondary index) instead",
                self.table
            )),
            _ => Ok(wanted),
        }
    }

    fn role(&self, name: &str) -> Option<(&KeyAttribute, bool)> {
        if self.partition.name == name {
            Some((&self.partition, true))
        } else {
            self.sort
                .as_ref()
                .filter(|s| s.name == name)
                .map(|s| (s, false))
        }
    }

    /// `pk (S, partition), sk (N, sort)` of table T [index I].
    pub fn keys_text(&self) -> String {
        let one = |a: &KeyAttribute, role: &str| {
            format!("{} ({}, {role})", shown_name(&a.name), a.kind.as_str())
        };
        let mut text = one(&self.partition, "partition");
        if let Some(sort) = &self.sort {
            text.push_str(&format!(", {}", one(sort, "sort")));
        }
        text
    }

    fn whose(&self) -> String {
        match &self.index {
            Some(index) => format!("index {index} of table {}", self.table),
            None => format!("table {}", self.table),
        }
    }
}

/// A value as typed: its text (quotes and escapes undone) and whether it was quoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    text: String,
    quoted: bool,
}

impl Raw {
    /// As it could be typed again: quoted, with its escapes, when it was quoted.
    fn shown(&self) -> String {
        if self.quoted {
            format!("\"{}\"", escaped(&self.text, '"'))
        } else {
            self.text.clone()
        }
    }
}

/// `text` with a backslash before every `quote` and backslash, as written inside that quote.
fn escaped(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == quote || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A name as it is written in `--key`: bare when it reads as one word there, else in backticks.
fn shown_name(name: &str) -> String {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
    if bare && !matches!(name, "and" | "between" | "begins_with") {
        name.to_string()
    } else {
        format!("`{}`", escaped(name, '`'))
    }
}

/// DynamoDB refuses an empty string or binary as a key value (ValidationException), in a key
/// and in a key condition alike.
fn empty_value(name: &str) -> String {
    format!(
        "{} has an empty value: DynamoDB refuses an empty string or binary as a key value, so no item has one",
        shown_name(name)
    )
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Compare(&'static str, Raw),
    Between(Raw, Raw),
    BeginsWith(Raw),
}

/// One condition of `--key` as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub attribute: String,
    pub test: Test,
}

impl Condition {
    fn values(&self) -> Vec<&Raw> {
        match &self.test {
            Test::Compare(_, raw) | Test::BeginsWith(raw) => vec![raw],
            Test::Between(low, high) => vec![low, high],
        }
    }
}

/// `pk = "a"`, optionally `and` one more: a comparison, `x between A and B` or
/// `begins_with(x, "p")`. A name is a word or anything in backticks (`` `user id` ``);
/// inside quotes and backticks a backslash escapes `"` `'` `` ` `` and `\`.
pub fn parse(text: &str) -> std::result::Result<Vec<Condition>, String> {
    let bad = |at: usize, problem: &str| condition::point_in("--key", text, at, problem);
    let tokens = condition::tokenize(text, Dialect::Key)?;
    let at = |i: usize| tokens.get(i).map_or(text.len(), |(at, _)| *at);
    let raw = |i: usize| match tokens.get(i) {
        Some((_, Token::Text(s))) => Ok(Raw {
            text: s.clone(),
            quoted: true,
        }),
        Some((_, Token::Number(n))) => Ok(Raw {
            text: n.clone(),
            quoted: false,
        }),
        Some((_, Token::Word(w))) if matches!(w.as_str(), "true" | "false") => Ok(Raw {
            text: w.clone(),
            quoted: false,
        }),
        Some((at, Token::Word(w))) => Err(bad(
            *at,
            &format!("'{w}' is not a value: quote strings (\"{w}\") or give a number"),
        )),
        Some((at, Token::Name(n))) => Err(bad(
            *at,
            &format!(
                "`{}` in backticks is a name, not a value: quote strings with \" or '",
                escaped(n, '`')
            ),
        )),
        _ => Err(bad(at(i), "expected a value")),
    };
    let name = |i: usize| match tokens.get(i) {
        Some((_, Token::Word(name) | Token::Name(name))) => Some(name.clone()),
        _ => None,
    };
    let symbol =
        |i: usize, s: &str| matches!(tokens.get(i), Some((_, Token::Symbol(t))) if *t == s);
    let word = |i: usize, w: &str| matches!(tokens.get(i), Some((_, Token::Word(t))) if t.eq_ignore_ascii_case(w));
    let mut conditions = Vec::new();
    let mut i = 0;
    loop {
        let condition = match tokens.get(i) {
            Some((_, Token::Word(f))) if f == "begins_with" && symbol(i + 1, "(") => {
                let Some(attribute) = name(i + 2) else {
                    return Err(bad(at(i + 2), "expected a key attribute name"));
                };
                if !symbol(i + 3, ",") {
                    return Err(bad(at(i + 3), "expected ','"));
                }
                let prefix = raw(i + 4)?;
                if !symbol(i + 5, ")") {
                    return Err(bad(at(i + 5), "expected ')'"));
                }
                i += 6;
                Condition {
                    attribute,
                    test: Test::BeginsWith(prefix),
                }
            }
            Some((_, Token::Word(attribute) | Token::Name(attribute)))
                if word(i + 1, "between") =>
            {
                let low = raw(i + 2)?;
                if !word(i + 3, "and") {
                    return Err(bad(at(i + 3), "expected 'and' (x between A and B)"));
                }
                let high = raw(i + 4)?;
                i += 5;
                Condition {
                    attribute: attribute.clone(),
                    test: Test::Between(low, high),
                }
            }
            Some((_, Token::Word(attribute) | Token::Name(attribute))) => {
                let op = match tokens.get(i + 1) {
                    Some((_, Token::Symbol(op @ ("=" | "<" | "<=" | ">" | ">=")))) => *op,
                    Some((at, Token::Symbol("<>" | "!="))) => {
                        return Err(bad(
                            *at,
                            "a key condition cannot use <> (DynamoDB has no such key condition): put it in --where",
                        ));
                    }
                    _ => {
                        return Err(bad(
                            at(i + 1),
                            "expected = < <= > >=, between or begins_with",
                        ));
                    }
                };
                let value = raw(i + 2)?;
                i += 3;
                Condition {
                    attribute: attribute.clone(),
                    test: Test::Compare(op, value),
                }
            }
            Some((at, _)) => {
                return Err(bad(
                    *at,
                    "expected a key attribute name (a name with other characters goes in backticks, e.g. `1st`)",
                ));
            }
            None if conditions.is_empty() => return Err(format!("--key '{text}' is empty")),
            None => return Err(bad(text.len(), "expected a condition after 'and'")),
        };
        conditions.push(condition);
        if i == tokens.len() {
            return Ok(conditions);
        }
        if !word(i, "and") {
            return Err(bad(at(i), "expected 'and' or the end of the condition"));
        }
        if conditions.len() == 2 {
            return Err(bad(
                at(i),
                "a key condition has at most two parts: the partition key, and one on the sort key (put the rest in --where)",
            ));
        }
        i += 1;
    }
}

/// Without `--scan` every condition of `--key` is a key condition, so an empty value is refused
/// before any AWS call.
pub fn refuse_empty_values(conditions: &[Condition]) -> std::result::Result<(), String> {
    match conditions
        .iter()
        .find(|c| c.values().iter().any(|raw| raw.text.is_empty()))
    {
        Some(condition) => Err(format!(
            "{} has an empty value, which no key condition can hold: DynamoDB refuses an empty string or binary as a key value",
            shown_name(&condition.attribute)
        )),
        None => Ok(()),
    }
}

/// A value in the type the schema gives `attribute`.
fn typed(
    raw: &Raw,
    attribute: &KeyAttribute,
    schema: &KeySchema,
) -> std::result::Result<AttributeValue, String> {
    let wrong = |what: &str| {
        format!(
            "{} is {what} in the key schema of {}; got {}",
            shown_name(&attribute.name),
            schema.whose(),
            raw.shown()
        )
    };
    match &attribute.kind {
        ScalarAttributeType::N => {
            // Exact, as every value: `' 1'` is not a number (DynamoDB refuses it too), and one
            // DynamoDB cannot hold (39 digits, 1E+126) is refused here rather than by it.
            let exact = raw.text.trim() == raw.text;
            match Number::parse(&raw.text) {
                Some(number) if exact && number.fits_dynamodb() => {
                    Ok(AttributeValue::N(raw.text.clone()))
                }
                Some(_) if exact => Err(wrong(
                    "a number (N) DynamoDB can hold: at most 38 significant digits, magnitude 1E-130 to below 1E+126,",
                )),
                Some(_) => Err(wrong("a number (N), written with no spaces around it,")),
                None => Err(wrong("a number (N)")),
            }
        }
        ScalarAttributeType::B => aws_smithy_types::base64::decode(&raw.text)
            .map(|bytes| AttributeValue::B(Blob::new(bytes)))
            .map_err(|_| wrong("binary (B, give it as base64)")),
        _ => Ok(AttributeValue::S(raw.text.clone())),
    }
}

/// A value of a key condition or a key: typed, and never empty.
fn key_value(
    raw: &Raw,
    attribute: &KeyAttribute,
    schema: &KeySchema,
) -> std::result::Result<AttributeValue, String> {
    let value = typed(raw, attribute, schema)?;
    let empty = match &value {
        AttributeValue::S(text) => text.is_empty(),
        AttributeValue::B(bytes) => bytes.as_ref().is_empty(),
        _ => false,
    };
    if empty {
        return Err(empty_value(&attribute.name));
    }
    Ok(value)
}

/// A literal outside the key schema (`--scan`): as it looks.
fn untyped(raw: &Raw) -> AttributeValue {
    match raw.text.as_str() {
        _ if raw.quoted => AttributeValue::S(raw.text.clone()),
        "true" | "false" => AttributeValue::Bool(raw.text == "true"),
        _ => AttributeValue::N(raw.text.clone()),
    }
}

/// Two values in DynamoDB's key order: numbers by value, exactly (38 digits are beyond f64 and
/// rust_decimal), strings by their UTF-8 bytes, binary by its bytes. `None` when they are not
/// of one comparable type.
fn key_order(a: &AttributeValue, b: &AttributeValue) -> Option<Ordering> {
    match (a, b) {
        (AttributeValue::N(a), AttributeValue::N(b)) => {
            Some(Number::parse(a)?.cmp(&Number::parse(b)?))
        }
        (AttributeValue::S(a), AttributeValue::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (AttributeValue::B(a), AttributeValue::B(b)) => Some(a.as_ref().cmp(b.as_ref())),
        _ => None,
    }
}

/// What a key read becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// The full primary key: one GetItem.
    Get(HashMap<String, AttributeValue>),
    /// A partition key (and perhaps a sort-key condition): Query.
    Query(Filter),
}

/// Why a `--key` is not a key read (a usage error, or `--scan`'s filter).
#[derive(Debug, Clone, PartialEq)]
pub struct NotAKey(pub String);

/// Placeholders for the key condition, apart from `--where`'s `#nN`/`:vN`.
#[derive(Default)]
struct Expression {
    filter: Filter,
}

impl Expression {
    fn name(&mut self, name: &str) -> String {
        let placeholder = format!("#k{}", self.filter.names.len());
        self.filter
            .names
            .insert(placeholder.clone(), name.to_string());
        placeholder
    }

    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":k{}", self.filter.values.len());
        self.filter.values.insert(placeholder.clone(), value);
        placeholder
    }

    fn add(
        &mut self,
        condition: &Condition,
        value: impl Fn(&Raw) -> std::result::Result<AttributeValue, String>,
    ) -> std::result::Result<(), String> {
        let name = self.name(&condition.attribute);
        let part = match &condition.test {
            Test::Compare(op, raw) => format!("{name} {op} {}", self.value(value(raw)?)),
            Test::Between(low_raw, high_raw) => {
                let (low, high) = (value(low_raw)?, value(high_raw)?);
                // DynamoDB refuses reversed bounds in a key condition; in a filter they
                // match nothing. Either way the answer would not be the one meant.
                if key_order(&low, &high) == Some(Ordering::Greater) {
                    let attribute = shown_name(&condition.attribute);
                    return Err(format!(
                        "{attribute} between {} and {}: the lower bound is above the upper one, so nothing is between them\n  hint: {attribute} between {} and {}",
                        low_raw.shown(),
                        high_raw.shown(),
                        high_raw.shown(),
                        low_raw.shown()
                    ));
                }
                let low = self.value(low);
                format!("{name} BETWEEN {low} AND {}", self.value(high))
            }
            Test::BeginsWith(prefix) => {
                format!("begins_with({name}, {})", self.value(value(prefix)?))
            }
        };
        if !self.filter.expression.is_empty() {
            self.filter.expression.push_str(" AND ");
        }
        self.filter.expression.push_str(&part);
        Ok(())
    }
}

/// GetItem for the full primary key of the table (and nothing to filter), else Query; a
/// condition on a non-key attribute, or none on the partition key with `=`, is `NotAKey`;
/// a value of the wrong type, an empty one or reversed `between` bounds are an `Err`.
pub fn plan(
    conditions: &[Condition],
    schema: &KeySchema,
    filtered: bool,
) -> std::result::Result<std::result::Result<Plan, NotAKey>, String> {
    let mut partition = None;
    let mut sort = None;
    for condition in conditions {
        let attribute = shown_name(&condition.attribute);
        match schema.role(&condition.attribute) {
            None => {
                return Ok(Err(NotAKey(format!(
                    "{attribute} is not a key of {} (its key: {}); conditions on other attributes go in --where",
                    schema.whose(),
                    schema.keys_text()
                ))));
            }
            Some((_, true)) if partition.is_some() => {
                return Ok(Err(NotAKey(format!(
                    "two conditions on the partition key {attribute}"
                ))));
            }
            Some((_, true)) => {
                if !matches!(condition.test, Test::Compare("=", _)) {
                    return Ok(Err(NotAKey(format!(
                        "the partition key {attribute} takes only '=' in a key condition"
                    ))));
                }
                partition = Some(condition);
            }
            Some((_, false)) if sort.is_some() => {
                return Ok(Err(NotAKey(format!(
                    "two conditions on the sort key {attribute}"
                ))));
            }
            Some((_, false)) => sort = Some(condition),
        }
    }
    if let (Some(condition), Some(attribute)) = (sort, &schema.sort)
        && matches!(condition.test, Test::BeginsWith(_))
        && attribute.kind == ScalarAttributeType::N
    {
        return Err(format!(
            "{} is a number (N) in the key schema of {}: begins_with needs a string or binary key (use between)",
            shown_name(&attribute.name),
            schema.whose()
        ));
    }
    let Some(partition) = partition else {
        return Ok(Err(NotAKey(format!(
            "a key read needs the partition key with '=' ({} = …)",
            shown_name(&schema.partition.name)
        ))));
    };
    let whole_key = schema.index.is_none()
        && !filtered
        && match (&schema.sort, sort) {
            (None, _) => true,
            (Some(_), Some(condition)) => matches!(condition.test, Test::Compare("=", _)),
            (Some(_), None) => false,
        };
    if whole_key {
        let mut key = HashMap::new();
        for condition in [Some(partition), sort].into_iter().flatten() {
            let Test::Compare(_, raw) = &condition.test else {
                unreachable!("a whole key is made of '=' conditions")
            };
            let (attribute, _) = schema.role(&condition.attribute).expect("a key attribute");
            key.insert(
                condition.attribute.clone(),
                key_value(raw, attribute, schema)?,
            );
        }
        return Ok(Ok(Plan::Get(key)));
    }
    let mut expression = Expression::default();
    expression.add(partition, |raw| key_value(raw, &schema.partition, schema))?;
    if let (Some(condition), Some(attribute)) = (sort, &schema.sort) {
        expression.add(condition, |raw| key_value(raw, attribute, schema))?;
    }
    Ok(Ok(Plan::Query(expression.filter)))
}

/// `--scan`: every condition as a FilterExpression (key attributes typed from the schema,
/// others as they look).
pub fn as_filter(
    conditions: &[Condition],
    schema: &KeySchema,
) -> std::result::Result<Filter, String> {
    let mut expression = Expression::default();
    for condition in conditions {
        match schema.role(&condition.attribute) {
            Some((attribute, _)) => {
                expression.add(condition, |raw| typed(raw, attribute, schema))?
            }
            None => expression.add(condition, |raw| Ok(untyped(raw)))?,
        }
    }
    Ok(expression.filter)
}

/// One `NAME=VALUE` of `table get`, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    name: String,
    value: Raw,
}

/// `table get`'s `NAME=VALUE` arguments, read before any AWS call. The name is everything
/// before the first `=`, exactly, or a name in backticks (`` `a=b`=1 ``); the value is
/// everything after that `=`, exactly (spaces kept) — unless it starts with a quote: then it
/// is one quoted string, with the backslash escapes of `--key` (`sk='\'x\' and "y"'`).
pub fn parse_pairs(given: &[String]) -> std::result::Result<Vec<Pair>, String> {
    let mut pairs: Vec<Pair> = Vec::new();
    for pair in given {
        let problem = |what: &str| format!("'{pair}': {what}");
        let (name, value) = if pair.starts_with('`') {
            let (name, end) = condition::unquote(pair, 0, true).map_err(|(_, e)| problem(&e))?;
            let value = pair[end..].strip_prefix('=').ok_or_else(|| {
                problem("expected '=' right after the name in backticks (`NAME`=VALUE)")
            })?;
            (name, value)
        } else {
            let (name, value) = pair.split_once('=').ok_or_else(|| {
                problem("not NAME=VALUE (names holding '=' go in backticks: `a=b`=VALUE)")
            })?;
            (name.to_string(), value)
        };
        if name.is_empty() {
            return Err(problem("no name before '='"));
        }
        let value = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let (text, end) =
                    condition::unquote(value, 0, true).map_err(|(_, e)| problem(&e))?;
                if end != value.len() {
                    return Err(problem(&format!(
                        "text after the closing {quote}: a value that starts with a quote is one quoted string (put a backslash before a {quote} inside it)"
                    )));
                }
                Raw { text, quoted: true }
            }
            _ => Raw {
                text: value.to_string(),
                quoted: false,
            },
        };
        if value.text.is_empty() {
            return Err(empty_value(&name));
        }
        if pairs.iter().any(|p| p.name == name) {
            return Err(format!("{} is given twice", shown_name(&name)));
        }
        pairs.push(Pair { name, value });
    }
    Ok(pairs)
}

/// `table get`'s pairs: exactly the table's key attributes, typed.
pub fn pairs(
    given: &[Pair],
    schema: &KeySchema,
) -> std::result::Result<HashMap<String, AttributeValue>, String> {
    let mut key = HashMap::new();
    for Pair { name, value } in given {
        let Some((attribute, _)) = schema.role(name) else {
            let mut why = format!(
                "{} is not a key of {} (its key: {})",
                shown_name(name),
                schema.whose(),
                schema.keys_text()
            );
            if name.trim() != name && schema.role(name.trim()).is_some() {
                why.push_str(&format!(
                    "\n  hint: a name is exact up to '=': no spaces around it ({}=VALUE)",
                    name.trim()
                ));
            }
            return Err(why);
        };
        key.insert(name.clone(), key_value(value, attribute, schema)?);
    }
    let missing: Vec<String> = [Some(&schema.partition), schema.sort.as_ref()]
        .into_iter()
        .flatten()
        .filter(|a| !key.contains_key(&a.name))
        .map(|a| shown_name(&a.name))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the key of {} is {}: {} missing (use table query --key for part of a key)",
            schema.whose(),
            schema.keys_text(),
            missing.join(", ")
        ));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(sort: Option<ScalarAttributeType>) -> KeySchema {
        KeySchema {
            table: "t".into(),
            index: None,
            partition: KeyAttribute {
                name: "pk".into(),
                kind: ScalarAttributeType::S,
            },
            sort: sort.map(|kind| KeyAttribute {
                name: "sk".into(),
                kind,
            }),
            global_index: false,
        }
    }

    fn get_key(
        given: &[&str],
        schema: &KeySchema,
    ) -> std::result::Result<HashMap<String, AttributeValue>, String> {
        let given: Vec<String> = given.iter().map(|s| s.to_string()).collect();
        pairs(&parse_pairs(&given)?, schema)
    }

    fn planned(text: &str, schema: &KeySchema) -> std::result::Result<Plan, NotAKey> {
        plan(&parse(text).unwrap(), schema, false).unwrap()
    }

    #[test]
    fn a_whole_key_is_a_get_and_a_partition_a_query() {
        let with_sort = schema(Some(ScalarAttributeType::N));
        let Ok(Plan::Get(key)) = planned("pk = \"a\" and sk = 5", &with_sort) else {
            panic!("a full key")
        };
        assert_eq!(key["pk"], AttributeValue::S("a".into()));
        assert_eq!(key["sk"], AttributeValue::N("5".into()));
        let Ok(Plan::Query(query)) = planned("pk = 'a' and sk between 10 and 19", &with_sort)
        else {
            panic!("a range")
        };
        assert_eq!(query.expression, "#k0 = :k0 AND #k1 BETWEEN :k1 AND :k2");
        assert_eq!(query.names["#k1"], "sk");
        assert_eq!(query.values[":k2"], AttributeValue::N("19".into()));
        let Ok(Plan::Query(query)) = planned("pk = 1", &with_sort) else {
            panic!("a partition")
        };
        assert_eq!(
            query.values[":k0"],
            AttributeValue::S("1".into()),
            "typed from the schema: S"
        );
        let text_sort = schema(Some(ScalarAttributeType::S));
        let Ok(Plan::Query(query)) = planned("begins_with(sk, \"7\") AND pk = \"a\"", &text_sort)
        else {
            panic!("begins_with")
        };
        assert_eq!(query.expression, "#k0 = :k0 AND begins_with(#k1, :k1)");
        let numeric = plan(
            &parse("pk = \"a\" and begins_with(sk, 7)").unwrap(),
            &with_sort,
            false,
        );
        assert!(
            numeric.is_err_and(|e| e.contains("begins_with needs a string or binary key")),
            "begins_with on a number key is refused before DynamoDB refuses it"
        );
        assert!(matches!(
            planned("pk = \"a\"", &schema(None)),
            Ok(Plan::Get(_))
        ));
        // A filter or an index makes even a whole key a Query.
        let filtered = plan(&parse("pk = \"a\"").unwrap(), &schema(None), true).unwrap();
        assert!(matches!(filtered, Ok(Plan::Query(_))));
    }

    #[test]
    fn values_of_the_wrong_type_and_non_keys_are_refused() {
        let with_sort = schema(Some(ScalarAttributeType::N));
        let err = plan(
            &parse("pk = \"a\" and sk = \"x\"").unwrap(),
            &with_sort,
            false,
        )
        .unwrap_err();
        assert!(
            err.contains("sk is a number (N)") && err.contains("\"x\""),
            "{err}"
        );
        assert!(matches!(
            planned("pk = \"a\" and sk = \"5\"", &with_sort),
            Ok(Plan::Get(key)) if key["sk"] == AttributeValue::N("5".into())
        ));
        let Err(NotAKey(why)) = planned("status = \"open\"", &with_sort) else {
            panic!("not a key")
        };
        assert!(
            why.contains("status is not a key") && why.contains("pk (S, partition)"),
            "{why}"
        );
        assert!(planned("sk > 5", &with_sort).is_err(), "no partition key");
        assert!(
            planned("pk > \"a\"", &with_sort).is_err(),
            "the partition takes only ="
        );
        let filter =
            as_filter(&parse("sk > 5 and status = \"open\"").unwrap(), &with_sort).unwrap();
        assert_eq!(filter.expression, "#k0 > :k0 AND #k1 = :k1");
        assert_eq!(filter.values[":k1"], AttributeValue::S("open".into()));
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        for (bad, expected) in [
            ("pk <> \"a\"", "cannot use <>"),
            ("pk = a", "quote strings"),
            ("pk = \"a\" and", "after 'and'"),
            ("pk = \"a\" or sk = 1", "expected 'and'"),
            ("pk = \"a\" and sk = 1 and x = 2", "at most two"),
            ("sk between 1 19", "expected 'and'"),
            ("begins_with(sk \"a\")", "expected ','"),
            ("", "is empty"),
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains(expected), "{bad}: {err}");
        }
    }

    #[test]
    fn get_pairs_are_the_whole_key_typed() {
        let with_sort = schema(Some(ScalarAttributeType::N));
        let key = get_key(&["pk=a", "sk=\"5\""], &with_sort).unwrap();
        assert_eq!(key["sk"], AttributeValue::N("5".into()));
        for (bad, expected) in [
            (vec!["pk=a"], "sk missing"),
            (vec!["pk=a", "sk=five"], "a number (N)"),
            (vec!["pk=a", "sk=5", "other=1"], "other is not a key"),
            (vec!["pk"], "NAME=VALUE"),
            (vec!["pk=a", "pk=b", "sk=1"], "twice"),
        ] {
            let err = get_key(&bad, &with_sort).unwrap_err();
            assert!(err.contains(expected), "{bad:?}: {err}");
        }
    }

    // issue 29: keys

    fn text_key() -> KeySchema {
        schema(Some(ScalarAttributeType::S))
    }

    /// Defect 6: `sk= lead` is the sort key " lead"; nothing after the first `=` is trimmed.
    #[test]
    fn get_values_are_exact_after_the_first_equals() {
        for (given, expected) in [
            ("sk= lead", " lead"),
            ("sk=lead ", "lead "),
            ("sk=  ", "  "),
            ("sk=a=b", "a=b"),
            ("sk=it's \\ \"x", "it's \\ \"x"),
            ("sk=\" lead\"", " lead"),
            ("sk=' lead'", " lead"),
        ] {
            let key = get_key(&["pk=p#1", given], &text_key()).unwrap();
            assert_eq!(key["sk"], AttributeValue::S(expected.into()), "{given}");
            assert_eq!(key["pk"], AttributeValue::S("p#1".into()));
        }
        let err = get_key(&["pk =p#1", "sk=x"], &text_key()).unwrap_err();
        assert!(
            err.contains("`pk ` is not a key") && err.contains("no spaces around it"),
            "a name is exact too, and the hint says so: {err}"
        );
    }

    /// Defect 9: names in backticks and backslash escapes, in `--key` and in `table get`.
    #[test]
    fn any_name_and_any_value_can_be_written() {
        let conditions =
            parse(r#"`user id` = "a\"b'c\\" and `#pk` between 'it\'s' and "z""#).unwrap();
        assert_eq!(conditions[0].attribute, "user id");
        assert_eq!(
            conditions[0].test,
            Test::Compare(
                "=",
                Raw {
                    text: r#"a"b'c\"#.into(),
                    quoted: true
                }
            )
        );
        assert_eq!(conditions[1].attribute, "#pk");
        assert!(
            matches!(&conditions[1].test, Test::Between(low, _) if low.text == "it's"),
            "{conditions:?}"
        );
        let odd = parse(r"begins_with(`1st`, 'x') and `a\`b` = 'y'").unwrap();
        assert_eq!(
            (odd[0].attribute.as_str(), odd[1].attribute.as_str()),
            ("1st", "a`b")
        );
        assert_eq!(
            parse("`between` = 'x'").unwrap()[0].attribute,
            "between",
            "a keyword in backticks is a name"
        );

        let schema = KeySchema {
            table: "t".into(),
            index: None,
            partition: KeyAttribute {
                name: "user id".into(),
                kind: ScalarAttributeType::S,
            },
            sort: Some(KeyAttribute {
                name: "#pk".into(),
                kind: ScalarAttributeType::N,
            }),
            global_index: false,
        };
        let Ok(Plan::Query(query)) = planned(r#"`user id` = "u" and `#pk` > 1"#, &schema) else {
            panic!("a query")
        };
        assert_eq!(query.expression, "#k0 = :k0 AND #k1 > :k1");
        assert_eq!(
            (query.names["#k0"].as_str(), query.names["#k1"].as_str()),
            ("user id", "#pk"),
            "every name through ExpressionAttributeNames"
        );
        let Ok(Plan::Get(key)) = planned(r#"`user id` = "u" and `#pk` = 1"#, &schema) else {
            panic!("a get")
        };
        assert_eq!(key["#pk"], AttributeValue::N("1".into()));
        let err = planned("`#sk` = 1", &schema).unwrap_err().0;
        assert!(
            err.contains("`#sk` is not a key") && err.contains("`user id` (S, partition)"),
            "names shown as they are written: {err}"
        );

        let key = get_key(&["user id=u", "#pk=1"], &schema).unwrap();
        assert_eq!(key["user id"], AttributeValue::S("u".into()));
        let mut with_equals = schema.clone();
        with_equals.partition.name = "a=b".into();
        let key = get_key(&["`a=b`=x=y", r#"`#pk`="1""#], &with_equals).unwrap();
        assert_eq!(key["a=b"], AttributeValue::S("x=y".into()));
        let key = get_key(&["pk=p", r#"sk="say \"hi\" it's""#], &text_key()).unwrap();
        assert_eq!(key["sk"], AttributeValue::S(r#"say "hi" it's"#.into()));

        for (bad, expected) in [
            (r#"pk = "a\nb""#, "is not an escape"),
            ("pk = \"a", "unterminated string"),
            ("`pk = \"a\"", "unterminated name"),
            ("`` = \"a\"", "cannot be empty"),
            ("#pk = \"a\"", "goes in backticks"),
            ("pk = `a`", "is a name, not a value"),
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains(expected), "{bad}: {err}");
        }
        for (bad, expected) in [
            (r#"pk="a\nb""#, "is not an escape"),
            (r#"pk="a"b"#, "text after the closing"),
            ("`pk`x=1", "right after the name in backticks"),
            ("`pk=1", "unterminated name"),
            ("=1", "no name"),
        ] {
            let err = get_key(&[bad, "sk=1"], &text_key()).unwrap_err();
            assert!(err.contains(expected), "{bad}: {err}");
        }
    }

    /// Defect 10: DynamoDB refuses an empty key value; it is refused here first.
    #[test]
    fn empty_key_values_are_refused() {
        for given in [["pk=", "sk=x"], ["pk=a", "sk=\"\""], ["pk=a", "sk=''"]] {
            let err = get_key(&given, &text_key()).unwrap_err();
            assert!(err.contains("has an empty value"), "{given:?}: {err}");
        }
        for text in [
            "pk = \"\"",
            "pk = 'a' and sk = ''",
            "pk = 'a' and sk > ''",
            "pk = 'a' and begins_with(sk, '')",
        ] {
            let conditions = parse(text).unwrap();
            let err = plan(&conditions, &text_key(), false).unwrap_err();
            assert!(
                err.contains("sk has an empty value") || err.contains("pk has an empty value"),
                "{text}: {err}"
            );
            assert!(refuse_empty_values(&conditions).is_err(), "{text}");
        }
        let mut binary = text_key();
        binary.sort.as_mut().unwrap().kind = ScalarAttributeType::B;
        let err = get_key(&["pk=a", "sk=\"\""], &binary).unwrap_err();
        assert!(err.contains("empty value"), "{err}");
        // In a --scan filter an empty string is a value like any other.
        let filter = as_filter(&parse("status = ''").unwrap(), &text_key()).unwrap();
        assert_eq!(filter.values[":k0"], AttributeValue::S(String::new()));
    }

    #[test]
    fn between_bounds_must_not_be_reversed() {
        let numbers = schema(Some(ScalarAttributeType::N));
        for (low, high) in [
            ("19", "10"),
            ("1e2", "99"),
            ("-5", "-10"),
            ("0.3", "0.25"),
            // Equal as f64: only an exact comparison sees the order.
            (
                "12345678901234567890123456789012345679",
                "12345678901234567890123456789012345678",
            ),
        ] {
            let text = format!("pk = 'a' and sk between {low} and {high}");
            let err = plan(&parse(&text).unwrap(), &numbers, false).unwrap_err();
            assert!(
                err.contains("lower bound is above")
                    && err.contains(&format!("sk between {high} and {low}")),
                "{text}: {err}"
            );
            let text = format!("pk = 'a' and sk between {high} and {low}");
            assert!(
                matches!(planned(&text, &numbers), Ok(Plan::Query(_))),
                "{text}"
            );
        }
        assert!(matches!(
            planned("pk = 'a' and sk between 5 and 0.5e1", &numbers),
            Ok(Plan::Query(_))
        ));
        let strings = text_key();
        // Bytewise as DynamoDB: 'Z' (0x5A) < 'a' (0x61), 'z' (0x7A) < 'é' (0xC3 0xA9).
        for (low, high) in [("Z", "a"), ("z", "é"), ("ab", "abc")] {
            let ok = format!("pk = 'a' and sk between '{low}' and '{high}'");
            assert!(matches!(planned(&ok, &strings), Ok(Plan::Query(_))), "{ok}");
            let reversed = format!("pk = 'a' and sk between '{high}' and '{low}'");
            assert!(
                plan(&parse(&reversed).unwrap(), &strings, false).is_err(),
                "{reversed}"
            );
        }
        let mut binary = text_key();
        binary.sort.as_mut().unwrap().kind = ScalarAttributeType::B;
        // "/w==" is 0xFF, "AQ==" 0x01: bytes compare unsigned.
        assert!(
            plan(
                &parse("pk = 'a' and sk between '/w==' and 'AQ=='").unwrap(),
                &binary,
                false
            )
            .is_err()
        );
        assert!(matches!(
            planned("pk = 'a' and sk between 'AQ==' and '/w=='", &binary),
            Ok(Plan::Query(_))
        ));
    }

    #[test]
    fn decimals_order_exactly() {
        let ordered = [
            "-1e3",
            "-999.5",
            "-1",
            "-0.001",
            "0",
            "-0",
            "0.0e9",
            "1e-5",
            "0.1",
            "1",
            "1.0",
            "+1",
            "10",
            "99.99999999999999999999999999999999999",
            "1E2",
            "100.000001",
            "12345678901234567890123456789012345678",
            "12345678901234567890123456789012345679",
        ];
        for pair in ordered.windows(2) {
            let (a, b) = (
                Number::parse(pair[0]).unwrap(),
                Number::parse(pair[1]).unwrap(),
            );
            assert!(a <= b, "{} <= {}", pair[0], pair[1]);
        }
        assert_eq!(
            Number::parse("0").unwrap(),
            Number::parse("-0.000").unwrap()
        );
        assert_eq!(Number::parse("1"), Number::parse("1.0"));
        assert_eq!(Number::parse("1e2"), Number::parse("100"));
        assert!(Number::parse("1") < Number::parse("1.0000000000000000000000000000000000001"));
        for bad in ["", "-", ".", "1e", "e5", "1.2.3", "x"] {
            assert_eq!(Number::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn consistent_reads_are_refused_on_a_global_index_only() {
        use aws_sdk_dynamodb::types::{
            AttributeDefinition, GlobalSecondaryIndexDescription, LocalSecondaryIndexDescription,
            TableDescription,
        };
        let element = |name: &str, role: KeyType| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(role)
                .build()
                .unwrap()
        };
        let description = TableDescription::builder()
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("pk")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            )
            .key_schema(element("pk", KeyType::Hash))
            .global_secondary_indexes(
                GlobalSecondaryIndexDescription::builder()
                    .index_name("byStatus")
                    .key_schema(element("status", KeyType::Hash))
                    .build(),
            )
            .local_secondary_indexes(
                LocalSecondaryIndexDescription::builder()
                    .index_name("byTime")
                    .key_schema(element("pk", KeyType::Hash))
                    .key_schema(element("at", KeyType::Range))
                    .build(),
            )
            .build();
        let global = KeySchema::of(&description, "t", Some("byStatus")).unwrap();
        let err = global.consistent_read(true).unwrap_err();
        assert!(
            err.contains("byStatus is a global secondary index"),
            "{err}"
        );
        assert_eq!(global.consistent_read(false), Ok(false));
        let local = KeySchema::of(&description, "t", Some("byTime")).unwrap();
        assert_eq!(local.consistent_read(true), Ok(true));
        let table = KeySchema::of(&description, "t", None).unwrap();
        assert_eq!(table.consistent_read(true), Ok(true));
    }
}
