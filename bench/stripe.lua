-- wrk script for the hookgate load benchmark (driven by bench/run).
--
-- Environment:
--   BENCH_EVENTS_DIR  where bench/make-events.py wrote events.{valid,bad}.<thread>.tsv
--   BENCH_RESPONSES   file prefix: thread k appends "status id duplicate" lines to <prefix>.<k>
--   BENCH_PATH        if set, every request goes to this path (the nginx baseline: /loyalty);
--                     otherwise to /webhooks/<tenant>/stripe
--   BENCH_DUP_RATE    share of requests that resend an event this thread already sent (0.10)
--   BENCH_BAD_RATE    share of requests with a bad signature (0.01)
--   BENCH_THREADS     wrk's -t (default 1), and
--   BENCH_BARRIER     a named pipe (mkfifo) for the start barrier below; no barrier if unset
--
-- Start barrier: wrk runs init() for thread k and starts thread k before it runs init() for
-- thread k+1, and starts its clock only after the last thread started. Loading the events
-- takes seconds, so without a barrier thread 0 would send for seconds before the clock starts
-- and inflate req/s. The first request() of every thread opens the pipe for reading, which
-- blocks until a writer has it open; the last thread's init() opens it for writing and keeps
-- it open. The request's start time is taken after request() returns, so latency is not
-- affected. Thread 0's very first request() is wrk's own check of the script, made from the
-- main thread before any thread starts (script_verify_request): it must not wait, or wrk
-- would deadlock; that request is parsed, never sent.
-- Every thread's init() ends by creating <BENCH_RESPONSES>.ready.<k>, which bench/run waits
-- for to start its CPU accounting.
--
-- Each thread loads its own event file at init and pre-formats every request, so request()
-- only picks a string: the load generator spends its CPU on sockets, not on formatting.
-- Fresh events are sent in order; when a thread runs out of them it starts over (those
-- resends then come back as duplicates) and writes a "# wrapped" line to its response file.

local thread_count = 0

function setup(thread)
   thread:set("tid", thread_count)
   thread_count = thread_count + 1
end

local valid, bad = {}, {}
local nvalid, nbad = 0, 0
local cursor, sent, badcursor = 0, 0, 0
local wrapped = false
local dup_rate, bad_rate = 0.10, 0.01
local out
local barrier, released = nil, true
local verified = false
local my_tid = 0
barrier_writer = nil  -- global: the last thread keeps the pipe open for the whole run

local function load(file, into)
   local n = 0
   local fixed_path = os.getenv("BENCH_PATH")
   for line in io.lines(file) do
      local tenant, signature, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
      if tenant then
         local path = fixed_path
         if path == nil or path == "" then path = "/webhooks/" .. tenant .. "/stripe" end
         n = n + 1
         into[n] = wrk.format("POST", path, {
            ["Host"] = wrk.host .. ":" .. wrk.port,
            ["Content-Type"] = "application/json; charset=utf-8",
            ["User-Agent"] = "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            ["Stripe-Signature"] = signature,
         }, body)
      end
   end
   return n
end

function init(args)
   -- BENCH_THREAD_BASE: the first event file of this wrk, when several wrk processes share
   -- one set of files (bench/scale runs one per gateway instance).
   local tid = (tonumber(tid) or 0) + (tonumber(os.getenv("BENCH_THREAD_BASE") or "") or 0)
   my_tid = tid
   local started = os.clock()
   local dir = assert(os.getenv("BENCH_EVENTS_DIR"), "BENCH_EVENTS_DIR is not set")
   dup_rate = tonumber(os.getenv("BENCH_DUP_RATE") or "") or dup_rate
   bad_rate = tonumber(os.getenv("BENCH_BAD_RATE") or "") or bad_rate
   nvalid = load(dir .. "/events.valid." .. tid .. ".tsv", valid)
   nbad = load(dir .. "/events.bad." .. tid .. ".tsv", bad)
   assert(nvalid > 0, "no valid events for thread " .. tid)
   local prefix = assert(os.getenv("BENCH_RESPONSES"), "BENCH_RESPONSES is not set")
   out = assert(io.open(prefix .. "." .. tid, "w"))
   out:setvbuf("full", 65536)
   local threads = tonumber(os.getenv("BENCH_THREADS") or "") or 1
   barrier = os.getenv("BENCH_BARRIER")
   if barrier == "" then barrier = nil end
   if barrier and threads > 1 then
      released = false
      if tid == threads - 1 then
         -- Blocks until thread 0 (already running) reaches its first request().
         barrier_writer = assert(io.open(barrier, "w"))
      end
   end
   math.randomseed(1000 + tid)
   io.stderr:write(string.format("stripe.lua: thread %d loaded %d valid + %d bad events (process CPU clock +%.2f s)\n",
      tid, nvalid, nbad, os.clock() - started))
   assert(io.open(prefix .. ".ready." .. tid, "w")):close()
end

function request()
   if not released then
      if my_tid == 0 and not verified then
         verified = true  -- wrk's check of the script, from the main thread: must not wait
      else
         local pipe = io.open(barrier, "r")  -- returns once the last thread has loaded
         if pipe then pipe:close() end
         released = true
      end
   end
   local r = math.random()
   if r < bad_rate and nbad > 0 then
      badcursor = badcursor % nbad + 1
      return bad[badcursor]
   end
   if r < bad_rate + dup_rate and sent > 0 then
      return valid[math.random(sent)]
   end
   if cursor == nvalid and not wrapped then
      wrapped = true
      out:write("# wrapped\n")
   end
   cursor = cursor % nvalid + 1
   if cursor > sent then sent = cursor end
   return valid[cursor]
end

function response(status, headers, body)
   local id, duplicate = "-", "-"
   if body then
      id = body:match('"id"%s*:%s*"([^"]*)"') or "-"
      duplicate = body:match('"duplicate"%s*:%s*(%a+)') or "-"
   end
   out:write(status, " ", id, " ", duplicate, "\n")
end

-- Runs in wrk's main Lua state after the threads stopped: machine-readable figures for bench/run.
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
   io.write(string.format(
      "BENCH latency_us p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f stdev=%.1f\n",
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean, latency.stdev))
end
