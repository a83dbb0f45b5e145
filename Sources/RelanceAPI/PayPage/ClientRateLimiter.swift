import Synchronization

/// A token bucket per client address, in memory: each client may send `perMinute` requests
/// in a burst, then one every `60 / perMinute` seconds. The public pay page uses it so that
/// nobody can try tokens quickly (a token has 256 random bits; the limit also keeps a
/// scraper from loading the database).
///
/// Kept as the generic cell rate algorithm, the exact form of a token bucket: for each client
/// only the instant its bucket is full again, moved on by one interval per request; a request
/// that would move it more than a minute ahead of now is refused. Durations are exact, so a
/// client refused is told exactly when it may come back.
///
/// Each relance-api replica counts on its own, so a client spread over `n` replicas gets up
/// to `n` times the rate. When `maximumClients` are remembered, those whose bucket is full
/// again are forgotten; if none is, all are (every client starts afresh) rather than the
/// table growing without bound.
final class ClientRateLimiter: Sendable {
    /// Whether a request may go on.
    enum Decision: Equatable, Sendable {
        case allowed
        /// Refused: the next request is allowed in `retryAfter` seconds (at least 1).
        case limited(retryAfter: Int)
    }

    /// Requests per minute and per client, and the burst a full bucket allows.
    let perMinute: Int
    let maximumClients: Int
    /// The time one request's token takes to come back.
    let interval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    /// For each client, when its bucket is full again.
    private let fullAt = Mutex<[String: ContinuousClock.Instant]>([:])

    /// - Parameters:
    ///   - perMinute: requests a client may send per minute (at least 1).
    ///   - maximumClients: the most clients remembered at once.
    ///   - now: the clock; tests pass one they move by hand.
    init(perMinute: Int, maximumClients: Int = 100_000, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        precondition(perMinute > 0 && maximumClients > 0)
        self.perMinute = perMinute
        self.maximumClients = maximumClients
        self.interval = .seconds(60) / perMinute
        self.now = now
    }

    /// Takes a token from `client`'s bucket if it has one.
    func check(_ client: String) -> Decision {
        let now = self.now()
        let window = interval * perMinute
        return fullAt.withLock { fullAt in
            if fullAt[client] == nil && fullAt.count >= maximumClients {
                fullAt = fullAt.filter { $0.value > now }
                if fullAt.count >= maximumClients { fullAt = [:] }
            }
            let next = max(fullAt[client] ?? now, now) + interval
            let ahead = next - now
            guard ahead <= window else {
                let wait = (ahead - window).components
                return .limited(retryAfter: max(1, Int(wait.seconds) + (wait.attoseconds > 0 ? 1 : 0)))
            }
            fullAt[client] = next
            return .allowed
        }
    }

    /// How many clients are remembered.
    var clientCount: Int { fullAt.withLock { $0.count } }
}
