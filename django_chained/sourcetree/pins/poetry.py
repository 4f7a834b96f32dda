"""Poetry version constraints (``^4.2``, ``~4.2.1``, ``4.2.*``, ``>=4.2 <5``, ``a || b``) as PEP 440 specifiers."""

from __future__ import annotations

import re

from packaging.specifiers import SpecifierSet
from packaging.version import Version

_OPERATOR = r"\^|~=|~|===|==|!=|>=|<=|>|<"
_TOKEN = re.compile(rf"^(?P<op>{_OPERATOR})?(?P<version>[0-9A-Za-z.+!*_-]+)$")
_GLUED = re.compile(rf"({_OPERATOR})\s+")


def _caret(version: Version) -> str:
    """``^0.2.3`` → ``>=0.2.3,<0.3``: the first non-zero part of the release may not change."""
    parts = list(version.release)
    bump = next((i for i, part in enumerate(parts) if part), len(parts) - 1)
    upper = [*parts[:bump], parts[bump] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def _tilde(version: Version) -> str:
    """``~4.2.1`` → ``>=4.2.1,<4.3``; ``~4`` → ``>=4,<5``."""
    parts = list(version.release)
    upper = [parts[0], parts[1] + 1] if len(parts) > 1 else [parts[0] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def _token(token: str) -> str:
    match = _TOKEN.match(token)
    if match is None:
        raise ValueError(f"{token!r:.40} is not a version constraint")
    operator, version = match["op"] or "", match["version"]
    if operator == "^":
        return _caret(Version(version))
    if operator == "~":
        return _tilde(Version(version))
    return f"{operator or '=='}{version}"


def specifiers(constraint: str) -> tuple[SpecifierSet, ...]:
    """One ``SpecifierSet`` per ``||`` alternative (``*`` allows anything); ``ValueError`` for what Poetry refuses."""
    alternatives = []
    for alternative in re.split(r"\|\|?", constraint):
        text = _GLUED.sub(r"\1", alternative.strip())
        tokens = [t for t in re.split(r"[\s,]+", text) if t and t != "*"]
        alternatives.append(SpecifierSet(",".join(_token(t) for t in tokens)))
    return tuple(alternatives)
