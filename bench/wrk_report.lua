-- wrk script for bench/run.py: prints the run's figures as one JSON line, and with a path
-- template (first argument, "{q}" marking the query) sends a distinct query on every request.
local words = {
   "territoire", "climat", "mobilite", "transition", "ecologique", "numerique", "eau", "energie",
   "jeunesse", "sante", "culture", "lecture", "bibliotheque", "patrimoine", "tourisme", "habitat",
   "logement", "urbanisme", "ruralite", "solidarite", "insertion", "emploi", "economie", "agriculture",
   "alimentation", "dechets", "biodiversite", "risques", "inondation", "transport", "velo", "voirie",
   "education", "college", "lycee", "sport", "participation", "citoyennete", "management", "finances",
}
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

function init(args)
   template = args[1]
   salt = tonumber(args[2] or "0")
   counter = 0
end

local function query(n)
   local base = #words
   local parts = {}
   repeat
      table.insert(parts, words[(n % base) + 1])
      n = math.floor(n / base)
   until n == 0 and #parts >= 2
   return table.concat(parts, "+")
end

function request()
   if template == nil then
      return wrk.request()
   end
   counter = counter + 1
   -- Distinct across threads (tid < 16) and across runs (salt).
   local n = salt + counter * 16 + tid
   local path = string.gsub(template, "{q}", query(n))
   return wrk.format("GET", path)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, ' ..
      '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
