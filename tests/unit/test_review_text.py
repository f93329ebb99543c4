"""Review screening, sentiment and trending topics: models.review_text."""

import subprocess
import sys

import pytest

from models.review_text import (
    NEGATIVE_AT,
    POSITIVE_AT,
    Flag,
    Topic,
    contact_spans,
    screen,
    sentiment,
    trending_topics,
)

CLEAN = [
    "5 stars",
    "We stayed 2 nights in 2024 and loved it.",
    "Room 12 had a lovely view of the harbour.",
    "10/10 would book again",
    "3 bedrooms and 2 bathrooms, plenty of space for 6 people.",
    "Great value at €120 a night.",
    "We arrived on 12.03.2024 and left on 15.03.2024.",
    "Checked in 12/03/2024, out 15/03/2024.",
    "check-in at 3pm, check-out at 11am",
    "wifi 100 Mbps, fine for video calls",
    "5 min walk to the station, 20 minutes by bus to the beach",
    "Highly recommend!",
    "Apartment 3B on floor 4, the lift works.",
    "Paid €1,200 for 7 nights, rated 9.5/10.",
    "The 2023 renovation shows: 100 m2 and a new kitchen.",
    "Booking ref 123456789 was handled quickly.",
    "Between 10:00 and 22:00 the terrace is open, the shop 24/7.",
    "Look at the sea from the balcony. Lovely.",
    "The room was clean.The bed was comfortable.",  # a missing space is not a domain
    "e.g. the pool, the garden and the bbq",
    "The host is a lovely person and the place is spotless.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_real_world_reviews_are_clean(text: str) -> None:
    assert screen(text) == []
    assert contact_spans(text) == []


EVASIONS = [
    # phones, in several national formats
    ("Text me on 06 1234 5678", Flag.PHONE),
    ("whatsapp +31 6 12345678", Flag.PHONE),
    ("call (415) 555-2671 for a discount", Flag.PHONE),
    ("ring 0044 20 7946 0958", Flag.PHONE),
    ("415.555.2671", Flag.PHONE),
    ("mobile 07911 123456", Flag.PHONE),
    ("appelez le 06.12.34.56.78", Flag.PHONE),
    ("+33 6 12 34 56 78", Flag.PHONE),
    ("ruf an: 0151 23456789", Flag.PHONE),
    ("llámame al 612 34 56 78", Flag.PHONE),
    ("chiamami +39 333 123 4567", Flag.PHONE),
    ("zap (11) 98765-4321", Flag.PHONE),
    ("call 98765 43210", Flag.PHONE),
    ("my mobile 0412 345 678", Flag.PHONE),
    ("spelled out: 0 6 1 2 3 4 5 6 7 8", Flag.PHONE),
    # emails, plain and obfuscated
    ("write to john.doe@gmail.com.", Flag.EMAIL),
    ("john at gmail dot com", Flag.EMAIL),
    ("JOHN AT GMAIL DOT COM", Flag.EMAIL),
    ("john [at] gmail [dot] com", Flag.EMAIL),
    ("john(at)gmail.com", Flag.EMAIL),
    ("john {at} mail (dot) example (dot) org", Flag.EMAIL),
    # links
    ("see https://myplace.com/book?x=1, cheaper", Flag.URL),
    ("http://example.org", Flag.URL),
    ("www.myplace.nl!", Flag.URL),
    ("book direct at myplace.com/book", Flag.URL),
    ("bit.ly/x", Flag.URL),
    ("Next time I book on myplace.com", Flag.URL),
]


@pytest.mark.parametrize(("text", "flag"), EVASIONS)
def test_contact_details_are_flagged(text: str, flag: Flag) -> None:
    assert screen(text) == [flag]
    assert [span_flag for _, _, span_flag in contact_spans(text)] == [flag]


def test_spans_cover_the_contact_detail_exactly() -> None:
    text = "Call +31 6 12345678 or mail a.b@mail.nl, see www.myplace.nl/book."
    spans = contact_spans(text)
    assert [(text[start:end], flag) for start, end, flag in spans] == [
        ("+31 6 12345678", Flag.PHONE),
        ("a.b@mail.nl", Flag.EMAIL),
        ("www.myplace.nl/book", Flag.URL),
    ]


def test_overlapping_detections_keep_the_longest() -> None:
    # The number inside the link and the domain inside the email are not reported separately.
    assert contact_spans("https://x.com/0612345678") == [(0, 24, Flag.URL)]
    assert contact_spans("me@myplace.com") == [(0, 14, Flag.EMAIL)]


def test_flags_come_in_flag_order_once_each() -> None:
    text = "www.a.com and b.com, mail c@d.com, call 06 1234 5678 or +44 7911 123456, fucking idiot"
    assert screen(text) == [Flag.OFFENSIVE, Flag.PHONE, Flag.EMAIL, Flag.URL]


OFFENSIVE = [
    "the host is a fucking idiot",
    "this place is shit",
    "The owner is an asshole.",
    "our host was a dumbass",
    "What a bunch of bullshit.",
    # one insult at the end of a long friendly review is still found (sentences are scored alone)
    "We stayed four nights in July. The apartment was spacious and bright, the kitchen well equipped,"
    " and the location close to the old town. Check-in was easy. But the host is a fucking idiot.",
]


@pytest.mark.parametrize("text", OFFENSIVE)
def test_offensive_reviews_are_flagged(text: str) -> None:
    assert screen(text) == [Flag.OFFENSIVE]


MILD_NEGATIVE = [
    "the bed was terrible and the street noisy",
    "Worst host ever, rude and dishonest.",
    "The sheets were stained and the shower was broken.",
    "Never again, total waste of money.",
    "The room was filthy and the host rude.",
    "I hated this place.",
]


@pytest.mark.parametrize("text", MILD_NEGATIVE)
def test_mild_negative_reviews_are_not_held(text: str) -> None:
    assert screen(text) == []


def test_empty_text_is_clean() -> None:
    assert screen("") == []
    assert screen("  \n ") == []


def test_the_direct_profanity_score_is_the_library_s_own() -> None:
    """The model's arithmetic done directly (models.review_text) gives predict_prob's numbers."""
    import profanity_check

    from models.review_text import _profanity_probability

    texts = [
        "Lovely bright flat, spotless kitchen and a very kind host.",
        "you are a fucking idiot",
        "screw this place",
        "the mattress sucked",
        "worst host ever, rude and dishonest",
        "horrible, disgusting, filthy room",
        "",
    ]
    ours = _profanity_probability()(texts)
    theirs = profanity_check.predict_prob(texts)
    assert [round(float(x), 12) for x in ours] == [round(float(x), 12) for x in theirs]


def test_the_profanity_model_is_not_loaded_at_import() -> None:
    # Loading it costs seconds: every process importing models would pay it at start-up.
    code = "import sys, models.review_text; assert 'profanity_check' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "text",
    ["Amazing stay, the host was wonderful and the view stunning!", "Highly recommend!", "Great location."],
)
def test_positive_text_scores_positive(text: str) -> None:
    assert POSITIVE_AT <= sentiment(text) <= 1


@pytest.mark.parametrize(
    "text",
    ["Awful stay, dirty bathroom and a rude host.", "the bed was terrible and the street noisy"],
)
def test_negative_text_scores_negative(text: str) -> None:
    assert -1 <= sentiment(text) <= NEGATIVE_AT


@pytest.mark.parametrize(
    "text", ["We stayed two nights in March.", "The apartment is on the second floor.", ""]
)
def test_neutral_text_scores_neutral(text: str) -> None:
    assert NEGATIVE_AT < sentiment(text) < POSITIVE_AT


CORPUS = [
    "Great location, close to the beach and the old town. The host was lovely.",
    "The location is perfect and the apartment spotless. Great location for families.",
    "Great location and a comfortable bed. We would stay again.",
    "Noisy street at night and the bathroom was dirty. Terrible sleep.",
    "The bed was terrible and the noisy street kept us awake.",
    # neutral: its phrases count in neither polarity
    "We stayed two nights in March, on a street near the location of the market.",
]


def scored(texts: list[str]) -> list[tuple[str, float]]:
    return [(text, sentiment(text)) for text in texts]


def test_trending_topics_counts_phrases_once_per_review_by_polarity() -> None:
    reviews = scored(CORPUS)
    assert NEGATIVE_AT < reviews[-1][1] < POSITIVE_AT
    assert trending_topics(reviews) == [
        # "the location" and "Great location" twice in one review count once
        Topic("great", 3, "positive"),
        Topic("great location", 3, "positive"),
        Topic("location", 3, "positive"),
        Topic("noisy", 2, "negative"),
        Topic("noisy street", 2, "negative"),
        Topic("street", 2, "negative"),
        Topic("terrible", 2, "negative"),
    ]


def test_trending_topics_uses_the_given_scores() -> None:
    # The caller's score decides the polarity: the same texts scored the other way round swap sides.
    flipped = [(text, -score) for text, score in scored(CORPUS)]
    topics = trending_topics(flipped, limit=1)
    assert topics == [Topic("noisy", 2, "positive"), Topic("great", 3, "negative")]


def test_trending_topics_is_deterministic() -> None:
    reviews = scored(CORPUS)
    first = trending_topics(reviews)
    assert trending_topics(list(reversed(reviews))) == first
    assert trending_topics(reviews) == first


def test_min_count_and_limit() -> None:
    reviews = scored(CORPUS)
    assert trending_topics(reviews, min_count=4) == []
    assert trending_topics(reviews, min_count=3) == [
        Topic("great", 3, "positive"),
        Topic("great location", 3, "positive"),
        Topic("location", 3, "positive"),
    ]
    # ties are broken by phrase, per polarity
    assert trending_topics(reviews, limit=2) == [
        Topic("great", 3, "positive"),
        Topic("great location", 3, "positive"),
        Topic("noisy", 2, "negative"),
        Topic("noisy street", 2, "negative"),
    ]
    once = trending_topics(reviews, min_count=1, limit=100)
    assert Topic("comfortable bed", 1, "positive") in once
    assert Topic("awake", 1, "negative") in once
    assert not any(topic.phrase in {"march", "market"} for topic in once)
    assert trending_topics([], limit=5) == []
