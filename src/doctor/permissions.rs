//! The permissions check: the functions that post to connections may call
//! `execute-api:ManageConnections` on this API and stage — IAM's SimulatePrincipalPolicy on each
//! function's role (runbook `004_…` found the missing permission only after replies failed).

use aws_sdk_iam::types::PolicyEvaluationDecisionType;

use super::environment::about_websocket;
use super::{Check, CheckName, Status, first_line};
use crate::aws;
use crate::context::Context;

const ACTION: &str = "execute-api:ManageConnections";
/// Roles that usually post to connections, besides any function whose variables name the API.
const POSTING_ROLES: [&str; 3] = ["default", "processor", "stream_processor"];

/// One function's answer.
#[derive(Debug)]
struct Decision {
    function: String,
    role: String,
    resource: String,
    /// `allowed`, `implicitDeny`, `explicitDeny`, or why it could not be asked.
    outcome: Result<String, String>,
}

pub async fn check(ctx: &Context) -> Check {
    let name = CheckName::Permissions;
    let (Some(api_id), Some(stage)) = (ctx.settings.get("api_id"), ctx.settings.get("stage"))
    else {
        return Check::unconfigured(name, "api_id and stage");
    };
    let sdk = match ctx.sdk().await {
        Ok(sdk) => sdk,
        Err(err) => return Check::from_error(name, &err),
    };
    let listed = match aws::list_functions(&aws::lambda(sdk)).await {
        Ok(listed) => listed,
        Err(err) => return Check::from_error(name, &err),
    };
    let specs: Vec<&str> = ctx
        .settings
        .functions()
        .into_iter()
        .map(|(_, spec)| spec)
        .collect();
    let posting_specs: Vec<&str> = POSTING_ROLES
        .iter()
        .filter_map(|role| ctx.settings.function(role))
        .collect();
    // Configured functions that post: a posting role, or variables that name the WebSocket API.
    let posting: Vec<_> = listed
        .iter()
        .filter(|f| specs.iter().any(|s| f.answers_to(s)))
        .filter(|f| {
            posting_specs.iter().any(|s| f.answers_to(s))
                || f.environment.keys().any(|k| about_websocket(k))
        })
        .collect();
    if posting.is_empty() {
        return Check::with(
            name,
            Status::Skip,
            "no configured function posts to connections (roles default, processor, stream_processor, or WebSocket variables)",
            "set functions.processor (or the function that replies) in iops.toml",
        );
    }
    let iam = aws::iam(sdk);
    let mut decisions = Vec::new();
    for function in posting {
        // arn:aws:lambda:REGION:ACCOUNT:function:NAME
        let parts: Vec<&str> = function.arn.split(':').collect();
        let (region, account) = (
            parts.get(3).copied().unwrap_or("*"),
            parts.get(4).copied().unwrap_or("*"),
        );
        let resource =
            format!("arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/POST/@connections/*");
        let outcome = iam
            .simulate_principal_policy()
            .policy_source_arn(&function.role)
            .action_names(ACTION)
            .resource_arns(&resource)
            .send()
            .await
            .map_err(|e| first_line(&aws::error(format!("simulate {}'s role", function.name), e)))
            .map(|answer| {
                answer
                    .evaluation_results()
                    .first()
                    .map_or("implicitDeny".to_string(), |r| {
                        r.eval_decision().as_str().to_string()
                    })
            });
        decisions.push(Decision {
            function: function.name.clone(),
            role: function.role.clone(),
            resource,
            outcome,
        });
    }
    judge(&decisions)
}

fn judge(decisions: &[Decision]) -> Check {
    let name = CheckName::Permissions;
    let denied: Vec<&Decision> = decisions
        .iter()
        .filter(|d| {
            d.outcome
                .as_ref()
                .is_ok_and(|o| o != PolicyEvaluationDecisionType::Allowed.as_str())
        })
        .collect();
    if let Some(first) = denied.first() {
        let role_name = first.role.rsplit('/').next().unwrap_or(&first.role);
        return Check::with(
            name,
            Status::Fail,
            denied
                .iter()
                .map(|d| {
                    format!(
                        "{} may not call {ACTION} on {} ({}): posting replies fails with AccessDenied",
                        d.function,
                        d.resource,
                        d.outcome.as_deref().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            format!(
                "allow {ACTION} on {} in the policy of role {role_name}",
                first.resource
            ),
        );
    }
    let unknown: Vec<String> = decisions
        .iter()
        .filter_map(|d| {
            d.outcome
                .as_ref()
                .err()
                .map(|why| format!("{}: {why}", d.function))
        })
        .collect();
    if !unknown.is_empty() {
        return Check::with(
            name,
            Status::Warn,
            format!("could not simulate the policies: {}", unknown.join("; ")),
            "the caller needs iam:SimulatePrincipalPolicy to check this",
        );
    }
    let functions: Vec<&str> = decisions.iter().map(|d| d.function.as_str()).collect();
    Check::pass(
        name,
        format!(
            "{} may call {ACTION} on this API and stage",
            functions.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(function: &str, outcome: Result<&str, &str>) -> Decision {
        Decision {
            function: function.into(),
            role: "arn:aws:iam::1:role/chat-role".into(),
            resource: "arn:aws:execute-api:ap-southeast-1:1:abc123/prod/POST/@connections/*".into(),
            outcome: outcome.map(str::to_string).map_err(str::to_string),
        }
    }

    #[test]
    fn allowed_everywhere_passes() {
        let check = judge(&[decision("chat_processor", Ok("allowed"))]);
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "chat_processor may call execute-api:ManageConnections on this API and stage"
        );
    }

    #[test]
    fn a_denied_role_fails_with_the_statement_to_add() {
        let check = judge(&[
            decision("chat_processor", Ok("implicitDeny")),
            decision("broadcaster", Ok("allowed")),
        ]);
        assert_eq!(check.status, Status::Fail);
        assert!(
            check.evidence.starts_with("chat_processor may not call"),
            "{}",
            check.evidence
        );
        assert!(check.evidence.contains("(implicitDeny)"));
        assert_eq!(
            check.next.as_deref(),
            Some(
                "allow execute-api:ManageConnections on arn:aws:execute-api:ap-southeast-1:1:abc123/prod/POST/@connections/* in the policy of role chat-role"
            )
        );
    }

    #[test]
    fn a_caller_that_may_not_simulate_warns_with_the_reason() {
        let check = judge(&[decision(
            "chat_processor",
            Err("AccessDenied: not authorized"),
        )]);
        assert_eq!(check.status, Status::Warn);
        assert!(check.evidence.contains("AccessDenied"));
    }
}
