/**
 * Lua helpers shared by the scripts, prepended to each: numbers go to and from Redis as `%.17g` strings so
 * fractional milliseconds (a pace of 1000/3 ms) survive the round trip exactly.
 *
 * @internal
 */

/** @internal */
export const prelude = `
local function fmt(x)
  return string.format("%.17g", x)
end

-- Extends (never shortens) the time to live of every key of the script that exists.
local function expireAtLeast(ttl)
  ttl = math.ceil(ttl)
  if ttl < 1 then ttl = 1 end
  for _, key in ipairs(KEYS) do
    local current = redis.call("PTTL", key)
    if current ~= -2 and current < ttl then
      redis.call("PEXPIRE", key, fmt(ttl))
    end
  end
end
`
