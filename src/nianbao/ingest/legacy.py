"""Old Word (.doc), WPS (.wps) and RTF reports: converted to .docx by LibreOffice, then read as DOCX.

Many township reports are still published as Word 97-2003 files. No maintained pure-Python
reader handles their tables, so conversion is delegated to LibreOffice when it is installed
(Debian: libreoffice-writer-nogui), in a temporary folder with a private profile so that
parallel runs never share state, and with a time limit. Without LibreOffice the file is not
skipped silently: it fails with a reason saying what to do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .document import IngestError, Line
from .limits import LIMITS, Limits

TIMEOUT = 180  # seconds; a first start of LibreOffice takes a few


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str = ".doc") -> bytes:
    """The .docx LibreOffice makes of ``data`` (a .doc, .wps or .rtf file)."""
    exe = soffice()
    if exe is None:
        raise IngestError("unsupported: convert .doc to .docx (LibreOffice, which would convert it, "
                          "is not installed)")
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        folder = Path(tmp)
        source = folder / f"report{suffix}"
        source.write_bytes(data)
        profile = folder / "profile"
        # its own process group, killed whole however the wait ends: 'soffice' starts the converter
        # (soffice.bin) as a child of its own, which killing 'soffice' alone left running, orphaned
        proc = subprocess.Popen([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
                                 str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "HOME": str(folder)}, start_new_session=True)
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise IngestError(f"LibreOffice did not convert the Word file within {TIMEOUT} s") from None
        finally:                # also when the worker's own time budget interrupts the wait
            _kill_group(proc)
        out = folder / "out" / "report.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise IngestError("LibreOffice could not convert the old Word file (damaged, encrypted, or "
                              "not a Word file)")
        return out.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)     # its group's id is its own (start_new_session)
    except (ProcessLookupError, PermissionError):
        pass                                    # the group has ended
    proc.wait()


def read_legacy_word(data: bytes, limits: Limits = LIMITS) -> list[Line]:
    from .word import read_docx

    suffix = ".rtf" if data.lstrip()[:5].lower() == b"{\\rtf" else ".doc"
    return read_docx(to_docx(data, suffix), limits)
