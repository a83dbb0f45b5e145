import Foundation
import RelanceCore

/// Opaque pagination cursors: a list endpoint hands out `next_cursor` and takes it back in
/// `?cursor=`; callers never build or read one. Inside, a cursor is `v1:<position>` in
/// base64url, where the position is what the endpoint's order needs (a slug, an id), so the
/// encoding can change without breaking callers that treat it as opaque.
enum Cursor {
    static func encode(_ position: String) -> String {
        Base64URL.encode(Data(("v1:" + position).utf8))
    }

    /// The position inside `cursor`, nil unless it is a cursor this API made.
    static func decode(_ cursor: String) -> String? {
        guard let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("v1:") else { return nil }
        return String(text.dropFirst(3))
    }
}
