//! The API Gateway management API (`@connections`) of one stage, asked about many connections at
//! once — `connections prune` (GetConnection) and `ws send` (PostToConnection) share this fan-out:
//! bounded concurrency, 410 Gone told apart from failures (never retried: the connection is
//! gone), and a stop at the first refused connection, since every other call would fail alike;
//! and which endpoint that is for the configured stage.

use std::future::Future;

use aws_sdk_apigatewaymanagement::operation::get_connection::GetConnectionError;
use aws_sdk_apigatewaymanagement::operation::post_to_connection::PostToConnectionError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures_util::StreamExt;

use crate::aws;
use crate::config::Settings;
use crate::error::{Error, Result};

/// What the management API answered for one connection.
#[derive(Debug)]
pub enum Answer {
    Done,
    /// 410 GoneException: the connection no longer exists.
    Gone,
    Failed(String),
}

/// The operations whose errors can be 410 GoneException.
pub trait GoneError: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static {
    fn is_gone(&self) -> bool;
}

impl GoneError for GetConnectionError {
    fn is_gone(&self) -> bool {
        self.is_gone_exception()
    }
}

impl GoneError for PostToConnectionError {
    fn is_gone(&self) -> bool {
        self.is_gone_exception()
    }
}

/// Calls `call(id)` for every id, `concurrency` at a time, handing each answer to `answered`
/// with the id's position as it arrives. `operation` names the call in messages
/// (`GetConnection`); `endpoint` is the stage's management endpoint.
pub async fn for_each<E, F, Fut>(
    ids: impl IntoIterator<Item = String>,
    concurrency: usize,
    operation: &str,
    endpoint: &str,
    call: F,
    mut answered: impl FnMut(usize, Answer),
) -> Result<()>
where
    E: GoneError,
    F: Fn(String) -> Fut,
    Fut: Future<Output = Result<(), SdkError<E, HttpResponse>>>,
{
    let mut answers = futures_util::stream::iter(ids.into_iter().enumerate())
        .map(|(index, id)| {
            let sent = call(id.clone());
            async move { (index, id, sent.await) }
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((index, id, result)) = answers.next().await {
        let answer = match result {
            Ok(()) => Answer::Done,
            Err(err) if err.as_service_error().is_some_and(GoneError::is_gone) => Answer::Gone,
            Err(err) => {
                let permanent = aws::classify(&err) == aws::Failure::Permanent;
                match aws::error_at(format!("{operation} {id}"), endpoint, err) {
                    // Dropping the stream cancels the calls still in flight.
                    err @ Error::Network(_) if permanent => return Err(err),
                    err => Answer::Failed(err.to_string()),
                }
            }
        };
        answered(index, answer);
    }
    Ok(())
}

/// `--endpoint`, else the stage's wss URL as https, else api_id + stage + region.
pub fn endpoint(settings: &Settings, given: Option<String>) -> Result<String> {
    if let Some(url) = given {
        crate::config::check_endpoint_url(&url)
            .map_err(|reason| Error::usage(format!("--endpoint: {reason}")))?;
        return Ok(url.trim_end_matches('/').to_string());
    }
    if let Some(wss) = settings.get("websocket_url") {
        return Ok(wss
            .replacen("wss://", "https://", 1)
            .trim_end_matches('/')
            .to_string());
    }
    match (
        settings.get("api_id"),
        settings.get("stage"),
        settings.get("region"),
    ) {
        (Some(api), Some(stage), Some(region)) => Ok(format!(
            "https://{api}.execute-api.{region}.amazonaws.com/{stage}"
        )),
        _ => Err(Error::usage(
            "no management API endpoint: pass --endpoint https://{api-id}.execute-api.{region}.amazonaws.com/{stage}, or set websocket_url (or api_id, stage and region) in iops.toml",
        )),
    }
}
