"""What already settles who may have a fetched row, so W250 stays quiet; and where each answer stops."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.identity_cookies import judge_identity_cookies
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
        "Invite.objects.get(sort_key=key)",
        "Invite.objects.get(cache_key=key)",
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


def ids(source: str) -> list[str]:
    findings = scan_python("app/views.py", textwrap.dedent(source))
    return [f.id for f in judge_identity_cookies(findings)]


@pytest.mark.parametrize(
    "lookup",
    [
        "get_object_or_404(Sync, pk=pk, space=request.space)",
        "UserFile.objects.get(space=request.space, pk=pk)",
        "Food.objects.filter(space=request.space).get(pk=pk)",
        "get_object_or_404(request.event.submissions, code=pk)",
        "get_object_or_404(request.organiser.teams.all(), pk=pk)",
        "Team.objects.get(pk=pk, organiser=request.tenant.organiser)",
    ],
)
def test_lookups_inside_an_object_attached_to_the_request_are_quiet(lookup):
    assert not w250(f"def view(request, pk):\n    return {lookup}\n")


@pytest.mark.parametrize(
    "lookup",
    [
        "get_object_or_404(Sync, pk=pk, space=request.GET['space'])",
        "Sync.objects.get(pk=pk, space=request.POST.get('space'))",
        "Sync.objects.get(pk=pk, method=request.method)",
        "Upload.objects.get(pk=pk, mime=request.content_type)",
        "Upload.objects.get(pk=pk, charset=request.encoding)",
        "Site.objects.get(pk=pk, scheme=request.scheme)",
        "Page.objects.get(pk=pk, route=request.resolver_match.route)",
        "Upload.objects.get(pk=pk, handlers=request.upload_handlers)",
        "get_object_or_404(Sync, pk=pk, space=space)",
    ],
)
def test_lookups_filtered_by_client_data_still_warn(lookup):
    assert w250(f"def view(request, pk, space=None):\n    return {lookup}\n")


@pytest.mark.parametrize(
    "base", ["PermissionRequired", "EventPermissionRequired", "AdministratorMixin"]
)
def test_permission_bases_named_without_mixin_are_quiet(base):
    source = f"class V({base}, View):\n    def get(self, request, pk):\n        return Report.objects.get(pk=pk)\n"
    assert not w250(source)


@pytest.mark.parametrize(
    "base", ["RequiredFieldsMixin", "AdminDashboard", "Permission"]
)
def test_bases_that_require_no_permission_still_warn(base):
    source = f"class V({base}, View):\n    def get(self, request, pk):\n        return Report.objects.get(pk=pk)\n"
    assert w250(source)


@pytest.mark.parametrize("decorator", ["group_required('user')", "staff_required"])
def test_group_and_staff_decorators_are_quiet(decorator):
    assert not w250(
        f"@{decorator}\ndef view(request, pk):\n    return Report.objects.get(pk=pk)\n"
    )


def test_login_required_is_no_permission():
    assert w250(
        "@login_required\ndef view(request, pk):\n    return Report.objects.get(pk=pk)\n"
    )


GET_OBJECT = """\
class UserSpaceViewSet(BASE):
    def destroy(self, request, *args, **kwargs):
        userspace = UserSpace.objects.get(pk=kwargs["pk"])
        self.get_object().delete()
        return userspace
"""


@pytest.mark.parametrize("base", ["viewsets.ModelViewSet", "GenericAPIView"])
def test_drf_get_object_runs_object_permissions(base):
    assert not w250(GET_OBJECT.replace("BASE", base))


def test_drf_actions_calling_get_object_count_as_it():
    source = GET_OBJECT.replace("BASE", "viewsets.ModelViewSet").replace(
        "self.get_object().delete()", "super().destroy(request, *args, **kwargs)"
    )
    assert not w250(source)


def test_other_super_calls_run_no_object_permission():
    source = GET_OBJECT.replace("BASE", "viewsets.ModelViewSet").replace(
        "self.get_object().delete()", "super().list(request, *args, **kwargs)"
    )
    assert w250(source)


def test_rows_of_the_view_object_are_scoped_by_its_fetch():
    source = "class V(View):\n    def post(self, request, pk):\n        return get_object_or_404(self.object.options, pk=pk)\n"
    assert not w250(source)
    assert w250(source.replace("self.object.options", "self.other.options"))


def test_django_get_object_checks_no_permission():
    assert w250(GET_OBJECT.replace("BASE", "DetailView"))


@pytest.mark.parametrize(
    "check",
    [
        "hmac.compare_digest(expected, request.headers['X-Sig'])",
        "stripe.Webhook.construct_event(request.body, sig, secret)",
        "signer.unsign(request.GET['s'])",
    ],
)
def test_signature_checks_answer_who_may_act(check):
    source = f"def hook(request, pk):\n    ok = {check}\n    return Order.objects.get(pk=pk)\n"
    assert not w250(source)


# W251: decisions that grant no access.
@pytest.mark.parametrize(
    "source",
    [
        # an error view only picks which error page to show (babybuddy)
        'def csrf_failure(request, reason=""):\n'
        '    if "HTTP_ORIGIN" in request.META and reason == "x":\n'
        "        return HttpResponseForbidden('origin')\n"
        "    return HttpResponseForbidden('csrf')\n",
        # text compared after parsing the header, not the header itself (tabbycat)
        "def on_login(sender, request, **kwargs):\n"
        "    if not urlparse(request.META.get('HTTP_REFERER')).path == '/accounts/login/':\n"
        "        return\n",
        # a flag only the server's own code can set to True (pretalx)
        "def schedules(request):\n"
        "    if request.META.get('is_html_export') is True:\n"
        "        return 1\n",
    ],
)
def test_decisions_granting_nothing_are_not_w251(source):
    assert "django_chained.W251" not in ids(source)


@pytest.mark.parametrize(
    "test",
    [
        "request.META.get('is_html_export') == 'True'",
        "request.COOKIES.get('level') == 'admin'",
        "'admin' in request.COOKIES.get('roles', '')",
        "request.META['HTTP_X_ROLE'] == 'staff'",
    ],
)
def test_client_values_deciding_access_stay_w251(test):
    assert ids(f"def view(request):\n    if {test}:\n        return 1\n") == [
        "django_chained.W251"
    ]


def test_error_view_names_are_exact():
    source = "def csrf_failure_report(request):\n    if request.COOKIES.get('is_admin'):\n        return 1\n"
    assert ids(source) == ["django_chained.W251"]


@pytest.mark.parametrize(
    "call",
    [
        "check_object_permissions(request, report)",
        "self.user_can_edit(report)",
        "rules.authorize(request.user, report)",
    ],
)
def test_permission_call_in_the_body_is_an_access_decision(call):
    source = f"def view(request, pk):\n    report = Report.objects.get(pk=pk)\n    {call}\n    return report\n"
    assert not w250(source)
    assert w250(source.replace(call, "audit(request, report)"))
