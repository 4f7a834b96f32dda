"""SQL injection (4xx)."""

from __future__ import annotations

from django.core.checks.messages import WARNING

from django_chained.rules.spec import RuleSpec

RULES = (
    RuleSpec(
        "django_chained.W401",
        WARNING,
        title="``cursor.execute()`` or ``executemany()`` runs SQL built from values.",
        description="Keep the SQL constant and pass the values as parameters (``%s`` placeholders); the database driver quotes them. Table and column names from ``Model._meta``, ``settings``, ``connection.ops.quote_name()`` and psycopg's ``sql.Identifier()``/``sql.Literal()`` count as constant; ``sql.SQL()`` is only as constant as its text.",
        cwe=(89,),
        runs_in=frozenset({"code"}),
        precision="medium",
        security_severity="8.8",
    ),
    RuleSpec(
        "django_chained.W402",
        WARNING,
        title="``Manager.raw()`` runs SQL built from values.",
        description="Use the ORM, or pass the values through ``raw()``'s ``params`` argument.",
        cwe=(89,),
        runs_in=frozenset({"code"}),
        precision="medium",
        security_severity="8.8",
    ),
    RuleSpec(
        "django_chained.W403",
        WARNING,
        title="``QuerySet.extra()`` receives ``select``, ``where``, ``tables`` or ``order_by`` SQL built from values.",
        description="Replace ``extra()`` with ``annotate()``/``filter()`` expressions, or use its ``params``/``select_params`` arguments.",
        cwe=(89,),
        runs_in=frozenset({"code"}),
        precision="medium",
        security_severity="8.8",
    ),
    RuleSpec(
        "django_chained.W404",
        WARNING,
        title="``RawSQL()`` wraps SQL built from values.",
        description="Keep its SQL constant and pass the values through its ``params`` argument.",
        cwe=(89,),
        runs_in=frozenset({"code"}),
        precision="medium",
        security_severity="8.8",
    ),
)
