"""From a figure to the departments behind it and on to their reports, the paired change, the
incomplete-semester mark and the small-group rule, on the small hand-built programme
(tests/support/analysis_small.py). Assertions read data attributes, not the UI language."""

import html as markup
import json
import re

import pytest

from tests.support import analysis_small
from tests.support.auth import login
from tests.support.factories import make_user

PREK = "class-prek"
PC_2025V = f"semester=2025V&instrument={PREK}&level=dimension&code=PC"


@pytest.fixture
def world(db_session):
    world = analysis_small.build(db_session)
    net_a, _ = world["networks"]
    world["lead"] = make_user(db_session, "lead@example.no", "project_lead")
    world["mentor"] = make_user(db_session, "mentor@example.no", "mentor")
    world["director"] = make_user(db_session, "director@example.no", "director",
                                  home_kindergarten=world["kindergartens"][0])  # fmt: skip
    net_a.mentor = world["mentor"]
    db_session.commit()
    return world


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def row_of(html: str, attribute: str, value: str) -> str:
    match = re.search(rf'<tr[^>]*{attribute}="{re.escape(value)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {attribute}={value}"
    return match.group(0)


def listed(html: str) -> dict[str, tuple[float, str]]:
    """Department id -> (value, band) of a drill-down list."""
    rows = re.findall(
        r'data-department="(\d+)".*?data-value="([^"]+)".*?data-band="([^"]*)"', html, re.S
    )
    return {department: (float(value), band) for department, value, band in rows}


def test_the_change_since_the_semester_before_compares_the_same_departments(client, world):
    login(client, world["lead"].email)
    html = page(client, f"/dashboard/trends?instrument={PREK}&level=dimension&code=PC&pool=1")
    row = row_of(html, "data-semester", "2025V")
    change = re.search(r'data-change="previous" data-value="([^"]+)"', row)
    # D1 4 → 6 and D3 2 → 7/3. Unpaired, the means (35/9 − 3 = +0.89) would count D2 too.
    assert float(change.group(1)) == pytest.approx((2 + 1 / 3) / 2)
    assert 'data-paired="2"' in row and "+1.17" in row


def test_an_incomplete_semester_is_marked_wherever_shown(client, world):
    login(client, world["lead"].email)
    trends = page(client, f"/dashboard/trends?instrument={PREK}&level=dimension&code=PC&pool=1")
    # Pool 1 has three pre-school departments: 2024H observed two (67 %), 2025V all three.
    earlier, later = (
        row_of(trends, "data-semester", "2024H"),
        row_of(trends, "data-semester", "2025V"),
    )
    assert 'data-coverage-of="3" data-observed="2" data-incomplete="true"' in earlier
    assert 'data-incomplete="false"' in later
    overview = page(client, f"/dashboard/overview?semester=2024H&instrument={PREK}")
    assert 'data-observed="2" data-incomplete="true"' in row_of(overview, "data-pool", "1")
    networks = page(client, f"/dashboard/networks?semester=2024H&instrument={PREK}")
    network_a = row_of(networks, "data-network", str(world["networks"][0].id))
    assert 'data-incomplete="true"' in network_a
    link = re.search(r'href="([^"]+)" data-drill="departments"', network_a).group(1)
    assert f"network={world['networks'][0].id}" in markup.unescape(link)  # one link a network
    k1 = world["kindergartens"][0].id
    kindergarten = page(client, f"/dashboard/kindergarten?kindergarten={k1}&semester=2024H")
    assert 'data-incomplete="true"' in row_of(kindergarten, "data-row", "coverage")


def test_trend_charts_keep_the_whole_scale(client, world):
    login(client, world["lead"].email)
    html = page(client, f"/dashboard/trends?instrument={PREK}&level=dimension&code=PC&pool=1")
    figures = [json.loads(markup.unescape(f)) for f in re.findall(r'data-plotly="([^"]+)"', html)]
    assert len(figures) == 2
    for figure in figures:
        assert figure["layout"]["yaxis"]["range"] == [0.9, 7.1]
        assert len(figure["layout"]["shapes"]) == 3  # low, middle and high shaded


def test_overview_figures_lead_to_their_departments_and_those_to_their_reports(client, world):
    login(client, world["lead"].email)
    overview = page(client, f"/dashboard/overview?semester=2025V&instrument={PREK}")
    links = re.findall(r'href="([^"]+)" data-drill="departments"', overview)
    assert any("pool=1" in markup.unescape(link) for link in links)
    band = next(markup.unescape(link) for link in links if "code=PC" in markup.unescape(link)
                and "band=low" in markup.unescape(link))  # fmt: skip
    d = world["departments"]
    every = listed(page(client, f"/dashboard/departments?{PC_2025V}&pool=1"))
    # D1 6 (high), D2 10/3 (middle), D3 7/3 (low); D4 is in pool 2.
    assert every == {str(d["D1"].id): (6.0, "high"),
                     str(d["D2"].id): (pytest.approx(10 / 3), "mid"),
                     str(d["D3"].id): (pytest.approx(7 / 3), "low")}  # fmt: skip
    low = page(client, band)
    assert set(listed(low)) == {str(d["D3"].id)}
    assert 'data-coverage-of="4" data-observed="4"' in low  # every pre-school department
    assert f'href="/reports/department/{d["D3"].id}"' in low
    assert page(client, f"/reports/department/{d['D3'].id}")


def test_mentor_and_director_lists_hold_only_what_they_may_read(app, client, world):
    d = world["departments"]
    net_b = world["networks"][1]
    login(client, world["mentor"].email)
    network_a = {str(d[name].id) for name in ("D1", "D2", "D3")}
    assert set(listed(page(client, f"/dashboard/departments?{PC_2025V}"))) == network_a
    # Network B is no choice of theirs: the filter falls back to their own networks.
    wider = page(client, f"/dashboard/departments?{PC_2025V}&network={net_b.id}&pool=2")
    assert set(listed(wider)) <= network_a
    k3 = world["kindergartens"][2].id
    page(client, f"/dashboard/kindergarten?kindergarten={k3}", 403)
    assert not listed(page(client, f"/dashboard/departments?{PC_2025V}&kindergarten={k3}"))
    client = app.test_client()
    login(client, world["director"].email)  # K1: D1 and D2
    own = {str(d["D1"].id), str(d["D2"].id)}
    assert set(listed(page(client, f"/dashboard/departments?{PC_2025V}"))) == own
    page(client, f"/dashboard/departments?{PC_2025V}&kindergarten={k3}", 403)


def test_project_lead_and_mentor_open_a_kindergartens_page(app, world):
    k1 = world["kindergartens"][0].id
    for who in ("lead", "mentor"):
        client = app.test_client()
        login(client, world[who].email)
        html = page(client, f"/dashboard/kindergarten?kindergarten={k1}&{PC_2025V}")
        pc = row_of(html, "data-code", "PC")
        # K1: D1 6 and D2 10/3, shown to both although n = 2 < 5 (they read those reports).
        assert re.search(r'data-value="([^"]+)" data-n="2"', pc)
        assert float(re.search(r'data-value="([^"]+)"', pc).group(1)) == pytest.approx(14 / 3)
    assert 'data-choose="kindergarten"' in page(client, "/dashboard/kindergarten")


def test_small_groups_stay_hidden_where_the_viewer_may_not_read_them(app, client, world):
    login(client, world["director"].email)
    html = page(client, f"/dashboard/kindergarten?{PC_2025V}")
    pc = row_of(html, "data-code", "PC")
    cells = re.findall(r"<td[^>]*>", pc)
    assert "data-value" in cells[0]  # K1, the director's own
    assert all('data-suppressed="true"' in cell for cell in cells[1:])  # network A, municipality
    app.config["SMALL_GROUP_MIN"] = 3
    html = page(client, f"/dashboard/kindergarten?{PC_2025V}")
    assert "data-suppressed" not in row_of(html, "data-code", "PC")


@pytest.mark.parametrize(
    "query", ["band=bogus&page=-3&sort=x", "kindergarten=abc&page=99999999999", "page=2"]
)
def test_odd_list_input_answers_the_default_never_a_server_error(client, world, query):
    login(client, world["lead"].email)
    html = page(client, f"/dashboard/departments?{PC_2025V}&{query}")
    assert 'data-table="departments"' in html
