#!/usr/bin/env python3
"""blackhole.py: a TCP server on 127.0.0.1 that accepts every connection and
never answers (nor closes), for the tests of a stalled download.  Binds a
free port and writes it to --port-file once it listens.

    python3 blackhole.py --port-file FILE
"""
import argparse
import os
import socket


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    opts = ap.parse_args()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    tmp = opts.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(tmp, opts.port_file)
    held = []
    while True:
        conn, _ = srv.accept()
        held.append(conn)


if __name__ == "__main__":
    main()
