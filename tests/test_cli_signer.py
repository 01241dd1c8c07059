"""`injurydoc signer`: key request for the organisation's CA, certificate import, then a trusted export."""

import io

from cryptography.hazmat.primitives import serialization

from injurydoc.cli import main

from .conftest import PASSWORD
from .helpers.certs import issue_certificate, make_ca
from .helpers.export_cases import documented_case


def run(args, stdin=PASSWORD + "\n"):
    out = io.StringIO()
    rc = main(args, stdin=io.StringIO(stdin), stdout=out, stderr=out)
    return rc, out.getvalue()


def test_request_import_export_verify(store, tmp_path):
    s, e = documented_case(store, tmp_path)
    s.close()
    base = ["--store", str(store.folder), "--user", "anna", "--password-stdin", "--lang", "en"]
    rc, text = run(["signer", "status", *base])
    assert rc == 0 and "No signing key" in text
    rc, text = run(["signer", "request", *base, "--out", str(tmp_path / "anna.csr")])
    assert rc == 0 and "hand it to your CA" in text
    rc, text = run(["signer", "status", *base])
    assert "Waiting for the certificate" in text
    ca_key, ca_cert = make_ca()
    (tmp_path / "chain.pem").write_bytes(
        issue_certificate(ca_key, ca_cert, (tmp_path / "anna.csr").read_text())
    )
    rc, text = run(["signer", "import", *base, "--cert", str(tmp_path / "chain.pem")])
    assert rc == 0 and "Test Region CA" in text
    rc, text = run(
        ["export", *base, "--examination", e.id, "--legal-basis", "consent", "--out", str(tmp_path / "p.zip")]
    )
    assert rc == 0, text
    (tmp_path / "ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    rc, text = run(["verify", str(tmp_path / "p.zip"), "--trust", str(tmp_path / "ca.pem"), "--lang", "en"])
    assert rc == 0 and "every check passed" in text
    # a wrong certificate file is refused with a message, not a traceback
    (tmp_path / "junk.pem").write_text("not a certificate")
    rc, text = run(["signer", "import", *base, "--cert", str(tmp_path / "junk.pem")])
    assert rc == 1 and "no readable certificate" in text and "Traceback" not in text
