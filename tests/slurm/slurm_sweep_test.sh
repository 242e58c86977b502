#!/bin/bash
# Issue 30: `manifoldlab-cli sweep --slurm` against a real Slurm. Starts munged, slurmctld and
# slurmd (Debian's munge and slurm-wlm) in a temporary folder with a generated slurm.conf and
# ports of their own, as root; submits a sweep of 2 k values x 3 trials and checks the merged
# summary equals a local run at 1 thread; then cancels a running array task, resubmits, and
# checks every trial is present and trained exactly once. The daemons are stopped by their pids
# whatever the outcome. Exits 77 (skipped) when not root or when the daemons cannot start.
#
# usage: slurm_sweep_test.sh /path/to/manifoldlab-cli [work-folder]
set -u
CLI=$(readlink -f "${1:?usage: slurm_sweep_test.sh MANIFOLDLAB_CLI [WORK]}")
SKIP=77
[ "$(id -u)" = 0 ] || { echo "skipped: the Slurm daemons need root here"; exit $SKIP; }
for p in munged mungekey slurmctld slurmd sbatch squeue scancel scontrol sinfo; do
  command -v "$p" > /dev/null || { echo "skipped: $p not found"; exit $SKIP; }
done
PY=$(command -v python3) || { echo "skipped: python3 not found"; exit $SKIP; }

T=$(mktemp -d "${2:-/tmp}/ml-slurm.XXXXXX")
chmod 700 "$T"
PIDS=()
START=$(date +%s)
log() { echo "[$(($(date +%s) - START)) s] $*"; }
fail() {
  echo "FAILED: $*"
  for f in "$T"/log/*.log "$T"/*/slurm/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }; done
  exit 1
}
cleanup() {
  local rc=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
    scancel --full --quiet --user=root 2> /dev/null
    for _ in $(seq 20); do [ -z "$(squeue -h 2> /dev/null)" ] && break; sleep 0.5; done
  fi
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2> /dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null
  done
  if [ $rc = 0 ] && [ -z "${ML_SLURM_KEEP:-}" ]; then rm -rf "$T"; else echo "kept $T"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir -p "$T/munge" "$T/log" "$T/state" "$T/spool"
chmod 755 "$T/munge"
mungekey --create --keyfile="$T/munge/munge.key" 2> /dev/null ||
  dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$T/munge/munge.key"
munged --foreground --force --socket="$T/munge/munge.socket" --key-file="$T/munge/munge.key" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/log/munged.log" --seed-file="$T/munge/munged.seed" > "$T/log/munged.out" 2>&1 &
PIDS+=($!)

HOST=$(hostname -s)
read -r CTLD_PORT SLURMD_PORT < <("$PY" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
export SLURM_CONF="$T/slurm.conf"
cat > "$SLURM_CONF" << EOF
ClusterName=mltest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ReturnToService=2
KillWait=5
MinJobAge=600
MailProg=/bin/true
TmpFS=$T
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=256 State=UNKNOWN
PartitionName=ml Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
for _ in $(seq 50); do [ -S "$T/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$T/munge/munge.socket" ] || { echo "skipped: munged did not start"; tail "$T/log/munged.log"; exit $SKIP; }
slurmctld -D -i -f "$SLURM_CONF" > "$T/log/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$HOST" > "$T/log/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do
  [ "$(sinfo -h -n "$HOST" -o %t 2> /dev/null)" = idle ] && break
  sleep 0.5
done
if [ "$(sinfo -h -n "$HOST" -o %t 2> /dev/null)" != idle ]; then
  echo "skipped: the Slurm node did not become idle: $(sinfo -h -o '%t %E' 2>&1 | head -1)"
  tail -n 5 "$T"/log/*.out "$T"/log/*.log
  exit $SKIP
fi
log "slurmctld (port $CTLD_PORT) and slurmd ($SLURMD_PORT) up; node $HOST idle"

SWEEP=(sweep --problem sine --k 1..2 --trials 3 --samples 400 --hidden 16 --epochs-forward 3 --epochs-inverse 3)

# A job's state, or "" once Slurm no longer knows it.
state() { squeue -h -t all -j "$1" -o %T 2> /dev/null | sort -u | tr '\n' ' '; }
# Waits until none of the jobs is pending, running or completing (at most $2 s).
wait_jobs() {
  local ids=$1 limit=$2 t=0
  while [ $t -lt $((limit * 2)) ]; do
    [ -z "$(squeue -h -t PD,R,CG,CF,S -j "$ids" 2> /dev/null)" ] && return 0
    sleep 0.5
    t=$((t + 1))
  done
  fail "jobs $ids still queued after $limit s: $(squeue -t all -j "$ids" 2>&1)"
}
submitted_ids() { tail -n 1 "$1/slurm/jobs.txt" | awk '{print $3, $5}'; }

# Columns that measure time are the only ones allowed to differ between two runs.
compare_tables() {
  "$PY" - "$1" "$2" << 'EOF'
import csv, sys
def rows(path):
    with open(path) as f:
        table = list(csv.DictReader(f))
    return sorted(tuple((k, v) for k, v in r.items() if not k.startswith("seconds")) for r in table)
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if a != b:
    print("differ:", sys.argv[1], sys.argv[2]); sys.exit(1)
print("equal:", len(a), "rows")
EOF
}

# 1. Submit, wait for the merge job, compare with a local run at 1 thread.
ONE="$T/one"
out=$("$CLI" "${SWEEP[@]}" --slurm --shards 3 --slurm-time 10 --out "$ONE" 2>&1) || fail "submit: $out"
log "$out"
read -r ARRAY MERGE < <(submitted_ids "$ONE")
[ -n "$MERGE" ] || fail "no job ids in $ONE/slurm/jobs.txt"
wait_jobs "$ARRAY,$MERGE" 150
[ "$(state "$MERGE")" = "COMPLETED " ] || fail "merge job $MERGE: $(state "$MERGE")"
log "array $ARRAY and merge $MERGE done: $(state "$ARRAY")"
"$CLI" "${SWEEP[@]}" --threads 1 --jobs 1 --out "$T/local" > "$T/log/local.log" 2>&1 || fail "local run"
compare_tables "$ONE/summary.csv" "$T/local/summary.csv" || fail "summary.csv differs from the local run"
compare_tables "$ONE/trials.csv" "$T/local/trials.csv" || fail "trials.csv differs from the local run"
log "the Slurm sweep's summary equals the local run's"

# 2. Cancel a running task mid-trial, resubmit, and every trial is there once.
TWO="$T/two"
# trials of several seconds each (about 7 s on a quiet 2-core AMD EPYC; 150 epochs took 2.2 s and
# a cancel 2 s into it once came too late), so the cancel lands mid-trial
SLOW=(sweep --problem sine --k 1..2 --trials 3 --samples 4000 --hidden 32 --epochs-forward 450 --epochs-inverse 450)
"$CLI" "${SLOW[@]}" --slurm --shards 6 --slurm-time 10 --out "$TWO" > "$T/log/submit2.log" 2>&1 ||
  fail "submit: $(cat "$T/log/submit2.log")"
read -r ARRAY2 MERGE2 < <(submitted_ids "$TWO")
victim=""
for _ in $(seq 240); do
  victim=$(squeue -h -t R -j "$ARRAY2" -o %i 2> /dev/null | head -n 1)
  # running, and its trial begun (its claim is there)
  [ -n "$victim" ] && compgen -G "$TWO/claims/*.claim" > /dev/null && break
  victim=""
  sleep 0.25
done
[ -n "$victim" ] || fail "no array task of $ARRAY2 ran"
sleep 0.5
scancel "$victim"
log "cancelled $victim while it trained"
for _ in $(seq 60); do [ -z "$(squeue -h -t R,CG -j "$victim" 2> /dev/null)" ] && break; sleep 0.5; done
victim_log="$TWO/slurm/array-${victim}.log"
grep -q "  selected " "$victim_log" && fail "$victim finished its trial before the cancel: $(cat "$victim_log")"
log "$victim: $(grep -h -o 'interrupted: [^;]*' "$victim_log")"
"$CLI" "${SLOW[@]}" --slurm --shards 6 --slurm-time 10 --out "$TWO" > "$T/log/submit3.log" 2>&1 ||
  fail "resubmit: $(cat "$T/log/submit3.log")"
read -r ARRAY3 MERGE3 < <(submitted_ids "$TWO")
log "resubmitted: array $ARRAY3, merge $MERGE3"
wait_jobs "$ARRAY2,$MERGE2,$ARRAY3,$MERGE3" 200
[ "$(state "$MERGE3")" = "COMPLETED " ] || fail "merge job $MERGE3: $(state "$MERGE3")"
"$PY" - "$TWO" << 'EOF' || fail "the trials after the resubmission"
import glob, json, os, sys
d = sys.argv[1]
records = [json.load(open(f)) for f in glob.glob(os.path.join(d, "trials", "*.json"))]
ids = [r["id"] for r in records]
assert len(records) == 6 and len(set(ids)) == 6, ids
assert all(r["status"] == "finished" for r in records), [r["status"] for r in records]
# A trained trial prints one "[i/N] ID  selected ..." line: six in all, the cancelled one's not among them.
lines = [l for f in glob.glob(os.path.join(d, "slurm", "array-*.log")) for l in open(f) if "  selected " in l]
trained = sorted(l.split()[1] for l in lines)
assert trained == sorted(ids), trained
summary = json.load(open(os.path.join(d, "summary.json")))
assert summary["trials"] == 6, summary["trials"]
assert not [c for c in os.listdir(os.path.join(d, "claims")) if c.endswith(".claim")], "claims left"
print("6 trials, each trained once")
EOF
log "passed"
