#!/bin/sh
# Runs a test program under valgrind memcheck: any invalid access or leaked
# block fails the test. Without valgrind the test is skipped (exit 77).
# MEMCHECK_SUPP names an optional suppression file.
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed"; exit 77; }
supp=
[ -n "$MEMCHECK_SUPP" ] && supp="--suppressions=$MEMCHECK_SUPP"
exec valgrind $supp --quiet --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
  --track-origins=yes "$@"
