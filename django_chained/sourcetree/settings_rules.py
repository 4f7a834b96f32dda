"""Run the settings-level rules (ours and Django's ``security.*``) on statically read settings."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, cast

from django.conf import UserSettingsHolder, global_settings, settings
from django.core.checks import CheckMessage
from django.core.checks.registry import registry

from django_chained.checks.media import storage_chosen_at_run_time
from django_chained.report import Record
from django_chained.report.record import relative_to
from django_chained.sourcetree.settings_reader import StaticSettings
from django_chained.untrusted_files import read_text_file

#: The package whose modules may expose settings-level rules (``SETTINGS_RULES`` or ``settings_messages``).
CHECKS_PACKAGE = "django_chained.checks"
#: Django's checks that import code named by a setting: never run on code we must not import.
IMPORTING_CHECKS = frozenset({"check_csrf_failure_view"})
_SETTING_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
# One-word settings (DEBUG) are tried only when no SNAKE_CASE one is assigned: "HTTPS" is a word too.
_ONE_WORD_SETTING = re.compile(r"\b[A-Z][A-Z0-9]+\b")


Rule = Callable[..., list[CheckMessage]]


def rule_functions() -> tuple[list[Rule], list[str]]:
    """Every checks module's settings rules (one by one where it lists them), each once.

    Found by looking, not listed: a module defining ``SETTINGS_RULES`` (or ``settings_messages``) is run
    by the standalone scan as soon as it exists. The notes are kept for callers; there are none now.
    """
    package = importlib.import_module(CHECKS_PACKAGE)
    functions: dict[int, Rule] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not _may_hold_settings_rules(package.__path__, info.name):
            continue  # importing every check module (URL resolvers, models …) costs a cold scan 0.1 s
        module = importlib.import_module(f"{CHECKS_PACKAGE}.{info.name}")
        rules = getattr(module, "SETTINGS_RULES", None)
        whole = getattr(module, "settings_messages", None)
        found = list(rules) if rules else [whole] if callable(whole) else []
        # A module re-exporting another's rules (csrf from csrf_settings) must not run them twice.
        for function in found:
            functions.setdefault(id(function), function)
    return list(functions.values()), []


def _may_hold_settings_rules(folders: Iterable[str], name: str) -> bool:
    """Whether the module's source names ``SETTINGS_RULES`` or ``settings_messages`` (true when unreadable)."""
    for folder in folders:
        try:
            text = read_text_file(Path(folder) / f"{name}.py")
        except (OSError, ValueError):  # missing, not a regular file, not UTF-8
            continue
        return "SETTINGS_RULES" in text or "def settings_messages" in text
    return True  # compiled or zipped: import it and look


def django_security_checks() -> list[Rule]:
    """Django's own settings-only deployment checks (``security.*``)."""
    return [
        cast(Rule, check)
        for check in registry.get_checks(include_deployment_checks=True)
        if getattr(check, "__module__", "").startswith("django.core.checks.security")
        and getattr(check, "__name__", "") not in IMPORTING_CHECKS
    ]


_ABSOLUTE = ("http://", "https://", "/")


class _ReadRecorder(UserSettingsHolder):
    """Django's defaults under the static values, remembering which settings a rule read."""

    def __init__(self, static: StaticSettings) -> None:
        super().__init__(global_settings)
        self.read: set[str] = set()
        for name, value in static.settings.items():
            setattr(self, name, value)
        # ``settings.MEDIA_URL`` prefixes a relative URL with the script prefix, importing the URL
        # resolvers (and through them the ORM) to read it; outside a request that prefix is "/".
        for name in ("MEDIA_URL", "STATIC_URL"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.startswith(_ABSOLUTE):
                setattr(self, name, f"/{value}")

    def __getattribute__(self, name: str) -> Any:
        if name.isupper():
            object.__getattribute__(self, "read").add(name)
        return super().__getattribute__(name)


@contextmanager
def settings_in_effect(holder: UserSettingsHolder) -> Iterator[None]:
    """Make ``django.conf.settings`` read ``holder`` for a moment.

    No ``setting_changed`` signal is sent: its receivers would import the scanned apps.
    """
    saved = settings._wrapped  # type: ignore[misc]
    settings._wrapped = holder
    try:
        yield
    finally:
        settings._wrapped = saved


def settings_findings(
    static: StaticSettings, root: Path
) -> tuple[list[Record], list[str]]:
    """Findings for one settings module, placed at the line assigning the setting they name.

    A rule that reads a setting only running the code could tell (environment, a call) is skipped
    rather than judged on Django's default.
    """
    functions, notes = rule_functions()
    holder = _ReadRecorder(static)
    records: list[Record] = []
    skipped: set[str] = set()
    failed: list[str] = []
    calls: list[tuple[str, partial[list[CheckMessage]]]] = [
        (_name(rule), partial(rule, settings)) for rule in functions
    ] + [
        (_name(check), partial(check, app_configs=None, databases=None))
        for check in django_security_checks()
    ]
    with settings_in_effect(holder):
        for name, call in calls:
            settings._wrapped = holder  # assigning clears LazySettings' per-name cache
            holder.read.clear()
            try:
                messages = call()
            except (
                Exception
            ) as error:  # a value of a shape the rule never meets inside Django
                failed.append(f"{name} ({type(error).__name__}: {error})")
                continue
            unknown = holder.read & static.unresolved
            if unknown:
                skipped.update(unknown)
                continue
            if static.storage_at_run_time is not None:
                messages = storage_chosen_at_run_time(
                    settings, messages, static.storage_at_run_time.describe()
                )
            records.extend(
                place_at_setting(Record.from_check_message(message, root), static, root)
                for message in messages
            )
    rel = relative_to(str(static.path), root)
    if failed:
        notes.append(f"{rel}: rules that failed on these values: {'; '.join(failed)}.")
    if skipped:
        notes.append(
            f"{rel}: {', '.join(sorted(skipped))} computed at run time (environment, a call): the checks "
            "reading them were skipped; run 'manage.py check --deploy' with the real settings for those."
        )
    for path, problem in static.errors:
        notes.append(f"{relative_to(str(path), root)}: could not be read ({problem}).")
    return records, notes


def _name(function: Callable[..., Any]) -> str:
    return getattr(function, "__name__", None) or repr(function)


def place_at_setting(record: Record, static: StaticSettings, root: Path) -> Record:
    """A record without a file placed at the line assigning the setting its text names first in the file.

    Naming no assigned setting, it is placed at the settings module without a line.
    """
    if record.file is not None:
        return record
    # The message names the setting at fault; a hint may suggest another (W003's "Did you mean ...?").
    names = set(_SETTING_NAME.findall(record.message)) & set(static.lines)
    text = f"{record.message} {record.hint or ''}"
    if not names:
        names = set(_SETTING_NAME.findall(text)) & set(static.lines)
    if not names:
        names = set(_ONE_WORD_SETTING.findall(text))
    placed = sorted(
        (static.lines[name] for name in names if name in static.lines),
        key=lambda where: where[1],
    )
    path, line = placed[0] if placed else (static.path, 0)
    # The object stays what Django gives (none for a settings-level finding), so an accepted-risks key
    # written for "check" (``""``) also matches here; the place is in file and line.
    return replace(record, file=relative_to(str(path), root), line=line or None)
