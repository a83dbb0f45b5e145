/// Who a message is from and to, as SMTP carries it (`MAIL FROM` and `RCPT TO`), apart
/// from the message's headers: Bcc recipients appear here only.
public struct SMTPEnvelope: Sendable, Equatable {
    /// The reverse-path, where bounces go: an address, or "" for the null sender.
    public var sender: String
    /// At least one forward-path.
    public var recipients: [String]

    public init(sender: String, recipients: [String]) {
        self.sender = sender
        self.recipients = recipients
    }

    /// Whether an address has non-ASCII characters, so the server must offer SMTPUTF8.
    var needsSMTPUTF8: Bool { ([sender] + recipients).contains { !$0.utf8.allSatisfy { $0 < 0x80 } } }

    /// Checks that every address can be written into a command: not empty (but for the
    /// sender), no spaces, angle brackets or control characters, one `@` with text on both
    /// sides, at most 256 octets (RFC 5321 §4.5.3.1.3).
    func validate() throws(SMTPError) {
        guard !recipients.isEmpty else { throw .invalidEnvelope("no recipient") }
        if !sender.isEmpty { try Self.validate(address: sender, role: "sender") }
        for recipient in recipients { try Self.validate(address: recipient, role: "recipient") }
    }

    private static func validate(address: String, role: String) throws(SMTPError) {
        guard address.utf8.count <= 256 else { throw .invalidEnvelope("the \(role) address is longer than 256 octets") }
        guard address.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 && $0 != "<" && $0 != ">" }) else {
            throw .invalidEnvelope("the \(role) address \"\(address.debugEscaped)\" contains a space, a control character or an angle bracket")
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex, address.index(after: at) != address.endIndex else {
            throw .invalidEnvelope("the \(role) address \"\(address)\" is not local-part@domain")
        }
    }
}
