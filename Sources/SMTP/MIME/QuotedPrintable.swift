/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: line breaks (LF, CR or CRLF) become
/// CRLF, lines are at most 76 characters with soft breaks (`=`), `=`, non-ASCII and
/// control bytes are `=XX`, and white space at the end of a line is encoded.
enum QuotedPrintable {
    static let maximumLineLength = 76

    /// The encoded text; it ends with CRLF only if the text ends with a line break.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        let lines = splitLines(Array(text.utf8))
        for (index, line) in lines.enumerated() {
            encode(line: line, into: &output)
            if index < lines.count - 1 { output.append(contentsOf: [13, 10]) }
        }
        return output
    }

    private static func encode(line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var lineLength = 0
        for (offset, byte) in zip(line.indices, line) {
            let isLast = offset == line.index(before: line.endIndex)
            let literal: Bool
            switch byte {
            case 33...60, 62...126: literal = true
            case 9, 32: literal = !isLast
            default: literal = false
            }
            let width = literal ? 1 : 3
            // Room for the piece, and unless it ends the line, for a soft break after it.
            if lineLength + width > (isLast ? maximumLineLength : maximumLineLength - 1) {
                output.append(contentsOf: [UInt8(ascii: "="), 13, 10])
                lineLength = 0
            }
            if literal {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "="))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 15)])
            }
            lineLength += width
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The lines between LF, CR or CRLF breaks (one more than there are breaks).
    private static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 || bytes[index] == 10 {
                lines.append(bytes[start..<index])
                if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }
}
