/**
 * The rate limiter's decisions as Lua scripts, over a sorted set of booked slots per key (score: the slot's time,
 * member: `<id>:<cost>`, `<id>:0` once cancelled, so a cancelled slot keeps its place but no longer counts) and a
 * hash for what the server asked: `pu` paused until, `pi`/`pt` pace interval and until, `la` the latest slot handed
 * out, `w` the window (for the time to live).
 *
 * @internal
 */
import { prelude } from "./common.lua.js"

const costOf = `
local function costOf(member)
  return tonumber(string.match(member, ":([^:]*)$")) or 0
end
`

/**
 * KEYS: slots, meta. ARGV: now, cost, limit, window ms, max wait ms (-1 unbounded), id, slack ms, burst.
 * Returns {"Granted", id, at} | {"Denied", retryAfterMs, "1" if paused}.
 *
 * @internal
 */
export const reserve = `${prelude}${costOf}
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local maxWait = tonumber(ARGV[5])
local burst = tonumber(ARGV[8])
local burstSpan = burst * window / limit
-- A slot at t counts in every window (x - window, x] that contains it, so it stops counting at t + window.
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", fmt(now - window))
local m = redis.call("HMGET", KEYS[2], "pu", "pi", "pt", "la")
local pausedUntil = tonumber(m[1]) or 0
local paceInterval = tonumber(m[2]) or 0
local paceUntil = tonumber(m[3]) or 0
local lastAt = tonumber(m[4])
local from = math.max(now, pausedUntil)
local newest = redis.call("ZREVRANGE", KEYS[1], 0, 0, "WITHSCORES")
if newest[2] then from = math.max(from, tonumber(newest[2])) end
-- The pace spreads what is left of the server's quota up to its reset; the reset itself refills the quota.
if now < paceUntil and lastAt then
  from = math.max(from, math.min(lastAt + paceInterval, paceUntil))
end
-- Walking back from the newest slot, the first one that no longer fits a window (or a burst span) must have aged out
-- of it first.
local at = from
local used = 0
local start = 0
local found = false
while not found do
  local batch = redis.call("ZREVRANGE", KEYS[1], start, start + 127, "WITHSCORES")
  if #batch == 0 then break end
  for i = 1, #batch, 2 do
    local before = used
    used = used + costOf(batch[i])
    if before + cost <= burst and used + cost > burst then
      at = math.max(at, tonumber(batch[i + 1]) + burstSpan)
    end
    if used + cost > limit then
      at = math.max(at, tonumber(batch[i + 1]) + window)
      found = true
      break
    end
  end
  start = start + 128
end
if maxWait >= 0 and at - now > maxWait then
  local paused = "0"
  if pausedUntil > now then paused = "1" end
  return {"Denied", fmt(at - now), paused}
end
local member = ARGV[6] .. ":" .. ARGV[2]
redis.call("ZADD", KEYS[1], fmt(at), member)
redis.call("HSET", KEYS[2], "la", fmt(at), "w", ARGV[4])
expireAtLeast(math.max(at, pausedUntil, paceUntil) - now + window + tonumber(ARGV[7]))
return {"Granted", member, fmt(at)}
`

/**
 * KEYS: slots. ARGV: member, its cancelled name. Returns 1 when the slot was still booked.
 *
 * @internal
 */
export const cancel = `
local score = redis.call("ZSCORE", KEYS[1], ARGV[1])
if not score then return 0 end
redis.call("ZREM", KEYS[1], ARGV[1])
redis.call("ZADD", KEYS[1], score, ARGV[2])
return 1
`

/**
 * KEYS: slots, meta. ARGV: now, pause until or "", pace interval or "", pace until or "", slack ms.
 * Returns 1 when the pause was extended.
 *
 * @internal
 */
export const adjust = `${prelude}
local now = tonumber(ARGV[1])
if ARGV[3] ~= "" and ARGV[4] ~= "" then
  redis.call("HSET", KEYS[2], "pi", ARGV[3], "pt", ARGV[4])
end
local m = redis.call("HMGET", KEYS[2], "pu", "la", "w", "pt")
local pausedUntil = tonumber(m[1]) or 0
local pause = tonumber(ARGV[2])
local extended = 0
if pause and pause > pausedUntil then
  pausedUntil = pause
  redis.call("HSET", KEYS[2], "pu", ARGV[2])
  -- Slots booked for later were promised under the old view; their holders book again after the pause.
  redis.call("ZREMRANGEBYSCORE", KEYS[1], "(" .. fmt(now), "+inf")
  local newest = redis.call("ZREVRANGE", KEYS[1], 0, 0, "WITHSCORES")
  if newest[2] then
    redis.call("HSET", KEYS[2], "la", newest[2])
  else
    local lastAt = tonumber(m[2])
    if lastAt and lastAt > now then redis.call("HSET", KEYS[2], "la", fmt(now)) end
  end
  extended = 1
end
expireAtLeast(math.max(pausedUntil, tonumber(m[4]) or 0, now) - now + (tonumber(m[3]) or 0) + tonumber(ARGV[5]))
return extended
`

/**
 * KEYS: slots, meta. ARGV: now, window ms. Returns {used, waiting, paused until, pace interval, pace until}.
 *
 * @internal
 */
export const status = `${prelude}${costOf}
local now = tonumber(ARGV[1])
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", fmt(now - tonumber(ARGV[2])))
local slots = redis.call("ZRANGE", KEYS[1], 0, -1, "WITHSCORES")
local used = 0
local waiting = 0
for i = 1, #slots, 2 do
  local cost = costOf(slots[i])
  if cost > 0 then
    if tonumber(slots[i + 1]) <= now then used = used + cost else waiting = waiting + 1 end
  end
end
local m = redis.call("HMGET", KEYS[2], "pu", "pi", "pt")
return {fmt(used), tostring(waiting), m[1] or "", m[2] or "", m[3] or ""}
`
