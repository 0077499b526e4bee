"""The agreement page on a small world worked out by hand, and every figure recomputed from the
raw scores in plain Python (DESIGN §5 "Agreement"). Assertions read data attributes, so the UI
language does not matter.

    2024V  D1: Ada, double-coded by Bo (identical)             (outside the window of 2025V)
    2024H  D1: Ada, Bo sloppy · D2: Cy, Ada identical · D4: Di, Cy identical
    2025V  D1: Ada, Bo sloppy · D2: Ada, Bo sloppy · D3: Ada, Cy identical
    2025H  D4: Ada, not double-coded (the latest observed semester, but not double-coded)

A visit scores PC and NC in three cycles: 6 paired scores. A sloppy visit agrees within one
on 4 of them. Over 2024H–2025V: Bo 3 visits, 12/18 within one → recalibrate; Ada 5 visits,
24/30 = exactly 80 % → OK; Cy 3 identical visits → OK; Di 1 visit → too few to judge.
"""

import re
import statistics

import pytest

from analysis.agreement import icc_2_1
from app.models import Department, Kindergarten, Network, Observation, Pool
from tests.support.analysis_data import scored_observation
from tests.support.auth import login
from tests.support.factories import make_user

PREK = "class-prek"
PRIMARY = {"PC": [4, 5, 6], "NC": [1, 2, 1]}
SLOPPY = {"PC": [6, 5, 3], "NC": [1, 2, 1]}  # PC off by 2, 0 and 3
EN = {"Accept-Language": "en"}


@pytest.fixture
def world(db_session):
    pool = Pool(number=1, first_semester="2024V")
    network = Network(name="Nettverk", pool=pool)
    kindergarten = Kindergarten(name="K", pool=pool, network=network)
    departments = {name: Department(kindergarten=kindergarten, name=name, age_group="preschool")
                   for name in ("D1", "D2", "D3", "D4")}  # fmt: skip
    db_session.add_all([pool, network, kindergarten, *departments.values()])
    db_session.flush()
    people = {name: make_user(db_session, f"{name.lower()}@example.no", "observer", name=name)
              for name in ("Ada", "Bo", "Cy", "Di")}  # fmt: skip

    def visit(semester, department, observer, coder=None, second=PRIMARY):
        primary = scored_observation(db_session, departments[department], people[observer],
                                     PRIMARY, semester=semester)  # fmt: skip
        if coder:
            scored_observation(db_session, departments[department], people[coder],
                               second, semester=semester, kind="double_coding",
                               primary=primary)  # fmt: skip

    visit("2024V", "D1", "Ada", "Bo")
    visit("2024H", "D1", "Ada", "Bo", SLOPPY)
    visit("2024H", "D2", "Cy", "Ada")
    visit("2024H", "D4", "Di", "Cy")
    visit("2025V", "D1", "Ada", "Bo", SLOPPY)
    visit("2025V", "D2", "Ada", "Bo", SLOPPY)
    visit("2025V", "D3", "Ada", "Cy")
    visit("2025H", "D4", "Ada")
    lead = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    return {"people": people, "lead": lead}


@pytest.fixture
def lead(client, world):
    """The test client, signed in as the project lead."""
    login(client, world["lead"].email)
    return client


def html_of(client, query: str = "") -> str:
    response = client.get(f"/dashboard/agreement?instrument={PREK}{query}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows(html: str, attribute: str) -> dict[str, str]:
    found = re.findall(rf'<tr[^>]*{attribute}="([^"]+)"[^>]*>(.*?)</tr>', html, re.S)
    return dict(found)


def numbers(cells: str, name: str) -> list[float]:
    return [float(v) for v in re.findall(rf'data-{name}="([^"]+)"', cells)]


def raw_pairs(session, semesters) -> dict[str, list[tuple[int, int]]]:
    """Every paired score per dimension, walked from the ORM objects, not through the SQL."""
    pairs: dict[str, list[tuple[int, int]]] = {}
    for double in session.query(Observation).filter(Observation.kind == "double_coding"):
        if double.semester not in semesters:
            continue
        primary = session.get(Observation, double.primary_observation_id)
        theirs = {(c.number, s.dimension_code): s.value for c in primary.cycles for s in c.scores}
        for cycle in double.cycles:
            for score in cycle.scores:
                key = (cycle.number, score.dimension_code)
                pairs.setdefault(score.dimension_code, []).append((theirs[key], score.value))
    return pairs


def test_the_default_is_the_latest_semester_with_double_coding(lead, world):
    html = html_of(lead)
    assert 'data-semester="2025V"' in html  # not 2025H, which has no double-coding
    assert re.search(r'<option[^>]*selected[^>]*value="2025V"|value="2025V"[^>]*selected', html)
    assert set(rows(html, "data-semester")) == {"2024V", "2024H", "2025V"}  # the trend


def test_every_figure_equals_a_recomputation_from_the_raw_scores(lead, world, db_session):
    html = html_of(lead, "&semester=2025V")
    pairs = raw_pairs(db_session, {"2025V"})
    dimensions = rows(html, "data-code")
    assert dimensions.keys() == pairs.keys()
    iccs = {}
    for code, found in pairs.items():
        exact, within = numbers(dimensions[code], "value")
        assert exact == pytest.approx(sum(a == b for a, b in found) / len(found))
        assert within == pytest.approx(sum(abs(a - b) <= 1 for a, b in found) / len(found))
        iccs[code] = icc_2_1([list(pair) for pair in found])
        assert numbers(dimensions[code], "icc") == [pytest.approx(iccs[code])]
    everything = [pair for found in pairs.values() for pair in found]
    overall = re.search(r'data-table="agreement-overall">(.*?)</dl>', html, re.S).group(1)
    assert numbers(overall, "value") == [
        pytest.approx(sum(a == b for a, b in everything) / len(everything)),
        pytest.approx(sum(abs(a - b) <= 1 for a, b in everything) / len(everything)),
    ]
    median = statistics.median(iccs.values())
    assert numbers(overall, "icc") == [pytest.approx(median)]
    assert median != pytest.approx(icc_2_1([list(p) for p in everything]))  # not pooled


def test_observers_are_judged_over_the_last_two_semesters(lead, world):
    html = html_of(lead)
    assert 'data-window="2024H,2025V"' in html
    names = {str(person.id): name for name, person in world["people"].items()}
    observers = {names[key]: cells for key, cells in rows(html, "data-observer").items()}
    status = dict(re.findall(r'data-observer="(\d+)" data-status="(\w+)"', html))
    assert {names[key]: value for key, value in status.items()} == {
        "Bo": "recalibrate", "Ada": "ok", "Cy": "ok", "Di": "too_few"}  # fmt: skip
    assert numbers(observers["Bo"], "visits") == [3]  # 2024V is outside the window
    assert numbers(observers["Bo"], "value")[1] == pytest.approx(12 / 18)
    assert numbers(observers["Ada"], "value")[1] == pytest.approx(0.8)
    # Ranked: to recalibrate first, then OK with the lowest within-one first, too few last.
    assert [names[key] for key in rows(html, "data-observer")] == ["Bo", "Ada", "Cy", "Di"]
    assert 'data-count="recalibrate" data-value="1"' in html
    assert 'data-count="too_few" data-value="1"' in html


def test_an_observers_icc_uses_this_observer_and_the_partner(lead, world, db_session):
    html = html_of(lead)
    bo = str(world["people"]["Bo"].id)
    # Bo's pairs (Ada's score, Bo's score) are the sloppy ones: PC and NC, three visits.
    pc = [(4, 6), (5, 5), (6, 3)] * 3
    nc = [(1, 1), (2, 2), (1, 1)] * 3
    iccs = [icc_2_1([[b, a] for a, b in pairs]) for pairs in (pc, nc)]
    expected = statistics.median(iccs)
    assert numbers(rows(html, "data-observer")[bo], "icc") == [pytest.approx(expected)]


def test_the_observer_list_filters_by_name_and_status_and_pages(lead, world):
    html = html_of(lead, "&observer=d&status=ok")
    names = {str(person.id): name for name, person in world["people"].items()}
    assert [names[key] for key in rows(html, "data-observer")] == ["Ada"]
    html = html_of(lead, "&status=too_few&page=99")
    assert [names[key] for key in rows(html, "data-observer")] == ["Di"]


BAD_FILTERS = (
    "&page=-4", "&page=abc", "&page=99999999999999", "&status=nope", "&observer=" + "x" * 5000,
    "&observer=%25_", "&semester=1999V", "&semester=",
)  # fmt: skip


def test_bad_filters_fall_back_without_an_error(lead, world):
    for query in BAD_FILTERS:
        assert 'data-table="observers"' in html_of(lead, query), query


def test_all_semesters_can_still_be_chosen(lead, world, db_session):
    html = html_of(lead, "&semester=")
    assert 'data-semester=""' in html
    pairs = raw_pairs(db_session, {"2024V", "2024H", "2025V"})
    overall = re.search(r'data-table="agreement-overall">(.*?)</dl>', html, re.S).group(1)
    everything = [pair for found in pairs.values() for pair in found]
    assert numbers(overall, "value")[0] == pytest.approx(
        sum(a == b for a, b in everything) / len(everything)
    )


def test_the_page_works_before_any_double_coding(client, db_session):
    lead = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    login(client, lead.email)
    html = client.get("/dashboard/agreement", headers=EN).get_data(as_text=True)
    assert 'data-empty="agreement"' in html
