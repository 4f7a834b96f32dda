"""W259 and I215: a view judged against the per-object checks its own module shows the project needs."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

PEER = """
def edit_volume(request, pk):
    volume = get_object_or_404(Volume, pk=pk)
    if not volume.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return render(request, "edit.html", {"volume": volume})
"""


def findings(source: str, rule: str) -> list[tuple[int, str]]:
    found = scan_python("library/views.py", textwrap.dedent(source))
    return [(f.line, f.message) for f in found if f.id == f"django_chained.{rule}"]


def test_a_view_without_the_check_its_peer_makes_is_reported_naming_the_peer():
    source = PEER + textwrap.dedent("""
        def sync_volume(request, pk):
            if not request.user.has_perm("library.change_volume"):
                raise PermissionDenied
            volume = get_object_or_404(Volume, pk=pk)
            return redirect(volume)
    """)
    [(line, message)] = findings(source, "W259")
    assert (
        source.splitlines()[line - 1].strip().startswith("volume = get_object_or_404")
    )
    assert "sync_volume()" in message
    assert "permissions_for_user() in edit_volume()" in message


def test_the_same_view_alone_in_its_module_is_not_reported():
    source = """
        def sync_volume(request, pk):
            if not request.user.has_perm("library.change_volume"):
                raise PermissionDenied
            return redirect(get_object_or_404(Volume, pk=pk))
    """
    assert findings(source, "W259") == []


def test_a_fetch_w250_reports_is_not_reported_twice():
    source = (
        PEER + "\ndef show_volume(request, pk):\n    return Volume.objects.get(pk=pk)\n"
    )
    assert [rule for rule in ("W250", "W259") if findings(source, rule)] == ["W250"]


@pytest.mark.parametrize(
    ("test", "reported"),
    [
        ('request.user.has_perm("library.change_volume")', True),
        ('request.user.has_perms(["library.change_volume"])', True),
        ('request.user.has_perm("library.change_volume", volume)', False),
        (
            "volume_policy.user_has_permission_for_instance(request.user, 'change', volume)",
            False,
        ),
        ("volume.owner == request.user", False),
    ],
)
def test_only_a_question_about_the_row_answers_it(test, reported):
    source = PEER + textwrap.dedent(f"""
        def sync_volume(request, pk):
            volume = get_object_or_404(Volume, pk=pk)
            if not {test}:
                raise PermissionDenied
            return redirect(volume)
    """)
    assert bool(findings(source, "W259")) is reported


def test_handing_the_row_and_the_user_to_a_function_is_no_check():
    source = PEER + textwrap.dedent("""
        def sync_volume(request, pk):
            if not request.user.has_perm("library.change_volume"):
                raise PermissionDenied
            volume = get_object_or_404(Volume, pk=pk)
            job = enqueue_sync(volume, request.user)
            return redirect(job)
    """)
    assert findings(source, "W259")


CHOSEN = """
class PhotoChosenView(ChosenViewMixin, View):
    def get(self, request, pk):
        return super().get(request, pk)
"""
CHOOSE = """
class PhotoChooseView(ChooseViewMixin, View):
    def get_object_list(self):
        return photo_policy.instances_user_has_any_permission_for(self.request.user, "choose")
"""


def test_a_key_handed_to_the_base_class_is_asked_about_only_beside_checking_peers():
    assert findings(CHOSEN, "I215") == []
    [(_, message)] = findings(CHOSEN + CHOOSE, "I215")
    assert "PhotoChooseView.get_object_list()" in message
    assert "instances_user_has_any_permission_for()" in message


def test_a_base_class_of_the_file_that_checks_rows_answers_it():
    base = """
class ChosenViewMixin:
    def get_object(self, pk):
        return get_object_or_404(photo_policy.instances_user_has_any_permission_for(self.request.user, "choose"), pk=pk)
"""
    assert findings(base + CHOSEN + CHOOSE, "I215") == []


def test_a_view_that_fetches_the_row_itself_is_left_to_w250_and_w259():
    fetching = """
class PhotoChosenView(ChosenViewMixin, View):
    def get(self, request, pk):
        self.photo = get_object_or_404(Photo, pk=pk, owner=request.user)
        return super().get(request, pk)
"""
    assert findings(fetching + CHOOSE, "I215") == []


def test_a_peer_asking_has_perm_about_the_row_is_a_per_object_check():
    source = textwrap.dedent("""
        def edit_volume(request, pk):
            volume = get_object_or_404(Volume, pk=pk)
            if not request.user.has_perm("library.change_volume", volume):
                raise PermissionDenied
            return render(request, "edit.html", {"volume": volume})

        def sync_volume(request, pk):
            if not request.user.has_perm("library.change_volume"):
                raise PermissionDenied
            volume = get_object_or_404(Volume, pk=pk)
            return redirect(volume)
    """)
    [(line, message)] = findings(source, "W259")
    assert line == 11
    assert "has_perm() in edit_volume()" in message


def test_a_fetch_from_the_views_own_queryset_is_left_to_i252():
    source = PEER + textwrap.dedent("""
        class VolumeSync(View):
            def post(self, request, pk):
                if not request.user.has_perm("library.change_volume"):
                    raise PermissionDenied
                volume = get_object_or_404(self.queryset, pk=pk)
                return redirect(volume)
    """)
    assert findings(source, "W259") == []


@pytest.mark.parametrize(
    "method", ["get", "post", "put", "patch", "delete", "dispatch"]
)
def test_each_handler_method_handing_the_key_on_is_asked_about(method):
    chosen = CHOSEN.replace("def get(", f"def {method}(").replace(
        "super().get(", f"super().{method}("
    )
    assert len(findings(chosen + CHOOSE, "I215")) == 1
