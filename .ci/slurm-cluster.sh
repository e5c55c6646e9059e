#!/usr/bin/env bash
# A one-node Slurm cluster on this machine (Debian 12, root, no systemd needed), to prove the workflow's SLURM
# profile in CI:  slurm-cluster.sh start | stop | status
#
# start: installs munge, slurmctld, slurmd and slurm-client from Debian's packages if missing, writes
#        /etc/slurm/slurm.conf for this machine's hardware (slurmd -C), starts the three daemons and waits
#        until an `srun` works. Running it again only starts what is down.
# stop:  stops the daemons this script started, by the PIDs in their pid files.
#
# No slurmdbd: `sacct` answers "accounting storage is disabled", which is why the profile asks squeue for job
# states (slurm-status-command: squeue); MinJobAge keeps finished jobs visible to squeue for that.
# Memory limits are enforced by cgroup v1 where the machine mounts it (a job over its --mem is killed,
# OUT_OF_MEMORY); elsewhere jobs run without enforcement (SLURM_CGROUP=no forces that).
set -euo pipefail

ACTION=${1:-start}
CONF=/etc/slurm/slurm.conf
CGROUP_CONF=/etc/slurm/cgroup.conf
MUNGE_PID=/run/munge/munged.pid
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
MIN_JOB_AGE=${SLURM_MIN_JOB_AGE:-600}
CGROUP=${SLURM_CGROUP:-auto}
NODE=$(hostname -s)

say() { echo "[slurm-cluster] $*"; }

# A pid file is ours only if its process runs and is the named daemon (files outlive crashed daemons).
running() {  # pidfile name
    local pid
    [[ -s $1 ]] || return 1
    pid=$(<"$1")
    kill -0 "$pid" 2>/dev/null && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]]
}

stop_daemon() {  # name pidfile
    if running "$2" "$1"; then
        local pid; pid=$(<"$2")
        say "stopping $1 (PID $pid)"
        kill "$pid"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
        say "$1 (PID $pid) did not stop"
    fi
}

case $ACTION in
    stop)
        stop_daemon slurmd "$SLURMD_PID"; stop_daemon slurmctld "$CTLD_PID"; stop_daemon munged "$MUNGE_PID"
        exit 0 ;;
    status)
        for d in "munged $MUNGE_PID" "slurmctld $CTLD_PID" "slurmd $SLURMD_PID"; do
            set -- $d; if running "$2" "$1"; then say "$1 running (PID $(<"$2"))"; else say "$1 not running"; fi
        done
        sinfo 2>/dev/null || true
        exit 0 ;;
    start) ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

[[ $(id -u) == 0 ]] || { echo "$0 needs root (apt-get, daemons)" >&2; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
        || ! command -v munged >/dev/null; then
    say "installing munge and Slurm from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends slurmctld slurmd slurm-client munge
fi

[[ -s /etc/munge/munge.key ]] || mungekey --create --keyfile=/etc/munge/munge.key
chown munge:munge /etc/munge/munge.key
chmod 0600 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge
install -d -o slurm -g slurm -m 0755 /var/lib/slurm /var/lib/slurm/slurmctld /var/log/slurm
install -d -m 0755 /var/lib/slurm/slurmd /etc/slurm

# The node as slurmd sees it: "NodeName=x CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ... RealMemory=24105"
HARDWARE=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //; s/ UpTime=.*//')
if [[ $CGROUP == auto ]]; then
    if grep -q '^cgroup /sys/fs/cgroup/memory cgroup ' /proc/mounts; then CGROUP=v1; else CGROUP=no; fi
fi
if [[ $CGROUP == v1 ]]; then TRACK=proctrack/cgroup; TASK=task/cgroup,task/affinity
else TRACK=proctrack/linuxproc; TASK=task/affinity; fi

NEW_CONF=$(mktemp)
cat >"$NEW_CONF" <<CONF
# Written by .ci/slurm-cluster.sh: one node, no accounting database (cgroup enforcement: $CGROUP)
ClusterName=permqs-ci
SlurmctldHost=${NODE}(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
MpiDefault=none
ProctrackType=$TRACK
TaskPlugin=$TASK
ReturnToService=2
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmdSpoolDir=/var/lib/slurm/slurmd
StateSaveLocation=/var/lib/slurm/slurmctld
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
MinJobAge=$MIN_JOB_AGE
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/linux
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 $HARDWARE State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
CHANGED=0
cmp -s "$NEW_CONF" "$CONF" || { install -m 0644 "$NEW_CONF" "$CONF"; CHANGED=1; }
rm -f "$NEW_CONF"
if [[ $CGROUP == v1 ]]; then
    NEW_CG=$(mktemp)
    printf '%s\n' CgroupPlugin=cgroup/v1 CgroupMountpoint=/sys/fs/cgroup ConstrainCores=yes ConstrainRAMSpace=yes \
        ConstrainSwapSpace=no >"$NEW_CG"
    cmp -s "$NEW_CG" "$CGROUP_CONF" || { install -m 0644 "$NEW_CG" "$CGROUP_CONF"; CHANGED=1; }
    rm -f "$NEW_CG"
elif [[ -e $CGROUP_CONF ]]; then
    rm -f "$CGROUP_CONF"; CHANGED=1
fi
if [[ $CHANGED == 1 ]]; then
    say "configuration written ($HARDWARE, cgroup: $CGROUP)"
    stop_daemon slurmd "$SLURMD_PID"; stop_daemon slurmctld "$CTLD_PID"
fi

if ! running "$MUNGE_PID" munged; then
    say "starting munged"
    runuser -u munge -- /usr/sbin/munged --force
    for _ in $(seq 50); do [[ -S /run/munge/munge.socket.2 ]] && break; sleep 0.1; done
fi
munge -n | unmunge >/dev/null
if ! running "$CTLD_PID" slurmctld; then say "starting slurmctld"; /usr/sbin/slurmctld; fi
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
scontrol ping | grep -q UP || { tail -20 /var/log/slurm/slurmctld.log >&2; exit 1; }
if ! running "$SLURMD_PID" slurmd; then say "starting slurmd"; /usr/sbin/slurmd -N "$NODE"; fi

state=
for _ in $(seq 60); do
    state=$(sinfo -h -n "$NODE" -o %t 2>/dev/null || true)
    case $state in
        idle|mix|alloc) break ;;
        drain*|down*) scontrol update nodename="$NODE" state=resume 2>/dev/null || true ;;
    esac
    sleep 1
done
[[ $state =~ ^(idle|mix|alloc)$ ]] || { say "node state '$state'"; tail -20 /var/log/slurm/slurmd.log >&2; exit 1; }
timeout 60 srun -t 1 --mem=50 true || { say "srun does not work"; exit 1; }
say "up: node $NODE ($state), cgroup enforcement: $CGROUP"
