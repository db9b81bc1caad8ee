//! The permissions check: the functions that post to connections may call
//! `execute-api:ManageConnections` on this API and stage — IAM's SimulatePrincipalPolicy on each
//! function's role (runbook `004_…` found the missing permission only after replies failed).

use aws_sdk_iam::types::PolicyEvaluationDecisionType;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::environment::about_websocket;
use super::{Check, CheckName, Status, first_line};
use crate::aws;
use crate::context::Context;
use crate::error::Error;

const ACTION: &str = "execute-api:ManageConnections";
/// Roles that usually post to connections, besides any function whose variables name the API.
const POSTING_ROLES: [&str; 3] = ["default", "processor", "stream_processor"];

/// One function's answer.
#[derive(Debug)]
struct Decision {
    function: String,
    role: String,
    resource: String,
    outcome: Outcome,
}

/// What asking IAM about one role came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// IAM's verdict: `allowed`, `implicitDeny`, `explicitDeny`.
    Decided(String),
    /// The caller may not simulate (an AccessDenied-type code): a missing permission of the caller.
    CallerDenied(String),
    /// IAM could not answer (5xx, throttled after retries, unreachable): no verdict either way.
    Unavailable(String),
    /// Any other refusal (a role that is gone, a malformed request): the error, no verdict.
    Failed(String),
}

/// Codes that mean the caller lacks a permission — and only these.
fn is_access_denied(code: &str) -> bool {
    matches!(
        code,
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "UnauthorizedAccess"
    )
}

/// Sorts a failed simulation by what it says: the caller's permission, IAM's health, or neither.
fn outcome_of_failure(code: Option<&str>, transient: bool, error: &Error) -> Outcome {
    let message = first_line(error);
    if code.is_some_and(is_access_denied) {
        Outcome::CallerDenied(message)
    } else if transient || matches!(error, Error::Network(_)) {
        Outcome::Unavailable(message)
    } else {
        Outcome::Failed(message)
    }
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
        let outcome = match iam
            .simulate_principal_policy()
            .policy_source_arn(&function.role)
            .action_names(ACTION)
            .resource_arns(&resource)
            .send()
            .await
        {
            Ok(answer) => Outcome::Decided(
                answer
                    .evaluation_results()
                    .first()
                    .map_or("implicitDeny".to_string(), |r| {
                        r.eval_decision().as_str().to_string()
                    }),
            ),
            Err(err) => {
                let code = err.code().map(str::to_string);
                // Any 5xx is IAM not answering, also a bare one with no AWS error in it (moto
                // answers actions it lacks with an HTML 500): no verdict on permissions.
                let transient = aws::classify(&err) == aws::Failure::Transient
                    || err
                        .raw_response()
                        .is_some_and(|r| r.status().is_server_error());
                let error = aws::error(format!("simulate {}'s role", function.name), err);
                outcome_of_failure(code.as_deref(), transient, &error)
            }
        };
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
    let denied: Vec<(&Decision, &str)> = decisions
        .iter()
        .filter_map(|d| match &d.outcome {
            Outcome::Decided(verdict)
                if verdict != PolicyEvaluationDecisionType::Allowed.as_str() =>
            {
                Some((d, verdict.as_str()))
            }
            _ => None,
        })
        .collect();
    if let Some((first, _)) = denied.first() {
        let role_name = first.role.rsplit('/').next().unwrap_or(&first.role);
        return Check::with(
            name,
            Status::Fail,
            denied
                .iter()
                .map(|(d, verdict)| {
                    format!(
                        "{} may not call {ACTION} on {} ({verdict}): posting replies fails with AccessDenied",
                        d.function, d.resource,
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
    let failures = |kind: fn(&Outcome) -> Option<&String>| -> Vec<String> {
        decisions
            .iter()
            .filter_map(|d| kind(&d.outcome).map(|why| format!("{}: {why}", d.function)))
            .collect()
    };
    let caller_denied = failures(|o| match o {
        Outcome::CallerDenied(why) => Some(why),
        _ => None,
    });
    if !caller_denied.is_empty() {
        return Check::with(
            name,
            Status::Warn,
            format!(
                "could not simulate the policies: {}",
                caller_denied.join("; ")
            ),
            "the caller needs iam:SimulatePrincipalPolicy to check this",
        );
    }
    let failed = failures(|o| match o {
        Outcome::Failed(why) => Some(why),
        _ => None,
    });
    if !failed.is_empty() {
        return Check::with(
            name,
            Status::Warn,
            format!("could not simulate the policies: {}", failed.join("; ")),
            "run again with -vv to see every AWS request",
        );
    }
    // A server error says nothing about the roles' permissions, nor about the caller's.
    let unavailable = failures(|o| match o {
        Outcome::Unavailable(why) => Some(why),
        _ => None,
    });
    if !unavailable.is_empty() {
        return Check::with(
            name,
            Status::Skip,
            format!(
                "IAM could not answer, so no verdict: {}",
                unavailable.join("; ")
            ),
            "run it again later: iops doctor --only permissions",
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
            outcome: match outcome {
                Ok(verdict) => Outcome::Decided(verdict.into()),
                Err(why) => Outcome::CallerDenied(why.into()),
            },
        }
    }

    fn aws_failure(code: &str) -> Error {
        Error::Aws(crate::error::AwsFailure {
            action: "simulate chat_processor's role".into(),
            code: Some(code.into()),
            message: "no".into(),
            request_id: None,
            hint: None,
        })
    }

    #[test]
    fn only_access_denied_codes_blame_the_callers_permission() {
        for code in ["AccessDenied", "AccessDeniedException"] {
            assert!(matches!(
                outcome_of_failure(Some(code), false, &aws_failure(code)),
                Outcome::CallerDenied(_)
            ));
        }
        // HTTP 500 and throttling after the SDK's retries are transient; so is a dead endpoint.
        for (code, transient) in [("ServiceFailure", true), ("Throttling", true)] {
            assert!(matches!(
                outcome_of_failure(Some(code), transient, &aws_failure(code)),
                Outcome::Unavailable(_)
            ));
        }
        let unreachable = Error::Network("simulate: cannot reach http://127.0.0.1:9".into());
        assert!(matches!(
            outcome_of_failure(None, false, &unreachable),
            Outcome::Unavailable(_)
        ));
        assert!(matches!(
            outcome_of_failure(Some("NoSuchEntity"), false, &aws_failure("NoSuchEntity")),
            Outcome::Failed(_)
        ));
    }

    #[test]
    fn an_iam_server_error_is_a_skip_with_the_error_not_a_permission_verdict() {
        let mut failing = decision("chat_processor", Ok("allowed"));
        failing.outcome = Outcome::Unavailable(
            "simulate chat_processor's role: ServiceFailure: internal error".into(),
        );
        let check = judge(&[decision("broadcaster", Ok("allowed")), failing]);
        assert_eq!(check.status, Status::Skip);
        assert!(
            check.evidence.contains("ServiceFailure"),
            "{}",
            check.evidence
        );
        assert!(
            !check
                .next
                .as_deref()
                .unwrap()
                .contains("SimulatePrincipalPolicy"),
            "{check:?}"
        );
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
