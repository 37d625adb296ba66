"""The trail's rules: it exists, logs, covers all regions and all events, and delivers."""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.findings import FAIL, PASS, UNKNOWN, Finding


@check("AT-TRAIL-EXISTS")
def trail_exists(s: Subject) -> Finding:
    error = s.read_error("DescribeTrails")
    if error:
        return finding("AT-TRAIL-EXISTS", UNKNOWN, s.trail_res, error)
    if s.trail is None:
        return finding("AT-TRAIL-EXISTS", FAIL, s.trail_res, "no trail records the account's activity" if s.defaulted
                       else f"no trail named {s.settings.trail.name}")
    return finding("AT-TRAIL-EXISTS", PASS, s.trail_res, f"trail {s.trail.name} exists in {s.trail.home_region}")


@check("AT-TRAIL-LOGGING")
def trail_logging(s: Subject) -> Finding:
    skipped = s.needs_trail("AT-TRAIL-LOGGING")
    if skipped:
        return skipped
    error = s.read_error(f"GetTrailStatus {s.trail.name}")
    if error:
        return finding("AT-TRAIL-LOGGING", UNKNOWN, s.trail_res, error)
    if not s.trail.is_logging:
        return finding("AT-TRAIL-LOGGING", FAIL, s.trail_res, f"logging is off (status {s.trail.status})")
    return finding("AT-TRAIL-LOGGING", PASS, s.trail_res, "logging is on")


@check("AT-TRAIL-ALL-REGIONS")
def trail_all_regions(s: Subject) -> Finding:
    skipped = s.needs_trail("AT-TRAIL-ALL-REGIONS")
    if skipped:
        return skipped
    status = PASS if s.trail.trail_region == "All" else FAIL
    return finding("AT-TRAIL-ALL-REGIONS", status, s.trail_res, f"TrailRegion is {s.trail.trail_region}")


@check("AT-TRAIL-ALL-EVENTS")
def trail_all_events(s: Subject) -> Finding:
    skipped = s.needs_trail("AT-TRAIL-ALL-EVENTS")
    if skipped:
        return skipped
    status = PASS if s.trail.event_rw == "All" else FAIL
    return finding("AT-TRAIL-ALL-EVENTS", status, s.trail_res, f"EventRW is {s.trail.event_rw}")


@check("AT-DELIVERY")
def delivery(s: Subject) -> Finding:
    """Delivered, not merely configured: each destination has a delivery time and no delivery error."""
    skipped = s.needs_trail("AT-DELIVERY")
    if skipped:
        return skipped
    error = s.read_error(f"GetTrailStatus {s.trail.name}")
    if error:
        return finding("AT-DELIVERY", UNKNOWN, s.trail_res, error)
    trail = s.trail
    destinations = [(name, at, err) for name, configured, at, err in (
        ("OSS", trail.oss_bucket, trail.oss_delivered_at, trail.oss_delivery_error),
        ("Log Service", trail.sls_project, trail.sls_delivered_at, trail.sls_delivery_error)) if configured]
    if not destinations:
        return finding("AT-DELIVERY", FAIL, s.trail_res, "the trail delivers to no OSS bucket and no Logstore")
    errors = [f"{name}: {err}" for name, _, err in destinations if err]
    if errors:
        return finding("AT-DELIVERY", FAIL, s.trail_res, "latest delivery error: " + "; ".join(errors))
    never = [name for name, at, _ in destinations if not at]
    if never:
        return finding("AT-DELIVERY", FAIL, s.trail_res, f"the trail has never delivered to {' or '.join(never)} "
                       "(no delivery time in GetTrailStatus; ActionTrail delivers to Log Service within about a "
                       "minute and to OSS within 10 minutes of logging)")
    return finding("AT-DELIVERY", PASS, s.trail_res, "delivered to " + " and ".join(name for name, _, _ in destinations)
                   + ", no delivery error")
