#!/usr/bin/env python3
"""Silent connections against `fazhi serve`: opens N TCP connections that never log in
(half send nothing, half only an SSH version line), then tries a real login with the OpenSSH
client while they are open, and reports how many were accepted, turned away, and when the
server closed them (waiting at most 120 s). Usage: scripts/ssh-silent-connections.py [BINARY] [N] [serve options...]
"""
import os, shutil, socket, subprocess, sys, tempfile, time

binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/debug/fazhi")
n = int(sys.argv[2]) if len(sys.argv) > 2 else 128
extra = sys.argv[3:]
d = tempfile.mkdtemp()
try:
    os.makedirs(f"{d}/config/fazhi")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{d}/k"], check=True)
    shutil.copy(f"{d}/k.pub", f"{d}/config/fazhi/authorized_keys")
    env = dict(os.environ, HOME=d, XDG_CONFIG_HOME=f"{d}/config", XDG_DATA_HOME=f"{d}/data",
               XDG_STATE_HOME=f"{d}/state", XDG_CACHE_HOME=f"{d}/cache")
    server = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0",
                               "--max-connections-per-minute", "100000", *extra],
                              env=env, stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    port = int(line.split("listening on ")[1].split()[0].rsplit(":", 1)[1])
    socks, accepted, away = [], 0, 0
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        if i % 2:
            s.sendall(b"SSH-2.0-silent\r\n")
        s.settimeout(5)
        first = s.recv(256)
        if first.startswith(b"SSH-2.0-"):
            accepted += 1
            socks.append(s)
        else:
            away += 1
            s.close()
    start = time.time()
    ssh = subprocess.run(["ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                          "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                          "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-i", f"{d}/k",
                          "-p", str(port), "-tt", "127.0.0.1"],
                         input=b"q", capture_output=True, timeout=60)
    said = (ssh.stdout + ssh.stderr).decode(errors="replace")
    verdict = "reader opened" if "\x1b[?1049h" in said else "no reader: " + said.strip()[-120:]
    print(f"{n} silent connections: {accepted} accepted, {away} turned away; "
          f"a real user while they are open: {verdict}")
    closed, still_open = [], 0
    for s in socks:
        try:
            s.settimeout(max(0.1, 120 - (time.time() - start)))
            while s.recv(4096):
                pass
            closed.append(time.time() - start)
        except socket.timeout:
            still_open += 1
        except OSError:
            closed.append(time.time() - start)
    if closed:
        print(f"the server closed {len(closed)} of them {min(closed):.1f}-{max(closed):.1f} s after the login attempt")
    if still_open:
        print(f"{still_open} still open 120 s after the login attempt")
    server.terminate()
    server.wait()
finally:
    shutil.rmtree(d, ignore_errors=True)
