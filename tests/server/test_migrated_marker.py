"""A migrated signature's marker changed on the server **together with** ``record_signed_at`` (consistently,
so the marker's date still is the record's date) is found by the workstation (server 0017): the store
import sends the store's unit key's attestation of marker and record time, and a workstation takes the
migrated signature only with a valid one — otherwise the case shows broken and the workstation's access
log names it (``migrated_marker_refused``).  Tampering by raw SQL as the PostgreSQL superuser."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from injurydoc.server.errors import ServerError
from injurydoc.services import record_signing
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.store_import import import_store
from injurydoc.sync import migrated_marker
from tests.server.test_import_store_signatures import _anna_cache, _server, moved_store  # noqa: F401 - a fixture
from tests.server.world import PASSWORD, ServerDb


def _tamper(server_db: ServerDb, exam_id: str, sql: str) -> None:
    with server_db.superuser() as su:
        su.execute("ALTER TABLE injurydoc.signatures DISABLE TRIGGER USER")
        su.execute(f"UPDATE injurydoc.signatures SET {sql} WHERE examination_id = %s", (uuid.UUID(exam_id),))
        su.execute("ALTER TABLE injurydoc.signatures ENABLE TRIGGER USER")


def _refusals(cache: Any) -> list[dict[str, Any]]:
    rows = cache.db.all(
        "SELECT target, details FROM audit_log WHERE details LIKE ?", (f"%{migrated_marker.EVENT}%",)
    )
    return [{"target": r[0], **json.loads(r[1])} for r in rows]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("untouched", None),
        # the marker and the record's time moved back a year together: the marker's date is still the
        # record's date, which is all a workstation could check before 0017
        (
            "both_changed",
            "attestation_invalid",
        ),
        ("attestation_removed", "not_attested"),
        ("attestation_of_another", "attestation_invalid"),
    ],
)
def test_a_marker_changed_together_with_the_record_time_is_found_and_named(
    store: Any,
    server_db: ServerDb,
    moved_store: dict[str, Any],  # noqa: F811 - the fixture
    tmp_path: Path,
    change: str,
    reason: str | None,
) -> None:
    _server(server_db)
    assert import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD).ok
    exam_id = moved_store["migrated"].exam_id
    with server_db.superuser() as su:
        marker, record_at, attested = su.execute(
            "SELECT migrated_from, record_signed_at, migration_attestation FROM injurydoc.signatures"
            " WHERE examination_id = %s",
            (uuid.UUID(exam_id),),
        ).fetchone()
    assert attested is not None and str(record_at.date()) == marker  # sent by the import, consistent
    earlier = record_at.replace(year=record_at.year - 1)
    if change == "both_changed":
        _tamper(
            server_db,
            exam_id,
            f"migrated_from = '{earlier.date().isoformat()}', record_signed_at = '{earlier.isoformat()}'",
        )
    elif change == "attestation_removed":
        _tamper(
            server_db,
            exam_id,
            f"migrated_from = '{earlier.date().isoformat()}', record_signed_at = '{earlier.isoformat()}',"
            " migration_attestation = NULL",
        )
    elif change == "attestation_of_another":  # a valid attestation, of another examination's marker
        other = migrated_marker.attest(
            Ed25519PrivateKey.generate(),
            examination_id=exam_id,
            signer_id="x",
            key_id=str(uuid.uuid4()),
            content_sha256="00",
            migrated_from=earlier.date().isoformat(),
            record_signed_at=earlier,
        )
        _tamper(
            server_db,
            exam_id,
            f"migrated_from = '{earlier.date().isoformat()}', record_signed_at = '{earlier.isoformat()}',"
            f" migration_attestation = '\\x{other.hex()}'::bytea",
        )
    cache = _anna_cache(store, server_db, tmp_path / "ws")
    try:
        svc = ExaminationService(cache)
        state = svc.signature(svc.get(exam_id))
        refusals = _refusals(cache)
        if reason is None:
            assert state.state == record_signing.MIGRATED and state.migrated_from == marker, state.text("en")
            assert refusals == []
            return
        assert state.state == record_signing.BROKEN, state.text("en")
        assert refusals == [
            {"target": f"examination:{exam_id}", "event": migrated_marker.EVENT, "reason": reason}
        ]
        older = svc.signature(svc.get(moved_store["older"].exam_id))
        assert older.state == record_signing.VALID  # the other case is untouched
    finally:
        cache.close()


@pytest.mark.usefixtures("moved_store")
def test_an_import_whose_manager_cannot_open_the_unit_key_sends_nothing(
    store: Any, server_db: ServerDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from injurydoc.services import store_import

    _server(server_db)
    monkeypatch.setattr(store_import, "store_unit_key", lambda *_a: None)
    with pytest.raises(ServerError) as refused:
        import_store(store.folder, server_db.dsn("chef"), "chef", PASSWORD)
    assert "Nothing was sent" in refused.value.message(
        "en"
    ) and "Ingenting har skickats" in refused.value.message("sv")
    with server_db.superuser() as su:
        assert su.execute("SELECT count(*) FROM injurydoc.signatures").fetchone()[0] == 0
        assert su.execute("SELECT count(*) FROM injurydoc.store_imports").fetchone()[0] == 0
