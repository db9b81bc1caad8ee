//! A stand-in for the API Gateway v2 REST endpoints `iops deploy` uses (moto has no deployments
//! and no UpdateStage), shaped as in the API Gateway v2 API reference: GetApis `GET /v2/apis`,
//! GetDeployments `GET /v2/apis/{apiId}/deployments`, GetDeployment `GET …/deployments/{id}`,
//! CreateDeployment `POST …/deployments` (201, `deploymentStatus` PENDING, then DEPLOYED or
//! FAILED), GetStages `GET /v2/apis/{apiId}/stages`, GetStage `GET …/stages/{name}`, UpdateStage
//! `PATCH …/stages/{name}`; for `iops doctor` also GetApi `GET /v2/apis/{apiId}`, GetRoutes
//! `GET …/routes`, GetIntegrations `GET …/integrations` and GetAuthorizers `GET …/authorizers`
//! (moto 5.2.5 has no GetAuthorizers); for `iops init` GetStages per API (`api_stages`), each `{"items": [...]}` with the reference's field names.
//! Errors carry `x-amzn-ErrorType`. Every call is recorded.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::http::{self, Request, Response, Server};

#[derive(Debug, Clone)]
pub struct DeploymentState {
    pub id: String,
    pub created: String,
    pub status: String,
    pub message: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StageState {
    pub name: String,
    pub deployment_id: Option<String>,
    pub auto_deploy: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ApiState {
    pub apis: Vec<(String, String)>,
    pub deployments: Vec<DeploymentState>,
    pub stages: Vec<StageState>,
    /// Stages of one API, answered by GetStages for that API instead of `stages` (a stack with
    /// an HTTP API's `$default` beside the WebSocket API's `prod`).
    pub api_stages: Vec<(String, Vec<StageState>)>,
    /// New deployments end FAILED with this message.
    pub fail_new_deployments: Option<String>,
    /// Every call answered 403 AccessDeniedException / 429 TooManyRequestsException.
    pub deny: bool,
    pub throttle: bool,
    /// GetDeployment polls seen per new deployment (PENDING on the first).
    pub polls: Vec<(String, u32)>,
    /// GetRoutes / GetIntegrations / GetAuthorizers items, as the API reference spells them.
    pub routes: Vec<Value>,
    pub integrations: Vec<Value>,
    pub authorizers: Vec<Value>,
}

pub struct ApiGatewayStandIn {
    pub server: Server,
    pub state: Arc<Mutex<ApiState>>,
    pub calls: Arc<Mutex<Vec<(String, String)>>>,
}

impl ApiGatewayStandIn {
    /// Calls that change something (POST, PATCH).
    pub fn mutations(&self) -> Vec<(String, String)> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, _)| m == "POST" || m == "PATCH")
            .cloned()
            .collect()
    }

    pub fn stage_deployment(&self, stage: &str) -> Option<String> {
        self.state
            .lock()
            .unwrap()
            .stages
            .iter()
            .find(|s| s.name == stage)
            .and_then(|s| s.deployment_id.clone())
    }
}

fn error(status: u16, kind: &str, message: &str) -> Response {
    Response {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-ErrorType".into(), kind.into()),
        ],
        body: json!({"message": message}).to_string().into_bytes(),
    }
}

fn ok(status: u16, body: Value) -> Response {
    Response {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    }
}

fn deployment_json(d: &DeploymentState) -> Value {
    let mut v = json!({"deploymentId": d.id, "createdDate": d.created, "deploymentStatus": d.status, "autoDeployed": false});
    if let Some(m) = &d.message {
        v["deploymentStatusMessage"] = json!(m);
    }
    if let Some(desc) = &d.description {
        v["description"] = json!(desc);
    }
    v
}

fn stage_json(s: &StageState) -> Value {
    let mut v = json!({
        "stageName": s.name, "autoDeploy": s.auto_deploy, "createdDate": "2026-11-01T00:00:00Z",
        "lastUpdatedDate": "2026-11-20T00:00:00Z",
        "defaultRouteSettings": {"throttlingBurstLimit": 5000, "throttlingRateLimit": 10000.0, "loggingLevel": "INFO",
                                 "dataTraceEnabled": false, "detailedMetricsEnabled": false}
    });
    if let Some(id) = &s.deployment_id {
        v["deploymentId"] = json!(id);
    }
    v
}

pub fn apigateway_stand_in(initial: ApiState) -> ApiGatewayStandIn {
    let state = Arc::new(Mutex::new(initial));
    let calls = Arc::new(Mutex::new(Vec::new()));
    let (handler_state, recorded) = (state.clone(), calls.clone());
    let server = http::serve(move |request: Request| {
        if let Some(identity) = http::caller_identity(&request) {
            return identity;
        }
        let path = request
            .path
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        recorded
            .lock()
            .unwrap()
            .push((request.method.clone(), path.clone()));
        let mut state = handler_state.lock().unwrap();
        if state.deny {
            return error(
                403,
                "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: apigateway:GET",
            );
        }
        if state.throttle {
            return error(429, "TooManyRequestsException", "Too Many Requests");
        }
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (request.method.as_str(), parts.as_slice()) {
            ("GET", ["v2", "apis"]) => {
                let items: Vec<Value> = state
                    .apis
                    .iter()
                    .map(|(id, name)| {
                        json!({"apiId": id, "name": name, "protocolType": "WEBSOCKET",
                        "apiEndpoint": format!("wss://{id}.execute-api.us-east-1.amazonaws.com"),
                        "routeSelectionExpression": "$request.body.action"})
                    })
                    .collect();
                ok(200, json!({"items": items}))
            }
            (_, ["v2", "apis", api, ..]) if !state.apis.iter().any(|(id, _)| id == api) => {
                error(404, "NotFoundException", "Invalid API identifier specified")
            }
            ("GET", ["v2", "apis", api]) => {
                let name = state
                    .apis
                    .iter()
                    .find(|(id, _)| id == api)
                    .map(|(_, n)| n.clone());
                ok(
                    200,
                    json!({"apiId": api, "name": name, "protocolType": "WEBSOCKET",
                        "apiEndpoint": format!("wss://{api}.execute-api.us-east-1.amazonaws.com"),
                        "routeSelectionExpression": "$request.body.action"}),
                )
            }
            ("GET", ["v2", "apis", _, "routes"]) => ok(200, json!({"items": state.routes})),
            ("GET", ["v2", "apis", _, "integrations"]) => {
                ok(200, json!({"items": state.integrations}))
            }
            ("GET", ["v2", "apis", _, "authorizers"]) => {
                ok(200, json!({"items": state.authorizers}))
            }
            ("GET", ["v2", "apis", _, "deployments"]) => {
                // Two per page, so paging is exercised.
                let start: usize = request
                    .path
                    .split("nextToken=")
                    .nth(1)
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(0);
                let items: Vec<Value> = state
                    .deployments
                    .iter()
                    .skip(start)
                    .take(2)
                    .map(deployment_json)
                    .collect();
                let mut body = json!({"items": items});
                if start + 2 < state.deployments.len() {
                    body["nextToken"] = json!((start + 2).to_string());
                }
                ok(200, body)
            }
            ("POST", ["v2", "apis", _, "deployments"]) => {
                let input: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
                let id = format!("new{}", state.deployments.len());
                let deployment = DeploymentState {
                    id: id.clone(),
                    created: "2026-11-25T12:00:00Z".into(),
                    status: "PENDING".into(),
                    message: None,
                    description: input["description"].as_str().map(str::to_string),
                };
                state.deployments.insert(0, deployment.clone());
                state.polls.push((id, 0));
                ok(201, deployment_json(&deployment))
            }
            ("GET", ["v2", "apis", _, "deployments", id]) => {
                let id = id.to_string();
                if let Some(poll) = state.polls.iter_mut().find(|(d, _)| *d == id) {
                    poll.1 += 1;
                    if poll.1 >= 2 {
                        let failure = state.fail_new_deployments.clone();
                        if let Some(d) = state
                            .deployments
                            .iter_mut()
                            .find(|d| d.id == id && d.status == "PENDING")
                        {
                            d.status = if failure.is_some() {
                                "FAILED".into()
                            } else {
                                "DEPLOYED".into()
                            };
                            d.message = failure;
                        }
                    }
                }
                match state.deployments.iter().find(|d| d.id == id) {
                    Some(d) => ok(200, deployment_json(d)),
                    None => error(
                        404,
                        "NotFoundException",
                        "Invalid Deployment identifier specified",
                    ),
                }
            }
            ("GET", ["v2", "apis", api, "stages"]) => {
                let stages = state
                    .api_stages
                    .iter()
                    .find(|(id, _)| id == api)
                    .map_or(&state.stages, |(_, stages)| stages);
                ok(
                    200,
                    json!({"items": stages.iter().map(stage_json).collect::<Vec<_>>()}),
                )
            }
            ("GET", ["v2", "apis", _, "stages", name]) => {
                match state.stages.iter().find(|s| s.name == *name) {
                    Some(s) => ok(200, stage_json(s)),
                    None => error(
                        404,
                        "NotFoundException",
                        "Invalid stage identifier specified",
                    ),
                }
            }
            ("PATCH", ["v2", "apis", _, "stages", name]) => {
                let input: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
                let known: Vec<String> = state.deployments.iter().map(|d| d.id.clone()).collect();
                let Some(stage) = state.stages.iter_mut().find(|s| s.name == *name) else {
                    return error(
                        404,
                        "NotFoundException",
                        "Invalid stage identifier specified",
                    );
                };
                if let Some(id) = input["deploymentId"].as_str() {
                    if stage.auto_deploy {
                        return error(
                            400,
                            "BadRequestException",
                            "Deployment id cannot be specified when auto deploy is enabled",
                        );
                    }
                    if !known.iter().any(|k| k == id) {
                        return error(
                            404,
                            "NotFoundException",
                            "Invalid Deployment identifier specified",
                        );
                    }
                    stage.deployment_id = Some(id.to_string());
                }
                ok(200, stage_json(stage))
            }
            _ => error(404, "NotFoundException", "unknown route in the stand-in"),
        }
    });
    ApiGatewayStandIn {
        server,
        state,
        calls,
    }
}

/// The `003_…` situation: three deployments, the stage still on the oldest.
pub fn stale_stage_api() -> ApiState {
    let deployment = |id: &str, created: &str, status: &str| DeploymentState {
        id: id.into(),
        created: created.into(),
        status: status.into(),
        message: None,
        description: Some(format!("cdk deploy {id}")),
    };
    ApiState {
        apis: vec![
            ("abc123defg".into(), "IOpsDashboard-WebSocketApi".into()),
            ("zzz999".into(), "Other".into()),
        ],
        deployments: vec![
            deployment("d3", "2026-11-24T10:00:00Z", "DEPLOYED"),
            deployment("d2", "2026-11-20T10:00:00Z", "DEPLOYED"),
            deployment("bad", "2026-11-18T10:00:00Z", "FAILED"),
            deployment("d1", "2026-11-10T10:00:00Z", "DEPLOYED"),
        ],
        stages: vec![
            StageState {
                name: "prod".into(),
                deployment_id: Some("d1".into()),
                auto_deploy: false,
            },
            StageState {
                name: "dev".into(),
                deployment_id: Some("d3".into()),
                auto_deploy: true,
            },
        ],
        ..ApiState::default()
    }
}

/// A healthy WebSocket API for `iops doctor`: `$connect` behind a REQUEST authorizer reading
/// `?token=`, `$disconnect` and `$default` integrated, and the `prod` stage on the newest deployment.
pub fn healthy_websocket_api(api_id: &str) -> ApiState {
    let deployment = |id: &str, created: &str| DeploymentState {
        id: id.into(),
        created: created.into(),
        status: "DEPLOYED".into(),
        message: None,
        description: None,
    };
    let route = |id: &str, key: &str, integration: &str| {
        json!({"routeId": id, "routeKey": key, "authorizationType": "NONE", "apiKeyRequired": false,
               "target": format!("integrations/{integration}")})
    };
    let mut connect = route("rc1", "$connect", "ic1");
    connect["authorizationType"] = json!("CUSTOM");
    connect["authorizerId"] = json!("au1");
    ApiState {
        apis: vec![(api_id.into(), "IOpsDashboard-WebSocketApi".into())],
        deployments: vec![
            deployment("d2", "2026-11-24T10:00:00Z"),
            deployment("d1", "2026-11-10T10:00:00Z"),
        ],
        stages: vec![StageState {
            name: "prod".into(),
            deployment_id: Some("d2".into()),
            auto_deploy: false,
        }],
        routes: vec![
            connect,
            route("rd1", "$disconnect", "id1"),
            route("rf1", "$default", "if1"),
        ],
        integrations: ["ic1", "id1", "if1"]
            .iter()
            .map(|id| json!({"integrationId": id, "integrationType": "AWS_PROXY"}))
            .collect(),
        authorizers: vec![
            json!({"authorizerId": "au1", "name": "TokenAuthorizer", "authorizerType": "REQUEST",
            "identitySource": ["route.request.querystring.token"]}),
        ],
        ..ApiState::default()
    }
}
