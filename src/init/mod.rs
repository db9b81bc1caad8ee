//! `iops init`: read a CloudFormation stack (nested stacks followed), place its parts, and write
//! them as an `iops.toml` environment — or, without `--stack`, a commented template.

mod place;
mod status;

use std::path::{Path, PathBuf};

use aws_sdk_cloudformation::Client;
use clap::Args;
use serde::Serialize;
use toml_edit::{DocumentMut, Item, Table, value};

use crate::aws;
use crate::config::{FILE_NAME, Overrides};
use crate::context::Context;
use crate::error::{AwsFailure, Error, Result};
use crate::glob;
use crate::output::{Output, Record};
use place::{ApiFacts, Found, Resource};
use status::StackVerdict;

const INIT_HELP: &str = "\
The environment is named by --env (default: dev) and written to --config (default: ./iops.toml).
An existing environment is never replaced without --force; other environments and comments are kept.
A stack that rolled back, failed or was deleted is refused without --force; its failed and deleted
resources are skipped (and named) either way.

Examples:
  iops init --stack IOpsDashboard --env prod
  iops init                       # a commented template to fill in";

#[derive(Debug, Args)]
#[command(after_help = INIT_HELP)]
pub struct InitArgs {
    /// CloudFormation stack (name or ARN) to read; nested stacks are followed
    #[arg(long, value_name = "NAME", value_parser = crate::config::parse_name)]
    pub stack: Option<String>,

    /// Replace an existing environment (or file, for the template) of the same name, and read a
    /// stack that rolled back, failed or was deleted (its failed and deleted resources are still
    /// skipped)
    #[arg(long)]
    pub force: bool,
}

/// Nested stacks deeper than this are not followed (CDK apps rarely nest more than two).
const MAX_DEPTH: usize = 5;

#[derive(Debug, Serialize)]
struct PlacedRecord {
    key: String,
    value: String,
    from: String,
}

impl Record for PlacedRecord {
    fn headers() -> &'static [&'static str] {
        &["key", "value", "from"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.key.clone(), self.value.clone(), self.from.clone()]
    }
}

pub async fn run(overrides: &Overrides, out: Output, args: InitArgs) -> Result<()> {
    let ctx = Context::without_file(overrides, out)?;
    let env_name = ctx
        .settings
        .env_name
        .as_ref()
        .map_or_else(|| "dev".to_string(), |s| s.value.clone());
    if !env_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::usage(format!(
            "--env '{env_name}': use letters, digits, '-' and '_'"
        )));
    }
    let path = ctx
        .settings
        .config_file
        .as_ref()
        .map_or_else(|| PathBuf::from(FILE_NAME), |s| PathBuf::from(&s.value));
    let Some(stack) = &args.stack else {
        return write_template(&ctx, &path, &env_name, args.force);
    };
    let mut document = read_document(&path)?;
    if document.get("env").and_then(|e| e.get(&env_name)).is_some() && !args.force {
        return Err(Error::Failed(format!(
            "environment '{env_name}' already exists in {}; pass --force to replace it (or --env NAME for another)",
            path.display()
        )));
    }
    let sdk = ctx.sdk().await?;
    let client = aws::cloudformation(sdk);
    let read = read_stack(&client, stack, args.force).await?;
    for note in &read.notes {
        ctx.out.status(note);
    }
    let resources: Vec<Resource> = read.resources.iter().map(|l| l.resource.clone()).collect();
    let api = match place::chosen_api(&resources, &read.outputs) {
        Some(api_id) => api_facts(&ctx, &aws::apigateway(sdk), &api_id).await,
        None => None,
    };
    let found = place::place(&resources, &read.outputs, api.as_ref());
    let region = sdk.region().map(|r| r.to_string());
    let dropped = set_environment(&mut document, &env_name, &found, &ctx, region.as_deref());
    std::fs::write(&path, document.to_string())
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))?;
    if !dropped.is_empty() {
        // Hand-set keys (token_source, a queue, a stored_pattern) are not in any stack: say
        // what --force removed, with its value, so it can be put back.
        ctx.out.status(format!(
            "note: --force replaced [env.{env_name}]; these keys were set there and are not in the stack, so they are gone (add back what still holds): {}",
            dropped.join(", ")
        ));
    }

    let mut records: Vec<PlacedRecord> = found
        .placed
        .iter()
        .map(|p| PlacedRecord {
            key: p.key.clone(),
            value: p.value.clone(),
            from: p.from.clone(),
        })
        .collect();
    records.sort_by(|a, b| a.key.cmp(&b.key));
    ctx.out.print(&records)?;
    report_unplaced(&ctx, &found);
    for skipped in &read.skipped {
        ctx.out.status(format!(
            "skipped: {} ({}): {}",
            skipped.resource.logical_id,
            skipped.resource.kind,
            skipped.skip.as_deref().unwrap_or_default()
        ));
    }
    let skipped = match read.skipped.len() {
        0 => String::new(),
        n => format!(", {n} skipped: failed, deleted or never created"),
    };
    ctx.out.status(format!(
        "wrote [env.{env_name}] to {} from stack {stack} ({} resources, {} placed{skipped}); next: iops doctor --env {env_name}",
        path.display(),
        resources.len(),
        found.placed.len(),
    ));
    Ok(())
}

fn report_unplaced(ctx: &Context, found: &Found) {
    for (logical, kind, why) in &found.unplaced {
        ctx.out
            .status(format!("not placed: {logical} ({kind}): {why}"));
    }
    let missing: Vec<&str> = [
        "api_id",
        "stage",
        "tables.connections",
        "tables.metrics",
        "kinesis_stream",
        "functions.connect",
    ]
    .into_iter()
    .filter(|k| found.get(k).is_none())
    .collect();
    if !missing.is_empty() {
        ctx.out.status(format!(
            "not found in the stack: {} (set them by hand if your stack has them)",
            missing.join(", ")
        ));
    }
}

fn read_document(path: &Path) -> Result<DocumentMut> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .parse::<DocumentMut>()
            .map_err(|e| Error::usage(format!("invalid config file {}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DocumentMut::new()),
        Err(e) => Err(Error::usage(format!(
            "cannot read config file {}: {e}",
            path.display()
        ))),
    }
}

/// Writes the environment; returns the `key = value` pairs of the environment it replaced that the
/// new one does not have.
fn set_environment(
    document: &mut DocumentMut,
    env_name: &str,
    found: &Found,
    ctx: &Context,
    region: Option<&str>,
) -> Vec<String> {
    let before = document
        .get("env")
        .and_then(|e| e.get(env_name))
        .and_then(Item::as_table_like)
        .map(flattened)
        .unwrap_or_default();
    let mut env = Table::new();
    if let Some(region) = region {
        env["region"] = value(region);
    }
    // Only what was asked for explicitly: a profile or endpoint from the environment stays there.
    for key in ["profile", "endpoint_url"] {
        if let Some(setting) = ctx.settings.setting(key)
            && matches!(setting.source, crate::config::Source::Flag(_))
        {
            env[key] = value(setting.value.as_str());
        }
    }
    for (group, entries) in place::grouped(found) {
        if group.is_empty() {
            for (key, v) in entries {
                env[key] = value(v);
            }
        } else {
            let mut table = Table::new();
            for (key, v) in entries {
                table[key] = value(v);
            }
            env[group] = Item::Table(table);
        }
    }
    if document.get("default_env").is_none() {
        document["default_env"] = value(env_name);
    }
    if !document.contains_key("env") {
        let mut envs = Table::new();
        envs.set_implicit(true);
        document["env"] = Item::Table(envs);
    }
    let after = flattened(&env);
    document["env"][env_name] = Item::Table(env);
    before
        .into_iter()
        .filter(|(key, _)| !after.iter().any(|(k, _)| k == key))
        .map(|(key, value)| format!("{key} = {}", shown_value(&key, &value)))
        .collect()
}

/// A value of iops.toml as a note may print it: a key named like a secret (`token`, `password`)
/// hidden whole, a URL's token and password hidden, control characters escaped.
fn shown_value(key: &str, value: &toml_edit::Value) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    if crate::redact::is_secret_param(last, "") || last.to_ascii_lowercase().contains("secret") {
        return "****".to_string();
    }
    let text = match value.as_str() {
        Some(text) => format!("\"{}\"", crate::redact::url(text, "")),
        None => value.to_string().trim().to_string(),
    };
    crate::output::visible(&text).into_owned()
}

/// Every `key = value` of a table, sub-tables' keys dotted (`functions.connect`).
fn flattened(table: &dyn toml_edit::TableLike) -> Vec<(String, toml_edit::Value)> {
    let mut pairs = Vec::new();
    for (key, item) in table.iter() {
        match item.as_table_like() {
            Some(inner) => pairs.extend(
                flattened(inner)
                    .into_iter()
                    .map(|(k, v)| (format!("{key}.{k}"), v)),
            ),
            None => {
                if let Some(value) = item.as_value() {
                    pairs.push((key.to_string(), value.clone()));
                }
            }
        }
    }
    pairs
}

/// A resource as ListStackResources lists it.
#[derive(Debug, Clone)]
struct Listed {
    resource: Resource,
    /// Why it is not placed (`CREATE_FAILED: …`, with CloudFormation's reason when there is one),
    /// or None when it exists. Decided once, on the bare status: the reason is only for people.
    skip: Option<String>,
}

/// What `read_stack` found: the resources that exist, those skipped, every stack's outputs and
/// notes for the user (a stack still changing, one read despite its status).
#[derive(Debug, Default)]
struct StackRead {
    resources: Vec<Listed>,
    skipped: Vec<Listed>,
    outputs: Vec<(String, String)>,
    notes: Vec<String>,
}

/// One stack as DescribeStacks describes it.
struct Described {
    status: String,
    reason: Option<String>,
    outputs: Vec<(String, String)>,
}

/// Every resource of the stack and its nested stacks, and every stack's outputs. A stack whose
/// status says its resources are gone or broken is refused unless `force`; resources that failed,
/// were deleted or have no physical id are skipped (and nested stacks among them not followed).
async fn read_stack(client: &Client, stack: &str, force: bool) -> Result<StackRead> {
    let mut read = StackRead::default();
    let mut pending = vec![(stack.to_string(), 0usize)];
    while let Some((name, depth)) = pending.pop() {
        let described = match describe_stack(client, &name).await {
            Err(Error::Aws(failure)) if depth == 0 && is_missing_stack(&failure) => {
                return Err(unknown_stack(client, stack, failure).await);
            }
            other => other?,
        };
        // Nested stacks are named by their ARN: the name reads better.
        let shown = if depth == 0 {
            stack
        } else {
            name.rsplit(':')
                .next()
                .and_then(|s| s.split('/').nth(1))
                .unwrap_or(&name)
        };
        let status = match &described.reason {
            Some(reason) => format!("{} ({reason})", described.status),
            None => described.status.clone(),
        };
        match status::stack_verdict(&described.status) {
            StackVerdict::Usable => {}
            StackVerdict::Changing => read.notes.push(format!(
                "note: stack {shown} is {status}: what is placed may change when it finishes"
            )),
            StackVerdict::Refused if force => read.notes.push(format!(
                "note: stack {shown} is {status}; read anyway (--force): its failed and deleted resources are skipped"
            )),
            StackVerdict::Refused => {
                return Err(Error::Failed(format!(
                    "stack {shown} is {status}: its resources were deleted, never created or left broken, so nothing is written\n  hint: fix or redeploy the stack; --force writes what still exists"
                )));
            }
        }
        read.outputs.extend(described.outputs);
        for listed in list_resources(client, &name).await? {
            let r = &listed.resource;
            if listed.skip.is_some() {
                read.skipped.push(listed);
            } else if r.kind == "AWS::CloudFormation::Stack" {
                if depth + 1 < MAX_DEPTH {
                    pending.push((r.physical_id.clone(), depth + 1));
                }
            } else {
                read.resources.push(listed);
            }
        }
    }
    Ok(read)
}

async fn list_resources(client: &Client, stack: &str) -> Result<Vec<Listed>> {
    let mut pages = client
        .list_stack_resources()
        .stack_name(stack)
        .into_paginator()
        .items()
        .send();
    let mut resources = Vec::new();
    while let Some(summary) = pages.next().await {
        let summary = summary.map_err(|e| aws::error(format!("list resources of {stack}"), e))?;
        let status = summary
            .resource_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        let physical_id = summary.physical_resource_id().unwrap_or_default();
        let skip = status::resource_skip(&status, physical_id).map(|why| {
            match summary.resource_status_reason() {
                Some(reason) if !reason.is_empty() => format!("{why}: {reason}"),
                _ => why,
            }
        });
        resources.push(Listed {
            resource: Resource {
                logical_id: summary.logical_resource_id().unwrap_or_default().into(),
                kind: summary.resource_type().unwrap_or_default().into(),
                physical_id: physical_id.into(),
            },
            skip,
        });
    }
    Ok(resources)
}

async fn describe_stack(client: &Client, stack: &str) -> Result<Described> {
    let described = client
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe stack {stack}"), e))?;
    let first = described.stacks().first();
    Ok(Described {
        status: first
            .and_then(|s| s.stack_status())
            .map_or_else(String::new, |s| s.as_str().to_string()),
        reason: first
            .and_then(|s| s.stack_status_reason())
            .filter(|r| !r.is_empty())
            .map(str::to_string),
        outputs: first
            .map(|s| s.outputs())
            .unwrap_or_default()
            .iter()
            .filter_map(|o| Some((o.output_key()?.to_string(), o.output_value()?.to_string())))
            .collect(),
    })
}

/// What API Gateway says about the chosen API: its stages (GetStages) and the functions its
/// `$connect`, `$disconnect` and `$default` routes invoke (GetRoutes + GetIntegrations). None,
/// with a note, when it cannot be read (an API only named by an output, another account): the
/// stack's names decide alone then.
async fn api_facts(
    ctx: &Context,
    client: &aws_sdk_apigatewayv2::Client,
    api_id: &str,
) -> Option<ApiFacts> {
    match read_api(client, api_id).await {
        Ok(facts) => Some(facts),
        Err(e) => {
            let why = match &e {
                Error::Aws(failure) => failure.summary(),
                other => other.to_string(),
            };
            ctx.out.status(format!(
                "note: could not read API {api_id} from API Gateway ({why}): its stage and route functions are not confirmed"
            ));
            None
        }
    }
}

async fn read_api(client: &aws_sdk_apigatewayv2::Client, api_id: &str) -> Result<ApiFacts> {
    let stages = aws::api_gateway_pages!(
        client.get_stages().api_id(api_id),
        format!("list stages of API {api_id} (GetStages)")
    )
    .iter()
    .filter_map(|s| s.stage_name().map(str::to_string))
    .collect();
    let routes = aws::api_gateway_pages!(
        client.get_routes().api_id(api_id),
        format!("list routes of API {api_id} (GetRoutes)")
    );
    let integrations = aws::api_gateway_pages!(
        client.get_integrations().api_id(api_id),
        format!("list integrations of API {api_id} (GetIntegrations)")
    );
    let route_functions = routes
        .iter()
        .filter_map(|route| {
            let key = route.route_key()?;
            place::ROUTE_ROLES.iter().find(|(k, _)| *k == key)?;
            let id = route.target()?.strip_prefix("integrations/")?;
            let integration = integrations
                .iter()
                .find(|i| i.integration_id() == Some(id))?;
            Some((
                key.to_string(),
                lambda_function_of(integration.integration_uri()?)?,
            ))
        })
        .collect();
    Ok(ApiFacts {
        api_id: api_id.to_string(),
        stages: Some(stages),
        route_functions,
    })
}

/// The function a Lambda proxy integration invokes: its URI is
/// `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]/invocations`
/// (or the function's ARN). None for anything else (an HTTP integration, a stage variable).
fn lambda_function_of(uri: &str) -> Option<String> {
    let rest = uri.split(":function:").nth(1)?;
    let name = rest.split(['/', ':']).next()?;
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then(|| name.to_string())
}

fn is_missing_stack(failure: &AwsFailure) -> bool {
    failure.code.as_deref() == Some("ValidationError") && failure.message.contains("does not exist")
}

/// The service's "does not exist", with the stacks that are there (or their similar names).
async fn unknown_stack(client: &Client, stack: &str, mut failure: AwsFailure) -> Error {
    let mut names = Vec::new();
    let mut pages = client.describe_stacks().into_paginator().items().send();
    while let Some(Ok(s)) = pages.next().await {
        names.extend(s.stack_name().map(str::to_string));
    }
    let similar = glob::similar(&format!("*{stack}*"), names.iter().map(String::as_str));
    let shown: Vec<&str> = if similar.is_empty() {
        names.iter().take(10).map(String::as_str).collect()
    } else {
        similar
    };
    failure.hint = Some(if shown.is_empty() {
        "no stacks in this account and region: check --region and --profile".into()
    } else {
        format!(
            "stacks here: {} (check --region and --profile)",
            shown.join(", ")
        )
    });
    Error::Aws(failure)
}

const TEMPLATE: &str = r#"# iops.toml: where iops finds your stack. `iops init --stack NAME` fills this in from CloudFormation;
# `iops config show` prints the effective values and where each came from.
default_env = "{env}"

[env.{env}]
{region}# profile = "my-profile"
# api_id = "abc123defg"                 # the API Gateway WebSocket API
# stage = "prod"
# websocket_url = "wss://abc123defg.execute-api.us-east-1.amazonaws.com/prod"
# kinesis_stream = "dashboard-events"
# token_source = "query:token"          # where clients send their token: query:NAME or header:NAME

[env.{env}.tables]
# connections = "ConnectionsTable"
# metrics = "MetricsTable"

[env.{env}.functions]
# Function names or globs by role, used by `iops logs`, `iops simulate --to lambda:ROLE` and `iops doctor`.
# connect = "*ConnectFunction*"
# disconnect = "*DisconnectFunction*"
# default = "*DefaultFunction*"
# authorizer = "*AuthorizerFunction*"
# processor = "*ProcessorFunction*"
# stream_processor = "*StreamProcessorFunction*"
# simulator = "*SimulatorFunction*"

[env.{env}.queues]
# SQS queues by role (name, URL, ARN or glob), used by `iops queue` and `iops doctor`.
# chat = "ChatProcessingQueue"
"#;

fn write_template(ctx: &Context, path: &Path, env_name: &str, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(Error::Failed(format!(
            "{} already exists; pass --stack NAME to add an environment to it, or --force to replace it with a template",
            path.display()
        )));
    }
    let region = match ctx.settings.get("region") {
        Some(region) => format!("region = \"{region}\"\n"),
        None => "# region = \"us-east-1\"\n".into(),
    };
    let text = TEMPLATE
        .replace("{env}", env_name)
        .replace("{region}", &region);
    std::fs::write(path, text)
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))?;
    ctx.out.status(format!(
        "wrote a template to {}: fill it in, or run `iops init --stack NAME --force`",
        path.display()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_a_valid_config() {
        let text = TEMPLATE
            .replace("{env}", "dev")
            .replace("{region}", "region = \"eu-west-1\"\n");
        let parsed: crate::config::ConfigFile = toml::from_str(&text).expect("valid iops.toml");
        assert_eq!(parsed.default_env.as_deref(), Some("dev"));
        assert_eq!(parsed.env["dev"].region.as_deref(), Some("eu-west-1"));
    }

    #[test]
    fn the_function_an_integration_invokes() {
        let proxy = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Chat-OnConnect-Ab12/invocations";
        assert_eq!(
            lambda_function_of(proxy).as_deref(),
            Some("Chat-OnConnect-Ab12")
        );
        let aliased = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:OnConnect:live/invocations";
        assert_eq!(lambda_function_of(aliased).as_deref(), Some("OnConnect"));
        assert_eq!(
            lambda_function_of("arn:aws:lambda:eu-west-1:123456789012:function:Plain").as_deref(),
            Some("Plain")
        );
        for other in [
            "https://example.com/connect",
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:${stageVariables.fn}/invocations",
            "",
        ] {
            assert_eq!(lambda_function_of(other), None, "{other}");
        }
    }

    #[test]
    fn dropped_values_hide_secrets() {
        let value = |text: &str| text.parse::<toml_edit::Value>().unwrap();
        assert_eq!(shown_value("token", &value("\"eyJ.x.y\"")), "****");
        assert_eq!(shown_value("env.client_secret", &value("\"s\"")), "****");
        assert_eq!(
            shown_value("websocket_url", &value("\"wss://h/prod?token=abc\"")),
            "\"wss://h/prod?token=****\""
        );
        assert_eq!(shown_value("retries", &value("3")), "3");
        assert_eq!(shown_value("note", &value("\"a\\u001bb\"")), "\"a\\x1bb\"");
    }
}
