//! A stand-in for the Lambda API's ListFunctions and Invoke (moto needs Docker to invoke, which
//! this machine lacks). Requests and responses follow the Lambda API reference: Invoke is
//! `POST /2015-03-31/functions/{FunctionName}/invocations` with `X-Amz-Invocation-Type` and
//! `X-Amz-Log-Type`, answered with `X-Amz-Executed-Version`, `X-Amz-Log-Result` (base64 of the
//! last 4 KB of the log) and, on a function error, `X-Amz-Function-Error`. ListFunctions is
//! `GET /2015-03-31/functions/?Marker=&MaxItems=`, paged by `NextMarker`. It records every call.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::http::{self, Request, Response, Server};

/// Functions per ListFunctions page, small so paging is exercised.
const PAGE: usize = 2;

#[derive(Debug, Clone)]
pub struct Invocation {
    pub function: String,
    pub invocation_type: Option<String>,
    pub log_type: Option<String>,
    pub payload: Value,
}

pub struct LambdaStandIn {
    pub server: Server,
    pub invocations: Arc<Mutex<Vec<Invocation>>>,
    pub list_calls: Arc<Mutex<u32>>,
}

/// `functions`: names, or `name|/custom/log-group` for a function with `LoggingConfig.LogGroup`.
/// `failing`: a function that answers like the seed's processor did with its float × Decimal bug.
pub fn lambda_stand_in(functions: &[&str], failing: Option<&str>) -> LambdaStandIn {
    let invocations = Arc::new(Mutex::new(Vec::new()));
    let list_calls = Arc::new(Mutex::new(0));
    let log_groups: Vec<(String, Option<String>)> = functions
        .iter()
        .map(|f| match f.split_once('|') {
            Some((name, group)) => (name.to_string(), Some(group.to_string())),
            None => (f.to_string(), None),
        })
        .collect();
    let functions: Vec<String> = log_groups.iter().map(|(name, _)| name.clone()).collect();
    let failing = failing.map(str::to_string);
    let (recorded, listed) = (invocations.clone(), list_calls.clone());
    let server = http::serve(move |request| {
        if let Some(identity) = http::caller_identity(&request) {
            return identity;
        }
        let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
        if request.method == "GET" && path.trim_end_matches('/') == "/2015-03-31/functions" {
            *listed.lock().unwrap() += 1;
            return list_functions(&log_groups, query);
        }
        let invoked = path
            .strip_prefix("/2015-03-31/functions/")
            .and_then(|rest| rest.strip_suffix("/invocations"))
            .map(percent_decode);
        match invoked {
            Some(name) if request.method == "POST" && functions.contains(&name) => {
                let fails = failing.as_deref() == Some(name.as_str());
                recorded.lock().unwrap().push(invocation(&name, &request));
                invoke(&name, &request, fails)
            }
            Some(name) => not_found(&name),
            None => Response::json(400, r#"{"message":"unexpected request"}"#),
        }
    });
    LambdaStandIn {
        server,
        invocations,
        list_calls,
    }
}

fn arn(name: &str) -> String {
    format!("arn:aws:lambda:us-east-1:123456789012:function:{name}")
}

fn list_functions(functions: &[(String, Option<String>)], query: &str) -> Response {
    let marker: usize = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("Marker="))
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = functions
        .iter()
        .skip(marker)
        .take(PAGE)
        .map(|(name, group)| {
            let group = group
                .clone()
                .unwrap_or_else(|| format!("/aws/lambda/{name}"));
            json!({"FunctionName": name, "FunctionArn": arn(name), "Runtime": "python3.12",
                   "LoggingConfig": {"LogFormat": "Text", "LogGroup": group}})
        })
        .collect();
    let next = (marker + PAGE < functions.len()).then(|| (marker + PAGE).to_string());
    let body = json!({"Functions": page, "NextMarker": next});
    Response {
        status: 200,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: serde_json::to_vec(&body).unwrap(),
    }
}

fn invocation(name: &str, request: &Request) -> Invocation {
    Invocation {
        function: name.to_string(),
        invocation_type: request.header("x-amz-invocation-type").map(str::to_string),
        log_type: request.header("x-amz-log-type").map(str::to_string),
        payload: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
    }
}

fn invoke(name: &str, request: &Request, fails: bool) -> Response {
    let payload: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let events = payload["events"].as_array().map_or(0, Vec::len);
    let log = format!(
        "START RequestId: 6f1b0c4e-0000-4000-8000-000000000001 Version: $LATEST\n\
         Processing {events} events in {name}\n\
         END RequestId: 6f1b0c4e-0000-4000-8000-000000000001\n\
         REPORT RequestId: 6f1b0c4e-0000-4000-8000-000000000001\tDuration: 11.51 ms\tBilled Duration: 12 ms\tMemory Size: 256 MB\tMax Memory Used: 99 MB\n"
    );
    let mut headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("X-Amz-Executed-Version".to_string(), "$LATEST".to_string()),
        (
            "x-amzn-RequestId".to_string(),
            "6f1b0c4e-0000-4000-8000-000000000001".to_string(),
        ),
    ];
    if request.header("x-amz-log-type") == Some("Tail") {
        headers.push((
            "X-Amz-Log-Result".into(),
            aws_smithy_types::base64::encode(log.as_bytes()),
        ));
    }
    let body = if fails {
        headers.push(("X-Amz-Function-Error".into(), "Unhandled".into()));
        json!({"errorMessage": "unsupported operand type(s) for *: 'float' and 'decimal.Decimal'", "errorType": "TypeError"})
    } else {
        json!({"statusCode": 200, "received": events})
    };
    Response {
        status: 200,
        headers,
        body: serde_json::to_vec(&body).unwrap(),
    }
}

fn not_found(name: &str) -> Response {
    Response {
        status: 404,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            (
                "x-amzn-ErrorType".into(),
                "ResourceNotFoundException".into(),
            ),
            (
                "x-amzn-RequestId".into(),
                "0000aaaa-0000-4000-8000-00000000beef".into(),
            ),
        ],
        body: serde_json::to_vec(
            &json!({"Type": "User", "Message": format!("Function not found: {}", arn(name))}),
        )
        .unwrap(),
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| u8::from_str_radix(&text[i + 1..i + 3], 16).ok())
            .flatten();
        if let Some(value) = escaped {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
