"""Does spaCy's German tokenizer / lookup lemmatiser help DIET's count features? A cheap proxy.

Training Rasa models is too slow on this machine, so this compares three tokenisations feeding the same
sparse features (word counts + char_wb n-grams, built like Rasa's CountVectorsFeaturizer: digits →
__NUMBER__, lowercased, tokens joined by spaces) and the same linear classifier:
(a) Rasa's WhitespaceTokenizer rule, (b) `spacy.blank("de")` tokens, (c) their lookup lemmas (what Rasa's
CountVectorsFeaturizer would count with `use_lemma: true`). It reports stratified 5-fold CV on the intent
training data, accuracy on our held-out handoff sets (tests/data/handoff) and tokenisation time.
The proxy leaves out the e5 sentence vector, the regex/lexical features and DIET itself, so a gain here
is an upper bound of what the tokenizer could add to the real pipeline.

Needs spaCy (Rasa 3.6 requires <3.5) in a separate environment:
    pip install "spacy>=3.4,<3.5" spacy-lookups-data scikit-learn pyyaml "numpy<2"
    PYTHONPATH=. python -m servicecenter.bench_tokenizers
"""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import yaml

from servicecenter.percentiles import p50_p95

ROOT = Path(__file__).resolve().parent.parent
NLU_DATA = ROOT / "nlu_data"
# As bot/training.py::intent_files() (not imported: it imports Rasa) and ::ask_service_yaml().
INTENT_FILES = [NLU_DATA / "conversation.yml", *sorted((NLU_DATA / "safety").glob("*.yml"))]
INTENT_FILES += sorted((NLU_DATA / "handoff").glob("*.yml"))
ASK_SERVICE_STRIDE = 3
HELD_OUT = {
    "request_human.jsonl": "request_human",
    "own_case.jsonl": "case_status",
    "frustration.jsonl": "frustration",
    "general_questions.jsonl": "ask_service",
}
HELD_OUT_DIR = ROOT / "tests" / "data" / "handoff"
ENTITY = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
# Rasa 3.6 WhitespaceTokenizer.tokenize (without the emoji removal)
WS_SPLIT = re.compile(
    r"[^\w#@&]+(?=\s|$)|(\s|^)[^\w#@&]+(?=[^0-9\s])|(?<=[^0-9\s])[^\w._~:/?#\[\]()@!$&*+,;=-]+(?=[^0-9\s])"
)
Tokenize = Callable[[str], List[str]]


def load_training() -> Tuple[List[str], List[str]]:
    texts: List[str] = []
    labels: List[str] = []
    for path in INTENT_FILES:
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in item:
                continue
            for line in str(item.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    texts.append(ENTITY.sub(r"\1", line.strip()[2:].strip()))
                    labels.append(item["intent"])
    service: List[str] = []
    for path in sorted((NLU_DATA / "service_examples").glob("*.yml")):
        for examples in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"].values():
            service.extend(" ".join(str(t).split()) for t in examples[::ASK_SERVICE_STRIDE])
    for text in dict.fromkeys(service):
        texts.append(text)
        labels.append("ask_service")
    return texts, labels


def load_held_out() -> List[Tuple[str, str, str]]:
    """(text, intent, lang) of our held-out handoff sets."""
    rows = []
    for name, intent in HELD_OUT.items():
        for line in (HELD_OUT_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], intent, row.get("lang", "?")))
    return rows


def whitespace_tokens(text: str) -> List[str]:
    return WS_SPLIT.sub(" ", text).split() or [text]


def spacy_tokenizers() -> Tuple[Tokenize, Tokenize]:
    try:
        import spacy
    except ImportError as err:
        raise SystemExit(
            'spaCy is missing: pip install "spacy>=3.4,<3.5" spacy-lookups-data (in a venv apart from Rasa\'s)'
        ) from err
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # needs spacy-lookups-data for the German lookup table
    tokenizer = nlp.tokenizer

    def tokens(text: str) -> List[str]:
        return [t.text for t in tokenizer(text) if not t.is_space]

    def lemmas(text: str) -> List[str]:
        return [t.lemma_ or t.text for t in nlp(text) if not t.is_space]

    return tokens, lemmas


def as_count_input(tokens: List[str]) -> str:
    """Rasa's CountVectorsFeaturizer._process_tokens, then " ".join as it does for sklearn."""
    return " ".join(re.sub(r"\b[0-9]+\b", "__NUMBER__", t).lower() for t in tokens)


def make_model(word_ngrams: Tuple[int, int], char_ngrams: Tuple[int, int]) -> Any:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        CountVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=word_ngrams, lowercase=False),
        CountVectorizer(analyzer="char_wb", ngram_range=char_ngrams, lowercase=False),
    )
    return make_pipeline(features, LogisticRegression(C=1.0, max_iter=3000))


def evaluate(
    name: str, tokenize: Tokenize, data: Tuple[List[str], List[str]], held: List[Tuple[str, str, str]], features: Any
) -> Dict[str, Any]:
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    texts, labels = data
    timings: List[float] = []
    inputs = []
    for text in [*texts, *(h[0] for h in held)]:
        start = time.perf_counter()
        tokens = tokenize(text)
        timings.append((time.perf_counter() - start) * 1000)
        inputs.append(as_count_input(tokens))
    x, x_held = np.array(inputs[: len(texts)], dtype=object), inputs[len(texts) :]
    y = np.array(labels)
    f1s, accs = [], []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=7).split(x, y):
        predicted = make_model(*features).fit(x[train], y[train]).predict(x[test])
        f1s.append(f1_score(y[test], predicted, average="macro"))
        accs.append(accuracy_score(y[test], predicted))
    predicted_held = make_model(*features).fit(x, y).predict(x_held)
    gold = [h[1] for h in held]
    correct = [p == g for p, g in zip(predicted_held, gold, strict=True)]
    result: Dict[str, Any] = {
        "name": name,
        "cv_f1": statistics.mean(f1s),
        "cv_f1_sd": statistics.stdev(f1s),
        "cv_acc": statistics.mean(accs),
        "held_f1": f1_score(gold, predicted_held, labels=list(HELD_OUT.values()), average="macro"),
        "held_acc": statistics.mean(correct),
        "held_de": statistics.mean(c for c, h in zip(correct, held, strict=True) if h[2] == "de"),
        "p50": p50_p95(timings)[0],
        "p95": p50_p95(timings)[1],
        "correct": correct,
    }
    for intent in HELD_OUT.values():
        result[intent] = statistics.mean(c for c, g in zip(correct, gold, strict=True) if g == intent)
    return result


def print_table(title: str, results: List[Dict[str, Any]]) -> None:
    columns = ["cv_f1", "cv_f1_sd", "cv_acc", "held_f1", "held_acc", "held_de", *HELD_OUT.values(), "p50", "p95"]
    print(f"\n{title}")
    print(f"{'tokenisation':<22}" + "".join(f"{c:>14}" for c in columns))
    for r in results:
        print(f"{r['name']:<22}" + "".join(f"{r[c]:>14.4f}" for c in columns))
    base = results[0]["correct"]
    for r in results[1:]:
        gained = sum(c and not b for b, c in zip(base, r["correct"], strict=True))
        lost = sum(b and not c for b, c in zip(base, r["correct"], strict=True))
        print(f"  {r['name']} vs {results[0]['name']} on held-out: +{gained} fixed, -{lost} broken")


def main() -> None:
    data = load_training()
    held = load_held_out()
    overlap = len({h[0] for h in held} & set(data[0]))
    counts = {label: data[1].count(label) for label in sorted(set(data[1]))}
    print(f"training examples: {len(data[0])} in {len(counts)} intents {counts}")
    print(f"held-out messages: {len(held)} (identical to a training example: {overlap})")
    tokens, lemmas = spacy_tokenizers()
    tokenizers = [("a whitespace+lower", whitespace_tokens), ("b spacy de", tokens), ("c spacy de+lemma", lemmas)]
    settings = {"as config.yml (word 1-1, char_wb 3-4)": ((1, 1), (3, 4)), "word 1-2, char_wb 1-4": ((1, 2), (1, 4))}
    for title, features in settings.items():
        print_table(title, [evaluate(name, tok, data, held, features) for name, tok in tokenizers])
    print("\ntimes in ms per message (p50/p95 over training + held-out messages); held_* = accuracy unless _f1")


if __name__ == "__main__":
    main()
