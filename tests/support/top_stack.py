"""Seeds a WebSocket stack's last half hour on moto for the `iops top` tests.

Usage: top_stack.py ENDPOINT PREFIX JSON_SPEC

JSON_SPEC (every key optional):
  {"connects": [per-minute counts, oldest first, ending 2 minutes ago], "messages": N,
   "stores": N (connect handler "Connection stored: …" lines), "close_codes": {"1005": N, …},
   "live": N, "expired": N (connection records, live or past their TTL),
   "integration_errors": N, "processor_errors": N (Lambda Errors and "[ERROR] …" lines),
   "error_text": TEXT (in those lines, after "[ERROR] TypeError: "; default "boom"),
   "processor_lines": [LINE, …] (more processor lines, after those),
   "aligned": true (log lines from the start of the minute 5 minutes ago, one a second; else from
   exactly 300 s ago),
   "iterator_age_ms": [oldest, newest], "incoming_records": N, "visible": [oldest, newest],
   "queue": true (the queue, without datapoints),
   "steady_connects": N (N connects in every minute from 15 minutes ago to 7 minutes ahead: every
   minute of any 8-minute period holding "now" has N, wherever the period boundaries fall),
   "never_invoked": [NAME, …] (functions PREFIX-NAME without a log group),
   "http_api": true (an HTTP API PREFIX-http with its stage prod, beside the WebSocket one)}

Creates functions PREFIX-connect, PREFIX-disconnect and PREFIX-processor (moto lists them; none
runs), their log groups with the lines, the table PREFIX-connections (TTL on `ttl`), the
WebSocket API PREFIX-api with its stage prod (moto picks the API id) and the stream
PREFIX-stream, and puts the CloudWatch datapoints AWS would publish for the API and stage, the
functions, the stream, the table and the queue PREFIX-queue (moto publishes none itself).
Datapoints carry no percentiles: moto 5.2.5 answers GetMetricData with HTTP 500 when a p99
query finds data, so latency series stay empty here. Prints {"functions": {...}, "table": ...,
"api_id": ..., "http_api_id": ... or null} as JSON.
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
iam = boto3.client("iam", **kw)
lam = boto3.client("lambda", **kw)
logs = boto3.client("logs", **kw)
cloudwatch = boto3.client("cloudwatch", **kw)
dynamodb = boto3.client("dynamodb", **kw)

now = time.time()
minute = int(now // 60) * 60

role = lambda_fixture.role(iam, f"{prefix}-role")
functions = {name: lambda_fixture.function(lam, f"{prefix}-{name}", role) for name in ("connect", "disconnect", "processor")}
# Functions never invoked: Lambda has them, CloudWatch has no log group for them yet.
for name in spec.get("never_invoked", []):
    lambda_fixture.function(lam, f"{prefix}-{name}", role)


def put_lines(function, lines):
    group = f"/aws/lambda/{function}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="2026/12/01/[$LATEST]abc")
    if lines:
        # "aligned": the lines from the start of a minute, so each minute's count is the same
        # wherever in its minute the seeding ran.
        first = (now // 60) * 60 - 300 if spec.get("aligned") else now - 300
        events = [{"timestamp": int((first + i) * 1000), "message": line} for i, line in enumerate(lines)]
        logs.put_log_events(logGroupName=group, logStreamName="2026/12/01/[$LATEST]abc", logEvents=events)


put_lines(
    functions["connect"],
    [f"Connection stored: id{i:04d}=" for i in range(spec.get("stores", 0))] + ["an unrelated line"],
)
disconnects = []
for code, count in spec.get("close_codes", {}).items():
    disconnects += [f"disconnectStatusCode: {code}"] * count
put_lines(functions["disconnect"], disconnects + ["Connection removed: x="])
processor_lines = ["processing batch"]
for i in range(spec.get("processor_errors", 0)):
    processor_lines.append(f"[ERROR] TypeError: {spec.get('error_text', 'boom')} {i}")
processor_lines += spec.get("processor_lines", [])
put_lines(functions["processor"], processor_lines)

table = f"{prefix}-connections"
dynamodb.create_table(
    TableName=table,
    KeySchema=[{"AttributeName": "connectionId", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "connectionId", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
dynamodb.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"})
for i in range(spec.get("live", 0) + spec.get("expired", 0)):
    expired = i >= spec.get("live", 0)
    dynamodb.put_item(
        TableName=table,
        Item={
            "connectionId": {"S": f"c{i:04d}="},
            "connectedAt": {"N": str(int(now * 1000) - 60_000)},
            "ttl": {"N": str(int(now) + (-3600 if expired else 3600))},
        },
    )

apigateway = boto3.client("apigatewayv2", **kw)
api_id = apigateway.create_api(
    Name=f"{prefix}-api", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
)["ApiId"]
apigateway.create_stage(ApiId=api_id, StageName="prod")
http_api_id = None
if spec.get("http_api"):
    http_api_id = apigateway.create_api(Name=f"{prefix}-http", ProtocolType="HTTP")["ApiId"]
    apigateway.create_stage(ApiId=http_api_id, StageName="prod")
boto3.client("kinesis", **kw).create_stream(StreamName=f"{prefix}-stream", ShardCount=1)

data = []


def datum(namespace, metric, dimensions, value, minutes_ago):
    data.append(
        (
            namespace,
            {
                "MetricName": metric,
                "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions],
                "Timestamp": minute - 60 * minutes_ago + 10,
                "Value": float(value),
            },
        )
    )


api = [("ApiId", api_id), ("Stage", "prod")]
connects = spec.get("connects", [])
for i, count in enumerate(connects):
    datum("AWS/ApiGateway", "ConnectCount", api, count, 2 + len(connects) - 1 - i)
if spec.get("steady_connects"):
    for minutes_ago in range(15, -8, -1):
        datum("AWS/ApiGateway", "ConnectCount", api, spec["steady_connects"], minutes_ago)
if spec.get("messages"):
    datum("AWS/ApiGateway", "MessageCount", api, spec["messages"], 3)
if spec.get("integration_errors"):
    datum("AWS/ApiGateway", "IntegrationError", api, spec["integration_errors"], 2)
for name, function in functions.items():
    datum("AWS/Lambda", "Invocations", [("FunctionName", function)], 10, 4)
    datum("AWS/Lambda", "Invocations", [("FunctionName", function)], 5, 2)
if spec.get("processor_errors"):
    datum("AWS/Lambda", "Errors", [("FunctionName", functions["processor"])], spec["processor_errors"], 2)
stream = [("StreamName", f"{prefix}-stream")]
if spec.get("incoming_records"):
    datum("AWS/Kinesis", "IncomingRecords", stream, spec["incoming_records"], 3)
if spec.get("iterator_age_ms"):
    oldest, newest = spec["iterator_age_ms"]
    datum("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", stream, oldest, 10)
    datum("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", stream, newest, 2)
if spec.get("visible") or spec.get("queue"):
    boto3.client("sqs", **kw).create_queue(QueueName=f"{prefix}-queue")
if spec.get("visible"):
    oldest, newest = spec["visible"]
    queue = [("QueueName", f"{prefix}-queue")]
    datum("AWS/SQS", "ApproximateNumberOfMessagesVisible", queue, oldest, 10)
    datum("AWS/SQS", "ApproximateNumberOfMessagesVisible", queue, newest, 2)
for namespace in sorted({ns for ns, _ in data}):
    batch = [d for ns, d in data if ns == namespace]
    for start in range(0, len(batch), 20):
        cloudwatch.put_metric_data(Namespace=namespace, MetricData=batch[start : start + 20])

print(json.dumps({"functions": functions, "table": table, "api_id": api_id, "http_api_id": http_api_id}))
