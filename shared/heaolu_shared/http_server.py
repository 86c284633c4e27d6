"""uvicorn's HTTP protocol, answering a request it cannot parse as every other refusal is answered.

A request whose framing is broken (a ``Content-Length`` that is not a number, a header line
without a colon) never reaches the application: uvicorn's parser refuses it and answers
``400`` in plain text. :class:`ProblemHttpToolsProtocol` answers the same refusal with the
project's ``application/problem+json`` body (RFC 9457), in the default language (the request's
``Accept-Language`` was never read), and closes the connection as uvicorn does.
"""

from __future__ import annotations

from functools import cache

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from heaolu_shared.errors import MALFORMED_REQUEST, status_problem


@cache
def malformed_answer() -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The headers and body of the problem answer to a request that is not HTTP."""
    response = status_problem(400, MALFORMED_REQUEST, headers={"Cache-Control": "no-store"})
    return list(response.raw_headers), bytes(response.body)


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; a request it cannot parse gets a problem+json ``400``."""

    def send_400_response(self, msg: str) -> None:
        headers, body = malformed_answer()
        content = [STATUS_LINE[400]]
        for name, value in [*self.server_state.default_headers, *headers]:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend([b"connection: close\r\n", b"\r\n", body])
        self.transport.write(b"".join(content))
        self.transport.close()
