//! The environment check: the Lambda environment variables that name a WebSocket endpoint, domain,
//! stage or API point at the configured API and stage, and come in pairs (runbook `004_…`: the
//! chat processor had no `WEBSOCKET_DOMAIN`/`WEBSOCKET_STAGE` and could not post replies).

use std::collections::BTreeMap;

use super::{Check, CheckName, Status, first_line};
use crate::aws;
use crate::context::Context;

/// Words in a variable name that make it about the WebSocket API.
const MARKERS: [&str; 7] = [
    "WEBSOCKET",
    "WSS",
    "WS_",
    "APIGW",
    "API_GATEWAY",
    "CALLBACK",
    "MANAGEMENT",
];

/// The configured API, and every configured function's WebSocket variables.
#[derive(Debug, Default)]
struct Evidence {
    api_id: String,
    stage: String,
    /// (function, variable, value)
    variables: Vec<(String, String, String)>,
    /// Functions whose role matched nothing, with why.
    missing: Vec<String>,
}

pub async fn check(ctx: &Context) -> Check {
    let name = CheckName::Environment;
    let (Some(api_id), Some(stage)) = (ctx.settings.get("api_id"), ctx.settings.get("stage"))
    else {
        return Check::unconfigured(name, "api_id and stage");
    };
    let roles = ctx.settings.functions();
    if roles.is_empty() {
        return Check::unconfigured(name, "[env.NAME.functions]");
    }
    let listed = match ctx.sdk().await {
        Ok(sdk) => aws::list_functions(&aws::lambda(sdk)).await,
        Err(err) => Err(err),
    };
    let listed = match listed {
        Ok(listed) => listed,
        Err(err) => {
            return Check::with(
                name,
                Status::Fail,
                first_line(&err),
                "iops doctor --only access",
            );
        }
    };
    let mut evidence = Evidence {
        api_id: api_id.to_string(),
        stage: stage.to_string(),
        ..Evidence::default()
    };
    for (role, spec) in roles {
        let matched: Vec<_> = listed.iter().filter(|f| f.answers_to(spec)).collect();
        if matched.is_empty() {
            evidence.missing.push(format!("functions.{role}"));
        }
        for function in matched {
            evidence.variables.extend(
                function
                    .environment
                    .iter()
                    .filter(|(var, _)| about_websocket(var))
                    .map(|(var, value)| (function.name.clone(), var.clone(), value.clone())),
            );
        }
    }
    evidence.variables.sort();
    evidence.variables.dedup();
    judge(&evidence)
}

pub(super) fn about_websocket(variable: &str) -> bool {
    let upper = variable.to_ascii_uppercase();
    MARKERS.iter().any(|m| upper.contains(m)) || upper == "API_ID"
}

/// Why a variable's value does not match the configured API and stage, if it does not.
fn mismatch(variable: &str, value: &str, api_id: &str, stage: &str) -> Option<String> {
    let upper = variable.to_ascii_uppercase();
    let value = value.trim();
    let on_execute_api = value.contains(".execute-api.");
    if upper.ends_with("STAGE") {
        return (value.trim_matches('/') != stage)
            .then(|| format!("{variable}={value}, but the stage is {stage}"));
    }
    if upper.ends_with("API_ID") {
        return (value != api_id).then(|| format!("{variable}={value}, but the API is {api_id}"));
    }
    if on_execute_api && !value.contains(api_id) {
        return Some(format!(
            "{variable}={value} names another API than {api_id}"
        ));
    }
    let is_url = value.contains("://");
    if is_url && on_execute_api {
        let path_stage = value
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').nth(1))
            .unwrap_or_default();
        if path_stage != stage {
            return Some(format!(
                "{variable}={value} does not end in the stage /{stage}"
            ));
        }
    }
    None
}

fn judge(e: &Evidence) -> Check {
    let name = CheckName::Environment;
    let problems: Vec<String> = e
        .variables
        .iter()
        .filter_map(|(function, var, value)| {
            mismatch(var, value, &e.api_id, &e.stage).map(|why| format!("{function}: {why}"))
        })
        .collect();
    if !problems.is_empty() {
        return Check::with(
            name,
            Status::Fail,
            problems.join("; "),
            format!(
                "set them to the API {} and stage {} and redeploy the functions",
                e.api_id, e.stage
            ),
        );
    }
    let mut by_function: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (function, var, _) in &e.variables {
        by_function.entry(function).or_default().push(var);
    }
    // A domain without a stage (or the reverse) cannot make a management API endpoint.
    let halves: Vec<String> = by_function
        .iter()
        .filter_map(|(function, vars)| {
            let has = |suffix: &str| {
                vars.iter()
                    .any(|v| v.to_ascii_uppercase().ends_with(suffix))
            };
            let has_url = vars.iter().any(|v| {
                let upper = v.to_ascii_uppercase();
                upper.ends_with("URL") || upper.ends_with("ENDPOINT") || upper.ends_with("URI")
            });
            match (has("DOMAIN"), has("STAGE"), has_url) {
                (true, false, false) => Some(format!(
                    "{function} names the domain but no stage (e.g. WEBSOCKET_STAGE)"
                )),
                (false, true, false) => Some(format!(
                    "{function} names the stage but no domain (e.g. WEBSOCKET_DOMAIN)"
                )),
                _ => None,
            }
        })
        .collect();
    if !halves.is_empty() {
        return Check::with(
            name,
            Status::Warn,
            halves.join("; "),
            "add the missing variable (runbook 004: WEBSOCKET_DOMAIN and WEBSOCKET_STAGE)",
        );
    }
    if e.variables.is_empty() {
        let also = if e.missing.is_empty() {
            String::new()
        } else {
            format!(" ({} matched no function)", e.missing.join(", "))
        };
        return Check::with(
            name,
            Status::Skip,
            format!(
                "no configured function's environment names a WebSocket endpoint, domain or stage{also}"
            ),
            "a function that posts to connections needs the endpoint: WEBSOCKET_DOMAIN and WEBSOCKET_STAGE (runbook 004)",
        );
    }
    Check::pass(
        name,
        format!(
            "{} variable{} in {} function{} point at API {} stage {}",
            e.variables.len(),
            if e.variables.len() == 1 { "" } else { "s" },
            by_function.len(),
            if by_function.len() == 1 { "" } else { "s" },
            e.api_id,
            e.stage
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(vars: &[(&str, &str, &str)]) -> Evidence {
        Evidence {
            api_id: "abc123".into(),
            stage: "chalice-test".into(),
            variables: vars
                .iter()
                .map(|(f, k, v)| (f.to_string(), k.to_string(), v.to_string()))
                .collect(),
            missing: Vec::new(),
        }
    }

    #[test]
    fn matching_variables_pass() {
        let check = judge(&evidence(&[
            (
                "chat_processor",
                "WEBSOCKET_DOMAIN",
                "abc123.execute-api.ap-southeast-1.amazonaws.com",
            ),
            ("chat_processor", "WEBSOCKET_STAGE", "chalice-test"),
            (
                "broadcaster",
                "WEBSOCKET_URL",
                "https://abc123.execute-api.ap-southeast-1.amazonaws.com/chalice-test",
            ),
        ]));
        assert_eq!(check.status, Status::Pass, "{check:?}");
        assert_eq!(
            check.evidence,
            "3 variables in 2 functions point at API abc123 stage chalice-test"
        );
    }

    #[test]
    fn another_api_or_stage_fails_naming_the_variable() {
        let check = judge(&evidence(&[
            (
                "chat_processor",
                "WEBSOCKET_DOMAIN",
                "zzz999.execute-api.ap-southeast-1.amazonaws.com",
            ),
            ("chat_processor", "WEBSOCKET_STAGE", "prod"),
        ]));
        assert_eq!(check.status, Status::Fail);
        assert!(
            check.evidence.contains("WEBSOCKET_DOMAIN=zzz999"),
            "{}",
            check.evidence
        );
        assert!(
            check
                .evidence
                .contains("WEBSOCKET_STAGE=prod, but the stage is chalice-test")
        );
        let url = judge(&evidence(&[(
            "f",
            "WEBSOCKET_ENDPOINT",
            "https://abc123.execute-api.eu-west-1.amazonaws.com/dev",
        )]));
        assert!(
            url.evidence
                .contains("does not end in the stage /chalice-test"),
            "{}",
            url.evidence
        );
    }

    #[test]
    fn half_a_pair_warns_and_none_at_all_skips() {
        let half = judge(&evidence(&[(
            "chat_processor",
            "WEBSOCKET_DOMAIN",
            "abc123.execute-api.ap-southeast-1.amazonaws.com",
        )]));
        assert_eq!(half.status, Status::Warn);
        assert!(half.evidence.contains("no stage (e.g. WEBSOCKET_STAGE)"));
        assert_eq!(judge(&evidence(&[])).status, Status::Skip);
    }

    #[test]
    fn only_websocket_variables_are_read() {
        assert!(about_websocket("WEBSOCKET_DOMAIN"));
        assert!(about_websocket("ws_endpoint"));
        assert!(about_websocket("API_ID"));
        assert!(!about_websocket("TABLE_NAME"));
        assert!(!about_websocket("STAGE"));
    }
}
