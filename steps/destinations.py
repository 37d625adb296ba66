"""Destinations: OSS for the long-term archive, Log Service for search and alerts, or both."""

from steps.question import Question, Step
from steps.when import with_oss, with_sls
from wizard.core.validation import validate_bool, validate_bucket, validate_prefix, validate_project


def _archive_cost(value):
    return None if value else "without OSS there is no tamper-proof (WORM) archive of the events"


def _history_cost(value):
    return None if value else "events before the trail starts are lost once ActionTrail's 90 days pass"


def _search_cost(value):
    return None if value else "without Log Service there is no search and no sensitive-event alerts"


STEP = Step(
    name="destinations",
    title="Destinations",
    intro="OSS keeps the archive (WORM-protected); Log Service makes events searchable and drives alerts. "
    "Best practice: both.",
    questions=(
        Question("destinations.oss", "Deliver to OSS", "Archive every event file in an OSS bucket.", "bool", True,
                 validator=validate_bool, warn=_archive_cost),
        Question("oss.bucket", "Bucket", "An existing bucket in the home region, or a new name "
                 "(3-63 of a-z, 0-9, -).", "text", "", validator=validate_bucket, when=with_oss, suggest="buckets"),
        Question("oss.prefix", "Key prefix", "Folder inside the bucket for the event files (may be empty).", "text",
                 "actiontrail", validator=validate_prefix, when=with_oss),
        Question("destinations.sls", "Deliver to Log Service", "Send events to a Log Service project.", "bool", True,
                 validator=validate_bool, warn=_search_cost),
        Question("sls.project", "Project", "An existing project in the home region, or a new name "
                 "(3-63 of a-z, 0-9, -).", "text", "", validator=validate_project, when=with_sls, suggest="projects"),
        Question("sls.backfill", "Backfill the last 90 days", "A new trail also delivers the events ActionTrail "
                 "kept from the last 90 days (a history job; one runs per account at a time).", "bool", True,
                 validator=validate_bool, warn=_history_cost, when=with_sls),
    ),
)
