import RelanceTestSupport
import Testing
@testable import QRCode

/// Codes read back by a real decoder (`zbarimg`): the bytes it decodes are the bytes encoded.
@Suite(.enabled(if: ZBar.shouldRun, "zbarimg is not installed (apt-get install zbar-tools); set RELANCE_TEST_REQUIRE_ZBAR=1 to fail instead"))
struct QRCodeDecodingTests {
    /// `count` bytes covering all 256 values, different for each length (a fixed LCG).
    static func bytes(_ count: Int) -> [UInt8] {
        var state = UInt32(truncatingIfNeeded: count &* 2_654_435_761 | 1)
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    static func roundTrip(_ bytes: [UInt8], _ level: QRErrorCorrection = .medium, mask: QRMask? = nil) async throws -> QRCode {
        let code = try QRCode(bytes: bytes, errorCorrection: level, mask: mask)
        let decoded = try await ZBar.decode(pgm: code.pgm(scale: 3))
        #expect(decoded == bytes, "version \(code.version)-\(level), \(code.mask), \(bytes.count) bytes")
        return code
    }

    /// Versions 1–13 at M (an EPC payment code's range), each at its smallest and largest
    /// payload, then a few larger versions up to 40.
    @Test(arguments: Array(1...13) + [14, 20, 27, 40])
    func randomBytesAtEachVersionsBoundaries(version: Int) async throws {
        let largest = QRCode.byteCapacity(version: version, errorCorrection: .medium)
        let smallest = version == 1 ? 0 : QRCode.byteCapacity(version: version - 1, errorCorrection: .medium) + 1
        for count in Set([smallest, largest]).sorted() where count > 0 {
            #expect(try await Self.roundTrip(Self.bytes(count)).version == version)
        }
    }

    @Test(arguments: [
        "HELLO WORLD",
        "Relance — facture n° F2026-0024 : 1 234,56 € à régler avant le 15/05 ✓ 日本語 🇫🇷",
        "BCD\n002\n1\nSCT\nBNPAFRPP\nDupont & Fils SARL\nFR7630006000011234567890189\nEUR1234.56\n\nRF70F20260024",
        "https://pay.example.com/i/F20260024?amount=1234.56&currency=EUR",
    ])
    func text(_ text: String) async throws {
        _ = try await Self.roundTrip(Array(text.utf8))
    }

    @Test(arguments: QRErrorCorrection.allCases)
    func everyErrorCorrectionLevel(level: QRErrorCorrection) async throws {
        _ = try await Self.roundTrip(Self.bytes(100), level)
        _ = try await Self.roundTrip(Self.bytes(QRCode.byteCapacity(version: 10, errorCorrection: level)), level)
    }

    @Test(arguments: QRMask.allCases)
    func everyMask(mask: QRMask) async throws {
        #expect(try await Self.roundTrip(Self.bytes(60), mask: mask).mask == mask)
    }
}
