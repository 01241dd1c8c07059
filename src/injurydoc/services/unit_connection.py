"""Connecting a workstation to the unit's server: the address or IT's connection file, the server's TLS
certificate shown for a person to compare, and the account's first sign-in on the server.

Everything a person can get wrong here, or IT can have set up wrong, becomes a :class:`UnitError` whose
message says in plain Swedish or English what happened and **what to tell IT** — never a DSN with a
password, never a traceback.

The connection file ``injurydoc-unit.json`` (its format is in docs/deployment.md) comes from outside: it
is read bounded (:data:`MAX_FILE_BYTES`), parsed strictly
(:func:`~injurydoc.domain.untrusted_json.loads_strict`) and every field is checked; unknown fields are
refused, so a file cannot smuggle in libpq options (``sslmode=disable``, a second host, a password).

The server's certificate is fetched with PostgreSQL's own ``SSLRequest`` handshake (the first 8 bytes any
libpq client sends), so the fingerprint shown is the one the server presents on its PostgreSQL port.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import re
import socket
import ssl
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from injurydoc.domain.errors import Both, KnownError, Lang, fill
from injurydoc.domain.texts import TEXTS, template, text
from injurydoc.domain.untrusted_json import JsonRefused, loads_strict

__all__ = [
    "CONNECTION_FILE_NAME",
    "MAX_FILE_BYTES",
    "CertificateInfo",
    "ConnectionSettings",
    "UnitError",
    "check_certificate",
    "fetch_certificate",
    "format_fingerprint",
    "normalise_unit_key",
    "parse_address",
    "parse_connection_file",
    "read_connection_file",
    "with_unit_key",
]

CONNECTION_FILE_NAME: Final = "injurydoc-unit.json"
#: A real connection file is well under 4 KiB even with a CA certificate in it.
MAX_FILE_BYTES: Final = 64 * 1024
DEFAULT_PORT: Final = 5432
DEFAULT_DBNAME: Final = "injurydoc"
TIMEOUT_S: Final = 8.0
_SSL_REQUEST: Final = struct.pack("!ii", 8, 80877103)


class UnitError(KnownError):
    """Connecting to the unit's server failed in a way a person can act on (``unit.*`` codes)."""

    def __init__(self, code: str, **params: object) -> None:
        if _key(code) not in TEXTS:
            raise KeyError(code)
        self.code = code
        self.params = params
        Exception.__init__(self, self.message("en"))

    def message(self, lang: Lang = "sv") -> str:
        return self._named(fill(template(_key(self.code), lang), self.params, lang))


def _key(code: str) -> str:
    """The catalogue key of a ``unit.<name>`` code: ``unit_error.<name>`` (domain/texts.py)."""
    return "unit_error." + code.removeprefix("unit.")


# ----- settings -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConnectionSettings:
    """Where the unit's server is and what its certificate should be.  Holds no user and no password."""

    host: str
    port: int = DEFAULT_PORT
    dbname: str = DEFAULT_DBNAME
    unit_name: str = ""
    #: SHA-256 of the server certificate (64 hex digits, lower case), from IT; "" when not given
    fingerprint: str = ""
    #: the CA that issued the server certificate (PEM), from IT's file; "" when not given
    ca_pem: str = ""
    #: whom to call (from the file), shown next to every message that says "tell IT"
    contact: str = ""
    #: the unit key's fingerprint (``ABCD-…``, 8 groups of 4), from the file or the manager's paper; the
    #: workstation pins the server's unit key only when it is this one (sync/unit_key.py); "": first use
    unit_key: str = ""

    @property
    def local_socket(self) -> bool:
        """A Unix socket folder on this machine (IT's own tests, a one-machine unit): no TLS there."""
        return self.host.startswith("/")

    @property
    def label(self) -> str:
        """``host:port/dbname`` as people write it (what a message names)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/{self.dbname}"

    def conninfo(self, user: str, root_cert: Path | None = None) -> str:
        """A libpq connection string for ``user`` (no password).  Over TCP TLS is required; with IT's CA
        (or a self-signed certificate pinned at set-up, saved as ``root_cert``) it is verified too."""
        from psycopg.conninfo import make_conninfo

        params: dict[str, Any] = {"host": self.host, "port": self.port, "dbname": self.dbname, "user": user}
        if not self.local_socket:
            if root_cert is not None:
                params["sslmode"] = "verify-full" if self.ca_pem else "verify-ca"
                params["sslrootcert"] = str(root_cert)
            else:
                params["sslmode"] = "require"
        return make_conninfo(**params)


_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$"
)
_DBNAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")
_SOCKET_DIR = re.compile(r"^/[A-Za-z0-9_./-]{0,200}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _host_ok(host: str) -> bool:
    if _SOCKET_DIR.match(host) and ".." not in host:
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOSTNAME.match(host))


def normalise_fingerprint(text: str) -> str | None:
    """64 hex digits, lower case, from a fingerprint written with or without colons or spaces; None when
    it is not one."""
    cleaned = re.sub(r"[\s:]", "", text).lower()
    return cleaned if _HEX64.match(cleaned) else None


def normalise_unit_key(text: str) -> str | None:
    """A unit key's fingerprint (32 hex digits, with or without dashes or spaces) as the program writes
    it, ``ABCD-EF01-…``; None when it is not one."""
    cleaned = re.sub(r"[\s:-]", "", text).upper()
    if not re.match(r"^[0-9A-F]{32}$", cleaned):
        return None
    return "-".join(cleaned[i : i + 4] for i in range(0, 32, 4))


def with_unit_key(settings: ConnectionSettings, typed: str) -> ConnectionSettings:
    """The settings with a unit key's fingerprint a person typed from the manager's paper (none when
    left empty: the file's, if any, stays)."""
    if not typed.strip():
        return settings
    found = normalise_unit_key(typed)
    if found is None:
        raise _refuse("unit_file.unit_key")
    return replace(settings, unit_key=found)


def format_fingerprint(hex64: str) -> str:
    """``AB:CD:…`` in two lines of 16 pairs, as people compare it with what IT shows."""
    pairs = [hex64[i : i + 2].upper() for i in range(0, len(hex64), 2)]
    return ":".join(pairs[:16]) + "\n" + ":".join(pairs[16:])


def parse_address(text: str) -> ConnectionSettings:
    """``host``, ``host:port``, ``host/dbname``, ``host:port/dbname`` (IPv6 in brackets)."""
    text = text.strip()
    m = re.match(r"^(\[[0-9A-Fa-f:.]+\]|[^:/\s\[\]]+)(?::(\d{1,5}))?(?:/([^/\s]+))?$", text)
    if not m:
        raise UnitError("unit.address_invalid")
    host = m.group(1).strip("[]")
    port = int(m.group(2)) if m.group(2) else DEFAULT_PORT
    dbname = m.group(3) or DEFAULT_DBNAME
    if not _host_ok(host) or host.startswith("/") or not 1 <= port <= 65535 or not _DBNAME.match(dbname):
        raise UnitError("unit.address_invalid")
    return ConnectionSettings(host=host, port=port, dbname=dbname)


# ----- the connection file ----------------------------------------------------------------------------------
_FILE_KEYS: Final = frozenset({"format", "version", "unit", "server", "tls", "contact", "unit_key"})
_SERVER_KEYS: Final = frozenset({"host", "port", "dbname"})
_TLS_KEYS: Final = frozenset({"sha256", "ca_pem"})


def _refuse(key: str, **fmt: object) -> UnitError:
    """``unit.file_invalid`` with the reason ``key`` (a ``unit_file.*`` text) in both languages."""
    return UnitError("unit.file_invalid", reason=Both(text(key, "sv", **fmt), text(key, "en", **fmt)))


def _text(value: object, name: str, limit: int, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if (
        not isinstance(value, str)
        or _CONTROL.search(value)
        or len(value) > limit
        or (required and not value.strip())
    ):
        raise _refuse("unit_file.not_text", name=name, limit=limit)
    return value.strip()


def _object(value: object, name: str, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _refuse("unit_file.not_object", name=name)
    unknown = sorted(set(value) - keys)
    if unknown:
        shown = ", ".join(k[:30] for k in unknown[:3])
        raise _refuse("unit_file.unknown_fields", name=name, shown=shown)
    return value


def parse_connection_file(data: bytes) -> ConnectionSettings:
    """The settings in a connection file's bytes, or :class:`UnitError` saying what is wrong with it."""
    if len(data) > MAX_FILE_BYTES:
        raise UnitError("unit.file_too_large", limit=MAX_FILE_BYTES)
    try:
        doc = loads_strict(data)
    except JsonRefused as exc:
        raise UnitError("unit.file_invalid", reason=exc.reason) from None
    doc = _object(doc, "injurydoc-unit.json", _FILE_KEYS)
    if doc.get("format") != "injurydoc-unit":
        raise _refuse("unit_file.format")
    if doc.get("version") != 1 or isinstance(doc.get("version"), bool):
        raise _refuse("unit_file.version")
    server = _object(doc.get("server"), "server", _SERVER_KEYS)
    host = _text(server.get("host"), "server.host", 253, required=True)
    if not _host_ok(host):
        raise _refuse("unit_file.host")
    port = server.get("port", DEFAULT_PORT)
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise _refuse("unit_file.port")
    dbname = _text(server.get("dbname", DEFAULT_DBNAME), "server.dbname", 63, required=True)
    if not _DBNAME.match(dbname):
        raise _refuse("unit_file.dbname")
    tls = _object(doc.get("tls", {}), "tls", _TLS_KEYS)
    fingerprint = ""
    if "sha256" in tls:
        found = normalise_fingerprint(_text(tls["sha256"], "tls.sha256", 200))
        if found is None:
            raise _refuse("unit_file.sha256")
        fingerprint = found
    ca_pem = _ca_pem(tls.get("ca_pem"))
    unit_key = ""
    if "unit_key" in doc:
        found_key = normalise_unit_key(_text(doc["unit_key"], "unit_key", 200))
        if found_key is None:
            raise _refuse("unit_file.unit_key")
        unit_key = found_key
    settings = ConnectionSettings(
        host=host,
        port=port,
        dbname=dbname,
        unit_name=_text(doc.get("unit"), "unit", 200),
        fingerprint=fingerprint,
        ca_pem=ca_pem,
        contact=_text(doc.get("contact"), "contact", 200),
        unit_key=unit_key,
    )
    if not settings.local_socket and not (fingerprint or ca_pem):
        raise _refuse("unit_file.no_certificate")
    return settings


def _ca_pem(value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 32 * 1024:
        raise _refuse("unit_file.ca_pem")
    from cryptography import x509

    try:
        certs = x509.load_pem_x509_certificates(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        certs = []
    if not certs or len(certs) > 4:
        raise _refuse("unit_file.ca_pem")
    return value.strip() + "\n"


def read_connection_file(path: Path) -> ConnectionSettings:
    """Read IT's connection file: at most :data:`MAX_FILE_BYTES` are read, whatever the file claims."""
    name = path.name[:80]
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        unknown = Both(text("unit_file.unknown_error", "sv"), text("unit_file.unknown_error", "en"))
        reason = Both(exc.strerror, exc.strerror) if exc.strerror else unknown
        raise UnitError("unit.file_unreadable", reason=reason).in_file(name) from None
    try:
        return parse_connection_file(data)
    except UnitError as exc:
        raise exc.in_file(name) from None


def with_fingerprint(settings: ConnectionSettings, typed: str) -> ConnectionSettings:
    """The settings with a fingerprint a person typed from IT's paper (or none when left empty)."""
    if not typed.strip():
        return replace(settings, fingerprint="")
    found = normalise_fingerprint(typed)
    if found is None:
        raise _refuse("unit_file.fingerprint_typed")
    return replace(settings, fingerprint=found)


# ----- the server's certificate ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificateInfo:
    """The certificate the server presented: what a person compares, and when it is valid."""

    sha256: str
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    self_signed: bool
    der: bytes

    @property
    def pem(self) -> str:
        return ssl.DER_cert_to_PEM_cert(self.der)


def certificate_info(der: bytes, server: str) -> CertificateInfo:
    from cryptography import x509

    try:
        cert = x509.load_der_x509_certificate(der)
        subject, issuer = cert.subject.rfc4514_string(), cert.issuer.rfc4514_string()
        return CertificateInfo(
            sha256=hashlib.sha256(der).hexdigest(),
            subject=_CONTROL.sub("", subject)[:200],
            issuer=_CONTROL.sub("", issuer)[:200],
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            self_signed=cert.subject == cert.issuer,
            der=der,
        )
    except ValueError:
        raise UnitError("unit.cert_unreadable", server=server) from None


def fetch_certificate(settings: ConnectionSettings, timeout: float = TIMEOUT_S) -> CertificateInfo | None:
    """The certificate the server presents on its PostgreSQL port (``SSLRequest``, then a TLS handshake
    that verifies nothing: the point is to show it).  None for a local socket, which has no TLS."""
    if settings.local_socket:
        return None
    server = settings.label
    try:
        with socket.create_connection((settings.host, settings.port), timeout=timeout) as raw:
            raw.sendall(_SSL_REQUEST)
            answer = raw.recv(1)
            if answer != b"S":
                raise UnitError("unit.no_tls", server=server)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            with context.wrap_socket(raw, server_hostname=_sni(settings.host)) as tls:
                der = tls.getpeercert(binary_form=True)
    except UnitError:
        raise
    except ssl.SSLError:
        raise UnitError("unit.cert_unreadable", server=server) from None
    except OSError:
        raise UnitError("unit.unreachable", server=server) from None
    if not der:
        raise UnitError("unit.cert_unreadable", server=server)
    return certificate_info(der, server)


def _sni(host: str) -> str | None:
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return host


def check_certificate(
    cert: CertificateInfo, settings: ConnectionSettings, now: dt.datetime | None = None
) -> None:
    """Refuse an expired, not yet valid, or other certificate than the one IT named."""
    now = now or dt.datetime.now(dt.UTC)
    server = settings.label
    if now > cert.not_after:
        raise UnitError("unit.cert_expired", date=cert.not_after.date().isoformat(), server=server)
    if now < cert.not_before:
        raise UnitError("unit.cert_not_yet_valid", date=cert.not_before.date().isoformat(), server=server)
    if settings.fingerprint and settings.fingerprint != cert.sha256:
        raise UnitError(
            "unit.cert_mismatch",
            expected=settings.fingerprint[:16].upper() + "…",
            found=cert.sha256[:16].upper() + "…",
            server=server,
        )
