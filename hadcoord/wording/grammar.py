"""French articles, prepositions and elisions before names (« pour l'HAD du CH d'Albi »).

Elision before a vowel and before a mute h; acronyms are read letter by letter, so « HAD »
(« ache-a-dé ») and « UDSMA » (« u-dé… ») elide too: « l'HAD », « de l'UDSMA ».
"""

from __future__ import annotations

import re
from collections.abc import Sequence

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæh")
# Words that lose their last vowel before a vowel: « qu'infirmière », « d'Albi », « l'HAD ».
ELIDING = {"le": "l'", "la": "l'", "de": "d'", "que": "qu'", "ne": "n'", "je": "j'",
           "ce": "c'", "se": "s'", "jusque": "jusqu'", "lorsque": "lorsqu'", "puisque": "puisqu'"}
CONTRACTIONS = {("à", "le"): "au", ("de", "le"): "du", ("à", "les"): "aux", ("de", "les"): "des"}
# The article of a name, by its first word (case-sensitive for acronyms, else lower-cased).
FIRST_WORD_ARTICLES = {
    "HAD": "la", "UDSMA": "la", "ARS": "la", "PUI": "la", "IUCT-O": "le", "IUCT-Oncopole": "le",
    "CH": "le", "CHU": "le", "CHI": "le", "CHIC": "le", "CHIVA": "le", "SSR": "le",
    "centre": "le", "service": "le", "groupe": "le", "pôle": "le", "réseau": "le",
    "hôpital": "le", "institut": "le", "établissement": "le",
    "clinique": "la", "polyclinique": "la", "maison": "la", "fondation": "la",
    "croix-rouge": "la", "mutualité": "la", "association": "la", "union": "la",
}
_FIRST_WORD = re.compile(r"[^\s(]+")
OPENING = "« \u00a0\u202f\""  # what may come before the first letter


def begins_with_vowel(text: str) -> bool:
    """Whether ``text`` begins with a vowel or an h (taken as mute), ignoring case."""
    stripped = text.lstrip(OPENING)
    return bool(stripped) and stripped[0].lower() in VOWELS


def join(word: str, following: str) -> str:
    """``word`` then ``following``, elided when it must be: ``join("que", "infirmière")``."""
    elided = ELIDING.get(word.lower())
    if elided is not None and begins_with_vowel(following):
        return (elided[0].upper() + elided[1:] if word[0].isupper() else elided) + following
    return f"{word} {following}"


def article(name: str) -> str | None:
    """The definite article a name takes (``le``/``la``), None when it takes none."""
    match = _FIRST_WORD.match(name.strip())
    if match is None:
        return None
    first = match.group(0)
    return FIRST_WORD_ARTICLES.get(first) or FIRST_WORD_ARTICLES.get(first.lower())


def the(name: str) -> str:
    """The name with its article: « l'HAD du CH d'Albi », « le CH de Rodez », « Korian »."""
    word = article(name)
    return join(word, name) if word else name


def with_preposition(preposition: str, name: str) -> str:
    """« pour l'HAD Bigorre », « à l'UDSMA », « au centre hospitalier d'Albi », « de Korian »."""
    word = article(name)
    if word is None:
        return join(preposition, name)
    contracted = CONTRACTIONS.get((preposition.lower(), word))
    if contracted is not None and not begins_with_vowel(name):
        return f"{contracted} {name}"
    return f"{preposition} {join(word, name)}"


def of(name: str) -> str:
    """« de l'HAD… », « du CH… », « de la Clinique… », « d'Albi »."""
    return with_preposition("de", name)


def to(name: str) -> str:
    """« à l'HAD… », « au CH… »."""
    return with_preposition("à", name)


def for_(name: str) -> str:
    """« pour l'HAD… », « pour le CH… »."""
    return with_preposition("pour", name)


def listing(items: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def of_each(names: Sequence[str]) -> str:
    """« de l'HAD Clinique Font Redonde et de l'UDSMA »."""
    return listing([of(name) for name in names])


def capitalised(text: str) -> str:
    """``text`` with its first letter in capitals (« L'HAD du CH d'Albi, autorisée… »)."""
    return text[:1].upper() + text[1:]
