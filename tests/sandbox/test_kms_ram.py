"""KMS and RAM in the sandbox through the official SDKs: regional keys, aliases, rotation, protection; policies."""

from __future__ import annotations

import json

from alibabacloud_kms20160120 import models as kms
from alibabacloud_ram20150501 import models as ram

from tests.support.clients import error_of, kms_client, ram_client


def _key(client, **kw):
    tags = json.dumps([{"TagKey": "managed-by", "TagValue": "actiontrail-wizard"}])
    return client.create_key(kms.CreateKeyRequest(key_spec="Aliyun_AES_256", key_usage="ENCRYPT/DECRYPT",
                                                  tags=tags, **kw)).body.key_metadata


def test_key_with_rotation_alias_protection_and_tags(sandbox):
    client = kms_client(sandbox)
    key = _key(client, enable_automatic_rotation=True, rotation_interval="31536000s")
    assert key.key_state == "Enabled" and key.automatic_rotation == "Enabled" and key.rotation_interval == "31536000s"
    client.create_alias(kms.CreateAliasRequest(alias_name="alias/actiontrail-x", key_id=key.key_id))
    for ref in (key.key_id, key.arn, "alias/actiontrail-x"):
        assert client.describe_key(kms.DescribeKeyRequest(key_id=ref)).body.key_metadata.key_id == key.key_id
    aliases = client.list_aliases_by_key_id(kms.ListAliasesByKeyIdRequest(key_id=key.key_id)).body.aliases.alias
    assert [a.alias_name for a in aliases] == ["alias/actiontrail-x"]
    client.set_deletion_protection(kms.SetDeletionProtectionRequest(protected_resource_arn=key.arn,
                                                                    enable_deletion_protection=True))
    meta = client.describe_key(kms.DescribeKeyRequest(key_id=key.key_id)).body.key_metadata
    assert meta.deletion_protection == "Enabled"
    error = error_of(client.schedule_key_deletion, kms.ScheduleKeyDeletionRequest(key_id=key.key_id,
                                                                                 pending_window_in_days=7))
    assert error.code == "Forbidden.DeletionProtection"
    tags = client.list_resource_tags(kms.ListResourceTagsRequest(key_id=key.key_id)).body.tags.tag
    assert [(t.tag_key, t.tag_value) for t in tags] == [("managed-by", "actiontrail-wizard")]


def test_rotation_policy_and_key_state(sandbox):
    client = kms_client(sandbox)
    key = _key(client)
    assert key.automatic_rotation == "Disabled"
    client.update_rotation_policy(kms.UpdateRotationPolicyRequest(key_id=key.key_id, enable_automatic_rotation=True,
                                                                  rotation_interval="31536000s"))
    error = error_of(client.update_rotation_policy, kms.UpdateRotationPolicyRequest(
        key_id=key.key_id, enable_automatic_rotation=True, rotation_interval="99999999s"))
    assert error.code == "InvalidParameter"
    client.disable_key(kms.DisableKeyRequest(key_id=key.key_id))
    assert client.describe_key(kms.DescribeKeyRequest(key_id=key.key_id)).body.key_metadata.key_state == "Disabled"
    client.enable_key(kms.EnableKeyRequest(key_id=key.key_id))
    meta = client.describe_key(kms.DescribeKeyRequest(key_id=key.key_id)).body.key_metadata
    assert (meta.key_state, meta.automatic_rotation) == ("Enabled", "Enabled")


def test_keys_are_regional_and_paginated(sandbox):
    client = kms_client(sandbox)
    ids = [_key(client).key_id for _ in range(12)]
    first = client.list_keys(kms.ListKeysRequest(page_size=10)).body
    second = client.list_keys(kms.ListKeysRequest(page_size=10, page_number=2)).body
    assert first.total_count == 12 and len(first.keys.key) == 10 and len(second.keys.key) == 2
    assert {k.key_id for k in first.keys.key + second.keys.key} == set(ids)
    elsewhere = kms_client(sandbox, region="cn-beijing")
    assert elsewhere.list_keys(kms.ListKeysRequest()).body.total_count == 0
    assert error_of(elsewhere.describe_key, kms.DescribeKeyRequest(key_id=ids[0])).code == "Forbidden.KeyNotFound"


def test_alias_errors(sandbox):
    client = kms_client(sandbox)
    key = _key(client)
    client.create_alias(kms.CreateAliasRequest(alias_name="alias/a1", key_id=key.key_id))
    assert error_of(client.create_alias, kms.CreateAliasRequest(alias_name="alias/a1", key_id=key.key_id)).code == \
        "Forbidden.AliasExists"
    assert error_of(client.create_alias, kms.CreateAliasRequest(alias_name="noprefix", key_id=key.key_id)).code == \
        "InvalidParameter"
    assert error_of(client.describe_key, kms.DescribeKeyRequest(key_id="alias/none")).code == "Forbidden.AliasNotFound"


DOC = '{"Version":"1","Statement":[{"Effect":"Allow","Action":["actiontrail:LookupEvents"],"Resource":"*"}]}'


def test_policy_versions_attachments_and_entities(sandbox):
    client = ram_client(sandbox)
    client.create_group(ram.CreateGroupRequest(group_name="auditors-2"))
    client.create_user(ram.CreateUserRequest(user_name="alice"))
    client.create_policy(ram.CreatePolicyRequest(policy_name="Auditors", policy_document=DOC))
    client.attach_policy_to_group(ram.AttachPolicyToGroupRequest(policy_type="Custom", policy_name="Auditors",
                                                                 group_name="auditors-2"))
    client.attach_policy_to_user(ram.AttachPolicyToUserRequest(policy_type="System",
                                                               policy_name="AliyunActionTrailFullAccess",
                                                               user_name="alice"))
    entities = client.list_entities_for_policy(ram.ListEntitiesForPolicyRequest(
        policy_type="System", policy_name="AliyunActionTrailFullAccess")).body
    assert sorted(u.user_name for u in entities.users.user) == ["alice"]
    assert [g.group_name for g in entities.groups.group] == ["actiontrail-admins"]  # seeded: admins through a group
    for n in range(2, 7):
        client.create_policy_version(ram.CreatePolicyVersionRequest(
            policy_name="Auditors", policy_document=DOC.replace("LookupEvents", f"Get{n}"), set_as_default=n == 6,
            rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded"))
    policy = client.get_policy(ram.GetPolicyRequest(policy_type="Custom", policy_name="Auditors")).body
    assert policy.default_policy_version.version_id == "v6" and "Get6" in policy.default_policy_version.policy_document
    assert error_of(client.attach_policy_to_group, ram.AttachPolicyToGroupRequest(
        policy_type="Custom", policy_name="Auditors", group_name="auditors-2")).code.startswith(
        "EntityAlreadyExists")
    assert error_of(client.attach_policy_to_user, ram.AttachPolicyToUserRequest(
        policy_type="Custom", policy_name="Auditors", user_name="bob")).code == "EntityNotExist.User"


def test_policy_errors_and_system_policies(sandbox):
    client = ram_client(sandbox)
    assert error_of(client.create_policy, ram.CreatePolicyRequest(policy_name="bad name", policy_document=DOC)).code \
        .startswith("InvalidParameter")
    assert error_of(client.create_policy, ram.CreatePolicyRequest(policy_name="Big", policy_document=DOC.replace(
        "LookupEvents", "x" * 7000))).code == "LimitExceeded.Policy.Document"
    assert error_of(client.create_policy, ram.CreatePolicyRequest(policy_name="AliyunOSSFullAccess",
                                                               policy_document=DOC)).code == "EntityAlreadyExists.Policy"
    names = [p.policy_name for p in client.list_policies(ram.ListPoliciesRequest(policy_type="System")).body
             .policies.policy]
    assert "AliyunActionTrailFullAccess" in names and "AdministratorAccess" in names
    client.create_policy(ram.CreatePolicyRequest(policy_name="P1", policy_document=DOC))
    for n in range(2, 6):
        client.create_policy_version(ram.CreatePolicyVersionRequest(policy_name="P1", policy_document=DOC))
    assert error_of(client.create_policy_version, ram.CreatePolicyVersionRequest(policy_name="P1",
                                                                              policy_document=DOC)).code == \
        "LimitExceeded.Policy.Version"


def test_service_linked_role_for_actiontrail(sandbox):
    client = ram_client(sandbox)
    role = client.create_service_linked_role(ram.CreateServiceLinkedRoleRequest(
        service_name="actiontrail.aliyuncs.com")).body.role
    assert role.role_name == "AliyunServiceRoleForActionTrail"
    assert role.arn == f"acs:ram::{sandbox.account.account_id}:role/aliyunserviceroleforactiontrail"
    assert client.get_role(ram.GetRoleRequest(role_name="AliyunServiceRoleForActionTrail")).body.role.is_service_linked_role
    assert error_of(client.create_service_linked_role, ram.CreateServiceLinkedRoleRequest(
        service_name="actiontrail.aliyuncs.com")).code == "EntityAlreadyExists.Role"
    client.create_role(ram.CreateRoleRequest(role_name="ops", assume_role_policy_document=(
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
        '"Principal":{"Service":["log.aliyuncs.com"]}}]}')))
    assert [r.role_name for r in client.list_roles(ram.ListRolesRequest()).body.roles.role] == [
        "AliyunServiceRoleForActionTrail", "ops"]


def test_tags_can_be_added_and_removed(sandbox):
    client = kms_client(sandbox)
    key = _key(client)
    client.tag_resource(kms.TagResourceRequest(key_id=key.key_id, tags=json.dumps(
        [{"TagKey": "actiontrail-trail", "TagValue": "main"}])))
    tags = client.list_resource_tags(kms.ListResourceTagsRequest(key_id=key.key_id)).body.tags.tag
    assert {(t.tag_key, t.tag_value) for t in tags} == {("managed-by", "actiontrail-wizard"),
                                                         ("actiontrail-trail", "main")}
    client.untag_resource(kms.UntagResourceRequest(key_id=key.key_id, tag_keys=json.dumps(["managed-by"])))
    tags = client.list_resource_tags(kms.ListResourceTagsRequest(key_id=key.key_id)).body.tags.tag
    assert [t.tag_key for t in tags] == ["actiontrail-trail"]


def test_role_attachments_and_detach(sandbox):
    client = ram_client(sandbox)
    client.create_role(ram.CreateRoleRequest(role_name="sls-cmk", assume_role_policy_document=(
        '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
        '"Principal":{"Service":["log.aliyuncs.com"]}}]}')))
    client.attach_policy_to_role(ram.AttachPolicyToRoleRequest(policy_type="System",
                                                               policy_name="AliyunKMSCryptoUserAccess",
                                                               role_name="sls-cmk"))
    policies = client.list_policies_for_role(ram.ListPoliciesForRoleRequest(role_name="sls-cmk")).body
    assert [p.policy_name for p in policies.policies.policy] == ["AliyunKMSCryptoUserAccess"]
    client.detach_policy_from_group(ram.DetachPolicyFromGroupRequest(policy_type="System",
                                                                     policy_name="AliyunActionTrailFullAccess",
                                                                     group_name="actiontrail-admins"))
    entities = client.list_entities_for_policy(ram.ListEntitiesForPolicyRequest(
        policy_type="System", policy_name="AliyunActionTrailFullAccess")).body
    assert entities.users.user == [] and entities.groups.group == []
    assert error_of(client.detach_policy_from_group, ram.DetachPolicyFromGroupRequest(
        policy_type="System", policy_name="AliyunActionTrailFullAccess", group_name="security-auditors")).code == \
        "EntityNotExist.Group.Policy"
