"""``manage.py check`` prints a view, model field or route finding with its ``path:line``."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from django.core.checks import Warning
from django.core.checks.messages import ERROR, WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.checks.authorization import check_owner_fields
from django_chained.facts.place import Place
from tests import views_authorization


def test_a_placed_message_shows_its_place_after_the_object(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = ChainedMessage(
        WARNING,
        "View at URL 'a/' is csrf_exempt.",
        hint="Remove it.",
        obj="app.views.a",
        id="django_chained.W501",
        place=Place(str(tmp_path / "app" / "views.py"), 12),
    )
    assert str(message) == (
        "app.views.a (app/views.py:12): (django_chained.W501) View at URL 'a/' is csrf_exempt."
        "\n\tHINT: Remove it."
    )


def test_a_place_outside_the_working_directory_stays_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = ChainedMessage(
        WARNING,
        "m",
        obj="lib.v",
        id="django_chained.W201",
        place=Place("/srv/lib/v.py", 3),
    )
    assert str(message).startswith("lib.v (/srv/lib/v.py:3): (django_chained.W201) m")


@pytest.mark.parametrize("place", [None, Place("")])
def test_without_a_place_it_prints_as_django_does(place):
    message = ChainedMessage(
        WARNING, "m", hint="h", obj="app.views.a", id="django_chained.W201", place=place
    )
    plain = Warning("m", hint="h", obj="app.views.a", id="django_chained.W201")
    assert str(message) == str(plain)


def test_a_place_without_a_line_shows_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = ChainedMessage(
        WARNING,
        "m",
        obj="x",
        id="django_chained.W707",
        place=Place(str(tmp_path / "osv.json")),
    )
    assert str(message) == "x (osv.json): (django_chained.W707) m"


def test_owner_scoping_errors_name_the_views_place(monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    messages = check_owner_fields(urlconf="tests.urlconfs.authorization_kwargs")
    assert [m.level for m in messages] == [ERROR, ERROR]
    for message in messages:
        view = getattr(views_authorization, message.obj.rsplit(".", 1)[1])
        line = inspect.getsourcelines(inspect.unwrap(view))[1]
        path = Path(inspect.getsourcefile(inspect.unwrap(view)) or "")
        assert f" ({path.relative_to(Path.cwd()).as_posix()}:{line}): " in str(message)
