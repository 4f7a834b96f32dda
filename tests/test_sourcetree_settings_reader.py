"""Settings modules read without importing them."""

from __future__ import annotations

import ast
import os
import textwrap
from pathlib import Path

import pytest

from django_chained.sourcetree.settings_reader import looks_like_settings, read_settings


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
    return path


def test_literals_lists_dicts_and_line_numbers(tmp_path):
    path = write(
        tmp_path,
        "settings.py",
        """\
        DEBUG = False
        SECURE_HSTS_SECONDS = 3600
        ALLOWED_HOSTS = ["example.com"]
        DATABASES = {"default": {"ENGINE": "sqlite3"}}
        X_FRAME_OPTIONS: str = "DENY"
    """,
    )
    s = read_settings(path, tmp_path)
    assert (s.DEBUG, s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS) == (
        False,
        3600,
        ["example.com"],
    )
    assert s.DATABASES == {"default": {"ENGINE": "sqlite3"}}
    assert s.X_FRAME_OPTIONS == "DENY"
    assert s.lines["SECURE_HSTS_SECONDS"] == (path.resolve(), 2)
    assert s.unresolved == set()


def test_missing_settings_fall_back_to_djangos_defaults(tmp_path):
    s = read_settings(write(tmp_path, "settings.py", "DEBUG = True\n"), tmp_path)
    assert s.SECURE_SSL_REDIRECT is False
    assert s.settings == {"DEBUG": True}
    with pytest.raises(AttributeError):
        s.CHAINED_NOT_A_DJANGO_SETTING  # noqa: B018
    with pytest.raises(AttributeError):
        s.lowercase_name  # noqa: B018


def test_list_arithmetic_starred_and_mutation(tmp_path):
    path = write(
        tmp_path,
        "settings.py",
        """\
        BASE = ["a", "b"]
        MIDDLEWARE = [*BASE, "c"]
        MIDDLEWARE += ["d"]
        MIDDLEWARE = MIDDLEWARE + ("e",)
        MIDDLEWARE.append("f")
        MIDDLEWARE.insert(0, "z")
        APPS = ("x",) + ["y"]
        AFTER = MIDDLEWARE.index("b") + 1
        SLICED = MIDDLEWARE[:AFTER]
        FIRST = MIDDLEWARE[0]
        DROPPED = [m for m in MIDDLEWARE if m != "z"]
        KEPT = [m for m in MIDDLEWARE if m in ("a", "b")]
        NOT_IN = [m for m in MIDDLEWARE if m not in ["a"]]
        ONLY = [m for m in MIDDLEWARE if m == "a"]
        MERGED = {**{"a": 1}, "b": 2}
        GOT = MERGED.get("b")
        COPIED = MERGED.copy()
        SEVEN = 10 - 3
    """,
    )
    s = read_settings(path, tmp_path)
    assert s.MIDDLEWARE == ["z", "a", "b", "c", "d", "e", "f"]
    assert s.APPS == ("x", "y")
    assert s.SLICED == ["z", "a", "b"]
    assert s.FIRST == "z"
    assert s.DROPPED == ["a", "b", "c", "d", "e", "f"]
    assert s.KEPT == ["a", "b"]
    assert s.NOT_IN == ["z", "b", "c", "d", "e", "f"]
    assert s.ONLY == ["a"]
    assert (s.MERGED, s.GOT, s.COPIED, s.SEVEN) == (
        {"a": 1, "b": 2},
        2,
        {"a": 1, "b": 2},
        7,
    )


def test_base_dir_idioms(tmp_path):
    path = write(
        tmp_path,
        "proj/settings.py",
        """\
        import os
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        MEDIA_ROOT = BASE_DIR / "media"
        OLD_BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        STATIC_ROOT = os.path.join(OLD_BASE, "static")
    """,
    )
    s = read_settings(path, tmp_path)
    assert tmp_path.resolve() == s.BASE_DIR
    assert tmp_path.resolve() / "media" == s.MEDIA_ROOT
    assert os.path.join(str(tmp_path.resolve()), "static") == s.STATIC_ROOT


@pytest.mark.parametrize(
    "source",
    [
        'SECRET_KEY = os.environ["KEY"]',
        'SECRET_KEY = env("KEY")',
        "SECRET_KEY = UNKNOWN_NAME",
        'SECRET_KEY = "a" + 1',
        "SECRET_KEY = [1][5]",
        "SECRET_KEY = [1].index(2)",
        "SECRET_KEY = [1].pop()",
        "SECRET_KEY = [x for x in [1] for y in [2]]",
        "SECRET_KEY = [x + 1 for x in [1]]",
        "SECRET_KEY = [x for x in [1] if x > 0]",
        "SECRET_KEY = [x for x in [1] if x]",
        "SECRET_KEY = Path(1, 2, 3)",
        "SECRET_KEY = (1).parent",
        "SECRET_KEY = lambda: 1",
    ],
)
def test_run_time_values_are_unresolved_not_guessed(tmp_path, source):
    s = read_settings(
        write(tmp_path, "settings.py", f"import os\nSECRET_KEY = 'x'\n{source}\n"),
        tmp_path,
    )
    assert "SECRET_KEY" in s.unresolved
    assert "SECRET_KEY" not in s.values


def test_mutating_an_unknown_list_forgets_it(tmp_path):
    s = read_settings(
        write(
            tmp_path, "settings.py", "M = ['a']\nM.append(f())\nN = 1\nN.append(2)\n"
        ),
        tmp_path,
    )
    assert "M" not in s.values and s.N == 1


def test_star_import_chain_inside_the_tree(tmp_path):
    write(tmp_path, "proj/__init__.py", "")
    write(tmp_path, "proj/settings/__init__.py", "")
    write(tmp_path, "proj/settings/base.py", "DEBUG = True\nMIDDLEWARE = ['a']\n")
    write(
        tmp_path,
        "proj/settings/common.py",
        "from .base import *\nALLOWED_HOSTS = ['x']\n",
    )
    prod = write(
        tmp_path,
        "proj/settings/prod.py",
        """\
        from proj.settings.common import *
        from .base import MIDDLEWARE as BASE_MIDDLEWARE
        DEBUG = False
        MIDDLEWARE = [*BASE_MIDDLEWARE, "b"]
    """,
    )
    s = read_settings(prod, tmp_path)
    assert (s.DEBUG, s.ALLOWED_HOSTS, s.MIDDLEWARE) == (False, ["x"], ["a", "b"])
    assert s.lines["ALLOWED_HOSTS"][0].name == "common.py"


def test_imports_from_outside_the_tree_are_unresolved(tmp_path):
    path = write(
        tmp_path,
        "settings.py",
        "from elsewhere import SECRET_KEY\nfrom nowhere import *\nDEBUG = True\n",
    )
    s = read_settings(path, tmp_path)
    assert s.unresolved == {"SECRET_KEY"}
    assert s.DEBUG is True


def test_import_of_a_name_the_module_lacks(tmp_path):
    write(tmp_path, "base.py", "DEBUG = True\n")
    s = read_settings(
        write(tmp_path, "settings.py", "from base import DEBUG, MISSING\n"), tmp_path
    )
    assert s.DEBUG is True and "MISSING" in s.unresolved


def test_import_cycle_terminates(tmp_path):
    write(tmp_path, "a.py", "from b import *\nA = 1\n")
    write(tmp_path, "b.py", "from a import *\nB = 2\n")
    s = read_settings(tmp_path / "a.py", tmp_path)
    assert (s.A, s.B) == (1, 2)


def test_try_body_is_read(tmp_path):
    s = read_settings(
        write(
            tmp_path,
            "settings.py",
            "try:\n    DEBUG = True\nexcept ImportError:\n    pass\n",
        ),
        tmp_path,
    )
    assert s.DEBUG is True


def test_unparseable_file_recorded(tmp_path):
    s = read_settings(write(tmp_path, "settings.py", "DEBUG = (\n"), tmp_path)
    assert [p.name for p, _ in s.errors] == ["settings.py"]
    assert "SyntaxError" in s.errors[0][1]


def test_unparseable_base_recorded_rest_read(tmp_path):
    write(tmp_path, "base.py", "print 'python 2'\n")
    s = read_settings(
        write(tmp_path, "settings.py", "from base import *\nDEBUG = False\n"), tmp_path
    )
    assert s.DEBUG is False and [p.name for p, _ in s.errors] == ["base.py"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("INSTALLED_APPS = []", True),
        ("MIDDLEWARE: list = []", True),
        ("from .base import *", True),
        ("DEBUG = True", False),
        ("def f(): pass", False),
    ],
)
def test_looks_like_settings(source, expected):
    assert looks_like_settings(ast.parse(source)) is expected


# ephios's shape: DEBUG from the environment, the hardening under ``if not DEBUG:``.
PRODUCTION_BRANCH = """\
    import environ
    env = environ.Env()
    DEBUG = env.bool("DEBUG")
    if not DEBUG:
        SESSION_COOKIE_SECURE = True
        SECURE_SSL_REDIRECT = True
    if DEBUG:
        ALLOWED_HOSTS = ["*"]
    else:
        ALLOWED_HOSTS = ["example.com"]
    if settings.DEBUG:
        X_FRAME_OPTIONS = "SAMEORIGIN"
"""


def test_a_run_time_debug_is_judged_as_production(tmp_path):
    s = read_settings(write(tmp_path, "settings.py", PRODUCTION_BRANCH), tmp_path)
    assert (s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT) == (True, True)
    assert s.ALLOWED_HOSTS == ["example.com"]
    assert "X_FRAME_OPTIONS" not in s.values
    assert s.lines["SECURE_SSL_REDIRECT"][1] == 6


def test_a_known_condition_picks_its_branch(tmp_path):
    source = "DEBUG = True\nif not DEBUG:\n    SECURE_SSL_REDIRECT = True\nelif DEBUG:\n    X = 1\n"
    s = read_settings(write(tmp_path, "settings.py", source), tmp_path)
    assert "SECURE_SSL_REDIRECT" not in s.values and s.X == 1


def test_a_setting_every_branch_assigns_is_run_time(tmp_path):
    source = """\
        import os
        SECRET_KEY = ""
        CSRF_COOKIE_SECURE = False
        if "SECRET_KEY" in os.environ:
            SECRET_KEY = os.environ["SECRET_KEY"]
            CSRF_COOKIE_SECURE = True
        elif os.path.exists("/etc/key"):
            SECRET_KEY = open("/etc/key").read()
        else:
            SECRET_KEY = "generated"
    """
    s = read_settings(write(tmp_path, "settings.py", source), tmp_path)
    assert "SECRET_KEY" in s.unresolved and s.lines["SECRET_KEY"][1] == 4
    # Assigned on one branch only: the module's own value stands.
    assert s.CSRF_COOKIE_SECURE is False


def test_a_setting_of_a_dev_only_branch_on_an_environment_value_is_run_time(tmp_path):
    # Hardening off only `if DOMAIN == "localhost"`, DOMAIN from the environment: production's
    # value is not the dev branch's.
    source = """\
        import os
        DOMAIN = os.environ.get("DOMAIN", "localhost")
        if DOMAIN == "localhost":
            SESSION_COOKIE_SECURE = False
        else:
            SESSION_COOKIE_SECURE = True
    """
    s = read_settings(write(tmp_path, "settings.py", source), tmp_path)
    assert "SESSION_COOKIE_SECURE" in s.unresolved


def test_a_setting_assigned_on_every_branch_of_a_nested_if_is_run_time(tmp_path):
    # pretalx's shape: the key from a config file, else read from a key file, else generated.
    source = """\
        from pathlib import Path
        SECRET_KEY = ""
        CSRF_COOKIE_SECURE = False
        if config.has_option("site", "secret"):
            SECRET_KEY = config.get("site", "secret")
        else:
            KEY_FILE = Path("/var/lib/site/.secret")
            if KEY_FILE.exists():
                SECRET_KEY = KEY_FILE.read_text()
            else:
                SECRET_KEY = make_key(50)
                if KEY_FILE.parent.exists():
                    CSRF_COOKIE_SECURE = True
    """
    s = read_settings(write(tmp_path, "settings.py", source), tmp_path)
    assert "SECRET_KEY" in s.unresolved and s.lines["SECRET_KEY"][1] == 4
    # Assigned on one nested branch only: the module's own value stands.
    assert s.CSRF_COOKIE_SECURE is False


# tabbycat's shape: the platform fragment an environment variable picks, included after the base.
PLATFORM_FRAGMENTS = {
    "settings/__init__.py": """\
        import os
        from split_settings.tools import include
        base_settings = ["core.py"]
        if os.environ.get("ON_PAAS"):
            base_settings.append("paas.py")
        elif os.environ.get("IN_CONTAINER"):
            base_settings.append("container.py")
        else:
            base_settings.append("local.py")  # made by the operator from local.example
        include(*base_settings)
        X_FRAME_OPTIONS = "DENY"
    """,
    "settings/core.py": "DEBUG = False\nSECURE_HSTS_SECONDS = 0\nMIDDLEWARE = ['a']\n",
    "settings/paas.py": "ALLOWED_HOSTS = ['*']\nif os.environ.get('KEY'):\n    SECURE_SSL_REDIRECT = True\n",
    "settings/container.py": "ALLOWED_HOSTS = ['*']\nDATABASES = {'default': {}}\n",
}


def test_settings_of_fragments_some_runs_include_are_run_time(tmp_path):
    for name, source in PLATFORM_FRAGMENTS.items():
        write(tmp_path, name, source)
    s = read_settings(tmp_path / "settings" / "__init__.py", tmp_path)
    assert {"ALLOWED_HOSTS", "DATABASES"} <= s.unresolved
    assert "ALLOWED_HOSTS" not in s.values
    # The base every run includes, and the module's own later values, stand.
    assert (s.SECURE_HSTS_SECONDS, s.MIDDLEWARE, s.X_FRAME_OPTIONS) == (
        0,
        ["a"],
        "DENY",
    )
    # Set under a condition of its own in the fragment: not known to be set by any run.
    assert "SECURE_SSL_REDIRECT" not in s.values | dict.fromkeys(s.unresolved)


def test_a_list_appended_under_a_known_condition_is_read_as_it_runs(tmp_path):
    fragments = {
        **PLATFORM_FRAGMENTS,
        "settings/__init__.py": """\
            from split_settings.tools import include
            base_settings = ["core.py"]
            if True:
                base_settings.append("container.py")
            else:
                base_settings.append("paas.py")
            include(*base_settings)
        """,
    }
    for name, source in fragments.items():
        write(tmp_path, name, source)
    s = read_settings(tmp_path / "settings" / "__init__.py", tmp_path)
    assert s.ALLOWED_HOSTS == ["*"] and s.DATABASES == {"default": {}}
    assert not {"ALLOWED_HOSTS", "DATABASES"} & s.unresolved
