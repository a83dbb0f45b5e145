/// How much of a QR code can be damaged and still be read: the share of codewords given to
/// Reed–Solomon error correction.
public enum QRErrorCorrection: Int, Sendable, Hashable, CaseIterable {
    /// About 7 % of the codewords can be restored.
    case low
    /// About 15 %: the usual choice, and the one EPC payment codes require.
    case medium
    /// About 25 %.
    case quartile
    /// About 30 %.
    case high

    /// The two bits the format information carries for this level (L 01, M 00, Q 11, H 10).
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }
}
