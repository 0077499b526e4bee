"""The dashboard's filters: plain GET parameters, so every view can be linked and bookmarked."""

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

LEVEL_CHOICES = [SelectChoice("domain", _l("Domains")), SelectChoice("dimension", _l("Dimensions"))]
BAND_CHOICES = [SelectChoice("", _l("All")), SelectChoice("low", _l("Low")),
                SelectChoice("mid", _l("Middle")), SelectChoice("high", _l("High"))]  # fmt: skip
SORT_CHOICES = [SelectChoice("name", _l("Kindergarten and department")),
                SelectChoice("mean", _l("Lowest mean first"))]  # fmt: skip
FIELDS_BY_PAGE = {
    "overview": ("semester", "pool", "network", "instrument"),
    "trends": ("pool", "network", "instrument", "level", "code"),
    "networks": ("semester", "pool", "instrument", "level", "code"),
    "follow_up": ("semester", "pool", "network"),
    "agreement": ("semester", "pool", "instrument"),
    "kindergarten": ("semester", "instrument", "level"),
    "departments": ("semester", "pool", "network", "instrument", "level", "code", "band", "sort"),
}


class FilterForm(Form):
    """Semester, pool, network, instrument, level and code; choices are set per request."""

    semester = SelectField(_l("Semester"), validate_choice=True)
    pool = SelectField(_l("Pool"))
    network = SelectField(_l("Network"))
    instrument = SelectField(_l("Instrument"))
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES, default="domain")
    code = SelectField(_l("Domain or dimension"))
    band = SelectField(_l("Band"), choices=BAND_CHOICES, default="")
    sort = SelectField(_l("Order"), choices=SORT_CHOICES, default="name")

    def __init__(self, args: MultiDict, choices: dict[str, list], defaults: dict[str, str]):
        super().__init__(formdata=args if args else None, data=defaults)
        for name, options in choices.items():
            getattr(self, name).choices = [SelectChoice(value, label) for value, label in options]
        self.validate()
        for name, field in self._fields.items():
            if name not in args:
                field.errors = []  # nothing chosen: the default applies, which is no error
            elif field.errors:
                # A value that is not a choice (an old bookmark, say) falls back to the default.
                field.data = defaults.get(name, "")

    def values(self) -> dict[str, str]:
        """Return the chosen value of every field ('' for "all")."""
        return {name: field.data or "" for name, field in self._fields.items()}
