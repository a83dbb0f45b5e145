/// Why a QR code cannot be made.
public enum QRCodeError: Error, Sendable, Hashable {
    /// The data does not fit in the largest allowed version at the chosen error correction
    /// level: `bytes` were given, `capacity` fit.
    case dataTooLong(bytes: Int, capacity: Int)
    /// The version bounds are not within 1…40, or the minimum exceeds the maximum.
    case invalidVersionRange(minimum: Int, maximum: Int)
}
