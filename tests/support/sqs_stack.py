"""Creates the SQS side of runbook 004 on moto for the `iops queue` tests.

Usage: sqs_stack.py ENDPOINT PREFIX JSON_SPEC

JSON_SPEC: {"visible": N, "dlq_messages": N, "max_receive_count": N, "visibility_timeout": S,
            "function_timeout": S, "mapping_enabled": true, "age_metric": S or null,
            "environment": {"NAME": "value"} (the function's variables),
            "schedule": "ENABLED" | "DISABLED" (an EventBridge rule PREFIX-schedule targeting it),
            "bodies": [..] (optional, sent instead of `visible` numbered messages),
            "connections": N (optional: N messages for alternately gone and live connection ids)}
Creates PREFIX-dlq, PREFIX-queue (RedrivePolicy to the DLQ), a function PREFIX-processor with
the given timeout, sends the messages, then an SQS event source mapping from the queue to the
function (moto would invoke it, through Docker, on every later send), and
puts an ApproximateAgeOfOldestMessage datapoint when asked (moto emits no SQS metrics itself).
Prints {"queue_url", "queue_arn", "dlq_url", "function", "mapping_uuid"} as JSON.
"""

import json
import sys
import time

import boto3

import lambda_fixture

endpoint, prefix, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
kw = dict(
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
sqs = boto3.client("sqs", **kw)
iam = boto3.client("iam", **kw)
lam = boto3.client("lambda", **kw)
cloudwatch = boto3.client("cloudwatch", **kw)

dlq_url = sqs.create_queue(QueueName=f"{prefix}-dlq")["QueueUrl"]
dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
queue_url = sqs.create_queue(
    QueueName=f"{prefix}-queue",
    Attributes={
        "VisibilityTimeout": str(spec.get("visibility_timeout", 360)),
        "RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": spec.get("max_receive_count", 5)}
        ),
    },
)["QueueUrl"]
queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

role = lambda_fixture.role(iam, f"{prefix}-role")
function = lambda_fixture.function(
    lam,
    f"{prefix}-processor",
    role,
    Timeout=spec.get("function_timeout", 60),
    Environment={"Variables": spec.get("environment", {})},
)

bodies = spec.get("bodies") or [json.dumps({"n": i}) for i in range(spec.get("visible", 0))]
if spec.get("connections"):
    # N messages for connections alternately gone and live (`gone000000=`, `live000001=`, …).
    bodies = [
        json.dumps({"connectionId": f"{'live' if i % 2 else 'gone'}{i:06d}="}) for i in range(spec["connections"])
    ]
for start in range(0, len(bodies), 10):
    sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": str(i), "MessageBody": body} for i, body in enumerate(bodies[start : start + 10])],
    )
for i in range(spec.get("dlq_messages", 0)):
    sqs.send_message(QueueUrl=dlq_url, MessageBody=json.dumps({"dead": i}))

# After the messages: moto invokes an enabled SQS mapping's function (Docker) on every send.
mapping = lam.create_event_source_mapping(
    EventSourceArn=queue_arn,
    FunctionName=function,
    BatchSize=10,
    Enabled=spec.get("mapping_enabled", True),
)["UUID"]

if spec.get("age_metric") is not None:
    cloudwatch.put_metric_data(
        Namespace="AWS/SQS",
        MetricData=[
            {
                "MetricName": "ApproximateAgeOfOldestMessage",
                "Dimensions": [{"Name": "QueueName", "Value": f"{prefix}-queue"}],
                "Timestamp": time.time() - 30,
                "Value": float(spec["age_metric"]),
                "Unit": "Seconds",
            }
        ],
    )

if spec.get("schedule"):
    events = boto3.client("events", **kw)
    events.put_rule(Name=f"{prefix}-schedule", ScheduleExpression="rate(1 minute)", State=spec["schedule"])
    arn = lam.get_function(FunctionName=function)["Configuration"]["FunctionArn"]
    events.put_targets(Rule=f"{prefix}-schedule", Targets=[{"Id": "simulator", "Arn": arn}])

print(
    json.dumps(
        {
            "queue_url": queue_url,
            "queue_arn": queue_arn,
            "dlq_url": dlq_url,
            "function": function,
            "mapping_uuid": mapping,
        }
    )
)
