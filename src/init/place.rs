//! Which stack resource plays which part: CDK logical ids (`ConnectFunction52BFC429`,
//! `StreamProcessorFunction…`, `ConnectionsTable…`) and stack outputs holding a `wss://` URL.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub logical_id: String,
    pub kind: String,
    pub physical_id: String,
}

/// A setting found, and the resource (or output) it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub key: String,
    pub value: String,
    pub from: String,
}

#[derive(Debug, Default)]
pub struct Found {
    pub placed: Vec<Placed>,
    /// Logical id, type and why it was not placed.
    pub unplaced: Vec<(String, String, String)>,
    /// Resources of kinds iops has no use for (roles, permissions, …).
    pub ignored: usize,
}

impl Found {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.placed
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.value.as_str())
    }

    fn place(&mut self, key: impl Into<String>, value: &str, from: &str, kind: &str) {
        let key = key.into();
        match self.get(&key) {
            Some(kept) => self.unplaced.push((
                from.to_string(),
                kind.to_string(),
                format!("a second candidate for {key} (kept {kept})"),
            )),
            None => self.placed.push(Placed {
                key,
                value: value.to_string(),
                from: from.to_string(),
            }),
        }
    }
}

/// Function roles, tried in order on the lower-cased logical id (`disconnect` before `connect`,
/// the stream processor before the processor). Word stems, so `ProcessFunction` (the README's
/// `*ProcessFunction*`) and `ProcessorFunction` land alike.
const ROLES: [(&str, &[&str]); 7] = [
    ("authorizer", &["authorizer", "authfunction", "authhandler"]),
    ("disconnect", &["disconnect"]),
    ("connect", &["connect"]),
    (
        "stream_processor",
        &["streamprocess", "kinesisprocess", "streamconsumer"],
    ),
    ("processor", &["process", "aggregat"]),
    ("simulator", &["simulator", "generator"]),
    ("default", &["default", "message", "broadcast"]),
];

/// Functions CDK adds for itself.
const CDK_HELPERS: [&str; 5] = [
    "customresource",
    "logretention",
    "aws679f53fac",
    "bucketnotificationshandler",
    "customcdk",
];

static WSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^wss://([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com/([^/?#]+)")
        .expect("valid regex")
});

pub fn place(resources: &[Resource], outputs: &[(String, String)]) -> Found {
    let mut found = Found::default();
    // A stack with an HTTP API beside the WebSocket one: the WebSocket-named API goes first.
    let mut ordered: Vec<&Resource> = resources.iter().collect();
    ordered.sort_by_key(|r| {
        let id = r.logical_id.to_lowercase();
        !(r.kind == "AWS::ApiGatewayV2::Api" && (id.contains("websocket") || id.contains("ws")))
    });
    for r in ordered {
        let id = r.logical_id.to_lowercase();
        let (logical, kind, physical) = (&r.logical_id, r.kind.as_str(), &r.physical_id);
        match kind {
            "AWS::Lambda::Function" => {
                if CDK_HELPERS.iter().any(|h| id.starts_with(h)) {
                    found.ignored += 1;
                } else if let Some((role, _)) = ROLES
                    .iter()
                    .find(|(_, words)| words.iter().any(|w| id.contains(w)))
                {
                    found.place(format!("functions.{role}"), physical, logical, kind);
                } else {
                    found.unplaced.push((
                        logical.clone(),
                        kind.into(),
                        "no role in its name (connect, disconnect, default, authorizer, processor, stream processor, simulator)".into(),
                    ));
                }
            }
            "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" => {
                if id.contains("connection") {
                    found.place("tables.connections", physical, logical, kind);
                } else if id.contains("metric") {
                    found.place("tables.metrics", physical, logical, kind);
                } else {
                    found.unplaced.push((
                        logical.clone(),
                        kind.into(),
                        "neither a connections nor a metrics table by its name".into(),
                    ));
                }
            }
            "AWS::Kinesis::Stream" => found.place("kinesis_stream", physical, logical, kind),
            // The physical id of a queue is its URL; a dead-letter queue is a queue of its own.
            "AWS::SQS::Queue" => found.place(
                format!("queues.{}", queue_role(logical)),
                physical,
                logical,
                kind,
            ),
            "AWS::ApiGatewayV2::Api" => found.place("api_id", physical, logical, kind),
            "AWS::ApiGatewayV2::Stage" => found.place("stage", physical, logical, kind),
            _ => found.ignored += 1,
        }
    }
    for (name, value) in outputs {
        let Some(url) = WSS_URL.captures(value) else {
            continue;
        };
        let from = format!("output {name}");
        found.place("websocket_url", value, &from, "AWS::CloudFormation::Output");
        if found.get("api_id").is_none() {
            found.place("api_id", &url[1], &from, "");
        }
        if found.get("stage").is_none() {
            found.place("stage", &url[2], &from, "");
        }
    }
    found
}

/// A queue's role from its logical id: CDK's hash suffix and a trailing `Queue` dropped, the rest
/// in snake case (`ChatProcessingQueue1A2B3C4D` → `chat_processing`, `ChatDLQ` → `chat_dlq`).
fn queue_role(logical: &str) -> String {
    static CDK_HASH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9A-F]{8}$").expect("valid regex"));
    let base = CDK_HASH.replace(logical, "");
    let mut role = String::new();
    let chars: Vec<char> = base.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let starts_word = c.is_ascii_uppercase()
            && i > 0
            && (chars[i - 1].is_ascii_lowercase()
                || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase())
                    && chars[i - 1].is_ascii_uppercase());
        if starts_word {
            role.push('_');
        }
        if c.is_ascii_alphanumeric() {
            role.push(c.to_ascii_lowercase());
        } else if !role.ends_with('_') {
            role.push('_');
        }
    }
    let role = role.trim_matches('_');
    let role = role.strip_suffix("_queue").unwrap_or(role);
    if role.is_empty() {
        "queue".into()
    } else {
        role.to_string()
    }
}

/// The placed settings as plain keys and `tables` / `functions` sub-tables.
pub fn grouped(found: &Found) -> BTreeMap<&str, Vec<(&str, &str)>> {
    let mut groups: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for p in &found.placed {
        let (group, key) = p.key.split_once('.').unwrap_or(("", p.key.as_str()));
        groups.entry(group).or_default().push((key, &p.value));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(logical: &str, kind: &str, physical: &str) -> Resource {
        Resource {
            logical_id: logical.into(),
            kind: kind.into(),
            physical_id: physical.into(),
        }
    }

    #[test]
    fn cdk_logical_ids_find_their_roles() {
        let f = "AWS::Lambda::Function";
        let resources = [
            resource("ConnectFunction52BFC429", f, "S-ConnectFunction52BFC429-Yb"),
            resource("DisconnectFunction11A2B3C4", f, "S-DisconnectFunction-Zx"),
            resource("DefaultHandlerFn0A1B", f, "S-DefaultHandler-1"),
            resource("AuthorizerFunctionAB12", f, "S-Authorizer-2"),
            resource("StreamProcessorFunction9F8E7D6C", f, "S-StreamProcessor-3"),
            resource("MetricsProcessorFunction77", f, "S-MetricsProcessor-4"),
            resource("SimulatorFunction55", f, "S-Simulator-5"),
            resource("LogRetentionaae0aa3c5b4d", f, "S-LogRetention-6"),
            resource("ThumbnailerFunction", f, "S-Thumbnailer-7"),
            resource("ConnectionsTable0A1B2C3D", "AWS::DynamoDB::Table", "conns"),
            resource("DashboardMetricsTable99", "AWS::DynamoDB::Table", "metrics"),
            resource("AuditTable", "AWS::DynamoDB::Table", "audit"),
            resource("EventsStream1234", "AWS::Kinesis::Stream", "events"),
            resource("WebSocketApi", "AWS::ApiGatewayV2::Api", "abc123defg"),
            resource("ProdStage", "AWS::ApiGatewayV2::Stage", "prod"),
            resource("ConnectRole", "AWS::IAM::Role", "role"),
        ];
        let found = place(&resources, &[]);
        for (key, value) in [
            ("functions.connect", "S-ConnectFunction52BFC429-Yb"),
            ("functions.disconnect", "S-DisconnectFunction-Zx"),
            ("functions.default", "S-DefaultHandler-1"),
            ("functions.authorizer", "S-Authorizer-2"),
            ("functions.stream_processor", "S-StreamProcessor-3"),
            ("functions.processor", "S-MetricsProcessor-4"),
            ("functions.simulator", "S-Simulator-5"),
            ("tables.connections", "conns"),
            ("tables.metrics", "metrics"),
            ("kinesis_stream", "events"),
            ("api_id", "abc123defg"),
            ("stage", "prod"),
        ] {
            assert_eq!(found.get(key), Some(value), "{key}");
        }
        let unplaced: Vec<&str> = found.unplaced.iter().map(|u| u.0.as_str()).collect();
        assert_eq!(unplaced, ["ThumbnailerFunction", "AuditTable"]);
        // The names the README's iops.toml matches: `*ProcessFunction*`, `*AuthFunction*`.
        let other = place(
            &[
                resource("ProcessFunction55556666", f, "S-ProcessFunction-8"),
                resource("StreamProcessFunction12", f, "S-StreamProcess-9"),
                resource("AuthFunctionA1", f, "S-Auth-10"),
            ],
            &[],
        );
        assert_eq!(
            other.get("functions.processor"),
            Some("S-ProcessFunction-8")
        );
        assert_eq!(
            other.get("functions.stream_processor"),
            Some("S-StreamProcess-9")
        );
        assert_eq!(other.get("functions.authorizer"), Some("S-Auth-10"));
        assert_eq!(found.ignored, 2, "the CDK helper and the role");
    }

    #[test]
    fn queues_get_a_role_from_their_logical_id() {
        let q = "AWS::SQS::Queue";
        let found = place(
            &[
                resource("ChatProcessingQueue1A2B3C4D", q, "https://sqs.x/1/chat"),
                resource("ChatDLQ", q, "https://sqs.x/1/chat-dlq"),
                resource("DeadLetterQueueE5F6A7B8", q, "https://sqs.x/1/dead"),
            ],
            &[],
        );
        assert_eq!(
            found.get("queues.chat_processing"),
            Some("https://sqs.x/1/chat")
        );
        assert_eq!(
            found.get("queues.chat_dlq"),
            Some("https://sqs.x/1/chat-dlq")
        );
        assert_eq!(
            found.get("queues.dead_letter"),
            Some("https://sqs.x/1/dead")
        );
        assert!(found.unplaced.is_empty());
    }

    #[test]
    fn a_second_candidate_is_reported_not_swapped_in() {
        let f = "AWS::Lambda::Function";
        let found = place(
            &[
                resource("ConnectFunctionA", f, "first"),
                resource("ConnectHandlerB", f, "second"),
            ],
            &[],
        );
        assert_eq!(found.get("functions.connect"), Some("first"));
        assert!(found.unplaced[0].2.contains("kept first"));
    }

    #[test]
    fn the_websocket_api_wins_over_an_http_api() {
        let kind = "AWS::ApiGatewayV2::Api";
        let found = place(
            &[
                resource("HttpApiF5A9A8A7", kind, "http1"),
                resource("WebSocketApi34BCF99B", kind, "ws1"),
            ],
            &[],
        );
        assert_eq!(found.get("api_id"), Some("ws1"));
        assert_eq!(found.unplaced[0].0, "HttpApiF5A9A8A7");
    }

    #[test]
    fn a_wss_output_gives_the_url_api_and_stage() {
        let found = place(
            &[],
            &[
                ("BucketName".into(), "my-bucket".into()),
                (
                    "WebSocketUrl".into(),
                    "wss://k3y9abc.execute-api.eu-west-1.amazonaws.com/prod".into(),
                ),
            ],
        );
        assert_eq!(
            found.get("websocket_url"),
            Some("wss://k3y9abc.execute-api.eu-west-1.amazonaws.com/prod")
        );
        assert_eq!(found.get("api_id"), Some("k3y9abc"));
        assert_eq!(found.get("stage"), Some("prod"));
    }
}
