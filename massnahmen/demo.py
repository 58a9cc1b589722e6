"""Realistic generated demo data: a fictitious district's Integrationskonzept in a new file.

build_demo() writes nine Handlungsfelder with their Ziele, about forty contacts, any number of
measures (120 look like a real concept, 100 000 are for benchmarks) and three years of Sachstand
entries with the matching Verlauf. Everything comes from random.Random(seed) and the given
`today`, so the same seed and day give the same content. Rows are written with executemany in
one transaction, without pydantic per row, so that 100 000 measures take seconds.
"""

from __future__ import annotations

import os
import random
import unicodedata
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from massnahmen.domain import clock
from massnahmen.domain.errors import AlreadyExists, DatabaseProblem
from massnahmen.domain.models import Contact
from massnahmen.domain.text import fold
from massnahmen.domain.vocab import CLOSED_STATUSES
from massnahmen.store.catalog import contact_search_text
from massnahmen.store.db import Store
from massnahmen.store.files import fsync_file, fsync_folder, rename_new, temp_name
from massnahmen.store.measures import SEARCHED, code_sort_key, search_text

DISTRICT = "Musterhausen"
KREIS = f"Landkreis {DISTRICT}"
TOWNS = ("Musterhausen", "Musterhausen (Quartier Lange Straße)", "Altenbrück", "Birkenfelde", "Lindenhain", "Wiesenau", "Steinbach am Muster",
         "Neudorf an der Aue", "Kleinmusterau")

# -- Handlungsfelder -----------------------------------------------------------------------
# code, name, working group, goals, title formats, themes, target groups, indicators, partner kinds
FIELDS: list[dict] = [
    {
        "code": "1", "name": "Bildung und Sprache", "ag": "Bildung",
        "goals": [
            "Kinder mit Zuwanderungsgeschichte besuchen frühzeitig eine Kindertageseinrichtung.",
            "Zugewanderte erreichen zügig Deutschkenntnisse mindestens auf dem Niveau B1.",
            "Schülerinnen und Schüler mit Zuwanderungsgeschichte erreichen einen Schulabschluss.",
            "Eltern werden als Bildungspartner der Kitas und Schulen gestärkt.",
        ],
        "formats": ["Sprachcafé", "Lernpatenschaften", "Elternkurs", "Hausaufgabenhilfe", "Vorlaufkurs Deutsch",
                    "Berufsbezogener Deutschkurs", "Leseförderung", "Bildungsberatung",
                    "Alphabetisierungskurs", "Fortbildungsreihe", "Sommerschule", "Lernwerkstatt"],
        "themes": ["zur Vorbereitung auf den Schulstart", "mit Kinderbetreuung", "zur Prüfungsvorbereitung B1",
                   "in einfacher Sprache", "zum Übergang Schule–Beruf", "mit digitalen Lernangeboten",
                   "mit herkunftssprachlicher Begleitung", "zum deutschen Schulsystem"],
        "groups": ["für Eltern mit Zuwanderungsgeschichte", "für Seiteneinsteigende", "für zugewanderte Frauen",
                   "für Kinder im Vorschulalter", "für Jugendliche in DaZ-Klassen", "für Lehrkräfte",
                   "für Kita-Fachkräfte", "für neu zugewanderte Familien"],
        "indicators": ["Anzahl Teilnehmende", "Anteil bestandener B1-Prüfungen", "Anzahl durchgeführter Kurse",
                       "Anzahl erreichter Familien"],
        "kinds": {"bildung"},
    },
    {
        "code": "2", "name": "Kultur und Religionen", "ag": "Kultur und Religion",
        "goals": [
            "Die Vielfalt der Kulturen im Landkreis wird sichtbar und erlebbar.",
            "Der interreligiöse Dialog ist verstetigt.",
            "Kultureinrichtungen öffnen sich für Zugewanderte.",
        ],
        "formats": ["Interkulturelle Woche", "Fest der Kulturen", "Gesprächsreihe", "Ausstellung", "Lesung",
                    "Tag der offenen Moschee", "Interreligiöses Friedensgebet", "Kochabend", "Theaterprojekt",
                    "Stadtführung", "Erzählcafé", "Chorprojekt"],
        "themes": ["„Heimat im Wandel“", "zu Festen und Feiertagen der Religionen",
                   "mit Musik aus den Herkunftsländern", "zur Geschichte der Zuwanderung im Landkreis",
                   "in Zusammenarbeit mit Migrantenorganisationen", "mit mehrsprachiger Moderation",
                   "„Begegnung am Küchentisch“", "zu jüdischem, christlichem und muslimischem Leben"],
        "groups": ["für alle Generationen", "für Schulklassen", "für Neuzugewanderte und Alteingesessene",
                   "für Jugendliche", "für Kirchen- und Moscheegemeinden", "für Familien",
                   "für Seniorinnen und Senioren", "für die Nachbarschaft"],
        "indicators": ["Anzahl Besucherinnen und Besucher", "Anzahl beteiligter Organisationen",
                       "Anzahl Veranstaltungen pro Jahr"],
        "kinds": {"kultur", "religion"},
    },
    {
        "code": "3", "name": "Umgang mit Konflikten", "ag": "Zusammenleben",
        "goals": [
            "Konflikte im Zusammenleben werden früh erkannt und vermittelt.",
            "Rassismus und Diskriminierung wird entschieden entgegengetreten.",
            "Fachkräfte sind für interkulturelle Konfliktlagen sensibilisiert.",
        ],
        "formats": ["Schulung", "Konfliktlotsen-Programm", "Nachbarschaftsmediation", "Runder Tisch",
                    "Antidiskriminierungsberatung", "Workshop", "Fachtag", "Meldestelle", "Präventionsprojekt",
                    "Argumentationstraining", "Beratungssprechstunde", "Handlungsleitfaden"],
        "themes": ["gegen Rassismus und Diskriminierung", "zu interkultureller Kommunikation",
                   "zum Umgang mit Gerüchten und Falschmeldungen", "zu Konflikten in Gemeinschaftsunterkünften",
                   "gegen Stammtischparolen", "zur Deeskalation", "zu Hasskriminalität im Netz",
                   "zur Konfliktvermittlung im Wohnumfeld"],
        "groups": ["für Mitarbeitende der Verwaltung", "für Hausmeister und Sicherheitsdienste",
                   "für die Schulsozialarbeit", "für Ehrenamtliche", "für Polizei und Ordnungsamt",
                   "für Jugendliche", "für Vereine", "für Bewohnerinnen und Bewohner"],
        "indicators": ["Anzahl geschulter Personen", "Anzahl vermittelter Konflikte", "Anzahl Beratungsfälle",
                       "Anzahl gemeldeter Vorfälle"],
        "kinds": {"konflikt"},
    },
    {
        "code": "4", "name": "Wohnen", "ag": "Wohnen",
        "goals": [
            "Zugewanderte finden angemessenen und bezahlbaren Wohnraum.",
            "Nachbarschaften in den Wohngebieten sind stabil und lebendig.",
            "Eine Konzentration in einzelnen Quartieren wird vermieden.",
        ],
        "formats": ["Wohnungslotsen", "Mieterführerschein", "Beratungsangebot", "Nachbarschaftsfest",
                    "Quartiersmanagement", "Vermittlungsbörse", "Wohnpatenschaften", "Infomappe", "Sprechstunde",
                    "Auszugsmanagement", "Mieterbeirat", "Begegnungstreff"],
        "themes": ["zur Anmietung eigenen Wohnraums", "zu Mülltrennung und Hausordnung",
                   "zum Auszug aus Gemeinschaftsunterkünften", "mit privaten Vermietern",
                   "zu Nebenkosten und Energiesparen", "mit mehrsprachigen Materialien",
                   "zur Wohnungssuche im ländlichen Raum", "zum guten Miteinander im Haus"],
        "groups": ["für Geflüchtete in Gemeinschaftsunterkünften", "für große Familien",
                   "für Mieterinnen und Mieter", "für Vermieterinnen und Vermieter",
                   "für alleinstehende junge Männer", "für Nachbarschaften", "für Wohnungssuchende",
                   "für Hausverwaltungen"],
        "indicators": ["Anzahl vermittelter Wohnungen", "Anzahl Beratungsgespräche",
                       "Anzahl ausgestellter Mieterführerscheine", "Verweildauer in Gemeinschaftsunterkünften"],
        "kinds": {"wohnen"},
    },
    {
        "code": "5", "name": "Arbeit und Ausbildung", "ag": "Arbeit und Ausbildung",
        "goals": [
            "Zugewanderte finden schneller in Ausbildung und Beschäftigung.",
            "Ausländische Berufsabschlüsse werden zügig anerkannt.",
            "Arbeitgeber sind für die Beschäftigung Zugewanderter gewonnen.",
            "Junge Geflüchtete schließen eine Ausbildung erfolgreich ab.",
        ],
        "formats": ["Jobmesse", "Ausbildungsbegleitung", "Anerkennungsberatung", "Betriebsbesuche",
                    "Bewerbungstraining", "Mentoringprogramm", "Praktikumsbörse", "Unternehmensfrühstück",
                    "Berufsorientierung", "Qualifizierungsprogramm", "Job-Speeddating", "Coaching"],
        "themes": ["in Pflege und Gesundheit", "im Handwerk", "in Gastronomie und Hotellerie",
                   "in Logistik und Verkehr", "mit berufsbezogener Sprachförderung",
                   "zur Anerkennung ausländischer Abschlüsse", "in der Metall- und Elektroindustrie",
                   "im öffentlichen Dienst"],
        "groups": ["für Geflüchtete", "für zugewanderte Frauen", "für junge Geflüchtete unter 25",
                   "für kleine und mittlere Unternehmen", "für Akademikerinnen und Akademiker",
                   "für Auszubildende", "für Arbeitgeber", "für Langzeitarbeitslose mit Zuwanderungsgeschichte"],
        "indicators": ["Anzahl vermittelter Ausbildungsplätze", "Anzahl Arbeitsaufnahmen",
                       "Anzahl Anerkennungsverfahren", "Anzahl beteiligter Betriebe", "Anzahl Teilnehmende"],
        "kinds": {"arbeit"},
    },
    {
        "code": "6", "name": "Ehrenamt", "ag": "Ehrenamt",
        "goals": [
            "Ehrenamtliche in der Integrationsarbeit werden gewonnen, begleitet und gewürdigt.",
            "Zugewanderte engagieren sich selbst ehrenamtlich.",
        ],
        "formats": ["Ehrenamtsbörse", "Qualifizierungsreihe", "Dankeschön-Abend", "Patenschaftsprojekt",
                    "Supervisionsangebot", "Sprachmittlerpool", "Ehrenamtskarte", "Netzwerktreffen",
                    "Engagementberatung", "Begleitprogramm", "Willkommensteam", "Fortbildung"],
        "themes": ["in der Integrationsbegleitung", "zur Gewinnung neuer Engagierter",
                   "mit Anerkennung durch den Landrat", "zu Asyl- und Aufenthaltsrecht",
                   "zu Nähe und Distanz im Ehrenamt", "mit Fahrtkostenerstattung", "im ländlichen Raum",
                   "in Kooperation mit Migrantenorganisationen"],
        "groups": ["für Ehrenamtliche", "für Zugewanderte, die sich engagieren möchten",
                   "für Vereine und Initiativen", "für Sprachmittlerinnen und Sprachmittler", "für Jugendliche",
                   "für Seniorinnen und Senioren", "für Kirchengemeinden", "für Willkommensinitiativen"],
        "indicators": ["Anzahl aktiver Ehrenamtlicher", "Anzahl vermittelter Patenschaften",
                       "Anzahl Einsätze Sprachmittlung", "Anzahl Fortbildungsteilnahmen"],
        "kinds": {"ehrenamt"},
    },
    {
        "code": "7", "name": "Freizeit und Sport", "ag": "Freizeit und Sport",
        "goals": [
            "Zugewanderte nutzen die Sport- und Freizeitangebote im Landkreis.",
            "Vereine öffnen sich interkulturell.",
            "Kinder und Jugendliche erreichen Freizeitangebote auch im ländlichen Raum.",
        ],
        "formats": ["Schwimmkurs", "Fußballturnier", "Ferienfreizeit", "Vereinsschnuppertag", "Radfahrkurs",
                    "Bewegungsangebot", "Jugendtreff", "Familienwanderung", "Sportpatenschaften",
                    "Gutscheinheft", "Kreativwerkstatt", "Spielenachmittag"],
        "themes": ["„Integration durch Sport“", "mit Fahrdienst aus den Ortsteilen", "in den Sommerferien",
                   "mit Übungsleitenden mit Zuwanderungsgeschichte", "zum Kennenlernen der Vereine",
                   "mit Übernahme des Mitgliedsbeitrags", "im Mehrgenerationenhaus", "am Wochenende"],
        "groups": ["für Kinder und Jugendliche", "für Mädchen und Frauen", "für Familien", "für Sportvereine",
                   "für Jugendliche aus Gemeinschaftsunterkünften", "für Grundschulkinder",
                   "für Seniorinnen und Senioren", "für Übungsleitende"],
        "indicators": ["Anzahl Teilnehmende", "Anzahl neuer Vereinsmitglieder", "Anzahl beteiligter Vereine",
                       "Anzahl Schwimmabzeichen"],
        "kinds": {"freizeit"},
    },
    {
        "code": "8", "name": "Gesundheit", "ag": "Gesundheit",
        "goals": [
            "Zugewanderte kennen das Gesundheitssystem und nutzen seine Angebote.",
            "Sprachbarrieren in der Gesundheitsversorgung werden abgebaut.",
            "Psychisch belastete Geflüchtete erhalten frühzeitig Unterstützung.",
        ],
        "formats": ["Gesundheitslotsen", "Informationsreihe", "Dolmetschdienst", "Impfaktion", "Beratungsstelle",
                    "Gesundheitswegweiser", "Kurs", "Sprechstunde", "Selbsthilfegruppe", "Schulung",
                    "Präventionsprojekt", "Netzwerk"],
        "themes": ["zum deutschen Gesundheitssystem", "zu Schwangerschaft und Geburt",
                   "zu psychischer Gesundheit und Trauma", "zur Zahngesundheit bei Kindern",
                   "mit Video- und Telefondolmetschen", "zur Pflege im Alter", "zu Impfungen und Vorsorge",
                   "in mehreren Sprachen"],
        "groups": ["für Geflüchtete", "für Schwangere und junge Eltern", "für Arztpraxen", "für Pflegekräfte",
                   "für Kinder und Jugendliche", "für ältere Zugewanderte", "für Frauen", "für das Kreisklinikum"],
        "indicators": ["Anzahl Einsätze Sprachmittlung", "Anzahl Beratungen", "Impfquote",
                       "Anzahl geschulter Gesundheitslotsen"],
        "kinds": {"gesundheit"},
    },
    {
        "code": "9", "name": "Soziales, Recht und Behörden", "ag": "Soziales und Verwaltung",
        "goals": [
            "Die Behörden arbeiten interkulturell offen und bürgernah.",
            "Zugewanderte kennen ihre Rechte und Pflichten.",
            "Beratungsangebote sind vernetzt und leicht erreichbar.",
        ],
        "formats": ["Willkommensmappe", "Interkulturelle Schulung", "Mehrsprachige Formulare", "Terminservice",
                    "Sprechstunde", "Beratungsnetzwerk", "Behördenwegweiser", "Infoveranstaltung",
                    "Online-Terminbuchung", "Lotsendienst", "Sozialberatung", "Rechtsberatung"],
        "themes": ["zu Aufenthalt und Einbürgerung", "zu Leistungen nach SGB II und XII", "zum Familiennachzug",
                   "in leichter Sprache", "zu Kita-Anmeldung und Kindergeld", "mit Videodolmetschen",
                   "zu Rechten und Pflichten", "zu Schulden und Verbraucherschutz"],
        "groups": ["für Mitarbeitende der Kreisverwaltung", "für Neuzugewanderte", "für das Bürgeramt",
                   "für Beratungsstellen", "für Familien", "für anerkannte Geflüchtete", "für EU-Zugewanderte",
                   "für Ratsuchende"],
        "indicators": ["Anzahl Beratungsfälle", "Wartezeit auf einen Termin (Tage)",
                       "Anzahl geschulter Mitarbeitender", "Anzahl übersetzter Dokumente"],
        "kinds": {"soziales", "recht"},
    },
]

# -- organisations and people ----------------------------------------------------------------
# name, article in the dative, e-mail slug, phone prefix, kinds, people (origins), roles, org-only contact
ORGS: list[dict] = [
    {"name": f"Landratsamt {DISTRICT}, Stabsstelle Integration", "dat": "dem", "slug": "kreis-musterhausen",
     "phone": "03731 799-", "kinds": {"bildung", "kultur", "konflikt", "wohnen", "ehrenamt", "soziales"},
     "people": 1, "roles": ["Bildungskoordination für Neuzugewanderte"]},
    {"name": f"Jobcenter {KREIS}", "dat": "dem", "slug": "jobcenter-musterhausen", "phone": "03731 4410-",
     "kinds": {"arbeit", "soziales"}, "people": 3,
     "roles": ["Teamleitung Markt und Integration", "Integrationsfachkraft", "Team Migration"],
     "office": "info"},
    {"name": f"Agentur für Arbeit {DISTRICT}", "dat": "der", "slug": "arbeitsagentur-musterhausen",
     "phone": "03731 488-", "kinds": {"arbeit"}, "people": 2, "roles": ["Berufsberatung", "Arbeitgeber-Service"]},
    {"name": f"BAMF-Regionalstelle {DISTRICT}", "dat": "der", "slug": "bamf-musterhausen", "phone": "03731 6620-",
     "kinds": {"bildung", "recht"}, "people": 2,
     "roles": ["Regionalkoordination Integrationskurse", "Sachbearbeitung Integrationskurse"]},
    {"name": f"IHK Musterland, Geschäftsstelle {DISTRICT}", "dat": "der", "slug": "ihk-musterland",
     "phone": "03731 5530-", "kinds": {"arbeit"}, "people": 1, "roles": ["Ausbildungsberatung"]},
    {"name": "Handwerkskammer Musterland", "dat": "der", "slug": "hwk-musterland", "phone": "03731 5570-",
     "kinds": {"arbeit"}, "people": 1, "roles": ["Willkommenslotsen im Handwerk"]},
    {"name": f"Volkshochschule {KREIS}", "dat": "der", "slug": "vhs-musterhausen", "phone": "03731 2280-",
     "kinds": {"bildung", "kultur"}, "people": 2,
     "roles": ["Fachbereichsleitung Deutsch als Fremdsprache", "Programmplanung Integrationskurse"]},
    {"name": f"Caritasverband {DISTRICT} e. V.", "dat": "dem", "slug": "caritas-musterhausen",
     "phone": "03731 3190-", "kinds": {"soziales", "gesundheit", "ehrenamt", "wohnen"}, "people": 2,
     "roles": ["Migrationsberatung für erwachsene Zugewanderte", "Psychosoziale Beratung"]},
    {"name": f"Diakonisches Werk {DISTRICT}", "dat": "dem", "slug": "diakonie-musterhausen",
     "phone": "03731 3350-", "kinds": {"soziales", "konflikt", "wohnen", "ehrenamt"}, "people": 2,
     "roles": ["Flüchtlingssozialarbeit", "Wohnungsnotfallhilfe"]},
    {"name": f"AWO Kreisverband {DISTRICT} e. V.", "dat": "dem", "slug": "awo-musterhausen",
     "phone": "03731 3470-", "kinds": {"soziales", "bildung", "freizeit"}, "people": 2,
     "roles": ["Jugendmigrationsdienst", "Kita-Fachberatung"]},
    {"name": f"DRK-Kreisverband {DISTRICT} e. V.", "dat": "dem", "slug": "drk-musterhausen",
     "phone": "03731 3620-", "kinds": {"gesundheit", "ehrenamt"}, "people": 1,
     "roles": ["Suchdienst und Migrationsberatung"]},
    {"name": "Verbund der Migrantenorganisationen „Brücke“ e. V.", "dat": "dem", "slug": "bruecke-verbund",
     "phone": "03731 8120-", "kinds": {"kultur", "ehrenamt", "konflikt", "religion"}, "people": 2,
     "roles": ["Vorsitz", "Projektkoordination"], "origins": ("ar", "tr", "af", "er")},
    {"name": f"Syrisch-Deutscher Kulturverein {DISTRICT} e. V.", "dat": "dem", "slug": "sdkv-musterhausen",
     "phone": "03731 8150-", "kinds": {"kultur", "ehrenamt"}, "people": 1, "roles": ["Vorsitz"],
     "origins": ("ar",)},
    {"name": f"Ukrainische Gemeinschaft {DISTRICT} e. V.", "dat": "der", "slug": "ukrgemeinschaft-musterhausen",
     "phone": "03731 8170-", "kinds": {"kultur", "ehrenamt", "bildung"}, "people": 1, "roles": ["Vorsitz"],
     "origins": ("uk",)},
    {"name": f"Polizeirevier {DISTRICT}", "dat": "dem", "slug": "polizei-musterhausen", "phone": "03731 700-",
     "kinds": {"konflikt"}, "people": 1, "roles": ["Sachgebiet Prävention"], "office": "poststelle"},
    {"name": f"Landesamt für Schule und Bildung, Standort {DISTRICT}", "dat": "dem", "slug": "lasub-musterhausen",
     "phone": "03731 9540-", "kinds": {"bildung"}, "people": 2, "roles": ["Schulreferat", "Koordination DaZ"]},
    {"name": f"Gesundheitsamt {KREIS}", "dat": "dem", "slug": "gesundheitsamt-musterhausen",
     "phone": "03731 799-", "kinds": {"gesundheit"}, "people": 1, "roles": ["Kinder- und Jugendärztlicher Dienst"]},
    {"name": f"Ausländerbehörde {KREIS}", "dat": "der", "slug": "abh-musterhausen", "phone": "03731 799-",
     "kinds": {"recht", "soziales"}, "people": 1, "roles": ["Sachgebietsleitung"], "office": "auslaenderbehoerde"},
    {"name": f"Wohnungsbaugesellschaft {DISTRICT} mbH", "dat": "der", "slug": "wbg-musterhausen",
     "phone": "03731 4020-", "kinds": {"wohnen"}, "people": 1, "roles": ["Sozialmanagement"], "office": "vermietung"},
    {"name": f"Kreissportbund {DISTRICT} e. V.", "dat": "dem", "slug": "ksb-musterhausen", "phone": "03731 2740-",
     "kinds": {"freizeit"}, "people": 2, "roles": ["Koordination „Integration durch Sport“", "Geschäftsführung"]},
    {"name": f"Ev.-Luth. Kirchgemeinde {DISTRICT}", "dat": "der", "slug": "kirche-musterhausen",
     "phone": "03731 2150-", "kinds": {"religion", "ehrenamt", "kultur"}, "people": 1, "roles": ["Pfarramt"],
     "origins": ("de",)},
    {"name": f"Islamische Gemeinde {DISTRICT} e. V.", "dat": "der", "slug": "igm-musterhausen",
     "phone": "03731 8190-", "kinds": {"religion", "kultur"}, "people": 1, "roles": ["Vorstand"],
     "origins": ("tr", "ar", "af")},
    {"name": f"Freiwilligenagentur {DISTRICT}", "dat": "der", "slug": "freiwilligenagentur-musterhausen",
     "phone": "03731 2390-", "kinds": {"ehrenamt"}, "people": 1, "roles": ["Engagementberatung"]},
    {"name": f"Kreisjugendring {DISTRICT} e. V.", "dat": "dem", "slug": "kjr-musterhausen", "phone": "03731 2760-",
     "kinds": {"freizeit", "bildung"}, "people": 1, "roles": ["Jugendbildungsreferat"]},
    {"name": f"Stadt {DISTRICT}, Bürgeramt", "dat": "der", "slug": "stadt-musterhausen", "phone": "03731 610-",
     "kinds": {"recht", "wohnen"}, "people": 1, "roles": ["Leitung Bürgeramt"]},
    {"name": f"Kreisklinikum {DISTRICT} gGmbH", "dat": "dem", "slug": "klinikum-musterhausen",
     "phone": "03731 330-", "kinds": {"gesundheit"}, "people": 1, "roles": ["Sozialdienst"]},
]

# genitive of the organisations named with "dem" (the others simply take "der")
GENITIVE = {
    "Landratsamt": "des Landratsamts", "Jobcenter": "des Jobcenters", "Caritasverband": "des Caritasverbands",
    "Diakonisches Werk": "des Diakonischen Werks", "AWO Kreisverband": "des AWO-Kreisverbands",
    "DRK-Kreisverband": "des DRK-Kreisverbands", "Verbund": "des Verbunds",
    "Syrisch-Deutscher Kulturverein": "des Syrisch-Deutschen Kulturvereins", "Polizeirevier": "des Polizeireviers",
    "Landesamt": "des Landesamts", "Gesundheitsamt": "des Gesundheitsamts", "Kreissportbund": "des Kreissportbunds",
    "Kreisjugendring": "des Kreisjugendrings", "Kreisklinikum": "des Kreisklinikums",
}


_INFLECTED = (("Ukrainische ", "Ukrainischen "), ("Islamische ", "Islamischen "),
              ("Syrisch-Deutscher ", "Syrisch-Deutschen "), ("Diakonisches ", "Diakonischen "))


def _inflected(name: str) -> str:
    """The name after an article in the dative or genitive ("der Ukrainischen Gemeinschaft")."""
    for plain, inflected in _INFLECTED:
        if name.startswith(plain):
            return inflected + name[len(plain):]
    return name


def _dative(org: dict, preposition: str = "") -> str:
    """'dem Jobcenter …', or with 'bei'/'von' contracted: 'beim Jobcenter …', 'von der VHS …'."""
    name = _inflected(org["name"])
    if org["dat"] == "dem" and preposition in ("bei", "von"):
        return f"{'beim' if preposition == 'bei' else 'vom'} {name}"
    return " ".join(p for p in (preposition, org["dat"], name) if p)


def _genitive(org: dict) -> str:
    name = org["name"]
    if org["dat"] == "der":
        return f"der {_inflected(name)}"
    for prefix, phrase in GENITIVE.items():
        if name.startswith(prefix):
            return phrase + name[len(prefix):]
    return f"des {name}"


# The officers of the integration office: authors of the history (contacts of the Landratsamt).
OFFICERS = (
    ("Katrin Größer", "Integrationsbeauftragte"),
    ("Samir Haddad", "Integrationskoordination"),
    ("Jana Böhme", "Sachbearbeitung Integration"),
)

NAMES: dict[str, tuple[list[str], list[str]]] = {
    "de": (["Anna", "Katrin", "Jürgen", "Sören", "Björn", "Thomas", "Sabine", "Claudia", "Andreas", "Heike",
            "Matthias", "Susanne", "Frank", "Kerstin", "Jörg", "Ute", "Maximilian", "Lena", "Uwe", "Dörte",
            "Günter", "Friederike", "Steffen", "Ines"],
           ["Müller", "Weiß", "Größer", "Schäfer", "Krüger", "Lehmann", "Schulze", "Fuchs", "Köhler",
            "Hoffmann", "Neumann", "Zimmermann", "Günther", "Voß", "Strauß", "Jäger", "Löffler", "Hübner",
            "Schröder", "Meißner", "Wagner"]),
    "ar": (["Ahmad", "Fatima", "Nour", "Omar", "Rania", "Khaled", "Lina", "Yusuf", "Amina"],
           ["Al-Hassan", "Khalil", "Mansour", "Saleh", "Darwish", "Ibrahim", "Nasser"]),
    "uk": (["Olena", "Dmytro", "Iryna", "Oksana", "Andrij", "Natalija", "Serhij", "Tetjana"],
           ["Petrenko", "Schewtschenko", "Kowalenko", "Bondarenko", "Tkatschenko", "Melnyk"]),
    "tr": (["Mehmet", "Ayşe", "Emre", "Zeynep", "Hakan", "Elif", "Murat", "Leyla"],
           ["Yılmaz", "Kaya", "Demir", "Şahin", "Öztürk", "Çelik", "Arslan", "Doğan"]),
    "af": (["Farid", "Mariam", "Hamid", "Zahra"], ["Rahimi", "Ahmadi", "Karimi"]),
    "er": (["Tesfaye", "Selam", "Yonas"], ["Haile", "Tesfay", "Gebremedhin"]),
    "pl": (["Agnieszka", "Piotr", "Katarzyna"], ["Kowalczyk", "Nowak", "Wiśniewski"]),
    "ro": (["Ioana", "Mihai", "Andrei"], ["Popescu", "Ionescu", "Dumitru"]),
}
DEFAULT_ORIGINS = ("de",) * 13 + ("ar", "ar", "tr", "uk", "pl", "ro", "af")

# -- measure attributes --------------------------------------------------------------------
FUNDING = [
    "Landesprogramm Integrative Maßnahmen", "Eigenmittel Landkreis", "ESF Plus",
    "Bundesprogramm „Demokratie leben!“", "KOMM-AN", "Bundesprogramm „Integration durch Sport“",
    "Migrationsberatung für erwachsene Zugewanderte (MBE, Bundesmittel)", "Mittel der Agentur für Arbeit",
    "Regelfinanzierung Jobcenter", "Stiftungsmittel und Spenden", "Eigenmittel Landkreis, Landesprogramm "
    "Integrative Maßnahmen", "ohne zusätzliche Mittel",
]
PRIORITIES = ("hoch", "hoch", "mittel", "mittel", "mittel", "niedrig", None, None)
GENERIC_INDICATORS = ["Anzahl Teilnehmende", "Zufriedenheit der Teilnehmenden (Befragung)",
                      "Anzahl Veranstaltungen", "Anzahl erreichter Personen"]
NOTES = [
    "Abstimmung mit dem Jugendamt steht aus.", "Raumfrage noch ungeklärt.",
    "Vorlage für den Sozialausschuss in Vorbereitung.", "Kooperationsvereinbarung liegt vor.",
    "Sprachmittlung über den Dolmetscherpool des Landkreises.", "Ansprechperson wechselt zum Jahresende.",
    "Auch im Integrationsbeirat vorgestellt.", "Fördermittelantrag fristgerecht einreichen.",
    "Kostenplan liegt im Ordner Integrationskonzept/Finanzen.", "Bitte mit Maßnahmen anderer Träger abstimmen.",
]
DESCRIPTION_SENTENCES = [
    "Die Umsetzung erfolgt gemeinsam mit {pdat}.",
    "Geplant sind {n} Termine pro Jahr; die Teilnahme ist kostenfrei.",
    "Die Maßnahme knüpft an ein bestehendes Angebot {pgen} an und weitet es auf den ländlichen Raum aus.",
    "Einladungen und Materialien werden mehrsprachig bereitgestellt (Arabisch, Ukrainisch, Russisch, Dari, "
    "Türkisch).",
    "Bei Bedarf werden Sprachmittlerinnen und Sprachmittler hinzugezogen.",
    "Die Ergebnisse werden jährlich im Integrationsbeirat vorgestellt.",
    "Erfahrungen aus {town} sollen auf weitere Gemeinden übertragen werden.",
    "Start zunächst in {town}, danach in weiteren Orten des Landkreises.",
    "Zielgröße sind {n} Teilnehmende je Durchgang.",
]
REVIEW_NOTES: dict[str, list[str]] = {
    "geplant": [
        "Erstes Abstimmungsgespräch mit {pdat} geführt.",
        "Konzeptentwurf liegt vor, Abstimmung mit {pdat} läuft.",
        "Förderantrag wird vorbereitet.",
        "Bedarf im Integrationsbeirat bestätigt; Start frühestens {year}.",
        "Noch keine Rückmeldung {pgen}; erneut nachfragen.",
        "Träger gesucht; Interessenbekundung bis Monatsende.",
    ],
    "in_umsetzung": [
        "Erster Durchgang mit {n} Teilnehmenden gestartet.",
        "Läuft planmäßig, derzeit {n} Anmeldungen.",
        "Verzögerung wegen fehlender Räume; Ersatz in {town} gefunden.",
        "Personalwechsel {pbei}, neue Ansprechperson eingearbeitet.",
        "Förderbescheid liegt vor; Umsetzung hat begonnen.",
        "Nachfrage höher als erwartet, Warteliste mit {n} Personen.",
        "Teilnahme schwankend; Werbung über Migrantenorganisationen verstärkt.",
        "Zwischenbericht liegt vor, Indikatoren werden erreicht.",
    ],
    "verstetigt": [
        "In das Regelangebot {pgen} übernommen.",
        "Finanzierung über den Kreishaushalt {year} gesichert.",
        "Läuft als Daueraufgabe; jährliche Auswertung beim Fachtag.",
    ],
    "zurueckgestellt": [
        "Zurückgestellt bis zur Klärung der Finanzierung.",
        "Keine Kapazitäten {pbei}; Wiederaufnahme {year} prüfen.",
        "Ruht wegen vorläufiger Haushaltsführung.",
    ],
    "umgesetzt": [
        "Abgeschlossen; Abschlussbericht liegt vor.",
        "Erfolgreich umgesetzt, insgesamt {n} Teilnehmende.",
        "Maßnahme beendet; Ergebnisse im Integrationsbeirat vorgestellt.",
    ],
    "verworfen": [
        "Nicht umsetzbar: kein Träger gefunden.",
        "Gestrichen nach Beschluss des Sozialausschusses.",
        "Entfällt, ein gleichartiges Angebot wird inzwischen {pvon} gemacht.",
        "Abgebrochen mangels Nachfrage.",
    ],
}

# Status proportions of the finished concept, and the path a measure takes to get there.
STATUS_SHARE = (("geplant", 0.20), ("in_umsetzung", 0.32), ("verstetigt", 0.18), ("zurueckgestellt", 0.08),
                ("umgesetzt", 0.15), ("verworfen", 0.07))
PATHS = {
    "geplant": ("geplant",),
    "in_umsetzung": ("geplant", "in_umsetzung"),
    "verstetigt": ("geplant", "in_umsetzung", "verstetigt"),
    "zurueckgestellt": ("geplant", "in_umsetzung", "zurueckgestellt"),
    "umgesetzt": ("geplant", "in_umsetzung", "umgesetzt"),
    "verworfen": ("geplant", "zurueckgestellt", "verworfen"),
}
# Ampel weights (gruen, gelb, rot, none) by status
AMPEL = {
    "geplant": (3, 2, 1, 5),
    "in_umsetzung": (6, 3, 1, 1),
    "verstetigt": (8, 1, 0, 1),
    "zurueckgestellt": (1, 4, 4, 1),
    "umgesetzt": (8, 1, 0, 1),
    "verworfen": (0, 1, 6, 3),
}
# timeliness of open measures: overdue, due within 30 days, none, later
TIMING_SHARE = (("overdue", 0.12), ("due", 0.12), ("none", 0.07), ("later", 0.69))
REVIEW_COUNT_WEIGHTS = (12, 18, 20, 20, 14, 10, 6)  # 0 … 6 Sachstand entries

_EMAIL = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", " ": "-"})


def email_local(text: str) -> str:
    """'Jürgen Weiß' → 'juergen.weiss' (umlauts spelt out, other accents dropped)."""
    text = text.lower().translate(_EMAIL)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c) and c.isascii())


def _quota(n: int, shares, rng: random.Random) -> list[str]:
    """n keys in the given proportions (each at least once when n allows), shuffled."""
    counts = {k: int(n * p) for k, p in shares}
    if n >= len(shares):
        for k in counts:
            counts[k] = max(1, counts[k])
    keys = [k for k, _ in shares]
    by_share = sorted(keys, key=lambda k: -dict(shares)[k])
    i = 0
    while sum(counts.values()) < n:  # hand out the rounding rest, largest share first
        counts[by_share[i % len(keys)]] += 1
        i += 1
    while sum(counts.values()) > n:  # only when n < number of keys
        counts[max(keys, key=lambda k: counts[k])] -= 1
    out = [k for k in keys for _ in range(counts[k])]
    rng.shuffle(out)
    return out


def _contacts(rng: random.Random) -> list[tuple]:
    """(id, name, organisation, role, email, phone, org index) for about forty contacts."""
    used: set[str] = set()
    out: list[tuple] = []
    exts: set[tuple[str, int]] = set()

    def phone(org: dict, digits: int = 4) -> str:
        while True:
            ext = rng.randint(10 ** (digits - 1), 10 ** digits - 1)
            if (org["phone"], ext) not in exts:
                exts.add((org["phone"], ext))
                return f"{org['phone']}{ext}"

    def person(origins) -> str:
        while True:
            origin = rng.choice(origins)
            firsts, lasts = NAMES[origin]
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            if name not in used:
                used.add(name)
                return name

    for name, _role in OFFICERS:
        used.add(name)
    for index, org in enumerate(ORGS):
        people: list[tuple[str, str]] = []
        if index == 0:
            people.extend(OFFICERS)
        for role in org["roles"][: org["people"]]:
            people.append((person(org.get("origins", DEFAULT_ORIGINS)), role))
        for pname, role in people:
            first, last = pname.split(" ", 1)
            email = f"{email_local(first)}.{email_local(last)}@{org['slug']}.example.org"
            out.append((len(out) + 1, pname, org["name"], role, email, phone(org), index))
        if org.get("office"):
            out.append((len(out) + 1, None, org["name"], "Zentrale", f"{org['office']}@{org['slug']}.example.org",
                        f"{org['phone']}0", index))
    return out


class _SearchText:
    """search_text() of the store, faster: the generated texts are joined from a few thousand
    distinct pieces, and folding is done per character with white space collapsed, so folding
    the pieces once each and joining them gives the same text. The first measures are checked
    against search_text() itself; if folding ever stops working piecewise, every measure is
    folded whole again."""

    CHECK = 200

    def __init__(self) -> None:
        self.cache: dict[str, str] = {}
        self.checked = 0
        self.piecewise = True

    def __call__(self, values: dict, parts: dict[str, list[str]]) -> str:
        if not self.piecewise:
            return search_text(values)
        cache = self.cache
        out = []
        for key in SEARCHED:
            value = values.get(key)
            if not value:
                continue
            for piece in parts.get(key) or (value,):
                folded = cache.get(piece)
                if folded is None:
                    folded = cache[piece] = fold(piece)
                    if not folded:  # an empty piece would leave a double space
                        self.piecewise = False
                        return search_text(values)
                out.append(folded)
        text = " ".join(out)
        if self.checked < self.CHECK:
            self.checked += 1
            exact = search_text(values)
            if exact != text:
                self.piecewise = False
                return exact
        return text


def _ts(day: int, seconds: int) -> str:
    """Ordinal day and seconds after midnight as an ISO timestamp (like now_iso())."""
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{date.fromordinal(day).isoformat()}T{h:02d}:{m:02d}:{s:02d}"


def build_demo(path: Path, *, measures: int = 120, today: date | None = None, seed: int = 2026,
               user: str = "demo") -> dict:
    """Create a new concept file at path filled with generated, realistic data; return the counts.

    Refuses an existing non-empty file (AlreadyExists). Same seed and today give the same content."""
    path = Path(path)
    if measures < 0:
        raise ValueError("measures must be 0 or more")
    day0 = today or clock.today()
    t0 = day0.toordinal()
    rng = random.Random(seed)
    rnd = rng.random

    def ri(a: int, b: int) -> int:  # randint without its overhead
        return a + int(rnd() * (b - a + 1))

    adopted = t0 - ri(800, 1000)
    adopted_year = date.fromordinal(adopted).year
    if path.is_dir():
        raise DatabaseProblem(f"„{path}“ ist ein Ordner, keine Datenbankdatei.")
    if path.exists() and path.stat().st_size > 0:
        raise AlreadyExists(f"„{path}“ gibt es schon; sie wird nicht überschrieben.",
                            hint="Eine andere Datei wählen, z. B. massnahmen demo uebung2.db")
    if not path.parent.is_dir():
        raise DatabaseProblem(f"Den Ordner „{path.parent}“ gibt es nicht.")
    # built under a temporary name beside the target and renamed when complete: a demo killed
    # halfway leaves no half-made file under the name the user chose
    temp = temp_name(path)
    try:
        store = Store.create(
            temp, user,
            name=f"Integrationskonzept {KREIS} {adopted_year}–{adopted_year + 6}",
            body=f"Kreistag {KREIS}",
            adopted_on=date.fromordinal(adopted).isoformat(),
        )
        with store:
            store.conn.execute("PRAGMA cache_size = -65536")
            with store.write() as conn:
                counts = _fill(conn, rng, ri, t0, adopted, measures)
        fsync_file(temp)
        if path.exists() and path.stat().st_size == 0:
            os.replace(temp, path)  # an empty file may be filled, as Store.create allows
        else:
            try:
                rename_new(temp, path)
            except FileExistsError:
                raise AlreadyExists(f"„{path}“ ist inzwischen entstanden; sie wird nicht überschrieben.") from None
        fsync_folder(path.parent)
        return counts
    finally:
        temp.unlink(missing_ok=True)
        Path(str(temp) + "-journal").unlink(missing_ok=True)


def _fill(conn, rng: random.Random, ri, t0: int, adopted: int, n_measures: int) -> dict:
    rnd = rng.random
    choice = rng.choice
    adopted_year = date.fromordinal(adopted).year
    iso_cache: dict[int, str] = {}

    def iso(day: int | None) -> str | None:
        if day is None:
            return None
        text = iso_cache.get(day)
        if text is None:
            text = iso_cache[day] = date.fromordinal(day).isoformat()
        return text

    conn.execute("UPDATE concept SET created_at = ? WHERE id = 1", (_ts(adopted + 7, 9 * 3600 + 1234),))

    # fields and goals
    field_rows, goal_rows, goals = [], [], []  # goals: (goal id, field index, code, name)
    for fi, field in enumerate(FIELDS):
        field_rows.append((fi + 1, field["code"], field["name"], fi + 1, fold(field["name"])))
        for gi, name in enumerate(field["goals"]):
            gid = len(goal_rows) + 1
            code = f"{field['code']}.{gi + 1}"
            goal_rows.append((gid, fi + 1, code, name, fold(name)))
            goals.append((gid, fi, code, name))
    conn.executemany("INSERT INTO fields (id, code, name, position, search) VALUES (?, ?, ?, ?, ?)", field_rows)
    conn.executemany("INSERT INTO goals (id, field_id, code, name, search) VALUES (?, ?, ?, ?, ?)", goal_rows)

    # contacts
    contacts = _contacts(rng)
    conn.executemany(
        "INSERT INTO contacts (id, name, organisation, role, email, phone, search) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(c[0], c[1], c[2], c[3], c[4], c[5],
          contact_search_text(Contact(name=c[1], organisation=c[2], role=c[3], email=c[4])))
         for c in contacts],
    )
    display = {c[0]: (f"{c[1]} ({c[2]})" if c[1] else c[2]) for c in contacts}
    contact_org = {c[0]: c[6] for c in contacts}
    field_contacts = [[c[0] for c in contacts if ORGS[c[6]]["kinds"] & f["kinds"] and c[6] != 0] or
                      [c[0] for c in contacts] for f in FIELDS]
    office_contacts = [c[0] for c in contacts if c[6] == 0]
    field_orgs = [[i for i, o in enumerate(ORGS) if o["kinds"] & f["kinds"] and i != 0] for f in FIELDS]
    org_dat = [_dative(o) for o in ORGS]
    org_bei = [_dative(o, "bei") for o in ORGS]
    org_von = [_dative(o, "von") for o in ORGS]
    org_gen = [_genitive(o) for o in ORGS]
    officers = [name for name, _ in OFFICERS]

    # phase 1: goal, final status, timeliness, review date and creation day of every measure
    statuses = _quota(n_measures, STATUS_SHARE, rng)
    open_idx = [i for i, s in enumerate(statuses) if s not in CLOSED_STATUSES]
    timing = ["later"] * n_measures
    for i, t in zip(open_idx, _quota(len(open_idx), TIMING_SHARE, rng)):
        timing[i] = t
    goal_weights = [1.0 + rnd() for _ in goals]
    goal_of = rng.choices(range(len(goals)), weights=goal_weights, k=n_measures)
    initial_end = adopted + 40
    plan: list[list] = [[] for _ in goals]
    for i in range(n_measures):
        status = statuses[i]
        kind = timing[i]
        if status in CLOSED_STATUSES:
            kind = "later" if rnd() < 0.1 else "none"
        if kind == "overdue":
            review = t0 - 1 - int(rnd() * rnd() * 150)
        elif kind == "due":
            review = t0 + ri(0, 30)
        elif kind == "later":
            review = t0 + ri(31, 270)
        else:
            review = None
        hi = t0 - 14 if review is None or review > t0 else min(t0 - 14, review - 14)
        if rnd() < 0.55:
            created, batch = adopted + 14, True  # the day the adopted plan was imported
        else:
            created, batch = ri(initial_end + 1, hi), False
        plan[goal_of[i]].append((created, batch, status, review, kind))

    # phase 2: every measure in code order, with its Sachstand entries and Verlauf
    m_sql = ("INSERT INTO measures (id, code, code_sort, title, description, field_id, goal_id, contact_id, "
             "partners, status, assessment, priority, start_date, end_date, review_date, funding, indicator, "
             "source, notes, archived, created_at, created_by, updated_at, updated_by, version, search) "
             "VALUES (" + ", ".join("?" * 26) + ")")
    r_sql = ("INSERT INTO reviews (measure_id, date, author, status, assessment, note, next_review_date, "
             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    c_sql = ("INSERT INTO changes (measure_id, version, at, author, field, old, new, context) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    m_rows: list[tuple] = []
    r_rows: list[tuple] = []
    c_rows: list[tuple] = []
    totals = {"measures": 0, "reviews": 0, "changes": 0}

    def flush() -> None:
        conn.executemany(m_sql, m_rows)
        conn.executemany(r_sql, r_rows)
        conn.executemany(c_sql, c_rows)
        totals["measures"] += len(m_rows)
        totals["reviews"] += len(r_rows)
        totals["changes"] += len(c_rows)
        m_rows.clear()
        r_rows.clear()
        c_rows.clear()

    import_context = f"Import Maßnahmenplan {adopted_year}.csv"
    searchable = _SearchText()
    ampel_keys = ("gruen", "gelb", "rot", None)
    ampel_cum = {st: list(accumulate(w)) for st, w in AMPEL.items()}
    ampel3_cum = {st: list(accumulate(w[:3] if sum(w[:3]) else (1, 1, 1))) for st, w in AMPEL.items()}
    count_choices = range(7)
    count_cum = list(accumulate(REVIEW_COUNT_WEIGHTS))
    mid = 0
    for gi, (goal_id, fi, goal_code, goal_name) in enumerate(goals):
        field = FIELDS[fi]
        entries = sorted(plan[gi], key=lambda e: e[0])
        orgs_here = field_orgs[fi] or list(range(len(ORGS)))
        for n, (created, batch, final_status, review, kind) in enumerate(entries, start=1):
            mid += 1
            code = f"{goal_code}.{n}"
            lead = officers[0] if rnd() < 0.5 else (officers[1] if rnd() < 0.6 else officers[2])

            def author() -> str:
                return lead if rnd() < 0.8 else choice(officers)

            # who and with whom
            if rnd() < 0.06:
                contact_id = None
            elif rnd() < 0.12:
                contact_id = choice(office_contacts)
            else:
                contact_id = choice(field_contacts[fi])
            contact_org_index = contact_org.get(contact_id, 0)
            partner_idx = [o for o in rng.sample(orgs_here, min(len(orgs_here), ri(1, 3)))
                           if o != contact_org_index]
            partners = ", ".join(ORGS[o]["name"] for o in partner_idx) if partner_idx and rnd() < 0.88 else None
            p = partner_idx[0] if partner_idx else (contact_org_index or choice(orgs_here))
            town = choice(TOWNS)
            fill = {"pdat": org_dat[p], "pgen": org_gen[p], "pbei": org_bei[p], "pvon": org_von[p],
                    "town": town, "n": ri(6, 40), "year": 0}

            # title and texts
            fmt = choice(field["formats"])
            parts = [fmt]
            r = rnd()
            if r < 0.7:
                parts.append(choice(field["themes"]))
            if r >= 0.5 or rnd() < 0.6:
                parts.append(choice(field["groups"]))
            if rnd() < 0.3:
                parts.append(f"in {town}")
            title = " ".join(parts)
            group = choice(field["groups"])
            sentences = [f"Das Angebot richtet sich an {group[4:]} im {KREIS}." if rnd() < 0.6
                         else f"Beitrag zum Ziel {goal_code}: {goal_name}"]
            for template in rng.sample(DESCRIPTION_SENTENCES, ri(1, 2)):
                sentences.append(template.format(**fill))
            description = " ".join(sentences)
            indicator = "; ".join(rng.sample(field["indicators"] + GENERIC_INDICATORS, 1 if rnd() < 0.7 else 2)) \
                if rnd() < 0.9 else None
            funding = choice(FUNDING) if rnd() < 0.85 else None
            if batch:
                source = f"Integrationskonzept {adopted_year}" if rnd() < 0.5 \
                    else f"Arbeitsgruppe {field['ag']} {adopted_year - 1}"
            else:
                cyear = date.fromordinal(created).year
                r = rnd()
                source = (f"Bürgerwerkstatt {cyear}" if r < 0.3 else f"Fachtag Integration {cyear}" if r < 0.55
                          else f"Arbeitsgruppe {field['ag']} {cyear}" if r < 0.75 else "Integrationsbeirat"
                          if r < 0.85 else f"Anregung {ORGS[p]['name']}" if r < 0.93 else None)
            notes = choice(NOTES) if rnd() < 0.2 else None
            priority = choice(PRIORITIES)

            # Sachstand dates, from the latest backwards
            path = PATHS[final_status]
            closed = final_status in CLOSED_STATUSES
            k = 0 if kind == "none" and not closed else rng.choices(count_choices, cum_weights=count_cum)[0]
            if review is not None:
                last = review - ri(60, 200)
                if last > t0:
                    last = t0 - ri(0, 45)
            else:
                last = t0 - ri(5, 500)
            days: list[int] = []
            d = last
            while len(days) < k and d >= created + 7:
                days.append(d)
                d -= ri(75, 220)
            days.reverse()
            k = len(days)

            # Ampel at the end
            assessment = rng.choices(ampel_keys, cum_weights=ampel_cum[final_status])[0]

            events: list[tuple] = []  # (day, order, kind, payload)
            init_status = path[0]
            if k == 0:
                if final_status == "verstetigt" and rnd() < 0.6:
                    init_status = final_status
                init_review = review
                close_day = None
                if final_status != init_status:
                    e = ri(created + 1, t0)
                    events.append((e, 0, "edit", [("status", init_status, final_status)]))
                    close_day = e if closed else None
                if assessment is not None:
                    e = ri(created + 1, t0)
                    events.append((e, 1, "edit", [("assessment", None, assessment)]))
            else:
                init_review = max(created + 7, days[0] + ri(-20, 25))
                # the status moves one step at a time (backwards from the final one), or stays
                idx = [len(path) - 1] * k
                for j in range(k - 2, -1, -1):
                    step = idx[j + 1] > 0 and (rnd() < 0.55 or (closed and j == k - 2))
                    idx[j] = idx[j + 1] - 1 if step else idx[j + 1]
                current = None
                for j, day in enumerate(days):
                    st = path[idx[j]]
                    if j == k - 1:
                        a = assessment if assessment is not None else current
                        nxt = review
                    else:
                        a = current if (assessment is None or rnd() < 0.3) else \
                            rng.choices(ampel_keys[:3], cum_weights=ampel3_cum[st])[0]
                        nxt = max(day + 14, days[j + 1] + ri(-25, 20))
                    if assessment is None:
                        a = None
                    current = a
                    events.append((day, 2, "review", (st, a, nxt)))
                close_day = days[-1] if closed else None

            # dates of the measure
            if final_status == "verstetigt" and rnd() < 0.4:
                start = created - ri(100, 1500)
            elif final_status == "geplant" and rnd() < 0.3:
                start = None
            else:
                start = created + ri(-20, 300)
            if close_day is not None and final_status == "umgesetzt":
                end = close_day - ri(0, 20)
            elif final_status == "verstetigt" or rnd() < (0.6 if final_status == "verworfen" else 0.3):
                end = None
            elif closed:
                end = (start or created) + ri(180, 1100)
            else:  # mostly still ahead; a few have overrun their planned end
                end = max((start or created) + ri(180, 1100), t0 + ri(-90, 900))
            if start is not None:
                sd = date.fromordinal(start)
                start = date(sd.year, sd.month, 1).toordinal()
            if end is not None and final_status != "umgesetzt":  # planned ends are month ends
                ed = date.fromordinal(end)
                end = (date(ed.year + ed.month // 12, ed.month % 12 + 1, 1) - timedelta(days=1)).toordinal()
                if start is not None and end < start:
                    end = start + 30

            # other edits of the Verlauf: re-dated end, new contact, new priority, archived
            if end is not None and rnd() < 0.12:
                events.append((ri(created + 1, t0), 3, "edit", [("end", iso(end - ri(60, 400)), iso(end))]))
            if contact_id is not None and rnd() < 0.06:
                other = choice(field_contacts[fi])
                if other != contact_id:
                    events.append((ri(created + 1, t0), 4, "edit", [("contact", display[other], display[contact_id])]))
            if priority is not None and rnd() < 0.05:
                old = "mittel" if priority != "mittel" else "niedrig"
                events.append((ri(created + 1, t0), 5, "edit", [("priority", old, priority)]))
            archived = 0
            if close_day is not None and rnd() < (0.3 if final_status == "verworfen" else 0.1):
                a_day = close_day + ri(30, 400)
                if a_day <= t0:
                    archived = 1
                    events.append((a_day, 9, "edit", [("archived", "nein", "ja")]))
            events.sort(key=lambda e: (e[0], e[1]))

            # walk the history
            created_secs = (9 * 3600 + ri(0, 600)) if batch else ri(8 * 3600, 16 * 3600)
            created_day = created
            creator = officers[0] if batch else author()
            created_at = _ts(created_day, created_secs)
            c_rows.append((mid, 1, created_at, creator, "created", None, code, import_context if batch else None))
            version = 1
            st_now, rv_now, a_now = init_status, init_review, None
            upd_at, upd_by = created_at, creator
            last_template = None
            prev_day, prev_secs = created_day, created_secs
            for day, _order, ev, payload in events:
                if day < created_day:
                    day = created_day
                secs = ri(8 * 3600, 16 * 3600)
                if day == prev_day and secs <= prev_secs:
                    secs = prev_secs + ri(60, 1800)
                prev_day, prev_secs = day, secs
                at = _ts(day, secs)
                who = author()
                version += 1
                if ev == "review":
                    st, a, nxt = payload
                    diffs = []
                    if st != st_now:
                        diffs.append(("status", st_now, st))
                    if nxt != rv_now:
                        diffs.append(("review_date", iso(rv_now), iso(nxt)))
                    if a is not None and a != a_now:
                        diffs.append(("assessment", a_now, a))
                    if not diffs:
                        diffs.append(("review", None, iso(day)))
                    fill["year"] = date.fromordinal(day).year + (0 if st == "verstetigt" else 1)
                    fill["n"] = ri(4, 60)
                    template = choice(REVIEW_NOTES[st])
                    if template == last_template:  # do not repeat the previous note word for word
                        template = choice(REVIEW_NOTES[st])
                    last_template = template
                    note = template.format(**fill)
                    if a == "rot" and st not in CLOSED_STATUSES and rnd() < 0.5:
                        note += " Zeitplan gefährdet."
                    r_rows.append((mid, iso(day), who, st, a, note, iso(nxt), at))
                    st_now, rv_now = st, nxt
                    if a is not None:
                        a_now = a
                    context = "Sachstand"
                else:
                    diffs = payload
                    for fname, _old, new in diffs:
                        if fname == "status":
                            st_now = new
                        elif fname == "assessment":
                            a_now = new
                    context = None
                for fname, old, new in diffs:
                    c_rows.append((mid, version, at, who, fname, old, new, context))
                upd_at, upd_by = at, who

            values = {"code": code, "title": title, "description": description, "partners": partners,
                      "funding": funding, "indicator": indicator, "source": source, "notes": notes}
            m_rows.append((
                mid, code, code_sort_key(code), title, description, fi + 1, goal_id, contact_id,
                partners, st_now, a_now, priority, iso(start), iso(end), iso(rv_now), funding, indicator,
                source, notes, archived, created_at, creator, upd_at, upd_by, version,
                searchable(values, {"title": parts, "description": sentences}),
            ))
            if len(m_rows) >= 5000:
                flush()
    flush()
    return {"fields": len(field_rows), "goals": len(goal_rows), "contacts": len(contacts), **totals}
