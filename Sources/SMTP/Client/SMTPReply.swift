/// A server's reply: a three-digit code and one or more lines of text.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// 2xx success, 3xx intermediate (e.g. 354 after DATA), 4xx transient, 5xx permanent.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined with newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// The RFC 3463 enhanced status code at the start of the first line (`2.0.0`), if any.
    public var enhancedStatusCode: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let klass = parts[0].first, "245".contains(klass), parts[0].count == 1,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        return String(first)
    }

    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// `250 2.0.0 Ok: queued as 4ABC`; lines of a multi-line reply are joined with a space.
    public var description: String { lines.isEmpty ? "\(code)" : "\(code) \(lines.joined(separator: " "))" }
}
