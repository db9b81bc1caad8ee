"""`aws logs tail GROUP --follow` as the aws CLI v2 runs it (awscli/customizations/logs/tail.py,
FollowLogEventsGenerator): FilterLogEvents from the newest timestamp seen, every event id printed
once, then sleep 5 s. PyPI's awscli is v1, which has no `logs tail`, so the follow benchmark runs
this re-creation with boto3 (the same calls and pauses). Prints each message on its own line.

Usage: aws_tail_follow.py GROUP SINCE_MS
"""
import sys
import time

import boto3

SLEEP_S = 5  # _TIME_TO_SLEEP in the aws CLI v2

group, start = sys.argv[1], int(sys.argv[2])
logs = boto3.client("logs")
seen = set()
while True:
    kwargs = {"logGroupName": group, "startTime": start, "interleaved": True}
    while True:
        page = logs.filter_log_events(**kwargs)
        for event in page["events"]:
            if event["eventId"] not in seen:
                seen.add(event["eventId"])
                start = max(start, event["timestamp"])
                print(event["message"], flush=True)
        if "nextToken" not in page:
            break
        kwargs["nextToken"] = page["nextToken"]
    time.sleep(SLEEP_S)
