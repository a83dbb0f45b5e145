import Synchronization
import Testing
@testable import RelanceAPI

/// The pay page's token bucket per client, on a clock the test moves (no sleeping).
@Suite struct ClientRateLimiterTests {
    /// A clock that stands still until `advance`.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test func aClientMaySendItsRateInABurstThenOneEachIntervalWithRetryAfter() {
        let clock = ManualClock()
        let limiter = ClientRateLimiter(perMinute: 30, now: { clock.now })
        for _ in 0..<30 { #expect(limiter.check("192.0.2.1") == .allowed) }
        // 30 a minute: one every 2 s once the burst is spent.
        #expect(limiter.check("192.0.2.1") == .limited(retryAfter: 2))
        clock.advance(.seconds(1))
        #expect(limiter.check("192.0.2.1") == .limited(retryAfter: 1))
        clock.advance(.seconds(1))
        #expect(limiter.check("192.0.2.1") == .allowed)
        #expect(limiter.check("192.0.2.1") == .limited(retryAfter: 2))
        // Another client has its own bucket.
        #expect(limiter.check("192.0.2.2") == .allowed)
        // A minute later the bucket is full again, and no fuller.
        clock.advance(.seconds(600))
        for _ in 0..<30 { #expect(limiter.check("192.0.2.1") == .allowed) }
        #expect(limiter.check("192.0.2.1") != .allowed)
    }

    @Test func aSlowRateGivesALongRetryAfter() {
        let clock = ManualClock()
        let limiter = ClientRateLimiter(perMinute: 3, now: { clock.now })
        for _ in 0..<3 { #expect(limiter.check("a") == .allowed) }
        #expect(limiter.check("a") == .limited(retryAfter: 20))
        clock.advance(.milliseconds(19_500))
        #expect(limiter.check("a") == .limited(retryAfter: 1))
        clock.advance(.milliseconds(500))
        #expect(limiter.check("a") == .allowed)
    }

    @Test func refilledClientsAreForgottenWhenTheTableIsFull() {
        let clock = ManualClock()
        let limiter = ClientRateLimiter(perMinute: 60, maximumClients: 3, now: { clock.now })
        for client in ["a", "b", "c"] { #expect(limiter.check(client) == .allowed) }
        #expect(limiter.clientCount == 3)
        // a, b and c are each one token short: a fourth client empties nothing, so the table
        // is emptied rather than grow.
        #expect(limiter.check("d") == .allowed)
        #expect(limiter.clientCount == 1)
        for client in ["e", "f"] { #expect(limiter.check(client) == .allowed) }
        // One second later d, e and f have refilled: they are forgotten for g.
        clock.advance(.seconds(1))
        #expect(limiter.check("g") == .allowed)
        #expect(limiter.clientCount == 1)
    }
}
