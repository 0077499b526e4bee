"""The observation rules as plain functions: no database, no app, no request."""

import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.instruments import default_instruments_dir, load_instruments
from app.api.models import ScoreUpdate, parse
from app.guidance import narrative_names
from app.guidance.narrative_names import suspected_names
from app.models import Certification
from app.observe.autosave import merge_score
from app.observe.payloads import parse_score_update
from app.observe.rules import (
    CycleProblem,
    Facts,
    NewObservation,
    RuleViolation,
    check_new_observation,
    ensure_draft,
    submission_problems,
)
from tests.conftest import missing_dependency

INSTRUMENTS = load_instruments(default_instruments_dir())
A_TIME = "2025-03-04T09:00:00Z"


def parse_score_value(value):
    return parse(ScoreUpdate, {"value": value, "client_ts": A_TIME}).value


def parse_datetime(value, _name):
    return parse(ScoreUpdate, {"value": 4, "client_ts": value}).client_ts


def parse_marks(value, dimension):
    body = parse(ScoreUpdate, {"value": 4, "client_ts": A_TIME, "indicator_marks": value})
    return parse_score_update(body.model_dump(), dimension).changes["indicator_marks"]


PREK = INSTRUMENTS["class-prek"]
DAY = date(2025, 3, 4)
T0 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)

observer = SimpleNamespace(id=1, home_kindergarten_id=10)
maurtua = SimpleNamespace(
    id=5, name="Maurtua", kindergarten_id=20, active=True, kindergarten=SimpleNamespace(active=True)
)


def certified(family: str = "preschool", on: date = DAY - timedelta(days=30)) -> Certification:
    return Certification(family=family, certified_on=on, expires_on=on + timedelta(days=365))


def request(**fields) -> NewObservation:
    values = {
        "id": "new",
        "department_id": 5,
        "instrument_id": "class-prek",
        "observed_on": DAY,
        "kind": "regular",
    }
    values.update(fields)
    return NewObservation(**values)


def facts(**fields) -> Facts:
    values = {
        "department": maurtua,
        "instrument": PREK,
        "expected_instrument_id": "class-prek",
        "certifications": [certified()],
    }
    values.update(fields)
    return Facts(**values)


def refusal(user=observer, new=None, found=None) -> str:
    with pytest.raises(RuleViolation) as caught:
        check_new_observation(user, new or request(), found or facts())
    return caught.value.code


def test_a_certified_observer_from_another_kindergarten_may_start():
    assert check_new_observation(observer, request(), facts()) == []


def test_an_observer_may_not_observe_their_own_kindergarten():
    own = SimpleNamespace(id=1, home_kindergarten_id=20)
    assert refusal(user=own) == "own_kindergarten"


def test_a_project_lead_override_needs_a_reason_and_is_reported_for_the_audit():
    lead = SimpleNamespace(id=2, home_kindergarten_id=20)
    assert refusal(lead, found=facts(may_override=True)) == "own_kindergarten"
    with_reason = request(override_reason="No one else is certified")
    assert check_new_observation(lead, with_reason, facts(may_override=True)) == [
        "own_kindergarten"
    ]


def test_an_override_reason_without_the_right_changes_nothing():
    own = SimpleNamespace(id=1, home_kindergarten_id=20)
    assert refusal(own, request(override_reason="Please")) == "own_kindergarten"


@pytest.mark.parametrize(
    "certification",
    [
        certified(on=DAY - timedelta(days=365)),  # expired the day of the visit
        certified(on=DAY + timedelta(days=1)),  # not yet valid
        certified(family="toddler"),  # the other age group
    ],
)
def test_a_certification_must_cover_the_family_on_the_visit_day(certification):
    assert refusal(found=facts(certifications=[certification])) == "not_certified"


def test_a_certification_is_valid_on_its_first_and_last_day():
    first = certified(on=DAY)
    last = certified(on=DAY - timedelta(days=364))
    for certification in (first, last):
        assert (
            check_new_observation(observer, request(), facts(certifications=[certification])) == []
        )


def test_practice_needs_no_certification():
    assert check_new_observation(observer, request(kind="practice"), facts(certifications=[])) == []


def test_double_coding_needs_a_certification():
    primary = SimpleNamespace(kind="regular", department_id=5, semester="2025V", observer_id=9)
    new = request(kind="double_coding", primary_observation_id="p")
    assert refusal(new=new, found=facts(certifications=[], primary=primary)) == "not_certified"
    assert check_new_observation(observer, new, facts(primary=primary)) == []


def test_one_regular_observation_per_department_and_semester():
    assert refusal(found=facts(existing_regular_status="submitted")) == "regular_exists"
    assert (
        check_new_observation(
            observer, request(kind="practice"), facts(existing_regular_status="submitted")
        )
        == []
    )


@pytest.mark.parametrize(
    "primary",
    [
        None,
        SimpleNamespace(kind="practice", department_id=5, semester="2025V", observer_id=9),
        SimpleNamespace(kind="regular", department_id=6, semester="2025V", observer_id=9),
        SimpleNamespace(kind="regular", department_id=5, semester="2024H", observer_id=9),
        SimpleNamespace(kind="regular", department_id=5, semester="2025V", observer_id=1),
    ],
)
def test_double_coding_needs_another_observers_regular_observation_of_the_visit(primary):
    new = request(kind="double_coding", primary_observation_id="p")
    assert refusal(new=new, found=facts(primary=primary)) == "invalid_primary"


def test_only_double_coding_links_to_a_primary():
    assert refusal(new=request(primary_observation_id="p")) == "invalid_primary"


def test_the_instrument_follows_the_age_group_and_departments_must_exist_and_be_active():
    assert refusal(found=facts(instrument=INSTRUMENTS["class-toddler"])) == "wrong_instrument"
    assert refusal(found=facts(department=None)) == "unknown_department"
    closed = SimpleNamespace(**{**vars(maurtua), "kindergarten": SimpleNamespace(active=False)})
    assert refusal(found=facts(department=closed)) == "department_inactive"


def test_only_drafts_can_change():
    ensure_draft("draft")
    for status in ("submitted", "released"):
        with pytest.raises(RuleViolation) as caught:
            ensure_draft(status)
        assert (caught.value.code, caught.value.details) == (
            "observation_locked",
            {"status": status},
        )


@pytest.mark.parametrize("value", [1, 4, 7])
def test_whole_scores_from_one_to_seven_are_accepted(value):
    assert parse_score_value(value) == value


@pytest.mark.parametrize("value", [0, 8, 3.5, 4.0, "3", "x", True, False, None, [], {}])
def test_anything_else_is_not_a_score(value):
    with pytest.raises(RuleViolation) as caught:
        parse_score_value(value)
    assert caught.value.details["field"] == "value"


def test_indicator_marks_belong_to_the_dimension_and_are_low_mid_or_high():
    pc = PREK.dimension("PC")
    assert parse_marks({"PC.RES": "high", "PC.REL": "low"}, pc) == {
        "PC.REL": "low",
        "PC.RES": "high",
    }
    assert parse_marks({}, pc) is None
    for bad in ({"NC.NA": "low"}, {"PC.REL": "medium"}, {"PC.REL": 2}, ["PC.REL"]):
        with pytest.raises(RuleViolation):
            parse_marks(bad, pc)


def test_client_timestamps_need_an_offset_and_are_kept_in_utc():
    assert parse_datetime("2025-03-04T10:00:00+01:00", "t") == T0
    assert parse_datetime("2025-03-04T09:00:00Z", "t") == T0
    for bad in ("2025-03-04T09:00:00", "09:00", 1741078800, None):
        with pytest.raises(RuleViolation):
            parse_datetime(bad, "t")


def stored(value, ts, note=None):
    return {"value": value, "indicator_marks": None, "note": note, "client_ts": ts}


def test_a_newer_write_wins_and_reports_what_changed():
    merged, diffs = merge_score(stored(3, T0, "Calm"), {"value": 5}, T0 + timedelta(seconds=1))
    assert merged == stored(5, T0 + timedelta(seconds=1), "Calm")  # the note was not sent: kept
    assert diffs == [("value", 3, 5)]


def test_an_older_write_loses_and_an_equal_one_wins():
    assert merge_score(stored(3, T0), {"value": 5}, T0 - timedelta(seconds=1)) is None
    assert merge_score(stored(3, T0), {"value": 5}, T0)[0]["value"] == 5
    assert merge_score(stored(3, None), {"value": 5}, T0)[0]["value"] == 5


@given(st.permutations(range(8)))
def test_the_newest_write_wins_whatever_order_writes_arrive_in(order):
    current = None
    for second in order:
        outcome = merge_score(current, {"value": 1 + second % 7}, T0 + timedelta(seconds=second))
        if outcome is not None:
            current = outcome[0]
    assert current["value"] == 1 + 7 % 7


def cycle(number, minutes=18, codes=(), reason=None, start=True):
    started = T0 + timedelta(hours=number) if start else None
    return SimpleNamespace(
        number=number,
        started_at=started,
        ended_at=started + timedelta(minutes=minutes) if started else None,
        deviation_reason=reason,
        scores=[SimpleNamespace(dimension_code=c, value=4) for c in codes],
    )


ALL = tuple(d.code for d in PREK.dimensions)


def test_a_complete_observation_has_no_problems():
    assert submission_problems(PREK, [cycle(n, codes=ALL) for n in (1, 2, 3)]) == []


def test_missing_scores_times_and_cycles_are_listed_in_order():
    problems = submission_problems(
        PREK, [cycle(1, codes=ALL[:-1]), cycle(2, codes=ALL, start=False)]
    )
    assert [(p.kind, p.cycle, p.dimension) for p in problems[:3]] == [
        ("score", 1, "LM"),
        ("cycle_times", 2, None),
        ("cycle", 3, None),
    ]


def test_timing_problems_carry_the_minutes():
    cycles = [cycle(1, 9, ALL), cycle(2, 14, ALL), cycle(3, 22, ALL, reason="Outdoor trip")]
    assert submission_problems(PREK, cycles) == [
        CycleProblem(1, "too_short_redo", 9.0),
        CycleProblem(2, "needs_deviation_reason", 14.0),
    ]


# --- the name check (DESIGN §4.8): names that open a sentence, the same in JS and Python ---

NAMES_JS = Path(__file__).resolve().parents[2] / "app/static/js/observe/names.js"
SENTENCE_START_TEXTS = [
    ("Emma og Jonas lekte.", ["Emma", "Jonas"]),
    ("Ylva og Jonas lekte. Barna og Jonas sang.", ["Ylva", "Jonas"]),
    ("Ylva, Jonas og Sara tegnet.", ["Ylva", "Jonas", "Sara"]),
    ("Deretter lekte barna. Samlingen var rolig.", []),
    ("Voksen satt på gulvet. Emma lo.", ["Emma"]),
    ("- Mia viste fram tegningen", ["Mia"]),
    ("Vår tur gikk til skogen.", []),
]


@pytest.mark.parametrize(("text", "names"), SENTENCE_START_TEXTS)
def test_a_name_that_opens_a_sentence_is_flagged_too(text, names):
    assert suspected_names(text) == names


def js_word_list(name: str) -> list[str]:
    source = NAMES_JS.read_text(encoding="utf-8")
    block = re.search(rf"export const {name} = \(\s*(.*?)\s*\)\.split", source, re.S)[1]
    return " ".join(re.findall(r'"([^"]*)"', block)).split()


def test_the_word_lists_are_the_same_in_the_form_and_on_the_server():
    assert js_word_list("GIVEN_NAMES") == narrative_names.GIVEN_NAMES
    assert js_word_list("COMMON_STARTS") == narrative_names.COMMON_STARTS


def test_the_forms_module_flags_sentence_starts_like_the_server(tmp_path):
    if shutil.which("node") is None:
        missing_dependency("Node.js (Debian's nodejs) runs the form's ES module")
    script = tmp_path / "run.mjs"
    script.write_text(
        f'import {{ suspectedNames }} from "{NAMES_JS.as_uri()}";\n'
        "const texts = JSON.parse(process.argv[2]);\n"
        "console.log(JSON.stringify(texts.map((t) => suspectedNames(t))));\n"
    )
    texts = [text for text, _ in SENTENCE_START_TEXTS]
    run = subprocess.run(["node", str(script), json.dumps(texts)], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert json.loads(run.stdout) == [names for _, names in SENTENCE_START_TEXTS]
