"""W516: a view answering GET changes what the request picked, or who is logged in."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

W516 = "django_chained.W516"


def w516(source: str) -> list[tuple[int, str | None]]:
    text = textwrap.dedent(source)
    return [(f.line, f.subject) for f in scan_python("views.py", text) if f.id == W516]


def test_message_names_the_first_change_and_its_line():
    source = """\
        def reset_password(request, user_pk):
            member = get_object_or_404(User, pk=user_pk)
            member.set_password(make_password())
            member.save()
        """
    (finding,) = [
        f for f in scan_python("views.py", textwrap.dedent(source)) if f.id == W516
    ]
    assert finding.message == (
        "View reset_password() answers GET and changes a password with set_password() (line 3)."
    )
    assert (finding.line, finding.subject) == (1, "reset_password")
    assert "require_POST" in finding.hint
    assert "a form with {% csrf_token %}:" in finding.hint


def test_change_in_a_helper_names_the_helper():
    source = """\
        class PageAdmin(ModelAdmin):
            def get_urls(self):
                return [path("<int:pk>/drop/", self.drop)]

            def drop(self, request, pk):
                self._remove(Page.objects.get(pk=pk))

            def _remove(self, page):
                page.delete()
        """
    (finding,) = [
        f for f in scan_python("admin.py", textwrap.dedent(source)) if f.id == W516
    ]
    assert finding.subject == "PageAdmin.drop"
    assert "page.delete() on a row the request picked in _remove()" in finding.message
    assert finding.message.endswith("(line 9).")


def test_one_finding_per_view():
    source = """\
        def wipe(request, pk):
            Entry.objects.filter(pk=pk).delete()
            Note.objects.filter(entry=pk).delete()
        """
    assert w516(source) == [(1, "wipe")]


#: The same view with and without what keeps the change off GET.
GUARDED = [
    (
        "@require_POST\ndef v(request, pk):\n    Entry.objects.filter(pk=pk).delete()\n",
        "def v(request, pk):\n    Entry.objects.filter(pk=pk).delete()\n",
    ),
    (
        "@require_http_methods(['POST'])\ndef v(request, pk):\n    Entry.objects.filter(pk=pk).delete()\n",
        "@require_http_methods(['GET', 'POST'])\ndef v(request, pk):\n    Entry.objects.filter(pk=pk).delete()\n",
    ),
    (
        "def v(request, pk):\n    if request.method == 'POST':\n        Entry.objects.get(pk=pk).delete()\n",
        "def v(request, pk):\n    if request.user.is_staff:\n        Entry.objects.get(pk=pk).delete()\n",
    ),
    (
        "def v(request, pk):\n    if request.method != 'POST':\n        return None\n    Entry.objects.get(pk=pk).delete()\n",
        "def v(request, pk):\n    if not request.user.is_staff:\n        return None\n    Entry.objects.get(pk=pk).delete()\n",
    ),
    (
        "def v(request, pk):\n    e = Entry.objects.get(pk=pk)\n    e.views += 1\n    e.save()\n",
        "def v(request, pk):\n    e = Entry.objects.get(pk=pk)\n    e.title = request.GET['t']\n    e.save()\n",
    ),
    (
        "def v(request, pk):\n    Entry.objects.filter(pk=pk).update(seen=now())\n",
        "def v(request, pk):\n    Entry.objects.filter(pk=pk).update(done=True)\n",
    ),
    (
        "def v(request):\n    login(request, User.objects.create_guest())\n",
        "def v(request, uid):\n    login(request, User.objects.get(pk=uid))\n",
    ),
    (
        "def v(request, pk):\n    Entry.objects.get(pk=pk).save(commit=False)\n",
        "def v(request, pk):\n    Entry.objects.get(pk=pk).save()\n",
    ),
    (
        "def v(request, pk):\n    request.user.profile.save()\n",
        "def v(request, pk):\n    Profile.objects.get(pk=pk).save()\n",
    ),
    (
        "@csrf_exempt\ndef v(request, pk):\n    Entry.objects.get(pk=pk).delete()\n",
        "@login_required\ndef v(request, pk):\n    Entry.objects.get(pk=pk).delete()\n",
    ),
    (
        "class V(View):\n    def post(self, request, pk):\n        Entry.objects.get(pk=pk).delete()\n",
        "class V(View):\n    def get(self, request, pk):\n        Entry.objects.get(pk=pk).delete()\n",
    ),
]


@pytest.mark.parametrize(("guarded", "unguarded"), GUARDED)
def test_what_keeps_a_change_off_get_silences_it(guarded, unguarded):
    assert w516(guarded) == []
    assert len(w516(unguarded)) == 1


def test_views_in_test_modules_are_not_audited():
    text = "def v(request, pk):\n    Entry.objects.get(pk=pk).delete()\n"
    assert [f for f in scan_python("tests.py", text) if f.id == W516] == []


@pytest.mark.parametrize("methods", ["METHODS", "{'x': 1}", "allowed()"])
def test_a_methods_list_that_is_not_a_literal_list_counts_as_answering_get(methods):
    source = f"@require_http_methods({methods})\ndef v(request, pk):\n    Entry.objects.get(pk=pk).delete()\n"
    assert w516(source) == [(2, "v")]


@pytest.mark.parametrize(
    "method",
    ["delete", "save", "publish", "unpublish", "revert", "approve", "reject",
     "archive", "restore", "activate", "deactivate"],
)  # fmt: skip
def test_each_state_changing_method_on_a_picked_row_counts(method):
    source = f"def v(request, pk):\n    get_object_or_404(Page, pk=pk).{method}()\n"
    assert w516(source) == [(1, "v")]
    assert w516(source.replace(f".{method}()", ".render()")) == []
