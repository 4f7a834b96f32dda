"""Equivalent mutants: changes no test can tell from the original, listed in ``mutation_equivalent.tsv``.

Each row of the list is ``module<TAB>original<TAB>mutated<TAB>reason``: the module's path, the mutated line
before and after the mutation (both stripped of surrounding blanks, so the entry survives lines moving), and
why no observable behaviour can differ.  Lines starting with ``#`` and blank lines are ignored.
Only a mutant that cannot change what any caller receives belongs there (a cache's size, pruning that only
saves work, a no-op statement); a changed message, a dropped list entry or an untested branch does not.
``mutation.py`` still runs the listed mutants: one the tests kill is reported, as the entry is then wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutants import Mutant

LIST = Path(__file__).resolve().parent / "mutation_equivalent.tsv"


@dataclass(frozen=True)
class Equivalence:
    module: str
    original: str
    mutated: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.module, self.original, self.mutated)


def load(path: Path = LIST) -> dict[tuple[str, str, str], Equivalence]:
    """The list's entries by ``(module, original, mutated)``; a malformed row raises ``ValueError``."""
    entries: dict[tuple[str, str, str], Equivalence] = {}
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t")
        if len(fields) != 4 or not fields[0] or not fields[1] or not fields[3].strip():
            raise ValueError(
                f"{path.name}:{number}: expected module, original, mutated and a reason, "
                "separated by tabs"
            )
        entry = Equivalence(*(field.strip() for field in fields))
        entries[entry.key] = entry
    return entries


def key_of(mutant: Mutant, original_source: str) -> tuple[str, str, str]:
    """``mutant``'s ``(module, original line, mutated line)``, as the list spells them."""
    before = original_source.splitlines()[mutant.line - 1].strip()
    after = mutant.text.splitlines()[mutant.line - 1].strip()
    return (mutant.path, before, after)
