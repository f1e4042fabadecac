"""Folding Russian and English text for comparison, in one place.

Resumes, postings, transcripts and recruiters' queries spell the same word with «ё» or
«е» and in any case; every comparison folds both away first. ``fold`` keeps the length
(offsets found in the folded text point into the original); ``fold_words`` also
collapses white space, for keys and phrase matching."""

from __future__ import annotations

_YO = str.maketrans({"ё": "е", "Ё": "е"})


def fold(text: str) -> str:
    """Lower case with «ё» as «е»; the same length as ``text``."""
    return text.lower().translate(_YO)


def fold_words(text: str) -> str:
    """``fold`` with every run of white space one space, trimmed."""
    return " ".join(fold(text).split())
