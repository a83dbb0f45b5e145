/// How document numbers are made: literal text with `{YYYY}` (year), `{YY}` (its last two
/// digits), `{MM}` (month, two digits) and exactly one `{seq:N}` (the sequence number,
/// zero-padded to N digits, N 1…12). Literal characters are A–Z, a–z, 0–9 and `- _ / .`;
/// formatted with an N-digit sequence the number has at most 40 characters.
/// `"F-{YYYY}-{seq:5}"` for 2026-03-01 and 42 gives `"F-2026-00042"`.
public struct NumberPattern: Sendable, Hashable {
    /// The most characters a formatted number may have.
    public static let maximumLength = 40

    /// The pattern as given.
    public let pattern: String
    private let parts: [Part]

    private enum Part: Sendable, Hashable {
        case literal(String)
        case year4, year2, month
        case sequence(width: Int)
    }

    /// The pattern, or nil when `problem(pattern)` is not nil.
    public init?(_ pattern: String) {
        guard case .success(let parts) = Self.parse(pattern) else { return nil }
        self.pattern = pattern
        self.parts = parts
    }

    /// Why `pattern` is not usable, or nil: "may only contain letters, digits, - _ / . and
    /// {YYYY}, {YY}, {MM}, {seq:N}", "{seq:N} needs N from 1 to 12", "must contain exactly one
    /// {seq:N}", or "must be at most 40 characters once formatted".
    public static func problem(_ pattern: String) -> String? {
        switch parse(pattern) {
        case .success: return nil
        case .failure(let problem): return problem.message
        }
    }

    /// The number for a document dated `date` with sequence number `sequence`; a sequence
    /// wider than N digits is printed in full (`{seq:2}` with 123 gives "123").
    public func format(date: CalendarDate, sequence: Int) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let literal): text += literal
            case .year4: text += Self.padded(date.year, 4)
            case .year2: text += Self.padded(date.year % 100, 2)
            case .month: text += Self.padded(date.month, 2)
            case .sequence(let width):
                text += sequence < 0 ? "-" + Self.padded(Int(sequence.magnitude), width) : Self.padded(sequence, width)
            }
        }
        return text
    }

    private static func padded(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private struct Problem: Error {
        let message: String
    }

    private static func parse(_ pattern: String) -> Result<[Part], Problem> {
        let badCharacter = Problem(message: "may only contain letters, digits, - _ / . and {YYYY}, {YY}, {MM}, {seq:N}")
        var parts: [Part] = []
        var length = 0
        var sequences = 0
        var rest = Substring(pattern)
        while let first = rest.first {
            if first == "{" {
                guard let close = rest.firstIndex(of: "}") else { return .failure(badCharacter) }
                let name = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                switch name {
                case "YYYY": parts.append(.year4); length += 4
                case "YY": parts.append(.year2); length += 2
                case "MM": parts.append(.month); length += 2
                default:
                    guard name.hasPrefix("seq:") else { return .failure(badCharacter) }
                    let digits = name.dropFirst(4)
                    guard let width = Int(digits), String(width) == digits, (1...12).contains(width) else {
                        return .failure(Problem(message: "{seq:N} needs N from 1 to 12"))
                    }
                    parts.append(.sequence(width: width))
                    length += width
                    sequences += 1
                }
            } else {
                let literal = rest.prefix { $0 != "{" }
                guard literal.allSatisfy(isLiteral) else { return .failure(badCharacter) }
                parts.append(.literal(String(literal)))
                length += literal.count
                rest = rest.dropFirst(literal.count)
            }
        }
        guard sequences == 1 else { return .failure(Problem(message: "must contain exactly one {seq:N}")) }
        guard length <= maximumLength else { return .failure(Problem(message: "must be at most 40 characters once formatted")) }
        return .success(parts)
    }

    private static func isLiteral(_ character: Character) -> Bool {
        guard character.isASCII, let scalar = character.unicodeScalars.first else { return false }
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "-", "_", "/", ".": return true
        default: return false
        }
    }
}
