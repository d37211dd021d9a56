#!/usr/bin/env python3
"""httpd.py: a small HTTP server on 127.0.0.1 for the download tests.

Serves the files under --root with single byte ranges (206, 416) and 404s.
Binds a free port and writes it to --port-file once it listens.  A request
for an absolute URL (what a client sends through a proxy) is served by its
path, so the same server doubles as a proxy.  Every request line goes to
--log.  --no-range ignores Range headers; --stall NAME sends half of NAME
and then nothing.

    python3 httpd.py --root DIR --port-file FILE [--log FILE] [--no-range]
                     [--stall NAME]
"""
import argparse
import os
import re
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _log(self):
        if self.server.opts.log:
            with open(self.server.opts.log, "a") as f:
                f.write("%s %s range=%s\n" % (self.command, self.path,
                        self.headers.get("Range", "-")))

    def _send(self, code, body=b"", headers=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self._log()
        opts = self.server.opts
        path = urllib.parse.urlsplit(self.path).path
        rel = os.path.normpath(urllib.parse.unquote(path)).lstrip("/")
        full = os.path.join(opts.root, rel)
        if rel.startswith("..") or not os.path.isfile(full):
            self._send(404, b"not found\n")
            return
        with open(full, "rb") as f:
            data = f.read()
        size = len(data)
        if opts.stall and os.path.basename(rel) == opts.stall:
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.wfile.write(data[: size // 2])
            self.wfile.flush()
            time.sleep(60)
            return
        rng = self.headers.get("Range")
        if rng and not opts.no_range:
            m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip())
            if not m or (m.group(1) == "" and m.group(2) == ""):
                self._send(416, b"", {"Content-Range": "bytes */%d" % size})
                return
            if m.group(1) == "":
                start = max(0, size - int(m.group(2)))
                end = size - 1
            else:
                start = int(m.group(1))
                end = int(m.group(2)) if m.group(2) else size - 1
            if start >= size:
                self._send(416, b"", {"Content-Range": "bytes */%d" % size})
                return
            end = min(end, size - 1)
            self._send(206, data[start:end + 1], {
                "Content-Range": "bytes %d-%d/%d" % (start, end, size),
                "Accept-Ranges": "bytes"})
            return
        self._send(200, data, {"Accept-Ranges": "bytes"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--no-range", action="store_true")
    ap.add_argument("--stall")
    opts = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.opts = opts
    tmp = opts.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, opts.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
