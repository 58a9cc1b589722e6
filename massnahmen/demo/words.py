"""The words and organisations of the fictitious district the demo concept is about (data only).

Handlungsfelder with their Ziele and the building blocks of measure titles, the organisations and
people who work on the measures, and the proportions the generated concept follows."""

from __future__ import annotations

DISTRICT = "Musterhausen"
KREIS = f"Landkreis {DISTRICT}"
TOWNS = ("Musterhausen", "Musterhausen (Quartier Lange Straße)", "Altenbrück", "Birkenfelde", "Lindenhain",
         "Wiesenau", "Steinbach am Muster",
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


# names whose first word takes an ending after an article in the dative or genitive
INFLECTED = (("Ukrainische ", "Ukrainischen "), ("Islamische ", "Islamischen "),
             ("Syrisch-Deutscher ", "Syrisch-Deutschen "), ("Diakonisches ", "Diakonischen "))


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
ASSESSMENT_WEIGHTS = {
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


# -- citizens' ideas (Bürgerbeteiligung) -------------------------------------------------------------
# the channels of the demo's participation, each with the day (days before today) its ideas came in
# around and how widely they spread
IDEA_CHANNELS = (
    ("Online-Umfrage", 260, 40),
    ("E-Mail", 200, 180),
    ("Regionalkonferenz Altenbrück", 230, 0),
    ("AG Wohnen", 150, 0),
    ("Fachtag 2026", 90, 0),
    ("Brief", 120, 100),
)
# (field code, the idea as a citizen wrote it)
IDEA_TEXTS = (
    ("1", "Sprachkurse am Abend anbieten. Viele von uns arbeiten tagsüber im Schichtdienst."),
    ("1", "Deutschkurse mit Kinderbetreuung, sonst können Mütter mit kleinen Kindern nicht teilnehmen."),
    ("1", "Lesepaten an den Grundschulen in Birkenfelde, gern auch Senioren aus dem Ort."),
    ("1", "Elternabende in der Kita mit Dolmetscher – wir verstehen oft nicht, worum es geht."),
    ("2", "Ein gemeinsames Fest der Kulturen im Stadtpark, einmal im Jahr, mit Essen aus vielen Ländern."),
    ("2", "Die Bibliothek sollte Bücher und Zeitungen in Arabisch, Ukrainisch und Farsi haben."),
    ("3", "Ein Ansprechpartner für Streit im Haus, bevor es eskaliert. Mediation im Quartier Lange Straße!"),
    ("3", "Mehr Beleuchtung am Bahnhof Wiesenau, abends fühlen sich viele dort nicht sicher."),
    ("4", "Vermieter besser informieren: viele wissen nicht, dass das Jobcenter die Miete direkt zahlen kann."),
    ("4", "Eine Wohnungsbörse für Geflüchtete und Vermieter im Landkreis."),
    ("4", "Hausordnungen in mehreren Sprachen aushängen (Mülltrennung, Ruhezeiten)."),
    ("5", "Anerkennung ausländischer Abschlüsse beschleunigen – ich bin Ingenieur und arbeite im Lager."),
    ("5", "Praktikumsbörse mit Betrieben aus der Region, auch für Menschen über 40."),
    ("5", "Berufssprachkurse direkt im Betrieb, damit man nicht zwischen Arbeit und Kurs wählen muss."),
    ("6", "Ehrenamtliche Sprachpaten besser begleiten, viele hören nach ein paar Monaten auf."),
    ("6", "Eine Ehrenamtsbörse online, wo Vereine zeigen, wo sie Hilfe brauchen."),
    ("7", "Schwimmkurse für Frauen mit eigenen Zeiten im Hallenbad."),
    ("7", "Der Sportverein in Lindenhain sucht Trainer – Geflüchtete könnten mitmachen, es fehlt nur ein Kontakt."),
    ("7", "Ein Bolzplatz in Neudorf an der Aue, die Jugendlichen treffen sich sonst am Parkplatz."),
    ("8", "Dolmetscher beim Arzt, vor allem in der Kinderarztpraxis und bei Behandlungen im Krankenhaus."),
    ("8", "Psychologische Beratung für Geflüchtete, die Wartezeiten sind sehr lang."),
    ("9", "Formulare der Ausländerbehörde in einfacher Sprache, [bold]bitte[/bold] auch online."),
    ("9", "Termine bei der Ausländerbehörde online buchen können statt stundenlang anzurufen."),
    ("9", "Ein Wegweiser: welches Amt ist wofür zuständig? Als Heft und als App."),
    ("9", "Busverbindung zum Landratsamt am Samstag – unter der Woche arbeiten wir."),
)
# a second wording of some ideas (by their index above): they become duplicates merged into them
IDEA_DUPLICATES = (
    (0, "Abendkurse Deutsch wären super, tagsüber geht es wegen der Arbeit nicht!"),
    (4, "Interkulturelles Fest im Park 🙂 mit Musik und Essen"),
    (22, "Online-Termine bei der Ausländerbehörde, bitte!!"),
    (19, "Sprachmittler im Krankenhaus fehlen."),
)
# the ideas (by their index above) that are not taken up, with the reason the office gives
IDEA_DECLINE_REASONS = {
    7: "Die Beleuchtung am Bahnhof ist Sache der Gemeinde Wiesenau; wir haben die Idee dorthin weitergegeben.",
    11: "Die Anerkennung regelt das Land; wir beraten dazu in der Anerkennungsberatung des Landkreises.",
    16: "Das Hallenbad gehört der Stadt; der Landkreis kann dort keine Zeiten vergeben.",
    18: "Spielplätze und Bolzplätze plant die Gemeinde; die Idee ist an sie weitergegeben.",
}
