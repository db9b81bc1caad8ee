//! TARGET arguments → log groups: a log group name or prefix, a Lambda function name (its
//! `LoggingConfig.LogGroup` or `/aws/lambda/NAME`), a glob over group and function names
//! (`'*ConnectFunction*'`), or a config role (`connect`, `processor`, …).

use std::collections::BTreeMap;

use aws_sdk_cloudwatchlogs::Client as LogsClient;
use aws_sdk_lambda::Client as LambdaClient;

use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::glob;

/// The log groups whose name starts with `prefix` (all groups for an empty prefix), every page.
pub async fn log_groups(
    logs: &LogsClient,
    prefix: &str,
) -> Result<Vec<aws_sdk_cloudwatchlogs::types::LogGroup>> {
    let request = logs.describe_log_groups();
    let request = if prefix.is_empty() {
        request
    } else {
        request.log_group_name_prefix(prefix)
    };
    let mut pages = request.into_paginator().items().send();
    let mut groups = Vec::new();
    while let Some(group) = pages.next().await {
        groups.push(group.map_err(|e| aws::error("list log groups", e))?);
    }
    Ok(groups)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTarget {
    pub group: String,
    /// Short name shown on each line, e.g. `ConnectFunction`.
    pub label: String,
}

/// Names fetched at most once per run.
struct Catalog<'a> {
    logs: &'a LogsClient,
    lambda: LambdaClient,
    functions: Option<BTreeMap<String, String>>,
}

impl Catalog<'_> {
    /// Function name → its log group. Without Lambda permissions, empty (with a warning).
    async fn functions(&mut self) -> Result<&BTreeMap<String, String>> {
        if self.functions.is_none() {
            let listed = aws::list_functions(&self.lambda)
                .await
                .unwrap_or_else(|err| {
                    tracing::warn!("cannot list Lambda functions, matching log groups only: {err}");
                    Vec::new()
                });
            self.functions = Some(listed.into_iter().map(|f| (f.name, f.log_group)).collect());
        }
        Ok(self.functions.as_ref().expect("just filled"))
    }

    /// Names of the log groups whose name starts with `prefix`.
    async fn groups(&self, prefix: &str) -> Result<Vec<String>> {
        Ok(log_groups(self.logs, prefix)
            .await?
            .into_iter()
            .filter_map(|g| g.log_group_name)
            .collect())
    }
}

pub async fn resolve(ctx: &Context, specs: &[String]) -> Result<Vec<LogTarget>> {
    let mut targets: Vec<LogTarget> = Vec::new();
    for found in resolve_each(ctx, specs).await? {
        for target in found? {
            if !targets.iter().any(|t| t.group == target.group) {
                targets.push(target);
            }
        }
    }
    Ok(targets)
}

/// Each spec on its own, sharing one function listing: its targets, or why it matched nothing.
pub async fn resolve_each(ctx: &Context, specs: &[String]) -> Result<Vec<Result<Vec<LogTarget>>>> {
    let sdk = ctx.sdk().await?;
    let logs = aws::logs(sdk);
    let mut catalog = Catalog {
        logs: &logs,
        lambda: aws::lambda(sdk),
        functions: None,
    };
    let mut resolved = Vec::new();
    for spec in specs {
        let spec = ctx.settings.function(spec).unwrap_or(spec);
        resolved.push(match resolve_one(&mut catalog, spec).await {
            Ok(found) if found.is_empty() => Err(no_match(&mut catalog, spec).await),
            other => other,
        });
    }
    Ok(resolved)
}

async fn resolve_one(catalog: &mut Catalog<'_>, spec: &str) -> Result<Vec<LogTarget>> {
    if glob::is_pattern(spec) {
        let literal_prefix = spec.split(['*', '?']).next().unwrap_or_default();
        let mut found: Vec<LogTarget> = catalog
            .groups(if spec.starts_with('/') {
                literal_prefix
            } else {
                ""
            })
            .await?
            .into_iter()
            .filter(|group| glob::matches(spec, group))
            .map(|group| LogTarget {
                label: label_for_group(&group),
                group,
            })
            .collect();
        let functions = catalog.functions().await?;
        found.extend(
            functions
                .iter()
                .filter(|(name, _)| glob::matches(spec, name))
                .map(|(name, group)| LogTarget {
                    label: short_label(name),
                    group: group.clone(),
                }),
        );
        return Ok(found);
    }
    if spec.starts_with('/') {
        let groups = catalog.groups(spec).await?;
        let exact: Vec<String> = groups.iter().filter(|g| *g == spec).cloned().collect();
        let chosen = if exact.is_empty() { groups } else { exact };
        return Ok(chosen
            .into_iter()
            .map(|group| LogTarget {
                label: label_for_group(&group),
                group,
            })
            .collect());
    }
    if let Some(group) = catalog.functions().await?.get(spec) {
        return Ok(vec![LogTarget {
            label: short_label(spec),
            group: group.clone(),
        }]);
    }
    // A function that is gone still has its logs; a group need not start with '/'.
    let lambda_group = format!("/aws/lambda/{spec}");
    let groups = catalog.groups(spec).await?;
    let lambda_groups = catalog.groups(&lambda_group).await?;
    let exact = groups
        .iter()
        .chain(&lambda_groups)
        .find(|g| **g == spec || **g == lambda_group);
    Ok(exact
        .map(|group| {
            vec![LogTarget {
                label: label_for_group(group),
                group: group.clone(),
            }]
        })
        .unwrap_or_default())
}

/// Exit 2, naming up to five groups or functions that look like the target.
async fn no_match(catalog: &mut Catalog<'_>, spec: &str) -> Error {
    let mut names = catalog.groups("").await.unwrap_or_default();
    if let Ok(functions) = catalog.functions().await {
        names.extend(functions.keys().cloned());
    }
    let near = glob::similar(spec, names.iter().map(String::as_str));
    let hint = if near.is_empty() {
        "run `iops logs groups` to list log groups".to_string()
    } else {
        format!("similar: {}", near.join(", "))
    };
    Error::usage(format!(
        "no log group or Lambda function matches '{spec}'\n  hint: {hint}"
    ))
}

fn label_for_group(group: &str) -> String {
    match group.strip_prefix("/aws/lambda/") {
        Some(function) => short_label(function),
        None => group
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or(group)
            .to_string(),
    }
}

/// `IOpsDashboard-ExperienceSt-ConnectFunction52BFC429-YbWN3Npyyb4q` → `ConnectFunction`: the CDK
/// logical id without its 8-hex-digit hash. Other names stay as they are.
pub fn short_label(function: &str) -> String {
    let logical = function
        .split('-')
        .find(|part| part.contains("Function") && part.len() > "Function".len());
    match logical {
        Some(part) => {
            let hash_len = part
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
                .count();
            let trimmed = if hash_len >= 8 {
                &part[..part.len() - 8]
            } else {
                part
            };
            trimmed.to_string()
        }
        None => function.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdk_names_get_short_labels() {
        assert_eq!(
            short_label("IOpsDashboard-ExperienceSt-ConnectFunction52BFC429-YbWN3Npyyb4q"),
            "ConnectFunction"
        );
        assert_eq!(
            short_label("IOpsDashboard-CoreStack-ProcessFunction7E4ECD78-WUDOn8vzWuhD"),
            "ProcessFunction"
        );
        assert_eq!(short_label("my-handler"), "my-handler");
        assert_eq!(
            label_for_group(
                "/aws/lambda/IOpsDashboard-CoreStack-SimulatorFunctionD42EF994-cd8453lSxE5r"
            ),
            "SimulatorFunction"
        );
        assert_eq!(label_for_group("/aws/apigateway/welcome"), "welcome");
    }
}
