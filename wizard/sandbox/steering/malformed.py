"""Malformed answers for the `=body:KIND` faults: what a flaky network, a proxy or a gateway can hand a client.

`damage` returns the answer a client would get instead of `response`, or None when
the kind cannot change it (an empty body cannot be cut in half or lose fields).
"""

from __future__ import annotations

import json
import re

from ..http.protocol import Response

HTML_PAGE = (b"<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
             b"<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n"
             b"</body>\r\n</html>\r\n")
_REQUEST_ID_KEYS = ("RequestId", "requestId")
_XML_ROOT = re.compile(rb"^(?P<head>\s*(?:<\?xml[^>]*\?>\s*)?<(?P<tag>[A-Za-z_][\w.-]*)[^>]*>)", re.S)


def html_page(status: int) -> Response:
    """A load balancer's error page where the service's answer should be."""
    body = HTML_PAGE.replace(b"{status}", str(status).encode())
    return Response(status, {"Content-Type": "text/html"}, body)


def damage(response: Response, kind: str, status: int) -> Response | None:
    if kind == "html":
        return html_page(status)
    if not response.body:
        return None
    if kind == "truncated":
        body = response.body[: len(response.body) // 2]
    elif kind == "empty":
        body = b""
    else:  # missing-fields
        body = _without_fields(response.body)
        if body is None or body == response.body:
            return None
    return Response(response.status, dict(response.headers), body)


def _without_fields(body: bytes) -> bytes | None:
    """JSON: only the RequestId stays. XML: the root element stays, empty."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return json.dumps({k: v for k, v in data.items() if k in _REQUEST_ID_KEYS}).encode()
    root = _XML_ROOT.match(body)
    if root:
        return root.group("head") + b"</" + root.group("tag") + b">"
    return None
