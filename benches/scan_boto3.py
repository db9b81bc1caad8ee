#!/usr/bin/env python3
"""The boto3 paginator script users write: scan every page, touch every item."""
import sys

import boto3

endpoint, table = sys.argv[1:3]
count = 0
for page in boto3.client("dynamodb", endpoint_url=endpoint).get_paginator("scan").paginate(TableName=table):
    for item in page["Items"]:
        count += 1
print(count)
