import RelanceStore
import Testing

@Suite struct ConstantTimeTests {
    @Test(arguments: [
        ("", "", true), ("a", "a", true), ("secret-token-123", "secret-token-123", true),
        ("a", "b", false), ("secret", "secret2", false), ("", "x", false), ("abc", "abd", false),
    ])
    func comparesContentsWhateverTheLengths(a: String, b: String, equal: Bool) {
        #expect(ConstantTime.equals(a, b) == equal)
        #expect(ConstantTime.equals(b, a) == equal)
    }
}
