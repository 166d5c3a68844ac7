# Sourced by the set-up scripts: `install_debs WHO PACKAGE...` installs the
# Debian packages that are missing, quietly, and does nothing when all are there.
install_debs() {
  local who="$1"; shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  (( ${#missing[@]} )) || return 0
  local sudo_cmd=()
  [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null && sudo_cmd=(sudo)
  echo "$who: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
