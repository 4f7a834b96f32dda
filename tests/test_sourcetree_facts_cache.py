"""The readers' per-file facts cache: warm scans parse only changed files and report exactly what cold ones do."""

from __future__ import annotations

import ast
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from django_chained.cli import main
from django_chained.sourcetree.facts_cache import facts_version
from django_chained.sourcetree.standalone import scan_tree

TESTS = Path(__file__).resolve().parent
FIXTURES = {
    "agreesite": TESTS / "fixtures" / "agreesite",
    "apisite": TESTS / "fixtures" / "apisite",
    "scan": TESTS / "fixtures" / "scan",
    "testproject": TESTS.parent / "testproject",
}


@pytest.fixture
def parses(monkeypatch) -> Counter[str]:
    counts: Counter[str] = Counter()
    original = ast.parse

    def counting(source, filename="<unknown>", *args, **kwargs):
        counts[str(filename)] += 1
        return original(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    return counts


def report(root: Path, out: Path, fmt: str, *cache: str) -> bytes:
    main(["scan", str(root), "--format", fmt, "-o", str(out), *cache])
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_cold_and_warm_scans_write_identical_reports(tmp_path, parses, fixture, fmt):
    # A copy outside the repository: the scan takes a git checkout's top as the project root.
    root = tmp_path / fixture
    shutil.copytree(FIXTURES[fixture], root, ignore=shutil.ignore_patterns("*.pyc"))
    cache = ["--cache-dir", str(tmp_path / "cache")]
    cold = report(root, tmp_path / "cold", fmt, "--no-cache")
    python_files = {name for name in parses if name.startswith(str(root))}
    assert report(root, tmp_path / "filling", fmt, *cache) == cold
    parses.clear()
    warm = report(root, tmp_path / "warm", fmt, *cache)
    assert warm == cold
    # Warm, only settings modules (read across files, not cached) are parsed again.
    again = {name for name in parses if name.startswith(str(root))}
    assert len(again) < len(python_files)
    assert all("settings" in Path(name).name for name in again)


MODELS = 'from django.db import models\n\nclass Doc(models.Model):\n    file = models.FileField(upload_to="docs/")\n'
SETTINGS = """\
SECRET_KEY = "x"
INSTALLED_APPS = ["app"]
MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]
MEDIA_URL = "/media/"
"""


def project(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").touch()
    (root / "app" / "models.py").write_text(MODELS)
    (root / "settings.py").write_text(SETTINGS)
    return root


def ids(root: Path, cache: Path) -> set[str]:
    return {r.id for r in scan_tree(root, cache_dir=cache).records}


def test_same_size_edit_with_mtime_restored_is_read_again(tmp_path):
    root = project(tmp_path / "project")
    cache = tmp_path / "cache"
    assert "django_chained.W601" in ids(root, cache)
    models = root / "app" / "models.py"
    before = models.stat()
    edited = MODELS.replace("FileField", "TextField")  # not a file field any more
    assert len(edited) == len(MODELS)
    models.write_text(edited)
    os.utime(models, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert models.stat().st_size == before.st_size
    assert "django_chained.W601" not in ids(root, cache)


def test_moving_a_file_into_a_package_reads_it_again(tmp_path):
    # The facts name views and routes by module: ``views.home`` becomes ``app.views.home``.
    root = project(tmp_path / "project")
    (root / "app" / "__init__.py").unlink()
    (root / "app" / "views.py").write_text(
        "from django.views.decorators.csrf import csrf_exempt\n\n"
        "@csrf_exempt\ndef hook(request):\n    pass\n"
    )
    cache = tmp_path / "cache"
    before = {r.obj for r in scan_tree(root, cache_dir=cache).records}
    (root / "app" / "__init__.py").touch()
    after = {r.obj for r in scan_tree(root, cache_dir=cache).records}
    assert "views.hook" in before and "app.views.hook" in after


def facts_file(cache: Path) -> Path:
    (found,) = cache.glob("facts-*.json")
    return found


def row(field: str | None = None, at: int = 0) -> str:
    """A cached row of the facts' sixteen fields, empty but for ``field`` at ``at``."""
    fields = ["null", "true", *["[]"] * 11, "{}", "[]", "[]"]
    if field is not None:
        fields[at] = field
    return (
        '{"engine": "VERSION", "files": {"PATH": ["KEY", "app.models", '
        f"[{', '.join(fields)}]]}}}}"
    )


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "[]",
        '{"engine": "VERSION", "files": []}',
        '{"engine": "VERSION", "files": {"PATH": "x"}}',
        '{"engine": "VERSION", "files": {"PATH": ["KEY", "app.models", [null]]}}',
        row("[[[], 1, 1, [], [], []]]", 2),  # a model named by a number
        row('["3"]', 12),  # a line that is text
        row('[true, "x"]', 0),  # a failure at line true
        row('[["x"], [1], [null]]', 3),  # an import from a module named by a number
        row('[["x", "y"], ["m"], [null]]', 3),  # import columns of other lengths
        row('[["x"], ["m"]]', 3),  # a column missing
        row('[["View", [1], [[], [], []], []]]', 4),  # a base that is a number
        row('[["View", [], [["get"], ["3"], [4]], []]]', 4),  # a method at line "3"
        row('[["f"], ["1"]]', 6),  # a definition at line "1"
        row('{"3:4": [1]}', 13),  # a name a method uses that is a number
        row('[["r", "v", false, 1, "m"]]', 5),  # a route without its include flag
        row('[["a.V", 1, "single", "Doc", ["V", [], [], [1]], null, false, null]]', 10),
        row('[["share", ["LinkSerializer"], [1]]]', 15),  # a used name that is a number
        row('[["share", "LinkSerializer", []]]', 15),  # serializers that are not a list
        "[" * 100_000,
    ],
)
def test_damaged_facts_cache_is_ignored_and_rewritten(tmp_path, damage):
    root = project(tmp_path / "project")
    cache = tmp_path / "cache"
    cold = scan_tree(root, use_cache=False).records
    scan_tree(root, cache_dir=cache)
    file = facts_file(cache)
    entries = json.loads(file.read_text())["files"]
    path = str(root / "app" / "models.py")
    damaged = damage.replace("VERSION", facts_version()).replace("PATH", path)
    file.write_text(damaged.replace("KEY", entries[path][0]))
    assert scan_tree(root, cache_dir=cache).records == cold
    assert json.loads(file.read_text())["files"][path] == entries[path]


def test_an_undamaged_row_is_trusted_as_it_stands(tmp_path):
    """The rows above differ from a valid entry only where their comments say."""
    root = project(tmp_path / "project")
    cache = tmp_path / "cache"
    scan_tree(root, cache_dir=cache)
    file = facts_file(cache)
    key = json.loads(file.read_text())["files"][str(root / "app" / "models.py")][0]
    valid = row().replace("VERSION", facts_version())
    file.write_text(
        valid.replace("PATH", str(root / "app" / "models.py")).replace("KEY", key)
    )
    scan_tree(root, cache_dir=cache)
    entry = json.loads(file.read_text())["files"][str(root / "app" / "models.py")]
    assert entry[2][2] == []  # the empty row was used, not read again from the file


def test_facts_cache_that_is_not_a_regular_file_is_never_read(tmp_path):
    root = project(tmp_path / "project")
    cache = tmp_path / "cache"
    scan_tree(root, cache_dir=cache)
    file = facts_file(cache)
    file.unlink()
    os.mkfifo(file)  # reading a FIFO would wait for a writer forever
    records = scan_tree(root, cache_dir=cache).records
    assert records == scan_tree(root, use_cache=False).records


OWNED = """\
from django.conf import settings
from django.db import models

class Note(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
"""
VIEWS = """\
from django.views.generic import DetailView
from app.base import Base
from app.models import Note

class NoteDetail(Base, DetailView):
    model = Note
"""


def test_a_base_edited_in_another_file_is_read_again(tmp_path):
    # W201 is judged through the view's bases: a cached base class must follow its file's bytes.
    root = project(tmp_path / "project")
    (root / "app" / "models.py").write_text(OWNED)
    (root / "app" / "views.py").write_text(VIEWS)
    base = root / "app" / "base.py"
    base.write_text("class Base:\n    def get_querysex(self):\n        pass\n")
    cache = tmp_path / "cache"
    assert "django_chained.W201" in ids(root, cache)
    before = base.stat()
    base.write_text(base.read_text().replace("querysex", "queryset"))
    os.utime(base, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "django_chained.W201" not in ids(root, cache)
    assert ids(root, cache) == {r.id for r in scan_tree(root, use_cache=False).records}


def test_names_a_followed_method_uses_are_cached_with_its_file(tmp_path, parses):
    # has_permission() is read only when the view guard follows it, then cached with base.py.
    root = project(tmp_path / "project")
    (root / "app" / "models.py").write_text(OWNED)
    (root / "app" / "views.py").write_text(VIEWS)
    base = root / "app" / "base.py"
    base.write_text(
        "class Base:\n    def has_permission(self):\n"
        "        return self.get_object().owner == self.request.user\n"
    )
    cache = tmp_path / "cache"
    unconfirmed = (
        "django_chained.I212"  # a has_permission() not seen fetching the object
    )
    assert unconfirmed not in ids(root, cache)
    parses.clear()
    assert unconfirmed not in ids(root, cache)
    assert str(base) not in parses and parses  # only the settings module
    before = base.stat()
    base.write_text(base.read_text().replace("get_object", "get_objext"))
    os.utime(base, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert unconfirmed in ids(root, cache)
    assert ids(root, cache) == {r.id for r in scan_tree(root, use_cache=False).records}


def test_facts_read_ahead_are_handed_out_once_and_only_for_their_entry(tmp_path):
    """The prefill decodes each worker's entry as it arrives; ``get`` hands that object out when
    the entry still stands and matches, and decodes afresh otherwise."""
    from django_chained.sourcetree.facts_cache import FactsCache, facts_entry
    from django_chained.sourcetree.file_facts import extract

    path = tmp_path / "views.py"
    tree = ast.parse("class Report:\n    pass\n")
    store = FactsCache(None, [str(path)], "v")
    store.put_entry(path, facts_entry("k1", extract(path, tree, "app.views")))
    store.read_ahead(path)
    ahead = store._ahead[str(path)][1]
    assert store.get(path, "k2", "app.views") is None  # other content: not these facts
    assert store.get(path, "k1", "other.views") is None  # other module name: neither
    assert store.get(path, "k1", "app.views") is ahead
    again = store.get(path, "k1", "app.views")
    assert again is not ahead and again == ahead  # handed out once, then decoded afresh
    store.read_ahead(path)
    store.put_entry(
        path, facts_entry("k1", extract(path, ast.parse("x = 1\n"), "app.views"))
    )
    replaced = store.get(path, "k1", "app.views")
    assert replaced is not None and replaced.classes == ()
    store.read_ahead(tmp_path / "missing.py")  # nothing stored: nothing read
    assert str(tmp_path / "missing.py") not in store._ahead


def test_a_file_never_naming_static_is_not_walked_for_static_calls(tmp_path):
    """The bytes at hand spare the walk; every fixture's facts come out the same with them."""
    from django_chained.sourcetree.file_facts import extract

    urls = tmp_path / "urls.py"
    source = (
        b"from django.conf import settings\n"
        b"from django.conf.urls.static import static as routed\n"
        b"urlpatterns = [] + routed(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n"
    )
    tree = ast.parse(source)
    assert [c.setting for c in extract(urls, tree, "site.urls", source).static] == [
        "MEDIA_URL"
    ]
    assert extract(urls, tree, "site.urls", b"urlpatterns = []\n").static == []
    fixtures = Path(__file__).parent / "fixtures"  # 82 files
    compared = 0
    for path in sorted(fixtures.rglob("*.py")):
        data = path.read_bytes()
        try:
            module = ast.parse(data)
        except SyntaxError:
            continue
        assert extract(path, module, "m", data) == extract(path, module, "m")
        compared += 1
    assert compared > 50
