"""Small source trees written for a test: relative path → text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write each file under ``root`` (folders made as needed); returns ``root``."""
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return root


#: An app with a view, a template, and deployment files at the top and under ``build/``.
SMALL_SITE = {
    "app/__init__.py": "",
    "app/views.py": "X = 1\n",
    "app/templates/app/page.html": "<p>{{ x }}</p>\n",
    "build/Dockerfile": "FROM python\n",
    "Procfile": "web: gunicorn site.wsgi\n",
}
