-- wrk script: POST the same body to every request and print one JSON line at the end.
-- Env: BENCH_BODY (request body) or BENCH_BODY_FILE (read the body from a file, for binary
-- bodies), BENCH_AUTH (Authorization header), BENCH_CT (content type), BENCH_PATH (optional
-- path overriding the URL's).
wrk.method = "POST"
local file = os.getenv("BENCH_BODY_FILE")
if file ~= nil and file ~= "" then
  local f = assert(io.open(file, "rb"))
  wrk.body = f:read("*a")
  f:close()
else
  wrk.body = os.getenv("BENCH_BODY") or "2 105"
end
wrk.headers["Content-Type"] = os.getenv("BENCH_CT") or "application/octet-stream"
local auth = os.getenv("BENCH_AUTH")
if auth ~= nil and auth ~= "" then wrk.headers["Authorization"] = auth end
local path = os.getenv("BENCH_PATH")
if path ~= nil and path ~= "" then wrk.path = path end

-- No response() callback: defining one makes wrk run Lua per answer and slows it down.
-- Non-2xx answers are counted by wrk itself (summary.errors.status).

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
