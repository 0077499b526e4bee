"""The form's pure ES modules, run in the browser and checked against the Python rules."""

import itertools

import pytest

from analysis.scoring import suggested_scores

pytestmark = pytest.mark.browser

MARKS = ("low", "mid", "high")


@pytest.fixture
def modules(page, live_server):
    """A page on the app's origin, so the modules import as they do in the form."""
    page.goto(f"{live_server.url}/login")

    def call(module: str, function: str, *args):
        return page.evaluate(
            """async ([module, fn, args]) => {
                const m = await import(`/static/js/observe/${module}.js`);
                return m[fn](...args);
            }""",
            [module, function, list(args)],
        )

    return call


@pytest.mark.parametrize("indicators", [3, 4, 5])
def test_suggested_scores_in_js_match_the_analysis_rule(modules, page, indicators):
    combos = [list(c) for c in itertools.product(MARKS, repeat=indicators)]
    in_js = page.evaluate(
        """async ([combos, n]) => {
            const { suggestedScores } = await import("/static/js/observe/suggest.js");
            return combos.map((marks) => suggestedScores(marks, n));
        }""",
        [combos, indicators],
    )
    assert in_js == [list(suggested_scores(marks, indicators)) for marks in combos]


def test_no_suggestion_until_every_indicator_is_marked(modules):
    assert modules("suggest", "suggestedScores", ["low", "low", "low"], 4) == []
    assert modules("suggest", "suggestedScores", ["low", "low", "mid", "mid"], 4) == [2, 3]
    assert modules("suggest", "suggestedScores", [], 0) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Barna lekte med klosser. Voksen satt på gulvet.", []),
        ("Voksen hjalp Emma med å ta på seg dressen.", ["Emma"]),
        # A common given name is flagged where it opens a sentence too (issue 16),
        ("Ola og Kari lekte. Deretter kom Ali og Ola tilbake.", ["Ola", "Kari", "Ali"]),
        ("Emma og Jonas lekte.", ["Emma", "Jonas"]),
        # and so is a rarer one joined to a name by "og" or a comma,
        ("Ylva og Jonas lekte. Barna og Jonas sang.", ["Ylva", "Jonas"]),
        # but not every capitalised first word.
        ("Deretter lekte barna. Samlingen var rolig.", []),
        ("- Sara viste fram tegningen\n- voksen roste Sara", ["Sara"]),
        ("Personalet brukte CLASS og TS-begreper i Bærum.", []),
        ("Samtale om turen i Marihøna: barna var engasjerte.", []),
        ("Hun sa: «Vil du være med?» Barnet nikket.", []),
        ("voksen ga Jonas en klem", ["Jonas"]),
    ],
)
def test_name_check_flags_capitalised_words_inside_sentences(modules, text, names):
    known = ["Marihøna"]
    assert modules("names", "suspectedNames", text, known) == names


def test_later_client_timestamp_wins_when_copies_are_merged(modules):
    older = {
        "id": "x",
        "version": 3,
        "status": "draft",
        "cycles": [
            {
                "number": 1,
                "notes": "fra siden",
                "scores": {
                    "PC": {"value": 2, "client_ts": "2025-03-04T09:00:00+00:00"},
                    "NC": {"value": 1, "client_ts": "2025-03-04T09:05:00.123000+00:00"},
                },
            }
        ],
    }
    newer = {
        "id": "x",
        "version": 5,
        "status": "draft",
        "cycles": [
            {
                "number": 1,
                "notes": "fra serveren",
                "scores": {"PC": {"value": 6, "client_ts": "2025-03-04T09:10:00+00:00"}},
            }
        ],
    }
    local = [
        {
            "key": "x|score|1|NC",
            "kind": "score",
            "cycle": 1,
            "dim": "NC",
            "state": "pending",
            "body": {"value": 3, "client_ts": "2025-03-04T09:06:00.000Z"},
        },
        {
            "key": "x|score|1|PC",
            "kind": "score",
            "cycle": 1,
            "dim": "PC",
            "state": "pending",
            "body": {"value": 4, "client_ts": "2025-03-04T09:01:00.000Z"},
        },
    ]
    state = modules("state", "mergeState", [older, newer], local, 3)
    cycle = state["cycles"]["1"]
    assert cycle["scores"]["PC"]["value"] == 6  # the server's is later than the local edit
    assert cycle["scores"]["NC"]["value"] == 3  # the local edit is later than the server's
    assert cycle["notes"] == "fra serveren"  # headers follow the newest server version
    assert state["version"] == 5
    assert set(state["cycles"]) == {"1", "2", "3"}


def test_completeness_lists_missing_scores_times_and_reasons(modules):
    instrument = {
        "cycles": {"count": 2, "min_minutes": 15, "max_minutes": 20, "redo_below_minutes": 10},
        "domains": [{"dimensions": [{"code": "PC"}, {"code": "NC"}]}],
    }

    def cycle(start, end, reason=None, scores=("PC", "NC")):
        return {
            "started_at": f"2025-03-04T{start}:00Z" if start else None,
            "ended_at": f"2025-03-04T{end}:00Z" if end else None,
            "deviation_reason": reason,
            "scores": {code: {"value": 4} for code in scores},
        }

    state = {"cycles": {"1": cycle("09:00", "09:12"), "2": cycle("10:00", None, scores=["PC"])}}
    problems = modules("state", "submissionProblems", state, instrument)
    assert [(p["kind"], p["cycle"], p.get("dimension")) for p in problems] == [
        ("needs_deviation_reason", 1, None),
        ("missing_times", 2, None),
        ("score", 2, "NC"),
    ]
    state["cycles"]["1"] = cycle("09:00", "09:12", reason="Brannøvelse")
    state["cycles"]["2"] = cycle("10:00", "10:08")
    problems = modules("state", "submissionProblems", state, instrument)
    assert [(p["kind"], p["cycle"]) for p in problems] == [("too_short_redo", 2)]


def test_timer_formats_and_phases(modules):
    assert modules("timer", "elapsedText", 0) == "00:00"
    assert modules("timer", "elapsedText", 75_000) == "01:15"
    assert modules("timer", "elapsedText", 3_725_000) == "1:02:05"
    rules = {"min_minutes": 15, "max_minutes": 20}
    start = "2025-03-04T09:00:00Z"
    at = 1741078800000  # 2025-03-04T09:00:00Z in ms
    assert modules("timer", "phaseOf", {"started_at": None}, at, rules) == "idle"
    assert modules("timer", "phaseOf", {"started_at": start}, at + 14 * 60_000, rules) == "running"
    assert modules("timer", "phaseOf", {"started_at": start}, at + 15 * 60_000, rules) == "window"
    assert modules("timer", "phaseOf", {"started_at": start}, at + 21 * 60_000, rules) == "over"
    ended = {"started_at": start, "ended_at": "2025-03-04T09:16:00Z"}
    assert modules("timer", "phaseOf", ended, at + 30 * 60_000, rules) == "done"
