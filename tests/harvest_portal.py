"""The fixture portal for tests/test_harvest.py: an HTTP server on 127.0.0.1 in the test process.

Each path answers as its Route says: a page with an ETag and a Last-Modified (and 304 to a
conditional request that matches), a redirect, failures before the real answer (500, 429 with
Retry-After), a wait longer than the client's timeout, or an endless body. The server logs every
request as it arrives, and how many were in flight at once, so a test can tell what the harvest
asked for, when, and whether it was polite.
"""

from __future__ import annotations

import hashlib
import string
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import render
from .conftest import CORPUS

FIXTURES = Path(__file__).parent / "harvest_fixtures"
STEMS = {"000": "000_8fd5f38ae061f3c2", "001": "001_0c686d7f689649a3", "002": "002_623967a19d51db49",
         "003": "003_ae53f9282b2209bb", "004": "004_f375f0e851984426"}
LAST_MODIFIED = "Wed, 20 Jan 2021 02:00:00 GMT"
PDF_URL = "/uploads/download?fileid=P020220110_003"
# --- the fixture portal -----------------------------------------------------------------------

@dataclass
class Route:
    body: bytes = b""
    type: str = "text/html; charset=utf-8"
    etag: bool = True
    last_modified: bool = True
    redirect: str | None = None
    first: list[tuple[int, dict]] = field(default_factory=list)   # answers given before the real one
    sleep: float = 0.0
    stream: int = 0                     # bytes sent with no Content-Length (a response too large)


class Portal(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Route]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.log: list[dict] = []
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def requests(self, path: str) -> list[dict]:
        return [e for e in self.log if e["path"] == path]


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        site: Portal = self.server
        route = site.routes.get(self.path)
        entry = {"path": self.path, "time": time.monotonic(), "agent": self.headers.get("User-Agent", ""),
                 "conditional": bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))}
        # in flight: from arrival to the last write (a slow or endless answer is left out: the client
        # has given up on it while the server still writes)
        self.counted = not (route and (route.sleep or route.stream))
        with site.lock:
            site.log.append(entry)   # as it arrives: a slow answer may still be under way at the end
            site.in_flight += self.counted
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
            first = route.first.pop(0) if route and route.first else None
        try:
            entry["status"] = self._answer(route, first)
        except (BrokenPipeError, ConnectionResetError):
            entry["status"] = "dropped"
        finally:
            self._landed()

    def _landed(self) -> None:
        with self.server.lock:
            self.server.in_flight -= self.counted
            self.counted = False

    def _answer(self, route: Route | None, first) -> int:
        if route is None:
            return self._send(404, b"<html><body>404 Not Found</body></html>")
        if first:
            return self._send(first[0], b"busy", first[1])
        if route.sleep:
            time.sleep(route.sleep)
        if route.redirect:
            return self._send(301, b"", {"Location": route.redirect})
        if route.stream:
            self.send_response(200)
            self.send_header("Content-Type", route.type)
            self.end_headers()
            for _ in range(route.stream // 65536):
                self.wfile.write(b"x" * 65536)
            return 200
        headers = {"Content-Type": route.type}
        etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
        if route.etag:
            headers["ETag"] = etag
        if route.last_modified:
            headers["Last-Modified"] = LAST_MODIFIED
        asked = self.headers.get("If-None-Match")   # when given, If-Modified-Since is ignored (RFC 9110)
        if (route.etag and asked == etag) or (
                asked is None and route.last_modified and self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            return self._send(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"})
        return self._send(200, route.body, headers)

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> int:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self._landed()          # before the headers go: with an empty body they end the answer, and the
        self.end_headers()      # client's next request may arrive before this thread runs again
        self.wfile.write(body)
        return status


def serve(routes: dict[str, Route]) -> Portal:
    portal = Portal(routes)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    return portal


def article(stem: str, *, meta: str, index_number: str, publisher: str, date: str) -> str:
    """A report as the body of the fixture portal's article page (article.html)."""
    title, body = render.html_body(render.parse((CORPUS / f"{stem}.txt").read_text(encoding="utf-8")))
    template = string.Template((FIXTURES / "article.html").read_text(encoding="utf-8"))
    return template.substitute(meta=meta, title=title, body=body, index_number=index_number,
                               publisher=publisher, date=date)


def routes(rendered: Path) -> dict[str, Route]:
    """The portal: its pages, with the sample reports rendered into them (``rendered``: the
    session's rendered samples, for the PDF LibreOffice printed)."""
    import opencc

    utf8 = '<meta charset="utf-8">\n'
    big5 = opencc.OpenCC("s2t").convert(article(STEMS["004"], meta="", index_number="007218457/2021-00003",
                                               publisher="城月鎮人民政府", date="2021-01-30"))
    return {
        "/robots.txt": Route((FIXTURES / "robots.txt").read_bytes(), "text/plain"),
        "/nbzl/index.html": Route((FIXTURES / "nbzl" / "index.html").read_bytes()),
        "/nbzl/index_1.html": Route((FIXTURES / "nbzl" / "index_1.html").read_bytes()),
        "/xxgk/2021/t20210120_000.html": Route(article(
            STEMS["000"], meta=utf8, index_number="11350424003711279T/2021-00012", publisher="宁化县曹坊镇人民政府",
            date="2021-01-19").encode("utf-8")),
        "/xxgk/2021/t20210125_002.html": Route(render.to_html(render.parse(
            (CORPUS / f"{STEMS['002']}.txt").read_text(encoding="utf-8")), charset="gbk"),
            "text/html; charset=ISO-8859-1", etag=False),
        "/old/shimen.html": Route(redirect="/xxgk/2021/t20210301_001.html"),
        "/xxgk/2021/t20210301_001.html": Route(article(
            STEMS["001"], meta=utf8, index_number="411321-09/2021-0001", publisher="南召县石门乡人民政府",
            date="2021年03月01日").encode("utf-8"), "text/html", first=[(500, {})]),
        "/xxgk/2021/t20210130_004.html": Route(big5.encode("cp950", errors="xmlcharrefreplace"), "text/html",
                                               last_modified=False, first=[(429, {"Retry-After": "1"})]),
        "/xxgk/2022/t20220110_003.html": Route((FIXTURES / "link_page.html").read_bytes()),
        PDF_URL: Route((rendered / "pdf" / f"{STEMS['003']}.pdf").read_bytes(), "application/pdf"),
        "/xxgk/slow.html": Route(b"<html>late</html>", sleep=5),      # past the tests' 2 s timeout
        "/xxgk/huge.html": Route(stream=3 * 2**20),
        "/private/t20210101_9.html": Route(b"<html>draft</html>"),
        "/zwgk/guide.pdf": Route(b"%PDF-1.4 guide", "application/pdf"),      # chrome: never fetched
        "/download/contacts.xls": Route(b"xls", "application/vnd.ms-excel"),
    }


REPORT_PAGES = {"000": "/xxgk/2021/t20210120_000.html", "002": "/xxgk/2021/t20210125_002.html",
                "001": "/old/shimen.html", "004": "/xxgk/2021/t20210130_004.html", "003": PDF_URL}
FINAL = {"001": "/xxgk/2021/t20210301_001.html"}
