/// A mailbox for a header: an address and an optional display name
/// (`"Dupont, Jean" <jean@example.com>`).
///
/// The display name may be any text: it is quoted when it has special characters and
/// written as RFC 2047 encoded words when it is not ASCII. The address is used as is
/// (non-ASCII addresses need a server offering SMTPUTF8); quoted local parts are not
/// supported.
public struct MIMEAddress: Sendable, Equatable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    /// - Throws: `MIMEError.invalidAddress` unless `address` is `local-part@domain` with no
    ///   spaces, control characters or `<>()[]\,;:"`.
    public init(_ address: String, displayName: String? = nil) throws(MIMEError) {
        let forbidden: Set<Unicode.Scalar> = ["<", ">", "(", ")", "[", "]", "\\", ",", ";", ":", "\""]
        guard address.utf8.count <= 254,
              address.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 && !forbidden.contains($0) }),
              let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex,
              !address[..<at].contains("@")
        else { throw .invalidAddress(address) }
        self.address = address
        let name = displayName.map(MIMEHeaderEncoder.normalizedText)
        self.displayName = name?.isEmpty == false ? name : nil
    }

    /// `Name <address>` or `address`, unencoded (for logs).
    public var description: String {
        guard let displayName else { return address }
        return "\(displayName) <\(address)>"
    }
}
