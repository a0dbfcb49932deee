"""A typed form for one catalogue entry's parameters, checked with the catalogue's own rules.

int → a spin box bounded by the entry's min/max; choice → a combo of its choices; hostname, word
and service_name → a line edit whose text goes through `ParamSpec.validate` (the same check the
gate makes) before anything is sent. A refusal is shown under its field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from agent_probe.gate.catalogue import Diagnostic, ParamKind, ParamSpec, RequestRefusedError
from shared.i18n import catalogue_text

ERROR_STYLE = "color:#c62828;"
Editor = QSpinBox | QComboBox | QLineEdit


class ParamForm(QWidget):
    def __init__(self, diagnostic: Diagnostic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnostic = diagnostic
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        if not diagnostic.params:
            form.addRow(QLabel(self.tr("This diagnostic takes no parameters.")))
        for spec in diagnostic.params.values():
            editor = self._editor(spec)
            editor.setObjectName(f"param_{spec.name}")
            editor.setToolTip(catalogue_text(spec.description))
            error = QLabel()
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(editor)
            if spec.description:
                hint = QLabel(catalogue_text(spec.description))
                hint.setWordWrap(True)
                hint.setEnabled(False)  # greyed: a hint, not a value
                column.addWidget(hint)
            column.addWidget(error)
            form.addRow(spec.name + (" *" if spec.required else ""), cell)
            self.editors[spec.name], self.errors[spec.name] = editor, error

    def _editor(self, spec: ParamSpec) -> Editor:
        optional = not spec.required and spec.default is None
        if spec.kind is ParamKind.INT:
            spin = QSpinBox()
            low, high = spec.minimum or 0, spec.maximum if spec.maximum is not None else 999_999_999
            # "Not set" sits one below the minimum (minimums are >= 0, so -1 at worst).
            spin.setRange(low - 1 if optional else low, high)
            if optional:
                spin.setSpecialValueText(self.tr("(not set)"))
            spin.setValue(int(spec.default) if spec.default is not None else spin.minimum())
            return spin
        if spec.kind is ParamKind.CHOICE:
            combo = QComboBox()
            if optional:
                combo.addItem(self.tr("(not set)"), None)
            for choice in spec.choices:
                combo.addItem(choice, choice)
            if spec.default is not None:
                combo.setCurrentIndex(combo.findData(str(spec.default)))
            return combo
        edit = QLineEdit()
        edit.setMaxLength(255)
        if spec.default is not None:
            edit.setText(str(spec.default))
        edit.textChanged.connect(lambda _t, name=spec.name: self.errors[name].hide())
        return edit

    def _raw(self, name: str) -> str | None:
        editor = self.editors[name]
        if isinstance(editor, QSpinBox):
            unset = bool(editor.specialValueText()) and editor.value() == editor.minimum()
            return None if unset else str(editor.value())
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return None if data is None else str(data)
        # Surrounding spaces are a paste accident; what is validated is exactly what is sent.
        return editor.text().strip() or None

    def values(self) -> dict[str, str | int] | None:
        """The typed values, or None after showing each refusal under its field."""
        values: dict[str, str | int] = {}
        ok = True
        for name, spec in self.diagnostic.params.items():
            error = self.errors[name]
            raw = self._raw(name)
            message = ""
            if raw is None:
                if spec.required:
                    message = self.tr("{name} is required.").format(name=name)
            else:
                try:
                    values[name] = spec.validate(raw)
                except RequestRefusedError as exc:
                    message = str(exc)
            error.setText(message)
            error.setVisible(bool(message))
            ok = ok and not message
        return values if ok else None
