/**
 * A malformed Redis URL, run in a real Node process against dist/: a typed `ConfigError` naming the setting, the
 * process carries on and exits by itself, and its output never holds the password (no uncaught `ReplyError` from
 * `SELECT NaN`, no Node deprecation warning quoting the URL). Both policies: a bad URL is a configuration error, not
 * an outage.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeChildProcess from "node:child_process"
import * as NodePath from "node:path"
import { redisUrl } from "./support/RedisTest.js"
import { ensureBuilt, root } from "./support/Workers.js"

const canary = "hunter2-canary"
const host = new URL(redisUrl).host

interface Case {
  readonly url: string
  readonly source: "env" | "option"
}

const cases: ReadonlyArray<Case> = [
  { source: "env", url: `redis://${host}/abc` },
  { source: "env", url: `redis://:${canary}@${host}/abc` },
  { source: "env", url: `redis://:${canary}@${host}/0/extra` },
  { source: "env", url: `redis://:${canary}@127.0.0.1:70000/0` },
  { source: "env", url: `redis://:${canary}%zz@${host}/0` },
  { source: "env", url: `redis://:${canary}@${host}/99` },
  { source: "option", url: `redis://:${canary}@${host}/abc` },
  // Node's legacy url.parse warns about this port and quotes the URL, password included.
  { source: "option", url: `redis://:${canary}@127.0.0.1:abc/0` },
  { source: "option", url: `redis://:${canary}@${host}/99` }
]

interface Result {
  readonly index: number
  readonly exit: "Success" | "Failure"
  readonly value?: string
  readonly op?: string
  readonly path?: ReadonlyArray<string>
  readonly message?: string
}

const runFixture = (policy: string, list: ReadonlyArray<Case>) =>
  Effect.async<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resume) => {
    const child = NodeChildProcess.spawn(process.execPath, [NodePath.join(root, "test/state/fixtures/badUrl.mjs")], {
      cwd: root,
      env: { ...process.env, POLICY: policy, CASES: JSON.stringify(list) },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")))
    // A process kept alive by a client nobody closed fails the test rather than hanging it.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000)
    child.once("close", (code) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, stdout, stderr }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("Redis with a malformed URL, in a process of its own", () => {
  beforeAll(() => ensureBuilt(), 300_000)

  for (const policy of ["fail-open", "fail-closed"]) {
    it.live(`${policy}: a typed ConfigError naming the setting, a normal exit, no password in the output`, () =>
      Effect.gen(function*() {
        const control: Case = { source: "env", url: `${redisUrl}/0` }
        const { code, stderr, stdout } = yield* runFixture(policy, [...cases, control])
        expect(stderr).not.toContain("DeprecationWarning")
        expect(stdout + stderr).not.toContain(canary)
        expect(code).toBe(0)
        const results = stdout.trim().split("\n").map((line) => JSON.parse(line) as Result)
        expect(results.map((result) => result.index)).toEqual([...cases, control].map((_, index) => index))
        for (const [index, testCase] of cases.entries()) {
          expect(results[index], testCase.url).toMatchObject({
            exit: "Failure",
            op: "InvalidData",
            path: [testCase.source === "env" ? "REDIS_URL" : "url"]
          })
        }
        expect(results[1]!.message).toContain(`redis://:***@${host}/abc`)
        expect(results[5]!.message).toContain("Redis refused database 99")
        // The same fixture builds from a good URL and the breaker call goes through.
        expect(results[cases.length]).toMatchObject({ exit: "Success", value: "ok" })
      }), { timeout: 120_000 })
  }
})
