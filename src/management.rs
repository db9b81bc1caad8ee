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

/// `--endpoint`, else the stage's URL from `websocket_url`, else api_id + stage + region.
pub fn endpoint(settings: &Settings, given: Option<String>) -> Result<String> {
    if let Some(url) = given {
        return management_url(&url, "--endpoint")
            .map_err(|reason| Error::usage(format!("--endpoint: {reason}")));
    }
    if let Some(url) = settings.get("websocket_url") {
        return management_url(url, "websocket_url").map_err(|reason| {
            Error::usage(format!(
                "websocket_url in iops.toml: {reason}; or pass --endpoint https://{{api-id}}.execute-api.{{region}}.amazonaws.com/{{stage}}"
            ))
        });
    }
    match (
        settings.get("api_id"),
        settings.get("stage"),
        settings.get("region"),
    ) {
        (Some(api), Some(stage), Some(region)) => {
            let host = execute_api_host(settings, api, region).map_err(|reason| {
                Error::usage(format!(
                    "{reason}: pass --endpoint with the emulator's management URL, or set websocket_url in iops.toml"
                ))
            })?;
            Ok(format!("https://{host}/{stage}"))
        }
        _ => Err(Error::usage(
            "no management API endpoint: pass --endpoint https://{api-id}.execute-api.{region}.amazonaws.com/{stage}, or set websocket_url (or api_id, stage and region) in iops.toml",
        )),
    }
}

/// Where AWS calls go instead of AWS, for API Gateway: `endpoint_url` (`--endpoint-url`,
/// `AWS_ENDPOINT_URL`, iops.toml) or `AWS_ENDPOINT_URL_APIGATEWAYV2`.
pub fn api_gateway_emulator(settings: &Settings) -> Option<String> {
    settings
        .get("endpoint_url")
        .map(str::to_string)
        .or_else(|| {
            std::env::var("AWS_ENDPOINT_URL_APIGATEWAYV2")
                .ok()
                .filter(|v| !v.is_empty())
        })
}

/// API Gateway's own host for a stage's sockets and `@connections`,
/// `{api}.execute-api.{region}.amazonaws.com`, made from `api_id` — refused when API Gateway is an
/// emulator: that host is AWS's, not the emulator's, so a probe, a post or a prune would leave for
/// the real AWS (a production API of the same id, even) while every other call asks the emulator.
pub fn execute_api_host(
    settings: &Settings,
    api: &str,
    region: &str,
) -> std::result::Result<String, String> {
    match api_gateway_emulator(settings) {
        Some(emulator) => Err(format!(
            "API Gateway calls go to {} but no websocket_url is set: a URL made from api_id would be AWS's {api}.execute-api.{region}.amazonaws.com, not the emulator's",
            crate::redact::url(&emulator, "")
        )),
        None => Ok(format!("{api}.execute-api.{region}.amazonaws.com")),
    }
}

/// The management endpoint of a stage URL. API Gateway serves `@connections` at
/// `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}` — the https:// form of the
/// stage's wss:// URL — so wss:// is mapped to https:// and ws:// to http:// (a local endpoint);
/// their query (a `?token=` for the $connect authorizer) means nothing there and is dropped.
/// `from` names where the URL came from, for the `-v` line that says what was mapped.
fn management_url(text: &str, from: &str) -> std::result::Result<String, String> {
    let shown = crate::redact::url(text, "");
    let mut url = url::Url::parse(text).map_err(|e| {
        format!("'{shown}' is not a URL ({e}); use e.g. https://{{api-id}}.execute-api.{{region}}.amazonaws.com/{{stage}}")
    })?;
    let http = match url.scheme() {
        "wss" => "https",
        "ws" => "http",
        "https" | "http" => "",
        other => {
            return Err(format!(
                "'{shown}' is a {other}:// URL; the management API is reached over https:// (a wss:// or ws:// stage URL is mapped to it)"
            ));
        }
    };
    if !http.is_empty() {
        // ws, wss, http and https are all "special" schemes: switching among them cannot fail.
        let _ = url.set_scheme(http);
        url.set_query(None);
        url.set_fragment(None);
    }
    let mapped = url.as_str().trim_end_matches('/').to_string();
    if http.is_empty() {
        crate::config::check_endpoint_url(&mapped)?;
    } else {
        crate::config::check_endpoint_url(&mapped)
            .map_err(|reason| format!("{reason}, mapped from '{shown}'"))?;
        tracing::info!(
            "{from} {shown} is the stage's WebSocket URL: its management endpoint is {mapped}"
        );
    }
    Ok(mapped)
}

#[cfg(test)]
mod tests {
    use super::management_url;

    #[test]
    fn stage_urls_map_to_their_management_endpoint() {
        for (given, expected) in [
            (
                "wss://abc123.execute-api.us-east-1.amazonaws.com/prod",
                "https://abc123.execute-api.us-east-1.amazonaws.com/prod",
            ),
            (
                "WSS://abc123.execute-api.us-east-1.amazonaws.com/prod/",
                "https://abc123.execute-api.us-east-1.amazonaws.com/prod",
            ),
            ("ws://127.0.0.1:8080/dev", "http://127.0.0.1:8080/dev"),
            (
                "wss://h.example:443/dev?token=t0p#x",
                "https://h.example/dev",
            ),
            ("wss://h.example:8443/dev", "https://h.example:8443/dev"),
            ("https://h.example/prod", "https://h.example/prod"),
            ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
        ] {
            assert_eq!(
                management_url(given, "test").as_deref(),
                Ok(expected),
                "{given}"
            );
        }
    }

    #[test]
    fn what_cannot_be_an_endpoint_is_refused() {
        for (given, expected) in [
            ("ftp://h.example/prod", "ftp://"),
            ("h.example/prod", "is not a URL"),
            ("wss://h.example:0/prod", "port 0"),
            ("", "is not a URL"),
        ] {
            let reason = management_url(given, "test").unwrap_err();
            assert!(reason.contains(expected), "{given}: {reason}");
        }
    }
}
