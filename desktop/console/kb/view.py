"""Knowledge-base browser and editor: search, read, create drafts, edit (optimistic locking),
publish and archive (kb:publish)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.common.fmt import local_time
from desktop.common.ops import Ops
from shared.auth.permissions import Actor, Permission, can
from shared.changes import Changes
from shared.errors import Conflict
from shared.models.enums import ArticleStatus
from shared.services import kb
from shared.services.kb import ArticleView

ARTICLE_ROLE = Qt.ItemDataRole.UserRole


class KbPane(QWidget):
    sig_saved = Signal(object)  # ArticleView
    sig_loaded = Signal(object)  # ArticleView
    sig_results = Signal(int)

    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.actor = ops, actor
        self.article: ArticleView | None = None
        self.writable = can(actor, Permission.KB_WRITE)

        self.search = QLineEdit()
        self.search.setObjectName("kbSearch")
        self.search.setPlaceholderText(self.tr("Search articles…"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.results = QListWidget()
        self.results.setObjectName("kbResults")
        self.results.currentItemChanged.connect(self._on_pick)
        self.new_button = QPushButton(self.tr("New article"))
        self.new_button.setObjectName("kbNew")
        self.new_button.setEnabled(self.writable)
        self.new_button.clicked.connect(self.new_article)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.new_button)

        self.title = QLineEdit()
        self.title.setObjectName("kbTitle")
        self.tags = QLineEdit()
        self.tags.setObjectName("kbTags")
        self.tags.setPlaceholderText(self.tr("comma-separated, e.g. vpn, remote"))
        self.body = QPlainTextEdit()
        self.body.setObjectName("kbBody")
        self.info = QLabel()
        self.info.setObjectName("kbInfo")
        self.info.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setObjectName("kbPublish")
        self.publish_button.clicked.connect(lambda: self.set_status(ArticleStatus.PUBLISHED))
        self.archive_button = QPushButton(self.tr("Archive"))
        self.archive_button.setObjectName("kbArchive")
        self.archive_button.clicked.connect(lambda: self.set_status(ArticleStatus.ARCHIVED))
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Tags:"), self.tags)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form)
        right_layout.addWidget(self.body, 1)
        right_layout.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([320, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        ops.sig_changed.connect(self._on_changed)
        self._show(None)
        self.refresh()

    def refresh(self) -> None:
        text, actor = self.search.text(), self.actor
        self.ops.run(lambda uow: kb.search(uow, actor, text, limit=100), self._on_results, parent=self)

    def _on_results(self, articles: list[ArticleView]) -> None:
        current = self.article.id if self.article else None
        self.results.blockSignals(True)
        self.results.clear()
        for a in articles:
            marker = "" if a.status == ArticleStatus.PUBLISHED else f" [{self._status_text(a.status)}]"
            item = QListWidgetItem(a.title + marker)
            item.setData(ARTICLE_ROLE, a.id)
            self.results.addItem(item)
            if a.id == current:
                self.results.setCurrentItem(item)
        if not articles:
            empty = QListWidgetItem(self.tr("No articles found"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
        self.results.blockSignals(False)
        self.sig_results.emit(len(articles))

    def _status_text(self, status: ArticleStatus) -> str:
        return {ArticleStatus.DRAFT: self.tr("draft"), ArticleStatus.PUBLISHED: self.tr("published"),
                ArticleStatus.ARCHIVED: self.tr("archived")}[ArticleStatus(status)]

    def _on_pick(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        if item is not None and item.data(ARTICLE_ROLE) is not None:
            self.open_article(int(item.data(ARTICLE_ROLE)))

    def open_article(self, article_id: int) -> None:
        actor = self.actor
        self.ops.run(lambda uow: kb.get_article(uow, actor, article_id, count_view=False), self._show, parent=self)

    def new_article(self) -> None:
        self._show(None)
        self.title.setFocus()

    def _show(self, article: ArticleView | None) -> None:
        self.article = article
        self.title.setText(article.title if article else "")
        self.tags.setText(", ".join(article.tags) if article else "")
        self.body.setPlainText(article.body if article else "")
        for w in (self.title, self.tags):
            w.setReadOnly(not self.writable)
        self.body.setReadOnly(not self.writable)
        self.save_button.setEnabled(self.writable)
        publish = can(self.actor, Permission.KB_PUBLISH) and article is not None
        self.publish_button.setEnabled(publish and article is not None and article.status != ArticleStatus.PUBLISHED)
        self.archive_button.setEnabled(publish and article is not None and article.status == ArticleStatus.PUBLISHED)
        if article is None:
            self.info.setText(self.tr("New draft") if self.writable else "")
        else:
            info = self.tr("{status} · updated {when} · {views} views · {yes} found it helpful, {no} did not").format(
                status=self._status_text(article.status), when=local_time(article.updated_at, self.actor.timezone),
                views=article.views, yes=article.helpful_yes, no=article.helpful_no)
            if article.solved_tickets:
                info += " · " + self.tr("solved {tickets}").format(tickets=", ".join(article.solved_tickets[:5]))
            self.info.setText(info)
            self.sig_loaded.emit(article)

    def save(self) -> None:
        actor, article = self.actor, self.article
        title, tags, body = self.title.text(), self.tags.text(), self.body.toPlainText()
        if article is None:
            def op(uow):  # type: ignore[no-untyped-def]
                return kb.create_article(uow, actor, title=title, body=body, tags=tags, language=actor.language or "en")
        else:
            article_id, version = article.id, article.version

            def op(uow):  # type: ignore[no-untyped-def]
                return kb.update_article(uow, actor, article_id, expected_version=version, title=title,
                                         body=body, tags=tags)
        self.ops.run(op, self._on_saved, failure=self._on_save_failed, parent=self)

    def _on_saved(self, article: ArticleView) -> None:
        self._show(article)
        self.sig_saved.emit(article)

    def _on_save_failed(self, exc: BaseException) -> bool:
        if isinstance(exc, Conflict):
            # Keep the agent's text in the editor; only the version moves on after they reload.
            self.info.setText(exc.message + " " + self.tr("Your text is still here: copy it, reopen the article "
                                                         "and apply it again."))
        return False

    def set_status(self, status: ArticleStatus) -> None:
        if self.article is None:
            return
        actor, article_id = self.actor, self.article.id
        self.ops.run(lambda uow: kb.set_status(uow, actor, article_id, status), self._on_saved, parent=self)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.kb:
            self._debounce.start()
