"""W260: an answer cached under the client's key, returned before the access check runs."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python


def w260(source: str) -> list[tuple[int, str]]:
    found = scan_python("planner/api/views.py", textwrap.dedent(source))
    return [(f.line, f.message) for f in found if f.id == "django_chained.W260"]


CACHED = """
class PlanViewSet(ModelViewSet):
    @action(detail=True)
    def structure(self, request, pk):
        key = {key}
        cached = cache.get(key)
        if cached is not None:
            return Response(cached)
        data = PlanSerializer(self.get_object()).data
        cache.set(key, data)
        return Response(data)
"""


def test_a_cached_answer_before_get_object_is_reported_naming_the_check():
    [(line, message)] = w260(CACHED.format(key='f"plan-{pk}"'))
    assert line == 6
    assert "structure()" in message and "get_object()" in message


@pytest.mark.parametrize(
    "key", ['f"plan-{request.user.pk}-{pk}"', '"plans"', "plan_key(request.user, pk)"]
)
def test_a_key_of_the_user_or_of_the_server_is_not_reported(key):
    assert w260(CACHED.format(key=key)) == []


def test_a_check_only_on_a_miss_is_reported():
    source = """
        def plan_stats(request, pk):
            data = cache.get(f"plan-stats-{pk}")
            if data is None:
                plan = get_object_or_404(Plan, pk=pk)
                if not request.user.has_perm("planner.view_plan", plan):
                    raise PermissionDenied
                data = plan.stats()
                cache.set(f"plan-stats-{pk}", data)
            return JsonResponse(data)
    """
    [(line, message)] = w260(source)
    assert line == 3
    assert "has_perm()" in message


def test_a_check_before_the_cache_read_is_not_reported():
    source = """
        def plan_stats(request, pk):
            plan = get_object_or_404(Plan, pk=pk)
            if not request.user.has_perm("planner.view_plan", plan):
                raise PermissionDenied
            data = cache.get(f"plan-stats-{pk}")
            if data is not None:
                return JsonResponse(data)
            return JsonResponse(plan.stats())
    """
    assert w260(source) == []


def test_a_branch_on_the_name_before_the_cache_read_is_no_hit():
    source = """
        def plan_stats(request, pk):
            data = request.GET.get("fresh")
            if data:
                return JsonResponse({})
            data = cache.get(f"plan-stats-{pk}")
            plan = get_object_or_404(Plan, pk=pk)
            if not request.user.has_perm("planner.view_plan", plan):
                raise PermissionDenied
            return JsonResponse(data or plan.stats())
    """
    assert w260(source) == []
