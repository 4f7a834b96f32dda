"""What already settles who may have a fetched row, so W250 stays quiet; and where each answer stops."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python


def w250(source: str) -> bool:
    findings = scan_python("app/views.py", textwrap.dedent(source))
    return any(f.id == "django_chained.W250" for f in findings)


@pytest.mark.parametrize(
    "lookup",
    [
        "Invite.objects.get(key=key)",
        "Invite.objects.get(key__exact=key)",
        "Invite.objects.get(pk=key, activation_key=request.GET['k'])",
        "get_object_or_404(Invite, reset_token=key)",
        "Invite.objects.filter(client_secret=key).first()",
        "Range.objects.get(slug=key, published=True)",
        "Range.objects.filter(is_public=True).filter(pk=key).first()",
        "get_object_or_404(Range.objects.filter(is_published=True), slug=key)",
    ],
)
def test_secret_and_public_lookups_are_quiet(lookup):
    assert not w250(f"def view(request, key):\n    return {lookup}\n")


@pytest.mark.parametrize(
    "lookup",
    [
        "Invite.objects.get(natural_key=key)",
        "Invite.objects.get(public_key__exact=key)",
        "Invite.objects.get(keyword=key)",
        "Invite.objects.get(pk=key, token='fixed')",
        "Range.objects.get(slug=key, is_public=1 == 1)",
        "Range.objects.get(slug=key, public=False)",
    ],
)
def test_lookalike_secret_and_public_lookups_are_reported(lookup):
    assert w250(f"def view(request, key):\n    return {lookup}\n")


@pytest.mark.parametrize(
    "denial",
    [
        "raise PermissionDenied",
        "raise exceptions.PermissionDenied('no')",
        "return HttpResponseForbidden()",
        "return redirect_to_login(request.get_full_path())",
    ],
)
def test_denial_on_a_computed_condition_is_an_access_decision(denial):
    source = f"""\
    def view(request, pk):
        report = Report.objects.get(pk=pk)
        if not report.readable_by(request.session.get("reader")):
            {denial}
        return report
    """
    assert not w250(source)


@pytest.mark.parametrize(
    "condition",
    ["request.GET.get('ok') is None", "request.method == 'GET'", "flag"],
)
def test_denial_on_a_request_value_or_without_a_call_is_not(condition):
    source = f"""\
    def view(request, pk, flag=False):
        if {condition}:
            raise PermissionDenied
        return Report.objects.get(pk=pk)
    """
    assert w250(source)


def test_http404_is_not_an_access_decision():
    source = """\
    def view(request, pk):
        report = Report.objects.get(pk=pk)
        if not report.exists_in(get_current_site(request)):
            raise Http404
        return report
    """
    assert w250(source)


@pytest.mark.parametrize(
    "decorator",
    [
        "@method_decorator(user_passes_test(is_editor), name='dispatch')",
        "@method_decorator(staff_member_required, name='dispatch')",
    ],
)
def test_permission_decorator_on_the_class(decorator):
    source = f"""\
    {decorator}
    class Edit(View):
        def post(self, request, pk):
            return Report.objects.get(pk=pk)
    """
    assert not w250(source)


def test_login_required_on_the_class_is_no_permission():
    source = """\
    @method_decorator(login_required, name="dispatch")
    class Edit(View):
        def post(self, request, pk):
            return Report.objects.get(pk=pk)
    """
    assert w250(source)


def test_a_permalink_is_no_permission_call():
    source = """\
    def view(request, pk):
        report = Report.objects.get(pk=pk)
        return redirect(report.get_permalink())
    """
    assert w250(source)


def test_the_views_own_decorators_are_no_permission_call():
    source = """\
    @permission_classes([IsAuthenticated])
    def view(request, pk):
        return Report.objects.get(pk=pk)
    """
    assert w250(source)


def test_local_bound_to_a_scoped_and_an_unscoped_queryset_is_not_scoped():
    source = """\
    def view(request, pk):
        reports = visible_reports(request)
        if pk == "0":
            reports = Report.objects.all()
        return get_object_or_404(reports, pk=pk)
    """
    assert w250(source)


def test_parameter_read_as_an_object_is_no_url_kwarg():
    assert not w250(
        "def flow(request, user):\n    return Email.objects.filter(user_id=user.pk)\n"
    )


def test_parameter_read_as_an_object_elsewhere_still_is_no_url_kwarg():
    source = """\
    def flow(request, account):
        name = account.username
        return Session.objects.filter(user=account)
    """
    assert not w250(source)


@pytest.mark.parametrize(
    "read",
    ["cache.get(key)", "caches['jobs'].get(key)", "self.job_cache.get_many([key])"],
)
def test_value_read_from_the_cache_is_the_servers(read):
    source = f"""\
    def poll(request):
        key = request.POST["ticket"]
        job = {read}
        return Report.objects.get(pk=job["report"])
    """
    assert not w250(source)


def test_value_read_from_a_dict_keeps_the_clients_key():
    source = """\
    def poll(request):
        data = request.POST.dict()
        job = data.get("report")
        return Report.objects.get(pk=job)
    """
    assert w250(source)
