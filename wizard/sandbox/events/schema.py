"""One answered API call -> the ActionTrail event the documentation describes (management event structure).

Fields: eventId, eventVersion 1, eventType ApiCall, eventName (the API), eventSource (the host called),
serviceName (Actiontrail, Kms, Oss, Ram, Sls, Sts, ResourceManager), eventRW, acsRegion, eventTime (UTC),
requestId (the one the caller saw), apiVersion, sourceIpAddress, userAgent, userIdentity, requestParameters
(secrets removed), errorCode/errorMessage on a failure, referencedResources, isGlobal.
"""

from __future__ import annotations

import json
import re

from ..http.protocol import Request, Response

SERVICE_NAMES = {"actiontrail": "Actiontrail", "kms": "Kms", "oss": "Oss", "ram": "Ram", "sls": "Sls", "sts": "Sts",
                 "resourcemanager": "ResourceManager"}
GLOBAL_SERVICES = ("ram", "sts", "resourcemanager")
HOME_REGION = "cn-hangzhou"  # acsRegion of a global service's event (assumption: FIDELITY.md, "Events")
_READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Head", "Query", "Check", "Search")
_SECRET_NAME = re.compile(r"secret|password|token|signature|credential|plaintext|authorization", re.I)
_SECRET_VALUE = re.compile(r"(access_token=)[^&\"'\s]+", re.I)
MASK = "******"
# request parameter -> the referencedResources type it names (management event structure's examples)
_RESOURCES = {
    ("actiontrail", "Name"): "ACS::ActionTrail::Trail", ("kms", "KeyId"): "ACS::KMS::Key",
    ("ram", "UserName"): "ACS::RAM::User", ("ram", "RoleName"): "ACS::RAM::Role",
    ("ram", "GroupName"): "ACS::RAM::Group", ("ram", "PolicyName"): "ACS::RAM::Policy",
    ("oss", "bucket"): "ACS::OSS::Bucket", ("oss", "objectName"): "ACS::OSS::Object",
    ("sls", "project"): "ACS::SLS::Project", ("sls", "logstore"): "ACS::SLS::LogStore",
}


def event_rw(operation: str) -> str:
    """Read for the APIs that only read (Get*, List*, Describe*, Lookup*, Head*, ...), else Write."""
    return "Read" if operation.startswith(_READ_PREFIXES) else "Write"


def clean(value):
    """A parameter value with any secret it carries masked (a DingTalk webhook's access_token)."""
    if isinstance(value, str):
        return _SECRET_VALUE.sub(lambda m: m.group(1) + MASK, value)
    if isinstance(value, dict):
        return clean_parameters(value)
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value


def clean_parameters(params: dict) -> dict:
    """requestParameters without secrets: a secret-named field is masked, a token inside a value too."""
    return {key: MASK if _SECRET_NAME.search(str(key)) else clean(value) for key, value in params.items()}


def request_id(service: str, response: Response) -> str:
    """The RequestId the caller saw: the RPC body's, OSS's x-oss-request-id, SLS's x-log-requestid."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    for header in ("x-acs-request-id", "x-oss-request-id", "x-log-requestid"):
        if headers.get(header):
            return headers[header]
    try:
        return str(json.loads(response.body or b"{}").get("RequestId", ""))
    except (ValueError, AttributeError):
        return ""


def error_of(response: Response) -> tuple[str, str]:
    """(code, message) of an error answer in any service's format."""
    text = response.body.decode("utf-8", "replace")
    for code, message in ((r'"Code":\s*"([^"]*)"', r'"Message":\s*"([^"]*)"'),
                          (r'"errorCode":\s*"([^"]*)"', r'"errorMessage":\s*"([^"]*)"'),
                          (r"<Code>([^<]*)</Code>", r"<Message>([^<]*)</Message>")):
        found = re.search(code, text)
        if found:
            said = re.search(message, text)
            return found.group(1), said.group(1) if said else ""
    return f"HTTP{response.status}", ""


def user_identity(identity) -> dict:
    """userIdentity from the signer's iam.identity.Identity (root-account, ram-user or assumed-role)."""
    return {"type": identity.type, "principalId": identity.principal_id, "accountId": identity.account_id,
            "userName": identity.user_name, "accessKeyId": identity.access_key_id}


def referenced_resources(service: str, params: dict) -> dict:
    found: dict[str, list[str]] = {}
    for (svc, name), kind in _RESOURCES.items():
        if svc == service and params.get(name):
            found.setdefault(kind, []).append(str(params[name]))
    return found


def api_event(*, event_id: str, service: str, operation: str, region: str, request: Request, response: Response,
              identity, params: dict, event_time: str, api_version: str = "") -> dict:
    """The event of one answered request."""
    params = clean_parameters(params)
    event = {
        "eventId": event_id, "eventVersion": 1, "eventType": "ApiCall", "eventName": operation,
        "eventSource": request.host, "serviceName": SERVICE_NAMES.get(service, service.title()),
        "eventRW": event_rw(operation), "acsRegion": region or HOME_REGION, "eventTime": event_time,
        "requestId": request_id(service, response), "sourceIpAddress": request.client,
        "userAgent": request.headers.get("user-agent", "") or "", "userIdentity": user_identity(identity),
        "requestParameters": params, "referencedResources": referenced_resources(service, params),
        "isGlobal": service in GLOBAL_SERVICES,
    }
    if api_version:
        event["apiVersion"] = api_version
    if response.status >= 400:
        event["errorCode"], event["errorMessage"] = error_of(response)
    return event
