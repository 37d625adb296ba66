"""Roles, STS AssumeRole and temporary keys, driven with the official SDKs (FIDELITY.md, "STS", "temporary keys",
AssumeRole): assuming needs both the caller's sts:AssumeRole and the role's trust policy; the session acts under
the role's policies (narrowed by a session policy), must carry its token, and expires on the sandbox clock."""

from __future__ import annotations

import json

import alibabacloud_oss_v2 as oss
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_ram20150501 import models as ram
from alibabacloud_sts20150401 import models as sts

from tests.support.clients import actiontrail_client, error_of, oss_client, ram_client, sts_client
from tests.support.iam import allow, as_key, user_with
from tests.support.oss import advance_clock


def _role(sandbox, name: str, trusted: dict, system: str = "AliyunActionTrailReadOnlyAccess") -> str:
    client = ram_client(sandbox)
    made = client.create_role(ram.CreateRoleRequest(role_name=name, assume_role_policy_document=json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": trusted}]})))
    client.attach_policy_to_role(ram.AttachPolicyToRoleRequest(policy_type="System", policy_name=system,
                                                               role_name=name))
    return made.body.role.arn


def _grant(arn: str) -> dict:
    """sts:AssumeRole on the role, in the form the STS RAM page gives: acs:ram:*:<account>:role/<name>."""
    return allow("sts:AssumeRole", arn.replace("acs:ram::", "acs:ram:*:"))


def _assume(sandbox, user, arn: str, policy: dict | None = None):
    request = sts.AssumeRoleRequest(role_arn=arn, role_session_name="audit-run",
                                    policy=json.dumps(policy) if policy else None)
    credentials = sts_client(user).assume_role(request).body.credentials
    return as_key(sandbox, credentials.access_key_id, credentials.access_key_secret, credentials.security_token)


def test_a_role_session_acts_under_the_roles_policies_with_its_token(sandbox):
    account = sandbox.account.account_id
    arn = _role(sandbox, "trail-reader", {"RAM": [f"acs:ram::{account}:root"]})
    user = user_with(sandbox, "ci", _grant(arn))
    session = _assume(sandbox, user, arn)
    assert session.account.access_key_id.startswith("STS.")
    me = sts_client(session).get_caller_identity().body
    assert (me.identity_type, me.arn) == ("AssumedRoleUser", f"acs:ram::{account}:assumed-role/trail-reader/audit-run")
    assert actiontrail_client(session).describe_trails(at.DescribeTrailsRequest()).status_code == 200
    refused = error_of(actiontrail_client(session).stop_logging, at.StopLoggingRequest(name="any-trail"))
    assert refused.code == "Forbidden.RAM" and refused.data["AccessDeniedDetail"]["AuthPrincipalType"] == \
        "AssumedRoleUser"
    logged = sandbox.requests()[-1]
    assert logged["principal"] == "assumed-role/trail-reader/audit-run" and logged["decision"] == "ImplicitDeny"
    assert logged["identity"]["type"] == "assumed-role"


def test_assuming_needs_the_callers_permission_and_the_roles_trust(sandbox):
    account = sandbox.account.account_id
    trusted = _role(sandbox, "trail-reader", {"RAM": [f"acs:ram::{account}:root"]})
    service_only = _role(sandbox, "for-log-service", {"Service": ["log.aliyuncs.com"]})
    nobody = user_with(sandbox, "nobody", allow("ecs:Describe*"))
    assert error_of(_assume, sandbox, nobody, trusted).code == "NoPermission"
    anyone = user_with(sandbox, "anyone", allow("sts:AssumeRole", "*"))
    assert error_of(_assume, sandbox, anyone, service_only).code == "NoPermission", "trusted by a service only"


def test_a_session_policy_narrows_the_session(sandbox):
    account = sandbox.account.account_id
    arn = _role(sandbox, "trail-reader", {"RAM": [f"acs:ram::{account}:root"]})
    user = user_with(sandbox, "ci", _grant(arn))
    session = _assume(sandbox, user, arn, allow("actiontrail:GetTrailStatus"))
    assert error_of(actiontrail_client(session).describe_trails, at.DescribeTrailsRequest()).code == "Forbidden.RAM"


def test_a_temporary_key_needs_its_token_and_expires(sandbox):
    account = sandbox.account.account_id
    arn = _role(sandbox, "bucket-reader", {"RAM": [f"acs:ram::{account}:root"]}, "AliyunOSSFullAccess")
    session = _assume(sandbox, user_with(sandbox, "ci", _grant(arn)), arn)
    no_token = as_key(sandbox, session.account.access_key_id, session.account.access_key_secret)
    assert error_of(actiontrail_client(no_token).describe_trails, at.DescribeTrailsRequest()).code == \
        "InvalidSecurityToken.MismatchWithAccessKey"
    assert error_of(oss_client(no_token).list_buckets, oss.ListBucketsRequest()).unwrap().code == "InvalidSecurityToken"
    assert oss_client(session).list_buckets(oss.ListBucketsRequest()).status_code == 200
    advance_clock(sandbox, 3601)
    assert error_of(actiontrail_client(session).describe_trails, at.DescribeTrailsRequest()).code == \
        "InvalidSecurityToken.Expired"
    assert error_of(oss_client(session).list_buckets, oss.ListBucketsRequest()).unwrap().code == "SecurityTokenExpired"
