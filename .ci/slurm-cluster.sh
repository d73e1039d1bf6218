#!/usr/bin/env bash
# A real two-node Slurm cluster on this machine, for the Slurm launcher's tests and for trying the
# slurm target by hand: munged, slurmctld, and two slurmd "nodes" n1 and n2, each in its own network
# and UTS namespace (address 198.18.0.11 / .12 behind the bridge br-slurmci, 198.18.0.1), with two
# fake GPUs each (character devices with /dev/null's numbers, declared in gres.conf).
#
#   .ci/slurm-cluster.sh up       install Debian's packages when missing, (re)start the cluster,
#                                 wait until both nodes are idle, write $SLURM_CI_DIR/env
#   .ci/slurm-cluster.sh down     cancel every job, wait for them to end, stop the daemons,
#                                 remove the namespaces, the bridge and the cgroup directories
#   .ci/slurm-cluster.sh status   nodes and jobs
#   .ci/slurm-cluster.sh env      the lines to source: export SLURM_CONF=... (and SLURM_REST_URL)
#
# With SLURM_CI_REST=1, slurmrestd also answers at http://127.0.0.1:16820 (OpenAPI v0.0.38, JWT
# tokens from `scontrol token`), and the env file exports SLURM_REST_URL.
#
# Then `. "$SLURM_CI_DIR/env"` (default /tmp/llmharness-slurm-ci/env) exports SLURM_CONF for sbatch,
# squeue, scontrol, scancel and the tests. Needs root (daemons, namespaces, cgroups), iproute2 and
# util-linux (nsenter, unshare). Facts and pitfalls: ../shared/reference/slurm-ci.md.
set -euo pipefail

D=${SLURM_CI_DIR:-/tmp/llmharness-slurm-ci}
CONF=$D/etc/slurm.conf
BRIDGE=br-slurmci
NET=198.18.0
NODES=(n1 n2)
HOST=$(hostname -s)
REST=${SLURM_CI_REST:-0}
REST_ADDR=127.0.0.1:16820

log() { echo "[slurm-cluster] $*" >&2; }
die() { log "$*"; exit 1; }

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.2
  done
}

# True while the process of the pid file runs (a zombie counts as gone: PID 1 here reaps slowly).
running() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  [ -r "/proc/$pid/stat" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]
}

install_packages() {
  local packages=(slurmctld slurmd slurm-client munge)
  [ "$REST" = 1 ] && packages+=(slurmrestd slurm-wlm-jwt-plugin)
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" = 0 ] && return
  command -v apt-get >/dev/null || die "${missing[*]} missing and there is no apt-get; install them"
  log "installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_munge() {
  install -d -o munge -g munge -m 0755 /run/munge
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  if [ ! -s /etc/munge/munge.key ]; then
    runuser -u munge -- mungekey -c
  fi
  runuser -u munge -- /usr/sbin/munged
  touch "$D/run/munged.ours"
  wait_for 10 sh -c 'munge -n 2>/dev/null | unmunge >/dev/null 2>&1' || die "munged did not start"
}

proctrack() {
  # cgroup tracking catches processes that double-fork out of the job (linuxproc does not).
  local probe=/sys/fs/cgroup/freezer/llmharness-slurm-probe
  if mkdir "$probe" 2>/dev/null; then
    rmdir "$probe"
    echo cgroup
  else
    echo linuxproc
  fi
}

write_configs() {
  local pt=$1
  cat >"$CONF" <<EOF
ClusterName=ci
SlurmctldHost=$HOST($NET.1)
SlurmUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/%n
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd-%n.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd-%n.log
ProctrackType=proctrack/$pt
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=5
GresTypes=gpu
$([ "$REST" = 1 ] && printf 'AuthAltTypes=auth/jwt\nAuthAltParameters=jwt_key=%s\n' "$D/run/jwt_hs256.key")
NodeName=n1 NodeHostname=n1 NodeAddr=$NET.11 CPUs=2 RealMemory=2000 Gres=gpu:2 State=UNKNOWN
NodeName=n2 NodeHostname=n2 NodeAddr=$NET.12 CPUs=2 RealMemory=2000 Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  # File-less GPUs are dropped by slurmd 22.05 (node INVAL): give each a device file.
  cat >"$D/etc/gres.conf" <<EOF
NodeName=n1 Name=gpu File=$D/dev/nvidia[0-1]
NodeName=n2 Name=gpu File=$D/dev/nvidia[2-3]
EOF
  if [ "$pt" = cgroup ]; then
    cat >"$D/etc/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainDevices=no
EOF
  fi
}

make_network() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local i=1
  for n in "${NODES[@]}"; do
    ip netns add "slurmci-$n"
    ip link add "vsci-$n" type veth peer name eth0 netns "slurmci-$n"
    ip link set "vsci-$n" master "$BRIDGE" up
    ip -n "slurmci-$n" addr add "$NET.1$i/24" dev eth0
    ip -n "slurmci-$n" link set eth0 up
    ip -n "slurmci-$n" link set lo up
    i=$((i + 1))
  done
}

remove_network() {
  for n in "${NODES[@]}"; do
    ip link del "vsci-$n" 2>/dev/null || true
    ip netns del "slurmci-$n" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
}

nodes_idle() {
  [ "$(sinfo -h -N -o '%N %T' 2>/dev/null | grep -c ' idle$')" = "${#NODES[@]}" ]
}

up() {
  [ "$(id -u)" = 0 ] || die "run as root (daemons, network namespaces, cgroups)"
  install_packages
  down
  mkdir -p "$D"/{etc,state,run,log,dev,jobs}
  for n in "${NODES[@]}"; do mkdir -p "$D/spool/$n"; done
  for g in 0 1 2 3; do
    [ -c "$D/dev/nvidia$g" ] || mknod -m 666 "$D/dev/nvidia$g" c 1 3
  done
  local pt
  pt=$(proctrack)
  write_configs "$pt"
  export SLURM_CONF=$CONF
  start_munge
  make_network
  if [ "$REST" = 1 ]; then
    # slurmctld checks JWT tokens with this key (AuthAltParameters).
    dd if=/dev/urandom of="$D/run/jwt_hs256.key" bs=32 count=1 status=none
    chmod 0600 "$D/run/jwt_hs256.key"
  fi
  slurmctld -f "$CONF" -c -i
  for n in "${NODES[@]}"; do
    # nsenter, not `ip netns exec`: the latter remounts /sys and hides the cgroup mounts slurmd needs.
    nsenter --net="/run/netns/slurmci-$n" unshare --uts \
      bash -c "hostname $n; exec slurmd -f '$CONF' -N $n"
  done
  if [ "$REST" = 1 ]; then
    start_rest
  fi
  if ! wait_for 30 nodes_idle; then
    sinfo -N -o '%N %T %E' >&2 || true
    tail -n 20 "$D"/log/*.log >&2 || true
    die "the nodes did not become idle within 30 s"
  fi
  env_lines >"$D/env"
  log "up: nodes n1 ($NET.11) and n2 ($NET.12) idle, proctrack/$pt; . $D/env exports SLURM_CONF"
}

env_lines() {
  printf 'export SLURM_CONF=%s\n' "$CONF"
  if [ "$REST" = 1 ] || [ -s "$D/run/slurmrestd.pid" ]; then
    printf 'export SLURM_REST_URL=http://%s\n' "$REST_ADDR"
  fi
}

# slurmrestd refuses to run as root: it runs as nobody, and SLURM_JWT=daemon makes it hand each
# request's token (X-SLURM-USER-TOKEN) to slurmctld, which checks it with the key.
start_rest() {
  SLURM_JWT=daemon SLURM_CONF=$CONF setsid setpriv --reuid=nobody --regid=nogroup --clear-groups \
    /usr/sbin/slurmrestd -f "$CONF" -a rest_auth/jwt -s openapi/v0.0.38 "$REST_ADDR" \
    >>"$D/log/slurmrestd.log" 2>&1 </dev/null &
  echo $! >"$D/run/slurmrestd.pid"
  wait_for 15 sh -c "curl -s -o /dev/null http://$REST_ADDR/openapi/v3" \
    || die "slurmrestd did not answer at $REST_ADDR; see $D/log/slurmrestd.log"
}

stopped() { ! running "$1"; }

no_jobs() { [ -z "$(squeue -h -o %i 2>/dev/null)" ]; }

# slurmstepd listens on a socket <node>_<job>.<step> in the node's spool directory while it runs.
stepds_gone() {
  [ -z "$(find "$D/spool" -type s 2>/dev/null)" ]
}

down() {
  export SLURM_CONF=$CONF
  if running "$D/run/slurmctld.pid"; then
    scancel --full --quiet --user=root 2>/dev/null || true
    # Wait for the cancelled jobs and their stepd sockets, or slurmstepd loops on removed cgroups.
    wait_for 30 no_jobs || log "jobs still listed after 30 s"
    wait_for 15 stepds_gone || log "slurmstepd sockets still present after 15 s"
  fi
  local pidfiles=("$D/run/slurmrestd.pid" "$D"/run/slurmd-*.pid "$D/run/slurmctld.pid")
  for f in "${pidfiles[@]}"; do
    if running "$f"; then kill "$(cat "$f")" 2>/dev/null || true; fi
  done
  for f in "${pidfiles[@]}"; do
    wait_for 10 stopped "$f" || { log "$f did not stop; killing it"; kill -9 "$(cat "$f")" 2>/dev/null || true; }
    rm -f "$f"
  done
  if [ -e "$D/run/munged.ours" ]; then
    if running /run/munge/munged.pid; then kill "$(cat /run/munge/munged.pid)" 2>/dev/null || true; fi
    rm -f "$D/run/munged.ours"
  fi
  for n in "${NODES[@]}"; do
    local cg=/sys/fs/cgroup/freezer/slurm_$n
    if [ -d "$cg" ]; then
      find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || log "could not remove $cg"
    fi
  done
  remove_network
}

status() {
  export SLURM_CONF=$CONF
  sinfo -N -o '%N %T %o %G' && squeue
}

case "${1:-}" in
  up) up ;;
  down) down; log "down" ;;
  status) status ;;
  env) env_lines ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
