"""Shared by the stack fixtures: a Lambda execution role and do-nothing Python functions on moto
(moto lists and describes them; none runs without Docker)."""

import io
import json
import zipfile


def role(iam, name):
    """The ARN of a new role Lambda may assume."""
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(policy))["Role"]["Arn"]


def function(lam, name, role_arn, **options):
    """Creates a function that returns None; `options` go to CreateFunction (Timeout, Environment)."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    return lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role_arn,
        Handler="index.handler",
        Code={"ZipFile": code.getvalue()},
        **options,
    )["FunctionName"]
