"""reportlab writes the project's PDFs with binary streams (``rl_config.useA85 = 0``, set in
``export/report_parts.py`` after its imports): ASCII85 made a 40-photo report take 47 s instead of 0.4 s.
Each case runs in a fresh interpreter, so no other test has set the value first."""

from __future__ import annotations

import subprocess
import sys
import textwrap

WRITE = textwrap.dedent(
    """
    import io
    from PIL import Image as PILImage
    from reportlab import rl_config
    from reportlab.platypus import Image
    {before}
    from injurydoc.export.report_parts import register_fonts
    from injurydoc.services.landscape_pdf import build
    {after}
    register_fonts()
    raw = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 40, 40)).save(raw, "JPEG")
    raw.seek(0)
    pdf = build([Image(raw, width=64, height=48)], title="t", author="a", subject="s", footer="f",
                page_label="{{page}}/{{pages}}")
    print("A85" if b"ASCII85Decode" in pdf else "BINARY", rl_config.useA85)
    """
)


def _run(before: str = "", after: str = "") -> str:
    code = WRITE.format(before=before, after=after)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return out.stdout.strip()


def test_a_pdf_the_project_writes_has_binary_streams() -> None:
    assert _run() == "BINARY 0"


def test_the_setting_holds_when_reportlab_was_imported_before_the_project() -> None:
    # reportlab reads the setting when it writes, so its modules loaded earlier change nothing
    before = "import reportlab.pdfgen.canvas, reportlab.pdfbase.pdfdoc, reportlab.platypus"
    assert _run(before=before) == "BINARY 0"


def test_the_check_sees_ascii85_when_the_setting_is_undone() -> None:
    assert _run(after="rl_config.useA85 = 1") == "A85 1"


def test_importing_the_report_sets_it() -> None:
    code = "import injurydoc.export.report; from reportlab import rl_config; print(rl_config.useA85)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "0"
