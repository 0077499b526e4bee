"""Retention (app/retention.py, `flask --app wsgi retention apply`): old notes and narrative
texts are cleared, long-deactivated people anonymised; a dry run changes nothing; a second run
clears nothing; and every aggregate figure of past semesters stays the same."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, insert, select

from analysis import schema as s
from analysis.aggregate import aggregate
from analysis.dimension_means import stale_rows
from app.models import AuditEvent, Cycle, Score, User
from app.retention import apply_retention
from tests.support import analysis_small
from tests.support.factories import make_user

TODAY = date(2027, 9, 1)  # 2027H: with 4 semesters kept, 2025H and older are past their time
SETTINGS = {
    "RETENTION_NOTES_SEMESTERS": 4,
    "RETENTION_NARRATIVES_SEMESTERS": 4,
    "RETENTION_INACTIVE_USERS_YEARS": 2,
}


@pytest.fixture
def world(db_session):
    built = analysis_small.build(db_session)
    for cycle in db_session.scalars(select(Cycle)):
        cycle.notes = "The adults sat with the children at lunch."
    for score in db_session.scalars(select(Score)):
        score.note = "Anna asked open questions."
    d1 = built["departments"]["D1"]
    author = make_user(db_session, "stine@example.no", "staff", name="Stine Stab")
    for month in ("2025-11", "2026-02", "2027-08"):
        db_session.execute(insert(s.practice_narrative).values(
            author_id=author.id, department_id=d1.id, for_meeting="department_meeting",
            month=month, dimension_code="PC", text=f"What happened in {month}"))  # fmt: skip
    gone = make_user(db_session, "gone@example.no", "observer", name="Gunnar Gått", active=False)
    recent = make_user(db_session, "recent@example.no", "observer", name="Rita Ny", active=False)
    for user, when in (
        (gone, datetime(2025, 1, 5, tzinfo=UTC)),
        (recent, datetime(2027, 1, 5, tzinfo=UTC)),
    ):
        db_session.add(AuditEvent(at=when, user_id=None, action="update", entity="user",
                                  entity_id=str(user.id), field="active", old_value="True",
                                  new_value="False"))  # fmt: skip
    db_session.commit()
    return {**built, "gone": gone, "recent": recent}


def figures(session) -> list:
    """Every aggregate of every semester, by kindergarten and by pool, dimensions and domains."""
    rows = []
    for level in ("dimension", "domain"):
        for by in (["semester", "kindergarten"], ["semester", "pool"], ["semester"]):
            rows += [repr(row) for row in aggregate(session, by=by, level=level)]
    cache = session.execute(select(s.dimension_mean).order_by(*s.dimension_mean.primary_key))
    return rows + [tuple(row) for row in cache]


def _count(session, column) -> int:
    return session.scalar(select(func.count()).where(column.is_not(None)))


def _state(session) -> tuple:
    session.expire_all()
    texts = session.scalars(
        select(s.practice_narrative.c.text).order_by(s.practice_narrative.c.month)
    )
    names = session.scalars(select(User.name).order_by(User.id))
    return _count(session, Score.note), _count(session, Cycle.notes), list(texts), list(names)


def test_dry_run_counts_and_changes_nothing(db_session, world):
    before = _state(db_session)
    result = apply_retention(db_session, SETTINGS, TODAY, dry_run=True)
    db_session.rollback()
    # Every observation is of 2025H or before; one narrative (2025-11) is old, one person.
    assert result.counts["narratives"] == 1
    assert result.counts["inactive_users"] == 1
    assert result.counts["notes"] > 0
    assert _state(db_session) == before


def test_apply_clears_what_is_past_its_time_and_keeps_every_aggregate(db_session, world):
    before = figures(db_session)
    result = apply_retention(db_session, SETTINGS, TODAY, dry_run=False)
    db_session.commit()
    assert result.counts["notes"] > 0
    # Every observation of analysis_small is of 2025H or before: all its notes are gone.
    assert _count(db_session, Score.note) == 0 and _count(db_session, Cycle.notes) == 0
    texts = db_session.scalars(
        select(s.practice_narrative.c.text).order_by(s.practice_narrative.c.month)
    )
    assert list(texts) == ["", "What happened in 2026-02", "What happened in 2027-08"]
    db_session.expire_all()
    gone, recent = db_session.get(User, world["gone"].id), db_session.get(User, world["recent"].id)
    assert "Gunnar" not in gone.name and gone.email.endswith("@anonymised.invalid")
    assert gone.password_hash is None
    assert recent.name == "Rita Ny"
    assert figures(db_session) == before
    assert stale_rows(db_session) == []  # the cache still equals a computation from scores
    retention_events = db_session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "retention")
    )
    assert retention_events == sum(
        result.counts[kind] for kind in ("notes", "narratives", "inactive_users")
    )


def test_a_second_run_clears_nothing(db_session, world):
    apply_retention(db_session, SETTINGS, TODAY, dry_run=False)
    db_session.commit()
    again = apply_retention(db_session, SETTINGS, TODAY, dry_run=False)
    assert again.counts == {"notes": 0, "narratives": 0, "inactive_users": 0}


def test_recent_notes_are_kept(db_session, world):
    result = apply_retention(
        db_session, {**SETTINGS, "RETENTION_NOTES_SEMESTERS": 8}, TODAY, dry_run=False
    )
    assert result.counts["notes"] == 0 and result.cutoffs["notes"] == "2024V"


def test_the_command_prints_counts_and_its_dry_run_changes_nothing(app, db_session, world):
    app.config.update(SETTINGS)
    runner = app.test_cli_runner()
    before = _state(db_session)
    dry = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would clear" in dry.output and "practice narrative" in dry.output
    assert _state(db_session) == before
    done = runner.invoke(args=["retention", "apply"])
    assert done.exit_code == 0 and "cleared" in done.output
    # The real today: whatever semester it is, 2024H's notes are past 4 semesters.
    assert _state(db_session)[0] < before[0]
