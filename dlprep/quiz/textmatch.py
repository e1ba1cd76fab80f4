"""Does a typed answer say something? Match expressions over words, not substrings, with negation.

A deck declares what identifies a key point or a misconception as match expressions; this module
compiles and evaluates them against one answer. The rules exist because a plain substring test gave
false credit (`elu` inside `relu`, `convex` inside `non-convex`, `等价` inside `不等价`) and none for
the same idea in other words.

Expression syntax (one alternative; a key point lists several, any one suffices):

    linear + collapse|single layer|compose*      every `+` part must appear somewhere in the answer
    precision .. tp .. fp                         `..` parts must appear in this order in one clause
    线性 + 等价|塌缩|一层                          Chinese terms in the same expressions

- A part is a group of synonyms separated by `|`; a synonym is one or more words (consecutive in the
  answer) or a Chinese term. A word ending in `*` matches any word starting with it (any word of a
  synonym may carry one).
- English words are compared after folding case, width and British spellings and stemming (Snowball),
  so "collapses", "collapsing" and "collapse" are one word, and "non-linear" is "nonlinear", a different
  word from "linear".
- Chinese is matched as a substring of the answer with spaces next to Chinese characters removed, so
  "每个 token" and "每个token" are the same; a match that is the tail of a longer term written with
  非/不/无 ("非线性" for 线性) does not count.
- A negated occurrence does not count: English "not / no / never / without / cannot / n't" within the
  three words before it in the same clause (but not "not only"), Chinese 不/没/无/非/未 within the four
  characters before it in the clause (but not inside 不同, 不仅, 无论, 非常, 无穷...). A synonym that
  itself starts with a negation ("not convex", "不等价") is matched as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}])\\s+|\\s+(?=[{_CJK}])")
# Clause ends: sentence punctuation before a space (so 0.25 and e.g. stay whole), Chinese punctuation (full
# width, which folding turns into its ASCII twin, so also an ASCII mark next to a Chinese character), a
# line break, an em dash, and the contrast words. A colon before a space ends one too: what follows it
# is usually a new statement about something else ("view keeps the order: turning NCHW into NHWC...").
_CLAUSE = re.compile(f"[.;:!?](?=\\s|$)|,(?=\\s)|(?<=[{_CJK}])[.,;:!?]|[.,;:!?](?=[{_CJK}])|[\\n。；！？，、]|—"
                     "|\\bbut\\b|\\bwhile\\b|\\bwhereas\\b|但是?|而是?|然而")
# Chinese sentences: a sequence of Chinese terms may run across a comma (as Chinese writes one thought), the
# negation of one term never does (see _zh_negated)
_SENTENCE = re.compile(f"[.;!?](?=\\s|$)|(?<=[{_CJK}])[.;!?]|[.;!?](?=[{_CJK}])|[\\n。；！？]|—"
                       "|,(?=而|但|然而|不过|反之|相反)|但是?|然而")  # a contrast starts a new thought
_ZH_CLAUSE_MARKS = ",;:、"
_WORD = re.compile(f"[^\\W_{_CJK}]+(?:\\.[0-9]+)?|[√∑∫∞≤≥≈∂∇×∈]")  # letters of any script but Chinese; a few math signs
_GLUED = re.compile(f"[^\\W_{_CJK}]+(?:_[^\\W_{_CJK}]+)+")  # snake_case names: no_grad is a name, not a negation
_BRITISH = [
    # -ise after at least four letters (normalise, optimise), so raise and noise stay as they are
    (re.compile(r"(?<=\w{4})is(e|es|ed|ing|ation|ations|er|ers)\b"), r"iz\1"),
    (re.compile(r"(?<=\w{4})is(?=\*)"), "iz"),  # a prefix in an expression: normalis* is normaliz*
    (re.compile(r"(?<=\w)our(s?)\b"), r"or\1"),
    (re.compile(r"\b(cent|met|fib)re(s?)\b"), r"\1er\2"),
    (re.compile(r"\bcentred\b"), "centered"),
    (re.compile(r"\bmodell(ed|ing|er)\b"), r"model\1"),
]
_NEGATIONS = {"not", "no", "never", "without", "cannot", "neither", "nor", "none", "nothing", "lacks", "lack"}
_NOT_NEGATING = {"only", "just", "merely", "also"}  # "not only X" asserts X
_ZH_NEGATIONS = "不没无非未勿"  # not 别: it is mostly the second half of 类别, 区别, 识别, 分别, 特别
_ZH_NOT_NEGATING = ("不同", "不仅", "不只", "不但", "不断", "不少", "不管", "不论", "无论", "非常", "不久", "不错",
                    "无需", "未来", "非线性", "非凸", "无偏", "不变", "无穷", "无限", "无数", "不过", "不妨", "未知")
NEGATION_WINDOW = 3  # English words
ZH_NEGATION_WINDOW = 4  # Chinese characters


def fold(text: str) -> str:
    """Width, case and spelling folded: what both answers and expressions are compared in."""
    text = unicodedata.normalize("NFKC", text).casefold()  # casefold: a lone Σ is σ, not the final ς
    text = text.replace("’", "'").replace("‘", "'").replace("−", "-").replace("–", "-")
    # hyphenated prefixes join their word: non-linear is "nonlinear" (not "non" and "linear"), multi-head is
    # "multihead", self-attention "selfattention" (decks list the joined form beside the bare word)
    text = re.sub(r"\b(non|un|anti|multi|pre|post|sub|self)-(?=[a-z])", r"\1", text)
    text = re.sub(r"n't\b", " not", text)
    for pattern, repl in _BRITISH:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


@dataclass(frozen=True)
class Term:
    """One synonym: English words (each a stem, or a prefix of the word as typed when written `word*`),
    or a Chinese string."""

    words: tuple[str, ...] = ()
    prefixes: tuple[bool, ...] = ()
    zh: str | None = None
    negative: bool = False  # starts with a negation itself: matched as written

    @property
    def text(self) -> str:
        if self.zh is not None:
            return self.zh
        return " ".join(w + ("*" if p else "") for w, p in zip(self.words, self.prefixes))


@dataclass(frozen=True)
class Expression:
    """One alternative: parts that must all match; each part is an ordered sequence of synonym groups."""

    parts: tuple[tuple[tuple[Term, ...], ...], ...]
    source: str


class ExpressionError(ValueError):
    """Raised for an expression that cannot be compiled; the message says why."""


def compile_expression(source: str) -> Expression:
    """Parse `a|b + c .. d` into an Expression; raise ExpressionError for an empty or malformed one."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionError("empty expression")
    parts = []
    for part in source.split("+"):
        sequence = []
        for group in part.split(".."):
            terms = tuple(_term(t) for t in group.split("|"))
            sequence.append(terms)
        parts.append(tuple(sequence))
    return Expression(tuple(parts), source)


def _term(raw: str) -> Term:
    text = fold(raw).strip()
    if not text:
        raise ExpressionError(f"empty synonym in {raw!r}")
    if has_cjk(text):
        compact = _SPACE_NEAR_CJK.sub("", text)
        return Term(zh=compact, negative=compact[0] in _ZH_NEGATIONS)
    words, prefixes = [], []
    for token in text.split():
        found = _WORD.findall(token)
        for k, w in enumerate(found):
            star = token.endswith("*") and k == len(found) - 1
            words.append(w if star else _stem(w))  # a prefix stays as typed
            prefixes.append(star)
    if not words:
        raise ExpressionError(f"no word in {raw!r}")
    return Term(words=tuple(words), prefixes=tuple(prefixes), negative=words[0] in _NEGATIONS)


@dataclass
class Text:
    """An answer (or a prompt) prepared once for many expressions."""

    raw: str
    clauses: list[list[str]]  # stemmed words of each clause
    words: list[str]  # all stemmed words
    zh_clauses: list[str]  # Chinese-compacted clauses
    plain: list[list[str]]  # the folded words of each clause, before stemming
    glued: list[set[int]]  # positions of words that are parts of a snake_case name (never negations)
    zh_sentences: list[str]  # Chinese-compacted sentences: `..` between Chinese terms may cross a comma
    where: list[dict[str, list[int]]]  # each clause: stem -> its positions

    @property
    def empty(self) -> bool:
        return not self.words and not any(self.zh_clauses)


def prepare(text: str) -> Text:
    folded = fold(text)
    clauses_text = [c for c in _CLAUSE.split(folded) if c and c.strip()]
    plain = [_WORD.findall(c) for c in clauses_text]
    glued = [_glued_positions(c) for c in clauses_text]
    clauses = [[_stem(w) for w in words] for words in plain]
    zh = [_SPACE_NEAR_CJK.sub("", c).strip() for c in clauses_text]
    sentences = [_SPACE_NEAR_CJK.sub("", c).strip() for c in _SENTENCE.split(folded) if c and c.strip()]
    where = []
    for words in clauses:
        index: dict[str, list[int]] = {}
        for i, w in enumerate(words):
            index.setdefault(w, []).append(i)
        where.append(index)
    return Text(text, clauses, [w for c in clauses for w in c], zh, plain, glued, sentences, where)


def _glued_positions(clause: str) -> set[int]:
    """Word positions (as _WORD counts them) that belong to a snake_case name."""
    inside = [m.span() for m in _GLUED.finditer(clause)]
    if not inside:
        return set()
    return {i for i, m in enumerate(_WORD.finditer(clause)) if any(lo <= m.start() < hi for lo, hi in inside)}


def _word_hits(term: Term, text: Text, c: int) -> list[int]:
    """Positions in clause `c` where `term` occurs and is not negated."""
    clause, plain = text.clauses[c], text.plain[c]
    n = len(term.words)
    if term.prefixes[0]:
        starts = [i for i, w in enumerate(plain) if w.startswith(term.words[0])]
    else:  # the clause's index finds the first word without a scan (decks check judges thousands of texts)
        starts = text.where[c].get(term.words[0], ())
    hits = []
    for i in starts:
        if i + n > len(clause):
            break
        ok = all(plain[i + j].startswith(w) if p else clause[i + j] == w
                 for j, (w, p) in enumerate(zip(term.words[1:], term.prefixes[1:]), start=1))
        if ok and (term.negative or not _negated(plain, i, text.glued[c])):
            hits.append(i)
    return hits


def _negated(plain: list[str], i: int, glued: set[int] = frozenset()) -> bool:
    for j in range(max(0, i - NEGATION_WINDOW), i):
        if plain[j] in _NEGATIONS and j not in glued and not (j + 1 < len(plain) and plain[j + 1] in _NOT_NEGATING):
            return True
    return False


def _latin_hits(term: Term, sentence: str) -> list[int]:
    """Character offsets of an English term inside a Chinese sentence, word for word as in a clause
    (stems, or prefixes where written `word*`); not negated by an English negation just before it."""
    starts, plain, stems = _latin_words(sentence)
    n, hits = len(term.words), []
    for i in range(len(plain) - n + 1):
        if all(plain[i + j].startswith(w) if p else stems[i + j] == w for j, (w, p) in enumerate(zip(term.words, term.prefixes))):
            if term.negative or not _negated(plain, i):
                hits.append(starts[i])
    return hits


@lru_cache(maxsize=512)
def _latin_words(sentence: str) -> tuple[tuple[int, ...], tuple[str, ...], tuple[str, ...]]:
    """The offsets, folded words and stems of the non-Chinese words of a sentence (asked once per term)."""
    tokens = list(_WORD.finditer(sentence))
    plain = tuple(m.group() for m in tokens)
    return tuple(m.start() for m in tokens), plain, tuple(_stem(w) for w in plain)


def _zh_hits(term: Term, clause: str) -> list[int]:
    hits, start = [], 0
    while (at := clause.find(term.zh, start)) >= 0:
        start = at + 1
        if term.negative:  # written with its own negation (不等价): counted unless negated again (不是不等价)
            if not _zh_negated(clause, at, clause[max(0, at - ZH_NEGATION_WINDOW):at]):
                hits.append(at)
            continue
        if at and clause[at - 1] in "非不无未":
            continue  # the tail of a longer word (非线性 is not 线性) or negated outright (不收敛)
        before = clause[max(0, at - ZH_NEGATION_WINDOW):at]
        if _zh_negated(clause, at, before):
            continue
        hits.append(at)
    return hits


def _zh_negated(clause: str, at: int, before: str) -> bool:
    cut = max(before.rfind(mark) for mark in _ZH_CLAUSE_MARKS)  # a negation never reaches across a comma
    if cut >= 0:
        before = before[cut + 1:]
    offset = at - len(before)
    for k, ch in enumerate(before):
        if ch in _ZH_NEGATIONS:
            word2 = clause[offset + k: offset + k + 2]
            word3 = clause[offset + k: offset + k + 3]
            if word2 in _ZH_NOT_NEGATING or word3 in _ZH_NOT_NEGATING:
                continue
            return True
    return False


def _group_in_clause(terms: tuple[Term, ...], text: Text, c: int) -> tuple[list[int], list[Term]]:
    """Positions (in a common order space per clause) of any synonym of the group, and the synonyms found."""
    positions, found = [], []
    for t in terms:
        hits = _zh_hits(t, text.zh_clauses[c]) if t.zh is not None else _word_hits(t, text, c)
        if hits:
            found.append(t)
            # order within a clause: English positions are word indexes, Chinese are character offsets;
            # a sequence mixes them rarely, and then only the relative order inside one script counts
            positions += hits
    return positions, found


def match(expression: Expression, text: Text) -> list[Term] | None:
    """The synonyms that made `expression` match `text` (for its first match), or None when it does not."""
    return next(matches(expression, text), None)


def matches(expression: Expression, text: Text):  # noqa: ANN201
    """Every way `expression` matches `text`: for each combination of the places where its parts match,
    the synonyms found there. A caller looking for evidence beyond the prompt's words tries them all."""
    import itertools

    per_part = [list(_sequence_matches(sequence, text)) for sequence in expression.parts]
    if not all(per_part):
        return
    for combination in itertools.product(*per_part):
        yield [t for found in combination for t in found]


def _sequence_matches(sequence: tuple[tuple[Term, ...], ...], text: Text):  # noqa: ANN202
    """The synonyms found in each clause where the groups appear in order, then in each Chinese sentence
    (a sequence may run across a comma there, as Chinese writes one thought)."""
    yield from _in_units(sequence, text)
    yield from _in_sentences(sequence, text)


def _in_sentences(sequence: tuple[tuple[Term, ...], ...], text: Text):  # noqa: ANN202
    for sentence in text.zh_sentences or []:
        if not has_cjk(sentence):  # English clauses stay the unit for English sentences
            continue
        last, found = -1, []
        for group in sequence:
            hits = [(p, t) for t in group
                    for p in (_zh_hits(t, sentence) if t.zh is not None else _latin_hits(t, sentence)) if p > last]
            if not hits:
                break
            last = min(p for p, _ in hits)
            found += list(dict.fromkeys(t for _, t in hits))
        else:
            yield found


def _in_units(sequence: tuple[tuple[Term, ...], ...], text: Text):  # noqa: ANN202
    for c in range(len(text.clauses)):
        last, found = -1, []
        for group in sequence:
            positions, terms = _group_in_clause(group, text, c)
            later = [p for p in positions if p > last]
            if not later:
                break
            last = min(later)
            found += terms
        else:
            yield found


def mentions(term: Term, text: Text) -> bool:
    """Whether `text` contains `term` at all (negated or not, in a clause or across a Chinese comma):
    used to ask whether a prompt already said it."""
    if term.zh is not None:
        return any(term.zh in unit for unit in text.zh_clauses + text.zh_sentences)
    plain = Term(term.words, term.prefixes, None, negative=True)
    return any(_word_hits(plain, text, c) for c in range(len(text.clauses))) or any(
        _latin_hits(plain, s) for s in text.zh_sentences if has_cjk(s))
