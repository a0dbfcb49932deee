"""Reply trimming: one case per rule of shared.mail.text.RULES, client formats, bottom-posting."""

from __future__ import annotations

import pytest

from shared.mail.text import RULES, is_forward, trim_reply

QUOTE = "\n> Printer on floor 3 jams.\n> Budi"

BY_RULE: dict[str, tuple[str, str]] = {
    "en": ("Fixed now, thanks.\n\nOn Mon, 2 Mar 2026 at 10:00, IT Helpdesk <hd@x.test> wrote:" + QUOTE,
           "Fixed now, thanks."),
    "id": ("Sudah beres.\n\nPada tanggal Sen, 2 Mar 2026 10.00, IT Helpdesk <hd@x.test> menulis:" + QUOTE,
           "Sudah beres."),
    "es": ("Ya funciona.\n\nEl lun, 2 mar 2026 a las 10:00, IT Helpdesk (<hd@x.test>) escribió:" + QUOTE,
           "Ya funciona."),
    "pt": ("Já funciona.\n\nEm seg., 2 de mar. de 2026 às 10:00, IT Helpdesk <hd@x.test> escreveu:" + QUOTE,
           "Já funciona."),
    "fr": ("Ça marche.\n\nLe lun. 2 mars 2026 à 10:00, IT Helpdesk <hd@x.test> a écrit :" + QUOTE, "Ça marche."),
    "de": ("Geht wieder.\n\nAm Mo., 2. März 2026 um 10:00 Uhr schrieb IT Helpdesk <hd@x.test>:" + QUOTE,
           "Geht wieder."),
    "nl": ("Werkt weer.\n\nOp ma 2 mrt. 2026 om 10:00 schreef IT Helpdesk <hd@x.test>:" + QUOTE, "Werkt weer."),
    "it": ("Funziona.\n\nIl giorno lun 2 mar 2026 alle ore 10:00 IT Helpdesk <hd@x.test> ha scritto:" + QUOTE,
           "Funziona."),
    "ru": ("Работает.\n\n2 марта 2026 г., в 10:00, пользователь IT Helpdesk <hd@x.test> написал:" + QUOTE,
           "Работает."),
    "ja": ("直りました。\n\n2026/03/02 10:00、IT Helpdesk <hd@x.test>のメール:" + QUOTE, "直りました。"),
    "zh": ("好了。\n\nIT Helpdesk <hd@x.test> 于2026年3月2日周一 10:00写道：" + QUOTE, "好了。"),
    "gmail-address": ("Работает.\n\nпн, 2 мар. 2026 г. в 10:00, IT Helpdesk <hd@x.test>:" + QUOTE, "Работает."),
    "outlook-original": ("Solved.\n\n-----Ursprüngliche Nachricht-----\nVon: IT Helpdesk\nGesendet: Montag\n"
                         "An: Budi\n\nold text", "Solved."),
    "outlook-underscores": ("Done\n________________________________\nFrom: Helpdesk\nSent: Monday\nTo: me\n\nold",
                            "Done"),
    "outlook-from": ("Ok\n\nDari: IT Helpdesk <h@x.test>\nDikirim: Senin, 2 Maret 2026\nKepada: Budi\n"
                     "Perihal: printer\n\nold", "Ok"),
    "sig-dashes": ("See the log attached.\n-- \nBudi Santoso\nFinance", "See the log attached."),
    "sig-device": ("Yes please.\n\nDikirim dari iPhone saya", "Yes please."),
}


def test_every_rule_has_a_case() -> None:
    assert {r.name for r in RULES} == set(BY_RULE)


@pytest.mark.parametrize("name", sorted(BY_RULE))
def test_rule(name: str) -> None:
    text, expected = BY_RULE[name]
    assert trim_reply(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Outlook (English, Spanish)
    ("Ok\n\nFrom: IT Helpdesk <h@x.test>\nSent: Monday, 2 March\nSubject: x\n\nold", "Ok"),
    ("Listo\n\n-----Mensaje original-----\nDe: Helpdesk\nEnviado el: lunes", "Listo"),
    # Gmail wraps a long attribution over two lines
    ("Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, IT Helpdesk Service Desk <\nhelpdesk@x.test> wrote:\n> old",
     "Thanks!"),
    # Apple Mail / iPhone
    ("Great\n\nSent from my iPhone\n\n> On 2 Mar 2026, at 10:00, IT Helpdesk <h@x.test> wrote:\n> old", "Great"),
    ("Great\n\nOn 2 Mar 2026, at 10:00, IT Helpdesk <h@x.test> wrote:\n\n> old", "Great"),
    # Thunderbird
    ("Works.\n\nOn 02/03/2026 10:00, IT Helpdesk wrote:\n> old", "Works."),
    # Android
    ("Hi\nSent from my Galaxy", "Hi"), ("Hi\nGet Outlook for Android", "Hi"),
    ("Bien\n\nEnviado desde mi Android", "Bien"), ("はい\n\niPhoneから送信", "はい"), ("好\n\n发自我的iPhone", "好"),
    ("Answer 1\n> question 1\nAnswer 2", "Answer 1\nAnswer 2"),
    # Android's mail app wraps a Russian attribution at the address (mailgun/talon's fixture)
    ('Hello\n02.04.2012 14:20 пользователь "bob@x.test" <\nbob@x.test> написал:\n\n> Hi', "Hello"),
])
def test_client_formats(text: str, expected: str) -> None:
    assert trim_reply(text) == expected


def test_bottom_posted_reply_keeps_the_answer_below_the_quote() -> None:
    text = ("On Mon, 2 Mar 2026, IT Helpdesk <h@x.test> wrote:\n> Did the restart help?\n>\n> Sari\n\n"
            "No, the laptop still shows a black screen.\n\n-- \nBudi")
    assert trim_reply(text) == "No, the laptop still shows a black screen."


def test_inline_answers_are_kept() -> None:
    text = ("Pada Sen, 2 Mar 2026, Sari menulis:\n> Model laptop?\nThinkPad T14\n> Sejak kapan?\nSejak Senin")
    assert trim_reply(text) == "ThinkPad T14\nSejak Senin"


@pytest.mark.parametrize("text", [
    "On Mon, 2 Mar 2026, IT Helpdesk wrote:\n> only the quote, nothing new",
    "-- \nBudi Santoso",
    "From: Budi\nSent: Monday\nTo: helpdesk\n\nA forwarded Outlook mail with no text above it.",
])
def test_when_unsure_the_whole_text_is_kept(text: str) -> None:
    assert trim_reply(text) == text.strip()


def test_a_line_that_merely_mentions_writing_is_not_an_attribution() -> None:
    text = "I wrote the report on Monday.\nPlease check it."
    assert trim_reply(text) == text


@pytest.mark.parametrize(("subject", "text"), [
    ("Fwd: printer", "see below"), ("TR: imprimante", "voir ci-dessous"), ("WG: Drucker", "siehe unten"),
    ("RV: impresora", "abajo"), ("ENC: impressora", "abaixo"), ("转发: 打印机", "见下"),
    ("printer", "See below.\n\n---------- Forwarded message ---------\nFrom: Vendor <v@x.test>"),
    ("printer", "FYI\n\nBegin forwarded message:\n\nFrom: Vendor <v@x.test>"),
    ("printer", "FYI\n\n---------- Pesan yang diteruskan ---------\nDari: Vendor <v@x.test>"),
])
def test_forwards_are_recognised(subject: str, text: str) -> None:
    assert is_forward(subject, text)


@pytest.mark.parametrize(("subject", "text"), [
    ("Re: Fwd: printer", "Thanks\n\nOn Mon, Budi wrote:\n> x"), ("Printer", "It jams."), ("Vs: printer", "ok"),
    ("Test", "Hi\n\n-----Original Message-----\nFrom: Helpdesk\nSent: Monday"),
])
def test_replies_and_new_mail_are_not_forwards(subject: str, text: str) -> None:
    assert not is_forward(subject, text)
