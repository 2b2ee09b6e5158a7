"""The public face: the headers every page carries, no inline code for the
Content-Security-Policy to block, admin login throttling."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User

ROOT = Path(__file__).resolve().parent.parent

# Inline code that a Content-Security-Policy without 'unsafe-inline' would block.
INLINE_CODE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    "template",
    sorted((ROOT / "templates").rglob("*.html")),
    ids=lambda p: str(p.relative_to(ROOT / "templates")),
)
def test_templates_carry_no_inline_script_or_style(template):
    assert INLINE_CODE.findall(template.read_text()) == []


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code(client, sample_letters):
    for url in ["/", sample_letters["000"].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_review_page_styles_come_from_a_static_file(admin_client, sample_letters):
    letter = sample_letters["000"]
    response = admin_client.get(f"/admin/letters/letter/{letter.pk}/review/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/letters-admin.css" in html
    assert INLINE_CODE.findall(html.split('<div id="content-main">', 1)[1]) == []


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client):
    User.objects.create_user("editor", password="the right one", is_staff=True)
    for _ in range(25):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "the right one"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_works_before_the_limit(client):
    User.objects.create_user("editor", password="the right one", is_staff=True)
    for _ in range(3):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "the right one"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
