"""Mentee identities out of free text before it reaches the shared screen, a pack or an email.

A note is written by a person, so a mentee's name or code can appear in it spelled any way a
keyboard allows. Both the note and every identity are *folded* before they are compared:

- Unicode NFKC, then case folding, then accents stripped ("Zoë Müller" reads "zoe muller");
- letters that look Latin but are not (Cyrillic "М", Greek "ο") mapped to the Latin ones;
- zero-width characters and soft hyphens removed; every dash read as "-"; any run of white
  space (a line break, a tab, a non-breaking space) read as one space.

A name matches with any separator between its words; a German name also in its ``ue``
spelling ("Mueller"); each part of three letters or more on its own, except a first name
shared with a mentor (notes name mentors by first name); initials with their dots ("Z. M.").
A mentor's full name is never redacted, so "Mr Wilson" goes while "Alex Wilson" (a mentor)
stays. A code matches with any separator or none and with or without leading zeros
("M-00029", "m 29", "M29", "#00029", "00029"); a bare number only with its leading zeros, so
"29 contacts" stays. Identities come from every site of the program, whoever is looking.

The redaction maps each match in the folded text back to the characters it came from, so the
rest of the note is shown exactly as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

REDACTED = "a mentee"

# Look-alikes (after case folding) of Latin letters in Cyrillic and Greek.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i",
        "ї": "i", "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q",
        "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԝ": "w", "ɡ": "g",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    }
)  # fmt: skip
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_ALNUM = r"[^\W_]"  # a letter or a digit of any script
_SEPARATOR = r"[\W_]{1,3}"  # between the words of a name or the parts of a code
_START, _END = rf"(?<!{_ALNUM})", rf"(?!{_ALNUM})"
_WORDS = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKC", char).casefold()
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    ).translate(_CONFUSABLES)
    return "".join(
        " " if c.isspace() else "-" if unicodedata.category(c) == "Pd" else c for c in folded
    )


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each folded character the index of the
    character of ``text`` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            if piece == " " and (not out or out[-1] == " "):
                continue
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def folded(text: str) -> str:
    """``text`` folded (see the module's docstring)."""
    if text.isascii():  # the common case, at a tenth of the cost: nothing to normalise
        return " ".join(text.lower().split())
    return fold(text)[0]


def _name_pattern(words: list[str]) -> str:
    return _START + _SEPARATOR.join(re.escape(w) for w in words) + _END


@functools.lru_cache(maxsize=65536)
def _name_spellings(name: str) -> frozenset[tuple[str, ...]]:
    """The words of ``name`` folded, and of its German ``ue`` spelling."""
    spellings = {
        tuple(_WORDS.findall(folded(name))),
        tuple(_WORDS.findall(folded(name.translate(_GERMAN)))),
    }
    return {s for s in spellings if s}


def _code_patterns(code: str) -> list[str]:
    """Patterns of a code ('MT-0042') as typed by hand: any separator or none between its
    letters and its number, leading zeros or not; the number alone only zero-padded."""
    text = folded(code)
    match = re.fullmatch(r"([a-z]*)[\W_]*(\d+)", text)
    if not match:
        words = _WORDS.findall(text)
        return [_name_pattern(words)] if words else []
    letters, digits = match.groups()
    number = digits.lstrip("0") or "0"
    patterns = [rf"#[\W_]?0*{number}{_END}"]  # "#29", "# 00029"
    if digits.startswith("0"):  # "00029" alone, but not "29" alone (nor the "09" of a date)
        patterns.append(rf"{_START}{digits}{_END}")
    if letters:
        patterns.append(rf"{_START}{re.escape(letters)}[\W_]{{0,3}}0*{number}{_END}")
    return patterns


def identity_keys(name: str | None, code: str | None) -> set[str]:
    """What an identity can be found by in a text (its words, its code's number both ways,
    its initials): the identity index's keys."""
    keys: set[str] = set()
    for words in _name_spellings(name or ""):
        keys.update(w for w in words if len(w) >= 2)
        if len(words) >= 2:
            keys.add("initials:" + "".join(w[0] for w in words))
    # A code by its number only: its letters ("MT") are every mentee's.
    keys.update(run.lstrip("0") or "0" for run in re.findall(r"\d+", folded(code or "")))
    return keys


def text_keys(text: str) -> set[str]:
    """The keys under which identities that could occur in ``text`` are indexed."""
    flat = folded(text)
    keys = set(_WORDS.findall(flat))
    keys |= {run.lstrip("0") or "0" for run in re.findall(r"\d+", flat)}
    for first, second in re.findall(r"([^\W\d_])\.\s?([^\W\d_])\.", flat):
        keys.add(f"initials:{first}{second}")
    return keys


@dataclass(frozen=True)
class Redactor:
    """Replaces the identities it was built with in any text (see the module's docstring)."""

    pattern: re.Pattern[str] | None
    protected: re.Pattern[str] | None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where identities are in ``text``: (start, end) of each, in ``text``'s characters."""
        if self.pattern is None or not text:
            return []
        flat, origin = fold(text)
        kept = [m.span() for m in self.protected.finditer(flat)] if self.protected else []
        found = []
        for match in self.pattern.finditer(flat):
            start, end = match.span()
            if any(start < k_end and k_start < end for k_start, k_end in kept):
                continue
            found.append((origin[start], origin[end - 1] + 1))
        return found

    def redact(self, text: str) -> str:
        """``text`` with every identity replaced by "a mentee"."""
        spans = self.spans(text)
        for start, end in reversed(spans):
            text = text[:start] + REDACTED + text[end:]
        return text


def build_redactor(
    identities: Iterable[tuple[str | None, str | None]],
    mentor_names: Iterable[str],
    present: set[str] | None = None,
    mentor_parts: set[str] | None = None,
) -> Redactor:
    """A redactor of ``identities`` (mentees' names and codes) that leaves mentors' full
    names alone. ``present``: the ``text_keys`` of the texts it will redact; only the
    patterns that can match them are built (the same redaction, far fewer alternatives).
    ``mentor_parts``: the words of every mentor's name (default: those of ``mentor_names``),
    for first names that are not redacted on their own."""

    def may_occur(*keys: str) -> bool:
        return present is None or all(key in present for key in keys)

    mentor_words = [tuple(_WORDS.findall(folded(name or ""))) for name in mentor_names]
    if mentor_parts is None:
        mentor_parts = {word for words in mentor_words for word in words}
    patterns: set[str] = set()
    for name, code in identities:
        for words in _name_spellings(name or ""):
            if may_occur(*words):
                patterns.add(_name_pattern(list(words)))
            for position, word in enumerate(words):
                last = position == len(words) - 1
                if len(word) >= 3 and (last or word not in mentor_parts) and may_occur(word):
                    patterns.add(_name_pattern([word]))
            if len(words) >= 2 and may_occur("initials:" + "".join(w[0] for w in words)):
                initials = r"\.\s?".join(re.escape(w[0]) for w in words) + r"\."
                patterns.add(_START + initials + r"(?![^\W_])")
        numbers = [run.lstrip("0") or "0" for run in re.findall(r"\d+", folded(code or ""))]
        if (numbers and may_occur(*numbers)) or (not numbers and code):
            patterns.update(_code_patterns(code or ""))
    protected = {_name_pattern(list(words)) for words in mentor_words if len(words) >= 2}
    return Redactor(_alternation(patterns), _alternation(protected))


def _alternation(patterns: set[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    ordered = sorted(patterns, key=lambda p: (-len(p), p))  # longest (a full name) first
    return re.compile("|".join(f"(?:{p})" for p in ordered))
