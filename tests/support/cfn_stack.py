"""Creates a CDK-shaped CloudFormation stack on moto for the `iops init` and `iops doctor` tests.

Usage: cfn_stack.py ENDPOINT STACK_NAME [--mapping-disabled]

The top stack holds the stream processor, the Kinesis stream and the metrics table; a nested
stack (its template uploaded to moto's S3, as `cdk deploy` does) holds the WebSocket handlers and
the connections table. Logical ids follow CDK (`ConnectFunction52BFC429`). moto's CloudFormation
has no AWS::ApiGatewayV2 resources, so the API is named by a `wss://` stack output instead.
An event source mapping from the stream to the processor, and one from the chat queue to the
default function, are created after the stack.
Prints the physical ids as JSON: {"LogicalId": "physical id", ..., "StreamArn": "..."}.
"""

import fcntl
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

import boto3
import botocore.exceptions

endpoint, name = sys.argv[1], sys.argv[2]
mapping_enabled = "--mapping-disabled" not in sys.argv[3:]
kw = dict(
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
s3 = boto3.client("s3", **kw)
cfn = boto3.client("cloudformation", **kw)
lam = boto3.client("lambda", **kw)

ROLE = {
    "Type": "AWS::IAM::Role",
    "Properties": {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    },
}


def function():
    return {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["ServiceRole", "Arn"]},
            "Code": {"ZipFile": "def handler(event, context):\n    return {'statusCode': 200}\n"},
        },
    }


def table(key):
    return {
        "Type": "AWS::DynamoDB::Table",
        "Properties": {
            "AttributeDefinitions": [{"AttributeName": key, "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    }


nested = {
    "Resources": {
        "ServiceRole": ROLE,
        "ConnectFunction52BFC429": function(),
        "DisconnectFunction11A2B3C4": function(),
        "DefaultFunction0D1E2F3A": function(),
        "AuthorizerFunction6C7D8E9F": function(),
        "ConnectionsTable0A1B2C3D": table("connectionId"),
        "ChatProcessingQueue1A2B3C4D": {"Type": "AWS::SQS::Queue"},
    }
}
bucket = f"cdk-assets-{name.lower()}"
s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="websocket.json", Body=json.dumps(nested))
top = {
    "Resources": {
        "ServiceRole": ROLE,
        "StreamProcessorFunction9F8E7D6C": function(),
        "EventsStream5B4C3D2E": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
        "MetricsTable7A6B5C4D": table("entity_id"),
        "LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a": function(),
        "WebSocketNestedStack": {
            "Type": "AWS::CloudFormation::Stack",
            "Properties": {"TemplateURL": f"https://{bucket}.s3.amazonaws.com/websocket.json"},
        },
    },
    "Outputs": {
        "WebSocketApiUrl": {"Value": "wss://k3y9abc123.execute-api.us-east-1.amazonaws.com/prod"}
    },
}


def create_stack():
    """moto's CloudFormation is not safe against itself: two stacks created at once by parallel
    tests (each with a nested stack read from S3) have answered HTTP 500 (an internal error in
    moto, seen once in CI). Stack creations against one moto are serialized, and a 5xx answer is
    retried after removing what it left."""
    lock = Path(tempfile.gettempdir()) / f"iops-cfn-{hashlib.sha1(endpoint.encode()).hexdigest()[:12]}.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        for attempt in range(3):
            try:
                cfn.create_stack(StackName=name, TemplateBody=json.dumps(top))
                return
            except (botocore.exceptions.ResponseParserError, botocore.exceptions.ClientError) as err:
                status = getattr(err, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
                if status < 500 or attempt == 2:
                    raise
                try:
                    cfn.delete_stack(StackName=name)
                except botocore.exceptions.BotoCoreError:
                    pass
                except botocore.exceptions.ClientError:
                    pass
                time.sleep(0.5)


create_stack()

ids = {}
for summary in cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]:
    ids[summary["LogicalResourceId"]] = summary["PhysicalResourceId"]
    if summary["ResourceType"] == "AWS::CloudFormation::Stack":
        nested_resources = cfn.list_stack_resources(StackName=summary["PhysicalResourceId"])
        for inner in nested_resources["StackResourceSummaries"]:
            ids[inner["LogicalResourceId"]] = inner["PhysicalResourceId"]

kinesis = boto3.client("kinesis", **kw)
stream_arn = kinesis.describe_stream_summary(StreamName=ids["EventsStream5B4C3D2E"])[
    "StreamDescriptionSummary"
]["StreamARN"]
lam.create_event_source_mapping(
    EventSourceArn=stream_arn,
    FunctionName=ids["StreamProcessorFunction9F8E7D6C"],
    StartingPosition="LATEST",
    Enabled=mapping_enabled,
)
ids["StreamArn"] = stream_arn
# The chat queue's consumer (doctor warns about a queue nothing consumes); no message is ever
# sent, so moto never invokes it.
queue_arn = boto3.client("sqs", **kw).get_queue_attributes(
    QueueUrl=ids["ChatProcessingQueue1A2B3C4D"], AttributeNames=["QueueArn"]
)["Attributes"]["QueueArn"]
lam.create_event_source_mapping(
    EventSourceArn=queue_arn,
    FunctionName=ids["DefaultFunction0D1E2F3A"],
    BatchSize=10,
)
print(json.dumps(ids))
