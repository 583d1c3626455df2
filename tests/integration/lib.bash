# Shared helpers for the integration scripts (sourced; $1 is the binary).
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check_eq() {  # check_eq WHAT EXPECTED ACTUAL
  [ "$2" == "$3" ] || fail "$1: expected '$2', got '$3'"
}
answer_key() {  # the answer key written by `logmill gen DIR`
  local dir=$1
  echo "$dir/.answer-key.json"
}
key_field() {  # key_field KEYFILE PYTHON-EXPR-ON-k
  python3 -c "import json,sys; k=json.load(open(sys.argv[1])); print($2)" "$1"
}
worker_pids() {  # worker processes of coordinator $1
  pgrep -f -- "worker --segment .* --parent $1( |$)" || true
}
expect_exit() {  # expect_exit WHAT RC CMD...: run CMD (stdout to $work/out, stderr to $work/err), check it exits RC
  local what=$1 want=$2 rc=0
  shift 2
  "$@" >"$work/out" 2>"$work/err" || rc=$?
  check_eq "$what exit" "$want" "$rc"
}
expect_stderr() {  # expect_stderr WHAT TEXT: the last expect_exit's stderr holds TEXT (a fixed string)
  grep -qF -- "$2" "$work/err" || fail "$1 message: $(cat "$work/err")"
}
sanitized_build() {  # true if $bin is an ASan or TSan build (their shadow memory and quarantine
  # cannot be held to a release build's memory figures)
  local libs
  libs=$(ldd "$bin" 2>/dev/null || true)  # not `ldd | grep -q`: pipefail + SIGPIPE
  [[ $libs == *libasan* || $libs == *libtsan* ]]
}
