import Foundation

/// Opaque pagination cursors: a list endpoint hands out `next_cursor` and takes it back in
/// `?cursor=`; callers never build or read one. Inside, a cursor is `v1:<position>` in
/// base64url, where the position is what the endpoint's order needs (a slug, an id), so the
/// encoding can change without breaking callers that treat it as opaque.
enum Cursor {
    static func encode(_ position: String) -> String {
        Data(("v1:" + position).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position inside `cursor`, nil unless it is a cursor this API made.
    static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.contains("=") else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("v1:") else { return nil }
        return String(text.dropFirst(3))
    }
}
