#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An email message (RFC 5322 with MIME), rendered to the bytes SMTP sends.
///
/// The body is text, optionally with an HTML alternative, and any number of attachments:
///
/// - text only: `text/plain`;
/// - text and HTML: `multipart/alternative` (text first, HTML preferred by clients);
/// - with attachments: `multipart/mixed`, holding the above and then each attachment.
///
/// Text parts are UTF-8 in quoted-printable, attachments base64; header text that is not
/// ASCII is written as RFC 2047 encoded words. The output has CRLF line endings, lines of
/// at most 78 characters wherever the content allows and never more than 998, and only
/// 7-bit bytes unless an address itself is not ASCII.
///
/// ```swift
/// let message = MIMEMessage(
///     from: try MIMEAddress("billing@example.com", displayName: "Société Exemple"),
///     to: [try MIMEAddress("client@example.org", displayName: "Zoë Martin")],
///     subject: "Relevé de compte — mars",
///     messageID: try MIMEMessageID("statement.42@example.com"),
///     text: "Bonjour…", html: "<p>Bonjour…</p>",
///     attachments: [try MIMEAttachment(filename: "relevé.pdf", contentType: "application/pdf", data: pdf)]
/// )
/// let bytes = message.render()
/// ```
public struct MIMEMessage: Sendable {
    public var from: MIMEAddress
    public var to: [MIMEAddress]
    public var cc: [MIMEAddress]
    /// Recipients in the envelope only: no header names them.
    public var bcc: [MIMEAddress]
    public var replyTo: [MIMEAddress]
    public var subject: String
    public var date: Date
    /// Stable across retries of the same message.
    public var messageID: MIMEMessageID
    public var text: String
    public var html: String?
    public var attachments: [MIMEAttachment]
    /// Extra headers, written after the standard ones in this order.
    public var headers: [MIMEHeader]
    /// The envelope's reverse-path (where bounces go); `from`'s address when nil.
    public var returnPath: String?

    public init(
        from: MIMEAddress,
        to: [MIMEAddress],
        cc: [MIMEAddress] = [],
        bcc: [MIMEAddress] = [],
        replyTo: [MIMEAddress] = [],
        subject: String,
        date: Date = Date(),
        messageID: MIMEMessageID,
        text: String,
        html: String? = nil,
        attachments: [MIMEAttachment] = [],
        headers: [MIMEHeader] = [],
        returnPath: String? = nil
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.attachments = attachments
        self.headers = headers
        self.returnPath = returnPath
    }

    /// The SMTP envelope: `returnPath` or From's address, and To, Cc and Bcc (each
    /// address once, in that order).
    public var envelope: SMTPEnvelope {
        var seen: Set<String> = []
        let recipients = (to + cc + bcc).map(\.address).filter { seen.insert($0).inserted }
        return SMTPEnvelope(sender: returnPath ?? from.address, recipients: recipients)
    }

    /// The message's bytes, with fresh random MIME boundaries.
    public func render() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return render(boundaryToken: Self.boundaryToken(using: &generator))
    }

    /// The message's bytes with boundaries made from `boundaryToken` (for reproducible output).
    ///
    /// Boundaries start with `=_`, which quoted-printable and base64 never produce, so no
    /// content line can be taken for a boundary.
    func render(boundaryToken: String) -> [UInt8] {
        var output: [UInt8] = []
        output += MIMEHeaderEncoder.field("Date", [RFC5322Date.format(date)])
        output += MIMEHeaderEncoder.field("From", MIMEHeaderEncoder.addressList([from]))
        if !to.isEmpty { output += MIMEHeaderEncoder.field("To", MIMEHeaderEncoder.addressList(to)) }
        if !cc.isEmpty { output += MIMEHeaderEncoder.field("Cc", MIMEHeaderEncoder.addressList(cc)) }
        if !replyTo.isEmpty { output += MIMEHeaderEncoder.field("Reply-To", MIMEHeaderEncoder.addressList(replyTo)) }
        output += MIMEHeaderEncoder.field("Subject", MIMEHeaderEncoder.unstructured(subject))
        output += MIMEHeaderEncoder.field("Message-ID", [messageID.description])
        for header in headers {
            output += MIMEHeaderEncoder.field(header.name, MIMEHeaderEncoder.unstructured(header.value))
        }
        output += MIMEHeaderEncoder.field("MIME-Version", ["1.0"])

        let body = alternativeBody(boundary: "=_a_\(boundaryToken)")
        guard !attachments.isEmpty else {
            output += body
            return output
        }
        let boundary = "=_m_\(boundaryToken)"
        output += MIMEHeaderEncoder.field(
            "Content-Type", MIMEHeaderEncoder.withParameters("multipart/mixed", [MIMEHeaderEncoder.parameter("boundary", boundary)]))
        output += Self.crlf
        output += Array("This is a multi-part message in MIME format.\r\n".utf8)
        for part in [body] + attachments.map(Self.attachmentPart) {
            output += Array("--\(boundary)\r\n".utf8)
            output += part
            output += Self.crlf
        }
        output += Array("--\(boundary)--\r\n".utf8)
        return output
    }

    /// The text part, or the text and HTML alternatives: headers, blank line, content.
    private func alternativeBody(boundary: String) -> [UInt8] {
        guard let html else { return Self.textPart(text, subtype: "plain") }
        var output = MIMEHeaderEncoder.field(
            "Content-Type", MIMEHeaderEncoder.withParameters("multipart/alternative", [MIMEHeaderEncoder.parameter("boundary", boundary)]))
        output += Self.crlf
        for part in [Self.textPart(text, subtype: "plain"), Self.textPart(html, subtype: "html")] {
            output += Array("--\(boundary)\r\n".utf8)
            output += part
            output += Self.crlf
        }
        output += Array("--\(boundary)--".utf8)
        return output
    }

    private static func textPart(_ text: String, subtype: String) -> [UInt8] {
        var output = MIMEHeaderEncoder.field(
            "Content-Type", MIMEHeaderEncoder.withParameters("text/\(subtype)", [MIMEHeaderEncoder.parameter("charset", "utf-8")]))
        output += MIMEHeaderEncoder.field("Content-Transfer-Encoding", ["quoted-printable"])
        output += crlf
        output += QuotedPrintable.encode(text)
        return output
    }

    private static func attachmentPart(_ attachment: MIMEAttachment) -> [UInt8] {
        var output = MIMEHeaderEncoder.field(
            "Content-Type",
            MIMEHeaderEncoder.withParameters(attachment.contentType, [MIMEHeaderEncoder.legacyParameter("name", attachment.filename)]))
        output += MIMEHeaderEncoder.field(
            "Content-Disposition",
            MIMEHeaderEncoder.withParameters(attachment.disposition.rawValue, [MIMEHeaderEncoder.parameter("filename", attachment.filename)]))
        if let contentID = attachment.contentID {
            output += MIMEHeaderEncoder.field("Content-ID", ["<\(contentID)>"])
        }
        output += MIMEHeaderEncoder.field("Content-Transfer-Encoding", ["base64"])
        output += crlf
        var encoded = Base64.encodedLines(attachment.data)
        if encoded.count >= 2 { encoded.removeLast(2) }  // the CRLF before the boundary ends the part
        output += encoded
        return output
    }

    private static let crlf: [UInt8] = [13, 10]

    /// 24 random characters from a boundary-safe alphabet.
    static func boundaryToken(using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<24).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
