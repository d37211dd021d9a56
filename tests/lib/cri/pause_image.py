#!/usr/bin/python3
"""pause_image.py IN.tar OUT.tar NAME: a copy of the OCI layout IN.tar
(one image, as runj-demo oci-image writes it) whose command sleeps, named
NAME: the CRI's pod sandbox ("pause") container, made offline."""
import hashlib
import io
import json
import sys
import tarfile

src, dst, name = sys.argv[1:4]
blobs = {}
with tarfile.open(src) as t:
    for m in t.getmembers():
        if m.isfile():
            blobs[m.name] = t.extractfile(m).read()


def put(obj):
    data = json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    blobs["blobs/sha256/" + digest[7:]] = data
    return digest, len(data)


def get(digest):
    return json.loads(blobs["blobs/sha256/" + digest.split(":")[1]])


index = json.loads(blobs["index.json"])
desc = index["manifests"][0]
manifest = get(desc["digest"])
config = get(manifest["config"]["digest"])
config["config"]["Cmd"] = ["sleep", "2147483647"]
manifest["config"]["digest"], manifest["config"]["size"] = put(config)
desc["digest"], desc["size"] = put(manifest)
desc["annotations"] = {"org.opencontainers.image.ref.name": name}
blobs["index.json"] = json.dumps(index).encode()
with tarfile.open(dst, "w") as t:
    for path in sorted(blobs):
        info = tarfile.TarInfo(path)
        info.size = len(blobs[path])
        t.addfile(info, io.BytesIO(blobs[path]))
