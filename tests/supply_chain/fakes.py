"""An advisory server for the audit's tests: OSV's query API and the npm registry's advisory endpoint.

It answers the way the real services do, for the advisories a test gives it: OSV's POST /v1/query with
the records whose affected versions or ECOSYSTEM ranges include the asked version (an empty object when
none do), and npm's POST /-/npm/v1/security/advisories/bulk (gzip-compressed, as npm sends it) with
the advisories of the asked packages, plus the packuments npm reads to work out which versions a range
covers.
"""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from packaging.utils import canonicalize_name
from packaging.version import Version


def osv_affects(record, name, version):
    for affected in record["affected"]:
        package = affected["package"]
        if package["ecosystem"] != "PyPI" or canonicalize_name(package["name"]) != canonicalize_name(name):
            continue
        if version in affected.get("versions", ()):
            return True
        for span in affected.get("ranges", ()):
            if span["type"] == "ECOSYSTEM" and in_range(span["events"], Version(version)):
                return True
    return False


def in_range(events, version):
    inside = False
    for event in events:
        if "introduced" in event:
            inside = inside or event["introduced"] == "0" or version >= Version(event["introduced"])
        if "fixed" in event and version >= Version(event["fixed"]):
            inside = False
    return inside


class AdvisoryServer:
    def __init__(self, osv=(), npm=None, npm_versions=None):
        self.osv = list(osv)
        self.npm = npm or {}
        self.npm_versions = npm_versions or {}
        self.queries = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                asked = json.loads(body)
                if self.path == "/v1/query":
                    server.queries.append(asked)
                    name, version = asked["package"]["name"], asked["version"]
                    vulns = [record for record in server.osv if osv_affects(record, name, version)]
                    self.reply({"vulns": vulns} if vulns else {})
                elif self.path == "/-/npm/v1/security/advisories/bulk":
                    server.queries.append(asked)
                    self.reply({name: server.npm[name] for name in asked if name in server.npm})
                else:
                    self.send_error(404)

            def do_GET(self):
                name = unquote(self.path.lstrip("/"))
                if name not in server.npm_versions:
                    self.send_error(404)
                    return
                versions = {v: {"name": name, "version": v} for v in server.npm_versions[name]}
                self.reply({"name": name, "versions": versions, "dist-tags": {"latest": server.npm_versions[name][-1]}})

            def reply(self, payload):
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
