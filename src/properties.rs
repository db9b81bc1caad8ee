//! Property tests for every pure parser and converter: none may panic on any input, and the
//! ones with an inverse must round-trip. Hand-written examples live beside each function.

use proptest::prelude::*;

use crate::table::values;

/// Text with the characters that break naive parsers: controls, quotes, escapes, wide chars.
fn hostile_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(r#"[ -~\x00-\x1f\x7f\u{80}-\u{9f}é€😀"\\]{0,40}"#).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn durations_and_times_never_panic(text in hostile_text()) {
        let _ = crate::timespec::parse_duration(&text);
        let _ = crate::timespec::parse_rate(&text, "events");
        let _ = crate::timespec::parse_time(&text, jiff::Timestamp::UNIX_EPOCH);
    }

    #[test]
    fn numeric_durations_never_panic(n in any::<f64>(), int in any::<u64>()) {
        let _ = crate::timespec::parse_duration(&n.to_string());
        if let Ok(d) = crate::timespec::parse_duration(&int.to_string()) {
            // Every accepted duration converts to i64 milliseconds and to a deadline.
            prop_assert!(i64::try_from(d.as_millis()).is_ok());
            let _ = std::time::Instant::now() + d;
        }
        let _ = crate::timespec::parse_rate(&n.to_string(), "events");
    }

    #[test]
    fn durations_round_trip_through_their_format(secs in 1u64..10_000_000) {
        let duration = std::time::Duration::from_secs(secs);
        let text = crate::timespec::format_duration(duration);
        prop_assert_eq!(crate::timespec::parse_duration(&text), Ok(duration));
        prop_assert_eq!(crate::timespec::parse_duration(&secs.to_string()), Ok(duration));
    }

    #[test]
    fn every_accepted_rate_has_a_period(rate in crate::timespec::MIN_RATE..=crate::timespec::MAX_RATE, index in any::<u64>()) {
        let accepted = crate::timespec::parse_rate(&rate.to_string(), "x").unwrap();
        let _ = std::time::Instant::now() + crate::timespec::period(index, accepted);
    }

    #[test]
    fn where_conditions_never_panic(conditions in proptest::collection::vec(hostile_text(), 0..4)) {
        let _ = crate::table::condition::compile(&conditions);
    }

    #[test]
    fn where_conditions_with_operators_never_panic(
        name in "[a-z.\\[\\]0-9#:]{0,12}",
        op in prop::sample::select(vec!["=", "!=", "<", "<=", ">", ">=", " exists", " missing", "~", "^="]),
        value in hostile_text(),
    ) {
        let _ = crate::table::condition::compile(&[format!("{name}{op}{value}")]);
    }

    #[test]
    fn platform_lines_never_panic(line in hostile_text(), cut in 0usize..200) {
        let _ = crate::logs::platform::classify(&line);
        let report = format!("REPORT RequestId: {line} Duration: {cut}.5 ms Billed Duration: {line} ms Memory Size: 128 MB Max Memory Used: {cut} MB");
        let _ = crate::logs::platform::classify(&report);
        let end = report.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(report.len());
        let _ = crate::logs::platform::classify(&report[..end]);
    }

    #[test]
    fn close_codes_are_always_explained(code in any::<u16>(), reason in hostile_text(), idle in any::<bool>()) {
        let diagnosis = crate::ws::close::explain(code, &reason, idle);
        prop_assert!(!diagnosis.name.is_empty() && !diagnosis.explanation.is_empty());
        let _ = crate::logs::stats::close_code_meaning(code);
    }

    #[test]
    fn globs_never_panic_and_match_themselves_literally(pattern in hostile_text(), text in hostile_text()) {
        let _ = crate::glob::matches(&pattern, &text);
        let _ = crate::glob::similar(&pattern, [text.as_str()]);
        if !crate::glob::is_pattern(&text) {
            prop_assert!(crate::glob::matches(&text, &text));
        }
    }

    #[test]
    fn urls_are_parsed_edited_and_redacted_without_panic(
        host in "[a-z0-9.-]{0,12}",
        port in any::<u32>(),
        user in hostile_text(),
        query in hostile_text(),
        token in "[!-~]{1,20}",
    ) {
        let text = format!("ws://{user}@{host}:{port}/p?{query}");
        let _ = crate::redact::url(&text, "token");
        if let Ok(mut url) = crate::ws::parse_ws_url(&text) {
            prop_assert!(url.port().is_none_or(|p| p > 0));
            crate::ws::take_userinfo(&mut url);
            crate::ws::set_query(&mut url, "token", &token);
            prop_assert!(url.username().is_empty() && url.password().is_none());
            let tokens: Vec<String> = url.query_pairs().filter(|(k, _)| k == "token").map(|(_, v)| v.into_owned()).collect();
            prop_assert_eq!(tokens, vec![token.clone()]);
            let shown = crate::redact::url(url.as_str(), "token");
            prop_assert!(shown.contains("token=****"), "{}", shown);
        }
    }

    #[test]
    fn redacted_urls_never_show_the_password(password in "[a-zA-Z0-9]{6,20}") {
        let shown = crate::redact::url(&format!("wss://admin:{password}@host.example/dev"), "");
        prop_assert!(!shown.contains(&password), "{}", shown);
    }

    #[test]
    fn visible_text_has_no_control_characters_but_line_breaks(text in hostile_text()) {
        let shown = crate::output::visible(&text);
        prop_assert!(!shown.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        if !text.chars().any(char::is_control) {
            prop_assert_eq!(shown.as_ref(), text.as_str());
        }
    }

    #[test]
    fn attribute_values_round_trip_through_typed_json(value in attribute_value()) {
        let mut raw = Vec::new();
        values::write_raw(&mut raw, &(&value).into());
        let json: serde_json::Value = serde_json::from_slice(&raw).expect("write_raw writes JSON");
        prop_assert_eq!(values::from_typed_json(&json), Ok(value.clone()));
        // The fast reader of `table scan` agrees: read back, it writes the same text.
        let read: values::Attr = serde_json::from_slice(&raw).expect("typed JSON reads back");
        let mut again = Vec::new();
        values::write_raw(&mut again, &read);
        prop_assert_eq!(String::from_utf8_lossy(&again), String::from_utf8_lossy(&raw));
        let mut plain = Vec::new();
        values::write_plain(&mut plain, &(&value).into());
        prop_assert!(serde_json::from_slice::<serde_json::Value>(&plain).is_ok(), "plain JSON: {}", String::from_utf8_lossy(&plain));
    }

    #[test]
    fn typed_json_never_panics(text in hostile_text()) {
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
            let _ = values::from_typed_json(&json);
        }
    }
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        "-?[1-9][0-9]{0,37}",
        "-?[0-9]{1,10}\\.[0-9]{1,10}",
    ]
}

fn attribute_value() -> impl Strategy<Value = aws_sdk_dynamodb::types::AttributeValue> {
    use aws_sdk_dynamodb::types::AttributeValue as V;
    let leaf = prop_oneof![
        hostile_text().prop_map(V::S),
        number().prop_map(V::N),
        any::<bool>().prop_map(V::Bool),
        Just(V::Null(true)),
        proptest::collection::btree_set(hostile_text(), 1..4)
            .prop_map(|s| V::Ss(s.into_iter().collect())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(V::L),
            proptest::collection::hash_map("[a-zA-Z_]{1,8}", inner, 0..4).prop_map(V::M),
        ]
    })
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as V;
    let leaf = prop_oneof![
        Just(V::Null),
        any::<bool>().prop_map(V::Bool),
        any::<i64>().prop_map(V::from),
        any::<f64>().prop_map(V::from),
        hostile_text().prop_map(V::String),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(V::Array),
            proptest::collection::vec((hostile_text(), inner), 0..4)
                .prop_map(|pairs| V::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `ws connect --pretty` lays JSON out as serde_json's pretty printer does (on serde_json's
    /// own text, whose keys it sorted: the re-indenter keeps any order it is given).
    #[test]
    fn received_json_is_indented_as_serde_json_does(value in json_value()) {
        let compact = serde_json::to_string(&value).unwrap();
        prop_assert_eq!(
            crate::ws::indent::indent(&compact),
            Some(serde_json::to_string_pretty(&value).unwrap())
        );
    }

    #[test]
    fn indenting_any_text_never_panics(text in hostile_text()) {
        let _ = crate::ws::indent::indent(&text);
    }
}
