"""Sphinx configuration: ``sphinx-build -W --keep-going -n -b html docs <out>`` (tox -e docs)."""

from __future__ import annotations

import sys
from importlib.metadata import version as distribution_version
from pathlib import Path

# The local extension that generates the checks reference from the rule catalogue.
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "django-chained"
author = "The django-chained developers"
copyright = "the django-chained developers"
release = distribution_version("django-chained")
version = ".".join(release.split(".")[:2])

extensions = ["chained_checks"]
exclude_patterns = ["_build"]
html_theme = "alabaster"
nitpicky = True
