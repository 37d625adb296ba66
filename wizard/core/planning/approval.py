"""The last write of a successful apply: the approved settings, recorded in the account (wizard.core.approval).

Planned when the account's latest record differs from the settings being applied
(or there is none), after every other write of the plan but the irreversible ones
(those come last of all) and the optional ones (nothing may wait for those). Never
on an account whose records could not be read: a plan is never made on a part not read.
"""

from __future__ import annotations

import json

from wizard import __version__
from wizard.core.approval import (
    APPROVALS_LOGSTORE,
    APPROVALS_TTL_DAYS,
    log_contents,
    record_key,
    record_text,
)
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext

REASON = ("Records the approved settings in the account (no secret in them), so that audit, plan and the wizard "
          "start from them on any machine, and auditors can see what was approved, when and by whom.")
APPROVALS_INDEX = {"line": {"token": [",", " ", "'", "\"", ";", "=", "(", ")", "[", "]", "{", "}", "?", "@", "&",
                            "<", ">", "/", ":", "\n", "\t", "\r"], "caseSensitive": False, "chn": False},
                   "keys": {"trail": {"type": "text", "token": [","], "caseSensitive": True, "doc_value": True}}}


def _after_everything(ctx: PlanContext) -> tuple[str, ...]:
    return tuple(a.id for a in ctx.actions if not a.optional and not a.irreversible)


def plan_approval_record(ctx: PlanContext, bucket_ready: bool, logstore_ready: bool) -> None:
    """`bucket_ready`/`logstore_ready`: the destination can be used (it exists or this plan makes it)."""
    settings = ctx.settings
    state = ctx.observed.approval_for(settings.trail.name)
    if state is None and not ctx.offline:
        return  # not read: whether a record is due is unknown
    if state is not None and state.approves(settings):
        return
    trail = settings.trail.name
    if settings.oss:
        if not bucket_ready:
            return
        bucket = settings.oss.bucket
        key = record_key(trail)
        ctx.add(Action(id="oss.record-approved-settings", service="oss", api="PutObject",
                       resource=f"oss://{bucket}/{key}",
                       params={"Bucket": bucket, "Key": key, "ContentType": "application/json",
                               "ForbidOverwrite": True, "Body": record_text(settings, __version__)},
                       reason=REASON + " Under the bucket's WORM retention the records cannot be changed.",
                       depends_on=_after_everything(ctx)))
        return
    if not (settings.sls and logstore_ready):
        return
    project = settings.sls.project
    resource = f"sls://{project}/{APPROVALS_LOGSTORE}"
    missing = ctx.offline or state is None or state.store_missing
    if missing:
        ctx.add(Action(id="sls.create-approvals-logstore", service="sls", api="CreateLogStore", resource=resource,
                       params={"project": project, "logstoreName": APPROVALS_LOGSTORE, "ttl": APPROVALS_TTL_DAYS,
                               "shardCount": 1, "encrypt_conf": {"enable": True, "encrypt_type": "default"}},
                       reason="A Logstore for the approved settings, kept for good (a Log Service only setup has no "
                       "bucket to hold them).", depends_on=ctx.deps("sls.create-project")))
    if missing or state.index_missing:
        ctx.add(Action(id="sls.index-approvals-logstore", service="sls", api="CreateIndex", resource=resource,
                       params={"project": project, "logstore": APPROVALS_LOGSTORE,
                               "index": json.loads(json.dumps(APPROVALS_INDEX))},
                       reason="Reading the approvals back (GetLogs) needs an index.",
                       depends_on=ctx.deps("sls.create-approvals-logstore")))
    ctx.add(Action(id="sls.record-approved-settings", service="sls", api="PutLogs", resource=resource,
                   params={"project": project, "logstore": APPROVALS_LOGSTORE, "topic": trail,
                           "contents": log_contents(settings, __version__)},
                   reason=REASON, depends_on=_after_everything(ctx)))
