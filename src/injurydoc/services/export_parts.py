"""Pieces of an export: per-photo manifest entries, the signature block's lines, account names."""

from __future__ import annotations

from typing import Any

from injurydoc.domain.models import PhotoRecord
from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Lang, Profession
from injurydoc.export import package as pkg
from injurydoc.export.identity import SignerIdentity
from injurydoc.export.model import Person
from injurydoc.media import gps
from injurydoc.services.session import Session
from injurydoc.store import accounts as accounts_repo
from injurydoc.store.audit import iso


def released_photo(
    rec: PhotoRecord, original: bytes, preview: bytes, remove_location: bool
) -> tuple[bytes, str, str, tuple[str, ...]]:
    """What is released of a photo: (bytes, note, media type, location forms removed).

    Without location removal, the original.  With it, the original cleaned of every location
    (:func:`gps.strip_location`: in place, picture untouched, checked clean afterwards) — or, where that
    cannot be shown (HEIC, TIFF, damaged or unreadable metadata, a position in maker notes), the stored
    preview, which carries no metadata at all.  The original is looked at again here, not only the
    flag set at import, so that photos imported before every form was recognised are covered too.
    A damaged file never stops the release: whatever goes wrong in the cleaning releases the preview.
    """
    if not remove_location or not (rec.has_gps or gps.has_gps(original)):
        return original, "", rec.media_type, ()
    try:
        cleaned = gps.strip_location(original, rec.media_type)
    except gps.NotSupported:
        return preview, "original_withheld", "image/jpeg", ()
    return cleaned.data, "gps_removed", rec.media_type, cleaned.removed


def photo_meta(
    rec: PhotoRecord,
    original: bytes,
    released: bytes,
    mtype: str,
    note: str,
    numbers: dict[str, int],
    removed: tuple[str, ...] = (),
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "kind": "photo",
        "number": rec.number,
        "role": rec.role.code if rec.role else None,
        "injuries": sorted(numbers[i] for i in rec.injury_ids if i in numbers),
        "original_name": rec.original_name,
        "media_type": mtype,
        "captured_at": rec.captured_at,
        "camera": rec.camera,
        "imported_at": iso(rec.imported_at),
        "original_sha256": rec.sha256,
        "sha256": pkg.sha256(released),
        "gps_removed": note == "gps_removed",
        "original_withheld": note == "original_withheld",
    }
    if rec.decode_warning:
        meta["decode_warning"] = rec.decode_warning
    if rec.file_time and not rec.captured_at:
        meta["file_time"] = rec.file_time
    if note == "original_withheld":
        meta["original_withheld_reason"] = "location could not be removed losslessly; preview released"
    if note == "gps_removed":
        meta["location_removed"] = list(removed)
        meta["image_data_sha256"] = gps.image_data_hash(released, rec.media_type)
        meta["original_image_data_sha256"] = gps.image_data_hash(original, rec.media_type)
    return meta


def signature_lines(signer: SignerIdentity, me: Person, lang: Lang) -> tuple[str, ...]:
    cert = signer.certificate
    lines = [
        text("exam_report.signature_box", lang, name=signer.display_name),
        text("exam_report.sig_profession", lang, profession=me.profession.label(lang), hsa=me.hsa_id or "–"),
        text("exam_report.sig_certificate", lang, subject=_short_name(cert.subject)),
    ]
    if cert.self_signed:
        lines.append(text("exam_report.sig_self_signed", lang))
    else:
        lines.append(text("exam_report.sig_issuer", lang, issuer=_short_name(cert.issuer)))
    lines.append(text("exam_report.sig_time", lang))
    return tuple(lines)


def _short_name(name: Any) -> str:
    native = name.native
    parts = [native.get("common_name"), native.get("organization_name"), native.get("serial_number")]
    return ", ".join(str(p) for p in parts if p)[:80]


class NameCache:
    def __init__(self, s: Session) -> None:
        self.s = s
        self._cache: dict[str, Person] = {}

    def person(self, account_id: str) -> Person:
        if account_id not in self._cache:
            acc = accounts_repo.by_id(self.s.db, account_id)
            if acc is None:
                self._cache[account_id] = Person(name="?", profession=Profession.OTHER)
            else:
                self._cache[account_id] = Person(acc.display_name, acc.profession, acc.hsa_id)
        return self._cache[account_id]

    def name(self, account_id: str) -> str:
        return self.person(account_id).name
