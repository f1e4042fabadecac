"""Cleaning a recogniser's text before anyone reads it: decoder loops, doubled
sentences, broken characters and the captions Whisper learnt from subtitled video.

Pure functions over strings, shared by the engines and the benchmark."""

from __future__ import annotations

import re
import zlib

# A byte-level BPE decoder cut in the middle of a multi-byte character yields U+FFFD;
# it is never what was said.
_REPLACEMENT = "\ufffd"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# A letter four times in a row ("ССССССС", "Сааааа") is a decoder stuck on one token,
# not a word of Russian or English.
_STUCK_LETTER = re.compile(r"(\w)\1{3,}")
# Whisper was trained on subtitled video: on audio it cannot read it sometimes writes
# the subtitle credits and channel outros it saw there. Such text is not the
# candidate's; the piece is treated as not understood (shown as unclear), not dropped.
_CAPTION_ARTIFACTS = re.compile(
    r"субтитр|продолжение следует|спасибо за просмотр|подписывайтесь на канал|"
    r"subtitles by|thanks for watching|please subscribe",
    re.IGNORECASE,
)


def looping(text: str) -> bool:
    """Whisper's hallucination loops repeat themselves: such text compresses too well."""
    raw = text.encode()
    return len(raw) > 40 and len(raw) / len(zlib.compress(raw)) > 2.4


def caption_artifact(text: str) -> bool:
    return bool(_CAPTION_ARTIFACTS.search(text))


def _key(word: str) -> str:
    return word.strip(".,!?;:…«»\"'()-").lower().replace("ё", "е")


def collapse_repeats(text: str, *, longest: int = 12) -> str:
    """Keep one copy of a phrase the decoder repeated in a row. How many copies make a
    loop depends on the phrase's length: a word said four times («да, да, да» is
    speech), two or three words three times, four or more words twice — people rarely
    repeat a whole clause verbatim at once; a decoder that lost the audio does
    ("Не знаю. Не знаю. Не знаю." from one «Нет, не знаю»; a sentence doubled)."""
    words = text.split()
    key = [_key(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(1, longest + 1):  # the shortest period of a loop first
            if not any(key[i : i + n]):
                continue
            reps = 1
            while i + (reps + 1) * n <= len(words) and key[i + reps * n : i + (reps + 1) * n] == key[i : i + n]:
                reps += 1
            needed = 4 if n == 1 else 3 if n <= 3 else 2
            if reps >= needed:
                out.extend(words[i : i + n])
                i += reps * n
                # A cut-off last copy ("… Sir, we send. Sir") at the very end is part of the loop.
                tail = key[i:]
                if tail and len(tail) < n and tail == key[i - n : i - n + len(tail)]:
                    i = len(words)
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def drop_doubled_sentences(text: str) -> str:
    """A sentence that comes back identical right after itself is said once."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if out and _norm(sentence) and _norm(sentence) == _norm(out[-1]):
            continue
        out.append(sentence)
    return " ".join(out)


def _norm(sentence: str) -> str:
    return " ".join(_key(w) for w in sentence.split())


def clean(text: str) -> str:
    """The text to keep: broken characters removed, repeats collapsed; "" when what is
    left is still a loop (nothing of it can be trusted)."""
    text = " ".join(w for w in text.replace(_REPLACEMENT, "").split() if not _STUCK_LETTER.search(w))
    text = drop_doubled_sentences(collapse_repeats(text))
    if not any(ch.isalnum() for ch in text):
        return ""  # ". . ." is no word of the answer
    return "" if looping(text) else text
