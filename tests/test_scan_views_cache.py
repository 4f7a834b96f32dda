"""The |safe pass's per-file cache: warm scans parse no unchanged file and judge exactly as cold ones."""

from __future__ import annotations

import ast
import json
import os
from collections import Counter
from pathlib import Path

import pytest

from django_chained.scan import scan_paths

VIEWS = """\
from django.shortcuts import render

def search(request):
    return render(request, "search.html", {"query": request.GET.get("q")})
"""
TEMPLATE = "<p>{{ query|safe }}</p>\n"


@pytest.fixture
def parses(monkeypatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    original = ast.parse

    def counting(source, filename="<unknown>", *args, **kwargs):
        counts[str(filename)] += 1
        return original(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    return counts


def site(root: Path) -> tuple[list[str], list[str]]:
    (root / "templates").mkdir(parents=True)
    (root / "views.py").write_text(VIEWS)
    (root / "helpers.py").write_text("def render_rows(rows):\n    return rows\n")
    (root / "templates" / "search.html").write_text(TEMPLATE)
    return (
        [str(root / "views.py"), str(root / "helpers.py")],
        [str(root / "templates" / "search.html")],
    )


def judged(python: list[str], templates: list[str], cache: Path | None) -> list[str]:
    found = scan_paths(python, templates, cache_dir=cache).findings
    return sorted(f"{f.id}:{f.line}" for f in found if f.path.endswith(".html"))


def test_warm_pass_parses_no_python_file_and_judges_as_cold(tmp_path, parses):
    python, templates = site(tmp_path / "site")
    cache = tmp_path / "cache"
    cold = judged(python, templates, None)
    assert cold == ["django_chained.W330:1"]
    assert judged(python, templates, cache) == cold  # fills the cache
    parses.clear()
    assert judged(python, templates, cache) == cold
    assert not parses


def test_same_size_edit_of_a_view_with_mtime_restored_is_read_again(tmp_path):
    python, templates = site(tmp_path / "site")
    cache = tmp_path / "cache"
    assert judged(python, templates, cache) == ["django_chained.W330:1"]
    views = Path(python[0])
    before = views.stat()
    views.write_text(
        VIEWS.replace("request.GET", "request.GOT")
    )  # no longer request data
    os.utime(views, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert views.stat().st_size == before.st_size
    assert judged(python, templates, cache) == ["django_chained.I333:1"]
    assert judged(python, templates, None) == ["django_chained.I333:1"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: "x",
        lambda entry: [entry[0], [[["search", [1], [], [], []]], []], {}],
        lambda entry: [entry[0], [[], [[["search.html"], ["search", "3", 0]]]], {}],
        lambda entry: [entry[0], entry[1], {"search:3:0": [{}, {}, [], [["nope"]]]}],
        lambda entry: [entry[0], entry[1], {"search:3:0": [{"query": [["deep", 1]]}, {}, [], []]}],
        lambda entry: [entry[0], entry[1], {"search:3:0": [{"query": [["call", ["other"], "x", [], [[1, ["other"]]]]]}, {}, [], []]}],
    ],
)  # fmt: skip
def test_damaged_views_cache_is_ignored_and_rewritten(tmp_path, damage):
    python, templates = site(tmp_path / "site")
    cache = tmp_path / "cache"
    cold = judged(python, templates, None)
    judged(python, templates, cache)
    (file,) = cache.glob("views-*.json")
    data = json.loads(file.read_text())
    entry = data["files"][python[0]]
    data["files"][python[0]] = damage(entry)
    file.write_text(json.dumps(data))
    assert judged(python, templates, cache) == cold
    assert json.loads(file.read_text())["files"][python[0]] == entry


def test_views_cache_that_is_not_json_is_rewritten(tmp_path):
    python, templates = site(tmp_path / "site")
    cache = tmp_path / "cache"
    cold = judged(python, templates, None)
    judged(python, templates, cache)
    (file,) = cache.glob("views-*.json")
    file.write_text("[" * 100_000)
    assert judged(python, templates, cache) == cold
    assert json.loads(file.read_text())["files"]


@pytest.fixture
def tokenized(monkeypatch) -> list[str]:
    """The template texts the |safe pass tokenized for their extends and includes."""
    from django_chained.scan.template_references import references

    seen: list[str] = []

    def counting(source):
        seen.append(source)
        return references(source)

    monkeypatch.setattr(
        "django_chained.scan.safe_filter_judgement.references", counting
    )
    return seen


def _with_base(root: Path) -> tuple[list[str], list[str]]:
    """``page.html`` extends ``base.html``, whose ``|safe`` is judged from the view rendering ``page.html``."""
    python, templates = site(root)
    Path(python[0]).write_text(VIEWS.replace("search.html", "page.html"))
    page = root / "templates" / "page.html"
    page.write_text('{% extends "search.html" %}\n')
    return python, [*templates, str(page)]


def test_warm_pass_tokenizes_no_template_and_follows_the_same_references(
    tmp_path, tokenized
):
    python, templates = _with_base(tmp_path / "site")
    cache = tmp_path / "cache"
    cold = judged(python, templates, None)
    assert cold == ["django_chained.W330:1"]  # reached through page.html's extends
    assert judged(python, templates, cache) == cold
    tokenized.clear()
    assert judged(python, templates, cache) == cold
    assert tokenized == []


def test_a_template_whose_references_changed_is_tokenized_again(tmp_path, tokenized):
    python, templates = _with_base(tmp_path / "site")
    cache = tmp_path / "cache"
    assert judged(python, templates, cache) == ["django_chained.W330:1"]
    page = Path(templates[1])
    before = page.stat()
    page.write_text('{% extends "searcx.html" %}\n')  # same size, another base
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    tokenized.clear()
    assert judged(python, templates, cache) == ["django_chained.I333:1"]
    assert tokenized == ['{% extends "searcx.html" %}\n']


@pytest.mark.parametrize(
    "damage",
    [
        "x",
        [["search.html", 1, [], False]],
        [["search.html", True, [["a"]], False]],
        [["search.html", True, [], False, "extra"]],
        {"search.html": True},
    ],
)
def test_damaged_template_references_are_tokenized_again(tmp_path, damage, tokenized):
    python, templates = _with_base(tmp_path / "site")
    cache = tmp_path / "cache"
    judged(python, templates, cache)
    (file,) = cache.glob("views-*.json")
    data = json.loads(file.read_text())
    data["files"][templates[1]][1] = damage
    file.write_text(json.dumps(data))
    tokenized.clear()
    assert judged(python, templates, cache) == ["django_chained.W330:1"]
    assert len(tokenized) == 1


def test_module_views_read_ahead_are_handed_out_for_their_entry_only():
    """The prefill decodes each worker's module entry as it arrives; ``module`` hands that object
    out while the entry stands, and decodes afresh once another entry replaced it."""
    from django_chained.scan.view_index import ModuleViews, read_module
    from django_chained.scan.views_cache import MISSING, ViewsCache, module_entry

    path = "/site/app/views.py"
    source = "class Page(TemplateView):\n    template_name = 'page.html'\n"
    read = read_module(ast.parse(source), path)
    store = ViewsCache(None, [path], "")
    store.put_entry(path, module_entry("k1", read))
    store.read_ahead(path)
    ahead = store.module(path, "k1")
    assert ahead == read
    assert store.module(path, "k1") is ahead  # the decoded object, not a new one
    assert store.module(path, "k2") is MISSING
    store.put_entry(path, module_entry("k1", read_module(ast.parse("x = 1\n"), path)))
    replaced = store.module(path, "k1")
    assert replaced is not ahead
    assert isinstance(replaced, ModuleViews) and replaced.classes == ()
    store.put_entry(path, module_entry("k1", None))
    store.read_ahead(path)  # nothing to decode: no views in the file
    assert store.module(path, "k1") is None
