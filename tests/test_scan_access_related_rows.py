"""I215 on a relation of a fetched row served as it is, beside views that narrow rows per user."""

from __future__ import annotations

import textwrap

from django_chained.scan.python.walker import scan_python
from tests.function_info_spy import functions_read_by

NARROWING_PEER = """
class DeviceViewSet(ModelViewSet):
    @action(detail=False)
    def recent(self, request):
        rows = Device.objects.restrict(request.user, "view")
        return Response(DeviceSerializer(rows, many=True).data)
"""


def i215(source: str) -> list[tuple[int, str]]:
    found = scan_python("inventory/api/views.py", textwrap.dedent(source))
    return [(f.line, f.message) for f in found if f.id == "django_chained.I215"]


def members(served: str) -> str:
    return textwrap.dedent(f"""
        class GroupViewSet(ModelViewSet):
            @action(detail=True)
            def members(self, request, pk):
                group = self.get_object()
                page = self.paginate_queryset({served})
                return self.get_paginated_response(MemberSerializer(page, many=True).data)
    """)


def test_a_relation_served_as_it_is_is_asked_about_naming_the_peer():
    [(line, message)] = i215(members("group.members") + NARROWING_PEER)
    assert line == 6
    assert "group.members" in message
    assert "restrict() in DeviceViewSet.recent()" in message


def test_without_a_narrowing_peer_nothing_is_asked():
    assert i215(members("group.members")) == []


def test_a_narrowed_relation_is_not_asked_about():
    narrowed = 'group.members.restrict(request.user, "view")'
    assert i215(members(narrowed) + NARROWING_PEER) == []


def test_rows_not_reached_through_the_fetched_row_are_not_asked_about():
    assert i215(members("Member.objects.filter(active=True)") + NARROWING_PEER) == []


def test_only_functions_whose_lines_serve_many_rows_are_walked(monkeypatch):
    from django_chained.scan.python import access_related_rows

    read = functions_read_by(monkeypatch, access_related_rows)
    source = textwrap.dedent("""\
        def members(request, pk):
            group = get_object_or_404(Group, pk=pk)
            return Response(MemberSerializer(group.members.all(), many=True).data)

        def detail(request, pk):
            return Response(GroupSerializer(Group.objects.get(pk=pk)).data)
    """)
    scan_python("groups/api/views.py", source)
    assert read == ["members"]
