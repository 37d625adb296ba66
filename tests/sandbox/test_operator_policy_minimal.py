"""The operator policy is minimal, proven by execution: for each Allow action of `policy operator`, the wizard run
as a RAM user holding the policy without that one action fails at the call that needs it (the sandbox refuses that
action, and the wizard says which API, action and resource, and that nothing more was done).

Kept fast: each case starts from a prepared account (a copy of a template sandbox state: empty, the baseline
applied, a drifted setup), runs the smallest command that reaches the call (`plan` for a read, `apply` for a write,
which stops at the first refused write), and read cases share one sandbox per worker.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alibabacloud_kms20160120 import models as kms
from alibabacloud_ram20150501 import models as ram
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import kms_client, ram_client, resourcemanager_client, sls_client
from tests.support.cli import run
from tests.support.drift import drifted_setup
from tests.support.iam import (
    allowed_actions,
    approving,
    denials,
    document_of,
    run_as,
    user_in_group_with,
    user_with,
    without_action,
)
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
BASELINE = (ROOT / "examples/baseline.toml").read_text()
SLS_ONLY = BASELINE[:BASELINE.index("[oss]")] + BASELINE[BASELINE.index("[sls]"):]
STORE = "actiontrail_actiontrail-baseline"


def _disable_key(sandbox):
    kms_client(sandbox).disable_key(kms.DisableKeyRequest(key_id="alias/actiontrail-actiontrail-baseline"))


def _change_auditor_policy(sandbox):
    doc = '{"Version":"1","Statement":[{"Effect":"Allow","Action":["actiontrail:LookupEvents"],"Resource":"*"}]}'
    ram_client(sandbox).create_policy_version(ram.CreatePolicyVersionRequest(
        policy_name="ActionTrailAuditorReadOnly", policy_document=doc, set_as_default=True))


def _disable_alert(sandbox):
    sls_client(sandbox).disable_alert("acme-actiontrail", "at-trail-changes")


def _change_alert(sandbox):
    client = sls_client(sandbox)
    alert = client.get_alert("acme-actiontrail", "at-trail-changes").body
    alert.configuration.query_list[0].query = "event.eventName: Nothing"
    client.update_alert("acme-actiontrail", "at-trail-changes", sls.UpdateAlertRequest(
        display_name=alert.display_name, configuration=alert.configuration, schedule=alert.schedule))


def _encryption_off(sandbox):
    sls_client(sandbox).update_log_store_encryption("acme-actiontrail", STORE, sls.UpdateLogStoreEncryptionRequest(
        enable=False))


def _key_answer_lost(sandbox):
    sandbox.arm_fault("kms:CreateKey#1=lost")  # the retry looks for the key the lost answer made (ListKeys, tags)


def _applied_as_root(sandbox, text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "settings.toml"
        config.write_text(text)
        done = run(sandbox, "apply", "--config", str(config), "--yes")
        assert done.code == 0, done.err


def _group_holds_full_access(sandbox):
    """Its members can change the trail: discovery reads who they are (ListUsersForGroup)."""
    ram_client(sandbox).attach_policy_to_group(ram.AttachPolicyToGroupRequest(
        policy_type="System", policy_name="AliyunActionTrailFullAccess", group_name="security-auditors"))


def _directory(sandbox):
    resourcemanager_client(sandbox).init_resource_directory()


# template, settings text and changes, command, what the root does first on the copy
ONBOARDING = ("empty", BASELINE, (), "apply", None)
DRIFTED = ("drifted", BASELINE, (), "apply", None)
APPLIED_READ = ("applied", BASELINE, (), "plan", None)


def _on_applied(setup=None, *changes) -> tuple:
    return ("applied", BASELINE, changes, "apply", setup)


WHERE: dict[str, tuple] = {
    # the bare starter has no admin group: the plan creates it, gives it admin rights and adds the admin users
    "ram:CreateGroup": ("bare", BASELINE, (), "apply", None),
    "ram:AddUserToGroup": ("bare", BASELINE, (), "apply", None),
    "actiontrail:UpdateTrail": DRIFTED, "kms:UpdateRotationPolicy": DRIFTED,
    "log:CreateIndex": ("empty", SLS_ONLY, (), "apply", None),  # the approvals Logstore, without a bucket
    "log:PostLogStoreLogs": ("empty", SLS_ONLY, (), "apply", None),
    "log:GetLogStoreLogs": ("empty", SLS_ONLY, (), "plan", lambda sandbox: _applied_as_root(sandbox, SLS_ONLY)), "log:UpdateLogStore": DRIFTED, "oss:PutBucketAcl": DRIFTED,
    "kms:EnableKey": _on_applied(_disable_key),
    "ram:CreatePolicyVersion": _on_applied(_change_auditor_policy),
    "log:EnableAlert": _on_applied(_disable_alert),
    "log:UpdateAlert": _on_applied(_change_alert),
    "log:UpdateLogStoreEncryption": _on_applied(_encryption_off),
    "oss:ExtendBucketWorm": _on_applied(None, ("retention_days = 365", "retention_days = 400")),
    "kms:ListKeys": ("empty", BASELINE, (), "apply", _key_answer_lost),
    "kms:ListResourceTags": ("empty", BASELINE, (), "apply", _key_answer_lost),
    "ram:ListUsersForGroup": ("applied", BASELINE, (), "plan", _group_holds_full_access),
    "kms:Decrypt": APPLIED_READ,  # the latest approved-settings record is an SSE-KMS object
    "actiontrail:LookupEvents": ("applied", BASELINE, (), "verify", None),  # the marker in the event history
    "ram:CreateRole": ("empty", SLS_ONLY, (('encryption = "service"', 'encryption = "cmk"'),), "apply", None),
    "ram:AttachPolicyToRole": ("empty", SLS_ONLY, (('encryption = "service"', 'encryption = "cmk"'),), "apply", None),
    "resourcemanager:GetResourceDirectory": ("empty", BASELINE, (("organization = false", "organization = true"),),
                                             "plan", _directory),
    "resourcemanager:ListDelegatedAdministrators": ("empty", BASELINE,
                                                    (("organization = false", "organization = true"),), "plan",
                                                    _directory),
}
# The history backfill is optional (its failure is reported, the trail is set up), its progress a status line
SOFT = {"actiontrail:CreateDeliveryHistoryJob", "actiontrail:GetDeliveryHistoryJob",
        "actiontrail:ListDeliveryHistoryJobs"}
INVENTORY = {"oss:ListBuckets": "buckets", "log:ListProject": "projects", "kms:ListAliases": "key_aliases"}
READS_ON_APPLIED = {"actiontrail:DescribeTrails", "actiontrail:GetTrailStatus", "kms:DescribeKey",
                    "kms:ListAliasesByKeyId", "log:GetLogStore", "log:GetProject", "log:GetResourceRecord",
                    "log:ListAlerts", "oss:GetBucketAcl", "oss:GetBucketEncryption", "oss:GetBucketInfo",
                    "oss:GetBucketLogging", "oss:GetBucketPolicy", "oss:GetBucketPublicAccessBlock",
                    "oss:GetBucketVersioning", "oss:GetBucketWorm", "oss:GetObject", "oss:ListObjects",
                    "ram:GetPolicy", "ram:GetRole", "ram:ListEntitiesForPolicy", "ram:ListGroups", "ram:ListPolicies",
                    "ram:ListRoles", "ram:ListUsers"}


def _settings_text(text: str, changes) -> str:
    for old, new in changes:
        text = text.replace(old, new)
    return text


def _all_cases() -> list[str]:
    import tomllib

    from wizard.core.policies.operator import operator_policy
    from wizard.core.settings_file import parse_settings

    found = set()
    for _, text, changes, _, _ in [ONBOARDING, *WHERE.values()]:
        settings = parse_settings(tomllib.loads(_settings_text(text, changes)))
        found |= set(allowed_actions(operator_policy(settings, "1")))
    return sorted(found)


CASES = _all_cases()


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """Sandbox states to copy: a new account (the well-run starter), a bare one (no admin group yet), the baseline
    applied by the root, a drifted setup."""
    folder = tmp_path_factory.mktemp("templates")
    made = {}
    for name in ("empty", "bare", "applied", "drifted"):
        state = folder / name / "sandbox.db"
        state.parent.mkdir()
        with SandboxServer(state, starter_state="bare" if name == "bare" else "well-run") as server:
            if name == "applied":
                config = folder / "baseline.toml"
                config.write_text(BASELINE)
                done = run(server, "apply", "--config", str(config), "--yes")
                assert done.code == 0, done.err
            elif name == "drifted":
                drifted_setup(server, server.account.account_id)
        made[name] = state
    return made


def _copy(template: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for file in template.parent.glob(template.name + "*"):
        shutil.copy(file, into / file.name)
    return into / template.name


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


@pytest.fixture(scope="module")
def applied_sandbox(templates, tmp_path_factory):
    """One copy of the applied account shared by the read cases: a plan changes nothing."""
    with SandboxServer(_copy(templates["applied"], tmp_path_factory.mktemp("shared"))) as server:
        yield server


def _refused_at(sandbox, since: int, action: str) -> list[str]:
    return [denied for _, denied in denials(sandbox, since) if denied.split()[0].lower() == action.lower()]


def _check_run(sandbox, tmp_path, monkeypatch, action, text, changes, command, name):
    config = tmp_path / "settings.toml"  # its group among the admins: it holds UpdateTrail (AT-RAM-ADMINS)
    config.write_text(approving(_settings_text(text, changes), f"g-{name}"))
    policy = document_of(sandbox, "operator", config)
    assert action in allowed_actions(policy), f"{action} is not in the operator policy of this case"
    user = user_in_group_with(sandbox, name, f"g-{name}", without_action(policy, action))
    since = len(sandbox.requests())
    done = run_as(sandbox, user, monkeypatch, command, "--config", str(config), *(["--yes"] if command == "apply"
                                                                                  else []))
    said = done.out + done.err
    assert _refused_at(sandbox, since, action), f"no call was refused {action}: {denials(sandbox, since)}"
    assert "Traceback" not in said, said[-2000:]
    if action in SOFT:  # the run goes on and says what was refused
        assert done.code == 0, said[-2000:]
    elif command == "apply":
        assert done.code == 1 and "Fix the cause" in said, said[-2000:]  # and apply resumes from its journal
    elif command == "verify":  # the proof cannot be made: an error, not "not delivered"
        assert done.code == 1 and "Delivery" not in done.out, said[-2000:]
    else:  # a read RAM refused blocks the plan: nothing is planned on a partial view of the account
        assert "No changes planned" in said and "could not read" in said, said[-2000:]
    assert f"RAM refused acs:ram::{sandbox.account.account_id}:user/{name} {action}" in said, \
        f"the message names the caller and the RAM action: {said[-2000:]}"
    assert "actiontrail-wizard policy operator --config" in said
    return done


@pytest.mark.parametrize("action", [a for a in CASES if a in READS_ON_APPLIED])
def test_without_a_read_discovery_fails_at_that_read(applied_sandbox, tmp_path, monkeypatch, action):
    _check_run(applied_sandbox, tmp_path, monkeypatch, action, BASELINE, (), "plan",
               "no-" + action.replace(":", "-"))


@pytest.mark.parametrize("action", [a for a in CASES if a not in READS_ON_APPLIED and a not in INVENTORY])
def test_without_an_action_the_run_fails_at_the_call_that_needs_it(templates, tmp_path, monkeypatch, action):
    template, text, changes, command, setup = WHERE.get(action, ONBOARDING)
    with SandboxServer(_copy(templates[template], tmp_path / "sandbox")) as sandbox:
        if setup:
            setup(sandbox)
        _check_run(sandbox, tmp_path, monkeypatch, action, text, changes, command, "operator")


@pytest.mark.parametrize("action", sorted(INVENTORY))
def test_without_a_list_the_wizard_offers_no_choice_of_it(applied_sandbox, monkeypatch, action):
    """The interactive steps' choices (cloud/discover/inventory.py) are the only use of these three lists."""
    from wizard.cloud.discover.inventory import inventory
    from wizard.cloud.session import Session

    def listed(user) -> tuple:
        session = Session.for_sandbox(applied_sandbox.url, user.account.access_key_id,
                                      user.account.access_key_secret, "cn-hangzhou", applied_sandbox.ca_bundle)
        return getattr(inventory(session), INVENTORY[action])

    policy = document_of(applied_sandbox, "operator", ROOT / "examples/baseline.toml")
    whole = user_with(applied_sandbox, "inv-all-" + action.split(":")[1].lower(), policy)
    lacking = user_with(applied_sandbox, "inv-no-" + action.split(":")[1].lower(), without_action(policy, action))
    assert listed(whole), "with the action the choices are offered"
    since = len(applied_sandbox.requests())
    assert listed(lacking) == ()
    assert _refused_at(applied_sandbox, since, action)


def test_every_allowed_action_has_a_case():
    covered = READS_ON_APPLIED | set(INVENTORY) | {a for a in CASES}
    assert set(CASES) <= covered and len(CASES) >= 60


def _without_the_lock(document: dict) -> dict:
    """The document without the apply lock's objects and listing prefix (the approved-settings records stay)."""
    from wizard.core.names import APPLY_LOCK_PREFIX

    statements = []
    for statement in document["Statement"]:
        statement = dict(statement)
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        statement["Resource"] = [r for r in resources if APPLY_LOCK_PREFIX not in r]
        prefixes = statement.get("Condition", {}).get("StringLike", {}).get("oss:Prefix")
        if prefixes:
            statement["Condition"] = {"StringLike": {"oss:Prefix": [p for p in prefixes
                                                                    if not p.startswith(APPLY_LOCK_PREFIX)]}}
        statements.append(statement)
    return {**document, "Statement": statements}


def test_without_the_apply_locks_grants_an_apply_writes_nothing(templates, tmp_path, monkeypatch):
    """The lock's records (actiontrail-wizard/apply-lock/) are needed: discovery lists them (did another apply run
    since the account was read?) before anything is planned, so without them an apply is blocked and writes nothing
    (RAM judges the call before the bucket's existence: even a new account's listing is refused)."""
    from tests.support.cli import writes

    with SandboxServer(_copy(templates["empty"], tmp_path / "sandbox")) as sandbox:
        config = tmp_path / "settings.toml"
        config.write_text(approving(BASELINE, "g-nolock"))
        policy = _without_the_lock(document_of(sandbox, "operator", config))
        user = user_in_group_with(sandbox, "no-lock", "g-nolock", policy)
        since = len(sandbox.requests())
        done = run_as(sandbox, user, monkeypatch, "apply", "--config", str(config), "--yes")
        said = done.out + done.err
        refused = [denied for _, denied in denials(sandbox, since)]
        assert refused and all(denied.split()[0] == "oss:ListObjects" for denied in refused), refused
        assert "Traceback" not in said, said[-2000:]
        assert "No changes planned" in said and "could not read ListObjectsV2 acme-actiontrail" in said, said[:3000]
        assert writes(sandbox, since, lock=True) == [], "nothing is written"
