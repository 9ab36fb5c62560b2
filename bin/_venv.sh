# Sourced by bin/run, bin/test and bin/serve: make .venv and install the project with the given
# extras. Each extra is stamped on its own (.venv/.installed-<pyproject hash>-<extra>), so
# switching between the commands installs nothing once every extra they need is in; a changed
# pyproject.toml makes every stamp stale.
ensure_venv() {
  local extras="$1"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
    exit 2
  fi
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  local hash
  hash="$(sha256sum pyproject.toml | cut -c1-16)"
  local extra missing=""
  for extra in ${extras//,/ }; do
    [ -f ".venv/.installed-$hash-$extra" ] || missing="$missing $extra"
  done
  if [ -n "$missing" ]; then
    echo "Installing Python packages into .venv (extras:$missing) ..."
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[$extras]"
    find .venv -maxdepth 1 -name '.installed-*' ! -name ".installed-$hash-*" -delete
    for extra in ${extras//,/ }; do
      touch ".venv/.installed-$hash-$extra"
    done
  fi
}
