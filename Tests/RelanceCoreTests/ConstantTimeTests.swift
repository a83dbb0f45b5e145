import RelanceCore
import Testing

@Suite struct ConstantTimeTests {
    @Test(arguments: [
        ("secret-token", "secret-token", true),
        ("secret-token", "secret-tokeN", false),
        ("secret-token", "secret-token-longer", false),
        ("", "", true),
        ("", "x", false),
        ("abc", "ab", false),
    ])
    func comparesWholeValues(a: String, b: String, equal: Bool) {
        #expect(ConstantTime.equals(a, b) == equal)
        #expect(ConstantTime.equals(b, a) == equal)
    }
}
