/**
 * The behaviour every OAuth2 `TokenStore` must have, run once per store (memory, Redis).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as OAuth2 from "../../../src/core/OAuth2.js"

const reveal = (tokens: Option.Option<OAuth2.Tokens>) =>
  Option.map(tokens, (t) => ({
    accessToken: Redacted.value(t.accessToken),
    refreshToken: t.refreshToken === undefined ? undefined : Redacted.value(t.refreshToken),
    expiresAt: t.expiresAt
  }))

export const tokenStoreSuite = (name: string, makeStore: Effect.Effect<OAuth2.TokenStore, never, Scope.Scope>) =>
  describe(`TokenStore (${name})`, () => {
    it.scoped("nothing is stored under an unknown key", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        expect(yield* store.get("portal-1")).toEqual(Option.none())
      }))

    it.scoped("keeps tokens per key, Redacted, with or without a refresh token, the latest write winning", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* store.set("portal-1", {
          accessToken: Redacted.make("access_1"),
          refreshToken: Redacted.make("refresh_1"),
          expiresAt: 1_800_000
        })
        yield* store.set("portal-2", { accessToken: Redacted.make("other"), refreshToken: undefined, expiresAt: 5 })
        yield* store.set("portal-1", {
          accessToken: Redacted.make("access_2"),
          refreshToken: Redacted.make("refresh_2"),
          expiresAt: 3_600_000
        })
        const first = yield* store.get("portal-1")
        expect(Option.map(first, (t) => Redacted.isRedacted(t.accessToken))).toEqual(Option.some(true))
        expect(reveal(first)).toEqual(
          Option.some({ accessToken: "access_2", refreshToken: "refresh_2", expiresAt: 3_600_000 })
        )
        expect(reveal(yield* store.get("portal-2"))).toEqual(
          Option.some({ accessToken: "other", refreshToken: undefined, expiresAt: 5 })
        )
      }))
  })
