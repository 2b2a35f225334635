"""Thai word segmentation for search: Thai writes no spaces between words, so both what is indexed and
what is asked are split into words with PyThaiNLP's ``newmm`` engine before the search backend sees
them (PostgreSQL's text search would otherwise take a whole run of Thai as one word).

Compound words in the dictionary (ภาษาอังกฤษ) are indexed whole and also as their parts (ภาษา,
อังกฤษ), so a search for a part finds the compound.
"""

import re
import threading
import unicodedata
from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import Trie

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _dictionary():
    return Trie(thai_words())


def _parts(word, dictionary):
    """The dictionary words a compound is made of, or ``[]`` when it is not a compound."""
    if len(word) < 4 or word not in dictionary:
        return []
    with _lock:  # the shared dictionary is changed for a moment
        dictionary.remove(word)
        try:
            parts = word_tokenize(word, custom_dict=dictionary, engine="newmm", keep_whitespace=False)
        finally:
            dictionary.add(word)
    return parts if len(parts) > 1 and all(p in dictionary for p in parts) else []


def _letters(word):
    """Only letters, digits and combining marks (Thai vowels and tone marks are marks): punctuation and
    search-syntax characters (quotes, ``*``, ``-``, brackets) never reach the search backend."""
    return "".join(ch for ch in word if unicodedata.category(ch)[0] in "LNM")


def segment(text, *, with_parts=False):
    """Words of ``text`` separated by spaces; Thai runs are split into words, punctuation dropped."""
    if not text:
        return ""
    dictionary = _dictionary()
    words = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        word = _letters(token)
        if not word:
            continue
        words.append(word)
        if with_parts and _THAI.search(word):
            words.extend(_parts(word, dictionary))
    return " ".join(words)


def index_text(*texts):
    """Text for a search index: segmented, compounds with their parts."""
    return " ".join(segment(t, with_parts=True) for t in texts if t)


def query_text(query):
    """A person's query, segmented the same way (without parts: the index has them). Words that are
    search operators to a backend (OR, AND, NOT, NEAR) are taken as plain words by lower-casing them."""
    return " ".join(word.lower() if word.isupper() else word for word in segment(query.strip()).split())
