"""Is this Thai word a person's given name or family name? Real name lists, plus a model that generalises.

The lists are pythainlp's corpora (Thai given names, male and female, and family names; shipped inside the
package, read offline). One fifth of each list, chosen by a hash of the name, is *held out*: the detector
never looks those names up, so tests can measure how it does on names it has never seen. For those, a
character-trigram model of names against the Thai dictionary (pythainlp's word list, its own fifth held out
too) says how name-like a word is. Everything is loaded on first use, once per process (about 0.5 s), so
importing the harvest costs nothing and a table without Thai text never pays for it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

HOLD_OUT = 5  # one name in five is kept out of the lookup lists (and out of the model's training)
_TH_ONLY = re.compile("[\u0e01-\u0e4e]+")


def held_out(word: str) -> bool:
    """True for the fifth of every list the detector must not learn from (stable across runs and machines)."""
    return hashlib.blake2b(word.encode("utf-8"), digest_size=2).digest()[0] % HOLD_OUT == 0


def _clean_list(words: Iterable[object]) -> list[str]:
    return sorted({w.strip() for w in words if isinstance(w, str) and _TH_ONLY.fullmatch(w.strip() or "-")})


@lru_cache(maxsize=1)
def corpora() -> dict[str, list[str]]:
    """The full lists as pythainlp ships them: given (male + female), family, dictionary words."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names, thai_words

    return {
        "given": _clean_list(set(thai_male_names()) | set(thai_female_names())),
        "family": _clean_list(thai_family_names()),
        "word": _clean_list(thai_words()),
    }


@dataclass(frozen=True, eq=False)
class _Trigrams:
    """Smoothed character-trigram log-probabilities of one kind of word."""

    counts: dict[str, int]  # trigram → count
    totals: dict[str, int]  # its first two characters → count
    vocabulary: int

    @classmethod
    def train(cls, words: list[str]) -> _Trigrams:
        padded = [f"^^{w}$" for w in words]
        trigrams = Counter(p[i:i + 3] for p in padded for i in range(len(p) - 2))
        contexts: Counter = Counter()
        for gram, n in trigrams.items():
            contexts[gram[:2]] += n
        return cls(dict(trigrams), dict(contexts), vocabulary=80)

    def logprob(self, word: str) -> float:
        """Mean log-probability per character (add-0.1 smoothing over ~80 Thai characters)."""
        padded = f"^^{word}$"
        grams, contexts, smooth = self.counts, self.totals, 0.1 * self.vocabulary
        total = 0.0
        for i in range(len(padded) - 2):
            total += math.log((grams.get(padded[i:i + 3], 0) + 0.1) / (contexts.get(padded[i:i + 2], 0) + smooth))
        return total / (len(padded) - 2)


@dataclass(frozen=True)
class NameModel:
    """Lookup lists (without the held-out fifth) and the trigram models trained on the same."""

    given: frozenset[str]
    family: frozenset[str]
    words: frozenset[str]
    given_model: _Trigrams
    family_model: _Trigrams
    word_model: _Trigrams

    def given_score(self, word: str) -> float:
        """How much more name-like than dictionary-like (per character); > 0 leans to a given name."""
        return _score(self.given_model, self.word_model, word)

    def family_score(self, word: str) -> float:
        """The same for family names."""
        return _score(self.family_model, self.word_model, word)


@lru_cache(maxsize=65536)
def _score(names: _Trigrams, words: _Trigrams, word: str) -> float:
    return names.logprob(word) - words.logprob(word)


@lru_cache(maxsize=1)
def model() -> NameModel:
    """The lists and models, built once per process on first use."""
    lists = {kind: [w for w in words if not held_out(w)] for kind, words in corpora().items()}
    known_names = set(lists["given"]) | set(lists["family"])
    plain_words = [w for w in lists["word"] if w not in known_names]
    return NameModel(given=frozenset(lists["given"]), family=frozenset(lists["family"]),
                     words=frozenset(lists["word"]), given_model=_Trigrams.train(lists["given"]),
                     family_model=_Trigrams.train(lists["family"]), word_model=_Trigrams.train(plain_words))


def held_out_names() -> dict[str, list[str]]:
    """The names and words the detector never saw, for measuring it honestly."""
    return {kind: [w for w in words if held_out(w)] for kind, words in corpora().items()}
