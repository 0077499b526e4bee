"""The report's figures: its own scores, the trend, and the comparison with other groups.

Every group figure is recomputed here from the raw score rows with plain Python, never
through the app's or the analysis library's code.
"""

import re
import subprocess
from statistics import mean
from xml.etree import ElementTree

import pytest

from tests.support.auth import login
from tests.support.reports_world import DOMAINS, SEMESTER, TODDLER, build_world

NAMES = {  # bokmål names from the instrument file
    "PC": "Positivt klima", "NC": "Negativt klima", "TS": "Sensitivitet",
    "RCP": "Barnets perspektiv", "BG": "Veiledning og reguleringsstøtte",
    "FLD": "Tilrettelegging for læring og utvikling", "QF": "Kvalitet på tilbakemeldinger",
    "LM": "Språkstøtte",
}  # fmt: skip


@pytest.fixture
def world(db_session):
    return build_world(db_session)


def reader(client, world, who: str = "project_lead", lang: str = "en"):
    client = client.application.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    login(client, world.users[who].email)
    return client


def department_values(scores: dict) -> dict[str, float]:
    """One department's value per dimension and domain (Negative Climate enters as 8 − x)."""
    values = {c: mean(v for (_, k), v in scores.items() if k == c) for c in TODDLER}
    for domain, codes in DOMAINS.items():
        values[domain] = mean(8 - values[c] if c == "NC" else values[c] for c in codes)
    return values


def expected_group(world, departments: set[str]) -> tuple[dict[str, float], int]:
    """Mean of department means over the toddler departments counted in the semester."""
    per_department = [
        department_values(scores)
        for oid, scores in world.scores.items()
        if world.counted[oid] in departments
        and world.departments[world.counted[oid]].age_group == "toddler"
        and _semester_of(world, oid) == SEMESTER
    ]
    codes = [*TODDLER, *DOMAINS]
    return {c: mean(v[c] for v in per_department) for c in codes}, len(per_department)


def _semester_of(world, observation_id) -> str:
    return next(o.semester for o in world.observations.values() if o.id == observation_id)


def cells(page: str, group: str) -> dict[str, str]:
    pattern = rf'<td class="num" data-group="{group}" data-code="(\w+)">([^<]*)</td>'
    return dict(re.findall(pattern, page))


def network_departments(world, net: str) -> set[str]:
    return {
        k for k, d in world.departments.items() if d.kindergarten.network.name == f"Nettverk {net}"
    }


def test_comparison_matches_an_independent_calculation(client, world):
    page = (
        reader(client, world).get(f"/reports/{world.observations['R'].id}").get_data(as_text=True)
    )
    pool_1 = network_departments(world, "A") | network_departments(world, "B")
    groups = {
        "network": network_departments(world, "A"),
        "pool": pool_1,
        "municipality": set(world.departments),
        "department": {"D1"},
    }
    for group, departments in groups.items():
        expected, n = expected_group(world, departments)
        shown = cells(page, group)
        assert set(shown) == set(expected), group
        for code, value in expected.items():
            # Shown with two decimals; a true x.xx5 may land either side in float arithmetic.
            assert abs(float(shown[code]) - value) <= 0.005 + 1e-9, (group, code)
        if group != "department":
            assert f"{n} departments" in page
    # Drafts, double-codings and the pre-school department are not counted anywhere.
    assert expected_group(world, set(world.departments))[1] == 10


def test_groups_under_the_minimum_are_suppressed_not_shown(client, world):
    client = reader(client, world)
    page = client.get(f"/reports/{world.observations['D8'].id}").get_data(as_text=True)
    assert cells(page, "network") == {}  # network B has 2 departments
    assert "Nettverk B: too few departments to show." in page
    assert cells(page, "pool") and cells(page, "municipality")
    page = client.get(f"/reports/{world.observations['D10'].id}").get_data(as_text=True)
    assert cells(page, "network") == {} and cells(page, "pool") == {}
    assert "Pool 2: too few departments to show." in page
    for suppressed in ("network", "pool"):
        assert f'data-group="{suppressed}"' in page  # the note, instead of a number


def test_the_minimum_group_size_is_a_setting(client, world):
    client.application.config["SMALL_GROUP_MIN"] = 9  # pool 1 has 8 toddler departments
    page = (
        reader(client, world).get(f"/reports/{world.observations['R'].id}").get_data(as_text=True)
    )
    assert cells(page, "pool") == {}
    assert "Pool 1: too few departments to show." in page
    assert cells(page, "municipality")


def test_the_report_shows_each_dimension_with_its_cycle_scores_and_band(client, world):
    observation = world.observations["R"]
    page = reader(client, world, lang="nb").get(f"/reports/{observation.id}").get_data(as_text=True)
    scores = world.scores[observation.id]
    for code in TODDLER:
        block = page.split(f'data-dimension="{code}"')[1].split("</li>")[0]
        assert NAMES[code] in block
        cycle_scores = re.findall(r'<span class="cycle-score">(\d)</span>', block)
        assert cycle_scores == [str(scores[(n, code)]) for n in (1, 2, 3)]
        assert f"{mean(scores[(n, code)] for n in (1, 2, 3)):.2f}" in block
    negative = page.split('data-dimension="NC"')[1].split("</li>")[0]
    assert "reverse" in page.split('data-dimension="NC"')[0][-80:]
    assert "reverse-tag" in negative  # "low is good", in words beside the colour


def test_the_header_names_the_observer_only_when_the_setting_allows(client, world):
    observation = world.observations["R"]
    observer = world.users["observer_a"].name
    client = reader(client, world)
    page = client.get(f"/reports/{observation.id}").get_data(as_text=True)
    assert "Blåklokka" in page and "Barnehage KA1" in page and "spring 2025" in page
    assert "04.03.2025" in page and "3 observation cycles" in page
    assert observer not in page
    client.application.config["REPORT_SHOWS_OBSERVER"] = True
    assert observer in client.get(f"/reports/{observation.id}").get_data(as_text=True)


def plot_data(page: str, chart_id: str) -> list[dict]:
    """Each series of an inline SVG chart: its name, and its values (x: category index)."""
    svg = re.search(rf'<svg id="{chart_id}".*?</svg>', page, re.S)[0]
    root = ElementTree.fromstring(svg)
    series: dict[str, dict] = {}
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        if group.get("class") == "series":
            values = [(int(g.get("data-index")), float(g.get("data-value")))
                      for g in group if g.get("data-value")]  # fmt: skip
            series[group.get("data-name")] = {"name": group.get("data-name"), "values": values}
        elif group.get("class") == "bar":
            entry = series.setdefault(group.get("data-name"), {"name": group.get("data-name"),
                                                              "values": []})  # fmt: skip
            entry["values"].append(float(group.get("data-value")))
    return list(series.values())


def test_the_trend_charts_the_departments_semesters_in_order_with_a_table(client, world):
    observation = world.observations["R"]
    page = reader(client, world).get(f"/reports/{observation.id}").get_data(as_text=True)
    traces = plot_data(page, "chart-trend-domains")
    semesters = ("R-2024V", "R-2024H", "R")
    assert [t["name"] for t in traces] == [
        "Emotional and Behavioral Support", "Engaged Support for Learning"]  # fmt: skip
    svg = re.search(r'<svg id="chart-trend-domains".*?</svg>', page, re.S)[0]
    points = re.findall(r"<title>Emotional and Behavioral Support, ([a-z]+ \d{4}):", svg)
    assert points == ["spring 2024", "autumn 2024", "spring 2025"]
    for trace, domain in zip(traces, DOMAINS, strict=True):
        expected = [department_values(world.scores[world.observations[k].id])[domain]
                    for k in semesters]  # fmt: skip
        assert trace["values"] == [(i, round(v, 2)) for i, v in enumerate(expected)]
    table = page.split('id="trend-domains-caption"')[1].split("</table>")[0]
    assert "autumn 2024" in table
    # Drawn on the server: the report loads no chart library at all (issue 17).
    assert "plotly" not in page.lower() and "cdn" not in page.lower()


def test_the_trend_never_shows_an_unreleased_semester(client, world, db_session):
    earlier = world.observations["R-2024H"]
    earlier.status, earlier.released_at = "submitted", None
    db_session.commit()
    page = reader(client, world, "leader_1").get(f"/reports/{world.observations['R'].id}")
    assert "autumn 2024" not in page.get_data(as_text=True)


def test_the_comparison_chart_plots_the_same_numbers_as_the_table(client, world):
    page = (
        reader(client, world).get(f"/reports/{world.observations['R'].id}").get_data(as_text=True)
    )
    traces = plot_data(page, "chart-comparison")
    assert [t["name"] for t in traces] == [
        "This department",
        "Nettverk A",
        "Pool 1",
        "Municipality",
    ]
    for trace, group in zip(traces, ("department", "network", "pool", "municipality"), strict=True):
        shown = cells(page, group)
        assert [f"{v:.2f}" for v in trace["values"]] == [shown[d] for d in DOMAINS]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_pdf_holds_the_department_every_dimension_and_page_numbers(client, world, tmp_path,
                                                                       lang):  # fmt: skip
    observation = world.observations["R"]
    response = reader(client, world, "leader_1", lang).get(f"/reports/{observation.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data, tmp_path)
    assert "Blåklokka" in text and "Barnehage KA1" in text
    if lang == "nb":
        assert all(name in text for name in NAMES.values())
        assert "CLASS® er et registrert varemerke for Teachstone." in text
    else:
        assert "Page 1 of" in text
        assert "CLASS® is a registered trademark of Teachstone." in text
    expected, _ = expected_group(world, network_departments(world, "A"))
    assert f"{expected['EBS']:.2f}" in text
    assert re.search(r"(Side|Page) 1 (av|of) \d", text)


FAKE_TODDLER_PACK = """\
instrument = "class-toddler"
version = "2012"

[dimensions.PC.ranges]
low = { nb = "Falsk lisenstekst, lav." }
mid = { nb = "Falsk lisenstekst, middels." }
high = { nb = "Falsk lisenstekst, høy." }
"""


def test_the_licensed_range_text_is_shown_when_the_pack_is_present(
    client, world, database_url, tmp_path
):
    from tests.conftest import make_test_app

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "class-toddler-2012.toml").write_text(FAKE_TODDLER_PACK, encoding="utf-8")
    observation = world.observations["R"]
    plain = reader(client, world, lang="nb").get(f"/reports/{observation.id}")
    assert "Falsk lisenstekst" not in plain.get_data(as_text=True)
    licensed_app = make_test_app(
        database_url, tmp_path / "instance", LICENSED_CONTENT_DIR=str(pack)
    )
    page = reader(licensed_app.test_client(), world, lang="nb").get(f"/reports/{observation.id}")
    block = page.get_data(as_text=True).split('data-dimension="PC"')[1].split("</li>")[0]
    pc_mean = mean(world.scores[observation.id][(n, "PC")] for n in (1, 2, 3))
    band = "lav" if pc_mean < 2.5 else "middels" if pc_mean < 5.5 else "høy"
    assert f"Falsk lisenstekst, {band}." in block
    licensed_app.extensions["db_engine"].dispose()
