"""Delay element of the field harness (this kernel has no netem).

Attaches to the TUN device named in argv[1] (created by `ip tuntap add … mode tun`), reads every IP
packet the router namespace routes into it and writes each one back, in order, after argv[2]
milliseconds. A line on stdin ("<ms>\\n") changes the delay for packets read from then on and is
answered "ok"; end of stdin (the harness process is gone) ends the element.
"""

import collections
import fcntl
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000


def main() -> None:
    tun = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", sys.argv[1].encode(), IFF_TUN | IFF_NO_PI))
    os.set_blocking(tun, False)
    delay = float(sys.argv[2]) / 1000
    queue: collections.deque = collections.deque()
    control = sys.stdin.fileno()
    pending = b""
    print("ready", flush=True)
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        readable, _, _ = select.select([tun, control], [], [], timeout)
        if control in readable:
            chunk = os.read(control, 4096)
            if not chunk:
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                delay = float(line) / 1000
                print("ok", flush=True)
        if tun in readable:
            while True:
                try:
                    packet = os.read(tun, 65536)
                except BlockingIOError:
                    break
                queue.append((time.monotonic() + delay, packet))
        now = time.monotonic()
        # FIFO: a shorter delay set mid-way never reorders packets already queued.
        while queue and queue[0][0] <= now:
            try:
                os.write(tun, queue.popleft()[1])
            except OSError:
                pass  # the kernel refused one packet (e.g. no route for it while the link is cut)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
