"""Norwegian demo texts: evidence notes, feedback and deviation reasons. Never children's names."""

# dimension -> (name in running text, a strength, a growth area, a suggestion)
DIMENSION_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "PC": (
        "positivt klima",
        "De voksne viser varme og glede sammen med barna, og stemningen er vennlig og trygg.",
        "Det var få felles gledesøyeblikk, og de voksne var mye opptatt med praktiske gjøremål.",
        "Sett av tid til å være sammen med barna i leken, og del gleden når noe lykkes.",
    ),
    "NC": (
        "negativt klima",
        "Det var svært lite irritasjon eller harde ord i gruppa.",
        "Noen ganger ble stemmen hevet og tonen skarp i overgangene.",
        "Planlegg overgangene sammen, og snakk rolig og nært når noe må stoppes.",
    ),
    "TS": (
        "sensitivitet",
        "De voksne ser raskt når et barn trenger hjelp, og trøster og støtter på en god måte.",
        "Barn som trakk seg tilbake, ble ikke alltid sett i travle perioder.",
        "Fordel de voksne i rommet, slik at hver har oversikt og kan fange opp signaler.",
    ),
    "RCP": (
        "barnets perspektiv",
        "De voksne følger barnas initiativ og lar dem prøve selv.",
        "Aktivitetene var mye styrt av de voksne, med lite rom for barnas egne valg.",
        "La barna velge mellom to aktiviteter, og følg det de viser interesse for.",
    ),
    "RSP": (
        "barnets perspektiv",
        "Barna får påvirke aktivitetene og bli hørt når de kommer med forslag.",
        "Barna hadde få muligheter til å velge og til å ta ansvar selv.",
        "Gi barna faste oppgaver og spør hva de vil gjøre videre i leken.",
    ),
    "BG": (
        "veiledning og reguleringsstøtte",
        "De voksne forebygger konflikter og hjelper barna å finne gode løsninger.",
        "Konflikter ble ofte stoppet uten at barna fikk hjelp til å forstå hva som skjedde.",
        "Sett ord på følelser og hjelp barna å finne en løsning sammen.",
    ),
    "BM": (
        "atferdsregulering",
        "Forventningene er tydelige, og de voksne er i forkant av situasjoner.",
        "Reglene ble forklart ulikt av de voksne, og det ble mange irettesettelser.",
        "Bli enige i personalgruppa om få, tydelige forventninger og gi positiv bekreftelse.",
    ),
    "PD": (
        "produktivitet",
        "Dagen er godt organisert, og barna bruker lite tid på å vente.",
        "Det ble mye venting i overgangene før måltidet.",
        "Forbered materiell på forhånd og gi barna oppgaver mens de venter.",
    ),
    "ILF": (
        "læringsformer",
        "De voksne bruker varierte materialer og engasjerer barna aktivt.",
        "Samlingsstunden var lang, og flere barn mistet interessen.",
        "Del gruppa, bruk konkreter og la barna være aktive i samlingen.",
    ),
    "FLD": (
        "tilrettelegging for læring og utvikling",
        "De voksne utvider barnas lek og hjelper dem å utforske.",
        "Leken ble sjelden utvidet med nye ideer eller spørsmål.",
        "Bli med i leken og tilfør noe nytt, for eksempel et materiale eller en idé.",
    ),
    "CD": (
        "utvikling av tenkning og forståelse",
        "De voksne stiller spørsmål som får barna til å resonnere og lage sammenhenger.",
        "Det var få spørsmål av typen «hvorfor» og «hva tror du skjer hvis».",
        "Still åpne spørsmål og knytt temaet til noe barna har opplevd.",
    ),
    "QF": (
        "kvalitet på tilbakemeldinger",
        "Tilbakemeldingene bygger videre på det barna sier og gjør.",
        "Tilbakemeldingene var ofte korte, som «så flink», uten å utvide.",
        "Be barna fortelle hvordan de tenkte, og bygg videre på svaret i flere ledd.",
    ),
    "LM": (
        "språkstøtte",
        "De voksne snakker mye med barna, gjentar og utvider det barna sier.",
        "Samtalene ble korte, og de voksne stilte mest ja/nei-spørsmål.",
        "Sett ord på det dere gjør, og utvid barnas ytringer med nye ord.",
    ),
}

# dimension -> (note for a high score, note for a low score)
EVIDENCE_NOTES: dict[str, tuple[str, str]] = {
    "PC": ("Voksen lo sammen med barna ved bordet.", "Lite øyekontakt og få smil i samlingen."),
    "NC": ("Ingen hevede stemmer i syklusen.", "Voksen hevet stemmen ved garderoben."),
    "TS": (
        "Voksen så at et barn var lei seg og satte seg ned ved siden av.",
        "Et barn gråt en stund før noen kom.",
    ),
    "RCP": ("Barna fikk velge hvor de ville leke.", "Voksen avbrøt leken for å rydde."),
    "RSP": ("Barna foreslo neste sang og fikk gehør.", "Barna måtte sitte stille lenge."),
    "BG": ("Voksen forberedte barna på overgangen.", "Konflikt om spade ble stoppet uten samtale."),
    "BM": ("Tydelige forventninger før turen ut.", "Mange «nei» og «stopp» uten forklaring."),
    "PD": ("Materiell lå klart, lite venting.", "Lang venting før måltidet."),
    "ILF": ("Konkreter og bevegelse i samlingen.", "Flere barn mistet interessen i samlingen."),
    "FLD": ("Voksen la til nye materialer i byggeleken.", "Leken gikk uten voksenstøtte."),
    "CD": ("«Hva tror du skjer hvis …?» om smeltende snø.", "Få åpne spørsmål."),
    "QF": ("Voksen spurte hvordan barnet tenkte og bygde videre.", "Mest «så flink»."),
    "LM": ("Voksen satte ord på handlinger og utvidet ytringer.", "Få samtaleturer, korte svar."),
}

DEVIATION_REASONS_SHORT = (
    "Avbrutt av brannøvelse.",
    "Gruppa gikk ut før syklusen var ferdig.",
    "Avsluttet tidlig fordi måltidet startet.",
)
DEVIATION_REASONS_LONG = (
    "Forlenget for å se slutten av samlingen.",
    "Overgangen tok lengre tid enn planlagt.",
    "Ventet på at gruppa skulle samles etter utelek.",
)

MEETING_ATTENDEES = "Pedagogisk leder, styrer og avdelingens ansatte"
LEADER_COMMENTS = (
    "Takk for en nyttig samtale. Vi jobber videre med dette på avdelingsmøtet.",
    "Vi kjente oss igjen i beskrivelsen og har laget en plan for neste måned.",
    "Godt å få bekreftet det som fungerer. Vi tar med forslagene i planleggingen.",
)


def strength_text(code: str) -> str:
    return DIMENSION_TEXTS[code][1] if code in DIMENSION_TEXTS else ""


def growth_area(code: str) -> dict[str, str]:
    """Return a growth area for the feedback: the dimension, what was seen and a suggestion."""
    _, _, text, suggestion = DIMENSION_TEXTS.get(code, (code, "", "", ""))
    return {"dimension": code, "text": text, "suggestion": suggestion}


def evidence_note(code: str, score: int, reverse: bool) -> str | None:
    """Return a short evidence note fitting the score, or None for a middling one."""
    notes = EVIDENCE_NOTES.get(code)
    if notes is None:
        return None
    good = score <= 1 if reverse else score >= 5
    poor = score >= 3 if reverse else score <= 3
    return notes[0] if good else notes[1] if poor else None
