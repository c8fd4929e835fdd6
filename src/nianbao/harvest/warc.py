"""The fetch itself as evidence: every request and response of a run in one WARC file (warcio).

Each exchange is a ``request`` record and a ``response`` record (status line, headers, body as
received), so anyone can check later what a portal served on the day, redirects and 304 answers
included. The body is stored de-chunked: a Transfer-Encoding header is dropped from the record.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

import httpx

_HOP_BY_HOP = {"transfer-encoding", "connection", "keep-alive"}


class WarcLog:
    def __init__(self, path: Path):
        from warcio.warcwriter import WARCWriter

        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("ab")
        self._writer = WARCWriter(self._file, gzip=str(path).endswith(".gz"))
        self._lock = threading.Lock()

    def record(self, response: httpx.Response, body: bytes) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        request = response.request
        url = str(request.url)
        target = request.url.raw_path.decode("ascii")
        req_headers = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", list(request.headers.items()),
                                       is_http_request=True)
        resp_headers = StatusAndHeaders(f"{response.status_code} {response.reason_phrase}",
                                        [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP_BY_HOP],
                                        protocol="HTTP/1.1")
        with self._lock:
            resp = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                   http_headers=resp_headers)
            req = self._writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                  http_headers=req_headers)
            self._writer.write_request_response_pair(req, resp)

    def close(self) -> None:
        self._file.close()
