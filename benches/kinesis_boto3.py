#!/usr/bin/env python3
"""The scripts iops replaces: send ndjson events to Kinesis with boto3, one put_record per event
(what the seed's simulator Lambda did) or put_records in batches of 500.

usage: kinesis_boto3.py one|batched STREAM EVENTS_FILE
Prints the seconds spent in the send loop (client creation excluded) on stdout.
"""
import json
import sys
import time

import boto3

mode, stream, path = sys.argv[1:4]
events = open(path, "rb").read().splitlines()
keys = [json.loads(e)["entity_id"] for e in events]
client = boto3.client("kinesis")
started = time.perf_counter()
if mode == "one":
    for data, key in zip(events, keys):
        client.put_record(StreamName=stream, Data=data, PartitionKey=key)
else:
    for i in range(0, len(events), 500):
        records = [{"Data": d, "PartitionKey": k} for d, k in zip(events[i:i + 500], keys[i:i + 500])]
        failed = client.put_records(StreamName=stream, Records=records)["FailedRecordCount"]
        assert failed == 0, "moto never fails a record"
print(time.perf_counter() - started)
