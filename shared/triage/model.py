"""A trained triage model as plain arrays: the vocabulary and idf weights of each feature block,
and per target ("category", "team", "impact", "urgency") the labels, the linear weights and a
temperature that turns scores into a confidence.

Stored as an .npz archive of numeric arrays and UTF-8 bytes, read back with allow_pickle=False:
a model row in the database is data, never code, so a tampered row cannot run anything in the
console or the server that loads it (a pickle, or joblib, would). Predicting needs numpy only.
"""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared.errors import ValidationFailed
from shared.i18n import _
from shared.triage import features

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FORMAT = 1  # bumped when the archive's layout changes; older rows are refused, then retrained
ANALYZERS: dict[str, Callable[[str], list[str]]] = {"words": features.words, "chars": features.chars}


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block (sublinear tf, l2-normalised on its own)."""
    kind: str  # a key of ANALYZERS
    terms: list[str]  # by feature index
    idf: NDArray[np.float32]
    index: dict[str, int] = field(repr=False)


@dataclass(frozen=True)
class Head:
    """A linear classifier over all blocks for one target."""
    labels: list[str]
    coef: NDArray[np.float32]  # (labels, features)
    intercept: NDArray[np.float32]  # (labels,)
    temperature: float  # confidence = softmax(scores / temperature), fitted on held-out tickets


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float  # 0..1
    words: tuple[str, ...]  # the words that pushed most towards this label, strongest first
    runner_up: str | None = None


@dataclass(frozen=True)
class TextModel:
    blocks: list[Block]
    heads: dict[str, Head]
    meta: dict[str, Any]  # n_train, trained_at, parameters; shown to admins, not used to predict

    def vectorize(self, text: str) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
        """The ticket's sparse feature vector: (feature indices, values)."""
        import numpy as np

        all_idx: list[NDArray[np.intp]] = []
        all_val: list[NDArray[np.float32]] = []
        offset = 0
        for block in self.blocks:
            counts = Counter(t for t in ANALYZERS[block.kind](text) if t in block.index)
            if counts:
                idx = np.fromiter((block.index[t] for t in counts), dtype=np.intp, count=len(counts))
                tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
                val = (1.0 + np.log(tf)) * block.idf[idx]
                norm = float(np.sqrt(np.dot(val, val)))
                all_idx.append(idx + offset)
                all_val.append((val / norm if norm else val).astype(np.float32))
            offset += len(block.terms)
        if not all_idx:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        return np.concatenate(all_idx), np.concatenate(all_val)

    def predict(self, text: str, target: str = "category", *, explain: int = 5) -> Prediction | None:
        """The most likely label of `target` for this text, or None when the model has no such
        target or the text has no known word."""
        head = self.heads.get(target)
        if head is None:
            return None
        idx, val = self.vectorize(text)
        if len(idx) == 0:
            return None
        return _decide(self, head, idx, val, explain)

    def predict_all(self, text: str, *, explain: int = 5) -> dict[str, Prediction]:
        """Every target's prediction from one vectorisation."""
        idx, val = self.vectorize(text)
        if len(idx) == 0:
            return {}
        return {name: _decide(self, head, idx, val, explain if name == "category" else 0)
                for name, head in self.heads.items()}

    def to_bytes(self) -> bytes:
        import numpy as np

        arrays: dict[str, Any] = {"format": np.array([FORMAT], dtype=np.int32),
                                  "meta": _utf8(json.dumps(self.meta, sort_keys=True))}
        for i, block in enumerate(self.blocks):
            arrays[f"b{i}_kind"] = _utf8(block.kind)
            arrays[f"b{i}_terms"] = _utf8("\n".join(block.terms))
            arrays[f"b{i}_idf"] = block.idf.astype(np.float32)
        for name, head in self.heads.items():
            arrays[f"h_{name}_labels"] = _utf8(json.dumps(head.labels))
            arrays[f"h_{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"h_{name}_intercept"] = head.intercept.astype(np.float32)
            arrays[f"h_{name}_temperature"] = np.array([head.temperature], dtype=np.float32)
        out = io.BytesIO()
        np.savez_compressed(out, **arrays)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TextModel:
        """Read a stored model; ValidationFailed when it is not one this version can read."""
        import zipfile

        import numpy as np

        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
            if int(arrays["format"][0]) != FORMAT:
                raise ValueError("format")
            blocks = []
            i = 0
            while f"b{i}_kind" in arrays:
                kind = _text(arrays[f"b{i}_kind"])
                if kind not in ANALYZERS:
                    raise ValueError(kind)
                raw = _text(arrays[f"b{i}_terms"])
                terms = raw.split("\n") if raw else []
                blocks.append(Block(kind, terms, arrays[f"b{i}_idf"], {t: j for j, t in enumerate(terms)}))
                i += 1
            heads = {}
            for key, value in arrays.items():
                if key.startswith("h_") and key.endswith("_labels"):
                    name = key[2:-len("_labels")]
                    heads[name] = Head(json.loads(_text(value)), arrays[f"h_{name}_coef"],
                                       arrays[f"h_{name}_intercept"],
                                       float(arrays[f"h_{name}_temperature"][0]))
            return cls(blocks, heads, json.loads(_text(arrays["meta"])))
        except (ValueError, KeyError, OSError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
            raise ValidationFailed(_("The stored triage model cannot be read ({error}); train it again.").format(
                error=exc)) from exc


def _decide(model: TextModel, head: Head, idx: NDArray[np.intp], val: NDArray[np.float32],
            explain: int) -> Prediction:
    import numpy as np

    contrib = head.coef[:, idx] * val  # (labels, present features)
    scores = contrib.sum(axis=1) + head.intercept
    z = scores / head.temperature
    z = np.exp(z - z.max())
    probs = z / z.sum()
    order = np.argsort(-probs)
    best = int(order[0])
    runner = head.labels[int(order[1])] if len(order) > 1 else None
    return Prediction(head.labels[best], float(probs[best]), _explain(model, idx, contrib[best], explain), runner)


def _explain(model: TextModel, idx: NDArray[np.intp], contrib: NDArray[np.float32], limit: int) -> tuple[str, ...]:
    """The word features (not character n-grams: an agent reads words) that added most."""
    if limit <= 0 or not model.blocks or model.blocks[0].kind != "words":
        return ()
    words = model.blocks[0].terms
    picked: list[str] = []
    for j in sorted(range(len(idx)), key=lambda j: -float(contrib[j])):
        if float(contrib[j]) <= 0 or len(picked) >= limit:
            break
        if int(idx[j]) < len(words):
            term = words[int(idx[j])]
            if all(t in features.STOPWORDS or len(t) < 3 for t in term.split()):
                continue
            if not any(term in p or p in term for p in picked):
                picked.append(term)
    return tuple(picked)


def _utf8(text: str) -> Any:
    import numpy as np

    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(array: Any) -> str:
    return bytes(array.tobytes()).decode("utf-8")


def softmax_nll(scores: Any, truth: Any, temperature: float) -> float:
    """Mean negative log-likelihood of the true labels at this temperature (for calibration)."""
    import numpy as np

    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(truth)), truth].mean()) if len(truth) else math.inf
