"""Place-name normalisation: one form for every spelling, script and apostrophe (issues #2, #3).

`normalise_name` transliterates Cyrillic with the Ukrainian national system (KMU 2010, table 55),
so "Новогригорівка" and "Novohryhorivka" meet; `name_key` folds the differences between Ukrainian-
and Russian-based romanisations (h/g, i/o/y vowels) so "Novogrigorovka" meets them too.

>>> normalise_name("Новогригорівка")
'novohryhorivka'
>>> name_key("Novogrigorovka") == name_key("Novohryhorivka")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ukrainian national transliteration (2010); Russian-only letters added in the same spirit.
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ё": "io", "ы": "y",
    "э": "e", "ъ": "",
}
# At the start of a word these letters take their "y" forms.
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya", "ё": "yo"}
_APOSTROPHES = "'’ʼ`‘ʹ′"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def transliterate_ukrainian(text: str) -> str:
    """Romanise Cyrillic with the Ukrainian national system; other characters pass through.

    >>> transliterate_ukrainian("Згурівка Їжакевич")
    'zghurivka yizhakevych'
    """
    out: list[str] = []
    low = text.lower()
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else " "
        if ch == "г" and prev == "з":
            out.append("gh")  # зг -> zgh, so it is not read as zh
        elif ch in _UK_INITIAL and not prev.isalpha():
            out.append(_UK_INITIAL[ch])
        else:
            out.append(_UK.get(ch, ch))
    return "".join(out)


@lru_cache(maxsize=200_000)
def normalise_name(name: str) -> str:
    """Lower-case Latin form without marks, apostrophes or hyphens; Cyrillic is transliterated first."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    text = "".join(ch for ch in text if ch not in _APOSTROPHES)
    if _CYRILLIC.search(text):
        text = transliterate_ukrainian(text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = re.sub(r"[\s\-‐‑–—_.,/()]+", " ", text)
    return text.strip()


_FOLDS = [("shch", "s"), ("kh", "h"), ("zh", "z"), ("ts", "c"), ("ch", "c"), ("sh", "s"), ("g", "h"),
          ("w", "v"), ("j", ""), ("q", "k"), ("x", "ks")]


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A consonant skeleton shared by the romanisations of one name (for candidate lookup only).

    >>> name_key("Gulyaypole") == name_key("Huliaipole")
    True
    """
    text = normalise_name(name).replace(" ", "")
    for a, b in _FOLDS:
        text = text.replace(a, b)
    ending = "a" if text[-1:] in "aeiouy" else ""  # Pokrovsk and Pokrovske are different towns
    text = re.sub(r"[aeiouy]", "", text)
    return re.sub(r"(.)\1+", r"\1", text) + ending


def is_indexable(name: str) -> bool:
    """Names in Latin or Cyrillic script only; other scripts cannot appear in our reports' matching."""
    return all(
        ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u0400" <= ch <= "\u04ff" or ch in _APOSTROPHES
        for ch in name
    )
