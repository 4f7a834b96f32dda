"""Run Django's own SecurityMiddleware redirect and HSTS tests against HttpsMiddleware (not part of CI).

Downloads the sdist of the installed Django version with pip into a temporary directory, extracts
``tests/middleware/test_security.py``, points its middleware factory at HttpsMiddleware and runs the
test methods about HSTS (``test_sts_*``) and the HTTPS redirect (``*redirect*``).
Run: ``python scripts/run_django_security_tests.py``; the exit status is non-zero on any failure.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tarfile
import tempfile
import unittest
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

TEST_FILE = "tests/middleware/test_security.py"


def fetch_test_module(directory: Path) -> ModuleType:
    version = django.get_version()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            f"django=={version}",
            "--dest",
            str(directory),
        ],
        check=True,
    )
    [sdist] = directory.glob("[Dd]jango-*.tar.gz")
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith(TEST_FILE))
        source = archive.extractfile(member)
        assert source is not None
        target = directory / "django_test_security.py"
        target.write_bytes(source.read())
    spec = importlib.util.spec_from_file_location("django_test_security", target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_redirect_or_hsts_test(name: str) -> bool:
    return name.startswith("test_sts") or "redirect" in name


def main() -> int:
    settings.configure(ALLOWED_HOSTS=["testserver"], SECRET_KEY="not-secret")
    django.setup()
    from django_chained.middleware import HttpsMiddleware

    with tempfile.TemporaryDirectory() as tmp:
        module = fetch_test_module(Path(tmp))

    class HttpsMiddlewareUnderDjangoTests(module.SecurityMiddlewareTest):  # type: ignore[misc, name-defined]
        def middleware(self, *args: Any, **kwargs: Any) -> HttpsMiddleware:
            return HttpsMiddleware(self.response(*args, **kwargs))

    names = sorted(
        name
        for name in dir(module.SecurityMiddlewareTest)
        if name.startswith("test_") and is_redirect_or_hsts_test(name)
    )
    suite = unittest.TestSuite(HttpsMiddlewareUnderDjangoTests(name) for name in names)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print(
        f"\n{result.testsRun - failed} of {result.testsRun} Django redirect/HSTS tests passed against HttpsMiddleware."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
