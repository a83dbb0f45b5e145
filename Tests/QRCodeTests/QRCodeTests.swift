import Testing
@testable import QRCode

@Suite struct QRCodeTests {
    /// The modules row by row, "#" dark and "." light.
    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { y in String((0..<code.size).map { code[$0, y] ? "#" : "." }) }
    }

    /// "HELLO WORLD" in byte mode, version 1-M with mask 2, module for module as the Python
    /// `qrcode` package draws it.
    @Test func helloWorldVersion1MediumMask2() throws {
        let code = try QRCode(bytes: Array("HELLO WORLD".utf8), errorCorrection: .medium, mask: QRMask(2))
        #expect(code.version == 1 && code.size == 21 && code.mask == QRMask(2))
        #expect(Self.rows(code) == [
            "#######.....#.#######",
            "#.....#..#.#..#.....#",
            "#.###.#.###.#.#.###.#",
            "#.###.#.#.#.#.#.###.#",
            "#.###.#.#.#.#.#.###.#",
            "#.....#.##.#..#.....#",
            "#######.#.#.#.#######",
            "........#.#..........",
            "#.#####...##..#####..",
            ".##....#.#######.##..",
            "#.##..##....###..###.",
            ".###.#..######..###..",
            "#...#.##.##.##....#.#",
            "........###.#....#...",
            "#######..#.#..#...##.",
            "#.....#.###..#.#.####",
            "#.###.#.#..#...#..#.#",
            "#.###.#.#...######...",
            "#.###.#.##..#..#..#..",
            "#.....#...#.##..###..",
            "#######.#.###...#.##.",
        ])
    }

    /// A version 7 symbol (alignment patterns on the timing patterns, version information),
    /// "Relance" at M with mask 5, as the Python `qrcode` package draws it.
    @Test func relanceVersion7MediumMask5() throws {
        let code = try QRCode(bytes: Array("Relance".utf8), minimumVersion: 7, mask: QRMask(5))
        #expect(code.version == 7 && code.size == 45)
        #expect(Self.rows(code) == [
            "#######...#.##.#..#########.#..#.#..#.#######",
            "#.....#.##..###.##.#.#.#.#....####.#..#.....#",
            "#.###.#.####...#.....#...###..#..#.#..#.###.#",
            "#.###.#.#.###.#..#..####...#.###...##.#.###.#",
            "#.###.#..#####.#..###########.#.#####.#.###.#",
            "#.....#..###..#...###...#..#######....#.....#",
            "#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#######",
            "........#.....#..##.#...####.#.#....#........",
            "#.....#.#..###.##.#######.##........###..###.",
            "..###..#####.....###.#..##.###.##.##.##..#...",
            "...#.######..####.#..###...#..#.......#.#..#.",
            ".###.....#...#...######....#..#..###.###.#..#",
            "##.#.###.##.###.####.##...###.#..#..##.######",
            ".###.#.#.###..#.#####..##..#..#.###.####..##.",
            ".#.#..#....##.#.##.#....##.#.#####.##..#.##..",
            "#....#..#.###..##...#.####..#.###.#.#.#.#.###",
            "##.#..#.##.###.#.#.#....#.#.###.....##..###..",
            "...##...#.##..##..#.....###.#.##...#....##...",
            ".#.##.###..#.#...####.#..##...###.##..#..#...",
            "...###.#.......######......#.#.#.###.###.#..#",
            ".#########.#..##..#.######.#.....##.#####.###",
            "....#...#.#.#..#.####...#.####.###..#...#####",
            "#.#.#.#.#...#..#.#.##.#.##.#..#..#.##.#.###..",
            ".##.#...#...#.###..##...#.....#..####...####.",
            "#.#########.#..##...#####.#...#..#.#######.##",
            "...##..##.##.#.#..#..#.#....#.#.####..#...##.",
            "#.###.##....###.#.#.#.####..######.#.##..###.",
            ".#####...##..#.#..#.#...##..##.##.#.#.#.#.##.",
            ".#...####.#..###.##.#.###.#.#..........#####.",
            ".#..##.##.##...##.......###.##.#....####.#...",
            "########.##.###.####.##.###..####.###.#.##...",
            ".#.#.#.#...##.##..#..#..#..#.#...##...#..#..#",
            "##..####.########....#.###.#...######..#..###",
            ".......#...#.#####...##.#.####...#.#.###..###",
            "....#.##.##.#.#....#..#.##.#..####.##..####..",
            ".####...#....#...####.##.##...#.....##.##.##.",
            "#..##.#....#.....#..######....#...#######.###",
            "........#.#.##.#...##...###.#.#.#..##...##...",
            "#######..#...##...#.#.#.#...#####...#.#.#.###",
            "#.....#...#.#.#...#.#...##.###.##.###...###..",
            "#.###.#..###.####...#####.##........#####..##",
            "#.###.#...##.###.#.#.##..###.#.#...#####.#...",
            "#.###.#..#.####.##.####..########.####.###.##",
            "#.....#...##.#...##..####..#..#..#######.#...",
            "#######.##..#.#.#..####.##.#.######.#..#..##.",
        ])
    }

    /// The penalty of each mask (N1 + N2 + N3 + N4) as the Python `segno` package scores the
    /// same symbols; without a mask given, the lowest (mask 3) is chosen.
    @Test func theMaskWithTheLowestPenaltyIsChosen() throws {
        let bytes = Array("HELLO WORLD".utf8)
        let penalties = try QRMask.allCases.map { try QRCode(bytes: bytes, mask: $0).penalty }
        #expect(penalties == [1055, 1090, 1063, 1000, 1011, 1076, 1101, 1077])
        let code = try QRCode(bytes: bytes)
        #expect(code.mask == QRMask(3) && code.penalty == 1000)
        let forced = try QRCode(bytes: bytes, mask: QRMask(3))
        #expect(code == forced)
    }

    @Test func penaltyRules() {
        // N1: runs of 5 + i score 3 + i; N3 counts border modules as light.
        #expect(QRPenalty.runs([true, true, true, true, false, true, true, true, true, true, true]) == 4)
        #expect(QRPenalty.runs([Bool](repeating: false, count: 5)) == 3)
        #expect(QRPenalty.finderLike([true, false, true, true, true, false, true]) == 40)
        #expect(QRPenalty.finderLike([true, false, true, true, true, false, true, false, false, false, false]) == 40)
        #expect(QRPenalty.finderLike([true, true, true, true, true, false, true, true, true, false, true, true, true, true, true]) == 0)
        #expect(QRPenalty.blocks([[true, true, true], [true, true, false]]) == 3)
        #expect(QRPenalty.balance([true, false]) == 0 && QRPenalty.balance([true, true, true, false]) == 50)
        #expect(QRPenalty.balance(Array(repeating: true, count: 11) + Array(repeating: false, count: 9)) == 10)
    }

    /// The smallest version that holds the bytes at M: each version's capacity fits, one
    /// byte more moves to the next version.
    @Test(arguments: [
        (1, 14), (2, 26), (3, 42), (4, 62), (5, 84), (6, 106), (7, 122), (8, 152), (9, 180), (10, 213),
        (11, 251), (12, 287), (13, 331), (14, 362), (20, 666), (27, 1125), (39, 2213),
    ])
    func versionSelectionAtTheCapacityBoundaries(version: Int, capacity: Int) throws {
        #expect(QRCode.byteCapacity(version: version, errorCorrection: .medium) == capacity)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: capacity)).version == version)
        #expect(try QRCode(bytes: [UInt8](repeating: 0x41, count: capacity + 1)).version == version + 1)
    }

    @Test func versionBoundsAreHonoured() throws {
        #expect(try QRCode(bytes: []).version == 1)
        #expect(try QRCode(bytes: [1], minimumVersion: 5).version == 5)
        #expect(try QRCode(bytes: [UInt8](repeating: 0, count: 331), maximumVersion: 13).version == 13)
        #expect(try QRCode(bytes: [UInt8](repeating: 0, count: 2953), errorCorrection: .low).version == 40)
        #expect(try QRCode(bytes: [UInt8](repeating: 0, count: 17), errorCorrection: .high).version == 3)
    }

    @Test(arguments: [
        (332, QRErrorCorrection.medium, 13, QRCodeError.dataTooLong(bytes: 332, capacity: 331)),
        (15, .medium, 1, .dataTooLong(bytes: 15, capacity: 14)),
        (2332, .medium, 40, .dataTooLong(bytes: 2332, capacity: 2331)),
        (2954, .low, 40, .dataTooLong(bytes: 2954, capacity: 2953)),
        (1274, .high, 40, .dataTooLong(bytes: 1274, capacity: 1273)),
    ])
    func tooMuchDataIsAnError(count: Int, level: QRErrorCorrection, maximumVersion: Int, error: QRCodeError) {
        #expect(throws: error) {
            try QRCode(bytes: [UInt8](repeating: 0x20, count: count), errorCorrection: level, maximumVersion: maximumVersion)
        }
    }

    @Test(arguments: [(0, 40), (1, 41), (10, 9), (41, 41), (-1, 3)])
    func versionBoundsOutsideOneToFortyAreAnError(minimum: Int, maximum: Int) {
        #expect(throws: QRCodeError.invalidVersionRange(minimum: minimum, maximum: maximum)) {
            try QRCode(bytes: [1], minimumVersion: minimum, maximumVersion: maximum)
        }
    }

    @Test func masksAreNumberedZeroToSeven() {
        #expect(QRMask.allCases.map(\.number) == Array(0...7))
        #expect(QRMask(-1) == nil && QRMask(8) == nil && QRMask(7)?.description == "mask 7")
    }

    /// Function patterns, the dark module, and both copies of the format and version
    /// information, read back from the modules.
    @Test(arguments: [(1, QRErrorCorrection.low), (2, .medium), (7, .quartile), (13, .medium), (21, .high), (40, .medium)])
    func functionPatternsAndInformationAreInPlace(version: Int, level: QRErrorCorrection) throws {
        let code = try QRCode(bytes: Array("function patterns".utf8), errorCorrection: level, minimumVersion: version)
        let size = code.size
        #expect(code.version == version && size == 17 + 4 * version)
        // Finders (with separators) in three corners.
        for (left, top) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for dy in -1...7 {
                for dx in -1...7 {
                    let x = left + dx, y = top + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    #expect(code[x, y] == (ring != 2 && ring != 4), "finder module (\(x), \(y))")
                }
            }
        }
        // Timing patterns between the finders.
        for i in 8..<(size - 8) {
            #expect(code[i, 6] == (i % 2 == 0) && code[6, i] == (i % 2 == 0), "timing module \(i)")
        }
        #expect(code[8, size - 8], "the dark module")
        // Format information: both copies, bit 0 first.
        let first = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        let second = (0..<8).map { (size - 1 - $0, 8) } + (8..<15).map { (8, size - 15 + $0) }
        let format = QRFormatInformation.formatBits(level: level, mask: code.mask)
        for (index, (x, y)) in first.enumerated() { #expect(code[x, y] == ((format >> index) & 1 == 1)) }
        for (index, (x, y)) in second.enumerated() { #expect(code[x, y] == ((format >> index) & 1 == 1)) }
        // Version information in the two 6×3 blocks.
        if version >= 7 {
            let bits = QRFormatInformation.versionBits(version)
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                #expect(code[size - 11 + i % 3, i / 3] == dark && code[i / 3, size - 11 + i % 3] == dark, "version bit \(i)")
            }
        }
    }

    @Test func pgmHasTheQuietZoneAndScale() throws {
        let code = try QRCode(bytes: Array("PGM".utf8))
        let image = code.pgm(scale: 3, quietZone: 2)
        let header = Array("P5\n75 75\n255\n".utf8)
        #expect(Array(image.prefix(header.count)) == header)
        #expect(image.count == header.count + 75 * 75)
        let pixels = Array(image.dropFirst(header.count))
        #expect(pixels[0] == 255 && pixels[5 * 75 + 5] == 255)     // quiet zone
        #expect(pixels[6 * 75 + 6] == 0 && pixels[8 * 75 + 8] == 0) // the finder's corner, 3×3 pixels
        #expect(Set(pixels) == [0, 255])
    }
}
