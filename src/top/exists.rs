//! Whether the parts iops.toml names exist: one cheap describe each (GetApi then GetStage,
//! DescribeStreamSummary, DescribeTable), all at once, when `iops top` starts. CloudWatch answers
//! the series of a mistyped API id, a deleted table or an HTTP API's WebSocket metrics with no
//! datapoints, which reads as "0, ok": only the service that owns a part can say it is not there
//! (or, GetApi's protocol, that it is not a WebSocket API).

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws;
use crate::config::Settings;
use crate::error::first_line;

/// What the owning service said about one configured part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    Found,
    /// The service says it does not exist (the message names the part and the key).
    Missing(String),
    /// It exists, but is not what iops.toml says it is (an HTTP API as `api_id`): its figures
    /// would be a WebSocket API's that it does not have (the message says what it is).
    Wrong(String),
    /// The describe failed otherwise (no permission, throttled, unreachable): nothing is known.
    Unknown(String),
}

/// A configured part, by the subject its figures carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub subject: String,
    pub presence: Presence,
}

/// Every configured API and stage, stream and table, described at once.
pub async fn check(sdk: &aws_config::SdkConfig, settings: &Settings) -> Vec<Part> {
    let api = async {
        let (Some(api_id), Some(stage)) = (settings.get("api_id"), settings.get("stage")) else {
            return None;
        };
        Some(Part {
            subject: format!("{api_id}/{stage}"),
            presence: api(&aws::apigateway(sdk), api_id, stage).await,
        })
    };
    let stream = async {
        let stream = settings.get("kinesis_stream")?;
        let answer = aws::kinesis(sdk)
            .describe_stream_summary()
            .stream_name(stream)
            .send()
            .await;
        Some(Part {
            subject: stream.to_string(),
            presence: presence(
                answer,
                |e| e.is_resource_not_found_exception(),
                format!("stream {stream} (kinesis_stream)"),
            ),
        })
    };
    let tables = async {
        let client = aws::dynamodb(sdk);
        let mut keys: Vec<(&str, &str)> = ["tables.connections", "tables.metrics"]
            .into_iter()
            .filter_map(|key| settings.get(key).map(|table| (key, table)))
            .collect();
        keys.dedup_by_key(|(_, table)| *table);
        futures_util::future::join_all(keys.into_iter().map(|(key, table)| {
            let client = client.clone();
            async move {
                let answer = client.describe_table().table_name(table).send().await;
                Part {
                    subject: table.to_string(),
                    presence: presence(
                        answer,
                        |e| e.is_resource_not_found_exception(),
                        format!("table {table} ({key})"),
                    ),
                }
            }
        }))
        .await
    };
    let (api, stream, tables) = tokio::join!(api, stream, tables);
    api.into_iter().chain(stream).chain(tables).collect()
}

/// The API and its protocol, then its stage: a stage of an API that is not there, or is not a
/// WebSocket API, is not asked about.
async fn api(client: &aws_sdk_apigatewayv2::Client, api_id: &str, stage: &str) -> Presence {
    let answer = client.get_api().api_id(api_id).send().await;
    let protocol = answer
        .as_ref()
        .ok()
        .map(|api| api.protocol_type().map_or("?", |p| p.as_str()).to_string());
    match presence(
        answer,
        |e| e.is_not_found_exception(),
        format!("API {api_id} (api_id)"),
    ) {
        Presence::Found => {}
        other => return other,
    }
    if let Some(protocol) = protocol.filter(|p| p != "WEBSOCKET") {
        return Presence::Wrong(format!(
            "API {api_id} (api_id) is {protocol}, not WEBSOCKET: it has no WebSocket figures"
        ));
    }
    let answer = client
        .get_stage()
        .api_id(api_id)
        .stage_name(stage)
        .send()
        .await;
    presence(
        answer,
        |e| e.is_not_found_exception(),
        format!("stage {stage} of API {api_id} (stage)"),
    )
}

/// Only the service's own not-found error means missing; any other failure leaves it unknown.
fn presence<T, E>(
    answer: Result<T, SdkError<E, HttpResponse>>,
    not_found: impl Fn(&E) -> bool,
    what: String,
) -> Presence
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match answer {
        Ok(_) => Presence::Found,
        Err(err) => failed(err, not_found, what),
    }
}

/// A failed describe: missing when the service's own not-found error says so, else unknown (no
/// permission, a 5xx, throttled: that says nothing about whether it exists). Doctor's access
/// check judges its describes by the same rule.
pub fn failed<E>(
    err: SdkError<E, HttpResponse>,
    not_found: impl Fn(&E) -> bool,
    what: String,
) -> Presence
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let missing = err.as_service_error().is_some_and(not_found);
    let message = first_line(&aws::error(what, err));
    if missing {
        Presence::Missing(message)
    } else {
        Presence::Unknown(message)
    }
}
