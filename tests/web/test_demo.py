"""The demo municipality (DESIGN.md §8): the seed table, the rules and realistic scores.

The Bærum demo is loaded once into a module-scoped SQLite database; the tests only read it.
"""

import hashlib
import json
import shutil
from datetime import date, timedelta

import pytest
from sqlalchemy import case, distinct, func, select, text
from sqlalchemy.orm import Session, aliased
from werkzeug.security import check_password_hash

from analysis.agreement import RECALIBRATE
from analysis.agreement_observers import recalibration_window, status_counts
from analysis.instruments import load_instruments
from analysis.semesters import parse_semester, semesters_between
from app import migrate
from app.db import make_engine
from app.demo import DEMO_PASSWORD, DemoAlreadyLoaded, demo_is_loaded, load_demo, write_accounts
from app.models import (
    ROLES,
    Certification,
    Cycle,
    Department,
    Feedback,
    Kindergarten,
    Network,
    Observation,
    Pool,
    Score,
    User,
    UserRole,
    department_member,
)

SEED = 2020
TODAY = date(2026, 11, 23)
CURRENT, PREVIOUS = "2026H", "2026V"
SEED_TABLE = {  # pool: (first semester, kindergartens, departments, children, staff)
    1: ("2020H", 19, 82, 1181, 346),
    2: ("2021V", 19, 96, 1359, 398),
    3: ("2021H", 21, 101, 1346, 407),
    4: ("2022V", 27, 96, 1562, 416),
}
DIMENSIONS = {"toddler": 8, "preschool": 10}


def _load_into_copy(schema, folder) -> tuple:
    path = folder / "demo.sqlite"
    shutil.copyfile(schema, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        accounts = load_demo(session, seed=SEED, today=TODAY)
    return engine, accounts


@pytest.fixture(scope="module")
def demo_schema(tmp_path_factory):
    """An empty migrated SQLite file, copied for each load."""
    path = tmp_path_factory.mktemp("demo-schema") / "schema.sqlite"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="module")
def demo_load(demo_schema, tmp_path_factory):
    engine, accounts = _load_into_copy(demo_schema, tmp_path_factory.mktemp("demo"))
    yield engine, accounts
    engine.dispose()


@pytest.fixture(scope="module")
def demo_session(demo_load):
    with Session(demo_load[0]) as session:
        yield session


@pytest.fixture(scope="module")
def accounts(demo_load) -> list[dict]:
    return demo_load[1]


def scalar(session: Session, sql: str, **params):
    return session.execute(text(sql), params).scalar_one()


def regular():
    return Observation.kind == "regular"


# --- the organisation -----------------------------------------------------------------------


def test_pools_reproduce_the_seed_table(demo_session):
    rows = demo_session.execute(
        select(
            Pool.number,
            Pool.first_semester,
            func.count(distinct(Kindergarten.id)),
            func.count(Department.id),
            func.sum(Department.children_count),
            func.sum(Department.staff_count),
        )
        .join(Kindergarten, Kindergarten.pool_id == Pool.id)
        .join(Department, Department.kindergarten_id == Kindergarten.id)
        .group_by(Pool.number, Pool.first_semester)
    ).all()
    assert {row[0]: tuple(row[1:]) for row in rows} == SEED_TABLE


def test_pool_five_exists_from_2022h_and_is_empty(demo_session):
    pool = demo_session.scalar(select(Pool).where(Pool.number == 5))
    assert pool.first_semester == "2022H"
    assert (
        demo_session.scalar(
            select(func.count()).select_from(Kindergarten).where(Kindergarten.pool_id == pool.id)
        )
        == 0
    )


def test_about_forty_percent_of_departments_are_toddler_departments(demo_session):
    share = demo_session.scalar(
        select(func.avg(case((Department.age_group == "toddler", 1.0), else_=0.0)))
    )
    assert 0.33 <= share <= 0.47


def test_kindergartens_are_municipal_active_and_uniquely_named(demo_session):
    rows = demo_session.execute(
        select(Kindergarten.name, Kindergarten.owner_type, Kindergarten.active)
    ).all()
    assert len(rows) == 86 == len({name for name, _, _ in rows})
    assert {(owner, active) for _, owner, active in rows} == {("municipal", True)}


def test_networks_hold_four_to_seven_kindergartens_of_one_pool(demo_session):
    rows = demo_session.execute(
        select(
            Network.id,
            func.count(Kindergarten.id),
            func.count(distinct(Kindergarten.pool_id)),
            func.max(case((Kindergarten.pool_id == Network.pool_id, 0), else_=1)),
        )
        .join(Kindergarten, Kindergarten.network_id == Network.id)
        .group_by(Network.id)
    ).all()
    assert all(4 <= size <= 7 and pools == 1 and foreign == 0 for _, size, pools, foreign in rows)
    assert sum(size for _, size, _, _ in rows) == 86


def test_four_or_five_mentors_each_with_several_networks(demo_session):
    per_mentor = demo_session.execute(
        select(Network.mentor_id, func.count()).group_by(Network.mentor_id)
    ).all()
    assert 4 <= len(per_mentor) <= 5
    assert all(mentor is not None and count >= 2 for mentor, count in per_mentor)
    mentors = demo_session.scalars(select(UserRole.user_id).where(UserRole.role == "mentor"))
    assert set(mentors) == {mentor for mentor, _ in per_mentor}


# --- people -----------------------------------------------------------------------------------


def test_every_kindergarten_has_one_director_and_every_department_a_leader(demo_session):
    directors = demo_session.execute(
        select(User.home_kindergarten_id, func.count())
        .join(UserRole)
        .where(UserRole.role == "director")
        .group_by(User.home_kindergarten_id)
    ).all()
    assert len(directors) == 86 and {count for _, count in directors} == {1}
    led = demo_session.execute(
        select(func.count(distinct(department_member.c.department_id)))
        .join(UserRole, UserRole.user_id == department_member.c.user_id)
        .where(UserRole.role == "pedagogical_leader")
    ).scalar_one()
    assert led == 375


def test_about_three_observers_per_kindergarten(demo_session):
    counts = [
        count
        for _, count in demo_session.execute(
            select(User.home_kindergarten_id, func.count())
            .join(UserRole)
            .where(UserRole.role == "observer")
            .group_by(User.home_kindergarten_id)
        )
    ]
    assert len(counts) == 86 and all(2 <= c <= 5 for c in counts)
    assert 2.5 <= sum(counts) / 86 <= 3.5


def test_observers_are_certified_and_a_handful_have_lapsed(demo_session):
    latest = dict(
        demo_session.execute(
            select(UserRole.user_id, func.max(Certification.expires_on))
            .outerjoin(Certification, Certification.user_id == UserRole.user_id)
            .where(UserRole.role == "observer")
            .group_by(UserRole.user_id)
        ).all()
    )
    assert None not in latest.values()
    lapsed = [user for user, expires in latest.items() if expires <= TODAY]
    assert 1 <= len(lapsed) <= 20


def test_certifications_last_one_year(demo_session):
    lengths = demo_session.execute(
        select(Certification.certified_on, Certification.expires_on)
    ).all()
    assert all(360 <= (end - start).days <= 366 for start, end in lengths)


def test_emails_are_lowercase_unique_and_share_the_demo_password(demo_session):
    emails = list(demo_session.scalars(select(User.email)))
    assert len(emails) == len(set(emails)) and all(e == e.lower() for e in emails)
    assert all(e.endswith(".example") for e in emails)
    hashes = set(demo_session.scalars(select(User.password_hash)))
    assert len(hashes) == 1 and check_password_hash(hashes.pop(), DEMO_PASSWORD)


# --- the rules ---------------------------------------------------------------------------------


def test_no_observer_observes_their_own_kindergarten(demo_session):
    assert (
        scalar(
            demo_session,
            """
        SELECT count(*) FROM observation o
        JOIN department d ON d.id = o.department_id
        JOIN "user" u ON u.id = o.observer_id
        WHERE u.home_kindergarten_id IS NULL OR u.home_kindergarten_id = d.kindergarten_id
    """,
        )
        == 0
    )


def test_every_observer_holds_a_valid_certification_for_the_family_on_the_day(demo_session):
    assert (
        scalar(
            demo_session,
            """
        SELECT count(*) FROM observation o
        JOIN department d ON d.id = o.department_id
        WHERE NOT EXISTS (
            SELECT 1 FROM certification c
            WHERE c.user_id = o.observer_id AND c.family = d.age_group
              AND c.certified_on <= o.observed_on AND o.observed_on < c.expires_on)
    """,
        )
        == 0
    )


def test_observed_on_lies_inside_the_semester_and_not_after_today(demo_session):
    rows = demo_session.execute(
        select(
            Observation.semester,
            func.min(Observation.observed_on),
            func.max(Observation.observed_on),
        ).group_by(Observation.semester)
    ).all()
    for semester, first, last in rows:
        parsed = parse_semester(semester)
        assert parsed.start_date() <= first <= last <= min(parsed.end_date(), TODAY)


def test_one_regular_observation_per_department_per_semester(demo_session):
    assert (
        demo_session.scalar(
            select(func.count()).select_from(
                select(Observation.department_id, Observation.semester)
                .where(regular())
                .group_by(Observation.department_id, Observation.semester)
                .having(func.count() > 1)
                .subquery()
            )
        )
        == 0
    )


def test_every_department_has_a_released_report_for_every_past_semester(demo_session):
    rows = demo_session.execute(
        select(Kindergarten.pool_id, Observation.semester, func.count())
        .join(Department, Department.id == Observation.department_id)
        .join(Kindergarten, Kindergarten.id == Department.kindergarten_id)
        .where(regular(), Observation.status == "released", Observation.semester != CURRENT)
        .group_by(Kindergarten.pool_id, Observation.semester)
    ).all()
    expected = {
        (pool, semester): departments
        for pool, (first, _, departments, _, _) in SEED_TABLE.items()
        for semester in semesters_between(first, PREVIOUS)
    }
    assert {(pool, semester): count for pool, semester, count in rows} == expected


def test_the_current_semester_is_partly_done_with_drafts(demo_session):
    states = dict(
        demo_session.execute(
            select(Observation.status, func.count())
            .where(regular(), Observation.semester == CURRENT)
            .group_by(Observation.status)
        ).all()
    )
    done = states.get("submitted", 0) + states.get("released", 0)
    assert 0.35 <= done / 375 <= 0.65
    assert states.get("draft", 0) >= 15 and states.get("released", 0) >= 40
    assert sum(states.values()) < 375  # some departments are not visited yet


def test_status_and_timestamps_agree(demo_session):
    rows = demo_session.execute(
        select(Observation.status, Observation.submitted_at, Observation.released_at)
    ).all()
    for status, submitted, released in rows:
        assert (status == "draft") == (submitted is None)
        assert (status == "released") == (released is not None)
        assert released is None or released >= submitted


def test_submitted_observations_are_complete(demo_session):
    rows = demo_session.execute(
        select(Department.age_group, func.count(distinct(Cycle.id)), func.count(Score.id))
        .select_from(Observation)
        .join(Department, Department.id == Observation.department_id)
        .join(Cycle, Cycle.observation_id == Observation.id)
        .join(Score, Score.cycle_id == Cycle.id)
        .where(Observation.status != "draft")
        .group_by(Observation.id, Department.age_group)
    ).all()
    assert rows
    assert all(cycles == 3 and scores == 3 * DIMENSIONS[age] for age, cycles, scores in rows)


def test_drafts_are_partly_scored(demo_session):
    scored = demo_session.execute(
        select(Department.age_group, func.count(Score.id))
        .select_from(Observation)
        .join(Department, Department.id == Observation.department_id)
        .join(Cycle, Cycle.observation_id == Observation.id)
        .outerjoin(Score, Score.cycle_id == Cycle.id)
        .where(Observation.status == "draft")
        .group_by(Observation.id, Department.age_group)
    ).all()
    assert scored and all(count < 3 * DIMENSIONS[age] for age, count in scored)
    assert (
        demo_session.scalar(
            select(func.count())
            .select_from(Cycle)
            .join(Observation)
            .where(Observation.status == "draft", Cycle.ended_at.is_(None))
        )
        > 0
    )


def test_cycles_last_fifteen_to_twenty_minutes_or_give_a_reason(demo_session):
    cycles = demo_session.execute(
        select(Cycle.started_at, Cycle.ended_at, Cycle.deviation_reason, Cycle.setting).where(
            Cycle.ended_at.is_not(None)
        )
    ).all()
    settings = {s.code for i in load_instruments().values() for s in i.cycles.settings}
    deviating = 0
    for start, end, reason, setting in cycles:
        assert start.tzinfo is not None and setting in settings
        minutes = (end - start) / timedelta(minutes=1)
        assert minutes >= 10
        if not 15 <= minutes <= 20:
            deviating += 1
            assert reason
    assert 0 < deviating < 0.1 * len(cycles)


def test_instrument_follows_the_age_group_with_version_and_hash(demo_session):
    instruments = load_instruments()
    rows = demo_session.execute(
        select(
            Department.age_group,
            Observation.instrument_id,
            Observation.instrument_version,
            Observation.instrument_hash,
        )
        .join(Department)
        .distinct()
    ).all()
    expected = {"toddler": "class-toddler", "preschool": "class-prek"}
    assert len(rows) == 2
    for age_group, instrument_id, version, file_hash in rows:
        assert instrument_id == expected[age_group]
        assert (version, file_hash) == (
            instruments[instrument_id].version,
            instruments[instrument_id].file_hash,
        )


def test_released_observations_have_feedback_after_a_meeting(demo_session):
    released = demo_session.scalar(
        select(func.count()).select_from(Observation).where(Observation.status == "released")
    )
    feedback = demo_session.execute(
        select(
            Feedback.growth_areas,
            Feedback.next_dimension,
            Feedback.meeting_held_at,
            Feedback.released_at,
            Observation.observed_on,
        )
        .join(Observation)
        .where(Observation.status == "released")
    ).all()
    assert len(feedback) == released
    for growth, next_dimension, meeting, released_at, observed_on in feedback:
        assert 1 <= len(growth) <= 2 and growth[0]["dimension"] == next_dimension
        assert all(area["text"] and area["suggestion"] for area in growth)
        assert observed_on < meeting.date() and meeting <= released_at


# --- double-coding -----------------------------------------------------------------------------


def test_about_ten_percent_of_observations_are_double_coded(demo_session):
    kinds = dict(
        demo_session.execute(
            select(Observation.kind, func.count()).group_by(Observation.kind)
        ).all()
    )
    assert 0.07 <= kinds["double_coding"] / kinds["regular"] <= 0.13


def test_double_coding_mirrors_its_primary_with_another_observer(demo_session):
    primary = aliased(Observation)
    rows = demo_session.execute(
        select(Observation, primary)
        .join(primary, primary.id == Observation.primary_observation_id)
        .where(Observation.kind == "double_coding")
    ).all()
    for double, first in rows:
        assert first.kind == "regular" and first.status != "draft"
        assert double.observer_id != first.observer_id
        assert (
            double.department_id,
            double.semester,
            double.observed_on,
            double.instrument_id,
            double.instrument_hash,
        ) == (
            first.department_id,
            first.semester,
            first.observed_on,
            first.instrument_id,
            first.instrument_hash,
        )


def test_double_coders_mostly_agree_within_one(demo_session):
    agreement = scalar(
        demo_session,
        """
        SELECT avg(CASE WHEN abs(s2.value - s1.value) <= 1 THEN 1.0 ELSE 0.0 END)
        FROM observation o2
        JOIN cycle c2 ON c2.observation_id = o2.id
        JOIN score s2 ON s2.cycle_id = c2.id
        JOIN cycle c1 ON c1.observation_id = o2.primary_observation_id AND c1.number = c2.number
        JOIN score s1 ON s1.cycle_id = c1.id AND s1.dimension_code = s2.dimension_code
        WHERE o2.kind = 'double_coding'
    """,
    )
    assert 0.85 <= agreement < 1.0


# --- realistic scores --------------------------------------------------------------------------


def _dimension_means(session: Session, age_group: str) -> dict[str, float]:
    return dict(
        session.execute(
            select(Score.dimension_code, func.avg(Score.value))
            .join(Cycle)
            .join(Observation)
            .join(Department)
            .where(regular(), Department.age_group == age_group)
            .group_by(Score.dimension_code)
        ).all()
    )


def test_scores_lie_on_the_scale(demo_session):
    low, high = demo_session.execute(select(func.min(Score.value), func.max(Score.value))).one()
    assert low >= 1 and high <= 7


@pytest.mark.parametrize(("age_group", "code", "low", "high"), [
    ("preschool", "PC", 5.3, 6.3), ("preschool", "BM", 5.1, 6.1), ("preschool", "CD", 2.1, 3.2),
    ("preschool", "QF", 2.3, 3.4), ("toddler", "PC", 5.4, 6.4), ("toddler", "FLD", 3.3, 4.4),
    ("toddler", "QF", 2.5, 3.6),
])  # fmt: skip
def test_dimension_means_match_the_class_levels(demo_session, age_group, code, low, high):
    assert low <= _dimension_means(demo_session, age_group)[code] <= high


def test_negative_climate_is_mostly_ones(demo_session):
    shares = demo_session.execute(
        select(
            func.avg(case((Score.value == 1, 1.0), else_=0.0)),
            func.avg(case((Score.value >= 3, 1.0), else_=0.0)),
        ).where(Score.dimension_code == "NC")
    ).one()
    assert shares[0] > 0.85 and shares[1] < 0.05


def test_learning_support_improves_over_a_pools_first_semesters(demo_session):
    means = dict(
        demo_session.execute(
            select(Observation.semester, func.avg(Score.value))
            .select_from(Score)
            .join(Cycle)
            .join(Observation)
            .join(Department)
            .join(Kindergarten)
            .where(
                regular(), Kindergarten.pool_id == 1, Score.dimension_code.in_(("CD", "QF", "LM"))
            )
            .group_by(Observation.semester)
        ).all()
    )
    first, settled = means["2020H"], means["2023H"]
    assert 0.3 <= settled - first <= 1.5


def test_evidence_notes_are_short_and_sometimes_there(demo_session):
    notes = list(demo_session.scalars(select(Score.note).where(Score.note.is_not(None))))
    total = demo_session.scalar(select(func.count()).select_from(Score))
    assert 0.01 * total <= len(notes) <= 0.1 * total
    assert all(len(note) < 120 for note in notes)


# --- loading and accounts ----------------------------------------------------------------------


def test_loading_again_is_refused(demo_session):
    assert demo_is_loaded(demo_session)
    with pytest.raises(DemoAlreadyLoaded):
        load_demo(demo_session, today=TODAY)


def test_accounts_cover_every_role_with_existing_users(demo_session, accounts):
    assert {a["role"] for a in accounts} == set(ROLES)
    for account in accounts:
        user = demo_session.scalar(select(User).where(User.email == account["email"]))
        assert user is not None and account["role"] in user.roles
        assert account["password"] == DEMO_PASSWORD


def test_showcase_observer_has_a_draft_and_a_valid_certification(demo_session, accounts):
    email = next(a["email"] for a in accounts if a["role"] == "observer")
    user = demo_session.scalar(select(User).where(User.email == email))
    drafts = demo_session.scalars(
        select(Observation).where(Observation.observer_id == user.id, Observation.status == "draft")
    ).all()
    assert any(o.semester == CURRENT for o in drafts)
    assert any(c.valid_on(TODAY) for c in user.certifications)


def test_showcase_leader_has_released_reports(demo_session, accounts):
    email = next(a["email"] for a in accounts if a["role"] == "pedagogical_leader")
    user = demo_session.scalar(select(User).where(User.email == email))
    released = demo_session.scalar(
        select(func.count())
        .select_from(Observation)
        .where(
            Observation.department_id == user.departments[0].id, Observation.status == "released"
        )
    )
    assert released >= 10


def test_write_accounts_writes_readable_json(tmp_path, accounts):
    path = tmp_path / "instance" / "demo-accounts.json"
    write_accounts(path, accounts)
    text_ = path.read_text(encoding="utf-8")
    assert json.loads(text_) == accounts
    assert "\\u" not in text_


def _fingerprint(session: Session) -> tuple:
    first = session.execute(
        select(Score.id, Score.cycle_id, Score.dimension_code, Score.value, Score.note)
        .order_by(Score.id)
        .limit(2000)
    ).all()
    totals = session.execute(select(func.count(), func.sum(Score.value))).one()
    ids = session.scalars(select(Observation.id).order_by(Observation.created_at).limit(50)).all()
    emails = session.scalars(select(User.email).order_by(User.id)).all()
    digest = hashlib.sha256(repr((first, ids, emails)).encode()).hexdigest()
    return tuple(totals), digest


def test_the_same_seed_gives_the_same_data(demo_session, demo_schema, tmp_path):
    engine, _ = _load_into_copy(demo_schema, tmp_path)
    try:
        with Session(engine) as session:
            assert _fingerprint(session) == _fingerprint(demo_session)
    finally:
        engine.dispose()


# --- the national scale, shrunk; on both backends -------------------------------------------


def test_national_scale_runs_the_same_path_and_leaves_ids_free(db_session):
    accounts = load_demo(db_session, scale="national", seed=7, today=TODAY, national_departments=60)
    assert {a["role"] for a in accounts} >= {"director", "pedagogical_leader", "project_lead"}
    assert db_session.scalar(select(func.count()).select_from(Department)) == 60
    observations = db_session.scalar(
        select(func.count())
        .select_from(Observation)
        .where(regular(), Observation.semester != CURRENT)
    )
    assert observations == 12 * 12 + 11 * 12 + 10 * 12 + 9 * 12 + 8 * 12
    # Explicit ids must not break the next ordinary insert (PostgreSQL sequences).
    db_session.add(User(name="Ny Bruker", email="ny.bruker@baerum.example"))
    db_session.commit()


def test_two_or_three_observers_drift_lately_so_recalibration_can_be_seen(demo_session):
    window = recalibration_window(CURRENT)
    flagged = sum(
        status_counts(demo_session, {"instrument": instrument, "semester": window})[RECALIBRATE]
        for instrument in ("class-prek", "class-toddler")
    )
    assert 2 <= flagged <= 3
