-- wrk script for the intake scenario: every request signs with an address never used before.
-- Arguments (after --): a tag unique to the run. CAMPAIGN_PAUSE_MS in the environment paces each
-- connection (that many ms between its requests), for a steady rate instead of as fast as possible.
-- Prints "accepted N" (202 answers) and "refused N" (any other status) when done.

local pause = tonumber(os.getenv("CAMPAIGN_PAUSE_MS") or "")
local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  tag = (args[1] or "run") .. "-" .. number
  signed = 0
  accepted = 0
  refused = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  signed = signed + 1
  local body = string.format(
    '{"name":"Load Test","email":"%s-%d@load.example","country":"KR","consent":true}', tag, signed)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else refused = refused + 1 end
end

if pause then
  function delay() return pause end
end

function done(summary, latency, requests)
  local a, r = 0, 0
  for _, thread in ipairs(threads) do
    a = a + thread:get("accepted")
    r = r + thread:get("refused")
  end
  io.write(string.format("accepted %d\nrefused %d\n", a, r))
end
