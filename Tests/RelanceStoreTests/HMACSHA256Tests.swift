import RelanceStore
import Testing

@Suite struct HMACSHA256Tests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    // RFC 4231, test cases 1-4, 6 and 7 (case 5 is the truncated one, below).
    static let vectors: [(key: [UInt8], data: [UInt8], mac: String)] = [
        ([UInt8](repeating: 0x0b, count: 20), bytes("Hi There"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (bytes("Jefe"), bytes("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0xaa, count: 131), bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         bytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: 0..<vectors.count)
    func rfc4231Vectors(index: Int) {
        let vector = Self.vectors[index]
        #expect(HMACSHA256.hexCode(for: vector.data, key: vector.key) == vector.mac, "RFC 4231 vector #\(index)")
        #expect(HMACSHA256.isValid(hexCode: vector.mac, for: vector.data, key: vector.key))
        #expect(HMACSHA256.isValid(hexCode: vector.mac.uppercased(), for: vector.data, key: vector.key))
    }

    @Test func rfc4231TruncatedVectorIsThePrefixOfTheCode() {
        let code = HMACSHA256.hexCode(for: Self.bytes("Test With Truncation"), key: [UInt8](repeating: 0x0c, count: 20))
        #expect(code.hasPrefix("a3b6167473100ee06e0c796c2955552b"))
    }

    @Test func aWrongKeyAMessageChangeOrATruncatedCodeIsNotValid() {
        let key = Self.bytes("Jefe"), message = Self.bytes("what do ya want for nothing?")
        let code = HMACSHA256.code(for: message, key: key)
        #expect(HMACSHA256.isValid(code, for: message, key: key))
        #expect(!HMACSHA256.isValid(code, for: message, key: Self.bytes("Jeff")))
        #expect(!HMACSHA256.isValid(code, for: Self.bytes("what do ya want for nothing!"), key: key))
        #expect(!HMACSHA256.isValid(Array(code.prefix(16)), for: message, key: key))
        #expect(!HMACSHA256.isValid(hexCode: "not hex", for: message, key: key))
    }
}
