/// A file attached to a message, sent in base64.
///
/// Its file name may be any text: it is written plainly when short ASCII, otherwise as
/// RFC 2231 parameters (`filename*=utf-8''…`), with an RFC 2047 `name` on the
/// Content-Type for older clients.
public struct MIMEAttachment: Sendable, Equatable {
    /// How a mail client shows the part.
    public enum Disposition: String, Sendable, Equatable {
        /// A file to open or save.
        case attachment
        /// Shown within the message, e.g. an image the HTML refers to by `cid:`.
        case inline
    }

    public let filename: String
    /// `type/subtype`, lower-cased, e.g. `application/pdf`.
    public let contentType: String
    public let data: [UInt8]
    public let disposition: Disposition
    /// The id the HTML refers to (`<img src="cid:logo@example.com">`), without brackets.
    public let contentID: String?

    /// - Throws: `MIMEError.invalidContentType` unless `contentType` is `type/subtype` of
    ///   token characters; `MIMEError.invalidContentID` for a malformed `contentID`.
    public init(
        filename: String,
        contentType: String,
        data: [UInt8],
        disposition: Disposition = .attachment,
        contentID: String? = nil
    ) throws(MIMEError) {
        let parts = contentType.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(MIMEHeaderEncoder.isTokenCharacter) }) else {
            throw .invalidContentType(contentType)
        }
        if let contentID {
            var id = Substring(contentID)
            if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 { id = id.dropFirst().dropLast() }
            guard MIMEMessageID.isValid(id) else { throw .invalidContentID(contentID) }
            self.contentID = String(id)
        } else {
            self.contentID = nil
        }
        self.filename = MIMEHeaderEncoder.normalizedText(filename)
        self.contentType = contentType.lowercased()
        self.data = data
        self.disposition = disposition
    }
}
