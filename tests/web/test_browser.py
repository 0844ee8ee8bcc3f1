"""End to end in Debian's Chromium (Playwright): ask, follow up, submit, review, approve, read it signed out.

A real uvicorn server runs on 127.0.0.1 with a random port. Screenshots of the
key pages go to artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from .conftest import BACKENDS, CASE, CORPUS_PMIDS, PASSWORD

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def _chromium_or_skip() -> str:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed on this machine (apt install chromium)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(world):
    import uvicorn
    port = _free_port()
    config = uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    for role in ("author", "reviewer"):
        world.browser(role)  # gives the account its password
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def chromium():
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("world", BACKENDS, indirect=True)
def test_ask_follow_up_submit_review_approve_and_read_public(world, server, chromium):
    errors: list[str] = []
    author = chromium.new_context(viewport={"width": 1100, "height": 900}).new_page()
    author.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(author, server, "author@example.org")
    author.goto(server + "/")
    author.get_by_label("Question or case").fill(CASE)
    author.get_by_label("Trainee").check()
    _shot(author, "01-ask")
    author.get_by_role("button", name="Ask", exact=True).click()
    author.wait_for_url("**/answers/**")
    (row,) = world.stored_answers()
    answer = row.data
    title = author.get_by_role("heading", level=1).inner_text()
    assert title == answer["title"] and answer["audience"] == "trainee" and not answer["abstained"]
    # Every statement carries a citation mark; the first one jumps to its reference.
    statements = author.locator("section.answer-section li")
    assert statements.count() == sum(len(s["bullets"]) for s in answer["sections"]) > 0
    for i in range(statements.count()):
        assert statements.nth(i).locator("a.cite").count() >= 1
    first = author.locator("section.answer-section a.cite").first
    target = first.get_attribute("href")
    first.click()
    assert author.url.endswith(target) and author.locator(target).is_visible()
    pmids = {r["pmid"] for r in answer["references"] if r["pmid"]}
    assert pmids and pmids <= CORPUS_PMIDS
    assert author.locator(".references li").count() == len(answer["references"])
    assert author.locator("table.ddx tbody tr").first.locator("th").inner_text().startswith("Kawasaki disease")
    script_ref = author.locator(".references li", has_text="<script>alert('x')</script>")
    assert script_ref.count() == 1   # shown as text, never run
    _shot(author, "02-answer")

    author.get_by_label("Ask a follow-up question").fill("And in infants under six months?")
    author.get_by_role("button", name="Ask follow-up").click()
    author.wait_for_load_state()
    assert "Earlier in this conversation (1)" in author.content()
    author.get_by_role("button", name="Submit as article for review").click()
    author.wait_for_url("**/articles/**")
    assert "Pending human review" in author.content()
    article_url = author.url
    article_title = author.get_by_role("heading", level=1).inner_text()

    reviewer = chromium.new_context().new_page()
    _sign_in(reviewer, server, "reviewer@example.org")
    reviewer.goto(server + "/review")
    reviewer.get_by_role("link", name=article_title).click()
    reviewer.get_by_role("button", name="Take for review").click()
    reviewer.wait_for_load_state()
    _shot(reviewer, "03-under-review")
    reviewer.get_by_role("button", name="Approve").click()
    reviewer.wait_for_load_state()
    assert "The article is now approved." in reviewer.content()

    public = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone, signed out
    public.goto(server + "/articles")
    public.get_by_role("link", name=article_title).click()
    assert public.url == article_url
    assert "Pending human review" not in public.content()
    assert public.locator('[aria-current="step"]').inner_text() == "Approved"
    assert public.get_by_role("button", name="Approve").count() == 0
    assert public.locator("section.answer-section a.cite").count() > 0
    _shot(public, "04-public-phone")
    assert errors == [], errors  # includes Content-Security-Policy violations
