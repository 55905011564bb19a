/**
 * The circuit breaker's decisions as Lua scripts, one per store method, over one hash per key:
 * `s` state (C, O, H), `cf` consecutive failures, `ring` the outcomes of the last calls ("1" a failure) with `rn`
 * the next slot and `sf` the failures in it, `op` openings, `ou` open until, `pid`/`pl` the probe and its lease.
 * Every transition is published on a channel as `from|to|at|key`, in the order the scripts ran.
 *
 * @internal
 */
import { prelude } from "./common.lua.js"

/**
 * KEYS: hash. ARGV: now, probe id, probe lease ms, ttl ms, channel, key.
 * Returns {"Allow"} | {"Reject", "Open"|"HalfOpen", retryAfterMs} | {"AllowProbe", id, leaseUntil, "1" if O -> H}.
 *
 * @internal
 */
export const acquire = `${prelude}
local now = tonumber(ARGV[1])
local f = redis.call("HMGET", KEYS[1], "s", "ou", "pid", "pl")
local state = f[1] or "C"
if state == "C" then
  return {"Allow"}
end
local moved = "0"
if state == "O" then
  local openUntil = tonumber(f[2]) or 0
  if now < openUntil then
    return {"Reject", "Open", fmt(openUntil - now)}
  end
  moved = "1"
  redis.call("PUBLISH", ARGV[5], "O|H|" .. ARGV[1] .. "|" .. ARGV[6])
else
  local lease = tonumber(f[4])
  if f[3] and lease and lease > now then
    return {"Reject", "HalfOpen", fmt(lease - now)}
  end
end
local leaseUntil = now + tonumber(ARGV[3])
redis.call("HSET", KEYS[1], "s", "H", "pid", ARGV[2], "pl", fmt(leaseUntil))
redis.call("PEXPIRE", KEYS[1], ARGV[4])
return {"AllowProbe", ARGV[2], fmt(leaseUntil), moved}
`

/**
 * KEYS: hash. ARGV: now, outcome (S, F, I), probe id or "", consecutive failures, sample size, failure-rate
 * threshold, min throughput, open initial ms, open factor, open max ms, ttl ms, channel, key.
 * Returns {} or {from, to}.
 *
 * @internal
 */
export const record = `${prelude}
local now = tonumber(ARGV[1])
local outcome = ARGV[2]
local probe = ARGV[3]
local f = redis.call("HMGET", KEYS[1], "s", "cf", "ring", "rn", "sf", "op", "pid")
local state = f[1] or "C"
local cf = tonumber(f[2]) or 0
local ring = f[3] or ""
local rn = tonumber(f[4]) or 0
local sf = tonumber(f[5]) or 0
local openings = tonumber(f[6]) or 0

local function move(to)
  redis.call("PUBLISH", ARGV[12], state .. "|" .. to .. "|" .. ARGV[1] .. "|" .. ARGV[13])
  redis.call("PEXPIRE", KEYS[1], ARGV[11])
  return {state, to}
end

local function open()
  local duration = math.min(tonumber(ARGV[10]), tonumber(ARGV[8]) * tonumber(ARGV[9]) ^ openings)
  redis.call("HSET", KEYS[1], "s", "O", "ou", fmt(now + duration), "op", openings + 1, "cf", 0, "ring", "", "rn", 0, "sf", 0)
  redis.call("HDEL", KEYS[1], "pid", "pl")
  return move("O")
end

if probe ~= "" then
  if state ~= "H" or f[7] ~= probe then
    return {}
  end
  if outcome == "I" then
    redis.call("HDEL", KEYS[1], "pid", "pl")
    return {}
  end
  if outcome == "F" then
    return open()
  end
  redis.call("HSET", KEYS[1], "s", "C", "op", 0, "cf", 0, "ring", "", "rn", 0, "sf", 0)
  redis.call("HDEL", KEYS[1], "pid", "pl")
  return move("C")
end

-- Calls admitted while closed that finish after the breaker opened no longer say anything new.
if state ~= "C" or outcome == "I" then
  return {}
end
local failed = outcome == "F"
if failed then cf = cf + 1 else cf = 0 end
local size = tonumber(ARGV[5])
if size > 0 then
  if #ring > size then
    cf = 0
    ring = ""
    rn = 0
    sf = 0
  end
  local bit = failed and "1" or "0"
  if #ring < size then
    ring = ring .. bit
  else
    local i = rn + 1
    if string.sub(ring, i, i) == "1" then sf = sf - 1 end
    ring = string.sub(ring, 1, i - 1) .. bit .. string.sub(ring, i + 1)
    rn = (rn + 1) % size
  end
  if failed then sf = sf + 1 end
end
local calls = #ring
local limit = tonumber(ARGV[4])
if (limit > 0 and cf >= limit) or
  (size > 0 and calls > 0 and calls >= tonumber(ARGV[7]) and sf / calls >= tonumber(ARGV[6])) then
  return open()
end
redis.call("HSET", KEYS[1], "s", "C", "cf", cf, "ring", ring, "rn", rn, "sf", sf)
redis.call("PEXPIRE", KEYS[1], ARGV[11])
return {}
`
