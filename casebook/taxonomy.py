"""Controlled vocabularies (`content/taxonomy.yml`) as a lookup object.

`Taxonomy` answers: is this an id of that vocabulary, what is its Chinese
name, which term did an editor mean by "沪" or "上海市区", and which regions
lie above or below a region. It is built from raw YAML data and tolerates
junk (malformed terms are skipped), because the validator needs it even
while the taxonomy file itself is being fixed.
"""
from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.paths import CONTENT, TAXONOMY_FILE
from casebook.yaml_source import load_file


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    vocab: str
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def labels(self) -> tuple[str, ...]:
        """Everything an editor may write for this term: id, name, aliases."""
        return (self.id, self.name, *self.aliases)

    def __str__(self) -> str:
        return f'"{self.id}"（{self.name}）'


def normalise(text: str) -> str:
    """Fold width, case and spaces: `Ｓｈａｎｇｈａｉ ` -> `shanghai`."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class Taxonomy:
    """All vocabularies: `regions`, `tasks`, `themes`, ..."""

    def __init__(self, data: Any) -> None:
        self._terms: dict[str, dict[str, Term]] = {}
        self._labels: dict[str, dict[str, Term]] = {}
        if not isinstance(data, Mapping):
            return
        for vocab, entries in data.items():
            if not isinstance(vocab, str) or not isinstance(entries, list):
                continue
            terms = self._terms.setdefault(vocab, {})
            labels = self._labels.setdefault(vocab, {})
            for entry in entries:
                term = _term(vocab, entry)
                if term is None or term.id in terms:
                    continue
                terms[term.id] = term
                for text in term.labels:
                    labels.setdefault(normalise(text), term)

    @classmethod
    def load(cls, root: Path = CONTENT) -> Taxonomy:
        """Read `taxonomy.yml` under `root` (an empty taxonomy if unreadable)."""
        doc, _ = load_file(root / TAXONOMY_FILE)
        return cls(doc.data if doc else {})

    # -- lookups --
    @property
    def vocabularies(self) -> list[str]:
        return list(self._terms)

    def terms(self, vocab: str) -> list[Term]:
        """Terms of `vocab` in file order (empty for an unknown vocabulary)."""
        return list(self._terms.get(vocab, {}).values())

    def ids(self, vocab: str) -> list[str]:
        return list(self._terms.get(vocab, {}))

    def get(self, vocab: str, term_id: str) -> Term | None:
        return self._terms.get(vocab, {}).get(term_id)

    def has(self, vocab: str, term_id: str) -> bool:
        return term_id in self._terms.get(vocab, {})

    def name(self, vocab: str, term_id: str) -> str:
        """Chinese name of a term (the id itself if unknown)."""
        term = self.get(vocab, term_id)
        return term.name if term else term_id

    def lookup(self, vocab: str, text: str) -> Term | None:
        """The term whose id, name or alias is `text` (ignoring case, width, spaces)."""
        if not isinstance(text, str):
            return None
        return self._labels.get(vocab, {}).get(normalise(text))

    def suggest(self, vocab: str, text: str, limit: int = 3) -> list[Term]:
        """Terms an editor probably meant by `text`, best first.

        Exact id/name/alias matches first, then names containing the text
        (or contained in it, e.g. "上海市浦东新区"), then fuzzy matches.
        """
        if not isinstance(text, str) or not text.strip():
            return []
        exact = self.lookup(vocab, text)
        if exact:
            return [exact]
        key = normalise(text)
        labels = self._labels.get(vocab, {})
        found: list[Term] = []
        contained = sorted((lab for lab in labels
                            if min(len(lab), len(key)) > 1 and (lab in key or key in lab)),
                           key=lambda lab: abs(len(lab) - len(key)))
        for lab in contained:
            if labels[lab] not in found:
                found.append(labels[lab])
        for lab in difflib.get_close_matches(key, list(labels), n=limit * 2, cutoff=0.6):
            if labels[lab] not in found:
                found.append(labels[lab])
        return found[:limit]

    # -- hierarchy (regions) --
    def parent(self, vocab: str, term_id: str) -> Term | None:
        term = self.get(vocab, term_id)
        return self.get(vocab, term.parent) if term and term.parent else None

    def ancestors(self, vocab: str, term_id: str) -> list[Term]:
        """Parent, grandparent, ... (nearest first; stops on a cycle)."""
        out: list[Term] = []
        current = self.parent(vocab, term_id)
        while current is not None and current not in out and current.id != term_id:
            out.append(current)
            current = self.parent(vocab, current.id)
        return out

    def children(self, vocab: str, term_id: str) -> list[Term]:
        return [t for t in self.terms(vocab) if t.parent == term_id and t.id != term_id]

    def descendants(self, vocab: str, term_id: str) -> list[Term]:
        """Children, grandchildren, ... (breadth first; each once)."""
        out: list[Term] = []
        queue = [term_id]
        while queue:
            for child in self.children(vocab, queue.pop(0)):
                if child not in out and child.id != term_id:
                    out.append(child)
                    queue.append(child.id)
        return out

    def has_cycle(self, vocab: str, term_id: str) -> bool:
        """True if following `parent` from `term_id` leads back to it."""
        seen = {term_id}
        current = self.parent(vocab, term_id)
        while current is not None:
            if current.id in seen:
                return current.id == term_id
            seen.add(current.id)
            current = self.parent(vocab, current.id)
        return False


def _term(vocab: str, entry: Any) -> Term | None:
    if not isinstance(entry, Mapping):
        return None
    term_id, name = entry.get("id"), entry.get("name")
    if not isinstance(term_id, str) or not term_id:
        return None
    aliases = entry.get("aliases")
    if not isinstance(aliases, list):
        aliases = []
    aliases = tuple(a for a in aliases if isinstance(a, str) and a)
    parent = entry.get("parent")
    return Term(vocab, term_id, name if isinstance(name, str) else term_id, aliases,
                parent if isinstance(parent, str) else None, entry)
