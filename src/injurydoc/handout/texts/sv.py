"""Svenska — written for this project in Swedish (the original)."""

from typing import Final

#: Written natively; no review needed beyond the usual proof-reading.
NEEDS_NATIVE_REVIEW: Final = False

TEXTS: Final[dict[str, str]] = {
    "title": "Stöd och hjälp",
    "intro": (
        "Här finns telefonnummer dit du kan vända dig för att få hjälp och stöd, och information om "
        "vad som händer med dokumentationen från ditt besök."
    ),
    "for_patient": "Till:",
    "emergency_heading": "Är du i fara just nu?",
    "emergency_desc": "Larmnummer till polis, ambulans och räddningstjänst. Gratis, dygnet runt.",
    "help_heading": "Här kan du få hjälp och stöd",
    "kvinnofrid_desc": (
        "Nationell stödtelefon för kvinnor som har utsatts för hot, våld eller sexuellt våld, och för "
        "deras närstående. Öppen dygnet runt. Samtalet är gratis och syns inte på telefonräkningen. "
        "Du kan vara anonym och få hjälp av tolk."
    ),
    "boj_desc": (
        "Stöd till alla som har utsatts för brott, till vittnen och till anhöriga. Stödet är gratis, du "
        "kan vara anonym och du behöver inte ha gjort en polisanmälan."
    ),
    "vard_desc": "Sjukvårdsrådgivning per telefon dygnet runt, om du behöver vård eller råd om din hälsa.",
    "police_desc": (
        "När det inte är akut: för att göra en polisanmälan eller få kontakt med polisen. Du kan också "
        "anmäla på en polisstation."
    ),
    "local_heading": "Kontakter nära dig",
    "kind_social_services": "Socialtjänsten",
    "kind_womens_shelter": "Kvinnojour",
    "kind_girls_shelter": "Tjejjour",
    "kind_police": "Polisen",
    "kind_other": "Övrigt",
    "kind_social_services_desc": (
        "Kommunens socialtjänst kan ge stöd och hjälp, till exempel samtal, skyddat boende och "
        "ekonomiskt stöd."
    ),
    "kind_womens_shelter_desc": "Ideell förening som stöder kvinnor som har utsatts för våld.",
    "kind_girls_shelter_desc": "Ideell förening som stöder tjejer och unga kvinnor.",
    "unit_heading": "Kontakta oss",
    "label_phone": "Telefon",
    "label_address": "Adress",
    "label_hours": "Öppettider",
    "label_web": "Webb",
    "docs_heading": "Vad händer med dokumentationen?",
    "docs_kept": (
        "Det du berättade, de skador vi såg och eventuella fotografier finns i din patientjournal hos "
        "oss. Journalen sparas i minst tio år. Den kan alltså användas senare, till exempel om du "
        "bestämmer dig för att göra en polisanmälan."
    ),
    "docs_secret": (
        "Journalen skyddas av sekretessen i hälso- och sjukvården ({osl}). Bara personal som deltar i "
        "din vård får läsa den."
    ),
    "docs_police": (
        "Polisen får del av dokumentationen om du samtycker till det. Utan ditt samtycke får den lämnas "
        "ut bara i de fall som lagen anger, till exempel när polis eller åklagare utreder ett allvarligt "
        "brott, när brottet riktar sig mot ett barn, eller för att förhindra allvarligt våld."
    ),
    "docs_decide": "Det är du som bestämmer om du vill göra en polisanmälan.",
    "access_heading": "Vem har läst din journal?",
    "access_text": (
        "Varje gång någon öppnar, ändrar, skriver ut eller lämnar ut din dokumentation loggas det. Du "
        "har rätt att få veta vilka som har tagit del av dina uppgifter och när ({pdl}). Fråga oss."
    ),
    "copy_heading": "Kopia av dokumentationen",
    "copy_text": (
        "Du har rätt att läsa din journal och att be om en kopia, också av fotografierna. Fråga "
        "personalen eller skriv till oss. Om du har skyddade personuppgifter, berätta hur du vill få "
        "kopian – du kan hämta den här. Ta med legitimation."
    ),
    "safety_heading": "Tänk på din säkerhet",
    "safety_text": (
        "Förvara papperet där ingen som skadar dig kan hitta det. Du kan också spara numren i telefonen "
        "under ett annat namn och lämna papperet här."
    ),
}
