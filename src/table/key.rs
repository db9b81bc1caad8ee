//! Keys typed from a table's (or an index's) key schema — `table get TABLE pk=a sk=5` and
//! `table query TABLE --key 'pk = "a" and sk between 10 and 19'` — and the choice of operation:
//! a full primary key is one GetItem, a partition key a Query; anything else is not a key read.
//!
//! Values take the type the schema gives the attribute, not the one they look like: `pk = 123`
//! on a string key asks for "123", `sk = "5"` on a number key for 5, and `sk = "x"` on a number
//! key is refused before any read. Placeholders are `#kN`/`:kN`, apart from `--where`'s.

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, KeySchemaElement, KeyType, ScalarAttributeType};

use super::condition::{self, Filter, Token};
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
        let mut indexes: Vec<(&str, &[KeySchemaElement])> = description
            .global_secondary_indexes()
            .iter()
            .map(|i| (i.index_name().unwrap_or_default(), i.key_schema()))
            .collect();
        indexes.extend(
            description
                .local_secondary_indexes()
                .iter()
                .map(|i| (i.index_name().unwrap_or_default(), i.key_schema())),
        );
        let elements = match index {
            None => description.key_schema(),
            Some(wanted) => indexes
                .iter()
                .find(|(name, _)| *name == wanted)
                .map(|(_, elements)| *elements)
                .ok_or_else(|| {
                    let names: Vec<&str> = indexes.iter().map(|(name, _)| *name).collect();
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
        })
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
        let one =
            |a: &KeyAttribute, role: &str| format!("{} ({}, {role})", a.name, a.kind.as_str());
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

/// A value as typed: its text, whether it was quoted, where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    text: String,
    quoted: bool,
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

/// `pk = "a"`, optionally `and` one more: a comparison, `x between A and B` or
/// `begins_with(x, "p")`.
pub fn parse(text: &str) -> std::result::Result<Vec<Condition>, String> {
    let bad = |at: usize, problem: &str| condition::point_in("--key", text, at, problem);
    let tokens = condition::tokenize(text).map_err(|e| e.replacen("--where", "--key", 1))?;
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
        _ => Err(bad(at(i), "expected a value")),
    };
    let symbol =
        |i: usize, s: &str| matches!(tokens.get(i), Some((_, Token::Symbol(t))) if *t == s);
    let word = |i: usize, w: &str| matches!(tokens.get(i), Some((_, Token::Word(t))) if t.eq_ignore_ascii_case(w));
    let mut conditions = Vec::new();
    let mut i = 0;
    loop {
        let condition = match tokens.get(i) {
            Some((_, Token::Word(f))) if f == "begins_with" && symbol(i + 1, "(") => {
                let Some((_, Token::Word(attribute))) = tokens.get(i + 2) else {
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
                    attribute: attribute.clone(),
                    test: Test::BeginsWith(prefix),
                }
            }
            Some((_, Token::Word(attribute))) if word(i + 1, "between") => {
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
            Some((_, Token::Word(attribute))) => {
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
            Some((at, _)) => return Err(bad(*at, "expected a key attribute name")),
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

/// A value in the type the schema gives `attribute`.
fn typed(
    raw: &Raw,
    attribute: &KeyAttribute,
    schema: &KeySchema,
) -> std::result::Result<AttributeValue, String> {
    let wrong = |what: &str| {
        format!(
            "{} is {what} in the key schema of {}; got {}",
            attribute.name,
            schema.whose(),
            if raw.quoted {
                format!("\"{}\"", raw.text)
            } else {
                raw.text.clone()
            }
        )
    };
    match &attribute.kind {
        ScalarAttributeType::N => {
            if raw.text.trim().parse::<f64>().is_ok_and(f64::is_finite) {
                Ok(AttributeValue::N(raw.text.trim().to_string()))
            } else {
                Err(wrong("a number (N)"))
            }
        }
        ScalarAttributeType::B => aws_smithy_types::base64::decode(&raw.text)
            .map(|bytes| AttributeValue::B(Blob::new(bytes)))
            .map_err(|_| wrong("binary (B, give it as base64)")),
        _ => Ok(AttributeValue::S(raw.text.clone())),
    }
}

/// A literal outside the key schema (`--scan`): as it looks.
fn untyped(raw: &Raw) -> AttributeValue {
    match raw.text.as_str() {
        _ if raw.quoted => AttributeValue::S(raw.text.clone()),
        "true" | "false" => AttributeValue::Bool(raw.text == "true"),
        _ => AttributeValue::N(raw.text.clone()),
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
            Test::Between(low, high) => {
                let low = self.value(value(low)?);
                format!("{name} BETWEEN {low} AND {}", self.value(value(high)?))
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
/// a value of the wrong type is an `Err`.
pub fn plan(
    conditions: &[Condition],
    schema: &KeySchema,
    filtered: bool,
) -> std::result::Result<std::result::Result<Plan, NotAKey>, String> {
    let mut partition = None;
    let mut sort = None;
    for condition in conditions {
        match schema.role(&condition.attribute) {
            None => {
                return Ok(Err(NotAKey(format!(
                    "{} is not a key of {} (its key: {}); conditions on other attributes go in --where",
                    condition.attribute,
                    schema.whose(),
                    schema.keys_text()
                ))));
            }
            Some((_, true)) if partition.is_some() => {
                return Ok(Err(NotAKey(format!(
                    "two conditions on the partition key {}",
                    condition.attribute
                ))));
            }
            Some((_, true)) => {
                if !matches!(condition.test, Test::Compare("=", _)) {
                    return Ok(Err(NotAKey(format!(
                        "the partition key {} takes only '=' in a key condition",
                        condition.attribute
                    ))));
                }
                partition = Some(condition);
            }
            Some((_, false)) if sort.is_some() => {
                return Ok(Err(NotAKey(format!(
                    "two conditions on the sort key {}",
                    condition.attribute
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
            attribute.name,
            schema.whose()
        ));
    }
    let Some(partition) = partition else {
        return Ok(Err(NotAKey(format!(
            "a key read needs the partition key with '=' ({} = …)",
            schema.partition.name
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
            key.insert(condition.attribute.clone(), typed(raw, attribute, schema)?);
        }
        return Ok(Ok(Plan::Get(key)));
    }
    let mut expression = Expression::default();
    expression.add(partition, |raw| typed(raw, &schema.partition, schema))?;
    if let (Some(condition), Some(attribute)) = (sort, &schema.sort) {
        expression.add(condition, |raw| typed(raw, attribute, schema))?;
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

/// `table get`'s `NAME=VALUE` pairs: exactly the table's key attributes, typed.
pub fn pairs(
    given: &[String],
    schema: &KeySchema,
) -> std::result::Result<HashMap<String, AttributeValue>, String> {
    let mut key = HashMap::new();
    for pair in given {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            format!(
                "'{pair}' is not NAME=VALUE (the key: {})",
                schema.keys_text()
            )
        })?;
        let (name, value) = (name.trim(), value.trim());
        let (attribute, _) = schema.role(name).ok_or_else(|| {
            format!(
                "{name} is not a key of {} (its key: {})",
                schema.whose(),
                schema.keys_text()
            )
        })?;
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)));
        let raw = Raw {
            text: unquoted.unwrap_or(value).to_string(),
            quoted: unquoted.is_some(),
        };
        if key
            .insert(name.to_string(), typed(&raw, attribute, schema)?)
            .is_some()
        {
            return Err(format!("{name} is given twice"));
        }
    }
    let missing: Vec<&str> = [Some(&schema.partition), schema.sort.as_ref()]
        .into_iter()
        .flatten()
        .filter(|a| !key.contains_key(&a.name))
        .map(|a| a.name.as_str())
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
        }
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
        let key = pairs(&["pk=a".into(), "sk=\"5\"".into()], &with_sort).unwrap();
        assert_eq!(key["sk"], AttributeValue::N("5".into()));
        for (bad, expected) in [
            (vec!["pk=a"], "sk missing"),
            (vec!["pk=a", "sk=five"], "a number (N)"),
            (vec!["pk=a", "sk=5", "other=1"], "other is not a key"),
            (vec!["pk"], "NAME=VALUE"),
            (vec!["pk=a", "pk=b", "sk=1"], "twice"),
        ] {
            let given: Vec<String> = bad.iter().map(|s| s.to_string()).collect();
            let err = pairs(&given, &with_sort).unwrap_err();
            assert!(err.contains(expected), "{bad:?}: {err}");
        }
    }
}
