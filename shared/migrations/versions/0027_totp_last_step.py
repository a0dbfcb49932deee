"""the last one-time code's time step per user: a code signs in once

Revision ID: 0027
Revises: 0026

RFC 6238 (section 5.2) says a verifier must not accept an OTP a second time once it has accepted
it. A code was accepted again for as long as it was valid (its 30-second step and one either side
for a phone's drift, up to 90 s): a code seen over a shoulder, or sent to a phishing page that
relays it, signed in a second time. The step of the last accepted code is kept per user; a code
is accepted only for a later step, by a conditional UPDATE so that two sign-ins racing with the
same code (two server processes) accept it once.

An integer: steps since 1970 (now ~59 million) would fit 32 bits until 6053, but BigInteger
costs nothing here and never has to be widened.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "totp_last_step")  # SQLite 3.35+: ALTER TABLE DROP COLUMN, no rebuild
