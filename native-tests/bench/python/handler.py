#!/usr/bin/env python3
"""The baseline of BENCHMARKS.md: a plain Python 3 + boto3 Lambda handler doing what trailguard's s3-public-bucket
policy does for a PutBucketAcl event (exemption tag read, public ACL grants removed, public access block put, SNS
alert), under the same runtime API, as a custom runtime would run it. The common way to write such a function; not a
product: it knows one policy and one event shape. native-tests/bench/run runs it beside the native binary.

Environment (as LambdaBenchmark sets it): AWS_LAMBDA_RUNTIME_API, AWS_REGION, TRAILGUARD_AWS_ENDPOINT_OVERRIDE (moto),
TRAILGUARD_ALERTS_SNS_TOPIC_ARN.
"""
import json
import os
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
ENDPOINT = os.environ.get("TRAILGUARD_AWS_ENDPOINT_OVERRIDE")
TOPIC = os.environ.get("TRAILGUARD_ALERTS_SNS_TOPIC_ARN")
PUBLIC_GROUPS = ("http://acs.amazonaws.com/groups/global/AllUsers",
                 "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")
PUBLIC_CANNED = ("public-read", "public-read-write", "authenticated-read")

# clients built once per process, outside the handler, as the Lambda guides advise
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
# Lambda sets AWS_DEFAULT_REGION as well; the benchmark sets only AWS_REGION, which botocore does not read
REGION = os.environ.get("AWS_REGION")
s3 = boto3.client("s3", region_name=REGION, endpoint_url=ENDPOINT, config=config)
sns = boto3.client("sns", region_name=REGION, endpoint_url=ENDPOINT, config=config)


def handle(event):
    detail = event.get("detail", {})
    params = detail.get("requestParameters") or {}
    bucket = params.get("bucketName")
    canned = params.get("x-amz-acl") or []
    if detail.get("eventName") != "PutBucketAcl" or not bucket or not any(a in PUBLIC_CANNED for a in canned):
        return {"status": "decided", "decisions": [{"policy": "s3-public-bucket", "verdict": "no-finding"}]}
    try:
        tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=bucket)["TagSet"]}
    except ClientError as e:
        if e.response["Error"]["Code"] != "NoSuchTagSet":
            raise
        tags = {}
    if tags.get("trailguard:exempt") == "true":
        return {"status": "decided", "decisions": [{"policy": "s3-public-bucket", "verdict": "exempt"}]}
    outcomes = []
    acl = s3.get_bucket_acl(Bucket=bucket)
    kept = [g for g in acl["Grants"] if g["Grantee"].get("URI") not in PUBLIC_GROUPS]
    if len(kept) != len(acl["Grants"]):
        s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy={"Owner": acl["Owner"], "Grants": kept})
        outcomes.append({"name": "s3.remove-public-acl-grants", "outcome": "applied"})
    block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    try:
        current = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError as e:
        if e.response["Error"]["Code"] != "NoSuchPublicAccessBlockConfiguration":
            raise
        current = {}
    if any(not current.get(k) for k in block):
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=block)
        outcomes.append({"name": "s3.block-public-access", "outcome": "applied"})
    finding = {"policy": "s3-public-bucket", "verdict": "finding", "severity": "HIGH",
               "resource": "AWS::S3::Bucket " + bucket, "findings": ["canned ACL " + ",".join(canned)],
               "caller": detail.get("userIdentity", {}).get("arn"), "eventId": detail.get("eventID"), "actions": outcomes}
    if TOPIC:
        sns.publish(TopicArn=TOPIC, Subject="trailguard: s3-public-bucket on " + bucket, Message=json.dumps(finding))
    print(json.dumps(finding), flush=True)  # the audit line
    return {"status": "decided", "decisions": [finding]}


def main():
    while True:
        with urllib.request.urlopen(API + "next") as r:
            request_id = r.headers["Lambda-Runtime-Aws-Request-Id"]
            event = json.loads(r.read())
        try:
            body, path = handle(event), "/response"
        except Exception as e:  # reported to the runtime API, as Lambda's own runtimes do
            body, path = {"errorMessage": str(e), "errorType": type(e).__name__}, "/error"
        data = json.dumps(body, separators=(",", ":")).encode()
        urllib.request.urlopen(urllib.request.Request(API + request_id + path, data=data, method="POST")).read()


if __name__ == "__main__":
    main()
