"""Which upload extensions are active content: decided from what each extension means to browsers and servers.

An extension is active when a MIME table maps it to a type a browser renders as a document or runs as
code from your origin (``is_active_type``), or when servers execute or obey the file whatever its type
(``SERVER_EXECUTED``). The tables read, in order:

* Python's built-in table, from a fresh ``mimetypes.MimeTypes()``: the same on every machine running the
  same Python, whether or not ``/etc/mime.types`` exists;
* ``WEB_SERVER_TYPES``: what the default tables of nginx, Apache httpd and Debian's ``media-types`` map
  these names to, for the types Python's table lacks; the web server in front may not share the app's
  machine (a slim container without ``/etc/mime.types`` behind an nginx that has them);
* this machine's table (``mimetypes`` after ``init()``: ``/etc/mime.types``, Apache's, and any
  ``mimetypes.add_type()`` made before django-chained was imported), which Django's ``static.serve``,
  ``FileResponse`` and django-storages' upload ``Content-Type`` use, as do servers reading that file.

Only the first two are fixed; the third can only add names.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable, Mapping

#: Types a browser renders or runs whatever their family: HTML, CSS (passes ``style-src 'self'``),
#: WebAssembly, IE's HTML components and applications, Flash, MHTML archives (IE renders
#: ``message/rfc822`` as a web page), MathML and XUL documents, and manifests that steer an installed
#: app or its offline cache. ``text/vtt`` is not here: subtitles are parsed as cue text, never as markup
#: that runs. ``application/pdf`` is not either: a sandboxed viewer renders it (docs/settings.rst explains).
ACTIVE_TYPES = frozenset(
    {
        "text/html",
        "text/x-server-parsed-html",
        "text/css",
        "application/wasm",
        "text/x-component",
        "application/hta",
        "application/x-shockwave-flash",
        "application/vnd.adobe.flash.movie",
        "application/futuresplash",
        "message/rfc822",
        "multipart/related",
        "application/x-mimearchive",
        "text/mathml",
        "text/xul",
        "text/cache-manifest",
        "application/manifest+json",
    }
)
#: The WHATWG "JavaScript MIME type" names, without their ``x-`` prefix and top-level type.
_SCRIPT_SUBTYPES = frozenset({"javascript", "ecmascript", "jscript", "livescript"})

#: Names that servers execute (PHP, ASP, JSP, CGI, SSI) or obey as configuration, whatever the MIME
#: table says; and JavaScript sources that development servers compile and serve as script.
SERVER_EXECUTED: tuple[str, ...] = (
    "php", "php3", "php4", "php5", "php7", "phar", "pht", "phtml", "phps",
    "asp", "aspx", "ashx", "asmx", "jsp", "jspx", "cgi", "fcgi", "pl", "py", "sh",
    "shtm", "shtml", "stm", "htaccess", "htpasswd", "jsx",
)  # fmt: skip

#: ``extension -> type`` of the web servers' default tables (nginx ``mime.types``, Apache httpd
#: ``mime.types``, Debian ``media-types``) where Python's built-in table has no entry.
WEB_SERVER_TYPES: Mapping[str, str] = {
    ".xhtml": "application/xhtml+xml",
    ".xht": "application/xhtml+xml",
    ".xhtm": "application/xhtml+xml",
    ".xslt": "application/xslt+xml",
    ".dtd": "application/xml-dtd",
    ".ent": "application/xml-external-parsed-entity",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".mml": "text/mathml",
    ".mathml": "application/mathml+xml",
    ".xul": "application/vnd.mozilla.xul+xml",
    ".svgz": "image/svg+xml",
    ".es": "application/ecmascript",
    ".cjs": "text/javascript",
    ".htc": "text/x-component",
    ".hta": "application/hta",
    ".appcache": "text/cache-manifest",
    ".manifest": "text/cache-manifest",
    ".shtml": "text/html",
}


def is_active_type(mime_type: str) -> bool:
    """Whether a browser renders ``mime_type`` as a document or runs it as code from the serving origin.

    HTML, XML of every kind (``text/xml``, ``application/xml``, any ``+xml`` such as SVG, XHTML, Atom,
    and the ``xml-`` DTDs and entities XML documents pull in: browsers run XHTML-namespaced script in
    any XML document), JavaScript by any of its names, ``ACTIVE_TYPES``, and the ``x-httpd-*`` types
    that Apache hands to an interpreter (PHP, eRuby).
    """
    essence = mime_type.partition(";")[0].strip().lower()
    if essence in ACTIVE_TYPES:
        return True
    _, _, subtype = essence.partition("/")
    bare = subtype.removeprefix("x-")
    return (
        bare in _SCRIPT_SUBTYPES
        or bare.startswith("javascript1.")
        or subtype == "xml"
        or subtype.endswith("+xml")
        or subtype.startswith("xml-")
        or subtype.startswith("x-httpd-")
    )


def active_extensions(
    extensions: Iterable[str], guess_type: Callable[[str], str | None]
) -> frozenset[str]:
    """The names (``"svg"``) among ``extensions`` (``".svg"``) that ``guess_type`` maps to an active type."""
    found = set()
    for extension in extensions:
        mime_type = guess_type(extension)
        if mime_type is not None and is_active_type(mime_type):
            found.add(extension.lstrip(".").lower())
    return frozenset(found)


def _table_extensions(
    types_map: tuple[dict[str, str], dict[str, str]], suffix_map: Mapping[str, str]
) -> list[str]:
    # The suffix map makes ``.svgz`` an ``.svg.gz``: served as SVG with a gzip encoding.
    return [*types_map[True], *types_map[False], *suffix_map]


def builtin_active_extensions() -> frozenset[str]:
    """What Python's built-in table maps to active types; never reads a file of this machine."""
    table = mimetypes.MimeTypes()
    return active_extensions(
        _table_extensions(table.types_map, table.suffix_map),
        lambda extension: table.guess_type(f"upload{extension}", strict=False)[0],
    )


def machine_active_extensions() -> frozenset[str]:
    """What this machine's ``mimetypes`` table (system files and ``add_type()`` calls) maps to active types."""
    if not mimetypes.inited:
        mimetypes.init()
    return active_extensions(
        [*mimetypes.types_map, *mimetypes.common_types, *mimetypes.suffix_map],
        lambda extension: mimetypes.guess_type(f"upload{extension}", strict=False)[0],
    )


def web_server_active_extensions() -> frozenset[str]:
    """The ``WEB_SERVER_TYPES`` names whose type is active."""
    return active_extensions(WEB_SERVER_TYPES, WEB_SERVER_TYPES.get)


def default_active_extensions() -> tuple[str, ...]:
    """Every active extension known here, sorted: the value of ``ACTIVE_CONTENT_EXTENSIONS``."""
    return tuple(
        sorted(
            builtin_active_extensions()
            | web_server_active_extensions()
            | machine_active_extensions()
            | frozenset(SERVER_EXECUTED)
        )
    )
