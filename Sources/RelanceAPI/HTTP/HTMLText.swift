import Foundation

/// Text put into the HTML pages Relance serves (the printable statement, the public pay
/// page): every page escapes what it did not write itself through here.
enum HTMLText {
    /// `text` safe in element content and in a double-quoted attribute value: `&`, `<`, `>`
    /// and `"` become character references.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
