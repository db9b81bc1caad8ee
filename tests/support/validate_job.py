"""Validates a job `iops ws probe --emit` printed (stdin) with an implementation nobody here wrote,
then prints the copies' command line (JSON list) on stdout.

Usage: validate_job.py kubernetes|aws-batch
  kubernetes: the official Kubernetes Python client's models (V1Job, deserialised with
              client-side validation on) — a field of the wrong type or a missing required one fails.
  aws-batch:  botocore's parameter validator against the AWS Batch SubmitJob input shape.
Exit 1 with the validator's words when the document is not one.
"""
import json
import sys

engine = sys.argv[1]
document = json.load(sys.stdin)
if engine == "kubernetes":
    from kubernetes.client import ApiClient

    try:
        job = ApiClient()._ApiClient__deserialize(document, "V1Job")
    except (ValueError, TypeError) as err:
        sys.exit(f"not a V1Job: {err}")
    if job.api_version != "batch/v1" or job.kind != "Job":
        sys.exit(f"not a batch/v1 Job: {job.api_version} {job.kind}")
    spec = job.spec
    facts = {
        "completion_mode": spec.completion_mode, "completions": spec.completions,
        "parallelism": spec.parallelism, "backoff_limit": spec.backoff_limit,
        "restart_policy": spec.template.spec.restart_policy,
        "env": [e.name for e in (spec.template.spec.containers[0].env or [])],
        "image": spec.template.spec.containers[0].image,
    }
    print(json.dumps({"facts": facts, "args": spec.template.spec.containers[0].args}))
else:
    import botocore.session
    from botocore.validate import ParamValidator

    shape = botocore.session.get_session().get_service_model("batch").operation_model("SubmitJob").input_shape
    report = ParamValidator().validate(document, shape)
    if report.has_errors():
        sys.exit(report.generate_report())
    print(json.dumps({"facts": {"size": document["arrayProperties"]["size"]},
                      "args": document["containerOverrides"]["command"]}))
