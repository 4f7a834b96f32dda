"""A source tree as the standalone scan sees it: its Python files, templates and module names."""

from __future__ import annotations

import ast
import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Directories that hold other people's code or generated files, never first-party source.
SKIPPED_DIRS = frozenset(
    {
        "node_modules", "site-packages", "dist-packages", "__pycache__", "build", "dist",
        "venv", "env", "htmlcov", "static", "staticfiles",
    }
)  # fmt: skip
TEMPLATE_SUFFIXES = (
    ".html",
    ".htm",
    ".txt",
    ".xml",
    ".svg",
    ".js",
    ".css",
    ".jinja",
    ".j2",
)


def _is_skipped(name: str, exclude: Iterable[str]) -> bool:
    return (
        name.startswith(".")
        or name in SKIPPED_DIRS
        or any(fnmatch.fnmatch(name, pattern) for pattern in exclude)
    )


@dataclass
class SourceTree:
    """Python files and templates under ``root``, each once, in a stable order."""

    root: Path
    exclude: tuple[str, ...] = ()
    python_files: list[Path] = field(default_factory=list)
    template_files: list[Path] = field(default_factory=list)

    @classmethod
    def discover(cls, root: Path, exclude: Iterable[str] = ()) -> SourceTree:
        tree = cls(root.resolve(), tuple(exclude))
        for directory, dirnames, filenames in os.walk(tree.root):
            dirnames[:] = sorted(
                d for d in dirnames if not _is_skipped(d, tree.exclude)
            )
            here = Path(directory)
            in_templates = "templates" in here.relative_to(tree.root).parts
            for name in sorted(filenames):
                if any(fnmatch.fnmatch(name, pattern) for pattern in tree.exclude):
                    continue
                if name.endswith(".py"):
                    tree.python_files.append(here / name)
                elif in_templates and name.endswith(TEMPLATE_SUFFIXES):
                    tree.template_files.append(here / name)
        return tree

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def module_name(self, path: Path) -> str:
        """The dotted module name, from the package folders (``__init__.py``) above the file."""
        parts = [] if path.name == "__init__.py" else [path.stem]
        folder = path.parent
        while (folder / "__init__.py").is_file() and folder != folder.parent:
            parts.insert(0, folder.name)
            if folder == self.root:
                break
            folder = folder.parent
        return ".".join(parts)


@dataclass
class Parsed:
    """The files that parsed, and why the others did not (``(path, line, reason)``)."""

    modules: list[tuple[Path, ast.Module]] = field(default_factory=list)
    failures: list[tuple[Path, int, str]] = field(default_factory=list)


def parse_all(paths: Iterable[Path]) -> Parsed:
    """Parse each file once; a file that cannot be parsed is recorded, never raised."""
    parsed = Parsed()
    for path in paths:
        try:
            parsed.modules.append(
                (path, ast.parse(path.read_bytes(), filename=str(path)))
            )
        except SyntaxError as error:
            parsed.failures.append(
                (path, error.lineno or 1, f"syntax error: {error.msg}")
            )
        except (OSError, ValueError, RecursionError, MemoryError) as error:
            parsed.failures.append(
                (path, 1, f"it cannot be parsed ({type(error).__name__})")
            )
    return parsed


def parse_files(paths: Iterable[Path]) -> Iterator[tuple[Path, ast.Module]]:
    """The files that parse, each with its tree."""
    yield from parse_all(paths).modules
