import Foundation
import RelanceTestSupport
import Testing

@testable import SMTP

/// The message builder's output, checked line by line and by decoding it back.
struct MIMEMessageTests {
    static let date = Date(timeIntervalSince1970: 1_733_207_220)  // Tue, 03 Dec 2024 06:27:00 UTC

    func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    /// Decodes `=?UTF-8?B?…?=` words (and plain text) of an unfolded header value; the
    /// space between two encoded words is not part of the text (RFC 2047 §6.2).
    func decodeHeader(_ value: String) -> String {
        var result = ""
        var previousWasEncoded = false
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let isEncoded = word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=")
            if index > 0 && !(isEncoded && previousWasEncoded) { result += " " }
            if isEncoded {
                result += String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
            } else {
                result += word
            }
            previousWasEncoded = isEncoded
        }
        return result
    }

    /// Unfolded fields of a header block.
    func headerFields(_ bytes: [UInt8]) -> [(String, String)] {
        let text = String(decoding: bytes, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        return header.components(separatedBy: "\r\n").map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...].dropFirst()))
        }
    }

    func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "=") {
                bytes.append(UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16)!)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test func aTextOnlyMessage() throws {
        let message = MIMEMessage(
            from: try MIMEAddress("billing@example.com", displayName: "Billing"),
            to: [try MIMEAddress("client@example.org")],
            subject: "Invoice 2024-001",
            date: Self.date,
            messageID: try MIMEMessageID("inv.1@example.com"),
            text: "Hello,\nplease pay.\n"
        )
        let rendered = String(decoding: message.render(), as: UTF8.self)
        #expect(rendered == """
            Date: Tue, 03 Dec 2024 06:27:00 +0000\r
            From: Billing <billing@example.com>\r
            To: client@example.org\r
            Subject: Invoice 2024-001\r
            Message-ID: <inv.1@example.com>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset="utf-8"\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Hello,\r
            please pay.\r

            """)
        #expect(message.envelope == SMTPEnvelope(sender: "billing@example.com", recipients: ["client@example.org"]))
    }

    @Test func alternativeAndMixedStructure() throws {
        var message = MIMEMessage(
            from: try MIMEAddress("a@example.com"),
            to: [try MIMEAddress("b@example.org")],
            subject: "S",
            date: Self.date,
            messageID: try MIMEMessageID("m@example.com"),
            text: "T",
            html: "<p>H</p>"
        )
        let alternative = lines(message.render(boundaryToken: "TOKEN"))
        #expect(alternative.contains("Content-Type: multipart/alternative; boundary=\"=_a_TOKEN\""))
        #expect(alternative.filter { $0 == "--=_a_TOKEN" }.count == 2)
        #expect(alternative.last == "--=_a_TOKEN--" || alternative.suffix(2).first == "--=_a_TOKEN--")
        #expect(!alternative.contains { $0.contains("multipart/mixed") })

        message.attachments = [try MIMEAttachment(filename: "a.bin", contentType: "Application/Octet-Stream", data: Array(0...255))]
        let mixed = lines(message.render(boundaryToken: "TOKEN"))
        #expect(mixed.contains("Content-Type: multipart/mixed; boundary=\"=_m_TOKEN\""))
        #expect(mixed.contains("Content-Type: application/octet-stream; name=\"a.bin\""))
        #expect(mixed.contains("Content-Disposition: attachment; filename=\"a.bin\""))
        #expect(mixed.filter { $0 == "--=_m_TOKEN" }.count == 2)
        #expect(mixed.contains("--=_m_TOKEN--"))
        #expect(mixed.allSatisfy { $0.utf8.count <= 78 })
        // The random boundaries differ between renderings; the structure does not.
        #expect(message.render() != message.render())
    }

    @Test func boundariesCannotOccurInEncodedContent() throws {
        // Content that looks like the boundaries is encoded so that it never starts a line with them.
        let hostile = "--=_a_TOKEN\n--=_m_TOKEN--\n=_a_TOKEN"
        let message = MIMEMessage(
            from: try MIMEAddress("a@example.com"), to: [try MIMEAddress("b@example.org")], subject: "--=_m_TOKEN",
            date: Self.date, messageID: try MIMEMessageID("m@example.com"), text: hostile, html: hostile,
            attachments: [try MIMEAttachment(filename: "--=_m_TOKEN", contentType: "text/plain", data: Array(hostile.utf8))]
        )
        let output = lines(message.render(boundaryToken: "TOKEN"))
        #expect(output.filter { $0.hasPrefix("--=_a_TOKEN") } == ["--=_a_TOKEN", "--=_a_TOKEN", "--=_a_TOKEN--"])
        #expect(output.filter { $0.hasPrefix("--=_m_TOKEN") } == ["--=_m_TOKEN", "--=_m_TOKEN", "--=_m_TOKEN--"])
    }

    @Test func nonASCIIHeadersAreEncodedWordsWithinLimits() throws {
        let subject = "Relevé de compte — 1 250,00 € restant dû ✓ 👨‍👩‍👧 " + String(repeating: "é", count: 80)
        let message = MIMEMessage(
            from: try MIMEAddress("billing@example.com", displayName: "Société Générale d'Éclairage et de Chauffage Électrique"),
            to: [try MIMEAddress("zoe@example.org", displayName: "Zoë"), try MIMEAddress("x@example.org", displayName: "Dupont, Jean")],
            subject: subject,
            date: Self.date,
            messageID: try MIMEMessageID("m@example.com"),
            text: "x"
        )
        let bytes = message.render()
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let output = lines(bytes)
        #expect(output.allSatisfy { $0.utf8.count <= 78 })
        let words = output.flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("=?") }
        #expect(!words.isEmpty)
        #expect(words.allSatisfy { $0.utf8.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let fields = Dictionary(headerFields(bytes), uniquingKeysWith: { first, _ in first })
        #expect(decodeHeader(fields["Subject"]!) == subject)
        #expect(fields["To"]!.hasSuffix(" <zoe@example.org>, \"Dupont, Jean\" <x@example.org>"))
        #expect(decodeHeader(fields["From"]!.replacingOccurrences(of: " <billing@example.com>", with: ""))
            == "Société Générale d'Éclairage et de Chauffage Électrique")
    }

    @Test(arguments: [
        ("Jean Dupont", "Jean Dupont <a@b.c>"),
        ("J. Dupont", "\"J. Dupont\" <a@b.c>"),
        ("Dupont, Jean", "\"Dupont, Jean\" <a@b.c>"),
        ("Say \"hi\" \\o/", "\"Say \\\"hi\\\" \\\\o/\" <a@b.c>"),
        ("O'Brien", "O'Brien <a@b.c>"),
        ("=?UTF-8?B?looks encoded?=", "=?UTF-8?B?PT9VVEYtOD9CP2xvb2tzIGVuY29kZWQ/PQ==?= <a@b.c>"),
        ("  spaced\n\tout  ", "spaced out <a@b.c>"),
    ])
    func displayNames(_ name: String, _ expected: String) throws {
        #expect(MIMEHeaderEncoder.addressList([try MIMEAddress("a@b.c", displayName: name)]).joined(separator: " ") == expected)
    }

    @Test func headerInjectionIsImpossible() throws {
        let message = MIMEMessage(
            from: try MIMEAddress("a@example.com", displayName: "Evil\r\nBcc: victim@example.org"),
            to: [try MIMEAddress("b@example.org")],
            subject: "Hi\r\nBcc: victim@example.org\n\nbody",
            date: Self.date,
            messageID: try MIMEMessageID("m@example.com"),
            text: "x",
            headers: [try MIMEHeader("X-Note", "a\r\nBcc: victim@example.org")]
        )
        let fields = headerFields(message.render()).map(\.0)
        #expect(!fields.contains("Bcc"))
        #expect(fields == ["Date", "From", "To", "Subject", "Message-ID", "X-Note", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"])
    }

    @Test func invalidValuesAreRejected() {
        #expect(throws: MIMEError.invalidAddress("no-at")) { try MIMEAddress("no-at") }
        #expect(throws: MIMEError.invalidAddress("a b@c.d")) { try MIMEAddress("a b@c.d") }
        #expect(throws: MIMEError.invalidAddress("a@b.c>\r\nX: y")) { try MIMEAddress("a@b.c>\r\nX: y") }
        #expect(throws: MIMEError.invalidAddress("@b.c")) { try MIMEAddress("@b.c") }
        #expect(throws: MIMEError.invalidMessageID("no at")) { try MIMEMessageID("no at") }
        #expect(throws: MIMEError.invalidMessageID("a@b@c")) { try MIMEMessageID("a@b@c") }
        #expect(throws: MIMEError.reservedHeader("Content-Type")) { try MIMEHeader("Content-Type", "text/plain") }
        #expect(throws: MIMEError.reservedHeader("bcc")) { try MIMEHeader("bcc", "x@y.z") }
        #expect(throws: MIMEError.invalidHeaderName("X Bad")) { try MIMEHeader("X Bad", "v") }
        #expect(throws: MIMEError.invalidHeaderName("X:Bad")) { try MIMEHeader("X:Bad", "v") }
        #expect(throws: MIMEError.invalidContentType("pdf")) { try MIMEAttachment(filename: "a", contentType: "pdf", data: []) }
        #expect(throws: MIMEError.invalidContentType("text/plain; charset=x")) {
            try MIMEAttachment(filename: "a", contentType: "text/plain; charset=x", data: [])
        }
        #expect(throws: MIMEError.invalidContentID("logo")) { try MIMEAttachment(filename: "a", contentType: "image/png", data: [], contentID: "logo") }
        #expect((try? MIMEMessageID("<a@b>"))?.value == "a@b")
        #expect((try? MIMEAddress("zoë@exemple.fr"))?.address == "zoë@exemple.fr")
    }

    @Test func quotedPrintable() {
        let text = "Line with = sign and é\nTrailing space \nTrailing tab\t\n" + String(repeating: "x", count: 200) + "\n" + String(repeating: "é", count: 40) + "\r\nend"
        let encoded = String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
        let encodedLines = encoded.components(separatedBy: "\r\n")
        #expect(encodedLines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encodedLines[0] == "Line with =3D sign and =C3=A9")
        #expect(encodedLines[1] == "Trailing space=20")
        #expect(encodedLines[2] == "Trailing tab=09")
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
        // Soft breaks never split an =XX escape.
        #expect(encodedLines.allSatisfy { line in !line.dropLast().hasSuffix("=") && !line.hasSuffix("=C") })
        #expect(decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(QuotedPrintable.encode("") == [])
        #expect(String(decoding: QuotedPrintable.encode("a\n"), as: UTF8.self) == "a\r\n")
    }

    @Test func base64LinesAreAtMost76() {
        let encoded = String(decoding: Base64.encodedLines(Array(0...255) + Array(0...255)), as: UTF8.self)
        let encodedLines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(encodedLines.allSatisfy { $0.count <= 76 })
        #expect(Data(base64Encoded: encodedLines.joined()).map(Array.init) == Array(0...255) + Array(0...255))
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64.encode([UInt8]()) == "")
    }

    @Test func attachmentFileNames() {
        #expect(MIMEHeaderEncoder.parameter("filename", "report.pdf") == ["filename=\"report.pdf\""])
        #expect(MIMEHeaderEncoder.parameter("filename", "a \"b\".pdf") == ["filename=\"a \\\"b\\\".pdf\""])
        #expect(MIMEHeaderEncoder.parameter("filename", "relevé.pdf") == ["filename*=utf-8''relev%C3%A9.pdf"])
        let long = MIMEHeaderEncoder.parameter("filename", String(repeating: "é", count: 30) + ".pdf")
        #expect(long.count > 1)
        #expect(long[0].hasPrefix("filename*0*=utf-8''%C3%A9"))
        #expect(long[1].hasPrefix("filename*1*="))
        #expect(long.allSatisfy { $0.utf8.count <= 76 })
        #expect(MIMEHeaderEncoder.legacyParameter("name", "relevé.pdf") == ["name=\"=?UTF-8?B?cmVsZXbDqS5wZGY=?=\""])
    }

    @Test func longASCIIHeadersFoldAtSpaces() {
        let value = (1...40).map { "word\($0)" }.joined(separator: " ")
        let field = String(decoding: MIMEHeaderEncoder.field("Subject", MIMEHeaderEncoder.unstructured(value)), as: UTF8.self)
        let fieldLines = field.components(separatedBy: "\r\n").dropLast()
        #expect(fieldLines.count > 1)
        #expect(fieldLines.allSatisfy { $0.utf8.count <= 78 })
        #expect(fieldLines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(field.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + value)
        // A word too long for any line is still kept whole (lines stay under 998).
        let url = "<https://example.com/" + String(repeating: "u", count: 200) + ">"
        let unsubscribe = MIMEHeaderEncoder.unstructured(url)
        #expect(unsubscribe == [url])
        // One that would break the 998 limit is encoded instead.
        #expect(MIMEHeaderEncoder.unstructured(String(repeating: "z", count: 1200)).allSatisfy { $0.hasPrefix("=?UTF-8?B?") })
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (1_733_207_220.9, "Tue, 03 Dec 2024 06:27:00 +0000"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 +0000"),
    ])
    func dates(_ seconds: Double, _ expected: String) {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func envelopeIncludesBccOnceAndHonoursReturnPath() throws {
        let message = MIMEMessage(
            from: try MIMEAddress("a@example.com"),
            to: [try MIMEAddress("b@example.org"), try MIMEAddress("c@example.org")],
            cc: [try MIMEAddress("b@example.org")],
            bcc: [try MIMEAddress("d@example.org")],
            subject: "S", messageID: try MIMEMessageID("m@example.com"), text: "t",
            returnPath: "bounces+42@example.com"
        )
        #expect(message.envelope == SMTPEnvelope(sender: "bounces+42@example.com", recipients: ["b@example.org", "c@example.org", "d@example.org"]))
        #expect(!String(decoding: message.render(), as: UTF8.self).contains("d@example.org"))
    }
}
