//! IAM's SimulatePrincipalPolicy, which moto does not implement (it answers an HTML 404), in front
//! of moto: that one action is answered here in the IAM Query protocol (form-encoded request, XML
//! response, as in the IAM API reference); every other request is forwarded to moto unchanged.
//! Roles named in `allowed` (or every role, for `*`) get `allowed`, others `implicitDeny`; with `refuse` every simulation is
//! answered 403 AccessDenied, as for a caller without iam:SimulatePrincipalPolicy; with
//! [`Answer::ServerError`] every simulation is answered HTTP 500 ServiceFailure, as IAM does when
//! it fails on its side.

use std::sync::{Arc, Mutex};

use super::http::{self, Response, Server};

pub struct IamStandIn {
    pub server: Server,
    /// The PolicySourceArn of every simulation asked for.
    pub simulated: Arc<Mutex<Vec<String>>>,
}

fn form_value(body: &str, name: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| percent_decode(value))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.replace('+', " ").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How every SimulatePrincipalPolicy is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `allowed` for the roles named, `implicitDeny` for the others.
    Decide,
    /// 403 AccessDenied: the caller may not simulate.
    Refuse,
    /// 500 ServiceFailure: IAM failed (every attempt, so the SDK's retries give up).
    ServerError,
    /// 500 with an HTML page and no AWS error in it, as moto answers an action it lacks.
    BareServerError,
}

pub fn iam_stand_in(moto: &str, allowed: &[&str], refuse: bool) -> IamStandIn {
    let answer = if refuse {
        Answer::Refuse
    } else {
        Answer::Decide
    };
    iam_stand_in_answering(moto, allowed, answer)
}

pub fn iam_stand_in_answering(moto: &str, allowed: &[&str], answer: Answer) -> IamStandIn {
    let moto = moto.to_string();
    let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
    let simulated = Arc::new(Mutex::new(Vec::new()));
    let recorded = simulated.clone();
    let server = http::serve(move |request| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        if form_value(&body, "Action").as_deref() != Some("SimulatePrincipalPolicy") {
            return http::forward(&moto, &request);
        }
        let role = form_value(&body, "PolicySourceArn").unwrap_or_default();
        let action = form_value(&body, "ActionNames.member.1").unwrap_or_default();
        let resource = form_value(&body, "ResourceArns.member.1").unwrap_or_default();
        recorded.lock().unwrap().push(role.clone());
        let xml = |status: u16, text: String| Response {
            status,
            headers: vec![("Content-Type".into(), "text/xml".into())],
            body: text.into_bytes(),
        };
        if answer == Answer::ServerError {
            return xml(
                500,
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>Request processing has failed due to some unknown error, exception or failure.</Message></Error><RequestId>iops-test-500</RequestId></ErrorResponse>".to_string(),
            );
        }
        if answer == Answer::BareServerError {
            return Response {
                status: 500,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: b"<!doctype html><title>500 Internal Server Error</title>".to_vec(),
            };
        }
        if answer == Answer::Refuse {
            return xml(
                403,
                format!(
                    "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: iam:SimulatePrincipalPolicy on resource: {role}</Message></Error><RequestId>iops-test</RequestId></ErrorResponse>"
                ),
            );
        }
        let decision = if allowed
            .iter()
            .any(|a| a == "*" || role.ends_with(&format!("/{a}")))
        {
            "allowed"
        } else {
            "implicitDeny"
        };
        xml(
            200,
            format!(
                "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults><member><EvalActionName>{action}</EvalActionName><EvalResourceName>{resource}</EvalResourceName><EvalDecision>{decision}</EvalDecision><MatchedStatements/><MissingContextValues/></member></EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>iops-test</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>"
            ),
        )
    });
    IamStandIn { server, simulated }
}
