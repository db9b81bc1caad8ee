//! DynamoDB items as JSON, exactly: numbers are written with the digits DynamoDB stored (a
//! 38-digit number or `0.1` never passes through f64 — serde_dynamo would round them), binary as
//! base64, sets as arrays. Plain JSON by default, DynamoDB-typed JSON with `--raw`.

use std::borrow::Cow;
use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Deserialize;
use serde_json::Value;

pub type Item = HashMap<String, AttributeValue>;

fn push_str(out: &mut Vec<u8>, text: &str) {
    serde_json::to_writer(&mut *out, text).expect("writing to a Vec cannot fail");
}

/// DynamoDB returns normalized numbers; anything that is not a JSON number is written as a string.
fn push_number(out: &mut Vec<u8>, text: &str) {
    if is_json_number(text) {
        out.extend_from_slice(text.as_bytes());
    } else {
        push_str(out, text);
    }
}

fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    let int_start = i;
    if !digits(&mut i) || (bytes[int_start] == b'0' && i - int_start > 1) {
        return false;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        i += 1;
        if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == bytes.len()
}

fn base64(blob: &Blob) -> String {
    aws_smithy_types::base64::encode(blob.as_ref())
}

/// An attribute value as DynamoDB's JSON spells it (`{"S":"abc"}`), borrowing the response's
/// text where it can: a string without escapes is not copied. Binary stays base64 text, as it is
/// printed. This is what `table scan` reads and every item writer writes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Attr<'a> {
    S(#[serde(borrow)] Cow<'a, str>),
    N(#[serde(borrow)] Cow<'a, str>),
    B(#[serde(borrow)] Cow<'a, str>),
    #[serde(rename = "BOOL")]
    Bool(bool),
    #[serde(rename = "NULL")]
    Null(bool),
    #[serde(rename = "SS")]
    Ss(#[serde(borrow)] Vec<Text<'a>>),
    #[serde(rename = "NS")]
    Ns(#[serde(borrow)] Vec<Text<'a>>),
    #[serde(rename = "BS")]
    Bs(#[serde(borrow)] Vec<Text<'a>>),
    L(#[serde(borrow)] Vec<Attr<'a>>),
    M(#[serde(borrow)] Fields<'a>),
}

/// A string in a set or a map key (serde borrows a `Cow` only as a field of its own).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct Text<'a>(#[serde(borrow)] pub Cow<'a, str>);

/// An item or an `M` value: names and values in the order DynamoDB sent them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields<'a>(pub Vec<(Text<'a>, Attr<'a>)>);

impl<'a> Fields<'a> {
    pub fn get(&self, name: &str) -> Option<&Attr<'a>> {
        self.0
            .iter()
            .find(|(key, _)| key.0 == name)
            .map(|(_, value)| value)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<'a>(std::marker::PhantomData<Fields<'a>>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Entries<'a> {
            type Value = Fields<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of attribute names to typed values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields<'a>, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(entry) = map.next_entry()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

impl<'a> From<&'a Item> for Fields<'a> {
    fn from(item: &'a Item) -> Self {
        Fields(
            item.iter()
                .map(|(name, value)| (Text(Cow::Borrowed(name)), Attr::from(value)))
                .collect(),
        )
    }
}

impl<'a> From<&'a AttributeValue> for Attr<'a> {
    fn from(value: &'a AttributeValue) -> Self {
        let text = |s: &'a String| Text(Cow::Borrowed(s.as_str()));
        let blob = |b: &Blob| Text(Cow::Owned(base64(b)));
        match value {
            AttributeValue::S(s) => Attr::S(Cow::Borrowed(s)),
            AttributeValue::N(n) => Attr::N(Cow::Borrowed(n)),
            AttributeValue::B(b) => Attr::B(Cow::Owned(base64(b))),
            AttributeValue::Bool(b) => Attr::Bool(*b),
            AttributeValue::Ss(set) => Attr::Ss(set.iter().map(text).collect()),
            AttributeValue::Ns(set) => Attr::Ns(set.iter().map(text).collect()),
            AttributeValue::Bs(set) => Attr::Bs(set.iter().map(blob).collect()),
            AttributeValue::L(list) => Attr::L(list.iter().map(Attr::from).collect()),
            AttributeValue::M(map) => Attr::M(Fields::from(map)),
            // NULL, and any type newer than this build: written as null.
            _ => Attr::Null(true),
        }
    }
}

/// Plain JSON: `{"connectionId":"abc","connectedAt":1764000000000}`.
pub fn write_plain(out: &mut Vec<u8>, value: &Attr) {
    match value {
        Attr::S(s) | Attr::B(s) => push_str(out, s),
        Attr::N(n) => push_number(out, n),
        Attr::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Attr::Null(_) => out.extend_from_slice(b"null"),
        Attr::Ss(set) | Attr::Bs(set) => write_array(out, set, |out, s| push_str(out, &s.0)),
        Attr::Ns(set) => write_array(out, set, |out, n| push_number(out, &n.0)),
        Attr::L(list) => write_array(out, list, write_plain),
        Attr::M(map) => write_object(out, map, None, write_plain),
    }
}

/// DynamoDB-typed JSON, as the API and `aws dynamodb scan` print it: `{"N":"1764000000000"}`.
pub fn write_raw(out: &mut Vec<u8>, value: &Attr) {
    let tag: &[u8] = match value {
        Attr::S(_) => b"S",
        Attr::N(_) => b"N",
        Attr::B(_) => b"B",
        Attr::Bool(_) => b"BOOL",
        Attr::Null(_) => b"NULL",
        Attr::Ss(_) => b"SS",
        Attr::Ns(_) => b"NS",
        Attr::Bs(_) => b"BS",
        Attr::L(_) => b"L",
        Attr::M(_) => b"M",
    };
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(tag);
    out.extend_from_slice(b"\":");
    match value {
        Attr::S(s) | Attr::N(s) | Attr::B(s) => push_str(out, s),
        Attr::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Attr::Null(_) => out.extend_from_slice(b"true"),
        Attr::Ss(set) | Attr::Ns(set) | Attr::Bs(set) => {
            write_array(out, set, |out, s| push_str(out, &s.0))
        }
        Attr::L(list) => write_array(out, list, write_raw),
        Attr::M(map) => write_object(out, map, None, write_raw),
    }
    out.push(b'}');
}

fn write_array<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// An object with keys in `only` order, or sorted (stable output whatever order they came in).
pub fn write_object(
    out: &mut Vec<u8>,
    map: &Fields,
    only: Option<&[String]>,
    write: fn(&mut Vec<u8>, &Attr),
) {
    let mut entries: Vec<(&str, &Attr)> = match only {
        Some(names) => names
            .iter()
            .filter_map(|name| map.get(name).map(|value| (name.as_str(), value)))
            .collect(),
        None => map.0.iter().map(|(k, v)| (k.0.as_ref(), v)).collect(),
    };
    if only.is_none() {
        entries.sort_unstable_by_key(|(name, _)| *name);
    }
    out.push(b'{');
    for (i, (name, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(out, name);
        out.push(b':');
        write(out, value);
    }
    out.push(b'}');
}

/// A value as a table or csv cell, plain data: strings and numbers bare, binary as its base64,
/// null empty; sets, lists and maps as compact JSON, as `-o json` writes them (numbers exact,
/// binary as base64 strings). Sets were once joined by `;`, which lost the boundaries of an
/// element holding one: a JSON array reads back to the same elements.
pub fn cell(value: Option<&Attr>) -> String {
    match value {
        None | Some(Attr::Null(_)) => String::new(),
        Some(Attr::S(s) | Attr::N(s) | Attr::B(s)) => s.to_string(),
        Some(Attr::Bool(b)) => b.to_string(),
        Some(other) => {
            let mut out = Vec::new();
            write_plain(&mut out, other);
            String::from_utf8(out).unwrap_or_default()
        }
    }
}

/// DynamoDB-typed JSON (`{":v": {"N": "1"}}`, as `aws dynamodb scan --expression-attribute-values`
/// takes it) → attribute values.
pub fn from_typed_json(value: &Value) -> Result<AttributeValue, String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "expected a typed value such as {{\"S\": \"x\"}} or {{\"N\": \"1\"}}, got {value}"
        ));
    };
    let [(tag, inner)] = map.iter().collect::<Vec<_>>()[..] else {
        return Err(format!(
            "a typed value has exactly one type key, got {value}"
        ));
    };
    let string = |v: &Value| {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{tag} takes a string, got {v}"))
    };
    let strings = |v: &Value| -> Result<Vec<String>, String> {
        v.as_array()
            .ok_or_else(|| format!("{tag} takes an array"))?
            .iter()
            .map(string)
            .collect()
    };
    let blob = |v: &Value| -> Result<Blob, String> {
        aws_smithy_types::base64::decode(string(v)?)
            .map(Blob::new)
            .map_err(|_| format!("{tag} takes base64"))
    };
    Ok(match tag.as_str() {
        "S" => AttributeValue::S(string(inner)?),
        "N" => AttributeValue::N(string(inner)?),
        "BOOL" => AttributeValue::Bool(inner.as_bool().ok_or("BOOL takes true or false")?),
        "NULL" => AttributeValue::Null(true),
        "B" => AttributeValue::B(blob(inner)?),
        "SS" => AttributeValue::Ss(strings(inner)?),
        "NS" => AttributeValue::Ns(strings(inner)?),
        "BS" => AttributeValue::Bs(
            inner
                .as_array()
                .ok_or("BS takes an array")?
                .iter()
                .map(blob)
                .collect::<Result<_, _>>()?,
        ),
        "L" => AttributeValue::L(
            inner
                .as_array()
                .ok_or("L takes an array")?
                .iter()
                .map(from_typed_json)
                .collect::<Result<_, _>>()?,
        ),
        "M" => AttributeValue::M(
            inner
                .as_object()
                .ok_or("M takes an object")?
                .iter()
                .map(|(k, v)| Ok((k.clone(), from_typed_json(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => {
            return Err(format!(
                "unknown type '{other}'; use S, N, B, BOOL, NULL, SS, NS, BS, L or M"
            ));
        }
    })
}

/// Serializes an exact number text (from an `N` attribute) as a JSON number with those digits.
pub fn serialize_exact<S: serde::Serializer>(
    value: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    match value {
        Some(text) if is_json_number(text) => {
            serde_json::value::RawValue::from_string(text.clone())
                .map_err(serde::ser::Error::custom)?
                .serialize(serializer)
        }
        Some(text) => serializer.serialize_str(text),
        None => serializer.serialize_none(),
    }
}

/// The exact text of a number attribute, or None when absent, NULL or not a number.
pub fn number_text(item: &Item, name: &str) -> Option<String> {
    match item.get(name) {
        Some(AttributeValue::N(n)) => Some(n.clone()),
        _ => None,
    }
}

pub fn string(item: &Item, name: &str) -> Option<String> {
    match item.get(name) {
        Some(AttributeValue::S(s)) => Some(s.clone()),
        Some(AttributeValue::N(n)) => Some(n.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(value: &AttributeValue) -> String {
        let mut out = Vec::new();
        write_plain(&mut out, &Attr::from(value));
        String::from_utf8(out).unwrap()
    }

    fn raw(value: &AttributeValue) -> String {
        let mut out = Vec::new();
        write_raw(&mut out, &Attr::from(value));
        String::from_utf8(out).unwrap()
    }

    fn every_type() -> AttributeValue {
        AttributeValue::M(HashMap::from([
            (
                "big".to_string(),
                AttributeValue::N("12345678901234567890123456789012345678".into()),
            ),
            ("tenth".to_string(), AttributeValue::N("0.1".into())),
            ("neg".to_string(), AttributeValue::N("-1E+38".into())),
            (
                "s".to_string(),
                AttributeValue::S("quote \" and \u{e9}".into()),
            ),
            (
                "b".to_string(),
                AttributeValue::B(Blob::new(b"hi".to_vec())),
            ),
            ("t".to_string(), AttributeValue::Bool(true)),
            ("n".to_string(), AttributeValue::Null(true)),
            (
                "ss".to_string(),
                AttributeValue::Ss(vec!["a".into(), "b".into()]),
            ),
            (
                "ns".to_string(),
                AttributeValue::Ns(vec!["1".into(), "2.50".into()]),
            ),
            (
                "bs".to_string(),
                AttributeValue::Bs(vec![Blob::new(vec![0u8, 255])]),
            ),
            (
                "l".to_string(),
                AttributeValue::L(vec![
                    AttributeValue::N("7".into()),
                    AttributeValue::S("x".into()),
                ]),
            ),
        ]))
    }

    #[test]
    fn plain_json_keeps_every_digit() {
        assert_eq!(
            plain(&every_type()),
            r#"{"b":"aGk=","big":12345678901234567890123456789012345678,"bs":["AP8="],"l":[7,"x"],"n":null,"neg":-1E+38,"ns":[1,2.50],"s":"quote \" and é","ss":["a","b"],"t":true,"tenth":0.1}"#
        );
    }

    #[test]
    fn raw_json_round_trips_through_the_typed_parser() {
        let text = raw(&every_type());
        let parsed = from_typed_json(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(parsed, every_type());
        assert!(
            text.contains(r#""big":{"N":"12345678901234567890123456789012345678"}"#),
            "{text}"
        );
        assert!(text.contains(r#""n":{"NULL":true}"#), "{text}");
    }

    #[test]
    fn response_text_reads_back_to_the_same_output() {
        let text = raw(&every_type());
        let parsed: Attr = serde_json::from_str(&text).unwrap();
        let mut again = Vec::new();
        write_raw(&mut again, &parsed);
        assert_eq!(String::from_utf8(again).unwrap(), text);
        let mut plain_again = Vec::new();
        write_plain(&mut plain_again, &parsed);
        assert_eq!(
            String::from_utf8(plain_again).unwrap(),
            plain(&every_type())
        );
    }

    #[test]
    fn response_strings_are_borrowed_unless_escaped() {
        let item: Fields =
            serde_json::from_str(r#"{"id":{"S":"abc"},"q":{"S":"a\"b"},"n":{"N":"1"}}"#).unwrap();
        assert!(matches!(
            item.get("id"),
            Some(Attr::S(Cow::Borrowed("abc")))
        ));
        assert!(matches!(item.get("n"), Some(Attr::N(Cow::Borrowed("1")))));
        assert_eq!(item.get("q"), Some(&Attr::S(Cow::Owned("a\"b".into()))));
        assert!(matches!(&item.0[0].0, Text(Cow::Borrowed("id"))));
        let names: Vec<&str> = item.0.iter().map(|(name, _)| name.0.as_ref()).collect();
        assert_eq!(names, ["id", "q", "n"]);
    }

    #[test]
    fn unknown_types_in_a_response_are_an_error() {
        let err = serde_json::from_str::<Fields>(r#"{"a":{"X":"1"}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown variant"), "{err}");
    }

    /// A set's elements may hold `;`, `,` or `"`: as a JSON array every one reads back, numbers
    /// with their digits and binary as the base64 `-o json` writes.
    #[test]
    fn set_cells_are_json_arrays_that_read_back_element_for_element() {
        let strings = ["e;f", "a,b", "q\"r", "plain"];
        let ss = cell(Some(&Attr::from(&AttributeValue::Ss(
            strings.iter().map(|s| s.to_string()).collect(),
        ))));
        assert_eq!(ss, r#"["e;f","a,b","q\"r","plain"]"#);
        assert_eq!(serde_json::from_str::<Vec<String>>(&ss).unwrap(), strings);

        let big = "12345678901234567890123456789012345678";
        let ns = cell(Some(&Attr::from(&AttributeValue::Ns(vec![
            big.into(),
            "0.1".into(),
        ]))));
        assert_eq!(ns, format!("[{big},0.1]"));
        let bs = cell(Some(&Attr::from(&AttributeValue::Bs(vec![
            Blob::new(vec![0u8, 255]),
            Blob::new(b";".to_vec()),
        ]))));
        assert_eq!(bs, r#"["AP8=","Ow=="]"#);
        assert_eq!(cell(Some(&Attr::Ss(Vec::new()))), "[]");
        // The scalars stay bare.
        assert_eq!(cell(Some(&Attr::S(Cow::Borrowed("e;f")))), "e;f");
        assert_eq!(cell(Some(&Attr::Null(true))), "");
        assert_eq!(cell(None), "");
    }

    #[test]
    fn json_number_grammar() {
        for good in ["0", "-0", "0.1", "10", "1E+38", "1e-5", "-12.5e3"] {
            assert!(is_json_number(good), "{good}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "NaN", "1_000", "+1"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn typed_json_errors_name_the_problem() {
        assert!(
            from_typed_json(&serde_json::json!({"X": "1"}))
                .unwrap_err()
                .contains("unknown type")
        );
        assert!(
            from_typed_json(&serde_json::json!({"N": 1}))
                .unwrap_err()
                .contains("N takes a string")
        );
        assert!(
            from_typed_json(&serde_json::json!("x"))
                .unwrap_err()
                .contains("typed value")
        );
    }
}
