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

/// Function roles and the whole words (or runs of words) of a logical id that name them, in the
/// order a tie between two roles of one function is settled (`ConnectAuthorizerFunction` is the
/// authorizer, `StreamProcessorFunction` the stream processor). Whole words, so
/// `ConnectionTtlSweeperFunction` is not a connect handler and `DisconnectFunction` is not one
/// either; `ProcessFunction` (the README's `*ProcessFunction*`) and `ProcessorFunction` land alike.
const ROLES: [(&str, &[&[&str]]); 7] = [
    ("authorizer", &[&["authorizer"], &["authoriser"], &["auth"]]),
    ("disconnect", &[&["disconnect"]]),
    ("connect", &[&["connect"]]),
    (
        "stream_processor",
        &[
            &["stream", "processor"],
            &["stream", "process"],
            &["stream", "processing"],
            &["stream", "consumer"],
            &["kinesis", "processor"],
            &["kinesis", "process"],
            &["kinesis", "consumer"],
        ],
    ),
    (
        "processor",
        &[
            &["processor"],
            &["process"],
            &["processing"],
            &["aggregator"],
            &["aggregate"],
            &["aggregation"],
        ],
    ),
    ("simulator", &[&["simulator"], &["generator"]]),
    (
        "default",
        &[&["default"], &["message"], &["messages"], &["broadcast"]],
    ),
];

/// Words a handler's logical id carries beside its role (`OnConnectFunction`,
/// `WebSocketConnectHandler`): a name made of the role and these only is the role's own.
const FILLER: [&str; 9] = [
    "on",
    "function",
    "handler",
    "fn",
    "lambda",
    "web",
    "socket",
    "websocket",
    "ws",
];

/// The WebSocket routes whose integration names a role's function.
pub const ROUTE_ROLES: [(&str, &str); 3] = [
    ("$connect", "connect"),
    ("$disconnect", "disconnect"),
    ("$default", "default"),
];

/// How strongly a function is tied to a role: the route's integration beats any name; a name that
/// is the role alone (`OnConnectFunction`) beats one with other words (`ConnectAuditFunction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    NameWithOtherWords,
    NameOfTheRole,
    RouteIntegration,
}

impl Evidence {
    fn describe(self) -> &'static str {
        match self {
            Evidence::NameWithOtherWords => "a name with the role among other words",
            Evidence::NameOfTheRole => "a name that is the role alone",
            Evidence::RouteIntegration => "the route's integration",
        }
    }
}

/// What API Gateway says about the chosen API (GetStages, GetRoutes + GetIntegrations).
#[derive(Debug, Default, Clone)]
pub struct ApiFacts {
    pub api_id: String,
    /// Its stage names; None when they could not be read.
    pub stages: Option<Vec<String>>,
    /// Route key (`$connect`, …) and the name of the Lambda function its integration invokes.
    pub route_functions: Vec<(String, String)>,
}

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

static CDK_HASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9A-F]{8}$").expect("valid regex"));

/// A logical id's words, lower-cased, CDK's hash suffix dropped:
/// `WebSocketConnectHandler1A2B3C4D` → web, socket, connect, handler.
fn words(logical: &str) -> Vec<String> {
    let base = CDK_HASH.replace(logical, "");
    let chars: Vec<char> = base.chars().collect();
    let mut words: Vec<String> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            words.push(String::new());
            continue;
        }
        let starts_word = c.is_ascii_uppercase()
            && i > 0
            && (!chars[i - 1].is_ascii_uppercase()
                || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
        if starts_word || words.is_empty() {
            words.push(String::new());
        }
        if let Some(last) = words.last_mut() {
            last.push(c.to_ascii_lowercase());
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// The role a function's logical id names, and how closely; None for no role.
fn role_by_name(logical: &str) -> Option<(&'static str, Evidence)> {
    let words = words(logical);
    let mut best: Option<(&'static str, Evidence)> = None;
    for (role, spellings) in ROLES {
        for spelling in spellings {
            let Some(at) = words
                .windows(spelling.len())
                .position(|w| w.iter().zip(spelling.iter()).all(|(a, b)| a == b))
            else {
                continue;
            };
            let alone = words.iter().enumerate().all(|(i, w)| {
                (at..at + spelling.len()).contains(&i)
                    || FILLER.contains(&w.trim_end_matches(|c: char| c.is_ascii_digit()))
            });
            let evidence = if alone {
                Evidence::NameOfTheRole
            } else {
                Evidence::NameWithOtherWords
            };
            // Strictly better only: on a tie the role listed first in ROLES keeps it.
            if best.is_none_or(|(_, kept)| evidence > kept) {
                best = Some((role, evidence));
            }
        }
    }
    best
}

/// A function in the running for a role.
struct Candidate<'a> {
    role: &'static str,
    evidence: Evidence,
    value: &'a str,
    from: String,
    kind: &'a str,
}

/// Places the functions: a route's integration first, then names, the strongest evidence per
/// role kept and every other candidate named with the one that was kept.
fn place_functions(found: &mut Found, functions: &[&Resource], api: Option<&ApiFacts>) {
    let mut candidates: Vec<Candidate> = Vec::new();
    let routed: Vec<(&str, &str)> = api
        .map(|facts| {
            facts
                .route_functions
                .iter()
                .filter_map(|(key, function)| {
                    let role = ROUTE_ROLES.iter().find(|(k, _)| k == key)?.1;
                    Some((role, function.as_str()))
                })
                .collect()
        })
        .unwrap_or_default();
    for &(role, function) in &routed {
        let key = ROUTE_ROLES
            .iter()
            .find(|(_, r)| *r == role)
            .map_or("", |r| r.0);
        let from = match functions.iter().find(|r| r.physical_id == function) {
            Some(r) => format!("{} ({key} route)", r.logical_id),
            None => format!("{key} route"),
        };
        candidates.push(Candidate {
            role,
            evidence: Evidence::RouteIntegration,
            value: function,
            from,
            kind: "AWS::Lambda::Function",
        });
    }
    for r in functions {
        let id = r.logical_id.to_lowercase();
        if CDK_HELPERS.iter().any(|h| id.starts_with(h)) {
            found.ignored += 1;
        } else if routed.iter().any(|(_, f)| *f == r.physical_id) {
            // A route's target: the API says what it does; its name is not asked.
        } else if let Some((role, evidence)) = role_by_name(&r.logical_id) {
            candidates.push(Candidate {
                role,
                evidence,
                value: &r.physical_id,
                from: r.logical_id.clone(),
                kind: &r.kind,
            });
        } else {
            found.unplaced.push((
                r.logical_id.clone(),
                r.kind.clone(),
                "no role in its name (connect, disconnect, default, authorizer, processor, stream processor, simulator)".into(),
            ));
        }
    }
    for (role, _) in ROLES {
        let in_running: Vec<&Candidate> = candidates.iter().filter(|c| c.role == role).collect();
        // The first of the strongest: max_by_key would keep the last of equals.
        let Some(kept) = in_running
            .iter()
            .copied()
            .reduce(|kept, c| if c.evidence > kept.evidence { c } else { kept })
        else {
            continue;
        };
        let key = format!("functions.{role}");
        found.placed.push(Placed {
            key: key.clone(),
            value: kept.value.to_string(),
            from: kept.from.clone(),
        });
        for lost in in_running {
            if std::ptr::eq(lost, kept) {
                continue;
            }
            let why = if lost.evidence == kept.evidence {
                "named alike, listed first".to_string()
            } else {
                kept.evidence.describe().to_string()
            };
            found.unplaced.push((
                lost.from.clone(),
                lost.kind.to_string(),
                format!(
                    "a second candidate for {key} (kept {} from {}: {why})",
                    kept.value, kept.from
                ),
            ));
        }
    }
}

/// The API `place` chooses: an `AWS::ApiGatewayV2::Api` (one named like a WebSocket API first),
/// else the API of a `wss://` output. `iops init` asks API Gateway about this one.
pub fn chosen_api(resources: &[Resource], outputs: &[(String, String)]) -> Option<String> {
    ordered_apis(resources)
        .first()
        .map(|r| r.physical_id.clone())
        .or_else(|| {
            outputs
                .iter()
                .find_map(|(_, v)| WSS_URL.captures(v).map(|url| url[1].to_string()))
        })
}

/// A stack with an HTTP API beside the WebSocket one: the WebSocket-named API goes first.
fn ordered_apis(resources: &[Resource]) -> Vec<&Resource> {
    let mut apis: Vec<&Resource> = resources
        .iter()
        .filter(|r| r.kind == "AWS::ApiGatewayV2::Api")
        .collect();
    apis.sort_by_key(|r| {
        let id = r.logical_id.to_lowercase();
        !(id.contains("websocket") || id.contains("ws"))
    });
    apis
}

pub fn place(
    resources: &[Resource],
    outputs: &[(String, String)],
    api: Option<&ApiFacts>,
) -> Found {
    let mut found = Found::default();
    for r in ordered_apis(resources) {
        found.place("api_id", &r.physical_id, &r.logical_id, &r.kind);
    }
    let functions: Vec<&Resource> = resources
        .iter()
        .filter(|r| r.kind == "AWS::Lambda::Function")
        .collect();
    place_functions(&mut found, &functions, api);
    let mut stages: Vec<&Resource> = Vec::new();
    for r in resources {
        let id = r.logical_id.to_lowercase();
        let (logical, kind, physical) = (&r.logical_id, r.kind.as_str(), &r.physical_id);
        match kind {
            "AWS::Lambda::Function" | "AWS::ApiGatewayV2::Api" => {}
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
            "AWS::ApiGatewayV2::Stage" => stages.push(r),
            _ => found.ignored += 1,
        }
    }
    let mut url_stage: Option<(String, String)> = None;
    for (name, value) in outputs {
        let Some(url) = WSS_URL.captures(value) else {
            continue;
        };
        let from = format!("output {name}");
        found.place("websocket_url", value, &from, "AWS::CloudFormation::Output");
        if found.get("api_id").is_none() {
            found.place("api_id", &url[1], &from, "");
        }
        if found.get("api_id") == Some(&url[1]) && url_stage.is_none() {
            url_stage = Some((url[2].to_string(), from));
        }
    }
    place_stage(&mut found, &stages, url_stage, api);
    found
}

/// The stage must be one of the chosen API's: a stack with an HTTP API has its `$default` stage
/// beside the WebSocket API's `prod`, and both are `AWS::ApiGatewayV2::Stage`. GetStages is the
/// authority; without it (API Gateway did not answer) the `wss://` output's stage, which names
/// its API, comes before the first Stage resource.
fn place_stage(
    found: &mut Found,
    stages: &[&Resource],
    url_stage: Option<(String, String)>,
    api: Option<&ApiFacts>,
) {
    let known = api.and_then(|facts| {
        let names = facts.stages.as_ref()?;
        (Some(facts.api_id.as_str()) == found.get("api_id")).then_some((&facts.api_id, names))
    });
    let Some((api_id, names)) = known else {
        if let Some((stage, from)) = url_stage {
            found.place("stage", &stage, &from, "");
        }
        for r in stages {
            found.place("stage", &r.physical_id, &r.logical_id, &r.kind);
        }
        return;
    };
    for r in stages {
        if names.contains(&r.physical_id) {
            found.place("stage", &r.physical_id, &r.logical_id, &r.kind);
        } else {
            found.unplaced.push((
                r.logical_id.clone(),
                r.kind.clone(),
                format!(
                    "stage {} is not a stage of API {api_id} (its stages: {})",
                    r.physical_id,
                    names.join(", ")
                ),
            ));
        }
    }
    if found.get("stage").is_some() {
        return;
    }
    if let Some((stage, from)) = url_stage.filter(|(s, _)| names.contains(s)) {
        found.place("stage", &stage, &from, "");
    } else if let [only] = names.as_slice() {
        found.place("stage", only, &format!("GetStages of API {api_id}"), "");
    } else if !names.is_empty() {
        found.unplaced.push((
            format!("API {api_id}"),
            "AWS::ApiGatewayV2::Api".into(),
            format!(
                "has stages {}, none of them in the stack: set stage by hand",
                names.join(", ")
            ),
        ));
    }
}

/// A queue's role from its logical id: CDK's hash suffix and a trailing `Queue` dropped, the rest
/// in snake case (`ChatProcessingQueue1A2B3C4D` → `chat_processing`, `ChatDLQ` → `chat_dlq`).
fn queue_role(logical: &str) -> String {
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
        let found = place(&resources, &[], None);
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
            None,
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
            None,
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
            None,
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
            None,
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
            None,
        );
        assert_eq!(
            found.get("websocket_url"),
            Some("wss://k3y9abc.execute-api.eu-west-1.amazonaws.com/prod")
        );
        assert_eq!(found.get("api_id"), Some("k3y9abc"));
        assert_eq!(found.get("stage"), Some("prod"));
    }

    #[test]
    fn words_not_substrings_name_a_role() {
        let f = "AWS::Lambda::Function";
        // Listed first, and `connect` is a substring of its first word: not a connect handler.
        let found = place(
            &[
                resource("ConnectionTtlSweeperFunction", f, "S-Sweeper-1"),
                resource("OnDisconnectFunction0A1B2C3D", f, "S-OnDisconnect-2"),
                resource("ConnectAuditFunction", f, "S-ConnectAudit-3"),
                resource("OnConnectFunction9F8E7D6C", f, "S-OnConnect-4"),
            ],
            &[],
            None,
        );
        assert_eq!(found.get("functions.connect"), Some("S-OnConnect-4"));
        assert_eq!(found.get("functions.disconnect"), Some("S-OnDisconnect-2"));
        let why = |logical: &str| {
            found
                .unplaced
                .iter()
                .find(|u| u.0 == logical)
                .map(|u| u.2.clone())
                .unwrap_or_else(|| panic!("{logical} not reported: {:?}", found.unplaced))
        };
        assert!(why("ConnectionTtlSweeperFunction").contains("no role"));
        let lost = why("ConnectAuditFunction");
        assert!(
            lost.contains("functions.connect")
                && lost.contains("OnConnectFunction9F8E7D6C")
                && lost.contains("the role alone"),
            "{lost}"
        );
        assert_eq!(
            words("WebSocketConnectHandler1A2B3C4D"),
            ["web", "socket", "connect", "handler"]
        );
        assert_eq!(words("WSConnectFn"), ["ws", "connect", "fn"]);
    }

    #[test]
    fn the_route_integration_beats_a_name() {
        let f = "AWS::Lambda::Function";
        let facts = ApiFacts {
            api_id: "ws1".into(),
            stages: None,
            route_functions: vec![
                ("$connect".into(), "S-Handshake-2".into()),
                ("sendmessage".into(), "S-Send-3".into()),
            ],
        };
        let resources = [
            resource("ConnectFunction52BFC429", f, "S-Connect-1"),
            resource("HandshakeFunction", f, "S-Handshake-2"),
        ];
        let found = place(&resources, &[], Some(&facts));
        assert_eq!(found.get("functions.connect"), Some("S-Handshake-2"));
        let placed = found
            .placed
            .iter()
            .find(|p| p.key == "functions.connect")
            .unwrap();
        assert_eq!(placed.from, "HandshakeFunction ($connect route)");
        assert_eq!(found.unplaced.len(), 1, "{:?}", found.unplaced);
        assert_eq!(found.unplaced[0].0, "ConnectFunction52BFC429");
        assert!(found.unplaced[0].2.contains("route's integration"));
        // Without the API's word, the name decides.
        let by_name = place(&resources, &[], None);
        assert_eq!(by_name.get("functions.connect"), Some("S-Connect-1"));
    }

    #[test]
    fn the_stage_is_one_of_the_chosen_apis() {
        let api = "AWS::ApiGatewayV2::Api";
        let stage = "AWS::ApiGatewayV2::Stage";
        // The HTTP API's stage is listed first, as ListStackResources orders by logical id.
        let resources = [
            resource("HttpApiDefaultStage", stage, "$default"),
            resource("HttpApiF5A9A8A7", api, "http1"),
            resource("WebSocketApi34BCF99B", api, "ws1"),
            resource("WebSocketProdStage", stage, "prod"),
        ];
        assert_eq!(chosen_api(&resources, &[]).as_deref(), Some("ws1"));
        let facts = ApiFacts {
            api_id: "ws1".into(),
            stages: Some(vec!["prod".into()]),
            route_functions: Vec::new(),
        };
        let found = place(&resources, &[], Some(&facts));
        assert_eq!(found.get("stage"), Some("prod"));
        let refused = found
            .unplaced
            .iter()
            .find(|u| u.0 == "HttpApiDefaultStage")
            .unwrap();
        assert!(refused.2.contains("not a stage of API ws1"), "{refused:?}");
        // No Stage resource of the API in the stack: its only stage.
        let found = place(&resources[1..3], &[], Some(&facts));
        assert_eq!(found.get("stage"), Some("prod"));
        // Several and none in the stack: nothing rather than a guess.
        let two = ApiFacts {
            stages: Some(vec!["dev".into(), "prod".into()]),
            ..facts
        };
        let found = place(&resources[..3], &[], Some(&two));
        assert_eq!(found.get("stage"), None);
        assert!(found.unplaced.iter().any(|u| u.2.contains("dev, prod")));
    }
}
