"""Training and evaluating a TextModel with scikit-learn (imported here only, when a model is
trained: the console never pays for it at start-up).

The model: TF-IDF over word unigrams and bigrams (sublinear tf), optionally plus character 3-5
grams, and a linear SVM per target with balanced class weights. Measured on the IT-service
ticket data of bench/triage_bench.py against a plain TF-IDF + LinearSVC: the bigrams, sublinear
tf and balanced weights lift macro-F1 (the small categories gain most); character n-grams added
little there for six times the training time, so they are an option, not the default.
A LinearSVC gives scores, not probabilities: a single temperature, fitted on held-out tickets,
turns them into a confidence that the auto-apply threshold can be compared with.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shared.errors import ValidationFailed
from shared.i18n import _
from shared.triage.model import ANALYZERS, Block, Head, TextModel, softmax_nll

C = 0.5  # the SVM's regularisation, chosen on the bench data (0.3, 0.5 and 1.0 were tried)
HOLDOUT = 0.15  # share of tickets kept aside to fit the confidence temperature
TEMPERATURES = (0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0)


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    macro_f1: float
    labels: list[str]
    confusion: list[list[int]]  # rows: true label, columns: predicted, in `labels` order
    n_train: int
    n_test: int
    train_seconds: float
    predict_ms_per_ticket: float

    def as_json(self) -> dict[str, Any]:
        return {"accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4),
                "n_train": self.n_train, "n_test": self.n_test, "labels": self.labels,
                "confusion_matrix": self.confusion, "train_seconds": round(self.train_seconds, 3),
                "predict_ms_per_ticket": round(self.predict_ms_per_ticket, 4)}


def fit(texts: Sequence[str], targets: dict[str, Sequence[str | None]], *, weights: Sequence[float] | None = None,
        chars: bool = False, min_examples: int = 1, seed: int = 0, meta: dict[str, Any] | None = None) -> TextModel:
    """Train one model for every target (a label list as long as `texts`; None = unknown for
    that ticket). Labels seen fewer than `min_examples` times are left out (the keyword rules
    cover them); a target left with fewer than two labels gets no head.
    Raises ValidationFailed when no target can be trained."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        raise ValidationFailed(_("There are no tickets to learn from."))
    blocks, mats = [], []
    for kind in ("words", "chars") if chars else ("words",):
        vec = TfidfVectorizer(analyzer=ANALYZERS[kind], sublinear_tf=True, min_df=2 if len(texts) >= 1000 else 1,
                              dtype=np.float32)
        mats.append(vec.fit_transform(texts))
        terms = [""] * len(vec.vocabulary_)
        for term, j in vec.vocabulary_.items():
            terms[j] = term
        blocks.append(Block(kind, terms, vec.idf_.astype(np.float32), dict(vec.vocabulary_)))
    x: csr_matrix = hstack(mats).tocsr() if len(mats) > 1 else mats[0].tocsr()
    w = np.asarray(weights, dtype=np.float64) if weights is not None else None
    heads: dict[str, Head] = {}
    for name, labels in targets.items():
        head = _fit_head(x, labels, w, min_examples, seed)
        if head is not None:
            heads[name] = head
    if "category" not in heads and not heads:
        raise ValidationFailed(_("At least two different labels are needed to learn anything."))
    return TextModel(blocks, heads, {**(meta or {}), "n_train": len(texts), "chars": chars})


def _fit_head(x: Any, labels: Sequence[str | None], weights: Any, min_examples: int, seed: int) -> Head | None:
    import numpy as np

    counts = Counter(label for label in labels if label is not None)
    keep_labels = sorted(label for label, n in counts.items() if n >= min_examples)
    if len(keep_labels) < 2:
        return None
    wanted = set(keep_labels)
    rows = np.array([i for i, label in enumerate(labels) if label in wanted], dtype=np.intp)
    y_names = [labels[i] for i in rows]
    code = {label: k for k, label in enumerate(keep_labels)}
    y = np.array([code[v] for v in y_names if v is not None], dtype=np.intp)
    xs = x[rows]
    ws = weights[rows] if weights is not None else None
    temperature = 1.0
    rng = np.random.default_rng(seed)
    if len(rows) >= 100:  # enough to hold some out for the confidence temperature
        held = rng.random(len(rows)) < HOLDOUT
        if held.any() and len(set(y[~held].tolist())) == len(keep_labels):
            part = _svm(xs[~held], y[~held], None if ws is None else ws[~held], seed)
            scores = _scores(part, xs[held], len(keep_labels))
            temperature = min(TEMPERATURES, key=lambda t: softmax_nll(scores, y[held], t))
    svm = _svm(xs, y, ws, seed)
    coef, intercept = _weights(svm, len(keep_labels))
    return Head(keep_labels, coef, intercept, temperature)


def _svm(x: Any, y: Any, weights: Any, seed: int) -> Any:
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    with warnings.catch_warnings():
        # a few hard tickets keep liblinear from its tolerance: the weights are still good
        warnings.simplefilter("ignore", ConvergenceWarning)
        return LinearSVC(C=C, class_weight="balanced", random_state=seed).fit(x, y, sample_weight=weights)


def _weights(svm: Any, n_labels: int) -> tuple[Any, Any]:
    """One row of weights per label. A two-label SVM has one row (the second label's side): it
    becomes two opposite halves, so the score difference is the same and each label has words
    that speak for it (the explanation of a prediction reads its own row)."""
    import numpy as np

    coef = np.asarray(svm.coef_, dtype=np.float32)
    intercept = np.asarray(svm.intercept_, dtype=np.float32)
    if n_labels == 2 and coef.shape[0] == 1:
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.concatenate([-intercept / 2, intercept / 2])
    return coef, intercept


def _scores(svm: Any, x: Any, n_labels: int) -> Any:
    coef, intercept = _weights(svm, n_labels)
    return (x @ coef.T) + intercept


def evaluate(train_texts: Sequence[str], train_labels: Sequence[str], test_texts: Sequence[str],
             test_labels: Sequence[str], *, chars: bool = False, seed: int = 0,
             clock: Any = time.perf_counter) -> Evaluation:
    """Train on one set, measure on the other: accuracy, macro-F1 and the confusion matrix over
    every label of either set, the training time and the prediction time per ticket (one at a
    time, as tickets arrive)."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    started = clock()
    model = fit(train_texts, {"category": list(train_labels)}, chars=chars, seed=seed)
    train_seconds = clock() - started
    started = clock()
    predicted = []
    for text in test_texts:
        p = model.predict(text, explain=0)
        predicted.append(p.label if p is not None else "")
    per_ticket = (clock() - started) * 1000 / max(1, len(test_texts))
    labels = sorted(set(train_labels) | set(test_labels))
    return Evaluation(
        accuracy=float(accuracy_score(test_labels, predicted)),
        macro_f1=float(f1_score(test_labels, predicted, labels=labels, average="macro", zero_division=0)),
        labels=labels, confusion=confusion_matrix(test_labels, predicted, labels=labels).tolist(),
        n_train=len(train_texts), n_test=len(test_texts), train_seconds=train_seconds,
        predict_ms_per_ticket=per_ticket)


def split(texts: Sequence[str], labels: Sequence[str], *, test_frac: float, seed: int
          ) -> tuple[list[str], list[str], list[str], list[str]]:
    """A stratified split; labels seen once go to the training side (they cannot be split)."""
    from sklearn.model_selection import train_test_split

    counts = Counter(labels)
    once = [i for i, label in enumerate(labels) if counts[label] < 2]
    rest = [i for i, label in enumerate(labels) if counts[label] >= 2]
    if len({labels[i] for i in rest}) < 2:
        raise ValidationFailed(_("At least two labels with two tickets each are needed to split the file."))
    n_test = max(len({labels[i] for i in rest}), round(len(rest) * test_frac))
    if n_test >= len(rest):
        raise ValidationFailed(_("Too few tickets to keep {share:.0%} for testing.").format(share=test_frac))
    tr, te = train_test_split(rest, test_size=n_test, random_state=seed, stratify=[labels[i] for i in rest])
    tr = list(tr) + once
    return ([texts[i] for i in tr], [labels[i] for i in tr], [texts[i] for i in te], [labels[i] for i in te])
