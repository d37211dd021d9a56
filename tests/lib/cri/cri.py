#!/usr/bin/python3
"""cri.py: a small CRI client, as kubelet talks to containerd, for tests.

    cri.py SOCKET GEN_DIR COMMAND ARGS...

GEN_DIR receives the Python modules protoc makes from cri.proto beside this
file (python3-grpc-tools).  Commands, each printing one line:
    version                          runtime name and CRI version
    runp HANDLER NAME CGPARENT LOGDIR  a pod sandbox on the host network
                                     (no CNI); prints its id
    create POD PODNAME NAME CGPARENT LOGDIR IMAGE CMD...  prints the id
    start ID | stop ID TIMEOUT | rm ID | stopp POD | rmp POD
    status ID                        "STATE exit=N reason=R"
    exec ID TIMEOUT CMD...           stdout, then "exit=N"
A gRPC error prints "error: CODE: DETAILS" on stderr and exits 1.
"""
import os
import sys

import grpc
from grpc_tools import protoc


def load(gen):
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.exists(os.path.join(gen, "cri_pb2_grpc.py")):
        os.makedirs(gen, exist_ok=True)
        rc = protoc.main(["protoc", "-I" + here, "--python_out=" + gen,
                          "--grpc_python_out=" + gen,
                          os.path.join(here, "cri.proto")])
        if rc != 0:
            sys.exit("protoc failed on cri.proto")
    sys.path.insert(0, gen)
    import cri_pb2
    import cri_pb2_grpc
    return cri_pb2, cri_pb2_grpc


def sandbox_config(pb, name, cgparent, logdir):
    return pb.PodSandboxConfig(
        metadata=pb.PodSandboxMetadata(name=name, uid=name,
                                       namespace="runj-test"),
        log_directory=logdir,
        linux=pb.LinuxPodSandboxConfig(
            cgroup_parent=cgparent,
            security_context=pb.LinuxSandboxSecurityContext(
                namespace_options=pb.NamespaceOption(network=pb.NODE))))


def main(argv):
    sock, gen, cmd, args = argv[1], argv[2], argv[3], argv[4:]
    pb, pbg = load(gen)
    ch = grpc.insecure_channel("unix://" + sock)
    rt = pbg.RuntimeServiceStub(ch)
    t = 60
    if cmd == "version":
        r = rt.Version(pb.VersionRequest(version="v1"), timeout=t)
        print(r.runtime_name, r.runtime_api_version)
    elif cmd == "runp":
        handler, name, cg, logdir = args
        r = rt.RunPodSandbox(pb.RunPodSandboxRequest(
            config=sandbox_config(pb, name, cg, logdir),
            runtime_handler=handler), timeout=t)
        print(r.pod_sandbox_id)
    elif cmd == "create":
        pod, podname, name, cg, logdir, image = args[:6]
        r = rt.CreateContainer(pb.CreateContainerRequest(
            pod_sandbox_id=pod,
            config=pb.ContainerConfig(
                metadata=pb.ContainerMetadata(name=name),
                image=pb.ImageSpec(image=image), command=args[6:],
                log_path=name + ".log"),
            sandbox_config=sandbox_config(pb, podname, cg, logdir)),
            timeout=t)
        print(r.container_id)
    elif cmd == "start":
        rt.StartContainer(pb.StartContainerRequest(container_id=args[0]),
                          timeout=t)
    elif cmd == "stop":
        rt.StopContainer(pb.StopContainerRequest(
            container_id=args[0], timeout=int(args[1])), timeout=t)
    elif cmd == "rm":
        rt.RemoveContainer(pb.RemoveContainerRequest(container_id=args[0]),
                           timeout=t)
    elif cmd == "stopp":
        rt.StopPodSandbox(pb.StopPodSandboxRequest(pod_sandbox_id=args[0]),
                          timeout=t)
    elif cmd == "rmp":
        rt.RemovePodSandbox(
            pb.RemovePodSandboxRequest(pod_sandbox_id=args[0]), timeout=t)
    elif cmd == "status":
        s = rt.ContainerStatus(
            pb.ContainerStatusRequest(container_id=args[0]), timeout=t).status
        print(pb.ContainerState.Name(s.state), "exit=%d" % s.exit_code,
              "reason=" + s.reason)
    elif cmd == "exec":
        r = rt.ExecSync(pb.ExecSyncRequest(
            container_id=args[0], timeout=int(args[1]), cmd=args[2:]),
            timeout=t)
        sys.stdout.write(r.stdout.decode())
        sys.stderr.write(r.stderr.decode())
        print("exit=%d" % r.exit_code)
    else:
        sys.exit("cri.py: unknown command " + cmd)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except grpc.RpcError as e:
        sys.stderr.write("error: %s: %s\n" % (e.code().name, e.details()))
        sys.exit(1)
