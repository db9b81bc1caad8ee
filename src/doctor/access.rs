//! The access check: credentials, region, and whether every configured resource exists. Its
//! failure skips the other AWS checks rather than repeating the same error eight times.

use super::{Check, CheckName, Status, first_line};
use crate::aws;
use crate::context::Context;
use crate::error::Error;
use crate::glob;
use crate::top::exists::{self, Presence};

const NETWORK_NEXT: &str = "the AWS endpoint did not answer: check --endpoint-url / AWS_ENDPOINT_URL (is the emulator up?), the network, VPN and any proxy";

/// What the access check saw.
pub enum Evidence {
    /// The AWS configuration could not be loaded.
    NoConfig(Error),
    /// GetCallerIdentity failed.
    NoIdentity(Error),
    Reached {
        account: String,
        arn: String,
        region: String,
        resources: Resources,
    },
}

/// Each configured resource as `found` ("API abc (WEBSOCKET)"), `missing` (the service said it
/// does not exist) or `unchecked` (the describe failed otherwise — access denied, a 5xx, throttled:
/// that says nothing about whether it exists).
#[derive(Debug, Default)]
pub struct Resources {
    pub found: Vec<String>,
    pub missing: Vec<String>,
    pub unchecked: Vec<String>,
}

impl Resources {
    fn found(text: String) -> Resources {
        Resources {
            found: vec![text],
            ..Resources::default()
        }
    }

    fn missing(text: String) -> Resources {
        Resources {
            missing: vec![text],
            ..Resources::default()
        }
    }

    /// A failed describe, judged as `top` judges it ([`exists::failed`]): missing only on the
    /// service's not-found, else unchecked.
    fn failed(presence: Presence) -> Resources {
        match presence {
            Presence::Missing(text) | Presence::Wrong(text) => Resources::missing(text),
            Presence::Found => Resources::default(),
            Presence::Unknown(text) => Resources {
                unchecked: vec![text],
                ..Resources::default()
            },
        }
    }

    fn extend(&mut self, other: Resources) {
        self.found.extend(other.found);
        self.missing.extend(other.missing);
        self.unchecked.extend(other.unchecked);
    }
}

pub async fn gather(ctx: &Context) -> Evidence {
    let sdk = match ctx.sdk().await {
        Ok(sdk) => sdk,
        Err(err) => return Evidence::NoConfig(err),
    };
    let region = sdk.region().map_or("?".into(), |r| r.to_string());
    let identity = match aws::caller_identity(sdk).await {
        Ok(identity) => identity,
        Err(err) => return Evidence::NoIdentity(err),
    };
    let (api, tables, stream, functions) = tokio::join!(
        api_exists(ctx),
        tables_exist(ctx),
        stream_exists(ctx),
        functions_exist(ctx)
    );
    let mut resources = Resources::default();
    for part in [api, tables, stream, functions] {
        resources.extend(part);
    }
    Evidence::Reached {
        account: identity.account,
        arn: identity.arn,
        region,
        resources,
    }
}

/// The check, and whether the credentials work (false skips the other AWS checks).
pub fn judge(evidence: &Evidence) -> (Check, bool) {
    let name = CheckName::Access;
    let (account, arn, region, resources) = match evidence {
        Evidence::NoConfig(err) => return (Check::from_error(name, err), false),
        Evidence::NoIdentity(err) => {
            let mut check = Check::from_error(name, err);
            check.evidence = format!("credentials: {}", check.evidence);
            // A refused connection says nothing about the credentials: point at the endpoint.
            check.next = Some(match err {
                Error::Network(_) => NETWORK_NEXT.into(),
                _ => "check AWS_PROFILE / --profile (`aws sso login --profile NAME` for SSO) and --region"
                    .into(),
            });
            return (check, false);
        }
        Evidence::Reached {
            account,
            arn,
            region,
            resources,
        } => (account, arn, region, resources),
    };
    let who = format!("account {account} as {arn} in {region}");
    let check = if !resources.missing.is_empty() {
        Check::with(
            name,
            Status::Fail,
            format!("{who}; missing: {}", resources.missing.join("; ")),
            "check --env and --region, then `iops config show`; `iops init --stack NAME --force` rewrites the environment",
        )
    } else if !resources.unchecked.is_empty() {
        let found = if resources.found.is_empty() {
            String::new()
        } else {
            format!("found {}; ", resources.found.join(", "))
        };
        Check::with(
            name,
            Status::Warn,
            format!(
                "{who}; {found}could not check: {}",
                resources.unchecked.join("; ")
            ),
            "the describe calls failed for another reason than not found: check the role's read permissions, or run doctor again",
        )
    } else if resources.found.is_empty() {
        Check::with(
            name,
            Status::Warn,
            format!("{who}; no resources configured"),
            "iops init --stack NAME",
        )
    } else {
        Check::pass(name, format!("{who}; found {}", resources.found.join(", ")))
    };
    (check, true)
}

async fn api_exists(ctx: &Context) -> Resources {
    let Some(api_id) = ctx.settings.get("api_id") else {
        return Resources::default();
    };
    let Ok(sdk) = ctx.sdk().await else {
        return Resources::default();
    };
    match aws::apigateway(sdk).get_api().api_id(api_id).send().await {
        Ok(api) => match api.protocol_type().map_or("?", |p| p.as_str()) {
            "WEBSOCKET" => Resources::found(format!("API {api_id} (WEBSOCKET)")),
            protocol => Resources::missing(format!(
                "API {api_id} is {protocol}, not a WebSocket API (api_id)"
            )),
        },
        Err(err) => Resources::failed(exists::failed(
            err,
            |e| e.is_not_found_exception(),
            format!("API {api_id} (api_id)"),
        )),
    }
}

async fn tables_exist(ctx: &Context) -> Resources {
    let mut parts = Resources::default();
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
            Err(err) => parts.extend(Resources::failed(exists::failed(
                err,
                |e| e.is_resource_not_found_exception(),
                format!("table {table} ({key})"),
            ))),
        }
    }
    if !found.is_empty() {
        parts.found.push(format!("tables {}", found.join(", ")));
    }
    parts
}

async fn stream_exists(ctx: &Context) -> Resources {
    let Some(stream) = ctx.settings.get("kinesis_stream") else {
        return Resources::default();
    };
    let Ok(sdk) = ctx.sdk().await else {
        return Resources::default();
    };
    match aws::kinesis(sdk)
        .describe_stream_summary()
        .stream_name(stream)
        .send()
        .await
    {
        Ok(_) => Resources::found(format!("stream {stream}")),
        Err(err) => Resources::failed(exists::failed(
            err,
            |e| e.is_resource_not_found_exception(),
            format!("stream {stream} (kinesis_stream)"),
        )),
    }
}

async fn functions_exist(ctx: &Context) -> Resources {
    let configured = ctx.settings.functions();
    if configured.is_empty() {
        return Resources::default();
    }
    let Ok(sdk) = ctx.sdk().await else {
        return Resources::default();
    };
    let listed = match aws::list_functions(&aws::lambda(sdk)).await {
        Ok(listed) => listed,
        Err(err) => {
            return Resources {
                unchecked: vec![first_line(&err)],
                ..Resources::default()
            };
        }
    };
    let mut parts = Resources::default();
    let mut roles = Vec::new();
    for (role, spec) in configured {
        if listed
            .iter()
            .any(|f| f.name == spec || glob::matches(spec, &f.name))
        {
            roles.push(role);
        } else {
            parts
                .missing
                .push(format!("no function matches functions.{role} = \"{spec}\""));
        }
    }
    if !roles.is_empty() {
        parts.found.push(format!("functions {}", roles.join(", ")));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reached(found: &[&str], missing: &[&str]) -> Evidence {
        Evidence::Reached {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/ops".into(),
            region: "eu-west-1".into(),
            resources: Resources {
                found: found.iter().map(|s| s.to_string()).collect(),
                missing: missing.iter().map(|s| s.to_string()).collect(),
                unchecked: Vec::new(),
            },
        }
    }

    #[test]
    fn every_resource_found_passes_and_names_who() {
        let (check, works) = judge(&reached(&["API abc (WEBSOCKET)", "stream s"], &[]));
        assert!(works);
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "account 123456789012 as arn:aws:iam::123456789012:user/ops in eu-west-1; found API abc (WEBSOCKET), stream s"
        );
    }

    #[test]
    fn a_missing_resource_fails_but_credentials_still_work() {
        let (check, works) = judge(&reached(
            &["stream s"],
            &["table t (tables.metrics): not found"],
        ));
        assert!(works, "other checks still run");
        assert_eq!(check.status, Status::Fail);
        assert!(
            check
                .evidence
                .ends_with("missing: table t (tables.metrics): not found")
        );
    }

    #[test]
    fn a_describe_that_failed_otherwise_warns_and_is_not_called_missing() {
        let mut evidence = reached(&["stream s"], &[]);
        if let Evidence::Reached { resources, .. } = &mut evidence {
            resources
                .unchecked
                .push("table t (tables.metrics): AccessDeniedException: not authorized".into());
        }
        let (check, works) = judge(&evidence);
        assert!(works);
        assert_eq!(check.status, Status::Warn);
        assert!(!check.evidence.contains("missing"), "{}", check.evidence);
        assert!(
            check
                .evidence
                .contains("found stream s; could not check: table t"),
            "{}",
            check.evidence
        );
    }

    #[test]
    fn nothing_configured_warns() {
        let (check, _) = judge(&reached(&[], &[]));
        assert_eq!(check.status, Status::Warn);
        assert_eq!(check.next.as_deref(), Some("iops init --stack NAME"));
    }

    #[test]
    fn an_unreachable_endpoint_points_at_the_endpoint_not_at_sso() {
        let (check, works) = judge(&Evidence::NoIdentity(Error::Network(
            "cannot reach http://127.0.0.1:9".into(),
        )));
        assert!(!works);
        assert!(check.evidence.starts_with("credentials: "));
        assert_eq!(check.next.as_deref(), Some(NETWORK_NEXT));
        let (denied, _) = judge(&Evidence::NoIdentity(Error::Failed("denied".into())));
        assert!(denied.next.unwrap().contains("aws sso login"));
    }
}
