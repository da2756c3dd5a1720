"""Normalisation of commune names as people write them on forms."""

from __future__ import annotations

import re
import unicodedata

# Abbreviations users write for the saints that start a third of Occitanie's names.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
LEADING_ARTICLES = ("l", "le", "la", "les")
# Words that join the parts of a name: a later word search does not start on them.
LINK_WORDS = frozenset({"l", "le", "la", "les", "d", "de", "du", "des", "en", "et", "sur",
                        "sous", "lez", "aux", "au", "saint", "sainte", "saints", "saintes"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def fold_keep_accents(text: str) -> str:
    """Like :func:`normalize_name` but keeping the accents ("Rodès" ≠ "rodes", = "RODÈS").

    >>> fold_keep_accents("St-Félix-Lauragais")
    'saint félix lauragais'
    """
    folded = unicodedata.normalize("NFC", text.casefold().translate(_LIGATURES))
    tokens = _NOT_WORD.sub(" ", folded).split()
    return " ".join(ABBREVIATIONS.get(token, token) for token in tokens)


def normalize_name(text: str) -> str:
    """Lower-case, unaccented, apostrophes/hyphens/punctuation as single spaces, "st" → "saint".

    >>> normalize_name("St-Jean-de-l'Herm")
    'saint jean de l herm'
    """
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    tokens = _NOT_ALNUM.sub(" ", ascii_text).split()
    return " ".join(ABBREVIATIONS.get(token, token) for token in tokens)


def without_article(normalized: str) -> str:
    """The normalised name without its leading article ("la bastide" → "bastide")."""
    head, _, rest = normalized.partition(" ")
    return rest if head in LEADING_ARTICLES and rest else normalized
