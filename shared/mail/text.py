"""Cutting a reply down to what the sender wrote: no signature, no quoted history.

One table of rules, each with a name (tests/mail/test_trim.py has a case per name). What a rule
finds is the start of the history (an attribution line such as "On … wrote:", an Outlook header
block) or of the signature. Top-posted replies keep what is above; bottom-posted and inline
replies (the quote first, the answer below) keep the unquoted lines. When nothing is left the
whole text is kept: storing less than the new text would lose what the customer wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["attribution", "original", "header", "signature"]


@dataclass(frozen=True)
class Rule:
    name: str
    kind: Kind
    pattern: re.Pattern[str]


def _r(name: str, kind: Kind, pattern: str) -> Rule:
    return Rule(name, kind, re.compile(pattern, re.IGNORECASE))


_ADDR_COLON = r"<?[^<>\s@]+@[^<>\s]+>?\s*[:：]\s*$"
RULES: tuple[Rule, ...] = (
    # attribution lines, tested on one line and on two joined (clients wrap long ones)
    _r("en", "attribution", r"^\s*on\b.{4,}\bwrote\s*:\s*$"),
    _r("id", "attribution", r"^\s*(pada\b.{4,})?\bmenulis\s*:\s*$"),
    _r("es", "attribution", r"^\s*el\b.{4,}\bescribió\s*:\s*$"),
    _r("pt", "attribution", r"^\s*(em|no dia)\b.{4,}\bescreveu\s*:\s*$"),
    _r("fr", "attribution", r"^\s*le\b.{4,}\ba\s+écrit\s*:\s*$"),
    _r("de", "attribution", r"^\s*(am\b.{4,}\bschrieb\b.*|.+\bschrieb\s+am\b.*)\s*:\s*$"),
    _r("nl", "attribution", r"^\s*(op\b.{4,}\bschreef\b.*|.+\bschreef\s+op\b.*)\s*:\s*$"),
    _r("it", "attribution", r"^\s*il\b.{4,}\bha\s+scritto\s*:\s*$"),
    _r("ru", "attribution", r"^.{4,}\b(пишет|написал|написала)\s*:\s*$"),
    _r("ja", "attribution", r"^.{4,}(のメール|のメッセージ|は書きました|さんは書きました)\s*[:：]\s*$"),
    _r("zh", "attribution", r"^.{4,}(写道|寫道)\s*[:：]\s*$"),
    # Gmail in most languages: "<date>, <name> <address>:" (Russian, Japanese, Chinese among them)
    _r("gmail-address", "attribution", r"^.*\d.*,.*" + _ADDR_COLON),
    # Outlook's separators, in the languages of our users' correspondents
    _r("outlook-original", "original",
       r"^\s*-{2,}\s*(original message|pesan asli|pesan awal|mensaje original|mensagem original"
       r"|message d'origine|ursprüngliche nachricht|oorspronkelijk bericht|messaggio originale"
       r"|исходное сообщение|元のメッセージ|原始邮件|原始郵件)\s*-{2,}\s*$"),
    _r("outlook-underscores", "original", r"^\s*_{10,}\s*$"),
    # Outlook's header block: a From line followed by Sent/Date/To/Subject within three lines
    _r("outlook-from", "header",
       r"^\s*\*?(from|dari|de|von|van|da|от|差出人|发件人|寄件者)\s*[:：]\*?\s+\S"),
    # signatures
    _r("sig-dashes", "signature", r"^--\s?$"),
    _r("sig-device", "signature",
       r"^\s*(sent from my\b|sent from mail for\b|sent from outlook\b|get outlook for\b|sent from yahoo mail\b"
       r"|sent via\b|dikirim dari\b|terkirim dari\b|enviado desde mi\b|enviado do meu\b|enviado de meu\b"
       r"|envoyé de mon\b|von meinem\b.*gesendet|verzonden (vanaf|met) mijn\b|inviato da\b|отправлено с\b"
       r"|.*から送信\s*$|发自我的|从我的.*发送|從我的.*傳送)"),
)
_HEADER_NEXT = re.compile(
    r"^\s*\*?(sent|date|to|subject|cc|dikirim|tanggal|kepada|subjek|perihal|enviado|fecha|para|asunto|assunto"
    r"|data|envoyé|date|à|objet|gesendet|datum|an|betreff|verzonden|aan|onderwerp|inviato|oggetto|a"
    r"|отправлено|дата|кому|тема|送信日時|宛先|件名|发送时间|收件人|主题|日期)\s*[:：]", re.IGNORECASE)


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def _match(lines: list[str], i: int) -> Rule | None:
    """The rule that starts history or signature at line i, or None."""
    line = lines[i].rstrip()
    nxt = lines[i + 1].rstrip() if i + 1 < len(lines) else ""
    if not line or _is_quote(line):
        return None
    # cheap guards first: most lines of a mail end in no colon and hold no separator
    colon = line.endswith((":", "：")) or nxt.endswith((":", "："))
    for rule in RULES:
        if rule.kind == "attribution" and not colon:
            continue
        if rule.kind == "signature":
            if rule.pattern.match(line):
                return rule
        elif rule.kind == "attribution":
            if rule.name == "gmail-address":  # loose: only when a quote follows
                follows = next((x for x in lines[i + 1:i + 3] if x.strip()), "")
                if _is_quote(follows) and rule.pattern.match(line):
                    return rule
            elif rule.pattern.match(line) or (
                    nxt and not _is_quote(nxt) and rule.pattern.match(line + " " + nxt)
                    # the next line may be a whole attribution itself; then this line is text unless
                    # it carries the attribution's date (Android wraps "<date> … <" / "addr> wrote:")
                    and (not rule.pattern.match(nxt) or re.search(r"\d", line))):
                return rule
        elif rule.kind == "original":
            if rule.name == "outlook-underscores":
                if RULES_BY_NAME["outlook-from"].pattern.match(nxt):
                    return rule
            elif rule.pattern.match(line):
                return rule
        elif rule.pattern.match(line) and any(_HEADER_NEXT.match(x) for x in lines[i + 1:i + 4]):
            return rule
    return None


RULES_BY_NAME = {r.name: r for r in RULES}


def _signature_cut(lines: list[str]) -> list[str]:
    for i in range(len(lines)):
        rule = _match(lines, i)
        if rule is not None and rule.kind == "signature":
            return lines[:i]
    return lines


def trim_reply(text: str) -> str:
    """The new text of a reply; the whole text when the rules leave nothing."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cut, rule = len(lines), None
    for i in range(len(lines)):
        rule = _match(lines, i)
        if rule is not None:
            cut = i
            break
    above = "\n".join(x for x in lines[:cut] if not _is_quote(x)).strip()
    if above:
        return above
    if rule is not None and rule.kind == "attribution":
        # bottom-posted or inline: the answer is what is not quoted below the attribution
        below = [x for x in lines[cut + 1:] if not _is_quote(x)]
        answer = "\n".join(_signature_cut(below)).strip()
        if answer and any(_is_quote(x) for x in lines[cut + 1:]):
            return answer
    return text.strip()


_FORWARD_SUBJECT = re.compile(  # "Fwd:" in the languages of our correspondents' mail programs
    r"^\s*(fwd?|fw|tr|wg|rv|enc|doorst|pd|fwd?\[\d+\]|пересл|переслать|転送|转发|轉寄)\s*[:：]", re.IGNORECASE)
_FORWARD_MARKER = re.compile(
    r"^\s*(-{5,}\s*(forwarded message|pesan yang diteruskan|mensaje reenviado|mensagem encaminhada"
    r"|message transféré|weitergeleitete nachricht|doorgestuurd bericht|messaggio inoltrato"
    r"|пересылаемое сообщение|転送されたメッセージ|转发的邮件)\s*-*|begin forwarded message:"
    r"|awal pesan yang diteruskan:)\s*$", re.IGNORECASE | re.MULTILINE)  # not "Original Message": Outlook replies


def is_forward(subject: str, text: str) -> bool:
    """A forwarded mail: what looks like quoted history is the content the helpdesk needs."""
    return bool(_FORWARD_SUBJECT.match(subject) or _FORWARD_MARKER.search(text))
