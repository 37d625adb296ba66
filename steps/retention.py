"""Retention: WORM days on the bucket (and whether to lock now), TTL on the Logstore."""

from steps.question import Question, Step
from steps.when import with_oss, with_sls
from wizard.core.settings import DEFAULT_RETENTION_DAYS
from wizard.core.validation import validate_bool, validate_retention_days, validate_ttl_days


def _below_cis(value):
    if isinstance(value, int) and not isinstance(value, bool) and 180 <= value < DEFAULT_RETENTION_DAYS:
        return "meets MLPS 2.0 (180 days) but not CIS Alibaba Cloud (365 days)"
    return None


def _unlocked(value):
    return None if value else "an unlocked WORM policy can be aborted for 24 hours and then expires"


def _locked_already(answers, observed) -> str | None:
    """The chosen bucket's WORM is Locked: there is nothing left to lock, and "no" would only unsay it."""
    bucket = observed.bucket(answers.get("oss.bucket")) if observed is not None else None
    worm = bucket.worm if bucket is not None else None
    if worm is not None and worm.state == "Locked":
        return f"WORM on {bucket.name} is already locked ({worm.retention_days} days): nothing left to lock"
    return None


STEP = Step(
    name="retention",
    title="Retention",
    intro="MLPS 2.0 asks for at least 180 days of logs; CIS asks for 365. Locking WORM is irreversible: "
    "the period can then only be extended, and the bucket cannot be deleted before it ends.",
    questions=(
        Question("oss.retention_days", "WORM retention (days)", "180 to 25550 days.", "int", DEFAULT_RETENTION_DAYS,
                 validator=validate_retention_days, warn=_below_cis, when=with_oss),
        Question("oss.lock", "Lock WORM now (irreversible)", "Lock the retention policy once created.", "bool", True,
                 validator=validate_bool, warn=_unlocked, when=with_oss, irreversible=True,
                 done=_locked_already),
        Question("sls.ttl_days", "Logstore TTL (days)", "180 to 3650 days; 3650 keeps events forever.", "int",
                 DEFAULT_RETENTION_DAYS, validator=validate_ttl_days, warn=_below_cis, when=with_sls),
    ),
)
