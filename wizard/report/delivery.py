"""A delivery proof in words: the progress line while `verify` waits, and where the marker landed, for people.

Shared by the `verify` command, plain mode, `apply` and the Textual screens, so every front end says the same.
"""

from __future__ import annotations

from wizard.core.delivery import DeliveryProof

BAR_WIDTH = 20


def progress_line(proof: DeliveryProof) -> str:
    """[########------------] 2 of 3 destinations, 4 min 00 s of 15 min 00 s (sandbox clock)"""
    total = len(proof.destinations) or 1
    done = total - len(proof.missing)
    filled = round(BAR_WIDTH * min(1.0, proof.waited / proof.timeout)) if proof.timeout else BAR_WIDTH
    filled = BAR_WIDTH if not proof.missing else filled
    clock = " (sandbox clock)" if proof.sandbox else ""
    return (f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done} of {total} destinations, "
            f"{duration(proof.waited)} of {duration(proof.timeout)}{clock}")


def describe(proof: DeliveryProof) -> list[str]:
    """The proof in lines for people: where the marker landed and after how long, what is missing."""
    clock = " on the sandbox clock" if proof.sandbox else ""
    if proof.error:
        return [f"Delivery not proven: {proof.error}", f"Check again with: {proof.later}"]
    if proof.skipped:
        return [f"Delivery not proven yet: prove it later with: {proof.later}"]
    lines = [f"Marker: {proof.marker.api} (RequestId {proof.request_id}), {proof.marker.why}"]
    for destination in proof.destinations:
        landing = proof.landing(destination.kind)
        if landing is None:
            lines.append(f"NOT FOUND in {destination.where} after {duration(proof.waited)}{clock}")
            continue
        found = f"found in {landing.where} after {duration(landing.after)}{clock}"
        found += f" ({landing.detail})" if landing.detail else ""
        lines.append(f"{'PROBLEM: ' + landing.problem + '; ' if landing.problem else ''}{found}")
    lines.extend(proof.notes)
    if proof.proven:
        lines.append(f"Delivery proven: the marker reached every destination in {duration(proof.waited)}{clock}.")
    elif proof.missing:
        where = "; ".join(d.where for d in proof.missing)
        when = f"within {duration(proof.timeout)}{clock}" if proof.waited >= proof.timeout else \
            f"(stopped after {duration(proof.waited)}{clock})"
        lines.append(f"Delivery NOT proven: not delivered to {where} {when}"
                     + (f"; check again with: {proof.later}" if proof.later else ""))
    else:
        lines.append("Delivery NOT proven: the events arrive, but not protected as the settings ask.")
    return lines


NAMES = {"events": "event history", "logstore": "Logstore", "oss": "OSS"}


def summary_line(proof: DeliveryProof | None, later: str = "") -> str:
    """The summary's one line about delivery: proven where and when, not proven and why, or left for later."""
    if proof is None:
        return f"Delivery not proven yet: it can take ten minutes; prove it with: {later}" if later else ""
    if proof.error or proof.skipped:
        return describe(proof)[0] + ("" if proof.skipped else f"; check again with: {proof.later}")
    clock = " (sandbox clock)" if proof.sandbox else ""
    found = ", ".join(f"{NAMES[l.kind]} after {duration(l.after)}" + (f" ({l.problem})" if l.problem else "")
                      for l in proof.landings)
    if proof.proven:
        return f"Delivery proven: a marker call reached the {found}{clock}."
    missing = ", ".join(NAMES[d.kind] for d in proof.missing)
    reached = f"; it reached the {found}" if found else ""
    said = "delivered, but not protected as the settings ask" if not missing else \
        f"not delivered to the {missing} within {duration(proof.timeout)}{clock}" \
        if proof.waited >= proof.timeout or not proof.notes else proof.notes[0]
    return f"Delivery NOT proven: {said}{reached}; check again with: {proof.later}"


def duration(seconds: float) -> str:
    whole = max(0, int(round(seconds)))
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


class ProgressShown:
    """One line that redraws itself on a terminal; elsewhere a line each time it changes."""

    def __init__(self, stream):
        self.stream, self.last, self.tty, self.stage = stream, "", stream.isatty(), None

    def show(self, text: str, stage) -> None:
        """Redraw `text`; off a terminal, print it only when `stage` (what has been found) changes."""
        if text == self.last or (not self.tty and stage == self.stage):
            return
        self.last, self.stage = text, stage
        self.stream.write(f"\r{text}" if self.tty else f"{text}\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.last = ""
