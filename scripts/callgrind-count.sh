# Sourced by the benchmark scripts: instructions per request of one
# count_instructions run under callgrind (only measured_pass counted).
#
#   instructions_per_request PROFILE REQUESTS COMMAND...
#
# keeps the profile in PROFILE (read it with callgrind_annotate) and
# callgrind's log beside it in PROFILE.log, and prints the count.
instructions_per_request() {
  local profile=$1 requests=$2
  shift 2
  valgrind --tool=callgrind --callgrind-out-file="$profile" '--toggle-collect=*measured_pass*' "$@" 2>"$profile.log"
  local collected
  collected=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$profile.log")
  echo $((collected / requests))
}
