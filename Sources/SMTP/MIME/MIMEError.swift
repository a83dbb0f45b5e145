/// Why a part of a message cannot be built: the value, and what is wrong with it.
public enum MIMEError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An address that is not `local-part@domain`, or that has spaces, control characters
    /// or characters that would break a header (`<>()[]\,;:"`).
    case invalidAddress(String)
    /// A Message-ID that is not `left@right` of printable ASCII without `<>`, spaces or `"`.
    case invalidMessageID(String)
    /// A header name that is not printable ASCII without `:` and spaces.
    case invalidHeaderName(String)
    /// A header this builder writes itself (From, To, Subject, Content-Type, …).
    case reservedHeader(String)
    /// A content type that is not `type/subtype` of token characters.
    case invalidContentType(String)
    /// A Content-ID that is not `left@right` of printable ASCII without `<>` or spaces.
    case invalidContentID(String)

    public var description: String {
        switch self {
        case .invalidAddress(let address): return "invalid email address \"\(address.debugEscaped)\" (expected local-part@domain)"
        case .invalidMessageID(let id): return "invalid Message-ID \"\(id.debugEscaped)\" (expected left@right, printable ASCII)"
        case .invalidHeaderName(let name): return "invalid header name \"\(name.debugEscaped)\""
        case .reservedHeader(let name): return "the header \(name) is written by the message builder; set the corresponding property instead"
        case .invalidContentType(let type): return "invalid content type \"\(type.debugEscaped)\" (expected type/subtype)"
        case .invalidContentID(let id): return "invalid Content-ID \"\(id.debugEscaped)\" (expected left@right, printable ASCII)"
        }
    }
}
