"""Errors the world causes, with messages a clinician can act on, in Swedish and English.

Two kinds of error exist in injurydoc (see CONVENTIONS.md): what the world did (wrong password, full
disk, tampered file) is a :class:`KnownError` carrying a message code from :data:`MESSAGES`; anything
else is a bug and goes to the crash handler.  Messages never contain patient data: parameters are
limited to things like file-system paths of the store, counts, and codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Lang = Literal["sv", "en"]


@dataclass(frozen=True, slots=True)
class Both:
    """A message parameter given in both languages (a reason, a list of requirements): the message in
    Swedish gets :attr:`sv`, the one in English :attr:`en`."""

    sv: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.sv if lang == "sv" else self.en

    def __str__(self) -> str:
        return self.en


def fill(template: str, params: dict[str, object], lang: Lang) -> str:
    """``template`` filled in with ``params``, each :class:`Both` in ``lang``."""
    return template.format(**{k: v.get(lang) if isinstance(v, Both) else v for k, v in params.items()})


#: code -> (Swedish, English).  Placeholders must be the same in both (a test checks it).
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # identity numbers
    "pnr.format": (
        "Personnumret har fel form. Skriv ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN eller ÅÅMMDD+NNNN "
        "(12 eller 10 siffror).",
        "The personal identity number has the wrong form. Write YYYYMMDD-NNNN, YYMMDD-NNNN or "
        "YYMMDD+NNNN (12 or 10 digits).",
    ),
    "pnr.date": (
        "Personnumret innehåller inget giltigt födelsedatum ({part}).",
        "The personal identity number does not contain a valid date of birth ({part}).",
    ),
    "pnr.checksum": (
        "Kontrollsiffran stämmer inte: en siffra är troligen felskriven.",
        "The check digit does not match: a digit is probably mistyped.",
    ),
    "pnr.future": (
        "Födelsedatumet i numret ligger i framtiden.",
        "The date of birth in the number lies in the future.",
    ),
    "pnr.plus_with_century": (
        "Tecknet + (100 år eller äldre) kan bara användas med 10 siffror.",
        "The + sign (aged 100 or more) can only be used with 10 digits.",
    ),
    "pnr.not_samordning": (
        "Det här är ett samordningsnummer (dag + 60), inte ett personnummer.",
        "This is a coordination number (day + 60), not a personal identity number.",
    ),
    "pnr.not_personnummer": (
        "Det här är ett personnummer, inte ett samordningsnummer.",
        "This is a personal identity number, not a coordination number.",
    ),
    "reserve.empty": (
        "Reservnumret är tomt.",
        "The reserve number is empty.",
    ),
    "reserve.too_long": (
        "Reservnumret är för långt (högst {max} tecken).",
        "The reserve number is too long (at most {max} characters).",
    ),
    # validation
    "field.required": ("Fältet {field} måste fyllas i.", "The field {field} is required."),
    "field.invalid": (
        "Fältet {field} har ett ogiltigt värde.",
        "The field {field} has an invalid value.",
    ),
    "field.range": (
        "Fältet {field} måste ligga mellan {low} och {high}.",
        "The field {field} must lie between {low} and {high}.",
    ),
    "password.too_short": (
        "Lösenordet måste ha minst {min} tecken.",
        "The password must have at least {min} characters.",
    ),
    "username.invalid": (
        "Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck (2–32 tecken).",
        "The user name may only contain a–z, 0–9, dot, hyphen and underscore (2–32 characters).",
    ),
    "username.taken": ("Användarnamnet finns redan.", "The user name is already taken."),
    # sign-in
    "auth.failed": (
        "Fel användarnamn eller lösenord.",
        "Wrong user name or password.",
    ),
    "auth.locked": (
        "För många misslyckade försök. Vänta {seconds} sekunder och försök igen.",
        "Too many failed attempts. Wait {seconds} seconds and try again.",
    ),
    "auth.recovery_failed": (
        "Återställningskoden stämmer inte.",
        "The recovery code is not correct.",
    ),
    "auth.disabled": ("Kontot är avstängt.", "The account is disabled."),
    # personal keys, key slots, re-keying (docs/store.md)
    "auth.slot_invalid": (
        "Nyckelplatsen för {user} i keyslots.json godtas inte: {detail}. Det kan vara en gammal kopia "
        "som lagts tillbaka. Inloggningen nekades och försöket har loggats. Kontakta enhetschefen.",
        "The key slot of {user} in keyslots.json is not accepted: {detail}. It may be an old copy put "
        "back. Sign-in was refused and the attempt has been logged. Contact the unit manager.",
    ),
    "auth.keyslots_rolled_back": (
        "Nyckelfilen keyslots.json är äldre (version {found}) än databasen väntar sig ({expected}); den "
        "har ersatts med en gammal kopia. Inloggningen nekades och försöket har loggats. Kontakta "
        "enhetschefen.",
        "The key file keyslots.json is older (generation {found}) than the store expects ({expected}); "
        "it has been replaced with an old copy. Sign-in was refused and the attempt has been logged. "
        "Contact the unit manager.",
    ),
    "keys.untrusted": (
        "Nyckeln för {who} går inte att lita på: {detail}. Ingenting har ändrats. Kontakta enhetschefen "
        "och IT; låt databasen vara som den är.",
        "The key of {who} cannot be trusted: {detail}. Nothing has been changed. Contact the unit "
        "manager and IT; leave the store as it is.",
    ),
    "keys.unit_key_replaced": (
        "Enhetsnyckeln i databasen ({found}) är inte den som den här datorn känner ({expected}). "
        "Någon kan ha bytt ut den. Inloggningen nekades och försöket har loggats. Jämför med "
        "fingeravtrycket på papperet och kontakta IT.",
        "The unit key in the store ({found}) is not the one this computer knows ({expected}). Someone "
        "may have replaced it. Sign-in was refused and the attempt has been logged. Compare with the "
        "fingerprint on paper and contact IT.",
    ),
    "keys.unit_key_gone": (
        "Den här datorn känner databasens enhetsnyckel ({expected}), men databasen har ingen längre: den "
        "har ersatts med en kopia från tiden före personliga nycklar. Inloggningen nekades och försöket har "
        "loggats. Kontakta enhetschefen och IT; låt databasen vara som den är.",
        "This computer knows the store's unit key ({expected}), but the store no longer has one: it has "
        "been replaced with a copy from before personal keys. Sign-in was refused and the attempt has been "
        "logged. Contact the unit manager and IT; leave the store as it is.",
    ),
    "keys.migration_backup_failed": (
        "Databasen ska få personliga nycklar vid den här inloggningen, och först skrivs en säkerhetskopia "
        "i {folder}. Den gick inte att skriva: {detail} Inloggningen avbröts och ingenting i databasen "
        "har ändrats. Frigör utrymme eller gör mappen skrivbar och logga in igen.",
        "The store is to be given personal keys at this sign-in, and a backup is written to {folder} "
        "first. It could not be written: {detail} Sign-in was stopped and nothing in the store has been "
        "changed. Free some space or make the folder writable and sign in again.",
    ),
    "keys.no_unit_key": (
        "Ditt konto kan ännu inte utfärda nycklar: en annan enhetschef behöver först logga in och "
        "godkänna dina nya nycklar.",
        "Your account cannot issue keys yet: another unit manager must sign in first and certify your "
        "new keys.",
    ),
    "rekey.busy": (
        "Databasen används av någon annan just nu. Be alla andra logga ut och försök igen.",
        "Someone else is using the store right now. Ask everyone else to sign out and try again.",
    ),
    # access
    "access.denied": (
        "Du har inte behörighet till detta. Försöket har loggats.",
        "You are not authorised for this. The attempt has been logged.",
    ),
    "access.role": (
        "Den här åtgärden kräver rollen {role}.",
        "This action requires the role {role}.",
    ),
    "access.protected_contact": (
        "Kontaktuppgifter får inte sparas för en person med skyddade personuppgifter.",
        "Contact details must not be stored for a person with protected personal data.",
    ),
    "access.guardian_threat_contact": (
        "När en vårdnadshavare är hotet får inga kontaktuppgifter till vårdnadshavare, "
        "släktingar eller skola sparas.",
        "When a guardian is the threat, no contact details of guardians, relatives or school may be stored.",
    ),
    "access.no_key": (
        "Uppgifterna om den här personen är krypterade och ditt konto har ingen nyckel till dem. "
        "En enhetschef kan ge dig åtkomst.",
        "This person's data is encrypted and your account holds no key to it. A unit manager can grant "
        "you access.",
    ),
    "access.training_only": (
        "Det här kan bara göras i en övningsdatabas.",
        "This can only be done in a training store.",
    ),
    # examinations
    "exam.signed": (
        "Undersökningen är signerad och kan inte ändras. Lägg till ett tillägg i stället.",
        "The examination is signed and cannot be changed. Add an addendum instead.",
    ),
    "exam.not_found": ("Undersökningen finns inte.", "The examination does not exist."),
    "export.not_found": ("Utlämningen finns inte.", "The release does not exist."),
    "exam.not_signed": (
        "Undersökningen är inte signerad.",
        "The examination is not signed.",
    ),
    "sign.no_personal_key": (
        "Ditt konto har ännu ingen personlig signeringsnyckel (databasen är från en äldre version). Be en "
        "enhetschef logga in en gång på den här datorn, logga sedan in igen och signera. Inget är ändrat.",
        "Your account has no personal signing key yet (the store is from an older version). Ask a unit "
        "manager to sign in once on this computer, then sign in again and sign. Nothing has been changed.",
    ),
    "exam.signature_broken": (
        "Undersökningens signatur är bruten: {detail}. Den kan inte lämnas ut. Kontakta enhetschefen, som "
        "kan jämföra med en säkerhetskopia och kontrollera åtkomstloggen.",
        "The examination's signature is broken: {detail}. It cannot be released. Contact the unit manager, "
        "who can compare it with a backup and check the access log.",
    ),
    "exam.signature_unit_uncertified": (
        "Undersökningen kan inte lämnas ut: {detail}. Be en enhetschef certifiera signerarens nyckel på "
        "chefssidan (Konton), låt arbetsstationen synka och försök igen.",
        "The examination cannot be released: {detail}. Ask a unit manager to certify the signer's key on the "
        "manager page (Accounts), let the workstation sync and try again.",
    ),
    "exam.unreadable": (
        "Undersökningen går inte att läsa: den har ändrats utanför programmet eller skadats. Kontakta "
        "enhetschefen, som kan jämföra med en säkerhetskopia och kontrollera åtkomstloggen.",
        "The examination cannot be read: it was changed outside the program or damaged. Contact the unit "
        "manager, who can compare it with a backup and check the access log.",
    ),
    "exam.not_examiner": (
        "Bara den undersökande kan signera undersökningen.",
        "Only the examiner can sign the examination.",
    ),
    "patient.not_found": ("Patienten finns inte.", "The patient does not exist."),
    "account.not_found": ("Kontot finns inte.", "The account does not exist."),
    "account.last_manager": (
        "Det sista aktiva enhetschefskontot kan inte stängas av.",
        "The last active unit manager account cannot be disabled.",
    ),
    # store
    "store.not_found": (
        "Ingen databas finns i mappen {path}.",
        "There is no store in the folder {path}.",
    ),
    "unit.no_cache": (
        "Kontot {user} har ingen lokal kopia av enhetens journal på den här datorn. Anslut datorn till "
        "enhetens server med kontot först (kräver nätverk en gång).",
        "The account {user} has no cache of the unit's record on this computer. Connect the computer to "
        "the unit's server with the account first (needs the network once).",
    ),
    "store.exists": (
        "Det finns redan en databas i {path}. Den skrivs aldrig över.",
        "A store already exists in {path}. It is never overwritten.",
    ),
    "store.keyslots_damaged": (
        "Nyckelfilen (keyslots.json) är skadad eller har ändrats: {detail}. Ingenting har ändrats. "
        "Återställ databasen från en säkerhetskopia eller kontakta IT.",
        "The key file (keyslots.json) is damaged or has been altered: {detail}. Nothing has been "
        "changed. Restore the store from a backup or contact IT.",
    ),
    "store.too_new": (
        "Databasen har skapats av en nyare version av programmet (schema {found}, detta program "
        "hanterar {supported}). Uppdatera programmet. Databasen har inte ändrats.",
        "The store was made by a newer version of the program (schema {found}, this program handles "
        "{supported}). Update the program. The store has not been changed.",
    ),
    "store.corrupt": (
        "Databasfilen är skadad och kan inte läsas. Ingenting har ändrats. Återställ från en "
        "säkerhetskopia (injurydoc restore).",
        "The database file is damaged and cannot be read. Nothing has been changed. Restore from a "
        "backup (injurydoc restore).",
    ),
    "store.read_only": (
        "Mappen {path} går inte att skriva i. Kontrollera behörigheterna eller välj en annan mapp.",
        "The folder {path} cannot be written to. Check its permissions or choose another folder.",
    ),
    "store.disk_full": (
        "Disken är full. Det senaste steget sparades inte; allt som redan fanns är oförändrat. "
        "Frigör utrymme och försök igen.",
        "The disk is full. The last step was not saved; everything already stored is unchanged. "
        "Free some space and try again.",
    ),
    "store.busy": (
        "Databasen används av ett annat program just nu. Försök igen om en stund.",
        "The store is in use by another program right now. Try again in a moment.",
    ),
    "store.purpose_mismatch": (
        "En övningsdatabas kan inte göras om till en riktig, och inte tvärtom.",
        "A training store cannot be turned into a real one, nor the reverse.",
    ),
    "exercise.not_found": (
        "Övningen finns inte i den här övningsdatabasen.",
        "The exercise is not in this training store.",
    ),
    "exercise.no_attempt": (
        "Den här undersökningen är ingen övning, så den kan inte granskas mot en facit.",
        "This examination is not an exercise, so it cannot be reviewed against an answer key.",
    ),
    "training.real_store": (
        "Övningar kan bara göras i en övningsdatabas, aldrig i en riktig journaldatabas.",
        "Exercises can only be done in a training store, never in a real clinical store.",
    ),
    "store.io": (
        "Filen kunde inte skrivas ({detail}). Ingenting har ändrats.",
        "The file could not be written ({detail}). Nothing has been changed.",
    ),
    "backup.invalid": (
        "Säkerhetskopian {file} är skadad eller ofullständig: {detail}. Den har inte använts och "
        "ingenting som redan fanns har ändrats.",
        "The backup {file} is damaged or incomplete: {detail}. It has not been used and nothing "
        "already stored has been changed.",
    ),
    "backup.out_exists": (
        "Filen {path} finns redan. Välj ett annat namn.",
        "The file {path} already exists. Choose another name.",
    ),
    # photos
    "photo.empty": ("Filen är tom (0 byte).", "The file is empty (0 bytes)."),
    "photo.too_large": (
        "Filen är större än gränsen på {limit_mb} MB.",
        "The file is larger than the limit of {limit_mb} MB.",
    ),
    "photo.bomb": (
        "Bilden har orimligt många bildpunkter och kan vara skadlig (dekomprimeringsbomb).",
        "The image has an unreasonable number of pixels and may be harmful (decompression bomb).",
    ),
    "photo.too_heavy": (
        "Bilden är för stor för att öppnas säkert: {megapixels} megapixlar ({mode}) skulle kräva ungefär "
        "{need_mb} MB minne, gränsen är {limit_mb} MB. Spara bilden som JPEG eller i mindre storlek och "
        "importera den igen. Ingenting har sparats.",
        "The image is too large to open safely: {megapixels} megapixels ({mode}) would need about "
        "{need_mb} MB of memory; the limit is {limit_mb} MB. Save the image as JPEG or at a smaller size "
        "and import it again. Nothing has been stored.",
    ),
    "photo.not_image": (
        "Filen är ingen bild, oavsett vad filnamnet säger.",
        "The file is not an image, whatever its name says.",
    ),
    "photo.corrupt": (
        "Bilden är skadad eller ofullständig och kan inte läsas i sin helhet.",
        "The image is damaged or incomplete and cannot be read in full.",
    ),
    "photo.format": (
        "Bildformatet {format} tas inte emot. Använd JPEG, PNG, TIFF eller HEIC.",
        "The image format {format} is not accepted. Use JPEG, PNG, TIFF or HEIC.",
    ),
    "photo.duplicate": (
        "Samma bild finns redan i undersökningen.",
        "The same photo is already in the examination.",
    ),
    "photo.unreadable": (
        "Filen kunde inte läsas ({detail}).",
        "The file could not be read ({detail}).",
    ),
    "photo.hash_mismatch": (
        "Den sparade kopian stämmer inte med originalet. Ingenting har tagits bort.",
        "The stored copy does not match the original. Nothing has been removed.",
    ),
    "photo.source_changed": (
        "Filen på minneskortet har ändrats sedan importen. Den har inte tagits bort.",
        "The file on the card has changed since the import. It has not been removed.",
    ),
    "photo.immutable": (
        "En sparad bild skrivs aldrig över.",
        "A stored photo is never overwritten.",
    ),
    "photo.not_found": ("Bilden finns inte.", "The photo does not exist."),
    # signing and export
    "signer.bad_certificate": (
        "Filen innehåller inget läsbart certifikat.",
        "The file holds no readable certificate.",
    ),
    "signer.cert_mismatch": (
        "Certifikatet hör inte till den här nyckeln. Importera certifikatet som utfärdades för din begäran.",
        "The certificate does not belong to this key. Import the certificate issued for your request.",
    ),
    "signer.pin_wrong": ("Fel PIN-kod för kortet.", "Wrong PIN for the card."),
    "signer.pin_locked": (
        "Kortets PIN-kod är låst. Kontakta den som delar ut korten.",
        "The card's PIN is locked. Contact whoever issues the cards.",
    ),
    "signer.token_missing": (
        "Inget kort med en signeringsnyckel hittades. Sätt i kortet och försök igen.",
        "No card with a signing key was found. Insert the card and try again.",
    ),
    "signer.pkcs11_unavailable": (
        "Stöd för smarta kort saknas i den här installationen.",
        "Smart-card support is missing from this installation.",
    ),
    "signer.none": (
        "Du har ingen signeringsnyckel. Skapa en med knappen Min signeringsnyckel… i fönstret för "
        "utlämnande.",
        "You have no signing key. Create one with the My signing key… button in the export window.",
    ),
    "grant.trainer_only": (
        "Kontot {username} är utbildare utan behörigheten kliniker och får aldrig öppna verkliga fall, "
        "inte heller med behörighet eller som medhandläggare. Ge kontot rollen kliniker om personen "
        "deltar i vården, eller välj ett annat konto.",
        "The account {username} is a trainer without the clinician role and never opens real cases, not "
        "by a grant or as a co-handler either. Give the account the clinician role if the person takes "
        "part in the care, or choose another account.",
    ),
    "grant.ended": (
        "Slutdatumet har redan passerat. Välj dagens datum eller ett senare.",
        "The end date has already passed. Choose today or a later date.",
    ),
    "signer.cert_unreadable": (
        "Certifikatfilen kunde inte läsas. Välj filen som organisationens CA skickade.",
        "The certificate file could not be read. Choose the file the organisation's CA sent.",
    ),
    "signer.no_certificate": (
        "Nyckeln väntar på sitt certifikat från organisationen. Importera det först.",
        "The key is waiting for its certificate from the organisation. Import it first.",
    ),
    "signer.keyring_plaintext": (
        "Operativsystemets nyckelring sparar i klartext och används inte.",
        "The system keyring stores in plain text and is not used.",
    ),
    "signer.pkcs11_no_module": (
        "Ingen programvara för smarta kort (PKCS#11) är vald på den här datorn. Välj kortets programvara "
        "i listan under Min signeringsnyckel…, eller be IT ställa in den i datorns policyfil.",
        "No smart-card software (PKCS#11) is chosen on this computer. Choose the card's software from the "
        "list under My signing key…, or ask IT to set it in the computer's policy file.",
    ),
    "signer.pkcs11_not_installed": (
        "Den valda programvaran för smarta kort finns inte bland det som är installerat på den här "
        "datorn och används inte. Välj kortets programvara i listan under Min signeringsnyckel…, eller "
        "be IT installera den eller ställa in den i datorns policyfil.",
        "The chosen smart-card software is not among what is installed on this computer and is not "
        "used. Choose the card's software from the list under My signing key…, or ask IT to install it "
        "or set it in the computer's policy file.",
    ),
    "signer.key_unavailable": (
        "Signeringsnyckeln kunde inte läsas från nyckelringen. Logga in i skrivbordet och försök igen.",
        "The signing key could not be read from the keyring. Unlock the desktop session and try again.",
    ),
    "export.not_signed": (
        "Undersökningen måste vara signerad innan den lämnas ut.",
        "The examination must be signed before it is released.",
    ),
    "export.no_legal_basis": (
        "Ingen rättslig grund för utlämnandet är angiven.",
        "No legal basis for the release has been recorded.",
    ),
    "export.basis_requirements": (
        "Den rättsliga grunden kräver: {what}.",
        "The legal basis requires: {what}.",
    ),
    "export.out_exists": (
        "Filen {path} finns redan. Välj ett annat namn.",
        "The file {path} already exists. Choose another name.",
    ),
    "export.cancelled": (
        "Utlämnandet avbröts. Ingen fil har skrivits.",
        "The export was cancelled. No file was written.",
    ),
    "export.photo_changed": (
        "Foto {number} i förrådet stämmer inte med sin kontrollsumma (SHA-256) från importen. Ingen fil har "
        "skrivits. Lämna inte ut undersökningen; kontakta IT och återställ förrådet från en säkerhetskopia.",
        "Photo {number} in the store does not match its checksum (SHA-256) from the import. No file was "
        "written. Do not release the examination; contact IT and restore the store from a backup.",
    ),
    # evidence packages and other files from outside
    "verify.anchor": (
        "Förtroendeankaret {file} kunde inte läsas: {reason}. Ange organisationens CA-certifikat som "
        "PEM- eller DER-fil.",
        "The trust anchor {file} cannot be read: {reason}. Give the organisation's CA certificate as a "
        "PEM or DER file.",
    ),
    "results.invalid": (
        "Resultatfilen tas inte emot. {reason}",
        "The results file is not accepted. {reason}",
    ),
    # audit
    "audit.broken": (
        "Åtkomstloggen är bruten vid rad {seq}: {detail}.",
        "The access log is broken at row {seq}: {detail}.",
    ),
}


class KnownError(Exception):
    """An error the world caused; its message tells the user what happened and what to do."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(code)
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    #: The outside file the error is about (set by :meth:`in_file`); the message then starts with it.
    file: str | None = None

    def message(self, lang: Lang = "sv") -> str:
        sv, en = MESSAGES[self.code]
        return self._named(fill(sv if lang == "sv" else en, self.params, lang))

    def in_file(self, name: str) -> KnownError:
        """Name the file the error is about (a file name, never a photo's): ``name: message``."""
        self.file = name
        self.args = (self.message("en"),)
        return self

    def _named(self, text: str) -> str:
        return f"{self.file}: {text}" if self.file and not text.startswith(self.file) else text


class ValidationError(KnownError):
    """Input that does not satisfy the domain's rules."""


class AuthError(KnownError):
    """Sign-in failed, or the account is locked out."""


class AccessDenied(KnownError):
    """The signed-in account has no right to do this; the attempt has been logged."""


class NotFound(KnownError):
    """The record asked for does not exist (or is not visible)."""


class StoreError(KnownError):
    """The store cannot be opened or written: damaged, too new, read-only, full disk."""


class ImmutableError(KnownError):
    """An attempt to change something signed."""


def message(code: str, lang: Lang = "sv", **params: object) -> str:
    """Format a message from the catalogue without raising."""
    sv, en = MESSAGES[code]
    return fill(sv if lang == "sv" else en, params, lang)
