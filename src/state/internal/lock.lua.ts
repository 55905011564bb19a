/**
 * A lease lock's release and extension: each acts only while the lock still holds the caller's token, so a holder
 * whose lease ran out can never free or extend a lock someone else took since.
 *
 * @internal
 */

/**
 * KEYS: lock. ARGV: token. Returns 1 when the lock was released.
 *
 * @internal
 */
export const release = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0
`

/**
 * KEYS: lock. ARGV: token, lease ms. Returns 1 when the lease was extended.
 *
 * @internal
 */
export const extend = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0
`
