/**
 * One attempt of a call, in two forms with one behaviour. The direct form runs when the transport is the kernel's own
 * and every stage admits at once: admission, request, timer, body read, decoding and the release of each stage are
 * plain function calls inside a single `Effect.async`. The Effect form runs the stages' Effect forms around the same
 * exchange (any `HttpClient`, a queued bulkhead, a limiter that makes the call wait, a custom stage, a credential to
 * read). Both read the answer with `answer.ts` and report the same span events.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Headers from "@effect/platform/Headers"
import type { Redacted } from "effect/Redacted"
import type * as HttpTransport from "../../HttpTransport.js"
import type { IntegrationError } from "../../IntegrationError.js"
import * as Telemetry from "../../Telemetry.js"
import * as Answer from "./answer.js"
import * as Exchange from "./exchange.js"
import * as Stages from "./stages.js"
import * as Timer from "./timer.js"
import * as Vendor from "./vendor.js"
import * as Wire from "./wire.js"
import * as Call from "./call.js"

/** What every attempt of one call shares. */
export type Attempting<A> = Call.Call<A>

/** An attempt failed: its request may have been lost, and the span hears of it. */
const failedAttempt = <A>(call: Call.Call<A>, attempt: number, error: IntegrationError): void => {
  Call.attemptEnded(call, error)
  failedEvent(call.sink, attempt, error)
}

const failedEvent = (sink: Telemetry.Sink, attempt: number, error: IntegrationError): void =>
  Telemetry.sinkEvent(sink, Telemetry.Event.attemptFailed, {
    [Telemetry.Attr.attempt]: attempt,
    [Telemetry.Attr.reason]: error.reason,
    [Telemetry.Attr.retryable]: error.retryable,
    ...(error.status !== undefined ? { [Telemetry.Attr.httpStatus]: error.status } : {})
  })

const timeoutError = <A>(call: Call.Call<A>) =>
  call.operation.fail("Timeout", `no response within ${Duration.format(call.policy.timeout)}`)

const tooLargeError = <A>(call: Call.Call<A>) =>
  call.operation.fail("ResponseTooLarge", `response body exceeds ${call.policy.maxResponseBytes} bytes`)

const exchangeFailures = <A>(call: Call.Call<A>): Exchange.Failures => ({
  transport: (description, cause) => call.operation.fail("Transport", description, { cause }),
  invalid: (description) => call.operation.fail("InvalidRequest", description),
  tooLarge: () => tooLargeError(call),
  notSent: () => {
    call.inFlight = false
  }
})

/** Adds the auth header names to those the platform redacts, for a request that goes through an `HttpClient`. */
const withRedactedAuth = <A, E>(call: Call.Call<unknown>, effect: Effect.Effect<A, E>): Effect.Effect<A, E> => {
  const auth = call.vendor.auth
  return auth._tag === "Header"
    ? Effect.locallyWith(effect, Headers.currentRedactedNames, (names) => [...names, auth.name])
    : effect
}

/** Sends the attempt's request (credential applied) and receives the answer's headers. */
const receive = <A>(
  call: Call.Call<A>,
  credential: Redacted<string> | undefined
): Effect.Effect<Exchange.Received, IntegrationError> => {
  const request = Wire.withAuth(call.request, call.vendor.auth, credential)
  const failures = exchangeFailures(call)
  const direct = call.vendor.exchange.direct
  call.sent += 1
  call.inFlight = true
  if (direct !== undefined) {
    return Effect.map(Exchange.sendDirect(direct, request, failures), (response) => Exchange.receivedDirect(response, failures))
  }
  return withRedactedAuth(call, Exchange.sendPlatform(call.vendor.exchange.client, Wire.toPlatform(request), failures))
}

/** A failed answer: read (bounded), logged at Debug level, classified. */
const rejected = <A>(
  call: Call.Call<A>,
  attempt: number,
  received: Exchange.Received,
  requestId: string | undefined,
  credential: Redacted<string> | undefined
): Effect.Effect<never, IntegrationError> =>
  Effect.flatMap(received.text(call.policy.maxResponseBytes), (text) => {
    const error = Answer.classify(
      call.vendor,
      call.operation,
      received.status,
      received.header,
      requestId,
      text,
      call.sink.clock.unsafeCurrentTimeMillis(),
      credential
    )
    const log = Answer.debugLog(call.fiber, call.vendor, call.operation, received.status, requestId, text, attempt, credential)
    return log === undefined ? Effect.fail(error) : Effect.zipRight(log, Effect.fail(error))
  })

/**
 * The Effect form of an attempt's exchange: credential, request, the answer's headers observed and judged. `onAnswer`
 * turns a 2xx answer into the attempt's result.
 */
export const exchange = <A, R>(
  call: Call.Call<A>,
  attempt: number,
  onAnswer: (received: Exchange.Received, requestId: string | undefined) => Effect.Effect<R, IntegrationError>
): Effect.Effect<R, IntegrationError> =>
  Effect.flatMap(Vendor.credential(call.vendor), (credential) =>
    Effect.flatMap(receive(call, credential), (received) => {
      // A refusal is the vendor's answer; a 2xx means it acted, so a failure to read the answer leaves it unknown.
      if (received.status < 200 || received.status >= 300) call.inFlight = false
      const requestId = Answer.requestIdOf(call.vendor, received.header)
      const judged = received.status >= 200 && received.status < 300
        ? onAnswer(received, requestId)
        : rejected(call, attempt, received, requestId, credential)
      const observed = Answer.observe(call.vendor, call.operation, received.status, received.header, call.sink, credential)
      return observed === undefined ? judged : Effect.zipRight(observed, judged)
    }))

const decoded = <A>(
  call: Call.Call<A>,
  received: Exchange.Received,
  requestId: string | undefined
): Effect.Effect<Answer.Done<A>, IntegrationError> =>
  Effect.flatMap(received.text(call.policy.maxResponseBytes), (text) => {
    const result = Answer.decodeBody(call.operation, call.decoder, received.status, requestId, text)
    return Either.isEither(result) ? Either.match(result, { onLeft: Effect.fail, onRight: Effect.succeed }) : result
  })

/** The per-attempt timeout of the Effect form. */
const timed = <A>(call: Call.Call<A>) => <B>(inner: Effect.Effect<B, IntegrationError>) =>
  Effect.timeoutFail(inner, { duration: call.policy.timeout, onTimeout: () => timeoutError(call) })

/** An attempt in Effect form from stage `from` on, around `inner`, reporting its failure on the span. */
const effectForm = <A, R>(
  call: Call.Call<A>,
  attempt: number,
  inner: Effect.Effect<R, IntegrationError>,
  from: number
): Effect.Effect<R, IntegrationError> =>
{
  const span = call.sink.span
  const wrapped = Effect.tapError(call.stack.wrap(inner, timed(call), from), (error) =>
    Effect.sync(() => failedAttempt(call, attempt, error)))
  // The stages annotate the current span: make it the call's.
  return span?._tag === "Span" ? Effect.withParentSpan(wrapped, span) : wrapped
}

/** A streaming call's attempt: connected once the answer's 2xx headers arrived (always in Effect form). */
export const connect = <A>(call: Call.Call<A>, attempt: number) =>
  effectForm(
    call,
    attempt,
    exchange(call, attempt, (received, requestId) => Effect.succeed({ received, requestId })),
    0
  )

/** One attempt of a plain call, in whichever form can run it. */
export const plain = <A>(call: Call.Call<A>, attempt: number): Effect.Effect<Answer.Done<A>, IntegrationError> => {
  const gates = call.stack.gates
  const direct = call.vendor.exchange.direct
  if (gates === undefined || direct === undefined) return effectForm(call, attempt, plainExchange(call, attempt), 0)
  return Effect.async<Answer.Done<A>, IntegrationError>((resume) => {
    const credential = Vendor.peekCredential(call.vendor, call.sink.clock.unsafeCurrentTimeMillis())
    if (credential === Vendor.Pending) return resume(effectForm(call, attempt, plainExchange(call, attempt), 0))
    const admission = Stages.admit(gates, call.sink)
    if (admission.rejected !== undefined) {
      const error = admission.rejected
      Stages.release(gates, admission, call.sink, Exit.fail(error))
      failedAttempt(call, attempt, error)
      return resume(Effect.fail(error))
    }
    if (admission.next < gates.length) {
      const rest = effectForm(call, attempt, plainExchange(call, attempt), admission.next)
      return resume(Stages.releasing(gates, admission, call.sink, rest))
    }
    return new Direct(call, attempt, gates, admission, credential, resume).start(direct)
  })
}

const plainExchange = <A>(call: Call.Call<A>, attempt: number) =>
  exchange(call, attempt, (received, requestId) => decoded(call, received, requestId))

type Gates = NonNullable<Call.Call<unknown>["stack"]["gates"]>

/**
 * The direct form of an attempt: admitted, sent, timed, read, decoded and released in plain callbacks; `resume` is
 * called exactly once (or never, when the fiber interrupts it first). One object per attempt rather than a closure per
 * step: a call in flight holds little.
 */
class Direct<A> implements Call.Pending {
  private settled = false
  private cancelTimer: Timer.Cancel | undefined = undefined
  private abort: (() => void) | undefined = undefined

  constructor(
    private readonly call: Call.Call<A>,
    private readonly attempt: number,
    private readonly gates: Gates,
    private readonly admission: Stages.Admission,
    private readonly credential: Redacted<string> | undefined,
    private readonly resume: (effect: Effect.Effect<Answer.Done<A>, IntegrationError>) => void
  ) {}

  /**
   * Sends the request. Interruption cancels it through the call's own exit handler (`Call.cancelPending`), which runs
   * in the same fiber, so the attempt needs no canceler of its own (an `Effect.async` canceler costs an `onInterrupt`
   * per attempt); under a deadline the attempts run in a fiber of their own, and the returned canceler does it.
   */
  start(direct: HttpTransport.Service): Effect.Effect<void> | undefined {
    const call = this.call
    call.sent += 1
    call.inFlight = true
    // The timer first: an exchange that ends at once (a refused request) then cancels it. A stack without the
    // `timeout` stage is not timed, as in the Effect form.
    if (call.stack.timed) {
      this.cancelTimer = Timer.start(call.sink.clock, Duration.toMillis(call.policy.timeout), () => this.timedOut())
    }
    if (!this.settled) {
      this.abort = direct.exchange(
        Wire.withAuth(call.request, call.vendor.auth, this.credential),
        call.policy.maxResponseBytes,
        (outcome) => this.answered(outcome)
      )
    }
    if (this.settled) return undefined
    if (call.policy.deadline !== undefined) return Effect.sync(() => this.interrupted())
    call.pending = this
    return undefined
  }

  private settle(exit: Exit.Exit<Answer.Done<A>, IntegrationError>, before?: Effect.Effect<void, IntegrationError>) {
    if (this.settled) return
    this.settled = true
    this.cancelTimer?.()
    if (this.call.pending === this) this.call.pending = undefined
    Stages.release(this.gates, this.admission, this.call.sink, exit)
    if (exit._tag === "Failure" && exit.cause._tag === "Fail") failedAttempt(this.call, this.attempt, exit.cause.error)
    this.resume(before === undefined ? exit : Effect.zipRight(before, exit))
  }

  private fail(error: IntegrationError, before?: Effect.Effect<void, IntegrationError>) {
    this.settle(Exit.fail(error), before)
  }

  private timedOut() {
    if (this.settled) return
    this.abort?.()
    this.fail(timeoutError(this.call))
  }

  interrupted() {
    if (this.settled) return
    this.settled = true
    this.cancelTimer?.()
    this.abort?.()
    Stages.release(this.gates, this.admission, this.call.sink, Exit.interrupt(this.call.fiber.id()))
  }

  private answered(outcome: HttpTransport.Exchanged) {
    if (this.settled) return
    const call = this.call
    const credential = this.credential
    if (outcome._tag === "Failed") {
      if (outcome.phase === "request" && Exchange.provesNotSent(outcome.error)) call.inFlight = false
      const description = Exchange.describeTransportFailure(outcome.error, outcome.phase)
      return this.fail(call.operation.fail("Transport", description, { cause: outcome.error }))
    }
    const status = outcome.status
    // A refusal is the vendor's answer; a 2xx means it acted, so a failure to read the answer leaves it unknown.
    if (status < 200 || status >= 300) call.inFlight = false
    const headers = outcome.headers
    const header = (name: string) => {
      const value = headers[name]
      return value === undefined ? undefined : typeof value === "string" ? value : value.join(", ")
    }
    const observed = Answer.observe(call.vendor, call.operation, status, header, call.sink, credential)
    if (outcome._tag === "TooLarge") return this.fail(tooLargeError(call), observed)
    const requestId = Answer.requestIdOf(call.vendor, header)
    const text = outcome.body
    if (status < 200 || status >= 300) {
      const now = call.sink.clock.unsafeCurrentTimeMillis()
      const error = Answer.classify(call.vendor, call.operation, status, header, requestId, text, now, credential)
      const log = Answer.debugLog(call.fiber, call.vendor, call.operation, status, requestId, text, this.attempt, credential)
      return this.fail(error, log === undefined ? observed : observed === undefined ? log : Effect.zipRight(observed, log))
    }
    const result = Answer.decodeBody(call.operation, call.decoder, status, requestId, text)
    if (Either.isEither(result)) {
      return Either.isRight(result) ? this.settle(Exit.succeed(result.right), observed) : this.fail(result.left, observed)
    }
    // An asynchronous Schema: the attempt ends when its decoding does, still inside the stages.
    this.settled = true
    this.cancelTimer?.()
    if (call.pending === this) call.pending = undefined
    const finished = Effect.onExit(result, (exit) =>
      Effect.sync(() => {
        Stages.release(this.gates, this.admission, call.sink, exit)
        if (exit._tag === "Failure" && exit.cause._tag === "Fail") failedAttempt(call, this.attempt, exit.cause.error)
      }))
    this.resume(observed === undefined ? finished : Effect.zipRight(observed, finished))
  }
}
