import Testing
@testable import QRCode

/// The tables against ISO/IEC 18004 table 7 (byte mode capacities, checked against the
/// Python `segno` package's tables as well).
@Suite struct QRVersionTableTests {
    static let totalCodewords = [
        26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
        1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
    ]

    static let byteCapacities: [(QRErrorCorrection, [Int])] = [
        (.low, [17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858,
                929, 1003, 1091, 1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953]),
        (.medium, [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
                   711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331]),
        (.quartile, [11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482,
                     509, 565, 611, 661, 715, 751, 805, 868, 908, 982, 1030, 1112, 1168, 1228, 1283, 1351, 1423, 1499, 1579, 1663]),
        (.high, [7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382,
                 403, 439, 461, 511, 535, 593, 625, 658, 698, 742, 790, 842, 898, 958, 983, 1051, 1093, 1139, 1219, 1273]),
    ]

    @Test func totalCodewordsPerVersion() {
        #expect(QRVersionTable.versions.map(QRVersionTable.totalCodewords) == Self.totalCodewords)
    }

    @Test(arguments: byteCapacities)
    func byteModeCapacities(level: QRErrorCorrection, capacities: [Int]) {
        #expect(QRVersionTable.versions.map { QRCode.byteCapacity(version: $0, errorCorrection: level) } == capacities)
    }

    @Test(arguments: QRErrorCorrection.allCases)
    func blocksShareTheCodewordsEvenly(level: QRErrorCorrection) {
        for version in QRVersionTable.versions {
            let blocks = QRVersionTable.blocks(version: version, level: level)
            let perBlock = QRVersionTable.errorCorrectionPerBlock(version: version, level: level)
            let total = QRVersionTable.totalCodewords(version)
            // Longer blocks are one codeword longer, and fewer than all of them.
            #expect(total % blocks < blocks && total / blocks > perBlock, "version \(version)")
        }
    }

    @Test func alignmentPatternCentres() {
        #expect(QRVersionTable.alignmentCentres(1).isEmpty)
        #expect(QRVersionTable.alignmentCentres(2) == [6, 18])
        #expect(QRVersionTable.alignmentCentres(7) == [6, 22, 38])
        #expect(QRVersionTable.alignmentCentres(13) == [6, 34, 62])
        #expect(QRVersionTable.alignmentCentres(32) == [6, 34, 60, 86, 112, 138])
        #expect(QRVersionTable.alignmentCentres(40) == [6, 30, 58, 86, 114, 142, 170])
        for version in QRVersionTable.versions where version > 1 {
            let centres = QRVersionTable.alignmentCentres(version)
            #expect(centres.count == version / 7 + 2 && centres.last == QRVersionTable.size(version) - 7, "version \(version)")
        }
    }

    /// Format information (ISO/IEC 18004 annex C, table C.1), masked with 0x5412, by level
    /// and mask 0…7.
    @Test(arguments: [
        (QRErrorCorrection.low, [0x77C4, 0x72F3, 0x7DAA, 0x789D, 0x662F, 0x6318, 0x6C41, 0x6976]),
        (.medium, [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]),
        (.quartile, [0x355F, 0x3068, 0x3F31, 0x3A06, 0x24B4, 0x2183, 0x2EDA, 0x2BED]),
        (.high, [0x1689, 0x13BE, 0x1CE7, 0x19D0, 0x0762, 0x0255, 0x0D0C, 0x083B]),
    ])
    func formatInformation(level: QRErrorCorrection, words: [Int]) {
        #expect(QRMask.allCases.map { QRFormatInformation.formatBits(level: level, mask: $0) } == words)
    }

    /// Version information for versions 7…40 (ISO/IEC 18004 annex D, table D.1).
    @Test func versionInformation() {
        #expect((7...40).map(QRFormatInformation.versionBits) == [
            0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78, 0x1145D, 0x12A17,
            0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB, 0x1B08E, 0x1CC1A, 0x1D33F, 0x1ED75,
            0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B, 0x2542E, 0x26A64, 0x27541, 0x28C69,
        ])
    }
}
