extension Character {
    /// `0` to `9` (not other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// The string with `pad` in front up to `width` characters.
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }

    /// The string with control characters escaped, for error messages.
    var debugEscaped: String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar.value < 32 || scalar.value == 127 { result += scalar.escaped(asASCII: true) } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
