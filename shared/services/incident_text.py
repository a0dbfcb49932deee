"""Text similarity for incident detection, behind two small functions so a better model (the
learned triage's similarity) can replace it in one place. Today: the knowledge base index's
words (`kb.terms`, the same tokeniser and stop words the KB and queue search use), less the words
every trouble report shares, compared by overlap."""

from __future__ import annotations

from shared.services import kb

# Words that say something is wrong but not what: a burst of "not working" is not one problem.
_GENERIC = frozenset("""
down working work works broken error errors problem problems issue issues help urgent again still
since today morning afternoon slow fail fails failed failing cant unable get got need needs please
rusak error masalah gangguan lambat tidak bisa gagal lagi hari pagi siang mati minta bantuan
""".split())


def signature(text: str) -> frozenset[str]:
    """The words of a ticket that can name its problem."""
    return frozenset(w for w in kb.terms(text) if w not in _GENERIC and not w.isdigit())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """0..1: how much of the smaller signature the other shares (short subjects count fully)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
