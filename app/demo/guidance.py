"""The demo's guidance loop (DESIGN.md §8): monthly dimension plans, practice narratives and
guidance meetings for this school year, so that every guidance page has something real on it.

The kindergartens with staff accounts (app/demo/people.py) carry the monthly rhythm: past
months have every narrative handed in and discussed in that month's meetings; this month has
some handed in, a draft and some not started, and its meetings are still due. Every demo
kindergarten is in programme year 2 or later, so the director leads the leaders' meeting and
the mentor meets the directors in the network (seed, "Oppfølging år to").
"""

from datetime import UTC, date, datetime, time, timedelta
from random import Random

from sqlalchemy.orm import Session

from analysis.school_year import SCHOOL_MONTHS, month_of, school_year_months, school_year_of

from ..models import DimensionPlanDefault, DimensionPlanMonth, GuidanceMeeting, PracticeNarrative
from .organisation import Organisation
from .people import People
from .texts import DIMENSION_TEXTS

# The programme default: dimensions shared by both instruments where the month allows, so a
# kindergarten with toddler and pre-school departments works on the same thing.
DEFAULT_PLAN = dict(zip(SCHOOL_MONTHS, ("PC", "TS", "BM", "RSP", "NC", "PC", "TS", "CD", "QF",
                                        "LM", "PC"), strict=True))  # fmt: skip
OWN_PLAN_SHARE = 0.35  # kindergartens that changed the default order for their own needs
MEETING_DAY = 15  # the month's meetings fall around the middle of the month
NARRATIVES = (
    "Under samlingen la jeg merke til hvordan vi arbeidet med {topic}. {detail}",
    "I garderoben før utetid prøvde jeg å tenke på {topic}. {detail}",
    "Ved lunsjbordet snakket vi om helgen, og jeg så {topic} i praksis. {detail}",
    "I frileken på småbarnsrommet var {topic} tydelig. {detail}",
)
DETAILS = (
    "Jeg satte meg på gulvet sammen med barna og fulgte det de var opptatt av.",
    "Jeg ser nå at jeg kunne ventet litt lenger før jeg hjalp til.",
    "Barna svarte godt på at jeg satte ord på det som skjedde.",
    "Neste gang vil jeg stille flere åpne spørsmål og lytte mer.",
)


def write_guidance(session: Session, org: Organisation, people: People, rng: Random,
                   today: date) -> None:  # fmt: skip
    """Add the programme default, some kindergartens' own plans, narratives and meetings."""
    session.add_all(DimensionPlanDefault(month_number=m, dimension_code=c)
                    for m, c in DEFAULT_PLAN.items())  # fmt: skip
    months = school_year_months(school_year_of(month_of(today)))
    plans = {k.id: _year_plan(rng, months) for k in org.kindergartens}
    for kindergarten in org.kindergartens:
        if rng.random() < OWN_PLAN_SHARE:
            session.add_all(
                DimensionPlanMonth(kindergarten_id=kindergarten.id, month=m, dimension_code=c)
                for m, c in plans[kindergarten.id].items()
            )
        else:
            plans[kindergarten.id] = {m: DEFAULT_PLAN[int(m[5:])] for m in months}
    session.flush()
    with_staff = {d.kindergarten_id for d in org.departments if d.id in people.staff_of}
    this_month = month_of(today)
    for kindergarten in org.kindergartens:
        if kindergarten.id in with_staff:
            for month in months:
                if month <= this_month:
                    _month(session, rng, org, people, kindergarten, month, plans, today)


def _year_plan(rng: Random, months: list[str]) -> dict[str, str]:
    """A kindergarten's own order: the default's dimensions, rotated."""
    codes = list(DEFAULT_PLAN.values())
    shift = rng.randrange(1, len(codes))
    return dict(zip(months, codes[shift:] + codes[:shift], strict=True))


def _month(session, rng, org, people, kindergarten, month, plans, today) -> None:
    """One month of a kindergarten: narratives, and the meetings once their day has passed."""
    code = plans[kindergarten.id][month]
    held_on = date(int(month[:4]), int(month[5:]), MEETING_DAY)
    held = month < month_of(today)  # this month's meetings are still to come
    director = people.director_of[kindergarten.id]
    departments = [d for d in org.departments if d.kindergarten_id == kindergarten.id]
    leaders_meeting = _meeting(session, kindergarten.id, None, "leaders_meeting", held_on,
                               director.id, month, code) if held else None  # fmt: skip
    for department in departments:
        leader = people.leader_of[department.id]
        staff = people.staff_of.get(department.id, [])
        meeting = None
        if held:
            meeting = _meeting(session, kindergarten.id, department.id, "department_meeting",
                               held_on + timedelta(days=2), leader.id, month, code)  # fmt: skip
        _narrative(session, rng, leader.id, department.id, "leaders_meeting", month, code,
                   held_on, leaders_meeting, director.id, today)  # fmt: skip
        for member in staff:
            _narrative(session, rng, member.id, department.id, "department_meeting", month, code,
                       held_on, meeting, leader.id, today)  # fmt: skip
    mentor_id = next(n.mentor_id for n in org.networks if n.id == kindergarten.network_id)
    if held and mentor_id:
        _meeting(session, kindergarten.id, None, "network_meeting", held_on - timedelta(days=5),
                 mentor_id, month, code)  # fmt: skip


def _meeting(session, kindergarten_id, department_id, kind, held_on, led_by_id, month, code):
    meeting = GuidanceMeeting(
        kindergarten_id=kindergarten_id, department_id=department_id, kind=kind, held_on=held_on,
        led_by_id=led_by_id, month=month, dimension_code=code, recorded_by_id=led_by_id,
        notes="Vi gikk gjennom praksisfortellingene og ble enige om hva vi prøver neste måned.",
        recorded_at=_at(held_on),
    )  # fmt: skip
    session.add(meeting)
    session.flush()
    return meeting


def _narrative(session, rng, author_id, department_id, for_meeting, month, code, held_on,
               meeting, reader_id, today) -> None:  # fmt: skip
    """A narrative handed in before the meeting; this month's: handed in, a draft or none."""
    if meeting is None and rng.random() < 0.3:
        return  # not started yet
    handed_in = meeting is not None or rng.random() < 0.6
    written = min(held_on - timedelta(days=rng.randint(2, 6)), today - timedelta(days=1))
    topic = DIMENSION_TEXTS[code][0] if code in DIMENSION_TEXTS else code
    text = rng.choice(NARRATIVES).format(topic=topic, detail=rng.choice(DETAILS))
    session.add(
        PracticeNarrative(
            author_id=author_id, department_id=department_id, for_meeting=for_meeting,
            month=month, dimension_code=code, text=text, updated_at=_at(written),
            handed_in_at=_at(written) if handed_in else None,
            meeting_id=meeting.id if meeting else None,
            discussed_at=_at(meeting.held_on) if meeting else None,
            discussed_by_id=reader_id if meeting else None,
        )
    )  # fmt: skip


def _at(day: date) -> datetime:
    return datetime.combine(day, time(13, 0), tzinfo=UTC)
