//! The routes check: what GetRoutes, GetIntegrations and GetAuthorizers return, judged by a pure
//! function — the route table, the authorizer on `$connect`, and its identity source against where
//! clients send the token (runbook 003: the authorizer was never invoked).

use super::{Check, CheckName, Status};
use crate::aws;
use crate::context::Context;
use crate::error::Result;

#[derive(Debug, Clone, Default)]
pub struct Route {
    pub id: String,
    pub key: String,
    pub authorization_type: String,
    pub authorizer_id: Option<String>,
    pub target: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Authorizer {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub identity_source: Vec<String>,
}

/// Where clients put the token: `query:NAME` or `header:NAME` (`token_source` in iops.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    Query(String),
    Header(String),
}

impl TokenSource {
    pub fn parse(text: &str) -> Result<TokenSource, String> {
        match text.split_once(':') {
            Some(("query", name)) if !name.is_empty() => Ok(TokenSource::Query(name.into())),
            Some(("header", name)) if !name.is_empty() => Ok(TokenSource::Header(name.into())),
            _ => Err(format!(
                "token_source '{text}' is not query:NAME or header:NAME"
            )),
        }
    }

    /// The identity source expression API Gateway would need for this placement.
    fn expression(&self) -> String {
        match self {
            TokenSource::Query(name) => format!("route.request.querystring.{name}"),
            TokenSource::Header(name) => format!("route.request.header.{name}"),
        }
    }

    fn describe(&self) -> String {
        match self {
            TokenSource::Query(name) => format!("as ?{name}="),
            TokenSource::Header(name) => format!("in the {name} header"),
        }
    }
}

pub struct RouteTable<'a> {
    pub api_id: &'a str,
    pub stage: Option<&'a str>,
    pub routes: &'a [Route],
    pub integrations: &'a [String],
    pub authorizers: &'a [Authorizer],
    pub token_source: &'a TokenSource,
    /// `functions.authorizer` is configured: an authorizer is expected.
    pub authorizer_expected: bool,
}

const NAME: CheckName = CheckName::Routes;

pub fn judge(t: &RouteTable) -> Check {
    if let Some(problem) = route_problem(t) {
        return problem;
    }
    let connect = t
        .routes
        .iter()
        .find(|r| r.key == "$connect")
        .expect("route_problem checked $connect");
    let keys: Vec<&str> = t.routes.iter().map(|r| r.key.as_str()).collect();
    let routes = format!("routes {} integrated", keys.join(", "));
    match authorizer_problem(t, connect) {
        Err(problem) => problem,
        Ok(authorization) => Check::pass(NAME, format!("{routes}; {authorization}")),
    }
}

fn route_problem(t: &RouteTable) -> Option<Check> {
    let has = |key: &str| t.routes.iter().any(|r| r.key == key);
    let missing: Vec<&str> = ["$connect", "$disconnect"]
        .into_iter()
        .filter(|k| !has(k))
        .collect();
    let message_routes = t.routes.iter().any(|r| !r.key.starts_with('$')) || has("$default");
    if !missing.is_empty() || !message_routes {
        let mut what = missing.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        if !message_routes {
            what.push("$default or a message route".into());
        }
        return Some(Check::with(
            NAME,
            Status::Fail,
            format!("API {} has no {}", t.api_id, what.join(", ")),
            "add the route with an integration to your stack, deploy it, then `iops deploy activate-stage --latest`",
        ));
    }
    let unintegrated: Vec<&str> = t
        .routes
        .iter()
        .filter(|r| {
            r.target
                .as_deref()
                .and_then(|target| target.strip_prefix("integrations/"))
                .is_none_or(|id| !t.integrations.iter().any(|i| i == id))
        })
        .map(|r| r.key.as_str())
        .collect();
    (!unintegrated.is_empty()).then(|| {
        Check::with(
            NAME,
            Status::Fail,
            format!(
                "route{} {} ha{} no integration: API Gateway cannot invoke a function for {}",
                if unintegrated.len() == 1 { "" } else { "s" },
                unintegrated.join(", "),
                if unintegrated.len() == 1 { "s" } else { "ve" },
                if unintegrated.len() == 1 {
                    "it"
                } else {
                    "them"
                },
            ),
            format!("aws apigatewayv2 get-routes --api-id {}", t.api_id),
        )
    })
}

/// Ok(evidence) when `$connect`'s authorization is sound.
fn authorizer_problem(t: &RouteTable, connect: &Route) -> Result<String, Check> {
    let attached = connect
        .authorizer_id
        .as_deref()
        .and_then(|id| t.authorizers.iter().find(|a| a.id == id));
    let redeploy = format!(
        "then `iops deploy create --api-id {} && iops deploy activate-stage --api-id {} --stage {} --latest`",
        t.api_id,
        t.api_id,
        t.stage.unwrap_or("STAGE")
    );
    let Some(authorizer) = attached else {
        if connect.authorization_type == "NONE"
            && (t.authorizer_expected || !t.authorizers.is_empty())
        {
            let (name, id) = t
                .authorizers
                .first()
                .map_or(("(none created)", "AUTHORIZER_ID"), |a| {
                    (a.name.as_str(), a.id.as_str())
                });
            return Err(Check::with(
                NAME,
                Status::Fail,
                format!(
                    "authorizer {name} is never invoked: $connect has authorizationType NONE (runbook 003)"
                ),
                format!(
                    "aws apigatewayv2 update-route --api-id {} --route-id {} --authorization-type CUSTOM --authorizer-id {id}; {redeploy}",
                    t.api_id, connect.id
                ),
            ));
        }
        return Ok(format!(
            "$connect authorization {} (no authorizer)",
            connect.authorization_type
        ));
    };
    let wanted = t.token_source.expression();
    let mismatched: Vec<&str> = authorizer
        .identity_source
        .iter()
        .map(String::as_str)
        .filter(|s| s.starts_with("route.request.") && !same_source(s, &wanted))
        .collect();
    if !mismatched.is_empty() {
        let header_note = if mismatched.iter().any(|s| s.contains(".header."))
            && matches!(t.token_source, TokenSource::Query(_))
        {
            " (browsers cannot set headers on a WebSocket)"
        } else {
            ""
        };
        return Err(Check::with(
            NAME,
            Status::Fail,
            format!(
                "authorizer {} identity source {} but clients send the token {}{header_note}: API Gateway answers 401 without invoking the authorizer (runbook 003)",
                authorizer.name,
                mismatched.join(", "),
                t.token_source.describe()
            ),
            format!(
                "aws apigatewayv2 update-authorizer --api-id {} --authorizer-id {} --identity-source {wanted} (or fix token_source in iops.toml); {redeploy}",
                t.api_id, authorizer.id
            ),
        ));
    }
    let source = if authorizer.identity_source.is_empty() {
        "no identity source, invoked on every connect".to_string()
    } else {
        format!(
            "identity source {} matches clients sending the token {}",
            authorizer.identity_source.join(", "),
            t.token_source.describe()
        )
    };
    Ok(format!(
        "authorizer {} ({}) on $connect, {source}",
        authorizer.name, authorizer.kind
    ))
}

pub async fn check(ctx: &Context) -> Check {
    let name = CheckName::Routes;
    let Some(api_id) = ctx.settings.get("api_id") else {
        return Check::unconfigured(name, "api_id");
    };
    let token_source =
        match TokenSource::parse(ctx.settings.get("token_source").unwrap_or("query:token")) {
            Ok(source) => source,
            Err(e) => {
                return Check::with(
                    name,
                    Status::Fail,
                    e,
                    "set token_source = \"query:NAME\" or \"header:NAME\" in iops.toml",
                );
            }
        };
    match gather(ctx, api_id).await {
        Err(err) => Check::from_error(name, &err),
        Ok((routes, integrations, authorizers)) => judge(&RouteTable {
            api_id,
            stage: ctx.settings.get("stage"),
            routes: &routes,
            integrations: &integrations,
            authorizers: &authorizers,
            token_source: &token_source,
            authorizer_expected: ctx.settings.function("authorizer").is_some(),
        }),
    }
}

/// What GetRoutes, GetIntegrations and GetAuthorizers return, every page.
async fn gather(ctx: &Context, api_id: &str) -> Result<(Vec<Route>, Vec<String>, Vec<Authorizer>)> {
    let client = aws::apigateway(ctx.sdk().await?);
    let routes = aws::api_gateway_pages!(
        client.get_routes().api_id(api_id),
        "list routes (GetRoutes)"
    )
    .into_iter()
    .map(|r| Route {
        id: r.route_id().unwrap_or_default().into(),
        key: r.route_key().unwrap_or_default().into(),
        authorization_type: r
            .authorization_type()
            .map_or("NONE".into(), |a| a.as_str().to_string()),
        authorizer_id: r.authorizer_id().map(str::to_string),
        target: r.target().map(str::to_string),
    })
    .collect();
    let integrations = aws::api_gateway_pages!(
        client.get_integrations().api_id(api_id),
        "list integrations (GetIntegrations)"
    )
    .into_iter()
    .filter_map(|i| i.integration_id().map(str::to_string))
    .collect();
    let authorizers = aws::api_gateway_pages!(
        client.get_authorizers().api_id(api_id),
        "list authorizers (GetAuthorizers)"
    )
    .into_iter()
    .map(|a| Authorizer {
        id: a.authorizer_id().unwrap_or_default().into(),
        name: a.name().unwrap_or_default().into(),
        kind: a
            .authorizer_type()
            .map_or("?".into(), |t| t.as_str().to_string()),
        identity_source: a.identity_source().to_vec(),
    })
    .collect();
    Ok((routes, integrations, authorizers))
}

/// Header names are case-insensitive; query parameter names are not.
fn same_source(configured: &str, wanted: &str) -> bool {
    if configured.starts_with("route.request.header.") {
        configured.eq_ignore_ascii_case(wanted)
    } else {
        configured == wanted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(key: &str, auth: &str, authorizer: Option<&str>, target: Option<&str>) -> Route {
        Route {
            id: format!("r-{key}"),
            key: key.into(),
            authorization_type: auth.into(),
            authorizer_id: authorizer.map(str::to_string),
            target: target.map(str::to_string),
        }
    }

    fn healthy_routes() -> Vec<Route> {
        vec![
            route("$connect", "CUSTOM", Some("au1"), Some("integrations/i1")),
            route("$disconnect", "NONE", None, Some("integrations/i2")),
            route("$default", "NONE", None, Some("integrations/i3")),
        ]
    }

    fn authorizer(sources: &[&str]) -> Vec<Authorizer> {
        vec![Authorizer {
            id: "au1".into(),
            name: "TokenAuthorizer".into(),
            kind: "REQUEST".into(),
            identity_source: sources.iter().map(|s| s.to_string()).collect(),
        }]
    }

    fn check(routes: &[Route], authorizers: &[Authorizer], token: &TokenSource) -> Check {
        let integrations = ["i1".to_string(), "i2".into(), "i3".into()];
        judge(&RouteTable {
            api_id: "abc",
            stage: Some("prod"),
            routes,
            integrations: &integrations,
            authorizers,
            token_source: token,
            authorizer_expected: false,
        })
    }

    #[test]
    fn matching_identity_source_passes() {
        let token = TokenSource::parse("query:token").unwrap();
        let c = check(
            &healthy_routes(),
            &authorizer(&["route.request.querystring.token"]),
            &token,
        );
        assert_eq!(c.status, Status::Pass, "{c:?}");
        assert!(c.evidence.contains("TokenAuthorizer (REQUEST) on $connect"));
    }

    #[test]
    fn a_header_identity_source_with_query_tokens_fails_and_says_why() {
        let token = TokenSource::parse("query:token").unwrap();
        let c = check(
            &healthy_routes(),
            &authorizer(&["route.request.header.Authorization"]),
            &token,
        );
        assert_eq!(c.status, Status::Fail);
        assert!(
            c.evidence.contains("browsers cannot set headers"),
            "{}",
            c.evidence
        );
        assert!(
            c.next
                .unwrap()
                .contains("--identity-source route.request.querystring.token")
        );
    }

    #[test]
    fn an_authorizer_left_off_connect_fails() {
        let mut routes = healthy_routes();
        routes[0] = route("$connect", "NONE", None, Some("integrations/i1"));
        let c = check(
            &routes,
            &authorizer(&[]),
            &TokenSource::Query("token".into()),
        );
        assert_eq!(c.status, Status::Fail);
        assert!(
            c.evidence.contains("authorizationType NONE"),
            "{}",
            c.evidence
        );
        assert!(
            c.next
                .unwrap()
                .contains("--route-id r-$connect --authorization-type CUSTOM --authorizer-id au1")
        );
    }

    #[test]
    fn missing_routes_and_integrations_fail() {
        let token = TokenSource::Query("token".into());
        let c = check(&healthy_routes()[..1], &[], &token);
        assert!(
            c.evidence
                .contains("no $disconnect, $default or a message route"),
            "{}",
            c.evidence
        );
        let mut routes = healthy_routes();
        routes[2].target = Some("integrations/gone".into());
        let c = check(&routes, &authorizer(&[]), &token);
        assert_eq!(c.status, Status::Fail);
        assert!(
            c.evidence.starts_with("route $default has no integration"),
            "{}",
            c.evidence
        );
    }

    #[test]
    fn header_names_ignore_case_and_query_names_do_not() {
        let header = TokenSource::Header("Authorization".into());
        let c = check(
            &healthy_routes(),
            &authorizer(&["route.request.header.authorization"]),
            &header,
        );
        assert_eq!(c.status, Status::Pass, "{c:?}");
        let query = TokenSource::Query("Token".into());
        let c = check(
            &healthy_routes(),
            &authorizer(&["route.request.querystring.token"]),
            &query,
        );
        assert_eq!(c.status, Status::Fail, "{c:?}");
    }

    #[test]
    fn token_sources_parse() {
        assert_eq!(
            TokenSource::parse("header:Authorization"),
            Ok(TokenSource::Header("Authorization".into()))
        );
        assert!(TokenSource::parse("cookie:x").is_err());
        assert!(TokenSource::parse("query:").is_err());
    }
}
