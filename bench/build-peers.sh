#!/bin/sh
# Builds the peer benchmark programs of ../shared/bench (the C++ hold model and ns-3's RING-UDP)
# into bench/.peers, next to MigLab's own benchmarks. Needs g++ (and libns3-dev ns3 for RING-UDP):
#   apt-get install -y --no-install-recommends g++ make pkg-config libns3-dev ns3 libgsl-dev libsqlite3-dev
set -e
here=$(cd "$(dirname "$0")" && pwd)
shared=${MIGLAB_SHARED:-$here/../../shared}
if [ ! -d "$shared/bench" ]; then
  echo "no peer sources at $shared/bench (set MIGLAB_SHARED to the folder holding bench/)" >&2
  exit 1
fi
mkdir -p "$here/.peers"
for p in hold ns3; do
  rm -rf "$here/.peers/$p"
  cp -r "$shared/bench/$p" "$here/.peers/$p"
  chmod -R u+w "$here/.peers/$p"
done
sh "$here/.peers/hold/build.sh"
if pkg-config --exists ns3-core 2>/dev/null || [ -e /usr/lib/x86_64-linux-gnu/pkgconfig/ns3-core.pc ]; then
  sh "$here/.peers/ns3/build.sh"
else
  echo "ns-3 development files not found: skipped ring_udp (apt-get install libns3-dev ns3)" >&2
fi
