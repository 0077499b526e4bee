"""Hand-made departments for the follow-up flags, each just below, at or just above one
rule's threshold (DESIGN §5); the expectations are in tests/web/test_follow_up_flags.py.

Every pre-school dimension scores 5 in each of 3 cycles unless a department says otherwise,
Negative Climate 1 (no negativity). So a department's domain means are ES (5 + 7 + 5 + 5) / 4
= 5.5, CO 5 and IS 5, far from every threshold.

`threshold_world` (one kindergarten "Terskel", network "Nord"), semester 2025V, and 2024H /
2024V where a department says so:

| department | scores that differ                    | mean                    | rules            |
|------------|---------------------------------------|-------------------------|------------------|
| S-at       | PC 1, TS 1, RSP 1                     | ES (1+7+1+1)/4 = 2.5    | –                |
| S-below    | … and NC 2,1,1 (8 − 4/3)              | ES 2.4167               | low_support      |
| S-above    | … and PC 2,1,1                        | ES 2.5833               | –                |
| T-low      | toddler: PC, TS, RCP, BG 1            | EBS (1+7+1+1+1)/5 = 2.2 | low_support      |
| N-below    | NC 3,3,2                              | NC 2.667                | –                |
| N-at       | NC 3,3,3                              | NC 3.0                  | negative_climate |
| N-above    | NC 3,3,4                              | NC 3.333                | negative_climate |
| D-below    | 24H CO 5; 25V BM 4, PD 4, ILF 4,4,5   | CO 5 → 4.111 (−0.889)   | –                |
| D-at       | 24H CO 5; 25V CO 4                    | CO 5 → 4 (−1.0)         | drop             |
| D-above    | 24H CO 5; 25V BM 4, PD 4, ILF 4,4,3   | CO 5 → 3.889 (−1.111)   | drop             |
| D-unpaired | 2024V CO 6 (no 2024H); 2025V CO 4     | not paired              | –                |

2024H has three pre-school departments, too few for a bottom tenth (1/3 > 0.10).

`bottom_world`: ten pre-school departments observed in 2024H and 2025V. A, B, C are in
kindergarten "Bunn" (network "Sør"), the seven others in "Midt" (network "Øst").

| department | CO 2024H (share)  | CO 2025V (share)  | ES                        |
|------------|-------------------|-------------------|---------------------------|
| A          | 3 (0.1)           | 3 (0.1)           | 5.25 both (NC 2: 8 − 2)   |
| B          | 4 (0.3)           | 3.333 (0.2)       | 5.5                       |
| C          | 3.333 (0.2)       | 5 (1.0)           | 5.5                       |
| the others | 5 (1.0)           | 5 (1.0)           | 5.5                       |

CUME_DIST ("share") is the share of the semester's departments with that mean or lower.
"""

from sqlalchemy.orm import Session

from app.models import Department, Kindergarten, Network, Pool

from .analysis_data import scored_observation
from .factories import make_user

PREK = ("PC", "NC", "TS", "RSP", "BM", "PD", "ILF", "CD", "QF", "LM")
TODDLER = ("PC", "NC", "TS", "RCP", "BG", "FLD", "QF", "LM")


def scores(codes=PREK, **differ: list[int]) -> dict[str, list[int]]:
    """Every code 5,5,5 (Negative Climate 1,1,1) except the ones given."""
    base = {code: [1, 1, 1] if code == "NC" else [5, 5, 5] for code in codes}
    return {**base, **differ}


def co(*values: int) -> dict[str, list[int]]:
    """CO's three dimensions all scoring `values` in the three cycles."""
    return {code: list(values) for code in ("BM", "PD", "ILF")}


LOW_ES = {"PC": [1, 1, 1], "TS": [1, 1, 1], "RSP": [1, 1, 1]}
THRESHOLD_CASES = {
    # name: ({semester: scores}, age group)
    "S-at": ({"2025V": scores(**LOW_ES)}, "preschool"),
    "S-below": ({"2025V": scores(**LOW_ES, NC=[2, 1, 1])}, "preschool"),
    "S-above": ({"2025V": scores(**{**LOW_ES, "PC": [2, 1, 1]})}, "preschool"),
    "T-low": (
        {"2025V": scores(TODDLER, **{c: [1, 1, 1] for c in ("PC", "TS", "RCP", "BG")})},
        "toddler",
    ),
    "N-below": ({"2025V": scores(NC=[3, 3, 2])}, "preschool"),
    "N-at": ({"2025V": scores(NC=[3, 3, 3])}, "preschool"),
    "N-above": ({"2025V": scores(NC=[3, 3, 4])}, "preschool"),
    "D-below": (
        {"2024H": scores(), "2025V": scores(**{**co(4, 4, 4), "ILF": [4, 4, 5]})},
        "preschool",
    ),
    "D-at": ({"2024H": scores(), "2025V": scores(**co(4, 4, 4))}, "preschool"),
    "D-above": (
        {"2024H": scores(), "2025V": scores(**{**co(4, 4, 4), "ILF": [4, 4, 3]})},
        "preschool",
    ),
    "D-unpaired": ({"2024V": scores(**co(6, 6, 6)), "2025V": scores(**co(4, 4, 4))}, "preschool"),
}

BOTTOM_CASES = {
    "A": {
        "2024H": scores(**co(3, 3, 3), NC=[2, 2, 2]),
        "2025V": scores(**co(3, 3, 3), NC=[2, 2, 2]),
    },
    "B": {"2024H": scores(**co(4, 4, 4)), "2025V": scores(**co(3, 3, 4))},
    "C": {"2024H": scores(**co(3, 3, 4)), "2025V": scores()},
    **{f"M{n}": {"2024H": scores(), "2025V": scores()} for n in range(1, 8)},
}


def _organisation(session: Session, groups: dict[str, tuple[str, list[tuple[str, str]]]]):
    """Create pool 1 with networks → one kindergarten each → departments; return them."""
    pool = Pool(number=1, first_semester="2020H")
    departments: dict[str, Department] = {}
    kindergartens: dict[str, Kindergarten] = {}
    networks: dict[str, Network] = {}
    for network_name, (kindergarten_name, members) in groups.items():
        networks[network_name] = Network(name=network_name, pool=pool)
        kindergartens[kindergarten_name] = Kindergarten(
            name=kindergarten_name, pool=pool, network=networks[network_name]
        )
        for name, age_group in members:
            departments[name] = Department(
                kindergarten=kindergartens[kindergarten_name], name=name, age_group=age_group
            )
    session.add_all([pool, *networks.values(), *kindergartens.values(), *departments.values()])
    session.flush()
    return {"networks": networks, "kindergartens": kindergartens, "departments": departments}


def _observe(session: Session, world: dict, cases: dict[str, dict[str, dict]]) -> None:
    observer = make_user(session, "ola@example.no", "observer", name="Ola Observatør")
    for name, by_semester in cases.items():
        for semester, values in by_semester.items():
            scored_observation(
                session, world["departments"][name], observer, values, semester=semester,
                status="released",
            )  # fmt: skip
    world["observer"] = observer


def threshold_world(session: Session) -> dict:
    members = [(name, age_group) for name, (_, age_group) in THRESHOLD_CASES.items()]
    world = _organisation(session, {"Nord": ("Terskel barnehage", members)})
    _observe(session, world, {name: cases for name, (cases, _) in THRESHOLD_CASES.items()})
    session.commit()
    return world


def bottom_world(session: Session) -> dict:
    world = _organisation(
        session,
        {
            "Sør": ("Bunn barnehage", [(n, "preschool") for n in "ABC"]),
            "Øst": ("Midt barnehage", [(f"M{n}", "preschool") for n in range(1, 8)]),
        },
    )
    _observe(session, world, BOTTOM_CASES)
    session.commit()
    return world


def scope_world(session: Session) -> dict:
    """The threshold world (network "Nord", kindergarten "Terskel") plus department X of
    "Annen barnehage" in network "Sør", with Negative Climate 4 in 2025V; and one person
    per role: mentors of each network, directors of each kindergarten."""
    members = [(name, age_group) for name, (_, age_group) in THRESHOLD_CASES.items()]
    world = _organisation(
        session,
        {"Nord": ("Terskel barnehage", members), "Sør": ("Annen barnehage", [("X", "preschool")])},
    )
    cases = {name: by_semester for name, (by_semester, _) in THRESHOLD_CASES.items()}
    _observe(session, world, {**cases, "X": {"2025V": scores(NC=[4, 4, 4])}})
    networks, kindergartens = world["networks"], world["kindergartens"]
    people = {
        "project_lead": make_user(session, "lead@example.no", "project_lead"),
        "mentor": make_user(session, "mentor@example.no", "mentor"),
        "mentor_south": make_user(session, "mentor-sor@example.no", "mentor"),
        "director": make_user(session, "director@example.no", "director",
                              home_kindergarten=kindergartens["Terskel barnehage"]),
        "director_south": make_user(session, "director-sor@example.no", "director",
                                    home_kindergarten=kindergartens["Annen barnehage"]),
        "pedagogical_leader": make_user(session, "leader@example.no", "pedagogical_leader"),
        "staff": make_user(session, "staff@example.no", "staff",
                           home_kindergarten=kindergartens["Terskel barnehage"]),
    }  # fmt: skip
    people["pedagogical_leader"].departments.append(world["departments"]["N-at"])
    people["staff"].departments.append(world["departments"]["N-at"])
    networks["Nord"].mentor = people["mentor"]
    networks["Sør"].mentor = people["mentor_south"]
    people["observer"] = world["observer"]
    world["people"] = people
    session.commit()
    return world
