from __future__ import annotations

import re
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.http.request import split_domain_port, validate_host
from django.middleware.security import SecurityMiddleware
from django.test import (
    AsyncRequestFactory,
    Client,
    RequestFactory,
    SimpleTestCase,
    override_settings,
)
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from django_chained.middleware import (
    HttpsMiddleware,
    hsts_header_value,
    redirect_exempt_patterns,
)

HSTS = "Strict-Transport-Security"


def view(*, headers=None, cookies=()):
    """A get_response that answers 200 with the given headers and (insecure) cookies."""

    def get_response(request):
        response = HttpResponse("ok")
        for name, value in (headers or {}).items():
            response.headers[name] = value
        for name in cookies:
            response.set_cookie(name, "v", httponly=True, samesite="Lax")
        return response

    return get_response


def async_view(**kwargs):
    sync = view(**kwargs)

    async def get_response(request):
        return sync(request)

    return get_response


def run(request, **kwargs):
    """Build the middleware now (it reads settings at construction, like SecurityMiddleware)."""
    return HttpsMiddleware(view(**kwargs))(request)


class HeaderFormatTests(SimpleTestCase):
    def test_max_age_only(self):
        assert hsts_header_value(60, False, False) == "max-age=60"

    def test_all_directives_in_django_order(self):
        assert (
            hsts_header_value(60, True, True)
            == "max-age=60; includeSubDomains; preload"
        )


@override_settings(SECURE_SSL_REDIRECT=True)
class RedirectTests(SimpleTestCase):
    rf = RequestFactory()

    def test_insecure_request_gets_301_to_https_with_path_and_query(self):
        response = run(self.rf.get("/some/url?query=string&x=1"))
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/some/url?query=string&x=1"

    def test_secure_request_not_redirected(self):
        assert run(self.rf.get("/some/url", secure=True)).status_code == 200

    @override_settings(SECURE_REDIRECT_EXEMPT=["^insecure/"])
    def test_exempt_pattern_is_searched_without_leading_slash(self):
        assert run(self.rf.get("/insecure/page")).status_code == 200
        assert run(self.rf.get("/secure/insecure/page")).status_code == 301

    @override_settings(SECURE_SSL_HOST="secure.example.com")
    def test_ssl_host_overrides_request_host(self):
        response = run(self.rf.get("/some/url"))
        assert response["Location"] == "https://secure.example.com/some/url"

    @override_settings(SECURE_SSL_REDIRECT=False)
    def test_no_redirect_when_setting_off(self):
        assert run(self.rf.get("/some/url")).status_code == 200

    def test_hostile_host_raises_disallowed_host_not_redirect(self):
        with self.assertRaises(DisallowedHost):
            run(self.rf.get("/some/url", HTTP_HOST="evil.example.org"))

    @override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
    def test_proxy_header_marks_request_secure(self):
        secure = self.rf.get("/", HTTP_X_FORWARDED_PROTO="https")
        assert run(secure).status_code == 200
        assert run(self.rf.get("/", HTTP_X_FORWARDED_PROTO="http")).status_code == 301

    def test_process_request_step(self):
        middleware = HttpsMiddleware(view())
        assert middleware.process_request(self.rf.get("/", secure=True)) is None
        redirect = middleware.process_request(self.rf.get("/"))
        assert redirect is not None
        assert redirect.status_code == 301

    @override_settings(SECURE_REDIRECT_EXEMPT=["^health$"])
    def test_process_request_step_honours_exemptions(self):
        assert HttpsMiddleware(view()).process_request(self.rf.get("/health")) is None


@override_settings(SECURE_HSTS_SECONDS=3600)
class HstsTests(SimpleTestCase):
    rf = RequestFactory()

    def secure_response(self, **kwargs):
        return run(self.rf.get("/", secure=True), **kwargs)

    def test_hsts_on_secure_response(self):
        assert self.secure_response()[HSTS] == "max-age=3600"

    def test_already_present_header_kept(self):
        response = self.secure_response(headers={HSTS: "max-age=7200"})
        assert response[HSTS] == "max-age=7200"

    def test_no_hsts_over_plain_http(self):
        assert HSTS not in run(self.rf.get("/"))

    @override_settings(SECURE_HSTS_SECONDS=0)
    def test_no_hsts_when_seconds_zero(self):
        assert HSTS not in self.secure_response()

    @override_settings(SECURE_HSTS_SECONDS=600, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
    def test_include_subdomains(self):
        assert self.secure_response()[HSTS] == "max-age=600; includeSubDomains"

    @override_settings(SECURE_HSTS_SECONDS=600, SECURE_HSTS_INCLUDE_SUBDOMAINS=False)
    def test_without_include_subdomains(self):
        assert self.secure_response()[HSTS] == "max-age=600"

    @override_settings(SECURE_HSTS_SECONDS=10886400, SECURE_HSTS_PRELOAD=True)
    def test_preload(self):
        assert self.secure_response()[HSTS] == "max-age=10886400; preload"

    @override_settings(
        SECURE_HSTS_SECONDS=10886400,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
    )
    def test_include_subdomains_and_preload(self):
        expected = "max-age=10886400; includeSubDomains; preload"
        assert self.secure_response()[HSTS] == expected

    @override_settings(SECURE_HSTS_SECONDS=10886400, SECURE_HSTS_PRELOAD=False)
    def test_without_preload(self):
        assert self.secure_response()[HSTS] == "max-age=10886400"

    def test_process_response_step(self):
        middleware = HttpsMiddleware(view())
        secure = self.rf.get("/", secure=True)
        response = middleware.process_response(secure, HttpResponse())
        assert response[HSTS] == "max-age=3600"
        insecure = middleware.process_response(self.rf.get("/"), HttpResponse())
        assert HSTS not in insecure


class SecureCookieTests(SimpleTestCase):
    rf = RequestFactory()

    def test_every_cookie_secure_on_secure_request(self):
        response = run(self.rf.get("/", secure=True), cookies=["a", "b", "c"])
        assert [response.cookies[n]["secure"] for n in "abc"] == [True, True, True]

    def test_other_cookie_attributes_kept(self):
        morsel = run(self.rf.get("/", secure=True), cookies=["a"]).cookies["a"]
        assert (morsel.value, morsel["httponly"], morsel["samesite"]) == (
            "v",
            True,
            "Lax",
        )

    def test_already_secure_cookie_kept_secure(self):
        def get_response(request):
            response = HttpResponse()
            response.set_cookie("a", "v", secure=True)
            return response

        response = HttpsMiddleware(get_response)(self.rf.get("/", secure=True))
        assert response.cookies["a"]["secure"] is True

    def test_deleted_cookie_secured_too(self):
        def get_response(request):
            response = HttpResponse()
            response.delete_cookie("gone")
            return response

        response = HttpsMiddleware(get_response)(self.rf.get("/", secure=True))
        assert response.cookies["gone"]["secure"] is True

    def test_plain_http_cookies_untouched(self):
        response = run(self.rf.get("/"), cookies=["a"])
        assert response.cookies["a"]["secure"] == ""

    @override_settings(CHAINED_SECURE_ALL_COOKIES=False)
    def test_setting_off_leaves_cookies_alone(self):
        response = run(self.rf.get("/", secure=True), cookies=["a"])
        assert response.cookies["a"]["secure"] == ""

    def test_hand_written_set_cookie_header_secured(self):
        """Django sends a Set-Cookie header set by hand beside response.cookies."""
        headers = {"Set-Cookie": "raw=1; Path=/; HttpOnly"}
        response = run(self.rf.get("/", secure=True), headers=headers)
        assert response.headers["Set-Cookie"] == "raw=1; Path=/; HttpOnly; Secure"

    def test_hand_written_secure_set_cookie_header_kept(self):
        headers = {"Set-Cookie": "raw=1; secure; Path=/"}
        response = run(self.rf.get("/", secure=True), headers=headers)
        assert response.headers["Set-Cookie"] == "raw=1; secure; Path=/"

    def test_hand_written_set_cookie_header_over_http_untouched(self):
        headers = {"Set-Cookie": "raw=1; Path=/"}
        assert run(self.rf.get("/"), headers=headers)["Set-Cookie"] == "raw=1; Path=/"

    def test_cookie_named_secure_is_not_the_attribute(self):
        headers = {"Set-Cookie": "secure=1"}
        response = run(self.rf.get("/", secure=True), headers=headers)
        assert response.headers["Set-Cookie"] == "secure=1; Secure"

    def test_nameless_cookie_valued_secure_is_not_the_attribute(self):
        """Browsers read ``Set-Cookie: secure`` as a cookie with no name, not as the attribute."""
        headers = {"Set-Cookie": "secure; Path=/"}
        response = run(self.rf.get("/", secure=True), headers=headers)
        assert response.headers["Set-Cookie"] == "secure; Path=/; Secure"


@override_settings(SECURE_SSL_REDIRECT=True)
class MalformedSettingsTests(SimpleTestCase):
    """Bad SECURE_* values never stop the middleware from starting (E114/E115 report them)."""

    rf = RequestFactory()

    @override_settings(SECURE_REDIRECT_EXEMPT=[1, "[", b"^bytes/", "^health/"])
    def test_unusable_exempt_entries_skipped_and_redirected(self):
        middleware = HttpsMiddleware(view())
        assert middleware(self.rf.get("/health/")).status_code == 200
        assert middleware(self.rf.get("/bytes/")).status_code == 301
        assert middleware(self.rf.get("/[")).status_code == 301

    @override_settings(SECURE_REDIRECT_EXEMPT="^health/")
    def test_bare_string_exempts_nothing(self):
        """Iterated, the string's "^" would exempt every path."""
        assert run(self.rf.get("/anything/")).status_code == 301

    @override_settings(SECURE_REDIRECT_EXEMPT=None)
    def test_none_exempts_nothing(self):
        assert run(self.rf.get("/health/")).status_code == 301

    def test_compiled_pattern_accepted(self):
        patterns, rejected = redirect_exempt_patterns([re.compile("^a"), "^b"])
        assert [p.pattern for p in patterns] == ["^a", "^b"]
        assert rejected == []

    def test_rejected_entries_listed(self):
        assert redirect_exempt_patterns([1, "(", "^ok"])[1] == [1, "("]
        assert redirect_exempt_patterns("^x") == ([], ["^x"])


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=3600,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)
class BesideSecurityMiddlewareTests(SimpleTestCase):
    """docs/middleware.rst: running both is safe; SecurityMiddleware answers HTTP first, one identical HSTS header."""

    rf = RequestFactory()

    def chain(self):
        return SecurityMiddleware(HttpsMiddleware(view(cookies=["sessionid"])))

    def test_one_identical_hsts_header_and_secure_cookies(self):
        response = self.chain()(self.rf.get("/", secure=True))
        hsts = [v for k, v in response.items() if k.lower() == HSTS.lower()]
        assert hsts == ["max-age=3600; includeSubDomains"]
        assert response.cookies["sessionid"]["secure"] is True

    def test_security_middleware_redirects_plain_http_first(self):
        response = self.chain()(self.rf.get("/a/?q=1"))
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/a/?q=1"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=3600)
class AsyncTests(SimpleTestCase):
    arf = AsyncRequestFactory()

    def test_async_get_response_makes_a_coroutine_function(self):
        assert iscoroutinefunction(HttpsMiddleware(async_view()))

    def test_sync_get_response_stays_sync(self):
        assert not iscoroutinefunction(HttpsMiddleware(view()))

    async def test_async_redirect(self):
        response = await HttpsMiddleware(async_view())(self.arf.get("/a?b=c"))
        assert (response.status_code, response["Location"]) == (
            301,
            "https://testserver/a?b=c",
        )

    async def test_async_secure_response_gets_hsts_and_secure_cookies(self):
        middleware = HttpsMiddleware(async_view(cookies=["a"]))
        response = await middleware(self.arf.get("/", secure=True))
        assert response[HSTS] == "max-age=3600"
        assert response.cookies["a"]["secure"] is True

    @override_settings(SECURE_REDIRECT_EXEMPT=["^exempt"])
    async def test_async_exempt_path_served_over_http(self):
        response = await HttpsMiddleware(async_view())(self.arf.get("/exempt"))
        assert response.status_code == 200
        assert HSTS not in response


END_TO_END = override_settings(
    ROOT_URLCONF="tests.urlconfs.https",
    MIDDLEWARE=[
        "django_chained.middleware.HttpsMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
    ],
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)


@END_TO_END
class EndToEndTests(SimpleTestCase):
    def test_sync_view_over_http_redirects(self):
        response = self.client.get("/sync/?q=1")
        assert (response.status_code, response["Location"]) == (
            301,
            "https://testserver/sync/?q=1",
        )

    def test_sync_view_over_https(self):
        response = self.client.get("/sync/", secure=True)
        assert response.content == b"sync"
        assert response[HSTS] == "max-age=31536000; includeSubDomains"
        assert response.cookies["theme"]["secure"] is True

    def test_hostile_host_gets_400(self):
        assert (
            self.client.get("/sync/", headers={"host": "evil.org"}).status_code == 400
        )

    async def test_async_view_over_http_redirects(self):
        response = await self.async_client.get("/async/")
        assert (response.status_code, response["Location"]) == (
            301,
            "https://testserver/async/",
        )

    async def test_async_view_over_https(self):
        response = await self.async_client.get("/async/", secure=True)
        assert response.content == b"async"
        assert response[HSTS] == "max-age=31536000; includeSubDomains"
        assert response.cookies["theme"]["secure"] is True

    async def test_async_client_with_sync_view(self):
        response = await self.async_client.get("/sync/", secure=True)
        assert response.cookies["theme"]["secure"] is True


ALLOWED_HOSTS = ["testserver", "example.com", ".example.org"]
LATIN_1 = st.characters(min_codepoint=0x20, max_codepoint=0xFF)
hosts = st.one_of(
    st.sampled_from(
        [
            "testserver",
            "example.com:8443",
            "shop.example.org",
            "evil.com",
            "example.com.evil.com",
            "example.com@evil.com",
            "evil.com#example.com",
            "[::1]",
            "",
        ]
    ),
    st.text(LATIN_1, max_size=30),
)
# Exempt paths are served over HTTP: the only way an insecure request reaches the response step.
# "//evil.com/" is the path of an open redirect (https://evil.com/ if the host were dropped).
paths = st.builds(
    "{}{}".format,
    st.sampled_from(["/", "/exempt/", "/sync/", "/async/", "//evil.com/"]),
    st.text(LATIN_1, max_size=40),
)
proxy_headers = st.one_of(
    st.none(),
    st.sampled_from(["https", "http", "https, http", " https"]),
    st.text(LATIN_1, max_size=10),
)


@END_TO_END
@override_settings(
    ALLOWED_HOSTS=ALLOWED_HOSTS,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_REDIRECT_EXEMPT=["^exempt"],
)
class PropertyTests(SimpleTestCase):
    @hypothesis_settings(max_examples=300, deadline=None, database=None)
    # A path the test client would read as a URL: "//[" made it raise ValueError before any request.
    @example(
        host="testserver", path="//[", query="", https=False, proxy=None, ssl_host=None
    )
    @given(
        host=hosts,
        path=paths,
        query=st.text(LATIN_1, max_size=30),
        https=st.booleans(),
        proxy=proxy_headers,
        ssl_host=st.sampled_from([None, "secure.example.com"]),
    )
    def test_never_offsite_redirect_never_500_hsts_only_when_secure(
        self, host, path, query, https, proxy, ssl_host
    ):
        # PATH_INFO as generated: given as the URL, "//host/x" would be read as host "host" and path "/x".
        extra = {"HTTP_HOST": host, "QUERY_STRING": query, "PATH_INFO": path}
        if proxy is not None:
            extra["HTTP_X_FORWARDED_PROTO"] = proxy
        with self.settings(SECURE_SSL_HOST=ssl_host):
            response = Client().generic("GET", "/", secure=https, **extra)
        secure = https if proxy is None else proxy.split(",", 1)[0].strip() == "https"

        assert response.status_code in (200, 301, 400)
        if (
            response.status_code == 400
        ):  # only a Host that ALLOWED_HOSTS rejects is refused
            assert not validate_host(split_domain_port(host)[0], ALLOWED_HOSTS), host
        if response.status_code == 301:
            location = urlsplit(response["Location"])
            assert location.scheme == "https"
            if ssl_host:
                assert location.netloc == ssl_host
            else:
                domain, _port = split_domain_port(location.netloc)
                assert validate_host(domain, ALLOWED_HOSTS), location.netloc
        assert (HSTS in response) == (secure and response.status_code == 200)
        if response.status_code == 200:
            assert response.cookies["theme"]["secure"] == (True if secure else "")
