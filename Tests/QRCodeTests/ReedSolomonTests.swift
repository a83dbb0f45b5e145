import Testing
@testable import QRCode

@Suite struct ReedSolomonTests {
    @Test func theFieldIsGeneratedByTwoModulo0x11D() {
        #expect(GaloisField256.exponents[0] == 1 && GaloisField256.exponents[7] == 128)
        #expect(GaloisField256.exponents[8] == 0x1D)                  // α⁸ = x⁴ + x³ + x² + 1
        #expect(GaloisField256.exponents[254] == 142 && GaloisField256.exponents[255] == 1)
        #expect(Set(GaloisField256.exponents[0..<255]).count == 255)  // α is primitive
        #expect(GaloisField256.multiply(2, 0x80) == 0x1D && GaloisField256.multiply(0, 0x80) == 0)
        for a in UInt8.min...UInt8.max where a != 0 {
            #expect(GaloisField256.multiply(a, GaloisField256.exponents[255 - GaloisField256.logarithms[Int(a)]]) == 1)
        }
    }

    /// The generator polynomials of ISO/IEC 18004 annex A, as exponents of α after the
    /// leading α⁰.
    @Test(arguments: [
        (7, [87, 229, 146, 149, 238, 102, 21]),
        (10, [251, 67, 46, 61, 118, 70, 64, 94, 32, 45]),
    ])
    func generatorPolynomials(degree: Int, exponents: [Int]) {
        #expect(ReedSolomon(degree: degree).generator.map { GaloisField256.logarithms[Int($0)] } == exponents)
    }

    @Test(arguments: [
        // ISO/IEC 18004 annex I: "01234567" in numeric mode, version 1-M.
        ([16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17] as [UInt8],
         [165, 36, 212, 193, 237, 54, 199, 135, 44, 85] as [UInt8]),
        // "HELLO WORLD" in alphanumeric mode, version 1-M.
        ([32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17],
         [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]),
    ])
    func errorCorrectionCodewords(data: [UInt8], expected: [UInt8]) {
        #expect(ReedSolomon(degree: expected.count).remainder(of: data) == expected)
    }

    /// A version 5-Q symbol has two blocks of 15 data codewords and two of 16: the final
    /// sequence interleaves the data, then the error correction (checked against the
    /// Python `qrcode` package).
    @Test func blocksAreSplitShortFirstAndInterleaved() {
        let bytes = Array("Relance: invoice F20260024, EUR 1234.56, due 2026".utf8)
        let data = QRCodewords.data(bytes, version: 5, level: .quartile)
        #expect(data.count == 62)
        #expect(QRCodewords.interleaved(data, version: 5, level: .quartile) == [
            67, 150, 85, 3, 21, 54, 85, 35, 38, 82, 34, 3, 86, 4, 3, 35, 198, 99, 19, 96, 22, 35, 35, 236, 230, 3, 51,
            17, 54, 35, 66, 236, 83, 99, 227, 17, 162, 3, 83, 236, 6, 3, 98, 17, 150, 35, 194, 236, 231, 66, 6, 17, 102,
            194, 71, 236, 246, 4, 86, 17, 82, 236, 6, 203, 98, 54, 27, 170, 28, 234, 28, 224, 50, 245, 88, 82, 180, 57,
            206, 16, 150, 153, 153, 106, 52, 207, 156, 213, 32, 6, 194, 134, 228, 220, 183, 157, 5, 254, 249, 195, 19,
            77, 165, 247, 203, 187, 36, 229, 2, 71, 43, 183, 166, 134, 32, 24, 126, 166, 130, 160, 188, 122, 44, 37, 153,
            108, 32, 213, 218, 141, 42, 27, 83, 25,
        ])
    }

    @Test func dataCodewordsAreModeCountBytesTerminatorAndPadding() {
        // 0100 | 00001011 | "HELLO WORLD" | 0000, then 0xEC 0x11 0xEC to 16 codewords.
        #expect(QRCodewords.data(Array("HELLO WORLD".utf8), version: 1, level: .medium)
            == [0x40, 0xB4, 0x84, 0x54, 0xC4, 0xC4, 0xF2, 0x05, 0x74, 0xF5, 0x24, 0xC4, 0x40, 0xEC, 0x11, 0xEC])
        // A full symbol has no room for the terminator; version 10 counts in 16 bits.
        let full = QRCodewords.data([UInt8](repeating: 0xAB, count: 14), version: 1, level: .medium)
        #expect(full.count == 16 && full.first == 0x40 && full[1] == 0xEA && full.last == 0xB0)
        #expect(QRCodewords.data([0xFF], version: 10, level: .medium).prefix(4) == [0x40, 0x00, 0x1F, 0xF0])
    }
}
