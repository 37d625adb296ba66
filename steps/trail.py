"""Trail: its name, which events and which regions it records, and whether it covers a whole organization."""

from steps.question import Question, Step
from wizard.core.settings import EVENT_RW_CHOICES
from wizard.core.validation import validate_bool, validate_event_rw, validate_trail_name, validate_trail_region


def _event_rw_cost(value):
    if value == "Write":
        return "records no read events: reconnaissance (List*, Get*, Describe*) goes unseen"
    if value == "Read":
        return "records no write events: changes to your resources go unseen"
    return None


def _region_cost(value):
    if value != "All":
        return f"records only {value}: activity in every other region goes unseen"
    return None


def _organization_limits(value):
    if value is True:
        return ("only the Resource Directory's management account or ActionTrail's delegated administrator may "
                "create it; one per account; it covers every member account, and that cannot be changed later nor "
                "turned into a single-account trail")
    return None


STEP = Step(
    name="trail",
    title="Trail",
    intro="Best practice is one trail that records all events in all regions. With a Resource Directory, one "
    "organization trail can record every member account.",
    questions=(
        Question("trail.name", "Trail name", "6-36 characters of a-z, 0-9, _ and -, starting with a letter.",
                 "text", "actiontrail-baseline", validator=validate_trail_name),
        Question("trail.event_rw", "Events to record", "All records both reads and writes.", "choice", "All",
                 choices=EVENT_RW_CHOICES, validator=validate_event_rw, warn=_event_rw_cost),
        Question("trail.trail_region", "Regions to record", "All, or one region id.", "text", "All",
                 validator=validate_trail_region, warn=_region_cost),
        Question("trail.organization", "Organization trail", "Record every member account of your Resource "
                 "Directory (IsOrganizationTrail); needs its management account or ActionTrail's delegated "
                 "administrator.", "bool", False, validator=validate_bool, warn=_organization_limits),
    ),
)
