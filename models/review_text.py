"""Review text rules: what holds a review for a moderator, its sentiment, and the topics reviews trend on.

Everything runs offline from installed libraries: alt-profanity-check (a bundled sklearn model),
phonenumbers (per-country numbering plans), vaderSentiment (a bundled lexicon) and yake (statistical
keyphrases with its own stop words). Email and link detection are regular expressions: they describe
a shape, not a list of words. `contact_spans` is also what message masking uses.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import phonenumbers
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


class Flag(StrEnum):
    """Why a review is held for a moderator (declaration order is the order `screen` reports)."""

    OFFENSIVE = "offensive"
    PHONE = "phone"
    EMAIL = "email"
    URL = "url"


# The model's probability is close to 1.0 for swearing and insults ("fucking idiot", "asshole",
# "moron", "dumbass", "dick" all >= 0.93) and low for plain complaints ("the bed was terrible and
# the street noisy" 0.28, "worst host ever, rude and dishonest" 0.48). Between 0.8 and 0.9 sit mild
# words we let through ("the mattress sucked" 0.85, "screw this place" 0.82, "bloody awful" 0.81).
# Strings of strong adjectives ("horrible, disgusting, filthy room" 0.98) score like insults at any
# threshold that still catches "dumbass": those go to a moderator, which is what holding is for.
OFFENSIVE_THRESHOLD = 0.9

# Where guests and hosts of Roost come from: a national number written without its country code is
# recognised in these regions; None finds any number written internationally (+44 ...).
PHONE_REGIONS: tuple[str | None, ...] = (None, "US", "GB", "NL", "FR", "DE", "ES", "IT", "BR", "IN", "AU")

# VADER's documented thresholds on the compound score.
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

# Keyphrases taken from each review before counting across reviews: a review is short, and yake's
# later candidates are single filler words.
KEYPHRASES_PER_REVIEW = 10

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
# A path ends on a character that cannot close a sentence, so "see myplace.com/book." keeps its dot.
_PATH = r"(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?"
_EMAIL = re.compile(r"[\w.+-]+@" + _LABEL + r"(?:\." + _LABEL + r")*\.[A-Za-z]{2,24}\b")
# "name at domain dot com", "name [at] domain [dot] com", "name(at)domain.com": the word spelled out,
# either bracketed or standing alone between spaces; "book at myplace.com/book" is a link, not an email.
_AT = r"(?:\s*[\[({<]\s*(?i:at)\s*[\])}>]\s*|\s+(?i:at)\s+)"
_DOT = r"(?:\s*[\[({<]\s*(?i:dot)\s*[\])}>]\s*|\s+(?i:dot)\s+|\.)"
_SPELLED_EMAIL = re.compile(
    r"\b[\w.+-]+" + _AT + _LABEL + r"(?:" + _DOT + _LABEL + r")*" + _DOT + r"[A-Za-z]{2,24}\b(?!/)"
)
_LINK = re.compile(r"\b(?:(?i:https?://)\S+?|(?i:www)\.[^\s<>\"']+?)(?=[.,;:!?)\]]*(?:\s|$))")
# A bare domain needs a lower-case top-level label: "myplace.com", "bit.ly/x", but not a sentence
# run together after a typo ("clean.The bed"), a decimal ("4.5") or a date ("12.03.2024").
_BARE_DOMAIN = re.compile(r"(?<![\w@.])" + _LABEL + r"(?:\." + _LABEL + r")*\.[a-z]{2,24}\b" + _PATH)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WHITESPACE = re.compile(r"\s+")


def contact_spans(text: str) -> list[tuple[int, int, Flag]]:
    """The phones, emails and links in `text` as (start, end, flag) character spans, sorted and
    non-overlapping: where two detections overlap (a number inside a link, a domain inside an
    email), the longer one is kept."""
    found: list[tuple[int, int, Flag]] = []
    for region in PHONE_REGIONS:
        # The default leniency (VALID) keeps only numbers valid in the region's plan, which is what
        # leaves "room 12", "10/10", prices and dates alone.
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            found.append((match.start, match.end, Flag.PHONE))
    for pattern in (_EMAIL, _SPELLED_EMAIL):
        found.extend((m.start(), m.end(), Flag.EMAIL) for m in pattern.finditer(text))
    for pattern in (_LINK, _BARE_DOMAIN):
        found.extend((m.start(), m.end(), Flag.URL) for m in pattern.finditer(text))
    order = list(Flag)
    kept: list[tuple[int, int, Flag]] = []
    for start, end, flag in sorted(set(found), key=lambda s: (s[0] - s[1], s[0], order.index(s[2]))):
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
            kept.append((start, end, flag))
    return sorted(kept)


@functools.cache
def _profanity_probability() -> Callable[[list[str]], Any]:
    """alt-profanity-check's predict_prob, computed from its fitted model directly.

    Its model is a CalibratedClassifierCV of linear SVMs, each calibrated by a sigmoid: the
    probability is the mean over them of expit(-(a * (x . w + c) + b)). sklearn's predict_proba
    spends ~9 ms per call validating its inputs five times over; the same arithmetic on the
    same fitted numbers takes ~0.1 ms (tests/unit/test_review_text.py checks both agree)."""
    # Imported on first use: loading the model takes about two seconds, which every process that
    # imports models (the API, the workers, the CLI) would otherwise pay at start-up.
    import numpy as np
    from profanity_check import profanity_check as bundled

    parts = [
        (c.estimator.coef_.ravel(), float(c.estimator.intercept_[0]), c.calibrators[0])
        for c in bundled.model.calibrated_classifiers_
    ]
    weights = np.stack([w for w, _, _ in parts])  # one row per classifier
    intercepts = np.array([c for _, c, _ in parts])
    slopes = np.array([cal.a_ for _, _, cal in parts])
    offsets = np.array([cal.b_ for _, _, cal in parts])

    def predict(texts: list[str]) -> Any:
        decisions = bundled.vectorizer.transform(texts) @ weights.T + intercepts  # texts x classifiers
        return (1.0 / (1.0 + np.exp(slopes * decisions + offsets))).mean(axis=1)

    return predict


def is_offensive(text: str) -> bool:
    """Whether any sentence of `text` reaches OFFENSIVE_THRESHOLD. Sentences are scored one by one
    because the model scores a whole text: one insult in a long friendly review scores ~0.1."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if not sentences:
        return False
    return bool(max(_profanity_probability()(sentences)) >= OFFENSIVE_THRESHOLD)


def screen(text: str) -> list[Flag]:
    """The flags of `text` (empty: clean), in Flag order, each at most once. CPU-bound: callers run
    it in a thread."""
    flags = {flag for _, _, flag in contact_spans(text)}
    if is_offensive(text):
        flags.add(Flag.OFFENSIVE)
    return [flag for flag in Flag if flag in flags]


@functools.cache
def _analyzer() -> SentimentIntensityAnalyzer:
    # Reads the lexicon files once; polarity_scores only reads it afterwards, so threads may share it.
    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """VADER compound score in [-1, 1]."""
    return float(_analyzer().polarity_scores(text)["compound"])


@dataclass(frozen=True)
class Topic:
    phrase: str  # lower-case, whitespace collapsed
    count: int  # in how many of the given reviews it occurs
    polarity: str  # "positive" or "negative"


def keyphrases(text: str) -> set[str]:
    """The normalised 1-2 word keyphrases yake finds in `text` (English stop words removed)."""
    # Imported here: yake pulls in networkx and numpy (0.4 s), which only the nightly topics job
    # needs, not every process that imports the models.
    import yake

    # A new extractor per call: it is cheap to build and keeps no state shared between threads.
    extractor = yake.KeywordExtractor(lan="en", n=2, top=KEYPHRASES_PER_REVIEW)
    return {_WHITESPACE.sub(" ", phrase).strip().lower() for phrase, _ in extractor.extract_keywords(text)}


def trending_topics(
    reviews: Sequence[tuple[str, float]], *, limit: int = 10, min_count: int = 2
) -> list[Topic]:
    """From (text, sentiment) pairs: each review's keyphrases counted once per review, split by the
    review's polarity (neutral reviews count in neither), phrases seen in at least `min_count`
    reviews, the `limit` most frequent per polarity (ties by phrase), positive first."""
    counts = {"positive": Counter[str](), "negative": Counter[str]()}
    for text, score in reviews:
        if score >= POSITIVE_AT:
            counts["positive"].update(keyphrases(text))
        elif score <= NEGATIVE_AT:
            counts["negative"].update(keyphrases(text))
    topics: list[Topic] = []
    for polarity, counter in counts.items():
        frequent = sorted((-n, phrase) for phrase, n in counter.items() if n >= min_count)
        topics.extend(Topic(phrase, -negated, polarity) for negated, phrase in frequent[:limit])
    return topics
