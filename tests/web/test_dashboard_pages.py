"""Dashboard pages on the small hand-built programme: the numbers each role sees, and what they
do not see. Assertions read data attributes, so the UI language does not matter."""

import io
import re

import pytest
from openpyxl import load_workbook

from tests.support import analysis_small
from tests.support.auth import login
from tests.support.factories import make_user

PREK = "class-prek"


@pytest.fixture
def world(db_session):
    world = analysis_small.build(db_session)
    net_a, _ = world["networks"]
    _, _, k3 = world["kindergartens"]
    world["lead"] = make_user(db_session, "lead@example.no", "project_lead")
    world["mentor"] = make_user(db_session, "mentor@example.no", "mentor")
    world["director"] = make_user(db_session, "director@example.no", "director",
                                  home_kindergarten=k3)  # fmt: skip
    net_a.mentor = world["mentor"]
    db_session.commit()
    return world


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def row_of(html: str, attribute: str, value: str) -> str:
    match = re.search(rf'<tr[^>]*{attribute}="{re.escape(value)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {attribute}={value}"
    return match.group(1)


def values(html: str) -> list[float]:
    return [float(v) for v in re.findall(r'data-value="([^"]+)"', html)]


def test_project_lead_sees_every_department_unsuppressed(client, world):
    login(client, world["lead"].email)
    html = page(client, f"/dashboard/overview?semester=2025V&instrument={PREK}")
    pc = row_of(html, "data-code", "PC")
    # Mean of D1..D4 (6, 10/3, 7/3, 6); the first data-value cells are the band shares.
    assert values(pc)[-1] == pytest.approx((6 + 10 / 3 + 7 / 3 + 6) / 4)
    assert "data-suppressed" not in html
    pool_one = row_of(html, "data-pool", "1")
    assert 'data-observed="3"' in pool_one


def test_mentor_sees_their_networks_unsuppressed_and_nothing_else(client, world):
    login(client, world["mentor"].email)
    html = page(client, f"/dashboard/overview?semester=2025V&instrument={PREK}")
    # Network A holds D1, D2, D3: fewer than 5, but the mentor may read all three reports.
    pc = row_of(html, "data-code", "PC")
    assert "data-suppressed" not in pc
    assert values(pc)[-1] == pytest.approx((6 + 10 / 3 + 7 / 3) / 3)
    networks = page(client, "/dashboard/networks?semester=2025V&level=dimension&code=PC")
    net_a, net_b = world["networks"]
    assert f'data-network="{net_a.id}"' in networks
    assert f'data-network="{net_b.id}"' not in networks
    # The municipality (D1..D4) holds departments the mentor may not read: still hidden.
    assert 'data-suppressed="true" data-n="4"' in row_of(networks, "data-network", "municipality")


def test_follow_up_lists_departments_with_their_reasons(client, world):
    login(client, world["lead"].email)
    html = page(client, "/dashboard/follow-up?semester=2025V")
    flagged = dict(
        re.findall(r'data-department="(\d+)" data-rank="\d+" data-flags="([^"]+)"', html)
    )
    d = world["departments"]
    # D2: NC 6.67 (raw) and ES 2.08; D4: NC 4 and ES 6.25 → 4.5. D3 has PC only: nothing to judge.
    assert flagged == {str(d["D2"].id): "negative_climate low_support",
                       str(d["D4"].id): "negative_climate drop"}  # fmt: skip
    assert "6.25" in row_of(html, "data-department", str(d["D4"].id))


def test_a_mentors_follow_up_list_holds_their_networks_only(client, world):
    login(client, world["mentor"].email)
    html = page(client, "/dashboard/follow-up")
    flagged = set(re.findall(r'data-department="(\d+)"', html))
    d = world["departments"]
    assert flagged == {str(d["D2"].id)}


def test_trends_show_change_since_the_start(client, world):
    login(client, world["lead"].email)
    html = page(client, f"/dashboard/trends?instrument={PREK}&level=dimension&code=PC&pool=1")
    row = row_of(html, "data-semester", "2025V")
    assert values(row)[0] == pytest.approx(35 / 9)
    assert "+0.89" in row  # 35/9 − 3
    assert "data-plotly=" in html and "<script>" not in html  # drawn by js/pages/charts.js
    assert "/vendor/plotly.min.js" in html and "cdn" not in html.lower()


def test_director_compares_own_kindergarten_with_network_and_municipality(app, client, world):
    app.config["SMALL_GROUP_MIN"] = 1
    login(client, world["director"].email)
    html = page(client, f"/dashboard/kindergarten?semester=2025V&instrument={PREK}&level=dimension")
    pc = row_of(html, "data-code", "PC")
    # K3's pre-school department D4 (6); network B is D4 alone; the municipality D1..D4.
    assert values(pc) == pytest.approx([6.0, 6.0, (6 + 10 / 3 + 7 / 3 + 6) / 4])


def test_director_sees_own_kindergarten_however_small_but_not_the_others(client, world):
    login(client, world["director"].email)
    html = page(client, f"/dashboard/kindergarten?semester=2025V&instrument={PREK}&level=dimension")
    pc = row_of(html, "data-code", "PC")
    cells = re.findall(r"<td[^>]*>", pc)
    # K3: D4 alone (n = 1), readable by its director; the municipality (D1..D4) is not.
    assert 'data-value="6.0"' in cells[0] and 'data-n="1"' in cells[0]
    assert 'data-suppressed="true" data-n="4"' in cells[-1]
    assert client.get("/dashboard/overview").status_code == 403
    other = world["kindergartens"][0].id
    assert client.get(f"/dashboard/kindergarten?kindergarten={other}").status_code == 403


def test_agreement_lists_each_observer(client, world):
    login(client, world["lead"].email)
    html = page(client, f"/dashboard/agreement?instrument={PREK}")
    assert len(re.findall(r"data-observer=", html)) == 2
    assert values(row_of(html, "data-code", "PC"))[0] == pytest.approx(2 / 3)


def test_an_unknown_filter_value_falls_back_to_the_default(client, world):
    login(client, world["lead"].email)
    html = page(client, "/dashboard/overview?semester=1999V&pool=42&instrument=nope")
    assert 'class="field-error"' in html
    assert 'data-pool="1"' in html


def test_pages_work_before_any_observation(client, db_session):
    lead = make_user(db_session, "lead@example.no", "project_lead")
    db_session.commit()
    login(client, lead.email)
    # The agreement page last: it is being replaced (app/dashboard/agreement_page.py).
    for path in ("overview", "trends", "networks", "follow-up", "departments", "kindergarten",
                 "agreement"):  # fmt: skip
        page(client, f"/dashboard/{path}")


def test_the_export_follows_the_chosen_filters(client, world):
    login(client, world["lead"].email)
    response = client.get("/dashboard/export.xlsx?semester=2025V&pool=1")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "tettpaa-2025V-1.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = list(book["scores"].iter_rows(min_row=2, values_only=True))
    assert {(r[1], r[2]) for r in rows} == {("2025V", 1)}


def test_the_export_link_follows_what_the_page_shows_its_defaults_included(client, world):
    login(client, world["lead"].email)
    html = page(client, "/dashboard/overview")  # no filters chosen: the page's defaults
    link = re.search(r'href="([^"]+)" data-export="filtered"', html)
    assert link, "the overview offers the export of what it shows"
    address = link[1].replace("&amp;", "&")
    assert "semester=" in address and f"instrument={PREK}" in address
    chosen = page(client, f"/dashboard/overview?semester=2025V&instrument={PREK}&pool=1")
    address = re.search(r'href="([^"]+)" data-export="filtered"', chosen)[1].replace("&amp;", "&")
    assert all(part in address for part in ("semester=2025V", f"instrument={PREK}", "pool=1"))


def test_plotly_is_loaded_only_where_a_chart_is_drawn(client, world):
    login(client, world["lead"].email)
    listing = page(client, f"/dashboard/departments?semester=2025V&instrument={PREK}")
    assert "data-plotly=" not in listing and "/vendor/plotly.min.js" not in listing
    follow_up = page(client, "/dashboard/follow-up")
    assert "data-plotly=" not in follow_up and "/vendor/plotly.min.js" not in follow_up
