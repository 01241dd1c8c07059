<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="sv" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="31" />
        <source>About Injury documentation</source>
        <translation>Om Skadedokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="36" />
        <source>Injury documentation</source>
        <translation>Skadedokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="38" />
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="42" />
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="43" />
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="123" />
        <source>Components</source>
        <translation>Komponenter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="50" />
        <source>Licence texts</source>
        <translation>Licenstexter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="51" />
        <source>Licences</source>
        <translation>Licenser</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="79" />
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="111" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="80" />
        <source> (installed build)</source>
        <translation> (installerad version)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="82" />
        <source>SQLCipher (database encryption)</source>
        <translation>SQLCipher (kryptering av databasen)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="83" />
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="84" />
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="85" />
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="87" />
        <source>Store folder in use</source>
        <translation>Databasmapp som används</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="88" />
        <source>Default data folder</source>
        <translation>Standardmapp för data</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="89" />
        <source>Settings (store folder, language)</source>
        <translation>Inställningar (databasmapp, språk)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="90" />
        <source>Error reports (no patient data)</source>
        <translation>Felrapporter (utan patientuppgifter)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="94" />
        <source>Patient data is kept only in the encrypted store. The program makes no network connections, except to an RFC 3161 timestamp service when one is given for an export from the command line. Back up the store with “injurydoc backup”.</source>
        <translation>Patientuppgifter finns bara i den krypterade databasen. Programmet gör inga nätverksanslutningar, utom till en tidsstämpeltjänst (RFC 3161) när en sådan anges vid export från kommandoraden. Säkerhetskopiera databasen med ”injurydoc backup”.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="111" />
        <source>Component</source>
        <translation>Komponent</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/about_dialog.py" line="111" />
        <source>Licence</source>
        <translation>Licens</translation>
    </message>
</context>
<context>
    <name>AccessLogTab</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="85" />
        <source>Personal identity number or patient id</source>
        <translation>Personnummer eller patient-id</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="89" />
        <source>All actions</source>
        <translation>Alla händelser</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="97" />
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="101" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="102" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="103" />
        <source>Action</source>
        <translation>Händelse</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="104" />
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="105" />
        <source>To</source>
        <translation>Till</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="52" />
        <location filename="../../src/injurydoc/ui/manager_log.py" line="126" />
        <source>Choose a selection and press Search.</source>
        <extracomment>Rows shown on screen; an export holds every matching row. Breaks of the access log listed under "Verify the log" (the command line lists every one).</extracomment>
        <translation>Gör ett urval och tryck på Sök.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="54" />
        <source>Export as CSV…</source>
        <translation>Exportera som CSV…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="55" />
        <source>Export as PDF…</source>
        <translation>Exportera som PDF…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="56" />
        <source>Verify the log</source>
        <translation>Kontrollera loggen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="60" />
        <source>Every opening, change, export and print is logged. Searching, exporting and verifying are logged too. An export holds every row of the selection above.</source>
        <translation>Varje öppning, ändring, utlämning och utskrift loggas. Även sökningar, exporter och kontroller loggas. En export innehåller alla rader i urvalet ovan.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="134" />
        <source>All accounts</source>
        <translation>Alla konton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="159" />
        <source>The start date is after the end date.</source>
        <translation>Startdatumet ligger efter slutdatumet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="174" />
        <source>Searching…</source>
        <translation>Söker…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="189" />
        <source>The newest %1 rows are shown. An export holds every matching row.</source>
        <translation>De %1 senaste raderna visas. En export innehåller alla rader som matchar urvalet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="191" />
        <source>%1 rows, newest first.</source>
        <translation>%1 rader, senaste först.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="193" />
        <source>No log rows match the selection.</source>
        <translation>Inga loggrader matchar urvalet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="203" />
        <source>Export as PDF</source>
        <translation>Exportera som PDF</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="203" />
        <source>Export as CSV</source>
        <translation>Exportera som CSV</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="205" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="205" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="221" />
        <source>Exporting…</source>
        <translation>Exporterar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="222" />
        <source>Saved to %1</source>
        <translation>Sparad i %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="227" />
        <source>Checking…</source>
        <translation>Kontrollerar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="233" />
        <source>The access log is whole: %1 rows checked.</source>
        <translation>Åtkomstloggen är hel: %1 rader kontrollerade.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="236" />
        <source>The access log is broken. Keep the store as it is and contact IT.</source>
        <translation>Åtkomstloggen är bruten. Låt databasen vara som den är och kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_log.py" line="240" />
        <source>… and %1 more (all of them: injurydoc audit verify).</source>
        <translation>… och %1 till (alla visas med injurydoc audit verify).</translation>
    </message>
</context>
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="87" />
        <source>New account</source>
        <translation>Nytt konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="89" />
        <source>a–z, 0–9, dot, hyphen</source>
        <translation>a–z, 0–9, punkt, bindestreck</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="97" />
        <source>Optional</source>
        <translation>Valfritt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="98" />
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="99" />
        <source>Full name</source>
        <translation>Fullständigt namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="100" />
        <source>Roles</source>
        <translation>Roller</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="101" />
        <source>Profession</source>
        <translation>Yrke</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="102" />
        <source>HSA-id</source>
        <translation>HSA-id</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="103" />
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="104" />
        <source>Password again</source>
        <translation>Lösenordet igen</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="207" />
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="213" />
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="210" />
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="214" />
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="217" />
        <source>Your own account on the unit's server, from your unit manager. This workstation keeps an encrypted copy of what you may open, locked with your password only: colleagues who use this computer have copies of their own.</source>
        <translation>Ditt eget konto på enhetens server, från din enhetschef. Den här arbetsstationen sparar en krypterad kopia av det du får öppna, låst med bara ditt lösenord: kollegor som använder datorn har egna kopior.</translation>
    </message>
</context>
<context>
    <name>AccountsModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="114" />
        <source>Made by the store import to hold the signing key of %1, the unit manager of the moved standalone store, whose migrated signatures (records signed before signatures existed) are checked against it. Disabled because nobody signs in with it; keep it.</source>
        <translation>Skapat när databasen flyttades, för att hålla signeringsnyckeln för %1, enhetschef i den flyttade fristående databasen, vars migrerade signaturer (journaler signerade innan signaturer fanns) kontrolleras mot den. Avstängt eftersom ingen loggar in med det; behåll det.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="127" />
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="128" />
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="129" />
        <source>Roles</source>
        <translation>Roller</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="130" />
        <source>Profession</source>
        <translation>Yrke</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="131" />
        <source>HSA-id</source>
        <translation>HSA-id</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="132" />
        <source>Active</source>
        <translation>Aktivt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="147" />
        <source>No – holds a moved store's key</source>
        <translation>Nej – nyckel från flyttad databas</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="148" />
        <source>Yes – holds a moved store's key</source>
        <translation>Ja – nyckel från flyttad databas</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="149" />
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="149" />
        <source>No, disabled</source>
        <translation>Nej, avstängt</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="54" />
        <source>New account…</source>
        <extracomment>unit mode: the unit's accounts live on its server (services.unit_admin), else None</extracomment>
        <translation>Nytt konto…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="55" />
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="142" />
        <source>Disable</source>
        <translation>Stäng av</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="56" />
        <source>Set new password…</source>
        <translation>Sätt nytt lösenord…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="57" />
        <source>Re-key the store…</source>
        <translation>Byt databasens nyckel…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="114" />
        <source>The unit's accounts are kept on its server: what you change here applies on every workstation from its next sync. Each person has an account of their own. A disabled account can no longer sign in anywhere; its history is kept.</source>
        <translation>Enhetens konton finns på dess server: det du ändrar här gäller på alla arbetsstationer från deras nästa synkronisering. Varje person har ett eget konto. Ett inaktiverat konto kan inte längre logga in någonstans; dess historik finns kvar.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="119" />
        <source>Each person has an account of their own. A disabled account can no longer open the store; its history is kept. Setting a new password enables it again.</source>
        <translation>Varje person har ett eget konto. Ett avstängt konto kan inte längre öppna databasen; dess historik finns kvar. Ett nytt lösenord aktiverar kontot igen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="127" />
        <source>This needs the unit's server. Nothing was changed and what you typed is kept; try again when the server answers.</source>
        <translation>Det här kräver enhetens server. Inget har ändrats och det du skrev finns kvar; försök igen när servern svarar.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="142" />
        <source>Enable again</source>
        <translation>Aktivera igen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="157" />
        <source>Asking the unit's server…</source>
        <translation>Frågar enhetens server…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="172" />
        <source>%1: the encryption key awaits your certification under the unit key, so protected cases are not shared with it yet. Compare the key %1's workstation shows with the list below and certify it.</source>
        <translation>%1: krypteringsnyckeln väntar på att du certifierar den med enhetsnyckeln, så skyddade fall delas inte med den ännu. Jämför nyckeln som %1s arbetsstation visar med listan nedan och certifiera den.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="178" />
        <source>%1: the account's encryption key was registered before key bindings, so protected cases are not shared with it. Ask %1 to sign in again on their workstation; the key is bound at its next sync.</source>
        <translation>%1: kontots krypteringsnyckel registrerades innan nycklar bands till kontot, så skyddade ärenden delas inte med den. Be %1 att logga in igen på sin arbetsstation; nyckeln binds vid nästa synkronisering.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="184" />
        <source>%1: an encryption key in this account's name was not registered by the account itself or does not match its signing key, so protected cases are not shared with it. Ask %1 to sign in again on their workstation, and tell IT: the key may have been put on the server by someone else.</source>
        <translation>%1: en krypteringsnyckel i kontots namn registrerades inte av kontot självt eller stämmer inte med dess signeringsnyckel, så skyddade ärenden delas inte med den. Be %1 att logga in igen på sin arbetsstation och kontakta IT: nyckeln kan ha lagts på servern av någon annan.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="190" />
        <source>Refused on: %2.</source>
        <translation>Nekad på: %2.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="192" />
        <source>Encryption keys refused for protected cases:</source>
        <translation>Krypteringsnycklar som nekats för skyddade ärenden:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="280" />
        <source>Disable the account %1 on the unit's server? It can no longer sign in on any workstation; its history is kept.</source>
        <translation>Inaktivera kontot %1 på enhetens server? Det kan inte längre logga in på någon arbetsstation; dess historik finns kvar.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="284" />
        <source>Disable the account %1? It can no longer open the store; its history is kept.</source>
        <translation>Stänga av kontot %1? Det kan inte längre öppna databasen; dess historik finns kvar.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="287" />
        <source>Disable account</source>
        <translation>Stäng av konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="310" />
        <source>Enable the account %1 again on the unit's server? It can sign in again on every workstation, with the same rights as before it was disabled. The server logs this.</source>
        <translation>Aktivera kontot %1 igen på enhetens server? Det kan logga in igen på alla arbetsstationer, med samma behörigheter som innan det stängdes av. Servern loggar detta.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_accounts.py" line="314" />
        <source>Enable account again</source>
        <translation>Aktivera kontot igen</translation>
    </message>
</context>
<context>
    <name>AnswerKeyTab</name>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="69" />
        <source>Expected injuries (matched by region, side and type; size within the range)</source>
        <translation>Förväntade skador (matchas på område, sida och typ; storlek inom intervallet)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="78" />
        <source>%1 from</source>
        <translation>%1 från</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="78" />
        <source>%1 to</source>
        <translation>%1 till</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="85" />
        <source>Add expected injury</source>
        <translation>Lägg till förväntad skada</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="87" />
        <source>Remove selected injury</source>
        <translation>Ta bort markerad skada</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="96" />
        <source>Photo roles the documentation should have</source>
        <translation>Bildtyper som dokumentationen ska ha</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="106" />
        <source>The strangulation questions should be asked</source>
        <translation>Frågorna om strypvåld ska ställas</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="107" />
        <source>An orosanmälan (report of concern for a child) should be made</source>
        <translation>En orosanmälan ska göras</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="108" />
        <source>Absent findings should be recorded</source>
        <translation>Negativa fynd ska noteras</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_key.py" line="114" />
        <source>Right legal basis for a release to the police</source>
        <translation>Rätt rättslig grund för utlämnande till polisen</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="220" />
        <source>No.</source>
        <translation>Nr</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="221" />
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="222" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="223" />
        <source>Action</source>
        <translation>Händelse</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="224" />
        <source>Outcome</source>
        <translation>Utfall</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="225" />
        <source>Patient (id)</source>
        <translation>Patient (id)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="226" />
        <source>Target</source>
        <translation>Avser</translation>
    </message>
</context>
<context>
    <name>BodyMapView</name>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="80" />
        <source>Body map</source>
        <extracomment>view code, nx, ny, region code or None, side code or None injury id, view code, nx, ny (once, when a drag ends or an arrow key is pressed) injury id view code, whenever the shown view changes</extracomment>
        <translation>Kroppskarta</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="151" />
        <source>Front</source>
        <translation>Framsida</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="152" />
        <source>Back</source>
        <translation>Baksida</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="153" />
        <source>Head, right profile</source>
        <translation>Huvud, höger profil</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="154" />
        <source>Head, left profile</source>
        <translation>Huvud, vänster profil</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="155" />
        <source>Face</source>
        <translation>Ansikte</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="156" />
        <source>Hands, palms</source>
        <translation>Händer, handflator</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="157" />
        <source>Hands, backs</source>
        <translation>Händer, handryggar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="162" />
        <source>patient's right</source>
        <translation>patientens höger</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="162" />
        <source>patient's left</source>
        <translation>patientens vänster</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="173" />
        <source>Signed examination: marks cannot be added or moved.</source>
        <translation>Signerad undersökning: markeringar kan inte läggas till eller flyttas.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="178" />
        <source>Click on the figure to mark an injury. Drag a mark, or use the arrow keys, to move it.</source>
        <translation>Klicka på figuren för att markera en skada. Dra en markering, eller använd piltangenterna, för att flytta den.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="183" />
        <source>%1. Tab selects the next mark; the arrow keys move the selected mark.</source>
        <translation>%1. Tabb väljer nästa markering; piltangenterna flyttar den valda markeringen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/bodymap_view.py" line="229" />
        <source>Injury %1</source>
        <translation>Skada %1</translation>
    </message>
</context>
<context>
    <name>CertificatePage</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="173" />
        <source>I have compared it with what IT gave me, and it is the same</source>
        <translation>Jag har jämfört med det IT gav mig, och det är samma</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="181" />
        <source>Issued to %1 by %2; valid until %3.</source>
        <translation>Utfärdat till %1 av %2; gäller till %3.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="187" />
        <source>✓ The same as the fingerprint IT gave.</source>
        <translation>✓ Samma som fingeravtrycket från IT.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="192" />
        <source>IT gave no fingerprint here. Compare it, group by group, with IT's paper or e-mail.</source>
        <translation>IT har inte angett något fingeravtryck här. Jämför grupp för grupp med IT:s papper eller e-post.</translation>
    </message>
</context>
<context>
    <name>ClassSummaryDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="112" />
        <source>Class results</source>
        <extracomment>a training store's session: its submitted results (a training unit's: the class's, from every workstation) are shown at once, beside any results files added exercise id -&gt; (Swedish, English) title, for the exercises this store holds</extracomment>
        <translation>Klassresultat</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="120" />
        <source>Add the results files your trainees saved with “Review my documentation”. They hold scores and points only, no documentation.</source>
        <translation>Lägg till resultatfilerna som deltagarna sparat med ”Granska min dokumentation”. De innehåller bara poäng och punkter, ingen dokumentation.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="127" />
        <source>The results your trainees submitted (in a training unit: from every workstation), and any results files you add. They hold scores and points only, no documentation.</source>
        <translation>Resultaten som deltagarna lämnat in (i en övningsenhet: från alla arbetsstationer) och resultatfiler du lägger till. De innehåller bara poäng och punkter, ingen dokumentation.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="158" />
        <source>Trainee</source>
        <translation>Deltagare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="159" />
        <source>Exercise</source>
        <translation>Övning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="160" />
        <source>Score</source>
        <translation>Poäng</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="161" />
        <source>Competent</source>
        <translation>Godkänd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="162" />
        <source>Mistakes</source>
        <translation>Fel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="173" />
        <source>Most common mistakes (share of results with the mistake)</source>
        <translation>Vanligaste felen (andel resultat med felet)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="183" />
        <source>Add results files…</source>
        <translation>Lägg till resultatfiler…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="185" />
        <source>Clear</source>
        <translation>Töm</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="187" />
        <source>Save as PDF…</source>
        <translation>Spara som PDF…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="189" />
        <source>Submitted results</source>
        <translation>Inlämnade resultat</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="193" />
        <source>Results the trainees submitted in this store; in a training unit, from every workstation.</source>
        <translation>Resultat som deltagarna lämnat in i det här lagret; i en övningsenhet från alla arbetsstationer.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="209" />
        <source>Add results files</source>
        <translation>Lägg till resultatfiler</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="211" />
        <source>Results files (*.injurydoc-result)</source>
        <translation>Resultatfiler (*.injurydoc-result)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="219" />
        <source>The file is too large to be a results file.</source>
        <translation>Filen är för stor för att vara en resultatfil.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="222" />
        <source>%1: the file could not be read.</source>
        <translation>%1: filen kunde inte läsas.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="227" />
        <source>%1: not a results file (%2)</source>
        <translation>%1: ingen resultatfil (%2)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="232" />
        <source>%1: already added.</source>
        <translation>%1: redan tillagd.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="236" />
        <source>Not added:</source>
        <translation>Inte tillagda:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="257" />
        <source>%1 submitted results.</source>
        <translation>%1 inlämnade resultat.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="269" />
        <source>%1 results · %2 competent (at least 85 %) · mean score %3 %</source>
        <translation>%1 resultat · %2 godkända (minst 85 %) · medelpoäng %3 %</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="280" />
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="280" />
        <source>No</source>
        <translation>Nej</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="297" />
        <source>Save class summary</source>
        <translation>Spara klassöversikt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="311" />
        <source>Saved: %1</source>
        <translation>Sparad: %1</translation>
    </message>
</context>
<context>
    <name>CoHandlerDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="28" />
        <source>Add a co-handler</source>
        <translation>Lägg till medhandläggare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="31" />
        <source>A co-handler may open this protected case like you. Only you, who started the case, can add one; the unit manager sees who has access, and the access log records it.</source>
        <translation>En medhandläggare kan öppna det här skyddade ärendet som du. Bara du, som startade ärendet, kan lägga till en; enhetschefen ser vem som har åtkomst, och loggen registrerar det.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="37" />
        <source>The colleague's user name</source>
        <translation>Kollegans användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="40" />
        <source>Add</source>
        <translation>Lägg till</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="42" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="45" />
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/co_handler_dialog.py" line="70" />
        <source>%1 may now open the case.</source>
        <translation>%1 kan nu öppna ärendet.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="81" />
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="89" />
        <source>The draft was edited on two workstations</source>
        <translation>Utkastet har ändrats på två arbetsstationer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="93" />
        <source>While the network was down, this draft was changed in two places. Both versions are kept. For each section, choose the text to continue with; sections that differ are marked. Your choice is recorded, and the other version stays on record.</source>
        <translation>Medan nätverket låg nere ändrades utkastet på två ställen. Båda versionerna finns kvar. Välj för varje avsnitt vilken text du vill fortsätta med; avsnitt som skiljer sig är markerade. Ditt val sparas, och den andra versionen finns kvar i journalen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="111" />
        <source>Decide later</source>
        <translation>Bestäm senare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="114" />
        <source>Continue with my choice</source>
        <translation>Fortsätt med mitt val</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="135" />
        <source>Version %1, saved %2</source>
        <translation>Version %1, sparad %2</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="39" />
        <source>The patient's account</source>
        <translation>Patientens berättelse</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="40" />
        <source>History</source>
        <translation>Anamnes</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="41" />
        <source>Strangulation</source>
        <translation>Strypvåld</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="42" />
        <source>Absent findings</source>
        <translation>Negativa fynd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="43" />
        <source>Assessment</source>
        <translation>Bedömning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="44" />
        <source>Report of concern</source>
        <translation>Orosanmälan</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="45" />
        <source>SIP (coordinated individual plan)</source>
        <translation>SIP (samordnad individuell plan)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="46" />
        <source>Injuries</source>
        <translation>Skador</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="47" />
        <source>Other</source>
        <translation>Övrigt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="159" />
        <source>The same in both versions.</source>
        <translation>Likadant i båda versionerna.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="166" />
        <source>%1 more fields are the same in both.</source>
        <translation>%1 fält till är likadana i båda.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="182" />
        <source>Your choice combines the versions (a merge).</source>
        <translation>Ditt val kombinerar versionerna (en sammanfogning).</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="184" />
        <source>You continue with %1.</source>
        <translation>Du fortsätter med %1.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/conflict_dialog.py" line="186" />
        <source>The versions differ only in bookkeeping.</source>
        <translation>Versionerna skiljer sig bara i bokföringen.</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_consents.py" line="38" />
        <source>Note (e.g. oral consent, interpreter present)</source>
        <translation>Anteckning (t.ex. muntligt samtycke, tolk närvarande)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_consents.py" line="46" />
        <source>Consent comes first, and is recorded separately for each purpose.</source>
        <translation>Samtycket kommer först och noteras för sig för varje syfte.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="280" />
        <source>You are signed in as %1 (%2) on %3.</source>
        <translation>Du är inloggad som %1 (%2) på %3.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="295" />
        <source>The unit key this workstation was given by the server: %1. It is not confirmed yet: until it is, protected cases are not shared with colleagues from this workstation. Type the unit key from your unit manager's paper below (all eight groups). If they differ, document nothing here: tell your unit manager and IT.</source>
        <translation>Enhetsnyckeln som den här arbetsstationen fick från servern: %1. Den är inte bekräftad än: till dess delas inga skyddade ärenden med kollegor från den här arbetsstationen. Skriv in enhetsnyckeln från din enhetschefs papper nedan (alla åtta grupper). Om de skiljer sig, dokumentera ingenting här: kontakta enhetschefen och IT.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="301" />
        <source>The unit key this workstation trusts: %1 (compared with the manager's paper).</source>
        <translation>Enhetsnyckeln som den här arbetsstationen litar på: %1 (jämförd med chefens papper).</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="303" />
        <source>The unit key this workstation trusts: %1 (the one you gave).</source>
        <translation>Enhetsnyckeln som den här arbetsstationen litar på: %1 (den du angav).</translation>
    </message>
</context>
<context>
    <name>ExamEditor</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="101" />
        <source>Sections</source>
        <translation>Avsnitt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="104" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="105" />
        <source>Consent</source>
        <translation>Samtycke</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="106" />
        <source>The patient's account</source>
        <translation>Patientens berättelse</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="107" />
        <source>History</source>
        <translation>Anamnes</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="108" />
        <source>Strangulation</source>
        <translation>Strypvåld</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="109" />
        <source>Injuries</source>
        <translation>Skador</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="110" />
        <source>Photos</source>
        <translation>Foton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="111" />
        <source>Absent findings</source>
        <translation>Negativa fynd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="112" />
        <source>Assessment</source>
        <translation>Bedömning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="113" />
        <source>Report of concern and SIP</source>
        <translation>Orosanmälan och SIP</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="114" />
        <source>Review and sign</source>
        <translation>Granska och signera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="245" />
        <source>Signed</source>
        <translation>Signerad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="245" />
        <source>Draft</source>
        <translation>Utkast</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="267" />
        <source>Read-only</source>
        <translation>Skrivskyddad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="273" />
        <source>Saving…</source>
        <translation>Sparar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="304" />
        <source>Saved %1</source>
        <translation>Sparat %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_editor.py" line="329" />
        <source>Not saved</source>
        <translation>Inte sparat</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_fields.py" line="70" />
        <source>Add absent finding</source>
        <translation>Lägg till negativt fynd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_fields.py" line="132" />
        <source>One per line, e.g. Interpreter: Name (Arabic)</source>
        <translation>En per rad, t.ex. Tolk: Namn (arabiska)</translation>
    </message>
</context>
<context>
    <name>ExamHeader</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_header.py" line="22" />
        <source>PROTECTED PERSONAL DATA</source>
        <translation>SKYDDADE PERSONUPPGIFTER</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_header.py" line="28" />
        <source>Handout for the patient…</source>
        <translation>Stödinformation till patienten…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_header.py" line="30" />
        <source>Co-handlers…</source>
        <translation>Medhandläggare…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_header.py" line="33" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
</context>
<context>
    <name>ExaminationListModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="87" />
        <source>Case</source>
        <extracomment>Signature marks of the start page's two-step listing (``row.extra["signature"]``, set by this model only): the row's check has not answered yet, or could not be run. Neither is ever shown as valid.</extracomment>
        <translation>Ärende</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="88" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="89" />
        <source>Personal number</source>
        <translation>Personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="90" />
        <source>Protection</source>
        <translation>Skydd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="91" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="92" />
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="136" />
        <source>Signature BROKEN</source>
        <translation>Signaturen BRUTEN</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="138" />
        <source>Checking signature…</source>
        <translation>Signaturen kontrolleras…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="140" />
        <source>Signature not checked</source>
        <translation>Signaturen inte kontrollerad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="142" />
        <source>Signed by a key the unit has not certified</source>
        <translation>Signerad med en nyckel som enheten inte har certifierat</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="143" />
        <source>Signed</source>
        <translation>Signerad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="143" />
        <source>Draft</source>
        <translation>Utkast</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="146" />
        <source>only on this workstation so far</source>
        <translation>bara på den här arbetsstationen än så länge</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="148" />
        <source>from another workstation</source>
        <translation>från en annan arbetsstation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="150" />
        <source>NOT the unit's record – signed first elsewhere</source>
        <translation>INTE enhetens journal – signerad först på annan plats</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="157" />
        <source>The signed content no longer matches its signature. It cannot be released; the unit manager should check the access log and compare with a backup.</source>
        <translation>Det signerade innehållet stämmer inte längre med sin signatur. Det kan inte lämnas ut; enhetschefen bör kontrollera åtkomstloggen och jämföra med en säkerhetskopia.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="161" />
        <source>The signature of this examination is being checked.</source>
        <translation>Undersökningens signatur kontrolleras.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="164" />
        <source>The signature could not be checked for this list. Opening the examination checks it again; if this stays, tell the unit manager.</source>
        <translation>Signaturen kunde inte kontrolleras för listan. När undersökningen öppnas kontrolleras den igen; om det består, säg till enhetschefen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="169" />
        <source>The signature matches, but the signer's key has no certificate from the unit key this workstation trusts. It counts once a unit manager has certified that key and this workstation has synced; until then treat it as not verified.</source>
        <translation>Signaturen stämmer, men signerarens nyckel har inget certifikat från den enhetsnyckel som den här arbetsstationen litar på. Den räknas när en enhetschef har certifierat nyckeln och arbetsstationen har synkat; till dess ska den betraktas som inte verifierad.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="175" />
        <source>Signed here after it had been signed on another workstation. The unit's record is the one signed first; open the case to compare the two.</source>
        <translation>Signerad här efter att den signerats på en annan arbetsstation. Enhetens journal är den som signerades först; öppna ärendet för att jämföra de två.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/models.py" line="129" />
        <source>Protected personal data: every opening is logged.</source>
        <translation>Skyddade personuppgifter: varje öppning loggas.</translation>
    </message>
</context>
<context>
    <name>ExerciseEditor</name>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="50" />
        <source>New documentation exercise</source>
        <translation>Ny dokumentationsövning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="57" />
        <source>Scenario</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="58" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="59" />
        <source>Photos</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="61" />
        <source>Answer key</source>
        <translation>Facit</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="66" />
        <source>Open exercise file…</source>
        <translation>Öppna övningsfil…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="68" />
        <source>Save exercise file…</source>
        <translation>Spara övningsfil…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="70" />
        <source>Add to this training store</source>
        <translation>Lägg till i den här övningsdatabasen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="88" />
        <source>e.g. ipv-arm-bruises (a–z, 0–9 and -)</source>
        <translation>t.ex. vnr-blamarken-arm (a–z, 0–9 och -)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="94" />
        <source>Only for a follow-up: the id of the first exercise</source>
        <translation>Bara för återbesök: id för den första övningen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="95" />
        <source>Exercise id</source>
        <translation>Övningens id</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="96" />
        <source>Title (Swedish)</source>
        <translation>Rubrik (svenska)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="97" />
        <source>Title (English)</source>
        <translation>Rubrik (engelska)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="98" />
        <source>Scenario (Swedish)</source>
        <translation>Scenario (svenska)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="99" />
        <source>Scenario (English)</source>
        <translation>Scenario (engelska)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="100" />
        <source>Follow-up of</source>
        <translation>Återbesök efter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="106" />
        <source>A made-up person. Use a synthetic personal number that belongs to nobody.</source>
        <translation>En påhittad person. Använd ett syntetiskt personnummer som inte tillhör någon.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="113" />
        <source>A guardian is the threat (child)</source>
        <translation>En vårdnadshavare är hotet (barn)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="115" />
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="116" />
        <source>Personal number</source>
        <translation>Personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="117" />
        <source>Sex</source>
        <translation>Kön</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="118" />
        <source>Protected personal data</source>
        <translation>Skyddade personuppgifter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="127" />
        <source>Photos are stored upright, at most 2000 px, with all metadata removed (camera, time, GPS). Captions must not give the answer away.</source>
        <translation>Bilderna sparas rättvända, högst 2000 px, utan metadata (kamera, tid, GPS). Bildtexterna får inte avslöja svaret.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="134" />
        <source>Photo</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="134" />
        <source>Caption (Swedish)</source>
        <translation>Bildtext (svenska)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="134" />
        <source>Caption (English)</source>
        <translation>Bildtext (engelska)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="138" />
        <source>Add photos…</source>
        <translation>Lägg till bilder…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="140" />
        <source>Remove selected photo</source>
        <translation>Ta bort markerad bild</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="156" />
        <source>Add photos</source>
        <translation>Lägg till bilder</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="158" />
        <source>Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif)</source>
        <translation>Bilder (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="241" />
        <source>Open exercise file</source>
        <translation>Öppna övningsfil</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="243" />
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="261" />
        <source>Exercises (*.injurydoc-exercise)</source>
        <translation>Övningar (*.injurydoc-exercise)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="259" />
        <source>Save exercise file</source>
        <translation>Spara övningsfil</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="278" />
        <source>Saved: %1</source>
        <translation>Sparad: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_editor.py" line="297" />
        <source>Added to this training store: %1</source>
        <translation>Tillagd i övningsdatabasen: %1</translation>
    </message>
</context>
<context>
    <name>ExercisePanel</name>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="38" />
        <source>Documentation exercises</source>
        <extracomment>the examination to open (a new attempt, or the latest one to continue) the trainer asked for the authoring dialog or the class summary</extracomment>
        <translation>Dokumentationsövningar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="46" />
        <source>Exercises</source>
        <translation>Övningar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="50" />
        <source>Scenario</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="51" />
        <source>Start exercise</source>
        <translation>Starta övningen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="54" />
        <source>Continue my attempt</source>
        <translation>Fortsätt mitt försök</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="56" />
        <source>Add exercise file…</source>
        <translation>Lägg till övningsfil…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="58" />
        <source>New exercise…</source>
        <translation>Ny övning…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="60" />
        <source>Class results…</source>
        <translation>Klassresultat…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="64" />
        <source>Read the scenario, start the exercise and document as you would for real. Then open “Review and sign” and press “Review my documentation”.</source>
        <translation>Läs scenariot, starta övningen och dokumentera som på riktigt. Öppna sedan ”Granska och signera” och tryck på ”Granska min dokumentation”.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="125" />
        <source>(started %1×)</source>
        <translation>(påbörjad %1 gång(er))</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="133" />
        <source>No exercises in this training store yet.</source>
        <translation>Inga övningar i den här övningsdatabasen ännu.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="151" />
        <source>A follow-up: do the exercise “%1” first; this one continues your attempt.</source>
        <translation>Ett återbesök: gör övningen ”%1” först; den här fortsätter ditt försök.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="159" />
        <source>%1 photos come with the exercise.</source>
        <translation>%1 bilder följer med övningen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="193" />
        <source>Add exercise files</source>
        <translation>Lägg till övningsfiler</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exercise_panel.py" line="195" />
        <source>Exercises (*.injurydoc-exercise)</source>
        <translation>Övningar (*.injurydoc-exercise)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="163" />
        <source>Requires: </source>
        <translation>Kräver: </translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="138" />
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="166" />
        <source>Save in</source>
        <translation>Spara i</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="49" />
        <source>Release to the police</source>
        <translation>Utlämnande till polis</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="81" />
        <source>Police case number or recipient</source>
        <translation>Polisens diarienummer eller mottagare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="83" />
        <source>Short reason (required for OSL 10:18 c)</source>
        <translation>Kort motivering (krävs för OSL 10:18 c)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="87" />
        <source>Remove GPS positions from the photos</source>
        <translation>Ta bort GPS-positioner ur fotona</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="91" />
        <source>GPS positions are removed (protected personal data)</source>
        <translation>GPS-positioner tas bort (skyddade personuppgifter)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="104" />
        <source>My signing key</source>
        <translation>Min signeringsnyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="105" />
        <source>Smart card (PKCS#11)</source>
        <translation>Smart kort (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="106" />
        <source>Self-signed (training only)</source>
        <translation>Självsignerat (endast övning)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="109" />
        <source>Your password, or the card's PIN</source>
        <translation>Ditt lösenord, eller kortets PIN-kod</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="117" />
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="126" />
        <source>Legal basis</source>
        <translation>Rättslig grund</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="128" />
        <source>Recipient</source>
        <translation>Mottagare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="129" />
        <source>Reason</source>
        <translation>Motivering</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="130" />
        <source>Report language</source>
        <translation>Rapportens språk</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="135" />
        <source>Signer</source>
        <translation>Signerare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="136" />
        <source>Password or PIN</source>
        <translation>Lösenord eller PIN</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="150" />
        <source>Sign and export</source>
        <translation>Signera och exportera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="57" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="172" />
        <source>Collecting the photos…</source>
        <translation>Hämtar fotona…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="173" />
        <source>Writing and signing the report…</source>
        <translation>Skriver och signerar rapporten…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="174" />
        <source>Writing the package…</source>
        <translation>Skriver paketet…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="175" />
        <source>Verifying the written package…</source>
        <translation>Kontrollerar det skrivna paketet…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="249" />
        <source>Written: %1</source>
        <translation>Skrivet: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="112" />
        <source>My signing key…</source>
        <translation>Min signeringsnyckel…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="94" />
        <source>Secrecy reviewed: nothing released shows where the person lives or can be reached</source>
        <translation>Sekretessprövning gjord: inget som lämnas ut visar var personen bor eller kan nås</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="97" />
        <source>Who reviewed, and the outcome</source>
        <translation>Vem som prövade, och utfallet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="133" />
        <source>Secrecy review</source>
        <translation>Sekretessprövning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/export_dialog.py" line="189" />
        <source>Protected personal data: tick the secrecy review and say who reviewed it.</source>
        <translation>Skyddade personuppgifter: kryssa i sekretessprövningen och ange vem som prövade.</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="44" />
        <source>Review my documentation</source>
        <translation>Granska min dokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="51" />
        <source>Scenario</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="52" />
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="98" />
        <source>Reviewing…</source>
        <translation>Granskar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="58" />
        <source>Feedback points</source>
        <translation>Återkopplingspunkter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="61" />
        <source>Legal basis for a release to the police</source>
        <translation>Rättslig grund för utlämnande till polisen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="62" />
        <source>— choose —</source>
        <translation>— välj —</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="65" />
        <source>Record legal basis</source>
        <translation>Notera rättslig grund</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="69" />
        <source>If the police asked for this documentation, on what basis could it be released?</source>
        <translation>Om polisen begärde dokumentationen, med vilken rättslig grund kunde den lämnas ut?</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="74" />
        <source>Review again</source>
        <translation>Granska igen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="76" />
        <source>Save results file for the trainer…</source>
        <translation>Spara resultatfil till utbildaren…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="218" />
        <source>Submit to the trainer</source>
        <translation>Lämna in till utbildaren</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="222" />
        <source>Hands your score and points (no documentation) to the trainer: in this store, and in a training unit on every workstation after the next sync.</source>
        <translation>Lämnar din poäng och dina punkter (ingen dokumentation) till utbildaren: i det här lagret, och i en övningsenhet på alla arbetsstationer efter nästa synkronisering.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="120" />
        <source>Exercise: %1</source>
        <translation>Övning: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="123" />
        <source>competent</source>
        <translation>godkänd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="125" />
        <source>not yet competent (%1 % needed)</source>
        <translation>inte godkänd ännu (%1 % krävs)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="128" />
        <source>Score: %1 % – %2</source>
        <translation>Poäng: %1 % – %2</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="141" />
        <source>To improve (%1)</source>
        <translation>Att förbättra (%1)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="145" />
        <source>For your information</source>
        <translation>För kännedom</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="148" />
        <source>Done well (%1)</source>
        <translation>Bra gjort (%1)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="161" />
        <source>Why it matters:</source>
        <translation>Varför det spelar roll:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="199" />
        <source>Save results file</source>
        <translation>Spara resultatfil</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="201" />
        <source>Results files (*.injurydoc-result)</source>
        <translation>Resultatfiler (*.injurydoc-result)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="210" />
        <source>Results file saved: %1</source>
        <translation>Resultatfilen sparad: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/feedback_dialog.py" line="236" />
        <source>Submitted to the trainer: %1 %.</source>
        <translation>Inlämnat till utbildaren: %1 %.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="44" />
        <source>At least %1 characters</source>
        <translation>Minst %1 tecken</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="63" />
        <source>The two passwords are not the same.</source>
        <translation>De två lösenorden är inte likadana.</translation>
    </message>
</context>
<context>
    <name>HandoutDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="66" />
        <source>Handout for the patient</source>
        <translation>Stödinformation till patienten</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="86" />
        <source>Languages</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="95" />
        <source>(unreviewed translation)</source>
        <translation>(ogranskad översättning)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="106" />
        <source>Add the patient's name</source>
        <translation>Skriv ut patientens namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="108" />
        <source>Print addresses (the unit's and the local contacts')</source>
        <translation>Skriv ut adresser (enhetens och de lokala kontakternas)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="112" />
        <source>Protected personal data: an address on a paper the patient carries home can reveal where they sought help. Print addresses only if the patient wants them.</source>
        <translation>Skyddade personuppgifter: en adress på ett papper som patienten tar med sig hem kan avslöja var hen har sökt hjälp. Skriv bara ut adresser om patienten vill det.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="121" />
        <source>The personal identity number is never printed on the handout.</source>
        <translation>Personnumret skrivs aldrig ut på stödinformationen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="128" />
        <source>Save as PDF…</source>
        <translation>Spara som PDF…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="130" />
        <source>Print…</source>
        <translation>Skriv ut…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="132" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="134" />
        <source>Loading the unit's contacts…</source>
        <translation>Hämtar enhetens kontakter…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="138" />
        <source>Languages (each gets its own pages)</source>
        <translation>Språk (vart och ett på egna sidor)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="160" />
        <source>Preview</source>
        <translation>Förhandsvisning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="198" />
        <source>No local contacts are set up for the unit.</source>
        <translation>Inga lokala kontakter är inlagda för enheten.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="237" />
        <source>Save the handout as PDF</source>
        <translation>Spara stödinformationen som PDF</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="239" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="252" />
        <source>Saved to %1</source>
        <translation>Sparad i %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="274" />
        <source>Sent to the printer.</source>
        <translation>Skickad till skrivaren.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/handout_dialog.py" line="280" />
        <source>Logging and writing…</source>
        <translation>Loggar och skriver…</translation>
    </message>
</context>
<context>
    <name>InjuriesPanel</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_injuries.py" line="85" />
        <source>Injuries</source>
        <extracomment>an injury was added or removed: the examination with its new list (photos and review follow) one injury's details were saved: the examination with them (the review follows)</extracomment>
        <translation>Skador</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_injuries.py" line="89" />
        <source>Add injury at the centre (then move it with the arrow keys)</source>
        <translation>Lägg till skada i mitten (flytta den sedan med piltangenterna)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_injuries.py" line="91" />
        <source>Remove injury</source>
        <translation>Ta bort skada</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_injuries.py" line="93" />
        <source>Click on the figure where the injury is. Side is the patient's side.</source>
        <translation>Klicka på figuren där skadan sitter. Sida är patientens sida.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="83" />
        <source>Injury documentation</source>
        <translation>Skadedokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="213" />
        <source>%1 changes and %2 photos</source>
        <translation>%1 ändringar och %2 bilder</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="216" />
        <source>%1 photos</source>
        <translation>%1 bilder</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="218" />
        <source>%1 changes</source>
        <translation>%1 ändringar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="220" />
        <source>%1 have not reached the unit's server yet. They stay safe in the encrypted cache on this computer and are sent the next time you sign in here.</source>
        <translation>%1 har inte kommit fram till enhetens server ännu. De ligger kvar säkert i den krypterade lagringen på den här datorn och skickas nästa gång du loggar in här.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="230" />
        <location filename="../../src/injurydoc/ui/main_window.py" line="232" />
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="233" />
        <source>Stay signed in</source>
        <translation>Förbli inloggad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="271" />
        <source>Locked after inactivity. Sign in again to continue.</source>
        <translation>Låst efter inaktivitet. Logga in igen för att fortsätta.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="378" />
        <source>Training store created</source>
        <translation>Övningsdatabasen är skapad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/main_window.py" line="379" />
        <source>A training store with synthetic examples was created. Accounts:</source>
        <translation>En övningsdatabas med påhittade exempel har skapats. Konton:</translation>
    </message>
</context>
<context>
    <name>ManagerPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="45" />
        <source>Accounts</source>
        <translation>Konton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="46" />
        <source>Protected cases</source>
        <translation>Skyddade ärenden</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="47" />
        <source>Access log</source>
        <translation>Åtkomstlogg</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="49" />
        <source>Help contacts</source>
        <translation>Stödkontakter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="51" />
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="54" />
        <source>← Back to the examinations</source>
        <translation>← Tillbaka till undersökningarna</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_page.py" line="56" />
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
</context>
<context>
    <name>MistakeChart</name>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="50" />
        <source>Most common mistakes</source>
        <translation>Vanligaste felen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/class_summary.py" line="66" />
        <source>No mistakes in the results loaded.</source>
        <translation>Inga fel i de inlästa resultaten.</translation>
    </message>
</context>
<context>
    <name>NewExamDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="34" />
        <source>New examination</source>
        <translation>Ny undersökning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="39" />
        <source>YYYYMMDD-NNNN</source>
        <translation>ÅÅÅÅMMDD-NNNN</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="47" />
        <source>A child, and a guardian is said to be the threat</source>
        <translation>Ett barn, och en vårdnadshavare uppges vara hotet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="52" />
        <source>Kind of number</source>
        <translation>Typ av nummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="53" />
        <source>Personal number</source>
        <translation>Personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="54" />
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="55" />
        <source>Sex</source>
        <translation>Kön</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="56" />
        <source>Protected personal data</source>
        <translation>Skyddade personuppgifter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/new_exam_dialog.py" line="65" />
        <source>An existing patient is found by the number; otherwise a new one is registered.</source>
        <translation>En befintlig patient hittas via numret; annars registreras en ny.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="124" />
        <source>Set new password</source>
        <translation>Sätt nytt lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="125" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="126" />
        <source>New password</source>
        <translation>Nytt lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_dialogs.py" line="127" />
        <source>Password again</source>
        <translation>Lösenordet igen</translation>
    </message>
</context>
<context>
    <name>PatientPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="46" />
        <source>Protected personal data</source>
        <translation>Skyddade personuppgifter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="67" />
        <source>A child, and a guardian is said to be the threat</source>
        <translation>Ett barn, och en vårdnadshavare uppges vara hotet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="68" />
        <source>Change protection</source>
        <translation>Ändra skydd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="75" />
        <source>For a person with protected personal data, no address, telephone, next of kin or whereabouts are recorded.</source>
        <translation>För en person med skyddade personuppgifter antecknas ingen adress, telefon, anhöriga eller vistelseort.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="84" />
        <source>Contact details</source>
        <translation>Kontaktuppgifter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="88" />
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="89" />
        <source>Telephone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="90" />
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="91" />
        <source>Next of kin</source>
        <translation>Närstående</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="92" />
        <source>Guardian</source>
        <translation>Vårdnadshavare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="93" />
        <source>Relative</source>
        <translation>Släkting</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="94" />
        <source>School or pre-school</source>
        <translation>Skola eller förskola</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="97" />
        <source>Add</source>
        <translation>Lägg till</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="130" />
        <source>None recorded</source>
        <translation>Inga noterade</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="161" />
        <source>Remove contact details?</source>
        <translation>Ta bort kontaktuppgifter?</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_patient.py" line="162" />
        <source>The stored contact details will be deleted. Continue?</source>
        <translation>De sparade kontaktuppgifterna raderas. Fortsätta?</translation>
    </message>
</context>
<context>
    <name>PhotoImport</name>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="55" />
        <source>Drop photos or a camera card's folder here, or choose them:</source>
        <translation>Släpp foton eller ett minneskorts mapp här, eller välj dem:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="56" />
        <source>Import photos…</source>
        <translation>Importera foton…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="58" />
        <source>Import folder…</source>
        <translation>Importera mapp…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="62" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="67" />
        <source>Remove the imported files from the card…</source>
        <translation>Ta bort de importerade filerna från minneskortet…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="98" />
        <source>Import photos</source>
        <translation>Importera foton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="100" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif)</source>
        <translation>Bilder (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="106" />
        <source>Import folder</source>
        <translation>Importera mapp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="120" />
        <source>Importing…</source>
        <translation>Importerar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="147" />
        <source>Imported: %1. Duplicates: %2. Refused: %3.</source>
        <translation>Importerade: %1. Dubbletter: %2. Avvisade: %3.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="153" />
        <source>The import was cancelled; the photos stored so far are whole.</source>
        <translation>Importen avbröts; de foton som hann sparas är hela.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="155" />
        <source>imported, but the file is incomplete (decoded with errors; missing parts are grey)</source>
        <translation>importerad, men filen är ofullständig (avkodad med fel; saknade delar är grå)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_import.py" line="171" />
        <source>Removed from the card after verification: %1.</source>
        <translation>Borttagna från minneskortet efter kontroll: %1.</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/photo_views.py" line="74" />
        <source>Taken: %1</source>
        <translation>Tagen: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_views.py" line="78" />
        <source>Taken: unknown</source>
        <translation>Tagen: okänt när</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_views.py" line="80" />
        <source>File time (not the capture time): %1</source>
        <translation>Filens tid (inte tagningstid): %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_views.py" line="86" />
        <source>Holds a location (GPS); removed on release when required</source>
        <translation>Innehåller en plats (GPS); tas bort vid utlämnande när det krävs</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_views.py" line="92" />
        <source>Incomplete file: decoded with errors, missing parts are shown grey</source>
        <translation>Ofullständig fil: avkodad med fel, saknade delar visas grå</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/photo_views.py" line="59" />
        <source>Injury %1</source>
        <translation>Skada %1</translation>
    </message>
</context>
<context>
    <name>PhotosPanel</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="76" />
        <source>Photos</source>
        <extracomment>the examination's photos as now stored (the review's checklist follows)</extracomment>
        <translation>Foton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="83" />
        <source>Choose role…</source>
        <translation>Välj roll…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="100" />
        <source>View</source>
        <translation>Visa</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="106" />
        <source>Role of the selected photos</source>
        <translation>Roll för valda foton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="108" />
        <source>Injuries shown</source>
        <translation>Skador som syns</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="89" />
        <source>Save the links of the selected photos</source>
        <translation>Spara de markerade fotonas kopplingar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="92" />
        <source>Ticked: linked. Unticked: not linked (untick to unlink). Half-ticked: linked to some of the selected photos; left as it is.</source>
        <translation>Bockad: kopplad. Utan bock: inte kopplad (ta bort bocken för att koppla bort). Halvbockad: kopplad till några av de markerade fotona; lämnas som den är.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="97" />
        <source>Remove the selected photos…</source>
        <translation>Ta bort de markerade fotona…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="98" />
        <source>For a wrong file in a draft, e.g. another patient's photo.</source>
        <translation>För en felaktig fil i ett utkast, t.ex. en annan patients foto.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="260" />
        <source>Remove photos?</source>
        <translation>Ta bort foton?</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="262" />
        <source>Remove photo %1 from this examination? The stored copy is deleted; the access log records the removal. Use this only for a wrong file, e.g. another patient's photo.</source>
        <translation>Ta bort foto %1 från den här undersökningen? Den lagrade kopian raderas; loggen registrerar borttagningen. Använd detta bara för en felaktig fil, t.ex. en annan patients foto.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_photos.py" line="268" />
        <source>Remove</source>
        <translation>Ta bort</translation>
    </message>
</context>
<context>
    <name>ProtectedCasesModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="168" />
        <source>Cases</source>
        <translation>Ärenden</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="169" />
        <source>Protection</source>
        <translation>Skydd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="170" />
        <source>Created by</source>
        <translation>Skapad av</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="171" />
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="172" />
        <source>Who has access</source>
        <translation>Vem har behörighet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="176" />
        <source>%1 (created the case)</source>
        <translation>%1 (skapade ärendet)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="180" />
        <source>%1 (co-handler)</source>
        <translation>%1 (medhandläggare)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="186" />
        <source>%1 (given access)</source>
        <translation>%1 (har fått behörighet)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="191" />
        <source>(no examination yet)</source>
        <translation>(ingen undersökning ännu)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="183" />
        <source>%1 (access ended %2)</source>
        <translation>%1 (åtkomsten upphörde %2)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_models.py" line="183" />
        <source>%1 (given access until %2)</source>
        <translation>%1 (har åtkomst till och med %2)</translation>
    </message>
</context>
<context>
    <name>ProtectedCasesTab</name>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="48" />
        <source>Grant access</source>
        <translation>Ge behörighet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="51" />
        <source>Reason, e.g. covering for the case's handler</source>
        <translation>Skäl, t.ex. vikarierar för ärendets handläggare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="56" />
        <source>Revoke access</source>
        <translation>Ta bort behörighet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="57" />
        <source>Show in access log</source>
        <translation>Visa i åtkomstloggen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="60" />
        <source>Cases of people with protected personal data. Only the person who started the case, co-handlers and accounts you give access can open them. Names and personal numbers are not shown here.</source>
        <translation>Ärenden för personer med skyddade personuppgifter. Bara den som startade ärendet, medhandläggare och konton som du ger behörighet kan öppna dem. Namn och personnummer visas inte här.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="71" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="73" />
        <source>Reason</source>
        <translation>Skäl</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="75" />
        <source>Until</source>
        <translation>Till och med</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="142" />
        <source>%1 may now open the case.</source>
        <translation>%1 får nu öppna ärendet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="151" />
        <source>%1 can no longer open the case.</source>
        <translation>%1 kan inte längre öppna ärendet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/manager_cases.py" line="155" />
        <source>%1 had no access to revoke.</source>
        <translation>%1 hade ingen behörighet att ta bort.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="29" />
        <source>New password with the recovery code</source>
        <translation>Nytt lösenord med återställningskoden</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="42" />
        <source>Recovery code</source>
        <translation>Återställningskod</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="43" />
        <source>Your user name (for the access log)</source>
        <translation>Ditt användarnamn (för åtkomstloggen)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="44" />
        <source>Account to give a new password</source>
        <translation>Konto som ska få nytt lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="45" />
        <source>New password</source>
        <translation>Nytt lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="46" />
        <source>Repeat the password</source>
        <translation>Upprepa lösenordet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="54" />
        <source>For unit managers: the recovery code printed when the store was created opens it to set a new password for any account. This is recorded in the access log.</source>
        <translation>För enhetschefer: återställningskoden som skrevs ut när databasen skapades öppnar den för att sätta nytt lösenord på valfritt konto. Det antecknas i åtkomstloggen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/recovery_dialog.py" line="67" />
        <source>The passwords differ.</source>
        <translation>Lösenorden är inte lika.</translation>
    </message>
</context>
<context>
    <name>RekeyDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="37" />
        <source>Re-key the store</source>
        <translation>Byt databasens nyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="41" />
        <source>A new data key replaces the one that old copies of the key file still open. Do it after disabling an account, or when a password or a copy of the store may have leaked. Everyone else must close the program first.</source>
        <translation>En ny datanyckel ersätter den som gamla kopior av nyckelfilen fortfarande öppnar. Gör det efter att ett konto har stängts av, eller när ett lösenord eller en kopia av databasen kan ha kommit i orätta händer. Alla andra måste stänga programmet först.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="47" />
        <source>Reading…</source>
        <translation>Läser…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="51" />
        <source>e.g. account disabled</source>
        <translation>t.ex. konto avstängt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="58" />
        <source>Re-key now</source>
        <translation>Byt nyckel nu</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="61" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="64" />
        <source>Reason</source>
        <translation>Motivering</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="80" />
        <source>Accounts that keep access: %1.</source>
        <translation>Konton som behåller åtkomst: %1.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="83" />
        <source>These accounts have not signed in since the store got personal keys and lose access (give them a new password afterwards): %1.</source>
        <translation>Dessa konton har inte loggat in sedan databasen fick personliga nycklar och förlorar åtkomst (ge dem ett nytt lösenord efteråt): %1.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="87" />
        <source>A new recovery code will be made and shown once.</source>
        <translation>En ny återställningskod skapas och visas bara en gång.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="97" />
        <source>Re-keying… Do not close the program.</source>
        <translation>Byter nyckel… Stäng inte programmet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="108" />
        <source>The store has a new data key. Old copies of the key file no longer open it.</source>
        <translation>Databasen har en ny datanyckel. Gamla kopior av nyckelfilen öppnar den inte längre.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/rekey_dialog.py" line="111" />
        <source>New recovery code (write it down now and keep it locked away; it is shown only this once):</source>
        <translation>Ny återställningskod (skriv ner den nu och förvara den inlåst; den visas bara denna gång):</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="44" />
        <source>Checklist</source>
        <extracomment>the examination was signed: the signed examination (the editor turns read-only) an addendum was added: the examination with it (the editor keeps it, the review shows it)</extracomment>
        <translation>Checklista</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="47" />
        <source>Sign the examination</source>
        <translation>Signera undersökningen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="53" />
        <source>A dated addendum: later facts, corrections. It cannot be changed afterwards.</source>
        <translation>Ett daterat tillägg: senare uppgifter, rättelser. Det kan inte ändras efteråt.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="56" />
        <source>Add addendum</source>
        <translation>Lägg till tillägg</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="60" />
        <source>Release to the police (export)…</source>
        <translation>Lämna ut till polis (export)…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="66" />
        <source>Review my documentation (exercise)…</source>
        <translation>Granska min dokumentation (övning)…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="77" />
        <source>Double-click an open item to go where it is missing.</source>
        <translation>Dubbelklicka på en öppen punkt för att gå dit den saknas.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="110" />
        <source>This examination is your attempt at the exercise “%1”.</source>
        <translation>Den här undersökningen är ditt försök på övningen ”%1”.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="161" />
        <source>%1 of %2 items complete (%3 %).</source>
        <translation>%1 av %2 punkter klara (%3 %).</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_review.py" line="175" />
        <source>Signed %1. The examination can no longer be changed; add an addendum instead.</source>
        <translation>Signerad %1. Undersökningen kan inte längre ändras; lägg till ett tillägg i stället.</translation>
    </message>
</context>
<context>
    <name>SectionsMixin</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="95" />
        <source>Write the patient's own words. Findings go in Injuries and Absent findings, never here.</source>
        <translation>Skriv patientens egna ord. Fynd hör till Skador och Negativa fynd, aldrig hit.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="69" />
        <source>Not recorded</source>
        <translation>Ej angivet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="105" />
        <source>Visible signs are often absent after strangulation; the answers still matter.</source>
        <translation>Synliga tecken saknas ofta efter strypvåld; svaren har betydelse ändå.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="113" />
        <source>Record what was examined and found without injury, e.g. "no visible injuries on the neck".</source>
        <translation>Anteckna det som undersökts utan fynd, t.ex. ”inga synliga skador på halsen”.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="69" />
        <source>Not assessed</source>
        <extracomment>Heights of the longer text fields (the rest get the default).</extracomment>
        <translation>Ej bedömt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="121" />
        <source>Describe colour as seen. Do not estimate the age of a bruise from its colour.</source>
        <translation>Beskriv färgen som den ser ut. Uppskatta inte ett blåmärkes ålder utifrån färgen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="127" />
        <source>Report of concern (orosanmälan)</source>
        <translation>Orosanmälan</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_sections.py" line="129" />
        <source>Coordinated individual plan (SIP)</source>
        <translation>Samordnad individuell plan (SIP)</translation>
    </message>
</context>
<context>
    <name>ServerGrantsModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="39" />
        <source>Patient (id)</source>
        <translation>Patient (id)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="40" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="41" />
        <source>Kind</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="42" />
        <source>Reason</source>
        <translation>Skäl</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="43" />
        <source>Until</source>
        <translation>Till och med</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="44" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="49" />
        <source>withdrawn %1</source>
        <translation>återtaget %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="51" />
        <source>in force</source>
        <translation>gäller</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="52" />
        <source>ended</source>
        <translation>har upphört</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="59" />
        <source>co-handler</source>
        <translation>medhandläggare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="59" />
        <source>grant</source>
        <translation>behörighet</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="54" />
        <source>Open the connection file from IT…</source>
        <translation>Öppna anslutningsfilen från IT…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="59" />
        <source>or drop the file %1 on this window.</source>
        <translation>eller dra filen %1 till det här fönstret.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="105" />
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="111" />
        <source>Server address</source>
        <translation>Serverns adress</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="106" />
        <source>For example: db.region.se:5432/injurydoc</source>
        <translation>Till exempel: db.region.se:5432/injurydoc</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="108" />
        <source>Certificate fingerprint</source>
        <translation>Certifikatets fingeravtryck</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="109" />
        <source>Optional: SHA-256 from IT, e.g. 3F:A2:…</source>
        <translation>Valfritt: SHA-256 från IT, t.ex. 3F:A2:…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="112" />
        <source>Fingerprint</source>
        <translation>Fingeravtryck</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="115" />
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="119" />
        <source>Unit key</source>
        <translation>Enhetsnyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="117" />
        <source>Optional: from the unit manager's paper, e.g. 7F3A-09C2-…</source>
        <translation>Valfritt: från enhetschefens papper, t.ex. 7F3A-09C2-…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="64" />
        <source>IT gives you either a connection file or the server's address, and the fingerprint of its certificate to compare. The examinations stay on this computer too, encrypted, so you can work when the network is down.</source>
        <translation>IT ger dig antingen en anslutningsfil eller serverns adress och fingeravtrycket för dess certifikat att jämföra med. Undersökningarna finns kvar krypterade på den här datorn också, så att du kan arbeta när nätverket ligger nere.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="75" />
        <source>Training unit: this account practises (ÖVNING), no real cases</source>
        <translation>Övningsenhet: kontot övar (ÖVNING), inga riktiga fall</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="80" />
        <source>Chosen in the set-up: a training store. It connects only to a training unit; for a real unit, cancel and choose a clinical store.</source>
        <translation>Valt i installationen: ett övningslager. Det ansluts bara till en övningsenhet; för en verklig enhet, avbryt och välj ett kliniskt lager.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="93" />
        <source>Or type the address:</source>
        <translation>Eller skriv adressen:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="125" />
        <source>Connection file: %1</source>
        <translation>Anslutningsfil: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="133" />
        <source>Connection file from IT</source>
        <translation>Anslutningsfil från IT</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="133" />
        <source>Connection files (*.json)</source>
        <translation>Anslutningsfiler (*.json)</translation>
    </message>
</context>
<context>
    <name>SetAsideBanner</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_banners.py" line="40" />
        <source>Compare with the unit's record…</source>
        <translation>Jämför med enhetens journal…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_banners.py" line="54" />
        <source>NOT THE UNIT'S RECORD – signed first on another workstation. This version was signed here afterwards and is kept on this computer only.</source>
        <translation>INTE ENHETENS JOURNAL – signerad först på en annan arbetsstation. Den här versionen signerades här efteråt och finns bara kvar på den här datorn.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/exam_banners.py" line="59" />
        <source>This examination was signed on another workstation while it was edited here. What was typed here afterwards is kept aside: compare, and write what differs as an addendum.</source>
        <translation>Undersökningen signerades på en annan arbetsstation medan den redigerades här. Det som skrevs här efteråt är undanlagt: jämför, och skriv det som skiljer som ett tillägg.</translation>
    </message>
</context>
<context>
    <name>SetAsideChooser</name>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_chooser.py" line="39" />
        <source>Cases signed first on another workstation</source>
        <translation>Fall som signerades först på en annan arbetsstation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_chooser.py" line="43" />
        <source>These cases were signed first on another workstation, and what was typed or signed here was set aside. Open each one to compare the two versions and write what differs as an addendum to the unit's record.</source>
        <translation>De här fallen signerades först på en annan arbetsstation, och det som skrevs eller signerades här har lagts undan. Öppna vart och ett för att jämföra de två versionerna, och skriv det som skiljer som ett tillägg till enhetens journal.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_chooser.py" line="52" />
        <source>%1 – set aside %2</source>
        <translation>%1 – lades undan %2</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_chooser.py" line="67" />
        <source>Compare…</source>
        <translation>Jämför…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_chooser.py" line="71" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="49" />
        <source>Signed on two workstations</source>
        <translation>Signerad på två arbetsstationer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="51" />
        <source>Signed on another workstation while it was edited here</source>
        <translation>Signerad på en annan arbetsstation medan den redigerades här</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="73" />
        <source>The record on this workstation is the one signed here, not the unit's: an addendum written here would belong to the wrong version. Write it on a workstation that shows the unit's record, for example the one where it was signed first.</source>
        <translation>Journalen på den här arbetsstationen är den som signerades här, inte enhetens: ett tillägg som skrivs här skulle höra till fel version. Skriv det på en arbetsstation som visar enhetens journal, till exempel den där den signerades först.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="82" />
        <source>Write the addendum to the unit's record…</source>
        <translation>Skriv tillägget till enhetens journal…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="86" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="108" />
        <source>This examination was signed on two workstations while the network was down. The unit's record is the one signed first: signed by %1 on %4, %2. The version signed here (%3) was set aside and is kept on this computer only: it is NOT the unit's record. Compare the two below, and write what differs as an addendum to the unit's record.</source>
        <translation>Undersökningen signerades på två arbetsstationer medan nätverket låg nere. Enhetens journal är den som signerades först: signerad av %1 på %4, %2. Versionen som signerades här (%3) har lagts undan och finns bara kvar på den här datorn: den är INTE enhetens journal. Jämför de två nedan, och skriv det som skiljer som ett tillägg till enhetens journal.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="116" />
        <source>This examination was signed by %1 on %4, %2, while it was being edited here. That signed record is the unit's record, and this workstation shows it now. What was typed here afterwards was set aside and is kept on this computer. Compare the two below, and write what differs as an addendum to the unit's record.</source>
        <translation>Undersökningen signerades av %1 på %4, %2, medan den redigerades här. Den signerade journalen är enhetens journal, och den här arbetsstationen visar den nu. Det som skrevs här efteråt har lagts undan och finns kvar på den här datorn. Jämför de två nedan, och skriv det som skiljer som ett tillägg till enhetens journal.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="133" />
        <source>another workstation</source>
        <translation>en annan arbetsstation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="134" />
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="142" />
        <source>workstation %1</source>
        <translation>arbetsstation %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="144" />
        <source>sent by %1</source>
        <translation>skickad av %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="151" />
        <source>The unit's record – signed first: %1</source>
        <translation>Enhetens journal – signerad först: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="124" />
        <source>An addendum to the unit's record has been written; nothing more is asked.</source>
        <translation>Ett tillägg till enhetens journal har skrivits; inget mer behövs.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="153" />
        <source>Signed here %1 – not the unit's record</source>
        <translation>Signerad här %1 – inte enhetens journal</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="154" />
        <source>Typed here afterwards – set aside</source>
        <translation>Skrivet här efteråt – undanlagt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="163" />
        <source>The same in both.</source>
        <translation>Likadant i båda.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/set_aside_dialog.py" line="176" />
        <source>%1 more fields are the same in both.</source>
        <translation>%1 fält till är likadana i båda.</translation>
    </message>
</context>
<context>
    <name>SetupPages</name>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="108" />
        <source>Choose where the store is kept and give the care unit's name.</source>
        <translation>Välja var databasen ska sparas och ange vårdenhetens namn.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="109" />
        <source>Create your own account as the unit manager.</source>
        <translation>Skapa ditt eget konto som enhetschef.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="110" />
        <source>Write down a recovery code on paper and type it back.</source>
        <translation>Skriva ner en återställningskod på papper och skriva in den igen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="118" />
        <source>Have a pen and paper ready. When you are done you are signed in, and you can create accounts for the rest of the staff.</source>
        <translation>Ha penna och papper till hands. När du är klar är du inloggad och kan skapa konton för övrig personal.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="122" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="170" />
        <source>Connect to the unit's server instead…</source>
        <translation>Anslut till enhetens server i stället…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="127" />
        <source>For a workstation of a unit whose record is kept on a server: IT gives you a connection file or the server's address.</source>
        <translation>För en arbetsstation i en enhet vars journal finns på en server: IT ger dig en anslutningsfil eller serverns adress.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="133" />
        <source>You will:</source>
        <translation>Du kommer att:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="138" />
        <source>Store folder</source>
        <translation>Databasmapp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="139" />
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="146" />
        <source>Clinical store, for real patients</source>
        <translation>Journaldatabas, för riktiga patienter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="147" />
        <source>Training store, for practice with made-up patients</source>
        <translation>Övningsdatabas, för övning med påhittade patienter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="156" />
        <source>This cannot be changed later. A training store is marked as such everywhere.</source>
        <translation>Det går inte att ändra senare. En övningsdatabas är märkt som övning överallt.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="159" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="174" />
        <source>Care unit</source>
        <translation>Vårdenhet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="160" />
        <source>For example: Vårdcentralen Norr</source>
        <translation>Till exempel: Vårdcentralen Norr</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="164" />
        <source>Folder</source>
        <translation>Mapp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="165" />
        <source>A new folder is best; it is created if it does not exist.</source>
        <translation>En ny mapp är bäst; den skapas om den inte finns.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="167" />
        <source>Kind of store</source>
        <translation>Typ av databas</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="175" />
        <source>Shown in reports and evidence packages.</source>
        <translation>Står i rapporter och bevispaket.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="181" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="203" />
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="182" />
        <source>For example: karin.berg</source>
        <translation>Till exempel: karin.berg</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="184" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="210" />
        <source>Full name</source>
        <translation>Fullständigt namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="186" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="211" />
        <source>Profession</source>
        <translation>Yrke</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="191" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="212" />
        <source>HSA-id</source>
        <translation>HSA-id</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="192" />
        <source>Optional</source>
        <translation>Valfritt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="195" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="214" />
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="198" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="221" />
        <source>Password again</source>
        <translation>Lösenordet igen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="207" />
        <source>For signing in: a–z, 0–9, dot and hyphen.</source>
        <translation>För inloggning: a–z, 0–9, punkt och bindestreck.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="218" />
        <source>At least 10 characters. A short sentence is easy to remember and hard to guess.</source>
        <translation>Minst 10 tecken. En kort mening är lätt att komma ihåg och svår att gissa.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="229" />
        <source>This takes a few seconds.</source>
        <translation>Det tar några sekunder.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="241" />
        <source>Recovery code</source>
        <translation>Återställningskod</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="247" />
        <source>Write it on paper, exactly as shown.</source>
        <translation>Skriv den på papper, precis som den står.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="248" />
        <source>Keep the paper locked away, apart from this computer.</source>
        <translation>Förvara papperet inlåst, inte tillsammans med datorn.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="249" />
        <source>Do not photograph it, save it in a file or send it by e-mail.</source>
        <translation>Fotografera den inte, spara den inte i en fil och skicka den inte med e-post.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="250" />
        <source>Anyone who has the code and the store can read everything in it.</source>
        <translation>Den som har koden och databasen kan läsa allt i den.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="257" />
        <source>The code has only the letters A–Z and the digits 2–7: no zeros and no ones.</source>
        <translation>Koden har bara bokstäverna A–Z och siffrorna 2–7: inga nollor och inga ettor.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="269" />
        <source>Recovery code from the paper</source>
        <translation>Återställningskoden från papperet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="275" />
        <source>Capital or small letters, spaces and hyphens do not matter.</source>
        <translation>Stora eller små bokstäver, mellanslag och bindestreck spelar ingen roll.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="283" />
        <source>Next: create accounts for the staff (under Unit manager on the start page), and decide where backups of the store are kept.</source>
        <translation>Nästa steg: skapa konton för personalen (under Enhetschef på startsidan) och bestäm var säkerhetskopior av databasen ska förvaras.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="294" />
        <source>Welcome</source>
        <translation>Välkommen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="296" />
        <source>Injury documentation keeps records of injuries from violence in an encrypted store on this computer. Before it can be used, the store is set up once, usually by the unit manager. It takes a few minutes.</source>
        <translation>Skadedokumentationen sparar dokumentation av skador efter våld i en krypterad databas på den här datorn. Innan programmet kan användas görs databasen i ordning en gång, oftast av enhetschefen. Det tar några minuter.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="300" />
        <source>Start</source>
        <translation>Börja</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="304" />
        <source>Where the store is kept</source>
        <translation>Var databasen sparas</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="305" />
        <source>All examinations, photos and the access log are kept encrypted in this folder.</source>
        <translation>Alla undersökningar, bilder och åtkomstloggen sparas krypterade i den här mappen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="306" />
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="310" />
        <source>Your account</source>
        <translation>Ditt konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="312" />
        <source>You will be the store's first unit manager: you create accounts for the staff and review the access log.</source>
        <translation>Du blir databasens första enhetschef: du skapar konton för personalen och granskar åtkomstloggen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="315" />
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="318" />
        <source>Create the store</source>
        <translation>Skapa databasen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="318" />
        <source>Creating the store…</source>
        <translation>Databasen skapas…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="321" />
        <source>Write down the recovery code</source>
        <translation>Skriv ner återställningskoden</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="323" />
        <source>If every unit manager forgets their password, this code is the only way into the store. It is shown only during this set-up.</source>
        <translation>Om alla enhetschefer glömmer sina lösenord är den här koden det enda sättet att komma in i databasen. Den visas bara nu, under igångsättningen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="326" />
        <source>I have written it down</source>
        <translation>Jag har skrivit ner den</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="330" />
        <source>Type the code from your paper</source>
        <translation>Skriv in koden från papperet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="331" />
        <source>This makes sure that the code on the paper is complete and readable.</source>
        <translation>Så vet du att koden på papperet är fullständig och går att läsa.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="332" />
        <source>Finish</source>
        <translation>Slutför</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="334" />
        <source>The store is ready</source>
        <translation>Databasen är klar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_pages.py" line="334" />
        <source>Start using the program</source>
        <translation>Börja använda programmet</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="55" />
        <source>Set up injury documentation</source>
        <extracomment>Steps counted in "Step n of 4"; the welcome and the last page are not numbered. "connect to the unit's server" instead of a store of its own; True when a training store was chosen</extracomment>
        <translation>Kom igång med skadedokumentationen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="106" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="109" />
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="137" />
        <source>Back</source>
        <translation>Tillbaka</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="259" />
        <source>Store folder</source>
        <translation>Databasmapp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="128" />
        <source>Step %1 of %2</source>
        <translation>Steg %1 av %2</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="137" />
        <source>Show the code again</source>
        <translation>Visa koden igen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="163" />
        <source>You are signed in as %1 (%2), unit manager of %3.</source>
        <translation>Du är inloggad som %1 (%2), enhetschef för %3.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="152" />
        <source>Write on the same paper the unit key's fingerprint, %1. Every sign-in on this computer compares it; compare it yourself at each log review.</source>
        <translation>Skriv på samma papper enhetsnyckelns fingeravtryck, %1. Varje inloggning på den här datorn jämför det; jämför själv vid varje loggkontroll.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/setup_wizard.py" line="289" />
        <source>The store has been created. Close without confirming the recovery code? You can sign in with your user name and password.</source>
        <translation>Databasen är skapad. Vill du stänga utan att bekräfta återställningskoden? Du kan logga in med ditt användarnamn och lösenord.</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="52" />
        <source>Sign the examination</source>
        <extracomment>(password, on success, on failure) → runs the signing job.</extracomment>
        <translation>Signera undersökningen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="52" />
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="125" />
        <source>Add addendum</source>
        <translation>Lägg till tillägg</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="69" />
        <source>Read the report as it will be printed. After signing nothing can be changed, only addenda added.</source>
        <translation>Läs intyget så som det kommer att skrivas ut. Efter signering kan inget ändras, bara tillägg göras.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="73" />
        <source>The addendum is dated and signed with your name; it cannot be changed afterwards.</source>
        <translation>Tillägget dateras och signeras med ditt namn; det kan inte ändras i efterhand.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="81" />
        <source>Preparing the preview…</source>
        <translation>Förhandsgranskningen förbereds…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="86" />
        <source>The report as it will be printed</source>
        <translation>Intyget så som det skrivs ut</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="91" />
        <source>Addendum</source>
        <translation>Tillägg</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="101" />
        <source>%1 items of the checklist are open:</source>
        <translation>%1 punkter i checklistan är öppna:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="110" />
        <source>Your password, to confirm:</source>
        <translation>Ditt lösenord, för att bekräfta:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="125" />
        <source>Sign</source>
        <translation>Signera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="127" />
        <source>Sign with open items</source>
        <translation>Signera med öppna punkter</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="156" />
        <source>The preview could not be made.</source>
        <translation>Förhandsgranskningen kunde inte göras.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="176" />
        <source>Wrong password. Nothing was signed.</source>
        <translation>Fel lösenord. Inget signerades.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sign_dialog.py" line="124" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="34" />
        <source>Injury documentation</source>
        <translation>Skadedokumentation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="37" />
        <source>Sign in to open the store.</source>
        <translation>Logga in för att öppna databasen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="47" />
        <location filename="../../src/injurydoc/ui/signin.py" line="63" />
        <location filename="../../src/injurydoc/ui/signin.py" line="179" />
        <source>Store folder</source>
        <translation>Databasmapp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="48" />
        <source>Choose…</source>
        <translation>Välj…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="55" />
        <location filename="../../src/injurydoc/ui/signin.py" line="64" />
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="58" />
        <location filename="../../src/injurydoc/ui/signin.py" line="65" />
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/app.py" line="117" />
        <location filename="../../src/injurydoc/ui/signin.py" line="74" />
        <source>Sign in</source>
        <translation>Logga in</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="77" />
        <source>Set up a new store…</source>
        <translation>Skapa en ny databas…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="79" />
        <source>Create a training store with examples</source>
        <translation>Skapa en övningsdatabas med exempel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="89" />
        <source>Forgotten password? (unit manager, recovery code)</source>
        <translation>Glömt lösenordet? (enhetschef, återställningskod)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="92" />
        <source>Verify package…</source>
        <translation>Verifiera paket…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="93" />
        <source>Check an evidence package; no sign-in needed</source>
        <translation>Kontrollera ett bevispaket – ingen inloggning behövs</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="95" />
        <source>About…</source>
        <translation>Om programmet…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="96" />
        <source>Version, where data is kept, licences</source>
        <translation>Version, var data lagras, licenser</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="145" />
        <source>There is no store in this folder yet. A unit manager sets one up; to try the program, create a training store with examples.</source>
        <translation>Det finns ingen databas i den här mappen än. En enhetschef skapar en; för att prova programmet kan du skapa en övningsdatabas med exempel.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signin.py" line="156" />
        <source>A new password was set for %1.</source>
        <translation>Nytt lösenord har satts för %1.</translation>
    </message>
</context>
<context>
    <name>SigningKeyDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="43" />
        <source>My signing key</source>
        <translation>Min signeringsnyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="45" />
        <source>Reading…</source>
        <translation>Läser…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="65" />
        <source>Your password (protects the key)</source>
        <translation>Ditt lösenord (skyddar nyckeln)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="67" />
        <source>Create a training key (self-signed)</source>
        <translation>Skapa en övningsnyckel (självsignerad)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="69" />
        <source>For exercises and demos: the verifier reports it as not issued by a trusted CA.</source>
        <translation>För övningar och demonstrationer: kontrollprogrammet visar att den inte är utfärdad av en betrodd CA.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="72" />
        <source>Create a key request (CSR)…</source>
        <translation>Skapa en nyckelbeställning (CSR)…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="74" />
        <source>Import the certificate…</source>
        <translation>Importera certifikatet…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="76" />
        <source>Key on this computer</source>
        <translation>Nyckel på den här datorn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="79" />
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="96" />
        <source>No smart-card software was found on this computer. Ask IT to install the card's middleware (e.g. Net iD for SITHS cards).</source>
        <translation>Ingen programvara för smarta kort hittades på den här datorn. Be IT installera kortets programvara (t.ex. Net iD för SITHS-kort).</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="104" />
        <source>Leave empty: the card's only signing key</source>
        <translation>Lämna tomt: kortets enda signeringsnyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="105" />
        <source>Sign with this card</source>
        <translation>Signera med det här kortet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="108" />
        <source>Smart card</source>
        <translation>Smart kort</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="110" />
        <source>Card software</source>
        <translation>Kortets programvara</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="112" />
        <source>Key on the card</source>
        <translation>Nyckel på kortet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="51" />
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="124" />
        <source>You have no signing key yet.</source>
        <translation>Du har ingen signeringsnyckel ännu.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="127" />
        <source>You sign with a smart card (%1).</source>
        <translation>Du signerar med ett smart kort (%1).</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="130" />
        <source>Your key waits for its certificate: send the key request to the organisation's CA and import the certificate it returns.</source>
        <translation>Din nyckel väntar på sitt certifikat: skicka nyckelbeställningen till organisationens CA och importera certifikatet du får tillbaka.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="134" />
        <source>training key</source>
        <translation>övningsnyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="134" />
        <source>key</source>
        <translation>nyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="136" />
        <source>Your %1: %2, issued by %3, valid until %4.</source>
        <translation>Din %1: %2, utfärdad av %3, giltig till %4.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="158" />
        <source>Type your password first.</source>
        <translation>Skriv ditt lösenord först.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="170" />
        <source>A training key was created.</source>
        <translation>En övningsnyckel skapades.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="177" />
        <source>Save the key request</source>
        <translation>Spara nyckelbeställningen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="179" />
        <source>Key request (*.csr *.pem)</source>
        <translation>Nyckelbeställning (*.csr *.pem)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="197" />
        <source>Key request saved to %1. Send it to the organisation's CA.</source>
        <translation>Nyckelbeställningen sparades i %1. Skicka den till organisationens CA.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="204" />
        <source>Import the certificate</source>
        <translation>Importera certifikatet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="204" />
        <source>Certificates (*.pem *.crt *.cer *.p7b)</source>
        <translation>Certifikat (*.pem *.crt *.cer *.p7b)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="213" />
        <source>The certificate was imported.</source>
        <translation>Certifikatet importerades.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/signing_key_dialog.py" line="223" />
        <source>Signing with the smart card is set up.</source>
        <translation>Signering med det smarta kortet är inställd.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="58" />
        <source>EXERCISE – NOT A REAL PATIENT RECORD</source>
        <translation>ÖVNING – INTE EN RIKTIG JOURNAL</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="88" />
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="90" />
        <source>Unit manager…</source>
        <translation>Enhetschef…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="100" />
        <source>New examination</source>
        <translation>Ny undersökning</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="102" />
        <source>New examination (Ctrl+N)</source>
        <translation>Ny undersökning (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="104" />
        <source>Open</source>
        <translation>Öppna</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="106" />
        <source>Follow-up of the selected</source>
        <translation>Uppföljning av den valda</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="108" />
        <source>Bruises often show better 1–3 days later: document them again.</source>
        <translation>Blåmärken syns ofta bättre 1–3 dagar senare: dokumentera dem igen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="121" />
        <source>Search by name or personal number</source>
        <translation>Sök på namn eller personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="122" />
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="132" />
        <location filename="../../src/injurydoc/ui/start_page.py" line="253" />
        <source>My examinations</source>
        <translation>Mina undersökningar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="145" />
        <source>No examinations yet.</source>
        <translation>Inga undersökningar än.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/start_page.py" line="250" />
        <source>Search results</source>
        <translation>Sökresultat</translation>
    </message>
</context>
<context>
    <name>StatisticsModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="104" />
        <source>Between 1 and 4: small counts are hidden so that no one can be recognised.</source>
        <translation>Mellan 1 och 4: små antal döljs så att ingen kan kännas igen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="105" />
        <source>Some months are hidden (&lt;5), so only the range they allow is shown.</source>
        <translation>Några månader är dolda (&lt;5), så bara det intervall de medger visas.</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="171" />
        <source>From month</source>
        <translation>Från månad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="172" />
        <source>To month</source>
        <translation>Till månad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="173" />
        <source>Show</source>
        <translation>Visa</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="176" />
        <source>Export CSV…</source>
        <translation>Exportera CSV…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="178" />
        <source>Export PDF…</source>
        <translation>Exportera PDF…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="216" />
        <source>Counts per month for the follow-up of the regional agreement, without names, numbers or free text. Counts from 1 to 4 are shown as &lt;5. Reading the statistics is logged.</source>
        <translation>Antal per månad för uppföljningen av den regionala överenskommelsen, utan namn, nummer eller fritext. Antal från 1 till 4 visas som &lt;5. Att läsa statistiken loggas.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="193" />
        <source>Examinations per month</source>
        <translation>Undersökningar per månad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="194" />
        <source>Releases to the police by legal basis</source>
        <translation>Utlämnanden till polis per rättslig grund</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="136" />
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="254" />
        <source>Choose a period and press Show.</source>
        <extracomment>unit mode: the unit's statistics from its server (None: this store's own)</extracomment>
        <translation>Välj en period och tryck på Visa.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="140" />
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="140" />
        <source>To</source>
        <translation>Till</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="211" />
        <source>Counts per month for the whole unit, from the unit's server: every workstation's examinations, without names, numbers or free text. Counts from 1 to 4 are shown as &lt;5 (the server hides them itself). Reading the statistics is logged on the server.</source>
        <translation>Antal per månad för hela enheten, från enhetens server: alla arbetsstationers undersökningar, utan namn, personnummer eller fritext. Antal från 1 till 4 visas som &lt;5 (servern döljer dem själv). Läsningen av statistiken loggas på servern.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="285" />
        <source>The first month is after the last month.</source>
        <translation>Den första månaden ligger efter den sista.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="299" />
        <source>Asking the unit's server…</source>
        <translation>Frågar enhetens server…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="302" />
        <source>Counting…</source>
        <translation>Räknar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="313" />
        <source>%1 to %2, the whole unit from its server. Counts from 1 to 4 are shown as &lt;5.</source>
        <translation>%1 till %2, hela enheten från dess server. Antal från 1 till 4 visas som &lt;5.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="336" />
        <source>Examinations</source>
        <translation>Undersökningar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="338" />
        <source>Follow-up examinations</source>
        <translation>Uppföljande undersökningar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="323" />
        <source>%1 to %2. Counts from 1 to 4 are shown as &lt;5.</source>
        <translation>%1 till %2. Antal från 1 till 4 visas som &lt;5.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="357" />
        <source>Export PDF</source>
        <translation>Exportera PDF</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="357" />
        <source>Export CSV</source>
        <translation>Exportera CSV</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="359" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="359" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="372" />
        <source>Exporting…</source>
        <translation>Exporterar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/statistics_view.py" line="373" />
        <source>Saved to %1</source>
        <translation>Sparad i %1</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="240" />
        <source>Fetching the cases you may open…</source>
        <translation>Hämtar de ärenden du får öppna…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="241" />
        <source>You can start working now: the rest comes in the background.</source>
        <translation>Du kan börja arbeta nu: resten kommer i bakgrunden.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="251" />
        <source>Done: this workstation has what you may open.</source>
        <translation>Klart: arbetsstationen har det du får öppna.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_pages.py" line="254" />
        <source>The first synchronisation is not finished; it goes on in the background.</source>
        <translation>Den första synkroniseringen är inte klar; den fortsätter i bakgrunden.</translation>
    </message>
</context>
<context>
    <name>SyncStatusLine</name>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="59" />
        <source>Sync status</source>
        <extracomment>"needs attention" because records were set aside (signed first elsewhere): the window shows them</extracomment>
        <translation>Synkstatus</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="69" />
        <source>Sync now</source>
        <translation>Synka nu</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="71" />
        <source>Send and fetch now instead of waiting for the next round</source>
        <translation>Skicka och hämta nu i stället för att vänta på nästa omgång</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="73" />
        <source>What to do…</source>
        <translation>Vad ska jag göra…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="79" />
        <source>Your key…</source>
        <extracomment>unit mode: this account's key on this workstation, read out to the unit manager who certifies it</extracomment>
        <translation>Din nyckel…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="103" />
        <source>Unit key not confirmed…</source>
        <extracomment>unit mode: a unit key pinned on first use, not yet compared with the manager's paper</extracomment>
        <translation>Enhetsnyckeln inte bekräftad…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="109" />
        <source>This workstation took the unit key from the server without comparing it with the unit manager's paper. Until it is confirmed, protected cases are not shared with colleagues from here.</source>
        <translation>Den här arbetsstationen tog enhetsnyckeln från servern utan att jämföra den med enhetschefens papper. Till dess den är bekräftad delas inga skyddade ärenden med kollegor härifrån.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="179" />
        <source>%1 changes not yet on the unit's server</source>
        <translation>%1 ändringar har inte kommit fram till enhetens server ännu</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="182" />
        <source>%1 drafts were edited on two workstations; open them to choose</source>
        <translation>%1 utkast har ändrats på två arbetsstationer; öppna dem för att välja</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="193" />
        <source>Needs attention</source>
        <translation>Behöver åtgärd</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="196" />
        <source>Sending %1 photos</source>
        <translation>Skickar %1 bilder</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="197" />
        <source>Sending %1 changes</source>
        <translation>Skickar %1 ändringar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="199" />
        <source>Offline since %1</source>
        <translation>Ej ansluten sedan %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="201" />
        <source>%1 unsent</source>
        <translation>%1 ej skickade</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="203" />
        <source>Online · synced %1</source>
        <translation>Ansluten · synkad %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="205" />
        <source>%1 to send</source>
        <translation>%1 att skicka</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="238" />
        <source>Confirm the unit key</source>
        <translation>Bekräfta enhetsnyckeln</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="241" />
        <source>Type the unit key from your unit manager's paper (all eight groups). This workstation took it from the server without a comparison; until it is confirmed, protected cases are not shared with colleagues from here. If they differ, document nothing here: tell your unit manager and IT.</source>
        <translation>Skriv in enhetsnyckeln från din enhetschefs papper (alla åtta grupper). Den här arbetsstationen tog den från servern utan jämförelse; till dess den är bekräftad delas inga skyddade ärenden med kollegor härifrån. Om de skiljer sig, dokumentera ingenting här: kontakta enhetschefen och IT.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="260" />
        <source>Your key: %1

Read it out to the unit manager when they certify your key under the unit key; until then protected cases are not shared with this workstation.</source>
        <translation>Din nyckel: %1

Läs upp den för enhetschefen när hen certifierar din nyckel med enhetsnyckeln; till dess delas skyddade fall inte med den här arbetsstationen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="263" />
        <source>Your key</source>
        <translation>Din nyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="281" />
        <source>The unit's server refused something. Ask IT.</source>
        <translation>Enhetens server vägrade något. Fråga IT.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="285" />
        <source>Drafts edited on two workstations while offline open with both versions side by side.</source>
        <translation>Utkast som ändrats på två arbetsstationer utan nätverk öppnas med båda versionerna sida vid sida.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/sync_status.py" line="287" />
        <source>Sync</source>
        <translation>Synk</translation>
    </message>
</context>
<context>
    <name>TrainingBanner</name>
    <message>
        <location filename="../../src/injurydoc/ui/exam_banners.py" line="18" />
        <source>EXERCISE – NOT A REAL PATIENT RECORD</source>
        <translation>ÖVNING – INTE EN RIKTIG JOURNAL</translation>
    </message>
</context>
<context>
    <name>UnitConnectWizard</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="62" />
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="142" />
        <source>Connect to the unit's server</source>
        <translation>Anslut till enhetens server</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="90" />
        <source>Asking the server for its certificate…</source>
        <extracomment>the set-up wizard chose a training store: the "training unit" box is ticked and cannot change</extracomment>
        <translation>Frågar servern efter dess certifikat…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="93" />
        <source>Signing in on the server and preparing this workstation…</source>
        <translation>Loggar in på servern och förbereder den här arbetsstationen…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="108" />
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="111" />
        <source>Back</source>
        <translation>Tillbaka</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="143" />
        <source>Workstations of the unit share one record on the unit's server.</source>
        <translation>Enhetens arbetsstationer delar en journal på enhetens server.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="144" />
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="153" />
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="148" />
        <source>Compare the server's fingerprint</source>
        <translation>Jämför serverns fingeravtryck</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="150" />
        <source>This is the fingerprint of the certificate the server shows. It must be exactly the one IT gave you; otherwise someone may be between this computer and the server.</source>
        <translation>Det här är fingeravtrycket för certifikatet som servern visar. Det måste vara exakt det som IT gav dig; annars kan någon stå mellan datorn och servern.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="156" />
        <source>Sign in on the server</source>
        <translation>Logga in på servern</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="156" />
        <source>Sign in</source>
        <translation>Logga in</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="158" />
        <source>First synchronisation</source>
        <translation>Första synkroniseringen</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="158" />
        <source>Start working</source>
        <translation>Börja arbeta</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="159" />
        <source>This workstation is connected</source>
        <translation>Arbetsstationen är ansluten</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="159" />
        <source>Start using the program</source>
        <translation>Börja använda programmet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_connect_wizard.py" line="186" />
        <source>IT: %1</source>
        <translation>IT: %1</translation>
    </message>
</context>
<context>
    <name>UnitContactsEditor</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="159" />
        <source>Kind</source>
        <extracomment>Column -&gt; LocalContact field, in the table's order.</extracomment>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="160" />
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="161" />
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="162" />
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="163" />
        <source>Opening hours</source>
        <translation>Öppettider</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="164" />
        <source>Web</source>
        <translation>Webb</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="179" />
        <source>The unit's name</source>
        <translation>Enhetens namn</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="180" />
        <source>The unit's phone</source>
        <translation>Enhetens telefon</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="181" />
        <source>The unit's address</source>
        <translation>Enhetens adress</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="201" />
        <source>Add contact</source>
        <translation>Lägg till kontakt</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="202" />
        <source>Remove</source>
        <translation>Ta bort</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="203" />
        <source>Move up</source>
        <translation>Flytta upp</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="204" />
        <source>Move down</source>
        <translation>Flytta ned</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="205" />
        <source>Save</source>
        <translation>Spara</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="212" />
        <source>These contacts are printed on the patient handout, in every language, with their names exactly as you type them, in this order. Never enter the address of a protected shelter. For a person with protected personal data, addresses are left out unless the clinician chooses them.</source>
        <translation>Kontakterna skrivs ut på patientens stödinformation, på alla språk, med namnen precis som du skriver dem och i den här ordningen. Skriv aldrig in adressen till ett skyddat boende. För en person med skyddade personuppgifter utelämnas adresser om inte vårdpersonalen väljer att ta med dem.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="294" />
        <source>Not saved yet.</source>
        <translation>Inte sparat än.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_contacts.py" line="326" />
        <source>Saved. The handout uses these contacts from now on.</source>
        <translation>Sparat. Stödinformationen använder de här kontakterna från och med nu.</translation>
    </message>
</context>
<context>
    <name>UnitGrantsView</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="80" />
        <source>Patient id</source>
        <translation>Patient-id</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="85" />
        <source>Reason, e.g. covering for the case's handler</source>
        <translation>Skäl, t.ex. vikarierar för ärendets handläggare</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="90" />
        <source>Grant access</source>
        <translation>Ge behörighet</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="91" />
        <source>Withdraw</source>
        <translation>Återta</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="92" />
        <source>Refresh</source>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="97" />
        <source>Access given on the unit's server: who may open which case (patient id only), why and until when. A change reaches the workstations at their next sync; a withdrawn grant removes the case from that person's workstations. The Protected cases tab shows the cases on this workstation.</source>
        <translation>Behörigheter på enhetens server: vem som får öppna vilket ärende (bara patient-id), varför och till när. En ändring når arbetsstationerna vid deras nästa synkronisering; en återtagen behörighet tar bort ärendet från den personens arbetsstationer. Fliken Skyddade ärenden visar ärendena på den här arbetsstationen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="110" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="112" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="114" />
        <source>Reason</source>
        <translation>Skäl</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="116" />
        <source>Until</source>
        <translation>Till och med</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="126" />
        <source>Grants (server)</source>
        <translation>Behörigheter (server)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="190" />
        <source>%1 grants on the unit's server.</source>
        <translation>%1 behörigheter på enhetens server.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="193" />
        <source>Asking the unit's server…</source>
        <translation>Frågar enhetens server…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="208" />
        <source>%1 may now open the case.</source>
        <translation>%1 får nu öppna ärendet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="210" />
        <location filename="../../src/injurydoc/ui/unit_grants_view.py" line="220" />
        <source>Saving…</source>
        <translation>Sparar…</translation>
    </message>
</context>
<context>
    <name>UnitKeyConfirm</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_confirm.py" line="425" />
        <source>The unit key on the manager's paper: all eight groups</source>
        <translation>Enhetsnyckeln på chefens papper: alla åtta grupper</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_confirm.py" line="426" />
        <source>The unit key on the manager's paper</source>
        <translation>Enhetsnyckeln på chefens papper</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_confirm.py" line="428" />
        <source>Confirm the unit key</source>
        <translation>Bekräfta enhetsnyckeln</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_confirm.py" line="463" />
        <source>✓ Confirmed: the unit key %1 is the one on the manager's paper.</source>
        <translation>✓ Bekräftad: enhetsnyckeln %1 är den på chefens papper.</translation>
    </message>
</context>
<context>
    <name>UnitKeyPanel</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="57" />
        <source>Create the unit key</source>
        <extracomment>what the panel shows: the pin, keys awaiting certification, stale seals, wraps held by uncertified keys, moved stores' keys, disabled colleagues' keys</extracomment>
        <translation>Skapa enhetsnyckeln</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="62" />
        <source>Keys awaiting your certification. Protected cases are shared with a key only once it is certified. Ask the colleague to read out “Your key” from the sync status on their workstation, type it below and certify:</source>
        <translation>Nycklar som väntar på din certifiering. Skyddade fall delas med en nyckel först när den är certifierad. Be kollegan läsa upp ”Din nyckel” från synkstatusen på sin arbetsstation, skriv in den nedan och certifiera:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="72" />
        <source>The key as the colleague reads it out</source>
        <translation>Nyckeln så som kollegan läser upp den</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="73" />
        <source>Certify the chosen key</source>
        <translation>Certifiera vald nyckel</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="108" />
        <source>Disabled colleagues' keys. What they signed is not valid on workstations that connected later, and cannot be exported, until the unit key certifies the key. Choose the colleague, type the key's fingerprint as a report of a case they signed shows it (“signed by a key the unit has not certified …”) or as “injurydoc verify” prints it for a package they signed (“signed by key …”), and certify. It counts only for what is dated before they were disabled:</source>
        <translation>Avstängda kollegors nycklar. Det de signerade är inte giltigt på arbetsstationer som anslöt senare, och kan inte lämnas ut, förrän enhetsnyckeln har certifierat nyckeln. Välj kollegan, skriv nyckelns fingeravtryck så som rapporten för ett ärende hen signerade visar det (”signerad med en nyckel som enheten inte har certifierat …”) eller så som ”injurydoc verify” skriver det för ett paket hen signerade (”signerat med nyckel …”), och certifiera. Det gäller bara det som är daterat före avstängningen:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="123" />
        <source>The key's fingerprint from the report: all eight groups</source>
        <translation>Nyckelns fingeravtryck från rapporten: alla åtta grupper</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="125" />
        <source>Certify up to the day they left</source>
        <translation>Certifiera fram till dagen hen slutade</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="141" />
        <source>%1 (%2), disabled %3</source>
        <translation>%1 (%2), avstängd %3</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="160" />
        <source>Certified up to the day the colleague was disabled. What they signed before then is valid on each workstation from its next sync.</source>
        <translation>Certifierad fram till dagen kollegan stängdes av. Det hen signerade före dess är giltigt på varje arbetsstation från dess nästa synkning.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="176" />
        <source>Keys from a moved store. Their signatures are not valid on workstations, and cannot be exported, until the unit key certifies them. Type the moved store's unit key fingerprint from that store's paper (shown when it was made, by “injurydoc audit” and in the import's summary) and certify:</source>
        <translation>Nycklar från en flyttad databas. Deras signeringar är inte giltiga på arbetsstationerna, och kan inte lämnas ut, förrän enhetsnyckeln har certifierat dem. Skriv den flyttade databasens enhetsnyckels fingeravtryck från den databasens papper (visat när den skapades, av ”injurydoc audit” och i importens sammanfattning) och certifiera:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="188" />
        <source>The moved store's unit key: all eight groups</source>
        <translation>Den flyttade databasens enhetsnyckel: alla åtta grupper</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="189" />
        <source>Certify the moved store's keys</source>
        <translation>Certifiera den flyttade databasens nycklar</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="205" />
        <source>Store %1…: %2 keys of %3</source>
        <translation>Databas %1…: %2 nycklar för %3</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="219" />
        <source>Certified: %1 keys of the moved store. Their signatures are valid on each workstation from its next sync.</source>
        <translation>Certifierat: %1 nycklar från den flyttade databasen. Deras signeringar är giltiga på varje arbetsstation från dess nästa synkronisering.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="232" />
        <source>Protected persons' keys held by keys that the unit key has not certified (shared before the unit key existed). Withdraw them unless you know the key is the colleague's own; once it is certified, it gets them back at the next sync of a workstation holding them:</source>
        <translation>Nycklar till personer med skyddade personuppgifter som innehas av nycklar som enhetsnyckeln inte har certifierat (delade innan enhetsnyckeln fanns). Återkalla dem om du inte vet att nyckeln är kollegans egen; när den har certifierats får den tillbaka dem vid nästa synk på en arbetsstation som har dem:</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="241" />
        <source>Withdraw the chosen key's wraps</source>
        <translation>Återkalla den valda nyckelns åtkomst</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="295" />
        <source>This unit has no unit key yet. Until it has one, protected persons' keys are shared with any key the server lists for an account, and someone with full access to the server could add one. Create the unit key here, write its fingerprint down and give it to every workstation.</source>
        <translation>Enheten har ingen enhetsnyckel ännu. Till dess delas skyddade personers nycklar med varje nyckel som servern visar för ett konto, och den som har full åtkomst till servern skulle kunna lägga till en. Skapa enhetsnyckeln här, skriv ner dess fingeravtryck och ge det till varje arbetsstation.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="304" />
        <source>Unit key: %1
Write it down and give it to every workstation (typed in the connect wizard, or in IT's connection file). A workstation that reports another unit key must not be used with this server until IT has looked into it.</source>
        <translation>Enhetsnyckel: %1
Skriv ner den och ge den till varje arbetsstation (skrivs in i anslutningsguiden, eller i IT:s anslutningsfil). En arbetsstation som anger en annan enhetsnyckel får inte användas mot den här servern förrän IT har utrett saken.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="311" />
        <source>The unit key is still sealed on the server to %1, who is disabled or no longer a unit manager. The server withdraws such a seal itself, so someone with full access to the server kept it. Workstations do not use it; tell IT security.</source>
        <translation>Enhetsnyckeln är fortfarande förseglad på servern till %1, som är avstängd eller inte längre enhetschef. Servern tar själv bort en sådan försegling, så någon med full åtkomst till servern har behållit den. Arbetsstationerna använder den inte; kontakta IT-säkerhet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="332" />
        <source>%1 (%2), registered %3, key begins %4</source>
        <translation>%1 (%2), registrerad %3, nyckeln börjar %4</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="347" />
        <source>%1: %2 protected persons' keys, held by key %3…</source>
        <translation>%1: %2 skyddade personers nycklar, hos nyckel %3…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="371" />
        <source>The unit key was made. Write its fingerprint down now: %1</source>
        <translation>Enhetsnyckeln är skapad. Skriv ner dess fingeravtryck nu: %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="387" />
        <source>Certified: the key of %1. Protected cases granted to them are shared at this workstation's next sync.</source>
        <translation>Certifierad: nyckeln för %1. Skyddade fall som hen har behörighet till delas vid den här arbetsstationens nästa synk.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_key_panel.py" line="403" />
        <source>Withdrawn: %1 protected persons' keys held by a key of %2.</source>
        <translation>Återkallat: %1 skyddade personers nycklar hos en nyckel som tillhör %2.</translation>
    </message>
</context>
<context>
    <name>UnitLogModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="43" />
        <source>Workstation</source>
        <translation>Arbetsstation</translation>
    </message>
</context>
<context>
    <name>UnitLogView</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="81" />
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="82" />
        <source>Export as CSV…</source>
        <translation>Exportera som CSV…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="83" />
        <source>Export as PDF…</source>
        <translation>Exportera som PDF…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="71" />
        <source>Patient id or personal identity number</source>
        <translation>Patient-id eller personnummer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="80" />
        <source>Only protected persons</source>
        <translation>Endast skyddade personer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="90" />
        <source>The unit's access log on the server, from every workstation, with every read the server logged itself. The report (PDF or CSV) names the workstation of each row. Searching and exporting are logged on the server. The Access log tab shows this workstation's own log. A personal identity number is looked up by its keyed value; the number itself is not sent.</source>
        <translation>Enhetens åtkomstlogg på servern, från alla arbetsstationer, med varje läsning som servern själv loggade. Rapporten (PDF eller CSV) anger arbetsstationen för varje rad. Sökningar och exporter loggas på servern. Fliken Åtkomstlogg visar den här arbetsstationens egen logg. Ett personnummer slås upp med ett sökvärde som räknas fram här; själva numret skickas inte.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="113" />
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="114" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="115" />
        <source>Action</source>
        <translation>Händelse</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="116" />
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="117" />
        <source>To</source>
        <translation>Till</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="126" />
        <source>Unit log (server)</source>
        <translation>Enhetens logg (server)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="130" />
        <source>All actions</source>
        <translation>Alla händelser</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="137" />
        <source>All accounts</source>
        <translation>Alla konton</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="179" />
        <source>The start date is after the end date.</source>
        <translation>Startdatumet är efter slutdatumet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="206" />
        <source>Asking the unit's server…</source>
        <translation>Frågar enhetens server…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="214" />
        <source>The newest %1 rows are shown. An export holds every matching row.</source>
        <translation>De %1 senaste raderna visas. En export innehåller alla rader som matchar.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="216" />
        <source>%1 rows from the unit's server, newest first.</source>
        <translation>%1 rader från enhetens server, senaste först.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="218" />
        <source>No log rows match the selection.</source>
        <translation>Inga loggrader matchar urvalet.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="232" />
        <source>Export as PDF</source>
        <translation>Exportera som PDF</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="232" />
        <source>Export as CSV</source>
        <translation>Exportera som CSV</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="234" />
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="234" />
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="249" />
        <source>Saved to %1</source>
        <translation>Sparad i %1</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_log_view.py" line="251" />
        <source>Exporting…</source>
        <translation>Exporterar…</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="99" />
        <source>The check could not be completed.</source>
        <translation>Kontrollen kunde inte slutföras.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="29" />
        <source>Verify package</source>
        <translation>Verifiera paket</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="35" />
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="75" />
        <source>Evidence package</source>
        <translation>Bevispaket</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="36" />
        <source>Choose package…</source>
        <translation>Välj paket…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="39" />
        <source>Optional: the organisation's CA certificate (PEM)</source>
        <translation>Valfritt: organisationens CA-certifikat (PEM)</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="40" />
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="81" />
        <source>Trusted CA certificate</source>
        <translation>Betrott CA-certifikat</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="41" />
        <source>Choose CA…</source>
        <translation>Välj CA…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="43" />
        <source>Verify</source>
        <translation>Kontrollera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="56" />
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="60" />
        <source>Trust</source>
        <translation>Förtroende</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="66" />
        <source>Checks every hash, both signatures, the signer and the photo log.</source>
        <translation>Kontrollerar alla kontrollsummor, båda signaturerna, undertecknaren och fotologgen.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="91" />
        <source>Checking…</source>
        <translation>Kontrollerar…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="110" />
        <source>Intact, and signed by a trusted organisation.</source>
        <translation>Oförändrat och signerat med certifikat från en betrodd organisation.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="112" />
        <source>Intact, but an EXERCISE – not evidence.</source>
        <translation>Oförändrat, men en ÖVNING – inte bevis.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="114" />
        <source>Unchanged, but who signed cannot be confirmed.</source>
        <translation>Oförändrat, men vem som signerade kan inte bekräftas.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/verify_dialog.py" line="116" />
        <source>The package cannot be trusted.</source>
        <translation>Paketet kan inte litas på.</translation>
    </message>
</context>
<context>
    <name>WorkstationsModel</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="37" />
        <source>Workstation</source>
        <translation>Arbetsstation</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="38" />
        <source>Last sync</source>
        <translation>Senaste synk</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="39" />
        <source>Days since</source>
        <translation>Dagar sedan</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="40" />
        <source>Synced by</source>
        <translation>Synkad av</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="41" />
        <source>Outcome</source>
        <translation>Utfall</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="42" />
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="47" />
        <source>complete</source>
        <translation>fullständig</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="48" />
        <source>partly sent</source>
        <translation>delvis skickad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="49" />
        <source>failed</source>
        <translation>misslyckad</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="56" />
        <source>never</source>
        <translation>aldrig</translation>
    </message>
</context>
<context>
    <name>WorkstationsView</name>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="90" />
        <source>Refresh</source>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="92" />
        <source>Each workstation reports to the unit's server when it has synchronised. One that has been quiet for %1 days or more is marked: its examinations may not have reached the server.</source>
        <translation>Varje arbetsstation meddelar enhetens server när den har synkroniserat. En som varit tyst i %1 dagar eller mer markeras: dess undersökningar kanske inte har nått servern.</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="101" />
        <source>Workstations</source>
        <translation>Arbetsstationer</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="120" />
        <source>Asking the unit's server…</source>
        <translation>Frågar enhetens server…</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="140" />
        <source>Not synchronised for %1 days or more: %2</source>
        <translation>Inte synkroniserad på %1 dagar eller mer: %2</translation>
    </message>
    <message>
        <location filename="../../src/injurydoc/ui/unit_workstations.py" line="145" />
        <source>All %1 workstations synchronised recently.</source>
        <translation>Alla %1 arbetsstationer har synkroniserat nyligen.</translation>
    </message>
</context>
</TS>