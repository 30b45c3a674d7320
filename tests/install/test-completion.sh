#!/usr/bin/env bash
# Bash completion for threadline-cli, driven as bash drives it: each line
# is split into COMP_WORDS the way bash splits a line being completed
# (at blanks, and around "=", which is in COMP_WORDBREAKS), then the
# completion function runs and COMPREPLY is compared with what the
# program itself says it accepts.  TAP.
#
# test-completion.sh COMPLETION-FILE THREADLINE-CLI SCENARIO-FILE
set -u

completion=$(realpath "$1")
cli=$(realpath "$2")
scenario_file=$(realpath "$3")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch a.tltrace b.json c.json.gz picture.png notes.txt
mkdir sub
cp "$scenario_file" mine.scenario

# shellcheck source=/dev/null
source "$completion"
if ! declare -F _threadline_cli >/dev/null; then
  echo "Bail out! $completion defines no _threadline_cli"
  exit 1
fi

n=0
failed=0

# complete LINE: prints the completions of the last word of LINE, sorted.
complete_line ()
{
  local line=$1 part
  local -a parts
  COMP_WORDS=()
  read -ra parts <<<"$line"
  parts[0]=$cli
  for part in "${parts[@]}"; do
    while [[ $part =~ ^([^=]*)(=+)(.*)$ ]]; do
      [[ -n ${BASH_REMATCH[1]} ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
      COMP_WORDS+=("${BASH_REMATCH[2]}")
      part=${BASH_REMATCH[3]}
    done
    [[ -n $part ]] && COMP_WORDS+=("$part")
  done
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMPREPLY=()
  _threadline_cli "$cli" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort
}

# check NAME GOT EXPECTED: both newline-separated, compared sorted.
check ()
{
  local name=$1 got expected
  got=$(printf '%s\n' "$2" | sed '/^$/d' | sort)
  expected=$(printf '%s\n' "$3" | sed '/^$/d' | sort)
  n=$((n + 1))
  if [[ $got == "$expected" ]]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    diff <(echo "$expected") <(echo "$got") | sed 's/^/# /'
    failed=$((failed + 1))
  fi
}

run () { LC_ALL=C "$cli" "$@" 2>&1; }

commands=$(run --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
ids=$(run list --ids)
params_of () { run list "$@" | sed -n 's/^    -p \([a-z_]*\)=.*/\1=/p'; }

[[ -n $commands && -n $ids ]] || { echo "Bail out! $cli does not list its commands and scenarios"; exit 1; }

check "commands, from --help" "$(complete_line "threadline-cli ")" "$commands
--help
--version"
check "a command's beginning" "$(complete_line "threadline-cli re")" "$(grep '^re' <<<"$commands")"

# Every command's options, as its --help lists them (a value-taking long
# option with its "=").
for command in $commands; do
  expected=$(run "$command" --help | awk '/^ +-/ {
      for (i = 1; i <= 2 && $i ~ /^-/; i++) { o = $i; sub(/,$/, "", o); sub(/=.*/, "=", o); print o } }')
  check "$command: options, from its --help" "$(complete_line "threadline-cli $command -")" "$expected"
done
check "an option's beginning" "$(complete_line "threadline-cli render --st")" "--style="

check "trace files to read" "$(complete_line "threadline-cli info ")" "a.tltrace
b.json
c.json.gz
sub"
check "both sides of convert" "$(complete_line "threadline-cli convert a.tltrace ")" "a.tltrace
b.json
c.json.gz
sub"
check "pictures to write, -o OUT" "$(complete_line "threadline-cli render a.tltrace -o ")" "picture.png
sub"
check "pictures to write, --output=OUT" "$(complete_line "threadline-cli render a.tltrace --output=")" "picture.png
sub"
check "the trace after render's options" "$(complete_line "threadline-cli render -o x.png --width 800 ")" "a.tltrace
b.json
c.json.gz
sub"
check "a recording to write" "$(complete_line "threadline-cli record race-counter -o ")" "a.tltrace
sub"
check "scenario files to list" "$(complete_line "threadline-cli list ")" "mine.scenario
sub"

styles=$(complete_line "threadline-cli render --style ")
check "styles, from render's --help" "$styles" \
      "$(run render --help | sed -n 's/^ *--style=[A-Z]* *//p' | grep -oE '[a-z][a-z-]*' | grep -vxE 'default|or')"
check "styles, from --style=" "$(complete_line "threadline-cli render --style=")" "$styles"
check "a style's beginning" "$(complete_line "threadline-cli render --style=h")" "high-contrast"
# Each style offered is one render accepts: with a valid style it goes on
# to read the (missing) trace, and fails there instead.
for style in $styles; do
  n=$((n + 1))
  if run render --style="$style" -o x.png missing.tltrace | grep -q "unknown style"; then
    echo "not ok $n - render refuses the style $style"
    failed=$((failed + 1))
  else
    echo "ok $n - render accepts the style $style"
  fi
done

check "scenario ids and files to record" "$(complete_line "threadline-cli record ")" "$ids
mine.scenario
sub"
check "a scenario id's beginning" "$(complete_line "threadline-cli record race")" "race-counter"
check "parameter names of a scenario" "$(complete_line "threadline-cli record race-counter -p ")" \
      "$(run list | awk '/^[^ ]/ { here = ($1 == "race-counter") } here' | sed -n 's/^    -p \([a-z_]*\)=.*/\1=/p')"
check "a parameter's beginning, -p" "$(complete_line "threadline-cli record race-counter -p wor")" "workers="
check "a parameter's beginning, --param=" "$(complete_line "threadline-cli record race-counter --param=wor")" "workers="
check "parameters after other options" "$(complete_line "threadline-cli record --tempo 2 -q race-counter -p rep")" "repeats="
check "a choice's values" "$(complete_line "threadline-cli record race-counter -p kind=")" "processes
threads"
check "a choice's value's beginning" "$(complete_line "threadline-cli record race-counter --param=kind=p")" "processes"
check "no values for a number" "$(complete_line "threadline-cli record race-counter -p workers=")" ""
check "parameters of a scenario file" "$(complete_line "threadline-cli record mine.scenario -p ")" \
      "$(params_of mine.scenario)"
check "no parameters before a scenario" "$(complete_line "threadline-cli record -p ")" ""

check "a trace for run to write" "$(complete_line "threadline-cli run -o ")" "a.tltrace
sub"
check "programs to run" "$(complete_line "threadline-cli run -q -- bas")" "$(compgen -c -- bas | sort -u)"
check "a program by its path" "$(complete_line "threadline-cli run -- sub/")" ""
check "the program's arguments: any file" "$(complete_line "threadline-cli run -- python3 ")" "a.tltrace
b.json
c.json.gz
mine.scenario
notes.txt
picture.png
sub"

echo "1..$n"
[[ $failed -eq 0 ]]
