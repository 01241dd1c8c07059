"""Every string of the report, the package README and the verifier's verdict, in Swedish and English.

One table, so that a test can check that both languages are complete and use the same placeholders.
"""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["sv", "en"]

TEXT: Final[dict[str, tuple[str, str]]] = {
    # report: headings
    "title": ("Skadedokumentation", "Injury documentation"),
    "subtitle": (
        "Dokumentation av skador efter våld – underlag för polis och rättsintyg",
        "Documentation of injuries after violence – for the police and forensic certificates",
    ),
    "unit": ("Vårdenhet", "Care unit"),
    "case": ("Ärende", "Case"),
    "page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "program": ("Skapad med injurydoc {version}", "Made with injurydoc {version}"),
    "protected_banner": (
        "SKYDDADE PERSONUPPGIFTER – lämna inte ut adress, telefon eller vistelseort",
        "PROTECTED PERSONAL DATA – do not disclose address, telephone or whereabouts",
    ),
    "training_watermark": (
        "ÖVNING – INTE BEVIS / EXERCISE – NOT EVIDENCE",
        "ÖVNING – INTE BEVIS / EXERCISE – NOT EVIDENCE",
    ),
    "sec_patient": ("Patient", "Patient"),
    "sec_exam": ("Undersökning", "Examination"),
    "sec_consent": (
        "Samtycke och rättslig grund för utlämnandet",
        "Consent and legal basis for this release",
    ),
    "sec_account": ("Patientens egen berättelse", "The patient's own account"),
    "sec_history": ("Anamnes", "History"),
    "sec_strangulation": ("Strypvåld – frågor och svar", "Strangulation – questions and answers"),
    "sec_findings": ("Fynd per skada", "Findings per injury"),
    "sec_absent": ("Aktivt noterade negativa fynd", "Findings recorded as absent"),
    "sec_other_findings": ("Övriga fynd", "Other findings"),
    "sec_assessment": ("Undersökarens bedömning", "The examiner's assessment"),
    "sec_concern": ("Orosanmälan och SIP", "Report of concern and coordinated plan (SIP)"),
    "sec_bodymap": ("Kroppsmall", "Body map"),
    "sec_photos": ("Fotografier per skada", "Photographs per injury"),
    "sec_other_photos": ("Övriga fotografier", "Other photographs"),
    "sec_photo_log": ("Fotologg", "Photo log"),
    "sec_addenda": ("Tillägg efter signering", "Addenda after signing"),
    "sec_signature": ("Underskrift", "Signature"),
    # report: fields
    "name": ("Namn", "Name"),
    "personal_id": ("Identitetsnummer", "Identity number"),
    "birth_date": ("Födelsedatum", "Date of birth"),
    "sex": ("Kön", "Sex"),
    "protection": ("Skydd", "Protection"),
    "contacts": ("Kontaktuppgifter", "Contact details"),
    "contacts_withheld": (
        "Lämnas inte ut – kontakt via Skatteverket eller handläggare",
        "Not disclosed – contact via the Swedish Tax Agency or the case handler",
    ),
    "guardian_threat": (
        "Vårdnadshavare uppges vara hotet: inga uppgifter om vårdnadshavare, släkt eller skola",
        "A guardian is said to be the threat: no details of guardians, relatives or school",
    ),
    "started": ("Journalen påbörjad", "Record started"),
    "ended": ("Journalen avslutad", "Record closed"),
    "examiner": ("Undersökare", "Examiner"),
    "hsa_id": ("HSA-id", "HSA id"),
    "nobody_else": ("Ingen utöver patient och undersökare", "Nobody besides patient and examiner"),
    "language": ("språk", "language"),
    "follow_up_of": ("Uppföljning av", "Follow-up of"),
    "signed_by": ("Signerad av", "Signed by"),
    "signed_at": ("Signerad", "Signed"),
    "content_hash": ("Innehållets SHA-256 vid signering", "SHA-256 of the content when signed"),
    "signature_state": ("Undersökarens signatur", "The examiner's signature"),
    "consent_scope": ("Samtycke", "Consent"),
    "consent_decision": ("Beslut", "Decision"),
    "recorded": ("Noterat", "Recorded"),
    "legal_basis": ("Rättslig grund", "Legal basis"),
    "decided_by": ("Beslutad av", "Decided by"),
    "decided_at": ("Tidpunkt", "When"),
    "reference": ("Polisens diarienummer / mottagare", "Police case number / recipient"),
    "recipient": ("Mottagare", "Recipient"),
    "exported_by": ("Utlämnad av", "Released by"),
    "exported_at": ("Utlämnad", "Released"),
    "basis_at_release": (
        "Beslutas vid utlämnandet (förhandsgranskning före signering)",
        "Decided at release (preview before signing)",
    ),
    "not_recorded": ("Ej angivet", "Not recorded"),
    "none_recorded": ("Inga", "None"),
    "injury_no": ("Skada {n}", "Injury {n}"),
    "location": ("Lokalisation", "Location"),
    "size": ("Storlek", "Size"),
    "size_value": ("{length} × {width} mm", "{length} × {width} mm"),
    "size_depth": ("djup {depth} mm", "depth {depth} mm"),
    "photos_of_injury": ("Fotografier", "Photographs"),
    "no_injuries": ("Inga skador har dokumenterats.", "No injuries have been documented."),
    "strang_asked_no": (
        "Frågorna om strypvåld ställdes inte.",
        "The strangulation questions were not asked.",
    ),
    "strang_note": (
        "Synliga tecken saknas ofta efter strypvåld; svaren har betydelse ändå.",
        "Visible signs are often absent after strangulation; the answers still matter.",
    ),
    "concern_made": ("Orosanmälan gjord", "Report of concern made"),
    "concern_office": ("till", "to"),
    "concern_grounds": ("grund", "grounds"),
    "concern_not_made": ("Ingen orosanmälan noterad", "No report of concern recorded"),
    "sip_called": ("SIP har kallats till", "A SIP meeting has been called"),
    "sip_consent": ("med patientens samtycke", "with the patient's consent"),
    "sip_not_called": ("Ingen SIP noterad", "No SIP recorded"),
    "bodymap_front": ("Framsida", "Front"),
    "bodymap_back": ("Baksida", "Back"),
    "patient_right": ("patientens höger", "patient's right"),
    "patient_left": ("patientens vänster", "patient's left"),
    "photo_caption": (
        "Bild {n} · {role} · {time} · SHA-256 {hash}…",
        "Photo {n} · {role} · {time} · SHA-256 {hash}…",
    ),
    "photo_no_role": ("roll ej angiven", "role not set"),
    "photo_no_time": ("tagningstid okänd", "capture time unknown"),
    "log_file_time": ("filens tid (inte tagningstid): {time}", "file time (not the capture time): {time}"),
    "log_decode_warning": (
        "VARNING: bildfilen är ofullständig (avkodad med fel; saknade delar visas grå)",
        "WARNING: the image file is incomplete (decoded with errors; missing parts are shown grey)",
    ),
    "log_no": ("Nr", "No."),
    "log_file": ("Originalfilnamn", "Original file name"),
    "log_role": ("Roll", "Role"),
    "log_injuries": ("Skador", "Injuries"),
    "log_captured": ("Tagen (EXIF)", "Taken (EXIF)"),
    "log_camera": ("Kamera", "Camera"),
    "log_imported": ("Importerad", "Imported"),
    "log_by": ("av", "by"),
    "log_hash": ("SHA-256 (original)", "SHA-256 (original)"),
    "log_gps_removed": (
        "platsuppgifter (GPS, XMP, IPTC) borttagna ur den utlämnade filen (bilddata oförändrade)",
        "location data (GPS, XMP, IPTC) removed from the released file (image data unchanged)",
    ),
    "log_original_withheld": (
        "Originalet innehåller platsdata som inte kan tas bort utan omkodning; förhandsbild utlämnad",
        "The original holds location data that cannot be removed without re-encoding; preview released",
    ),
    "no_photos": ("Inga fotografier.", "No photographs."),
    "no_addenda": ("Inga tillägg.", "No addenda."),
    "addendum_by": ("{when}, {who}", "{when}, {who}"),
    "signature_text": (
        "Detta dokument är elektroniskt signerat av undersökaren. Signaturen omfattar hela filen; "
        "varje ändring efter signering upptäcks vid kontroll (injurydoc verify).",
        "This document is electronically signed by the examiner. The signature covers the whole file; "
        "any change after signing is detected on verification (injurydoc verify).",
    ),
    "signature_box": ("Digitalt signerad av {name}", "Digitally signed by {name}"),
    "sig_profession": ("{profession}, HSA-id {hsa}", "{profession}, HSA id {hsa}"),
    "sig_certificate": ("Certifikat: {subject}", "Certificate: {subject}"),
    "sig_issuer": ("Utfärdare: {issuer}", "Issuer: {issuer}"),
    "sig_self_signed": (
        "Självsignerat certifikat – inte utfärdat av en betrodd organisation",
        "Self-signed certificate – not issued by a trusted organisation",
    ),
    "sig_time": (
        "Signeringstid: se signaturens egenskaper i PDF-läsaren",
        "Signing time: see the signature's properties",
    ),
    "timestamp_yes": ("Med tidsstämpel från {tsa}.", "With a timestamp from {tsa}."),
    "timestamp_no": (
        "Utan betrodd tidsstämpel: ingen tidsstämpeltjänst var konfigurerad eller nåbar vid signeringen.",
        "Without a trusted timestamp: no timestamp service was configured or reachable when signing.",
    ),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
}


def t(key: str, lang: Lang, **params: object) -> str:
    sv, en = TEXT[key]
    return (sv if lang == "sv" else en).format(**params)
