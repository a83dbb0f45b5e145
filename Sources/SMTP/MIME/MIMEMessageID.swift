/// A Message-ID (RFC 5322 §3.6.4), chosen by the caller so that it is stable across
/// retries: a resent message keeps its id, and recipients' clients can tell duplicates.
public struct MIMEMessageID: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The id without angle brackets: `left@right`.
    public let value: String

    /// - Parameter value: `left@right`, with or without the angle brackets, e.g.
    ///   `reminder.42.3@mail.example.com`.
    /// - Throws: `MIMEError.invalidMessageID` unless it is printable ASCII without spaces,
    ///   `<>` or `"`, with text on both sides of one `@`.
    public init(_ value: String) throws(MIMEError) {
        var id = Substring(value)
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 { id = id.dropFirst().dropLast() }
        guard Self.isValid(id) else { throw .invalidMessageID(value) }
        self.value = String(id)
    }

    /// `<left@right>`, as the header writes it.
    public var description: String { "<\(value)>" }

    /// printable ASCII, no space, `<`, `>` or `"`, exactly one `@` not at either end, at
    /// most 250 octets.
    static func isValid(_ id: Substring) -> Bool {
        guard id.utf8.count <= 250,
              id.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != "<" && $0 != ">" && $0 != "\"" }),
              id.filter({ $0 == "@" }).count == 1,
              !id.hasPrefix("@"), !id.hasSuffix("@")
        else { return false }
        return true
    }
}
