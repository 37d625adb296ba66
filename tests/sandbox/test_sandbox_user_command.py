"""`actiontrail-wizard sandbox user NAME`: a RAM user holding exactly the policies named, its key printed as JSON,
and every request that key signs judged by those policies (the official SDKs, over the wire)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

from alibabacloud_actiontrail20200706 import models as at

from tests.support.clients import actiontrail_client, error_of, ram_client
from tests.support.iam import as_key
from wizard.cli import main

READ_ONLY = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["actiontrail:DescribeTrails"],
                                            "Resource": "*"}]}


def _cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_the_printed_key_acts_as_the_user_under_exactly_its_policy(sandbox, tmp_path):
    document = tmp_path / "reader.json"
    document.write_text(json.dumps(READ_ONLY))
    code, out, err = _cli("sandbox", "user", "reader", "--policy", str(document),
                          "--state", str(tmp_path / "sandbox.db"))
    assert code == 0, err
    made = json.loads(out)
    assert made["user"] == "reader" and made["account_id"] == sandbox.account.account_id
    assert made["policies"] == ["Custom:reader-reader"]
    user = as_key(sandbox, made["access_key_id"], made["access_key_secret"])
    assert actiontrail_client(user).describe_trails(at.DescribeTrailsRequest()).status_code == 200
    refused = error_of(actiontrail_client(user).get_trail_status, at.GetTrailStatusRequest(name="any-trail"))
    assert refused.code == "Forbidden.RAM"
    assert sandbox.requests()[-1]["decision"] == "ImplicitDeny"


def test_bad_input_names_the_field_and_writes_nothing(sandbox, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"Version": "1", "Statement": "nope"')
    state = str(tmp_path / "sandbox.db")
    for args, named in ((["--policy", str(broken)], "--policy"), (["--system-policy", "NoSuchPolicy"], "--system-policy"),
                        (["--group", "no-such-group"], "--group")):
        code, out, err = _cli("sandbox", "user", "mallory", *args, "--state", state)
        assert code != 0 and out == "" and named in err and "Traceback" not in err
    code, _, err = _cli("sandbox", "user", "bad name!", "--state", state)
    assert code != 0 and "user name" in err
    from alibabacloud_ram20150501 import models as ram

    users = ram_client(sandbox).list_users(ram.ListUsersRequest()).body.users.user
    assert "mallory" not in {u.user_name for u in users}
