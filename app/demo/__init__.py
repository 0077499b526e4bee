"""The demo municipality (DESIGN.md §8): a believable Bærum, or a national-size set for benchmarks.

Everything is drawn from one random.Random(seed), so a seed always gives the same data.
Rows are written with bulk Core inserts and explicit primary keys to keep loading fast.
"""

from datetime import date
from random import Random

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.dimension_means import refresh_dimension_means
from analysis.instruments import (
    Instrument,
    default_instruments_dir,
    instrument_for_age_group,
    load_instruments,
)

from ..auth.services import hash_password
from ..models import AGE_GROUPS, Pool
from .accounts import showcase_accounts, write_accounts
from .cases import write_cases
from .guidance import write_guidance
from .observations import ObservationGenerator, Options
from .organisation import BAERUM_POOLS, build_organisation, national_pools, organisation_rows
from .people import build_people, people_rows
from .plans import draft_next_plan, write_published_plan
from .writer import ObservationWriter, insert_tables, sync_sequences

__all__ = ["DEMO_PASSWORD", "DemoAlreadyLoaded", "demo_is_loaded", "load_demo", "write_accounts"]

DEMO_PASSWORD = "tettpaa-demo"
SCALES = ("baerum", "national")
BAERUM_MENTORS = 5
NATIONAL_OPTIONS = Options(double_coding_share=0.02, note_share=0.0)


class DemoAlreadyLoaded(RuntimeError):
    """The database already holds an organisation; the demo is only loaded into an empty one."""


def demo_is_loaded(session: Session) -> bool:
    """Return True if any pool exists."""
    return session.scalar(select(Pool.id).limit(1)) is not None


def load_demo(
    session: Session,
    *,
    scale: str = "baerum",
    seed: int = 2020,
    today: date | None = None,
    instruments: dict[str, Instrument] | None = None,
    national_departments: int = 25_000,
) -> list[dict]:
    """Build the demo municipality, commit it and return the showcase accounts."""
    if scale not in SCALES:
        raise ValueError(f"Unknown demo scale {scale!r}; use one of {', '.join(SCALES)}.")
    if demo_is_loaded(session):
        raise DemoAlreadyLoaded("The demo is already loaded in this database.")
    today = today or date.today()
    rng = Random(seed)
    by_age_group = _instruments_by_age_group(instruments)
    national = scale == "national"
    org = build_organisation(
        rng, national_pools(national_departments) if national else BAERUM_POOLS
    )
    mentors = max(BAERUM_MENTORS, len(org.networks) // 4) if national else BAERUM_MENTORS
    people = build_people(rng, org, today, mentors)
    rows = organisation_rows(org) | people_rows(people, hash_password(DEMO_PASSWORD))
    insert_tables(session, {table: rows[table] for table in _INSERT_ORDER})
    options = NATIONAL_OPTIONS if national else Options()
    generator = ObservationGenerator(
        rng, ObservationWriter(session), org, people, by_age_group, today, options
    )
    showcase = generator.run()
    write_published_plan(session, generator)
    refresh_dimension_means(session)  # bulk inserts bypass the submit path that keeps it
    sync_sequences(session)  # before the planner's inserts take their ids from the sequences
    if not national:  # the benchmarks plan the national set themselves, and time it
        draft_next_plan(session, people.project_leads[0].id, generator.current, seed)
        write_guidance(session, org, people, Random(f"{seed}-guidance"), today)
        write_cases(session, org, people, Random(f"{seed}-cases"), today, by_age_group)
    session.commit()
    return showcase_accounts(org, people, showcase, today, DEMO_PASSWORD)


# Parents before children: mentors before their networks, kindergartens before their staff.
_INSERT_ORDER = (
    "pool", "user_without_home", "network", "kindergarten", "department", "user", "user_role",
    "department_member", "certification",
)  # fmt: skip


def _instruments_by_age_group(instruments: dict[str, Instrument] | None) -> dict[str, Instrument]:
    if instruments is None:
        instruments = _app_instruments() or load_instruments(default_instruments_dir())
    return {age_group: instrument_for_age_group(instruments, age_group) for age_group in AGE_GROUPS}


def _app_instruments() -> dict[str, Instrument] | None:
    """Return the running app's instruments, so INSTRUMENTS_DIR is honoured under the CLI."""
    from flask import current_app, has_app_context

    return current_app.extensions.get("instruments") if has_app_context() else None
