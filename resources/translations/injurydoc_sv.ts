<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv" sourcelanguage="en">
<context>
    <name>ExaminationListModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="46"/>
        <source>Case</source>
        <translation>Ärende</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="47"/>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="48"/>
        <source>Personal number</source>
        <translation>Personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="49"/>
        <source>Protection</source>
        <translation>Skydd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="50"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="51"/>
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="69"/>
        <source>Signed</source>
        <translation>Signerad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="69"/>
        <source>Draft</source>
        <translation>Utkast</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="79"/>
        <source>Protected personal data: every opening is logged.</source>
        <translation>Skyddade personuppgifter: varje öppning loggas.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="21"/>
        <source>Injury documentation</source>
        <translation>Skadedokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="62"/>
        <source>Training store created</source>
        <translation>Övningsdatabasen är skapad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="63"/>
        <source>A training store with synthetic examples was created. Accounts:</source>
        <translation>En övningsdatabas med påhittade exempel har skapats. Konton:</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="34"/>
        <source>Injury documentation</source>
        <translation>Skadedokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="37"/>
        <source>Sign in to open the store.</source>
        <translation>Logga in för att öppna databasen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="40"/>
        <location filename="../../src/injurydoc/ui/signin.py" line="56"/>
        <location filename="../../src/injurydoc/ui/signin.py" line="117"/>
        <source>Store folder</source>
        <translation>Databasmapp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="41"/>
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="48"/>
        <location filename="../../src/injurydoc/ui/signin.py" line="57"/>
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="51"/>
        <location filename="../../src/injurydoc/ui/signin.py" line="58"/>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="64"/>
        <source>Sign in</source>
        <translation>Logga in</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="67"/>
        <source>Create a training store with examples</source>
        <translation>Skapa en övningsdatabas med exempel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="69"/>
        <source>Verify package…</source>
        <translation>Verifiera paket…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="70"/>
        <source>Check an evidence package; no sign-in needed</source>
        <translation>Kontrollera ett bevispaket – ingen inloggning behövs</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="106"/>
        <source>There is no store in this folder yet. A unit manager creates one with &apos;injurydoc init&apos;; to try the program, create a training store with examples.</source>
        <translation>Det finns ingen databas i den här mappen än. En enhetschef skapar en med &apos;injurydoc init&apos;; för att prova programmet kan du skapa en övningsdatabas med exempel.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="35"/>
        <source>EXERCISE – NOT A REAL PATIENT RECORD</source>
        <translation>ÖVNING – INTE EN RIKTIG JOURNAL</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="44"/>
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="51"/>
        <source>Search by name or personal number</source>
        <translation>Sök på namn eller personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="52"/>
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="60"/>
        <location filename="../../src/injurydoc/ui/start_page.py" line="106"/>
        <source>My examinations</source>
        <translation>Mina undersökningar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="71"/>
        <source>No examinations yet.</source>
        <translation>Inga undersökningar än.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="103"/>
        <source>Search results</source>
        <translation>Sökresultat</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="46"/>
        <source>Verify package</source>
        <translation>Verifiera paket</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="54"/>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="94"/>
        <source>Evidence package</source>
        <translation>Bevispaket</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="55"/>
        <source>Choose package…</source>
        <translation>Välj paket…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="58"/>
        <source>Optional: the organisation&apos;s CA certificate (PEM)</source>
        <translation>Valfritt: organisationens CA-certifikat (PEM)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="59"/>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="100"/>
        <source>Trusted CA certificate</source>
        <translation>Betrott CA-certifikat</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="60"/>
        <source>Choose CA…</source>
        <translation>Välj CA…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="62"/>
        <source>Verify</source>
        <translation>Kontrollera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="75"/>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="79"/>
        <source>Trust</source>
        <translation>Förtroende</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="85"/>
        <source>Checks every hash, both signatures, the signer and the photo log.</source>
        <translation>Kontrollerar alla kontrollsummor, båda signaturerna, undertecknaren och fotologgen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="110"/>
        <source>Checking…</source>
        <translation>Kontrollerar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="121"/>
        <source>Intact, and signed by a trusted organisation.</source>
        <translation>Oförändrat och signerat med certifikat från en betrodd organisation.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="123"/>
        <source>Intact, but an EXERCISE – not evidence.</source>
        <translation>Oförändrat, men en ÖVNING – inte bevis.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="125"/>
        <source>Unchanged, but who signed cannot be confirmed.</source>
        <translation>Oförändrat, men vem som signerade kan inte bekräftas.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="127"/>
        <source>The package cannot be trusted.</source>
        <translation>Paketet kan inte litas på.</translation>
    </message>
</context>
</TS>
