/**
 * The replay claim as a Lua script: `SET NX PX` first; when a claim stands, the expiry stored in it is compared
 * with the caller's `Clock`, so a claim ends when Effect's clock says so (`TestClock` included), while Redis's own
 * time to live removes the key.
 *
 * @internal
 */

/**
 * KEYS: claim. ARGV: now, ttl ms (integer, at least 1), expiry (now + ttl). Returns 1 for a new claim, 0 otherwise.
 *
 * @internal
 */
export const claim = `
if redis.call("SET", KEYS[1], ARGV[3], "NX", "PX", ARGV[2]) then
  return 1
end
local expiry = tonumber(redis.call("GET", KEYS[1]))
if expiry and expiry > tonumber(ARGV[1]) then
  return 0
end
redis.call("SET", KEYS[1], ARGV[3], "PX", ARGV[2])
return 1
`
