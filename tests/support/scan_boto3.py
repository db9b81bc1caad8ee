"""Scans a table with boto3 (the reference) and prints each item as DynamoDB-typed JSON, one per
line, binary as base64 — the form `iops table scan --raw` prints."""
import base64
import json
import sys

import boto3

endpoint, table = sys.argv[1:3]
client = boto3.client("dynamodb", endpoint_url=endpoint)


def typed(value):
    (tag, inner), = value.items()
    if tag == "B":
        return {"B": base64.b64encode(inner).decode()}
    if tag == "BS":
        return {"BS": [base64.b64encode(b).decode() for b in inner]}
    if tag == "L":
        return {"L": [typed(v) for v in inner]}
    if tag == "M":
        return {"M": {k: typed(v) for k, v in inner.items()}}
    return {tag: inner}


for page in client.get_paginator("scan").paginate(TableName=table):
    for item in page["Items"]:
        print(json.dumps({k: typed(v) for k, v in item.items()}, sort_keys=True, separators=(",", ":")))
