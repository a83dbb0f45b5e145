/// The square of modules a symbol is built on, row-major, `true` for dark, with a second
/// layer recording which modules belong to function patterns (finders, separators, timing,
/// alignment, format and version information, the dark module) and so are neither data
/// nor masked.
struct QRModuleGrid: Sendable {
    let size: Int
    private(set) var modules: [Bool]
    private var isFunction: [Bool]

    /// A grid for `version` with every function pattern drawn; the format information is
    /// reserved (drawn light) until `drawFormatInformation` writes it.
    init(version: Int) {
        size = QRVersionTable.size(version)
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawTimingPatterns()
        drawFinderPattern(centreX: 3, centreY: 3)
        drawFinderPattern(centreX: size - 4, centreY: 3)
        drawFinderPattern(centreX: 3, centreY: size - 4)
        drawAlignmentPatterns(QRVersionTable.alignmentCentres(version))
        // Reserve the format information; its bits depend on the mask.
        drawFormatInformation(0)
        if version >= 7 { drawVersionInformation(QRFormatInformation.versionBits(version)) }
    }

    subscript(x: Int, y: Int) -> Bool { modules[y * size + x] }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Row 6 and column 6 alternate dark and light, dark on even coordinates.
    private mutating func drawTimingPatterns() {
        for i in 0..<size {
            setFunction(x: 6, y: i, dark: i % 2 == 0)
            setFunction(x: i, y: 6, dark: i % 2 == 0)
        }
    }

    /// A 7×7 finder pattern (dark ring, light ring, dark 3×3 core) with its light
    /// one-module separator, clipped to the symbol.
    private mutating func drawFinderPattern(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx, y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// 5×5 alignment patterns at every pair of centres except the three on finders.
    private mutating func drawAlignmentPatterns(_ centres: [Int]) {
        guard let last = centres.indices.last else { return }
        for i in centres.indices {
            for j in centres.indices where !((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) {
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunction(x: centres[i] + dx, y: centres[j] + dy, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    /// The 15 format bits (bit 0 the least significant), twice: around the top-left
    /// finder, and split between the top-right and bottom-left ones; plus the dark module
    /// at (8, size − 8).
    mutating func drawFormatInformation(_ bits: Int) {
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        // Around the top-left finder: bits 0–7 down column 8 (skipping the timing row),
        // then bits 8–14 leftwards along row 8 (skipping the timing column).
        for i in 0...5 { setFunction(x: 8, y: i, dark: bit(i)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for i in 9..<15 { setFunction(x: 14 - i, y: 8, dark: bit(i)) }
        // Bits 0–7 along row 8 from the right edge, bits 8–14 up column 8 at the bottom.
        for i in 0..<8 { setFunction(x: size - 1 - i, y: 8, dark: bit(i)) }
        for i in 8..<15 { setFunction(x: 8, y: size - 15 + i, dark: bit(i)) }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// The 18 version bits in the two 6×3 blocks beside the top-right and bottom-left
    /// finders, bit 0 nearest the corner.
    private mutating func drawVersionInformation(_ bits: Int) {
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            setFunction(x: a, y: b, dark: dark)
            setFunction(x: b, y: a, dark: dark)
        }
    }

    /// Places the codewords, most significant bit first, in two-module-wide columns from
    /// the bottom-right corner, upwards then downwards in turn, skipping function modules
    /// and the vertical timing column. Modules left over (remainder bits) stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var index = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] && index < bitCount {
                    modules[y * size + x] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
        precondition(index == bitCount, "placed \(index) of \(bitCount) bits")
    }

    /// Flips every data module the mask selects (applying it twice undoes it).
    mutating func apply(_ mask: QRMask) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && mask.flips(x: x, y: y) {
                modules[y * size + x].toggle()
            }
        }
    }
}
