"""The database schema, declared once as SQLAlchemy Core tables.

The app's ORM models map onto these tables and analysis/ queries them, so a column, type or
constraint is written in one place. Dependencies point one way (instruments ← analysis ← app):
this module needs no Flask and imports nothing from app/. Alembic migrations create the
schema; tests/web/test_schema.py checks that a migrated database equals this declaration.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

from analysis.schema_columns import UTCDateTime, id_column, one_of, reference, required, utcnow

# Stable constraint names, so migrations can name what they alter.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING_CONVENTION)

AGE_GROUPS = ("toddler", "preschool")
OWNER_TYPES = ("municipal", "private")
ROLES = ("observer", "pedagogical_leader", "director", "mentor", "staff", "project_lead")
FAMILIES = ("toddler", "preschool")
KINDS = ("regular", "double_coding", "practice")
STATUSES = ("draft", "submitted", "released")
PROPOSAL_KINDS = ("new", "deactivate")
PROPOSAL_STATUSES = ("pending", "confirmed", "declined")
PLAN_STATUSES = ("draft", "published")
VISIT_KINDS = ("regular", "double_coding")
VISIT_STATUSES = ("planned", "started", "done", "cancelled")
MEETING_KINDS = ("leaders_meeting", "director_meeting", "department_meeting", "network_meeting")
NARRATIVE_MEETINGS = ("leaders_meeting", "department_meeting")  # who a narrative is written for
CASE_STATUSES = ("open", "closed")
PASSWORD_TOKEN_PURPOSES = ("reset", "set")
# The follow-up flags of DESIGN.md §5, in order of severity (analysis.followup).
FLAG_RULES = ("negative_climate", "low_support", "drop", "bottom_decile")


# The organisation: pools, networks, kindergartens and departments.

pool = Table(
    "pool",
    metadata,
    id_column(),
    required("number", Integer, unique=True),
    required("first_semester", String(5)),
    CheckConstraint("number BETWEEN 1 AND 9", name="number_range"),
    CheckConstraint("length(first_semester) = 5", name="semester_format"),
)
network = Table(
    "network",
    metadata,
    id_column(),
    required("name", String(120), unique=True),
    reference("pool_id", "pool.id"),
    reference("mentor_id", "user.id", nullable=True),
)
kindergarten = Table(
    "kindergarten",
    metadata,
    id_column(),
    required("name", String(120), unique=True),
    reference("pool_id", "pool.id"),
    reference("network_id", "network.id", nullable=True),
    required("owner_type", String(10), default="municipal"),
    required("active", Boolean, default=True),
    one_of("owner_type", OWNER_TYPES),
)
department = Table(
    "department",
    metadata,
    id_column(),
    reference("kindergarten_id", "kindergarten.id"),
    required("name", String(120)),
    required("age_group", String(10)),
    required("children_count", Integer, default=0),
    required("staff_count", Integer, default=0),
    required("active", Boolean, default=True),
    UniqueConstraint("kindergarten_id", "name"),
    one_of("age_group", AGE_GROUPS),
    CheckConstraint("children_count >= 0 AND staff_count >= 0", name="counts"),
)

# A director's proposal to add a department to their kindergarten or to deactivate one; the
# project lead confirms or declines it. A confirmed "new" proposal names the department made.
department_proposal = Table(
    "department_proposal",
    metadata,
    id_column(),
    reference("kindergarten_id", "kindergarten.id"),
    required("kind", String(10)),
    reference("department_id", "department.id", nullable=True),
    Column("name", String(120)),
    Column("age_group", String(10)),
    Column("children_count", Integer),
    Column("staff_count", Integer),
    required("reason", Text),
    reference("proposed_by_id", "user.id", index=False),
    required("proposed_at", UTCDateTime, default=utcnow),
    required("status", String(10), default="pending"),
    reference("decided_by_id", "user.id", nullable=True, index=False),
    Column("decided_at", UTCDateTime),
    Column("decision_note", Text),
    one_of("kind", PROPOSAL_KINDS),
    one_of("status", PROPOSAL_STATUSES),
    one_of("age_group", AGE_GROUPS),
    CheckConstraint("kind = 'new' OR department_id IS NOT NULL", name="deactivation_names_one"),
    CheckConstraint(
        "kind = 'deactivate' OR (name IS NOT NULL AND age_group IS NOT NULL"
        " AND children_count >= 0 AND staff_count >= 0)",
        name="new_is_complete",
    ),
    CheckConstraint(
        "(status = 'pending') = (decided_at IS NULL)", name="decided_at_matches_status"
    ),
    Index("ix_department_proposal_status", "status"),
)

# People: users, their roles, the departments they belong to and their certifications.

user = Table(
    "user",
    metadata,
    id_column(),
    required("name", String(120)),
    required("email", String(254), unique=True),
    Column("password_hash", String(255)),
    # use_alter breaks the user → kindergarten → network → user (mentor) creation cycle.
    reference("home_kindergarten_id", "kindergarten.id", nullable=True, use_alter=True),
    Column("locale", String(5)),
    required("active", Boolean, default=True),
    CheckConstraint("email = lower(email)", name="email_lowercase"),
)
user_role = Table(
    "user_role",
    metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), primary_key=True),
    one_of("role", ROLES),
)
# Sign-in (DESIGN §3 external identity, §7 sign-in): identities at OpenID Connect providers,
# server-side sessions that logging out really ends, one-time password links, failed logins.

# A user's identity at a provider (entra, feide, idporten…): linked on the first sign-in
# through it, by a verified e-mail; matched by subject after. No national identity number.
external_identity = Table(
    "external_identity",
    metadata,
    id_column(),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True),
    required("provider", String(20)),
    required("subject", String(255)),
    required("linked_at", UTCDateTime, default=utcnow),
    UniqueConstraint("provider", "subject"),
    UniqueConstraint("user_id", "provider", name="one_identity_per_provider"),
)
# A signed-in session. The cookie carries a random token; only its hash is stored. Logging out,
# deactivation and a password reset end it here, so a copied cookie dies on every app server.
user_session = Table(
    "user_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True),
    required("created_at", UTCDateTime, default=utcnow),
    required("last_seen_at", UTCDateTime, default=utcnow),
    Column("provider", String(20)),  # the OpenID provider signed in through, for its logout
    Column("ended_at", UTCDateTime),
)
# A single-use link to reset or set a password, sent by e-mail; only the token's hash is stored.
password_token = Table(
    "password_token",
    metadata,
    id_column(),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True),
    required("token_hash", String(64), unique=True),
    required("purpose", String(10)),
    required("created_at", UTCDateTime, default=utcnow),
    required("expires_at", UTCDateTime),
    Column("used_at", UTCDateTime),
    reference("created_by_id", "user.id", nullable=True, index=False),  # a project lead's link
    one_of("purpose", PASSWORD_TOKEN_PURPOSES),
)
# Failed local sign-ins, counted per account and per client address over a sliding window: a
# limit that holds across app servers (they share the database), with a wait, not a lockout.
login_failure = Table(
    "login_failure",
    metadata,
    id_column(),
    required("at", UTCDateTime, default=utcnow),
    Column("account", String(254)),  # the e-mail tried, lower-cased
    required("address", String(64)),
    Index("ix_login_failure_account_at", "account", "at"),
    Index("ix_login_failure_address_at", "address", "at"),
)
# The departments a pedagogical leader or a staff member belongs to. A membership grants
# nothing by itself: the permission rules pair it with the role (a leader leads it).
department_member = Table(
    "department_member",
    metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "department_id",
        ForeignKey("department.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,  # a department's or a kindergarten's people
    ),
)
certification = Table(
    "certification",
    metadata,
    id_column(),
    reference("user_id", "user.id", ondelete="CASCADE"),
    required("family", String(10)),
    required("certified_on", Date),
    required("expires_on", Date),
    one_of("family", FAMILIES),
    CheckConstraint("expires_on > certified_on", name="expiry_after_start"),
)

# Semester plans: every department's visit, with its observer and planned date (DESIGN §4.9).

semester_plan = Table(
    "semester_plan",
    metadata,
    id_column(),
    required("semester", String(5), unique=True),
    required("status", String(10), default="draft"),
    required("first_day", Date),
    required("last_day", Date),
    required("double_coding_share", Float, default=0.1),
    required("created_at", UTCDateTime, default=utcnow),
    Column("published_at", UTCDateTime),
    one_of("status", PLAN_STATUSES),
    CheckConstraint("last_day >= first_day", name="window_order"),
    CheckConstraint("double_coding_share BETWEEN 0 AND 0.3", name="share_range"),
    CheckConstraint(
        "(status = 'published') = (published_at IS NOT NULL)", name="published_at_matches_status"
    ),
)
visit = Table(
    "visit",
    metadata,
    id_column(),
    reference("plan_id", "semester_plan.id", ondelete="CASCADE"),
    reference("department_id", "department.id"),
    reference("observer_id", "user.id"),
    required("kind", String(15), default="regular"),
    required("planned_on", Date),
    # A double-coding visit goes with a regular visit: same department, same day.
    reference("regular_visit_id", "visit.id", nullable=True, ondelete="CASCADE"),
    reference("observation_id", "observation.id", nullable=True, index=False),
    required("status", String(10), default="planned"),
    Column("cancel_reason", Text),
    Column("override_reason", Text),  # the project lead set aside a rule, and why
    one_of("kind", VISIT_KINDS),
    one_of("status", VISIT_STATUSES),
    CheckConstraint(
        "(kind = 'double_coding') = (regular_visit_id IS NOT NULL)",
        name="double_coding_has_regular",
    ),
    CheckConstraint(
        "(status = 'cancelled') = (cancel_reason IS NOT NULL)", name="cancel_reason_matches_status"
    ),
    CheckConstraint(
        "status IN ('planned', 'cancelled') OR observation_id IS NOT NULL",
        name="started_has_observation",
    ),
    UniqueConstraint("observation_id"),
    # One kept regular visit per department in a plan; at most one kept visit per observer a day.
    Index(
        "uq_visit_regular_per_plan",
        "plan_id",
        "department_id",
        unique=True,
        sqlite_where=text("kind = 'regular' AND status <> 'cancelled'"),
        postgresql_where=text("kind = 'regular' AND status <> 'cancelled'"),
    ),
    Index(
        "uq_visit_observer_per_day",
        "observer_id",
        "planned_on",
        unique=True,
        sqlite_where=text("status <> 'cancelled'"),
        postgresql_where=text("status <> 'cancelled'"),
    ),
)
# An observer's private calendar link: only the token's SHA-256 is kept; a new link revokes the old.
calendar_feed = Table(
    "calendar_feed",
    metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    required("token_hash", String(64), unique=True),
    required("created_at", UTCDateTime, default=utcnow),
)

# Observations, their cycles and the raw scores.

observation = Table(
    "observation",
    metadata,
    Column("id", Uuid, primary_key=True),  # chosen by the client: creation is idempotent
    reference("department_id", "department.id"),
    reference("observer_id", "user.id"),
    required("semester", String(5)),
    required("observed_on", Date),
    required("instrument_id", String(40)),
    required("instrument_version", String(20)),
    required("instrument_hash", String(64)),
    required("kind", String(15), default="regular"),
    reference("primary_observation_id", "observation.id", nullable=True),
    required("status", String(10), default="draft"),
    required("version", Integer, default=1),
    required("created_at", UTCDateTime, default=utcnow),
    required("updated_at", UTCDateTime, default=utcnow, onupdate=utcnow),
    Column("submitted_at", UTCDateTime),
    Column("released_at", UTCDateTime),
    one_of("kind", KINDS),
    one_of("status", STATUSES),
    CheckConstraint(
        "(status = 'draft' AND submitted_at IS NULL)"
        " OR (status <> 'draft' AND submitted_at IS NOT NULL)",
        name="submitted_at_matches_status",
    ),
    CheckConstraint(
        "(status = 'released') = (released_at IS NOT NULL)", name="released_at_matches_status"
    ),
    CheckConstraint(
        "(kind = 'double_coding') = (primary_observation_id IS NOT NULL)",
        name="double_coding_has_primary",
    ),
    CheckConstraint("version >= 1", name="version_positive"),
    # One regular observation per department per semester; double-coding and practice are free.
    Index(
        "uq_observation_regular_per_semester",
        "department_id",
        "semester",
        unique=True,
        sqlite_where=text("kind = 'regular'"),
        postgresql_where=text("kind = 'regular'"),
    ),
    Index("ix_observation_semester_kind", "semester", "kind"),
)
cycle = Table(
    "cycle",
    metadata,
    id_column(),
    # The unique (observation_id, number) serves as this key's index.
    reference("observation_id", "observation.id", index=False, ondelete="CASCADE"),
    required("number", Integer),
    Column("started_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Column("children_present", Integer),
    Column("adults_present", Integer),
    Column("setting", String(40)),
    Column("deviation_reason", Text),
    Column("notes", Text),
    UniqueConstraint("observation_id", "number"),
    CheckConstraint("number >= 1", name="number_positive"),
    CheckConstraint(
        "children_present IS NULL OR children_present >= 0", name="children_nonnegative"
    ),
    CheckConstraint("adults_present IS NULL OR adults_present >= 0", name="adults_nonnegative"),
    CheckConstraint(
        "started_at IS NULL OR ended_at IS NULL OR ended_at >= started_at",
        name="ends_after_start",
    ),
)
score = Table(
    "score",
    metadata,
    id_column(),
    reference("cycle_id", "cycle.id", index=False, ondelete="CASCADE"),
    required("dimension_code", String(10)),
    required("value", Integer),
    Column("indicator_marks", JSON),  # {indicator_code: "low" | "mid" | "high"}
    Column("note", Text),
    Column("client_ts", UTCDateTime),
    UniqueConstraint("cycle_id", "dimension_code"),
    CheckConstraint("value BETWEEN 1 AND 7", name="value_range"),
    # Covering index for analysis/: the per-observation means read (cycle, dimension, value)
    # from the index alone, without visiting the table.
    Index("ix_score_cycle_id_dimension_code_value", "cycle_id", "dimension_code", "value"),
)

# The append-only audit log of every change that matters (the migration adds the triggers
# that refuse UPDATE and DELETE).

audit_event = Table(
    "audit_event",
    metadata,
    id_column(),
    required("at", UTCDateTime, default=utcnow),
    reference("user_id", "user.id", nullable=True, index=False),
    required("action", String(40)),
    required("entity", String(40)),
    required("entity_id", String(64)),
    Column("field", String(80)),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("reason", Text),
    Index("ix_audit_event_entity", "entity", "entity_id"),
)

# What follows an observation: its feedback.

feedback = Table(
    "feedback",
    metadata,
    id_column(),
    Column(
        "observation_id",
        ForeignKey("observation.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    required("strengths", Text, default=""),
    # [{"dimension": "QF", "text": "...", "suggestion": "..."}], at least one, usually two.
    required("growth_areas", JSON, default=list),
    Column("next_dimension", String(10)),
    Column("meeting_held_at", UTCDateTime),
    Column("meeting_attendees", Text),
    Column("released_at", UTCDateTime),
    Column("acknowledged_at", UTCDateTime),
    reference("acknowledged_by_id", "user.id", nullable=True, index=False),
    Column("leader_comment", Text),
    CheckConstraint(
        "released_at IS NULL OR meeting_held_at IS NOT NULL", name="released_after_meeting"
    ),
    CheckConstraint(
        "acknowledged_at IS NULL OR released_at IS NOT NULL", name="acknowledged_after_release"
    ),
)
# The guidance loop (DESIGN.md §3): the month's dimension, practice narratives, guidance
# meetings and follow-up cases.

# The monthly dimension plan. The project lead's programme default gives each month of the
# school year (August–June; July has none) a dimension; a kindergarten's own rows, written
# when its director or mentor saves its year, take its place month by month.
dimension_plan_default = Table(
    "dimension_plan_default",
    metadata,
    Column("month_number", Integer, primary_key=True, autoincrement=False),
    required("dimension_code", String(10)),
    CheckConstraint("month_number BETWEEN 1 AND 12 AND month_number <> 7", name="school_month"),
)
dimension_plan_month = Table(
    "dimension_plan_month",
    metadata,
    Column("kindergarten_id", ForeignKey("kindergarten.id"), primary_key=True),
    Column("month", String(7), primary_key=True),  # "2026-09"
    required("dimension_code", String(10)),
    CheckConstraint("length(month) = 7 AND substr(month, 6, 2) <> '07'", name="school_month"),
)
# A guidance meeting held in a kindergarten: the mentor or the director leads the pedagogical
# leaders' meeting, the mentor meets the director, a pedagogical leader guides their
# department's meeting.
guidance_meeting = Table(
    "guidance_meeting",
    metadata,
    id_column(),
    reference("kindergarten_id", "kindergarten.id"),
    reference("department_id", "department.id", nullable=True),  # a department meeting's
    required("kind", String(20)),
    required("held_on", Date),
    reference("led_by_id", "user.id", index=False),
    required("month", String(7)),  # the month whose dimension it worked on
    required("dimension_code", String(10)),
    required("notes", Text, default=""),
    reference("recorded_by_id", "user.id", index=False),
    required("recorded_at", UTCDateTime, default=utcnow),
    one_of("kind", MEETING_KINDS),
    CheckConstraint(
        "(kind = 'department_meeting') = (department_id IS NOT NULL)",
        name="department_meeting_has_department",
    ),
    Index("ix_guidance_meeting_kindergarten_month", "kindergarten_id", "month"),
)
# A practice narrative: a pedagogical leader's for the leaders' meeting, a staff member's for
# their department's meeting. A draft until handed in; editable until the meeting it was
# handed in for has discussed it.
practice_narrative = Table(
    "practice_narrative",
    metadata,
    id_column(),
    reference("author_id", "user.id"),
    reference("department_id", "department.id"),
    required("for_meeting", String(20)),
    required("month", String(7)),  # "2026-03"
    required("dimension_code", String(10)),
    required("text", Text, default=""),
    required("updated_at", UTCDateTime, default=utcnow),
    Column("handed_in_at", UTCDateTime),
    reference("meeting_id", "guidance_meeting.id", nullable=True),  # the meeting that discussed it
    Column("discussed_at", UTCDateTime),
    reference("discussed_by_id", "user.id", nullable=True, index=False),
    one_of("for_meeting", NARRATIVE_MEETINGS),
    CheckConstraint("length(month) = 7", name="month_format"),
    CheckConstraint(
        "(discussed_at IS NULL) = (discussed_by_id IS NULL)", name="discussed_by_matches_at"
    ),
    CheckConstraint(
        "(discussed_at IS NULL AND meeting_id IS NULL) OR handed_in_at IS NOT NULL",
        name="discussed_after_hand_in",
    ),
    # One narrative per author, month and meeting.
    UniqueConstraint("author_id", "month", "for_meeting"),
    Index("ix_practice_narrative_department_month", "department_id", "month"),
)
# A follow-up case: extra follow-up of one department, agreed between mentor and director.
follow_up_case = Table(
    "follow_up_case",
    metadata,
    id_column(),
    reference("department_id", "department.id"),
    reference("opened_by_id", "user.id", index=False),
    required("opened_at", UTCDateTime, default=utcnow),
    required("semester", String(5)),  # the observed semester the case starts from
    Column("flag_rule", String(20)),  # the flag it was opened from; NULL when opened by hand
    required("reason", Text),  # the flag's reason with its numbers, or why it was opened
    Column("agreed_with_director_on", Date),
    required("status", String(10), default="open"),
    Column("closed_at", UTCDateTime),
    Column("outcome", Text),
    one_of("status", CASE_STATUSES),
    one_of("flag_rule", FLAG_RULES),
    CheckConstraint(
        "(status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL)",
        name="closed_has_outcome",
    ),
    # At most one open case per department: a new concern is a goal or check-in of it.
    Index(
        "uq_follow_up_case_open_per_department",
        "department_id",
        unique=True,
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
)
follow_up_goal = Table(
    "follow_up_goal",
    metadata,
    id_column(),
    reference("case_id", "follow_up_case.id", ondelete="CASCADE"),
    required("dimension_code", String(10)),
    required("target", Float),  # the dimension mean the department aims for
    required("actions", Text),  # the agreed actions: extra guidance, visits by the mentor…
    CheckConstraint("target BETWEEN 1 AND 7", name="target_range"),
    UniqueConstraint("case_id", "dimension_code"),
)
follow_up_check_in = Table(
    "follow_up_check_in",
    metadata,
    id_column(),
    reference("case_id", "follow_up_case.id", ondelete="CASCADE"),
    required("held_on", Date),
    required("note", Text),
    reference("by_id", "user.id", index=False),
    required("recorded_at", UTCDateTime, default=utcnow),
)

# A rebuildable cache of per-observation dimension means (DESIGN.md §3: derived figures are
# computed from raw data, or kept in a cache rebuilt from it): one row per done observation
# (submitted or released) and dimension, and one per complete domain (the mean of its
# dimensions, Negative Climate as 8 − x). Written by analysis.dimension_means when an
# observation is submitted, reopened or bulk-loaded; rebuilt by `flask analysis rebuild-cache`.
# The columns copied from the observation never change once it is submitted.

dimension_mean = Table(
    "observation_dimension_mean",
    metadata,
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
    Column("level", String(10), primary_key=True),
    Column("code", String(10), primary_key=True),  # a dimension or a domain
    reference("department_id", "department.id"),
    required("semester", String(5)),
    required("instrument_id", String(40)),
    required("kind", String(15)),
    required("value", Float),  # the mean of the cycle scores (or of the dimensions)
    required("n_cycles", Integer),
    # Cycle scores in the low (1–2) and high (6–7) band; in a domain, Negative Climate's low
    # scores count as high ones and the other way round.
    required("n_low", Integer),
    required("n_high", Integer),
    CheckConstraint("level IN ('dimension', 'domain')", name="level"),
    CheckConstraint("value BETWEEN 1 AND 7", name="value_range"),
    CheckConstraint(
        "n_cycles >= 1 AND n_low >= 0 AND n_high >= 0 AND n_low + n_high <= n_cycles",
        name="band_counts",
    ),
    # One semester's figures (the overview, the networks): read that semester's rows only.
    Index("ix_observation_dimension_mean_semester", "semester", "level", "instrument_id", "code"),
    # Trends over every semester read one domain's or one dimension's rows only.
    Index("ix_observation_dimension_mean_code", "level", "instrument_id", "code", "kind"),
)

# Reminders (issue 18 §3): what was sent to whom, so that `reminders send` sends each once, and
# the kinds a person turned off. A kind is a stable code of app.reminders.kinds.
REMINDER_KINDS = (
    "certification_expiring_60",
    "certification_expiring_14",
    "visit_soon",
    "visit_overdue",
    "double_coding_assigned",
    "report_released",
    "narrative_due",
    "narratives_handed_in",
    "department_flagged",
    "agreement_drift",
    "certification_lapsed",
)
reminder_sent = Table(
    "reminder_sent",
    metadata,
    id_column(),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), nullable=False),
    required("kind", String(30)),
    required("subject_key", String(80)),  # what it is about: a visit, a month, a certification…
    required("sent_at", UTCDateTime, default=utcnow),
    one_of("kind", REMINDER_KINDS),
    UniqueConstraint("user_id", "kind", "subject_key", name="once_per_subject"),
)
reminder_preference = Table(
    "reminder_preference",
    metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(30), primary_key=True),
    required("enabled", Boolean, default=True),
    one_of("kind", REMINDER_KINDS),
)
