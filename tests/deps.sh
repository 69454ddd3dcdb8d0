#!/usr/bin/env bash
# deps.sh - make sure the programs the tests drive are installed.
# On Debian/Ubuntu as root it installs what is missing with apt-get;
# anywhere else it prints the exact command to run and fails.
set -u
need=()
command -v bats >/dev/null 2>&1 || need+=(bats)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
command -v nc >/dev/null 2>&1 || need+=(netcat-openbsd)
command -v strace >/dev/null 2>&1 || need+=(strace)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing ${need[*]} with apt-get" >&2
    apt-get update -qq >/dev/null 2>&1
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; then
        exit 0
    fi
fi
echo "deps: the tests need ${need[*]}; install them with:" >&2
echo "    sudo apt-get install -y ${need[*]}" >&2
exit 1
