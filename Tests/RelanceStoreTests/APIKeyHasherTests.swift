import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct APIKeyHasherTests {
    static let key = APIKey(token: "rl_live_0123456789ab_" + String(repeating: "a", count: 48))!
    static let other = APIKey(token: "rl_live_0123456789ab_" + String(repeating: "b", count: 48))!
    static let pepper = Array("a pepper of at least thirty-two bytes!".utf8)

    @Test func withoutAPepperTheStoredFormIsTheSHA256OfTheKey() {
        let stored = APIKeyHasher().storedDigest(of: Self.key)
        #expect(stored == Checksum.sha256(Self.key.token))
        #expect(!stored.contains(Self.key.secret))
        #expect(APIKeyHasher().matches(Self.key, stored: stored))
        #expect(!APIKeyHasher().matches(Self.other, stored: stored))
    }

    @Test func withAPepperNewKeysAreTaggedHMACsAndOldKeysStillMatch() {
        let hasher = APIKeyHasher(pepper: Self.pepper)
        let stored = hasher.storedDigest(of: Self.key)
        #expect(stored == APIKeyHasher.hmacScheme + HMACSHA256.hexCode(for: Array(Self.key.token.utf8), key: Self.pepper))
        #expect(hasher.matches(Self.key, stored: stored))
        #expect(!hasher.matches(Self.other, stored: stored))
        // A key stored before the pepper was set.
        #expect(hasher.matches(Self.key, stored: APIKeyHasher().storedDigest(of: Self.key)))
    }

    @Test func aPepperedDigestNeedsItsPepper() {
        let stored = APIKeyHasher(pepper: Self.pepper).storedDigest(of: Self.key)
        #expect(!APIKeyHasher().matches(Self.key, stored: stored))
        #expect(!APIKeyHasher(pepper: Array("another pepper of thirty-two bytes!!".utf8)).matches(Self.key, stored: stored))
    }

    @Test(arguments: ["", "zz", APIKeyHasher.hmacScheme, APIKeyHasher.hmacScheme + "00", String(repeating: "0", count: 64)])
    func malformedOrForeignStoredValuesMatchNothing(stored: String) {
        #expect(!APIKeyHasher().matches(Self.key, stored: stored))
        #expect(!APIKeyHasher(pepper: Self.pepper).matches(Self.key, stored: stored))
    }

    @Test func aPepperedDirectoryStoresTaggedDigestsAndStillAcceptsKeysMadeBeforeThePepper() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("peppered")
            // The first key, made by a provisioner without a pepper: stored as plain SHA-256.
            let (_, oldKey, _) = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Peppered"), actor: "test")
            let directory = TenantDirectory(pool: fixture.pool, keyHasher: APIKeyHasher(pepper: Self.pepper))
            let (_, newKey) = try await directory.createKey(tenant: slug.rawValue, firm: nil, name: "new", scopes: ["read"], actor: "test")
            let stored = try await fixture.pool.query("SELECT prefix, secret_sha256 FROM relance.api_keys").reduce(into: [String: String]()) {
                $0[try $1.decode(String.self, at: 0)] = try $1.decode(String.self, at: 1)
            }
            #expect(stored[oldKey.prefix] == Checksum.sha256(oldKey.token))
            #expect(stored[newKey.prefix]?.hasPrefix(APIKeyHasher.hmacScheme) == true)
            #expect(try await directory.access(token: oldKey.token, tenant: nil)?.principal.tenantSlug == "peppered")
            #expect(try await directory.access(token: newKey.token, tenant: nil)?.principal.tenantSlug == "peppered")
            // Without the pepper the tagged key is refused; the old one still works.
            #expect(try await TenantDirectory(pool: fixture.pool).access(token: newKey.token, tenant: nil) == nil)
            #expect(try await TenantDirectory(pool: fixture.pool).access(token: oldKey.token, tenant: nil) != nil)
        }
    }
}
