-- wrk script: POST the same body to every request, check every answer, and print one JSON
-- line at the end.
-- Env: BENCH_BODY (request body) or BENCH_BODY_FILE (read the body from a file, for binary
-- bodies), BENCH_AUTH (Authorization header), BENCH_CT (content type), BENCH_PATH (optional
-- path overriding the URL's), BENCH_EXPECT (the exact answer body every 2xx answer must
-- have) or BENCH_EXPECT_CONTAINS (a string every 2xx answer body must contain).
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

local expect = os.getenv("BENCH_EXPECT")
if expect == "" then expect = nil end
local contains = os.getenv("BENCH_EXPECT_CONTAINS")
if contains == "" then contains = nil end

-- Every answer is checked in the thread that read it: wrk's own summary.errors.status only
-- counts statuses >= 400, so 1xx/3xx answers and wrong bodies are counted here. This costs
-- wrk about 1 us of CPU per answer (measured: no change in the bare server's req/s, wrk has
-- CPU 0 to itself). The counters are per-thread globals, summed in done() via setup().
non2xx = 0
wrong = 0
checked = 0
sample = ""

response = function(status, headers, body)
  checked = checked + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if sample == "" then sample = tostring(status) .. " " .. string.sub(body or "", 1, 120) end
  elseif (expect ~= nil and body ~= expect) or (contains ~= nil and not string.find(body or "", contains, 1, true)) then
    wrong = wrong + 1
    if sample == "" then sample = tostring(status) .. " " .. string.sub(body or "", 1, 120) end
  end
end

local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end

local function quote(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

done = function(summary, latency, requests)
  local n2, bad, seen, first = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    bad = bad + (t:get("wrong") or 0)
    seen = seen + (t:get("checked") or 0)
    if first == "" then first = t:get("sample") or "" end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"checked":%d,"non2xx":%d,"wrong":%d,"sample":%s,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    seen, n2, bad, quote(first),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
