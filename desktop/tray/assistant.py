"""The help assistant in the tray: the user describes the problem in their own words; the
assistant answers from published KB articles, quoting the best one with its steps, and asks
"did this solve it?". Yes counts a deflection; no raises the ticket with the conversation
attached. A known problem (a confirmed major incident) is said before anything else."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.common.banner import KnownProblemBanner
from desktop.common.ops import Ops
from desktop.tray.assistant_client import AssistantBackend
from shared.services.assistant import Answer
from shared.services.incidents import Banner
from shared.services.requester import RequesterTicket


class AssistantDialog(QDialog):
    sig_answered = Signal(int)  # how many articles the answer offered
    sig_done = Signal(str)  # "solved" or "ticket"
    sig_submitted = Signal(object)  # the RequesterTicket raised

    def __init__(self, ops: Ops, backend: AssistantBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.backend = ops, backend
        self.answer: Answer | None = None
        self.setObjectName("assistantDialog")
        self.setWindowTitle(self.tr("Ask the help assistant"))
        self.resize(640, 560)
        self.banner = KnownProblemBanner()
        self.chat = QTextBrowser()
        self.chat.setObjectName("assistantChat")
        self.chat.setOpenExternalLinks(False)
        self.question = QPlainTextEdit()
        self.question.setObjectName("assistantQuestion")
        self.question.setPlaceholderText(self.tr("Describe the problem in your own words, e.g. "
                                                 "\"the VPN disconnects every few minutes at home\""))
        self.question.setMaximumHeight(90)
        self.ask_button = QPushButton(self.tr("Ask"))
        self.ask_button.setObjectName("assistantAsk")
        self.ask_button.clicked.connect(self.ask)
        self.prompt = QLabel(self.tr("Did this solve it?"))
        self.prompt.setObjectName("sectionTitle")
        self.yes_button = QPushButton(self.tr("Yes, this solved it"))
        self.yes_button.setObjectName("assistantYes")
        self.yes_button.clicked.connect(self.yes)
        self.no_button = QPushButton(self.tr("No, raise a ticket"))
        self.no_button.setObjectName("assistantNo")
        self.no_button.clicked.connect(self.no)
        answers = QHBoxLayout()
        answers.addWidget(self.prompt, 1)
        answers.addWidget(self.yes_button)
        answers.addWidget(self.no_button)
        asking = QHBoxLayout()
        asking.addWidget(self.question, 1)
        asking.addWidget(self.ask_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.chat, 1)
        layout.addLayout(answers)
        layout.addLayout(asking)
        self._lines: list[str] = []
        self._say(self.tr("Hello! Tell me what is wrong and I will look in the help articles."), assistant=True)
        self._offer(False, False)
        backend_ = self.backend
        self.ops.call(backend_.known_problems, self._on_known, parent=self)

    # --- the conversation ------------------------------------------------------------------------

    def _say(self, html: str, *, assistant: bool) -> None:
        who = self.tr("Assistant") if assistant else self.tr("You")
        colour = "#1565c0" if assistant else "#2e7d32"
        self._lines.append(f"<p><b style='color:{colour}'>{escape(who)}:</b> {html}</p>")
        self.chat.setHtml("".join(self._lines))
        bar = self.chat.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _offer(self, yes: bool, no: bool) -> None:
        self.prompt.setVisible(yes)
        self.yes_button.setVisible(yes)
        self.no_button.setVisible(no)

    def _on_known(self, banners: list[Banner]) -> None:
        self.banner.show_banners(banners)

    def ask(self) -> None:
        text = self.question.toPlainText().strip()
        if not text:
            return
        self._say(escape(text).replace("\n", "<br>"), assistant=False)
        self.question.clear()
        self.ask_button.setEnabled(False)
        backend = self.backend
        self.ops.call(lambda: backend.ask(text), self._on_answer, parent=self,
                      failure=lambda _e: self.ask_button.setEnabled(True))

    def _on_answer(self, answer: Answer) -> None:
        self.answer = answer
        self.ask_button.setEnabled(True)
        for known in answer.known_problems:
            self._say(escape(self.tr("This is a known problem: {text} You do not need to report it.")
                             .format(text=known.text)), assistant=True)
        if not answer.articles:
            self._say(escape(self.tr("I found no help article for that. I can raise a ticket for you, "
                                     "with what you wrote.")), assistant=True)
            self.no_button.setText(self.tr("Raise a ticket"))
            self._offer(False, True)
        else:
            best = answer.articles[0]
            steps = "".join(f"<li>{escape(s)}</li>" for s in best.steps)
            others = [a.title for a in answer.articles[1:]]
            related = self.tr("Also related: {titles}").format(titles="; ".join(others))
            more = "<br>" + escape(related) if others else ""
            self._say(escape(self.tr("This article may help: \"{title}\"").format(title=best.title))
                      + f"<ol>{steps}</ol>" + more, assistant=True)
            self.no_button.setText(self.tr("No, raise a ticket"))
            self._offer(True, True)
        self.sig_answered.emit(len(answer.articles))

    def yes(self) -> None:
        if self.answer is None or not self.answer.articles:
            return
        question, article_id, backend = self.answer.question, self.answer.articles[0].id, self.backend
        self._offer(False, False)
        self.ops.call(lambda: backend.solved(question, article_id), lambda _r: self._on_solved(), parent=self)

    def _on_solved(self) -> None:
        self._say(escape(self.tr("Glad it helped! No ticket was raised.")), assistant=True)
        self.sig_done.emit("solved")

    def no(self) -> None:
        if self.answer is None:
            return
        question, backend = self.answer.question, self.backend
        shown = [(a.id, a.title) for a in self.answer.articles]
        self._offer(False, False)
        self.ops.call(lambda: backend.raise_ticket(question, shown), self._on_ticket, parent=self)

    def _on_ticket(self, ticket: RequesterTicket) -> None:
        self._say(escape(self.tr("I raised {number} for you, with our conversation attached. The helpdesk will "
                                 "answer there.").format(number=ticket.number)), assistant=True)
        self.sig_done.emit("ticket")
        self.sig_submitted.emit(ticket)
