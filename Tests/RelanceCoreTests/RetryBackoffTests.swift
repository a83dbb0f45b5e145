import RelanceCore
import Testing

@Suite struct RetryBackoffTests {
    /// (failed attempt, jitter, expected delay in ms) with the defaults: 15 s doubling, 6 h cap,
    /// half fixed and half jittered.
    @Test(arguments: [
        (1, 0.0, 7_500), (1, 0.5, 11_250), (1, 0.999_999_999_9, 15_000),
        (2, 0.0, 15_000), (2, 0.999_999_999_9, 30_000),
        (5, 0.0, 120_000), (5, 1.0, 240_000),
        (11, 0.0, 7_680_000), (11, 1.0, 15_360_000),
        (12, 0.0, 10_800_000), (12, 1.0, 21_600_000),  // capped at 6 h from here on
        (100, 0.0, 10_800_000), (100, 1.0, 21_600_000),
        (0, 0.0, 7_500), (-3, 1.0, 15_000),              // nonsense attempts act like the first
        (1, -1.0, 7_500), (1, 7.0, 15_000),              // jitter outside 0..<1 is clamped
    ])
    func delays(attempt: Int, jitter: Double, milliseconds: Int64) {
        let delay = RetryBackoff().delay(afterAttempt: attempt, jitter: jitter)
        #expect(abs(delay / .milliseconds(1) - Double(milliseconds)) <= 1, "attempt \(attempt), jitter \(jitter): \(delay)")
    }

    @Test func delaysNeverShrinkFromOneAttemptToTheNext() {
        let backoff = RetryBackoff(base: .seconds(1), cap: .seconds(600))
        for attempt in 1..<40 {
            #expect(backoff.delay(afterAttempt: attempt + 1, jitter: 0) >= backoff.delay(afterAttempt: attempt, jitter: 0))
        }
    }
}
