"""The text features a ticket is classified by: word unigrams and bigrams, and optionally
character n-grams inside words (robust to typos, inflections and Indonesian affixes).

The same functions feed scikit-learn's TfidfVectorizer (as its `analyzer`) when training and the
numpy-only predictor (model.py), so both always see the very same terms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
CHAR_MIN, CHAR_MAX = 3, 5
# Words that say nothing about the symptom (English and Indonesian): left out of the similar-ticket
# query ("please help, my printer" must not match every ticket that says "please") and of the
# words shown to explain a prediction. The model itself still sees them.
STOPWORDS = frozenset("""
the and for with not but from this that have has had are was were been can cannot could would will
please help need needs since when what why how any all our your you they them there here into about after
before again still just also very today yesterday morning urgent issue problem error does doesn working work
tidak bisa mohon bantuan tolong sejak dan yang untuk dengan ini itu ada sudah belum saya kami kita lagi
masih sangat hari pagi kemarin juga atau pada dari karena keep keeps every my
""".split())


def ticket_text(subject: str, description: str) -> str:
    """The text of a ticket as the model reads it: the subject says what it is about, so it is
    given twice the weight of the description."""
    return f"{subject}\n{subject}\n{description}"


def words(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams."""
    tokens = _TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def chars(text: str) -> list[str]:
    """Character n-grams (CHAR_MIN..CHAR_MAX) of each word padded with spaces, as scikit-learn's
    'char_wb' analyzer makes them."""
    return list(_char_ngrams(text.lower()))


def _char_ngrams(text: str) -> Iterator[str]:
    for token in text.split():
        padded = f" {token} "
        size = len(padded)
        for n in range(CHAR_MIN, CHAR_MAX + 1):
            if size < n:
                if n == CHAR_MIN:
                    yield padded
                break
            for start in range(size - n + 1):
                yield padded[start:start + n]
