"""A small HTTP client for keiyaku serve (standard library only): starting a server on a free port
with a fresh registry and accounts, signing in, and multipart uploads. Used by the browser test and
by bench/serve_bench.sh."""

import http.cookiejar
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
import uuid

PASSWORD = "benchmark password"


class Server:
    """keiyaku serve on 127.0.0.1 and a free port, with users admin, shinsa (reviewer) and etsuran."""

    def __init__(self, keiyaku, db=None, workers=None, extra=()):
        self.dir = tempfile.mkdtemp(prefix="keiyaku-serve-")
        self.db = db or os.path.join(self.dir, "keiyaku.db")
        for name, role in (("kanri", "admin"), ("shinsa", "reviewer"), ("etsuran", "viewer")):
            subprocess.run([keiyaku, "user", "add", name, "--role", role, "--db", self.db],
                           input=PASSWORD + "\n", text=True, check=False, capture_output=True)  # an existing user stays
        args = [keiyaku, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
                "--files", os.path.join(self.dir, "data"), *extra]
        if workers:
            args += ["--workers", str(workers)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"(https?://[^/\s]+)/", line)
        if not match:
            self.proc.kill()
            raise RuntimeError("keiyaku serve did not start: " + line)
        self.url = match.group(1)

    def stop(self, remove=False):
        """Ends the server (SIGTERM); with remove, its registry and data folder go too."""
        self.proc.terminate()
        self.proc.wait(timeout=30)
        if remove:
            shutil.rmtree(self.dir, ignore_errors=True)


class Session:
    """One signed-in user: cookies kept, the CSRF token of the forms remembered."""

    def __init__(self, url, user, password=PASSWORD):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/login")
        self.csrf = csrf_in(page)
        body = urllib.parse.urlencode({"user": user, "password": password, "csrf": self.csrf}).encode()
        home = self.opener.open(url + "/login", body).read().decode()
        self.csrf = csrf_in(home)
        if not self.csrf:
            raise RuntimeError("cannot sign in as " + user)

    def get(self, path):
        return self.opener.open(self.url + path).read().decode()

    def upload(self, name, data, fields=()):
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in [("csrf", self.csrf), *fields]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(self.url + "/review", b"".join(parts),
                                         {"Content-Type": "multipart/form-data; boundary=" + boundary})
        with self.opener.open(request) as response:  # follows the 303 to the review page
            return response.status, response.geturl(), response.read().decode()


def csrf_in(html):
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return match.group(1) if match else ""
