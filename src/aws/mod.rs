//! The one place that builds AWS SDK clients and turns SDK errors into messages users can act on.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    FinalizerInterceptorContextRef, InterceptorContext,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_types::request_id::RequestId;

use crate::config::{Settings, Source};
use crate::error::{AwsFailure, Error};

pub mod credentials;

use credentials::Choice;

/// Attempts per AWS call (standard retry: adaptive mode's client-side rate limiter can hold a
/// single throttled call for 20 s and more, silently; iops's own loops pace retries instead) unless `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE` say otherwise.
const MAX_ATTEMPTS: u32 = 5;
/// Backoff between the SDK's attempts: short, because iops's own loops retry above it
/// (`--give-up-after`) and an incident tool must not sit silently for the SDK's default 20 s.
const INITIAL_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Bounds on every AWS call. A dead endpoint answers a connect at once (refused) or never: 2 s
/// is ample for a TCP handshake to any region. An attempt that gets no answer in 20 s is dead
/// (FilterLogEvents and Scan answer well within that), and no call runs past a minute.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
const MIN_CALL_LIMIT: Duration = Duration::from_secs(10);

/// The longest one call may take: 60 s, or `--give-up-after` when shorter — a user who says
/// "give up after 5 s" must not wait a minute for one call to an endpoint that never answers —
/// but never under 10 s, in which the SDK's own attempts at a server that answers 500 or
/// throttles have played out (its error, not "no answer in time", is what the user needs).
fn call_limit() -> Duration {
    crate::retry::give_up_after().clamp(MIN_CALL_LIMIT, OPERATION_TIMEOUT)
}

/// Each attempt at most 20 s, and no longer than the call. Not shorter: an attempt cut short is
/// sent again by the SDK, and a receive or a write in flight must not be repeated for a slow
/// answer.
fn attempt_limit() -> Duration {
    ATTEMPT_TIMEOUT.min(call_limit())
}

fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(attempt_limit())
        .operation_timeout(call_limit())
        .build()
}

/// How long a failed call took, as far as its error tells: a call that timed out took its
/// whole limit, which counts towards `--give-up-after` (else a loop gives up only after one
/// more whole call).
pub fn spent<E, R>(err: &SdkError<E, R>) -> Duration {
    match err {
        SdkError::TimeoutError(_) => call_limit(),
        _ => Duration::ZERO,
    }
}

/// Loads the shared SDK configuration: the standard credential chain, with `--profile`,
/// `--region` and `--endpoint-url` (or the config file's values) applied on top.
pub async fn load(settings: &Settings) -> Result<SdkConfig, Error> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts());
    if std::env::var_os("AWS_RETRY_MODE").is_none()
        && std::env::var_os("AWS_MAX_ATTEMPTS").is_none()
    {
        loader = loader.retry_config(
            RetryConfig::standard()
                .with_max_attempts(MAX_ATTEMPTS)
                .with_initial_backoff(INITIAL_BACKOFF)
                .with_max_backoff(MAX_BACKOFF),
        );
    }
    // Values from the environment are left to the loader: setting them here would, for the
    // endpoint, also override the per-service AWS_ENDPOINT_URL_<SERVICE> variables.
    let choice = Choice::of(settings);
    if let Some(profile) = choice.profile() {
        let source = settings
            .setting("profile")
            .map_or_else(String::new, |s| s.source.to_string());
        credentials::require_profile(profile, &source).await?;
    }
    let _ = CREDENTIAL_SOURCES.set(choice.sources());
    if let Choice::Named { name, .. } = &choice {
        loader = loader.profile_name(name);
    }
    if let Some(region) = explicit(settings, "region") {
        loader = loader.region(Region::new(region.to_string()));
    }
    if let Some(url) = explicit(settings, "endpoint_url") {
        loader = loader.endpoint_url(url);
    }
    let mut config = loader.load().await;
    if let Choice::Named { name, .. } = &choice {
        config = credentials::with_named_profile(config, name);
    }
    let endpoint = settings
        .get("endpoint_url")
        .map(str::to_string)
        .or_else(|| config.endpoint_url().map(str::to_string));
    let _ = ENDPOINT.set(match (endpoint, config.region()) {
        (Some(url), _) => url,
        (None, Some(region)) => format!("the AWS endpoint in {region}"),
        (None, None) => "the AWS endpoint".to_string(),
    });
    if config.region().is_none() {
        return Err(Error::usage(
            "no AWS region is set: pass --region, set AWS_REGION, or add `region` to iops.toml",
        ));
    }
    Ok(config)
}

/// The shared configuration for another region: what a resource named by an ARN in that region
/// is asked through (credentials, endpoint and retry policy kept).
pub fn regional(config: &SdkConfig, region: &str) -> SdkConfig {
    if config.region().is_some_and(|r| r.as_ref() == region) {
        return config.clone();
    }
    config
        .to_builder()
        .region(Region::new(region.to_string()))
        .build()
}

/// Where this run looks for credentials, in order, for the error when none are found.
static CREDENTIAL_SOURCES: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The endpoint every client talks to, for error messages: the URL when one is configured.
static ENDPOINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn endpoint_name() -> &'static str {
    ENDPOINT.get().map_or("the AWS endpoint", String::as_str)
}

fn explicit<'a>(settings: &'a Settings, key: &str) -> Option<&'a str> {
    settings
        .setting(key)
        .filter(|setting| !matches!(setting.source, Source::Env(_)))
        .map(|setting| setting.value.as_str())
}

/// Builds a service client with the shared policy: the request log (`-vv`) and no retries
/// against an endpoint that cannot be reached at all.
/// Extra interceptors follow the crate (CloudWatch Logs: [`LocalStreamHost`]).
macro_rules! client {
    ($name:ident, $krate:ident $(, $extra:expr)*) => {
        pub fn $name(config: &SdkConfig) -> $krate::Client {
            let conf = $krate::config::Builder::from(config)
                .interceptor(RequestLog)
                $(.interceptor($extra))*
                .retry_classifier(Unreachable)
                .build();
            $krate::Client::from_conf(conf)
        }
    };
}

client!(logs, aws_sdk_cloudwatchlogs, LocalStreamHost);

/// StartLiveTail goes to the host `stream-<endpoint host>` (the operation's endpoint prefix),
/// also with a custom endpoint: `http://127.0.0.1:PORT` would become `stream-127.0.0.1`, which
/// no resolver knows. For an endpoint on an IP address or `localhost` (moto, LocalStack, a
/// stand-in) the prefix is dropped; every other host keeps it, as AWS needs.
#[derive(Debug)]
struct LocalStreamHost;

impl Intercept for LocalStreamHost {
    fn name(&self) -> &'static str {
        "iops-local-stream-host"
    }

    fn modify_before_retry_loop(
        &self,
        _context: &mut aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let local = cfg
            .load::<aws_types::endpoint_config::EndpointUrl>()
            .is_some_and(|url| is_local_host(&url.0));
        if local {
            cfg.interceptor_state()
                .unset::<aws_smithy_runtime_api::client::endpoint::EndpointPrefix>();
        }
        Ok(())
    }
}

/// An endpoint URL whose host is an IP address or `localhost`.
fn is_local_host(endpoint: &str) -> bool {
    url::Url::parse(endpoint).is_ok_and(|url| match url.host() {
        Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => true,
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    })
}

/// The same client for another region (endpoint, credentials, retry policy and interceptors
/// kept), for a resource whose ARN names that region; the client itself when it is already there.
macro_rules! in_region {
    ($name:ident, $krate:ident) => {
        pub fn $name(client: &$krate::Client, region: &str) -> $krate::Client {
            if client
                .config()
                .region()
                .is_some_and(|r| r.as_ref() == region)
            {
                return client.clone();
            }
            $krate::Client::from_conf(
                client
                    .config()
                    .to_builder()
                    .region(Region::new(region.to_string()))
                    .build(),
            )
        }
    };
}

in_region!(sqs_in, aws_sdk_sqs);
in_region!(lambda_in, aws_sdk_lambda);

client!(kinesis, aws_sdk_kinesis);
client!(dynamodb, aws_sdk_dynamodb);
client!(apigateway, aws_sdk_apigatewayv2);
client!(cloudformation, aws_sdk_cloudformation);
client!(sts, aws_sdk_sts);
client!(lambda, aws_sdk_lambda);
client!(sqs, aws_sdk_sqs);
client!(cloudwatch, aws_sdk_cloudwatch);
client!(eventbridge, aws_sdk_eventbridge);
client!(iam, aws_sdk_iam);

/// The API Gateway management API of one stage: `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`.
pub fn management(config: &SdkConfig, endpoint: &str) -> aws_sdk_apigatewaymanagement::Client {
    let conf = aws_sdk_apigatewaymanagement::config::Builder::from(config)
        .endpoint_url(endpoint)
        .interceptor(RequestLog)
        .retry_classifier(Unreachable)
        .build();
    aws_sdk_apigatewaymanagement::Client::from_conf(conf)
}

/// Who the credentials are, as `aws sts get-caller-identity` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub arn: String,
    pub account: String,
}

/// GetCallerIdentity: needs no permission, so it fails only when the credentials do.
pub async fn caller_identity(config: &SdkConfig) -> Result<Identity, Error> {
    let answer = sts(config)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| error("identify the caller (sts get-caller-identity)", e))?;
    Ok(Identity {
        arn: answer.arn().unwrap_or_default().to_string(),
        account: answer.account().unwrap_or_default().to_string(),
    })
}

/// Every item of every page of an API Gateway v2 list call (GetApis, GetStages, GetRoutes, …):
/// they have no SDK paginators. `$request` is the fluent builder without a token; `?` returns
/// the first failure as the caller's error.
macro_rules! api_gateway_pages {
    ($request:expr, $action:expr) => {{
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = $request
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| $crate::aws::error($action, e))?;
            items.extend(page.items().iter().cloned());
            match page.next_token() {
                Some(next) => token = Some(next.to_string()),
                None => break,
            }
        }
        items
    }};
}
pub(crate) use api_gateway_pages;

/// A Lambda function: its name, the log group it writes to (`LoggingConfig.LogGroup`, or
/// `/aws/lambda/NAME` by default) and its environment variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LambdaFunction {
    pub name: String,
    pub arn: String,
    /// Its execution role's ARN.
    pub role: String,
    pub log_group: String,
    /// Its environment variables (ListFunctions returns them).
    pub environment: std::collections::BTreeMap<String, String>,
}

impl LambdaFunction {
    /// True when a configured name or glob (`functions.ROLE` in iops.toml) names this function.
    pub fn answers_to(&self, spec: &str) -> bool {
        self.name == spec || crate::glob::matches(spec, &self.name)
    }
}

/// Every Lambda function in the region (ListFunctions, all pages).
pub async fn list_functions(client: &aws_sdk_lambda::Client) -> Result<Vec<LambdaFunction>, Error> {
    let mut functions = Vec::new();
    let mut pages = client.list_functions().into_paginator().items().send();
    while let Some(function) = pages.next().await {
        let function = function.map_err(|e| error("list lambda functions", e))?;
        let Some(name) = function.function_name() else {
            continue;
        };
        let log_group = function
            .logging_config()
            .and_then(|c| c.log_group())
            .map_or_else(|| format!("/aws/lambda/{name}"), str::to_string);
        let environment = function
            .environment()
            .and_then(|e| e.variables())
            .map(|vars| vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        functions.push(LambdaFunction {
            name: name.to_string(),
            arn: function.function_arn().unwrap_or_default().to_string(),
            role: function.role().unwrap_or_default().to_string(),
            log_group,
            environment,
        });
    }
    Ok(functions)
}

/// Logs every AWS request attempt with its status and request id (`-vv`).
#[derive(Debug)]
struct RequestLog;

impl Intercept for RequestLog {
    fn name(&self) -> &'static str {
        "iops-request-log"
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let (service, operation) = cfg
            .load::<Metadata>()
            .map_or(("?", "?"), |m| (m.service(), m.name()));
        count_request(operation);
        match context.response() {
            Some(response) => {
                let headers = response.headers();
                let request_id = headers
                    .get("x-amzn-requestid")
                    .or_else(|| headers.get("x-amz-request-id"))
                    .unwrap_or("-");
                tracing::debug!(target: "iops::aws", service, operation, status = response.status().as_u16(), request_id, "aws request");
            }
            None => {
                tracing::debug!(target: "iops::aws", service, operation, "aws request sent no response")
            }
        }
        Ok(())
    }
}

/// Requests sent so far in this process, per operation (every attempt counts: it is what AWS bills
/// and throttles).
static REQUESTS: std::sync::Mutex<std::collections::BTreeMap<String, u64>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

fn count_request(operation: &str) {
    let mut requests = REQUESTS.lock().unwrap_or_else(|e| e.into_inner());
    match requests.get_mut(operation) {
        Some(count) => *count += 1,
        None => {
            requests.insert(operation.to_string(), 1);
        }
    }
}

/// Operation → requests sent so far; the difference of two readings is what the work between
/// them cost (`iops top` shows it per refresh).
pub fn requests_sent() -> std::collections::BTreeMap<String, u64> {
    REQUESTS.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Forbids the SDK's retries when the endpoint cannot be reached at all (connection refused,
/// no such host): the standard strategy counts those as transient I/O and would spend
/// seconds of backoff per call on a dead port. A reset or a timeout is still retried.
#[derive(Debug)]
struct Unreachable;

impl ClassifyRetry for Unreachable {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.output_or_error() {
            Some(Err(err)) if err.as_connector_error().is_some_and(|e| is_unreachable(e)) => {
                RetryAction::RetryForbidden
            }
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "iops-unreachable-endpoint"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// True when an error chain says nothing listens at the endpoint or its host does not exist.
pub fn is_unreachable(err: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(err), |e| e.source()).any(|e| {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::AddrNotAvailable
                    | std::io::ErrorKind::NetworkUnreachable
                    | std::io::ErrorKind::HostUnreachable
            )
        {
            return true;
        }
        let text = e.to_string();
        text.contains("dns error") || text.contains("failed to lookup address")
    })
}

/// What kind of failure an SDK error is, for retry decisions made above the SDK's own retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Throttling, 5xx or a dropped connection: worth trying again later.
    Transient,
    /// Not found, access denied, validation, nothing listening: retrying cannot help.
    Permanent,
}

pub fn classify<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Failure {
    // A wrong endpoint or a proxy's error page: asking again gets the same page, unless it is
    // a gateway saying the service behind it is (for now) unavailable.
    if let Some(page) = not_aws_response(err) {
        return if matches!(page.status, 502..=504) {
            Failure::Transient
        } else {
            Failure::Permanent
        };
    }
    match err {
        SdkError::DispatchFailure(failure)
            if failure.as_connector_error().is_some_and(|e| {
                is_unreachable(e)
                    || credentials::is_credentials_failure(e)
                    || mentions_missing_credentials(&DisplayErrorContext(e).to_string())
            }) =>
        {
            Failure::Permanent
        }
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => Failure::Transient,
        SdkError::ResponseError(ctx) if ctx.raw().status().is_server_error() => Failure::Transient,
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status().as_u16();
            let throttled = err.code().is_some_and(is_throttling_code);
            if throttled || status >= 500 {
                Failure::Transient
            } else {
                Failure::Permanent
            }
        }
        _ => Failure::Permanent,
    }
}

fn is_throttling_code(code: &str) -> bool {
    matches!(
        code,
        "ThrottlingException"
            | "Throttling"
            | "ThrottledException"
            | "TooManyRequestsException"
            | "ProvisionedThroughputExceededException"
            | "RequestLimitExceeded"
            | "LimitExceededException"
            | "SlowDown"
    )
}

/// Converts an SDK error into what the user sees: the action, the service's `code: message`,
/// the request id, and a hint. Unreachable endpoints become network errors (exit 4).
pub fn error<E>(action: impl Into<String>, err: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    error_at(action, endpoint_name(), err)
}

/// After a failed call in a loop of iops's own: waits and returns Ok when the failure is
/// transient and `persist` still allows another attempt; otherwise the error to stop with.
pub async fn retry_transient<E>(
    persist: &mut crate::retry::Persist,
    action: impl Into<String>,
    err: SdkError<E, HttpResponse>,
) -> Result<(), Error>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let transient = classify(&err) == Failure::Transient;
    let spent = spent(&err);
    let error = error(action, err);
    if !transient {
        return Err(error);
    }
    persist
        .wait_for(&error.to_string(), spent)
        .await
        .map_err(|stop| stop.into_error(error))
}

/// [`error`] for a client with an endpoint of its own (the management API of a stage).
pub fn error_at<E>(
    action: impl Into<String>,
    endpoint: &str,
    err: SdkError<E, HttpResponse>,
) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let action = action.into();
    let request_id = err.request_id().map(str::to_string);
    let chain = DisplayErrorContext(&err).to_string();
    tracing::debug!(target: "iops::aws", error = %chain, "aws error");
    if mentions_missing_credentials(&chain) || credentials::is_credentials_failure(&err) {
        return credentials_error(action, &err);
    }
    if let Some(page) = not_aws_response(&err) {
        return Error::Aws(AwsFailure {
            action,
            code: None,
            message: format!(
                "HTTP {} from {endpoint} (not an AWS response: {})",
                page.status, page.start
            ),
            request_id: None,
            hint: Some(
                "check --endpoint-url / AWS_ENDPOINT_URL and any HTTP(S)_PROXY: something other than the AWS API answered"
                    .into(),
            ),
        });
    }
    match &err {
        SdkError::TimeoutError(_) => Error::Network(format!(
            "{action}: no answer from {} in time (connect {}s, attempt {}s, call {}s)",
            endpoint,
            CONNECT_TIMEOUT.as_secs(),
            attempt_limit().as_secs(),
            call_limit().as_secs()
        )),
        SdkError::DispatchFailure(failure)
            if failure.is_io() || failure.is_timeout() || failure.is_other() =>
        {
            Error::Network(format!(
                "{action}: cannot reach {} ({})",
                endpoint,
                root_cause(&err)
            ))
        }
        _ => {
            let code = err.code().map(str::to_string);
            let message = err
                .message()
                .map(str::to_string)
                .unwrap_or_else(|| root_cause(&err));
            let hint = code.as_deref().and_then(hint_for);
            Error::Aws(AwsFailure {
                action,
                code,
                message,
                request_id,
                hint,
            })
        }
    }
}

/// No usable credentials (none found, or a provider that failed, such as instance metadata
/// answering 403): exit 3 with what the chain tried, never a network error.
fn credentials_error(action: String, err: &(dyn std::error::Error + 'static)) -> Error {
    let cause = root_cause(err);
    let message = if mentions_missing_credentials(&cause) || cause.is_empty() {
        "no credentials found".to_string()
    } else {
        format!("no usable credentials ({cause})")
    };
    let tried = CREDENTIAL_SOURCES
        .get()
        .map_or_else(|| Choice::Default.sources(), Clone::clone);
    Error::Aws(AwsFailure {
        action,
        code: None,
        message,
        request_id: None,
        hint: Some(format!(
            "looked in {tried}; pass --profile (or set AWS_PROFILE), or run `aws configure` / `aws sso login`"
        )),
    })
}

/// An answer that is not from an AWS API: an HTML page, plain text, an empty body.
#[derive(Debug, PartialEq, Eq)]
pub struct NotAws {
    pub status: u16,
    /// The body's first bytes, made safe to print.
    pub start: String,
}

/// The response the SDK could not read as an AWS error (no error code in it), when its body
/// is not an AWS error document (JSON, or XML with an `<Error>`).
fn not_aws_response<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Option<NotAws> {
    if err.code().is_some() {
        return None;
    }
    let raw = err.raw_response()?;
    let status = raw.status().as_u16();
    if (200..300).contains(&status) {
        return None;
    }
    let body = raw.body().bytes().unwrap_or_default();
    not_aws_body(status, body)
}

fn not_aws_body(status: u16, body: &[u8]) -> Option<NotAws> {
    let text = String::from_utf8_lossy(&body[..body.len().min(400)]);
    let trimmed = text.trim_start();
    let aws_like =
        trimmed.starts_with('{') || (trimmed.starts_with('<') && trimmed.contains("<Error"));
    if aws_like {
        return None;
    }
    let collapsed: String = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut start: String = collapsed.chars().take(80).collect();
    if collapsed.chars().count() > 80 {
        start.push('…');
    }
    if start.is_empty() {
        start = "an empty body".into();
    }
    Some(NotAws {
        status,
        start: crate::output::visible(&start).into_owned(),
    })
}

fn mentions_missing_credentials(chain: &str) -> bool {
    chain.contains("no providers in chain provided credentials")
        || chain.contains("CredentialsNotLoaded")
        || chain.contains("the credential provider was not enabled")
}

/// The last, most specific cause in an error chain, e.g. `Connection refused (os error 111)`.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    std::iter::successors(Some(err), |e| e.source())
        .last()
        .map_or_else(String::new, ToString::to_string)
}

fn hint_for(code: &str) -> Option<String> {
    let hint = match code {
        "ResourceNotFoundException" => {
            "check the name and the region (--region), or create the resource first"
        }
        "AccessDeniedException" | "AccessDenied" | "UnauthorizedOperation" => {
            "the credentials in use lack permission for this call: check the role's IAM policy"
        }
        "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "ExpiredTokenException"
        | "ExpiredToken"
        | "InvalidClientTokenId" => {
            "the credentials are invalid or expired: refresh them (`aws sso login`) or pick another --profile"
        }
        code if is_throttling_code(code) => {
            "throttled even after retries: lower --concurrency or --rate"
        }
        _ => return None,
    };
    Some(hint.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ip_and_localhost_endpoints_lose_the_stream_prefix() {
        assert!(is_local_host("http://127.0.0.1:5000"));
        assert!(is_local_host("http://[::1]:4566"));
        assert!(is_local_host("http://localhost:4566"));
        assert!(!is_local_host("https://logs.us-east-1.amazonaws.com"));
        assert!(!is_local_host("http://localstack:4566"));
        assert!(!is_local_host("not a url"));
    }

    #[test]
    fn html_and_text_answers_are_not_aws_errors() {
        let page = not_aws_body(
            404,
            b"<html><head><title>404 Not Found</title></head></html>",
        )
        .unwrap();
        assert_eq!(page.status, 404);
        assert!(page.start.starts_with("<html><head><title>404"), "{page:?}");
        assert_eq!(not_aws_body(502, b"").unwrap().start, "an empty body");
        assert!(not_aws_body(400, br#"{"__type":"ValidationException"}"#).is_none());
        assert!(
            not_aws_body(400, b"<?xml version=\"1.0\"?><ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>")
                .is_none()
        );
        let long = not_aws_body(500, "x".repeat(200).as_bytes()).unwrap();
        assert_eq!(long.start.chars().count(), 81);
    }

    #[test]
    fn root_cause_is_the_last_source() {
        let inner =
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let outer = Error::Io(String::new());
        assert_eq!(root_cause(&inner), "Connection refused");
        assert_eq!(root_cause(&outer), "");
    }

    #[test]
    fn throttling_codes_get_a_hint() {
        assert!(
            hint_for("ProvisionedThroughputExceededException")
                .unwrap()
                .contains("--rate")
        );
        assert!(
            hint_for("ResourceNotFoundException")
                .unwrap()
                .contains("region")
        );
        assert_eq!(hint_for("ValidationException"), None);
    }
}
