"""The one catalogue of Swedish and English text outside Qt's ``.ts`` files.

Report PDFs, the package README and the verifier's verdict, the class summary, the statistics and
access-log reports and the command line take their words from here, through :func:`text`.  The
Qt user interface translates with ``self.tr`` and ``resources/translations/injurydoc_sv.ts``;
per-field labels (injury and examination fields, vocabularies) live with their fields.

Each key is ``area.name`` and maps to ``(swedish, english)``; placeholders are ``str.format``
names and must be the same in both languages.  ``tests/test_texts.py`` checks that every key used
in the code exists, that both languages are filled in and differ (except the proper nouns and
bilingual strings in :data:`SAME_IN_BOTH`), and that the placeholders agree.  To add a text: add a
line here, call ``text("area.name", lang, ...)``.
"""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["sv", "en"]

TEXTS: Final[dict[str, tuple[str, str]]] = {
    # ----- The PDF report, the package README and the verifier's verdict -----
    "exam_report.title": ("Skadedokumentation", "Injury documentation"),
    "exam_report.subtitle": (
        "Dokumentation av skador efter våld – underlag för polis och rättsintyg",
        "Documentation of injuries after violence – for the police and forensic certificates",
    ),
    "exam_report.unit": ("Vårdenhet", "Care unit"),
    "exam_report.case": ("Ärende", "Case"),
    "exam_report.page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "exam_report.program": ("Skapad med injurydoc {version}", "Made with injurydoc {version}"),
    "exam_report.not_units_record": (
        "INTE ENHETENS JOURNAL – signerad på den här arbetsstationen efter att den signerats först på en "
        "annan. Enhetens journal är den som signerades först; det som skiljer skrivs som ett tillägg "
        "till den.",
        "NOT THE UNIT'S RECORD – signed on this workstation after it had been signed first on another one. "
        "The unit's record is the one signed first; what differs is written as an addendum to it.",
    ),
    "exam_report.protected_banner": (
        "SKYDDADE PERSONUPPGIFTER – lämna inte ut adress, telefon eller vistelseort",
        "PROTECTED PERSONAL DATA – do not disclose address, telephone or whereabouts",
    ),
    "exam_report.training_watermark": (
        "ÖVNING – INTE BEVIS / EXERCISE – NOT EVIDENCE",
        "ÖVNING – INTE BEVIS / EXERCISE – NOT EVIDENCE",
    ),
    "exam_report.sec_patient": ("Patient", "Patient"),
    "exam_report.sec_exam": ("Undersökning", "Examination"),
    "exam_report.sec_consent": (
        "Samtycke och rättslig grund för utlämnandet",
        "Consent and legal basis for this release",
    ),
    "exam_report.sec_account": ("Patientens egen berättelse", "The patient's own account"),
    "exam_report.sec_history": ("Anamnes", "History"),
    "exam_report.sec_strangulation": ("Strypvåld – frågor och svar", "Strangulation – questions and answers"),
    "exam_report.sec_findings": ("Fynd per skada", "Findings per injury"),
    "exam_report.sec_absent": ("Aktivt noterade negativa fynd", "Findings recorded as absent"),
    "exam_report.sec_other_findings": ("Övriga fynd", "Other findings"),
    "exam_report.sec_assessment": ("Undersökarens bedömning", "The examiner's assessment"),
    "exam_report.sec_concern": ("Orosanmälan och SIP", "Report of concern and coordinated plan (SIP)"),
    "exam_report.sec_bodymap": ("Kroppsmall", "Body map"),
    "exam_report.sec_photos": ("Fotografier per skada", "Photographs per injury"),
    "exam_report.sec_other_photos": ("Övriga fotografier", "Other photographs"),
    "exam_report.sec_photo_log": ("Fotologg", "Photo log"),
    "exam_report.sec_addenda": ("Tillägg efter signering", "Addenda after signing"),
    "exam_report.sec_signature": ("Underskrift", "Signature"),
    "exam_report.name": ("Namn", "Name"),
    "exam_report.personal_id": ("Identitetsnummer", "Identity number"),
    "exam_report.birth_date": ("Födelsedatum", "Date of birth"),
    "exam_report.sex": ("Kön", "Sex"),
    "exam_report.protection": ("Skydd", "Protection"),
    "exam_report.contacts": ("Kontaktuppgifter", "Contact details"),
    "exam_report.contacts_withheld": (
        "Lämnas inte ut – kontakt via Skatteverket eller handläggare",
        "Not disclosed – contact via the Swedish Tax Agency or the case handler",
    ),
    "exam_report.guardian_threat": (
        "Vårdnadshavare uppges vara hotet: inga uppgifter om vårdnadshavare, släkt eller skola",
        "A guardian is said to be the threat: no details of guardians, relatives or school",
    ),
    "exam_report.started": ("Journalen påbörjad", "Record started"),
    "exam_report.ended": ("Journalen avslutad", "Record closed"),
    "exam_report.examiner": ("Undersökare", "Examiner"),
    "exam_report.hsa_id": ("HSA-id", "HSA id"),
    "exam_report.nobody_else": (
        "Ingen utöver patient och undersökare",
        "Nobody besides patient and examiner",
    ),
    "exam_report.language": ("språk", "language"),
    "exam_report.follow_up_of": ("Uppföljning av", "Follow-up of"),
    "exam_report.signed_by": ("Signerad av", "Signed by"),
    "exam_report.signed_at": ("Signerad", "Signed"),
    "exam_report.content_hash": ("Innehållets SHA-256 vid signering", "SHA-256 of the content when signed"),
    "exam_report.signature_state": ("Undersökarens signatur", "The examiner's signature"),
    "exam_report.consent_scope": ("Samtycke", "Consent"),
    "exam_report.consent_decision": ("Beslut", "Decision"),
    "exam_report.recorded": ("Noterat", "Recorded"),
    "exam_report.legal_basis": ("Rättslig grund", "Legal basis"),
    "exam_report.decided_by": ("Beslutad av", "Decided by"),
    "exam_report.decided_at": ("Tidpunkt", "When"),
    "exam_report.reference": ("Polisens diarienummer / mottagare", "Police case number / recipient"),
    "exam_report.recipient": ("Mottagare", "Recipient"),
    "exam_report.exported_by": ("Utlämnad av", "Released by"),
    "exam_report.exported_at": ("Utlämnad", "Released"),
    "exam_report.basis_at_release": (
        "Beslutas vid utlämnandet (förhandsgranskning före signering)",
        "Decided at release (preview before signing)",
    ),
    "exam_report.not_recorded": ("Ej angivet", "Not recorded"),
    "exam_report.none_recorded": ("Inga", "None"),
    "exam_report.injury_no": ("Skada {n}", "Injury {n}"),
    "exam_report.location": ("Lokalisation", "Location"),
    "exam_report.size": ("Storlek", "Size"),
    "exam_report.size_value": ("{length} × {width} mm", "{length} × {width} mm"),
    "exam_report.size_depth": ("djup {depth} mm", "depth {depth} mm"),
    "exam_report.photos_of_injury": ("Fotografier", "Photographs"),
    "exam_report.no_injuries": ("Inga skador har dokumenterats.", "No injuries have been documented."),
    "exam_report.strang_asked_no": (
        "Frågorna om strypvåld ställdes inte.",
        "The strangulation questions were not asked.",
    ),
    "exam_report.strang_note": (
        "Synliga tecken saknas ofta efter strypvåld; svaren har betydelse ändå.",
        "Visible signs are often absent after strangulation; the answers still matter.",
    ),
    "exam_report.concern_made": ("Orosanmälan gjord", "Report of concern made"),
    "exam_report.concern_office": ("till", "to"),
    "exam_report.concern_grounds": ("grund", "grounds"),
    "exam_report.concern_not_made": ("Ingen orosanmälan noterad", "No report of concern recorded"),
    "exam_report.sip_called": ("SIP har kallats till", "A SIP meeting has been called"),
    "exam_report.sip_consent": ("med patientens samtycke", "with the patient's consent"),
    "exam_report.sip_not_called": ("Ingen SIP noterad", "No SIP recorded"),
    "exam_report.bodymap_front": ("Framsida", "Front"),
    "exam_report.bodymap_back": ("Baksida", "Back"),
    "exam_report.patient_right": ("patientens höger", "patient's right"),
    "exam_report.patient_left": ("patientens vänster", "patient's left"),
    "exam_report.photo_caption": (
        "Bild {n} · {role} · {time} · SHA-256 {hash}…",
        "Photo {n} · {role} · {time} · SHA-256 {hash}…",
    ),
    "exam_report.photo_no_role": ("roll ej angiven", "role not set"),
    "exam_report.photo_no_time": ("tagningstid okänd", "capture time unknown"),
    "exam_report.log_file_time": (
        "filens tid (inte tagningstid): {time}",
        "file time (not the capture time): {time}",
    ),
    "exam_report.log_decode_warning": (
        "VARNING: bildfilen är ofullständig (avkodad med fel; saknade delar visas grå)",
        "WARNING: the image file is incomplete (decoded with errors; missing parts are shown grey)",
    ),
    "exam_report.log_no": ("Nr", "No."),
    "exam_report.log_file": ("Originalfilnamn", "Original file name"),
    "exam_report.log_role": ("Roll", "Role"),
    "exam_report.log_injuries": ("Skador", "Injuries"),
    "exam_report.log_captured": ("Tagen (EXIF)", "Taken (EXIF)"),
    "exam_report.log_camera": ("Kamera", "Camera"),
    "exam_report.log_imported": ("Importerad", "Imported"),
    "exam_report.log_by": ("av", "by"),
    "exam_report.log_hash": ("SHA-256 (original)", "SHA-256 (original)"),
    "exam_report.log_gps_removed": (
        "platsuppgifter (GPS, XMP, IPTC) borttagna ur den utlämnade filen (bilddata oförändrade)",
        "location data (GPS, XMP, IPTC) removed from the released file (image data unchanged)",
    ),
    "exam_report.log_original_withheld": (
        "Originalet innehåller platsdata som inte kan tas bort utan omkodning; förhandsbild utlämnad",
        "The original holds location data that cannot be removed without re-encoding; preview released",
    ),
    "exam_report.no_photos": ("Inga fotografier.", "No photographs."),
    "exam_report.no_addenda": ("Inga tillägg.", "No addenda."),
    "exam_report.addendum_by": ("{when}, {who}", "{when}, {who}"),
    "exam_report.signature_text": (
        "Detta dokument är elektroniskt signerat av undersökaren. Signaturen omfattar hela filen; varje "
        "ändring efter signering upptäcks vid kontroll (injurydoc verify).",
        "This document is electronically signed by the examiner. The signature covers the whole file; "
        "any change after signing is detected on verification (injurydoc verify).",
    ),
    "exam_report.signature_box": ("Digitalt signerad av {name}", "Digitally signed by {name}"),
    "exam_report.sig_profession": ("{profession}, HSA-id {hsa}", "{profession}, HSA id {hsa}"),
    "exam_report.sig_certificate": ("Certifikat: {subject}", "Certificate: {subject}"),
    "exam_report.sig_issuer": ("Utfärdare: {issuer}", "Issuer: {issuer}"),
    "exam_report.sig_self_signed": (
        "Självsignerat certifikat – inte utfärdat av en betrodd organisation",
        "Self-signed certificate – not issued by a trusted organisation",
    ),
    "exam_report.sig_time": (
        "Signeringstid: se signaturens egenskaper i PDF-läsaren",
        "Signing time: see the signature's properties",
    ),
    "exam_report.timestamp_yes": ("Med tidsstämpel från {tsa}.", "With a timestamp from {tsa}."),
    "exam_report.timestamp_no": (
        "Utan betrodd tidsstämpel: ingen tidsstämpeltjänst var konfigurerad eller nåbar vid signeringen.",
        "Without a trusted timestamp: no timestamp service was configured or reachable when signing.",
    ),
    "exam_report.yes": ("Ja", "Yes"),
    "exam_report.no": ("Nej", "No"),
    # ----- The trainer's class summary PDF -----
    "class.title": ("Klassöversikt – dokumentationsövningar", "Class summary – documentation exercises"),
    "class.subtitle": (
        "Sammanställd ur deltagarnas resultatfiler. Ingen dokumentation ingår, bara poäng och punkter.",
        "Compiled from the trainees' results files. No documentation is included, only scores and points.",
    ),
    "class.produced": ("Sammanställd", "Compiled"),
    "class.results": ("Resultat", "Results"),
    "class.competent": ("Godkända (minst 85 %)", "Competent (at least 85 %)"),
    "class.mean": ("Medelpoäng", "Mean score"),
    "class.per_trainee": ("Per deltagare", "Per trainee"),
    "class.c_name": ("Deltagare", "Trainee"),
    "class.c_exercise": ("Övning", "Exercise"),
    "class.c_score": ("Poäng", "Score"),
    "class.c_competent": ("Godkänd", "Competent"),
    "class.c_mistakes": ("Fel", "Mistakes"),
    "class.yes": ("Ja", "Yes"),
    "class.no": ("Nej", "No"),
    "class.common": ("Vanligaste felen", "Most common mistakes"),
    "class.c_mistake": ("Fel", "Mistake"),
    "class.c_count": ("Antal deltagare", "Trainees"),
    "class.none": ("Inga fel i något resultat.", "No mistakes in any result."),
    "class.page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "class.watermark": (
        "ÖVNING – INTE BEVIS / EXERCISE – NOT EVIDENCE",
        "ÖVNING – INTE BEVIS / EXERCISE – NOT EVIDENCE",
    ),
    # ----- The unit's statistics report -----
    "stats.title": ("Uppföljningsstatistik", "Follow-up statistics"),
    "stats.subtitle": (
        "Våld i nära relationer – indikatorer för uppföljning, utan personuppgifter",
        "Violence in close relationships – follow-up indicators, without personal data",
    ),
    "stats.unit": ("Vårdenhet", "Care unit"),
    "stats.period": ("Period", "Period"),
    "stats.produced": ("Framtagen av", "Produced by"),
    "stats.produced_at": ("Framtagen", "Produced"),
    "stats.month": ("Månad", "Month"),
    "stats.total": ("Hela perioden", "Whole period"),
    "stats.training": ("Övningsdatabas – inte en riktig journal", "Training store – not a real record"),
    "stats.rule": (
        "Antal från 1 till 4 visas som <5. En summa som skulle avslöja ett sådant antal visas som ett "
        "intervall. Undersökningar, orosanmälningar, SIP och personer med skyddade personuppgifter "
        "räknas i den månad undersökningen skapades, foton när de lades in, utlämnanden när de gjordes "
        "och övningar när de påbörjades.",
        "Counts from 1 to 4 are shown as <5. A total that would reveal such a count is shown as a "
        "range. Examinations, concern reports, SIP and protected persons count in the month the "
        "examination was created, photos when imported, releases when made and exercises when started.",
    ),
    "stats.page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "stats.source": ("Källa", "Source"),
    "stats.source_unit": (
        "Enhetens server ({server}): undersökningar och foton från alla arbetsstationer, räknade i den "
        "månad de nådde servern",
        "The unit's server ({server}): examinations and photos from every workstation, counted in the "
        "month they reached the server",
    ),
    "stats.unit_not_covered": (
        "Inte med: utlämnanden till polis och övningar (de registreras bara på arbetsstationerna och "
        "visas som –), och fall som ännu bara finns på en arbetsstation (inte skickade än).",
        "Not included: releases to the police and training exercises (recorded only on the workstations, "
        "shown as –), and cases still only on a workstation (not sent yet).",
    ),
    "stats.unit_encrypted": (
        "För personer med skyddade personuppgifter är innehållet krypterat på servern: undersökningarna "
        "och personerna räknas, men inte deras ja/nej-svar (orosanmälan, SIP). Det gäller {n} "
        "undersökningar under perioden.",
        "For persons with protected personal data the content is encrypted on the server: the "
        "examinations and the persons are counted, but not their yes/no answers (concern report, SIP). "
        "This concerns {n} examinations in the period.",
    ),
    "stats.chart_exams": ("Undersökningar per månad", "Examinations per month"),
    "stats.chart_exports": (
        "Utlämnanden till polis per rättslig grund",
        "Releases to the police by legal basis",
    ),
    # ----- The access-log report (Loggkontroll) ------------------------------------------------------
    "log.row": ("rad {n}", "row {n}"),
    "log.title": ("Loggkontroll", "Access log review"),
    "log.subtitle": (
        "Utdrag ur åtkomstloggen (HSLF-FS 2016:40 4 kap. 9 §)",
        "Extract from the access log (HSLF-FS 2016:40 ch. 4 s. 9)",
    ),
    "log.unit": ("Vårdenhet", "Care unit"),
    "log.source": ("Källa", "Source"),
    "log.source_local": (
        "Den här datorns åtkomstlogg (fristående databas)",
        "This computer's access log (standalone store)",
    ),
    "log.source_unit": (
        "Enhetens server ({server}): åtkomstloggen för hela vårdenheten – varje arbetsstations "
        "loggposter och serverns egen registrering av varje läsning",
        "The unit's server ({server}): the access log of the whole care unit – every workstation's "
        "entries and the server's own record of every read",
    ),
    "log.c_workstation": ("Arbetsstation", "Workstation"),
    "log.ws_server": ("Enhetens server", "Unit server"),
    "log.ws_unknown": ("(okänd)", "(unknown)"),
    "log.filter": ("Urval", "Selection"),
    "log.produced": ("Framtagen av", "Produced by"),
    "log.produced_at": ("Framtagen", "Produced"),
    "log.rows": ("Antal rader", "Rows"),
    "log.truncated": (
        "Urvalet gav fler än {max} rader; bara de {max} första visas. Gör urvalet snävare.",
        "The selection matched more than {max} rows; only the first {max} are shown. Narrow it.",
    ),
    "log.no_rows": ("Inga loggrader matchar urvalet.", "No log rows match the selection."),
    "log.training": ("Övningsdatabas – inte en riktig journal", "Training store – not a real record"),
    "log.all": ("alla loggrader", "all log rows"),
    "log.f_account": ("konto {v}", "account {v}"),
    "log.f_patient": ("patient {v}", "patient {v}"),
    "log.f_action": ("händelse {v}", "action {v}"),
    "log.f_since": ("från {v}", "from {v}"),
    "log.f_until": ("till och med {v}", "up to and including {v}"),
    "log.f_until_before": ("före {v}", "before {v}"),
    "log.f_protected": ("endast personer med skyddade personuppgifter", "protected persons only"),
    "log.notice": (
        "Rapporten innehåller patientens id i programmet men inga namn eller personnummer.",
        "The report holds the patient's id in the program but no names or personal numbers.",
    ),
    "log.page": ("Sida {page} av {pages}", "Page {page} of {pages}"),
    "log.c_seq": ("Nr", "No."),
    "log.c_time": ("Tid", "Time"),
    "log.c_unit": ("Vårdenhet", "Care unit"),
    "log.c_account": ("Konto", "Account"),
    "log.c_action": ("Händelse", "Action"),
    "log.c_outcome": ("Utfall", "Outcome"),
    "log.c_patient": ("Patient (id)", "Patient (id)"),
    "log.c_target": ("Avser", "Target"),
    "log.c_details": ("Detaljer", "Details"),
    # ----- The signature check of a signed record (report row, editor banner, refusals) -----
    "signature.state.valid": ("Signaturen är giltig", "The signature is valid"),
    "signature.state.uncertified": (
        "Signaturen är giltig; nyckeln är ännu inte bekräftad av en enhetschef",
        "The signature is valid; the key is not yet confirmed by a unit manager",
    ),
    "signature.state.migrated": (
        "Signerad före personliga nycklar; innehållets kontrollsumma från {date} bekräftad av programmet "
        "vid uppgraderingen",
        "Signed before personal keys; the content hash from {date} confirmed by the program at the upgrade",
    ),
    "signature.state.legacy": (
        "Signerad före personliga nycklar; kontrollsumman stämmer (en enhetschef behöver logga in "
        "en gång för att uppgradera)",
        "Signed before personal keys; the content hash matches (a unit manager needs to sign in once "
        "to upgrade it)",
    ),
    "signature.state.unit_uncertified": (
        "Signerad med en nyckel som enheten inte har certifierat",
        "Signed by a key the unit has not certified",
    ),
    "signature.problem.unit_uncertified": (
        "signerarens nyckel {fingerprint} har inget certifikat från enhetsnyckeln; signaturen räknas när en "
        "enhetschef har certifierat den nyckeln och arbetsstationen har synkat",
        "the signer's key {fingerprint} has no certificate from the unit key; the signature counts once a "
        "unit manager has certified that key and the workstation has synced",
    ),
    "signature.problem.after_valid_before": (
        "signerarens nyckel {fingerprint} är certifierad av enhetsnyckeln bara för signeringar före "
        "{bound} (då kontot stängdes av); den här är daterad senare och räknas inte",
        "the signer's key {fingerprint} is certified by the unit key only for signatures before {bound} "
        "(when the account was disabled); this one is dated later and does not count",
    ),
    "signature.state.broken": ("SIGNATUREN ÄR BRUTEN", "THE SIGNATURE IS BROKEN"),
    "signature.state.draft": ("Utkast, inte signerad", "Draft, not signed"),
    "signature.problem.addendum_changed": ("ett tillägg har ändrats", "an addendum was changed"),
    "signature.problem.addendum_other_signer": (
        "ett tillägg är signerat av någon annan än författaren",
        "an addendum is signed by someone other than its author",
    ),
    "signature.problem.addendum_unsigned": ("ett tillägg saknar signatur", "an addendum has no signature"),
    "signature.problem.cert_not_unit": (
        "nyckelns certifikat är inte utfärdat av enhetens nyckel",
        "the key's certificate was not issued by the unit key",
    ),
    "signature.problem.cert_unreadable": (
        "nyckelns certifikat är oläsligt",
        "the key's certificate is unreadable",
    ),
    "signature.problem.content_changed": (
        "innehållet har ändrats efter signeringen",
        "the content was changed after signing",
    ),
    "signature.problem.hash_mismatch": (
        "den lagrade kontrollsumman stämmer inte",
        "the stored content hash does not match",
    ),
    "signature.problem.key_missing": (
        "signerarens nyckel finns inte i databasen",
        "the signer's key is not in the store",
    ),
    "signature.problem.mismatch": (
        "signaturen stämmer inte med innehållet",
        "the signature does not match the content",
    ),
    "signature.problem.missing": ("signaturen saknas", "the signature is missing"),
    "signature.problem.not_logged": (
        "åtkomstloggen har ingen uppgift om denna signering",
        "the access log has no record of this signing",
    ),
    "signature.problem.migrated_not_manager": (
        "migrerad signatur av någon som inte är enhetschef",
        "migrated signature made by someone who is not a unit manager",
    ),
    "signature.problem.migrated_date": (
        "migreringsmarkeringens datum stämmer inte med när posten signerades",
        "the migration marker's date does not match when the record was signed",
    ),
    "signature.problem.other_signer": (
        "signerad av någon annan än undersökaren",
        "signed by someone other than the examiner",
    ),
    "signature.problem.signed_as_draft": (
        "den har signerats men är lagrad som utkast igen (ändrad utanför programmet)",
        "it was signed but is stored as a draft again (changed outside the program)",
    ),
    "signature.problem.unreadable": (
        "den lagrade journalen går inte att läsa: den har ändrats utanför programmet eller skadats",
        "the stored record cannot be read: it was changed outside the program or damaged",
    ),
    "signature.problem.unknown_version": (
        "signerad i innehållsversion {version}, som detta program inte känner till (uppdatera programmet)",
        "signed in content version {version}, which this program does not know (update the program)",
    ),
    # ----- Access-log rows in words: events and detail keys (services/log_words.py) -----
    "log.event.addendum_added": ("tillägg skrivet", "addendum added"),
    "log.event.certificate_imported": ("certifikat importerat", "certificate imported"),
    "log.event.co_handler_added": ("medhandläggare tillagd", "co-handler added"),
    "log.event.created": ("skapad", "created"),
    "log.event.disabled": ("avstängt", "disabled"),
    "log.event.export_never_delivered": (
        "utlämning avbruten – paketet skrevs aldrig ut, inget lämnades ut",
        "release interrupted – the package was never delivered, nothing was released",
    ),
    "log.event.export_pending": ("utlämning påbörjad", "release started"),
    "log.event.export_recorded_at_start": (
        "utlämning registrerad vid nästa start (programmet avbröts efter att paketet skrivits)",
        "release recorded at the next start (the program stopped after writing the package)",
    ),
    "log.event.granted": ("åtkomst beviljad", "access granted"),
    "log.event.injury_added": ("skada tillagd", "injury added"),
    "log.event.injury_removed": ("skada borttagen", "injury removed"),
    "log.event.legal_basis_recorded": ("rättslig grund noterad", "legal basis recorded"),
    "log.event.keyring_key_refused": (
        "signeringsnyckeln i nyckelringen hör inte till kontots certifikat och används inte",
        "the signing key in the keyring does not belong to the account's certificate and is not used",
    ),
    "log.event.keyring_key_wrapped": (
        "signeringsnyckeln i nyckelringen skyddas nu med kontots lösenord",
        "the signing key in the keyring is now protected by the account's password",
    ),
    "log.event.listed": ("visad i lista", "shown in a list"),
    "log.event.lockout_file_damaged": (
        "filen med misslyckade inloggningar (signin-attempts.json) var skadad och har ersatts",
        "the failed sign-in file (signin-attempts.json) was damaged and has been replaced",
    ),
    "log.event.log_check_lookup": (
        "loggkontroll: patient sökt med personnummer",
        "log check: patient found by number",
    ),
    "log.event.password_changed": ("lösenord bytt", "password changed"),
    "log.event.password_reset": ("lösenord återställt", "password reset"),
    "log.event.photo_import": ("foton importerade", "photos imported"),
    "log.event.photo_import_started": ("fotoimport påbörjad", "photo import started"),
    "log.event.photo_import_interrupted": (
        "fotoimport avbruten (programmet stoppades) – bara de lagrade fotona finns; importera mappen igen",
        "photo import interrupted (the program stopped) – only the stored photos are there; "
        "import the folder again",
    ),
    "log.event.pkcs11_module_removed": (
        "sökväg till kortprogramvara (PKCS#11) funnen i databasen och borttagen – används aldrig därifrån",
        "a smart-card software (PKCS#11) path found in the store was removed – it is never used from there",
    ),
    "log.event.photo_removed": ("foto borttaget", "photo removed"),
    "log.event.report_preview": ("intyget förhandsgranskat", "report previewed"),
    "log.event.rekey_done": ("databasen har fått en ny datanyckel", "the store has a new data key"),
    "log.event.rekey_started": (
        "byte av databasens datanyckel påbörjat",
        "change of the store's data key started",
    ),
    "log.event.revoked": ("åtkomst återkallad", "access revoked"),
    "log.event.signing_key_created": ("signeringsnyckel skapad", "signing key created"),
    "log.event.token_configured": ("smart kort inställt", "smart card set up"),
    "log.detail.fields": ("fält", "fields"),
    "log.detail.number": ("nummer", "number"),
    "log.detail.reason": ("skäl", "reason"),
    "log.detail.hits": ("träffar", "hits"),
    "log.detail.pages": ("sidor", "pages"),
    "log.detail.kind": ("typ", "kind"),
    "log.detail.basis": ("grund", "basis"),
    "log.detail.photos": ("foton", "photos"),
    "log.detail.attempt": ("utlämningsförsök", "release attempt"),
    "log.detail.found_at": ("upptäckt", "found"),
    "log.detail.exported_by": ("utlämnad av", "released by"),
    "log.detail.files": ("filer", "files"),
    "log.detail.stored": ("lagrade", "stored"),
    "log.detail.imported_by": ("importerad av", "imported by"),
    "log.target.photo": ("foto", "photo"),
    "log.target.injury": ("skada", "injury"),
    "log.target.addendum": ("tillägg", "addendum"),
    # ----- The access log's chain check: what each kind of break says (store/audit_check.py); {x} from
    # Break.params, {x_gen} the genitive of a name.  No patient data: user names, row numbers, key names.
    "audit_chain.break.unit_key_damaged": (
        "enhetsnyckeln som finns i databasen är skadad",
        "the unit key recorded in the store is damaged",
    ),
    "audit_chain.break.unit_key_replaced": (
        "databasens enhetsnyckel {found} är inte den fästa {pinned}: den har bytts ut",
        "the store's unit key {found} is not the pinned one {pinned}: it has been replaced",
    ),
    "audit_chain.break.unit_key_removed": (
        "enhetsnyckeln har tagits bort ur en databas som hade personliga nycklar",
        "the unit key has been removed from a store that had personal keys",
    ),
    "audit_chain.break.triggers_removed": (
        "skyddande triggers borttagna: {names}",
        "protective triggers removed: {names}",
    ),
    "audit_chain.break.row_missing": ("rad {seq} saknas", "row {seq} is missing"),
    "audit_chain.break.row_not_chained": (
        "rad {seq} hänger inte ihop med raden före",
        "row {seq} does not chain to the row before it",
    ),
    "audit_chain.break.row_changed": (
        "innehållet i rad {seq} har ändrats",
        "the content of row {seq} has been changed",
    ),
    "audit_chain.break.keyed_missing": (
        "ingen signerad kontrollpunkt markerar rad {seq}, där databasen fick personliga nycklar",
        "no signed checkpoint marks row {seq}, where the store got personal keys",
    ),
    "audit_chain.break.signed_row_missing": (
        "rad {seq}, signerad av {who}, saknas",
        "row {seq}, signed by {who}, is missing",
    ),
    "audit_chain.break.changed_after_signed": (
        "raderna till och med {seq} har ändrats efter att {who} signerade dem; den som ändrade dem hade "
        "inte {who_gen} nyckel",
        "the rows up to {seq} were changed after {who} signed them; whoever changed them did not hold "
        "{who_gen} key",
    ),
    "audit_chain.break.checkpoint_writer": (
        "rad {seq} skrevs som {writer} men signerades som {who}",
        "row {seq} was written as {writer} but signed as {who}",
    ),
    "audit_chain.break.checkpoint_untrusted": (
        "kontrollpunkten vid rad {seq}: {who_gen} nyckel: {problem}",
        "the checkpoint at row {seq}: {who_gen} key: {problem}",
    ),
    "audit_chain.break.checkpoint_forged": (
        "kontrollpunkten vid rad {seq} är inte signerad med {who_gen} nyckel: gjord av någon utan den",
        "the checkpoint at row {seq} is not signed with {who_gen} key: made by someone without it",
    ),
    "audit_chain.break.signed_after_withdrawal": (
        "signerad med {who_gen} nyckel efter att den drogs in vid rad {withdrawn}",
        "signed with {who_gen} key after it was withdrawn at row {withdrawn}",
    ),
    "audit_chain.break.withdrawal_not_manager": (
        "rad {seq} drar in {subject_gen} nyckel men skrevs som {writer}, som inte är enhetschef",
        "row {seq} withdraws {subject_gen} key but was written as {writer}, who is not a unit manager",
    ),
    "audit_chain.break.slots_unreadable": (
        "rad {seq} anger nyckelplatserna i oläsbar form",
        "row {seq} records the key slots in an unreadable form",
    ),
    "audit_chain.break.slot_not_allowed": (
        "rad {seq} anger en ny nyckelplats för {subject} men skrevs som {writer}, som inte får utfärda en",
        "row {seq} records a new key slot for {subject} but was written as {writer}, who may not issue one",
    ),
    "audit_chain.break.slot_missing": (
        "{subject} saknar nyckelplats i {where}, till skillnad från vad loggen angav vid rad {row}: ändrat "
        "förbi programmet",
        "{subject} has no key slot in {where}, unlike what the log recorded at row {row}: changed around "
        "the program",
    ),
    "audit_chain.break.slot_other": (
        "{subject} har en annan nyckelplats i {where} än loggen angav vid rad {row}: ändrat förbi programmet",
        "{subject} has a key slot in {where} other than the log recorded at row {row}: changed around the "
        "program",
    ),
    "audit_chain.break.keyslots_unreadable": (
        "keyslots.json kan inte läsas: {detail}",
        "keyslots.json cannot be read: {detail}",
    ),
    "audit_chain.break.anchor_missing": (
        "ankarfilen audit-anchor.json saknas: de senaste raderna kan ha tagits bort med den",
        "the anchor file audit-anchor.json is missing: the newest rows may have been removed with it",
    ),
    "audit_chain.break.anchor_unreadable": ("ankarfilen går inte att läsa", "the anchor file is unreadable"),
    "audit_chain.break.anchor_unknown": (
        "ankarfilen är av okänt slag",
        "the anchor file is of an unknown kind",
    ),
    "audit_chain.break.anchor_altered": ("ankarfilen har ändrats", "the anchor file has been altered"),
    "audit_chain.break.rows_removed": (
        "raderna {first}–{last} har tagits bort (ankaret minns dem)",
        "rows {first}–{last} have been removed (the anchor remembers them)",
    ),
    "audit_chain.break.anchor_old_kind": (
        "ankaret är av det äldre slaget (nycklat från den delade datanyckeln) i en databas med personliga "
        "nycklar",
        "the anchor is of the old kind (keyed from the shared data key) in a store with personal keys",
    ),
    "audit_chain.break.anchor_row_v1": (
        "rad {seq} stämmer inte med det sparade ankaret",
        "row {seq} does not match the recorded anchor",
    ),
    "audit_chain.break.anchor_without_keys": (
        "ett signerat ankare i en databas utan personliga nycklar",
        "a signed anchor in a store without personal keys",
    ),
    "audit_chain.break.anchor_row_changed": (
        "rad {seq} stämmer inte längre med ankaret som {who} signerade",
        "row {seq} no longer matches the anchor {who} signed",
    ),
    "audit_chain.break.anchor_writer": (
        "ankaret vid rad {seq} signerades som {who}, som inte skrev den raden",
        "the anchor at row {seq} was signed as {who}, who did not write that row",
    ),
    "audit_chain.break.anchor_untrusted": (
        "ankaret: {who_gen} nyckel: {problem}",
        "the anchor: {who_gen} key: {problem}",
    ),
    "audit_chain.break.anchor_forged": (
        "ankaret är inte signerat med {who_gen} nyckel: gjort av någon utan den",
        "the anchor is not signed with {who_gen} key: made by someone without it",
    ),
    "audit_chain.break.pin_missing": (
        "{source} angav rad {seq} med kontrollsumman {hash}…; den raden saknas: rader har tagits bort eller "
        "skrivits om sedan dess",
        "{source} recorded row {seq} with hash {hash}…; that row is missing: rows were removed or rewritten "
        "since",
    ),
    "audit_chain.break.pin_other": (
        "{source} angav rad {seq} med kontrollsumman {hash}…; den raden har en annan kontrollsumma: rader "
        "har tagits bort eller skrivits om sedan dess",
        "{source} recorded row {seq} with hash {hash}…; that row has another hash: rows were removed or "
        "rewritten since",
    ),
    "audit_chain.made_with": (
        " (signaturen gjordes med {made_by_gen} nyckel)",
        " (the signature was made with {made_by_gen} key)",
    ),
    "audit_chain.between": ("mellan {after} och {before}", "between {after} and {before}"),
    # ----- The command line -----
    "cli.password": ("Lösenord: ", "Password: "),
    "cli.new_password": ("Nytt lösenord: ", "New password: "),
    "cli.repeat": ("Upprepa lösenordet: ", "Repeat the password: "),
    "cli.mismatch": ("Lösenorden är inte lika.", "The passwords differ."),
    "cli.manager": ("Enhetschefens användarnamn: ", "Unit manager's user name: "),
    "cli.manager_name": ("Enhetschefens namn: ", "Unit manager's full name: "),
    "cli.unit": ("Vårdenhetens namn: ", "Name of the care unit: "),
    "cli.recovery": ("Återställningskod: ", "Recovery code: "),
    "cli.no_stdin": ("Inget lösenord på standard in.", "No password on standard input."),
    "cli.created": ("Databasen har skapats i {path}.", "The store has been created in {path}."),
    "cli.recovery_banner": (
        "ÅTERSTÄLLNINGSKOD — visas bara nu. Skriv ner den på papper och förvara den inlåst.\nMed den "
        "kan en enhetschef sätta nytt lösenord för alla konton om ett lösenord glöms.",
        "RECOVERY CODE — shown only now. Write it on paper and keep it locked away.\nWith it a unit "
        "manager can set a new password for any account if one is forgotten.",
    ),
    "cli.chain_ok": (
        "Åtkomstloggen är hel: {rows} rader kontrollerade.",
        "The access log is whole: {rows} rows checked.",
    ),
    "cli.unit_key_banner": (
        "ENHETSNYCKELNS FINGERAVTRYCK — skriv det på samma papper som koden. Programmet jämför det vid\n"
        "varje inloggning på den här datorn; jämför själv vid loggkontroll (docs/store.md).",
        "UNIT KEY FINGERPRINT — write it on the same paper as the code. The program compares it at\n"
        "every sign-in on this computer; compare it yourself at each log review (docs/store.md).",
    ),
    "cli.init_usage": (
        "Ange antingen --store MAPP (en fristående databas) eller --server DSN --user NAMN (anslut den här "
        "arbetsstationen till enhetens server med ett konto som enhetschefen har lagt upp där).",
        "Give either --store DIR (a standalone store) or --server DSN --user NAME (connect this workstation "
        "to the unit's server with an account its unit manager has made there).",
    ),
    "cli.unit_already": (
        "Kontot {user} är redan anslutet på den här arbetsstationen. Logga in i programmet som vanligt; "
        "inget har ändrats.",
        "The account {user} is connected on this workstation already. Sign in to the program as usual; "
        "nothing was changed.",
    ),
    "cli.unit_connected": (
        "Arbetsstationen är ansluten till enheten {unit} för kontot {user}. Kontots krypterade lokala kopia "
        "finns i {path}; bara kontots eget lösenord öppnar den. Logga in i programmet som vanligt: det "
        "fungerar även utan nätverk, och ändringar skickas när servern går att nå.",
        "This workstation is connected to the unit {unit} for the account {user}. The account's encrypted "
        "local cache is in {path}; only the account's own password opens it. Sign in to the program as "
        "usual: it works without the network too, and changes are sent when the server can be reached.",
    ),
    "cli.unit_key": ("Enhetsnyckel: {fingerprint}", "Unit key: {fingerprint}"),
    "cli.audit_head": (
        "Senaste rad och dess kontrollsumma (skriv ner för att kunna kontrollera senare): {head}",
        "Newest row and its hash (write it down to check against later): {head}",
    ),
    "cli.audit_note": ("Obs: {note}", "Note: {note}"),
    "cli.bad_head": (
        "{value} är inte RAD:SHA256 (som skrivs ut av audit verify).",
        "{value} is not ROW:SHA256 (as printed by audit verify).",
    ),
    "cli.bad_backup": (
        "{path} är ingen läsbar säkerhetskopia med loggens senaste rad.",
        "{path} is not a readable backup that records the log's newest row.",
    ),
    "cli.bad_package_head": (
        "{path} är inget läsbart bevispaket som anger loggens senaste rad (kontrollera det med "
        "injurydoc verify).",
        "{path} is not a readable evidence package that records the log's newest row (check it with "
        "injurydoc verify).",
    ),
    "cli.rekey_plan": (
        "Ny datanyckel för: {keep}. {pages} sidor krypteras om. Alla andra måste vara utloggade.",
        "New data key for: {keep}. {pages} pages are re-encrypted. Everyone else must be signed out.",
    ),
    "cli.rekey_lose": (
        "Dessa konton har inte loggat in sedan personliga nycklar infördes och behöver nytt lösenord "
        "efteråt: {users}",
        "These accounts have not signed in since personal keys came and need a new password "
        "afterwards: {users}",
    ),
    "cli.rekey_progress": ("Omkryptering: {percent} %", "Re-encrypting: {percent} %"),
    "cli.rekey_done": (
        "Databasen har en ny datanyckel. Gamla kopior av keyslots.json öppnar den inte längre.",
        "The store has a new data key. Old copies of keyslots.json no longer open it.",
    ),
    "cli.backup_done": ("Säkerhetskopia skriven: {path}", "Backup written: {path}"),
    "cli.restored": (
        "Återställd till {path} (schema {schema}, {rows} loggrader kontrollerade).",
        "Restored to {path} (schema {schema}, {rows} log rows checked).",
    ),
    "cli.reset_done": ("Nytt lösenord satt för {user}.", "New password set for {user}."),
    "cli.bug": (
        "Ett oväntat fel inträffade i programmet. Ingenting har ändrats i efterhand. En felrapport utan "
        "patientuppgifter finns i {path}.",
        "An unexpected error occurred in the program. A report without patient data is in {path}.",
    ),
    # ----- The unit server's command line (injurydoc server) -----
    "cli.server.initialised": (
        "Enhetsservern är uppsatt: schema {schema}. Enheten {unit} har id {unit_id}; enhetschefen "
        "{manager} loggar in med en egen roll.",
        "The unit server is set up: schema {schema}. Unit {unit} has id {unit_id}; the unit manager "
        "{manager} signs in with a role of their own.",
    ),
    "cli.server.unit_added": (
        "Enheten {unit} har id {unit_id}; enhetschefen {manager} loggar in med en egen roll.",
        "Unit {unit} has id {unit_id}; the unit manager {manager} signs in with a role of their own.",
    ),
    "cli.server.training_unit_added": (
        "Övningsenheten {unit} har id {unit_id}; enhetschefen {manager} loggar in med en egen roll. Allt i "
        "den är övningar för alltid: dess konton gör övningsdatabaser på arbetsstationerna "
        "(injurydoc init --server … --training).",
        "Training unit {unit} has id {unit_id}; the unit manager {manager} signs in with a role of their "
        "own. Everything in it is an exercise for ever: its accounts make training stores on the "
        "workstations (injurydoc init --server … --training).",
    ),
    "cli.server.migrated": (
        "Schemat har flyttats från {before} till {after} ({ran}).",
        "Schema moved from {before} to {after} ({ran}).",
    ),
    "cli.server.at_target": (
        "Schemat är redan {after}; ingenting att göra.",
        "The schema is at {after} already; nothing to do.",
    ),
    "cli.server.account_added": (
        "Kontot {username} har skapats med egen inloggningsroll (roller: {roles}).",
        "The account {username} has been created with a login role of its own (roles: {roles}).",
    ),
    "cli.server.server_password": ("Ditt lösenord på enhetsservern: ", "Your password on the unit server: "),
    "cli.server.synced": (
        "Synkroniserat: {sent} poster skickade ({chunks} fotodelar), {left} kvar att skicka; "
        "{patients} patienter, {read} undersökningar hämtade, {conflicts} i konflikt, {removed} borttagna.",
        "Synchronised: {sent} records sent ({chunks} photo chunks), {left} left to send; "
        "{patients} patients, {read} examinations fetched, {conflicts} in conflict, {removed} removed.",
    ),
    "cli.server.sync_refused": (
        "Servern tog inte emot en post ({kind}): {reason}. Den ligger kvar i utkorgen.",
        "The server did not accept a record ({kind}): {reason}. It stays in the outbox.",
    ),
    "cli.server.import_summary": (
        "Flyttat nu: {moved}. Fanns redan på servern: {already}.",
        "Moved now: {moved}. Already on the server: {already}.",
    ),
    "cli.server.import_nothing": ("inget", "nothing"),
    "cli.server.import_kinds": (
        "patient={patient} undersökning={examination} version={version} foto={photo} signatur={signature} "
        "tillägg={addendum} logg={log} nyckel={keys}",
        "patient={patient} examination={examination} version={version} photo={photo} signature={signature} "
        "addendum={addendum} log={log} key={keys}",
    ),
    "cli.server.import_accounts": (
        "Konton skapade på servern med databasens identitet: {names}. De har inget känt lösenord: sätt ett "
        "lösenord för var och en (chefssidan, Konton → Nytt lösenord) innan de loggar in.",
        "Accounts made on the server with the store's identity: {names}. They have no known password: set a "
        "password for each (the manager page, Accounts → New password) before they sign in.",
    ),
    "cli.server.import_store_root": (
        "Den flyttade databasens enhetsnyckel: {fingerprint}. Jämför med databasens papper; med det "
        "certifierar enhetschefen databasens nycklar på chefssidan "
        "(Konton → Nycklar från en flyttad databas).",
        "The moved store's unit key: {fingerprint}. Compare it with the store's paper; with it the unit "
        "manager certifies the store's keys on the manager page (Accounts → Keys from a moved store).",
    ),
    "cli.server.import_key_holders": (
        "Avstängda konton skapade på servern: {names}. De håller nyckeln som databasens enhetschef "
        "migrerade gamla signeringar med (serverns eget konto med samma användarnamn har en annan "
        "identitet); ingen loggar in med dem och de behöver inget lösenord.",
        "Disabled accounts made on the server: {names}. They hold the key the store's unit manager "
        "migrated old signings with (the server's own account of that user name has another identity); "
        "nobody signs in with them and they need no password.",
    ),
    "cli.server.import_protected": (
        "Personer med skyddade personuppgifter: {patients} ({exams} undersökningar), på servern endast som "
        "krypterad text; {grants} behörigheter och medhandläggare registrerade nu.",
        "Persons with protected personal data: {patients} ({exams} examinations), on the server as "
        "ciphertext only; {grants} grants and co-handlers recorded now.",
    ),
    "cli.server.import_wraps_waiting": (
        "Kan ännu inte öppna skyddade ärenden de har rätt till: {names}. Nyckeln lindas in för dem vid nästa "
        "synkronisering av en arbetsstation som har den (eller när importen körs igen), när de har anslutit "
        "en egen arbetsstation (och enhetsnyckeln har certifierat den, där enheten har en).",
        "Cannot open the protected cases they are allowed yet: {names}. The key is wrapped for them at the "
        "next sync of a workstation holding it (or when the import runs again), once they have connected a "
        "workstation of their own (and the unit key has certified it, where the unit has one).",
    ),
    "cli.server.import_left": ("Inte flyttad: {case} – {reason}", "Not moved: {case} – {reason}"),
    "cli.server.import_reason.broken": (
        "signaturen stämmer inte med innehållet i databasen (ändrat efter signering?): undersök med "
        "injurydoc check",
        "the signature does not match the content in the store (changed after signing?): examine with "
        "injurydoc check",
    ),
    "cli.server.import_reason.old_format": (
        "signerad före signaturer och ännu inte migrerad (logga in som enhetschef i den fristående "
        "databasen först), eller i ett okänt innehållsformat: stannar i den fristående databasen",
        "signed before signatures and not migrated yet (sign in as a unit manager in the standalone store "
        "first), or in an unknown content format: stays in the standalone store",
    ),
    "cli.server.import_reason.protected_no_key": (
        "skyddad person vars nyckel enhetschefen inte har i den fristående databasen: stannar där",
        "protected person whose key the unit manager does not hold in the standalone store: stays there",
    ),
    "cli.server.import_reason.protected_old_content": (
        "skyddad person, signerad i ett tidigare innehållsformat (de signerade byten skulle gå i klartext): "
        "stannar i den fristående databasen",
        "protected person, signed in an earlier content format (the signed bytes would go in plain text): "
        "stays in the standalone store",
    ),
    "cli.server.import_reason.follows_left": (
        "uppföljning av en undersökning som inte flyttades",
        "follow-up of an examination that was not moved",
    ),
    "cli.server.import_refused": (
        "Servern vägrade ta emot en post ({reason}); det som skickats finns kvar, kör importen igen när "
        "orsaken är åtgärdad.",
        "The server refused a record ({reason}); what was sent stays; run the import again once the cause "
        "is dealt with.",
    ),
    "cli.server.import_verified": (
        "Kontrollerat efter flytten (läst tillbaka via serverns loggade läsningar): {verified} "
        "undersökningar lika; loggposter {log_server} av {log_store} på servern.",
        "Verified after the move (read back through the server's logged reads): {verified} examinations "
        "equal; log entries {log_server} of {log_store} on the server.",
    ),
    "cli.server.import_differs": ("SKILLNAD: {case} – {what}", "DIFFERENCE: {case} – {what}"),
    "cli.server.import_ok": (
        "Flytten är klar och kontrollerad. Den fristående databasen är oförändrad.",
        "The move is complete and verified. The standalone store is unchanged.",
    ),
    "cli.server.import_not_ok": (
        "Flytten är INTE helt klar: se ovan. Den fristående databasen är oförändrad.",
        "The move is NOT complete: see above. The standalone store is unchanged.",
    ),
    "cli.server.store_password": (
        "Lösenord till den fristående databasen: ",
        "The standalone store's password: ",
    ),
    "cli.server.none": ("ingen", "none"),
    "cli.server.unknown_schema": ("okänd för det här programmet", "unknown to this program"),
    "cli.server.on": ("på", "on"),
    "cli.server.off": ("av", "off"),
    "cli.server.h_server": ("Server", "Server"),
    "cli.server.h_database": ("Databas", "Database"),
    "cli.server.h_schema": ("Schema", "Schema"),
    "cli.server.h_program_schema": ("Programmets schema", "Program's schema"),
    "cli.server.h_pending": ("Väntande migreringar", "Pending migrations"),
    "cli.server.h_tls": ("TLS (ssl) på servern", "TLS (ssl) on the server"),
    "cli.server.h_tls_here": ("TLS på den här anslutningen", "TLS on this connection"),
    "cli.server.h_password_enc": ("Lösenordskryptering", "Password encryption"),
    "cli.server.h_role": ("Roll", "Role"),
    "cli.server.primary": ("primär", "primary"),
    "cli.server.standby": ("standby (skrivskyddad replik)", "standby (read-only replica)"),
    "cli.server.h_standbys": ("Repliker", "Standbys"),
    "cli.server.h_units": ("Enheter", "Units"),
    "cli.server.unit_line": (
        "  {name} ({purpose}): {active} aktiva konton av {accounts}, {managers} enhetschef(er)",
        "  {name} ({purpose}): {active} active accounts of {accounts}, {managers} unit manager(s)",
    ),
    "cli.server.training_line": (
        "    övning: {exercises} övningar, {attempts} påbörjade försök, {results} inskickade resultat",
        "    training: {exercises} exercises, {attempts} attempts started, {results} results submitted",
    ),
    "cli.server.purpose_real": ("riktig enhet", "real unit"),
    "cli.server.purpose_training": ("ÖVNINGSENHET", "TRAINING UNIT"),
    "cli.server.h_rows": ("Rader", "Rows"),
    "cli.server.h_photos": ("Foton", "Photos"),
    "cli.server.photos_line": (
        "{blobs} lagrade ({size}), {unfinished} ofullständiga överföringar",
        "{blobs} stored ({size}), {unfinished} unfinished uploads",
    ),
    "cli.server.h_db_size": ("Databasens storlek", "Database size"),
    "cli.server.h_workstations": ("Arbetsstationer, senaste synk", "Workstations, last sync"),
    "cli.server.never": ("aldrig", "never"),
    "cli.server.h_photo_check": ("Kontroll av fotonas SHA-256", "Check of the photos' SHA-256"),
    "cli.server.photo_check": (
        "{checked} kontrollerade, {broken} stämmer inte",
        "{checked} checked, {broken} do not match",
    ),
    # ----- The verifier's verdict (injurydoc verify) -----
    "verdict.package": ("Kontroll av bevispaket: {package}", "Checking evidence package: {package}"),
    "verdict.case": ("Ärende: {case}", "Case: {case}"),
    "verdict.signer": ("Signerat av: {signer}", "Signed by: {signer}"),
    "verdict.unreadable": (
        "FEL: filen kan inte läsas som bevispaket: {reason}",
        "FAIL: not readable as a package: {reason}",
    ),
    "verdict.fail_mark": ("FEL ", "FAIL"),
    "verdict.no_timestamp": (
        "  Signaturen saknar betrodd tidsstämpel; signeringstiden är undersökarens egen uppgift.",
        "  The signature has no trusted timestamp; the signing time is the signer's own claim.",
    ),
    "verdict.readme_unsigned": (
        "  Paketet har det äldre formatet 1: README.txt omfattas inte av signaturen. Den är bara "
        "en bruksanvisning; allt annat i paketet är kontrollerat.",
        "  The package has the older format 1: README.txt is not covered by the signature. "
        "It is only a guide; everything else in the package has been checked.",
    ),
    "verdict.failed": (
        "RESULTAT: PAKETET KAN INTE LITAS PÅ — {checks} misslyckades.",
        "VERDICT: THE PACKAGE CANNOT BE TRUSTED — {checks} failed.",
    ),
    "verdict.exercise": (
        "RESULTAT: Paketet är oförändrat, men det är en ÖVNING – INTE BEVIS.",
        "VERDICT: The package is intact, but it is an EXERCISE – NOT EVIDENCE.",
    ),
    "verdict.untrusted": (
        "RESULTAT: Innehållet är oförändrat sedan signeringen, men vem som signerade kan inte "
        "bekräftas: certifikatet är inte utfärdat av en betrodd organisation (ange organisationens "
        "CA med --trust).",
        "VERDICT: The content is unchanged since signing, but who signed cannot be confirmed: "
        "the certificate is not issued by a trusted organisation (give the organisation's CA "
        "with --trust).",
    ),
    # ----- The verifier's checks, by check code -----
    "verdict.check.zip": ("Zip-filens poster är säkra", "The zip entries are safe"),
    "verdict.check.manifest": ("Manifestet går att läsa", "The manifest can be read"),
    "verdict.check.files": (
        "Inga filer saknas och inga har tillkommit",
        "No file is missing and none was added",
    ),
    "verdict.check.hashes": (
        "Varje fils SHA-256 stämmer med manifestet",
        "Every file's SHA-256 matches the manifest",
    ),
    "verdict.check.sums": ("SHA256SUMS stämmer", "SHA256SUMS matches"),
    "verdict.check.manifest_signature": (
        "Manifestets signatur är giltig",
        "The manifest's signature is valid",
    ),
    "verdict.check.pdf_signature": ("Rapportens signatur är giltig", "The report's signature is valid"),
    "verdict.check.pdf_coverage": (
        "Signaturen omfattar hela rapporten, inget är ändrat efter signering",
        "The signature covers the whole report; nothing was changed after signing",
    ),
    "verdict.check.same_signer": (
        "Samma person har signerat rapport och manifest",
        "The same person signed report and manifest",
    ),
    "verdict.check.trust": (
        "Certifikatet är utfärdat av en betrodd organisation",
        "The certificate is issued by a trusted organisation",
    ),
    "verdict.check.originals": (
        "Foton som lämnats ut oförändrade är originalfilerna (SHA-256 från importen)",
        "Photos released unchanged are the original files (SHA-256 from the import)",
    ),
    "verdict.check.photo_log": (
        "Rapportens fotologg stämmer med filerna",
        "The report's photo log agrees with the files",
    ),
    "verdict.check.signed_content": (
        "Det utlämnade innehållet är det som undersökaren signerade vid signeringen",
        "The released content is what the examiner signed at the time of signing",
    ),
    "verdict.ok": (
        "RESULTAT: Paketet är oförändrat och alla kontroller godkändes.",
        "VERDICT: The package is intact and every check passed.",
    ),
    # ----- The command line: demo store and signing key -----
    "cli.demo_created": ("Övningsdatabas skapad i {path}", "Training store created in {path}"),
    "cli.demo_accounts": (
        "Konton (användarnamn / lösenord / roller):",
        "Accounts (user / password / roles):",
    ),
    "cli.demo_exams": ("Undersökningar:", "Examinations:"),
    "cli.demo_photos": ("{n} foton", "{n} photos"),
    "cli.demo_exercises": ("Övningar (börja på startsidan):", "Exercises (start them on the start page):"),
    "cli.demo_recovery": ("Återställningskod: {code}", "Recovery code: {code}"),
    "cli.key_none": ("Ingen signeringsnyckel.", "No signing key."),
    "cli.key_kind": ("Typ: {kind} ({location})", "Kind: {kind} ({location})"),
    "cli.key_subject": ("Certifikat: {subject}", "Certificate: {subject}"),
    "cli.key_issuer": ("Utfärdare: {issuer}", "Issuer: {issuer}"),
    "cli.key_not_after": ("Giltigt till: {date}", "Valid until: {date}"),
    "cli.file_exists": ("{path} finns redan", "{path} already exists"),
    "cli.request_written": (
        "Begäran skriven till {path} – lämna den till organisationens CA.",
        "Request written to {path} – hand it to your CA.",
    ),
    "cli.exercise_counts": (
        "Foton: {photos}; förväntade skador: {injuries}",
        "Photos: {photos}; expected injuries: {injuries}",
    ),
    "cli.key_waiting": ("Väntar på certifikat från CA.", "Waiting for the certificate from the CA."),
    # ----- Drawn into the bundled exercises' ID photos (scripts/build_exercises.py) -----
    "app.exercise_photo_label": ("ÖVNING – INTE EN RIKTIG PATIENT", "EXERCISE – NOT A REAL PATIENT"),
    # ----- Odd strings elsewhere -----
    "exam_report.concern_label": ("Orosanmälan", "Report of concern"),
    "app.protected_person": ("Skyddad person", "Protected person"),
    "app.crash": (
        "Ett oväntat fel inträffade i programmet. Det du redan sparat finns kvar.\n\n"
        "En felrapport utan patientuppgifter har sparats i:\n{path}",
        "An unexpected error occurred in the program. What you already saved is kept.\n\n"
        "A report without patient data has been saved in:\n{path}",
    ),
    "app.name": ("Skadedokumentation", "Injury documentation"),
    # ----- The unit server's refusals (server/errors.py, ServerError: code server.<name>) -----
    "server_error.connect": (
        "Kunde inte ansluta till enhetsservern. Kontrollera adressen (DSN), att servern är igång och "
        "nätverket. Arbetet kan fortsätta på den här datorn.",
        "Could not connect to the unit server. Check the address (DSN), that the server is running and the "
        "network. Work can go on on this computer.",
    ),
    "server_error.auth": (
        "Enhetsservern godtog inte användarnamnet eller lösenordet.",
        "The unit server did not accept the user name or password.",
    ),
    "server_error.denied": (
        "Enhetsservern vägrade: kontot har inte behörighet till detta.",
        "The unit server refused: the account is not authorised for this.",
    ),
    "server_error.import_not_manager": (
        "Bara en enhetschef kan flytta en fristående databas till enhetsservern: både i databasen "
        "(vars lösenord öppnar den) och på servern (sin egen inloggning). Ingenting har skickats.",
        "Only a unit manager can move a standalone store to the unit server: both in the store (whose "
        "password opens it) and on the server (their own login). Nothing was sent.",
    ),
    "server_error.import_unit_key_closed": (
        "Databasen har migrerade signaturer, och enhetsservern tar dem bara med databasens enhetsnyckels "
        "intyg om markeringen, men enhetsnyckeln går inte att öppna med dina nycklar. Logga in i den "
        "fristående databasen en gång (då förseglas enhetsnyckeln till dig) eller låt en annan enhetschef "
        "i databasen flytta den. Ingenting har skickats.",
        "The store holds migrated signatures, and the unit server takes them only with the store's unit "
        "key's attestation of their marker, but the unit key does not open with your keys. Sign in to the "
        "standalone store once (the unit key is then sealed to you) or let another unit manager of the "
        "store move it. Nothing was sent.",
    ),
    "server_error.import_purpose_real": (
        "Det här är en övningsdatabas och enheten på servern är en riktig enhet: övningar flyttas aldrig in "
        "bland riktiga fall. Flytta den till en övningsenhet (injurydoc server add-unit --training) med den "
        "enhetens chef. Ingenting har skickats.",
        "This is a training store and the unit on the server is a real unit: exercises are never moved in "
        "among real cases. Move it into a training unit (injurydoc server add-unit --training) with that "
        "unit's manager. Nothing was sent.",
    ),
    "server_error.import_purpose_training": (
        "Enheten på servern är en övningsenhet och det här är en riktig databas: riktiga fall blir aldrig "
        "övningar. Flytta den till enhetens riktiga enhet med dess chef. Ingenting har skickats.",
        "The unit on the server is a training unit and this is a real store: real cases never become "
        "exercises. Move it into the unit's real unit with its manager. Nothing was sent.",
    ),
    "server_error.import_account_clash": (
        "Kontot {names} finns redan på enhetsservern men med en annan identitet än i databasen. Deras "
        "signerade journalanteckningar namnger kontot i databasen och kan inte flyttas utan att signeras om, "
        "vilket aldrig görs. Be serverns ägare byta användarnamn på serverns konto (eller ta bort det om det "
        "är oanvänt) och kör importen igen. Ingenting har skickats.",
        "The account {names} exists on the unit server already, but with another identity than in the "
        "store. Their signed records name the store's account and cannot move without being signed again, "
        "which is never done. Ask the server's owner to rename the server's account (or remove it if it is "
        "unused) and run the import again. Nothing was sent.",
    ),
    "server_error.import_photo_missing": (
        "Ett foto i journalanteckning {case} saknar sina originalbyte i databasen. Kontrollera databasen "
        "(injurydoc check) innan den flyttas.",
        "A photo of record {case} lacks its original bytes in the store. Check the store (injurydoc check) "
        "before moving it.",
    ),
    "server_error.no_account": (
        "Inloggningen är inget aktivt konto på enhetsservern (avstängt, eller en roll som inte hör till "
        "programmet).",
        "This login is no active account on the unit server (disabled, or a role that does not belong to "
        "the program).",
    ),
    "server_error.immutable": (
        "Enhetsservern vägrade att ändra något som redan är signerat, loggat eller lagrat. Ingenting har "
        "ändrats; skriv ett tillägg i stället.",
        "The unit server refused to change something already signed, logged or stored. Nothing has been "
        "changed; write an addendum instead.",
    ),
    "server_error.unit_key_replaced": (
        "Enhetsnyckeln på enhetsservern är inte den som den här arbetsstationen fäste ({expected}); servern "
        "har nu {found}. Någon med full åtkomst till servern kan ha bytt ut den. Ingenting synkas och inga "
        "nycklar till skyddade personer lämnas ut förrän det är utrett: kontakta enhetschefen och IT.",
        "The unit key on the unit server is not the one this workstation pinned ({expected}); the server "
        "now has {found}. Someone with full access to the server may have replaced it. Nothing is synced "
        "and no protected person's key is handed out until this is cleared up: tell the unit manager and IT.",
    ),
    "server_error.unit_key_gone": (
        "Enhetsnyckeln ({expected}) som den här arbetsstationen fäste finns inte längre på enhetsservern. "
        "Någon med full åtkomst till servern kan ha tagit bort den. Ingenting synkas och inga nycklar till "
        "skyddade personer lämnas ut förrän det är utrett: kontakta enhetschefen och IT.",
        "The unit key ({expected}) this workstation pinned is no longer on the unit server. Someone with "
        "full access to the server may have removed it. Nothing is synced and no protected person's key is "
        "handed out until this is cleared up: tell the unit manager and IT.",
    ),
    "server_error.unit_key_mismatch": (
        "Enhetsnyckeln på enhetsservern ({found}) är inte den som anslutningsfilen eller papperet anger "
        "({expected}). Ingenting har skapats. Jämför med enhetschefens papper och kontakta IT.",
        "The unit key on the unit server ({found}) is not the one the connection file or the paper names "
        "({expected}). Nothing was made. Compare with the unit manager's paper and tell IT.",
    ),
    "server_error.key_fingerprint_mismatch": (
        "Nyckeln du skrev ska vara den som {user}s arbetsstation visar, men den stämmer inte med {user}s "
        "nyckel på servern. Ingenting har certifierats. Be {user} läsa upp den igen; om den fortfarande "
        "skiljer sig är nyckeln på servern inte {user}s: kontakta IT.",
        "The key you typed does not match {user}'s key on the server (it should be the one {user}'s "
        "workstation shows). Nothing was certified. Ask {user} to read it out again; if it still differs, "
        "the key on the server is not {user}'s: tell IT.",
    ),
    "server_error.moved_store_mismatch": (
        "Fingeravtrycket du skrev är inte det för någon flyttad databas vars nycklar väntar på certifiering. "
        "Ingenting har certifierats. Skriv av det från den flyttade databasens papper (enhetsnyckelns "
        "fingeravtryck, visat när databasen skapades och i importens sammanfattning); om det ändå inte "
        "stämmer är nycklarna på servern inte den databasens: kontakta IT.",
        "The fingerprint you typed is not that of any moved store whose keys await certification. Nothing "
        "was certified. Copy it from the moved store's paper (its unit key's fingerprint, shown when the "
        "store was made and in the import's summary); if it still does not match, the keys on the server "
        "are not that store's: tell IT.",
    ),
    "server_error.unit_key_confirm_mismatch": (
        "Enhetsnyckeln som den här arbetsstationen fäste ({found}) är inte den du skrev ({expected}). Den är "
        "fortfarande obekräftad: nycklar till skyddade personer lämnas inte ut till kollegor härifrån. "
        "Jämför med enhetschefens papper; om de skiljer sig, dokumentera ingenting här och kontakta "
        "enhetschefen och IT.",
        "The unit key this workstation pinned ({found}) is not the one you typed ({expected}). It stays "
        "unconfirmed: no protected person's key is handed to colleagues from here. Compare with the unit "
        "manager's paper; if they differ, document nothing here and tell the unit manager and IT.",
    ),
    "server_error.unit_key_unconfirmed": (
        "Enhetsnyckeln på den här arbetsstationen är inte bekräftad än. Jämför den med enhetschefens papper "
        "och bekräfta den (synkraden, Bekräfta enhetsnyckeln) innan du certifierar nycklar.",
        "The unit key on this workstation is not confirmed yet. Compare it with the unit manager's paper and "
        "confirm it (the sync status line, Confirm the unit key) before certifying keys.",
    ),
    "server_error.unit_key_not_pinned": (
        "Den här arbetsstationen har ingen enhetsnyckel att bekräfta (enheten har ingen ännu).",
        "This workstation has no unit key to confirm (the unit has none yet).",
    ),
    "server_error.unit_key_not_held": (
        "Den här arbetsstationen kan inte öppna enhetsnyckeln: den har inte förseglats till ditt konto här. "
        "Be en enhetschef som har den att certifiera dina nycklar, eller skapa enhetsnyckeln om enheten "
        "saknar en.",
        "This workstation cannot open the unit key: it has not been sealed to your account here. Ask a "
        "unit manager who holds it to certify your keys, or create the unit key if the unit has none.",
    ),
    "server_error.invalid": (
        "Enhetsservern vägrade ett ogiltigt värde ({detail}). Ingenting har sparats.",
        "The unit server refused an invalid value ({detail}). Nothing has been saved.",
    ),
    "server_error.duplicate": (
        "Det finns redan på enhetsservern.",
        "It already exists on the unit server.",
    ),
    "server_error.protected_no_key": (
        "Ett fall med skyddade personuppgifter väntar på att skickas: personens nyckel är inte öppen på den "
        "här datorn just nu. Logga in igen; fallet ligger kvar här och skickas krypterat då. Ingenting "
        "har skickats okrypterat.",
        "A case with protected personal data is waiting to be sent: the person's key is not open on this "
        "computer right now. Sign in again; the case stays here and is then sent encrypted. Nothing has "
        "been sent unencrypted.",
    ),
    "server_error.protected_plain": (
        "Uppgifter om en person med skyddade personuppgifter måste krypteras på datorn innan de skickas. "
        "Enhetsservern tog inte emot dem.",
        "Data about a person with protected personal data must be encrypted on the computer before it is "
        "sent. The unit server did not accept it.",
    ),
    "server_error.username": (
        "Användarnamnet är upptaget eller inte tillåtet på enhetsservern (a–z, 0–9, punkt, bindestreck, "
        "understreck; 2–32 tecken; inte pg_ eller injurydoc i början).",
        "The user name is taken or not allowed on the unit server (a–z, 0–9, dot, hyphen, underscore; 2–32 "
        "characters; not starting with pg_ or injurydoc).",
    ),
    "server_error.read_order": (
        "En läsning måste begäras (och loggas) i en egen transaktion innan uppgifterna hämtas.",
        "A read must be requested (and logged) in a transaction of its own before the data is fetched.",
    ),
    "server_error.schema_missing": (
        "Databasen har inget injurydoc-schema. Kör: injurydoc server init --dsn …",
        "The database has no injurydoc schema. Run: injurydoc server init --dsn …",
    ),
    "server_error.schema_outdated": (
        "Enhetsserverns schema ({version}) är äldre än programmets ({head}). Be IT köra: "
        "injurydoc server migrate --dsn …",
        "The unit server's schema ({version}) is older than the program's ({head}). Ask IT to run: "
        "injurydoc server migrate --dsn …",
    ),
    "server_error.schema_too_new": (
        "Enhetsserverns schema ({version}) är nyare än det här programmet känner till (högst {head}). "
        "Uppdatera programmet.",
        "The unit server's schema ({version}) is newer than this program knows (at most {head}). Update "
        "the program.",
    ),
    "server_error.schema_unknown": (
        "Enhetsserverns schemaversion {version} är okänd för programmet.",
        "The unit server's schema version {version} is unknown to the program.",
    ),
    "server_error.revision_unknown": (
        "Schemaversionen {version} finns inte. Kända versioner: {known}, samt head och base.",
        "Schema version {version} does not exist. Known versions: {known}, and head and base.",
    ),
    "server_error.already_initialised": (
        "Enhetsservern är redan uppsatt (det finns {units} enhet(er)). Lägg till en enhet med "
        "injurydoc server add-unit.",
        "The unit server is set up already ({units} unit(s) exist). Add a unit with "
        "injurydoc server add-unit.",
    ),
    "server_error.not_owner": (
        "Rollen saknar rätt att skapa schemat eller inloggningsroller. Kör som databasens ägare med "
        "CREATEROLE (se docs/server.md).",
        "The role may not create the schema or login roles. Run as the database owner with CREATEROLE "
        "(see docs/server.md).",
    ),
    "server_error.photo_mismatch": (
        "Bildens byte stämmer inte med dess SHA-256 på enhetsservern. De har kastats och skickas om.",
        "The photo's bytes do not match its SHA-256 on the unit server. They were discarded and will be "
        "sent again.",
    ),
    "server_error.photo_incomplete": (
        "Alla delar av bilden har inte kommit fram till enhetsservern ännu; överföringen fortsätter.",
        "Not all parts of the photo have reached the unit server yet; the transfer goes on.",
    ),
    "server_error.error": (
        "Enhetsservern svarade med ett fel (SQLSTATE {sqlstate}). Ingenting har ändrats. Kontakta IT om "
        "det upprepas.",
        "The unit server answered with an error (SQLSTATE {sqlstate}). Nothing has been changed. Contact "
        "IT if it happens again.",
    ),
    "server_error.bad_content": (
        "Enhetsservern skickade något som inte går att läsa som en journaluppgift ({what}). Det togs inte "
        "emot och ingenting på den här datorn har ändrats. Kontakta IT: uppgifterna på servern kan vara "
        "skadade eller ändrade.",
        "The unit server sent something that cannot be read as a record ({what}). It was not taken in and "
        "nothing on this computer has changed. Contact IT: the data on the server may be damaged or "
        "altered.",
    ),
    # ----- The statistics' indicators and legal bases (services/statistics.py) -----
    "stats.indicator.examinations": ("Undersökningar", "Examinations"),
    "stats.indicator.follow_ups": ("Uppföljande undersökningar", "Follow-up examinations"),
    "stats.indicator.photos": ("Fotografier", "Photos"),
    "stats.indicator.protected_persons": ("Personer med skyddade personuppgifter", "Protected persons"),
    "stats.indicator.exercises": ("Övningar genomförda", "Training exercises run"),
    "stats.indicator.exports": ("Utlämnanden till polis: {basis}", "Releases to the police: {basis}"),
    "stats.basis.consent": ("samtycke", "consent"),
    "stats.basis.rattsintyg_request": ("rättsintyg (2005:225)", "forensic certificate (2005:225)"),
    "stats.basis.osl_10_23": ("OSL 10:23", "OSL 10:23"),
    "stats.basis.osl_10_21": ("OSL 10:21", "OSL 10:21"),
    "stats.basis.osl_10_18c": ("OSL 10:18 c", "OSL 10:18 c"),
    # ----- The sync's own attention messages (services/unit_status.py, codes sync.<name>) -----
    "sync_error.refused": (
        "Enhetens server tog inte emot en ändring ({kind}): {reason} Ändringen ligger kvar på den här "
        "datorn. Kontakta enhetschefen eller IT.",
        "The unit's server did not accept a change ({kind}): {reason} The change stays on this computer. "
        "Contact the unit manager or IT.",
    ),
    "sync_error.signed_elsewhere": (
        "Behöver åtgärd: {cases} signerades på en annan arbetsstation innan signeringen här nådde "
        "enhetens server. Enhetens journal är den som signerades först. Versionen du signerade här är "
        "sparad på den här datorn men skickades inte, och inget du skrev har gått förlorat. Jämför de "
        "två och skriv skillnaden som ett tillägg till den signerade journalen, på en arbetsstation som "
        "visar enhetens version. Meddelandet försvinner när tillägget har nått servern.",
        "Needs attention: {cases} was signed on another workstation before the signature made here "
        "reached the unit's server. The unit's record is the one signed first. The version you signed "
        "here is kept on this computer but was not sent, and nothing you typed is lost. Compare the two "
        "and write the difference as an addendum to the signed record, on a workstation that shows the "
        "unit's version. This message goes away once the addendum has reached the server.",
    ),
    "sync_error.failed": (
        "Synkroniseringen stannade av ett oväntat fel. Inget har gått förlorat; den försöker igen. "
        "Kontakta IT om meddelandet står kvar.",
        "Sync stopped on an unexpected error. Nothing is lost; it will try again. Contact IT if this "
        "message stays.",
    ),
    # ----- Joining the unit's server (services/unit_connection.py, UnitError: code unit.<name>) -----
    "unit_error.file_too_large": (
        "Filen är för stor för att vara en anslutningsfil (högst {limit} byte). Ingenting har ändrats. "
        "Säg till IT: ”anslutningsfilen till injurydoc är fel; skicka en ny injurydoc-unit.json”.",
        "The file is too large to be a connection file (at most {limit} bytes). Nothing has been "
        "changed. Tell IT: “the injurydoc connection file is wrong; please send a new "
        "injurydoc-unit.json”.",
    ),
    "unit_error.file_unreadable": (
        "Filen gick inte att läsa ({reason}). Välj anslutningsfilen igen.",
        "The file could not be read ({reason}). Choose the connection file again.",
    ),
    "unit_error.file_invalid": (
        "Det här är ingen giltig anslutningsfil för injurydoc: {reason} Ingenting har ändrats. Säg till "
        "IT: ”anslutningsfilen till injurydoc är fel; skicka en ny injurydoc-unit.json”.",
        "This is no valid injurydoc connection file: {reason} Nothing has been changed. Tell IT: “the "
        "injurydoc connection file is wrong; please send a new injurydoc-unit.json”.",
    ),
    "unit_error.address_invalid": (
        "Adressen har fel form. Skriv serverns namn, gärna med port och databas, till exempel "
        "db.region.se:5432/injurydoc. IT ger dig adressen eller en anslutningsfil.",
        "The address has the wrong form. Type the server's name, with port and database if you have "
        "them, for example db.region.se:5432/injurydoc. IT gives you the address or a connection file.",
    ),
    "unit_error.unreachable": (
        "Servern {server} svarar inte. Kontrollera att adressen är rätt stavad. Om den är det: Säg till "
        "IT: ”injurydoc-servern {server} går inte att nå från den här datorn”.",
        "The server {server} does not answer. Check that the address is spelt correctly. If it is: Tell "
        "IT: “the injurydoc server {server} cannot be reached from this computer”.",
    ),
    "unit_error.no_tls": (
        "Servern {server} erbjuder ingen krypterad anslutning, så programmet ansluter inte. Säg till IT: "
        "”injurydoc-servern {server} har inte TLS påslaget (ssl = on i postgresql.conf)”.",
        "The server {server} offers no encrypted connection, so the program does not connect. Tell IT: "
        "“the injurydoc server {server} does not have TLS on (ssl = on in postgresql.conf)”.",
    ),
    "unit_error.cert_expired": (
        "Serverns certifikat gick ut {date}. Programmet ansluter inte med ett utgånget certifikat. Säg "
        "till IT: ”certifikatet för injurydoc-servern {server} har gått ut och måste förnyas”.",
        "The server's certificate expired on {date}. The program does not connect with an expired "
        "certificate. Tell IT: “the certificate of the injurydoc server {server} has expired and must be "
        "renewed”.",
    ),
    "unit_error.cert_not_yet_valid": (
        "Serverns certifikat gäller först från {date}. Kontrollera datorns datum och tid. Stämmer de: "
        "Säg till IT: ”certifikatet för injurydoc-servern {server} gäller inte ännu”.",
        "The server's certificate is valid only from {date}. Check this computer's date and time. If "
        "they are right: Tell IT: “the certificate of the injurydoc server {server} is not valid yet”.",
    ),
    "unit_error.cert_mismatch": (
        "Serverns certifikat är inte det som IT angav (väntat {expected}, servern visar {found}). "
        "Programmet ansluter inte: någon kan stå mellan datorn och servern. Säg till IT: "
        "”fingeravtrycket för injurydoc-servern {server} stämmer inte med anslutningsfilen”.",
        "The server's certificate is not the one IT gave (expected {expected}, the server shows "
        "{found}). The program does not connect: someone may be between this computer and the server. "
        "Tell IT: “the fingerprint of the injurydoc server {server} does not match the connection file”.",
    ),
    "unit_error.cert_unreadable": (
        "Servern {server} svarade, men inte med ett läsbart certifikat. Säg till IT: ”injurydoc-servern "
        "{server} visar inget giltigt TLS-certifikat”.",
        "The server {server} answered, but not with a readable certificate. Tell IT: “the injurydoc "
        "server {server} presents no valid TLS certificate”.",
    ),
    "unit_error.not_injurydoc": (
        "Servern {server} svarar, men databasen är ingen injurydoc-databas. Säg till IT: ”databasen på "
        "{server} är inte uppsatt för injurydoc (injurydoc server init)”.",
        "The server {server} answers, but the database is no injurydoc database. Tell IT: “the database "
        "on {server} is not set up for injurydoc (injurydoc server init)”.",
    ),
    "unit_error.auth": (
        "Servern godtog inte användarnamnet eller lösenordet. Skriv dem igen; det är samma som "
        "enhetschefen gav dig för servern. Fungerar det ändå inte: be enhetschefen sätta ett nytt "
        "lösenord.",
        "The server did not accept the user name or password. Type them again; they are the ones your "
        "unit manager gave you for the server. If it still fails: ask your unit manager to set a new "
        "password.",
    ),
    "unit_error.role_refused": (
        "Inloggningen {user} är inget aktivt konto i injurydoc på servern (avstängt, eller en roll som "
        "inte hör till programmet). Säg till enhetschefen eller IT: ”kontot {user} behöver vara ett "
        "aktivt injurydoc-konto på enhetens server”.",
        "The login {user} is no active injurydoc account on the server (disabled, or a role that does "
        "not belong to the program). Tell your unit manager or IT: “the account {user} needs to be an "
        "active injurydoc account on the unit's server”.",
    ),
    "unit_error.training_needs_training_unit": (
        "Kontot {user} hör till en riktig enhet, och en övningsdatabas ansluts bara till en övningsenhet: "
        "övningar blandas aldrig med riktiga fall. Be enhetschefen eller IT om ett konto i enhetens "
        "övningsenhet (injurydoc server add-unit --training) och anslut med det. Ska du dokumentera riktiga "
        "fall: anslut utan övning.",
        "The account {user} belongs to a real unit, and a training store connects only to a training "
        "unit: exercises are never mixed with real cases. Ask your unit manager or IT for an account in "
        "the unit's training unit (injurydoc server add-unit --training) and connect with it. To document "
        "real cases: connect without training.",
    ),
    "unit_error.training_unit_needs_training": (
        "Kontot {user} hör till en övningsenhet: allt det dokumenterar är övningar och hålls åtskilt från "
        "riktiga fall. Anslut det som övning (kryssa i ”Övningsenhet” i guiden, eller injurydoc init "
        "--server … --user {user} --training). Ska du dokumentera riktiga fall: be enhetschefen om ett "
        "konto i den riktiga enheten.",
        "The account {user} belongs to a training unit: everything it documents is an exercise, kept "
        "apart from real cases. Connect it for training (tick “Training unit” in the wizard, or injurydoc "
        "init --server … --user {user} --training). To document real cases: ask your unit manager for an "
        "account in the real unit.",
    ),
    # ----- What is wrong with IT's connection file: the {reason} of unit_error.file_invalid -----
    "unit_file.not_object": ("”{name}” ska vara ett objekt.", "“{name}” must be an object."),
    "unit_file.unknown_fields": (
        "”{name}” har fält som programmet inte känner till ({shown}).",
        "“{name}” has fields the program does not know ({shown}).",
    ),
    "unit_file.not_text": (
        "fältet ”{name}” ska vara en text på högst {limit} tecken utan styrtecken.",
        "the field “{name}” must be a text of at most {limit} characters without control characters.",
    ),
    "unit_file.format": (
        "fältet ”format” ska vara ”injurydoc-unit”.",
        "the field “format” must be “injurydoc-unit”.",
    ),
    "unit_file.version": (
        "filens version är okänd (det här programmet läser version 1). Uppdatera programmet eller be "
        "om en fil i version 1.",
        "the file's version is unknown (this program reads version 1). Update the program or ask for "
        "a file of version 1.",
    ),
    "unit_file.host": (
        "”server.host” är inget servernamn eller ip-nummer.",
        "“server.host” is no host name or IP address.",
    ),
    "unit_file.port": ("”server.port” ska vara ett tal 1–65535.", "“server.port” must be a number 1–65535."),
    "unit_file.dbname": ("”server.dbname” är inget databasnamn.", "“server.dbname” is no database name."),
    "unit_file.sha256": (
        "”tls.sha256” ska vara certifikatets SHA-256-fingeravtryck (64 hexadecimala tecken).",
        "“tls.sha256” must be the certificate's SHA-256 fingerprint (64 hexadecimal digits).",
    ),
    "unit_file.ca_pem": (
        "”tls.ca_pem” ska vara ett certifikat i PEM-form.",
        "“tls.ca_pem” must be a PEM certificate.",
    ),
    "unit_file.no_certificate": (
        "filen anger varken certifikatets fingeravtryck (tls.sha256) eller utfärdaren (tls.ca_pem).",
        "the file gives neither the certificate's fingerprint (tls.sha256) nor its issuer (tls.ca_pem).",
    ),
    "unit_file.unit_key": (
        "enhetsnyckelns fingeravtryck ska vara 32 hexadecimala tecken (0–9, A–F), med eller utan "
        "bindestreck.",
        "the unit key's fingerprint must be 32 hexadecimal digits (0–9, A–F), with or without dashes.",
    ),
    "unit_file.fingerprint_typed": (
        "fingeravtrycket ska vara 64 hexadecimala tecken (0–9, A–F), med eller utan kolon.",
        "the fingerprint must be 64 hexadecimal digits (0–9, A–F), with or without colons.",
    ),
    "unit_file.unknown_error": ("okänt fel", "unknown error"),
    # ----- Exercise files (training/exercise.py, ExerciseError: code exercise.<name>) -----
    "exercise_file.not_zip": (
        "Filen är ingen övningsfil (den är inte ett zip-arkiv).",
        "The file is not an exercise file (it is not a zip archive).",
    ),
    "exercise_file.unreadable": (
        "Övningsfilen kunde inte läsas. Kontrollera att den finns och att du har behörighet till den.",
        "The exercise file could not be read. Check that it exists and that you may read it.",
    ),
    "exercise_file.unsafe_entry": (
        "Övningsfilen innehåller en otillåten post: {name}. Filen har inte öppnats.",
        "The exercise file contains an entry that is not allowed: {name}. The file has not been opened.",
    ),
    "exercise_file.too_large": (
        "Övningsfilen är för stor eller packas upp till orimligt mycket data (möjlig zip-bomb). "
        "Filen har inte öppnats.",
        "The exercise file is too large or unpacks to an unreasonable amount of data (possible zip "
        "bomb). The file has not been opened.",
    ),
    "exercise_file.damaged": (
        "Övningsfilen är skadad: {reason}. Filen har inte öppnats.",
        "The exercise file is damaged: {reason}. The file has not been opened.",
    ),
    "exercise_file.missing_json": (
        "Övningen saknar filen exercise.json.",
        "The exercise has no exercise.json file.",
    ),
    "exercise_file.bad_json": (
        "exercise.json är inte giltig JSON i UTF-8.",
        "exercise.json is not valid JSON in UTF-8.",
    ),
    "exercise_file.schema": (
        "exercise.json följer inte övningsformatet: {detail}.",
        "exercise.json does not follow the exercise format: {detail}.",
    ),
    "exercise_file.photo": (
        "Bilden {name} i övningen är ingen hel, läsbar JPEG-bild.",
        "The photo {name} in the exercise is not a whole, readable JPEG image.",
    ),
    "exercise_file.missing_photo": (
        "Bilden {name} står i exercise.json men finns inte i övningen.",
        "The photo {name} is listed in exercise.json but is missing from the exercise.",
    ),
    "exercise_file.unlisted_entry": (
        "Övningen innehåller {name}, som inte står i exercise.json.",
        "The exercise contains {name}, which is not listed in exercise.json.",
    ),
    "exercise_file.write_failed": (
        "Övningsfilen kunde inte sparas i {path}. Kontrollera utrymme och behörighet.",
        "The exercise file could not be saved in {path}. Check free space and permissions.",
    ),
    # ----- The first-start set-up's own checks (services/setup_flow.py) -----
    "setup.folder_required": (
        "Välj en mapp för databasen.",
        "Choose a folder for the store.",
    ),
    "setup.folder_is_file": (
        "{path} är en fil, inte en mapp. Välj en mapp.",
        "{path} is a file, not a folder. Choose a folder.",
    ),
    "setup.unit_required": (
        "Skriv vårdenhetens namn. Det står i rapporter och bevispaket.",
        "Enter the care unit's name. It appears in reports and evidence packages.",
    ),
    "setup.name_required": (
        "Skriv ditt för- och efternamn.",
        "Enter your first and last name.",
    ),
    "setup.hsa_invalid": (
        "HSA-id skrivs SE, tio siffror, bindestreck och en kod, till exempel SE2321000016-1234. "
        "Lämna fältet tomt om du inte har något HSA-id.",
        "An HSA id is SE, ten digits, a hyphen and a code, for example SE2321000016-1234. "
        "Leave the field empty if you have no HSA id.",
    ),
    "setup.passwords_differ": (
        "Lösenorden är inte lika. Skriv samma lösenord i båda fälten.",
        "The passwords are not the same. Type the same password in both fields.",
    ),
    "setup.recovery_mismatch": (
        "Koden stämmer inte med den som visades. Jämför med papperet; gå tillbaka om du vill se koden igen.",
        "The code does not match the one shown. Compare it with the paper; go back to see the code again.",
    ),
    # ----- Training feedback: each point's title and why (training/feedback_text.py) -----
    "feedback.expected_injury.title": (
        "Förväntad skada {k} ({what}) är dokumenterad",
        "Expected injury {k} ({what}) is documented",
    ),
    "feedback.expected_injury.why": (
        "Hela kroppen undersöks och varje skada beskrivs (NCK); en missad skada saknas i det underlag "
        "rättsintyget bygger på.",
        "The whole body is examined and every injury described (NCK); a missed injury is missing from the "
        "evidence a forensic certificate builds on.",
    ),
    "feedback.side_error.title": (
        "Sidoförväxling: skada {n} är dokumenterad på fel sida ({chosen}; rätt: {expected})",
        "Side error: injury {n} is documented on the wrong side ({chosen}; correct: {expected})",
    ),
    "feedback.side_error.why": (
        "Höger och vänster är det vanligaste felet i dokumentationen; en domstol kan tvivla på hela "
        "journalen.",
        "Right and left are the most common documentation fault; a court may doubt the whole record.",
    ),
    "feedback.size.title": ("Skada {n} har en rimlig storlek", "Injury {n} has a plausible size"),
    "feedback.size.why": (
        "Storlek i millimeter gör beskrivningen prövbar; mät med linjal eller måttband, inte med ögonmått.",
        "Size in millimetres makes the description testable; measure with a ruler or tape, not by eye.",
    ),
    "feedback.extra_injury.title": (
        "Skada {n} ({what}) finns inte i facit",
        "Injury {n} ({what}) is not in the answer key",
    ),
    "feedback.extra_injury.why": (
        "Inget fel: beskriv det du ser. Utbildaren kan titta på skadan tillsammans med dig.",
        "Not a mistake: describe what you see. Your trainer may look at it with you.",
    ),
    "feedback.bruise_age.title": ("Ingen åldersbedömning av blåmärken", "No age estimate of bruises"),
    "feedback.bruise_age.why": (
        "Experter åldersbedömde 48 % av blåmärkena rätt inom 24 timmar (RCPCH/Cardiff-översikten) — färgen "
        "visar inte åldern.",
        "Experts aged 48 % of bruises correctly within 24 h (RCPCH/Cardiff review) — colour does not tell "
        "age.",
    ),
    "feedback.history_in_findings.title": (
        "Anamnes hålls isär från fynden",
        "History is kept apart from the findings",
    ),
    "feedback.history_in_findings.why": (
        "Patientens egen berättelse hör till anamnesen (och fältet för vad patienten säger orsakade "
        "skadan); fynden beskriver bara det du ser (NCK, Läkartidningen 2018).",
        "The patient's own words belong in the history (and the field for what the patient says caused the "
        "injury); findings describe only what you see (NCK, Läkartidningen 2018).",
    ),
    "feedback.photo_role.title": (
        "Förväntad bildtyp finns: {role}",
        "Expected photo role is present: {role}",
    ),
    "feedback.photo_role.why": (
        "Första bilden identifierar patienten och tidpunkten; varje skada behöver en översiktsbild och en "
        "närbild med skala (NCK).",
        "The first photo identifies the patient and the time; each injury needs an overview and a close-up "
        "with a scale (NCK).",
    ),
    "feedback.concern_report.title": ("Orosanmälan är gjord", "A concern report is made"),
    "feedback.concern_report.why": (
        "Misstanke om att ett barn far illa ska genast anmälas till socialnämnden (orosanmälan).",
        "Suspicion that a child is at risk must be reported to the social welfare board at once.",
    ),
    "feedback.legal_basis.title": (
        "Rätt rättslig grund för utlämnande: {expected}",
        "The right legal basis for release: {expected}",
    ),
    "feedback.legal_basis.why": (
        "Hälso- och sjukvårdssekretessen (OSL 25 kap. 1 §) är stark: utlämnande kräver en grund, och den "
        "noteras vid varje export.",
        "Health-care secrecy (OSL ch. 25 s. 1) is strong: release needs a basis, recorded with every export.",
    ),
    # where a point's words were found: an injury's field ("skada 1, beskrivning")
    "feedback.in_injury": ("skada {n}, {field}", "injury {n}, {field}"),
    # a title without an injury number, for lists of mistakes across trainees (class summaries)
    "feedback.injury_located.generic": (
        "Skadorna är markerade på kroppsmallen med region och sida",
        "Injuries are marked on the body map with region and side",
    ),
    "feedback.injury_measured.generic": (
        "Skadorna är mätta (längd × bredd i mm)",
        "Injuries are measured (length × width)",
    ),
    "feedback.injury_overview.generic": (
        "Varje skada har en översiktsbild",
        "Each injury has an overview photo",
    ),
    "feedback.injury_scale.generic": (
        "Varje skada har en närbild med skala",
        "Each injury has a close-up with scale",
    ),
    "feedback.expected_injury.generic": (
        "Förväntade skador är dokumenterade",
        "Expected injuries are documented",
    ),
    "feedback.side_error.generic": ("Sidoförväxling (höger/vänster)", "Side error (right/left)"),
    "feedback.size.generic": ("Skadornas storlek är rimlig", "Injury sizes are plausible"),
    "feedback.extra_injury.generic": ("Skador utöver facit", "Injuries beyond the answer key"),
    "feedback.photo_role.generic": ("Förväntade bildtyper finns", "Expected photo roles are present"),
    "feedback.photo_incomplete.generic": ("Ofullständiga bildfiler", "Incomplete photo files"),
    "feedback.legal_basis.generic": (
        "Rätt rättslig grund för utlämnande",
        "The right legal basis for release",
    ),
    # ----- The review checklist: each item's title and why (domain/rules.py) -----
    "checklist.consent_examination.title": (
        "Samtycke till undersökning och dokumentation är noterat",
        "Consent to examination and documentation is recorded",
    ),
    "checklist.consent_examination.why": (
        "Samtycke kommer först och noteras för sig.",
        "Consent comes first and is recorded on its own.",
    ),
    "checklist.consent_photography.title": (
        "Samtycke till fotografering är noterat",
        "Consent to photography is recorded",
    ),
    "checklist.consent_photography.why": (
        "Fotografering kräver ett eget samtycke.",
        "Photography needs a consent of its own.",
    ),
    "checklist.consent_release.title": (
        "Beslut om utlämnande till polis är noterat",
        "The decision on release to the police is recorded",
    ),
    "checklist.consent_release.why": (
        "Utan samtycke krävs en annan rättslig grund för att lämna ut något.",
        "Without consent, another legal basis is needed to release anything.",
    ),
    "checklist.account.title": (
        "Patientens egen berättelse är nedskriven",
        "The patient's own account is written down",
    ),
    "checklist.account.why": (
        "Berättelsen hålls isär från fynden; den är underlag för bedömningen.",
        "The account is kept apart from the findings; the assessment rests on it.",
    ),
    "checklist.injury_located.title": (
        "Skada {n} är markerad på kroppsmallen med region och sida",
        "Injury {n} is marked on the body map with region and side",
    ),
    "checklist.injury_located.why": (
        "Höger och vänster blandas ofta ihop; markeringen visar patientens sida.",
        "Right and left are often mixed up; the mark shows the patient's side.",
    ),
    "checklist.injury_measured.title": (
        "Skada {n} är mätt (längd × bredd i mm)",
        "Injury {n} is measured (length × width in mm)",
    ),
    "checklist.injury_measured.why": (
        "Storlek i millimeter gör beskrivningen prövbar.",
        "Size in millimetres makes the description testable.",
    ),
    "checklist.injury_overview.title": ("Skada {n} har en översiktsbild", "Injury {n} has an overview photo"),
    "checklist.injury_overview.why": (
        "Översiktsbilden visar var på kroppen skadan sitter.",
        "The overview shows where on the body the injury is.",
    ),
    "checklist.injury_scale.title": (
        "Skada {n} har en närbild med skala",
        "Injury {n} has a close-up with scale",
    ),
    "checklist.injury_scale.why": (
        "Utan skala kan storleken inte bedömas i efterhand.",
        "Without a scale the size cannot be judged afterwards.",
    ),
    "checklist.id_shot.title": ("Serien börjar med en ID-bild", "The series starts with an ID shot"),
    "checklist.id_shot.why": (
        "ID-bilden knyter bilderna till patienten och tidpunkten.",
        "The ID shot ties the photos to the patient and the time.",
    ),
    "checklist.absent.title": ("Negativa fynd är aktivt noterade", "Absent findings are recorded"),
    "checklist.absent.why": (
        "Att inga skador syns på en undersökt plats är också ett fynd.",
        "That an examined area shows no injury is a finding too.",
    ),
    "checklist.strangulation.title": (
        "Frågorna om strypvåld är ställda",
        "The strangulation questions are asked",
    ),
    "checklist.strangulation.why": (
        "Synliga tecken saknas ofta efter strypvåld; svaren är viktiga ändå.",
        "Visible signs are often absent after strangulation; the answers still matter.",
    ),
    "checklist.assessment.title": (
        "Undersökarens bedömning är ifylld",
        "The examiner's assessment is filled in",
    ),
    "checklist.assessment.why": (
        "Bedömningen av förenlighet (Istanbulprotokollet) är det rättsintyget bygger på.",
        "The consistency assessment (Istanbul Protocol) is what a forensic certificate builds on.",
    ),
    "checklist.photo_incomplete.title": (
        "Foto {n} är ofullständigt: kontrollera att det visar det som ska visas",
        "Photo {n} is incomplete: check that it shows what it should",
    ),
    "checklist.photo_incomplete.why": (
        "Bildfilen var skadad vid importen och avkodades med fel; saknade delar visas grå. Den sparas ändå, "
        "eftersom den kan vara den enda bilden — ta gärna en ny bild om det går.",
        "The image file was damaged at import and decoded with errors; missing parts show grey. It is kept "
        "all the same, since it may be the only picture there is — take a new one if you can.",
    ),
    "checklist.bruise_age_injury.title": (
        "Skada {n}: ingen åldersbedömning av blåmärket ({words})",
        "Injury {n}: no estimate of the bruise's age ({words})",
    ),
    "checklist.bruise_age_injury.why": (
        "Färgen säger inte hur gammalt ett blåmärke är; beskriv färgen som den ses, utan ålder.",
        "Colour does not tell a bruise's age; describe the colour as seen, without an age.",
    ),
    "checklist.bruise_age.title": (
        "Ingen åldersbedömning av blåmärken i fynd eller bedömning ({words})",
        "No estimate of bruise age in findings or assessment ({words})",
    ),
    "checklist.bruise_age.why": (
        "Färgen säger inte hur gammalt ett blåmärke är; en åldersuppgift i ett signerat intyg vilseleder.",
        "Colour does not tell a bruise's age; an age in a signed report misleads.",
    ),
    "checklist.injuries_or_none.title": (
        "Skador är dokumenterade, eller att inga finns",
        "Injuries are documented, or that there are none",
    ),
    "checklist.injuries_or_none.why": (
        "Hela kroppen undersöks; finns inga skador ska det framgå.",
        "The whole body is examined; if there are no injuries, that must be stated.",
    ),
    # ----- What each legal basis for a release requires (the export dialog) -----
    "legal_basis.consent": (
        "Patientens samtycke till utlämnande till polis, noterat i undersökningen.",
        "The patient's consent to release to the police, recorded in the examination.",
    ),
    "legal_basis.rattsintyg_request": (
        "En begäran om rättsintyg från polis eller åklagare; ange polisens diarienummer.",
        "A request for a forensic certificate from police or prosecutor; give the police case number.",
    ),
    "legal_basis.osl_10_23": (
        "Misstanke om brott med lägst 1 års fängelse (eller försök med lägst 2 år); ange diarienummer.",
        "Suspected crime with at least 1 year's imprisonment (or an attempt with 2 years); give the case "
        "number.",
    ),
    "legal_basis.osl_10_21": (
        "Patienten är under 18 år och brottet gäller BrB 3, 4 eller 6 kap. eller könsstympning.",
        "The patient is under 18 and the crime falls under Penal Code ch. 3, 4 or 6, or genital mutilation.",
    ),
    "legal_basis.osl_10_18c": (
        "Utlämnandet behövs för att förhindra allvarligt våld mot närstående; motivera kort.",
        "The release is needed to prevent serious violence against a close relative; give a short reason.",
    ),
}

#: Swedish for each detail template of the verifier, ``injurydoc.export.verify`` (the English is the key,
#: and what ``--json`` gives).  File names, counts and exception names are put in as they are, never
#: translated.
VERIFY_DETAILS_SV: Final[dict[str, str]] = {
    "{name}: too many signed records": "{name}: för många signerade poster",
    "signatures.json missing": "signatures.json saknas",
    "signatures.json unreadable": "signatures.json går inte att läsa",
    "{name}: missing": "{name}: saknas",
    "{name}: the signature does not match the content": "{name}: signaturen stämmer inte med innehållet",
    "{name}: the key is not certified by the unit key": (
        "{name}: nyckeln är inte certifierad av enhetens nyckel"
    ),
    "{name}: the key's certificate was not made by the unit key": (
        "{name}: nyckelns certifikat är inte utfärdat av enhetens nyckel"
    ),
    "{name}: signed at {date}, not before {bound} as the key's certificate requires": (
        "{name}: signerad {date}, inte före {bound} som nyckelns certifikat kräver"
    ),
    "{name}: not the examination the manifest names": "{name}: inte den undersökning som manifestet anger",
    "{name}: bound to other examination content": "{name}: knutet till ett annat undersökningsinnehåll",
    "{photo}: not among the photos signed": "{photo}: finns inte bland de signerade fotona",
    "no signed examination content": "inget signerat undersökningsinnehåll",
    "{name}: historical certificate: the key counts only for signatures before {bound}": (
        "{name}: historiskt certifikat: nyckeln gäller bara för signeringar före {bound}"
    ),
    "signed by key {key}, certified by unit key {unit}": (
        "signerat med nyckel {key}, certifierad av enhetsnyckel {unit}"
    ),
    "migrated: content hash from {date} confirmed by the program": (
        "migrerad: innehållets kontrollsumma från {date} bekräftad av programmet"
    ),
    "{name}: migrated, content hash from {date} confirmed by the program": (
        "{name}: migrerat, innehållets kontrollsumma från {date} bekräftad av programmet"
    ),
    "{name}: absolute or drive path": "{name}: absolut sökväg eller enhetsbokstav",
    "{name}: '..' in path": "{name}: '..' i sökvägen",
    "{name}: directory entry": "{name}: mapp-post",
    "{name}: unexpected folder": "{name}: oväntad mapp",
    "{name}: symbolic link": "{name}: symbolisk länk",
    "{name}: encrypted entry": "{name}: krypterad post",
    "{name}: entry too large": "{name}: posten är för stor",
    "{name}: compression ratio too high (zip bomb)": "{name}: för hög komprimeringsgrad (zipbomb)",
    "{name}: duplicate entry": "{name}: posten finns två gånger",
    "{name}: package too large": "{name}: paketet är för stort",
    "{name}: damaged entry ({error})": "{name}: skadad post ({error})",
    "{name}: unsupported compression": "{name}: komprimeringsmetoden stöds inte",
    "{name}: control character in the name": "{name}: styrtecken i namnet",
    "the file cannot be opened ({error})": "filen kan inte öppnas ({error})",
    "the package is built to exhaust the verifier ({error})": (
        "paketet är byggt för att uttömma kontrollprogrammet ({error})"
    ),
    "SHA256SUMS has bytes added or removed at the end": (
        "SHA256SUMS har fått tecken tillagda eller borttagna i slutet"
    ),
    "SHA256SUMS differs from the computed list at line {line}": (
        "SHA256SUMS skiljer sig från den beräknade listan på rad {line}"
    ),
    "{name}: size differs from its header": "{name}: storleken stämmer inte med posthuvudet",
    "manifest.json missing": "manifest.json saknas",
    "not an injurydoc manifest": "inte ett manifest från injurydoc",
    "not readable ({error})": "går inte att läsa ({error})",
    "missing: {names}": "saknas: {names}",
    "not listed: {names}": "inte listade: {names}",
    "changed: {names}": "ändrade: {names}",
    "SHA256SUMS missing": "SHA256SUMS saknas",
    "{name} missing": "{name} saknas",
    "{name} differs": "{name} skiljer sig",
    "not in SHA256SUMS: {names}": "inte i SHA256SUMS: {names}",
    "{name}: image data differs from the original": "{name}: bilddata skiljer sig från originalets",
    "{name}: not the original file": "{name}: inte originalfilen",
    "manifest.json.p7s missing": "manifest.json.p7s saknas",
    "unreadable signature ({error})": "signaturen går inte att läsa ({error})",
    "the manifest does not match its signature": "manifestet stämmer inte med sin signatur",
    "{n} signatures, expected 1": "{n} signaturer, en väntades",
    "report.pdf missing": "report.pdf saknas",
    "unreadable PDF or signature ({error})": "PDF-filen eller signaturen går inte att läsa ({error})",
    "the report does not match its signature": "rapporten stämmer inte med sin signatur",
    "the file was changed or extended after signing": "filen har ändrats eller byggts på efter signeringen",
    "different certificates": "olika certifikat",
    "self-signed: not issued by a trusted organisation": (
        "självsignerat: inte utfärdat av en betrodd organisation"
    ),
    "the issuer is not among the trust anchors given with --trust": (
        "utfärdaren finns inte bland de förtroendeankare som angavs med --trust"
    ),
    "no --trust anchor given": "inget förtroendeankare angivet med --trust",
    "no readable signer certificate": "inget läsbart certifikat för den som signerade",
    "no photo log in the report": "rapporten har ingen fotologg",
    "photo log unreadable ({error})": "fotologgen går inte att läsa ({error})",
    "{name} not in the report's photo log": "{name} finns inte i rapportens fotologg",
    "{name} in the report but not in the package": "{name} finns i rapporten men inte i paketet",
    "{name} differs from the report": "{name} skiljer sig från rapporten",
    "{name} does not match the report": "{name} stämmer inte med rapporten",
}


#: Keys whose English is deliberately the Swedish: proper nouns, abbreviations, bilingual banners.
SAME_IN_BOTH: Final = frozenset(
    {
        "exam_report.training_watermark",
        "exam_report.sec_patient",
        "exam_report.size_value",
        "exam_report.log_hash",
        "exam_report.addendum_by",
        "class.watermark",
        "stats.period",
        "log.f_patient",
        "log.c_patient",
        "cli.server.h_server",
        "cli.server.h_schema",
        "stats.basis.osl_10_23",
        "stats.basis.osl_10_21",
        "stats.basis.osl_10_18c",
    }
)


def template(key: str, lang: Lang) -> str:
    """The text ``key`` in ``lang`` with its placeholders left in, for code that fills them in later
    (a PDF canvas numbering its pages)."""
    sv, en = TEXTS[key]
    return en if lang == "en" else sv


def text(key: str, lang: Lang, **fmt: object) -> str:
    """The text ``key`` in ``lang``, with ``fmt`` filled into its placeholders.

    An unknown key is a bug (``KeyError``), caught by the catalogue test, never shown to a user.
    """
    return template(key, lang).format(**fmt)
