"""The GitHub workflow runs every tox env of tox.ini's env_list, each on its Python; README's SARIF recipe is sound."""

from __future__ import annotations

import configparser
import itertools
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
README = (ROOT / "README.rst").read_text(encoding="utf-8")


def expand(pattern: str) -> list[str]:
    """tox's generative names: ``py313-django{61, 60}`` → ``py313-django61``, ``py313-django60``."""
    parts = re.split(r"\{([^}]*)\}", pattern)
    choices = [
        [c.strip() for c in part.split(",")] if i % 2 else [part]
        for i, part in enumerate(parts)
    ]
    return ["".join(combination) for combination in itertools.product(*choices)]


def tox_envs() -> list[str]:
    tox = configparser.ConfigParser()
    tox.read(ROOT / "tox.ini", encoding="utf-8")
    lines = [line.strip() for line in tox["tox"]["env_list"].splitlines()]
    return [env for line in lines if line for env in expand(line)]


def workflow_matrix() -> list[dict[str, str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    include: list[dict[str, str]] = workflow["jobs"]["tox"]["strategy"]["matrix"][
        "include"
    ]
    return include


def test_expand_reads_tox_generative_names():
    assert expand("py313-django{61, 60, 52}") == [
        "py313-django61",
        "py313-django60",
        "py313-django52",
    ]
    assert expand("lint") == ["lint"]


def test_the_workflow_runs_every_tox_env_once():
    envs = [job["env"] for job in workflow_matrix()]
    assert sorted(envs) == sorted(tox_envs())
    assert len(envs) == len(set(envs))
    assert {"lint", "type", "packaging", "docs"} <= set(envs)


def test_each_python_env_runs_on_its_python():
    for job in workflow_matrix():
        match = re.match(r"py3(\d+)-", job["env"])
        if match:
            assert job["python"] == f"3.{match[1]}", job


def readme_yaml_blocks() -> list[Any]:
    blocks = re.findall(r"^\.\. code-block:: yaml\n\n((?:    .*\n|\n)+)", README, re.M)
    return [yaml.safe_load(re.sub(r"^    ", "", b, flags=re.M)) for b in blocks]


def test_readme_github_recipe_uploads_the_sarif_file_it_writes():
    (workflow,) = [b for b in readme_yaml_blocks() if "jobs" in b]
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    (scan,) = [s for s in steps if "django-chained scan" in s.get("run", "")]
    (upload,) = [s for s in steps if "upload-sarif" in s.get("uses", "")]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "always()"
    assert "--format sarif" in scan["run"]
    assert f"--output {upload['with']['sarif_file']}" in scan["run"]
