"""The unit's local help contacts, as the unit manager types them, and their checks.

Stored as JSON in ``unit_settings`` under :data:`SETTING_KEY`; printed on the handout with their names
exactly as typed.  Nothing here is about a patient.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any, Final

from injurydoc.domain.errors import ValidationError
from injurydoc.domain.vocab import Vocab

SETTING_KEY: Final = "handout.contacts"
FORMAT_VERSION: Final = 1

MAX_CONTACTS: Final = 20
MAX_NAME: Final = 120
MAX_PHONE: Final = 40
MAX_ADDRESS: Final = 200
MAX_HOURS: Final = 120
MAX_WEB: Final = 200

#: Digits, spaces, + - – ( ) and / : what Swedish phone numbers are written with.
_PHONE = re.compile(r"^[0-9 +\-–()/]*$")


class LocalContactKind(Vocab):
    SOCIAL_SERVICES = ("social_services", "Socialtjänsten", "Social services")
    WOMENS_SHELTER = ("womens_shelter", "Kvinnojour", "Women's shelter")
    GIRLS_SHELTER = ("girls_shelter", "Tjejjour", "Girls' shelter")
    POLICE = ("police", "Polisen", "Police")
    OTHER = ("other", "Övrigt", "Other")


@dataclass(frozen=True, slots=True)
class LocalContact:
    kind: LocalContactKind
    name: str
    phone: str = ""
    address: str = ""
    hours: str = ""
    web: str = ""


@dataclass(frozen=True, slots=True)
class UnitContacts:
    """The unit's own name, phone and address, and its list of local contacts in printing order."""

    unit_name: str = ""
    unit_phone: str = ""
    unit_address: str = ""
    contacts: tuple[LocalContact, ...] = ()


def _clean(text: str) -> str:
    """One line: runs of white space (new lines included) become one space."""
    return " ".join(text.split())


def _check(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError("field.invalid", field=f"{field} (max {limit})")


def _check_phone(field: str, value: str) -> None:
    _check(field, value, MAX_PHONE)
    if not _PHONE.match(value):
        raise ValidationError("field.invalid", field=field)


def validated(unit: UnitContacts) -> UnitContacts:
    """The same contacts with white space tidied, or :class:`ValidationError` naming the field."""
    unit = replace(
        unit,
        unit_name=_clean(unit.unit_name),
        unit_phone=_clean(unit.unit_phone),
        unit_address=_clean(unit.unit_address),
        contacts=tuple(
            replace(
                c,
                name=_clean(c.name),
                phone=_clean(c.phone),
                address=_clean(c.address),
                hours=_clean(c.hours),
                web=_clean(c.web),
            )
            for c in unit.contacts
        ),
    )
    _check("unit name", unit.unit_name, MAX_NAME)
    _check_phone("unit phone", unit.unit_phone)
    _check("unit address", unit.unit_address, MAX_ADDRESS)
    if len(unit.contacts) > MAX_CONTACTS:
        raise ValidationError("field.range", field="contacts", low=0, high=MAX_CONTACTS)
    for i, c in enumerate(unit.contacts, start=1):
        if not isinstance(c.kind, LocalContactKind):
            raise ValidationError("field.invalid", field=f"contact {i}: kind")
        if not c.name:
            raise ValidationError("field.required", field=f"contact {i}: name")
        if not (c.phone or c.web):
            raise ValidationError("field.required", field=f"contact {i}: phone or web")
        _check(f"contact {i}: name", c.name, MAX_NAME)
        _check_phone(f"contact {i}: phone", c.phone)
        _check(f"contact {i}: address", c.address, MAX_ADDRESS)
        _check(f"contact {i}: hours", c.hours, MAX_HOURS)
        _check(f"contact {i}: web", c.web, MAX_WEB)
    return unit


def to_json(unit: UnitContacts) -> dict[str, Any]:
    data = asdict(unit)
    data["contacts"] = [{**asdict(c), "kind": c.kind.code} for c in unit.contacts]
    return {"version": FORMAT_VERSION, **data}


def from_json(data: Any) -> UnitContacts:
    """Read what :func:`to_json` wrote; unknown keys are ignored, an unknown kind reads as "other"."""
    if not isinstance(data, dict):
        return UnitContacts()

    def text(d: dict[str, Any], key: str) -> str:
        value = d.get(key, "")
        return value if isinstance(value, str) else ""

    contacts = []
    for c in data.get("contacts", []):
        if not isinstance(c, dict):
            continue
        try:
            kind = LocalContactKind(text(c, "kind"))
        except ValueError:
            kind = LocalContactKind.OTHER
        contacts.append(
            LocalContact(
                kind=kind,
                name=text(c, "name"),
                phone=text(c, "phone"),
                address=text(c, "address"),
                hours=text(c, "hours"),
                web=text(c, "web"),
            )
        )
    return UnitContacts(
        unit_name=text(data, "unit_name"),
        unit_phone=text(data, "unit_phone"),
        unit_address=text(data, "unit_address"),
        contacts=tuple(contacts),
    )
