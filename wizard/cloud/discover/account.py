"""discover(session, settings) -> Observed: read-only, concurrent, each thing read once.

The critical path is the dependency depth, not the number of calls. Everything
named by the settings (bucket, project, Logstore, keys, auditor policy) and the
account-wide reads (identity, trails, RAM, and the Resource Directory when an
organization trail is asked for) start at once; a trail's bucket and
project start the moment DescribeTrails answers, and a key the moment the
bucket's encryption or the Logstore names it, without waiting for the rest of
a "wave". Only Describe/Get/List calls are made here.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace

from wizard.cloud.discover import approvals as discover_approvals
from wizard.cloud.discover import kms as discover_kms
from wizard.cloud.discover import oss as discover_oss
from wizard.cloud.discover import ram as discover_ram
from wizard.cloud.discover import resource_directory as discover_rd
from wizard.cloud.discover import sls as discover_sls
from wizard.cloud.discover.reads import Reader, Taken
from wizard.cloud.errors import required
from wizard.cloud.permission import UNNAMED_REFUSAL, current_caller, remember_caller
from wizard.cloud.secrets import webhook_as_planned
from wizard.cloud.session import Session
from wizard.core.derive.keys import wanted_key_ref
from wizard.core.names import key_alias, logstore_name
from wizard.core.observed import REFUSED_BY_RAM, BucketState, FailedRead, KeyState, Observed, ProjectState, TrailState
from wizard.core.settings import Settings


def _naming_the_caller(error: FailedRead) -> FailedRead:
    """A read RAM refused before GetCallerIdentity answered (they run at once) names the caller once it is known."""
    caller = current_caller()
    if caller and error.message.startswith(UNNAMED_REFUSAL):
        return replace(error, message=REFUSED_BY_RAM + caller + error.message[len(UNNAMED_REFUSAL) - 1:])
    return error


def discover(session: Session, settings: Settings | None, account_id: str | None = None) -> Observed:
    """Everything the rules and the planner need. Raises CloudError only when nothing can be read at all.

    `account_id`: the caller's account, when GetCallerIdentity has answered already (it is not asked again)."""
    with Reader() as reader:
        return _Discovery(reader, session, settings, account_id).run()


class _Discovery:
    def __init__(self, reader: Reader, session: Session, settings: Settings | None, account_id: str | None = None):
        self.reader, self.session, self.settings, self.account_id = reader, session, settings, account_id
        self.home = session.region
        self._named_keys: list[Future] = []

    # -- the things, each started once (Reader.task memoises by key) ----------------------------
    def bucket(self, name: str, region_hint: str | None) -> Future:
        return self.reader.task(("bucket", name), discover_oss.bucket, self.reader, self.session, name, region_hint,
                                self.key)

    def project(self, name: str, region: str) -> Future:
        return self.reader.task(("project", name), discover_sls.project, self.reader, self.session, name, region)

    def logstore(self, project: str, name: str, region: str) -> Future:
        return self.reader.task(("logstore", project, name), discover_sls.logstore, self.reader, self.session,
                                project, name, region, self.key)

    def key(self, ref: str, region: str) -> Future:
        ref, region = discover_kms.parse_ref(ref, region)
        return self.reader.task(("key", region, ref), self._key_once, ref, region)

    def approval(self, trail: str, bucket: str | None, bucket_region: str | None, project: str | None,
                 project_region: str) -> None:
        """What the account remembers of this trail's approved settings: in its bucket, else in its project."""
        if bucket:
            self.reader.task(("approval", trail), discover_approvals.in_bucket, self.reader, self.session, bucket,
                             bucket_region or self.home, trail)
        elif project:
            self.reader.task(("approval", trail), discover_approvals.in_project, self.reader, self.session, project,
                             project_region, trail)

    def _key_once(self, ref: str, region: str) -> KeyState | None:
        """A key found by id that a settings alias already found is not described twice."""
        if not ref.startswith("alias/"):
            for future in self._named_keys:
                known = future.result()
                if known is not None and known.key_id == ref and known.region == region:
                    return known
        return discover_kms.key(self.reader, self.session, ref, region)

    # -- the run ------------------------------------------------------------------------------
    def run(self) -> Observed:
        reader, settings = self.reader, self.settings
        identity_f = reader.task(("identity",), self._identity)
        if settings is not None:
            self._named_keys = [reader.task(("key", region, ref), discover_kms.key, reader, self.session, ref, region)
                                for ref, region in self._settings_keys()]
            if settings.oss:
                self.bucket(settings.oss.bucket, self.home)
            if settings.sls:
                self.project(settings.sls.project, self.home)
                self.logstore(settings.sls.project, settings.logstore_name, self.home)
            self.approval(settings.trail.name, settings.oss.bucket if settings.oss else None, self.home,
                          settings.sls.project if settings.sls else None, self.home)
        notify_f = self._action_policy()
        recipients_f = self._recipients()
        trails_f = reader.task(("trails",), self._trails)
        ram_f = reader.task(("ram",), discover_ram.ram, reader, self.session, settings)
        organization_f = (reader.task(("organization",), discover_rd.organization, reader, self.session)
                          if settings is not None and settings.trail.organization else None)
        history_f = self._history()
        unnamed_f = self._unnamed_keys()

        account_id = identity_f.result()  # first: a bad key stops here with the service's own message
        trails = trails_f.result()  # every bucket, project and Logstore task has been started by now
        buckets = [f.result() for f in reader.tasks("bucket")]
        found_projects = [f.result() for f in reader.tasks("project")]
        taken = sorted(t.resource for t in (*buckets, *found_projects) if isinstance(t, Taken))
        buckets = [b for b in buckets if isinstance(b, BucketState)]
        projects = {p.name: p for p in found_projects if p and not isinstance(p, Taken)}
        logstores = [(k, f.result()) for k, f in reader.task_items("logstore")]
        approvals = tuple((key[1], f.result()) for key, f in reader.task_items("approval"))  # before the errors
        reader.drop_errors_about({t.partition("://")[2] for t in taken})  # not ours to read
        keys = {k.key_id: k for k in (f.result() for f in reader.tasks("key")) if k}  # all started by now
        ram = ram_f.result()
        organization = organization_f.result() if organization_f is not None else None
        history_jobs = history_f.result().value if history_f is not None else None  # before the errors are taken
        unnamed_keys = unnamed_f.result() if unnamed_f is not None else ()
        return Observed(
            account_id=account_id, region=self.home, trails=tuple(trails),
            buckets=tuple(sorted(filter(None, buckets), key=lambda b: b.name)),
            projects=tuple(ProjectState(p.name, p.region, tuple(s for (_, project, _), s in logstores
                                                                if project == p.name and s))
                           for p in sorted(projects.values(), key=lambda p: p.name)),
            keys=tuple(sorted(keys.values(), key=lambda k: (k.region, k.key_id))),
            policies=ram.policies,
            alerts=tuple(a for p in sorted(projects.values(), key=lambda p: p.name) for a in p.alerts),
            service_linked_role=ram.service_linked_role, principals=ram.principals, organization=organization,
            action_policies=_found(notify_f), taken=tuple(taken),
            resource_records=tuple(webhook_as_planned(r, settings) for r in (f.result().value for f in recipients_f)
                                   if r is not None),
            group_members=ram.group_members, approvals=approvals,
            history_jobs=history_jobs, unnamed_keys=unnamed_keys,
            read_errors=tuple(_naming_the_caller(e) for e in reader.errors),
        )

    def _unnamed_keys(self) -> Future | None:
        """Keys the wizard made for this trail and never named, when the settings let it create one."""
        settings = self.settings
        if settings is None or wanted_key_ref(settings) != "create":
            return None
        return self.reader.task(("unnamed-keys",), discover_kms.unnamed_keys, self.reader, self.session,
                                settings.trail.name, self.home)

    def _history(self) -> Future | None:
        """The account's history jobs, when the settings want the backfill: has this trail ever had one?"""
        settings = self.settings
        if settings is None or not (settings.sls and settings.sls.backfill) or settings.trail.organization:
            return None
        from wizard.cloud.discover.history_jobs import history_jobs

        return self.reader.call("actiontrail", "ListDeliveryHistoryJobs", "", lambda: tuple(history_jobs(
            self.session)), record=False)

    def _action_policy(self) -> tuple[Future, str] | None:
        """The alerts' action policy, named by the settings: read at once, like the bucket."""
        settings = self.settings
        if settings is None or not (settings.sls and settings.alerts.enabled and settings.alerts.notify):
            return None
        from wizard.core.alerts.notify import action_policy_id

        policy = action_policy_id(settings)
        return discover_sls.action_policy(self.reader, self.session, policy, self.home), policy

    def _recipients(self) -> list[Future]:
        """The alert recipient records the settings name (users, DingTalk webhooks): read at once, like the policy."""
        settings = self.settings
        if settings is None or not (settings.sls and settings.alerts.enabled and settings.alerts.notify):
            return []
        from wizard.core.alerts.notify import recipient_ids

        return [discover_sls.resource_record(self.reader, self.session, resource, record_id, self.home)
                for resource, record_id in recipient_ids(settings)]

    def _settings_keys(self) -> list[tuple[str, str]]:
        settings = self.settings
        refs = [key_alias(settings.trail.name)]
        refs += [k for k in (settings.oss.kms_key if settings.oss else None,
                             settings.sls.kms_key if settings.sls else None) if k and k != "create"]
        return list(dict.fromkeys(discover_kms.parse_ref(ref, self.home) for ref in refs))

    def _identity(self) -> str:
        if self.account_id:
            return self.account_id
        body = self.reader.retry.run(lambda: _with_account(self.session.sts().get_caller_identity().body), "sts",
                                     "GetCallerIdentity")
        remember_caller(body.arn or "")  # named in every refusal RAM answers
        return body.account_id

    def _trails(self) -> list[TrailState]:
        from alibabacloud_actiontrail20200706 import models

        client, home = self.session.actiontrail(), self.home
        found = self.reader.read("actiontrail", "DescribeTrails", home, lambda: required(client.describe_trails(
            models.DescribeTrailsRequest(include_organization_trail=True, include_shadow_trails=False))
            .body.trail_list, "TrailList"))
        trails = [t for t in (found.value or []) if (t.home_region or home) == home]
        statuses = []
        for trail in trails:  # start everything that hangs off a trail before waiting for anything
            statuses.append(self.reader.call("actiontrail", "GetTrailStatus", trail.name, lambda t=trail: _has(
                client.get_trail_status(models.GetTrailStatusRequest(
                    name=t.name, is_organization_trail=bool(t.is_organization_trail))).body, "IsLogging")))
            if trail.oss_bucket_name:
                self.bucket(trail.oss_bucket_name, (trail.oss_bucket_location or "").removeprefix("oss-") or None)
            project, region = _project_of(trail.sls_project_arn, home)
            if project:
                self.project(project, region)
                self.logstore(project, logstore_name(trail.name), region)
            if self.settings is None:  # without settings, each trail's own record says what was approved
                self.approval(trail.name, trail.oss_bucket_name,
                              (trail.oss_bucket_location or "").removeprefix("oss-") or None, project, region)
        return [_trail_state(trail, status_f.result().value, home) for trail, status_f in zip(trails, statuses)]


def _found(notify) -> tuple[tuple[str, str], ...]:
    if notify is None:
        return ()
    future, policy = notify
    script = future.result().value
    return () if script is None else ((policy, script),)


def _with_account(body):
    required(required(body, "body").account_id, "AccountId")
    return body


def _has(model, field: str):
    """The answer's model, if it carries this field (its snake_case attribute)."""
    attribute = "".join(f"_{c.lower()}" if c.isupper() else c for c in field).lstrip("_")
    required(getattr(required(model, "body"), attribute, None), field)
    return model


def _project_of(arn: str | None, home: str) -> tuple[str | None, str]:
    """acs:log:<region>:<account>:project/<name> -> (name, region)."""
    if not arn:
        return None, home
    parts = arn.split(":")
    region = parts[2] if len(parts) >= 5 and parts[2] else home
    return arn.rpartition("/")[2] or None, region


def _trail_state(trail, status, home: str) -> TrailState:
    return TrailState(
        name=trail.name, home_region=trail.home_region or home, trail_region=trail.trail_region or "All",
        event_rw=trail.event_rw or "Write", status=trail.status or "", is_logging=bool(status and status.is_logging),
        oss_bucket=trail.oss_bucket_name or None, oss_prefix=trail.oss_key_prefix or None,
        sls_project=_project_of(trail.sls_project_arn, home)[0],
        sls_write_role_arn=trail.sls_write_role_arn or None, organization=bool(trail.is_organization_trail),
        oss_delivery_error=(status.latest_delivery_error or None) if status else None,
        sls_delivery_error=(status.latest_delivery_log_service_error or None) if status else None,
        oss_delivered_at=(status.latest_delivery_time or None) if status else None,
        sls_delivered_at=(status.latest_delivery_log_service_time or None) if status else None,
    )


__all__ = ["discover", "BucketState"]
