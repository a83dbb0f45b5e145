/// What a server announced in its EHLO reply (RFC 5321 §4.1.1.1): one extension per line
/// after the greeting line, a keyword and its parameters.
struct SMTPCapabilities: Sendable, Equatable {
    /// Upper-cased keyword → its parameters (as sent).
    private(set) var extensions: [String: [String]] = [:]

    /// No extensions: what a HELO session has.
    init() {}

    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard var keyword = words.first?.uppercased() else { continue }
            var parameters = Array(words.dropFirst())
            // Some old servers announce `AUTH=PLAIN LOGIN`.
            if keyword.hasPrefix("AUTH=") {
                parameters.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            extensions[keyword, default: []].append(contentsOf: parameters)
        }
    }

    func supports(_ keyword: String) -> Bool { extensions[keyword.uppercased()] != nil }

    var startTLS: Bool { supports("STARTTLS") }
    var smtpUTF8: Bool { supports("SMTPUTF8") }
    var eightBitMIME: Bool { supports("8BITMIME") }

    /// The SASL mechanisms of `AUTH`, upper-cased; empty when AUTH is not offered.
    var authenticationMechanisms: Set<String> { Set((extensions["AUTH"] ?? []).map { $0.uppercased() }) }

    /// Whether the server announced `SIZE` (with or without a limit).
    var size: Bool { supports("SIZE") }
}
