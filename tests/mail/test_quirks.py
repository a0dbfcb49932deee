"""Real-world mail quirks, one test per rule: defects keep the raw bytes, charsets by detection,
the right requester, loop protection, forwarded mail. No servers needed."""

from __future__ import annotations

import pytest

from shared.mail.addresses import mailboxes
from shared.mail.charsets import decode_bytes, detect
from shared.mail.parse import parse_message

HEAD = b"From: Budi <budi@example.test>\nTo: helpdesk@example.test\nMessage-ID: <q@example.test>\n"


def _text(subject: bytes, body: bytes, *headers: bytes) -> bytes:
    return HEAD + b"".join(h + b"\n" for h in headers) + b"Subject: " + subject + b"\n\n" + body


# -- defects: each one marks the mail malformed (intake then attaches the raw bytes) ---------------

def test_no_blank_line_between_headers_and_body() -> None:
    mail = parse_message(HEAD + b"Subject: help\nMy screen flickers.\nSince Monday.\n")
    assert mail.malformed and "no blank line between headers and body" in mail.malformed_reason
    assert "My screen flickers." in mail.body and mail.subject == "help"


def test_declared_boundary_that_never_occurs() -> None:
    raw = HEAD + b'Subject: x\nContent-Type: multipart/mixed; boundary="declared"\n\n--other\n' \
        b"Content-Type: text/plain\n\nthe text\n--other--\n"
    mail = parse_message(raw)
    assert "MIME boundary 'declared' never occurs" in mail.malformed_reason
    assert "the text" in mail.full_body


def test_multipart_without_boundary() -> None:
    mail = parse_message(HEAD + b"Subject: x\nContent-Type: multipart/mixed\n\nonly text\n")
    assert "NoBoundaryInMultipartDefect" in mail.malformed_reason and "only text" in mail.body


def test_raw_8bit_utf8_subject_is_read_not_replaced() -> None:
    mail = parse_message(_text("Formação de equipe".encode(), b"ok"))
    assert mail.subject == "Formação de equipe" and "\ufffd" not in mail.subject
    assert "raw 8-bit Subject header" in mail.malformed_reason


def test_raw_8bit_latin1_subject_by_detection() -> None:
    mail = parse_message(_text("Formação".encode("latin-1"), b"ok"))
    assert mail.subject == "Formação"


def test_unknown_transfer_encoding() -> None:
    mail = parse_message(_text(b"x", b"hello", b"Content-Transfer-Encoding: x-uuencode-ish"))
    assert "unknown transfer encoding 'x-uuencode-ish'" in mail.malformed_reason and mail.body == "hello"


def test_a_clean_mail_is_not_malformed() -> None:
    assert not parse_message(_text(b"x", b"hello", b"Content-Type: text/plain; charset=utf-8")).malformed


# -- charsets -----------------------------------------------------------------------------------

def test_gb2312_label_on_utf8_text_is_read_as_utf8() -> None:
    text = "你好，我的电脑坏了。请帮忙。"
    mail = parse_message(_text(b"x", text.encode(), b"Content-Type: text/plain; charset=gb2312"))
    assert mail.body == text and "text labelled gb2312 is UTF-8" in mail.malformed_reason


def test_real_gb2312_stays_gb2312() -> None:
    text = "你好，我的电脑坏了。请帮忙。"
    mail = parse_message(_text(b"x", text.encode("gb2312"), b"Content-Type: text/plain; charset=gb2312"))
    assert mail.body == text and not mail.malformed


def test_utf8_label_on_latin1_text_falls_back_to_detection() -> None:
    text = "Olá, não consigo entrar no sistema de formação."
    mail = parse_message(_text(b"x", text.encode("latin-1"), b"Content-Type: text/plain; charset=utf-8"))
    assert mail.body == text and "text not valid utf-8" in mail.malformed_reason


def test_unknown_charset_is_detected() -> None:
    text = "Привет, не работает принтер"
    mail = parse_message(_text(b"x", text.encode("koi8-r"), b"Content-Type: text/plain; charset=x-cyr"))
    assert mail.body == text and "unknown charset 'x-cyr'" in mail.malformed_reason


@pytest.mark.parametrize(("text", "charset"), [
    ("Привет, не работает принтер", "cp1251"), ("Привет, не работает принтер", "koi8-r"),
    ("你好，我的电脑坏了", "gb2312"), ("我的電腦壞了", "big5"), ("こんにちは、パソコンが壊れました", "shift_jis"),
    ("Grüße aus München", "latin-1"), ("¿Dónde está mi contraseña?", "cp1252"), ("Γειά σου κόσμε", "iso8859-7"),
])
def test_detection_without_a_label(text: str, charset: str) -> None:
    assert detect(text.encode(charset)) == text


def test_encoded_word_in_an_unknown_charset() -> None:
    problems: list[str] = []
    assert decode_bytes("Café".encode("latin-1"), "x-made-up", problems.append) == "Café"
    assert problems == ["unknown charset 'x-made-up'"]


# -- the right requester ------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "expected"), [
    (b'"Doe, John (john@evil.test)" <real@example.test>', [("Doe, John (john@evil.test)", "real@example.test")]),
    (b"john@example.test (John Doe)", [("John Doe", "john@example.test")]),
    (b"=?utf-8?q?Andr=C3=A9_M=C3=BCller?= <andre@example.test>", [("André Müller", "andre@example.test")]),
    (b"Support team: a@example.test, B <b@example.test>;", [("", "a@example.test"), ("B", "b@example.test")]),
    (b"a@example.test, b@example.test", [("", "a@example.test"), ("", "b@example.test")]),
    (b'"Budi @ Finance" <budi@example.test>', [("Budi @ Finance", "budi@example.test")]),
    (b"Doe, John <j@example.test>", [("Doe, John", "j@example.test")]),
    (b"Andr\xc3\xa9 M\xc3\xbcller <andre@example.test>", [("André Müller", "andre@example.test")]),
    (b"Budi Santoso", []), (b"<>", []), (b"undisclosed-recipients:;", []),
])
def test_address_lines_from_the_wild(header: bytes, expected: list[tuple[str, str]]) -> None:
    assert mailboxes(header, lambda _r: None) == expected


def test_reply_to_of_a_person_is_the_requester() -> None:
    mail = parse_message(_text(b"x", b"hi", b"Reply-To: Sari <sari@example.test>"))
    assert mail.from_address == "budi@example.test" and mail.requester == ("Sari", "sari@example.test")


@pytest.mark.parametrize("reply_to", [b"noreply@example.test", b"a@example.test, b@example.test",
                                      b"Budi <budi@example.test>", b"list-bounces@example.test",
                                      b"44.41.17.14.11.2010.1139@reply.example.test"])
def test_reply_to_that_is_not_one_other_person_is_ignored(reply_to: bytes) -> None:
    assert parse_message(_text(b"x", b"hi", b"Reply-To: " + reply_to)).requester[1] == "budi@example.test"


def test_reply_to_of_a_mailing_list_is_ignored() -> None:
    mail = parse_message(_text(b"x", b"hi", b"Reply-To: team@example.test", b"List-Id: <team.example.test>"))
    assert mail.requester[1] == "budi@example.test"


# -- loop protection ----------------------------------------------------------------------------

@pytest.mark.parametrize(("headers", "kind", "rule"), [
    ((b"Auto-Submitted: auto-replied",), "auto-reply", "Auto-Submitted: auto-replied"),
    ((b"X-Autoreply: yes",), "auto-reply", "X-Autoreply: yes"),
    ((b"X-Autorespond: Out of office",), "auto-reply", "X-Autorespond: Out of office"),
    ((b"Precedence: bulk",), "auto-reply", "Precedence: bulk"),
    ((b"Precedence: junk",), "auto-reply", "Precedence: junk"),
    ((b"Precedence: list",), "auto-reply", "Precedence: list"),
    ((b"Precedence: auto_reply",), "auto-reply", "Precedence: auto_reply"),
    ((b"X-Auto-Response-Suppress: All",), "auto-reply", "X-Auto-Response-Suppress: All"),
    ((b"X-Apple-Action: VACATION",), "auto-reply", "X-Apple-Action: VACATION"),
    ((b"X-Vacation: yes",), "auto-reply", "x-vacation header"),
    ((b"Return-Path: <>",), "auto-reply", "Return-Path: <>"),
])
def test_auto_reply_headers(headers: tuple[bytes, ...], kind: str, rule: str) -> None:
    loop = parse_message(_text(b"Re: your request", b"away", *headers)).loop
    assert loop is not None and (loop.kind, loop.rule) == (kind, rule)


@pytest.mark.parametrize("subject", ["Automatic reply: Printer", "Auto reply: Printer", "Automatische Antwort: Drucker",
                                     "Réponse automatique : imprimante", "Respuesta automática: impresora",
                                     "Balasan otomatis: printer", "Автоматический ответ: принтер",
                                     "自動応答: プリンター", "自动回复：打印机"])
def test_exchange_automatic_reply_subjects(subject: str) -> None:
    loop = parse_message(_text(subject.encode(), b"away")).loop
    assert loop is not None and loop.kind == "auto-reply"


def test_not_auto_submitted_is_a_person() -> None:
    assert parse_message(_text(b"Automatic replies do not work", b"hi", b"Auto-Submitted: no")).loop is None


def test_bounces() -> None:
    for raw in (b"From: Mailer-Daemon@mx.example.test\nAuto-Submitted: auto-replied\nSubject: failed\n\nx",
                _text(b"Undelivered Mail Returned to Sender", b"x", b"Return-Path: <>"),
                b"From: MAILER-DAEMON@mx.example.test\nSubject: failure\n\nx",
                b"From: postmaster@example.test\nSubject: failure\n\nx"):
        loop = parse_message(raw).loop
        assert loop is not None and loop.kind == "bounce"


def test_read_receipt() -> None:
    raw = HEAD + b"Subject: Read: Printer\nContent-Type: multipart/report; " \
        b'report-type=disposition-notification; boundary="r"\n\n--r\nContent-Type: text/plain\n\nread\n' \
        b"--r\nContent-Type: message/disposition-notification\n\nOriginal-Message-ID: <out-1@helpdesk>\n--r--\n"
    loop = parse_message(raw).loop
    assert loop is not None and loop.kind == "read-receipt"


# -- forwarded mail -----------------------------------------------------------------------------

FORWARD = (b"From: Agent <agent@example.test>\nSubject: Fwd: printer\nMessage-ID: <fwd@example.test>\n"
           b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: message/rfc822\n\n'
           b"From: Customer <cust@example.test>\nSubject: printer\n\nMy printer is broken.\n--b--\n")


def test_a_mail_that_only_encloses_a_message_takes_its_text() -> None:
    mail = parse_message(FORWARD)
    assert mail.body == "My printer is broken."
    assert mail.forwarded_from == ("Customer", "cust@example.test")
    (att,) = mail.attachments
    assert att.content_type == "message/rfc822" and b"My printer is broken." in att.data


def test_a_mail_with_its_own_text_keeps_it() -> None:
    raw = FORWARD.replace(b"--b\nContent-Type: message/rfc822", b"--b\nContent-Type: text/plain\n\nSee below.\n"
                          b"--b\nContent-Type: message/rfc822")
    mail = parse_message(raw)
    assert mail.body == "See below." and mail.forwarded_from is None
