#!/usr/bin/env bash
# The completion scripts offer what --help lists: for every visible command
# path (from the "Subcommands:" lists of --help, nested ones too), each of its
# options and subcommands is offered by bash and fish when completing
# "logmill PATH -" / "logmill PATH ", and appears in zsh's function for it;
# bash -n, zsh -n and fish -n accept the scripts.
set -euo pipefail
bin=$(readlink -f "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "completions: $*" >&2; exit 1; }

"$bin" completions bash >"$work/bash"
"$bin" completions zsh >"$work/zsh"
"$bin" completions fish >"$work/fish"
bash -n "$work/bash" || fail "bash -n rejects the bash script"
zsh -n "$work/zsh" || fail "zsh -n rejects the zsh script"
fish -n "$work/fish" || fail "fish -n rejects the fish script"
"$bin" completions tcsh >/dev/null 2>&1 && fail "an unknown shell was accepted"

subcommands() { "$bin" "$@" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'; }
options() { "$bin" "$@" --help | sed -n '/^Options:/,/^$/p' | grep -oE '^  (-[A-Za-z0-9],)?--?[A-Za-z0-9-]+' |
  tr ',' '\n' | tr -d ' '; }

bash_offers() {  # words... : what the bash completion offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
           _logmill; printf "%s\n" "${COMPREPLY[@]}"' _ "$work/bash" logmill "$@"
}
fish_offers() {  # command line so far
  fish -c 'source $argv[1]; complete -C $argv[2]' "$work/fish" "$1" | cut -f1
}

checked=0
check_command() {  # a command path, e.g. "" or "merge count"
  local path=$1 id want got_bash got_fish zsh_body
  # shellcheck disable=SC2086  # the path splits into words on purpose
  id=logmill${path:+_${path// /_}}
  zsh_body=$(sed -n "/^_$id() {/,/^}/p" "$work/zsh")
  [[ -n $zsh_body ]] || fail "zsh: no function _$id"
  got_bash=$(bash_offers $path -)
  got_fish=$(fish_offers "logmill $path${path:+ }-")
  for want in $(options $path); do
    grep -Fxq -- "$want" <<<"$got_bash" || fail "bash does not offer $want for 'logmill $path'"
    grep -Fxq -- "$want" <<<"$got_fish" || fail "fish does not offer $want for 'logmill $path'"
    grep -Fq -- "$want" <<<"$zsh_body" || fail "zsh function _$id lacks $want"
    checked=$((checked + 1))
  done
  got_bash=$(bash_offers $path "")
  got_fish=$(fish_offers "logmill $path${path:+ }")
  for want in $(subcommands $path); do
    grep -Fxq -- "$want" <<<"$got_bash" || fail "bash does not offer '$path $want'"
    grep -Fxq -- "$want" <<<"$got_fish" || fail "fish does not offer '$path $want'"
    grep -Fq -- "$want) _${id}_$want" <<<"$zsh_body" || fail "zsh does not offer '$path $want'"
    checked=$((checked + 1))
    check_command "${path:+$path }$want"
  done
}
check_command ""
((checked > 100)) || fail "only $checked names checked"

# Values: a fixed set is offered after its option, in bash and fish alike.
[[ $(bash_offers count --pool "" | sort | tr '\n' ' ') == "process serial thread " ]] ||
  fail "bash: --pool values"
[[ $(fish_offers "logmill count --format " | sort | tr '\n' ' ') == "csv json table tsv " ]] ||
  fail "fish: --format values"
# Hidden commands are not offered.
bash_offers "" | grep -Eq '^(worker|completions)$' && fail "bash offers a hidden command"
echo "completions: ok ($checked names in bash, zsh and fish)"
