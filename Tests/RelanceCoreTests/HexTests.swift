import RelanceCore
import Testing

@Suite struct HexTests {
    @Test(arguments: [
        ([], ""),
        ([0x00], "00"),
        ([0x01, 0xab, 0xff, 0x10], "01abff10"),
    ] as [([UInt8], String)])
    func encodesLowercaseAndDecodesBack(bytes: [UInt8], text: String) {
        #expect(Hex.encode(bytes) == text)
        #expect(Hex.decode(text) == bytes)
        #expect(Hex.decode(text.uppercased()) == bytes)
    }

    @Test(arguments: ["0", "abc", "zz", "0g", " 00", "é0"])
    func malformedTextDecodesToNil(text: String) {
        #expect(Hex.decode(text) == nil, "\(text)")
    }
}
