"""A follow-up flag as a case starts from it, recomputed on the server (never taken from a form).

analysis.followup ranks the flags (DESIGN §5); the dashboard words a flag's reason. A case
opened from a flag keeps the rule, the semester the flag was raised in (the case's baseline)
and the reason with its numbers, in the language of the person who opened it.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from analysis.followup import follow_up
from analysis.schema import FLAG_RULES
from analysis.semesters import parse_semester

from ..follow_up_flags import reason, rule_name, thresholds
from ..i18n import current_language
from ..instruments import for_age_group, versions
from ..models import Department


@dataclass(frozen=True)
class CaseFlag:
    rule: str
    semester: str  # the semester the flag was raised in: the case's baseline
    reason: str  # every flag of this rule on the department, with its numbers


def code_labels(department: Department) -> dict[str, str]:
    """Return code → "ES · Emosjonell støtte" for the department's instrument."""
    instrument = for_age_group(department.age_group)
    lang = current_language()
    labels = {d.code: f"{d.code} · {d.labels.get(lang)}" for d in instrument.domains}
    labels.update({d.code: f"{d.code} · {d.labels.get(lang)}" for d in instrument.dimensions})
    return labels


def valid_semester(text: str | None) -> str | None:
    try:
        return str(parse_semester((text or "").strip().upper()))
    except ValueError:
        return None


def flag_for(
    session: Session, department: Department, rule: str | None, semester: str | None
) -> CaseFlag | None:
    """Return the department's flag of `rule` as of `semester` (latest when None), or None
    when the rule is unknown or the department is not flagged by it."""
    if rule not in FLAG_RULES:
        return None
    items = follow_up(
        session,
        as_of=valid_semester(semester),
        filters={"department_ids": (department.id,)},
        instruments=versions(),
        thresholds=thresholds(),
    )
    flags = [
        flag
        for item in items
        if item.department_id == department.id
        for flag in item.flags
        if flag.rule == rule
    ]
    if not flags:
        return None
    labels = code_labels(department)
    instrument_id = for_age_group(department.age_group).id
    text = " ".join(reason(flag, labels, instrument_id) for flag in flags)
    return CaseFlag(rule, flags[0].semester, text)


def rule_labels() -> dict[str, str]:
    """Each flag rule's short name, in the user's language (the flagged list's words)."""
    return {rule: rule_name(rule) for rule in FLAG_RULES}
