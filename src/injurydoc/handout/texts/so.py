"""Soomaali (Somali) — translated from the Swedish original for this project.

NEEDS_NATIVE_REVIEW: drafted by the developer, not yet read by a native speaker.  A reviewer should check
meaning against sv.py, spelling and a plain register; legal terms are the least certain.
"""

from typing import Final

NEEDS_NATIVE_REVIEW: Final = True

TEXTS: Final[dict[str, str]] = {
    "title": "Taageero iyo caawimo",
    "intro": (
        "Warqaddan waxaa ku qoran lambarro taleefan oo aad wici karto si aad u hesho caawimo iyo "
        "taageero, iyo macluumaad ku saabsan waxa ku dhacaya dukumentiyada booqashadaada."
    ),
    "for_patient": "Loogu talagalay:",
    "emergency_heading": "Ma ku jirtaa khatar hadda?",
    "emergency_desc": (
        "Lambarka degdegga ah ee booliska, ambalaaska iyo adeegga samatabbixinta. Waa bilaash, habeen iyo "
        "maalin."
    ),
    "help_heading": "Halka aad ka heli karto caawimo iyo taageero",
    "kvinnofrid_desc": (
        "Khadka taleefanka qaranka ee taageerada haweenka loo geystay hanjabaad, rabshad ama rabshad "
        "galmo, iyo dadka u dhow. Wuxuu furan yahay habeen iyo maalin. Wicitaanku waa bilaash mana ka "
        "muuqdo biilka taleefanka. Uma baahnid inaad magacaaga sheegto, waxaadna heli kartaa turjubaan."
    ),
    "boj_desc": (
        "Taageero loogu talagalay qof kasta oo dambi loo geystay, markhaatiyaasha iyo qaraabada. "
        "Taageeradu waa bilaash, uma baahnid inaad magacaaga sheegto, lagamana rabo inaad horay booliska "
        "ugu dacwootay."
    ),
    "vard_desc": (
        "La-talin caafimaad oo taleefan ah, habeen iyo maalin, haddii aad u baahan tahay daryeel ama talo "
        "ku saabsan caafimaadkaaga."
    ),
    "police_desc": (
        "Marka aysan degdeg ahayn: si aad dambi u soo sheegto ama ula xiriirto booliska. Waxaad sidoo kale "
        "ka dacwoon kartaa saldhigga booliska."
    ),
    "local_heading": "Xiriirro kuu dhow",
    "kind_social_services": "Adeegga bulshada (socialtjänsten)",
    "kind_womens_shelter": "Ururka taageerada haweenka (kvinnojour)",
    "kind_girls_shelter": "Ururka taageerada gabdhaha (tjejjour)",
    "kind_police": "Booliska (polisen)",
    "kind_other": "Kale",
    "kind_social_services_desc": (
        "Adeegga bulshada ee degmadu wuxuu ku siin karaa taageero iyo caawimo, tusaale ahaan wadahadal, "
        "hoy ammaan ah iyo taageero dhaqaale."
    ),
    "kind_womens_shelter_desc": "Urur tabarruc ah oo taageera haweenka loo geystay rabshad.",
    "kind_girls_shelter_desc": "Urur tabarruc ah oo taageera gabdhaha iyo haweenka da'da yar.",
    "unit_heading": "Nala soo xiriir",
    "label_phone": "Taleefan",
    "label_address": "Cinwaan",
    "label_hours": "Saacadaha furitaanka",
    "label_web": "Bogga internetka",
    "docs_heading": "Maxaa ku dhacaya dukumentiyadaada?",
    "docs_kept": (
        "Waxa aad noo sheegtay, dhaawacyada aan aragnay iyo sawirrada haddii la qaaday, waxay ku kaydsan "
        "yihiin diiwaankaaga caafimaadka ee naga jira. Diiwaanka waxaa la kaydiyaa ugu yaraan toban sano, "
        "sidaas darteed waa la isticmaali karaa mar dambe, tusaale ahaan haddii aad go'aansato inaad "
        "booliska u dacwooto."
    ),
    "docs_secret": (
        "Diiwaankaaga waxaa ilaaliya sirta daryeelka caafimaadka (sharciga sirta, "
        "{osl}). Shaqaalaha ka qayb qaata daryeelkaaga oo keliya ayaa akhrin kara."
    ),
    "docs_police": (
        "Booliska waxay helayaan dukumentiyada haddii aad oggolaato. Oggolaanshahaaga la'aantiis, waxaa "
        "la bixin karaa oo keliya xaaladaha uu sharcigu qeexo, tusaale ahaan marka booliska ama xeer "
        "ilaaliyuhu baarayaan dambi culus, marka dambigu ka dhan yahay ilmo, ama si looga hortago "
        "rabshad culus."
    ),
    "docs_decide": "Adiga ayaa go'aaminaya haddii aad rabto inaad booliska u dacwooto.",
    "access_heading": "Yaa akhriyay diiwaankaaga?",
    "access_text": (
        "Mar kasta oo qof furo, beddelo, daabaco ama bixiyo dukumentiyadaada, waa la diiwaangeliyaa. "
        "Waxaad xaq u leedahay inaad ogaato cidda aragtay macluumaadkaaga iyo goorta ({pdl}). Na weydii."
    ),
    "copy_heading": "Nuqul ka mid ah dukumentiyadaada",
    "copy_text": (
        "Waxaad xaq u leedahay inaad akhrido diiwaankaaga oo aad codsato nuqul, oo ay ku jiraan "
        "sawirrada. Weydii shaqaalaha ama noo soo qor. Haddii xogtaada shakhsiyeed la ilaaliyo, noo sheeg "
        "sida aad rabto inaad nuqulka u hesho – waxaad ka qaadan kartaa halkan. Keen aqoonsi."
    ),
    "safety_heading": "Ka fikir badbaadadaada",
    "safety_text": (
        "Warqaddan ku hay meel uusan ka heli karin qofka ku waxyeelleeya. Waxaad sidoo kale lambarrada ku "
        "kaydin kartaa taleefankaaga magac kale, warqaddana halkan uga tagi kartaa."
    ),
}
