"""IT's connection file as a hostile file, a typed address, and the server's certificate as a person sees it:
every refusal is the project's own error with a message in both languages that says what to tell IT."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import string

import pytest

from injurydoc.services.unit_connection import (
    MAX_FILE_BYTES,
    ConnectionSettings,
    UnitError,
    check_certificate,
    fetch_certificate,
    format_fingerprint,
    parse_address,
    parse_connection_file,
    read_connection_file,
    with_fingerprint,
)
from tests.unit_tls import FakeTlsServer, make_cert

FP = "ab" * 32


def _file(**changes: object) -> bytes:
    doc: dict[str, object] = {
        "format": "injurydoc-unit",
        "version": 1,
        "unit": "Vårdcentralen Norr",
        "server": {"host": "db.region.test", "port": 5432, "dbname": "injurydoc"},
        "tls": {"sha256": ":".join(FP[i : i + 2] for i in range(0, 64, 2)).upper()},
        "contact": "Regionens IT-servicedesk 010-123 45 67",
    }
    for k, v in changes.items():
        if v is None:
            doc.pop(k, None)
        else:
            doc[k] = v
    return json.dumps(doc).encode()


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_an_unknown_code_is_a_bug_not_an_empty_message() -> None:
    """The words are in domain/texts.py (``unit_error.*``; tests/test_texts.py checks both languages)."""
    with pytest.raises(KeyError):
        UnitError("unit.no_such_code")
    assert UnitError("unit.auth").message("sv") != UnitError("unit.auth").message("en")


def test_a_good_file_gives_the_settings() -> None:
    s = parse_connection_file(_file())
    assert (s.host, s.port, s.dbname, s.unit_name) == (
        "db.region.test",
        5432,
        "injurydoc",
        "Vårdcentralen Norr",
    )
    assert s.fingerprint == FP and s.contact.startswith("Regionens")
    info = s.conninfo("anna")
    assert "sslmode=require" in info and "password" not in info and "user=anna" in info


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xff\xfe{}", "UTF-8"),
        (b"[" * 60_000, "nested"),
        (b'{"format": "injurydoc-unit", "format": "x"}', "twice"),
        (b"[]", "object"),
        (_file(format="something-else"), "format"),
        (_file(version=2), "version"),
        (_file(version=True), "version"),
        (_file(server={"host": "db.region.test", "sslmode": "disable"}), "sslmode"),
        (_file(server={"host": "a,b.example"}), "host name"),
        (_file(server={"host": "db host=evil"}), "host name"),
        (_file(server={"host": "db.region.test", "port": 70000}), "port"),
        (_file(server={"host": "db.region.test", "port": "5432"}), "port"),
        (_file(server={"host": "db.region.test", "dbname": "x y"}), "database"),
        (_file(password="secret"), "password"),
        (_file(tls={"sha256": "12"}), "fingerprint"),
        (_file(tls={"ca_pem": "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"}), "PEM"),
        (_file(tls={}), "neither"),
        (_file(unit="Norr\u202eevil"), "control"),
        (_file(unit="x" * 201), "200"),
        (_file(server=None), "server"),
        (b'{"format": "injurydoc-unit", "version": 1e999}', "version"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_with_a_reason(data: bytes, fragment: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_connection_file(data)
    assert info.value.code == "unit.file_invalid"
    en, sv = info.value.message("en"), info.value.message("sv")
    assert fragment.lower() in en.lower(), en
    assert "Tell IT" in en and "Säg till IT" in sv


def test_an_oversized_file_is_not_read_whole(tmp_path) -> None:
    big = tmp_path / "injurydoc-unit.json"
    with big.open("wb") as f:  # sparse: claims 2 GB
        f.truncate(2 * 1024**3)
    with pytest.raises(UnitError) as info:
        read_connection_file(big)
    assert info.value.code == "unit.file_too_large"
    assert info.value.message("en").startswith("injurydoc-unit.json: ")
    with pytest.raises(UnitError) as info:
        parse_connection_file(b" " * (MAX_FILE_BYTES + 1))
    assert info.value.code == "unit.file_too_large"


def test_a_missing_file_says_so(tmp_path) -> None:
    with pytest.raises(UnitError) as info:
        read_connection_file(tmp_path / "gone.json")
    assert info.value.code == "unit.file_unreadable"


def test_a_file_with_the_issuing_ca_verifies_the_host(tmp_path) -> None:
    ca = make_cert("Region CA").pem.decode()
    s = parse_connection_file(_file(tls={"ca_pem": ca}))
    assert s.ca_pem.startswith("-----BEGIN CERTIFICATE-----") and s.fingerprint == ""
    assert "sslmode=verify-full" in s.conninfo("anna", tmp_path / "root.crt")


def test_a_local_socket_needs_no_certificate() -> None:
    s = parse_connection_file(_file(server={"host": "/run/postgresql"}, tls=None))
    assert s.local_socket and "sslmode" not in s.conninfo("anna")
    with pytest.raises(UnitError):
        parse_connection_file(_file(server={"host": "/run/../etc"}, tls=None))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("db.region.se", ("db.region.se", 5432, "injurydoc")),
        (" db.region.se:6432 ", ("db.region.se", 6432, "injurydoc")),
        ("10.1.2.3/enhet_norr", ("10.1.2.3", 5432, "enhet_norr")),
        ("[2001:db8::5]:5433/injurydoc", ("2001:db8::5", 5433, "injurydoc")),
    ],
)
def test_typed_addresses(text: str, expected: tuple[str, int, str]) -> None:
    s = parse_address(text)
    assert (s.host, s.port, s.dbname) == expected


@pytest.mark.parametrize(
    "text",
    ["", "db region", "db:0", "db:99999", "host=db user=x", "/tmp/socket", "db.se/a/b", "a,b", "db:54x"],
)
def test_bad_addresses_are_refused(text: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_address(text)
    assert info.value.code == "unit.address_invalid"


def test_a_typed_fingerprint_is_normalised_or_refused() -> None:
    s = ConnectionSettings("db.region.test")
    assert with_fingerprint(s, FP.upper()).fingerprint == FP
    assert with_fingerprint(s, format_fingerprint(FP)).fingerprint == FP
    assert with_fingerprint(s, "  ").fingerprint == ""
    with pytest.raises(UnitError):
        with_fingerprint(s, "AB:CD")


# ----- the certificate the server presents --------------------------------------------------------------
def test_the_fingerprint_shown_is_the_servers(tmp_path) -> None:
    cert = make_cert()
    with FakeTlsServer(tmp_path, cert) as srv:
        info = fetch_certificate(ConnectionSettings("127.0.0.1", srv.port))
    assert info is not None
    assert info.sha256 == hashlib.sha256(cert.der).hexdigest()
    assert info.self_signed and "db.region.test" in info.subject
    check_certificate(info, ConnectionSettings("127.0.0.1", srv.port, fingerprint=info.sha256))
    assert format_fingerprint(info.sha256).count(":") == 30


def test_another_certificate_than_it_named_is_refused(tmp_path) -> None:
    with FakeTlsServer(tmp_path, make_cert()) as srv:
        settings = ConnectionSettings("127.0.0.1", srv.port, fingerprint=FP)
        info = fetch_certificate(settings)
    assert info is not None
    with pytest.raises(UnitError) as e:
        check_certificate(info, settings)
    assert e.value.code == "unit.cert_mismatch"
    assert "ABABABAB" in e.value.message("sv") and "fingeravtrycket" in e.value.message("sv")


def test_an_expired_certificate_is_refused(tmp_path) -> None:
    old = make_cert(not_before=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), days=30)
    with FakeTlsServer(tmp_path, old) as srv:
        settings = ConnectionSettings("127.0.0.1", srv.port)
        info = fetch_certificate(settings)
    assert info is not None
    with pytest.raises(UnitError) as e:
        check_certificate(info, settings)
    assert e.value.code == "unit.cert_expired"
    assert "2024-01-31" in e.value.message("en") and "renewed" in e.value.message("en")
    future = make_cert(not_before=dt.datetime.now(dt.UTC) + dt.timedelta(days=10))
    with FakeTlsServer(tmp_path, future) as srv:
        settings = ConnectionSettings("127.0.0.1", srv.port)
        info = fetch_certificate(settings)
    assert info is not None
    with pytest.raises(UnitError) as e:
        check_certificate(info, settings)
    assert e.value.code == "unit.cert_not_yet_valid"


def test_a_server_without_tls_is_refused(tmp_path) -> None:
    with FakeTlsServer(tmp_path, None, tls=False) as srv:
        with pytest.raises(UnitError) as e:
            fetch_certificate(ConnectionSettings("127.0.0.1", srv.port))
    assert e.value.code == "unit.no_tls" and "ssl = on" in e.value.message("en")


def test_nobody_listening_is_a_wrong_address(tmp_path) -> None:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # the port is free: nobody answers
    with pytest.raises(UnitError) as e:
        fetch_certificate(ConnectionSettings("127.0.0.1", port), timeout=2)
    assert e.value.code == "unit.unreachable"
    assert f"127.0.0.1:{port}/injurydoc" in e.value.message("en")
