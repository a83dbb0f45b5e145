/// The per-version facts of ISO/IEC 18004 (tables 1, 9 and annex E): symbol size, codeword
/// counts, the Reed–Solomon block structure for each error correction level, and the
/// alignment pattern centres.
enum QRVersionTable {
    /// The versions a QR code (model 2) can have.
    static let versions = 1...40

    /// Modules along one side: 21 for version 1, four more for each version after.
    static func size(_ version: Int) -> Int { 17 + 4 * version }

    /// Every codeword the symbol holds, data and error correction: the modules left once
    /// the function patterns, format and version information are placed, divided by 8
    /// (the 0–7 remainder bits are left over).
    static func totalCodewords(_ version: Int) -> Int {
        let side = size(version)
        var modules = side * side
        modules -= 3 * 64                                   // finder patterns with separators
        modules -= 2 * (side - 16)                          // timing patterns
        modules -= 31                                       // format information, dark module
        let alignments = alignmentCentres(version).count
        if alignments > 0 {
            // An n×n grid of 5×5 patterns less the three on finders; those on the timing
            // patterns overlap them by 5 modules each.
            modules -= 25 * (alignments * alignments - 3) - 10 * (alignments - 2)
        }
        if version >= 7 { modules -= 36 }                   // two 6×3 version information blocks
        return modules / 8
    }

    /// The error correction codewords in each block.
    static func errorCorrectionPerBlock(version: Int, level: QRErrorCorrection) -> Int {
        errorCorrectionPerBlock[level.rawValue][version - 1]
    }

    /// How many blocks the codewords are split into.
    static func blocks(version: Int, level: QRErrorCorrection) -> Int {
        blocks[level.rawValue][version - 1]
    }

    /// The data codewords: the total less every block's error correction.
    static func dataCodewords(version: Int, level: QRErrorCorrection) -> Int {
        totalCodewords(version) - errorCorrectionPerBlock(version: version, level: level) * blocks(version: version, level: level)
    }

    /// The bits of the character count indicator in byte mode: 8 up to version 9, then 16.
    static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most bytes byte mode fits: the data codewords less the 4-bit mode indicator and
    /// the character count, in whole bytes.
    static func byteCapacity(version: Int, level: QRErrorCorrection) -> Int {
        (dataCodewords(version: version, level: level) * 8 - 4 - countBits(version)) / 8
    }

    /// The row and column coordinates of alignment pattern centres (none for version 1).
    static func alignmentCentres(_ version: Int) -> [Int] { alignmentCentres[version - 1] }

    // Indexed [level.rawValue][version - 1], levels in the order L, M, Q, H.
    private static let errorCorrectionPerBlock: [[Int]] = [
        [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    private static let blocks: [[Int]] = [
        [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82],
        [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]
}
