"""Writing, releasing and acknowledging feedback: the observer's and the leader's flows."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.models import AuditEvent, Feedback, Observation
from tests.support.auth import csrf_token, login
from tests.support.reports_world import build_world

VALID = {
    "strengths": "Varme og trygghet. For eksempel: Voksen lo med barna.",
    "growth_areas-0-dimension": "QF",
    "growth_areas-0-text": "Mest «så flink».",
    "growth_areas-0-suggestion": "Spør hvordan barnet tenkte.",
    "growth_areas-1-dimension": "LM",
    "growth_areas-1-text": "Korte samtaler.",
    "growth_areas-1-suggestion": "Utvid barnas ytringer.",
    "next_dimension": "QF",
    "meeting_held_at": "2025-03-18T10:00",
    "meeting_attendees": "Pedagogisk leder og tre ansatte",
    "confirm_release": "y",
}


@pytest.fixture
def world(db_session):
    return build_world(db_session)


def signed_in(client, world, who: str):
    """A new client signed in as `who`, reading English."""
    client = client.application.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login(client, world.users[who].email)
    return client


def token(client) -> str:
    """The session's CSRF token, from a page that neither redirects nor audits a view."""
    return csrf_token(client, "/reports/department/0")


def post_feedback(client, observation, action: str, **changes):
    path = f"/reports/{observation.id}/feedback"
    data = {**VALID, **changes, "action": action, "csrf_token": token(client)}
    return client.post(path, data={k: v for k, v in data.items() if v is not None})


def fresh(db_session, model, **where):
    db_session.expire_all()
    return db_session.scalar(select(model).filter_by(**where))


def audit(db_session, action: str) -> list[AuditEvent]:
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def dimension_means(scores: dict) -> dict[str, float]:
    codes = dict.fromkeys(code for _, code in scores)  # instrument order, as ties are broken
    return {c: sum(v for (_, k), v in scores.items() if k == c) / 3 for c in codes}


def selected(page: str, name: str) -> str | None:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)[0]
    match = re.search(
        r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html
    )
    return next(g for g in match.groups() if g is not None) if match else None


def test_the_draft_is_prefilled_from_the_scores_and_notes(client, world, db_session):
    observation = world.observations["U"]
    means = dimension_means(world.scores[observation.id])
    ranked = sorted((c for c in means if c != "NC"), key=lambda c: -means[c])
    page = (
        signed_in(client, world, "observer_b")
        .get(f"/reports/{observation.id}/feedback")
        .get_data(as_text=True)
    )
    strengths = re.search(r'<textarea[^>]*name="strengths"[^>]*>(.*?)</textarea>', page, re.S)[1]
    assert "was a strength" in strengths
    # The observer's own note of cycle 1 is quoted, after the plain name and the code.
    assert f"In cycle 1 you noted: “Notat {ranked[0]} syklus 1.”" in strengths
    assert re.match(r"[A-Z][a-z][^(]+ \([A-Z]+\) was a strength", strengths.strip())
    weakest = sorted((c for c in means if c != "NC"), key=lambda c: means[c])
    assert means["NC"] < 2  # the seeded scores hold no negativity of concern
    assert selected(page, "growth_areas-0-dimension") == weakest[0]
    assert selected(page, "growth_areas-1-dimension") == weakest[1]
    assert selected(page, "next_dimension") == weakest[0]
    assert fresh(db_session, Feedback, observation_id=observation.id) is None  # not saved yet


def test_saving_a_draft_stores_it_audited_and_keeps_it_hidden(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, "save")
    assert response.status_code == 302
    feedback = fresh(db_session, Feedback, observation_id=observation.id)
    assert feedback.strengths == VALID["strengths"]
    assert [a["dimension"] for a in feedback.growth_areas] == ["QF", "LM"]
    assert feedback.meeting_held_at == datetime(2025, 3, 18, 9, 0, tzinfo=UTC)  # 10:00 in Oslo
    assert feedback.released_at is None
    assert fresh(db_session, Observation, id=observation.id).status == "submitted"
    fields = {event.field for event in audit(db_session, "feedback.save")}
    assert {"strengths", "growth_areas", "meeting_held_at"} <= fields
    client = signed_in(client, world, "director_1")
    assert client.get(f"/reports/{observation.id}").status_code == 404


BAD_INPUT = [
    ({"meeting_held_at": "neste tirsdag"}, "Give the date and time like 14.03.2025 10:30."),
    ({"meeting_held_at": "2025-03-01T10:00"}, "The meeting cannot be before the observation day."),
    ({"meeting_held_at": "2099-01-01T10:00"}, "That time is in the future."),
    ({"growth_areas-0-dimension": ""}, "Choose which dimension this growth area is about."),
    ({"growth_areas-0-dimension": "XX"}, "Choose which dimension this growth area is about."),
    ({"growth_areas-1-dimension": "QF"}, "Each growth area needs its own dimension."),
    ({"growth_areas-1-text": ""}, "Write what you saw, or empty the whole growth area"),
    ({"next_dimension": "RSP"}, "Choose a dimension from the list."),
    ({"strengths": "x" * 6001}, "Write at most 6000 characters."),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
@pytest.mark.parametrize("action", ["save", "release"])
def test_bad_input_is_explained_and_changes_nothing(client, world, db_session, changes, message,
                                                    action):  # fmt: skip
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, action, **changes)
    assert response.status_code == 400
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert message in page
    assert "Nothing was saved" in page
    assert fresh(db_session, Feedback, observation_id=observation.id) is None
    assert fresh(db_session, Observation, id=observation.id).status == "submitted"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meeting_held_at": ""}, "Record when the feedback meeting was held first."),
        ({"meeting_attendees": ""}, "Write who attended the meeting first."),
        ({"strengths": "  "}, "Write the strengths first."),
        (
            {
                f"growth_areas-{i}-{f}": ""
                for i in (0, 1)
                for f in ("dimension", "text", "suggestion")
            },
            "Add at least one growth area first.",
        ),
    ],
)
def test_release_needs_the_meeting_strengths_and_a_growth_area(client, world, db_session,
                                                               changes, message):  # fmt: skip
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, "release", **changes)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    # What was typed is kept as the draft; the report is not released.
    assert "Your draft is saved, but the report is not released yet." in page
    feedback = fresh(db_session, Feedback, observation_id=observation.id)
    assert feedback.released_at is None
    assert feedback.strengths == (changes.get("strengths", VALID["strengths"])).strip()
    assert fresh(db_session, Observation, id=observation.id).status == "submitted"
    assert audit(db_session, "feedback.save") and not audit(db_session, "feedback.release")
    # The same input is fine as a draft: only release needs it complete.
    assert post_feedback(client, observation, "save", **changes).status_code == 302


def error_summary(page: str) -> str:
    return re.search(r"<div class=\"error-summary\".*?</div>", page, re.S)[0]


def test_a_refused_release_heads_the_page_with_an_error_summary_linked_to_the_fields(
    client, world, db_session
):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, "release", meeting_held_at="",
                             confirm_release=None)  # fmt: skip
    page = response.get_data(as_text=True)
    summary = error_summary(page)
    assert page.index(summary) < page.index(
        "data-feedback-form"
    )  # at the top, before the 2,900 px form
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert '<a href="#meeting_held_at">Record when the feedback meeting was held first.</a>' in (
        summary
    )
    assert '<a href="#confirm_release">Tick the box to confirm the release.</a>' in summary
    meeting = re.search(r'<input[^>]*name="meeting_held_at"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in meeting
    assert 'aria-describedby="meeting_held_at-error"' in meeting
    assert 'id="meeting_held_at-error"' in page
    box = re.search(r'<input[^>]*name="confirm_release"[^>]*>', page)[0]
    assert "checked" not in box  # a new attempt is confirmed anew
    assert fresh(db_session, Observation, id=observation.id).status == "submitted"


def test_a_release_needs_the_confirmation_box_and_changes_nothing_else_without_it(
    client, world, db_session
):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, "release", confirm_release=None)
    assert response.status_code == 400
    assert "Tick the box to confirm the release." in response.get_data(as_text=True)
    stored = fresh(db_session, Observation, id=observation.id)
    assert (stored.status, stored.released_at) == ("submitted", None)
    assert fresh(db_session, Feedback, observation_id=observation.id).released_at is None


def test_bad_input_heads_the_page_with_a_summary_and_keeps_what_was_typed(client, world):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, "release", meeting_held_at="neste tirsdag",
                             strengths="Min egen tekst.")  # fmt: skip
    page = response.get_data(as_text=True)
    assert "Nothing was saved." in error_summary(page)
    assert "Min egen tekst.</textarea>" in page
    assert 'value="neste tirsdag"' in page


def autosave(client, observation, **changes):
    return post_feedback(client, observation, "autosave", **changes)


def test_autosave_stores_the_draft_audited_and_answers_when(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = autosave(client, observation, strengths="Skrevet på nettbrettet.")
    assert response.status_code == 200
    answer = response.get_json()
    assert re.fullmatch(r"\d\d:\d\d", answer["saved_at"])
    assert answer["message"] == f"Saved {answer['saved_at']}"
    feedback = fresh(db_session, Feedback, observation_id=observation.id)
    assert feedback.strengths == "Skrevet på nettbrettet."
    assert feedback.released_at is None  # autosave never releases, even when complete
    assert fresh(db_session, Observation, id=observation.id).status == "submitted"
    [event] = [e for e in audit(db_session, "feedback.save") if e.field == "strengths"]
    assert event.new_value == "Skrevet på nettbrettet."
    page = client.get(f"/reports/{observation.id}/feedback").get_data(as_text=True)
    assert re.search(r'data-server-updated="\d{4}-\d\d-\d\dT[^"]+\+00:00"', page)
    assert 'data-save-state="saved"' in page


def test_autosave_of_bad_input_names_the_field_and_saves_nothing(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = autosave(client, observation, meeting_held_at="2099-01-01T10:00")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid" and "future" in body["message"]
    assert list(body["details"]) == ["meeting_held_at"]
    assert fresh(db_session, Feedback, observation_id=observation.id) is None


def test_autosave_after_release_is_refused_and_changes_nothing(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    assert post_feedback(client, observation, "release").status_code == 302
    response = autosave(client, observation, strengths="For sent.")
    assert response.status_code == 409
    assert response.get_json()["error"] == "released"
    feedback = fresh(db_session, Feedback, observation_id=observation.id)
    assert feedback.strengths == VALID["strengths"]


def test_autosave_without_the_csrf_token_is_refused(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = client.post(
        f"/reports/{observation.id}/feedback", data={**VALID, "action": "autosave"}
    )
    assert response.status_code == 400
    assert fresh(db_session, Feedback, observation_id=observation.id) is None


def test_release_opens_the_report_to_the_department_and_is_audited(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = post_feedback(client, observation, "release")
    assert response.status_code == 302
    assert response.location.endswith(f"/reports/{observation.id}")
    stored = fresh(db_session, Observation, id=observation.id)
    feedback = fresh(db_session, Feedback, observation_id=observation.id)
    assert stored.status == "released"
    assert stored.released_at == feedback.released_at is not None
    [event] = audit(db_session, "feedback.release")
    assert (event.entity_id, event.new_value) == (str(observation.id), "released")
    # Released feedback can no longer be edited, and a late POST changes nothing.
    assert client.get(f"/reports/{observation.id}/feedback").status_code == 302
    post_feedback(client, observation, "save", strengths="Endret etterpå")
    assert (
        fresh(db_session, Feedback, observation_id=observation.id).strengths == VALID["strengths"]
    )
    for who in ("director_1", "mentor_a"):
        client = signed_in(client, world, who)
        page = client.get(f"/reports/{observation.id}").get_data(as_text=True)
        assert "Mest «så flink»." in page


def test_a_post_without_the_csrf_token_is_refused(client, world, db_session):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    response = client.post(
        f"/reports/{observation.id}/feedback", data={**VALID, "action": "release"}
    )
    assert response.status_code == 400
    assert fresh(db_session, Feedback, observation_id=observation.id) is None


def acknowledge(client, observation, comment: str):
    return client.post(f"/reports/{observation.id}/acknowledge",
                       data={"csrf_token": token(client), "comment": comment})  # fmt: skip


def test_the_leader_marks_a_report_read_and_the_observer_and_mentor_see_the_comment(
    client, world, db_session
):
    observation = world.observations["R"]
    client = signed_in(client, world, "leader_1")
    assert "Mark as read" in client.get(f"/reports/{observation.id}").get_data(as_text=True)
    response = acknowledge(client, observation, "Takk! Vi jobber med språket i vår.")
    assert response.status_code == 302
    feedback = fresh(db_session, Feedback, observation_id=observation.id)
    assert feedback.acknowledged_by_id == world.users["leader_1"].id
    assert feedback.leader_comment == "Takk! Vi jobber med språket i vår."
    [event] = audit(db_session, "report.acknowledge")
    assert event.user_id == world.users["leader_1"].id
    for who in ("observer_a", "mentor_a"):
        client = signed_in(client, world, who)
        page = client.get(f"/reports/{observation.id}").get_data(as_text=True)
        assert "Takk! Vi jobber med språket i vår." in page
        assert "Marked as read by Leader.1" in page


def test_acknowledging_twice_changes_nothing(client, world, db_session):
    observation = world.observations["R"]
    client = signed_in(client, world, "leader_1")
    acknowledge(client, observation, "Første")
    first = fresh(db_session, Feedback, observation_id=observation.id).acknowledged_at
    acknowledge(client, observation, "Andre")
    again = fresh(db_session, Feedback, observation_id=observation.id)
    assert (again.acknowledged_at, again.leader_comment) == (first, "Første")
    assert len(audit(db_session, "report.acknowledge")) == 1


def test_a_too_long_comment_is_explained_and_not_saved(client, world, db_session):
    observation = world.observations["R"]
    client = signed_in(client, world, "leader_1")
    response = acknowledge(client, observation, "x" * 2001)
    assert response.status_code == 400
    assert "Write at most 2000 characters." in response.get_data(as_text=True)
    assert fresh(db_session, Feedback, observation_id=observation.id).acknowledged_at is None


@pytest.mark.parametrize(("suffix", "form"), [("", "page"), (".pdf", "pdf")])
def test_every_report_view_is_audited(client, world, db_session, suffix, form):
    observation = world.observations["R"]
    client = signed_in(client, world, "mentor_a")
    assert client.get(f"/reports/{observation.id}{suffix}").status_code == 200
    [event] = audit(db_session, "report.view")
    assert (event.user_id, event.entity, event.entity_id, event.field) == (
        world.users["mentor_a"].id, "observation", str(observation.id), form,
    )  # fmt: skip
    assert event.at is not None


def test_negativity_of_concern_is_drafted_first_in_words_that_say_low_is_good(
    client, world, db_session
):
    observation = world.observations["U"]
    for cycle in observation.cycles:
        next(s for s in cycle.scores if s.dimension_code == "NC").value = 3
    db_session.commit()
    client = signed_in(client, world, "observer_b")
    page = client.get(f"/reports/{observation.id}/feedback").get_data(as_text=True)
    assert selected(page, "growth_areas-0-dimension") == "NC"
    assert "some negativity was seen: 3.00 on average (cycles: 3, 3, 3; low is good)." in page


def test_the_observer_previews_the_unreleased_report_marked_as_such(client, world):
    observation = world.observations["U"]
    client = signed_in(client, world, "observer_b")
    page = client.get(f"/reports/{observation.id}").get_data(as_text=True)
    assert "Not released yet." in page
    assert f'href="/reports/{observation.id}/feedback"' in page
