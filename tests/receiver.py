"""A receiving side for the upload tests: a real HTTP server on 127.0.0.1 (stdlib, in a thread)
that answers as the README's contract says, misbehaves on cue, and keeps what it received by
Idempotency-Key."""
from __future__ import annotations

import threading
import time
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """`plan`: what to do with the first requests, in order ('500', '429' (Retry-After: 1),
    'slow' (store it, then answer after `slow_s`), 'hold' (store it, answer after `slow_s`),
    'drop' (close without an answer), '400' (reject)); after the plan, accept."""

    def __init__(self, plan: list[str] | None = None, slow_s: float = 2.5):
        self.plan = list(plan or [])
        self.slow_s = slow_s
        self.lock = threading.Lock()
        self.received: dict[str, list[dict]] = {}  # key -> deliveries stored: {record, pdf, ...}
        self.log: list[dict] = []  # every request: time, action, key, authorization
        self.stored = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                receiver._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/records"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def count(self) -> int:
        with self.lock:
            return sum(len(v) for v in self.received.values())

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("Content-Length", 0)))
        key = h.headers.get("Idempotency-Key")
        with self.lock:
            action = self.plan.pop(0) if self.plan else "ok"
            self.log.append({"at": time.monotonic(), "action": action, "key": key,
                             "authorization": h.headers.get("Authorization")})
        if action == "drop":
            h.close_connection = True
            return  # no status line at all: the client sees the connection closed
        if action in ("500", "429", "400"):
            h.send_response(int(action), "test")
            message = b'{"error": "record refused: test rejection"}' if action == "400" else b"try later"
            if action == "429":
                h.send_header("Retry-After", "1")
            h.send_header("Content-Length", str(len(message)))
            h.end_headers()
            h.wfile.write(message)
            return
        parts = _multipart(h.headers.get("Content-Type", ""), body)
        with self.lock:
            self.received.setdefault(key, []).append({"record": parts["record"], "pdf": parts["pdf"]})
        self.stored.set()
        if action in ("slow", "hold"):
            time.sleep(self.slow_s)
        answer = b'{"status": "received"}'
        try:
            h.send_response(201)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(answer)))
            h.end_headers()
            h.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out) or was killed
            pass


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str, bytes]]:
    msg = BytesParser(policy=policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body)
    return {p.get_param("name", header="content-disposition"): (p.get_content_type(), p.get_payload(decode=True))
            for p in msg.iter_parts()}
