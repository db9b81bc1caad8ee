//! DynamoDB items as JSON, exactly: numbers are written with the digits DynamoDB stored (a
//! 38-digit number or `0.1` never passes through f64 — serde_dynamo would round them), binary as
//! base64, sets as arrays. Plain JSON by default, DynamoDB-typed JSON with `--raw`.

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
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

/// Plain JSON: `{"connectionId":"abc","connectedAt":1764000000000}`.
pub fn write_plain(out: &mut Vec<u8>, value: &AttributeValue) {
    match value {
        AttributeValue::S(s) => push_str(out, s),
        AttributeValue::N(n) => push_number(out, n),
        AttributeValue::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        AttributeValue::Null(_) => out.extend_from_slice(b"null"),
        AttributeValue::B(b) => push_str(out, &base64(b)),
        AttributeValue::Ss(set) => write_array(out, set, |out, s| push_str(out, s)),
        AttributeValue::Ns(set) => write_array(out, set, |out, n| push_number(out, n)),
        AttributeValue::Bs(set) => write_array(out, set, |out, b| push_str(out, &base64(b))),
        AttributeValue::L(list) => write_array(out, list, write_plain),
        AttributeValue::M(map) => write_object(out, map, None, write_plain),
        _ => out.extend_from_slice(b"null"),
    }
}

/// DynamoDB-typed JSON, as the API and `aws dynamodb scan` print it: `{"N":"1764000000000"}`.
pub fn write_raw(out: &mut Vec<u8>, value: &AttributeValue) {
    let tagged = |out: &mut Vec<u8>, tag: &str| {
        out.extend_from_slice(b"{\"");
        out.extend_from_slice(tag.as_bytes());
        out.extend_from_slice(b"\":");
    };
    match value {
        AttributeValue::S(s) => {
            tagged(out, "S");
            push_str(out, s);
        }
        AttributeValue::N(n) => {
            tagged(out, "N");
            push_str(out, n);
        }
        AttributeValue::Bool(b) => {
            tagged(out, "BOOL");
            out.extend_from_slice(if *b { b"true" } else { b"false" });
        }
        AttributeValue::Null(_) => tagged(out, "NULL"),
        AttributeValue::B(b) => {
            tagged(out, "B");
            push_str(out, &base64(b));
        }
        AttributeValue::Ss(set) => {
            tagged(out, "SS");
            write_array(out, set, |out, s| push_str(out, s));
        }
        AttributeValue::Ns(set) => {
            tagged(out, "NS");
            write_array(out, set, |out, n| push_str(out, n));
        }
        AttributeValue::Bs(set) => {
            tagged(out, "BS");
            write_array(out, set, |out, b| push_str(out, &base64(b)));
        }
        AttributeValue::L(list) => {
            tagged(out, "L");
            write_array(out, list, write_raw);
        }
        AttributeValue::M(map) => {
            tagged(out, "M");
            write_object(out, map, None, write_raw);
        }
        _ => {
            tagged(out, "NULL");
            out.extend_from_slice(b"true");
            out.push(b'}');
            return;
        }
    }
    if matches!(value, AttributeValue::Null(_)) {
        out.extend_from_slice(b"true");
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

/// An object with keys in `fields` order, or sorted (stable output whatever the hash order).
pub fn write_object(
    out: &mut Vec<u8>,
    map: &HashMap<String, AttributeValue>,
    fields: Option<&[String]>,
    write: fn(&mut Vec<u8>, &AttributeValue),
) {
    let mut keys: Vec<&String> = match fields {
        Some(fields) => fields.iter().filter(|f| map.contains_key(*f)).collect(),
        None => map.keys().collect(),
    };
    if fields.is_none() {
        keys.sort_unstable();
    }
    out.push(b'{');
    for (i, key) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(out, key);
        out.push(b':');
        write(out, &map[key]);
    }
    out.push(b'}');
}

/// A value as a table or csv cell: strings and numbers bare, everything else as plain JSON.
pub fn cell(value: Option<&AttributeValue>) -> String {
    match value {
        None => String::new(),
        Some(AttributeValue::S(s)) => s.clone(),
        Some(AttributeValue::N(n)) => n.clone(),
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
        write_plain(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    fn raw(value: &AttributeValue) -> String {
        let mut out = Vec::new();
        write_raw(&mut out, value);
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
