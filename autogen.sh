#!/bin/sh
# autogen.sh: bootstrap the build system from a fresh checkout
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf -fi
