"""Knowledge base: articles (draft → published → archived), suggestions, votes, deflections;
canned responses."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Select, TextClause, or_, select, text, update
from sqlalchemy.orm import Session

from shared.auth.permissions import Actor, Permission, can, require
from shared.changes import NO_CHANGES, Changes
from shared.db.prepared import Prepared
from shared.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from shared.i18n import _
from shared.models import CannedResponse, Category, Deflection, KbArticle, Ticket, article_tickets
from shared.models.enums import ArticleStatus, label
from shared.services._common import clean_text, load_ticket
from shared.services.uow import UnitOfWork, number_in, number_of

# Words too common to say anything about a problem (English and Indonesian).
_STOP = frozenset("""
a an and are as at be but by can cannot do does for from has have how i if in is it its my not of on
or our please the this to was we what when with you your yang dan di ke dari ini itu tidak bisa saya
untuk dengan ada pada atau juga sudah akan tolong mohon kami kita apa bagaimana
""".split())
_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)


@dataclass(frozen=True)
class ArticleView:
    id: int
    title: str
    body: str
    status: ArticleStatus
    category_id: int | None
    tags: tuple[str, ...]
    language: str
    views: int
    helpful_yes: int
    helpful_no: int
    updated_at: datetime
    version: int
    solved_tickets: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangedArticle(ArticleView):
    """An article as an edit left it, and what the edit changed."""

    changes: Changes = NO_CHANGES


def _changed(session: Session, a: KbArticle, *, tickets: tuple[int, ...] = ()) -> ChangedArticle:
    view = _view(session, a)
    return ChangedArticle(**{f.name: getattr(view, f.name) for f in fields(ArticleView)},
                          changes=Changes.of(articles=[a.id], tickets=tickets))


def _view(session: Session, a: KbArticle, with_tickets: bool = False) -> ArticleView:
    tickets: tuple[str, ...] = ()
    if with_tickets:
        ids = session.scalars(select(article_tickets.c.ticket_id)
                              .where(article_tickets.c.article_id == a.id).order_by(article_tickets.c.ticket_id))
        tickets = tuple(number_in(session, i) for i in ids)
    return ArticleView(a.id, a.title, a.body, ArticleStatus(a.status), a.category_id,
                       tuple(t for t in a.tags.split(",") if t), a.language, a.views, a.helpful_yes,
                       a.helpful_no, a.updated_at, a.version, tickets)


def terms(text: str) -> list[str]:
    """Distinct meaningful words of a text, in order."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if word not in _STOP:
            seen.setdefault(word, None)
    return list(seen)


def _tags(tags: str | list[str] | tuple[str, ...]) -> str:
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    return ",".join(sorted({t.strip().lower() for t in items if t.strip()}))[:400]


def _get(session: Session, article_id: int) -> KbArticle:
    article = session.get(KbArticle, article_id)
    if article is None:
        raise NotFound(_("No knowledge-base article with id {id}.").format(id=article_id))
    return article


def _readable(session: Session, actor: Actor, article_id: int) -> KbArticle:
    """The article if the actor may read it: requesters see published ones only."""
    article = _get(session, article_id)
    if article.status != ArticleStatus.PUBLISHED and not can(actor, Permission.KB_WRITE):
        raise NotFound(_("No knowledge-base article with id {id}.").format(id=article_id))
    return article


def create_article(uow: UnitOfWork, actor: Actor, *, title: str, body: str, category_id: int | None = None,
                   tags: str | list[str] = "", language: str = "en") -> ChangedArticle:
    """A new draft. Permission: kb:write."""
    require(actor, Permission.KB_WRITE)
    with uow:
        s = uow.session
        if category_id is not None and s.get(Category, category_id) is None:
            raise NotFound(_("No category with id {id}.").format(id=category_id))
        now = uow.now()
        article = KbArticle(title=clean_text(title, "title", max_len=200), body=clean_text(body, "body"),
                            status=ArticleStatus.DRAFT, category_id=category_id, tags=_tags(tags),
                            language=language, author_id=actor.id, created_at=now, updated_at=now,
                            views=0, helpful_yes=0, helpful_no=0)
        s.add(article)
        uow.commit()
        return _changed(s, article)


def update_article(uow: UnitOfWork, actor: Actor, article_id: int, *, expected_version: int,
                   title: str | None = None, body: str | None = None, tags: str | list[str] | None = None,
                   category_id: int | None = None) -> ChangedArticle:
    """Edit an article; a stale `expected_version` raises Conflict. Permission: kb:write."""
    require(actor, Permission.KB_WRITE)
    with uow:
        s = uow.session
        article = _get(s, article_id)
        if article.version != expected_version:
            raise Conflict(_("This article was changed by someone else; reload it first."),
                           current_version=article.version)
        if title is not None:
            article.title = clean_text(title, "title", max_len=200)
        if body is not None:
            article.body = clean_text(body, "body")
        if tags is not None:
            article.tags = _tags(tags)
        if category_id is not None:
            article.category_id = category_id
        article.updated_at = uow.now()
        uow.commit()
        return _changed(s, article)


def set_status(uow: UnitOfWork, actor: Actor, article_id: int, status: ArticleStatus | str) -> ChangedArticle:
    """Publish, archive, or return to draft. Permission: kb:publish."""
    require(actor, Permission.KB_PUBLISH)
    target = ArticleStatus(status)
    with uow:
        s = uow.session
        article = _get(s, article_id)
        if article.status == target:
            raise InvalidTransition(_("The article is already {status}.").format(status=label(target)))
        article.status = target
        article.updated_at = uow.now()
        if target == ArticleStatus.PUBLISHED:
            article.published_at = uow.now()
        uow.commit()
        return _changed(s, article)


def get_article(uow: UnitOfWork, actor: Actor, article_id: int, *, count_view: bool = True) -> ArticleView:
    """Read an article. Requesters see published ones only. Permission: kb:read."""
    require(actor, Permission.KB_READ)
    with uow:
        s = uow.session
        article = _readable(s, actor, article_id)
        if count_view:
            _bump(uow, article, "views")
        return _view(s, article, with_tickets=can(actor, Permission.KB_WRITE))


def _bump(uow: UnitOfWork, article: KbArticle, counter: str) -> None:
    """Counters change with a plain UPDATE: readers must not put an editor into a conflict."""
    column = getattr(KbArticle, counter)
    uow.session.execute(update(KbArticle).where(KbArticle.id == article.id).values({column: column + 1}))
    uow.commit()
    uow.session.refresh(article)


def _listable(published_only: bool) -> Select[tuple[KbArticle]]:
    """Articles a reader may list: published ones, or (for editors) all but the archived."""
    q = select(KbArticle)
    if published_only:
        return q.where(KbArticle.status == ArticleStatus.PUBLISHED)
    return q.where(KbArticle.status != ArticleStatus.ARCHIVED)


def _rank(articles: list[KbArticle], words: list[str]) -> list[KbArticle]:
    def score(a: KbArticle) -> float:
        title, body, tags = a.title.lower(), a.body.lower(), a.tags
        s = sum(3 * (w in title) + 2 * (w in tags) + (w in body) for w in words)
        return s + 0.1 * (a.helpful_yes - a.helpful_no) / (1 + a.helpful_yes + a.helpful_no)
    return sorted(articles, key=lambda a: (-score(a), -a.views, a.id))


_SUGGEST_SQL: dict[tuple[int, bool, str], TextClause] = {}


def _suggest_statement(n_words: int, published_only: bool, dialect: str) -> TextClause:
    """The candidate query for n words, built once: it runs on every new ticket, and building and
    compiling a fresh 36-condition expression each time cost more than running it. No lower() per
    condition: SQLite's LIKE already ignores (ASCII) case, as its lower() only folds ASCII, and
    PostgreSQL's ILIKE folds as its lower() does; lowering every body once per word doubled the cost."""
    key = (n_words, published_only, dialect)
    if key not in _SUGGEST_SQL:
        like = "ILIKE" if dialect == "postgresql" else "LIKE"
        status = "status = :status" if published_only else "status <> :status"
        words = " OR ".join(f"title {like} :w{i} OR tags {like} :w{i} OR body {like} :w{i}"
                            for i in range(n_words))
        _SUGGEST_SQL[key] = text(f"SELECT * FROM kb_articles WHERE {status} AND ({words}) LIMIT 200")
    return _SUGGEST_SQL[key]


def suggest(session: Session, text: str, *, limit: int = 5, published_only: bool = True) -> list[KbArticle]:
    """Articles that share the most words with `text` (title counts most, then tags, then body)."""
    words = terms(text)[:12]
    if not words:
        return []
    params: dict[str, str] = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    params["status"] = ArticleStatus.PUBLISHED if published_only else ArticleStatus.ARCHIVED
    dialect = session.get_bind().dialect.name
    q = select(KbArticle).from_statement(_suggest_statement(len(words), published_only, dialect))
    return _rank(list(session.scalars(q, params)), words)[:limit]


class BatchSuggester:
    """Where `suggest`'s candidates come from for a new ticket. A knowledge base of up to
    IN_MEMORY_MAX published articles is matched in memory (`ArticleIndex`, cached per process
    while the reference stamp stands, see services/reference.py) by the same rule as the query (a
    word anywhere in title, tags or body) and ranked as `_rank` does, with the counters read fresh;
    a bigger one is queried per text as `suggest` does."""

    IN_MEMORY_MAX = 300


@dataclass(frozen=True)
class Suggested:
    id: int
    title: str


_COUNTERS: dict[int, Prepared] = {}


def _counters_statement(n: int) -> Prepared:
    """The counters of n articles, as the driver's SQL made once per n (at most IN_MEMORY_MAX
    shapes): it runs for every new ticket, and an expanding IN was rendered again at each run."""
    found = _COUNTERS.get(n)
    if found is None:
        marks = ", ".join(f":i{k}" for k in range(n))
        found = _COUNTERS[n] = Prepared(text(
            f"SELECT id, views, helpful_yes, helpful_no FROM kb_articles WHERE id IN ({marks})"))
    return found


def read_counters(session: Session, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """(views, helpful yes, helpful no) of these articles."""
    rows = _counters_statement(len(ids)).execute(session.connection(), {f"i{k}": i for k, i in enumerate(ids)})
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


_POINT_BITS = 8  # a word scores at most 3 + 2 + 1 in an article, 12 words at most 72: one byte each


class ArticleIndex:
    """The published articles' text, lowered once; each word's points per article (3 in the
    title, 2 in the tags, 1 in the body: `_rank`'s) are found once and kept, as tickets share
    most of their words. Immutable but for that memo, so one index serves every thread.

    A word's points are kept packed in one integer, a byte per article (article i's points are
    byte i), so a text's points are the sum of its words' integers: a dozen additions instead of
    a dictionary update per article a word appears in (~30 per word)."""

    def __init__(self, rows: list[tuple[int, str, str, str]]) -> None:
        self.ids = [row[0] for row in rows]
        self.titles = [row[1] for row in rows]
        self._fields = [(title.lower(), tags, body.lower()) for _id, title, tags, body in rows]
        self._hits: dict[str, int] = {}  # word -> its points in every article, packed

    @classmethod
    def load(cls, session: Session) -> ArticleIndex | None:
        """The index, or None when there are more than IN_MEMORY_MAX published articles."""
        rows = session.execute(select(KbArticle.id, KbArticle.title, KbArticle.tags, KbArticle.body).where(
            KbArticle.status == ArticleStatus.PUBLISHED).limit(BatchSuggester.IN_MEMORY_MAX + 1)).all()
        if len(rows) > BatchSuggester.IN_MEMORY_MAX:
            return None
        return cls([(i, title, tags, body) for i, title, tags, body in rows])

    def _points(self, word: str) -> int:
        hits = self._hits.get(word)
        if hits is None:
            hits = 0
            for i, (title, tags, body) in enumerate(self._fields):
                hits |= (3 * (word in title) + 2 * (word in tags) + (word in body)) << (_POINT_BITS * i)
            self._hits[word] = hits
        return hits

    def points(self, text: str) -> dict[int, int]:
        """Article index -> points, for the articles that share a word with `text`."""
        total = sum(self._points(word) for word in terms(text)[:12])
        return {i: p for i, p in enumerate(total.to_bytes(len(self.ids), "little")) if p}

    def suggest(self, session: Session, text: str, *, limit: int = 5,
                counters: dict[int, tuple[int, int, int]] | None = None) -> list[Suggested]:
        """`suggest(session, text, limit=limit)`, as (id, title). The counters (views, helpful yes,
        no) change on every read, so they are not cached: `counters` holds every published
        article's (read once by a batch), else they are read for the contenders only."""
        points = self.points(text)
        if not points:
            return []
        # The helpful share moves a score by less than 0.1 either way and points are whole numbers:
        # only the articles with at least the points of the limit-th best can still make the list.
        floor = sorted(points.values(), reverse=True)[min(limit, len(points)) - 1]
        contenders = [i for i, p in points.items() if p >= floor]
        if counters is None:
            counters = read_counters(session, [self.ids[i] for i in contenders])

        def key(i: int) -> tuple[float, int, int]:
            views, yes, no = counters.get(self.ids[i], (0, 0, 0))
            return -(points[i] + 0.1 * (yes - no) / (1 + yes + no)), -views, self.ids[i]

        return [Suggested(self.ids[i], self.titles[i]) for i in heapq.nsmallest(limit, contenders, key=key)]


def all_counters(session: Session) -> dict[int, tuple[int, int, int]]:
    """Every published article's (views, helpful yes, helpful no): one read for a batch."""
    return {row[0]: (row[1], row[2], row[3]) for row in session.execute(
        select(KbArticle.id, KbArticle.views, KbArticle.helpful_yes, KbArticle.helpful_no)
        .where(KbArticle.status == ArticleStatus.PUBLISHED))}


def search(uow: UnitOfWork, actor: Actor, text: str, *, limit: int = 20) -> list[ArticleView]:
    """Search articles; requesters and the tray see published ones only. Permission: kb:read."""
    require(actor, Permission.KB_READ)
    with uow:
        s = uow.session
        published_only = not can(actor, Permission.KB_WRITE)
        if not text.strip():
            rows = list(s.scalars(_listable(published_only).order_by(KbArticle.updated_at.desc()).limit(limit)))
            return [_view(s, a) for a in rows]
        return [_view(s, a) for a in suggest(s, text, limit=limit, published_only=published_only)]


def suggest_for_ticket(uow: UnitOfWork, actor: Actor, ticket_id: int, *, limit: int = 5) -> list[ArticleView]:
    """Published articles that match a ticket's subject and description."""
    require(actor, Permission.KB_READ)
    with uow:
        ticket = load_ticket(uow, actor, ticket_id, lock=False)
        found = suggest(uow.session, f"{ticket.subject} {ticket.subject} {ticket.description}", limit=limit)
        return [_view(uow.session, a) for a in found]


def vote(uow: UnitOfWork, actor: Actor, article_id: int, helpful: bool) -> ChangedArticle:
    require(actor, Permission.KB_READ)
    with uow:
        article = _readable(uow.session, actor, article_id)
        _bump(uow, article, "helpful_yes" if helpful else "helpful_no")
        return _changed(uow.session, article)


def record_deflection(uow: UnitOfWork, actor: Actor, article_id: int) -> Changes:
    """The requester found the answer in an offered article and did not raise a ticket."""
    require(actor, Permission.KB_READ)
    with uow:
        _readable(uow.session, actor, article_id)
        uow.session.add(Deflection(article_id=article_id, user_id=actor.id, created_at=uow.now()))
        uow.commit()
    return Changes.of(articles=[article_id])


def link_ticket(uow: UnitOfWork, actor: Actor, article_id: int, ticket_id: int) -> Changes:
    """Record that an article solved a ticket. Permission: kb:write."""
    require(actor, Permission.KB_WRITE)
    with uow:
        _get(uow.session, article_id)
        ticket = load_ticket(uow, actor, ticket_id)
        _link_ticket(uow.session, article_id, ticket.id)
        uow.commit()
    return Changes.of(articles=[article_id], tickets=[ticket_id])


def _link_ticket(session: Session, article_id: int, ticket_id: int) -> None:
    exists = session.execute(select(article_tickets).where(
        article_tickets.c.article_id == article_id, article_tickets.c.ticket_id == ticket_id)).first()
    if exists is None:
        session.execute(article_tickets.insert().values(article_id=article_id, ticket_id=ticket_id))


def draft_from_ticket(uow: UnitOfWork, actor: Actor, ticket: Ticket) -> ChangedArticle:
    """Turn a resolved ticket's problem and solution into a KB draft linked to it."""
    require(actor, Permission.KB_WRITE)
    if not ticket.solution:
        raise ValidationFailed(_("{number} has no solution to turn into an article.").format(
            number=number_of(ticket)), field="solution")
    with uow:
        s = uow.session
        now = uow.now()
        body = "\n\n".join([
            _("Problem"), ticket.description or ticket.subject, _("Solution"), ticket.solution])
        article = KbArticle(title=ticket.subject, body=body, status=ArticleStatus.DRAFT,
                            category_id=ticket.category_id, tags=_tags(terms(ticket.subject)[:5]),
                            author_id=actor.id, source_ticket_id=ticket.id, created_at=now,
                            updated_at=now, views=0, helpful_yes=0, helpful_no=0)
        s.add(article)
        s.flush()
        _link_ticket(s, article.id, ticket.id)
        uow.commit()
        return _changed(s, article, tickets=(ticket.id,))


# --- canned responses -------------------------------------------------------------------------

@dataclass(frozen=True)
class CannedView:
    id: int
    title: str
    body: str
    team_id: int | None


def list_canned(uow: UnitOfWork, actor: Actor) -> list[CannedView]:
    """Canned responses for everyone plus those of the actor's teams. Permission: canned:use."""
    require(actor, Permission.CANNED_USE)
    with uow:
        q = select(CannedResponse).where(or_(CannedResponse.team_id.is_(None),
                                             CannedResponse.team_id.in_(actor.team_ids or {-1})))
        return [CannedView(c.id, c.title, c.body, c.team_id)
                for c in uow.session.scalars(q.order_by(CannedResponse.title))]


def create_canned(uow: UnitOfWork, actor: Actor, *, title: str, body: str,
                  team_id: int | None = None) -> CannedView:
    require(actor, Permission.CANNED_MANAGE)
    with uow:
        c = CannedResponse(title=clean_text(title, "title", max_len=120), body=clean_text(body, "body"),
                           team_id=team_id, created_by_id=actor.id)
        uow.session.add(c)
        uow.session.flush()  # the id, also when a caller's transaction commits later
        uow.commit()
        return CannedView(c.id, c.title, c.body, c.team_id)


def render_canned(uow: UnitOfWork, actor: Actor, canned_id: int, ticket_id: int) -> str:
    """The canned text with {requester_name}, {ticket_number} and {agent_name} filled in."""
    require(actor, Permission.CANNED_USE)
    with uow:
        c = uow.session.get(CannedResponse, canned_id)
        if c is None:
            raise NotFound(_("No canned response with id {id}.").format(id=canned_id))
        ticket = load_ticket(uow, actor, ticket_id, lock=False)
        values = {"requester_name": ticket.requester.full_name, "ticket_number": number_of(ticket),
                  "agent_name": actor.full_name}
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), c.body)
