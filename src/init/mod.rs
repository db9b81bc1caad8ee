//! `iops init`: read a CloudFormation stack (nested stacks followed), place its parts, and write
//! them as an `iops.toml` environment — or, without `--stack`, a commented template.

mod place;

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
use place::{Found, Resource};

const INIT_HELP: &str = "\
The environment is named by --env (default: dev) and written to --config (default: ./iops.toml).
An existing environment is never replaced without --force; other environments and comments are kept.

Examples:
  iops init --stack IOpsDashboard --env prod
  iops init                       # a commented template to fill in";

#[derive(Debug, Args)]
#[command(after_help = INIT_HELP)]
pub struct InitArgs {
    /// CloudFormation stack (name or ARN) to read; nested stacks are followed
    #[arg(long, value_name = "NAME", value_parser = crate::config::parse_name)]
    pub stack: Option<String>,

    /// Replace an existing environment (or file, for the template) of the same name
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
    let (resources, outputs) = read_stack(&client, stack).await?;
    let found = place::place(&resources, &outputs);
    let region = sdk.region().map(|r| r.to_string());
    set_environment(&mut document, &env_name, &found, &ctx, region.as_deref());
    std::fs::write(&path, document.to_string())
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))?;

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
    ctx.out.status(format!(
        "wrote [env.{env_name}] to {} from stack {stack} ({} resources, {} placed); next: iops doctor --env {env_name}",
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

fn set_environment(
    document: &mut DocumentMut,
    env_name: &str,
    found: &Found,
    ctx: &Context,
    region: Option<&str>,
) {
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
    document["env"][env_name] = Item::Table(env);
}

/// Every resource of the stack and its nested stacks, and every stack's outputs.
async fn read_stack(
    client: &Client,
    stack: &str,
) -> Result<(Vec<Resource>, Vec<(String, String)>)> {
    let mut resources = Vec::new();
    let mut outputs = Vec::new();
    let mut pending = vec![(stack.to_string(), 0usize)];
    while let Some((name, depth)) = pending.pop() {
        let listed = match list_resources(client, &name).await {
            Err(Error::Aws(failure)) if depth == 0 && is_missing_stack(&failure) => {
                return Err(unknown_stack(client, stack, failure).await);
            }
            other => other?,
        };
        outputs.extend(stack_outputs(client, &name).await?);
        for resource in listed {
            if resource.kind == "AWS::CloudFormation::Stack" && !resource.physical_id.is_empty() {
                if depth + 1 < MAX_DEPTH {
                    pending.push((resource.physical_id.clone(), depth + 1));
                }
            } else {
                resources.push(resource);
            }
        }
    }
    Ok((resources, outputs))
}

async fn list_resources(client: &Client, stack: &str) -> Result<Vec<Resource>> {
    let mut pages = client
        .list_stack_resources()
        .stack_name(stack)
        .into_paginator()
        .items()
        .send();
    let mut resources = Vec::new();
    while let Some(summary) = pages.next().await {
        let summary = summary.map_err(|e| aws::error(format!("list resources of {stack}"), e))?;
        resources.push(Resource {
            logical_id: summary.logical_resource_id().unwrap_or_default().into(),
            kind: summary.resource_type().unwrap_or_default().into(),
            physical_id: summary.physical_resource_id().unwrap_or_default().into(),
        });
    }
    Ok(resources)
}

async fn stack_outputs(client: &Client, stack: &str) -> Result<Vec<(String, String)>> {
    let described = client
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe stack {stack}"), e))?;
    Ok(described
        .stacks()
        .iter()
        .flat_map(|s| s.outputs())
        .filter_map(|o| Some((o.output_key()?.to_string(), o.output_value()?.to_string())))
        .collect())
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
}
