"""The anchor of the kernel benchmarks: ipykernel driven by jupyter_client.

Prints one JSON object: cold start to first result of `1+1` (ms, per start)
and warm `1+1` round trips (ms, request sent to execute_result received),
measured the way the Tracebook side is measured in bench/kernel-compare.ts.
Needs Debian's python3-ipykernel and python3-jupyter-client.
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager


def execute(client, code):
    sent = time.perf_counter()
    msg_id = client.execute(code, store_history=True)
    while True:
        msg = client.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            return (time.perf_counter() - sent) * 1000, msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "error":
            raise RuntimeError(msg["content"]["evalue"])


def cold_start():
    started = time.perf_counter()
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    _, result = execute(client, "1+1")
    elapsed = (time.perf_counter() - started) * 1000
    assert result == "2", result
    return elapsed, manager, client


def main():
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    warm = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    cold = []
    for _ in range(starts):
        elapsed, manager, client = cold_start()
        cold.append(elapsed)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    elapsed, manager, client = cold_start()
    for _ in range(20):
        execute(client, "1+1")
    rounds = [execute(client, "1+1")[0] for _ in range(warm)]
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    print(json.dumps({"cold_ms": cold, "warm_ms": rounds}))


if __name__ == "__main__":
    main()
