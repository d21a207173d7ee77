# lib.sh - shared by scripts/demo and scripts/test: install what is missing
# and build. Sourced, not run.

# Debian 12 packages quarry builds and tests with.
QR_PACKAGES="gcc g++ make cmake pkg-config libxapian-dev libstemmer-dev
libjansson-dev libutf8proc-dev libyaml-dev libmd4c-dev libxml2-dev check"

# Installs the Debian packages named in "$@" that are not installed yet.
qr_install_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
            grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "quarry: missing packages: ${missing[*]}" >&2
        echo "quarry: run as root, or: sudo apt-get install ${missing[*]}" >&2
        return 1
    fi
    echo "quarry: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Configures and builds into folder $1 with extra CMake arguments after it.
qr_build() {
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)" >/dev/null
}
