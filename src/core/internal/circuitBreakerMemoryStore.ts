import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as PubSub from "effect/PubSub"
import * as Stream from "effect/Stream"
import type {
  CircuitBreakerStore,
  Decision,
  Outcome,
  Snapshot,
  State,
  StorePolicy,
  Transition
} from "../CircuitBreaker.js"

interface Entry {
  state: State
  consecutiveFailures: number
  /** Outcomes of the last calls, `true` for a failure; a ring of `policy.sampleSize` slots. */
  sample: Array<boolean>
  sampleNext: number
  sampleCalls: number
  sampleFailures: number
  openings: number
  openUntil: number
  probe: { readonly id: string; readonly leaseUntil: number } | undefined
}

const fresh = (): Entry => ({
  state: "Closed",
  consecutiveFailures: 0,
  sample: [],
  sampleNext: 0,
  sampleCalls: 0,
  sampleFailures: 0,
  openings: 0,
  openUntil: 0,
  probe: undefined
})

const resetCounts = (entry: Entry): void => {
  entry.consecutiveFailures = 0
  entry.sample = []
  entry.sampleNext = 0
  entry.sampleCalls = 0
  entry.sampleFailures = 0
}

const pushSample = (entry: Entry, failed: boolean, size: number): void => {
  if (size <= 0) return
  if (entry.sample.length > size) resetCounts(entry)
  if (entry.sample.length < size) {
    entry.sample.push(failed)
  } else {
    if (entry.sample[entry.sampleNext] === true) entry.sampleFailures -= 1
    entry.sample[entry.sampleNext] = failed
    entry.sampleNext = (entry.sampleNext + 1) % size
  }
  entry.sampleCalls = entry.sample.length
  if (failed) entry.sampleFailures += 1
}

const shouldTrip = (entry: Entry, policy: StorePolicy): boolean =>
  (policy.consecutiveFailures > 0 && entry.consecutiveFailures >= policy.consecutiveFailures) ||
  (policy.sampleSize > 0 &&
    entry.sampleCalls >= policy.minThroughput &&
    entry.sampleFailures / entry.sampleCalls >= policy.failureRateThreshold)

const openDurationMillis = (openings: number, policy: StorePolicy): number =>
  Math.min(policy.openMaxMillis, policy.openInitialMillis * Math.pow(policy.openFactor, openings))

/** @internal */
export const make: Effect.Effect<CircuitBreakerStore.Service> = Effect.map(
  PubSub.unbounded<Transition>(),
  (pubsub) => {
    const entries = new Map<string, Entry>()
    let probes = 0

    const entryFor = (key: string): Entry => {
      let entry = entries.get(key)
      if (entry === undefined) {
        entry = fresh()
        entries.set(key, entry)
      }
      return entry
    }

    // Publishing inside the same synchronous section as the change keeps the stream in decision order.
    const move = (key: string, entry: Entry, to: State, at: number): Transition => {
      const transition: Transition = { key, from: entry.state, to, at }
      entry.state = to
      pubsub.unsafeOffer(transition)
      return transition
    }

    const open = (key: string, entry: Entry, now: number, policy: StorePolicy): Transition => {
      entry.openUntil = now + openDurationMillis(entry.openings, policy)
      entry.openings += 1
      entry.probe = undefined
      resetCounts(entry)
      return move(key, entry, "Open", now)
    }

    const acquire = (key: string, now: number, policy: StorePolicy): Decision => {
      const entry = entryFor(key)
      let transition: Transition | undefined
      switch (entry.state) {
        case "Closed":
          return { _tag: "Allow" }
        case "Open":
          if (now < entry.openUntil) {
            return { _tag: "Reject", state: "Open", retryAfterMillis: entry.openUntil - now }
          }
          transition = move(key, entry, "HalfOpen", now)
          break
        case "HalfOpen":
          if (entry.probe !== undefined && entry.probe.leaseUntil > now) {
            return { _tag: "Reject", state: "HalfOpen", retryAfterMillis: entry.probe.leaseUntil - now }
          }
      }
      probes += 1
      entry.probe = { id: String(probes), leaseUntil: now + policy.probeLeaseMillis }
      return { _tag: "AllowProbe", probe: entry.probe.id, leaseUntil: entry.probe.leaseUntil, transition }
    }

    const record = (
      key: string,
      now: number,
      outcome: Outcome,
      probe: string | undefined,
      policy: StorePolicy
    ): Transition | undefined => {
      const entry = entryFor(key)
      if (probe !== undefined) {
        if (entry.state !== "HalfOpen" || entry.probe?.id !== probe) return undefined
        if (outcome === "Interrupted") {
          entry.probe = undefined
          return undefined
        }
        if (outcome === "Failure") return open(key, entry, now, policy)
        entry.probe = undefined
        entry.openings = 0
        resetCounts(entry)
        return move(key, entry, "Closed", now)
      }
      // Calls admitted while closed that finish after the breaker opened no longer say anything new.
      if (entry.state !== "Closed" || outcome === "Interrupted") return undefined
      const failed = outcome === "Failure"
      entry.consecutiveFailures = failed ? entry.consecutiveFailures + 1 : 0
      pushSample(entry, failed, policy.sampleSize)
      return shouldTrip(entry, policy) ? open(key, entry, now, policy) : undefined
    }

    const snapshot = (key: string, now: number): Snapshot => {
      const entry = entries.get(key) ?? fresh()
      const state: State = entry.state === "Open" && now >= entry.openUntil ? "HalfOpen" : entry.state
      return {
        key,
        state,
        consecutiveFailures: entry.consecutiveFailures,
        sampleCalls: entry.sampleCalls,
        sampleFailures: entry.sampleFailures,
        openings: entry.openings,
        openUntil: entry.state === "Open" ? entry.openUntil : undefined,
        probeInFlight: entry.state === "HalfOpen" && entry.probe !== undefined && entry.probe.leaseUntil > now
      }
    }

    const store: CircuitBreakerStore.Service = {
      acquire: (key, now, policy) => Effect.sync(() => acquire(key, now, policy)),
      record: (key, now, outcome, probe, policy) =>
        Effect.sync(() => Option.fromNullable(record(key, now, outcome, probe, policy))),
      snapshot: (key, now) => Effect.sync(() => snapshot(key, now)),
      transitions: Stream.fromPubSub(pubsub),
      local: { acquire, record }
    }
    return store
  }
)
