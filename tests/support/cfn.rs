//! A stand-in for the CloudFormation calls `iops init` makes, for the stacks moto cannot make: one
//! that rolled back, was deleted or is stuck in UPDATE_ROLLBACK_FAILED, a resource that failed to
//! create, and `AWS::ApiGatewayV2` resources (moto's CloudFormation has none). It speaks the
//! awsQuery protocol as the CloudFormation API reference shows it: a form-encoded POST with
//! `Action` and `Version=2010-05-15`, answered in XML — DescribeStacks
//! (`<DescribeStacksResponse><DescribeStacksResult><Stacks><member>…`) and ListStackResources
//! (`…<StackResourceSummaries><member>…`, two per page with `NextToken`, so paging is exercised).
//! A stack it does not hold is a 400 `ValidationError` "Stack with id NAME does not exist", as
//! AWS answers; as on AWS, a deleted stack is found by its ARN only. Every call is recorded, whatever its action (an STS call sent to the same
//! endpoint shows up as `GetCallerIdentity`).

use std::sync::{Arc, Mutex};

use super::http::{self, Request, Response, Server};

const NAMESPACE: &str = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

#[derive(Debug, Clone)]
pub struct StackResource {
    pub logical_id: String,
    pub kind: String,
    /// None for a resource that was never created (AWS leaves the element out).
    pub physical_id: Option<String>,
    pub status: String,
    pub reason: Option<String>,
}

/// A resource with a physical id, in `status`.
pub fn resource(logical: &str, kind: &str, physical: &str, status: &str) -> StackResource {
    StackResource {
        logical_id: logical.into(),
        kind: kind.into(),
        physical_id: Some(physical.into()),
        status: status.into(),
        reason: None,
    }
}

#[derive(Debug, Clone)]
pub struct StandInStack {
    pub name: String,
    pub status: String,
    pub reason: Option<String>,
    pub outputs: Vec<(String, String)>,
    pub resources: Vec<StackResource>,
}

impl StandInStack {
    pub fn new(name: &str, status: &str, resources: Vec<StackResource>) -> StandInStack {
        StandInStack {
            name: name.into(),
            status: status.into(),
            reason: None,
            outputs: Vec::new(),
            resources,
        }
    }

    pub fn arn(&self) -> String {
        format!(
            "arn:aws:cloudformation:us-east-1:123456789012:stack/{}/4f1e2a40-0000-11ef-9e2c-0a1b2c3d4e5f",
            self.name
        )
    }
}

pub struct CloudFormationStandIn {
    pub server: Server,
    /// (Action, StackName) of every request, in order.
    pub calls: Arc<Mutex<Vec<(String, String)>>>,
}

impl CloudFormationStandIn {
    /// The distinct actions called, sorted.
    pub fn actions(&self) -> Vec<String> {
        let mut actions: Vec<String> = self
            .calls
            .lock()
            .unwrap()
            .iter()
            .map(|(a, _)| a.clone())
            .collect();
        actions.sort();
        actions.dedup();
        actions
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xml(status: u16, body: String) -> Response {
    Response {
        status,
        headers: vec![("Content-Type".into(), "text/xml".into())],
        body: body.into_bytes(),
    }
}

fn answer(action: &str, result: &str) -> Response {
    xml(
        200,
        format!(
            "<{action}Response xmlns=\"{NAMESPACE}\">\n  <{action}Result>\n{result}  </{action}Result>\n  \
             <ResponseMetadata>\n    <RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId>\n  </ResponseMetadata>\n</{action}Response>\n"
        ),
    )
}

fn error(code: &str, message: &str) -> Response {
    xml(
        400,
        format!(
            "<ErrorResponse xmlns=\"{NAMESPACE}\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>{code}</Code>\n    \
             <Message>{}</Message>\n  </Error>\n  <RequestId>4af14eec-350e-11e4-b260-example</RequestId>\n</ErrorResponse>\n",
            escape(message)
        ),
    )
}

fn stack_member(stack: &StandInStack) -> String {
    let mut member = format!(
        "      <member>\n        <StackId>{}</StackId>\n        <StackName>{}</StackName>\n        \
         <CreationTime>2026-11-20T10:00:00.000Z</CreationTime>\n        <StackStatus>{}</StackStatus>\n",
        escape(&stack.arn()),
        escape(&stack.name),
        escape(&stack.status)
    );
    if let Some(reason) = &stack.reason {
        member.push_str(&format!(
            "        <StackStatusReason>{}</StackStatusReason>\n",
            escape(reason)
        ));
    }
    member.push_str("        <DisableRollback>false</DisableRollback>\n");
    if !stack.outputs.is_empty() {
        member.push_str("        <Outputs>\n");
        for (key, value) in &stack.outputs {
            member.push_str(&format!(
                "          <member>\n            <OutputKey>{}</OutputKey>\n            <OutputValue>{}</OutputValue>\n          </member>\n",
                escape(key),
                escape(value)
            ));
        }
        member.push_str("        </Outputs>\n");
    }
    member.push_str(
        "        <DriftInformation>\n          <StackDriftStatus>NOT_CHECKED</StackDriftStatus>\n        </DriftInformation>\n      </member>\n",
    );
    member
}

fn resource_member(r: &StackResource) -> String {
    let mut member = format!(
        "      <member>\n        <LogicalResourceId>{}</LogicalResourceId>\n",
        escape(&r.logical_id)
    );
    if let Some(physical) = &r.physical_id {
        member.push_str(&format!(
            "        <PhysicalResourceId>{}</PhysicalResourceId>\n",
            escape(physical)
        ));
    }
    member.push_str(&format!(
        "        <ResourceType>{}</ResourceType>\n        <LastUpdatedTimestamp>2026-11-20T10:01:00.000Z</LastUpdatedTimestamp>\n        \
         <ResourceStatus>{}</ResourceStatus>\n",
        escape(&r.kind),
        escape(&r.status)
    ));
    if let Some(reason) = &r.reason {
        member.push_str(&format!(
            "        <ResourceStatusReason>{}</ResourceStatusReason>\n",
            escape(reason)
        ));
    }
    member.push_str(
        "        <DriftInformation>\n          <StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus>\n        </DriftInformation>\n      </member>\n",
    );
    member
}

pub fn cloudformation_stand_in(stacks: Vec<StandInStack>) -> CloudFormationStandIn {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let recorded = calls.clone();
    let server = http::serve(move |request: Request| {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let action = field("Action").unwrap_or_default();
        let name = field("StackName").unwrap_or_default();
        recorded
            .lock()
            .unwrap()
            .push((action.clone(), name.clone()));
        if request.method != "POST" || field("Version").as_deref() != Some("2010-05-15") {
            return error(
                "InvalidAction",
                "expected an awsQuery POST, Version=2010-05-15",
            );
        }
        // As on AWS, a deleted stack is found by its ARN only.
        let stack = stacks
            .iter()
            .find(|s| s.arn() == name || (s.name == name && s.status != "DELETE_COMPLETE"));
        match (action.as_str(), stack) {
            ("DescribeStacks", Some(stack)) => answer(
                "DescribeStacks",
                &format!("    <Stacks>\n{}    </Stacks>\n", stack_member(stack)),
            ),
            ("DescribeStacks", None) if name.is_empty() => {
                let members: String = stacks
                    .iter()
                    .filter(|s| s.status != "DELETE_COMPLETE")
                    .map(stack_member)
                    .collect();
                answer(
                    "DescribeStacks",
                    &format!("    <Stacks>\n{members}    </Stacks>\n"),
                )
            }
            ("ListStackResources", Some(stack)) => {
                let start: usize = field("NextToken").and_then(|t| t.parse().ok()).unwrap_or(0);
                let members: String = stack
                    .resources
                    .iter()
                    .skip(start)
                    .take(2)
                    .map(resource_member)
                    .collect();
                let mut result = format!(
                    "    <StackResourceSummaries>\n{members}    </StackResourceSummaries>\n"
                );
                if start + 2 < stack.resources.len() {
                    result.push_str(&format!("    <NextToken>{}</NextToken>\n", start + 2));
                }
                answer("ListStackResources", &result)
            }
            ("DescribeStacks" | "ListStackResources", None) => error(
                "ValidationError",
                &format!("Stack with id {name} does not exist"),
            ),
            _ => error(
                "InvalidAction",
                &format!("the stand-in does not answer {action}"),
            ),
        }
    });
    CloudFormationStandIn { server, calls }
}
