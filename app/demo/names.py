"""Believable Norwegian names for the demo: kindergartens, departments, people and emails."""

from random import Random

EMAIL_DOMAIN = "baerum.example"

# Places in Bærum; a kindergarten is often simply named after where it stands.
PLACE_NAMES = (
    "Bekkestua", "Haslum", "Stabekk", "Høvik", "Sandvika", "Eiksmarka", "Jar", "Lysaker",
    "Fornebu", "Kolsås", "Rykkinn", "Gjettum", "Hosle", "Østerås", "Grav", "Blommenholm",
    "Tanum", "Bjørnegård", "Lommedalen", "Valler", "Nadderud", "Eikeli", "Snarøya", "Nesøya",
    "Slependen", "Billingstad", "Skui", "Berger", "Hauger", "Bærums Verk", "Vøyenenga",
    "Dønski", "Evje", "Hundsund", "Jong", "Kirkerud", "Levre", "Lesterud", "Mølladammen",
    "Ramstad", "Rud", "Steinskogen", "Toppåsen", "Tokerud", "Ullern", "Vestre Haslum",
    "Øvrevoll", "Løkeberg", "Hammerbakken", "Emma Hjorth",
)  # fmt: skip

# Nature and fairy-tale names, the other common kind of kindergarten name.
NATURE_NAMES = (
    "Solsikken", "Trollskogen", "Eventyrhagen", "Blåbærskogen", "Tyrihans", "Askeladden",
    "Regnbuen", "Kastanjen", "Kløverenga", "Furulunden", "Bjørkelia", "Granbo", "Lønneberget",
    "Marihøna", "Humlebo", "Tusenfryd", "Vesletoppen", "Skogtroll", "Nøtteliten", "Solbakken",
    "Rognebæret", "Eikelunden", "Lerkehaugen", "Måkeberget", "Sjøstjerna", "Kongleskogen",
    "Fjellvettet", "Trollbo", "Ekornrud", "Villbringebær", "Gresshoppa", "Sommerfuglen",
    "Hakkespetten", "Bamsebo", "Karusellen", "Stjerneskudd", "Nordlyset", "Fjæresteinen",
    "Spirekassa", "Tommeliten", "Bukkene Bruse", "Pippi", "Mikkel Rev", "Lindealléen",
    "Lykketrollet", "Lundehuset", "Hvitveisen", "Tunet", "Hagestua", "Lillesol",
)  # fmt: skip

DEPARTMENT_NAMES = (
    "Blåklokka", "Maurtua", "Ekornet", "Rødstrupe", "Solstrålen", "Marihøna", "Humla",
    "Kongla", "Tyttebæret", "Piggsvinet", "Spurven", "Blåmeisen", "Lykkeliten", "Hestehoven",
    "Smørblomsten", "Nøtta", "Kantarellen", "Bjørnebo", "Harestua", "Reveløypa", "Uglereiret",
    "Frosken", "Snøfnugget", "Regndråpen", "Sommerfuglen", "Løvetannen", "Bringebæret",
    "Steinrøysa", "Fjellrypa", "Grantoppen", "Sjøstjerna", "Krabben", "Måken", "Tiuren",
    "Ekorntoppen", "Kløveret", "Tusenbeinet", "Myra", "Lerka", "Elgen",
)  # fmt: skip

FIRST_NAMES = (
    "Kari", "Ingrid", "Anne", "Marit", "Liv", "Hilde", "Silje", "Ida", "Nora", "Ragnhild",
    "Tone", "Camilla", "Maria", "Hanne", "Randi", "Solveig", "Linn", "Astrid", "Siri", "Eli",
    "Mette", "Heidi", "Kristin", "Guro", "Tuva", "Åse", "Berit", "Lene", "Marte", "Sunniva",
    "Ola", "Per", "Lars", "Knut", "Jon", "Erik", "Magnus", "Håkon", "Anders", "Thomas",
    "Ole", "Martin", "Jørgen", "Sindre", "Espen", "Trond", "Geir", "Bjørn", "Amir", "Fatima",
    "Aisha", "Mohammed", "Zainab", "Ali", "Sofia", "Emilia", "Agnieszka", "Tomasz", "Leila",
    "Yonas",
)  # fmt: skip

SURNAMES = (
    "Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen",
    "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen",
    "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
    "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge",
    "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen",
    "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed",
    "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik",
    "Rønning", "Arnesen", "Antonsen", "Næss", "Vik", "Haug", "Ellingsen", "Thorsen", "Edvardsen",
    "Birkeland", "Isaksen", "Gulbrandsen", "Ruud", "Aasen", "Strøm", "Myklebust", "Tangen",
)  # fmt: skip

_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})


def kindergarten_names(rng: Random, count: int) -> list[str]:
    """Return count unique kindergarten names ("Haslum barnehage", "Trollskogen barnehage")."""
    bases = list(PLACE_NAMES + NATURE_NAMES)
    rng.shuffle(bases)
    names = [f"{base} barnehage" for base in bases[:count]]
    # Beyond the list (national scale) repeat the bases with a running number.
    names += [
        f"{bases[i % len(bases)]} barnehage {i // len(bases) + 1}" for i in range(len(names), count)
    ]
    return names


def department_names(rng: Random, count: int) -> list[str]:
    """Return count different department names for one kindergarten."""
    return rng.sample(DEPARTMENT_NAMES, count)


def person_name(rng: Random) -> str:
    """Return a first name and surname."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


class EmailBook:
    """Hand out unique lowercase demo emails such as kari.nordmann@baerum.example."""

    def __init__(self, domain: str = EMAIL_DOMAIN) -> None:
        self.domain = domain
        self._taken: set[str] = set()

    def email_for(self, name: str) -> str:
        """Return an unused email for name; a number is added when the plain one is taken."""
        local = ".".join(name.lower().translate(_ASCII).split())
        candidate, number = local, 1
        while candidate in self._taken:
            number += 1
            candidate = f"{local}{number}"
        self._taken.add(candidate)
        return f"{candidate}@{self.domain}"
