"""Another Alibaba Cloud account in the same sandbox, made through the control endpoint, to act as.

`another_account(sandbox)` has the url, ca_bundle and account (its root key) the client helpers in
tests/support/clients.py take, so any official client can be pointed at it as at the sandbox itself.
"""

from __future__ import annotations

import json
import urllib.request
from types import SimpleNamespace


def another_account(sandbox) -> SimpleNamespace:
    request = urllib.request.Request(f"{sandbox.url}/_sandbox/accounts", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        made = json.loads(answer.read())
    return SimpleNamespace(url=sandbox.url, ca_bundle=sandbox.ca_bundle, account=SimpleNamespace(**made))
