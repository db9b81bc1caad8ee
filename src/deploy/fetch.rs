//! API Gateway v2 calls for deployments and stages, returning plain typed data.

use aws_sdk_apigatewayv2::Client;
use aws_smithy_types::DateTime;
use jiff::Timestamp;

use crate::aws;
use crate::error::{AwsFailure, Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub id: String,
    pub created: Option<Timestamp>,
    pub status: String,
    pub status_message: Option<String>,
    pub description: Option<String>,
    pub auto_deployed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageState {
    pub name: String,
    pub deployment_id: Option<String>,
    pub auto_deploy: bool,
    pub last_updated: Option<Timestamp>,
    pub throttling_burst: Option<i32>,
    pub throttling_rate: Option<f64>,
    pub logging_level: Option<String>,
}

fn timestamp(date: Option<&DateTime>) -> Option<Timestamp> {
    date.and_then(|d| Timestamp::from_millisecond(d.to_millis().ok()?).ok())
}

/// The SDK has one type per operation output with the same getters (Deployment,
/// GetDeploymentOutput, CreateDeploymentOutput; Stage, GetStageOutput): one conversion for all.
macro_rules! deployment_from {
    ($d:expr) => {{
        let d = $d;
        Deployment {
            id: d.deployment_id().unwrap_or_default().to_string(),
            created: timestamp(d.created_date()),
            status: d
                .deployment_status()
                .map_or_else(|| "UNKNOWN".to_string(), |s| s.as_str().to_string()),
            status_message: d.deployment_status_message().map(str::to_string),
            description: d.description().map(str::to_string),
            auto_deployed: d.auto_deployed().unwrap_or(false),
        }
    }};
}

macro_rules! stage_from {
    ($s:expr) => {{
        let s = $s;
        let settings = s.default_route_settings();
        StageState {
            name: s.stage_name().unwrap_or_default().to_string(),
            deployment_id: s.deployment_id().map(str::to_string),
            auto_deploy: s.auto_deploy().unwrap_or(false),
            last_updated: timestamp(s.last_updated_date()),
            throttling_burst: settings.and_then(|r| r.throttling_burst_limit()),
            throttling_rate: settings.and_then(|r| r.throttling_rate_limit()),
            logging_level: settings
                .and_then(|r| r.logging_level())
                .map(|l| l.as_str().to_string()),
        }
    }};
}

/// `--api NAME` → its id (GetApis, every page). Unknown names exit 3 and ambiguous ones exit 2,
/// both listing the candidates.
pub async fn api_id_by_name(client: &Client, name: &str) -> Result<String> {
    let apis: Vec<(String, String)> =
        aws::api_gateway_pages!(client.get_apis(), "list APIs (GetApis)")
            .iter()
            .map(|a| {
                (
                    a.name().unwrap_or_default().to_string(),
                    a.api_id().unwrap_or_default().to_string(),
                )
            })
            .collect();
    let matching: Vec<&(String, String)> = apis.iter().filter(|(n, _)| n == name).collect();
    let listing = |list: &[&(String, String)]| {
        list.iter()
            .map(|(n, id)| format!("{n} ({id})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match matching.as_slice() {
        [(_, id)] => Ok(id.clone()),
        [] => Err(Error::Aws(AwsFailure {
            action: format!("find API '{name}'"),
            code: Some("NotFound".into()),
            message: format!(
                "no API is named '{name}'; APIs here: {}",
                if apis.is_empty() {
                    "none".into()
                } else {
                    listing(&apis.iter().collect::<Vec<_>>())
                }
            ),
            request_id: None,
            hint: Some("check --region, or pass --api-id".into()),
        })),
        many => Err(Error::usage(format!(
            "{} APIs are named '{name}': {}; pass --api-id",
            many.len(),
            listing(many)
        ))),
    }
}

/// Every deployment, newest first.
pub async fn deployments(client: &Client, api_id: &str) -> Result<Vec<Deployment>> {
    let pages = aws::api_gateway_pages!(
        client.get_deployments().api_id(api_id),
        format!("list deployments of API {api_id}")
    );
    let mut all: Vec<Deployment> = pages.iter().map(|d| deployment_from!(d)).collect();
    all.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    Ok(all)
}

pub async fn get_deployment(client: &Client, api_id: &str, id: &str) -> Result<Deployment> {
    let d = client
        .get_deployment()
        .api_id(api_id)
        .deployment_id(id)
        .send()
        .await
        .map_err(|e| aws::error(format!("read deployment {id} of API {api_id}"), e))?;
    Ok(deployment_from!(&d))
}

pub async fn stages(client: &Client, api_id: &str) -> Result<Vec<StageState>> {
    let pages = aws::api_gateway_pages!(
        client.get_stages().api_id(api_id),
        format!("list stages of API {api_id}")
    );
    Ok(pages.iter().map(|s| stage_from!(s)).collect())
}

pub async fn get_stage(client: &Client, api_id: &str, name: &str) -> Result<StageState> {
    let s = client
        .get_stage()
        .api_id(api_id)
        .stage_name(name)
        .send()
        .await
        .map_err(|e| aws::error(format!("read stage {name} of API {api_id}"), e))?;
    Ok(stage_from!(&s))
}

pub async fn create_deployment(
    client: &Client,
    api_id: &str,
    description: Option<String>,
) -> Result<Deployment> {
    let d = client
        .create_deployment()
        .api_id(api_id)
        .set_description(description)
        .send()
        .await
        .map_err(|e| aws::error(format!("create a deployment of API {api_id}"), e))?;
    Ok(deployment_from!(&d))
}

pub async fn set_stage_deployment(
    client: &Client,
    api_id: &str,
    stage: &str,
    deployment_id: &str,
) -> Result<()> {
    client
        .update_stage()
        .api_id(api_id)
        .stage_name(stage)
        .deployment_id(deployment_id)
        .send()
        .await
        .map_err(|e| aws::error(format!("update stage {stage} of API {api_id}"), e))?;
    Ok(())
}
