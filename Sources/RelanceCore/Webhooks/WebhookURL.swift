import Foundation

/// A webhook endpoint's URL taken apart: `scheme://host[:port][/path][?query]`, parsed
/// strictly and without Foundation's leniency, so that what is checked is exactly what is
/// connected to.
///
/// Host names are ASCII (an internationalised name must be given in its `xn--` form),
/// labels of letters, digits and `-`; a host made only of digits and dots must be a dotted
/// IPv4 address (`http://2130706433/` is refused, not read as 127.0.0.1). IPv6 addresses go
/// in brackets. The path and query are sent as written; they must be printable ASCII
/// (percent-encode the rest). Whether the URL may be used is `WebhookURLPolicy`'s decision.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    /// Where to connect: a name to resolve, or an address written in the URL.
    public enum Host: Sendable, Hashable {
        case name(String)
        case address(IPAddress)
    }

    /// The longest URL accepted, in bytes.
    public static let maximumLength = 2048

    /// `https` (TLS) or `http`.
    public var isSecure: Bool
    public var host: Host
    /// The port, the scheme's default (443, 80) when the URL names none.
    public var port: Int
    /// The path and query as sent in the request line (`/` when the URL has no path).
    public var requestTarget: String

    /// The `Host` header: the host (IPv6 in brackets), with `:port` unless it is the default.
    public var hostHeader: String {
        let name = switch host {
        case .name(let name): name
        case .address(let address): address.isIPv4 ? address.description : "[\(address)]"
        }
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// The host as text, without brackets (for TLS server name checks and messages).
    public var hostText: String {
        switch host {
        case .name(let name): name
        case .address(let address): address.description
        }
    }

    /// The URL in canonical form: lowercase scheme and host, no default port.
    public var description: String { (isSecure ? "https://" : "http://") + hostHeader + requestTarget }

    /// Parses `text`.
    /// - Throws: `WebhookURLError.malformed`, `.tooLong`, `.scheme`, `.credentials`, `.fragment`.
    public init(_ text: String) throws(WebhookURLError) {
        guard text.utf8.count <= Self.maximumLength else { throw .tooLong(text.utf8.count) }
        guard text.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw .malformed("only printable ASCII without spaces (percent-encode the rest)")
        }
        guard let separator = text.range(of: "://") else { throw .malformed("no scheme://") }
        let scheme = text[..<separator.lowerBound].lowercased()
        switch scheme {
        case "https": isSecure = true
        case "http": isSecure = false
        case "": throw .malformed("no scheme")
        default: throw .scheme(scheme)
        }
        let rest = text[separator.upperBound...]
        if rest.contains("#") { throw .fragment }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if authority.contains("@") { throw .credentials }
        if authority.contains("\\") { throw .malformed("a backslash in the host") }
        let target = rest[authorityEnd...]
        requestTarget = target.isEmpty ? "/" : (target.hasPrefix("?") ? "/" + target : String(target))

        var hostPart: Substring, portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .malformed("an unclosed [ in the host") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                portPart = nil
            } else if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else {
                throw .malformed("text after the ] of the host")
            }
            guard let address = IPAddress(String(hostPart)), !address.isIPv4 else {
                throw .malformed("\(hostPart) in brackets is not an IPv6 address")
            }
            host = .address(address)
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            hostPart = parts[0]
            portPart = parts.count == 2 ? parts[1] : nil
            host = try Self.host(String(hostPart).lowercased())
        }
        if let portPart {
            guard (1...5).contains(portPart.count), portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(portPart), (1...65535).contains(value) else {
                throw .malformed("the port must be a number from 1 to 65535")
            }
            port = value
        } else {
            port = isSecure ? 443 : 80
        }
    }

    /// A host name or dotted IPv4 address (already lowercased).
    static func host(_ text: String) throws(WebhookURLError) -> Host {
        guard !text.isEmpty else { throw .malformed("no host") }
        if text.allSatisfy({ $0.isNumber || $0 == "." }) {
            guard let address = IPAddress(text), address.isIPv4 else {
                throw .malformed("\(text) is not a dotted IPv4 address (four numbers 0-255 without leading zeros)")
            }
            return .address(address)
        }
        let name = text.hasSuffix(".") ? String(text.dropLast()) : text
        guard name.utf8.count <= 253 else { throw .malformed("the host name is longer than 253 characters") }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.count),
                  label.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }),
                  label.first != "-", label.last != "-" else {
                throw .malformed("\(text) is not a host name (labels of a-z, 0-9 and -, 1 to 63 characters)")
            }
        }
        // A last label of digits only is no top-level domain: some resolvers read such names as numbers.
        if let last = labels.last, last.allSatisfy(\.isNumber) {
            throw .malformed("\(text) is not a dotted IPv4 address nor a host name")
        }
        return .name(name)
    }
}
