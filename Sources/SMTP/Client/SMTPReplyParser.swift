import NIOCore

/// Cuts replies out of the bytes a server sends (RFC 5321 §4.2): lines of `NNN-text`
/// continued until `NNN text` (or a bare `NNN`), every line with the same code.
///
/// Lines end with CRLF; a bare LF is accepted too. A line longer than `maximumLineLength`
/// or a malformed one is a protocol violation.
struct SMTPReplyParser {
    /// Far above RFC 5321's 512 octets, to tolerate chatty servers while bounding memory.
    static let maximumLineLength = 8192
    /// The most lines one reply may have (an EHLO reply has one per extension).
    static let maximumLineCount = 512

    private var buffer: [UInt8] = []
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// Whether bytes were received that no complete reply has consumed yet.
    var hasBufferedBytes: Bool { !buffer.isEmpty || pendingCode != nil }

    mutating func append(_ bytes: ByteBuffer) {
        buffer.append(contentsOf: bytes.readableBytesView)
    }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil until more bytes arrive.
    mutating func nextReply() throws(SMTPError) -> SMTPReply? {
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > buffer.startIndex, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = Array(buffer[buffer.startIndex..<end])
            buffer.removeSubrange(buffer.startIndex...newline)
            guard line.count <= Self.maximumLineLength else {
                throw .protocolViolation("a reply line is longer than \(Self.maximumLineLength) bytes")
            }
            if let reply = try consume(line: line) { return reply }
        }
        if buffer.count > Self.maximumLineLength {
            throw .protocolViolation("a reply line is longer than \(Self.maximumLineLength) bytes")
        }
        return nil
    }

    private mutating func consume(line: [UInt8]) throws(SMTPError) -> SMTPReply? {
        guard line.count >= 3, line[0..<3].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .protocolViolation("a reply line does not start with a three-digit code: \(Self.excerpt(line))")
        }
        let code = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        guard (200...599).contains(code) else {
            throw .protocolViolation("reply code \(code) is outside 200 to 599")
        }
        let isLast: Bool
        let text: String
        if line.count == 3 {
            isLast = true
            text = ""
        } else if line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-") {
            isLast = line[3] == UInt8(ascii: " ")
            text = String(decoding: line[4...], as: UTF8.self)
        } else {
            throw .protocolViolation("a reply line has neither a space nor a hyphen after its code: \(Self.excerpt(line))")
        }
        if let pendingCode, pendingCode != code {
            throw .protocolViolation("a multi-line reply changes its code from \(pendingCode) to \(code)")
        }
        pendingCode = code
        pendingLines.append(text)
        guard pendingLines.count <= Self.maximumLineCount else {
            throw .protocolViolation("a reply has more than \(Self.maximumLineCount) lines")
        }
        guard isLast else { return nil }
        defer {
            pendingCode = nil
            pendingLines = []
        }
        return SMTPReply(code: code, lines: pendingLines)
    }

    private static func excerpt(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(60), as: UTF8.self)
        return "\"\(text)\(line.count > 60 ? "…" : "")\""
    }
}
