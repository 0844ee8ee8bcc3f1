"""Accounts and sessions that end (issue 13, items 3-7): revocable sessions, sign-in throttling and lockout,
revocable and expiring API tokens, ask budgets per session, and passwords judged by zxcvbn."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from clinicite.editorial import accounts
from clinicite.editorial.permissions import SYSTEM
from clinicite.web.security import COOKIE, SignInThrottle, SignInThrottled, client_address
from clinicite.web.app import create_app
from clinicite.errors import InputError
from clinicite.store.base import utcnow
from clinicite.store.editorial import ApiTokenRow, UserRow

from .conftest import PASSWORD, QUESTION, csrf_of


def _app(world, **overrides):
    return create_app(world.settings.model_copy(update=overrides), service=world.core)


def _who(client: TestClient) -> str | None:
    return client.get("/api/v1/session").json()["user"]


def _replay(world, cookie: str) -> TestClient:
    client = TestClient(world.app)
    client.cookies.set(COOKIE, cookie)
    return client


def _sign_in(client: TestClient, email: str, password: str):
    page = client.get("/signin")
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": csrf_of(page.text),
                                        "next": "/"}, follow_redirects=False)


# --- 3: sessions end server-side --------------------------------------------------------------------------

def test_a_replayed_cookie_stops_working_after_sign_out(world):
    browser = world.browser("author")
    cookie = browser.cookies.get(COOKIE)
    assert _who(_replay(world, cookie)) == "author@example.org"
    csrf = csrf_of(browser.get("/").text)
    assert browser.post("/signout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert _who(browser) is None
    assert _who(_replay(world, cookie)) is None  # the copy of the old cookie is dead too


@pytest.mark.parametrize("change", ["password", "role", "disable"])
def test_account_changes_end_every_session(world, change):
    browser = world.browser("reviewer")
    cookie = browser.cookies.get(COOKIE)
    with world.database.session() as s:
        user_id = accounts.find_user(s, "reviewer@example.org").id
        if change == "password":
            accounts.set_password(s, SYSTEM, "reviewer@example.org", "another quite long passphrase")
        elif change == "role":
            accounts.set_role(s, SYSTEM, user_id, "reader")
        else:
            accounts.set_active(s, SYSTEM, user_id, False)
    assert _who(browser) is None and _who(_replay(world, cookie)) is None


# --- 4: sign-in throttling, lockout, bounded hashing --------------------------------------------------------

def test_wrong_passwords_lock_the_account_with_a_clear_message(world):
    world.browser("author")  # sets the password
    app = TestClient(_app(world, signin_lockout_failures=3, signin_attempts_per_minute=100))
    for _ in range(3):
        assert _sign_in(app, "author@example.org", "wrong guess number").status_code == 401
    locked = _sign_in(app, "author@example.org", PASSWORD)
    assert locked.status_code == 429 and "locked after too many wrong passwords" in locked.text
    assert int(locked.headers["Retry-After"]) > 0
    with world.database.session() as s:
        accounts.set_password(s, SYSTEM, "author@example.org", PASSWORD)  # an administrator lifts it
    assert _sign_in(app, "author@example.org", PASSWORD).status_code == 303


def test_sign_ins_from_one_address_are_throttled_before_hashing(world):
    app = TestClient(_app(world, signin_attempts_per_minute=4))
    codes = [_sign_in(app, f"nobody{i}@example.org", "wrong guess number").status_code for i in range(6)]
    assert codes[:4] == [401] * 4 and codes[4:] == [429, 429]
    assert "from this address" in _sign_in(app, "x@example.org", "y").text


def test_one_account_is_throttled_across_addresses_and_hashing_is_bounded():
    throttle = SignInThrottle(per_minute=3, concurrent=1)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        throttle.admit(address, "Victim@example.org")
    with pytest.raises(SignInThrottled, match="for this account"):
        throttle.admit("10.0.0.4", "victim@example.org")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with throttle.hashing():
            held.set()
            release.wait(5)
    worker = threading.Thread(target=hold)
    worker.start()
    held.wait(5)
    with pytest.raises(SignInThrottled, match="at once"):
        with throttle.hashing(wait_s=0.05):
            pass
    release.set()
    worker.join()
    with throttle.hashing(wait_s=0.05):
        pass


# --- 5: API tokens -------------------------------------------------------------------------------------------

def test_tokens_are_revoked_expire_record_their_last_use_and_stop_with_the_account(world):
    api = world.api("author")
    assert api.get("/api/v1/session").json()["user"] == "author@example.org"
    with world.database.session() as s:
        row = s.scalar(select(ApiTokenRow).join(UserRow).where(UserRow.email == "author@example.org"))
        assert row.last_used_at is not None
        token_id, author_id = row.id, row.user_id
    listed = world.api("admin").get(f"/api/v1/users/{author_id}/tokens").json()
    assert [(t["id"], t["state"]) for t in listed] == [(token_id, "active")] and "token_hash" not in listed[0]
    assert world.api("admin").post(f"/api/v1/tokens/{token_id}/revoke").json()["state"] == "revoked"
    assert api.get("/api/v1/session").status_code == 401

    with world.database.session() as s:
        expiring = accounts.issue_token(s, SYSTEM, "editor@example.org", "short", days=30)
    client = TestClient(world.app, headers={"Authorization": f"Bearer {expiring}"})
    assert client.get("/api/v1/session").json()["user"] == "editor@example.org"
    with world.database.session() as s:
        for row in s.scalars(select(ApiTokenRow).where(ApiTokenRow.label == "short")):
            row.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get("/api/v1/session").status_code == 401

    reviewer_id = world.users["reviewer"].id
    assert world.api("admin").post(f"/api/v1/users/{reviewer_id}/active", json={"active": False}).status_code == 200
    assert world.api("reviewer").get("/api/v1/session").status_code == 401


def test_admin_page_lists_and_revokes_tokens_and_disables_accounts(world):
    admin = world.browser("admin")
    page = admin.get("/users").text
    assert "Revoke token" in page and "Disable reader@example.org" in page
    with world.database.session() as s:
        token_id = s.scalar(select(ApiTokenRow.id).join(UserRow).where(UserRow.email == "reader@example.org"))
    csrf = csrf_of(page)
    assert admin.post(f"/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert world.api("reader").get("/api/v1/session").status_code == 401
    reader_id = world.users["reader"].id
    admin.post(f"/users/{reader_id}/active", data={"csrf_token": csrf, "active": "0"}, follow_redirects=False)
    with world.database.session() as s:
        assert s.get(UserRow, reader_id).active is False


def test_cli_lists_revokes_tokens_and_disables_accounts(home):
    from clinicite.cli import app
    runner = CliRunner()
    assert runner.invoke(app, ["users", "create", "ops@example.org", "--no-password"]).exit_code == 0
    token = runner.invoke(app, ["users", "token", "ops@example.org", "--days", "7"]).output.strip()
    listed = runner.invoke(app, ["users", "tokens", "ops@example.org"])
    assert listed.exit_code == 0 and "active" in listed.output and token not in listed.output
    token_id = listed.output.split()[0]
    assert runner.invoke(app, ["users", "revoke-token", token_id]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["users", "tokens"]).output
    assert runner.invoke(app, ["users", "revoke-token", "999"]).exit_code == 2
    assert runner.invoke(app, ["users", "disable", "ops@example.org"]).exit_code == 0
    assert "disabled" in runner.invoke(app, ["users", "list"]).output
    assert runner.invoke(app, ["users", "enable", "ops@example.org"]).exit_code == 0


# --- 6: ask budget per session, trusted proxies -----------------------------------------------------------------

def test_one_anonymous_session_spending_its_budget_leaves_the_next_visitor_theirs(world):
    app = _app(world, ask_rate_limit_per_minute=2)
    first, second = TestClient(app), TestClient(app)
    for client in (first, second):  # a session cookie, as a browser gets, and its CSRF token
        client.headers["X-CSRF-Token"] = client.get("/api/v1/session").json()["csrf_token"]
    assert [first.post("/api/v1/ask", json={"question": QUESTION}).status_code for _ in range(3)] == [201, 201, 429]
    assert second.post("/api/v1/ask", json={"question": QUESTION}).status_code == 201


def test_forwarded_for_is_believed_only_from_a_trusted_proxy():
    assert client_address("203.0.113.9", "198.51.100.1", []) == "203.0.113.9"
    assert client_address("203.0.113.9", "198.51.100.1", ["127.0.0.1"]) == "203.0.113.9"
    assert client_address("127.0.0.1", "198.51.100.1", ["127.0.0.1"]) == "198.51.100.1"
    # A client cannot hide behind a forged left-most entry: the right-most untrusted hop counts.
    assert client_address("10.1.2.3", "1.1.1.1, 198.51.100.7, 10.0.0.5", ["10.0.0.0/8"]) == "198.51.100.7"
    assert client_address("127.0.0.1", "not-an-address", ["127.0.0.1"]) == "not-an-address"


def test_bad_trusted_proxy_setting_is_refused():
    from clinicite.settings import load_settings
    with pytest.raises(ValueError):
        load_settings(trusted_proxies=["not a network"])


# --- 7: passwords ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("weak", ["1111111111", "password123", "qwertyuiop", "new-admin@example.org"])
def test_common_and_trivial_passwords_are_refused(world, weak):
    with world.database.session() as s:
        with pytest.raises(InputError, match="too weak|at least"):
            accounts.create_user(s, SYSTEM, "new-admin@example.org", "admin", weak)
    response = world.api("admin").post("/api/v1/users", json={"email": "new-admin@example.org", "password": weak,
                                                                "role": "admin"})
    assert response.status_code == 422, response.text


def test_a_strong_passphrase_is_accepted(world):
    with world.database.session() as s:
        assert accounts.create_user(s, SYSTEM, "strong@example.org", "reader", "violet tractor lantern ocean")
