"""The handout as HTML, one page set per language, for Qt's rich-text layout.

What the handout may hold about the patient is decided here and nowhere else: at most the name, and only
when the clinician asks for it.  The personal identity number has no way in.  Addresses (the unit's and
the local contacts') can be left out; for a protected person they are left out unless chosen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Final

from injurydoc.domain.vocab import Protection
from injurydoc.handout.contacts import LocalContact, LocalContactKind, UnitContacts
from injurydoc.handout.languages import Language, Script, language
from injurydoc.handout.texts import LAWS, text

#: Unicode isolates: a phone number is laid out left to right whatever the paragraph's direction
#: (else "020-50 50 50" reads "50 50 020-50" in Arabic); other inserted text keeps its own direction.
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
NBSP = "\u00a0"

EMERGENCY: Final = "112"
#: (name, phone, text key); the police's name is the language's own word for it.
NATIONAL: Final[tuple[tuple[str, str, str], ...]] = (
    ("Kvinnofridslinjen", "020-50 50 50", "kvinnofrid_desc"),
    ("Brottsofferjouren", "116 006", "boj_desc"),
    ("1177 Vårdguiden", "1177", "vard_desc"),
    ("", "114 14", "police_desc"),
)

#: Base size in pt per script: Naskh and Ethiopic letters look smaller than Latin ones at the same size.
_SIZE: Final[dict[Script, float]] = {"latin": 10.0, "cyrillic": 10.0, "arabic": 11.0, "ethiopic": 10.5}
#: Naskh's own line height is generous; tightened so that one sheet holds as much as in Swedish.
_LINE: Final[dict[Script, int]] = {"latin": 100, "cyrillic": 100, "arabic": 80, "ethiopic": 100}


def _style(script: Script) -> str:
    """Qt's rich-text subset of CSS; lengths in px are 1/96 inch (the UI lays text out at 96 dpi)."""
    base = _SIZE[script]

    def pt(factor: float) -> str:
        return f"{base * factor:.1f}pt"

    return f"""
body {{ font-size: {pt(1)}; }}
p, h1, h2 {{ line-height: {_LINE[script]}%; }}
h1 {{ font-size: {pt(2)}; font-weight: 700; margin-top: 0px; margin-bottom: 6px; }}
h2 {{ font-size: {pt(1.25)}; font-weight: 700; margin-top: 14px; margin-bottom: 4px; color: #1d3557; }}
p {{ margin-top: 0px; margin-bottom: 6px; }}
.lang {{ font-size: {pt(0.85)}; color: #555555; margin-bottom: 10px; }}
.intro {{ margin-bottom: 10px; }}
.entry {{ margin-bottom: 8px; }}
.newsheet {{ page-break-before: always; margin-top: 0px; }}
.name {{ font-weight: 700; }}
.phone {{ font-weight: 700; font-size: {pt(1.25)}; }}
.big {{ font-weight: 700; font-size: {pt(2.2)}; color: #b00020; }}
.small {{ font-size: {pt(0.9)}; color: #333333; }}
"""


@dataclass(frozen=True, slots=True)
class HandoutOptions:
    languages: tuple[str, ...] = ("sv",)
    #: The patient's name, only when the clinician chose to add it; ``None`` otherwise.
    patient_name: str | None = None
    #: Street addresses of the unit and the local contacts.
    include_addresses: bool = True


@dataclass(frozen=True, slots=True)
class HandoutPage:
    """One language's part of the handout (it may run over more than one sheet)."""

    lang: Language
    html: str


def default_include_addresses(protection: Protection) -> bool:
    """A protected person carries home no address unless the clinician chooses it."""
    return not protection.is_protected


def file_name(languages: tuple[str, ...]) -> str:
    """A file name that names nothing of the patient: ``stodinformation-sv-ar.pdf``."""
    return "stodinformation-" + "-".join(languages or ("sv",)) + ".pdf"


def build(options: HandoutOptions, contacts: UnitContacts, *, unit_name: str) -> tuple[HandoutPage, ...]:
    """The handout's pages; ``unit_name`` is used when the manager has not typed the unit's own name."""
    return tuple(
        HandoutPage(language(code), _page(language(code), options, contacts, unit_name))
        for code in options.languages
    )


# ----- one language ---------------------------------------------------------------------------------
def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _typed(value: str) -> str:
    """Text someone typed (a name, an address): escaped and isolated, so it keeps its own direction."""
    return FSI + _esc(value) + PDI


def _law(reference: str) -> str:
    """A law reference, left to right in any paragraph; "25 kap. 1 §" never split over two lines."""
    name, sep, section = reference.partition(" kap.")
    head, _, chapter = name.rpartition(" ")
    bound = f"{chapter}{NBSP}kap.{section.replace(' ', NBSP)}" if sep else reference
    return LRI + _esc(f"{head} {bound}".strip()) + PDI


def _phone(number: str) -> str:
    return f'<span class="phone">{LRI}{_esc(number)}{PDI}</span>'


class _Page:
    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.dir = "rtl" if lang.rtl else "ltr"
        self.parts: list[str] = []

    def t(self, key: str) -> str:
        out = _esc(text(self.lang.code, key))
        for name, law in LAWS.items():
            out = out.replace("{" + name + "}", _law(law))
        return out

    def block(self, tag: str, inner: str, cls: str = "") -> None:
        attr = f' class="{cls}"' if cls else ""
        self.parts.append(f'<{tag} dir="{self.dir}"{attr}>{inner}</{tag}>')

    def details(self, pairs: list[tuple[str, str]]) -> str:
        shown = [f"{self.t(label)}: {_typed(value)}" for label, value in pairs if value]
        return " · ".join(shown)


def _page(lang: Language, options: HandoutOptions, contacts: UnitContacts, unit_name: str) -> str:
    """First sheet: where to get help; second sheet: the documentation, the patient's rights, safety."""
    p = _Page(lang)
    names = lang.native if lang.code == "sv" else f"{_esc(lang.native)} · {_esc(lang.sv)}"
    p.block("p", names, "lang")
    p.block("h1", p.t("title"))
    if options.patient_name:
        p.block("p", f'{p.t("for_patient")} <span class="name">{_typed(options.patient_name)}</span>')
    p.block("p", p.t("intro"), "intro")

    # The emergency number in a framed box, first.
    box = (
        f'<p dir="{p.dir}" class="name">{p.t("emergency_heading")}</p>'
        f'<p dir="{p.dir}"><span class="big">{EMERGENCY}</span>&nbsp;&nbsp; {p.t("emergency_desc")}</p>'
    )
    p.parts.append(
        '<table width="100%" border="1" cellspacing="0" cellpadding="6" '
        f'style="border-color: #b00020; border-style: solid;"><tr><td>{box}</td></tr></table>'
    )

    p.block("h2", p.t("help_heading"))
    for name, number, key in NATIONAL:
        shown = _typed(name) if name else p.t("kind_police")
        p.block(
            "p", f'<span class="name">{shown}</span>&nbsp;&nbsp; {_phone(number)}<br/>{p.t(key)}', "entry"
        )

    if contacts.contacts:
        p.block("h2", p.t("local_heading"))
        for contact in contacts.contacts:
            p.block("p", _local(p, contact, options.include_addresses), "entry")

    p.block("h2", p.t("unit_heading"))
    unit = f'<span class="name">{_typed(contacts.unit_name or unit_name)}</span>'
    if contacts.unit_phone:
        unit += f"&nbsp;&nbsp; {_phone(contacts.unit_phone)}"
    if options.include_addresses and contacts.unit_address:
        unit += "<br/>" + p.details([("label_address", contacts.unit_address)])
    p.block("p", unit, "entry")

    # The second sheet: the documentation, the patient's rights, and keeping the paper safe.
    p.block("h2", p.t("docs_heading"), "newsheet")
    for key in ("docs_kept", "docs_secret", "docs_police", "docs_decide"):
        p.block("p", p.t(key))
    p.block("h2", p.t("access_heading"))
    p.block("p", p.t("access_text"))
    p.block("h2", p.t("copy_heading"))
    p.block("p", p.t("copy_text"))
    p.block("h2", p.t("safety_heading"))
    p.block("p", p.t("safety_text"))
    lang_attr = f'lang="{lang.code}" dir="{p.dir}"'
    head = f"<head><style>{_style(lang.script)}</style></head>"
    return f"<html {lang_attr}>{head}<body {lang_attr}>{''.join(p.parts)}</body></html>"


#: Kinds whose role the handout explains (a patient new to Sweden may not know what a "jour" is).
_DESCRIBED: Final = frozenset(
    {LocalContactKind.SOCIAL_SERVICES, LocalContactKind.WOMENS_SHELTER, LocalContactKind.GIRLS_SHELTER}
)


def _local(p: _Page, contact: LocalContact, include_addresses: bool) -> str:
    line = f'<span class="name">{_typed(contact.name)}</span>'
    if contact.phone:
        line += f"&nbsp;&nbsp; {_phone(contact.phone)}"
    kind = contact.kind
    if kind is not LocalContactKind.OTHER:
        about = p.t(f"kind_{kind.code}")
        if kind in _DESCRIBED:
            about += " – " + p.t(f"kind_{kind.code}_desc")
        line += f'<br/><span class="small">{about}</span>'
    details = p.details(
        [
            ("label_address", contact.address if include_addresses else ""),
            ("label_hours", contact.hours),
            ("label_web", contact.web),
        ]
    )
    if details:
        line += f'<br/><span class="small">{details}</span>'
    return line
