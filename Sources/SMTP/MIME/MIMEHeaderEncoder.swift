/// Writes header fields (RFC 5322 §2.2, RFC 2047, RFC 2231): text as is when it can be,
/// as encoded words when it cannot, folded at spaces so that lines stay within 78
/// characters where the content allows and always within 998.
///
/// A field is built from tokens: pieces that must not be split, written one space apart;
/// a fold (CRLF and a space) replaces that space when the line would grow past 78.
enum MIMEHeaderEncoder {
    static let preferredLineLength = 78
    /// Past this, an ASCII word is sent as encoded words instead, so that no line nears 998.
    static let longestPlainWord = 900
    /// UTF-8 bytes per encoded word: 36 bytes are 48 base64 characters, and with
    /// `=?UTF-8?B?` and `?=` a 60-character word, so a field name and one word fit on a
    /// 78-character line (RFC 2047 §2 allows 75).
    static let encodedWordPayload = 36

    /// `Name: token token…` folded, with its CRLF.
    static func field(_ name: String, _ tokens: [String]) -> [UInt8] {
        var output = Array(name.utf8)
        output.append(UInt8(ascii: ":"))
        var lineLength = output.count
        var lineHasToken = false
        for token in tokens {
            let length = token.utf8.count
            if lineHasToken && lineLength + 1 + length > preferredLineLength {
                output.append(contentsOf: [13, 10])
                lineLength = 0
            }
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: token.utf8)
            lineLength += 1 + length
            lineHasToken = true
        }
        output.append(contentsOf: [13, 10])
        return output
    }

    /// Unstructured text (Subject, extra headers): its words when it is printable ASCII,
    /// else encoded words.
    static func unstructured(_ text: String) -> [String] {
        let text = normalizedText(text)
        guard !text.isEmpty else { return [] }
        let words = text.split(separator: " ").map(String.init)
        if isPlainASCII(text) && !text.contains("=?") && words.allSatisfy({ $0.utf8.count <= longestPlainWord }) {
            return words
        }
        return encodedWords(text)
    }

    /// A display name (RFC 5322 phrase): atoms as is, other ASCII as one quoted string,
    /// anything else as encoded words.
    static func phrase(_ text: String) -> [String] {
        let text = normalizedText(text)
        guard !text.isEmpty else { return [] }
        guard isPlainASCII(text), !text.contains("=?"), text.utf8.count <= longestPlainWord else { return encodedWords(text) }
        let words = text.split(separator: " ")
        if words.allSatisfy({ $0.unicodeScalars.allSatisfy(isAtomCharacter) }) { return words.map(String.init) }
        return [quoted(text)]
    }

    /// Mailboxes separated by commas.
    static func addressList(_ addresses: [MIMEAddress]) -> [String] {
        var tokens: [String] = []
        for (index, address) in addresses.enumerated() {
            var part: [String]
            if let name = address.displayName {
                part = phrase(name) + ["<\(address.address)>"]
            } else {
                part = [address.address]
            }
            if index < addresses.count - 1 { part[part.count - 1] += "," }
            tokens += part
        }
        return tokens
    }

    /// `value; p1=…; p2=…` for Content-Type and Content-Disposition.
    static func withParameters(_ value: String, _ parameters: [[String]]) -> [String] {
        var tokens = [value]
        for parameter in parameters where !parameter.isEmpty {
            tokens[tokens.count - 1] += ";"
            tokens += parameter
        }
        return tokens
    }

    /// `name="value"` when the value is short printable ASCII; otherwise RFC 2231
    /// `name*=utf-8''…`, cut into `name*0*=`, `name*1*=`… sections when long.
    static func parameter(_ name: String, _ value: String) -> [String] {
        if isPlainASCII(value), value.utf8.count <= 60 { return ["\(name)=\(quoted(value))"] }
        var sections: [String] = []
        var current = ""
        for byte in value.utf8 {
            let piece: String
            if byte < 128, isAttributeCharacter(Unicode.Scalar(byte)) {
                piece = String(Unicode.Scalar(byte))
            } else {
                piece = "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            if current.utf8.count + piece.utf8.count > 54 {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        sections.append(current)
        if sections.count == 1 { return ["\(name)*=utf-8''\(sections[0])"] }
        return sections.enumerated().map { index, section in
            let token = index == 0 ? "\(name)*0*=utf-8''\(section)" : "\(name)*\(index)*=\(section)"
            return index < sections.count - 1 ? token + ";" : token
        }
    }

    /// `name="…"` with the value as RFC 2047 encoded words inside the quotes when it is not
    /// plain ASCII: not standard, but what older clients read for Content-Type's `name`.
    static func legacyParameter(_ name: String, _ value: String) -> [String] {
        if isPlainASCII(value), value.utf8.count <= 60 { return ["\(name)=\(quoted(value))"] }
        var words = encodedWords(value)
        words[0] = "\(name)=\"" + words[0]
        words[words.count - 1] += "\""
        return words
    }

    /// The text as `=?UTF-8?B?…?=` words of whole characters (RFC 2047 §5: no character
    /// split across words).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > encodedWordPayload {
                words.append("=?UTF-8?B?\(Base64.encode(chunk))?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Base64.encode(chunk))?=") }
        return words
    }

    /// Line breaks, tabs and runs of white space as one space, no control characters,
    /// trimmed: a header value cannot carry line breaks (nor inject headers).
    static func normalizedText(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value < 32 || scalar.value == 127 {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// `"text"` with `\` and `"` escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result + "\""
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
    }

    /// RFC 5322 atext.
    static func isAtomCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }

    /// RFC 2045 token characters: printable ASCII but space and tspecials.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 32 && scalar.value < 127 && !"()<>@,;:\\\"/[]?=".unicodeScalars.contains(scalar)
    }

    /// RFC 2231 attribute-char: token characters but `*`, `'` and `%`.
    static func isAttributeCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isTokenCharacter(scalar) && scalar != "*" && scalar != "'" && scalar != "%"
    }
}
