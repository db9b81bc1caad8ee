#!/usr/bin/env python3
"""Benchmarks what naming the account costs a changing command: `iops queue purge --yes --profile
alice`, which first asks STS who it acts as and prints it, against what a careful engineer types
with the aws CLI (`aws sts get-caller-identity`, then `aws sqs purge-queue`), on moto with a moto
IAM user behind the profile and other keys exported (the profile must win in both). Also `iops
config show` against `aws configure list`, each saying which credentials are in use. Not a test.
"""
import json
import subprocess
import tempfile
from pathlib import Path

from bench_common import AWS, IOPS, aws_env, measure, start_moto, stop

moto, url = start_moto()
try:
    env = aws_env(url)
    subprocess.run([AWS, "--endpoint-url", url, "iam", "create-user", "--user-name", "alice"], env=env, check=True, capture_output=True)
    key = json.loads(subprocess.run([AWS, "--endpoint-url", url, "iam", "create-access-key", "--user-name", "alice"], env=env, check=True,
                                    capture_output=True).stdout)["AccessKey"]
    home = Path(tempfile.mkdtemp())
    (home / ".aws").mkdir()
    (home / ".aws" / "credentials").write_text(
        f"[alice]\naws_access_key_id = {key['AccessKeyId']}\naws_secret_access_key = {key['SecretAccessKey']}\n")
    (home / ".aws" / "config").write_text("[profile alice]\nregion = us-east-1\n")
    # The aws CLI is given --endpoint-url on every call: with profile files in place it does not
    # reliably take AWS_ENDPOINT_URL, and nothing here may leave loopback.
    env = dict(env, HOME=str(home), AWS_CONFIG_FILE=str(home / ".aws" / "config"),
               AWS_SHARED_CREDENTIALS_FILE=str(home / ".aws" / "credentials"))
    # SQS (and moto) allow one purge per queue a minute: every timed purge gets a queue of its own.
    def make_queue(name):
        made = subprocess.run([AWS, "--endpoint-url", url, "sqs", "create-queue", "--queue-name", name], env=env,
                              capture_output=True, text=True)
        if made.returncode != 0:
            raise SystemExit(f"aws sqs create-queue failed: {made.stderr}")
        return json.loads(made.stdout)["QueueUrl"]

    make_queue("orders")
    shown = subprocess.run([IOPS, "queue", "purge", "orders", "--yes", "--profile", "alice"], env=env,
                           capture_output=True, text=True)
    acting = next(line for line in shown.stderr.splitlines() if line.startswith("iops: acting as"))
    cli_arn = json.loads(subprocess.run([AWS, "--endpoint-url", url, "sts", "get-caller-identity", "--profile", "alice"],
                                        env=env, check=True, capture_output=True).stdout)["Arn"]
    print("machine: 2 cores; moto server; best of 5; AWS_ACCESS_KEY_ID exported beside --profile alice")
    print(f"iops says: {acting}")
    print(f"aws sts get-caller-identity --profile alice: {cli_arn} -> {'same identity' if cli_arn in acting else 'DIFFERENT'}")

    iops_runs, cli_runs = [], []
    for i in range(5):
        make_queue(f"iops-{i}")
        cli_url = make_queue(f"cli-{i}")
        iops_runs.append(measure([[IOPS, "queue", "purge", f"iops-{i}", "--yes", "--profile", "alice"]], env, repeat=1))
        cli_runs.append(measure([[AWS, "--endpoint-url", url, "sts", "get-caller-identity", "--profile", "alice"],
                                 [AWS, "--endpoint-url", url, "sqs", "purge-queue", "--queue-url", cli_url, "--profile",
                                  "alice"]], env, repeat=1))
    iops_wall, iops_cpu = min(iops_runs)
    cli_wall, cli_cpu = min(cli_runs)
    print("purge one queue, naming the account first:")
    print(f"  iops queue purge --yes (GetCallerIdentity, GetQueueUrl, GetQueueAttributes, PurgeQueue): "
          f"wall {iops_wall * 1000:.0f} ms, CPU {iops_cpu * 1000:.0f} ms")
    print(f"  aws sts get-caller-identity + aws sqs purge-queue: wall {cli_wall * 1000:.0f} ms, CPU {cli_cpu * 1000:.0f} ms"
          f" -> iops {cli_wall / iops_wall:.1f}x faster")

    show_wall, show_cpu = measure([[IOPS, "config", "show", "--profile", "alice"]], env)
    list_wall, list_cpu = measure([[AWS, "configure", "list", "--profile", "alice"]], env)
    print("which credentials are in use:")
    print(f"  iops config show: wall {show_wall * 1000:.0f} ms, CPU {show_cpu * 1000:.0f} ms")
    print(f"  aws configure list: wall {list_wall * 1000:.0f} ms, CPU {list_cpu * 1000:.0f} ms"
          f" -> iops {list_wall / show_wall:.1f}x faster")
finally:
    stop(moto)
