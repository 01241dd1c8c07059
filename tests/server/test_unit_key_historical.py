"""Historical certificates (sync/unit_key.py ``certify_historical``): a colleague disabled before the
unit key existed gets their key certified as theirs up to the day the server disabled them, by the
manager typing its fingerprint from a report.  Played end to end on PostgreSQL, and as the superuser: a
signature by that key dated after the disabling, and a certificate row whose bound was edited."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest

from injurydoc.cli import main
from injurydoc.domain.errors import ValidationError
from injurydoc.export.verify import verify_package
from injurydoc.server import admin
from injurydoc.server.errors import ServerError
from injurydoc.services import record_signing, unit_keys
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.signing import SigningService
from injurydoc.store.personal_keys import Certificate, canonical
from tests.helpers.export_cases import export_case
from tests.server import unit_cases
from tests.server.test_unit_key_gaps import certify, keys_of, signature_state
from tests.server.unit_cases import document, server_rows, sync
from tests.server.world import PASSWORD, World


@pytest.fixture
def unit(world: World, tmp_path: Path) -> Any:
    with unit_cases.workstations(world, tmp_path, ("chef", "anna", "erik")) as caches:
        yield caches


def _log_events(session: Any) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in session.db.all("SELECT details FROM audit_log ORDER BY seq")]


def _signed_at(src: Path, dst: Path, when: str) -> Path:
    """A copy of the package whose examination record in signatures.json says it was signed ``when``."""
    with zipfile.ZipFile(src) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    (name,) = [n for n in entries if n.endswith("signatures.json")]
    doc = json.loads(entries[name])
    for r in doc["records"]:
        r["signed_at"] = when
    entries[name] = json.dumps(doc).encode("utf-8")
    with zipfile.ZipFile(dst, "w") as z:
        for n, b in entries.items():
            z.writestr(n, b)
    return dst


def _fresh(world: World, tmp_path: Path, name: str) -> Any:
    """erik's cache on a workstation that connects only now (pins the unit key, pulls everything)."""
    session = unit_cases.cache(world, "erik", tmp_path / f"ws-{name}")
    sync(world, session, "erik")
    return session


def test_a_colleague_disabled_before_the_unit_key_is_certified_up_to_the_day_they_left(
    world: World, unit: Any, tmp_path: Path
) -> None:
    chef, anna, erik = unit["chef"], unit["anna"], unit["erik"]
    # anna signs two cases, is disabled; only then is the unit key made
    first = document(anna)
    second = document(anna, number="19750505-0000", name="Karin Berg")
    sync(world, anna, "anna")
    with world.db.connect("chef") as m:
        admin.disable_account(m, world.ids["anna"])
    made = keys_of(world, chef).create()
    sync(world, erik, "erik")
    unit_keys.confirm(erik, made)
    certify(world, unit, "erik")
    sync(world, erik, "erik")
    named = anna.keys.public().signing_fingerprint
    state = signature_state(erik, first.exam_id)
    assert state.state == record_signing.UNIT_UNCERTIFIED and named in state.text("en")
    SigningService(erik).create_self_signed(PASSWORD)
    ident = SigningService(erik).identity(PASSWORD)
    with pytest.raises(ValidationError) as refused:
        export_case(erik, ExaminationService(erik).get(first.exam_id), ident, tmp_path / "out0")
    assert refused.value.code == "exam.signature_unit_uncertified"

    # the manager page lists anna's own key (not its fingerprint); a wrong fingerprint is refused
    service = keys_of(world, chef)
    (listed,) = service.disabled_uncertified()
    assert listed.username == "anna" and listed.disabled_at is not None
    assert not [p for p in service.pending() if p.username == "anna"]
    wrong = erik.keys.public().signing_fingerprint
    with pytest.raises(ServerError) as mismatch:
        service.certify_historical(listed.key_id, wrong)
    assert mismatch.value.code == "server.key_fingerprint_mismatch"
    assert server_rows(world, "key_certifications", account_id=world.ids["anna"]) == []
    assert {"event": "historical_certify_refused", "key": listed.key_id, "account": "anna"} in _log_events(
        chef
    )
    # the fingerprint as the report names it certifies her key, bounded by the day she was disabled
    service.certify_historical(listed.key_id, named.lower().replace("-", " "))
    assert service.disabled_uncertified() == []
    (row,) = server_rows(world, "key_certifications", account_id=world.ids["anna"])
    cert = Certificate.from_bytes(bytes(row["certificate"]))
    disabled = server_rows(world, "accounts", id=world.ids["anna"])[0]["disabled_at"]
    assert (
        dt.datetime.fromisoformat(cert.valid_before) == disabled
        and cert.keys.ed25519 == anna.keys.public().ed25519
    )

    # the next pull: valid, exported, and `injurydoc verify` passes
    sync(world, erik, "erik")
    assert signature_state(erik, first.exam_id).state == record_signing.VALID
    result = export_case(erik, ExaminationService(erik).get(first.exam_id), ident, tmp_path / "out1")
    assert result.verdict.intact, [c for c in result.verdict.checks if not c.ok]
    out = io.StringIO()
    assert main(["verify", str(result.path)], stdout=out, stderr=io.StringIO()) in (0, 1)  # 1: self-signed
    assert named in out.getvalue()
    assert "historiskt certifikat" in out.getvalue()  # a reader learns the bound
    notes = [c for c in result.verdict.checks if "historiskt certifikat" in c.detail_sv]
    assert notes and cert.valid_before[:10] in notes[0].detail, result.verdict.checks
    # the package itself: its record dated at the bound or later fails `injurydoc verify`
    late = _signed_at(result.path, tmp_path / "late.zip", disabled.isoformat())
    checks = verify_package(late).checks
    assert any("as the key's certificate requires" in c.detail for c in checks if not c.ok), checks
    assert any("som nyckelns certifikat kräver" in c.detail_sv for c in checks if not c.ok)

    # as the superuser: anna's key "signs" the second case after she was disabled (its date moved past
    # the bound; whoever holds her private key could sign anything) — not valid on a new workstation
    with world.db.superuser() as su:
        su.execute("SET session_replication_role = replica")
        su.execute(
            "UPDATE injurydoc.signatures SET signed_at = %s + interval '1 day' WHERE examination_id = %s",
            (disabled, uuid.UUID(second.exam_id)),
        )
    later = _fresh(world, tmp_path, "later")
    try:
        assert signature_state(later, first.exam_id).state == record_signing.VALID
        state = signature_state(later, second.exam_id)
        assert state.state == record_signing.UNIT_UNCERTIFIED and not state.broken
        assert "only for signatures before" in state.text("en") and named in state.text("en")
        assert "bara för signeringar före" in state.text("sv")
        SigningService(later).create_self_signed(PASSWORD)
        with pytest.raises(ValidationError):
            export_case(
                later,
                ExaminationService(later).get(second.exam_id),
                SigningService(later).identity(PASSWORD),
                tmp_path / "out2",
            )
    finally:
        later.close()

    # as the superuser: the certificate row's bound pushed later (not re-signed) — the certificate breaks
    edited = json.loads(bytes(row["certificate"]))
    edited["valid_before"] = "2999-01-01T00:00:00+00:00"
    raw = canonical(edited)
    Certificate.from_bytes(raw)  # still canonical: only the unit key's signature refuses it
    with world.db.superuser() as su:
        su.execute("SET session_replication_role = replica")
        su.execute(
            "UPDATE injurydoc.key_certifications SET certificate = %s WHERE key_id = %s", (raw, row["key_id"])
        )
    forged = _fresh(world, tmp_path, "forged")
    try:
        assert signature_state(forged, first.exam_id).state == record_signing.UNIT_UNCERTIFIED
    finally:
        forged.close()


def test_a_key_the_colleague_did_not_register_is_never_listed(world: World, unit: Any) -> None:
    """As the superuser: a key registered "by" the disabled colleague by another account, or whose
    binding fails, is not listed for a historical certificate (and cannot be certified)."""
    chef, anna = unit["chef"], unit["anna"]
    sync(world, anna, "anna")
    with world.db.connect("chef") as m:
        admin.disable_account(m, world.ids["anna"])
    keys_of(world, chef).create()
    with world.db.superuser() as su:
        su.execute("SET session_replication_role = replica")
        su.execute(
            "UPDATE injurydoc.account_keys SET created_by = %s WHERE account_id = %s",
            (world.ids["chef"], world.ids["anna"]),
        )
    service = keys_of(world, chef)
    assert service.disabled_uncertified() == []
    with pytest.raises(ServerError):
        service.certify_historical(str(uuid.uuid4()), anna.keys.public().signing_fingerprint)
    assert server_rows(world, "key_certifications", account_id=world.ids["anna"]) == []
