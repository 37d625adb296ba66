"""Malformed answers (the sandbox's `=body:KIND` faults) to every read discovery makes and every write apply makes.

An answer that cannot be understood is refused with a clear error (the API, MalformedResponse, no traceback)
and nothing is written after it: a damaged read blocks the whole plan, a damaged write stops the run (it is
never retried: it may have taken effect). A re-run without the fault converges. Some damage leaves an answer
the service could really have given (an emptied logging status reads as "logging off"): those are acted on
as such, and the account must come out no weaker than it went in.
"""

from __future__ import annotations

import shutil

import pytest
from alibabacloud_actiontrail20200706 import models as at

from tests.support.cli import WRITE_PREFIXES, lock_record, run
from tests.support.clients import actiontrail_client
from tests.support.fault_matrix import EXAMPLES, ROOT, never_sent, onboarding_plan
from tests.support.weakenings import weakenings
from wizard.cloud.discover.account import discover
from wizard.cloud.session import Session
from wizard.core.settings_file import load_settings
from wizard.sandbox.server import SandboxServer

BASELINE = ROOT / "examples" / "baseline.toml"
KINDS = ("truncated", "empty", "missing-fields", "html", "html:200")
ALWAYS_REFUSED = ("truncated", "html", "html:200")  # no valid answer looks like these


def _observed(sandbox):
    account = sandbox.account
    session = Session.for_sandbox(sandbox.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                               sandbox.ca_bundle)
    return discover(session, load_settings(BASELINE))


@pytest.fixture(scope="module")
def drifted(tmp_path_factory):
    """An onboarded account that drifted (logging stopped, write events only): apply has writes to make.
    Returns the state file, the read operations discovery makes, and the account as it is."""
    folder = tmp_path_factory.mktemp("drifted")
    state = folder / "sandbox.db"
    with SandboxServer(state) as sandbox:
        assert run(sandbox, "apply", "--config", str(BASELINE), "--yes").code == 0
        client = actiontrail_client(sandbox)
        client.stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
        client.update_trail(at.UpdateTrailRequest(name="actiontrail-baseline", event_rw="Write"))
        seen = len(sandbox.requests())
        before = _observed(sandbox)
        reads = sorted({r["operation"] for r in sandbox.requests()[seen:]})
    return state, reads, before


def _damaged(sandbox, spec: str) -> bool:
    return any(r["fault"] == spec for r in sandbox.requests())


def _written_after_damage(sandbox, spec: str) -> list[str]:
    """Writes the sandbox received after it sent the first damaged answer."""
    first = min(r["answered"] for r in sandbox.requests() if r["fault"] == spec)
    return [r["operation"] for r in sandbox.requests()
            if r["received"] > first and r["operation"].startswith(WRITE_PREFIXES)
            and not lock_record(r)]  # the apply lock is let go however a run ends


# Every read discovery makes of the drifted account (one case each, so the suite's workers share them); the first
# test below fails when discovery reads something else, naming what to add or remove here.
READS = ("DescribeKey", "DescribeTrails", "GetBucketAcl", "GetBucketEncryption", "GetBucketInfo", "GetBucketLogging",
         "GetBucketPolicy", "GetBucketPublicAccessBlock", "GetBucketVersioning", "GetBucketWorm", "GetCallerIdentity",
         "GetLogStore", "GetObject", "GetPolicy", "GetProject", "GetResourceRecord", "GetRole", "GetTrailStatus",
         "ListAlerts", "ListAliases", "ListAliasesByKeyId", "ListDeliveryHistoryJobs", "ListEntitiesForPolicy",
         "ListGroups", "ListKeys", "ListObjectsV2", "ListPolicies", "ListRoles", "ListUsers", "ListUsersForGroup")


def test_the_damaged_reads_are_every_read_discovery_makes(drifted):
    _, reads, _ = drifted
    assert sorted(set(reads) - set(READS)) == [] and sorted(set(READS) - set(reads)) == []


@pytest.mark.parametrize("operation", READS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_malformed_read_blocks_every_write(kind, operation, drifted, tmp_path, monkeypatch):
    state, _, before = drifted
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    shutil.copy(state, tmp_path / "sandbox.db")
    with SandboxServer(tmp_path / "sandbox.db") as sandbox:
        spec = f"{operation}=body:{kind}"
        sandbox.arm_fault(spec)
        audit = run(sandbox, "audit", "--config", str(BASELINE))
        applied = run(sandbox, "apply", "--config", str(BASELINE), "--yes")
        for result in (audit, applied):
            assert "Traceback" not in result.out + result.err, (spec, result.err)
        assert operation in {r["operation"] for r in sandbox.requests()}, f"{spec}: discovery never made this read"
        if kind.startswith("html"):  # a gateway's page replaces any answer, with a body or without
            assert _damaged(sandbox, spec), spec
        said = applied.out + applied.err
        refused = f"could not read {operation}" in said or f"{operation} failed: MalformedResponse" in said
        if _damaged(sandbox, spec) and (refused or kind in ALWAYS_REFUSED):  # no valid answer looks like these
            assert refused, f"{spec}: read as a valid answer"
            assert applied.code in (1, 2) and audit.code in (1, 2), spec
            assert _written_after_damage(sandbox, spec) == [], spec
        elif _damaged(sandbox, spec):  # an answer the service could have given: acted on, never weakening
            sandbox.clear_faults()
            assert weakenings(before, _observed(sandbox), load_settings(BASELINE)) == [], spec
        assert never_sent(sandbox.requests()) == []


STEP_CALLS = {"CreateKey": (("kms", "CreateAlias"), ("kms", "SetDeletionProtection"))}  # one step, three calls


def _write_apis() -> list[tuple[str, str]]:
    """Every write call apply sends: each action's, and the calls a step makes inside it (the key's)."""
    steps = {(a.service, a.api) for e in EXAMPLES for a in onboarding_plan(load_settings(e)).actions}
    return sorted(steps | {inner for _, api in steps for inner in STEP_CALLS.get(api, ())})


def _step_of(api: str) -> str:
    return next((step for step, inner in STEP_CALLS.items() if api in {a for _, a in inner}), api)


WRITE_APIS = _write_apis()


@pytest.mark.parametrize(("service", "api"), WRITE_APIS, ids=[f"{service}:{api}" for service, api in WRITE_APIS])
@pytest.mark.parametrize("kind", KINDS)
def test_a_malformed_write_answer_stops_the_run_and_a_rerun_converges(kind, service, api, tmp_path, monkeypatch):
    """One case per write call and kind (so the suite's workers share them), each in a fresh sandbox."""
    # One call at a time, so "nothing sent after the malformed answer" is exact in the request log: with more,
    # calls already in flight when it arrives finish too (tests/unit/test_dag.py: no new one starts).
    monkeypatch.setenv("ACTIONTRAIL_WIZARD_APPLY_WORKERS", "1")
    example = next(e for e in EXAMPLES if _step_of(api) in {a.api for a in onboarding_plan(load_settings(e)).actions})
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with SandboxServer(tmp_path / "sandbox.db", starter_state="bare") as sandbox:  # every step of the plan runs
        spec = f"{service}:{api}#1=body:{kind}"
        sandbox.arm_fault(spec)
        first = run(sandbox, "apply", "--config", str(example), "--yes")
        assert "Traceback" not in first.out + first.err, (spec, first.err)
        assert api in {r["operation"] for r in sandbox.requests()}, f"{spec}: the apply never made this call"
        if kind.startswith("html"):  # a gateway's page replaces any answer, with a body or without
            assert _damaged(sandbox, spec), spec
        optional = any(a.api == _step_of(api) and a.optional for a in onboarding_plan(load_settings(example)).actions)
        if optional and _damaged(sandbox, spec) and kind in ALWAYS_REFUSED:  # the backfill: skipped, never fatal
            assert first.code == 0, (spec, first.err)
            assert f"{api} " in first.out and "skipped (optional): MalformedResponse" in first.out, spec
        elif _damaged(sandbox, spec) and (first.code != 0 or kind in ALWAYS_REFUSED):
            assert first.code == 1, (spec, first.out)
            assert f"{service} {api} failed: MalformedResponse" in first.err, (spec, first.err)
            assert _written_after_damage(sandbox, spec) == [], spec
        else:  # no body to damage, or only fields the wizard does not use were lost: it carries on
            assert first.code == 0, (spec, first.err)
        sandbox.clear_faults()
        again = run(sandbox, "apply", "--config", str(example), "--yes")
        assert again.code == 0, (spec, again.out + again.err)
        assert never_sent(sandbox.requests()) == []
