-- wrk script: optional round-robin over paths read from a file, and a JSON summary line.
local paths = {}
local next_path = 0

function init(args)
  if args[1] then
    for line in io.lines(args[1]) do
      paths[#paths + 1] = line
    end
  end
end

function request()
  if #paths == 0 then
    return wrk.request()
  end
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "transferred": %d, "errors": %d, "non_2xx_3xx": %d, '
      .. '"timeouts": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max))
end
