"""The session's live reloads, kept for the user to read again (View > Reload History).

The status bar shows a reload's outcome for a few seconds; what it said, and the report behind
it (what changed in which module, where a failure was, what the module printed), stays here for
as long as the project is open.
"""

from __future__ import annotations

import time
from pathlib import Path

from dsstudio.core.kernel.reload_protocol import short_summary

# Outcomes, as the history's Outcome column says them.
RELOADED, FAILED, NOTHING, NOT_DONE = "reloaded", "failed", "nothing to reload", "could not run"


class ReloadRecord:
    """One reload: when, which saved files, its outcome, a one-line summary and the details."""

    def __init__(self, when: str, files: str, outcome: str, summary: str, details: str) -> None:
        self.when = when  # "14:02:11"
        self.files = files  # "models.py, features.py"
        self.outcome = outcome  # one of RELOADED, FAILED, NOTHING, NOT_DONE
        self.summary = summary
        self.details = details

    @classmethod
    def from_report(cls, files: str, report: dict) -> ReloadRecord:
        outcome = FAILED if report["failed"] else RELOADED if report["reloaded"] else NOTHING
        summary = short_summary(report) or _nothing_summary(report)
        return cls(time.strftime("%H:%M:%S"), files, outcome, summary, report_details(report))

    @classmethod
    def from_error(cls, files: str, message: str) -> ReloadRecord:
        return cls(time.strftime("%H:%M:%S"), files, NOT_DONE, message, message)


def report_details(report: dict) -> str:
    """The report in lines a person reads: each module's changes, each failure with its place,
    what was skipped and why, and what the modules printed."""
    # The kernel side's wording (its source is standard library only).
    from dsstudio.kernel.reloader import change_words

    lines = []
    for name in report["reloaded"]:
        words = change_words(report["modules"][name])
        lines.append(f"{name} reloaded from {report['files'][name]}: "
                     + (", ".join(words) if words else "no change"))
    for failure in report["failed"]:
        where = f"{failure['path']}, line {failure['line']}" if failure["line"] else failure["path"]
        lines.append(f"{failure['module']} failed ({where}): {failure['message']}. "
                     "The module is unchanged.")
    for skipped in report["skipped"]:
        lines.append(f"{Path(skipped['path']).name} not reloaded: {skipped['reason']}")
    if report.get("output"):
        lines += ["", "Printed while reloading:", report["output"].rstrip("\n")]
    return "\n".join(lines)


def _nothing_summary(report: dict) -> str:
    reasons = sorted({skipped["reason"] for skipped in report["skipped"]})
    return "nothing reloaded" + (f" ({', '.join(reasons)})" if reasons else "")
