"""Follow-up cases: opening one from a flag or by hand, goals, check-ins, closing, the audit
trail, the before/after figures (against an independent calculation) and who sees which."""

import re
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from analysis.semesters import semester_of
from app.models import AuditEvent, FollowUpCase, FollowUpCheckIn, FollowUpGoal
from tests.support.analysis_reference import observation_values, tidy_rows
from tests.support.auth import csrf_token, login
from tests.support.case_world import FLAG_SEMESTER, make_followup_world

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(db_session):
    return make_followup_world(db_session)


def sign_in(client, user) -> str:
    login(client, user.email)
    return csrf_token(client, "/follow-up/")


def post(client, token: str, path: str, **data):
    return client.post(path, data={"csrf_token": token, **data}, headers=EN)


def make_case(db_session, department, user, status="open", semester=FLAG_SEMESTER):
    closed = status == "closed"
    case = FollowUpCase(
        department_id=department.id, opened_by_id=user.id, semester=semester, reason="Test",
        status=status, closed_at=datetime.now(UTC) if closed else None,
        outcome="Better" if closed else None,
    )  # fmt: skip
    db_session.add(case)
    db_session.commit()
    return case


def cases(db_session) -> list[FollowUpCase]:
    db_session.expire_all()
    return list(db_session.scalars(select(FollowUpCase).order_by(FollowUpCase.id)))


def audit(db_session, entity: str) -> list[AuditEvent]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.entity == entity)))


def open_from_flag(client, token, world, rule="low_support"):
    query = f"department_id={world.maurtua.id}&rule={rule}&semester={FLAG_SEMESTER}"
    page = client.get(f"/follow-up/new?{query}", headers=EN).get_data(as_text=True)
    reason = re.search(r'<textarea[^>]*name="reason"[^>]*>\s*(.*?)</textarea>', page, re.S)[1]
    data = {"department_id": world.maurtua.id, "rule": rule, "semester": FLAG_SEMESTER}
    return page, post(client, token, "/follow-up/new", reason=reason.strip(), **data)


# --- opening a case ------------------------------------------------------------------------


def test_a_mentor_opens_a_case_from_a_flag_with_its_reason_and_numbers(client, db_session, world):
    token = sign_in(client, world.mentor)
    page, response = open_from_flag(client, token, world)
    assert 'data-from-flag="low_support"' in page
    assert "ES" in page and "1.92" in page  # the emotional support mean of 2024H
    assert response.status_code == 302
    (case,) = cases(db_session)
    assert response.location.endswith(f"/follow-up/{case.id}")
    assert (case.flag_rule, case.semester, case.status) == ("low_support", FLAG_SEMESTER, "open")
    assert "1.92" in case.reason and case.opened_by_id == world.mentor.id
    created = {e.field for e in audit(db_session, "follow_up_case") if e.action == "create"}
    assert {"department_id", "reason", "flag_rule", "semester", "status"} <= created


def test_the_flag_is_recomputed_on_the_server_not_taken_from_the_form(client, db_session, world):
    token = sign_in(client, world.mentor)
    data = {"department_id": world.blaaklokka.id, "rule": "low_support", "semester": "2024H"}
    response = post(client, token, "/follow-up/new", reason="Made up", **data)
    assert response.status_code == 409
    assert "no longer applies" in response.get_data(as_text=True)
    assert cases(db_session) == []
    page = client.get(f"/follow-up/new?department_id={world.blaaklokka.id}&rule=drop", headers=EN)
    assert page.status_code == 200 and "data-notice" in page.get_data(as_text=True)


def test_a_director_opens_a_case_by_hand_from_the_latest_observed_semester(
    client, db_session, world
):
    token = sign_in(client, world.director)
    response = post(client, token, "/follow-up/new", department_id=world.maurtua.id,
                    reason="The leaders asked for it")  # fmt: skip
    assert response.status_code == 302
    (case,) = cases(db_session)
    assert (case.flag_rule, case.semester, case.reason) == (
        None,
        "2025H",
        "The leaders asked for it",
    )


def test_a_department_never_observed_starts_from_this_semester(client, db_session, world):
    token = sign_in(client, world.mentor)
    post(client, token, "/follow-up/new", department_id=world.blaaklokka.id, reason="New")
    (case,) = cases(db_session)
    assert case.semester == semester_of(date.today())


@pytest.mark.parametrize(
    "data, message",
    [
        ({"reason": "Why"}, "Choose one of the options"),
        ({"department_id": "abc", "reason": "Why"}, "Choose one of the options"),
        ({"department_id": "SOLSIKKE", "reason": "Why"}, "Choose one of the options"),
        ({"department_id": "MAURTUA", "reason": "   "}, "Write the reason."),
        ({"department_id": "MAURTUA", "reason": "x" * 2001}, "at most 2000"),
        ({"department_id": "MAURTUA", "reason": "Null\x00byte"}, "special characters"),
    ],
)
def test_bad_input_to_a_new_case_is_refused_and_changes_nothing(
    client, db_session, world, data, message
):
    ids = {"SOLSIKKE": world.solsikke.id, "MAURTUA": world.maurtua.id}
    data = {k: ids.get(v, v) for k, v in data.items()}
    token = sign_in(client, world.mentor)
    response = post(client, token, "/follow-up/new", **data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert cases(db_session) == []


def test_a_department_outside_the_users_scope_is_not_found(client, world):
    sign_in(client, world.mentor)
    assert client.get(f"/follow-up/new?department_id={world.solsikke.id}").status_code == 404
    assert client.get("/follow-up/new?department_id=999999").status_code == 404
    assert client.get("/follow-up/new?department_id=x").status_code == 404


def test_a_department_has_at_most_one_open_case(client, db_session, world):
    existing = make_case(db_session, world.maurtua, world.director)
    token = sign_in(client, world.mentor)
    page = client.get(f"/follow-up/new?department_id={world.maurtua.id}", headers=EN)
    assert f'data-open-case="{existing.id}"' in page.get_data(as_text=True)
    response = post(client, token, "/follow-up/new", department_id=world.maurtua.id, reason="Again")
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and f'href="/follow-up/{existing.id}"' in body
    assert "already has an open case" in body
    assert len(cases(db_session)) == 1


def test_the_databases_one_open_case_index_is_a_clear_refusal_too(
    client, db_session, world, monkeypatch
):
    """Two people opening at once: the check passes for both, the unique index stops one."""
    from app.followup import services

    existing = make_case(db_session, world.maurtua, world.director)
    monkeypatch.setattr(services, "_refuse_second_open", lambda *_args: None)
    token = sign_in(client, world.mentor)
    response = post(client, token, "/follow-up/new", department_id=world.maurtua.id, reason="Race")
    assert response.status_code == 409
    assert f'data-open-case="{existing.id}"' in response.get_data(as_text=True)
    assert len(cases(db_session)) == 1
    assert audit(db_session, "follow_up_case") == []


# --- changing a case -----------------------------------------------------------------------


@pytest.fixture
def opened(client, db_session, world):
    """A case on Maurtua starting from its flag's semester; the mentor is signed in."""
    case = make_case(db_session, world.maurtua, world.mentor, semester=FLAG_SEMESTER)
    return case, sign_in(client, world.mentor)


def test_the_agreed_date_is_recorded_and_audited(client, db_session, world, opened):
    case, token = opened
    response = post(client, token, f"/follow-up/{case.id}/agreed", agreed_on="2025-01-15")
    assert response.status_code == 303
    assert cases(db_session)[0].agreed_with_director_on == date(2025, 1, 15)
    (event,) = [e for e in audit(db_session, "follow_up_case") if e.action == "update"]
    assert (event.field, event.new_value, event.user_id) == (
        "agreed_with_director_on", "2025-01-15", world.mentor.id
    )  # fmt: skip


@pytest.mark.parametrize("day", ["", "31.02.2025", "tomorrow", "FUTURE"])
def test_a_bad_agreed_date_changes_nothing(client, db_session, opened, day):
    case, token = opened
    if day == "FUTURE":
        day = (date.today() + timedelta(days=2)).isoformat()
    response = post(client, token, f"/follow-up/{case.id}/agreed", agreed_on=day)
    assert response.status_code == 400 and "Nothing was saved" in response.get_data(as_text=True)
    assert cases(db_session)[0].agreed_with_director_on is None


def test_goals_are_added_changed_and_removed_with_audit(client, db_session, opened):
    case, token = opened
    goals = f"/follow-up/{case.id}/goals"
    assert (
        post(client, token, goals, dimension_code="PC", target="5,5", actions="Visits").status_code
        == 303
    )
    (goal,) = db_session.scalars(select(FollowUpGoal)).all()
    assert (goal.dimension_code, goal.target, goal.actions) == ("PC", 5.5, "Visits")
    edit = client.get(f"{goals}/{goal.id}", headers=EN).get_data(as_text=True)
    assert 'value="5,5"' in edit
    response = post(client, token, f"{goals}/{goal.id}", dimension_code="PC", target="6",
                    actions="Visits and extra guidance")  # fmt: skip
    assert response.status_code == 303
    db_session.expire_all()
    assert (goal.target, goal.actions) == (6.0, "Visits and extra guidance")
    assert post(client, token, f"{goals}/{goal.id}/remove").status_code == 303
    assert db_session.scalars(select(FollowUpGoal)).all() == []
    actions = [e.action for e in audit(db_session, "follow_up_goal")]
    assert {"create", "update", "delete"} == set(actions)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"dimension_code": "PC", "target": "8", "actions": "A"}, "from 1 to 7"),
        ({"dimension_code": "PC", "target": "0,5", "actions": "A"}, "from 1 to 7"),
        ({"dimension_code": "PC", "target": "abc", "actions": "A"}, "from 1 to 7"),
        ({"dimension_code": "PC", "target": "nan", "actions": "A"}, "from 1 to 7"),
        ({"dimension_code": "PC", "target": "", "actions": "A"}, "from 1 to 7"),
        ({"dimension_code": "XX", "target": "5", "actions": "A"}, "Choose one of the options"),
        ({"dimension_code": "ER", "target": "5", "actions": "A"}, "Choose one of the options"),
        ({"dimension_code": "PC", "target": "5", "actions": " "}, "Write the agreed actions"),
    ],
)
def test_a_bad_goal_is_refused_and_changes_nothing(client, db_session, opened, data, message):
    case, token = opened
    response = post(client, token, f"/follow-up/{case.id}/goals", **data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db_session.scalars(select(FollowUpGoal)).all() == []


def test_a_second_goal_on_the_same_dimension_is_refused(client, db_session, opened):
    case, token = opened
    goals = f"/follow-up/{case.id}/goals"
    post(client, token, goals, dimension_code="TS", target="4", actions="Guidance")
    response = post(client, token, goals, dimension_code="TS", target="5", actions="More")
    assert response.status_code == 409 and "already has a goal" in response.get_data(as_text=True)
    assert len(db_session.scalars(select(FollowUpGoal)).all()) == 1


def test_check_ins_are_appended_with_who_and_when(client, db_session, world, opened):
    case, token = opened
    path = f"/follow-up/{case.id}/check-ins"
    assert post(client, token, path, held_on="2025-02-03", note="Visited").status_code == 303
    assert post(client, token, path, held_on="03.03.2025", note="Again").status_code == 303
    assert post(client, token, path, held_on="2025-03-04", note=" ").status_code == 400
    rows = db_session.scalars(select(FollowUpCheckIn).order_by(FollowUpCheckIn.held_on)).all()
    assert [(r.held_on, r.note, r.by_id) for r in rows] == [
        (date(2025, 2, 3), "Visited", world.mentor.id),
        (date(2025, 3, 3), "Again", world.mentor.id),
    ]
    page = client.get(f"/follow-up/{case.id}", headers=EN).get_data(as_text=True)
    assert "Visited" in page and "Mona Mentor" in page
    assert len({e.entity_id for e in audit(db_session, "follow_up_check_in")}) == 2


def test_a_case_closes_with_an_outcome_and_then_refuses_changes_until_reopened(
    client, db_session, world, opened
):
    case, token = opened
    assert post(client, token, f"/follow-up/{case.id}/close", outcome=" ").status_code == 400
    assert cases(db_session)[0].status == "open"
    assert post(client, token, f"/follow-up/{case.id}/close", outcome="Better").status_code == 303
    closed = cases(db_session)[0]
    assert (closed.status, closed.outcome) == ("closed", "Better") and closed.closed_at
    response = post(client, token, f"/follow-up/{case.id}/check-ins", held_on="2025-01-02",
                    note="Late")  # fmt: skip
    assert response.status_code == 409 and "Reopen it" in response.get_data(as_text=True)
    assert db_session.scalars(select(FollowUpCheckIn)).all() == []
    fields = {e.field for e in audit(db_session, "follow_up_case") if e.action == "update"}
    assert {"status", "closed_at", "outcome"} <= fields
    # A new case may be opened once the old one is closed; then the old one cannot reopen.
    post(client, token, "/follow-up/new", department_id=world.maurtua.id, reason="Again")
    response = post(client, token, f"/follow-up/{case.id}/reopen")
    assert response.status_code == 409 and "another open case" in response.get_data(as_text=True)
    newer = cases(db_session)[1]
    post(client, token, f"/follow-up/{newer.id}/close", outcome="Done")
    assert post(client, token, f"/follow-up/{case.id}/reopen").status_code == 303
    reopened = cases(db_session)[0]
    assert (reopened.status, reopened.outcome, reopened.closed_at) == ("open", None, None)


def test_the_director_co_owns_the_mentors_case(app, db_session, world, opened):
    case, _token = opened
    director = app.test_client()
    token = sign_in(director, world.director)
    assert post(director, token, f"/follow-up/{case.id}/check-ins", held_on="2025-02-03",
                note="Director's note").status_code == 303  # fmt: skip


def test_the_project_lead_reads_a_case_but_does_not_change_it(client, db_session, world):
    case = make_case(db_session, world.maurtua, world.mentor)
    token = sign_in(client, world.lead)
    page = client.get(f"/follow-up/{case.id}", headers=EN)
    assert page.status_code == 200 and 'data-form="goal"' not in page.get_data(as_text=True)
    response = post(client, token, f"/follow-up/{case.id}/close", outcome="No")
    assert response.status_code == 403 and cases(db_session)[0].status == "open"
    assert client.get("/follow-up/new").status_code == 403


@pytest.mark.parametrize("who", ["home_director", "other_mentor"])
def test_a_case_outside_the_users_scope_is_not_found(client, db_session, world, who):
    case = make_case(db_session, world.maurtua, world.mentor)
    token = sign_in(client, getattr(world, who))
    assert client.get(f"/follow-up/{case.id}").status_code == 404
    assert client.get("/follow-up/999999").status_code == 404
    response = post(client, token, f"/follow-up/{case.id}/close", outcome="No")
    assert response.status_code == 404 and cases(db_session)[0].status == "open"


# --- before and after ----------------------------------------------------------------------


def expected_means(db_session, department_id: int, code: str) -> dict[str, float]:
    """Semester → the department's dimension mean, recomputed from the raw cycle scores."""
    rows = [r for r in tidy_rows(db_session) if r["department_id"] == department_id]
    values = [v for v in observation_values(rows, "dimension") if v.code == code]
    by_semester: dict[str, list[float]] = {}
    for v in values:
        by_semester.setdefault(v.row["semester"], []).append(statistics.fmean(v.cycle_scores))
    return {s: statistics.fmean(m) for s, m in by_semester.items()}


def shown_rows(page: str, code: str) -> dict[str, str]:
    table = re.search(rf'<table data-effect="{code}">(.*?)</table>', page, re.S)[1]
    return dict(re.findall(r'data-semester="(\w+)" data-value="([^"]*)"', table))


def test_before_and_after_match_an_independent_calculation(client, db_session, world, opened):
    case, token = opened
    for code, target in (("PC", "5"), ("NC", "2"), ("TS", "3,5")):
        post(client, token, f"/follow-up/{case.id}/goals", dimension_code=code, target=target,
             actions="Guidance")  # fmt: skip
    page = client.get(f"/follow-up/{case.id}", headers=EN).get_data(as_text=True)
    for code, target, reverse in (("PC", 5, False), ("NC", 2, True), ("TS", 3.5, False)):
        expected = expected_means(db_session, world.maurtua.id, code)
        shown = shown_rows(page, code)
        # The baseline is the case's semester; 2024V came before it and is not shown.
        assert list(shown) == ["2024H", "2025V", "2025H"]
        for semester, value in shown.items():
            assert float(value) == pytest.approx(expected[semester])
        met = re.findall(r'data-semester="(2025\w)" data-value="[^"]*" data-met="(\w+)"',
                         page.split(f'data-effect="{code}"')[1].split("</table>")[0])  # fmt: skip
        assert len(met) == 2
        for semester, flag in met:
            value = expected[semester]
            assert (flag == "true") == (value <= target if reverse else value >= target)


def test_case_effect_reads_regular_done_observations_only(db_session, world):
    from analysis.case_effect import case_effect
    from tests.support.analysis_data import scored_observation

    scored_observation(db_session, world.maurtua, world.observer, {"PC": [7, 7, 7]},
                       semester="2026V", status="draft")  # fmt: skip
    scored_observation(db_session, world.maurtua, world.observer, {"PC": [7, 7, 7]},
                       semester="2026V", kind="practice")  # fmt: skip
    db_session.commit()
    (effect,) = case_effect(db_session, world.maurtua.id, "2025V", {"PC": 4.5})
    assert effect.baseline == pytest.approx(13 / 3)
    assert effect.baseline_met is False
    assert [(p.semester, round(p.value, 4), p.met) for p in effect.after] == [
        ("2025H", round(16 / 3, 4), True)
    ]
    assert effect.after[0].change == pytest.approx(1.0)


# --- the list and the homes ---------------------------------------------------------------


@pytest.fixture
def listed(db_session, world):
    return {
        "maurtua": make_case(db_session, world.maurtua, world.mentor),
        "blaaklokka": make_case(db_session, world.blaaklokka, world.mentor, status="closed"),
        "solsikke": make_case(db_session, world.solsikke, world.other_mentor),
    }


def listed_ids(client, query: str = "") -> set[int]:
    page = client.get(f"/follow-up/{query}", headers=EN).get_data(as_text=True)
    return {int(i) for i in re.findall(r'<tr data-case="(\d+)"', page)}


@pytest.mark.parametrize(
    "who, seen",
    [
        ("mentor", {"maurtua", "blaaklokka"}),
        ("director", {"maurtua"}),
        ("home_director", {"blaaklokka"}),
        ("other_mentor", {"solsikke"}),
        ("lead", {"maurtua", "blaaklokka", "solsikke"}),
    ],
)
def test_the_list_shows_the_cases_in_the_users_scope(client, world, listed, who, seen):
    sign_in(client, getattr(world, who))
    assert listed_ids(client) == {listed[name].id for name in seen}
    assert listed_ids(client, "?status=closed") == {
        listed[name].id for name in seen if name == "blaaklokka"
    }


def test_the_project_lead_sees_counts_per_network_and_pool(app, client, world, listed):
    sign_in(client, world.lead)
    page = client.get("/follow-up/", headers=EN).get_data(as_text=True)
    assert "data-case-counts" in page
    west = re.search(r'data-network-count="Nettverk Vest">.*?</tr>', page, re.S)[0]
    assert re.findall(r'class="num">(\d+)<', west) == ["1", "1"]
    pool2 = re.search(r'data-pool-count="2">.*?</tr>', page, re.S)[0]
    assert re.findall(r'class="num">(\d+)<', pool2) == ["1", "0"]
    mentor = app.test_client()
    sign_in(mentor, world.mentor)
    assert "data-case-counts" not in mentor.get("/follow-up/").get_data(as_text=True)


def test_the_list_is_paged(client, db_session, world, monkeypatch):
    from app.followup import reads

    monkeypatch.setattr(reads, "CASES_PER_PAGE", 1)
    make_case(db_session, world.maurtua, world.mentor)
    make_case(db_session, world.blaaklokka, world.mentor)
    sign_in(client, world.mentor)
    assert len(listed_ids(client)) == 1 and len(listed_ids(client, "?page=2")) == 1
    assert listed_ids(client) != listed_ids(client, "?page=2")
    assert len(listed_ids(client, "?page=99")) == 1


@pytest.mark.parametrize("who, home, n_open", [("mentor", "/home/mentor", 1),
                                               ("director", "/home/director", 1),
                                               ("home_director", "/home/director", 0)])  # fmt: skip
def test_the_mentors_and_directors_homes_show_their_open_cases(
    client, world, listed, who, home, n_open
):
    sign_in(client, getattr(world, who))
    page = client.get(home, headers=EN).get_data(as_text=True)
    assert f'data-home-cases="{n_open}"' in page
    assert 'href="/follow-up/?status=open"' in page
