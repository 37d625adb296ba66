"""CloudError: one error type for every SDK failure, with the service's code, message, RequestId and a hint."""

from __future__ import annotations

from wizard.cloud.permission import Refusal, grant_hint, refusal
from wizard.core.observed import REFUSED_BY_RAM
from wizard.core.redact import redact
from wizard.errors import WizardError

HINTS = {
    "InsufficientBucketPolicyException": "the service-linked role is still propagating; retry in a minute",
    "SignatureDoesNotMatch": "the access key secret is wrong; check the credentials or profile",
    "InvalidAccessKeyId.NotFound": "the access key id is unknown; check the credentials or profile",
    "InvalidAccessKeyId": "the access key id is unknown; check the credentials or profile",
    "SignatureNotMatch": "the access key secret is wrong; check the credentials or profile",
    "Unauthorized": "the access key is not accepted; check the credentials or profile",
    "NoPermission": "the caller lacks a permission; `actiontrail-wizard policy operator` lists what it needs",
    "Forbidden.RAM": "the caller lacks a permission; `actiontrail-wizard policy operator` lists what it needs",
    "AccessDenied": "the caller lacks a permission, or a bucket policy denies it",
    "BucketAlreadyExists": "the bucket name is taken in another region or account; choose another oss.bucket",
    "MaximumNumberOfTrailsExceededException": "a region holds at most 5 trails; reuse an existing one",
    "DeliveryHistoryJobLimitExceeded": "only one history job can run per account; wait for the running one",
    "NotSupportDeliveryHistoryJob": "history backfill is not enabled for this account: ask Alibaba Cloud support "
    "(a ticket) to enable it; the trail itself is set up and recording",
    "MaximumNumberOfOrganizationTrailExceeded": "an account can hold only one organization trail; manage the "
    "existing one (set trail.name to it)",
    "NotAllowCreateOrganizationTrail": "only the Resource Directory's management account or ActionTrail's delegated "
    "administrator can create an organization trail",
    "WORMConfigurationLocked": "the WORM policy is locked; it can only be extended",
    "ConnectionError": "the endpoint could not be reached; check the network, proxy settings or --sandbox-url",
    "MalformedResponse": "the answer was cut short or did not come from the service (a proxy or gateway page?); "
                         "the call may or may not have taken effect: run again, it re-reads the account first",
}
MALFORMED = "MalformedResponse"  # an answer that could not be understood: never retried, the outcome is unknown


class CloudError(WizardError):
    def __init__(self, service: str, api: str, code: str, message: str, request_id: str = "", status: int = 0,
                 hint: str = "", endpoint: str = "", refused: Refusal | None = None):
        self.service, self.api, self.code, self.request_id, self.status = service, api, code, request_id, status
        self.endpoint = endpoint  # OSS only: the endpoint a bucket must be addressed through (wrong region)
        self.refused = refused  # a permission error: the RAM action, resource and caller it needed
        message = redact(message)  # a service may echo what it was sent (a webhook URL and its token)
        if refused and not message.startswith(REFUSED_BY_RAM):  # who lacked which action on what, then the service
            message = f"{refused.sentence()} ({message})"
        self.detail = message
        self.hint = hint or (grant_hint(refused) if refused else "") or HINTS.get(code, "")
        text = f"{service} {api} failed: {code}: {message}"
        if request_id:
            text += f" (RequestId {request_id})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        super().__init__(text)

    @classmethod
    def from_sdk(cls, error: BaseException, service: str, api: str) -> "CloudError":
        """Understand TeaException (Tea clients and SLS) and oss-v2's errors; anything else is a transport error
        (the request or answer got lost) or a MalformedResponse (an answer arrived but could not be understood)."""
        if isinstance(error, CloudError):
            if error.service:
                return error
            return cls(service, api, error.code, error.detail, error.request_id, error.status, error.hint,
                       error.endpoint, error.refused)
        code = getattr(error, "code", None)
        data = getattr(error, "data", None) or {}
        if code and not getattr(error, "error_code", None):  # Tea
            message = getattr(error, "message", "") or str(error)
            if isinstance(message, str) and message.startswith("code: "):
                message = message.split(", ", 1)[-1].rsplit(" request id:", 1)[0]
            request_id = data.get("RequestId") or data.get("requestId") or getattr(error, "request_id", "") or ""
            status = data.get("statusCode") or data.get("httpCode") or getattr(error, "status_code", 0) or 0
            return cls(service, api, str(code), str(message), str(request_id), int(status or 0),
                       refused=refusal(str(code), str(message), data, service, api))
        oss_service_error = _oss_service_error(error)
        if oss_service_error is not None:
            fields = getattr(oss_service_error, "error_fileds", None) or {}  # sic: oss-v2's spelling
            code = MALFORMED if oss_service_error.code == "BadErrorResponse" else oss_service_error.code
            return cls(service, api, code, oss_service_error.message,
                       oss_service_error.request_id, int(oss_service_error.status_code or 0),
                       endpoint=str(fields.get("Endpoint") or ""),
                       refused=refusal(code, oss_service_error.message or "", fields, service, api,
                                       str(fields.get("HostId") or "")))
        if _is_transport(error):
            return cls(service, api, "ConnectionError", _short(error))
        return cls(service, api, MALFORMED, f"the answer could not be understood: {_short(error)}")


def required(value, field: str):
    """A field every real answer carries; its absence is a malformed answer, never "there is none".

    Without this a damaged DescribeTrails would read as "no trail" and a damaged GetBucketPolicy as
    "no policy", and the plan would create or overwrite what exists.
    """
    if value is None or value == "":
        raise CloudError("", "", MALFORMED, f"the answer has no {field}")
    return value


def _oss_service_error(error: BaseException):
    """oss-v2 wraps a ServiceError in an OperationError; find it."""
    seen = error
    for _ in range(5):
        if seen is None:
            return None
        if hasattr(seen, "status_code") and hasattr(seen, "request_id") and hasattr(seen, "code"):
            return seen
        unwrap = getattr(seen, "unwrap", None)
        seen = unwrap() if callable(unwrap) else getattr(seen, "__cause__", None)
    return None


def _chain(error: BaseException):
    """The error and what it wraps (Tea's inner_exception, oss-v2's unwrap(), __cause__, __context__)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen and len(seen) < 10:
        seen.add(id(error))
        yield error
        unwrap = getattr(error, "unwrap", None)
        inner = getattr(error, "inner_exception", None) or (unwrap() if callable(unwrap) else None)
        error = inner or error.__cause__ or error.__context__


def _is_transport(error: BaseException) -> bool:
    """Did the request or its answer get lost on the way (refused, reset, timed out), rather than arrive garbled?"""
    for link in _chain(error):
        if isinstance(link, OSError) or type(link).__module__.startswith("urllib3"):
            return True
    return False


def _short(error: BaseException) -> str:
    text = str(error).replace("\n", " ")
    return text if len(text) < 300 else text[:297] + "..."
