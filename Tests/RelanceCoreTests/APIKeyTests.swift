import RelanceCore
import Testing

@Suite struct APIKeyTests {
    struct Counter: RandomNumberGenerator {
        var state: UInt64 = 0
        mutating func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; return state }
    }

    @Test func generatedKeysParseBack() throws {
        var generator = Counter()
        let key = APIKey.generate(using: &generator)
        #expect(key.token.hasPrefix("rl_live_"))
        #expect(key.prefix.count == 12)
        #expect(key.secret.count == 48)
        let parsed = try #require(APIKey(token: key.token))
        #expect(parsed == key)
    }

    @Test func keysAreDistinct() {
        #expect(APIKey.generate() != APIKey.generate())
    }

    @Test(arguments: [
        "", "rl_live_", "rl_test_0123456789ab_" + String(repeating: "a", count: 48),
        "rl_live_0123456789ab_" + String(repeating: "a", count: 47),
        "rl_live_0123456789AB_" + String(repeating: "a", count: 48),
        "rl_live_0123456789ab" + String(repeating: "a", count: 49),
        "rl_live_0123456789ab_" + String(repeating: "g", count: 48),
        "Bearer rl_live_0123456789ab_" + String(repeating: "a", count: 48),
    ])
    func malformedTokensAreRejected(token: String) {
        #expect(APIKey(token: token) == nil)
    }
}
