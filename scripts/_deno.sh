# Sourced by the scripts that run Deno (not run itself). `deno_resolve SCRIPT TASK [ARG]` sets and
# exports DENO, the Deno executable to use, and with ARG = --print-deno prints it and exits 0.
#
# DENO is the Deno that runs the task: deno.json's tasks set it to that Deno's Deno.execPath()
# (inside a task `deno` is always the running Deno, even when it came from npx and is on no PATH).
# Run by hand, a script takes DENO from the environment, else `deno` on PATH; with neither it stops
# with one line saying how to run it.
deno_resolve() {
  local script=$1 task=$2
  if [ -z "${DENO:-}" ]; then
    DENO=$(command -v deno 2>/dev/null) || {
      echo "$script: no Deno: run it as 'deno task $task' or 'npx -y deno@2.9.6 task $task'," \
        "or set DENO to a deno executable" >&2
      exit 1
    }
  fi
  [ -x "$DENO" ] || { echo "$script: DENO=$DENO is not an executable" >&2; exit 1; }
  export DENO
  if [ "${3:-}" = --print-deno ]; then
    echo "$DENO"
    exit 0
  fi
}
