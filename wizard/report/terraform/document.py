"""Settings -> a Terraform configuration (alicloud provider) for the end state `apply` builds.

Pure: reads only the Settings. Storage blocks live in terraform_storage; this module adds
the provider, the trail, least-privilege access and the sensitive-event alerts, and
the notes on what Terraform cannot express (terraform_notes).
"""

from __future__ import annotations

from wizard.core.derive.keys import wanted_key_ref
from wizard.core.names import SERVICE_LINKED_ROLE, SERVICE_PRINCIPAL
from wizard.core.policies.documents import auditor_policy
from wizard.core.settings import Settings
from wizard.report.terraform import hcl
from wizard.report.terraform.alerts import alert_blocks, notification_blocks
from wizard.report.terraform.hcl import Block, Call, Expr, Template, interpolate, label
from wizard.report.terraform.notes import notes
from wizard.report.terraform.storage import (
    ACCOUNT,
    ACCOUNT_EXPR,
    KEEP,
    KEY_ARN,
    kms_blocks,
    oss_blocks,
    sls_blocks,
)

PROVIDER_VERSION = ">= 1.252.0"  # ram_role.role_name (1.252), kms_key.deletion_protection and oss_bucket_worm (1.240)
FILE_NAME = "actiontrail.tf"
_KEY_TOKEN = "\u27e6kms_key_arn\u27e7"
_ATTACH = {"user": ("alicloud_ram_user_policy_attachment", "user_name"),
           "group": ("alicloud_ram_group_policy_attachment", "group_name"),
           "role": ("alicloud_ram_role_policy_attachment", "role_name")}


def _settings_blocks(settings: Settings) -> list[Block]:
    return [
        Block("terraform", body=[Block("required_providers", body=[
            ("alicloud", {"source": "aliyun/alicloud", "version": PROVIDER_VERSION})])]),
        Block("provider", ("alicloud",), [("region", settings.region)]),
        Block("data", ("alicloud_account", "current")),
        Block("resource", ("alicloud_resource_manager_service_linked_role", "actiontrail"),
              [("service_name", SERVICE_PRINCIPAL)],
              comment=f"{SERVICE_LINKED_ROLE}: ActionTrail delivers to OSS and Log Service through it."),
    ]


def _trail_block(settings: Settings) -> Block:
    trail = settings.trail
    body: list = [("trail_name", trail.name), ("event_rw", trail.event_rw), ("trail_region", trail.trail_region),
                  ("status", "Enable")]
    depends: list = []
    if settings.oss:
        body.append(("oss_bucket_name", Expr("alicloud_oss_bucket.actiontrail.bucket")))
        if settings.oss.prefix:
            body.append(("oss_key_prefix", settings.oss.prefix))
        depends += [Expr("alicloud_oss_bucket_policy.actiontrail"), Expr("alicloud_oss_bucket_acl.actiontrail")]
    if settings.sls:
        body += [
            ("sls_project_arn", Template((f"acs:log:{settings.region}:", Expr(ACCOUNT_EXPR), ":project/",
                                          Expr("alicloud_log_project.actiontrail.project_name")))),
            ("sls_write_role_arn", Expr("alicloud_resource_manager_service_linked_role.actiontrail.arn")),
        ]
        depends.append(Expr("alicloud_log_store.actiontrail"))
    if trail.organization:
        body.append(("is_organization_trail", True))
    body += [KEEP, ("depends_on", depends)]
    return Block("resource", ("alicloud_actiontrail_trail", "actiontrail"), body,
                 comment=f"Records {trail.event_rw} events in "
                 f"{'all regions' if trail.trail_region == 'All' else trail.trail_region}; status Enable starts "
                 "logging.")


def _access_blocks(settings: Settings) -> list[Block]:
    access = settings.access
    key_arn = _KEY_TOKEN if wanted_key_ref(settings) else None
    document = interpolate(auditor_policy(settings, ACCOUNT, key_arn), {ACCOUNT: ACCOUNT_EXPR, _KEY_TOKEN: KEY_ARN})
    blocks = [Block("resource", ("alicloud_ram_policy", "auditor"), [
        ("policy_name", access.auditor_policy), ("policy_document", Call("jsonencode", document)),
        ("description", "Read-only access to ActionTrail events (actiontrail-wizard)"),
        ("rotate_strategy", "DeleteOldestNonDefaultVersionWhenLimitExceeded"),
    ], comment="Least privilege: auditors read this trail's events and nothing else.")]
    labels: set[str] = set()
    for principal in access.auditors:
        kind, _, name = principal.partition(":")
        resource, field = _ATTACH[kind]
        address = label(f"auditor_{kind}_{name}")
        address = next(f"{address}_{n}" for n in range(2, 200) if f"{address}_{n}" not in labels) \
            if address in labels else address  # user:a.b and user:a-b must not share a resource address
        labels.add(address)
        blocks.append(Block("resource", (resource, address), [
            ("policy_name", Expr("alicloud_ram_policy.auditor.policy_name")), ("policy_type", "Custom"),
            (field, name),
        ]))
    return blocks


def terraform_blocks(settings: Settings) -> list[Block]:
    return [*_settings_blocks(settings), *kms_blocks(settings), *oss_blocks(settings), *sls_blocks(settings),
            _trail_block(settings), *_access_blocks(settings), *notification_blocks(settings),
            *alert_blocks(settings)]


def render_terraform(settings: Settings, source: str) -> str:
    """The whole actiontrail.tf: the notes as a comment block, then every block."""
    return hcl.render(terraform_blocks(settings), header=notes(settings, source))
