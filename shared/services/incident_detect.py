"""Finding bursts: many reports sharing a word that is usually rare, in one time window. Pure
(no database), so the service, the tests and bench/incident_bench.py run the same rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from shared.services.incident_text import signature

RATIO = 3.0  # a word this many times above its usual rate is a burst, not the daily noise
CO_TERM_SHARE = 0.6  # a second word in this share of the burst's reports joins the topic


@dataclass(frozen=True)
class Report:
    id: int
    text: str
    reporter: str  # who or what reported (a requester, a machine): one person ten times is no burst


@dataclass(frozen=True)
class Burst:
    term: str  # the word that burst; new reports with it join the incident
    topic: str  # the term and the words most of its reports share, e.g. "vpn gateway"
    ticket_ids: tuple[int, ...]


def document_counts(texts: Sequence[str]) -> Counter[str]:
    """In how many of the texts each word occurs (the baseline)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(signature(text))
    return counts


def find_bursts(window: Sequence[Report], baseline: Mapping[str, int], *, min_tickets: int,
                window_minutes: float, baseline_minutes: float) -> list[Burst]:
    """Bursts among the window's reports, strongest first; a report belongs to at most one."""
    signatures = {r.id: signature(r.text) for r in window}
    counts: Counter[str] = Counter()
    for sig in signatures.values():
        counts.update(sig)
    scale = window_minutes / baseline_minutes if baseline_minutes > 0 else 0.0
    used: set[int] = set()
    bursts = []
    for term, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < min_tickets:
            break
        if count < RATIO * baseline.get(term, 0) * scale:
            continue  # as common as usual
        members = [r for r in window if r.id not in used and term in signatures[r.id]]
        if len(members) < min_tickets or len({r.reporter for r in members}) < 2:
            continue
        co: Counter[str] = Counter()
        for r in members:
            co.update(signatures[r.id] - {term})
        extra = [w for w, n in sorted(co.items(), key=lambda kv: (-kv[1], kv[0]))
                 if n >= CO_TERM_SHARE * len(members)][:2]
        used.update(r.id for r in members)
        bursts.append(Burst(term, " ".join([term, *extra]), tuple(sorted(r.id for r in members))))
    return bursts
