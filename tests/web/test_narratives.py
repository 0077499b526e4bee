"""Practice narratives (issue 13 §2): writing, autosave, the name check, hand-in, editing until
discussed, bad input, one per month, and who reads what in programme years 1 and 2."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.guidance.narrative_names import suspected_names
from app.guidance.narratives import MAX_TEXT
from app.models import AuditEvent, PracticeNarrative
from tests.support.auth import csrf_token, login
from tests.support.narrative_world import (
    THIS_MONTH,
    add_narrative,
    make_narrative_world,
    released_report,
)

EN = {"Accept-Language": "en"}
STAFF_PAGE = f"/guidance/narratives/{THIS_MONTH}/department_meeting"
LEADER_PAGE = f"/guidance/narratives/{THIS_MONTH}/leaders_meeting"


@pytest.fixture
def world(db_session):
    return make_narrative_world(db_session, year=1)


def signed_in(client, person, page: str = "/guidance/narratives/read") -> str:
    """Sign in and return a CSRF token for the JSON and form posts."""
    login(client, person.email)
    return csrf_token(client, page)


def autosave(client, token, department, text, page=STAFF_PAGE, dimension="PC"):
    body = {"text": text, "dimension": dimension, "department": department.id}
    return client.put(page, json=body, headers={"X-CSRFToken": token, **EN})


def post(client, token, department, text, action="save", page=STAFF_PAGE, **extra):
    data = {"csrf_token": token, "text": text, "dimension": "PC",
            "department": str(department.id), "action": action, **extra}  # fmt: skip
    return client.post(page, data=data, headers=EN)


def narratives(db_session) -> list[PracticeNarrative]:
    db_session.expire_all()
    return list(db_session.scalars(select(PracticeNarrative).order_by(PracticeNarrative.id)))


def audit_rows(db_session, narrative_id=None) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity == "practice_narrative")
    if narrative_id is not None:
        query = query.where(AuditEvent.entity_id == str(narrative_id))
    return list(db_session.scalars(query.order_by(AuditEvent.id)))


# --- writing ------------------------------------------------------------------------------


def test_a_staff_member_is_sent_to_this_months_narrative_for_the_department_meeting(client, world):
    signed_in(client, world.people["SA"])
    response = client.get("/guidance/narratives/", headers=EN)
    assert response.status_code == 302 and response.location == STAFF_PAGE
    page = client.get(STAFF_PAGE, headers=EN).get_data(as_text=True)
    assert "data-narrative-form" in page and 'data-narrative-state="not_started"' in page
    if THIS_MONTH[5:] != "07":  # the programme default's dimension is chosen for the writer
        assert '<option selected value="PC">' in page or 'value="PC" selected' in page


def test_a_person_who_writes_for_both_meetings_chooses(client, db_session, world):
    from app.models import UserRole

    world.people["LB"].role_rows.append(UserRole(role="staff"))
    db_session.commit()
    signed_in(client, world.people["LB"])
    page = client.get("/guidance/narratives/", headers=EN).get_data(as_text=True)
    assert 'data-meeting="department_meeting"' in page and 'data-meeting="leaders_meeting"' in page
    assert client.get(STAFF_PAGE).status_code == 200
    assert client.get(LEADER_PAGE).status_code == 200


def test_the_draft_saves_as_you_type_without_flooding_the_audit_trail(client, db_session, world):
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    first = autosave(client, token, world.departments["A"], "Voksen satt på gulvet.")
    assert first.status_code == 200 and first.json["flags"] == []
    second = autosave(client, token, world.departments["A"], "Voksen satt på gulvet med barna.")
    assert second.status_code == 200
    [narrative] = narratives(db_session)
    assert narrative.text == "Voksen satt på gulvet med barna." and narrative.handed_in_at is None
    assert narrative.for_meeting == "department_meeting" and narrative.month == THIS_MONTH
    assert audit_rows(db_session) == []  # drafts are private: see app/guidance/narratives.py
    page = client.get(STAFF_PAGE, headers=EN).get_data(as_text=True)
    assert "Voksen satt på gulvet med barna." in page and 'data-narrative-state="draft"' in page


def test_the_server_flags_childrens_names_but_stores_the_text(client, db_session, world):
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    text = "På Blåklokka hjalp voksen Emma med dressen. Etterpå lo Emma."
    response = autosave(client, token, world.departments["A"], text)
    assert response.json["flags"] == ["Emma"]  # the department's own name is not a child's
    assert narratives(db_session)[0].text == text
    page = client.get(STAFF_PAGE, headers=EN).get_data(as_text=True)
    assert '<mark class="name-flag">Emma</mark>' in page


def test_hand_in_lists_the_words_still_flagged_and_the_author_decides(client, db_session, world):
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    text = "Voksen ga Jonas en klem da han gråt."
    waiting = post(client, token, world.departments["A"], text, action="hand_in")
    assert waiting.status_code == 200
    assert "data-still-flagged" in waiting.get_data(as_text=True)
    assert "Jonas" in waiting.get_data(as_text=True)
    [narrative] = narratives(db_session)
    assert narrative.handed_in_at is None and narrative.text == text  # kept as a draft
    done = post(client, token, world.departments["A"], text, action="hand_in", confirm="1")
    assert done.status_code == 302
    [narrative] = narratives(db_session)
    assert narrative.handed_in_at is not None
    handed = {row.field: row.new_value for row in audit_rows(db_session, narrative.id)}
    assert handed["text"] == text and handed["for_meeting"] == "department_meeting"
    assert "handed_in_at" in handed


def test_a_narrative_is_edited_until_it_is_discussed_then_refused(client, db_session, world):
    narrative = add_narrative(
        db_session, world.people["SA"], world.departments["A"], "department_meeting"
    )
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    # Handed in: the autosave leaves it alone, "Save changes" changes it, audited.
    refused = autosave(client, token, world.departments["A"], "Autosaved after hand-in")
    assert refused.status_code == 409 and refused.json["error"] == "handed_in"
    assert post(client, token, world.departments["A"], "  ").status_code == 400
    assert post(client, token, world.departments["A"], "Endret tekst.").status_code == 302
    assert narratives(db_session)[0].text == "Endret tekst."
    [update] = [row for row in audit_rows(db_session, narrative.id) if row.action == "update"]
    assert (update.field, update.new_value) == ("text", "Endret tekst.")
    # The leader marks it discussed: the author can no longer change it.
    client.post("/logout", data={"csrf_token": token})
    leader_token = signed_in(client, world.people["LA"], "/guidance/narratives/read")
    discussed = client.post(
        f"/guidance/narratives/{narrative.id}/discussed", data={"csrf_token": leader_token}
    )
    assert discussed.status_code == 302
    assert narratives(db_session)[0].discussed_by_id == world.people["LA"].id
    fields = {row.field for row in audit_rows(db_session, narrative.id) if row.action == "update"}
    assert {"discussed_at", "discussed_by_id"} <= fields
    client.post("/logout", data={"csrf_token": leader_token})
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    assert post(client, token, world.departments["A"], "Enda en endring.").status_code == 403
    assert autosave(client, token, world.departments["A"], "x").json["error"] == "discussed"
    assert narratives(db_session)[0].text == "Endret tekst."
    page = client.get(STAFF_PAGE, headers=EN).get_data(as_text=True)
    assert 'data-narrative-state="discussed"' in page and "data-narrative-form" not in page


def test_too_long_or_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    client, db_session, world
):
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    autosave(client, token, world.departments["A"], "Første utkast.")
    too_long = "a" * (MAX_TEXT + 1)
    response = autosave(client, token, world.departments["A"], too_long)
    assert response.status_code == 400 and response.json["field"] == "text"
    assert f"at most {MAX_TEXT} characters" in response.json["message"]
    page = post(client, token, world.departments["A"], too_long, action="hand_in")
    assert page.status_code == 400 and f"at most {MAX_TEXT} characters" in page.get_data(
        as_text=True
    )
    other = world.departments["C"]  # not the writer's department
    assert autosave(client, token, other, "Tekst.").json["field"] == "department"
    bad_dimension = autosave(client, token, world.departments["A"], "Tekst.", dimension="XX")
    assert bad_dimension.status_code == 400 and bad_dimension.json["field"] == "dimension"
    malformed = client.put(STAFF_PAGE, data="{", headers={"X-CSRFToken": token, **EN},
                           content_type="application/json")  # fmt: skip
    assert malformed.status_code == 400
    empty = post(client, token, world.departments["A"], "   ", action="hand_in")
    assert empty.status_code == 400 and "before you hand it in" in empty.get_data(as_text=True)
    [narrative] = narratives(db_session)
    assert narrative.text == "Første utkast." and narrative.handed_in_at is None
    assert client.get(f"/guidance/narratives/{THIS_MONTH}/nonsense").status_code == 404
    assert client.get("/guidance/narratives/2026-13/department_meeting").status_code == 404
    assert client.get("/guidance/narratives/2019-03/department_meeting").status_code == 404


def test_one_narrative_per_author_month_and_meeting(client, db_session, world):
    token = signed_in(client, world.people["SA"], STAFF_PAGE)
    for text in ("En.", "To.", "Tre."):
        post(client, token, world.departments["A"], text)
    assert [n.text for n in narratives(db_session)] == ["Tre."]
    author, department = world.people["SA"], world.departments["A"]
    add_narrative(db_session, author, department, "department_meeting", month="2024-09")
    with pytest.raises(IntegrityError):
        add_narrative(db_session, author, department, "department_meeting", month="2024-09")
    db_session.rollback()


# --- reading ------------------------------------------------------------------------------


def read_page(client, person) -> str:
    login(client, person.email)
    response = client.get(f"/guidance/narratives/read?month={THIS_MONTH}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_leader_reads_the_departments_staff_narratives_and_who_has_not_handed_in(
    client, db_session, world
):
    p, a = world.people, world.departments["A"]
    handed = add_narrative(db_session, p["SA"], a, "department_meeting", text="Trygg havn.")
    add_narrative(db_session, p["SA2"], a, "department_meeting", text="Hemmelig utkast.",
                  handed_in_at=None)  # fmt: skip
    page = read_page(client, p["LA"])
    assert f'data-writer="{p["SA"].id}" data-handed-in="yes"' in page
    assert f'data-writer="{p["SA2"].id}" data-handed-in="no"' in page
    assert "Trygg havn." in page and "Hemmelig utkast." not in page  # drafts are never shown
    assert f'data-narrative="{handed.id}"' in page
    assert "1 of 2 handed in" in page
    assert f'data-writer="{p["SB"].id}"' not in page  # another department's staff


@pytest.mark.parametrize("year", [1, 2])
def test_the_leaders_narratives_go_to_the_mentor_in_year_1_and_the_director_from_year_2(
    client, db_session, year
):
    world = make_narrative_world(db_session, year=year)
    p = world.people
    narrative = add_narrative(db_session, p["LA"], world.departments["A"], "leaders_meeting",
                              text="Ledernes fortelling.")  # fmt: skip
    reader, not_reader = (p["M"], p["D"]) if year == 1 else (p["D"], p["M"])
    page = read_page(client, reader)
    assert "Ledernes fortelling." in page
    assert f'data-writer="{p["LB"].id}" data-handed-in="no"' in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/guidance/narratives/read")})
    assert "Ledernes fortelling." not in read_page(client, not_reader)
    token = csrf_token(client, "/guidance/narratives/read")
    url = f"/guidance/narratives/{narrative.id}/discussed"
    assert client.post(url, data={"csrf_token": token}).status_code == 404


@pytest.mark.parametrize("key", ["lead", "SB", "SA2", "observer", "LB", "M2", "D2"])
def test_nobody_else_reads_a_staff_narrative(client, db_session, world, key):
    p = world.people
    narrative = add_narrative(db_session, p["SA"], world.departments["A"], "department_meeting",
                              text="Bare for lederen.")  # fmt: skip
    login(client, p[key].email)
    page = client.get("/guidance/narratives/read", headers=EN)
    assert page.status_code in (200, 403)
    assert "Bare for lederen." not in page.get_data(as_text=True)
    token = csrf_token(client, "/guidance/narratives/read")
    response = client.post(
        f"/guidance/narratives/{narrative.id}/discussed", data={"csrf_token": token}
    )
    assert response.status_code in (403, 404)
    assert narratives(db_session)[0].discussed_at is None


@pytest.mark.parametrize("key", ["lead", "SA"])
def test_the_project_lead_and_staff_have_no_reading_page(client, world, key):
    login(client, world.people[key].email)
    assert client.get("/guidance/narratives/read").status_code == 403


def test_the_reading_page_moves_between_months(client, db_session, world):
    p = world.people
    add_narrative(db_session, p["SA"], world.departments["A"], "department_meeting",
                  month="2024-10", text="Oktoberfortelling.")  # fmt: skip
    login(client, p["LA"].email)
    page = client.get("/guidance/narratives/read?month=2024-10", headers=EN).get_data(as_text=True)
    assert "Oktoberfortelling." in page
    assert 'data-month-link="2024-09"' in page and 'data-month-link="2024-11"' in page
    this_month = client.get("/guidance/narratives/read", headers=EN).get_data(as_text=True)
    assert "Oktoberfortelling." not in this_month
    assert client.get("/guidance/narratives/read?month=oktober").status_code == 404


# --- homes --------------------------------------------------------------------------------


def test_the_homes_show_this_months_narrative_and_how_many_are_handed_in(client, db_session, world):
    p = world.people
    login(client, p["SA"].email)
    home = client.get("/home/staff", headers=EN).get_data(as_text=True)
    assert 'data-narrative-status="department_meeting:not_started"' in home
    add_narrative(db_session, p["SA"], world.departments["A"], "department_meeting")
    home = client.get("/home/staff", headers=EN).get_data(as_text=True)
    assert 'data-narrative-status="department_meeting:handed_in"' in home
    assert "data-narratives-to-read" not in home
    client.post("/logout", data={"csrf_token": csrf_token(client, "/guidance/narratives/read")})
    login(client, p["LA"].email)
    home = client.get("/home/leader", headers=EN).get_data(as_text=True)
    assert 'data-narrative-status="leaders_meeting:not_started"' in home
    assert 'data-narratives-to-read="1/2"' in home


# --- staff read their department's released reports ---------------------------------------


def test_staff_read_their_departments_released_report_and_nothing_else(client, db_session, world):
    p, d = world.people, world.departments
    own = released_report(db_session, d["A"], p["observer"])
    others = released_report(db_session, d["B"], p["observer"])
    unreleased = released_report(
        db_session, d["A"], p["observer"], released=False, semester="2024H"
    )
    login(client, p["SA"].email)
    assert client.get(f"/reports/{own.id}").status_code == 200
    assert client.get(f"/reports/{others.id}").status_code == 404
    assert client.get(f"/reports/{unreleased.id}").status_code == 404


# --- the name check: the server's copy agrees with the form's module ------------------------

NAME_TEXTS = [
    ("Barna lekte med klosser. Voksen satt på gulvet.", []),
    ("Voksen hjalp Emma med å ta på seg dressen.", []),
    ("Ola og Kari lekte. Deretter kom Ali og Ola tilbake.", []),
    ("- Sara viste fram tegningen\n- voksen roste Sara", []),
    ("Personalet brukte CLASS og TS-begreper i Bærum.", []),
    ("Samtale om turen i Marihøna: barna var engasjerte.", ["Marihøna"]),
    ("Hun sa: «Vil du være med?» Barnet nikket.", []),
    ("voksen ga Jonas en klem\n", []),
    ("Etter lunsj (Per var sliten) sa «Åse»: hei. O'Neil og Anne-Lise.\n\n  – Mia lo", []),
]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the ES module")
def test_the_servers_name_check_agrees_with_the_forms_module(tmp_path):
    names_js = Path(__file__).resolve().parents[2] / "app/static/js/observe/names.js"
    script = tmp_path / "run.mjs"
    script.write_text(
        f'import {{ suspectedNames }} from "{names_js.as_uri()}";\n'
        "const cases = JSON.parse(process.argv[2]);\n"
        "console.log(JSON.stringify(cases.map(([t, k]) => suspectedNames(t, k))));\n"
    )
    run = subprocess.run(["node", str(script), json.dumps(NAME_TEXTS)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert [suspected_names(t, k) for t, k in NAME_TEXTS] == json.loads(run.stdout)
