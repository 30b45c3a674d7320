# shellcheck shell=bash
# Bash completion for threadline-cli.
#
# Copyright 2026 The Threadline Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Commands and their options come from the program's own --help, scenario
# ids and parameters from "threadline-cli list": what is completed is what
# the version being run accepts.  Nothing from the bash-completion package
# is needed.

# The threadline-cli being completed, in the C locale: its help is parsed.
_threadline_cli_run ()
{
  LC_ALL=C "$_tl_program" "$@" 2>/dev/null
}

# Sets _tl_options (every option, long ones that take a value ending in
# "=") and _tl_valued (the options that take a value, short and long)
# from COMMAND --help.
_threadline_cli_read_options ()
{
  local first second
  _tl_options=() _tl_valued=()
  while read -r first second _; do
    if [[ $first == -?, ]]; then
      _tl_options+=("${first%,}")
      [[ $second == --*=* ]] && _tl_valued+=("${first%,}")
      first=$second
    fi
    case $first in
      --*=*) _tl_options+=("${first%%=*}=") _tl_valued+=("${first%%=*}") ;;
      --*) _tl_options+=("$first") ;;
      -?) _tl_options+=("$first") ;;
    esac
  done < <(_threadline_cli_run "$1" --help | sed -n '/^Help Options:/,$s/^  *\(-.*\)/\1/p')
}

_threadline_cli_is_valued ()
{
  local option
  for option in "${_tl_valued[@]}"; do
    [[ $1 == "$option" ]] && return 0
  done
  return 1
}

# "NAME=DEFAULT TYPE RANGE DESCRIPTION", one line per parameter of a
# scenario (an id, or a .scenario file).
_threadline_cli_params ()
{
  if [[ $1 == *.scenario && -f $1 ]]; then
    _threadline_cli_run list -- "$1" | sed -n 's/^    -p //p'
  else
    _threadline_cli_run list |
      awk -v id="$1" '/^[^ ]/ { here = ($1 == id) } here && /^    -p / { sub(/^    -p /, ""); print }'
  fi
}

# Adds the lines it reads to COMPREPLY.  The helpers below run in this
# shell, not in a subshell, so that their compopt calls count.
_threadline_cli_add ()
{
  mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY
}

# Files ending in one of the extensions given, and directories.
_threadline_cli_files ()
{
  local ext
  compopt -o filenames 2>/dev/null
  for ext in "$@"; do
    _threadline_cli_add < <(compgen -f -X "!*$ext" -- "$_tl_value")
  done
  _threadline_cli_add < <(compgen -d -- "$_tl_value")
}

# Any file or directory: a program to run and its arguments.
_threadline_cli_any_file ()
{
  compopt -o filenames 2>/dev/null
  _threadline_cli_add < <(compgen -f -- "$_tl_value")
}

# -p NAME=VALUE (TEXT is what is typed of it): the names of the scenario's
# parameters, then the values of a choice or a bool.
_threadline_cli_complete_param ()
{
  local scenario=$1 text=$2 type range
  [[ -n $scenario ]] || return 0
  if [[ $text != *=* ]]; then
    compopt -o nospace 2>/dev/null
    _threadline_cli_add < <(compgen -W "$(_threadline_cli_params "$scenario" | sed 's/=.*/=/')" \
                                    -- "$text")
    return 0
  fi
  read -r _ type range _ < <(_threadline_cli_params "$scenario" |
                               awk -v name="${text%%=*}=" 'index($0, name) == 1')
  case $type in
    choice) _threadline_cli_add < <(compgen -W "${range//|/ }" -- "$_tl_value") ;;
    bool) _threadline_cli_add < <(compgen -W "true false" -- "$_tl_value") ;;
  esac
}

# The value of OPTION, of which TEXT is typed.
_threadline_cli_complete_value ()
{
  local command=$1 option=$2 text=$3 scenario=$4
  case $command:$option in
    render:-o|render:--output) _threadline_cli_files .png .svg .pdf ;;
    record:-o|record:--output|run:-o|run:--output) _threadline_cli_files .tltrace ;;
    render:--style)
      _threadline_cli_add < <(compgen -W "light dark high-contrast presentation" -- "$_tl_value") ;;
    record:-p|record:--param) _threadline_cli_complete_param "$scenario" "$text" ;;
  esac
}

_threadline_cli_complete_argument ()
{
  local command=$1 position=$2
  case $command:$position in
    info:1|render:1|convert:[12]) _threadline_cli_files .tltrace .json .json.gz ;;
    list:*) _threadline_cli_files .scenario ;;
    record:1)
      _threadline_cli_add < <(compgen -W "$(_threadline_cli_run list --ids)" -- "$_tl_value")
      _threadline_cli_files .scenario ;;
    run:1)
      if [[ $_tl_value == */* ]]; then
        _threadline_cli_any_file
      else
        _threadline_cli_add < <(compgen -c -- "$_tl_value" | sort -u)
      fi ;;
    run:*) _threadline_cli_any_file ;;
  esac
}

# Bash splits words at "=" ("--output", "=", "a.png"): joins them back, so
# that each word is one argument.  Sets _tl_words, _tl_cur and _tl_value
# (what follows the last "=" in _tl_cur: the part readline replaces).
_threadline_cli_join_words ()
{
  local i word glue=0
  _tl_words=()
  for ((i = 0; i <= COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == = && ${#_tl_words[@]} -gt 0 ]]; then
      _tl_words[-1]+=$word
      glue=1
    elif [[ $glue -eq 1 && -n $word ]]; then
      _tl_words[-1]+=$word
      glue=0
    else
      _tl_words+=("$word")
      glue=0
    fi
  done
  _tl_cur=${_tl_words[-1]}
  _tl_value=${_tl_cur##*=}
}

_threadline_cli ()
{
  local _tl_program=$1 _tl_cur _tl_value
  local -a _tl_words _tl_options _tl_valued
  local i word command="" scenario="" position=0 last

  COMPREPLY=()
  _threadline_cli_join_words
  last=$((${#_tl_words[@]} - 1))

  for ((i = 1; i < last; i++)); do
    if [[ ${_tl_words[i]} != -* ]]; then
      command=${_tl_words[i]}
      break
    fi
  done
  if [[ -z $command ]]; then
    _threadline_cli_add < <(compgen -W "$(_threadline_cli_run --help |
                                            sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
                                         --help --version" -- "$_tl_cur")
    return 0
  fi
  _threadline_cli_read_options "$command"

  # The arguments before this one: which positional this is, and the
  # scenario record runs.
  for ((i += 1; i < last; i++)); do
    word=${_tl_words[i]}
    if [[ $word == -* ]]; then
      _threadline_cli_is_valued "$word" && ((i++))
      continue
    fi
    position=$((position + 1))
    [[ $position -eq 1 ]] && scenario=$word
  done

  if [[ $_tl_cur == --*=* ]]; then
    _threadline_cli_complete_value "$command" "${_tl_cur%%=*}" "${_tl_cur#*=}" "$scenario"
  elif _threadline_cli_is_valued "${_tl_words[last - 1]}"; then
    _threadline_cli_complete_value "$command" "${_tl_words[last - 1]}" "$_tl_cur" "$scenario"
  elif [[ $_tl_cur == -* ]]; then
    _threadline_cli_add < <(compgen -W "${_tl_options[*]}" -- "$_tl_cur")
    # An option that takes a value is completed with its "=": no space.
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
  else
    _threadline_cli_complete_argument "$command" $((position + 1))
  fi
  return 0
}

complete -F _threadline_cli threadline-cli
