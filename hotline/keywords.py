"""The hotline's keywords: the shared Kiwi extraction of core.keywords (moved there for the survey's free text)."""

from core.keywords import (  # noqa: F401 - this module's public names, kept for its callers
    DOMAIN_WORDS,
    NOUN_TAGS,
    PHRASE_STOP_WORDS,
    STOP_WORDS,
    TextKeywords,
    count,
    extract,
    kiwi,
)
