import Foundation
import Logging
import Postgres
import RelanceCore
import ServiceLifecycle
import Synchronization

/// Authenticates the tenant API's keys: at most one round trip before the tenant
/// transaction (`TenantDirectory.access`, key and tenant in one query), and none while a
/// recent answer is in the `AuthenticationCache`.
///
/// The cache is used only while this replica is listening on `AuthenticationCache.channel`,
/// where the control schema's triggers announce, from the changing transaction, every
/// revocation and every tenant change (suspension, offboarding). So a key revoked or a
/// tenant suspended through any replica (or by hand in psql) is refused here as soon as
/// the notification arrives, and while the listening connection is down — when a
/// notification could be missed — every request queries the database instead.
///
/// As a `Service`, `run()` keeps the listener up (reconnecting while the database is down)
/// until a graceful shutdown. Without `run()`, or with no cache, it always queries.
public final class TenantAuthenticator: Service, Sendable {
    public let directory: TenantDirectory
    /// nil: every request queries (`RELANCE_AUTH_CACHE_TTL_MS=0`).
    public let cache: AuthenticationCache?
    private let listenConfiguration: PostgresConfiguration
    private let logger: Logger
    private let listener = Mutex<PostgresListener?>(nil)

    /// - Parameters:
    ///   - listenConfiguration: a direct connection for `LISTEN` (not through a PgBouncer in
    ///     transaction mode).
    ///   - cache: nil to query on every request.
    public init(directory: TenantDirectory, cache: AuthenticationCache?, listenConfiguration: PostgresConfiguration,
                logger: Logger = Logger(label: "relance.auth")) {
        self.directory = directory
        self.cache = cache
        self.listenConfiguration = listenConfiguration
        self.logger = logger
    }

    /// What `token` reaches for a request naming `tenant` (a `/v1/tenants/{slug}` path), or
    /// nil for an unknown, malformed or revoked key.
    public func access(token: String, tenant: String?) async throws -> KeyAccess? {
        guard let key = APIKey(token: token) else { return nil }
        let digest = directory.keyHasher.storedDigest(of: key)
        guard let cache, let session = listeningSession() else {
            return try await directory.access(key: key, digest: digest, tenant: tenant)
        }
        let cacheKey = AuthenticationCache.Key(digest: digest, tenant: tenant)
        if let access = cache.cached(cacheKey, session: session) { return access }
        let stamp = cache.stamp()
        let access = try await directory.access(key: key, digest: digest, tenant: tenant)
        if let access, listeningSession() == session {
            cache.store(access, for: cacheKey, session: session, stamp: stamp)
        }
        return access
    }

    /// Whether notifications are being received right now (the cache is in use).
    public var isListening: Bool { listeningSession() != nil }

    /// The listener's session while `LISTEN` is in effect, else nil.
    private func listeningSession() -> Int? {
        guard let listener = listener.withLock({ $0 }), listener.isListening else { return nil }
        return listener.session
    }

    public func run() async throws {
        guard let cache else {
            // Nothing to listen for; returning would end the service group.
            try? await gracefulShutdown()
            return
        }
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let listener = PostgresListener(configuration: listenConfiguration, channels: [AuthenticationCache.channel], logger: logger)
            do {
                try await listener.start()
            } catch {
                if failures % 30 == 0 {
                    logger.warning("cannot listen for key revocations yet; every request queries the database", metadata: ["error": "\(error)"])
                }
                failures += 1
                guard await pauseUnlessShuttingDown(for: .seconds(1)) else { return }
                continue
            }
            failures = 0
            self.listener.withLock { $0 = listener }
            await withGracefulShutdownHandler {
                for await event in listener.events {
                    switch event {
                    case .notification(_, let payload): cache.invalidate(payload: payload)
                    case .reconnected: cache.removeAll()
                    }
                }
            } onGracefulShutdown: {
                listener.stop()
            }
            self.listener.withLock { $0 = nil }
            listener.stop()
            cache.removeAll()
        }
    }
}
