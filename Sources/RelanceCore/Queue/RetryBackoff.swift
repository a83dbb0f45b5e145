/// How long a failed job waits before its next attempt: exponential in the attempt number,
/// capped, with "equal jitter" (half the delay fixed, half random) so that jobs which failed
/// together do not all retry at the same instant.
///
/// Attempt 1 failed → about `base`; attempt 2 → about 2 × `base`; … up to `cap`.
public struct RetryBackoff: Sendable, Equatable {
    /// The delay after the first failed attempt, before jitter.
    public var base: Duration
    /// The longest delay, before jitter.
    public var cap: Duration

    public init(base: Duration = .seconds(15), cap: Duration = .seconds(6 * 3600)) {
        precondition(base > .zero && cap >= base, "backoff needs 0 < base ≤ cap")
        self.base = base
        self.cap = cap
    }

    /// The delay before retrying after failed attempt `attempt` (1-based).
    /// - Parameter jitter: a number in `0..<1`; the delay is `d/2 + jitter × d/2` where `d`
    ///   is the capped exponential delay. Pass `Double.random(in: 0..<1)` in production.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let exponent = max(0, min(attempt - 1, 62))
        let baseSeconds = base.inSeconds
        let raw = baseSeconds * Double(sign: .plus, exponent: exponent, significand: 1)
        let capped = min(raw, cap.inSeconds)
        let fraction = min(max(jitter, 0), 0.999_999_999)
        return .milliseconds(Int64(((capped / 2) + fraction * (capped / 2)) * 1000))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
