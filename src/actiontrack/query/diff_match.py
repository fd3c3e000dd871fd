"""How `diff` matches the two ends: append-only records, renumbered items and renamed plans.

The rules are documented in docs/review.md ("How the two ends are matched"); the tests in
tests/query/test_diff_match.py hold each of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# Two texts are "nearly the same" at this difflib ratio: a typo fixed or a word changed in a
# sentence of ten (0.9 and more), not a different sentence on the same subject (0.5-0.7).
NEAR_TEXT = 0.8
# A plan whose id changed is the same plan renamed when at least half of its facts (textconv's
# lines, the id left out) are the same at both ends.
SAME_PLAN = 0.5


def match_record(old: Sequence[T], new: Sequence[T], key: Callable[[T], tuple[Hashable, ...]],
                 ) -> tuple[list[tuple[int, T, T]], list[tuple[int, T]], list[T]]:
    """Match an append-only list: (edited as (index, old, new), removed as (index, old), added).

    Every old entry should still be there, unchanged, in any position. One that is not is
    *edited* when the new list holds, at its position, an entry matched by no old one; otherwise
    it was *removed*. New entries left unmatched were added.
    """
    pool: dict[tuple[Hashable, ...], list[int]] = defaultdict(list)
    for j, item in enumerate(new):
        pool[key(item)].append(j)
    used: set[int] = set()
    missing: list[int] = []
    for i, item in enumerate(old):
        candidates = pool.get(key(item))
        if candidates:
            used.add(candidates.pop(0))
        else:
            missing.append(i)
    edited: list[tuple[int, T, T]] = []
    removed: list[tuple[int, T]] = []
    for i in missing:
        if i < len(new) and i not in used:
            used.add(i)
            edited.append((i, old[i], new[i]))
        else:
            removed.append((i, old[i]))
    return edited, removed, [item for j, item in enumerate(new) if j not in used]


@dataclass(frozen=True, slots=True)
class Pairing:
    """Which old item is which new one: pairs (old index, new index), then the unpaired of each end."""

    pairs: tuple[tuple[int, int], ...]
    removed: tuple[int, ...]
    added: tuple[int, ...]


def fold(text: str) -> str:
    """Text compared for sameness: runs of white space are one space."""
    return " ".join(text.split())


def pair_items(old: Sequence[T], new: Sequence[T], ident: Callable[[T], str], text: Callable[[T], str],
               same_record: Callable[[T, T], bool] | None = None) -> Pairing:
    """Pair recommendations or actions across the two ends, in four passes, each over what is
    still unpaired, in file order:

    1. the same id and the same text: the same item;
    2. another id but the same text; then (actions) another id but the same record, every old
       note still there: the item renumbered;
    3. the same id: the same item, edited;
    4. another id and nearly the same text (difflib ratio >= NEAR_TEXT), best match first: the
       item renumbered and edited.

    What is left was removed or added. Pass 2 before pass 3 is what recognises a renumbering
    after an insertion: a new 1.2 pushes the old 1.2 to 1.3, whose text follows it. Texts are
    compared with their white space folded.
    """
    ids_old, ids_new = [ident(x) for x in old], [ident(x) for x in new]
    texts_old, texts_new = [fold(text(x)) for x in old], [fold(text(x)) for x in new]
    free_old = dict.fromkeys(range(len(old)))  # insertion-ordered sets: file order
    free_new = dict.fromkeys(range(len(new)))
    pairs: list[tuple[int, int]] = []

    def pair(i: int, j: int) -> None:
        pairs.append((i, j))
        del free_old[i], free_new[j]

    def by_key(key_old: Sequence[Hashable], key_new: Sequence[Hashable]) -> None:
        """Pair each free old item with the first free new one of the same key (a dict: plans are long)."""
        index: dict[Hashable, list[int]] = defaultdict(list)
        for j in free_new:
            index[key_new[j]].append(j)
        for i in list(free_old):
            candidates = index.get(key_old[i])
            while candidates and candidates[0] not in free_new:
                candidates.pop(0)
            if candidates:
                pair(i, candidates.pop(0))

    by_key(list(zip(ids_old, texts_old)), list(zip(ids_new, texts_new)))
    by_key(texts_old, texts_new)
    if same_record is not None:
        for i in list(free_old):
            j = next((j for j in free_new if same_record(old[i], new[j])), None)
            if j is not None:
                pair(i, j)
    by_key(ids_old, ids_new)
    if free_old and free_new:
        import difflib  # only when something is left to match

        scored = sorted((-difflib.SequenceMatcher(None, texts_old[i], texts_new[j]).ratio(), i, j)
                        for i in free_old for j in free_new)
        for score, i, j in scored:
            if -score >= NEAR_TEXT and i in free_old and j in free_new:
                pair(i, j)
    return Pairing(tuple(sorted(pairs, key=lambda p: p[1])), tuple(free_old), tuple(free_new))


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """The share of facts two plans have in common: 2 x shared / (facts of one + facts of the other)."""
    ca, cb = Counter(a), Counter(b)
    total = sum(ca.values()) + sum(cb.values())
    return 2 * sum((ca & cb).values()) / total if total else 1.0


def pair_plans(old: Sequence[list[str]], new: Sequence[list[str]]) -> list[tuple[int, int]]:
    """Renamed plans: pairs of (old, new) whose facts are at least SAME_PLAN alike, best first."""
    scored = sorted((-similarity(a, b), i, j) for i, a in enumerate(old) for j, b in enumerate(new))
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for score, i, j in scored:
        if -score >= SAME_PLAN and i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs)
