import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as RateLimitHeaders from "../../src/core/RateLimitHeaders.js"
import { lookupFromRecord } from "../../src/core/ServerHints.js"
import * as AnthropicRateLimits from "../../src/vendors/anthropic/AnthropicRateLimits.js"
import * as HubSpotRateLimits from "../../src/vendors/hubspot/HubSpotRateLimits.js"
import * as OpenAIRateLimits from "../../src/vendors/openai/OpenAIRateLimits.js"

const now = Date.parse("2025-01-01T00:00:00Z")
const nowSeconds = now / 1000

interface Expected {
  readonly remaining?: number
  readonly limit?: number
  readonly resetAfterMillis?: number
  readonly retryAfterMillis?: number
}

/** Vendor families are read by the vendor's dialect; the kernel's own parser reads the standard ones. */
const parserFor = (name: string): RateLimitHeaders.Parser =>
  name.startsWith("OpenAI")
    ? OpenAIRateLimits.parse
    : name.startsWith("Anthropic")
    ? AnthropicRateLimits.parse
    : name.startsWith("HubSpot")
    ? HubSpotRateLimits.parse
    : RateLimitHeaders.parse

const parsed = (name: string, headers: Record<string, string>): Expected | undefined =>
  Option.match(parserFor(name)(lookupFromRecord(headers), now), {
    onNone: () => undefined,
    onSome: (hint) => {
      const result: Record<string, number> = {}
      if (hint.remaining !== undefined) result.remaining = hint.remaining
      if (hint.limit !== undefined) result.limit = hint.limit
      if (hint.resetAfter !== undefined) result.resetAfterMillis = Duration.toMillis(hint.resetAfter)
      if (hint.retryAfter !== undefined) result.retryAfterMillis = Duration.toMillis(hint.retryAfter)
      return result
    }
  })

const cases: ReadonlyArray<readonly [string, Record<string, string>, Expected | undefined]> = [
  [
    "OpenAI request headers with a millisecond reset",
    {
      "x-ratelimit-limit-requests": "5000",
      "x-ratelimit-remaining-requests": "4999",
      "x-ratelimit-reset-requests": "12ms"
    },
    { remaining: 4999, limit: 5000, resetAfterMillis: 12 }
  ],
  [
    "OpenAI reset in minutes and seconds",
    { "x-ratelimit-limit-requests": "60", "x-ratelimit-remaining-requests": "3", "x-ratelimit-reset-requests": "6m0s" },
    { remaining: 3, limit: 60, resetAfterMillis: 360_000 }
  ],
  [
    "OpenAI reset in whole seconds, ignoring healthy token headers for pacing",
    {
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "499",
      "x-ratelimit-reset-requests": "1s",
      "x-ratelimit-limit-tokens": "40000",
      "x-ratelimit-remaining-tokens": "18000",
      "x-ratelimit-reset-tokens": "1h2m3.5s"
    },
    { remaining: 499, limit: 500, resetAfterMillis: 1_000 }
  ],
  [
    "OpenAI exhausted token quota wins over the request quota",
    {
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "499",
      "x-ratelimit-reset-requests": "120ms",
      "x-ratelimit-limit-tokens": "40000",
      "x-ratelimit-remaining-tokens": "0",
      "x-ratelimit-reset-tokens": "17.28s"
    },
    { remaining: 0, limit: 40_000, resetAfterMillis: 17_280 }
  ],
  [
    "Anthropic request headers with an RFC 3339 reset",
    {
      "anthropic-ratelimit-requests-limit": "50",
      "anthropic-ratelimit-requests-remaining": "10",
      "anthropic-ratelimit-requests-reset": "2025-01-01T00:00:42Z"
    },
    { remaining: 10, limit: 50, resetAfterMillis: 42_000 }
  ],
  [
    "Anthropic exhausted input-token quota with an offset timestamp",
    {
      "anthropic-ratelimit-requests-limit": "50",
      "anthropic-ratelimit-requests-remaining": "49",
      "anthropic-ratelimit-requests-reset": "2025-01-01T00:00:01Z",
      "anthropic-ratelimit-input-tokens-limit": "20000",
      "anthropic-ratelimit-input-tokens-remaining": "0",
      "anthropic-ratelimit-input-tokens-reset": "2025-01-01T01:00:30+01:00"
    },
    { remaining: 0, limit: 20_000, resetAfterMillis: 30_000 }
  ],
  [
    "Anthropic reset already in the past",
    {
      "anthropic-ratelimit-requests-remaining": "0",
      "anthropic-ratelimit-requests-reset": "2024-12-31T23:59:00Z"
    },
    { remaining: 0, resetAfterMillis: 0 }
  ],
  [
    "IETF separate fields",
    { "RateLimit-Limit": "100", "RateLimit-Remaining": "50", "RateLimit-Reset": "30" },
    { remaining: 50, limit: 100, resetAfterMillis: 30_000 }
  ],
  [
    "IETF combined dictionary form",
    { RateLimit: "limit=100, remaining=0, reset=5" },
    { remaining: 0, limit: 100, resetAfterMillis: 5_000 }
  ],
  [
    "IETF current form with the limit from RateLimit-Policy",
    { "RateLimit-Policy": "\"default\";q=100;w=60", RateLimit: "\"default\";r=50;t=30" },
    { remaining: 50, limit: 100, resetAfterMillis: 30_000 }
  ],
  [
    "IETF current form with several policies picks the one forcing the slowest pace",
    { "RateLimit-Policy": "burst;q=10;w=1, day;q=1000;w=86400", RateLimit: "burst;r=9;t=1, day;r=20;t=3600" },
    { remaining: 20, limit: 1000, resetAfterMillis: 3_600_000 }
  ],
  [
    "HubSpot rolling window",
    {
      "X-HubSpot-RateLimit-Max": "100",
      "X-HubSpot-RateLimit-Remaining": "5",
      "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"
    },
    { remaining: 5, limit: 100, resetAfterMillis: 10_000 }
  ],
  [
    "HubSpot secondly quota exhausted",
    {
      "X-HubSpot-RateLimit-Max": "100",
      "X-HubSpot-RateLimit-Remaining": "80",
      "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
      "X-HubSpot-RateLimit-Secondly": "10",
      "X-HubSpot-RateLimit-Secondly-Remaining": "0"
    },
    { remaining: 0, limit: 10, resetAfterMillis: 1_000 }
  ],
  [
    "generic x-ratelimit trio with a reset in seconds",
    { "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "10", "X-RateLimit-Reset": "30" },
    { remaining: 10, limit: 60, resetAfterMillis: 30_000 }
  ],
  [
    "generic reset as epoch seconds",
    { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(nowSeconds + 45) },
    { remaining: 0, resetAfterMillis: 45_000 }
  ],
  [
    "generic reset as epoch milliseconds",
    { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now + 1_500) },
    { remaining: 0, resetAfterMillis: 1_500 }
  ],
  [
    "a 429 with Retry-After in seconds",
    { "retry-after": "7", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "7" },
    { remaining: 0, resetAfterMillis: 7_000, retryAfterMillis: 7_000 }
  ],
  [
    "retry-after-ms alone",
    { "retry-after-ms": "250" },
    { retryAfterMillis: 250 }
  ],
  ["no rate-limit headers", { "content-type": "application/json" }, undefined],
  [
    "malformed values are ignored",
    {
      "x-ratelimit-remaining": "lots",
      "x-ratelimit-reset-requests": "soon",
      "anthropic-ratelimit-requests-reset": "x"
    },
    undefined
  ]
]

describe("RateLimitHeaders", () => {
  it.each(cases)("parses %s", (name, headers, expected) => {
    expect(parsed(name, headers)).toEqual(expected)
  })

  it.each(cases.filter(([name]) => /^(OpenAI|Anthropic|HubSpot)/.test(name)))(
    "leaves the vendor family of %s to the vendor's dialect",
    (_name, headers) => {
      // The kernel's parser names no vendor: a vendor's own headers mean nothing to it.
      expect(Option.isNone(RateLimitHeaders.parse(lookupFromRecord(headers), now))).toBe(true)
    }
  )

  it.each([
    ["1s", 1_000],
    ["6m0s", 360_000],
    ["20ms", 20],
    ["1h2m3.5s", 3_723_500],
    ["1.5m", 90_000],
    ["500us", 0.5],
    ["2", 2_000]
  ] as const)("parses the Go duration %s", (value, millis) => {
    expect(Option.map(RateLimitHeaders.parseGoDuration(value), Duration.toMillis)).toEqual(Option.some(millis))
  })

  it.each(["", "abc", "5 s", "1s2", "-1s"])("rejects the malformed Go duration %j", (value) => {
    expect(Option.isNone(RateLimitHeaders.parseGoDuration(value))).toBe(true)
  })

  it("treats large reset values as timestamps and small ones as delays", () => {
    const millis = (value: string) =>
      Option.map(RateLimitHeaders.parseResetSeconds(value, now), Duration.toMillis)
    expect(millis("60")).toEqual(Option.some(60_000))
    expect(millis(String(nowSeconds + 60))).toEqual(Option.some(60_000))
    expect(millis(String(nowSeconds - 60))).toEqual(Option.some(0))
    expect(millis("soon")).toEqual(Option.none())
  })

  it("accepts only RFC 3339 timestamps as Anthropic resets", () => {
    const millis = (value: string) =>
      Option.map(RateLimitHeaders.parseResetTimestamp(value, now), Duration.toMillis)
    expect(millis("2025-01-01T00:00:10.500Z")).toEqual(Option.some(10_500))
    expect(millis("Wed, 01 Jan 2025 00:00:10 GMT")).toEqual(Option.none())
    expect(millis("10")).toEqual(Option.none())
  })
})
