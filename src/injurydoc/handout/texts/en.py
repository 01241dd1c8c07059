"""English — written for this project alongside the Swedish original."""

from typing import Final

#: Written natively; no review needed beyond the usual proof-reading.
NEEDS_NATIVE_REVIEW: Final = False

TEXTS: Final[dict[str, str]] = {
    "title": "Support and help",
    "intro": (
        "Here are phone numbers you can call for help and support, and information about what happens "
        "to the documentation from your visit."
    ),
    "for_patient": "For:",
    "emergency_heading": "Are you in danger right now?",
    "emergency_desc": "Emergency number for police, ambulance and rescue services. Free, day and night.",
    "help_heading": "Where you can get help and support",
    "kvinnofrid_desc": (
        "National helpline for women who have been subjected to threats, violence or sexual violence, and "
        "for the people close to them. Open day and night. The call is free and does not show on the "
        "phone bill. You can stay anonymous and have an interpreter."
    ),
    "boj_desc": (
        "Support for anyone who has been subjected to a crime, for witnesses and for relatives. The "
        "support is free, you can stay anonymous, and you do not need to have reported to the police."
    ),
    "vard_desc": "Medical advice by phone, day and night, if you need care or advice about your health.",
    "police_desc": (
        "When it is not an emergency: to report a crime or to contact the police. You can also report at "
        "a police station."
    ),
    "local_heading": "Contacts near you",
    "kind_social_services": "Social services (socialtjänsten)",
    "kind_womens_shelter": "Women's shelter (kvinnojour)",
    "kind_girls_shelter": "Girls' shelter (tjejjour)",
    "kind_police": "Police (polisen)",
    "kind_other": "Other",
    "kind_social_services_desc": (
        "The municipality's social services can give support and help, for example counselling, "
        "sheltered housing and financial support."
    ),
    "kind_womens_shelter_desc": (
        "Voluntary organisation that supports women who have been subjected to violence."
    ),
    "kind_girls_shelter_desc": "Voluntary organisation that supports girls and young women.",
    "unit_heading": "Contact us",
    "label_phone": "Phone",
    "label_address": "Address",
    "label_hours": "Opening hours",
    "label_web": "Web",
    "docs_heading": "What happens to your documentation?",
    "docs_kept": (
        "What you told us, the injuries we saw and any photographs are kept in your patient record with "
        "us. The record is kept for at least ten years, so it can be used later, for example if you "
        "decide to report to the police."
    ),
    "docs_secret": (
        "Your record is protected by health-care secrecy (the Public Access to Information and Secrecy "
        "Act, {osl}). Only staff who take part in your care may "
        "read it."
    ),
    "docs_police": (
        "The police receive the documentation if you consent to it. Without your consent it may be "
        "released only in the cases the law sets out, for example when the police or a prosecutor "
        "investigate a serious crime, when the crime is against a child, or to prevent serious violence."
    ),
    "docs_decide": "You decide whether you want to report to the police.",
    "access_heading": "Who has read your record?",
    "access_text": (
        "Every time someone opens, changes, prints or releases your documentation, it is logged. You have "
        "the right to find out who has accessed your information and when ({pdl}). "
        "Ask us."
    ),
    "copy_heading": "A copy of your documentation",
    "copy_text": (
        "You have the right to read your record and to ask for a copy, including the photographs. Ask the "
        "staff or write to us. If your personal details are protected, tell us how you want to receive the "
        "copy – you can collect it here. Bring identification."
    ),
    "safety_heading": "Think about your safety",
    "safety_text": (
        "Keep this paper where no one who harms you can find it. You can also save the numbers in your "
        "phone under another name and leave the paper here."
    ),
}
