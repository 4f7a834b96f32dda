from __future__ import annotations

from django_chained.paths import resolved


def test_resolved_follows_symlinks(tmp_path):
    (tmp_path / "real.py").write_text("")
    (tmp_path / "link.py").symlink_to("real.py")
    assert resolved(tmp_path / "link.py") == (tmp_path / "real.py").resolve()


def test_resolved_falls_back_to_the_absolute_path_on_a_symlink_loop(
    tmp_path, monkeypatch
):
    (tmp_path / "self.py").symlink_to("self.py")
    monkeypatch.chdir(tmp_path)
    assert resolved("self.py") == tmp_path / "self.py"


def test_resolved_accepts_strings(tmp_path):
    assert resolved(str(tmp_path)) == tmp_path.resolve()
