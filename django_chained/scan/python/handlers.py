"""What a Python rule module hooks into the single walk.

A rule module defines ``HANDLERS = Handlers(...)``; the walker finds every module of this package
that does, so a new rule is registered by writing it, never by editing a central list.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django_chained.scan.python.context import FileContext

CallHandler = Callable[[ast.Call, FileContext], None]
FunctionHandler = Callable[[ast.FunctionDef | ast.AsyncFunctionDef, FileContext], None]
ClassHandler = Callable[[ast.ClassDef, FileContext], None]
DecisionHandler = Callable[
    [ast.If | ast.While | ast.IfExp | ast.Assert, FileContext], None
]
AssignmentHandler = Callable[[ast.Assign, FileContext], None]


@dataclass(frozen=True)
class Handlers:
    """One rule module's entry points into the walk, and the words that make a file worth walking."""

    calls: Mapping[str, CallHandler] = field(default_factory=dict)
    """By the called name (``execute``, ``mark_safe``): the name is also a trigger word."""
    functions: tuple[FunctionHandler, ...] = ()
    """Called on every function definition the walk enters."""
    classes: tuple[ClassHandler, ...] = ()
    """Called on every class definition the walk enters."""
    decisions: tuple[DecisionHandler, ...] = ()
    """Called on every ``if``/``while``/conditional expression/``assert`` the walk enters."""
    assignments: tuple[AssignmentHandler, ...] = ()
    """Called on every ``target = value`` statement the walk enters."""
    triggers: frozenset[str] = frozenset()
    """Words besides the call names whose mention makes a file worth walking (``COOKIES``, ``html_safe``)."""
    not_triggers: frozenset[str] = frozenset()
    """Call names too common to trigger a walk alone (``get``): another trigger word must bring them in."""
