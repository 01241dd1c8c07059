"""A stand-in for a PostgreSQL server's TLS start on a loopback port: answers the ``SSLRequest`` with ``S``
(or ``N``) and completes a TLS handshake with a certificate made by the test (valid, expired, not yet
valid).  Enough to show the fingerprint and the certificate checks, without a real server with TLS."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class TestCert:
    pem: bytes
    key_pem: bytes
    der: bytes


def make_cert(
    cn: str = "db.region.test", *, not_before: dt.datetime | None = None, days: int = 365
) -> TestCert:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return TestCert(
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        cert.public_bytes(serialization.Encoding.DER),
    )


class FakeTlsServer:
    """Serves connections on 127.0.0.1 until closed; ``tls=False`` answers ``N`` (no TLS)."""

    def __init__(self, folder: Path, cert: TestCert | None, *, tls: bool = True) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.tls = tls
        self.context: ssl.SSLContext | None = None
        if cert is not None:
            (folder / "cert.pem").write_bytes(cert.pem)
            (folder / "key.pem").write_bytes(cert.key_pem)
            self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.settimeout(5)
                    conn.recv(8)
                    if not self.tls or self.context is None:
                        conn.sendall(b"N")
                        continue
                    conn.sendall(b"S")
                    with self.context.wrap_socket(conn, server_side=True) as tls:
                        tls.recv(1)
                except (OSError, ssl.SSLError):
                    continue

    def close(self) -> None:
        self._stop = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.sock.close()
        self.thread.join(5)

    def __enter__(self) -> FakeTlsServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
