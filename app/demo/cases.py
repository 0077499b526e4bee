"""The demo's follow-up cases (DESIGN §8): a few open cases on departments the flags name, agreed
with the director, with goals and check-ins, and a closed one from an earlier semester, so that
the flagged list shows "handled" and a case shows its before and after."""

from datetime import UTC, date, datetime, time, timedelta
from random import Random

from sqlalchemy.orm import Session

from analysis.followup import FollowUpItem, follow_up
from analysis.instruments import Instrument
from analysis.semesters import parse_semester, semester_label, semester_of

from ..models import FollowUpCase, FollowUpCheckIn, FollowUpGoal
from .organisation import Organisation
from .people import People

OPEN_CASES = 4
RULE_NAMES = {
    "negative_climate": "negativt klima",
    "low_support": "lav emosjonell støtte",
    "drop": "fall siden forrige semester",
    "bottom_decile": "blant de laveste to semestre på rad",
}
ACTIONS = (
    "Mentor deltar på avdelingsmøtet to ganger før jul og veileder på dimensjonen.",
    "Mentor observerer en formiddag på avdelingen og gir muntlig tilbakemelding.",
    "Pedagogisk leder tar dimensjonen opp på hvert avdelingsmøte dette semesteret.",
)
CHECK_INS = (
    "Avdelingen har prøvd ut nye rutiner i samlingsstunden. God stemning i personalgruppa.",
    "Gjennomgang med styrer: arbeidet er i gang, men overgangene er fortsatt krevende.",
)


def write_cases(session: Session, org: Organisation, people: People, rng: Random, today: date,
                instruments: dict[str, Instrument]) -> None:  # fmt: skip
    """Open cases on the most severe flags now; one case closed from two semesters back."""
    current = parse_semester(semester_of(today))
    now_items = follow_up(session)
    earlier = follow_up(session, as_of=str(current.previous().previous()))
    mentor_of = {n.id: n.mentor_id for n in org.networks}
    network_of = {k.id: k.network_id for k in org.kindergartens}
    domains = {i.id: {d.code: d for d in i.domains} for i in instruments.values()}
    chosen = now_items[:OPEN_CASES]
    taken = {item.department_id for item in chosen}
    closed = next((i for i in earlier if i.department_id not in taken), None)
    for item in chosen + ([closed] if closed else []):
        opener = mentor_of.get(network_of[item.kindergarten_id]) or people.project_leads[0].id
        director = people.director_of[item.kindergarten_id].id
        # Opened within the flag's semester: weeks ago for today's flags, at its end for older.
        opened = min(today - timedelta(days=rng.randint(20, 60)), _end(item.semester))
        case = FollowUpCase(
            department_id=item.department_id, opened_by_id=opener, opened_at=_at(opened),
            semester=item.semester, flag_rule=item.rules[0], reason=_reason(item),
            agreed_with_director_on=opened + timedelta(days=7), status="open",
        )  # fmt: skip
        flag = item.flags[0]
        domain = domains[item.instrument_id].get(flag.code)
        dimension = domain.dimensions[0].code if domain else flag.code
        # Back to where the department was before a drop; else a step up from where it is.
        target = round(min(7.0, flag.previous_value or flag.value + 1.0), 1)
        case.goals.append(FollowUpGoal(dimension_code=dimension, target=target,
                                       actions=rng.choice(ACTIONS)))  # fmt: skip
        for number, note in enumerate(CHECK_INS, start=1):
            held_on = opened + timedelta(days=14 * number)
            if held_on < today:
                by_id = rng.choice((opener, director))
                case.check_ins.append(FollowUpCheckIn(held_on=held_on, note=note, by_id=by_id))
        if item is closed:
            case.status, case.closed_at = "closed", _at(opened + timedelta(days=120))
            case.outcome = "Avdelingen nådde målet ved neste observasjon. Oppfølgingen avsluttes."
        session.add(case)
    session.flush()


def _reason(item: FollowUpItem) -> str:
    """The reason in bokmål with its numbers (the app words it in the opener's language)."""
    parts = []
    for flag in item.flags:
        text = f"{flag.code}: {flag.value:.2f} i {semester_label(flag.semester)}".replace(".", ",")
        if flag.previous_value is not None and flag.previous_semester:
            before = semester_label(flag.previous_semester)
            text += f" ({flag.previous_value:.2f} i {before})".replace(".", ",")
        parts.append(f"{text} – {RULE_NAMES[flag.rule]}")
    return "; ".join(parts) + "."


def _end(semester: str) -> date:
    return parse_semester(semester).end_date()


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)
