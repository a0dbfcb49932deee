"""Agents' queues: standard views, filters, sorting, paging, and saved filters.

Paging, sorting and filtering all happen in the database; callers never load a whole table.
Both OFFSET paging (random access for a scrolling table) and keyset paging (`after`: the last
row's sort key) are offered; keyset keeps deep pages as fast as the first.

Every standard view and sortable column has an index that returns rows in page order (migration
0002): the active-status views use partial indexes, so their filter is written as the literal SQL
the indexes were declared with (ACTIVE_SQL, STATUS_ORDER_SQL). Change one, change both.
Keyword search uses the full-text index (`search`, and the `text` filter of a query). On SQLite
each search document also holds its ticket's requester (migration 0020), so a requester's search
is answered by the FTS index alone: the words intersected with the requester's token, never a
lookup per match. PostgreSQL checks the requester's own documents by key instead (faster there).
A staff view's text filter likewise intersects the words with the view's terms (migration 0026,
on both databases): the queue views each ticket is in, kept in its search document.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Select,
    Table,
    and_,
    any_,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import CTE

from shared.auth.permissions import Actor, Permission, can, require
from shared.db.fts import TICKET_TERMS, fts5_string
from shared.errors import NotFound, ValidationFailed
from shared.i18n import _
from shared.models import SavedFilter, Ticket, User
from shared.models.enums import ACTIVE_STATUSES, Priority, Status
from shared.services._common import clean_text
from shared.services.dto import TicketRow, shown_subject
from shared.services.uow import UnitOfWork


class View(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    TEAM = "team"
    SLA = "sla"  # near or over SLA
    ALL = "all"
    OWN = "own"  # a requester's own tickets


SORTABLE = ("number", "priority", "subject", "requester", "status", "tier", "assignee", "sla",
            "updated", "created")


@dataclass(frozen=True)
class QueueQuery:
    view: View = View.ALL
    statuses: tuple[Status, ...] = ()  # empty: active ones, except in ALL and OWN
    priorities: tuple[Priority, ...] = ()
    text: str = ""
    category_id: int | None = None
    sort: str = "updated"
    descending: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["statuses"] = [s.value for s in self.statuses]
        data["priorities"] = [p.value for p in self.priorities]
        data["view"] = self.view.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueueQuery:
        return cls(view=View(data.get("view", "all")),
                   statuses=tuple(Status(s) for s in data.get("statuses", ())),
                   priorities=tuple(Priority(p) for p in data.get("priorities", ())),
                   text=str(data.get("text", "")), category_id=data.get("category_id"),
                   sort=str(data.get("sort", "updated")), descending=bool(data.get("descending", True)))


_Requester = aliased(User, name="requester")

# Literal SQL, identical to the partial-index predicates and expression indexes of migration 0002,
# so both planners can prove the index applies (bound parameters would hide the values).
ACTIVE_SQL = "tickets.status IN ('new', 'open', 'in_progress', 'pending_user', 'pending_vendor')"
STATUS_ORDER_SQL = ("CASE tickets.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'in_progress' THEN 2 "
                    "WHEN 'pending_user' THEN 3 WHEN 'pending_vendor' THEN 4 WHEN 'resolved' THEN 5 "
                    "WHEN 'closed' THEN 6 END")
assert tuple(s.value for s in Status)[:5] == tuple(s.value for s in ACTIVE_STATUSES)

# P1 < P2 < P3 < P4 sorts by urgency as plain text, so the priority column is its own sort key.
_PRIORITY_ORDER = Ticket.priority
_STATUS_ORDER: ColumnElement[Any] = literal_column(STATUS_ORDER_SQL)
# The status order's last active status whose SLA clock runs (new, open, in progress).
_LAST_RUNNING = max(i for i, s in enumerate(Status) if s.is_active and not s.pauses_sla)

# The search tables of migrations 0002 and 0020: not on the ORM metadata (autogenerate leaves them alone).
_FTS = Table("ticket_search", MetaData(), Column("rowid", Integer))  # SQLite FTS5


@functools.cache
def _tsv() -> Table:
    """PostgreSQL's search table. Built on first use: its TSVECTOR type would import SQLAlchemy's
    PostgreSQL dialect into every start on SQLite (the console's)."""
    from sqlalchemy.dialects.postgresql import TSVECTOR

    return Table("ticket_search", MetaData(), Column("ticket_id", Integer), Column("doc", TSVECTOR),
                 Column("span", TSVECTOR), Column("queue", TSVECTOR))


_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def _sort_column(sort: str) -> ColumnElement[Any]:
    columns: dict[str, Any] = {
        "number": Ticket.id, "priority": _PRIORITY_ORDER, "subject": Ticket.subject,
        "requester": _Requester.full_name, "status": _STATUS_ORDER, "tier": Ticket.tier,
        "assignee": Ticket.assignee_name, "sla": func.coalesce(
            Ticket.resolution_due_at, Ticket.created_at), "updated": Ticket.updated_at,
        "created": Ticket.created_at,
    }
    if sort not in columns:
        raise ValidationFailed(_("Cannot sort by '{sort}'. Choose one of: {choices}.").format(
            sort=sort, choices=", ".join(SORTABLE)), field="sort")
    column: ColumnElement[Any] = columns[sort]
    return column


def _postgres(uow: UnitOfWork) -> bool:
    return uow.session.get_bind().dialect.name == "postgresql"


def _where(uow: UnitOfWork, actor: Actor, query: QueueQuery, *, in_page_order: bool = False,
           assignee_indexed: bool = True, terms: tuple[str, ...] | None = None,
           listing: list[CTE] | None = None, walk: bool = False) -> list[ColumnElement[bool] | TextClause]:
    """The view's conditions. `in_page_order`: the caller reads one page in sort order (not a count).
    `assignee_indexed=False`: the assignee's condition is hidden from SQLite's planner (see page).
    `terms`: the view's terms a text filter's documents must hold one of (default: _view_terms').
    `listing`, `walk`: PostgreSQL's ways to read a text-filtered page (_text_condition)."""
    conds: list[ColumnElement[bool] | TextClause] = []
    own_only = query.view == View.OWN or not can(actor, Permission.TICKET_VIEW_ALL)
    assignee = Ticket.assignee_id if assignee_indexed else Ticket.assignee_id + 0
    if own_only:
        require(actor, Permission.TICKET_VIEW_OWN)
        conds.append(Ticket.requester_id == (actor.id or -1))
    elif query.view == View.MINE:
        conds.append(assignee == (actor.id or -1))
    elif query.view == View.UNASSIGNED:
        conds.append(assignee.is_(None))
    elif query.view == View.TEAM:
        teams = sorted(actor.team_ids or {-1})
        # One team (the usual case) is an equality, so the (team_id, key, id) index gives page order.
        conds.append(Ticket.team_id == teams[0] if len(teams) == 1 else Ticket.team_id.in_(teams))
    elif query.view == View.SLA:
        from shared.services.sla import near_breach_condition  # the SLA engine: not for the other views

        conds.append(near_breach_condition(uow.now()))
        conds.append(Ticket.sla_paused_at.is_(None))
        if query.sort == "status":
            # A paused clock is a waiting ticket (the workflow pauses it on pending_user and
            # pending_vendor, and only then): said on the status order too, a page by status,
            # waiting last, starts at the running tickets' index entries instead of reading every
            # waiting ticket's row to drop it (19,727 at 1M: 154 ms by status, descending). Only
            # for this sort: PostgreSQL misjudges the extra condition and read a page of 200 by
            # priority through a bitmap of the status index (9 -> 306 ms at 1M).
            conds.append(_STATUS_ORDER <= _LAST_RUNNING)
    if query.statuses:
        conds.append(Ticket.status.in_(query.statuses))
    elif query.view not in (View.ALL, View.OWN):
        conds.append(text(ACTIVE_SQL))
    if query.priorities:
        conds.append(Ticket.priority.in_(query.priorities))
    if query.category_id is not None:
        conds.append(Ticket.category_id == query.category_id)
    if query.extra.get("ids"):  # a given list (the dashboard's "show tickets"), at most one page's worth
        conds.append(Ticket.id.in_([int(i) for i in query.extra["ids"]][:500]))
    words = query.text.strip()
    if words:
        if terms is None and not own_only:
            view_terms = _view_terms(uow, actor, query)
            terms = view_terms.any_of if view_terms else None
        conds.append(_text_condition(uow, words, (actor.id or -1) if own_only else None, in_page_order,
                                     list(terms) if terms else None, listing, walk))
    return conds


# Migration 0026's terms of the queue views, in each open ticket's search document.
TERM_ASSIGNEE, TERM_UNASSIGNED, TERM_TEAM, TERM_RUNNING = "zzqa", "zzqu", "zzqt", "zzqr"


# The instant a running ticket comes near its SLA, by UTC year, month and day (migration 0026).
TERM_YEAR, TERM_MONTH, TERM_DAY = "zzqy", "zzqm", "zzqd"
_NO_TICKET = "zzq0"  # a term no document holds


@dataclass(frozen=True)
class _ViewTerms:
    """A staff view's terms (migration 0026) for its text filter. Every ticket of the view holds
    one of `any_of` (none given: every ticket, the ALL view). `exact`: holding one is being in the
    view (the view's other conditions are said by the ticket's columns, and a count can be read
    from the index alone), except for the holders of `checked` only, whose tickets say it."""

    any_of: tuple[str, ...]
    exact: bool
    checked: tuple[str, ...] = ()


def _view_terms(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> _ViewTerms | None:
    """The terms of a staff view's text filter (None: it has none). Only open tickets hold terms,
    so a filter on statuses that are not all open has none."""
    active = not query.statuses or all(s.is_active for s in query.statuses)
    exact = not (query.statuses or query.priorities or query.category_id is not None or query.extra.get("ids"))
    if query.view == View.ALL:
        return _ViewTerms((), exact)
    if not active or query.view == View.OWN:
        return None
    if query.view == View.MINE:
        return _ViewTerms((f"{TERM_ASSIGNEE}{actor.id or -1}",), exact)
    if query.view == View.UNASSIGNED:
        return _ViewTerms((TERM_UNASSIGNED,), exact)
    if query.view == View.TEAM:
        return _ViewTerms(tuple(f"{TERM_TEAM}{t}" for t in sorted(actor.team_ids or {-1})), exact)
    if query.view == View.SLA:
        near = _near_terms(uow)
        if near is None:  # a clock before OLDEST_YEAR: the running tickets, the time checked on each
            return _ViewTerms((TERM_RUNNING,), False)
        past, today = near
        return _ViewTerms((*past, *today) or (_NO_TICKET,), exact, today)
    return None


# Migration 0026 writes an instant of an earlier year as this year's: a query names the years since.
OLDEST_YEAR = 2019


def _near_terms(uow: UnitOfWork) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The terms of the running tickets near their SLA now (the SLA view): those of the past
    years, of this year's past months and of this month's past days, all near; and today's, whose
    tickets are near once their instant has come (None: a clock too early for them). SQLite
    keeps only the terms its index holds (the vocabulary, one statement): FTS5 looks each term of
    an OR up in every segment, ~0.2 ms for one it does not hold at 1M tickets."""
    now = uow.now().astimezone(UTC)
    if now.year <= OLDEST_YEAR:
        return None
    y, ym, ymd = f"{now:%Y}", f"{now:%Y%m}", f"{now:%Y%m%d}"
    past = [f"{TERM_YEAR}{n}" for n in range(OLDEST_YEAR, now.year)]
    past += [f"{TERM_MONTH}{y}{n:02d}" for n in range(1, now.month)]
    past += [f"{TERM_DAY}{ym}{n:02d}" for n in range(1, now.day)]
    today = [f"{TERM_DAY}{ymd}"]
    if not _postgres(uow):
        ranges = ((TERM_YEAR, TERM_YEAR + y), (TERM_MONTH + y, TERM_MONTH + ym), (TERM_DAY + ym, TERM_DAY + ymd + "~"))
        held = set(uow.session.scalars(text(" UNION ALL ".join(
            f"SELECT term FROM {TICKET_TERMS} WHERE term >= :lo{n} AND term < :hi{n}" for n in range(len(ranges)))),
            {k: v for n, (lo, hi) in enumerate(ranges) for k, v in ((f"lo{n}", lo), (f"hi{n}", hi))}))
        past, today = [t for t in past if t in held], [t for t in today if t in held]
    return tuple(past), tuple(today)


def _text_condition(uow: UnitOfWork, words: str, requester: int | None, in_page_order: bool,
                    terms: list[str] | None = None, listing: list[CTE] | None = None,
                    walk: bool = False) -> ColumnElement[bool]:
    try:
        number: int | None = uow.parse_number(words)
    except ValidationFailed:
        number = None
    ids = _matching_ids(uow, words, requester, prefix=True, terms=terms)
    if ids is None:
        matched = Ticket.id == -1
    elif in_page_order and not _postgres(uow) and _at_least(uow, ids, WALK_FROM):
        # SQLite has no estimate of how many documents match, so it always looks every match up
        # by key and sorts them all: 54,000 tickets hold "printer" at 1M, 210 ms for a page.
        # With the key hidden from the planner (id + 0) it walks the view's index in page order
        # instead and checks each ticket against the matches, stopping at the page: 26 ms. A rare
        # word would walk the whole view that way, so that plan is only taken for common words,
        # and never for a count (which reads every match anyway: by key is then the cheaper).
        matched = (Ticket.id + 0).in_(ids)
    elif in_page_order and _postgres(uow) and requester is None:
        # PostgreSQL estimates a view and the words apart and misjudges what they share: expecting
        # 1,347 unassigned tickets where there are 24,740, it walked them all, checking each one's
        # document by key, rather than ask the GIN index for the 4,071 holding "password" and the
        # view's term (migration 0026): 350 ms for a page; and expecting 2,514 tickets to hold
        # "akun terkunci" where 42,030 do, it read them all and sorted them (430 ms). Up to
        # PG_LISTED_UP_TO of them are read first, in one GIN scan, and the page looked up among
        # them by id. More, and they are common enough in the view for a walk of the view in page
        # order to stop soon: each ticket's document is checked by key (a subquery the planner
        # cannot turn into a join, OFFSET 0), and the page ends the walk (~800 checks for the
        # SLA view's "password" at 1M: 660 -> ~20 ms).
        # Words the planner expects in more documents than that are walked at once: its estimate
        # for single words is good, and listing "password"'s 296,000 cost a whole GIN scan. The
        # others are listed in the page's statement, as an array the statement makes once from
        # the capped scan (the ids never travel to Python: 5,000 of them cost ~20 ms of the
        # client's CPU there and back); the statement also counts them, and `page` reads the page
        # again by the walk when they were more than the cap (`listing` holds the capped scan).
        listed = ids.limit(PG_LISTED_UP_TO + 1)
        if not walk and _expected(uow, ids) <= PG_LISTED_UP_TO and (
                listing is not None
                or (uow.session.scalar(select(func.count()).select_from(listed.subquery())) or 0) <= PG_LISTED_UP_TO):
            if listing is not None:  # one scan for the array and the count: a CTE, evaluated once
                shared = listed.cte("listed").prefix_with("MATERIALIZED")
                listing.append(shared)
                # Checked first, once (a one-time filter): more than the cap, and no row is read.
                few = select(func.count()).select_from(shared).scalar_subquery() <= PG_LISTED_UP_TO
                matched = and_(few, Ticket.id == any_(func.array(select(shared.c.ticket_id).scalar_subquery())))
            else:
                matched = Ticket.id == any_(func.array(listed.scalar_subquery()))
        else:
            matched = ids.where(_tsv().c.ticket_id == Ticket.id).offset(0).exists()
    else:
        matched = Ticket.id.in_(ids)
    return or_(Ticket.id == number, matched) if number is not None else matched


def _expected(uow: UnitOfWork, q: Select[Any]) -> int:
    """How many rows PostgreSQL's planner expects `q` to return (EXPLAIN, ~1 ms)."""
    compiled = q.compile(dialect=uow.session.get_bind().dialect)
    plan = uow.session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params).scalar_one()
    return int(plan[0]["Plan"]["Plan Rows"])


# Up to this many tickets of a view holding the words, a text-filtered page on PostgreSQL reads
# their ids first (one GIN scan) and looks the page up among them by key (~3 us a ticket).
PG_LISTED_UP_TO = 5000


# From this many matching documents a text-filtered page walks the view in page order (SQLite).
# A lookup per match costs ~3 us and a walked index entry ~0.2 us; a page of 25 walks about
# 25 x tickets / matches entries, so the two meet near 1,300 matches at 1M tickets, 400 at 100k.
WALK_FROM = 1000


# From this many tickets a view sorted by requester walks the users by name (SQLite, page). The
# walk reads about 25 x active / n tickets for a page (≤ 1,900 at 1M), a sort all n (~3.5 us each).
REQUESTERS_WALKED_FROM = 2000


def _at_least(uow: UnitOfWork, ids: Select[Any], n: int) -> bool:
    """Whether the full-text query `ids` matches n documents or more (reads at most n of them)."""
    capped = ids.limit(n).subquery()
    return int(uow.session.scalar(select(func.count()).select_from(capped)) or 0) >= n


def _fts_query(words: list[str], requester: int | None, prefix: bool,
               variants: dict[str, list[str] | None] | None = None, terms: list[str] | None = None) -> str:
    """An FTS5 MATCH expression: every word must occur (prefix match for words of 3+ letters).

    `variants` (from `_variants`) names, for a word to be matched as a prefix, the index's other
    terms that start with it: the word is then matched as the OR of those exact terms, which FTS5
    reads lazily, newest first, instead of merging every matching term's whole list first
    (None: too many terms, so the prefix query after all).
    The words are looked for in the text columns only, never in the requester column. For a
    requester (`requester` = their id) the document must also be theirs, and internal notes are
    not searched. `terms` (a staff view's, _view_terms): the document must also hold one of them
    in the requester column."""
    looked_up = variants or {}
    parts = [_fts_word(w, prefix, looked_up) for w in words]
    expr = " AND ".join(parts)
    if requester is not None:
        return f'{{subject description replies}} : ({expr}) AND requester : "{FTS_REQUESTER}{int(requester)}"'
    if any(_may_match_requester_token(w, prefix) for w in words):
        expr = f"{{subject description replies notes}} : ({expr})"
    # else no column filter: FTS5 would read every match's position list to apply it
    if terms:
        expr = f"{expr} AND requester : ({' OR '.join(fts5_string(t) for t in terms)})"
    return expr


def _fts_word(word: str, prefix: bool, variants: dict[str, list[str] | None]) -> str:
    if not prefix or len(word) < 3:
        return fts5_string(word)
    longer = variants.get(word)
    if longer is None:  # not looked up, or too many terms: the prefix query
        return f"{fts5_string(word)}*"
    if not longer:
        return fts5_string(word)
    return "(" + " OR ".join(fts5_string(t) for t in (word, *longer)) + ")"


# A prefix of 2 or 3 letters has an index of its own (migration 0020's prefix = '2 3'), which FTS5
# reads like a term. A longer one it answers by merging the whole list of every term that starts
# with it before returning a first match: "driver"* cost 48 ms at 1M tickets for the newest 2,000
# matches, "driver" 2 ms, and ranking merged them again. Such a word is looked up in the index's
# vocabulary instead (`_variants`) and matched as the OR of its exact terms.
EXPAND_FROM = 4
EXPAND_AT_MOST = 32
# Words the tokenizer (unicode61, diacritics removed) keeps exactly as they are, so that the index
# holds them under the same spelling: lower-case ASCII letters and digits.
_PLAIN_TOKEN = re.compile(r"[a-z0-9]+")


def _variants(uow: UnitOfWork, words: list[str]) -> dict[str, list[str] | None]:
    """For each word matched as a prefix beyond the prefix indexes: the index's terms that start
    with it, other than the word itself (None for more than EXPAND_AT_MOST). One statement for all
    of them. The word itself is left out of the range (`>= word + NUL`) because fts5vocab counts
    the documents of every term it returns, and the word alone is often the commonest of them
    (296,000 documents hold "password" at 1M tickets: 12 ms to count, 0.5 ms to skip)."""
    plain = [w for w in words if len(w) >= EXPAND_FROM and _PLAIN_TOKEN.fullmatch(w)]
    if not plain:
        return {}
    selects, params = [], {}
    for n, word in enumerate(plain):
        params[f"lo{n}"], params[f"hi{n}"] = word + "\x00", word + "\U0010ffff"
        selects.append(f"SELECT {n} AS word, term FROM (SELECT term FROM {TICKET_TERMS} "
                       f"WHERE term >= :lo{n} AND term < :hi{n} LIMIT {EXPAND_AT_MOST + 1})")
    found: dict[str, list[str] | None] = {w: [] for w in plain}
    for n, term in uow.session.execute(text(" UNION ALL ".join(selects)), params):
        terms = found[plain[n]]
        if terms is not None:
            terms.append(str(term))
            if len(terms) > EXPAND_AT_MOST:
                found[plain[n]] = None
    return found


FTS_REQUESTER = "zzreq"  # the requester column's token is this and the id (migration 0020)
# Every token of the requester column starts so: the requester's and the views' (migration 0026).
_TOKEN_START = "zz"


def _may_match_requester_token(word: str, prefix: bool) -> bool:
    """Whether `word` (a prefix when `prefix` and 3+ letters long) could match a token of the
    requester column (the requester's, zzreq<id>, or a view's, zzq…)."""
    return word.startswith(_TOKEN_START) or (prefix and len(word) >= 3 and _TOKEN_START.startswith(word))


def _ts_query(lexemes: list[str], own_only: bool, prefix: bool,
              variants: dict[str, list[str] | None] | None = None) -> str:
    """A to_tsquery expression in the same spirit; weight D (notes) is left out for requesters.
    A prefix whose terms were looked up (`variants`, _pg_lexemes) is the OR of those terms."""
    weights = "ABC" if own_only else ""

    def quoted(lex: str, star: str = "") -> str:
        q = "'" + lex.replace("'", "''").replace("\\", "\\\\") + "'"
        return f"{q}:{star}{weights}" if star or weights else q

    parts = []
    for lex in lexemes:
        terms = (variants or {}).get(lex)
        if not prefix or len(lex) < 3:
            parts.append(quoted(lex))
        elif terms is None:  # not looked up, or too many terms: the prefix query
            parts.append(quoted(lex, "*"))
        elif len(terms) <= 1:  # one term (often the word itself), or none: nothing else can match
            parts.append(quoted(terms[0] if terms else lex))
        else:
            parts.append("(" + " | ".join(quoted(t) for t in terms) + ")")
    return " & ".join(parts)


# The words' lexemes, each with the index's terms that start with it when it is long enough to be
# looked up (migration 0025's ticket_terms, bytewise order: at most EXPAND_AT_MOST + 1 of them),
# and the newest search document's ticket id: one statement.
_PG_LEXEMES = text("""
    SELECT w.lexeme,
           CASE WHEN char_length(w.lexeme) >= :expand_from THEN ARRAY(
             SELECT DISTINCT t.lexeme FROM ticket_terms t
             WHERE t.lexeme >= w.lexeme COLLATE "C" AND t.lexeme < (w.lexeme || chr(1114111)) COLLATE "C"
             ORDER BY t.lexeme LIMIT :at_most) END AS terms,
           (SELECT max(ticket_id) FROM ticket_search) AS newest
    FROM unnest(tsvector_to_array(to_tsvector('simple', :words))) AS w(lexeme)""")


def _pg_lexemes(uow: UnitOfWork, words: str,
                requester: int | None) -> tuple[list[str], dict[str, list[str] | None], int | None]:
    """The words' lexemes, sorted, as PostgreSQL's own parser splits them, so query and documents
    agree on tokens (e-mail addresses, hyphenated words, codes like 0x80070005); the index's terms
    that start with each lexeme of EXPAND_FROM+ letters (None: more than EXPAND_AT_MOST, so the
    prefix query after all; GIN answers a prefix by merging the whole list of every term that
    starts with it, 4x slower at 1M than their OR); the newest search document's ticket id.

    No terms for a requester's search: PostgreSQL finds its matches among the requester's own
    documents, read by key, which the prefix query's estimate leads it to; with the OR of exact
    terms it expected few matches in the whole index and read them all through GIN instead
    ("akun terkunci" 5 -> 389 ms at 1M)."""
    expand_from = EXPAND_FROM if requester is None else 1 << 30
    rows = uow.session.execute(_PG_LEXEMES, {"words": words, "expand_from": expand_from,
                                             "at_most": EXPAND_AT_MOST + 1}).all()
    variants: dict[str, list[str] | None] = {
        r.lexeme: (list(r.terms) if len(r.terms) <= EXPAND_AT_MOST else None) for r in rows if r.terms is not None}
    return sorted(r.lexeme for r in rows), variants, (rows[0].newest if rows else None)


def _search_expr(uow: UnitOfWork, words: str, requester: int | None, prefix: bool,
                 terms: list[str] | None = None) -> str | None:
    """The words' query (SQLite: with the view's `terms`, which PostgreSQL matches apart)."""
    if _postgres(uow):
        lexemes, variants, _newest = _pg_lexemes(uow, words, requester)
        return _ts_query(lexemes, requester is not None, prefix, variants) if lexemes else None
    found = list(dict.fromkeys(w.lower() for w in _WORDS.findall(words)[:16]))
    if not found:
        return None
    return _fts_query(found, requester, prefix, _variants(uow, found) if prefix else None, terms)


def _ts_match(expr: str) -> ColumnElement[bool]:
    """doc @@ expr. A weight-restricted query (requesters: no notes) is also matched without its
    weights first: that form is what the GIN index answers; the weights are then a recheck."""
    tsv = _tsv()
    match = tsv.c.doc.bool_op("@@")(func.to_tsquery("simple", expr))
    plain = re.sub(r"':(\*?)ABC", lambda m: "':*" if m.group(1) else "'", expr)
    if plain == expr:
        return match
    return and_(tsv.c.doc.bool_op("@@")(func.to_tsquery("simple", plain)), match)


def _matching_ids(uow: UnitOfWork, words: str, requester: int | None, *, prefix: bool,
                  terms: list[str] | None = None) -> Select[Any] | None:
    """The ids of the documents holding the words and, given `terms`, one of them (a view's)."""
    expr = _search_expr(uow, words, requester, prefix, terms)
    if expr is None:
        return None
    if _postgres(uow):
        tsv = _tsv()
        ids = select(tsv.c.ticket_id).where(_ts_match(expr))
        if terms:
            ids = ids.where(tsv.c.queue.bool_op("@@")(func.to_tsquery("simple", " | ".join(terms))))
        return ids
    return select(_FTS.c.rowid).where(literal_column("ticket_search").bool_op("MATCH")(expr))


def _base(columns: Select[Any]) -> Select[Any]:
    return columns.join(_Requester, _Requester.id == Ticket.requester_id)


# What a TicketRow shows, read as columns: no ORM object per row (a page of 200 cost 12 ms of
# CPU as objects, on a worker thread that holds the GIL the console's event loop needs).
_ROW_COLUMNS = (Ticket.id, Ticket.priority, Ticket.subject, Ticket.said, Ticket.status, Ticket.tier,
                Ticket.assignee_name, Ticket.response_due_at, Ticket.resolution_due_at,
                Ticket.first_responded_at, Ticket.sla_paused_at, Ticket.updated_at, Ticket.created_at,
                _Requester.full_name.label("requester"))


# Enum members by value: a dictionary lookup, where calling the enum runs its lookup machinery (a
# page of 500 rows reads 1,000 of them on the worker thread, which holds the interpreter's lock).
_PRIORITY_OF = {p.value: p for p in Priority}
_STATUS_OF = {s.value: s for s in Status}


def _row_of(r: Any, uow: UnitOfWork) -> TicketRow:
    """The TicketRow of a row of _ROW_COLUMNS, numbered with `uow`'s ticket prefix."""
    return TicketRow(
        id=r.id, number=uow.number(r.id), priority=_PRIORITY_OF.get(r.priority) or Priority(r.priority),
        subject=shown_subject(r.subject, r.said),
        requester=r.requester, status=_STATUS_OF.get(r.status) or Status(r.status), tier=r.tier,
        assignee=r.assignee_name or None,
        response_due_at=r.response_due_at, resolution_due_at=r.resolution_due_at,
        first_responded_at=r.first_responded_at, sla_paused=r.sla_paused_at is not None,
        updated_at=r.updated_at, created_at=r.created_at)


DEEP_OFFSET = 1000  # from here on an OFFSET page is found through the index, then read by keyset


def page(uow: UnitOfWork, actor: Actor, query: QueueQuery, *, offset: int = 0, limit: int = 25,
         after: tuple[Any, int] | None = None) -> list[TicketRow]:
    """One page of the queue. `after` = (sort value, id) of the last row seen, for keyset paging."""
    if limit < 1 or limit > 500 or offset < 0:
        raise ValidationFailed(_("A page holds 1 to 500 rows, from offset 0 on."), field="limit")
    with uow:
        key = _sort_column(query.sort)
        listing: list[CTE] = []
        where = _where(uow, actor, query, in_page_order=True, listing=listing)
        if listing:
            rows = _read_page(uow, query, key, where, offset, limit, after, listing[0])
            # No row: none shared, or more than the cap (the statement read none then).
            listed = rows[0].listed if rows else uow.session.scalar(select(func.count()).select_from(listing[0]))
            if (listed or 0) <= PG_LISTED_UP_TO:
                return [_row_of(r, uow) for r in rows]
            where = _where(uow, actor, query, in_page_order=True, walk=True)  # more than listed: walk
        if (query.sort == "requester" and query.view in (View.MINE, View.UNASSIGNED) and not _postgres(uow)
                and _at_least(uow, select(Ticket.id).where(*where), REQUESTERS_WALKED_FROM)):
            # SQLite sorts a view by requester by reading every ticket of the view through the
            # assignee's index and sorting them all (24,740 unassigned tickets at 1M: 88 ms). For a
            # big view, walking the users by name and each one's active tickets finds a page after
            # a few dozen users; with the assignee's index hidden it takes that plan (ALL's).
            where = _where(uow, actor, query, in_page_order=True, assignee_indexed=False)
        return [_row_of(r, uow) for r in _read_page(uow, query, key, where, offset, limit, after)]


def _read_page(uow: UnitOfWork, query: QueueQuery, key: ColumnElement[Any],
               where: list[ColumnElement[bool] | TextClause], offset: int, limit: int,
               after: tuple[Any, int] | None, listed: CTE | None = None) -> list[Any]:
    """The rows of a page (`page`). `listed`: a text filter's capped scan whose ids the statement
    lists (PostgreSQL): each row also says how many it found (`listed`), from the same scan."""
    lead: list[Any] = []
    if query.view == View.UNASSIGNED and query.sort != "requester" and _postgres(uow):
        # PostgreSQL does not take `assignee_id IS NULL` as fixing the column for the order (an
        # equality would), so it did not see that the unassigned index (assignee_id, key, id)
        # gives the page in order; expecting few unassigned tickets (1,198 for 24,741 at 1M),
        # it read every active ticket and sorted them (a page of 200 by priority: 141 ms).
        # Ordering by the assignee first, NULL for every row, says it.
        lead = [Ticket.assignee_id]
    if after is None and offset >= DEEP_OFFSET and query.sort != "requester":
        # A deep OFFSET read skips whole rows (table and requester); the row just before the
        # page, found by skipping entries of the view's covering index, makes it a keyset read.
        order = [c.desc() if query.descending else c.asc() for c in (*lead, key, Ticket.id)]
        boundary = uow.session.execute(select(key, Ticket.id).where(*where)
                                       .order_by(*order).offset(offset - 1).limit(1)).first()
        if boundary is None:
            return []
        after, offset = (boundary[0], boundary[1]), 0
    q = _base(select(*_ROW_COLUMNS)).where(*where)
    if listed is not None:
        q = q.add_columns(select(func.count()).select_from(listed).scalar_subquery().label("listed"))
    # By requester: (name, requester id, ticket id), so the plan can walk users by name and
    # each one's tickets by id (indexes ix_users_full_name, ix_tq_active_requester).
    tail: list[Any] = [_Requester.id, Ticket.id] if query.sort == "requester" else [Ticket.id]
    if after is not None:
        value, last_id = after
        last: list[Any] = [last_id]
        if query.sort == "requester":
            last = [select(Ticket.requester_id).where(Ticket.id == last_id).scalar_subquery(), last_id]
        rest = tuple_(*tail) if len(tail) > 1 else tail[0]
        rest_value = tuple_(*last) if len(last) > 1 else last[0]
        # `key <= value AND (...)`, not a bare OR: the first term is an index range, so a deep
        # page starts reading where the last one stopped.
        if query.descending:
            q = q.where(key <= value, or_(key < value, rest < rest_value))
        else:
            q = q.where(key >= value, or_(key > value, rest > rest_value))
    ordered: list[Any] = [*lead, key, *tail]
    order = [c.desc() for c in ordered] if query.descending else [c.asc() for c in ordered]
    q = q.order_by(*order).limit(limit)
    if after is None:
        q = q.offset(offset)
    return list(uow.session.execute(q))


SEARCH_WINDOW = 2000


def search(uow: UnitOfWork, actor: Actor, text: str, *, limit: int = 25) -> list[TicketRow]:
    """Tickets whose subject, description, replies or notes hold every word of `text`, best first.

    Ranked by bm25 (SQLite FTS5) or ts_rank (PostgreSQL): subject weighs most, then description,
    replies, notes. Words of 3+ letters also match as prefixes (search as you type). Only the
    newest SEARCH_WINDOW matching tickets are ranked: a word found in a tenth of all tickets would
    otherwise cost a rank computation per match; on a help desk the recent matches are the useful ones.
    Permission: ticket:view_all, or ticket:view_own: requesters find only their own tickets, and
    never by the words of internal notes. Raises ValidationFailed for a bad limit.
    """
    if limit < 1 or limit > 500:
        raise ValidationFailed(_("A page holds 1 to 500 rows, from offset 0 on."), field="limit")
    own_only = not can(actor, Permission.TICKET_VIEW_ALL)
    if own_only:
        require(actor, Permission.TICKET_VIEW_OWN)
    with uow:
        requester = (actor.id or -1) if own_only else None
        if _postgres(uow):
            lexemes, variants, newest_id = _pg_lexemes(uow, text, requester)
            if not lexemes:
                return []
            ts_expr = _ts_query(lexemes, requester is not None, True, variants)
            return _search_postgres(uow, ts_expr, requester, limit, newest_id)
        expr = _search_expr(uow, text, requester, prefix=True)
        if expr is None:
            return []
        match = literal_column("ticket_search").bool_op("MATCH")(expr)
        # The requester column weighs nothing: it only narrows a requester's search.
        rank = func.bm25(literal_column("ticket_search"), 4.0, 1.0, 1.5, 0.5, 0.0)
        top = select(_FTS.c.rowid.label("id"), rank.label("rank")).where(match)
        if requester is None:
            # FTS5 reads matches newest first; rank only the newest SEARCH_WINDOW of them.
            newest = (select(_FTS.c.rowid).where(match).order_by(_FTS.c.rowid.desc())
                      .limit(SEARCH_WINDOW).subquery())
            top = top.where(_FTS.c.rowid >= select(func.min(newest.c.rowid)).scalar_subquery())
        top = top.order_by(rank.asc(), _FTS.c.rowid.desc()).limit(limit)
        ranked = [int(i) for i, _r in uow.session.execute(top).all()]
        if not ranked:
            return []
        shown = _base(select(*_ROW_COLUMNS)).where(Ticket.id.in_(ranked))
        if requester is not None:  # the index said so; the ticket itself is the authority
            shown = shown.where(Ticket.requester_id == requester)
        by_id = {r.id: _row_of(r, uow) for r in uow.session.execute(shown)}
        return [by_id[i] for i in ranked if i in by_id]


def _search_postgres(uow: UnitOfWork, expr: str, requester: int | None, limit: int,
                     newest_id: int | None = None) -> list[TicketRow]:
    """`search` on PostgreSQL in one statement: the newest SEARCH_WINDOW matching documents,
    ranked as they are read (the plain form found the window's ids, then read each of its
    documents again by key to rank it: ~2,000 lookups for a common word), and the top `limit`
    tickets' rows, joined to them as columns (no ORM object per row). The words stay constants
    of the statement: PostgreSQL plans each read afresh (psycopg's prepared statements do not
    outlive a read's rollback), so it sees them and picks the GIN index, a newest-first walk or,
    for a requester, their own documents by key (their ticket list: measured faster than a GIN
    intersection with a requester token, migration 0020's note). A staff search over many spans
    of ids whose plan would read every match is read span by span (`_search_by_spans`)."""
    if (requester is None and newest_id is not None and newest_id >> SPAN_BITS >= SPANS_FROM
            and _reads_every_match(uow, expr)):
        return _search_by_spans(uow, expr, newest_id, limit)
    tsv = _tsv()
    candidates = select(tsv.c.ticket_id, tsv.c.doc).where(_ts_match(expr))
    if requester is not None:
        candidates = candidates.where(tsv.c.ticket_id.in_(
            select(Ticket.id).where(Ticket.requester_id == requester)))
    newest = candidates.order_by(tsv.c.ticket_id.desc()).limit(SEARCH_WINDOW).subquery()
    rank = func.ts_rank(newest.c.doc, func.to_tsquery("simple", expr))
    top = (select(newest.c.ticket_id.label("id"), rank.label("rank"))
           .order_by(rank.desc(), newest.c.ticket_id.desc()).limit(limit).subquery())
    shown = _base(select(*_ROW_COLUMNS).join(top, top.c.id == Ticket.id))
    if requester is not None:  # the index said so; the ticket itself is the authority
        shown = shown.where(Ticket.requester_id == requester)
    shown = shown.order_by(top.c.rank.desc(), top.c.id.desc())
    return [_row_of(r, uow) for r in uow.session.execute(shown)]


SPAN_BITS = 14  # migration 0025: ticket_search.span holds the lexeme str(ticket_id >> SPAN_BITS)
# The newest tickets whose spans a span-by-span search reads first. A step reads every match in
# its spans, and the next is sized by the rate of matches found: measured at 1M, 2^16 gave p95
# 24 ms (most searches in two steps), 2^18 47 ms (one step, but 10,305 rows for "akun terkunci").
FIRST_STEP = 1 << 16
# Below this many spans (262,144 tickets) every match of a search is few enough to read at once,
# and the plan's check and the steps would cost more than they save (measured at 100k).
SPANS_FROM = 16


# The plan of a staff search's window (_search_postgres's `newest` for a query without weights),
# as driver SQL: compiling the statement to explain it cost more CPU than the search.
_WINDOW_PLAN = ("EXPLAIN (FORMAT JSON) SELECT ticket_id, doc FROM ticket_search "
                "WHERE doc @@ to_tsquery('simple', %(q)s) ORDER BY ticket_id DESC LIMIT %(n)s")


def _reads_every_match(uow: UnitOfWork, expr: str) -> bool:
    """Whether the planner would find a staff search's window by reading every match through the
    GIN index and sorting them all (it expects fewer matches than the window), rather than
    walking the documents newest first until the window is full (it expects many). Its
    expectation takes the words to be independent: for words that come together it is a
    fraction of the matches."""
    plan = uow.session.connection().exec_driver_sql(_WINDOW_PLAN, {"q": expr, "n": SEARCH_WINDOW}).scalar_one()
    return "Bitmap Heap Scan" in repr(plan)


def _search_by_spans(uow: UnitOfWork, expr: str, newest: int, limit: int) -> list[TicketRow]:
    """A staff search on PostgreSQL: its window read span by span, newest first, until
    SEARCH_WINDOW matches are read or the oldest span is. The first step reads the spans of the
    newest FIRST_STEP tickets; each next one as many spans as the matches found so far say the
    rest of the window needs, a quarter more (all the rest after a step that found none). One
    statement per step ranks that step's part of the window and reads the rows of its best
    `limit`; the best of the steps are the search's answer, the same as one ranking of the whole
    window (tests/perf/test_search.py compares them).

    Why: the planner takes a query's words to be independent, so words that come together
    ("akun terkunci": 313 matches expected, 16,583 found at 1M) make it read every match through
    the GIN index and sort them all to keep the newest window (150–230 ms). The spans' lexemes
    (migration 0025) narrow that GIN scan to the step's spans, whatever the estimate: a step reads
    the matches of its spans, not every match there is."""
    from sqlalchemy.dialects.postgresql import TSQUERY

    tsv = _tsv()
    query = func.to_tsquery("simple", expr)
    best: list[Any] = []
    found, span, width = 0, newest >> SPAN_BITS, max(1, FIRST_STEP >> SPAN_BITS)
    while span >= 0 and found < SEARCH_WINDOW:
        spans = " | ".join(f"'{n}'" for n in range(span, max(span - width, -1), -1))
        window = (select(tsv.c.ticket_id, tsv.c.doc)
                  .where(_ts_match(expr), tsv.c.span.bool_op("@@")(cast(spans, TSQUERY)))
                  .order_by(tsv.c.ticket_id.desc()).limit(SEARCH_WINDOW - found).subquery())
        rank = func.ts_rank(window.c.doc, query)
        top = (select(window.c.ticket_id.label("id"), rank.label("rank"), func.count().over().label("n"))
               .order_by(rank.desc(), window.c.ticket_id.desc()).limit(limit).subquery())
        rows = uow.session.execute(_base(select(*_ROW_COLUMNS, top.c.rank, top.c.n)
                                         .join(top, top.c.id == Ticket.id))).all()
        got = rows[0].n if rows else 0
        found, span = found + got, span - width
        best += rows
        if got:  # the window's rest at the matches' rate so far, a quarter more
            read = newest + 1 - ((span + 1) << SPAN_BITS)  # the ticket ids read so far
            width = max(1, math.ceil((SEARCH_WINDOW - found) * read * 1.25 / found / (1 << SPAN_BITS)))
        else:  # none here: the rest are few, and each step scans the words' index entries again
            width = span + 1
    best.sort(key=lambda r: (-r.rank, -r.id))
    return [_row_of(r, uow) for r in best[:limit]]


def sort_key(row: TicketRow, sort: str) -> tuple[Any, int]:
    """The `after` value for keyset paging from a row, for any sortable column."""
    values: dict[str, Any] = {
        "number": row.id, "updated": row.updated_at, "created": row.created_at, "tier": row.tier,
        "subject": row.subject, "priority": row.priority.value, "status": list(Status).index(row.status),
        "sla": row.resolution_due_at or row.created_at, "requester": row.requester,
        "assignee": row.assignee or ""}
    if sort not in values:
        raise ValidationFailed(_("Cannot sort by '{sort}'. Choose one of: {choices}.").format(
            sort=sort, choices=", ".join(SORTABLE)), field="sort")
    return values[sort], row.id


def count(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> int:
    """The exact number of tickets in the view. Same permissions as `page`."""
    with uow:
        return _exact_count(uow, actor, query)


def _exact_count(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> int:
    indexed = _indexed_count(uow, actor, query)
    if indexed is not None:
        return indexed
    q = select(func.count()).select_from(Ticket).where(*_where(uow, actor, replace(query, sort="number")))
    return int(uow.session.scalar(q) or 0)


def _indexed_count(uow: UnitOfWork, actor: Actor, query: QueueQuery) -> int | None:
    """A text filter's count read from the search index alone, where the view's terms say the view
    exactly (None: not so). Each document is one ticket's, kept by the same triggers as its terms.
    A view and the words each hold tens of thousands of tickets at 1M; checking each of the
    shared ones in the tickets table was most of a count (the busiest agent's "password" on
    SQLite: 2,838 tickets, 1.8 s, for the index's intersection a few ms)."""
    words = query.text.strip()
    if not words or query.view == View.OWN or not can(actor, Permission.TICKET_VIEW_ALL):
        return None
    view = _view_terms(uow, actor, query)
    if view is None or not view.exact:
        return None
    try:
        uow.parse_number(words)
        return None  # the filter also finds the ticket of that number: counted on the tickets
    except ValidationFailed:
        pass
    n = 0
    indexed = [t for t in view.any_of if t not in view.checked]
    if indexed or not view.any_of:
        ids = _matching_ids(uow, words, None, prefix=True, terms=indexed)
        if ids is None:
            return 0
        n = int(uow.session.scalar(select(func.count()).select_from(ids.subquery())) or 0)
    if view.checked:  # today's tickets near their SLA: their instant is checked on the ticket
        where = _where(uow, actor, replace(query, sort="number"), terms=view.checked)
        n += int(uow.session.scalar(select(func.count()).select_from(Ticket).where(*where)) or 0)
    return n


EXACT_BELOW = 20_000


def count_or_estimate(uow: UnitOfWork, actor: Actor, query: QueueQuery, *,
                      exact_below: int = EXACT_BELOW) -> tuple[int, bool]:
    """(n, is_estimate): the exact count when it is cheap, else an estimate the UI marks as such.

    Counting stops at `exact_below` matching rows on both databases, so no call reads more than
    that many index entries (an exact count of a large view reads every one of them). Below the
    cap n is exact. At the cap, PostgreSQL gives the planner's estimate for the whole view (never
    less than the cap; shown as "about n"); SQLite has no row estimator, so n is the cap itself,
    a lower bound shown as "n+". Capping rather than trusting the estimate alone matters: the
    planner under-estimates some views (the SLA view's OR of two instants) and would send them to
    an exact count of 100k+ rows.
    """
    with uow:
        where = _where(uow, actor, replace(query, sort="number"))
        capped = select(Ticket.id).where(*where).limit(exact_below).subquery()
        n = int(uow.session.scalar(select(func.count()).select_from(capped)) or 0)
        if n < exact_below:
            return n, False
        if not _postgres(uow):
            return n, True
        # The values go to the driver as parameters: rendered into the text, a search's
        # to_tsquery('simple', …) failed to compile (no literal form for its REGCONFIG argument).
        compiled = select(Ticket.id).where(*where).compile(dialect=uow.session.get_bind().dialect)
        plan = uow.session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}",
                                                        compiled.params).scalar_one()
        return max(n, int(plan[0]["Plan"]["Plan Rows"])), True


def save_filter(uow: UnitOfWork, actor: Actor, name: str, query: QueueQuery) -> int:
    require(actor, Permission.TICKET_VIEW_ALL)
    with uow:
        f = SavedFilter(user_id=actor.id, name=clean_text(name, "name", max_len=80), query=query.to_json())
        uow.session.add(f)
        uow.commit()
        return f.id


def saved_filters(uow: UnitOfWork, actor: Actor) -> list[tuple[int, str, QueueQuery]]:
    with uow:
        rows = uow.session.scalars(select(SavedFilter).where(SavedFilter.user_id == actor.id)
                                   .order_by(SavedFilter.name))
        return [(f.id, f.name, QueueQuery.from_json(f.query)) for f in rows]


def delete_filter(uow: UnitOfWork, actor: Actor, filter_id: int) -> None:
    with uow:
        f = uow.session.get(SavedFilter, filter_id)
        if f is None or f.user_id != actor.id:
            raise NotFound(_("No saved filter with id {id}.").format(id=filter_id))
        uow.session.delete(f)
        uow.commit()
