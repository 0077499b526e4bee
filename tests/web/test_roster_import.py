"""`flask roster import / export` (DESIGN.md §7): all or nothing, audited, idempotent."""

import hashlib
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, text

from analysis import schema
from app.admin.roster_store import load_roster
from app.admin.roster_workbook import SHEETS, write_roster
from app.models import AuditEvent, Department
from tests.support.factories import certify, make_org, make_user

ROSTER_TABLES = ("pool", "network", "kindergarten", "department", "user", "user_role",
                 "department_member", "certification", "audit_event")  # fmt: skip


@pytest.fixture
def roster(db_session):
    org = make_org(db_session)
    mentor = make_user(db_session, "mentor@example.no", "mentor")
    org["network"].mentor = mentor
    leader = make_user(db_session, "leader@example.no", "pedagogical_leader",
                       home_kindergarten=org["home"])  # fmt: skip
    leader.departments.append(org["home_dept"])
    certify(db_session, leader, "toddler", date(2025, 8, 1))
    db_session.commit()
    return org


def checksum(app) -> str:
    """Row counts and contents of every roster table, as one fingerprint."""
    digest = hashlib.sha256()
    with app.extensions["db_engine"].connect() as connection:
        for name in ROSTER_TABLES:
            table = schema.metadata.tables[name]
            rows = connection.execute(select(table)).all()
            digest.update(f"{name}:{len(rows)}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def exported(db_session) -> Workbook:
    return load_workbook(io.BytesIO(write_roster(load_roster(db_session))))


def run_import(app, tmp_path, workbook, *args):
    path = tmp_path / "roster.xlsx"
    if isinstance(workbook, bytes):
        path.write_bytes(workbook)
    else:
        workbook.save(path)
    return app.test_cli_runner().invoke(args=["roster", "import", str(path), *args])


def test_importing_the_export_changes_nothing(app, db_session, roster, tmp_path):
    before = checksum(app)
    result = run_import(app, tmp_path, exported(db_session))
    assert result.exit_code == 0, result.output
    assert "Imported 0 change(s)" in result.output
    assert checksum(app) == before


def test_an_update_is_audited_old_to_new_and_a_second_import_changes_nothing(
    app, db_session, roster, tmp_path
):
    workbook = exported(db_session)
    sheet = workbook["departments"]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "Blåklokka":
            row[3].value, row[5].value = 14, "false"
    result = run_import(app, tmp_path, workbook)
    assert result.exit_code == 0, result.output
    events = db_session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "department").order_by(AuditEvent.field)
    ).all()
    assert [(e.field, e.old_value, e.new_value) for e in events] == [
        ("active", "True", "False"),
        ("children_count", "12", "14"),
    ]
    after = checksum(app)
    assert run_import(app, tmp_path, workbook).exit_code == 0
    assert checksum(app) == after


def test_dry_run_prints_the_changes_and_changes_nothing(app, db_session, roster, tmp_path):
    workbook = exported(db_session)
    workbook["people"].append(["new@example.no", "Ny Person", "staff", "Haslum barnehage",
                               "Haslum barnehage/Blåklokka", "true"])  # fmt: skip
    before = checksum(app)
    result = run_import(app, tmp_path, workbook, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "people new@example.no: create" in result.output
    assert checksum(app) == before


def test_new_rows_are_created_with_roles_departments_and_a_default_expiry(
    app, db_session, roster, tmp_path
):
    workbook = exported(db_session)
    home, department = "Haslum barnehage", "Haslum barnehage / Blåklokka"
    new_person = ["NEW@Example.no", "Ny Person", "staff, observer", home, department, True]
    workbook["people"].append(new_person)
    workbook["certifications"].append(["new@example.no", "toddler", date(2026, 2, 1), None])
    assert run_import(app, tmp_path, workbook).exit_code == 0
    person = load_roster(db_session).rows["people"]["new@example.no"]
    assert person.roles == {"staff", "observer"}
    assert person.departments == {"Haslum barnehage/Blåklokka"}
    cert = load_roster(db_session).rows["certifications"]
    assert cert[("new@example.no", "toddler", date(2026, 2, 1))].expires_on == date(2027, 2, 1)


def _edit(sheet, cell, value):
    def edit(workbook):
        workbook[sheet][cell] = value

    return edit


def _append(sheet, *values):
    return lambda workbook: workbook[sheet].append(list(values))


def _row_of(sheet, key) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == key)


def _mentor_demoted_while_stored_network_keeps_them(workbook):
    """The networks sheet leaves its row out (stored only); the mentor loses the role."""
    workbook["networks"].delete_rows(2, workbook["networks"].max_row)
    people = workbook["people"]
    people.cell(_row_of(people, "mentor@example.no"), 3, "observer")


def _network_moved_without_its_stored_kindergartens(workbook):
    workbook["pools"].append([2, "2027V"])
    workbook["kindergartens"].delete_rows(2, workbook["kindergartens"].max_row)
    workbook["departments"].delete_rows(2, workbook["departments"].max_row)
    workbook["networks"]["B2"] = 2


MALFORMED = {
    "missing sheet": (lambda wb: wb.remove(wb["pools"]), "pools, -, -"),
    "missing column": (lambda wb: wb["people"].delete_cols(3), "people, 1, roles"),
    "unknown pool": (_edit("networks", "B2", 7), "networks, 2, pool"),
    "unknown network": (_edit("kindergartens", "C2", "Nettverk Øst"), "kindergartens, 2, network"),
    "unknown kindergarten": (_append("departments", "Ukjent bhg", "A", "toddler", 1, 1, True),
                             "departments, 4, kindergarten"),
    "duplicate key": (_append("pools", 1, "2020H"), "pools, 3, pool"),
    "not an e-mail": (_edit("people", "A2", "leader(at)example.no"), "people, 2, email"),
    "unknown role": (_edit("people", "C2", "observer, boss"), "people, 2, roles"),
    "age group": (_edit("departments", "C2", "infants"), "departments, 2, age_group"),
    "owner": (_edit("kindergartens", "D2", "church"), "kindergartens, 2, owner"),
    "negative count": (_edit("departments", "D2", -1), "departments, 2, children"),
    "non-numeric count": (_edit("departments", "E2", "many"), "departments, 2, staff"),
    "not a date": (_edit("certifications", "C2", "next monday"), "certifications, 2, certified_on"),
    "unknown person": (_append("certifications", "ghost@example.no", "toddler", "2026-01-01"),
                       "certifications, 3, email"),
    "department of another kindergarten": (
        _edit("people", "E2", "Stabekk barnehage/Maurtua"), "people, 2, departments"),
    "mentor who is not a mentor": (_edit("networks", "C2", "leader@example.no"),
                                   "networks, 2, mentor_email"),
    "mentor of a stored network loses the role": (
        _mentor_demoted_while_stored_network_keeps_them, "people, 3, roles"),
    "network moved away from its stored kindergartens": (
        _network_moved_without_its_stored_kindergartens, "networks, 2, pool"),
    "formula": (_edit("departments", "D2", "=1+1"), "departments, 2, children"),
    "boolean": (_edit("departments", "F2", "maybe"), "departments, 2, active"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_roster_changes_nothing_and_says_where(app, db_session, roster, tmp_path, case):
    spoil, where = MALFORMED[case]
    workbook = exported(db_session)
    workbook["departments"]["D3"] = 99  # a valid change, refused with the rest
    spoil(workbook)
    before = checksum(app)
    result = run_import(app, tmp_path, workbook)
    assert result.exit_code == 1
    assert where in result.output
    assert checksum(app) == before


@pytest.mark.parametrize("data", [b"", b"not a workbook at all", b"PK\x03\x04broken zip"])
def test_an_empty_file_or_not_a_workbook_is_refused(app, roster, tmp_path, data):
    before = checksum(app)
    result = run_import(app, tmp_path, data)
    assert result.exit_code == 1
    assert "-, -, -:" in result.output
    assert checksum(app) == before


def test_a_workbook_with_a_million_rows_is_refused_quickly(app, roster, tmp_path):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in SHEETS.items():
        workbook.create_sheet(sheet).append(columns)
    workbook["departments"].cell(row=1_000_001, column=1, value="x")  # declares 1,000,001 rows
    before = checksum(app)
    result = run_import(app, tmp_path, workbook)
    assert result.exit_code == 1
    assert "departments, -, -" in result.output and "100 000" in result.output
    assert checksum(app) == before


def test_the_demo_export_reproduces_the_organisation_in_an_empty_database(
    demo_app, app, db_session, tmp_path
):
    with demo_app.app_context():
        session = demo_app.extensions["db_sessionmaker"]()
        data = write_roster(load_roster(session))
        demo = load_roster(session).rows
        session.close()
    result = run_import(app, tmp_path, data)
    assert result.exit_code == 0, result.output
    assert load_roster(db_session).rows == demo
    assert db_session.scalar(select(func.count()).select_from(Department)) == 375
    assert db_session.execute(text("SELECT count(*) FROM audit_event")).scalar() > 0
