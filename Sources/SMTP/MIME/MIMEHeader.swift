/// An extra header of a message (`List-Unsubscribe`, `X-Campaign`, `Auto-Submitted`…).
///
/// The value is unstructured text: written as is when ASCII (folded at spaces), as
/// RFC 2047 encoded words otherwise. Line breaks in it become spaces.
public struct MIMEHeader: Sendable, Equatable {
    public let name: String
    public let value: String

    /// Headers the builder writes from the message's properties.
    static let reserved: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "content-disposition", "content-id",
    ]

    /// - Throws: `MIMEError.invalidHeaderName` for a name that is empty, longer than 76
    ///   octets, or has characters outside printable ASCII or a `:`;
    ///   `MIMEError.reservedHeader` for a header the builder writes itself.
    public init(_ name: String, _ value: String) throws(MIMEError) {
        guard !name.isEmpty, name.utf8.count <= 76,
              name.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != ":" })
        else { throw .invalidHeaderName(name) }
        guard !Self.reserved.contains(name.lowercased()) else { throw .reservedHeader(name) }
        self.name = name
        self.value = value
    }
}
