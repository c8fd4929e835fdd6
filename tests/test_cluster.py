"""`nianbao build --scheduler ADDRESS` on a real Dask cluster: a scheduler and two worker processes
started with the `dask` command line on 127.0.0.1, as on a cluster of machines. The build must
equal a local build byte for byte (build/, extractions/, datapackage.json), OCR included."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nianbao import cli

from .conftest import CORPUS
from .scans import FONT

pytest.importorskip("distributed")
DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def scheduler(tmp_path):
    """A scheduler and two single-threaded worker processes, stopped after the test."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = (tmp_path / "scheduler.log").open("w"), (tmp_path / "workers.log").open("w")
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=logs[0], stderr=subprocess.STDOUT)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        procs.append(subprocess.Popen([str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--host", "127.0.0.1", "--no-dashboard"],
                                      stdout=logs[1], stderr=subprocess.STDOUT))
        from dask.distributed import Client
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()


def picture(path: Path) -> Path:
    """A photographed first page: the title and two lines, for OCR on the workers."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (1400, 420), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for y, text in ((60, "石门乡人民政府2020年政府信息公开工作年度报告"),
                    (180, "本年度共收到政府信息公开申请0件。"),
                    (260, "南召县石门乡人民政府  2021年1月20日")):
        draw.text((80, y), text, fill="black", font=font)
    img.rotate(0.5, fillcolor="white").save(path, "JPEG", quality=90)
    return path


def files(root: Path) -> dict[str, bytes]:
    paths = [root / "datapackage.json", *(root / "build").rglob("*"), *(root / "extractions").rglob("*")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def test_build_on_a_dask_cluster_equals_a_local_build(scheduler, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    picture(corpus / "scan.jpg")
    (corpus / "empty.txt").write_bytes(b"")       # an error row must come back the same too
    assert cli.main(["build", str(corpus), "--out", str(tmp_path / "cluster"), "--scheduler", scheduler]) == 0
    assert cli.main(["build", str(corpus), "--out", str(tmp_path / "local"), "-j", "1"]) == 0
    here, there = files(tmp_path / "local"), files(tmp_path / "cluster")
    assert sorted(there) == sorted(here)
    assert [name for name in here if here[name] != there[name]] == []
    scanned = [name for name in here if name.startswith("extractions/") and b'"scan.jpg"' in here[name]]
    assert len(scanned) == 1 and b'"format": "image"' in here[scanned[0]]
    assert '"status": "ocr"'.encode() in here[scanned[0]]    # 申请0件, read on a worker by OCR


def test_unreachable_scheduler_is_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit, match="cannot reach the Dask scheduler"):
        cli.main(["build", str(CORPUS), "--out", str(tmp_path), "--scheduler", f"tcp://127.0.0.1:{free_port()}"])
