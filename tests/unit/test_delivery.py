"""Proof of delivery, the pure part (wizard.core.delivery, wizard.report.delivery): which marker call, which
destinations, what an OSS file's encryption must show, and what a proof says and decides. No network."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.support.factories import settings as make_settings
from wizard.core.delivery import (
    EVENTS,
    LOGSTORE,
    OSS,
    DeliveryProof,
    Landing,
    day_prefix,
    destinations,
    encryption_problem,
    last_deliveries,
    marker_for,
    named_key_id,
    oss_prefix,
)
from wizard.core.observed import Observed, TrailState
from wizard.core.settings import OssSettings, SlsSettings, TrailSettings
from wizard.flow.exit_codes import ExitCode, for_proof
from wizard.report.delivery import describe, progress_line, summary_line


def _settings(event_rw="All", oss=True, sls=True, **trail):
    base = make_settings()
    return replace(base, trail=replace(base.trail, event_rw=event_rw, **trail),
                   oss=(base.oss or OssSettings("acme-actiontrail")) if oss else None,
                   sls=(base.sls or SlsSettings("acme-actiontrail")) if sls else None)


def _proof(settings, *kinds, **kw) -> DeliveryProof:
    landings = tuple(Landing(kind, f"in {kind}", 60.0 * n) for n, kind in enumerate(kinds))
    return DeliveryProof("REQ-1", marker_for(settings), destinations(settings), landings, **kw)


@pytest.mark.parametrize("event_rw", ["All", "Read"])
def test_a_trail_that_records_reads_is_proven_with_a_read(event_rw):
    marker = marker_for(_settings(event_rw))
    assert (marker.api, marker.read, marker.params) == ("GetTrailStatus", True, {"Name": "actiontrail-baseline"})


def test_a_write_only_trail_is_proven_with_an_update_trail_naming_only_the_trail():
    marker = marker_for(_settings("Write"))
    assert (marker.api, marker.read, marker.params) == ("UpdateTrail", False, {"Name": "actiontrail-baseline"})


def test_an_organization_trails_status_is_asked_as_one():
    assert marker_for(_settings(organization=True)).params["IsOrganizationTrail"] is True


def test_the_destinations_are_the_event_history_and_those_the_settings_name():
    assert [d.kind for d in destinations(_settings())] == [EVENTS, LOGSTORE, OSS]
    assert [d.kind for d in destinations(_settings(oss=False))] == [EVENTS, LOGSTORE]
    assert [d.kind for d in destinations(_settings(sls=False))] == [EVENTS, OSS]
    assert destinations(_settings())[2].where == "oss://acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/"


def test_the_oss_folder_follows_the_documented_path():
    settings = _settings()
    assert oss_prefix(settings) == "actiontrail/AliyunLogs/Actiontrail/"
    assert day_prefix(settings, "cn-hangzhou", 1796083200) == "actiontrail/AliyunLogs/Actiontrail/cn-hangzhou/2026/12/01/"
    assert oss_prefix(replace(settings, oss=replace(settings.oss, prefix=""))) == "AliyunLogs/Actiontrail/"


def test_the_settings_key_is_named_only_when_it_is_an_id():
    settings = _settings()
    assert named_key_id(replace(settings, oss=replace(settings.oss, kms_key="create"))) is None
    assert named_key_id(replace(settings, oss=replace(settings.oss, kms_key="alias/mine"))) is None
    assert named_key_id(replace(settings, oss=replace(settings.oss, kms_key="key-123"))) == "key-123"


@pytest.mark.parametrize("sse, key, wanted, problem", [
    ("KMS", "key-1", "key-1", ""),
    ("KMS", "key-1", None, ""),
    ("KMS", "key-1", "acs:kms:cn-hangzhou:1:key/key-1", ""),
    ("KMS", "key-2", "key-1", "encrypted with key key-2, not the settings' key key-1"),
    ("KMS", None, "key-1", "encrypted with key (none named)"),
    ("AES256", None, None, "not SSE-KMS encrypted (x-oss-server-side-encryption: AES256)"),
    (None, None, None, "not SSE-KMS encrypted (x-oss-server-side-encryption: none)"),
])
def test_an_oss_file_must_be_sse_kms_with_the_settings_key(sse, key, wanted, problem):
    found = encryption_problem(sse, key, wanted)
    assert (problem in found) if problem else found == ""


def test_proven_only_when_found_everywhere_and_protected():
    settings = _settings()
    assert _proof(settings, EVENTS, LOGSTORE, OSS).proven
    assert not _proof(settings, EVENTS, LOGSTORE).proven
    assert not _proof(settings).proven
    unprotected = _proof(settings, EVENTS, LOGSTORE, OSS)
    unprotected = replace(unprotected, landings=unprotected.landings[:2] + (Landing(OSS, "f", 300.0, "not SSE"),))
    assert not unprotected.proven and unprotected.problems
    assert not replace(_proof(settings, EVENTS, LOGSTORE, OSS), skipped=True).proven
    assert not replace(_proof(settings, EVENTS, LOGSTORE, OSS), error="refused").proven


def test_the_exit_code_is_ok_only_when_proven():
    settings = _settings()
    assert for_proof(_proof(settings, EVENTS, LOGSTORE, OSS)) == ExitCode.OK
    assert for_proof(_proof(settings, EVENTS)) == ExitCode.PENDING


def test_the_words_say_where_it_landed_how_long_it_took_and_what_is_missing():
    settings = _settings()
    proven = replace(_proof(settings, EVENTS, LOGSTORE, OSS), waited=120.0, sandbox=True)
    lines = describe(proven)
    assert lines[0] == f"Marker: GetTrailStatus (RequestId REQ-1), {proven.marker.why}"
    assert "found in in logstore after 1 min 00 s on the sandbox clock" in lines
    assert lines[-1] == "Delivery proven: the marker reached every destination in 2 min 00 s on the sandbox clock."
    assert summary_line(proven) == ("Delivery proven: a marker call reached the event history after 0 s, Logstore "
                                    "after 1 min 00 s, OSS after 2 min 00 s (sandbox clock).")
    late = replace(_proof(settings, EVENTS), waited=900.0, later="actiontrail-wizard verify --config s.toml")
    assert describe(late)[-1].startswith("Delivery NOT proven: not delivered to Logstore actiontrail_actiontrail-"
                                         "baseline in project acme-actiontrail; oss://acme-actiontrail/")
    assert describe(late)[-1].endswith("within 15 min 00 s; check again with: actiontrail-wizard verify --config s.toml")
    assert summary_line(late) == ("Delivery NOT proven: not delivered to the Logstore, OSS within 15 min 00 s; it "
                                  "reached the event history after 0 s; check again with: actiontrail-wizard verify "
                                  "--config s.toml")
    assert progress_line(replace(late, waited=450.0)) == \
        "[##########----------] 1 of 3 destinations, 7 min 30 s of 15 min 00 s"


def test_left_for_later_the_summary_gives_the_command():
    assert summary_line(None, "actiontrail-wizard verify --config s.toml") == \
        "Delivery not proven yet: it can take ten minutes; prove it with: actiontrail-wizard verify --config s.toml"
    assert summary_line(None) == ""


def test_a_stopped_trail_says_why_not_a_timeout():
    proof = _proof(_settings(), notes=("Trail actiontrail-baseline is not logging",), later="v")
    assert "not logging" in summary_line(proof) and "within" not in summary_line(proof)
    assert "(stopped after 0 s)" in describe(proof)[-1]


def test_the_evidence_reports_get_each_destinations_last_delivery_and_never():
    trails = (TrailState("t-one", "cn-hangzhou", oss_bucket="b", sls_project="p", oss_delivered_at="2026-12-01T10:00:00Z",
                         sls_delivered_at=None, sls_delivery_error="LogStoreNotExist"),
              TrailState("t-two", "cn-hangzhou", oss_bucket="b", oss_delivered_at="2026-12-01T11:00:00Z"))
    observed = Observed(account_id="1", region="cn-hangzhou", trails=trails)
    assert last_deliveries(observed, ("t-one",)) == ("t-one to OSS: 2026-12-01T10:00:00Z",
                                                     "t-one to Log Service: never (latest error: LogStoreNotExist)")
    assert len(last_deliveries(observed)) == 3


# -- AT-DELIVERY judges GetTrailStatus's delivery facts -------------------------------------------------------------
def _delivery(**trail):
    from tests.support.factories import empty_account, simulate
    from wizard.core.audit import evaluate
    from wizard.core.planning.planner import plan

    desired = make_settings()
    good = simulate(empty_account(), plan(desired, empty_account()))
    observed = replace(good, trails=(replace(good.trails[0], **trail),))
    return next(f for f in evaluate(desired, observed) if f.rule == "AT-DELIVERY")


def test_at_delivery_passes_only_with_a_delivery_time_for_each_destination_and_no_error():
    found = _delivery(oss_delivered_at="2026-12-01T10:00:00Z", sls_delivered_at="2026-12-01T10:00:05Z")
    assert found.status == "pass" and "delivered to OSS and Log Service" in found.evidence
    never = _delivery(oss_delivered_at=None, sls_delivered_at=None)
    assert never.status == "fail" and "never delivered to OSS or Log Service" in never.evidence
    logstore_error = _delivery(oss_delivered_at="t", sls_delivered_at="t", sls_delivery_error="LogStoreNotExist")
    assert logstore_error.status == "fail" and "Log Service: LogStoreNotExist" in logstore_error.evidence
    oss_error = _delivery(oss_delivered_at="t", sls_delivered_at="t", oss_delivery_error="AccessDenied")
    assert oss_error.status == "fail" and "OSS: AccessDenied" in oss_error.evidence


def test_a_logging_trail_with_no_delivery_yet_is_due_its_proof_but_not_one_with_an_error_or_stopped():
    from wizard.core.delivery import never_delivered

    settings = _settings()
    trail = TrailState("actiontrail-baseline", "cn-hangzhou", oss_bucket="b", sls_project="p",
                       oss_delivered_at=None, sls_delivered_at="t")
    observed = Observed(account_id="1", trails=(trail,))
    assert never_delivered(settings, observed)
    assert not never_delivered(settings, replace(observed, trails=(replace(trail, oss_delivered_at="t"),)))
    assert not never_delivered(settings, replace(observed, trails=(replace(trail, oss_delivery_error="x"),)))
    assert not never_delivered(settings, replace(observed, trails=(replace(trail, is_logging=False),)))
    assert not never_delivered(settings, Observed(account_id="1"))
