"""The sequence every front end runs: connect, survey, settings, plan, consent, apply, verify; and its exit code.

Nothing writes before the operator approves the exact plan; a failed apply can be
resumed (the journal); what the summary claims was read back from the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from steps import known_from
from wizard.core.planning.backfill import planned_backfill
from wizard.core.settings import Settings
from wizard.flow.exit_codes import ExitCode, for_findings, for_plan
from wizard.flow.front_end import FrontEnd
from wizard.flow.review import consent_for
from wizard.flow.session import WizardFlow
from wizard.flow.survey import starting_answers
from wizard.errors import WizardError
from wizard.report.plan.files import SAVE_DIR, SETTINGS_FILE, account_folder, settings_for_later


@dataclass(frozen=True)
class Options:
    dry_run: bool = False  # stop at the plan
    config_path: str | None = None  # the settings file the wizard started from
    save_dir: Path = SAVE_DIR  # where plans and the applied settings are saved


def run(front: FrontEnd, flow: WizardFlow, settings: Settings | None, options: Options = Options()) -> ExitCode:
    if front.connect(flow.connect) is None:
        return ExitCode.OK
    survey, start = front.existing_setup(lambda: flow.survey(settings, with_inventory=front.asks_settings), settings)
    if start is None:
        return ExitCode.OK
    chosen = settings
    if front.asks_settings or chosen is None:
        chosen = front.ask_settings(starting_answers(start, survey, settings),
                                    known_from(survey.observed, survey.inventory), survey.observed)
        if chosen is None:
            front.say("No changes were made.")
            return ExitCode.OK
    unreadable = [] if options.dry_run else flow.unresolved_secrets(chosen)
    if unreadable:  # found before anything is written, not when the call that needs the secret is made
        front.say("\n".join(unreadable) + "\nNo changes were made.", error=True)
        return ExitCode.ERROR
    flow.use_region(chosen.region)
    observed = survey.observed if survey.read_for(chosen) else front.busy(
        "Reading the account for these settings (read-only)...", lambda: flow.discover(chosen))
    earlier = flow.journal(observed.account_id).interrupted_run()
    if earlier is not None:
        front.say(f"Resuming: an earlier run stopped after {len(earlier)} action(s); re-planned from what exists "
                  "now, nothing is created twice.")
    while True:
        plan = flow.plan(chosen, observed)
        approved = front.review(plan, chosen, consent_for(plan, chosen), options.dry_run)
        if options.dry_run:
            front.say("Dry run: nothing was applied.")
            return for_plan(plan)
        if plan.changes == 0:  # compliant, or every change blocked: then the rules still fail
            findings = flow.audit(chosen, observed)
            front.nothing_to_apply(findings)
            return for_findings(findings)
        if not approved:
            front.say("Not confirmed: no changes were made.")
            return ExitCode.ERROR
        applied = front.apply(plan, lambda on_event: flow.apply(plan, observed, on_event))
        if not applied.retry:
            break
        observed = front.busy("Reading the account again...", lambda: flow.discover(chosen))
    if not applied.result.ok:
        _, error = applied.result.failed
        journal = flow.journal(observed.account_id)
        front.say(f"{error.message}\n{len(applied.result.done)} of {plan.changes} action(s) were done (journal: "
                  f"{journal.path}). Fix the cause and {front.again}: it resumes where this run stopped.", error=True)
        return ExitCode.ERROR
    recorded = _recorded(applied.result)
    if recorded:
        front.say(f"The approved settings are recorded in the account ({recorded}): audit, plan and the wizard "
                  "start from them on any machine, without a settings file.")
    later = _settings_file(front, chosen, options, observed.account_id)
    backfill = (lambda: flow.backfill_status(chosen.trail.name)) if planned_backfill(plan) else None
    verification = front.summary(lambda: flow.verify(chosen, plan), chosen, later, backfill)
    return for_findings(verification.findings)


def _recorded(result) -> str:
    """Where this apply recorded the approved settings, if it did."""
    for action, answer in result.done:
        if action.id.endswith("record-approved-settings"):
            params = action.params
            return f"oss://{params['Bucket']}/{answer.get('Key', '')}" if action.service == "oss" else \
                f"sls://{params['project']}/{params['logstore']}"
    return ""


def _settings_file(front: FrontEnd, settings: Settings, options: Options, account_id: str) -> str:
    """The file a later `audit --config` reads: the one the wizard started from, else the applied settings,
    saved in the account's own folder."""
    try:
        return settings_for_later(settings, options.config_path, options.save_dir, account_id)
    except WizardError as error:
        front.say(f"The applied settings were not saved: {error.message}", error=True)
        return str(account_folder(options.save_dir, account_id) / SETTINGS_FILE)
