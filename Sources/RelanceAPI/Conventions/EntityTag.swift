import Foundation
import Hummingbird
import RelanceCore

/// A strong entity tag (RFC 9110) of a resource's representation: a digest of the JSON body
/// the API returns for it, so any change of a field changes the tag, and no column is needed.
/// `GET` sends it as `ETag`; an update sends `If-Match` with it to change only the version it
/// read (412 otherwise).
struct EntityTag: Equatable, Sendable, CustomStringConvertible {
    /// The quoted tag, as sent in `ETag`: `"3f2a…"`.
    let description: String

    /// The tag of a representation's bytes.
    init(of body: Data) {
        description = "\"" + SHA256.hexDigest(of: body).prefix(32) + "\""
    }
}

/// The `If-Match` precondition of an update (RFC 9110 §13.1.1). Without the header an update
/// is unconditional (allowed, documented in docs/api-conventions.md); with it, the current
/// representation's `EntityTag` must be one of the tags listed, or the header is `*`.
enum IfMatch: Equatable, Sendable {
    case any
    case tags([String])

    /// The request's precondition, nil when it sends none.
    /// - Throws: `Problem.validation` on `If-Match` when the header is not a list of quoted tags.
    static func from(_ request: Request) throws(Problem) -> IfMatch? {
        let values = request.headers[values: .ifMatch]
        guard !values.isEmpty else { return nil }
        let text = values.joined(separator: ",").trimmingCharacters(in: .whitespaces)
        if text == "*" { return .any }
        var tags: [String] = []
        for part in text.split(separator: ",") {
            let tag = part.trimmingCharacters(in: .whitespaces)
            let opaque = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            guard opaque.count >= 2, opaque.hasPrefix("\""), opaque.hasSuffix("\""), !opaque.dropFirst().dropLast().contains("\"") else {
                throw Problem.validation([.init(field: "If-Match", message: "must be * or a list of quoted entity tags from ETag")])
            }
            // A weak tag never matches under the strong comparison If-Match uses.
            if !tag.hasPrefix("W/") { tags.append(tag) }
        }
        return .tags(tags)
    }

    /// - Throws: `Problem.preconditionFailed` unless `current` satisfies the precondition.
    func check(_ current: EntityTag) throws(Problem) {
        if case .tags(let tags) = self, !tags.contains(current.description) {
            throw Problem.preconditionFailed("the resource changed since it was read (If-Match does not match its ETag \(current)); read it again")
        }
    }
}
