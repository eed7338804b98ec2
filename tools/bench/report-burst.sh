#!/bin/bash
# Twelve simultaneous report requests against a fresh server on the bundled data (in a scratch folder of its own);
# prints "status seconds-since-the-burst-began" per answer.
# usage: tools/bench/report-burst.sh target/observatory.jar [port]
set -u
JAR=${1:?usage: report-burst.sh <jar> [port]}; PORT=${2:-18082}
DATA=$(mktemp -d)
java -jar "$JAR" serve --port "$PORT" --data "$DATA" > "$DATA.log" 2>&1 &
PID=$!
for i in $(seq 1 180); do curl -s "localhost:$PORT/health" >/dev/null && break; sleep 1; done
curl -s -o /dev/null "localhost:$PORT/api/analysis/report?lang=en&format=html"   # one report first (JIT, fonts)
start=$(date +%s.%N)
pids=""
for i in $(seq 1 12); do
  ( code=$(curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/api/analysis/report?lang=zh&format=html"); e=$(date +%s.%N); echo "$code $(echo "$e - $start" | bc)" ) &
  pids="$pids $!"
done
wait $pids
kill $PID; wait $PID 2>/dev/null
rm -rf "$DATA" "$DATA.log"
