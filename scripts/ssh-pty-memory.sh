#!/bin/sh
# Server memory when one client asks for a huge terminal: starts `fazhi serve` (the binary
# given, default target/debug/fazhi) on a scratch port, connects once with `stty cols C
# rows R; ssh -t …` for each size given (default 100x30 1000x1000 65535x65535), and prints
# the server's RSS (ps -o rss) after the first frame and its peak (VmHWM), or that it died.
# Usage: scripts/ssh-pty-memory.sh [BINARY] [CxR ...]
set -u
bin=$(realpath "${1:-target/debug/fazhi}"); [ $# -gt 0 ] && shift
sizes=${*:-100x30 1000x1000 65535x65535}
dir=$(mktemp -d); trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
mkdir -p "$dir/config/fazhi"
ssh-keygen -q -t ed25519 -N '' -f "$dir/k" && cp "$dir/k.pub" "$dir/config/fazhi/authorized_keys"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for size in $sizes; do
  cols=${size%x*}; rows=${size#*x}
  HOME=$dir XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data XDG_STATE_HOME=$dir/state \
    XDG_CACHE_HOME=$dir/cache "$bin" serve --listen 127.0.0.1:$port 2>"$dir/log" &
  pid=$!
  until grep -q listening "$dir/log" 2>/dev/null; do sleep 0.1; done
  before=$(ps -o rss= -p $pid)
  (sleep 8; printf q) | timeout 30 script -qfec "stty cols $cols rows $rows; ssh -t -F /dev/null \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes \
    -o LogLevel=ERROR -i $dir/k -p $port 127.0.0.1" /dev/null >"$dir/out" 2>&1 &
  client=$!
  sleep 6
  if kill -0 $pid 2>/dev/null; then
    echo "$size: server RSS idle ${before} KB, with the session $(ps -o rss= -p $pid) KB, peak $(awk '/VmHWM/ {print $2}' /proc/$pid/status) KB"
  else
    wait $pid; echo "$size: server DIED (exit $?): $(grep -v listening "$dir/log" | head -2)"
  fi
  wait $client 2>/dev/null
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
done
