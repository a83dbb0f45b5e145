import Foundation
import RelanceCore
@testable import RelanceStore
import Testing

@Suite struct AuthenticationCacheTests {
    static let start = ContinuousClock.now

    static func access(key: UUID = UUID(), tenant: String? = "alpha", requested: String? = nil) throws -> KeyAccess {
        let slug = try TenantSlug(tenant ?? requested ?? "alpha")
        return KeyAccess(
            principal: Principal(keyID: key, tenantSlug: tenant, firmID: tenant == nil ? UUID() : nil, scopes: ["read"]),
            tenant: Tenant(slug: slug, displayName: "T", firmID: nil, status: .active, timeZone: "Europe/Paris", currency: "EUR",
                           locale: "fr-FR", schemaVersion: 1, createdAt: Date(timeIntervalSince1970: 0)))
    }

    static func key(_ digest: String, _ tenant: String? = nil) -> AuthenticationCache.Key { .init(digest: digest, tenant: tenant) }

    @Test func anEntryIsServedUntilItsTimeToLiveOnly() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 10)
        let access = try Self.access()
        cache.store(access, for: Self.key("d1"), session: 1, stamp: cache.stamp(), now: Self.start)
        #expect(cache.cached(Self.key("d1"), session: 1, now: Self.start + .milliseconds(1999)) == access)
        #expect(cache.cached(Self.key("d1"), session: 1, now: Self.start + .seconds(2)) == nil)
        #expect(cache.count == 0)
    }

    @Test func anEntryOfAnEarlierListenerSessionIsNotServed() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 10)
        cache.store(try Self.access(), for: Self.key("d1"), session: 1, stamp: cache.stamp(), now: Self.start)
        #expect(cache.cached(Self.key("d1"), session: 2, now: Self.start) == nil)
    }

    @Test func aKeyNotificationDropsThatKeyOnly() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 10)
        let revoked = UUID()
        cache.store(try Self.access(key: revoked), for: Self.key("d1"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.store(try Self.access(key: revoked), for: Self.key("d1", "alpha"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.store(try Self.access(), for: Self.key("d2"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.invalidate(payload: "key:\(revoked.uuidString.lowercased())")
        #expect(cache.cached(Self.key("d1"), session: 1, now: Self.start) == nil)
        #expect(cache.cached(Self.key("d1", "alpha"), session: 1, now: Self.start) == nil)
        #expect(cache.cached(Self.key("d2"), session: 1, now: Self.start) != nil)
    }

    @Test func aTenantNotificationDropsItsTenantAndFirmKeysOnly() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 10)
        cache.store(try Self.access(tenant: "alpha"), for: Self.key("tenant-key"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.store(try Self.access(tenant: nil, requested: "alpha"), for: Self.key("firm-key", "alpha"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.store(try Self.access(tenant: "beta"), for: Self.key("other"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.invalidate(payload: "tenant:alpha")
        #expect(cache.cached(Self.key("tenant-key"), session: 1, now: Self.start) == nil)
        #expect(cache.cached(Self.key("firm-key", "alpha"), session: 1, now: Self.start) == nil)
        #expect(cache.cached(Self.key("other"), session: 1, now: Self.start) != nil)
    }

    @Test func anUnknownNotificationDropsEverything() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 10)
        cache.store(try Self.access(), for: Self.key("d1"), session: 1, stamp: cache.stamp(), now: Self.start)
        cache.invalidate(payload: "something else")
        #expect(cache.count == 0)
    }

    /// A lookup that read the database before a revocation committed, and finishes after its
    /// notification was applied, must not put the stale answer back.
    @Test func aLookupOverlappingAnInvalidationIsNotStored() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 10)
        let key = UUID()
        let stamp = cache.stamp()
        cache.invalidate(payload: "key:\(key.uuidString.lowercased())")
        cache.store(try Self.access(key: key), for: Self.key("d1"), session: 1, stamp: stamp, now: Self.start)
        #expect(cache.cached(Self.key("d1"), session: 1, now: Self.start) == nil)
    }

    @Test func theCacheHoldsAtMostItsCapacity() throws {
        let cache = AuthenticationCache(ttl: .seconds(2), capacity: 5)
        for index in 0..<50 {
            cache.store(try Self.access(), for: Self.key("d\(index)"), session: 1, stamp: cache.stamp(), now: Self.start)
            #expect(cache.count <= 5)
        }
        #expect(cache.cached(Self.key("d49"), session: 1, now: Self.start) != nil)
    }
}
