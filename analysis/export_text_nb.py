"""The export's README and flag reasons in bokmål (the keys and placeholders of export_text_en)."""

HEADINGS = {
    "title": "TETT PÅ-eksport",
    "trademark": "CLASS® er et registrert varemerke for Teachstone.",
    "filters": "Filtre",
    "no_filters": "ingen (alt)",
    "language": "Språk",
    "language_name": "bokmål",
    "sheet": "Ark",
    "holds": "Hva det inneholder",
    "rule": "Regel",
    "explanation": "Forklaring",
    "column": "Kolonne",
    "meaning": "Betydning",
}

RULES = (
    ("Kilde", "Alle ark er beregnet fra de rå syklusskårene i arket 'scores'."),
    (
        "Lange ark",
        "Excel åpner høyst {max_rows} rader per ark (overskriftsraden og {data_rows} "
        "datarader). Et ark som ville blitt lengre, fortsetter i '<navn> (2)', '<navn> (3)' … "
        "rett etter, med de samme kolonnene: les dem sammen, i rekkefølge, f.eks. 'scores', "
        "'scores (2)'.",
    ),
    (
        "Observasjoner",
        "Bare innsendte eller frigitte observasjoner eksporteres; utkast tas ikke med.",
    ),
    (
        "Avdelingens verdi",
        "En avdelings verdi i et semester kommer fra dens ene ordinære observasjon. "
        "Dobbeltskåringer og øvingsobservasjoner teller aldri med i gjennomsnitt eller "
        "aggregater.",
    ),
    ("Dimensjonsgjennomsnitt", "Gjennomsnittet av dimensjonens syklusskårer, uavrundet."),
    (
        "Domenegjennomsnitt",
        "Gjennomsnittet av domenets dimensjonsgjennomsnitt. En omvendt skåret dimensjon "
        "(Negativt klima, NC) teller som 8 − NC. NC selv lagres og vises rått: 1 = ingen "
        "negativitet = bra.",
    ),
    (
        "Gruppegjennomsnitt",
        "Gjennomsnittet av avdelingenes gjennomsnitt, så hver avdeling teller én gang; sd er "
        "utvalgets standardavvik mellom avdelinger (n − 1), tomt når n < 2.",
    ),
    ("Nivå for skårer", "Heltallsskårer: 1–2 lav (low), 3–5 middels (mid), 6–7 høy (high)."),
    (
        "Nivå for gjennomsnitt",
        "Nivået til et gjennomsnitt følger instrumentets regel (se 'Nivåregel i bruk'). "
        "'nearest': under 2,5 lav, under 5,5 middels, ellers høy. 'floor': under 3 lav, under "
        "6 middels, ellers høy. Dimensjonsnivå bruker det rå gjennomsnittet (så NC 'low' er "
        "bra); domenenivå bruker domenegjennomsnittet (NC som 8 − NC). I arkene står nivåene "
        "som kodene low, mid og high.",
    ),
    (
        "Andeler",
        "share_low/mid/high: andelen avdelinger med gjennomsnitt på hvert nivå. "
        "cycle_share_low/mid/high: andelen syklusskårer på hvert nivå (for domener teller "
        "NC-skårer som 8 − NC).",
    ),
    (
        "Semestre i programmet",
        "Semesteret minus puljens første semester: 0 i første semester, så puljer som startet "
        "til ulik tid kan sammenlignes på én akse.",
    ),
    (
        "Endring",
        "change_since_previous er paret: den sammenligner bare avdelingene som er observert "
        "i begge semestrene, n_paired av dem, så avdelinger som kommer til eller mangler, "
        "flytter den ikke. change_since_start er gruppens gjennomsnitt minus gjennomsnittet i "
        "dens første semester. Et semester der færre enn 80 % av gruppens avdelinger (i "
        "aldersgruppen instrumentet gjelder) er observert, merkes incomplete (ufullstendig): "
        "tallene kan endre seg.",
    ),
    (
        "Skjerming",
        "På dashbordet og i API-et skjules grupper med færre enn 5 avdelinger der de ville "
        "avsløre avdelinger brukeren ikke har tilgang til. Denne eksporten er for "
        "prosjektlederen, som har tilgang til alle avdelinger, så ingenting i den er skjult.",
    ),
    (
        "Samsvar",
        "En dobbeltskåring oppgir den ordinære observasjonen sin i primary_observation_id; "
        "hver syklus × dimensjon som begge har skåret, er ett par med to bedømmere: "
        "observatøren av den ordinære observasjonen og dobbeltskåreren. exact og within_one "
        "regnes over alle parene i raden. icc er ICC(2,1) (toveis tilfeldig, absolutt "
        "samsvar, én bedømmer), beregnet per dimensjon; en rad over flere dimensjoner viser "
        "medianen av ICC-ene per dimensjon, aldri én ICC beregnet over alle dimensjonene "
        "samlet. For en observatør er de to bedømmerne (denne observatøren, partneren). En "
        "observatørs rad dekker perioden for ny kalibrering: semesteret i raden og semesteret "
        "før (de av dem eksporten inneholder). Statusen er too_few (for få til å vurdere) med "
        "færre enn {too_few} dobbeltskårte besøk, ellers recalibrate (ny kalibrering) når "
        "within_one er under {bar}, ellers ok.",
    ),
)

BAND_RULE_TOPIC = "Nivåregel i bruk"
BAND_RULE = (
    "{instrument}: '{rule}': et gjennomsnitt under {low} er lavt, under {mid} middels, ellers høyt."
)

FOLLOW_UP = (
    "Oppfølging",
    "En avdeling vurderes på sitt siste observerte semester (det valgte semesteret eller det "
    "før) og flagges når: negative_climate, det rå NC-gjennomsnittet er "
    "{negative_climate_from} eller mer; low_support, domenegjennomsnittet for ES (storbarn) "
    "eller EBS (småbarn) er under {support_below}; drop, et domenegjennomsnitt har falt med "
    "{drop} eller mer siden avdelingens forrige semester; bottom_decile, et "
    "domenegjennomsnitt ligger blant de nederste {bottom_share} av alle avdelinger observert "
    "med samme instrument (CUME_DIST av gjennomsnittet), både det semesteret og semesteret "
    "før. Domenegjennomsnitt regner NC som 8 − NC. Avdelingene rangeres etter sin mest "
    "alvorlige regel (i den rekkefølgen), så etter antall regler, så etter hvor langt forbi "
    "grensen de ligger. Flaggene leser de to semestrene før det valgte og alle avdelinger med "
    "instrumentet (for bottom_decile), som et filtrert 'scores'-ark ikke inneholder.",
)

SHEETS = {
    "scores": "Den ryddige lange tabellen: én rad per observasjon × syklus × dimensjon.",
    "department_means": "Dimensjons- og domenegjennomsnitt med nivå for hver ordinære observasjon.",
    "pool_semester": "Aggregater per pulje × semester × instrument, dimensjoner og domener.",
    "network_semester": "Aggregater per nettverk × semester × instrument.",
    "bands": "Fordelingen på lav/middels/høy per pulje × semester × instrument.",
    "coverage": "Avdelinger observert, i utkast og ikke startet, per semester og nettverk.",
    "follow_up": "Avdelinger flagget for ekstra oppfølging, rangert, én rad per grunn.",
    "agreement": "Samsvar ved dobbeltskåring: samlet, per dimensjon, semester og observatør.",
}

COLUMNS = {
    "observation_id": "Observasjonens id (UUID).",
    "semester": "ÅÅÅÅV (vår, januar–juni) eller ÅÅÅÅH (høst, juli–desember).",
    "pool": "Puljenummer.",
    "network": "Nettverkets navn.",
    "kindergarten": "Barnehagens navn.",
    "department": "Avdelingens navn.",
    "age_group": "toddler (småbarn) eller preschool (storbarn).",
    "instrument_id": "CLASS-instrumentet, f.eks. class-toddler eller class-prek.",
    "instrument_version": "Versjonen av instrumentfilen observasjonen ble gjort med.",
    "kind": "regular (ordinær), double_coding (dobbeltskåring) eller practice (øving).",
    "observed_on": "Datoen for observasjonen.",
    "cycle": "Syklusnummer (1–3).",
    "domain": "Domenekoden til dimensjonen.",
    "dimension": "Dimensjonskode.",
    "score": "Den rå skåren, 1–7 (NC rått: 1 = ingen negativitet).",
    "observer_id": "Observatørens bruker-id: i 'scores' den som gjorde observasjonen, i "
    "'agreement' observatøren raden gjelder.",
    "primary_observation_id": "For en dobbeltskåring: id-en til den ordinære observasjonen "
    "den dobbeltskårer (par dem på denne id-en, syklus og dimensjon); tom for de andre.",
    "level": "dimension (dimensjon) eller domain (domene).",
    "code": "Dimensjons- eller domenekode.",
    "mean": "Det uavrundede gjennomsnittet (se reglene).",
    "band": "low, mid eller high (se Nivå for gjennomsnitt).",
    "n_cycles": "Antall syklusskårer bak verdien.",
    "n_departments": "Avdelinger i gruppen.",
    "n_observations": "Ordinære observasjoner i gruppen.",
    "sd": "Utvalgets standardavvik mellom avdelingenes gjennomsnitt.",
    "change_since_previous": "Den parede endringen: gjennomsnittlig endring for avdelingene "
    "som er observert både dette semesteret og semesteret før (se Endring).",
    "n_paired": "Avdelinger observert både dette semesteret og semesteret før: n-en bak "
    "change_since_previous.",
    "incomplete": "TRUE når færre enn 80 % av gruppens avdelinger ble observert det "
    "semesteret (se Endring).",
    "change_since_start": "Gjennomsnittet minus gruppens gjennomsnitt i dens første semester.",
    "departments": "Avdelinger i programmet det semesteret.",
    "observed": "Avdelinger med en innsendt eller frigitt ordinær observasjon.",
    "draft": "Avdelinger der den ordinære observasjonen ennå er et utkast.",
    "not_started": "Avdelinger uten ordinær observasjon ennå.",
    "rank": "Avdelingens plass i oppfølgingslisten, 1 = mest alvorlig (se Oppfølging).",
    "rule": "negative_climate, low_support, drop eller bottom_decile (se Oppfølging).",
    "threshold": "Regelens grense; for bottom_decile det høyeste gjennomsnittet innenfor "
    "den nederste andelen det semesteret.",
    "reason": "Flagget i ord.",
    "icc": "ICC(2,1); for flere dimensjoner medianen av ICC-ene per dimensjon; tom når den "
    "ikke er definert (færre enn 2 par eller ingen variasjon).",
    "status": "Vurderingen av en observatør: ok, too_few (for få til å vurdere) eller "
    "recalibrate (ny kalibrering; se Samsvar); tom i andre rader.",
    "flagged": "TRUE for en observatør som er flagget for ny kalibrering (status recalibrate).",
    "breakdown": "overall (samlet), dimension, semester eller observer: hva raden er "
    "gruppert etter.",
    "network_id": "Nettverkets id (navn kan endres, id-er ikke).",
    "semesters_in_programme": "Semesteret minus puljens første semester (0 = første).",
    "share_low": "Andelen avdelinger med gjennomsnitt på lavt nivå.",
    "share_mid": "Andelen avdelinger med gjennomsnitt på middels nivå.",
    "share_high": "Andelen avdelinger med gjennomsnitt på høyt nivå.",
    "cycle_share_low": "Andelen syklusskårer på lavt nivå.",
    "cycle_share_mid": "Andelen syklusskårer på middels nivå.",
    "cycle_share_high": "Andelen syklusskårer på høyt nivå.",
    "departments_in_band": "Avdelinger med gjennomsnitt på dette nivået.",
    "share": "departments_in_band / n_departments.",
    "cycle_share": "Andelen av gruppens syklusskårer på dette nivået.",
    "value": "Det flaggede gjennomsnittet i avdelingens siste semester (NC rått).",
    "previous_semester": "Semesteret før, for drop og bottom_decile.",
    "previous_value": "Gjennomsnittet semesteret før.",
    "observer": "Observatørens navn.",
    "n_pairs": "Dobbeltskårte observasjoner bak raden.",
    "n_scores": "Parede skårer (syklus × dimensjon) bak raden.",
    "exact": "Andelen parede skårer som er like.",
    "within_one": "Andelen parede skårer som skiller seg med høyst 1.",
}

REASONS = {
    "negative_climate": "{code}-gjennomsnittet {value} i {semester} er {limit} eller mer",
    "low_support": "{code}-gjennomsnittet {value} i {semester} er under {limit}",
    "drop": "{code} falt fra {previous_value} i {previous_semester} til {value} i "
    "{semester} ({change})",
    "bottom_decile": "{code} blant de nederste av instrumentets avdelinger både i "
    "{previous_semester} ({previous_value}) og i {semester} ({value}; de nederste går opp "
    "til {limit})",
}
