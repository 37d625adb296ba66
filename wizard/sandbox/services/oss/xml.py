"""OSS bodies are XML: render nested (tag, value) pairs, and parse request bodies strictly.

A value is text (str/int), a bool (rendered lower-case like OSS), a list of pairs
(a nested element) or None (element left out). Pairs keep order and may repeat a tag.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable, Union

from ...http.protocol import ApiError

Value = Union[str, int, bool, None, list]
Pairs = Iterable[tuple[str, Value]]

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _fill(parent: ET.Element, pairs: Pairs) -> None:
    for tag, value in pairs:
        if value is None:
            continue
        child = ET.SubElement(parent, tag)
        if isinstance(value, list):
            _fill(child, value)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        else:
            child.text = str(value)


def render(root_tag: str, pairs: Pairs) -> bytes:
    """A whole XML document with the declaration OSS always sends."""
    root = ET.Element(root_tag)
    _fill(root, pairs)
    return _DECLARATION + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def render_text(root_tag: str, value: str) -> bytes:
    """A document whose root element holds only text (GetBucketLocation)."""
    root = ET.Element(root_tag)
    root.text = value
    return _DECLARATION + ET.tostring(root, encoding="utf-8", xml_declaration=False)


def malformed() -> ApiError:
    return ApiError(
        400, "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema.",
    )


def parse(body: bytes, root_tag: str) -> ET.Element:
    """The request body's root element; MalformedXML when it is not XML or not the expected root."""
    if not body.strip():
        raise malformed()
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise malformed() from None
    if root.tag != root_tag:
        raise malformed()
    return root


def text(root: ET.Element, path: str) -> str | None:
    """Stripped text of a child element, None when the element is absent."""
    node = root.find(path)
    if node is None:
        return None
    return (node.text or "").strip()


def required_int(root: ET.Element, path: str) -> int:
    """An integer child element; MalformedXML when missing or not a number."""
    value = text(root, path)
    try:
        return int(value or "")
    except ValueError:
        raise malformed() from None
