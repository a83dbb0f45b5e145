import Foundation
import RelanceCore
import Synchronization

/// What presented API keys reached (`KeyAccess`), kept for a few seconds so that a request
/// needs no round trip before its tenant transaction. Keyed by the key's digest and the
/// requested tenant, never by the token itself.
///
/// It is only as fresh as the notifications it is told about, so every entry belongs to one
/// listener session (`PostgresListener.session`): an entry is served only for the session
/// it was stored in, which a dropped `LISTEN` connection ends (a notification may have been
/// lost). The owner (`TenantAuthenticator`) passes the current session, or does not use the
/// cache at all while nothing is listening.
///
/// Bounded: at most `capacity` entries; a full cache first drops expired entries, then an
/// arbitrary one. Thread-safe.
public final class AuthenticationCache: Sendable {
    /// The channel the control schema's triggers announce key and tenant changes on
    /// (sql/control/0007_auth_change_notify.sql).
    public static let channel = "relance_auth"

    struct Key: Hashable, Sendable {
        var digest: String
        var tenant: String?
    }

    struct Entry: Sendable {
        var access: KeyAccess
        var expires: ContinuousClock.Instant
        var session: Int
    }

    struct State: Sendable {
        var entries: [Key: Entry] = [:]
        /// Bumped by every invalidation: a lookup that started before one must not store
        /// what it read, which the invalidation may have made stale.
        var invalidations: UInt64 = 0
    }

    public let ttl: Duration
    public let capacity: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - ttl: how long an entry may be served; a few seconds bounds how stale an entry can
    ///     be should a notification never arrive on a connection that is not yet seen as lost.
    ///   - capacity: the most entries kept (at least 1).
    public init(ttl: Duration, capacity: Int) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// Taken before a lookup query; `store` keeps the result only if no invalidation came
    /// in between.
    func stamp() -> UInt64 { state.withLock { $0.invalidations } }

    /// The live entry for `key` stored in `session`, or nil.
    func cached(_ key: Key, session: Int, now: ContinuousClock.Instant = .now) -> KeyAccess? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.session == session, entry.expires > now else {
                state.entries[key] = nil
                return nil
            }
            return entry.access
        }
    }

    /// Stores what a lookup that began at `stamp` read, unless an invalidation came since.
    func store(_ access: KeyAccess, for key: Key, session: Int, stamp: UInt64, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            guard state.invalidations == stamp else { return }
            if state.entries[key] == nil && state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expires > now }
                if state.entries.count >= capacity { state.entries.remove(at: state.entries.startIndex) }
            }
            state.entries[key] = Entry(access: access, expires: now + ttl, session: session)
        }
    }

    /// Applies one notification of the `relance_auth` channel: `key:<id>` drops that key's
    /// entries, `tenant:<slug>` every entry of that tenant; anything else drops everything.
    public func invalidate(payload: String) {
        state.withLock { state in
            state.invalidations &+= 1
            if payload.hasPrefix("key:"), let id = UUID(uuidString: String(payload.dropFirst(4))) {
                state.entries = state.entries.filter { $0.value.access.principal.keyID != id }
            } else if payload.hasPrefix("tenant:") {
                let slug = String(payload.dropFirst(7))
                state.entries = state.entries.filter {
                    $0.value.access.principal.tenantSlug != slug && $0.value.access.tenant?.slug.rawValue != slug
                }
            } else {
                state.entries.removeAll()
            }
        }
    }

    /// Drops every entry (the listener's connection was lost or replaced).
    public func removeAll() {
        state.withLock { state in
            state.invalidations &+= 1
            state.entries.removeAll()
        }
    }

    /// How many entries are held (expired ones included until next touched).
    public var count: Int { state.withLock { $0.entries.count } }
}
