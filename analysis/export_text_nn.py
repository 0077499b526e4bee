"""The export's README and flag reasons in nynorsk (the keys and placeholders of export_text_en)."""

HEADINGS = {
    "title": "TETT PÅ-eksport",
    "trademark": "CLASS® er eit registrert varemerke for Teachstone.",
    "filters": "Filter",
    "no_filters": "ingen (alt)",
    "language": "Språk",
    "language_name": "nynorsk",
    "sheet": "Ark",
    "holds": "Kva det inneheld",
    "rule": "Regel",
    "explanation": "Forklaring",
    "column": "Kolonne",
    "meaning": "Tyding",
}

RULES = (
    ("Kjelde", "Alle ark er rekna ut frå dei rå syklusskårane i arket 'scores'."),
    (
        "Lange ark",
        "Excel opnar høgst {max_rows} rader per ark (overskriftsrada og {data_rows} "
        "datarader). Eit ark som ville blitt lengre, held fram i '<namn> (2)', '<namn> (3)' … "
        "rett etter, med dei same kolonnane: les dei saman, i rekkjefølgje, t.d. 'scores', "
        "'scores (2)'.",
    ),
    (
        "Observasjonar",
        "Berre innsende eller frigjevne observasjonar blir eksporterte; utkast kjem ikkje med.",
    ),
    (
        "Verdien til avdelinga",
        "Verdien til ei avdeling i eit semester kjem frå den eine ordinære observasjonen hennar. "
        "Dobbeltskåringar og øvingsobservasjonar tel aldri med i gjennomsnitt eller aggregat.",
    ),
    ("Dimensjonsgjennomsnitt", "Gjennomsnittet av syklusskårane til dimensjonen, uavrunda."),
    (
        "Domenegjennomsnitt",
        "Gjennomsnittet av dimensjonsgjennomsnitta i domenet. Ein omvendt skåra dimensjon "
        "(Negativt klima, NC) tel som 8 − NC. NC sjølv blir lagra og vist rått: 1 = inga "
        "negativitet = bra.",
    ),
    (
        "Gruppegjennomsnitt",
        "Gjennomsnittet av gjennomsnitta til avdelingane, så kvar avdeling tel éin gong; sd er "
        "standardavviket i utvalet mellom avdelingar (n − 1), tomt når n < 2.",
    ),
    ("Nivå for skårar", "Heiltalsskårar: 1–2 låg (low), 3–5 middels (mid), 6–7 høg (high)."),
    (
        "Nivå for gjennomsnitt",
        "Nivået til eit gjennomsnitt følgjer regelen til instrumentet (sjå 'Nivåregel i bruk'). "
        "'nearest': under 2,5 låg, under 5,5 middels, elles høg. 'floor': under 3 låg, under "
        "6 middels, elles høg. Dimensjonsnivå bruker det rå gjennomsnittet (så NC 'low' er "
        "bra); domenenivå bruker domenegjennomsnittet (NC som 8 − NC). I arka står nivåa som "
        "kodane low, mid og high.",
    ),
    (
        "Delar",
        "share_low/mid/high: delen av avdelingane med gjennomsnitt på kvart nivå. "
        "cycle_share_low/mid/high: delen av syklusskårane på kvart nivå (for domene tel "
        "NC-skårar som 8 − NC).",
    ),
    (
        "Semester i programmet",
        "Semesteret minus det første semesteret til puljen: 0 i det første semesteret, så "
        "puljer som starta til ulik tid, kan samanliknast på éin akse.",
    ),
    (
        "Endring",
        "change_since_previous er para: ho samanliknar berre avdelingane som er observerte i "
        "begge semestera, n_paired av dei, så avdelingar som kjem til eller manglar, flyttar "
        "ho ikkje. change_since_start er gjennomsnittet til gruppa minus gjennomsnittet i det "
        "første semesteret hennar. Eit semester der færre enn 80 % av avdelingane i gruppa (i "
        "aldersgruppa instrumentet gjeld) er observerte, blir merkt incomplete (ufullstendig): "
        "tala kan endre seg.",
    ),
    (
        "Skjerming",
        "På dashbordet og i API-et blir grupper med færre enn 5 avdelingar skjulte der dei "
        "ville avsløre avdelingar brukaren ikkje har tilgang til. Denne eksporten er for "
        "prosjektleiaren, som har tilgang til alle avdelingar, så ingenting i han er skjult.",
    ),
    (
        "Samsvar",
        "Ei dobbeltskåring viser til den ordinære observasjonen sin i primary_observation_id; "
        "kvar syklus × dimensjon som begge har skåra, er eitt par med to bedømmarar: "
        "observatøren av den ordinære observasjonen og dobbeltskåraren. exact og within_one "
        "blir rekna over alle para i rada. icc er ICC(2,1) (tovegs tilfeldig, absolutt "
        "samsvar, éin bedømmar), rekna ut per dimensjon; ei rad over fleire dimensjonar viser "
        "medianen av ICC-ane per dimensjon, aldri éin ICC rekna over alle dimensjonane "
        "samla. For ein observatør er dei to bedømmarane (denne observatøren, partnaren). Rada "
        "til ein observatør dekkjer perioden for ny kalibrering: semesteret i rada og "
        "semesteret før (dei av dei eksporten inneheld). Statusen er too_few (for få til å "
        "vurdere) med færre enn {too_few} dobbeltskåra besøk, elles recalibrate (ny "
        "kalibrering) når within_one er under {bar}, elles ok.",
    ),
)

BAND_RULE_TOPIC = "Nivåregel i bruk"
BAND_RULE = (
    "{instrument}: '{rule}': eit gjennomsnitt under {low} er lågt, under {mid} middels, elles høgt."
)

FOLLOW_UP = (
    "Oppfølging",
    "Ei avdeling blir vurdert på det siste observerte semesteret sitt (det valde semesteret "
    "eller det før) og blir flagga når: negative_climate, det rå NC-gjennomsnittet er "
    "{negative_climate_from} eller meir; low_support, domenegjennomsnittet for ES (storbarn) "
    "eller EBS (småbarn) er under {support_below}; drop, eit domenegjennomsnitt har falle med "
    "{drop} eller meir sidan det førre semesteret til avdelinga; bottom_decile, eit "
    "domenegjennomsnitt ligg blant dei nedste {bottom_share} av alle avdelingar observerte "
    "med same instrument (CUME_DIST av gjennomsnittet), både det semesteret og semesteret "
    "før. Domenegjennomsnitt reknar NC som 8 − NC. Avdelingane blir rangerte etter den mest "
    "alvorlege regelen sin (i den rekkjefølgja), så etter talet på reglar, så etter kor langt "
    "forbi grensa dei ligg. Flagga les dei to semestera før det valde og alle avdelingar med "
    "instrumentet (for bottom_decile), som eit filtrert 'scores'-ark ikkje inneheld.",
)

SHEETS = {
    "scores": "Den ryddige lange tabellen: éi rad per observasjon × syklus × dimensjon.",
    "department_means": "Dimensjons- og domenegjennomsnitt med nivå for kvar ordinære observasjon.",
    "pool_semester": "Aggregat per pulje × semester × instrument, dimensjonar og domene.",
    "network_semester": "Aggregat per nettverk × semester × instrument.",
    "bands": "Fordelinga på låg/middels/høg per pulje × semester × instrument.",
    "coverage": "Avdelingar observerte, i utkast og ikkje starta, per semester og nettverk.",
    "follow_up": "Avdelingar flagga for ekstra oppfølging, rangerte, éi rad per grunn.",
    "agreement": "Samsvar ved dobbeltskåring: samla, per dimensjon, semester og observatør.",
}

COLUMNS = {
    "observation_id": "ID-en til observasjonen (UUID).",
    "semester": "ÅÅÅÅV (vår, januar–juni) eller ÅÅÅÅH (haust, juli–desember).",
    "pool": "Puljenummer.",
    "network": "Namnet på nettverket.",
    "kindergarten": "Namnet på barnehagen.",
    "department": "Namnet på avdelinga.",
    "age_group": "toddler (småbarn) eller preschool (storbarn).",
    "instrument_id": "CLASS-instrumentet, t.d. class-toddler eller class-prek.",
    "instrument_version": "Versjonen av instrumentfila observasjonen vart gjord med.",
    "kind": "regular (ordinær), double_coding (dobbeltskåring) eller practice (øving).",
    "observed_on": "Datoen for observasjonen.",
    "cycle": "Syklusnummer (1–3).",
    "domain": "Domenekoden til dimensjonen.",
    "dimension": "Dimensjonskode.",
    "score": "Den rå skåren, 1–7 (NC rått: 1 = inga negativitet).",
    "observer_id": "Brukar-ID-en til observatøren: i 'scores' den som gjorde observasjonen, "
    "i 'agreement' observatøren rada gjeld.",
    "primary_observation_id": "For ei dobbeltskåring: ID-en til den ordinære observasjonen "
    "ho dobbeltskårar (par dei på denne ID-en, syklus og dimensjon); tom for dei andre.",
    "level": "dimension (dimensjon) eller domain (domene).",
    "code": "Dimensjons- eller domenekode.",
    "mean": "Det uavrunda gjennomsnittet (sjå reglane).",
    "band": "low, mid eller high (sjå Nivå for gjennomsnitt).",
    "n_cycles": "Talet på syklusskårar bak verdien.",
    "n_departments": "Avdelingar i gruppa.",
    "n_observations": "Ordinære observasjonar i gruppa.",
    "sd": "Standardavviket i utvalet mellom gjennomsnitta til avdelingane.",
    "change_since_previous": "Den para endringa: gjennomsnittleg endring for avdelingane som "
    "er observerte både dette semesteret og semesteret før (sjå Endring).",
    "n_paired": "Avdelingar observerte både dette semesteret og semesteret før: n-en bak "
    "change_since_previous.",
    "incomplete": "TRUE når færre enn 80 % av avdelingane i gruppa vart observerte det "
    "semesteret (sjå Endring).",
    "change_since_start": "Gjennomsnittet minus gjennomsnittet til gruppa i det første "
    "semesteret hennar.",
    "departments": "Avdelingar i programmet det semesteret.",
    "observed": "Avdelingar med ein innsend eller frigjeven ordinær observasjon.",
    "draft": "Avdelingar der den ordinære observasjonen framleis er eit utkast.",
    "not_started": "Avdelingar utan ordinær observasjon enno.",
    "rank": "Plassen til avdelinga i oppfølgingslista, 1 = mest alvorleg (sjå Oppfølging).",
    "rule": "negative_climate, low_support, drop eller bottom_decile (sjå Oppfølging).",
    "threshold": "Grensa til regelen; for bottom_decile det høgaste gjennomsnittet innanfor "
    "den nedste delen det semesteret.",
    "reason": "Flagget i ord.",
    "icc": "ICC(2,1); for fleire dimensjonar medianen av ICC-ane per dimensjon; tom når han "
    "ikkje er definert (færre enn 2 par eller inga variasjon).",
    "status": "Vurderinga av ein observatør: ok, too_few (for få til å vurdere) eller "
    "recalibrate (ny kalibrering; sjå Samsvar); tom i andre rader.",
    "flagged": "TRUE for ein observatør som er flagga for ny kalibrering (status recalibrate).",
    "breakdown": "overall (samla), dimension, semester eller observer: kva rada er gruppert etter.",
    "network_id": "ID-en til nettverket (namn kan endrast, ID-ar ikkje).",
    "semesters_in_programme": "Semesteret minus det første semesteret til puljen (0 = første).",
    "share_low": "Delen av avdelingane med gjennomsnitt på lågt nivå.",
    "share_mid": "Delen av avdelingane med gjennomsnitt på middels nivå.",
    "share_high": "Delen av avdelingane med gjennomsnitt på høgt nivå.",
    "cycle_share_low": "Delen av syklusskårane på lågt nivå.",
    "cycle_share_mid": "Delen av syklusskårane på middels nivå.",
    "cycle_share_high": "Delen av syklusskårane på høgt nivå.",
    "departments_in_band": "Avdelingar med gjennomsnitt på dette nivået.",
    "share": "departments_in_band / n_departments.",
    "cycle_share": "Delen av syklusskårane til gruppa på dette nivået.",
    "value": "Det flagga gjennomsnittet i det siste semesteret til avdelinga (NC rått).",
    "previous_semester": "Semesteret før, for drop og bottom_decile.",
    "previous_value": "Gjennomsnittet semesteret før.",
    "observer": "Namnet på observatøren.",
    "n_pairs": "Dobbeltskåra observasjonar bak rada.",
    "n_scores": "Para skårar (syklus × dimensjon) bak rada.",
    "exact": "Delen av dei para skårane som er like.",
    "within_one": "Delen av dei para skårane som skil seg med høgst 1.",
}

REASONS = {
    "negative_climate": "{code}-gjennomsnittet {value} i {semester} er {limit} eller meir",
    "low_support": "{code}-gjennomsnittet {value} i {semester} er under {limit}",
    "drop": "{code} fall frå {previous_value} i {previous_semester} til {value} i "
    "{semester} ({change})",
    "bottom_decile": "{code} blant dei nedste av avdelingane til instrumentet både i "
    "{previous_semester} ({previous_value}) og i {semester} ({value}; dei nedste går opp "
    "til {limit})",
}
