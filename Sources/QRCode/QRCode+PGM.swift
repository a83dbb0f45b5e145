extension QRCode {
    /// The code as a binary PGM image (netpbm `P5`, 8-bit grey): black modules 0, light
    /// ones and the quiet zone 255. Any image tool reads it; the tests hand it to a real
    /// decoder.
    /// - Parameters:
    ///   - scale: Pixels per module side, at least 1.
    ///   - quietZone: The light margin in modules; the standard asks for 4.
    public func pgm(scale: Int = 4, quietZone: Int = 4) -> [UInt8] {
        precondition(scale >= 1 && quietZone >= 0, "scale must be positive and the quiet zone not negative")
        let side = (size + 2 * quietZone) * scale
        var image = Array("P5\n\(side) \(side)\n255\n".utf8)
        image.reserveCapacity(image.count + side * side)
        for pixelY in 0..<side {
            let y = pixelY / scale - quietZone
            for pixelX in 0..<side {
                let x = pixelX / scale - quietZone
                let dark = (0..<size).contains(x) && (0..<size).contains(y) && self[x, y]
                image.append(dark ? 0 : 255)
            }
        }
        return image
    }
}
