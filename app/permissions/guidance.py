"""The guidance loop's rules: the monthly dimension plan, practice narratives and meetings.

Readers of a practice narrative, and nobody else (the issue's words): a staff member's is read
by a pedagogical leader of their department, before the department meeting; a pedagogical
leader's by the mentor of the kindergarten's network in its programme year 1, and by the
director from year 2 (analysis.school_year). The author keeps their own until it is discussed.
"""

from analysis.school_year import leaders_reader_is_mentor

from .subject import Subject

# The meeting a role writes its narrative for.
NARRATIVE_MEETING_OF_ROLE = {
    "pedagogical_leader": "leaders_meeting",
    "staff": "department_meeting",
}


def _directs(user: Subject, kindergarten_id: int | None) -> bool:
    return "director" in user.roles and kindergarten_id == user.home_kindergarten_id


def _mentors(user: Subject, kindergarten) -> bool:
    network_id = kindergarten.network_id
    return "mentor" in user.roles and network_id is not None and network_id in user.network_ids


def _kindergarten_of(target):
    """A kindergarten, or the kindergarten of a department, meeting or narrative."""
    department = getattr(target, "department", None)
    if department is not None:
        return department.kindergarten
    return getattr(target, "kindergarten", None) or target


def guides_kindergarten(user: Subject, target=None) -> bool:
    """The project lead guides every kindergarten; the director their own; the mentor the
    kindergartens of their networks (target: a kindergarten, or a thing of one)."""
    if "project_lead" in user.roles:
        return True
    if target is None:
        return "mentor" in user.roles or _directs(user, user.home_kindergarten_id or -1)
    kindergarten = _kindergarten_of(target)
    return _directs(user, kindergarten.id) or _mentors(user, kindergarten)


def _meetings_written(user: Subject) -> set[str]:
    return {meeting for role, meeting in NARRATIVE_MEETING_OF_ROLE.items() if role in user.roles}


def writes_narratives(user: Subject, meeting: str | None = None) -> bool:
    """Pedagogical leaders and staff who belong to a department write practice narratives;
    with a meeting ("leaders_meeting", "department_meeting"): write one for that meeting."""
    meetings = _meetings_written(user)
    if not user.department_ids or not meetings:
        return False
    return meeting is None or meeting in meetings


def keeps_narrative(user: Subject, narrative) -> bool:
    """The author edits their own narrative until a meeting has discussed it."""
    undiscussed = narrative.discussed_at is None and narrative.meeting_id is None
    return narrative.author_id == user.id and undiscussed


def _reads_for(user: Subject, for_meeting: str, month: str, kindergarten, department_id) -> bool:
    """Whether the user reads the narratives written for this meeting in this month."""
    if for_meeting == "department_meeting":
        return "pedagogical_leader" in user.roles and department_id in user.department_ids
    if leaders_reader_is_mentor(kindergarten.pool.first_semester, month):
        return _mentors(user, kindergarten)
    return _directs(user, kindergarten.id)


def reads_narrative(user: Subject, narrative) -> bool:
    """A handed-in narrative is read by its reader (see the module's docstring), nobody else."""
    if narrative.handed_in_at is None:
        return False
    department = narrative.department
    return _reads_for(
        user, narrative.for_meeting, narrative.month, department.kindergarten, department.id
    )


def reads_narratives(user: Subject, group=None) -> bool:
    """Who has a list of narratives to read: pedagogical leaders, mentors and directors; with a
    group (for_meeting, month, kindergarten, department_id): whether the user reads its
    narratives (a department's staff, or a kindergarten's pedagogical leaders)."""
    if group is None:
        return not user.roles.isdisjoint(("pedagogical_leader", "mentor", "director"))
    return _reads_for(user, group.for_meeting, group.month, group.kindergarten, group.department_id)


def records_meeting(user: Subject, meeting=None) -> bool:
    """A pedagogical leader records their own department's meetings; the mentor and the
    director (and the project lead) every meeting of the kindergarten."""
    if meeting is not None and getattr(meeting, "kind", None) == "department_meeting":
        own = "pedagogical_leader" in user.roles and meeting.department_id in user.department_ids
        if own:
            return True
    if meeting is None and "pedagogical_leader" in user.roles and user.department_ids:
        return True
    return guides_kindergarten(user, meeting)


GUIDANCE_RULES = {
    # The project lead sets the programme default that fills a new school year.
    "guidance.plan_default": lambda user, _t=None: "project_lead" in user.roles,
    # A kindergarten's monthly dimension plan: its director, its mentor, the project lead.
    "guidance.plan": guides_kindergarten,
    "guidance.write_narrative": writes_narratives,
    "guidance.keep_narrative": keeps_narrative,
    "guidance.read_narrative": reads_narrative,
    "guidance.read_narratives": reads_narratives,
    "guidance.meeting": records_meeting,
}
