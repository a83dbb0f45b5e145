/// The penalty score of a masked symbol (ISO/IEC 18004 7.8.3.1); the encoder keeps the
/// mask with the lowest. The finished symbol is scored, format and version information
/// included; modules outside it count as light (the quiet zone).
enum QRPenalty {
    /// N1 + N2 + N3 + N4 for the square `modules` (row-major, `size` × `size`).
    static func score(_ modules: [Bool], size: Int) -> Int {
        let rows = (0..<size).map { y in Array(modules[y * size..<(y + 1) * size]) }
        let columns = (0..<size).map { x in (0..<size).map { y in modules[y * size + x] } }
        var score = 0
        for line in rows + columns { score += runs(line) + finderLike(line) }
        return score + blocks(rows) + balance(modules)
    }

    /// N1: each run of 5 + i modules of one colour in a row or column scores 3 + i.
    static func runs(_ line: [Bool]) -> Int {
        var score = 0
        var length = 0
        for (index, dark) in line.enumerated() {
            length = index > 0 && line[index - 1] == dark ? length + 1 : 1
            let runEnds = index == line.count - 1 || line[index + 1] != dark
            if runEnds && length >= 5 { score += length - 2 }
        }
        return score
    }

    /// N2: each 2×2 block of one colour (blocks may overlap) scores 3.
    static func blocks(_ rows: [[Bool]]) -> Int {
        var score = 0
        for y in 1..<rows.count {
            for x in 1..<rows[y].count {
                let colour = rows[y][x]
                if rows[y][x - 1] == colour, rows[y - 1][x] == colour, rows[y - 1][x - 1] == colour { score += 3 }
            }
        }
        return score
    }

    /// N3: each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) pattern in a row or column
    /// with four light modules before or after it scores 40. A pattern counted is skipped
    /// whole; the search otherwise resumes at its middle.
    static func finderLike(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        func isLight(_ range: Range<Int>) -> Bool {
            line[max(range.lowerBound, 0)..<min(range.upperBound, line.count)].allSatisfy { !$0 }
        }
        var score = 0
        var start = 0
        while start + 7 <= line.count {
            guard line[start..<start + 7].elementsEqual(pattern) else {
                start += 1
                continue
            }
            if isLight(start - 4..<start) || isLight(start + 7..<start + 11) {
                score += 40
                start += 7
            } else {
                start += 4
            }
        }
        return score
    }

    /// N4: 10 for every full 5 % the share of dark modules is away from 50 %.
    static func balance(_ modules: [Bool]) -> Int {
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        return 10 * (abs(dark * 20 - modules.count * 10) / modules.count)
    }
}
