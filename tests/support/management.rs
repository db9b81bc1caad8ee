//! A stand-in for one stage's API Gateway management API (moto never answers 410): GetConnection is
//! `GET /{stage}/@connections/{connectionId}` and PostToConnection `POST` to the same path, answered
//! 200 for live ids (GetConnection with the connection's description) and 410 `GoneException` for
//! the rest, as in the API Gateway management API reference.

use std::sync::{Arc, Mutex};

use serde_json::json;

use super::http::{self, Response, Server};

pub struct ManagementStandIn {
    pub server: Server,
    /// The stage endpoint to pass as `--endpoint`.
    pub endpoint: String,
    pub checked: Arc<Mutex<Vec<String>>>,
    /// PostToConnection calls: (connection id, body).
    pub posted: Arc<Mutex<Vec<(String, String)>>>,
}

pub fn management_stand_in(stage: &str, live: &[&str]) -> ManagementStandIn {
    let live: Vec<String> = live.iter().map(|s| s.to_string()).collect();
    let checked = Arc::new(Mutex::new(Vec::new()));
    let recorded = checked.clone();
    let posted = Arc::new(Mutex::new(Vec::new()));
    let posts = posted.clone();
    let prefix = format!("/{stage}/@connections/");
    let server = http::serve(move |request| {
        if let Some(identity) = http::caller_identity(&request) {
            return identity;
        }
        let Some(id) = request.path.strip_prefix(&prefix) else {
            return Response::json(404, r#"{"message":"Not Found"}"#);
        };
        let id = id
            .replace("%3D", "=")
            .replace("%2B", "+")
            .replace("%2F", "/");
        if request.method == "POST" {
            posts.lock().unwrap().push((
                id.clone(),
                String::from_utf8_lossy(&request.body).into_owned(),
            ));
        } else {
            recorded.lock().unwrap().push(id.clone());
        }
        if live.contains(&id) {
            let body = json!({"connectedAt": "2026-11-25T12:00:00Z", "identity": {"sourceIp": "10.0.0.1", "userAgent": "iops-test"}, "lastActiveAt": "2026-11-25T12:01:00Z"});
            Response {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: body.to_string().into_bytes(),
            }
        } else {
            Response {
                status: 410,
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("x-amzn-ErrorType".into(), "GoneException".into()),
                ],
                body: br#"{"message":null}"#.to_vec(),
            }
        }
    });
    let endpoint = format!("{}/{stage}", server.endpoint);
    ManagementStandIn {
        server,
        endpoint,
        checked,
        posted,
    }
}
