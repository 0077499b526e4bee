"""The export's README and flag reasons in English (export_language.py picks a language).

Sheet and column names are the export's contract and stay English in every language; only
the explanations are translated. Placeholders are filled by export_readme.py, with numbers
already written the language's way.
"""

HEADINGS = {
    "title": "TETT PÅ export",
    "trademark": "CLASS® is a registered trademark of Teachstone.",
    "filters": "Filters",
    "no_filters": "none (everything)",
    "language": "Language",
    "language_name": "English",
    "sheet": "Sheet",
    "holds": "What it holds",
    "rule": "Rule",
    "explanation": "Explanation",
    "column": "Column",
    "meaning": "Meaning",
}

RULES = (
    ("Source", "Every sheet is computed from the raw cycle scores in the sheet 'scores'."),
    (
        "Long sheets",
        "Excel opens at most {max_rows} rows per sheet (the header and {data_rows} data "
        "rows). A sheet that would exceed that continues in '<name> (2)', '<name> (3)' … right "
        "after it, with the same columns: read them together, in order, e.g. 'scores', "
        "'scores (2)'.",
    ),
    ("Observations", "Only submitted or released observations are exported; drafts are not."),
    (
        "Department value",
        "A department's value in a semester comes from its one regular observation. "
        "Double-coding and practice observations never count in means or aggregates.",
    ),
    ("Dimension mean", "Mean of the dimension's cycle scores, unrounded."),
    (
        "Domain mean",
        "Mean of the domain's dimension means. A reverse-scored dimension (Negative Climate, "
        "NC) enters as 8 − NC. NC itself is stored and shown raw: 1 = no negativity = good.",
    ),
    (
        "Group mean",
        "Mean of department means, so each department counts once; sd is the sample SD "
        "between departments (n − 1), empty when n < 2.",
    ),
    ("Score bands", "Integer scores: 1–2 low, 3–5 mid, 6–7 high."),
    (
        "Mean bands",
        "Band of a mean by the instrument's rule (see 'Band rule in force'). 'nearest': below "
        "2.5 low, below 5.5 mid, else high. 'floor': below 3 low, below 6 mid, else high. "
        "Dimension bands use the raw mean (so NC 'low' is good); domain bands use the domain "
        "mean (NC as 8 − NC). The band values in the sheets are the codes low, mid and high.",
    ),
    (
        "Shares",
        "share_low/mid/high: share of departments whose mean falls in each band. "
        "cycle_share_low/mid/high: share of cycle scores in each band (for domains, NC "
        "cycle scores count as 8 − NC).",
    ),
    (
        "Semesters in programme",
        "Semester minus the pool's first semester: 0 in the first semester, so pools that "
        "started at different times can be compared on one axis.",
    ),
    (
        "Change",
        "change_since_previous is paired: it compares only the departments observed in both "
        "semesters, n_paired of them, so departments joining or missing do not move it. "
        "change_since_start is the group mean minus its mean in its first semester. A "
        "semester in which fewer than 80 % of the group's departments (of the age group the "
        "instrument serves) were observed is marked incomplete: its figures may change.",
    ),
    (
        "Suppression",
        "On the dashboard and in the API, groups with fewer than 5 departments are "
        "suppressed where they would reveal departments the viewer may not read. This export "
        "is for the project lead, who may read every department, so nothing in it is "
        "suppressed.",
    ),
    (
        "Agreement",
        "A double-coding observation names its regular observation in "
        "primary_observation_id; each cycle × dimension that both scored is one pair, rated "
        "by two raters: the regular observation's observer and the double-coder. exact and "
        "within_one pool all pairs of the row. icc is ICC(2,1) (two-way random, absolute "
        "agreement, single rater), computed per dimension; a row over several dimensions "
        "shows the median of its per-dimension ICCs, never an ICC pooled over dimensions. "
        "For an observer, the two raters are (this observer, the partner). An observer's row "
        "covers the recalibration window: the semester in its row and the one before (those "
        "of them the export holds). Its status is too_few (too few to judge) with fewer than "
        "{too_few} double-coded visits, else recalibrate when within_one is below {bar}, "
        "else ok.",
    ),
)

BAND_RULE_TOPIC = "Band rule in force"
BAND_RULE = "{instrument}: '{rule}': a mean below {low} is low, below {mid} mid, else high."

FOLLOW_UP = (
    "Follow-up",
    "A department is judged on its latest observed semester (the chosen semester or the one "
    "before) and flagged when: negative_climate, the raw NC mean is {negative_climate_from} "
    "or more; low_support, the ES (pre-school) or EBS (toddler) domain mean is below "
    "{support_below}; drop, a domain mean fell by {drop} or more since the department's "
    "semester before; bottom_decile, a domain mean is in the bottom {bottom_share} of all "
    "departments observed with the same instrument (CUME_DIST of the mean), in that semester "
    "and in the one before. Domain means count NC as 8 − NC. Departments are ranked by their "
    "most severe rule (in that order), then the number of rules, then how far past the "
    "threshold. The flags read the two semesters before the chosen one and every department "
    "of the instrument (for bottom_decile), which a filtered 'scores' sheet does not hold.",
)

SHEETS = {
    "scores": "The tidy long table: one row per observation × cycle × dimension.",
    "department_means": "Each regular observation's dimension and domain means with band.",
    "pool_semester": "Aggregates by pool × semester × instrument, dimensions and domains.",
    "network_semester": "Aggregates by network × semester × instrument.",
    "bands": "Low/mid/high distributions by pool × semester × instrument.",
    "coverage": "Departments observed, in draft and not started, per semester and network.",
    "follow_up": "Departments flagged for extra follow-up, ranked, one row per reason.",
    "agreement": "Double-coding agreement: overall, per dimension, semester and observer.",
}

COLUMNS = {
    "observation_id": "The observation's id (UUID).",
    "semester": "YYYYV (spring, January–June) or YYYYH (autumn, July–December).",
    "pool": "Pool (pulje) number.",
    "network": "Network (nettverk) name.",
    "kindergarten": "Kindergarten (barnehage) name.",
    "department": "Department (avdeling) name.",
    "age_group": "toddler or preschool.",
    "instrument_id": "The CLASS instrument, e.g. class-toddler or class-prek.",
    "instrument_version": "The instrument file version the observation was made with.",
    "kind": "regular, double_coding or practice.",
    "observed_on": "Date of the observation.",
    "cycle": "Cycle number (1–3).",
    "domain": "Domain code of the dimension.",
    "dimension": "Dimension code.",
    "score": "The raw score, 1–7 (NC raw: 1 = no negativity).",
    "observer_id": "The observer's user id: in 'scores' who made the observation, in "
    "'agreement' the observer the row is about.",
    "primary_observation_id": "For a double-coding observation, the id of the regular "
    "observation it double-codes (pair the two by this id, cycle and dimension); empty for "
    "the others.",
    "level": "dimension or domain.",
    "code": "Dimension or domain code.",
    "mean": "The unrounded mean (see the rules).",
    "band": "low, mid or high (see Mean bands).",
    "n_cycles": "Number of cycle scores behind the value.",
    "n_departments": "Departments in the group.",
    "n_observations": "Regular observations in the group.",
    "sd": "Sample SD between department means.",
    "change_since_previous": "The paired change: the mean change of the departments observed "
    "both in this semester and in the one before (see Change).",
    "n_paired": "Departments observed both in this semester and in the one before: the n "
    "behind change_since_previous.",
    "incomplete": "TRUE when fewer than 80 % of the group's departments were observed that "
    "semester (see Change).",
    "change_since_start": "Mean minus the group's mean in its first semester.",
    "departments": "Departments in the programme that semester.",
    "observed": "Departments with a submitted or released regular observation.",
    "draft": "Departments whose regular observation is still a draft.",
    "not_started": "Departments without a regular observation yet.",
    "rank": "The department's place in the follow-up list, 1 = most severe (see Follow-up).",
    "rule": "negative_climate, low_support, drop or bottom_decile (see Follow-up).",
    "threshold": "The rule's limit; for bottom_decile the highest mean inside the bottom "
    "share of the semester.",
    "reason": "The flag in words.",
    "icc": "ICC(2,1); for several dimensions the median of the per-dimension ICCs; empty "
    "when undefined (fewer than 2 pairs or no variance).",
    "status": "An observer's judgement: ok, too_few (too few to judge) or recalibrate (see "
    "Agreement); empty on other rows.",
    "flagged": "TRUE for an observer flagged for recalibration (status recalibrate).",
    "breakdown": "overall, dimension, semester or observer: what the row is grouped by.",
    "network_id": "The network's id (names can change; ids do not).",
    "semesters_in_programme": "Semester minus the pool's first semester (0 = first).",
    "share_low": "Share of departments whose mean is in the low band.",
    "share_mid": "Share of departments whose mean is in the middle band.",
    "share_high": "Share of departments whose mean is in the high band.",
    "cycle_share_low": "Share of cycle scores in the low band.",
    "cycle_share_mid": "Share of cycle scores in the middle band.",
    "cycle_share_high": "Share of cycle scores in the high band.",
    "departments_in_band": "Departments whose mean is in this band.",
    "share": "departments_in_band / n_departments.",
    "cycle_share": "Share of the group's cycle scores in this band.",
    "value": "The flagged mean in the department's latest semester (NC raw).",
    "previous_semester": "The semester before, for drop and bottom_decile.",
    "previous_value": "The mean in the semester before.",
    "observer": "The observer's name.",
    "n_pairs": "Double-coded observations behind the row.",
    "n_scores": "Paired cycle × dimension scores behind the row.",
    "exact": "Share of paired scores that are equal.",
    "within_one": "Share of paired scores that differ by at most 1.",
}

REASONS = {
    "negative_climate": "{code} mean {value} in {semester} is {limit} or more",
    "low_support": "{code} mean {value} in {semester} is below {limit}",
    "drop": "{code} fell from {previous_value} in {previous_semester} to {value} in "
    "{semester} ({change})",
    "bottom_decile": "{code} in the bottom of its instrument's departments both in "
    "{previous_semester} ({previous_value}) and in {semester} ({value}; the bottom reaches "
    "up to {limit})",
}
