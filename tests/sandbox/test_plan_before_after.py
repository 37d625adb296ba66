"""An account drifted with the official SDKs: `plan` names each value it replaces, as the account holds it.

The values are set through the SDKs (as a colleague would in the console), read back by the wizard's own
discovery, and must appear as `before` in the JSON and as `before -> after` in the text.
"""

from __future__ import annotations

import json
from pathlib import Path

from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run
from tests.support.clients import sls_client
from tests.support.drift import drift_applied_baseline

BASELINE = str(Path(__file__).resolve().parents[2] / "examples/baseline.toml")


def test_plan_names_what_each_fix_replaces(sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    drift_applied_baseline(sandbox)  # logging stopped, Write events only, the bucket public-read
    sls_client(sandbox).update_log_store("acme-actiontrail", "actiontrail_actiontrail-baseline",
                                         sls.UpdateLogStoreRequest(logstore_name="actiontrail_actiontrail-baseline",
                                                                   ttl=30, shard_count=2))

    planned = run(sandbox, "plan", "--config", BASELINE, "--format", "json")
    assert planned.code == 2, planned.err
    changes = {a["api"]: (a["before"], a["after"]) for a in json.loads(planned.out)["actions"]}
    assert changes["UpdateTrail"] == ({"EventRW": "Write"}, {"EventRW": "All"})
    assert changes["StartLogging"] == ({"IsLogging": False}, {"IsLogging": True})
    assert changes["PutBucketAcl"] == ({"Acl": "public-read"}, {"Acl": "private"})
    assert changes["PutBucketPublicAccessBlock"] == ({"BlockPublicAccess": False}, {"BlockPublicAccess": True})
    assert changes["UpdateLogStore"] == ({"ttl": 30}, {"ttl": 365})

    text = run(sandbox, "plan", "--config", BASELINE).out
    for shown in ("~ EventRW: Write -> All", "~ IsLogging: false -> true", "~ Acl: public-read -> private",
                  "~ ttl: 30 -> 365"):
        assert shown in text, shown
