"""The dashboard's follow-up page: ranked rows with reasons in words and domain names, the
department's reports, the open case ("handled") or "Open a case", counts per rule, the
rules with the configured thresholds, and each role's scope; on both databases."""

import re

import pytest

from app.models import FollowUpCase
from tests.support import follow_up_world
from tests.support.auth import login

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(db_session):
    return follow_up_world.scope_world(db_session)


def page(client, email: str, query: str = "?semester=2025V") -> str:
    login(client, email)
    response = client.get(f"/dashboard/follow-up{query}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows(html: str) -> dict[str, str]:
    """Department id -> the row's HTML."""
    return dict(re.findall(r'<tr data-department="(\d+)"(.*?)</tr>', html, re.S))


def test_rows_are_ranked_with_reasons_in_words_and_links(client, world):
    html = page(client, world["people"]["mentor"].email)
    d = world["departments"]
    ranked = re.findall(r'data-department="(\d+)" data-rank="(\d+)"', html)
    names = ["N-above", "N-at", "T-low", "S-below", "D-above", "D-at"]
    assert ranked == [(str(d[name].id), str(rank)) for rank, name in enumerate(names, 1)]
    found = rows(html)
    climate = found[str(d["N-at"].id)]
    assert "NC · Negative Climate: the mean 3.00 in spring 2025 is 3.00 or more" in climate
    assert f'href="/reports/department/{d["N-at"].id}"' in climate
    drop = found[str(d["D-above"].id)]
    assert "CO · Classroom Organization fell from 5.00 in autumn 2024 to 3.89" in drop
    support = found[str(d["T-low"].id)]
    assert "EBS · Emotional and Behavioral Support: the mean 2.20" in support


def test_counts_per_rule_and_the_rules_with_their_thresholds(app, client, world):
    app.config.update(FOLLOW_UP_DROP=1.05, FOLLOW_UP_BOTTOM_SHARE=0.2)
    html = page(client, world["people"]["project_lead"].email)
    counts = dict(re.findall(r'data-flag="(\w+)" data-n="(\d+)"', html))
    assert counts == {"negative_climate": "3", "low_support": "2", "drop": "1",
                      "bottom_decile": "0"}  # fmt: skip
    assert 'data-count="6"' in html  # N-above, N-at, X, T-low, S-below, D-above
    rules = re.search(r'<details class="card rules">(.*?)</details>', html, re.S)[1]
    assert "fell by 1.05 or more" in rules and "lowest 20 %" in rules
    assert "3.00 or more" in rules and "below 2.50" in rules


def test_an_open_case_is_handled_and_the_others_can_be_opened(client, db_session, world):
    people, d = world["people"], world["departments"]
    case = FollowUpCase(department_id=d["N-at"].id, opened_by_id=people["mentor"].id,
                        semester="2025V", flag_rule="negative_climate", reason="NC 3.00",
                        status="open")  # fmt: skip
    db_session.add(case)
    db_session.commit()
    found = rows(page(client, people["mentor"].email))
    handled = found[str(d["N-at"].id)]
    assert f'href="/follow-up/{case.id}" data-handled="true"' in handled
    assert "data-open-case" not in handled
    other = found[str(d["D-above"].id)]
    assert "data-handled" not in other
    link = re.search(r'href="([^"]+)" data-open-case="true"', other)[1].replace("&amp;", "&")
    assert link.startswith("/follow-up/new?")
    assert {f"department_id={d['D-above'].id}", "rule=drop", "semester=2025V"} == set(
        link.split("?")[1].split("&")
    )


def test_the_project_lead_sees_cases_but_leaves_opening_them_to_mentor_and_director(client, world):
    html = page(client, world["people"]["project_lead"].email)
    assert "data-open-case" not in html  # followup.edit: the department's mentor or director
    assert len(rows(html)) == 7


@pytest.mark.parametrize(
    ("person", "expected"),
    [("director", {"N-above", "N-at", "T-low", "S-below", "D-above", "D-at"}),
     ("director_south", {"X"}), ("mentor_south", {"X"})],
)  # fmt: skip
def test_directors_and_mentors_see_their_own_departments(client, world, person, expected):
    html = page(client, world["people"][person].email)
    ids = {str(department.id): name for name, department in world["departments"].items()}
    assert {ids[i] for i in rows(html)} == expected
    assert 'data-open-case="true"' in html  # they co-own the cases


def test_a_directors_page_has_the_follow_up_tab_and_only_the_semester_filter(client, world):
    html = page(client, world["people"]["director"].email)
    assert 'aria-current="page">Follow-up<' in html
    assert 'data-filter="semester"' in html and 'data-filter="network"' not in html
    assert "/dashboard/kindergarten" in html  # their other dashboard page stays a tab


def test_a_semester_that_is_not_a_choice_falls_back_to_the_latest(client, world):
    html = page(client, world["people"]["project_lead"].email, "?semester=2031H")
    assert len(rows(html)) == 7 and "As of spring 2025" in html


# Paging and filters (issue 17): thousands of departments are flagged at national scale.


def ranked_ids(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-department="(\d+)" data-rank="(\d+)"', html)


@pytest.fixture
def short_pages(monkeypatch):
    monkeypatch.setattr("app.dashboard.follow_up_page.ROWS_PER_PAGE", 2)


def test_the_pages_together_are_the_unpaged_ranking(client, db_session, world, short_pages):
    from analysis.followup import follow_up

    whole = [(str(i.department_id), str(i.rank)) for i in follow_up(db_session, as_of="2025V")]
    login(client, world["people"]["project_lead"].email)
    pages = [client.get(f"/dashboard/follow-up?semester=2025V&page={n}", headers=EN)
             .get_data(as_text=True) for n in (1, 2, 3, 4)]  # fmt: skip
    assert [row for html in pages for row in ranked_ids(html)] == whole and len(whole) == 7
    second = pages[1]
    assert 'data-page-number="2"' in second and 'data-pages="4"' in second
    assert 'rel="prev"' in second and 'rel="next"' in second
    assert 'data-count="7"' in second  # the count is the whole list's, not the page's
    counts = dict(re.findall(r'data-flag="(\w+)" data-n="(\d+)"', second))
    assert counts["negative_climate"] == "3"  # counts per rule over the whole list


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, world, short_pages):
    html = page(client, world["people"]["project_lead"].email, "?semester=2025V&page=99")
    assert 'data-page-out-of-range="99"' in html and "There is no page 99" in html
    assert [rank for _, rank in ranked_ids(html)] == ["7"]


@pytest.mark.parametrize(
    "query", ["page=0", "page=-3", "page=abc", "page=99999999999999999999999",
              "rule=nonsense", "kindergarten=abc", "kindergarten=99999999999999999999"],
)  # fmt: skip
def test_odd_paging_and_filter_values_never_fail(client, world, query):
    html = page(client, world["people"]["project_lead"].email, f"?semester=2025V&{query}")
    assert ranked_ids(html) or "No department is flagged" in html


def test_a_rule_filter_keeps_the_ranks_and_the_counts_of_the_whole_list(client, world):
    html = page(client, world["people"]["project_lead"].email,
                "?semester=2025V&rule=negative_climate")  # fmt: skip
    found = ranked_ids(html)
    assert [rank for _, rank in found] == ["1", "2", "3"]
    assert all("negative_climate" in rows(html)[i].split(">")[0] for i, _ in found)
    assert 'data-count="3"' in html and 'data-total="7"' in html
    assert dict(re.findall(r'data-flag="(\w+)" data-n="(\d+)"', html))["drop"] == "2"
    assert re.search(r'href="[^"]*rule=negative_climate[^"]*" aria-current="true"', html)


def test_a_kindergarten_filter_lists_only_its_departments_with_their_ranks(client, world):
    south = world["kindergartens"]["Annen barnehage"]
    html = page(client, world["people"]["project_lead"].email,
                f"?semester=2025V&kindergarten={south.id}")  # fmt: skip
    assert ranked_ids(html) == [(str(world["departments"]["X"].id), "1")]  # of all 7
    assert f'data-chosen-kindergarten="{south.id}"' in html and "Annen barnehage" in html


def test_a_mentor_naming_another_networks_kindergarten_sees_nothing_of_it(client, world):
    south = world["kindergartens"]["Annen barnehage"]
    html = page(client, world["people"]["mentor"].email,
                f"?semester=2025V&kindergarten={south.id}")  # fmt: skip
    assert ranked_ids(html) == [] and "X" not in rows(html)
