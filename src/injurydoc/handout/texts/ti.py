"""ትግርኛ (Tigrinya) — translated from the Swedish original for this project.

NEEDS_NATIVE_REVIEW: drafted by the developer, not yet read by a native speaker; of the seven languages
this draft is the least certain.  A reviewer should check meaning against sv.py, spelling and the polite
plural address (ንስኹም) used throughout.
"""

from typing import Final

NEEDS_NATIVE_REVIEW: Final = True

TEXTS: Final[dict[str, str]] = {
    "title": "ደገፍን ሓገዝን",
    "intro": (
        "ኣብዚ ወረቐት እዚ ሓገዝን ደገፍን ንምርካብ ክትድውሉሎም እትኽእሉ ቁጽሪ ተሌፎናት፣ ከምኡውን ብዛዕባ ሰነዳት ናይ ምብጻሕኩም እንታይ ከም ዝኸውን ሓበሬታ ኣሎ።"
    ),
    "for_patient": "ስም፦",
    "emergency_heading": "ሕጂ ኣብ ሓደጋ ዲኹም ዘለኹም?",
    "emergency_desc": "ናይ ህጹጽ ረድኤት ቁጽሪ፦ ፖሊስ፣ ኣምቡላንስን ናይ ድሕነት ኣገልግሎትን። ብነጻ፣ መዓልትን ለይትን።",
    "help_heading": "ሓገዝን ደገፍን ኣበይ ክትረኽቡ ትኽእሉ",
    "kvinnofrid_desc": (
        "ሃገራዊ መስመር ተሌፎን ደገፍ ንደቂ ኣንስትዮ ምፍርራሕ፣ ዓመጽ ወይ ጾታዊ ዓመጽ ዝወረደን፣ ከምኡውን "
        "ንቀረባተን። መዓልትን ለይትን ክፉት እዩ። ጻውዒት ብነጻ እዩ፣ ኣብ ሕሳብ ተሌፎን ድማ ኣይርአን። ስምኩም "
        "ክትሕብኡ ትኽእሉ፣ ተርጓሚ ድማ ክትረኽቡ ትኽእሉ።"
    ),
    "boj_desc": ("ደገፍ ንኹሉ ገበን ዝወረዶ፣ ንመሰኻኽርን ንቤተሰብን። ደገፍ ብነጻ እዩ፣ ስምኩም ክትሕብኡ ትኽእሉ፣ ቅድሚኡ ንፖሊስ ክትሕብሩ ኣየድልየኩምን።"),
    "vard_desc": "ሕክምናዊ ምኽሪ ብተሌፎን መዓልትን ለይትን፣ ክንክን ወይ ምኽሪ ብዛዕባ ጥዕናኹም እንተ ደሊኹም።",
    "police_desc": "ህጹጽ ኣብ ዘይኮነሉ፦ ገበን ንምሕባር ወይ ምስ ፖሊስ ንምርኻብ። ኣብ መደበር ፖሊስ እውን ክትሕብሩ ትኽእሉ።",
    "local_heading": "ኣብ ከባቢኹም ዘለዉ ርክባት",
    "kind_social_services": "ማሕበራዊ ኣገልግሎት (socialtjänsten)",
    "kind_womens_shelter": "ማሕበር ደገፍ ደቂ ኣንስትዮ (kvinnojour)",
    "kind_girls_shelter": "ማሕበር ደገፍ ኣዋልድ (tjejjour)",
    "kind_police": "ፖሊስ (polisen)",
    "kind_other": "ካልእ",
    "kind_social_services_desc": ("ማሕበራዊ ኣገልግሎት ናይ ኮሙን ደገፍን ሓገዝን ክህብ ይኽእል፣ ንኣብነት ዘተ፣ ውሑስ መንበሪን ቁጠባዊ ደገፍን።"),
    "kind_womens_shelter_desc": "ንዓመጽ ዝወረደን ደቂ ኣንስትዮ ዝድግፍ ወለንታዊ ማሕበር።",
    "kind_girls_shelter_desc": "ንኣዋልድን መንእሰያት ደቂ ኣንስትዮን ዝድግፍ ወለንታዊ ማሕበር።",
    "unit_heading": "ምሳና ተራኸቡ",
    "label_phone": "ተሌፎን",
    "label_address": "ኣድራሻ",
    "label_hours": "ናይ ስራሕ ሰዓታት",
    "label_web": "መርበብ ሓበሬታ",
    "docs_heading": "ሰነዳትኩም እንታይ ይኾኑ?",
    "docs_kept": (
        "ዝነገርኩምና፣ ዝረኣናዮ መጉዳእትን ዝተሳእሉ ስእልታትን ኣብ ናይ ሕክምና መዝገብኩም ኣባና ይዕቀቡ። እቲ "
        "መዝገብ እንተወሓደ ንዓሰርተ ዓመት ይዕቀብ፣ ስለዚ ደሓር ክጥቀመሉ ይከኣል፣ ንኣብነት ንፖሊስ ክትሕብሩ እንተ "
        "ወሲንኩም።"
    ),
    "docs_secret": ("መዝገብኩም ብምስጢራዊነት ሕክምና ዝተሓለወ እዩ ({osl})። ኣብ ክንክንኩም ዝሳተፉ ሰራሕተኛታት ጥራይ እዮም ከንብብዎ ዝፍቀደሎም።"),
    "docs_police": (
        "ፍቓድኩም እንተሂብኩም ፖሊስ ነቲ ሰነዳት ይረክቦ። ብዘይ ፍቓድኩም ግን ሕጊ ኣብ ዝገልጾ ኩነታት ጥራይ ክወሃብ "
        "ይኽእል፣ ንኣብነት ፖሊስ ወይ ዓቃቢ ሕጊ ከቢድ ገበን ኣብ ዘጻርይሉ፣ እቲ ገበን ኣብ ልዕሊ ቆልዓ ኣብ ዝኾነሉ፣ "
        "ወይ ከቢድ ዓመጽ ንምክልኻል።"
    ),
    "docs_decide": "ንፖሊስ ክትሕብሩ ድዩ ኣይትሕብሩን ባዕልኹም ኢኹም ትውስኑ።",
    "access_heading": "መዝገብኩም መን ኣንቢብዎ?",
    "access_text": (
        "ሓደ ሰብ ሰነዳትኩም ኣብ ዝኸፍተሉ፣ ዝቕይረሉ፣ ዝሕትመሉ ወይ ዝህበሉ ግዜ ኩሉ ይምዝገብ። መን መዓስ "
        "ሓበሬታኹም ከም ዝረኣየ ክትፈልጡ መሰል ኣለኩም ({pdl})። ሕተቱና።"
    ),
    "copy_heading": "ቅዳሕ ሰነዳትኩም",
    "copy_text": (
        "መዝገብኩም ከተንብቡን ቅዳሕ፣ ስእልታት ሓዊሱ፣ ክትሓቱን መሰል ኣለኩም። ንሰራሕተኛታት ሕተቱ ወይ "
        "ጽሓፉልና። ውልቃዊ ሓበሬታኹም ዝተሓለወ እንተኾይኑ፣ ነቲ ቅዳሕ ብኸመይ ክትቕበልዎ ከም እትደልዩ ንገሩና፤ "
        "ኣብዚ ክትወስድዎ ትኽእሉ ኢኹም። መንነት ወረቐት ሒዝኩም ምጽኡ።"
    ),
    "safety_heading": "ብዛዕባ ድሕንነትኩም ሕሰቡ",
    "safety_text": (
        "ነዚ ወረቐት እዚ እቲ ዝጎድኣኩም ሰብ ክረኽቦ ኣብ ዘይክእል ቦታ ኣቐምጥዎ። ቁጽሪታት ብኻልእ ስም ኣብ "
        "ተሌፎንኩም ክትዕቅቡን ነቲ ወረቐት ኣብዚ ክትገድፍዎን እውን ትኽእሉ ኢኹም።"
    ),
}
