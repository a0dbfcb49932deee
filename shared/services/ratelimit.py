"""Token buckets kept in the database, so every server worker counts against the same budget.

`take` spends one token with a single UPDATE whose WHERE clause checks the refilled balance, so
concurrent workers cannot both spend the last token; a missing bucket is inserted full (a race on
that insert retries the update). Portable SQL: CASE, not LEAST/MIN, for the cap.
"""

from __future__ import annotations

from sqlalchemy import case, delete, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from shared.models import RateBucket
from shared.services.uow import UnitOfWork

FORGET_AFTER = 24 * 3600.0  # idle buckets are full again long before this; drop them


def take(uow: UnitOfWork, key: str, *, per_second: float, burst: int, now: float) -> float:
    """Spend one token of `key`'s bucket: 0.0 when allowed, else the seconds until one is back."""
    refilled = RateBucket.tokens + (literal(now) - RateBucket.updated) * per_second
    capped = case((refilled > burst, float(burst)), else_=refilled)
    for _attempt in range(2):
        with uow:
            s = uow.session
            spent = s.execute(update(RateBucket).where(RateBucket.key == key, capped >= 1.0)
                              .values(tokens=capped - 1.0, updated=now, hits=RateBucket.hits + 1)
                              .execution_options(synchronize_session=False))
            if spent.rowcount:  # type: ignore[attr-defined]
                uow.commit()
                return 0.0
            tokens = s.scalar(select(capped).where(RateBucket.key == key))
            if tokens is not None:
                uow.commit()
                return (1.0 - float(tokens)) / per_second if per_second > 0 else 3600.0
            try:
                s.execute(insert(RateBucket).values(key=key, tokens=float(burst) - 1.0, updated=now, hits=1))
                if int(now) % 97 == 0:  # now and then, forget long-idle buckets
                    s.execute(delete(RateBucket).where(RateBucket.updated < now - FORGET_AFTER))
                uow.commit()
                return 0.0
            except IntegrityError:
                s.rollback()  # another worker inserted it first: spend from theirs
    return 0.0
