import * as Effect from "effect/Effect"
import type { Adjustment, RateLimiterStore, Request, Reservation, Status } from "../RateLimiter.js"

interface Slot {
  readonly id: string
  readonly at: number
  /** Zero once cancelled: the slot stays in order until it ages out, but no longer counts. */
  cost: number
}

interface KeyState {
  /** Booked slots in ascending `at` order; `head` skips the ones that have aged out of every window. */
  slots: Array<Slot>
  head: number
  byId: Map<string, Slot>
  pausedUntil: number
  paceIntervalMillis: number
  paceUntil: number
  /** The latest slot handed out, kept after it ages out so a pace longer than the window still holds. */
  lastAt: number
}

const fresh = (): KeyState => ({
  slots: [],
  head: 0,
  byId: new Map(),
  pausedUntil: 0,
  paceIntervalMillis: 0,
  paceUntil: 0,
  lastAt: -Infinity
})

// A slot at `at` counts in every window (t - window, t] that contains it, so it stops counting at `at + window`.
const prune = (state: KeyState, now: number, windowMillis: number): void => {
  while (state.head < state.slots.length) {
    const slot = state.slots[state.head]!
    if (slot.at > now - windowMillis) break
    state.byId.delete(slot.id)
    state.head += 1
  }
  if (state.head > 1024 && state.head * 2 > state.slots.length) {
    state.slots = state.slots.slice(state.head)
    state.head = 0
  }
}

/**
 * The earliest time at which `cost` more units keep every window within `limit`, and every `burst` span (the time
 * `burst` units take at the full rate) within `burst`, given that the new slot goes after every booked one. Walking
 * back from the newest slot, the first one that no longer fits a span must have aged out of it.
 */
const earliestFit = (state: KeyState, request: Request, from: number): number => {
  const burstSpan = request.burst * request.windowMillis / request.limit
  let at = from
  let used = 0
  for (let i = state.slots.length - 1; i >= state.head; i--) {
    const slot = state.slots[i]!
    const before = used
    used += slot.cost
    if (before + request.cost <= request.burst && used + request.cost > request.burst) {
      at = Math.max(at, slot.at + burstSpan)
    }
    if (used + request.cost > request.limit) return Math.max(at, slot.at + request.windowMillis)
  }
  return at
}

/** @internal */
export const make: Effect.Effect<RateLimiterStore.Service> = Effect.sync(() => {
  const keys = new Map<string, KeyState>()
  let ids = 0

  const stateFor = (key: string): KeyState => {
    let state = keys.get(key)
    if (state === undefined) {
      state = fresh()
      keys.set(key, state)
    }
    return state
  }

  const reserve = (request: Request): Reservation => {
    const now = request.nowMillis
    const state = stateFor(request.key)
    prune(state, now, request.windowMillis)
    let from = Math.max(now, state.pausedUntil)
    const newest = state.slots[state.slots.length - 1]
    if (newest !== undefined && state.slots.length > state.head) from = Math.max(from, newest.at)
    // The pace spreads what is left of the server's quota up to its reset; the reset itself refills the quota.
    if (now < state.paceUntil) from = Math.max(from, Math.min(state.lastAt + state.paceIntervalMillis, state.paceUntil))
    const at = earliestFit(state, request, from)
    if (at - now > request.maxWaitMillis) {
      return { _tag: "Denied", retryAfterMillis: at - now, paused: state.pausedUntil > now }
    }
    ids += 1
    const slot: Slot = { id: String(ids), at, cost: request.cost }
    state.slots.push(slot)
    state.byId.set(slot.id, slot)
    state.lastAt = at
    return { _tag: "Granted", id: slot.id, atMillis: at }
  }

  const cancel = (key: string, id: string): void => {
    const state = keys.get(key)
    const slot = state?.byId.get(id)
    if (state === undefined || slot === undefined) return
    slot.cost = 0
    state.byId.delete(id)
  }

  const adjust = (key: string, now: number, adjustment: Adjustment): boolean => {
    const state = stateFor(key)
    if (adjustment.paceIntervalMillis !== undefined && adjustment.paceUntilMillis !== undefined) {
      state.paceIntervalMillis = adjustment.paceIntervalMillis
      state.paceUntil = adjustment.paceUntilMillis
    }
    if (adjustment.pauseUntilMillis === undefined || adjustment.pauseUntilMillis <= state.pausedUntil) return false
    state.pausedUntil = adjustment.pauseUntilMillis
    // Slots booked for later were promised under the old view; their holders book again after the pause.
    while (state.slots.length > state.head) {
      const slot = state.slots[state.slots.length - 1]!
      if (slot.at <= now) break
      state.slots.pop()
      state.byId.delete(slot.id)
    }
    const newest = state.slots[state.slots.length - 1]
    state.lastAt = newest === undefined || state.slots.length === state.head ? Math.min(state.lastAt, now) : newest.at
    return true
  }

  const status = (key: string, now: number, windowMillis: number): Status => {
    const state = keys.get(key) ?? fresh()
    prune(state, now, windowMillis)
    let used = 0
    let waiting = 0
    for (let i = state.head; i < state.slots.length; i++) {
      const slot = state.slots[i]!
      if (slot.cost === 0) continue
      if (slot.at <= now) used += slot.cost
      else waiting += 1
    }
    return {
      key,
      used,
      waiting,
      pausedUntil: state.pausedUntil > now ? state.pausedUntil : undefined,
      paceIntervalMillis: state.paceUntil > now ? state.paceIntervalMillis : undefined
    }
  }

  const store: RateLimiterStore.Service = {
    reserve: (request) => Effect.sync(() => reserve(request)),
    confirm: (key, id) => Effect.sync(() => keys.get(key)?.byId.has(id) === true),
    cancel: (key, id) => Effect.sync(() => cancel(key, id)),
    adjust: (key, now, adjustment) => Effect.sync(() => adjust(key, now, adjustment)),
    status: (key, now, windowMillis) => Effect.sync(() => status(key, now, windowMillis)),
    local: { reserve, adjust }
  }
  return store
})
