"""A small HTTP client for the audit: cookies, CSRF and the demo's logins, on the standard library only,
so the audit runs against any site without the project's code on the path."""

import http.cookiejar
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "hcec-demo-2569")


class Skip(Exception):
    """The check cannot run against this site (say why)."""


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Site:
    """One visitor of the site at ``base_url``: their own cookies, signed in or not."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def visitor(self):
        """A new visitor of the same site, with no cookies."""
        return Site(self.base_url)

    def url(self, path):
        return path if path.startswith("http") else self.base_url + path

    def request(self, method, path, data=None, headers=None, body=None):
        headers = dict(headers or {})
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if method != "GET":
            token = self.cookie("csrftoken")
            if token:
                headers.setdefault("X-CSRFToken", token)
            headers.setdefault("Referer", self.base_url + "/")
        request = urllib.request.Request(self.url(path), data=body, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read(), response.url)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read(), error.url)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def post_json(self, path, payload, **kwargs):
        headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
        return self.request("POST", path, body=json.dumps(payload).encode(), headers=headers, **kwargs)

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def form_token(self, path):
        """GET ``path`` and return its page; the CSRF cookie is set for the posts that follow."""
        page = self.get(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        return page, (match.group(1) if match else self.cookie("csrftoken"))

    def login(self, username, password=DEMO_PASSWORD):
        """Sign in through the site's own login form; raise Skip when the login is refused."""
        _page, token = self.form_token("/accounts/login/")
        response = self.post(
            "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token or ""}
        )
        if response.status != 302:
            raise Skip(f"cannot sign in as {username} (HTTP {response.status}); is this the demo?")
        return self
