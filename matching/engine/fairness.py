"""Keep protected attributes out of matching.

Age, gender, photo, marital status, children and nationality/citizenship must not
move a score. The typed inputs do not carry them at all; resume *text* still may (an
hh.ru export starts with "Мужчина, 34 года, родился ..."), so the text is cleaned
before it is embedded or searched.
"""

from __future__ import annotations

import re

_PROTECTED_LINE = re.compile(
    r"""^\W*(?:
        (?:мужчина|женщина|male|female)\b
      | (?:пол|gender|sex)\s*[:—-]
      | (?:возраст|age)\s*[:—-]
      | (?:дата\s+рождения|date\s+of\s+birth|birth\s*date|born|родил(?:ся|ась))\b
      | (?:гражданство|citizenship|nationality|национальность)\b
      | (?:семейное\s+положение|marital\s+status)\b
      | (?:женат|замужем|холост|не\s+замужем|не\s+женат|разведен|разведена)\b
      | (?:married|single|divorced)\s*(?:[,.;|]|$)
      | (?:дети|children)\s*[:—-]
      | (?:фото|photo)\s*[:—-]
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Inline forms inside a longer line: "34 года", "родился 5 августа 1992", "есть дети".
_INLINE = (
    re.compile(r"\b\d{2}\s*(?:год|года|лет)\b(?=\s*[,;.|]|\s*$)", re.IGNORECASE | re.MULTILINE),
    re.compile(r"\b(?:родил(?:ся|ась)|born)\b[^,;\n|]*", re.IGNORECASE),
    re.compile(r"\b(?:мужчина|женщина)\b", re.IGNORECASE),
    re.compile(r"\b(?:гражданство|citizenship|nationality)\b[^\n]*", re.IGNORECASE),
    re.compile(r"\b(?:женат|замужем|married)\b,?", re.IGNORECASE),
)


def strip_protected(text: str) -> str:
    """Drop lines and phrases that state protected attributes; keep everything else."""
    kept = [line for line in text.splitlines() if not _PROTECTED_LINE.match(line)]
    out = "\n".join(kept)
    for pattern in _INLINE:
        out = pattern.sub(" ", out)
    return out
