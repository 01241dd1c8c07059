"""PAdES signature of the report (pyHanko) and the detached CMS signature of the manifest."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass

from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.stamp import StaticStampStyle

from .identity import SignerIdentity

log = logging.getLogger(__name__)

FIELD_NAME = "Undersokarens_signatur"


def timestamper_for(url: str | None, timeout: float = 8.0) -> TimeStamper | None:
    """A timestamp client for ``url`` if one answers a test request now; ``None`` otherwise."""
    if not url:
        return None
    ts = HTTPTimeStamper(url, timeout=timeout)
    try:
        asyncio.run(ts.async_timestamp(hashlib.sha256(b"injurydoc probe").digest(), "sha256"))
    except Exception as exc:
        log.info("timestamp service not usable: %s", type(exc).__name__)
        return None
    return ts


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    timestamped: bool


def sign_pdf(
    pdf: bytes,
    ident: SignerIdentity,
    *,
    page: int,
    box: tuple[float, float, float, float],
    reason: str,
    location: str,
    timestamper: TimeStamper | None = None,
    attachments: dict[str, bytes] | None = None,
) -> SignedPdf:
    """PAdES baseline B-B (B-T with a timestamper) over the whole file, with a visible stamp.

    ``attachments`` are embedded as files in the same (signed) revision, e.g. the machine-readable
    photo log that the verifier compares with the package's photos.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, data in (attachments or {}).items():
        embed.embed_file(
            writer,
            embed.FileSpec(
                file_spec_string=name,
                file_name=name,
                embedded_data=embed.EmbeddedFileObject.from_file_data(
                    writer, data, mime_type="application/json"
                ),
                description="injurydoc machine-readable photo log",
            ),
        )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=ident.display_name,
    )
    # The block's text is part of the signed page itself (the report's embedded font); the widget's
    # own appearance is left empty so that no unembedded font enters the file.
    style = StaticStampStyle(border_width=0, background=None)
    box_int = (int(box[0]), int(box[1]), int(box[2]), int(box[3]))
    pdf_signer = signers.PdfSigner(
        meta,
        signer=ident.signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=page, box=box_int),
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return SignedPdf(pdf=out.getvalue(), timestamped=timestamper is not None)


def sign_detached(data: bytes, ident: SignerIdentity) -> bytes:
    """A detached CMS (PKCS#7) signature of ``data`` in DER, as ``openssl cms -verify`` expects."""
    content_info = asyncio.run(ident.signer.async_sign_general_data(data, "sha256", detached=True))
    return bytes(content_info.dump())
