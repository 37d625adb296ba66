"""The sandbox's newer fault kinds, seen through the official SDKs: @TEXT narrows a fault to one resource,
=body:KIND damages the answer, and the request log says which answer was damaged and in what order."""

from __future__ import annotations

import pytest
from alibabacloud_kms20160120 import models as kms

from tests.support.clients import error_of, kms_client
from wizard.sandbox.steering.faults import FaultSpecError, parse


def test_text_narrows_a_fault_to_the_request_that_names_it(sandbox):
    client = kms_client(sandbox)
    key = client.create_key(kms.CreateKeyRequest()).body.key_metadata.key_id
    sandbox.arm_fault("CreateAlias@alias/second=500:InternalError")
    client.create_alias(kms.CreateAliasRequest(alias_name="alias/first", key_id=key))
    assert "InternalError" in str(error_of(client.create_alias, kms.CreateAliasRequest(alias_name="alias/second",
                                                                                       key_id=key)))
    assert [r["fault"] for r in sandbox.requests() if r["operation"] == "CreateAlias"] == \
        ["", "CreateAlias@alias/second=500:InternalError"]


@pytest.mark.parametrize("kind", ["truncated", "empty", "html", "html:200"])
def test_a_damaged_answer_cannot_be_read_and_is_logged(sandbox, kind):
    sandbox.arm_fault(f"ListKeys=body:{kind}")
    error_of(kms_client(sandbox).list_keys, kms.ListKeysRequest())
    record = sandbox.requests()[-1]
    assert record["fault"] == f"ListKeys=body:{kind}"
    assert record["status"] == {"html": 502, "html:200": 200}.get(kind, 200)
    assert record["received"] < record["answered"]


def test_missing_fields_keeps_only_the_request_id(sandbox):
    client = kms_client(sandbox)
    client.create_key(kms.CreateKeyRequest())
    sandbox.arm_fault("ListKeys#1=body:missing-fields")
    body = client.list_keys(kms.ListKeysRequest()).body
    assert body.request_id and body.total_count is None and not (body.keys and body.keys.key)
    assert client.list_keys(kms.ListKeysRequest()).body.total_count == 1, "only the first call was damaged"


def test_the_call_still_runs_when_only_its_answer_is_damaged(sandbox):
    client = kms_client(sandbox)
    sandbox.arm_fault("CreateKey#1=body:truncated")
    error_of(client.create_key, kms.CreateKeyRequest())
    assert client.list_keys(kms.ListKeysRequest()).body.total_count == 1, "the key exists: only the answer broke"
    sandbox.arm_fault("CreateKey#1=body:html")
    error_of(client.create_key, kms.CreateKeyRequest())
    assert client.list_keys(kms.ListKeysRequest()).body.total_count == 1, "a gateway answered: no second key"


@pytest.mark.parametrize("spec", ["CreateKey=body:bogus", "CreateKey@=500", "CreateKey@a b=500",
                                  "CreateKey=body:html:abc"])
def test_bad_specs_are_refused_with_the_syntax(spec):
    with pytest.raises(FaultSpecError, match="body:KIND"):
        parse(spec)
