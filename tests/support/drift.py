"""Accounts gone wrong, made with the official SDKs on a sandbox: what the audit must find and apply must fix.

Two kinds: `drifted_setup` builds a whole existing setup that is wrong from the start (on an empty account);
`drift_applied_baseline` breaks an account the baseline was applied to (as an auditor finds it a quarter later).
"""

from __future__ import annotations

import json

from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms
from alibabacloud_oss_v2 import models as oss
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import actiontrail_client, kms_client, oss_client, sls_client


def drifted_setup(sandbox, account):
    """An existing setup gone wrong, made with the official SDKs."""
    o, k, s, t = oss_client(sandbox), kms_client(sandbox), sls_client(sandbox), actiontrail_client(sandbox)
    key = k.create_key(kms.CreateKeyRequest(key_spec="Aliyun_AES_256")).body.key_metadata  # rotation off
    k.create_alias(kms.CreateAliasRequest(alias_name="alias/actiontrail-actiontrail-baseline", key_id=key.key_id))
    k.set_deletion_protection(kms.SetDeletionProtectionRequest(protected_resource_arn=key.arn,
                                                               enable_deletion_protection=True))
    o.put_bucket(oss.PutBucketRequest(bucket="acme-actiontrail", acl="public-read"))  # public, no encryption
    o.put_bucket_public_access_block(oss.PutBucketPublicAccessBlockRequest(
        bucket="acme-actiontrail", public_access_block_configuration=oss.PublicAccessBlockConfiguration(
            block_public_access=False)))
    policy = {"Version": "1", "Statement": [{"Effect": "Deny", "Principal": ["*"], "Action": ["oss:*"],
                                             "Resource": ["acs:oss:*:*:acme-actiontrail/*"],
                                             "Condition": {"Bool": {"acs:SecureTransport": ["false"]}}}]}
    o.put_bucket_policy(oss.PutBucketPolicyRequest(bucket="acme-actiontrail", body=json.dumps(policy)))
    o.put_bucket_logging(oss.PutBucketLoggingRequest(bucket="acme-actiontrail", bucket_logging_status=(
        oss.BucketLoggingStatus(logging_enabled=oss.LoggingEnabled(target_bucket="acme-actiontrail",
                                                                   target_prefix="log/")))))
    o.initiate_bucket_worm(oss.InitiateBucketWormRequest(bucket="acme-actiontrail", initiate_worm_configuration=(
        oss.InitiateWormConfiguration(retention_period_in_days=365))))  # unlocked
    s.create_project(sls.CreateProjectRequest(project_name="acme-actiontrail", description="x"))
    s.create_log_store("acme-actiontrail", sls.CreateLogStoreRequest(
        logstore_name="actiontrail_actiontrail-baseline", ttl=30, shard_count=2,
        encrypt_conf=sls.EncryptConf(enable=True, encrypt_type="default")))
    t.create_trail(at.CreateTrailRequest(name="actiontrail-baseline", oss_bucket_name="acme-actiontrail",
                                         oss_key_prefix="actiontrail", event_rw="Write", trail_region="cn-hangzhou",
                                         sls_project_arn=f"acs:log:cn-hangzhou:{account}:project/acme-actiontrail",
                                         sls_write_role_arn="acs:ram::1:role/aliyunserviceroleforactiontrail"))
    return key


def drift_applied_baseline(server) -> None:
    """What an auditor finds a quarter later: logging stopped, write events only, the bucket made public."""
    trail = actiontrail_client(server)
    trail.stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
    trail.update_trail(at.UpdateTrailRequest(name="actiontrail-baseline", event_rw="Write"))
    bucket = oss_client(server)
    bucket.put_bucket_public_access_block(oss.PutBucketPublicAccessBlockRequest(
        bucket="acme-actiontrail",
        public_access_block_configuration=oss.PublicAccessBlockConfiguration(block_public_access=False)))
    bucket.put_bucket_acl(oss.PutBucketAclRequest(bucket="acme-actiontrail", acl="public-read"))
