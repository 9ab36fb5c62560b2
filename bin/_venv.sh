# Sourced by bin/run, bin/test, bin/serve and bin/check-newcomer: make a virtualenv and install
# the project's dependencies with the given extras. The project itself runs from this checkout
# (every command starts in its root), so it is not built or installed.
#
# The extras each command installs are named here, once: the newcomer check (bin/check-newcomer,
# run by .ci/run) installs exactly RUN_EXTRAS into a throwaway virtualenv, so a runtime package
# that only another extra brings in fails CI.
RUN_EXTRAS="postgres,redis,sso"
SERVE_EXTRAS="$RUN_EXTRAS,prod"
TEST_EXTRAS="test,$SERVE_EXTRAS"

# Where the virtualenv is: .venv, or VENV when set (the newcomer check's throwaway one).
VENV_DIR="${VENV:-.venv}"

# ensure_venv EXTRAS: install into VENV_DIR. Each extra is stamped on its own
# (VENV_DIR/.installed-<pyproject hash>-<extra>), so switching between the commands installs
# nothing once every extra they need is in; a changed pyproject.toml makes every stamp stale.
ensure_venv() {
  local extras="$1"
  local venv="$VENV_DIR"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
    exit 2
  fi
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  local hash
  hash="$(sha256sum pyproject.toml | cut -c1-16)"
  local extra missing=""
  for extra in ${extras//,/ }; do
    [ -f "$venv/.installed-$hash-$extra" ] || missing="$missing $extra"
  done
  if [ -n "$missing" ]; then
    echo "Installing Python packages into $venv (extras:$missing) ..."
    local requirements
    requirements="$("$venv/bin/python" bin/_requirements.py "$extras")" || exit 2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    printf '%s\n' "$requirements" | "$venv/bin/python" -m pip install --quiet \
      --disable-pip-version-check -r /dev/stdin
    find "$venv" -maxdepth 1 -name '.installed-*' ! -name ".installed-$hash-*" -delete
    for extra in ${extras//,/ }; do
      touch "$venv/.installed-$hash-$extra"
    done
  fi
}
