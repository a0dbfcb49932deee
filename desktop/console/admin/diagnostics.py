"""Administration › Diagnostics catalogue: what technicians may run on users' machines, read
from resources/diagnostics.toml (the gate on each machine enforces the same file). Read-only:
the catalogue changes with a release, not from the console."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from agent_probe.gate.catalogue import Catalogue, Diagnostic, default_catalogue_path, load_catalogue
from desktop.common.ops import Ops
from desktop.console.admin.base import Page, Table
from shared.auth.permissions import Actor


class DiagnosticsPage(Page):
    def __init__(self, ops: Ops, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(ops, actor, parent)
        self.catalogue: Catalogue | None = None
        self.source = QLabel()
        self.source.setObjectName("adminCatalogueSource")
        self.source.setWordWrap(True)
        self.table = Table([self.tr("Id"), self.tr("Title"), self.tr("Minimum tier"), self.tr("Systems"),
                            self.tr("Parameters"), self.tr("Time limit")], "adminDiagnostics")
        self.table.itemSelectionChanged.connect(self._on_pick)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("adminDiagnosticDetail")
        self.detail.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.error)
        self.refresh()

    def refresh(self) -> None:
        path = default_catalogue_path()
        self.source.setText(self.tr("Read-only: {path}. The gate on each machine enforces the same list.").format(
            path=path))
        # CatalogueError is not a HelpdeskError: a broken catalogue is shown as the app's error.
        self.load(lambda _uow: load_catalogue(path), self._on_catalogue)

    def _on_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.table.fill([(d.id, [d.id, d.title, f"L{d.min_tier}", ", ".join(sorted(d.argv)),
                                 ", ".join(d.params) or "—", self.tr("{n} s").format(n=f"{d.timeout_seconds:g}")])
                         for d in catalogue.diagnostics.values()])

    def _on_pick(self) -> None:
        diag = self.catalogue.get(str(self.table.current_id())) if self.catalogue else None
        if diag is not None:
            self.detail.setPlainText(self._describe(diag))

    def _describe(self, diag: Diagnostic) -> str:
        lines = [diag.title, diag.description, ""]
        for spec in diag.params.values():
            extra = ", ".join(x for x in (
                str(spec.kind), self.tr("required") if spec.required else self.tr("optional"),
                self.tr("default {value}").format(value=spec.default) if spec.default is not None else "",
                f"{spec.minimum}…{spec.maximum}" if spec.minimum is not None else "",
                " | ".join(spec.choices)) if x)
            lines.append(f"  {spec.name}: {spec.description} ({extra})")
        for os_key, argv in sorted(diag.argv.items()):
            lines.append(f"{os_key}: {' '.join(argv)}")
        lines.append(self.tr("Output cap: {n} bytes").format(n=diag.max_output_bytes))
        return "\n".join(lines)
