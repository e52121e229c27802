"""`digitize serve` driven in headless Chromium as a reviewer would: the scan with the box, a
correction saved to the store, the keyboard shortcuts; and the guards of the server."""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from .conftest import ROOT, digitize
from digitize.extract import parse
from digitize.review import kind_of

from .review_corpus import copy_store, doc_pages, events, field_row, truth_of

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# The README's picture of the page is redrawn only when asked for
# (DIGITIZE_SCREENSHOT=docs/review-page.png): a test run leaves the work tree as it was.
SCREENSHOT_TO = os.environ.get("DIGITIZE_SCREENSHOT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(db, *args):
    """The real command on a free loopback port; returns (process, base url) once it answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "digitize", "serve", "--db", str(db), "--port", str(port),
                             *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("digitize serve did not start listening")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def server(review_corpus, tmp_path_factory):
    db = copy_store(review_corpus, tmp_path_factory.mktemp("serve"))
    proc, url = start(db, "--reviewer", "web1")
    yield {"db": db, "url": url}
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    # no skip: the review page is part of the product, and its test needs this browser
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: `make setup` installs the Debian package chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = context.new_page()
    errors = []
    # a refused value answers 422 by design; any other console error is a fault of the page
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 422" not in m.text else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server["url"] + "/")
    expect(pg.locator("#key")).not_to_be_empty()
    yield pg
    context.close()
    assert not errors, errors  # a CSP violation or a script error shows here


def shown_field(pg) -> tuple[str, str]:
    document = pg.locator("#where").inner_text().split(" · ")[0]
    return document, pg.locator("#key").inner_text()


def row_doc_type(db, document) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT doc_type FROM documents WHERE id = ?", [document]).fetchone()[0]


def get_json(url):
    with urllib.request.urlopen(url) as resp:
        return json.load(resp)


def test_the_page_shows_the_scan_with_the_box(page, server, tmp_path):
    queue = get_json(server["url"] + "/api/queue")
    first = queue["items"][0]
    assert shown_field(page) == (first["document"], first["key"])
    page.locator("#box").wait_for(state="visible")
    assert page.locator("#page").evaluate("img => img.naturalWidth") > 0
    expect(page.locator("#crop")).to_have_js_property("complete", True)
    assert page.locator("#crop").evaluate("img => img.naturalWidth") > 0
    img, box = page.locator("#page").bounding_box(), page.locator("#box").bounding_box()
    assert box["width"] > 5 and box["height"] > 3
    assert img["x"] <= box["x"] and box["x"] + box["width"] <= img["x"] + img["width"]
    assert img["y"] <= box["y"] and box["y"] + box["height"] <= img["y"] + img["height"]
    # the box sits where the store says, scaled to the picture
    field = get_json(server["url"] + f"/api/field?document={urllib.request.quote(first['document'])}"
                                     f"&key={first['key']}")
    x0 = field["bbox"][0] / field["page_size"][0] * img["width"] + img["x"]
    assert abs(box["x"] - x0) < 2
    assert page.locator("#value").input_value() == (field["value"] or "")
    assert page.locator("#count").inner_text() == f"settled {queue['settled']} / {queue['total']}"
    assert page.locator("#context tr").count() > 0
    shot = Path(SCREENSHOT_TO) if SCREENSHOT_TO else tmp_path / "review-page.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_a_correction_is_saved_to_the_store(page, server, review_corpus):
    document, key = shown_field(page)
    value = page.locator("#value")
    value.fill("...")
    value.press("Enter")
    expect(page.locator("#msg")).to_contain_text("cannot be read as")
    assert field_row(server["db"], document, key)["reviewed_by"] is None
    machine = get_json(server["url"] + f"/api/field?document={urllib.request.quote(document)}&key={key}")["machine_value"]
    typed = truth_of(review_corpus, doc_pages(server["db"], document), key) or machine  # as on the paper
    value.fill(typed)
    value.press("Enter")
    edited = typed != machine
    expect(page.locator("#msg")).to_contain_text(f"{'saved' if edited else 'accepted'}: {key}")
    row = field_row(server["db"], document, key)
    assert row["reviewed_by"] == "web1" and row["flagged"] == 0 and row["machine_value"] == machine
    assert row["value"] == parse(kind_of(row_doc_type(server["db"], document), key), typed)
    assert events(server["db"])[-1]["action"] == ("correct" if edited else "accept")
    assert shown_field(page) != (document, key)  # on to the next field


def test_keyboard_shortcuts(page, server):
    db = server["db"]
    before = page.locator("#count").inner_text()
    first = shown_field(page)
    page.keyboard.press("Alt+s")  # skip
    expect(page.locator("#msg")).to_contain_text("skipped")
    second = shown_field(page)
    assert second != first and field_row(db, *first)["reviewed_by"] is None
    page.keyboard.press("Alt+b")  # back to the skipped one
    expect(page.locator("#msg")).to_contain_text(f"back to: {first[1]}")
    assert shown_field(page) == first
    page.keyboard.press("Alt+a")  # accept the machine value
    expect(page.locator("#msg")).to_contain_text(f"accepted: {first[1]}")
    row = field_row(db, *first)
    assert row["reviewed_by"] == "web1" and row["value"] == row["machine_value"]
    assert events(db)[-1]["action"] == "accept"
    now = shown_field(page)
    page.once("dialog", lambda d: d.accept())  # asked first when the machine was confident
    page.keyboard.press("Alt+x")  # absent on the paper
    expect(page.locator("#msg")).to_contain_text(f"marked absent: {now[1]}")
    assert field_row(db, *now)["value"] is None and events(db)[-1]["action"] == "absent"
    assert page.locator("#count").inner_text() != before
    # the filter narrows the queue to one dossier, and the progress to it
    queue = get_json(server["url"] + "/api/queue")
    dossier = queue["items"][-1]["document"].rsplit("/", 1)[0]
    only = get_json(server["url"] + f"/api/queue?dossier={urllib.request.quote(dossier)}")
    page.locator("#dossier").select_option(dossier)
    expect(page.locator("#count")).to_have_text(f"settled {only['settled']} / {only['total']}")
    expect(page.locator("#where")).to_contain_text(f"dossier {dossier}")
    assert digitize("audit", "verify", "--db", str(db)).returncode == 0


def test_another_address_needs_a_token(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    p = digitize("serve", "--db", str(db), "--host", "0.0.0.0", timeout=30)
    assert p.returncode == 2 and "--token" in p.stderr


def status_of(url, headers=None, data=None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {})) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def test_with_a_token_every_request_carries_it(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    proc, url = start(db, "--token", "s3cret-token")
    try:
        for path in ("/", "/api/queue", "/static/review.js"):
            assert status_of(url + path) == 401, path
        assert status_of(url + "/api/queue", {"Authorization": "Bearer wrong"}) == 401
        assert status_of(url + "/api/queue", {"Authorization": "Bearer s3cret-token"}) == 200
        assert status_of(url + "/api/queue", {"Cookie": "digitize_token=s3cret-token"}) == 200
    finally:
        stop(proc)


def test_loopback_guards(server):
    url = server["url"]
    assert status_of(url + "/api/queue", {"Host": "evil.example"}) == 400  # DNS rebinding
    form = b"document=x&key=y&action=absent"
    assert status_of(url + "/api/decide", {"Content-Type": "application/x-www-form-urlencoded"}, form) == 403
    cross = {"Content-Type": "application/json", "Origin": "http://evil.example"}
    assert status_of(url + "/api/decide", cross, b"{}") == 403


def test_each_browser_is_asked_for_its_reviewer_and_can_undo(review_corpus, browser, tmp_path):
    """No --reviewer: the server's login is nobody's name. The browser gives its own once, it is
    kept in the session and recorded; Alt+U takes the decision back, the trail still verifies."""
    db = copy_store(review_corpus, tmp_path)
    proc, url = start(db)
    try:
        context = browser.new_context(viewport={"width": 1024, "height": 768})
        pg = context.new_page()
        pg.goto(url + "/")
        expect(pg.locator("#key")).not_to_be_empty()
        expect(pg.locator("#msg")).to_contain_text("Who is reviewing?")
        first = shown_field(pg)
        pg.keyboard.press("Alt+a")
        expect(pg.locator("#msg")).to_contain_text("give your name first")
        assert field_row(db, *first)["reviewed_by"] is None
        pg.locator("#reviewer").fill("Lan")
        pg.locator("#reviewer").press("Enter")
        expect(pg.locator("#msg")).to_contain_text("recorded as Lan")
        pg.reload()  # kept in the session
        expect(pg.locator("#reviewer")).to_have_value("Lan")
        expect(pg.locator("#key")).not_to_be_empty()
        pg.keyboard.press("Alt+a")
        expect(pg.locator("#msg")).to_contain_text(f"accepted: {first[1]}")
        assert field_row(db, *first)["reviewed_by"] == "Lan"
        pg.keyboard.press("Alt+u")
        expect(pg.locator("#msg")).to_contain_text(f"undone: {first[1]}")
        assert shown_field(pg) == first
        row = field_row(db, *first)
        assert row["reviewed_by"] is None and row["flagged"] == 1
        assert events(db)[-1]["action"] == "undo" and events(db)[-1]["reviewer"] == "Lan"
        assert digitize("audit", "verify", "--db", str(db)).returncode == 0
        # the printed label leads, the key beside it; at 1024 px the page has the width, and zooms
        doc_type = row_doc_type(db, first[0])
        from digitize.review import label_of
        expect(pg.locator("#label")).to_have_text(label_of(doc_type, first[1]))
        pg.locator("#box").wait_for(state="visible")
        width = pg.locator("#page").bounding_box()["width"]
        assert width > 900
        pg.keyboard.press("Alt+z")
        pg.wait_for_function(f"document.getElementById('page').getBoundingClientRect().width > {width * 1.9}")
        # the box outlines the value: nothing drawn over it
        style = pg.locator("#box").evaluate("b => [getComputedStyle(b).borderTopWidth, getComputedStyle(b).outlineStyle,"
                                            " getComputedStyle(b).backgroundColor, getComputedStyle(b).boxShadow]")
        assert style == ["0px", "solid", "rgba(0, 0, 0, 0)", "none"], style
        context.close()
    finally:
        stop(proc)


def test_a_bare_url_without_the_token_says_how_to_open_it(review_corpus, tmp_path):
    db = copy_store(review_corpus, tmp_path)
    proc, url = start(db, "--token", "s3cret-token")
    try:
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(url + "/")
        assert e.value.code == 401
        text = e.value.read().decode()
        assert "?token=YOUR_TOKEN" in text and "digitize serve --token" in text
    finally:
        stop(proc)
