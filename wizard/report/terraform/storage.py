"""Terraform blocks for where the events are kept: the KMS key, the OSS bucket (with WORM) and the Logstore.

Values come from the same places the planner uses (kms and oss planning constants,
policies.with_https_only), so `export terraform` and `apply` describe one end state.
"""

from __future__ import annotations

from wizard.core.derive.keys import wanted_key_ref
from wizard.core.names import SLS_CMK_ROLE, SLS_CMK_ROLE_POLICIES, key_alias
from wizard.core.planning.kms import ROTATION_SECONDS
from wizard.core.planning.oss import ACCESS_LOG_PREFIX
from wizard.core.planning.sls import SHARD_COUNT
from wizard.core.policies.documents import with_https_only
from wizard.core.settings import Settings
from wizard.report.terraform.hcl import Block, Call, Expr, Template, interpolate

ACCOUNT = "\u27e6account\u27e7"  # placeholder for the account id inside policy documents
ACCOUNT_EXPR = "data.alicloud_account.current.id"
KEY_ID, KEY_ARN = "local.kms_key_id", "local.kms_key_arn"
KEEP = Block("lifecycle", body=[("prevent_destroy", True)])


def kms_blocks(settings: Settings) -> list[Block]:
    wanted = wanted_key_ref(settings)
    if wanted is None:
        return []
    region, trail = settings.region, settings.trail.name
    if wanted == "create":
        key_id = Expr("alicloud_kms_key.actiontrail.id")
        arn: object = Expr("alicloud_kms_key.actiontrail.arn")
        blocks = [
            Block("resource", ("alicloud_kms_key", "actiontrail"), [
                ("description", f"ActionTrail trail {trail} log encryption (actiontrail-wizard)"),
                ("key_spec", "Aliyun_AES_256"), ("key_usage", "ENCRYPT/DECRYPT"), ("protection_level", "SOFTWARE"),
                ("automatic_rotation", "Enabled"), ("rotation_interval", f"{ROTATION_SECONDS}s"),
                ("deletion_protection", "Enabled"),
                ("deletion_protection_description", "Encrypts ActionTrail logs; deleting it makes them unreadable."),
                ("pending_window_in_days", 30), KEEP,
            ]),
            Block("resource", ("alicloud_kms_alias", "actiontrail"), [
                ("alias_name", key_alias(trail)), ("key_id", key_id),
            ]),
        ]
    elif wanted.startswith("alias/"):
        key_id = Expr("data.alicloud_kms_aliases.actiontrail.aliases[0].key_id")
        arn = Template((f"acs:kms:{region}:", Expr(ACCOUNT_EXPR), ":key/", key_id))
        blocks = [Block("data", ("alicloud_kms_aliases", "actiontrail"), [("ids", [wanted])],
                        comment="The existing key named in the settings: referenced, not managed here.")]
    else:
        key_id, arn = wanted, Template((f"acs:kms:{region}:", Expr(ACCOUNT_EXPR), f":key/{wanted}"))
        blocks = []
    locals_ = Block("locals", body=[("kms_key_id", key_id), ("kms_key_arn", arn)],
                    comment="The customer key that encrypts the trail's logs.")
    return [*blocks, locals_]


def oss_blocks(settings: Settings) -> list[Block]:
    oss = settings.oss
    if oss is None:
        return []
    bucket = Expr("alicloud_oss_bucket.actiontrail.bucket")
    policy = interpolate(with_https_only(None, oss.bucket, ACCOUNT), {ACCOUNT: ACCOUNT_EXPR})
    worm_state = "Locked" if oss.lock else "InProgress"
    return [
        Block("resource", ("alicloud_oss_bucket", "actiontrail"), [
            ("bucket", oss.bucket), ("storage_class", "Standard"),
            Block("server_side_encryption_rule", body=[("sse_algorithm", "KMS"), ("kms_master_key_id", Expr(KEY_ID))]),
            Block("logging", body=[("target_bucket", oss.bucket), ("target_prefix", ACCESS_LOG_PREFIX)]),
            KEEP,
        ], comment="The archive: SSE-KMS with the customer key, access logging, no versioning (OSS refuses WORM "
                   "on a versioned bucket)."),
        Block("resource", ("alicloud_oss_bucket_acl", "actiontrail"), [("bucket", bucket), ("acl", "private")]),
        Block("resource", ("alicloud_oss_bucket_public_access_block", "actiontrail"),
              [("bucket", bucket), ("block_public_access", True)]),
        Block("resource", ("alicloud_oss_bucket_policy", "actiontrail"),
              [("bucket", bucket), ("policy", Call("jsonencode", policy)),
               ("depends_on", [Expr("alicloud_oss_bucket_public_access_block.actiontrail")])],
              comment="Denies any request that does not use HTTPS."),
        Block("resource", ("alicloud_oss_bucket_worm", "actiontrail"),
              [("bucket", bucket), ("retention_period_in_days", oss.retention_days), ("status", worm_state), KEEP],
              comment=("IRREVERSIBLE: a Locked retention can only be extended; see the notes at the top."
                       if oss.lock else "InProgress: abortable for 24 hours, then it expires unless locked "
                       "(status = \"Locked\", irreversible).")),
    ]


def _encrypt_conf(settings: Settings) -> Block:
    body: list = [("enable", True), ("encrypt_type", "default")]
    if settings.sls.encryption == "cmk":
        body.append(Block("user_cmk_info", body=[("cmk_key_id", Expr(KEY_ID)),
                                                 ("arn", Expr("alicloud_ram_role.sls_encryption.arn")),
                                                 ("region_id", settings.region)]))
    return Block("encrypt_conf", body=body)


def sls_blocks(settings: Settings) -> list[Block]:
    sls = settings.sls
    if sls is None:
        return []
    blocks = [
        Block("resource", ("alicloud_log_project", "actiontrail"),
              [("project_name", sls.project), ("description", "ActionTrail events (actiontrail-wizard)"), KEEP]),
    ]
    store_body: list = [
        ("project_name", Expr("alicloud_log_project.actiontrail.project_name")),
        ("logstore_name", settings.logstore_name), ("retention_period", sls.ttl_days),
        ("shard_count", SHARD_COUNT), ("auto_split", True), ("max_split_shard_count", 64),
        _encrypt_conf(settings), KEEP,
    ]
    if sls.encryption == "cmk":
        trust = {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                "Principal": {"Service": ["log.aliyuncs.com"]}}], "Version": "1"}
        blocks += [
            Block("resource", ("alicloud_ram_role", "sls_encryption"), [
                ("role_name", SLS_CMK_ROLE), ("assume_role_policy_document", Call("jsonencode", trust)),
                ("description", "Lets Log Service use the ActionTrail KMS key (actiontrail-wizard)"),
            ], comment="Log Service assumes this role to encrypt the Logstore with the customer key."),
            *(Block("resource", ("alicloud_ram_role_policy_attachment", f"sls_encryption_{index}"), [
                ("role_name", Expr("alicloud_ram_role.sls_encryption.role_name")),
                ("policy_name", policy), ("policy_type", "System"),
            ]) for index, policy in enumerate(SLS_CMK_ROLE_POLICIES)),
        ]
        store_body.append(("depends_on", [Expr(f"alicloud_ram_role_policy_attachment.sls_encryption_{index}")
                                          for index in range(len(SLS_CMK_ROLE_POLICIES))]))
    blocks.append(Block("resource", ("alicloud_log_store", "actiontrail"), store_body,
                        comment=f"Declared before the trail, so it is encrypted and keeps events {sls.ttl_days} days "
                        "from the first one (ActionTrail would otherwise create it with its own defaults)."))
    return blocks
