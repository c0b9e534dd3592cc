# chiso.bash - bash completion for the chiso command (docs/cli.md, "Completion").
#
# Completes chiso's options and commands, script names after `chiso run`, and
# after a script's name its options and their values. Names and options come
# from chiso itself (`chiso list --names`, `chiso list --options NAME`), which
# reads the scripts' header comments and never runs a script, so a user's own
# scripts complete too. Needs nothing from the bash-completion package.
# `make install` puts it in PREFIX/share/bash-completion/completions/chiso.

# chiso's options, as docs/cli.md lists them (tests/lua/test_manual.lua compares).
_chiso_options='-e -l -i -E -W - -- --sandbox --trust --allow-read --max-memory --timeout
  --max-output --max-depth --require-isolation -v --version -h --help'
# Those that may follow `run` (before its NAME), and those that take a value.
_chiso_run_options='-- --sandbox --trust --allow-read --max-memory --timeout --max-output
  --max-depth --require-isolation'
_chiso_valued=' -e -l --allow-read --max-memory --timeout --max-output --max-depth '

# Adds to COMPREPLY the words of $1 that begin with $2, each after the prefix $3.
_chiso_words() {
  local w
  while IFS= read -r w; do
    [[ -n $w ]] && COMPREPLY+=("${3-}$w")
  done < <(compgen -W "$1" -- "$2")
}

# Adds file names (-f) or folder names (-d, $1) beginning with $2 to COMPREPLY.
_chiso_files() {
  local w
  compopt -o filenames 2>/dev/null
  while IFS= read -r w; do
    [[ -n $w ]] && COMPREPLY+=("$w")
  done < <(compgen "$1" -- "$2")
}

# The value of option $1 beginning with $2 (after the prefix $3, for --opt=value):
# chiso's own option, or one of the script's from its "name<tab>placeholder<tab>values" lines $4.
_chiso_value() {
  local option=$1 cur=$2 prefix=$3 lines=$4 name placeholder values
  if [[ -z $lines ]]; then
    [[ $option == --allow-read ]] && _chiso_files -d "$cur"
    return
  fi
  while IFS=$'\t' read -r name placeholder values; do
    [[ $name == "$option" ]] || continue
    if [[ -n $values ]]; then
      _chiso_words "$values" "$cur" "$prefix"
    elif [[ $placeholder == FILE ]]; then
      _chiso_files -f "$cur"
    elif [[ $placeholder == DIR || $placeholder == FOLDER ]]; then
      _chiso_files -d "$cur"
    fi
  done <<<"$lines"
}

# Whether option $1 of the script (its lines $2) takes a value.
_chiso_takes_value() {
  local name placeholder values
  while IFS=$'\t' read -r name placeholder values; do
    [[ $name == "$1" && -n $placeholder$values ]] && return 0
  done <<<"$2"
  return 1
}

_chiso() {
  COMPREPLY=()
  local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
  [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
  # Where the words before the cursor leave us: before any command or script
  # (chiso), after `run`, after a script's name (script), after list or trust.
  local phase=chiso script="" lines="" option="" lua_options=0 ended=0 i=1 w value
  while ((i < COMP_CWORD)); do
    w=${COMP_WORDS[i]}
    if [[ $phase == chiso || $phase == run ]] && ((!ended)) && [[ $w == -?* ]]; then
      if [[ $w == -- ]]; then
        ended=1
      elif [[ $_chiso_valued == *" $w "* ]]; then
        [[ $w == -e || $w == -l ]] && lua_options=1
        value=$((i + 1))
        [[ ${COMP_WORDS[value]-} == = ]] && value=$((i + 2))
        if ((value >= COMP_CWORD)); then
          option=$w
          break
        fi
        i=$value
      elif [[ $w == -i || $w == -e* || $w == -l* ]]; then
        lua_options=1
      fi
    elif [[ $phase == chiso || $phase == run ]]; then
      if [[ $phase == chiso ]] && ((!ended && !lua_options)) && [[ $w == run || $w == list || $w == trust ]]; then
        phase=$w
      else
        script=$w
        phase=script
        [[ $script == "~/"* ]] && script=$HOME/${script#"~/"}
        [[ $script != - ]] && lines=$("$prog" list --options "$script" 2>/dev/null)
      fi
    elif [[ $phase == script && $w == --?* ]] && _chiso_takes_value "$w" "$lines"; then
      value=$((i + 1))
      [[ ${COMP_WORDS[value]-} == = ]] && value=$((i + 2))
      if ((value >= COMP_CWORD)); then
        option=$w
        break
      fi
      i=$value
    fi
    ((i++))
  done
  [[ $cur == = ]] && cur=""

  if [[ -n $option ]]; then
    _chiso_value "$option" "$cur" "" "$([[ $phase == script ]] && printf '%s' "$lines")"
  elif [[ $cur == --*=* && ($phase == chiso || $phase == run || $phase == script) ]]; then
    _chiso_value "${cur%%=*}" "${cur#*=}" "${cur%%=*}=" "$([[ $phase == script ]] && printf '%s' "$lines")"
  elif [[ $phase == chiso ]]; then
    if [[ $cur == -* ]] && ((!ended)); then
      _chiso_words "$_chiso_options" "$cur"
    else
      ((ended || lua_options)) || _chiso_words "run list trust" "$cur"
      _chiso_files -f "$cur"
    fi
  elif [[ $phase == run ]]; then
    if [[ $cur == -* ]] && ((!ended)); then
      _chiso_words "$_chiso_run_options" "$cur"
    elif [[ $cur == */* ]]; then
      _chiso_files -f "$cur"
    else
      _chiso_words "$("$prog" list --names 2>/dev/null)" "$cur"
      local f
      while IFS= read -r f; do
        [[ -n $f ]] && COMPREPLY+=("$f")
      done < <(compgen -f -X '!*.lua' -- "$cur")
    fi
  elif [[ $phase == script ]]; then
    if [[ $cur == -* ]]; then
      _chiso_words "$(cut -f1 <<<"$lines")" "$cur"
    else
      _chiso_files -f "$cur"
    fi
  elif [[ $phase == list ]]; then
    if [[ ${COMP_WORDS[COMP_CWORD - 1]} == list ]]; then
      _chiso_words "--names --options" "$cur"
    elif [[ ${COMP_WORDS[COMP_CWORD - 1]} == --options ]]; then
      _chiso_words "$("$prog" list --names 2>/dev/null)" "$cur"
    fi
  elif [[ $phase == trust ]]; then
    local first=${COMP_WORDS[COMP_CWORD - 1]}
    if [[ $first == trust && $cur == -* ]]; then
      _chiso_words "--write --list --revoke --help" "$cur"
    elif [[ $first == --revoke ]]; then
      _chiso_words "$("$prog" trust --list 2>/dev/null | cut -d' ' -f2-)" "$cur"
    elif [[ $first == trust || $first == --write ]]; then
      _chiso_files -d "$cur"
    fi
  fi
}

complete -F _chiso chiso
