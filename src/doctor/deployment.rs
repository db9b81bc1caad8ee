//! The deployment check: the stage serves the newest DEPLOYED deployment (runbook `003_…`: CDK
//! "deployed" while the stage kept serving the old one).

use super::{Check, CheckName, Status};
use crate::aws;
use crate::context::Context;
use crate::deploy::{self, StageStatus};
use crate::error::Result;

pub async fn check(ctx: &Context) -> Check {
    let name = CheckName::Deployment;
    let (Some(api_id), Some(stage)) = (ctx.settings.get("api_id"), ctx.settings.get("stage"))
    else {
        return Check::unconfigured(name, "api_id and stage");
    };
    match gather(ctx, api_id, stage).await {
        Ok(status) => judge(api_id, stage, &status),
        Err(err) => Check::from_error(name, &err),
    }
}

async fn gather(ctx: &Context, api_id: &str, stage: &str) -> Result<StageStatus> {
    deploy::stage_status(&aws::apigateway(ctx.sdk().await?), api_id, stage).await
}

fn judge(api_id: &str, stage: &str, status: &StageStatus) -> Check {
    let name = CheckName::Deployment;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::fetch::{Deployment, StageState};

    fn deployment(id: &str) -> Deployment {
        Deployment {
            id: id.into(),
            created: None,
            status: "DEPLOYED".into(),
            status_message: None,
            description: None,
            auto_deployed: false,
        }
    }

    fn status(serving: Option<&str>, newest: &str, auto_deploy: bool) -> StageStatus {
        StageStatus {
            stage: StageState {
                name: "prod".into(),
                deployment_id: serving.map(str::to_string),
                auto_deploy,
                last_updated: None,
                throttling_burst: None,
                throttling_rate: None,
                logging_level: None,
            },
            current: serving.map(deployment),
            newest: Some(deployment(newest)),
            behind: serving.is_some_and(|s| s != newest),
        }
    }

    #[test]
    fn serving_the_newest_passes() {
        let check = judge("abc", "prod", &status(Some("d2"), "d2", true));
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "stage prod serves d2, the newest DEPLOYED (autoDeploy on)"
        );
    }

    #[test]
    fn an_older_deployment_fails_with_the_command_that_activates_the_newest() {
        let check = judge("abc", "prod", &status(Some("d1"), "d2", false));
        assert_eq!(check.status, Status::Fail);
        assert!(check.evidence.contains("serves d1 but d2 is newer"));
        assert_eq!(
            check.next.as_deref(),
            Some("iops deploy activate-stage --api-id abc --stage prod --latest")
        );
    }

    #[test]
    fn no_deployment_fails_with_create_and_activate() {
        let check = judge("abc", "prod", &status(None, "d2", false));
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.evidence, "stage prod serves no deployment");
        assert!(
            check
                .next
                .unwrap()
                .starts_with("iops deploy create --api-id abc")
        );
    }
}
