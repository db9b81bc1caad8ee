//! The checks that only read configuration from AWS: access, routes, deployment, pipeline.

use super::routes::{self, Authorizer, Route, RouteTable, TokenSource};
use super::{Check, CheckName, Status};
use crate::aws;
use crate::context::Context;
use crate::deploy;
use crate::error::{Error, Result};
use crate::glob;

pub fn first_line(err: &Error) -> String {
    err.to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

const NETWORK_NEXT: &str = "the AWS endpoint did not answer: check --endpoint-url / AWS_ENDPOINT_URL (is the emulator up?), the network, VPN and any proxy";

/// Credentials, region, and every configured resource. The flag is false when the
/// credentials themselves failed, so the other AWS checks are skipped rather than repeated.
pub async fn access(ctx: &Context) -> (Check, bool) {
    let name = CheckName::Access;
    let sdk = match ctx.sdk().await {
        Ok(sdk) => sdk,
        Err(err) => return (Check::from_error(name, &err), false),
    };
    let region = sdk.region().map_or("?".into(), |r| r.to_string());
    let identity = match aws::sts(sdk).get_caller_identity().send().await {
        Ok(identity) => identity,
        Err(err) => {
            let err = aws::error("GetCallerIdentity", err);
            let mut check = Check::from_error(name, &err);
            check.evidence = format!("credentials: {}", check.evidence);
            // A refused connection says nothing about the credentials: point at the endpoint.
            check.next = Some(match err {
                Error::Network(_) => NETWORK_NEXT.into(),
                _ => "check AWS_PROFILE / --profile (`aws sso login --profile NAME` for SSO) and --region"
                    .into(),
            });
            return (check, false);
        }
    };
    let who = format!(
        "account {} as {} in {region}",
        identity.account().unwrap_or("?"),
        identity.arn().unwrap_or("?")
    );
    let (found, missing) = resources(ctx).await;
    let check = if !missing.is_empty() {
        Check::with(
            name,
            Status::Fail,
            format!("{who}; missing: {}", missing.join("; ")),
            "check --env and --region, then `iops config show`; `iops init --stack NAME --force` rewrites the environment",
        )
    } else if found.is_empty() {
        Check::with(
            name,
            Status::Warn,
            format!("{who}; no resources configured"),
            "iops init --stack NAME",
        )
    } else {
        Check::pass(name, format!("{who}; found {}", found.join(", ")))
    };
    (check, true)
}

/// (found, missing) for every configured resource.
async fn resources(ctx: &Context) -> (Vec<String>, Vec<String>) {
    let (api, tables, stream, functions) = tokio::join!(
        api_exists(ctx),
        tables_exist(ctx),
        stream_exists(ctx),
        functions_exist(ctx)
    );
    let (mut found, mut missing) = (Vec::new(), Vec::new());
    for part in [api, tables, stream, functions] {
        found.extend(part.0);
        missing.extend(part.1);
    }
    (found, missing)
}

type Parts = (Vec<String>, Vec<String>);

async fn api_exists(ctx: &Context) -> Parts {
    let Some(api_id) = ctx.settings.get("api_id") else {
        return Default::default();
    };
    let Ok(sdk) = ctx.sdk().await else {
        return Default::default();
    };
    match aws::apigateway(sdk).get_api().api_id(api_id).send().await {
        Ok(api) => {
            let protocol = api.protocol_type().map_or("?", |p| p.as_str());
            if protocol == "WEBSOCKET" {
                (vec![format!("API {api_id} ({protocol})")], vec![])
            } else {
                (
                    vec![],
                    vec![format!(
                        "API {api_id} is {protocol}, not a WebSocket API (api_id)"
                    )],
                )
            }
        }
        Err(err) => (
            vec![],
            vec![first_line(&aws::error(
                format!("API {api_id} (api_id)"),
                err,
            ))],
        ),
    }
}

async fn tables_exist(ctx: &Context) -> Parts {
    let mut parts = Parts::default();
    let Ok(sdk) = ctx.sdk().await else {
        return parts;
    };
    let mut found = Vec::new();
    let client = aws::dynamodb(sdk);
    for key in ["tables.connections", "tables.metrics"] {
        let Some(table) = ctx.settings.get(key) else {
            continue;
        };
        match client.describe_table().table_name(table).send().await {
            Ok(_) => found.push(table),
            Err(err) => parts.1.push(first_line(&aws::error(
                format!("table {table} ({key})"),
                err,
            ))),
        }
    }
    if !found.is_empty() {
        parts.0.push(format!("tables {}", found.join(", ")));
    }
    parts
}

async fn stream_exists(ctx: &Context) -> Parts {
    let Some(stream) = ctx.settings.get("kinesis_stream") else {
        return Default::default();
    };
    let Ok(sdk) = ctx.sdk().await else {
        return Default::default();
    };
    match aws::kinesis(sdk)
        .describe_stream_summary()
        .stream_name(stream)
        .send()
        .await
    {
        Ok(_) => (vec![format!("stream {stream}")], vec![]),
        Err(err) => (
            vec![],
            vec![first_line(&aws::error(
                format!("stream {stream} (kinesis_stream)"),
                err,
            ))],
        ),
    }
}

fn configured_functions(ctx: &Context) -> Vec<(String, String)> {
    ctx.settings
        .entries()
        .filter_map(|(key, setting)| {
            key.strip_prefix("functions.")
                .map(|role| (role.to_string(), setting.value.clone()))
        })
        .collect()
}

async fn functions_exist(ctx: &Context) -> Parts {
    let configured = configured_functions(ctx);
    if configured.is_empty() {
        return Default::default();
    }
    let Ok(sdk) = ctx.sdk().await else {
        return Default::default();
    };
    let listed = match aws::list_functions(&aws::lambda(sdk)).await {
        Ok(listed) => listed,
        Err(err) => return (vec![], vec![first_line(&err)]),
    };
    let mut parts = Parts::default();
    let mut roles = Vec::new();
    for (role, spec) in configured {
        if listed
            .iter()
            .any(|f| f.name == spec || glob::matches(&spec, &f.name))
        {
            roles.push(role);
        } else {
            parts
                .1
                .push(format!("no function matches functions.{role} = \"{spec}\""));
        }
    }
    if !roles.is_empty() {
        parts.0.push(format!("functions {}", roles.join(", ")));
    }
    parts
}

pub async fn routes(ctx: &Context) -> Check {
    let name = CheckName::Routes;
    let Some(api_id) = ctx.settings.get("api_id") else {
        return Check::unconfigured(name, "api_id");
    };
    let token_source =
        match TokenSource::parse(ctx.settings.get("token_source").unwrap_or("query:token")) {
            Ok(source) => source,
            Err(e) => {
                return Check::with(
                    name,
                    Status::Fail,
                    e,
                    "set token_source = \"query:NAME\" or \"header:NAME\" in iops.toml",
                );
            }
        };
    match fetch_routes(ctx, api_id).await {
        Err(err) => Check::from_error(name, &err),
        Ok((routes, integrations, authorizers)) => routes::analyze(&RouteTable {
            api_id,
            stage: ctx.settings.get("stage"),
            routes: &routes,
            integrations: &integrations,
            authorizers: &authorizers,
            token_source: &token_source,
            authorizer_expected: ctx.settings.function("authorizer").is_some(),
        }),
    }
}

async fn fetch_routes(
    ctx: &Context,
    api_id: &str,
) -> Result<(Vec<Route>, Vec<String>, Vec<Authorizer>)> {
    let client = aws::apigateway(ctx.sdk().await?);
    let routes = aws::api_gateway_pages!(
        client.get_routes().api_id(api_id),
        "list routes (GetRoutes)"
    )
    .into_iter()
    .map(|r| Route {
        id: r.route_id().unwrap_or_default().into(),
        key: r.route_key().unwrap_or_default().into(),
        authorization_type: r
            .authorization_type()
            .map_or("NONE".into(), |a| a.as_str().to_string()),
        authorizer_id: r.authorizer_id().map(str::to_string),
        target: r.target().map(str::to_string),
    })
    .collect();
    let integrations = aws::api_gateway_pages!(
        client.get_integrations().api_id(api_id),
        "list integrations (GetIntegrations)"
    )
    .into_iter()
    .filter_map(|i| i.integration_id().map(str::to_string))
    .collect();
    let authorizers = aws::api_gateway_pages!(
        client.get_authorizers().api_id(api_id),
        "list authorizers (GetAuthorizers)"
    )
    .into_iter()
    .map(|a| Authorizer {
        id: a.authorizer_id().unwrap_or_default().into(),
        name: a.name().unwrap_or_default().into(),
        kind: a
            .authorizer_type()
            .map_or("?".into(), |t| t.as_str().to_string()),
        identity_source: a.identity_source().to_vec(),
    })
    .collect();
    Ok((routes, integrations, authorizers))
}

pub async fn deployment(ctx: &Context) -> Check {
    let name = CheckName::Deployment;
    let (Some(api_id), Some(stage)) = (ctx.settings.get("api_id"), ctx.settings.get("stage"))
    else {
        return Check::unconfigured(name, "api_id and stage");
    };
    let sdk = match ctx.sdk().await {
        Ok(sdk) => sdk,
        Err(err) => return Check::from_error(name, &err),
    };
    let status = match deploy::stage_status(&aws::apigateway(sdk), api_id, stage).await {
        Ok(status) => status,
        Err(err) => return Check::from_error(name, &err),
    };
    let age = |d: &Option<deploy::fetch::Deployment>| {
        d.as_ref()
            .and_then(|d| deploy::age(d.created))
            .map_or_else(String::new, |a| format!(" ({a} old)"))
    };
    let serving = status.stage.deployment_id.as_deref();
    if status.behind {
        let newest = status.newest.as_ref().map_or("?", |d| d.id.as_str());
        return Check::with(
            name,
            Status::Fail,
            format!(
                "stage {stage} serves {}{} but {newest}{} is newer and DEPLOYED: the last deploy is not live",
                serving.unwrap_or("no deployment"),
                age(&status.current),
                age(&status.newest),
            ),
            format!("iops deploy activate-stage --api-id {api_id} --stage {stage} --latest"),
        );
    }
    match serving {
        None => Check::with(
            name,
            Status::Fail,
            format!("stage {stage} serves no deployment"),
            format!(
                "iops deploy create --api-id {api_id} && iops deploy activate-stage --api-id {api_id} --stage {stage} --latest"
            ),
        ),
        Some(id) => Check::pass(
            name,
            format!(
                "stage {stage} serves {id}{}, the newest DEPLOYED{}",
                age(&status.current),
                if status.stage.auto_deploy {
                    " (autoDeploy on)"
                } else {
                    ""
                }
            ),
        ),
    }
}

pub async fn pipeline(ctx: &Context) -> Check {
    let name = CheckName::Pipeline;
    let Some(stream) = ctx.settings.get("kinesis_stream") else {
        return Check::unconfigured(name, "kinesis_stream");
    };
    match pipeline_state(ctx, stream).await {
        Ok(check) => check,
        Err(err) => Check::from_error(name, &err),
    }
}

async fn pipeline_state(ctx: &Context, stream: &str) -> Result<Check> {
    let name = CheckName::Pipeline;
    let sdk = ctx.sdk().await?;
    let summary = aws::kinesis(sdk)
        .describe_stream_summary()
        .stream_name(stream)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe stream {stream}"), e))?;
    let Some(summary) = summary.stream_description_summary() else {
        return Err(Error::Failed(format!("stream {stream} has no description")));
    };
    let status = summary.stream_status().as_str();
    if status != "ACTIVE" {
        return Ok(Check::with(
            name,
            Status::Fail,
            format!("stream {stream} is {status}, not ACTIVE"),
            format!("aws kinesis describe-stream-summary --stream-name {stream}"),
        ));
    }
    let arn = summary.stream_arn();
    let shards = summary.open_shard_count();
    let mut pages = aws::lambda(sdk)
        .list_event_source_mappings()
        .event_source_arn(arn)
        .into_paginator()
        .items()
        .send();
    let mut readers = Vec::new();
    while let Some(mapping) = pages.next().await {
        let mapping = mapping.map_err(|e| aws::error("list event source mappings", e))?;
        let function = mapping
            .function_arn()
            .and_then(|a| a.rsplit(':').next())
            .unwrap_or("?")
            .to_string();
        let state = mapping.state().unwrap_or("?").to_string();
        let result = mapping.last_processing_result().map(str::to_string);
        let uuid = mapping.uuid().unwrap_or("?").to_string();
        if state != "Enabled" && state != "Enabling" {
            return Ok(Check::with(
                name,
                Status::Fail,
                format!(
                    "stream {stream} ACTIVE, but its mapping to {function} is {state}: nothing processes the events"
                ),
                format!("aws lambda update-event-source-mapping --uuid {uuid} --enabled"),
            ));
        }
        if let Some(problem) = result.as_deref().filter(|r| r.starts_with("PROBLEM")) {
            return Ok(Check::with(
                name,
                Status::Fail,
                format!(
                    "stream {stream} ACTIVE, mapping to {function} Enabled, last result: {problem}"
                ),
                format!("iops logs tail {function} --since 1h --grep error -i"),
            ));
        }
        readers.push(format!(
            "{function} ({state}, last result {})",
            result.as_deref().unwrap_or("none yet")
        ));
    }
    Ok(if readers.is_empty() {
        Check::with(
            name,
            Status::Fail,
            format!(
                "stream {stream} ACTIVE ({shards} open shards), but no Lambda reads it: no event source mapping"
            ),
            format!(
                "aws lambda create-event-source-mapping --function-name PROCESSOR --event-source-arn {arn} --starting-position LATEST"
            ),
        )
    } else {
        Check::pass(
            name,
            format!(
                "stream {stream} ACTIVE ({shards} open shard{}), read by {}",
                if shards == 1 { "" } else { "s" },
                readers.join(", ")
            ),
        )
    })
}
