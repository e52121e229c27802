"""`digitize serve`: the review queue as a local web page (Flask, everything bundled, no CDN).

Same store functions as the terminal review (digitize/review.py). Guards, since the page
shows personal data and writes the store:
- bound to 127.0.0.1 unless a token is given; with a token, every request must carry it
  (Authorization: Bearer, or the cookie set when the page is opened with ?token=);
- on loopback without a token, only Host headers naming loopback are served (DNS rebinding);
- writes are JSON POSTs whose Origin, when sent, is this server (no cross-site form posts).
"""
from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets

from flask import (Flask, Response, abort, current_app, g, jsonify, redirect, render_template, request,
                   session)

from .. import pageview, review, store
from ..config import Settings

COOKIE = "digitize_token"
PAGE_WIDTH = 1800  # pixels of the page image sent: still sharp when zoomed to twice a narrow column
MAX_NAME = 60  # characters of a reviewer's name


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(db_path: str, settings: Settings, reviewer: str = "", token: str | None = None,
               loopback: bool = True) -> Flask:
    """`reviewer`: the name recorded for a browser that has not given its own (serve
    --reviewer, for one person on their own machine); empty: each browser is asked once."""
    app = Flask(__name__)
    app.config.update(DB=db_path, SETTINGS=settings, REVIEWER=reviewer, TOKEN=token, LOOPBACK=loopback,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    app.secret_key = secrets.token_bytes(32)  # sessions last as long as the server

    @app.before_request
    def guard():
        if token:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() \
                or request.cookies.get(COOKIE, "") or request.args.get("token", "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                abort(401)
        elif loopback and not is_loopback(request.host.rsplit(":", 1)[0]):
            abort(400)  # a page on another site resolved its name to 127.0.0.1
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if not request.is_json or (origin and origin.split("://", 1)[-1] != request.host):
                abort(403)

    @app.errorhandler(401)
    def needs_token(_e):
        host = request.host
        return Response(
            "<!doctype html><meta charset=utf-8><title>digitize review: token needed</title>"
            "<h1>This review page needs its token</h1><p>Open it once as "
            f"<code>http://{host}/?token=YOUR_TOKEN</code>, with the token given to "
            "<code>digitize serve --token</code> (or DIGITIZE_SERVE_TOKEN). The browser keeps it "
            "afterwards. Trang duyệt cần mã truy cập: mở <code>/?token=MÃ</code> một lần.</p>",
            status=401, mimetype="text/html")

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Cache-Control"] = "no-store"  # personal data: not kept by the browser
        resp.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self'; style-src 'self'; "
                                                   "script-src 'self'; frame-ancestors 'none'")
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        return resp

    @app.teardown_request
    def close(_exc):
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.get("/")
    def index():
        if token and request.args.get("token"):
            # the token leaves the address bar (and history) for a cookie only this server reads
            resp = redirect("/")
            resp.set_cookie(COOKIE, token, httponly=True, samesite="Strict")
            return resp
        return render_template("review.html", reviewer=_reviewer())

    @app.post("/api/reviewer")
    def name_reviewer():
        name = str((request.get_json(silent=True) or {}).get("name") or "").strip()
        if not name or len(name) > MAX_NAME:
            return jsonify(error=f"your name, 1 to {MAX_NAME} characters: it is recorded on each decision"), 422
        session["reviewer"] = name
        return jsonify(ok=True, reviewer=name)

    @app.get("/favicon.ico")
    def favicon():
        return "", 204  # browsers ask for one; a 404 would only clutter the console

    @app.get("/api/queue")
    def queue():
        db = _db()
        doc_type, dossier = request.args.get("doc_type") or None, request.args.get("dossier") or None
        items = review.queue(db, doc_type=doc_type, dossier=dossier)
        settled, total = review.progress(db, doc_type=doc_type, dossier=dossier)
        doc_types, dossiers = review.filter_choices(db)
        return jsonify(items=[{"document": i.document_id, "key": i.key} for i in items], settled=settled,
                       total=total, doc_types=doc_types, dossiers=dossiers)

    @app.get("/api/field")
    def field():
        db = _db()
        item = _item(db)
        page = store.page_row(db, item.page_id) if item.page_id else None
        size = None
        if page:  # the OCR image's size: the page as rendered, turned a quarter if it was
            size = [page["width"], page["height"]]
            if (page["rotation"] or 0) in (90, 270):
                size.reverse()
        return jsonify(
            document=item.document_id, dossier=item.dossier, doc_type=item.doc_type, key=item.key,
            label=review.label_of(item.doc_type, item.key), kind=review.kind_of(item.doc_type, item.key),
            confident=review.confident(item, app.config["SETTINGS"]), value=item.value, machine_value=item.machine, confidence=item.confidence, reasons=item.reasons,
            flagged=item.flagged, reviewed_by=item.reviewed_by, reviewed_at=item.reviewed_at, seen=item.seen,
            source=item.source, bbox=item.bbox, page_size=size,
            line=review.shown(review.line_text(db, item) or item.raw, False),
            context=[{"key": c.key, "label": review.label_of(c.doc_type, c.key),
                      "value": review.shown(c.value, False), "flagged": c.flagged,
                      "reviewed_by": c.reviewed_by} for c in review.context(db, item)])

    @app.get("/image/page.png")
    def page_png():
        db = _db()
        item = _item(db)
        if not item.page_id:
            abort(404)
        try:
            gray, _ = pageview.page_image(db, item.page_id, app.config["SETTINGS"])
        except pageview.ScanMissing as e:
            return jsonify(error=str(e)), 404
        return Response(pageview.png(pageview.scaled(gray, PAGE_WIDTH)), mimetype="image/png")

    @app.get("/image/crop.png")
    def crop_png():
        db = _db()
        try:
            data, _ = review.crop_png(db, _item(db), app.config["SETTINGS"], zoom_width=PAGE_WIDTH)
        except pageview.ScanMissing as e:
            return jsonify(error=str(e)), 404
        return Response(data, mimetype="image/png")

    @app.post("/api/decide")
    def decide():
        db = _db()
        body = request.get_json(silent=True) or {}
        item = review.get(db, str(body.get("document", "")), str(body.get("key", "")))
        if item is None:
            return jsonify(error="no such field"), 404
        if body.get("seen") != item.seen:
            return jsonify(error=f"{item.key} was changed since it was shown: it is shown again"), 409
        if not _reviewer():
            return jsonify(error="give your name first (top right): it is recorded on each decision"), 428
        try:
            event = review.decide(db, item, str(body.get("action", "")), _reviewer(), body.get("value"))
        except review.Refused as e:
            return jsonify(error=e.args[0]), 422
        return jsonify(ok=True, event=event["id"], value=event["new_value"])

    @app.post("/api/undo")
    def undo():
        if not _reviewer():
            return jsonify(error="give your name first (top right)"), 428
        try:
            item = review.undo_last(_db(), _reviewer())
        except review.Refused as e:
            return jsonify(error=e.args[0]), 422
        return jsonify(ok=True, document=item.document_id, key=item.key)

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # request lines would log ?token=
    return app


def _reviewer() -> str:
    """This browser's reviewer: the name it gave, else serve's --reviewer, else none yet."""
    return session.get("reviewer") or current_app.config["REVIEWER"]


def _db():
    if "db" not in g:
        g.db = store.open_store(current_app.config["DB"], create=False)
    return g.db


def _item(db) -> review.Item:
    item = review.get(db, request.args.get("document", ""), request.args.get("key", ""))
    if item is None:
        abort(404)
    return item
