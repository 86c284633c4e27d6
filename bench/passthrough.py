"""A bare HTTP pass-through to casework: uvicorn and aiohttp with nothing else.

The floor under the gateway's CPU per proxied request: the same server and client the gateway
uses, without the edge, token, route table, rate limit, span, metrics or problem answers.
Benchmark (c) runs it beside the gateway (``uvicorn passthrough:app --app-dir bench``); it is a
measuring instrument, never deployed.
"""

from __future__ import annotations

import aiohttp
from starlette.types import Message, Receive, Scope, Send

UPSTREAM = "http://127.0.0.1:8002"


class PassThrough:
    def __init__(self) -> None:
        self.session: aiohttp.ClientSession | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        assert self.session is not None
        body = b""
        while True:
            message: Message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope["query_string"].decode("latin-1")
        url = UPSTREAM + scope["raw_path"].decode("latin-1") + (f"?{query}" if query else "")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        async with self.session.request(
            scope["method"],
            url,
            headers=[(k, v) for k, v in headers if k != "host"],
            data=body or None,
            allow_redirects=False,
        ) as answer:
            content = await answer.read()
            await send(
                {
                    "type": "http.response.start",
                    "status": answer.status,
                    "headers": [
                        (k, v)
                        for k, v in answer.raw_headers
                        if k.lower() not in (b"transfer-encoding", b"connection")
                    ],
                }
            )
            await send({"type": "http.response.body", "body": content})

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.session = aiohttp.ClientSession(
                    connector=aiohttp.TCPConnector(limit=200),
                    auto_decompress=False,
                    skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.session is not None:
                    await self.session.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


app = PassThrough()
