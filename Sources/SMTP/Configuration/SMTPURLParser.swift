/// Parses `smtp://` and `smtps://` URLs into an `SMTPConfiguration` (see `init(url:)`).
enum SMTPURLParser {
    static func parse(_ url: String) throws(SMTPConfigurationError) -> SMTPConfiguration {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else {
            throw .malformedURL(reason: "expected smtp://host or smtps://host")
        }
        let schemeEnd = colon..<url.index(colon, offsetBy: 3)
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let security: SMTPConfiguration.Security
        switch scheme {
        case "smtp": security = .startTLSIfOffered
        case "smtps": security = .implicitTLS
        default: throw .unsupportedScheme(String(url[..<schemeEnd.lowerBound]))
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.contains("#") { throw .malformedURL(reason: "a fragment (#) is not allowed; percent-encode # in a password as %23") }

        var queryText: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        // The authority ends at the first "/"; only an empty path is allowed after it.
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            guard rest[slash...] == "/" else { throw .malformedURL(reason: "a path is not allowed") }
        }

        var credentials: SMTPCredentials?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let user: Substring
            let password: Substring?
            if let colon = userInfo.firstIndex(of: ":") {
                user = userInfo[..<colon]
                password = userInfo[userInfo.index(after: colon)...]
            } else {
                user = userInfo
                password = nil
            }
            guard let password, !user.isEmpty, !password.isEmpty else { throw .incompleteCredentials }
            guard let username = percentDecode(user) else { throw .invalidPercentEncoding(component: "user name") }
            guard let secret = percentDecode(password) else { throw .invalidPercentEncoding(component: "password") }
            credentials = SMTPCredentials(username: username, password: secret)
        }

        let (host, portText) = try splitHostPort(hostPort)
        var port: Int?
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy({ $0.isASCIIDigit }), let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidPort(String(portText))
            }
            port = value
        }

        var configuration = SMTPConfiguration(host: host, port: port, security: security, credentials: credentials)
        var seen: Set<String> = []
        for pair in queryText.split(separator: "&", omittingEmptySubsequences: true) {
            let name: String
            let rawValue: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = String(pair[..<equals]).lowercased()
                rawValue = pair[pair.index(after: equals)...]
            } else {
                name = String(pair).lowercased()
                rawValue = ""
            }
            guard seen.insert(name).inserted else { throw .duplicateParameter(name) }
            guard let value = percentDecode(rawValue) else { throw .invalidPercentEncoding(component: "parameter \(name)") }
            switch name {
            case "starttls":
                guard security != .implicitTLS else {
                    throw .invalidParameter(name: name, value: value, expected: "no starttls with smtps://, which is TLS from the start")
                }
                switch value.lowercased() {
                case "none": configuration.security = .none
                case "opportunistic": configuration.security = .startTLSIfOffered
                case "required": configuration.security = .startTLS
                default: throw .invalidParameter(name: name, value: value, expected: "none, opportunistic or required")
                }
            case "timeout":
                guard let seconds = Double(value), seconds.isFinite, seconds > 0, seconds <= 86_400,
                      value.allSatisfy({ $0.isASCIIDigit || $0 == "." })
                else { throw .invalidParameter(name: name, value: value, expected: "a number of seconds, more than 0") }
                let duration = Duration.milliseconds(Int64((seconds * 1000).rounded(.up)))
                configuration.connectTimeout = duration
                configuration.commandTimeout = duration
            case "helo":
                guard !value.isEmpty, value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
                    throw .invalidParameter(name: name, value: value, expected: "a host name (printable ASCII, no spaces)")
                }
                configuration.heloName = value
            case "ca", "ca_only":
                guard !value.isEmpty else { throw .invalidParameter(name: name, value: value, expected: "the path of a PEM file") }
                configuration.trustRoots = name == "ca" ? .systemAnd(pemFile: value) : .only(pemFile: value)
            default:
                throw .unknownParameter(name)
            }
        }
        if seen.contains("ca") && seen.contains("ca_only") {
            throw .invalidParameter(name: "ca_only", value: "", expected: "either ca or ca_only, not both")
        }
        return configuration
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port`.
    private static func splitHostPort(_ text: Substring) throws(SMTPConfigurationError) -> (String, Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .malformedURL(reason: "an IPv6 address without its closing ]") }
            let host = text[text.index(after: text.startIndex)..<close]
            guard !host.isEmpty else { throw .missingHost }
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (String(host), nil) }
            guard after.hasPrefix(":") else { throw .malformedURL(reason: "unexpected text after the IPv6 address") }
            return (String(host), after.dropFirst())
        }
        var host = text
        var port: Substring?
        if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw .missingHost }
        guard let decoded = percentDecode(host) else { throw .invalidPercentEncoding(component: "host") }
        guard decoded.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 && !"/\\@:[]".unicodeScalars.contains($0) }) else {
            throw .malformedURL(reason: "the host contains a character not allowed in a host name")
        }
        return (decoded, port)
    }

    /// Decodes `%XX` escapes (UTF-8); nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Percent-encodes everything but unreserved characters, for the user name in `description`.
    static func percentEncodeUserInfo(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A duration as seconds for a URL: `30`, `0.5`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(seconds)" }
        var fraction = String(milliseconds).leftPadded(to: 3)
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction)"
    }
}
