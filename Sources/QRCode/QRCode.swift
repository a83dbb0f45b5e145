/// A QR code (ISO/IEC 18004, model 2) encoding bytes in byte mode: a square of dark and
/// light modules, without its quiet zone.
///
/// The encoder picks the smallest version from `minimumVersion` up that holds the bytes at
/// the chosen error correction level, and the mask with the lowest penalty score unless
/// one is given. Only byte mode is used, so text is encoded as its UTF-8 bytes.
///
/// ```swift
/// let code = try QRCode(bytes: Array("BCD\n002\n1\nSCT\n…".utf8))
/// let svg = code.svg(label: "Pay by bank transfer")
/// ```
public struct QRCode: Sendable, Hashable {
    /// The version, 1…40; it sets the size.
    public let version: Int
    /// Modules along one side: 17 + 4 × version.
    public let size: Int
    /// The error correction level the code was made with.
    public let errorCorrection: QRErrorCorrection
    /// The data mask applied.
    public let mask: QRMask
    /// Row-major, `true` for dark.
    private let modules: [Bool]

    /// Encodes `bytes`.
    /// - Parameters:
    ///   - bytes: The data, in byte mode (UTF-8 for text).
    ///   - errorCorrection: The error correction level; medium (M) by default.
    ///   - minimumVersion: The smallest version to use, 1…40.
    ///   - maximumVersion: The largest version allowed, 1…40 (an EPC payment code: 13).
    ///   - mask: A mask to use instead of the one with the lowest penalty.
    /// - Throws: `QRCodeError.dataTooLong` when the bytes do not fit in `maximumVersion`,
    ///   `.invalidVersionRange` when the bounds are not within 1…40 or are reversed.
    public init(
        bytes: [UInt8], errorCorrection: QRErrorCorrection = .medium,
        minimumVersion: Int = 1, maximumVersion: Int = 40, mask: QRMask? = nil
    ) throws(QRCodeError) {
        guard QRVersionTable.versions.contains(minimumVersion), QRVersionTable.versions.contains(maximumVersion),
              minimumVersion <= maximumVersion else {
            throw .invalidVersionRange(minimum: minimumVersion, maximum: maximumVersion)
        }
        guard let version = (minimumVersion...maximumVersion).first(where: {
            QRVersionTable.byteCapacity(version: $0, level: errorCorrection) >= bytes.count
        }) else {
            throw .dataTooLong(bytes: bytes.count, capacity: QRVersionTable.byteCapacity(version: maximumVersion, level: errorCorrection))
        }

        let data = QRCodewords.data(bytes, version: version, level: errorCorrection)
        var grid = QRModuleGrid(version: version)
        grid.placeCodewords(QRCodewords.interleaved(data, version: version, level: errorCorrection))

        func masked(_ mask: QRMask) -> QRModuleGrid {
            var candidate = grid
            candidate.apply(mask)
            candidate.drawFormatInformation(QRFormatInformation.formatBits(level: errorCorrection, mask: mask))
            return candidate
        }
        // The mask given, or the first of those with the lowest penalty.
        var chosenMask = mask ?? QRMask.allCases[0]
        var chosen = masked(chosenMask)
        if mask == nil {
            var lowest = QRPenalty.score(chosen.modules, size: chosen.size)
            for candidateMask in QRMask.allCases.dropFirst() {
                let candidate = masked(candidateMask)
                let score = QRPenalty.score(candidate.modules, size: candidate.size)
                if score < lowest {
                    chosenMask = candidateMask
                    chosen = candidate
                    lowest = score
                }
            }
        }

        self.version = version
        self.size = chosen.size
        self.errorCorrection = errorCorrection
        self.mask = chosenMask
        self.modules = chosen.modules
    }

    /// Whether the module in column `x`, row `y` (both 0-based from the top-left, within
    /// `0..<size`) is dark.
    public subscript(x: Int, y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "module (\(x), \(y)) outside a \(size)×\(size) code")
        return modules[y * size + x]
    }

    /// The largest number of bytes a version holds at a level in byte mode (v1-M: 14,
    /// v13-M: 331, v40-L: 2953).
    public static func byteCapacity(version: Int, errorCorrection: QRErrorCorrection) -> Int {
        precondition(QRVersionTable.versions.contains(version), "version \(version) outside 1…40")
        return QRVersionTable.byteCapacity(version: version, level: errorCorrection)
    }

    /// The penalty score of this code as it is (ISO/IEC 18004 7.8.3.1), for inspection.
    var penalty: Int { QRPenalty.score(modules, size: size) }
}
