extension QRCode {
    /// The code as a compact inline SVG document: a white background and one black
    /// `<path>` made of a rectangle per horizontal run of dark modules, drawn with
    /// `shape-rendering="crispEdges"`. The view box is in modules, quiet zone included.
    /// - Parameters:
    ///   - moduleSize: When given, the `width` and `height` in pixels of one module; when
    ///     nil, the SVG has no intrinsic size and scales to its container.
    ///   - quietZone: The light margin in modules; the standard asks for 4.
    ///   - label: The `aria-label` of the image (`role="img"`), XML-escaped.
    public func svg(moduleSize: Int? = nil, quietZone: Int = 4, label: String = "QR code") -> String {
        precondition(quietZone >= 0, "negative quiet zone")
        let side = size + 2 * quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else {
                    x += 1
                    continue
                }
                var end = x + 1
                while end < size && self[end, y] { end += 1 }
                let run = end - x
                path += "M\(x + quietZone) \(y + quietZone)h\(run)v1h-\(run)z"
                x = end
            }
        }
        var dimensions = ""
        if let moduleSize {
            precondition(moduleSize > 0, "module size must be positive")
            dimensions = " width=\"\(side * moduleSize)\" height=\"\(side * moduleSize)\""
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\"\(dimensions)"
            + " role=\"img\" aria-label=\"\(Self.escaped(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path d=\"\(path)\" fill=\"#000\"/></svg>"
    }

    /// `text` safe inside a double-quoted XML attribute.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
