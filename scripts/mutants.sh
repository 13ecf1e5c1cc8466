#!/usr/bin/env bash
# Mutation testing of the rules, the engine and the domain model with cargo-mutants.
#
# Scope, exclusions and the test filter are in .cargo/mutants.toml; results and the
# equivalent mutants are in mutants.md. Output goes to mutants.out/ (git-ignored):
# caught.txt, missed.txt, timeout.txt, unviable.txt and outcomes.json.
#
# Usage: scripts/mutants.sh [extra cargo-mutants arguments]
#   scripts/mutants.sh                       # the whole run (about two hours on 2 cores)
#   scripts/mutants.sh --file src/model/lab.rs     # one file
#   scripts/mutants.sh --re 'calls_for_iron' # mutants whose name matches
#   nohup scripts/mutants.sh > mutants.out.log 2>&1 &
#
# The tree is copied to a scratch directory first (no --in-place), so edits made during the
# run do not affect it.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-mutants >/dev/null || cargo install --locked cargo-mutants
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest

# Each mutant rebuilds the library and every test binary. The project builds dev code at
# opt-level 2 with line tables; opt-level 1 without debug info halves the time per mutant
# (about 3.5 s build + 1-3 s test instead of 7 s + 1-5 s) and still runs the property tests
# quickly. The setting applies to the dependencies too, which are built once per run.
export CARGO_PROFILE_DEV_OPT_LEVEL=1
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_TERM_COLOR=never

# --jobs: MUTANTS_JOBS, default 1 (two cores, shared with other builds); 2 on an idle
#   2-core machine runs about half again as many mutants per minute.
# --timeout 30: a hung mutant is stopped after 30 s (the unmutated suite takes about 2 s).
# --build-timeout-multiplier 2: a mutant whose build hangs (const evaluation of the rule
#   table) is stopped at twice the unmutated build time.
exec cargo mutants \
    --jobs "${MUTANTS_JOBS:-1}" \
    --timeout 30 \
    --build-timeout-multiplier 2 \
    --no-shuffle \
    "$@"
