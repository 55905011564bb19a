import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as OptionalPeer from "../../src/core/internal/optionalPeer.js"

const peer: OptionalPeer.Peer = { neededBy: "The thing", install: "some-driver@^1.0.0" }

/** A specifier TypeScript cannot see through, so the import is really attempted at run time. */
const importing = (specifier: string) => () => import(specifier) as Promise<unknown>

const defect = (exit: Exit.Exit<unknown>): unknown =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.dieOption(exit.cause)) : undefined

describe("OptionalPeer.load", () => {
  it.effect("dies naming a package that is not installed, with the command that installs what the feature needs", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(OptionalPeer.load(peer, importing("effect-integrations-no-such-driver/sub")))
      expect(String((defect(exit) as Error).message)).toBe(
        "The thing needs the package effect-integrations-no-such-driver, which is not installed: npm install some-driver@^1.0.0"
      )
    }))

  it.effect("passes any other failure to load through as it is", () =>
    Effect.gen(function*() {
      const broken = new Error("the module threw while loading")
      const exit = yield* Effect.exit(OptionalPeer.load(peer, () => Promise.reject(broken)))
      expect(defect(exit)).toBe(broken)
    }))

  it.effect("returns the module when it is there", () =>
    Effect.gen(function*() {
      const module = yield* OptionalPeer.load(peer, () => import("effect/Duration"))
      expect(module.toMillis("1 second")).toBe(1000)
    }))
})
