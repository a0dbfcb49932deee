"""Every notification kind renders in English and Bahasa Indonesia, with the number in the subject."""

from __future__ import annotations

from typing import Any

import pytest

from shared.mail.render import KINDS, STATUS_TEMPLATES, pick_language, render, to_html

PAYLOADS: dict[str, dict[str, Any]] = {
    "ticket_created": {"response_due_at": "2026-03-02T03:00:00+00:00", "priority": "P3",
                       "articles": [{"id": 1, "title": "Reset your password"}]},
    "agent_reply": {"body": "Try <this> & that.\nLine 2", "entry_id": 1, "agent": "Ani"},
    "csat_request": {},
    "ticket_assigned": {"priority": "P2", "by": "Boss"},
    "sla_warning": {"clock": "resolution", "due_at": "2026-03-02T03:00:00+00:00", "priority": "P1"},
    "sla_breach": {"clock": "response", "due_at": "2026-03-02T03:00:00+00:00", "priority": "P1"},
}
CASES = [(k, PAYLOADS[k]) for k in KINDS if k not in ("status_changed", "weekly_report")] + [  # per ticket
    ("status_changed", {"status": s, "solution": "Replaced the cable.", "note": "Why?"}) for s in STATUS_TEMPLATES
] + [("status_changed", {"status": "pending_vendor", "solution": "", "note": ""})]


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize(("kind", "payload"), CASES)
def test_every_kind_renders(kind: str, payload: dict[str, Any], language: str) -> None:
    base = {"number": "HD-000042", "subject": "Printer jam", "ticket_id": 42}
    mail = render(kind, base | payload, language=language, timezone="Asia/Jakarta", recipient_name="Siti")
    assert mail.subject.startswith("[HD-000042] ") and "Printer jam" in mail.subject
    assert "Siti" in mail.text and "$" not in mail.text
    assert mail.html.startswith("<!DOCTYPE html>") and f'lang="{language}"' in mail.html
    assert "<script" not in mail.html


def test_indonesian_is_really_indonesian() -> None:
    base = {"number": "HD-000042", "subject": "Printer macet"}
    mail = render("status_changed", base | {"status": "resolved", "solution": "Kabel diganti."},
                  language="id", timezone="Asia/Jakarta", recipient_name="Siti")
    assert mail.subject == "[HD-000042] Selesai: Printer macet"
    assert "Tiket Anda HD-000042 telah diselesaikan" in mail.text and "Kabel diganti." in mail.text
    breach = render("sla_breach", base | PAYLOADS["sla_breach"], language="id", timezone="Asia/Jakarta",
                    recipient_name="Joko")
    assert "batas waktu respons pertama" in breach.text and "Senin 2 Maret 2026, 10:00 WIB" in breach.text


def test_articles_and_due_time_in_the_recipient_zone() -> None:
    mail = render("ticket_created", {"number": "HD-000001", "subject": "x"} | PAYLOADS["ticket_created"],
                  language="en", timezone="Europe/Amsterdam", recipient_name="Ann")
    assert "Monday 2 March 2026, 04:00 +0100" in mail.text
    assert "- Reset your password" in mail.text and "<li>Reset your password</li>" in mail.html


def test_values_are_escaped_in_html() -> None:
    mail = render("agent_reply", {"number": "HD-000001", "subject": "<b>x</b>"} | PAYLOADS["agent_reply"],
                  language="en", timezone=None, recipient_name="Ann")
    assert "Try &lt;this&gt; &amp; that.<br>" in mail.html and "<b>x</b>" not in mail.html


def test_language_choice() -> None:
    assert pick_language("id", "en") == "id"
    assert pick_language(None, "id") == "id"
    assert pick_language("fr", None) == "en"
    assert pick_language("id_ID") == "id"


def test_to_html_lists() -> None:
    assert "<ul><li>a</li><li>b</li></ul>" in to_html("Intro\n\n- a\n- b", "t", "en")
