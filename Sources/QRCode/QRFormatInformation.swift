/// The BCH-protected words that tell a reader how a symbol is built.
enum QRFormatInformation {
    /// The 15-bit format information: the level's 2 bits and the mask's 3, a BCH(15,5)
    /// remainder by the generator 0x537, XORed with 0x5412 so it is never all light.
    static func formatBits(level: QRErrorCorrection, mask: QRMask) -> Int {
        let data = level.formatBits << 3 | mask.number
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18-bit version information of versions 7 and up: the version's 6 bits and a
    /// BCH(18,6) remainder by the generator 0x1F25.
    static func versionBits(_ version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }
}
