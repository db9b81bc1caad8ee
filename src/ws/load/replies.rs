//! Which send a message answers. When a send carries its own id — `{seq}` in the template, or a
//! `--reply` regex with a capture group — a reply is matched to the send whose id it carries, so
//! out-of-order replies and skipped ones give true round trips. A reply that carries no id (a
//! `{"type":"pong"}` to a send with `{seq}`, or any reply when no send has an id) answers the
//! oldest send still waiting: first-in first-out.

use std::collections::BTreeMap;
use std::time::Instant;

use regex::Regex;

/// How to read a send's id back out of a reply.
#[derive(Debug, Clone)]
pub struct ReplyIds {
    /// Each has a group named `seq`; the first that matches gives the id.
    patterns: Vec<Regex>,
}

impl ReplyIds {
    /// From `--reply` when it captures (its group `seq`, else its first group), else from the
    /// templates that carry `{seq}`; None when no send carries an id (then FIFO).
    pub fn new(templates: &[String], reply: Option<&Regex>) -> Option<ReplyIds> {
        if let Some(reply) = reply.filter(|r| r.captures_len() > 1) {
            let pattern = if reply.capture_names().flatten().any(|n| n == "seq") {
                reply.clone()
            } else {
                // The first group is the id: name it, leaving the user's pattern as it is.
                Regex::new(&format!("(?:{})", named_first_group(reply.as_str()))).ok()?
            };
            return Some(ReplyIds {
                patterns: vec![pattern],
            });
        }
        let carrying: Vec<&String> = templates.iter().filter(|t| t.contains("{seq}")).collect();
        if carrying.is_empty() {
            return None;
        }
        let mut patterns: Vec<Regex> = carrying.iter().filter_map(|t| whole(t)).collect();
        patterns.extend(carrying.iter().filter_map(|t| keyed(t)));
        Some(ReplyIds { patterns })
    }

    /// The id a reply carries, if any.
    pub fn id(&self, text: &str) -> Option<u64> {
        // `is_match` first: most replies carry no id (a pong), and finding that out needs no
        // capture slots allocated.
        self.patterns.iter().find_map(|pattern| {
            if !pattern.is_match(text) {
                return None;
            }
            pattern
                .captures(text)
                .and_then(|c| c.name("seq").or_else(|| c.get(1)))
                .and_then(|m| m.as_str().parse().ok())
        })
    }
}

/// `(?P<seq>…)` for the first plain `(…)` group of a pattern (escaped and non-capturing
/// parentheses, and those in classes, left alone).
fn named_first_group(pattern: &str) -> String {
    let bytes = pattern.as_bytes();
    let (mut escaped, mut in_class) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class && bytes.get(i + 1) != Some(&b'?') => {
                return format!("{}(?P<seq>{}", &pattern[..i], &pattern[i + 1..]);
            }
            _ => {}
        }
    }
    pattern.to_string()
}

/// The whole template with its placeholders as numbers: an echo carries the send back as sent.
fn whole(template: &str) -> Option<Regex> {
    let mut pattern = String::from("^");
    let mut seq_named = false;
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        pattern.push_str(&regex::escape(&rest[..at]));
        let tail = &rest[at..];
        let placeholder = ["{seq}", "{conn}", "{ts_ms}"]
            .into_iter()
            .find(|p| tail.starts_with(p));
        match placeholder {
            Some("{seq}") if !seq_named => {
                pattern.push_str(r"(?P<seq>\d+)");
                seq_named = true;
            }
            Some(_) => pattern.push_str(r"\d+"),
            None => pattern.push_str(r"\{"),
        }
        rest = &tail[placeholder.map_or(1, str::len)..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    Regex::new(&pattern).ok()
}

/// The key `{seq}` is the value of (`"seq":{seq}`, `seq={seq}`), found in any reply that
/// carries that key with a number: `{"type":"pong","seq":7}`.
fn keyed(template: &str) -> Option<Regex> {
    let before = &template[..template.find("{seq}")?];
    let key = Regex::new(r#"([A-Za-z_][A-Za-z0-9_-]*)"?\s*[:=]\s*"?$"#)
        .ok()?
        .captures(before)?
        .get(1)?
        .as_str()
        .to_string();
    Regex::new(&format!(
        r#"(?:^|[^A-Za-z0-9_-])"?{}"?\s*[:=]\s*"?(?P<seq>\d+)"#,
        regex::escape(&key)
    ))
    .ok()
}

/// Sends waiting for their answer, by seq (send order).
#[derive(Debug, Default)]
pub struct Waiting {
    sends: BTreeMap<u64, Instant>,
}

impl Waiting {
    pub fn sent(&mut self, seq: u64) {
        self.sends.insert(seq, Instant::now());
    }

    /// The send a message answers, removed: the one whose id it carries, else the oldest one.
    /// None: it answers no send of ours (an id nobody waits for, or nothing is waiting).
    pub fn answer(&mut self, ids: Option<&ReplyIds>, text: &str) -> Option<Instant> {
        match ids.and_then(|ids| ids.id(text)) {
            Some(id) => self.sends.remove(&id),
            None => self.sends.pop_first().map(|(_, at)| at),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sends.is_empty()
    }

    pub fn len(&self) -> u64 {
        self.sends.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(templates: &[&str], reply: Option<&str>) -> ReplyIds {
        let templates: Vec<String> = templates.iter().map(|t| t.to_string()).collect();
        let reply = reply.map(|r| Regex::new(r).unwrap());
        ReplyIds::new(&templates, reply.as_ref()).expect("ids")
    }

    #[test]
    fn a_reply_is_matched_by_the_id_it_carries() {
        let echo = ids(&["m {conn}-{seq}"], None);
        assert_eq!(echo.id("m 3-17"), Some(17));
        assert_eq!(
            echo.id("said m 3-17 twice"),
            None,
            "an echo is the send itself"
        );
        let json = ids(&[r#"{"action":"ping","seq":{seq},"at":{ts_ms}}"#], None);
        assert_eq!(json.id(r#"{"type":"pong","seq": 42}"#), Some(42));
        assert_eq!(json.id(r#"{"type":"pong","subseq":42}"#), None);
        assert_eq!(json.id(r#"{"type":"broadcast"}"#), None);
        let query = ids(&["ping seq={seq}"], None);
        assert_eq!(query.id("pong seq=9"), Some(9));
        let captured = ids(&["anything"], Some(r#"pong (\d+)"#));
        assert_eq!(captured.id("pong 5"), Some(5));
        let named = ids(&["x"], Some(r#"(ok|pong) #(?P<seq>\d+)"#));
        assert_eq!(named.id("pong #8"), Some(8));
        assert!(ReplyIds::new(&["no id".to_string()], None).is_none());
        assert!(ReplyIds::new(&["x".to_string()], Some(&Regex::new("pong").unwrap())).is_none());
        assert_eq!(
            named_first_group(r"\(x\)[(](?:a)(\d+)"),
            r"\(x\)[(](?:a)(?P<seq>\d+)"
        );
    }

    #[test]
    fn out_of_order_and_skipped_replies_answer_their_own_sends() {
        let echo = ids(&["m {seq}"], None);
        let mut waiting = Waiting::default();
        for seq in 1..=4 {
            waiting.sent(seq);
        }
        let first = waiting.sends[&1];
        let third = waiting.sends[&3];
        assert!(waiting.answer(Some(&echo), "m 2").is_some());
        assert_eq!(waiting.answer(Some(&echo), "m 2"), None, "answered once");
        assert_eq!(waiting.answer(Some(&echo), "m 1"), Some(first));
        assert_eq!(waiting.len(), 2, "3 and 4 still wait");
        // No id: the oldest waiting send (a pong to `ping {seq}`).
        assert_eq!(waiting.answer(Some(&echo), "pong"), Some(third));
        assert!(waiting.answer(None, "pong").is_some());
        assert!(waiting.is_empty());
        assert_eq!(waiting.answer(None, "pong"), None, "nothing waits");
    }
}
