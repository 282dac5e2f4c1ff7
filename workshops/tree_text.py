"""Reading what people wrote in the problem tree: normalising text, and the
text heuristics behind the checks (absence of a solution, compound
statements, likely duplicates). Plain strings in, plain answers out; the
checks themselves live in ``tree_check``.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

MAX_DUPLICATE_PAIRS_REPORTED = 50

# Work ``likely_duplicate`` may spend on candidate pairs before it gives up:
# one unit per candidate listed and per word compared, plus a fixed cost per
# pair (a unit is roughly 50 ns here). Bounds the time when thousands of texts
# look alike, however long they are.
MAX_DUPLICATE_WORK = 10_000_000
_DUPLICATE_PAIR_COST = 20

# CONEVAL advises stating the problem as a negative situation of the affected
# population, not as the absence of a solution. Written without accents, lower
# case: they are matched as whole words against the normalised text.
ABSENCE_OF_SOLUTION_PHRASES = (
    "falta de",
    "faltan",
    "no existe",
    "no existen",
    "no hay",
    "no cuenta con",
    "no cuentan con",
    "carencia de",
    "carencias de",
    "ausencia de",
    "insuficiencia de",
    "inexistencia de",
    "escasez de",
)
# Only at the start: "sin" inside a text ("personas sin empleo") describes a population.
ABSENCE_OF_SOLUTION_OPENINGS = ("sin",)


_T = TypeVar("_T")

INVISIBLE = " \t\n\r\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff"


def normalise_text(text: str) -> str:
    """Lower case, without accents, punctuation or repeated spaces:
    ``"¿Falta  de Interés?"`` → ``"falta de interes"``.

    The checks normalise every text of a tree at every edit, and only one text
    changed: texts are kept once normalised, and a new text is normalised word
    by word, each distinct word once (a tree repeats its words thousands of
    times). Word by word is the same as the whole text at once
    (``normalise_text_plain``): every step reads one character at a time except
    the reordering of combining marks, which never crosses a space."""
    return _NORMALISED_TEXTS[text]


def normalise_text_plain(text: str) -> str:
    """``normalise_text`` on the whole text at once: NFKD, without combining
    marks, case-folded, every run of non-word characters one space."""
    bare = _COMBINING_MARK.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return " ".join(_NON_WORD.sub(" ", bare).split())


_COMBINING_MARK = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_WORD = re.compile(r"[\W_]+")


class _Memo(dict[str, _T]):
    """``compute`` of a string, kept for strings up to ``max_length`` long
    while the strings kept add up to at most ``max_chars`` (then all are
    dropped): a flood of made-up texts costs time, not memory."""

    def __init__(self, compute: Callable[[str], _T], max_length: int, max_chars: int) -> None:
        super().__init__()
        self.compute = compute
        self.max_length = max_length
        self.max_chars = max_chars
        self.chars = 0

    def __missing__(self, key: str) -> _T:
        value = self.compute(key)
        if len(key) <= self.max_length:
            if self.chars + len(key) > self.max_chars:
                self.clear()
                self.chars = 0
            self[key] = value
            self.chars += len(key)
        return value


def _normalise_words(text: str) -> str:
    return " ".join(filter(None, map(_NORMALISED_WORDS.__getitem__, text.split())))


# Room for the texts of several 10,000-node trees (about 100 characters each)
# and a large vocabulary: with the normalised forms, at most about 40 MB of
# text, usually a tenth of that.
_NORMALISED_TEXTS = _Memo(_normalise_words, max_length=300, max_chars=4_000_000)
_NORMALISED_WORDS = _Memo(normalise_text_plain, max_length=40, max_chars=1_000_000)
_ABSENCE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in ABSENCE_OF_SOLUTION_PHRASES) + r")\b")


def find_absence_of_solution(text: str) -> str | None:
    """The phrase that states ``text`` as the absence of a solution, if any."""
    return absence_of_solution(normalise_text(text))


def absence_of_solution(normalised: str) -> str | None:
    """The phrase that states a text as the absence of a solution, given the
    text normalised (kept once found, as normalised texts are)."""
    return _ABSENCES[normalised] or None


def _find_absence(normalised: str) -> str:
    words = normalised.split(" ")
    if words[0] in ABSENCE_OF_SOLUTION_OPENINGS:
        return words[0]
    # A normalised text is words and single spaces, so a phrase can only match
    # where its first word is a word of the text: most texts need no search.
    if _ABSENCE_FIRST_WORDS.isdisjoint(words):
        return ""
    match = _ABSENCE_RE.search(normalised)
    return match.group(1) if match else ""


_ABSENCE_FIRST_WORDS = frozenset(p.split(" ", 1)[0] for p in ABSENCE_OF_SOLUTION_PHRASES)
_ABSENCES = _Memo(_find_absence, max_length=300, max_chars=4_000_000)


# --- compound problem -------------------------------------------------------
#
# Heuristic, not grammar. A problem statement is compound when it has
#   1. a semicolon, or more than one sentence (a period, "?" or "!" followed by
#      a capital letter, unless the word before is an abbreviation such as
#      "Edo." or an initial);
#   2. "así como" or "además", which always add a second idea;
#   3. "y", "e" or "ni" with a verb on both sides ("la ciudadanía desconfía
#      ... y las autoridades no publican ..."); verbs are recognised from a short
#      list of forms usual in problem statements, any word after "se", and the
#      word after "no";
#   4. "y"/"e" joining two problem nouns at the head of the statement
#      ("Corrupción y opacidad en ...", "Baja participación ciudadana y poca
#      confianza"): the statement starts with a nominalisation (-ción, -dad,
#      -miento, -encia...), no preposition comes before the conjunction, and
#      another nominalisation follows it that does not name a population
#      ("sociedad", "ciudadanía"...).
# Noun lists of the affected population ("sujetos obligados y sociedad civil")
# have no verb and are not flagged, nor are lists inside a complement
# ("Desarticulación de los esfuerzos de apertura y participación"). Limits: a
# second problem after a preposition and without a verb from the list
# ("Inseguridad en las calles y desempleo juvenil") is missed; one problem
# with two verbs ("desconoce y no utiliza los mecanismos") is flagged. It only
# raises a warning.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CONJUNCTIONS = frozenset({"y", "e", "ni"})
_ALWAYS_COMPOUND = re.compile(r"\b(asi como|ademas)\b")
_SENTENCE_END = re.compile(r"(\w*)[.!?…]+[\s\"”»)]+[¿¡\"“«(]?[A-ZÁÉÍÓÚÜÑ]")
_ABBREVIATIONS = _words(
    "edo sr sra srta dr dra lic ing mtro mtra arq prof profa no num art fracc frac av col cd gral dir sec etc ej pag"
)
_VERBS = _words(
    """
    es son era eran fue fueron estan hay habia existe existen tiene tienen puede pueden debe deben hace hacen
    da dan va van impide impiden genera generan provoca provocan causan limita limitan afecta afectan
    carece carecen desconoce desconocen conoce conocen participa participan realiza realizan presenta
    presentan aumenta aumentan disminuye disminuyen recibe reciben atiende atienden ofrece ofrecen publican
    responde responden utiliza utilizan usan sabe saben confia confian desconfia desconfian llega llegan
    obtiene obtienen accede acceden cumple cumplen incumple incumplen solicita solicitan entregan muestran
    requiere requieren necesita necesitan dificulta dificultan reduce reducen incrementa incrementan vive
    viven sufre sufren enfrenta enfrentan ignora ignoran rechaza rechazan promueve promueven fomenta
    fomentan involucra involucran toman trabaja trabajan coordina coordinan comparte comparten
    """
)
# Words after "no" that are adjectives, not verbs: "organizaciones no gubernamentales".
_ADJECTIVE_ENDINGS = ("al", "ales", "ble", "bles")
_NOMINALISATION_ENDINGS = ("cion", "sion", "dad", "miento", "encia", "ancia", "anza", "ismo", "tud")
_POPULATION_NOUNS = _words(
    """
    sociedad sociedades ciudadania comunidad comunidades autoridad autoridades entidad entidades poblacion
    organizacion organizaciones institucion instituciones administracion dependencia dependencias
    universidad universidades federacion juventud
    """
)
_PREPOSITIONS = _words(
    "a al ante bajo con contra de del desde durante en entre hacia hasta para por que segun sin sobre tras"
)
# Skipped before the head noun: articles and the usual quantity adjectives.
_DETERMINERS = _words(
    "el la los las un una unos unas baja bajo alta alto poca poco escasa escaso nula nulo limitada limitado"
)


def is_compound_statement(text: str) -> bool:
    """Whether ``text`` likely joins more than one problem (see the heuristic above)."""
    if ";" in text or _has_several_sentences(text):
        return True
    normalised = normalise_text(text)
    if _ALWAYS_COMPOUND.search(normalised):
        return True
    words = normalised.split()
    in_head = _is_nominalisation(_head_noun(words, 0))  # still in the statement's head noun phrase
    verb_seen = False
    for i, word in enumerate(words):
        if word in _CONJUNCTIONS and not (word == "e" and not _starts_with_i_sound(words, i + 1)):
            clause_end = next((j for j in range(i + 1, len(words)) if words[j] in _CONJUNCTIONS), len(words))
            if verb_seen and any(_is_verb(words, j) for j in range(i + 1, clause_end)):
                return True
            if in_head and word != "ni" and _is_nominalisation(_head_noun(words, i + 1)):
                return True
            in_head = False
        in_head = in_head and word not in _PREPOSITIONS
        verb_seen = verb_seen or _is_verb(words, i)
    return False


def _has_several_sentences(text: str) -> bool:
    for match in _SENTENCE_END.finditer(text):
        word = normalise_text(match.group(1))
        if len(word) > 1 and not word.isdigit() and word not in _ABBREVIATIONS:
            return True
    return False


def _is_verb(words: list[str], i: int) -> bool:
    word = words[i]
    if word in _VERBS or word == "se":
        return True
    return i > 0 and words[i - 1] == "no" and not word.endswith(_ADJECTIVE_ENDINGS)


def _starts_with_i_sound(words: list[str], i: int) -> bool:
    return i < len(words) and words[i].startswith(("i", "hi"))


def _head_noun(words: list[str], start: int) -> str:
    for word in words[start : start + 3]:
        if word not in _DETERMINERS:
            return word
    return ""


def _is_nominalisation(word: str) -> bool:
    return word.endswith(_NOMINALISATION_ENDINGS) and word not in _POPULATION_NOUNS


# --- likely duplicates ------------------------------------------------------
#
# Two texts are likely duplicates when, after ``normalise_text``, they are
# equal, or their content words overlap enough: Jaccard ≥ DUPLICATE_JACCARD,
# or every content word of the shorter text is in the longer one and Jaccard
# ≥ DUPLICATE_CONTAINED_JACCARD ("Desconocimiento de los beneficios del
# gobierno abierto" / "... que trae consigo el gobierno abierto"). Content
# words leave out stop words, lose their plural ending ("municipales" →
# "municipal"), and a word one typo away from a more frequent word of the tree
# (five letters or more: "transparensia", a swap of neighbours) counts as that
# word. Empty texts never match. Texts that differ in one word out of many
# ("... en Toluca" / "... en Ecatepec") are reported too: a warning, for
# people to decide.
#
# Speed: comparing all pairs is O(n²). Equal texts are grouped by a dict.
# The rest go through prefix filtering (Bayardo, Ma & Srikant, "Scaling up all
# pairs similarity search", WWW 2007): words are ordered rarest first across
# the tree, and two texts become candidates only when they share a word among
# the rarest ``len - ceil(t·len) + 1`` of each, t = DUPLICATE_CONTAINED_JACCARD,
# the lowest Jaccard accepted. That misses no pair that passes, and rare words
# keep the candidate lists short. Comparisons stop after MAX_DUPLICATE_WORK,
# reports at MAX_DUPLICATE_PAIRS_REPORTED. The work is counted per candidate
# as it always was (what is found must not depend on how fast it is found),
# but a text's candidates are counted at once when they all fit in what is
# left; then only those whose Jaccard reaches t are compared in full. Each
# text's content words (before typos are resolved across the tree) are kept
# once found, like normalised texts.

DUPLICATE_JACCARD = 0.75
DUPLICATE_CONTAINED_JACCARD = 0.6
_TYPO_MIN_LENGTH = 5
_STOP_WORDS = _words(
    """
    a al ante bajo cabe como contra de del desde durante e el en entre esa ese eso esta estas este esto estos
    hacia hasta la las le les lo los mas mediante o os para pero por que se segun sobre su sus tras u un una
    unas uno unos y ya
    """
)


def duplicate_pairs(normalised_texts: Mapping[str, str], max_work: int = MAX_DUPLICATE_WORK) -> list[tuple[str, str]]:
    by_text: dict[str, list[str]] = {}
    for node_id in sorted(normalised_texts):
        if normalised_texts[node_id]:
            by_text.setdefault(normalised_texts[node_id], []).append(node_id)
    pairs = [(ids[0], other) for ids in by_text.values() for other in ids[1:]]
    if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
        return pairs[:MAX_DUPLICATE_PAIRS_REPORTED]

    texts, frequency = _content_words([(ids[0], normalised) for normalised, ids in by_text.items()])
    rank = {w: r for r, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    lengths = [len(words) for _, words in texts]
    index: dict[str, list[int]] = {}
    work = 0
    for i, (node_id, words) in enumerate(texts):
        n = lengths[i]
        prefix = sorted(words, key=rank.__getitem__)[: n - math.ceil(DUPLICATE_CONTAINED_JACCARD * n - 1e-9) + 1]
        postings = [index[w] for w in prefix if w in index]
        work += sum(map(len, postings))
        candidates = sorted(set(itertools.chain.from_iterable(postings)))
        cost = _DUPLICATE_PAIR_COST * len(candidates) + sum(n if n < lengths[j] else lengths[j] for j in candidates)
        if work + cost > max_work:
            # The budget runs out among these: count pair by pair where.
            for j in candidates:
                work += _DUPLICATE_PAIR_COST + min(n, lengths[j])
                if work > max_work:
                    return pairs
                if _look_alike(texts[j][1], words):
                    pairs.append(_sorted_pair(texts[j][0], node_id))
                    if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
                        return pairs
        work += cost
        for j in candidates:
            other_words = texts[j][1]
            shared = len(words & other_words)
            # Every pair alike has a Jaccard index of DUPLICATE_CONTAINED_JACCARD at least.
            if shared / (n + lengths[j] - shared) >= DUPLICATE_CONTAINED_JACCARD and _look_alike(other_words, words):
                pairs.append(_sorted_pair(texts[j][0], node_id))
                if len(pairs) >= MAX_DUPLICATE_PAIRS_REPORTED:
                    return pairs
        for w in prefix:
            index.setdefault(w, []).append(i)
    return pairs


def _sorted_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _content_words(texts: list[tuple[str, str]]) -> tuple[list[tuple[str, frozenset[str]]], Counter[str]]:
    """Each text's content words: no stop words, singular, typos replaced by
    the more frequent word they are one typo away from. Texts left without
    words are dropped. Also how many texts hold each word (near enough: only
    the order of the counts matters)."""
    plain = [(node_id, words) for node_id, normalised in texts if (words := _PLAIN_CONTENT_WORDS[normalised])]
    frequency = Counter(itertools.chain.from_iterable(words for _, words in plain))
    closest = {
        word: max((word, *others), key=lambda w: (frequency[w], w))
        for word, others in _typo_partners(frequency).items()
    }
    # Follow chains (a typo of a typo) to the most frequent word: every step
    # goes to a word of higher (frequency, word), so it ends.
    canonical: dict[str, str] = {}
    for word in closest:
        path = []
        target = word
        while closest.get(target, target) != target and target not in canonical:
            path.append(target)
            target = closest[target]
        target = canonical.get(target, target)
        canonical.update((w, target) for w in path)
    if not canonical:
        return plain, frequency
    for word, replacement in canonical.items():
        frequency[replacement] += frequency.pop(word)
    return [
        (node_id, words if words.isdisjoint(canonical) else frozenset(canonical.get(w, w) for w in words))
        for node_id, words in plain
    ], frequency


def _plain_content_words(normalised: str) -> frozenset[str]:
    """Words of a text but stop words, each made singular."""
    return frozenset(map(_singular, set(normalised.split()) - _STOP_WORDS))


_PLAIN_CONTENT_WORDS = _Memo(_plain_content_words, max_length=300, max_chars=4_000_000)


def _singular(word: str) -> str:
    """A rough singular, good enough for comparing: "municipales" → "municipal",
    "gobiernos" → "gobierno", "solicitudes" → "solicitud"."""
    if len(word) < _TYPO_MIN_LENGTH:
        return word
    if word.endswith("es") and word[-3] in "dlnrz":
        return word[:-2]
    if word.endswith("s") and word[-2] in "aeiou":
        return word[:-1]
    return word


def _look_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    shared = len(a & b)
    jaccard = shared / (len(a) + len(b) - shared)
    return jaccard >= DUPLICATE_JACCARD or (shared == min(len(a), len(b)) and jaccard >= DUPLICATE_CONTAINED_JACCARD)


def _typo_partners(words: Iterable[str]) -> dict[str, frozenset[str]]:
    """For every word, the other words one typo away from it. Words one typo
    apart share a form with one letter deleted (the symmetric-delete idea of
    SymSpell), so only words sharing such a form are compared. Words with
    digits have no partners: "zona1" and "zona2" are not a typo."""
    by_deletion: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= _TYPO_MIN_LENGTH and word.isalpha():
            for form in {word, *(word[:k] + word[k + 1 :] for k in range(len(word)))}:
                by_deletion.setdefault(form, []).append(word)
    partners: dict[str, set[str]] = {}
    for group in by_deletion.values():
        if len(group) > _MAX_TYPO_GROUP:
            continue  # a form shared by that many words tells nothing
        for x, y in itertools.combinations(group, 2):
            if _one_typo_apart(x, y):
                partners.setdefault(x, set()).add(y)
                partners.setdefault(y, set()).add(x)
    return {word: frozenset(others) for word, others in partners.items()}


_MAX_TYPO_GROUP = 20


def _one_typo_apart(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours, words of five letters or more."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(long) - len(short) > 1 or len(short) < _TYPO_MIN_LENGTH:
        return False
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    if len(short) < len(long):
        return short[i:] == long[i + 1 :]
    if short[i + 1 :] == long[i + 1 :]:
        return True
    return short[i : i + 2] == long[i : i + 2][::-1] and short[i + 2 :] == long[i + 2 :]
