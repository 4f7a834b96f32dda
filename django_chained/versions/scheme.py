"""Django version strings: parsing with ``packaging`` and the feature-release series a version belongs to.

Up to 6.2 a series is ``X.Y`` (``5.2.3`` is in ``5.2``).
After 6.2 Django numbers releases by year: ``2028`` is the feature release and ``2028.1`` its first patch,
both in series ``2028``.
"""

from __future__ import annotations

from packaging.version import Version

#: The first year-based feature release (Django's ``release-process.txt``: 6.2 is the last ``X.Y``).
FIRST_YEAR_SERIES = 2028


class UnparseableVersion(ValueError):
    """A version string that ``packaging`` cannot read."""


def parse(text: str | Version) -> Version:
    """The ``packaging`` version of ``text``; raises ``UnparseableVersion`` for nonsense."""
    if isinstance(text, Version):
        return text
    try:
        return Version(text.strip())
    except (
        ValueError
    ) as error:  # InvalidVersion, or a number past Python's 4,300-digit int limit
        raise UnparseableVersion(f"not a version: {text!r:.80}") from error


def is_year_based(version: Version) -> bool:
    """Whether ``version`` uses the ``YYYY[.N]`` scheme that follows 6.2."""
    return version.release[0] >= FIRST_YEAR_SERIES


def series_of(version: str | Version) -> str:
    """The feature-release series: ``"5.2"`` for ``5.2.3rc1``, ``"2028"`` for ``2028.1``."""
    parsed = parse(version)
    if is_year_based(parsed):
        return str(parsed.release[0])
    major, minor = (*parsed.release, 0)[:2]
    return f"{major}.{minor}"


def final_of(version: Version) -> Version:
    """The release ``version`` is a build of, for comparing with the table.

    Post-releases and local builds (``5.2.3.post1``, ``5.2.3+corp.1``) compare as ``5.2.3``: neither carries a
    security fix Django published, and a backport in a local build is for the user to accept by silencing.
    Pre-releases keep their suffix, so ``6.1rc1`` stays older than ``6.1``.
    """
    text = ".".join(str(part) for part in version.release)
    if version.pre is not None:
        text += f"{version.pre[0]}{version.pre[1]}"
    if version.dev is not None:
        text += f".dev{version.dev}"
    return Version(text)
