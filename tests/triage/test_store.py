"""The learned classifier against the real database: trained from resolved tickets, stored as
arrays, used by ticket creation above the configured confidence, corrections audited."""

import pytest
from sqlalchemy import select

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.errors import PermissionDenied, ValidationFailed
from shared.models import AuditLog, Category, TimelineEntry, TriageModel
from shared.services import tickets, workflow
from shared.triage import store
from shared.triage.model import TextModel
from tests import factories as f
from tests.conftest import FakeClock

SAP = ["SAP posting of invoice fails", "SAP transaction ME21N error", "SAP report shows no data",
       "Cannot post goods receipt in SAP", "SAP session expired during posting", "SAP invoice stuck in workflow"]
BADGE = ["Door badge does not open the server room", "Badge reader rejects my card", "New badge for the lobby door",
         "Lost my door badge", "Badge card access to floor 5", "Visitor badge not printing at reception"]


def _category(db: Database, name: str) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(Category.id).where(Category.name == name)))


def _resolved(db: Database, subjects: list[str], category_id: int) -> None:
    requester, agent = f.user(db), f.agent(db)
    for subject in subjects:
        t = tickets.create(db.uow(), requester, subject=subject, description="", category_id=category_id)
        workflow.resolve(db.uow(), agent, t.id, "Done.")


def _trained(db: Database) -> tuple[int, int]:
    apps, account = _category(db, "Applications"), _category(db, "Account request")
    _resolved(db, SAP, apps)
    _resolved(db, BADGE, account)
    result = store.train(db.uow(), SYSTEM)
    assert result.version is not None and result.n_train == 12 and result.categories == 2
    return apps, account


def test_too_few_tickets_leave_the_rules_alone(db: Database) -> None:
    result = store.train(db.uow(), SYSTEM)
    assert result.version is None
    assert "keyword rules" in result.message


def test_training_needs_config_manage(db: Database) -> None:
    with pytest.raises(PermissionDenied):
        store.train(db.uow(), f.agent(db))


def test_model_is_stored_as_arrays_and_suggests_with_its_words(db: Database) -> None:
    apps, _account = _trained(db)
    with db.uow() as uow:
        row = uow.session.scalars(select(TriageModel)).one()
        assert row.data[:2] == b"PK"  # an .npz archive, read back with allow_pickle=False
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.action == "triage.train")).one()
        assert audit.entity_id == row.id
    s = store.suggest(db.uow(), f.agent(db), "SAP posting error on my invoice")
    assert s is not None and s.category_id == apps
    assert "sap" in s.words and 0.5 < s.confidence <= 1.0


def test_confident_model_classifies_new_tickets_where_rules_cannot(db: Database,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _apps, account = _trained(db)
    monkeypatch.setattr(db.settings, "triage_auto_apply", 0.5)
    t = f.ticket(db, f.user(db), subject="My badge stopped opening the door", description="")
    assert t.category == "Access / Account request"
    with db.uow() as uow:
        created = uow.session.scalars(select(TimelineEntry).where(TimelineEntry.ticket_id == t.id,
                                                                 TimelineEntry.field == "created")).one()
        assert created.data is not None and created.data["model"]["words"]
    monkeypatch.setattr(db.settings, "triage_auto_apply", 1.0)  # never sure enough: the rules decide
    t = f.ticket(db, f.user(db), subject="My badge stopped opening the door", description="")
    assert t.category is None
    assert account


def test_a_rule_for_a_category_the_model_never_learned_wins(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _trained(db)
    monkeypatch.setattr(db.settings, "triage_auto_apply", 0.0)
    t = f.ticket(db, f.user(db), subject="VPN badge SAP", description="")
    assert t.category == "Network / VPN"  # the VPN rule names a category with no training tickets


def test_correction_is_audited_and_weighs_in_the_next_training(db: Database) -> None:
    apps, account = _trained(db)
    t = f.ticket(db, f.user(db), subject="Printer in SAP room", description="")
    agent = f.agent(db)
    store.correct(db.uow(), agent, t.id, apps, suggested_id=account, confidence=0.6)
    with db.uow() as uow:
        audit = uow.session.scalars(select(AuditLog).where(AuditLog.action == "triage.correction")).one()
        assert audit.detail["chosen"] == apps and audit.entity_id == t.id
    with pytest.raises(ValidationFailed):
        store.correct(db.uow(), agent, t.id, apps)
    workflow.resolve(db.uow(), agent, t.id, "Done.")
    store.train(db.uow(), SYSTEM)
    with db.uow() as uow:
        newest = uow.session.scalars(select(TriageModel).order_by(TriageModel.id.desc())).first()
        assert newest is not None and newest.meta["corrected"] == 1


def test_a_damaged_model_is_refused_with_a_message() -> None:
    with pytest.raises(ValidationFailed, match="train it again"):
        TextModel.from_bytes(b"not a model")


def test_scheduled_retraining_runs_only_after_new_resolutions(db: Database, clock: FakeClock) -> None:
    from shared.scheduler.config import load_scheduler_settings
    from shared.scheduler.jobs import BUILTIN_JOBS, JobContext

    job = next(j for j in BUILTIN_JOBS if j.name == "triage_train")
    context = JobContext(db, load_scheduler_settings(), mail=lambda: pytest.fail("no mail here"))
    assert job.run(context).outcome == "skipped"  # nothing resolved yet
    _trained(db)
    assert job.run(context).outcome == "skipped"  # nothing resolved since
    clock.advance(hours=1)
    _resolved(db, ["SAP goods issue posting blocked"], _category(db, "Applications"))
    report = job.run(context)
    assert report.outcome == "ok" and report.params["version"] == 2
