import Foundation

/// The "contest this invoice" form of the pay page (`POST /pay/{token}/dispute`,
/// `application/x-www-form-urlencoded`): a reason, required, and notes, optional.
struct DisputeForm: Sendable, Equatable {
    /// What is wrong with a form as sent.
    enum Problem: Sendable, Equatable {
        case reasonMissing
        case reasonTooLong
        case notesTooLong
    }

    /// The longest reason and notes, in characters (those of `POST /v1/invoices/{id}/disputes`).
    static let maximumReason = 1000
    static let maximumNotes = 5000
    /// The largest body read, in bytes.
    static let maximumBodySize = 32 * 1024

    /// As sent (re-shown when the form is refused).
    var reason: String
    var notes: String

    /// The fields of an urlencoded body; unknown fields are ignored, a field sent twice keeps
    /// its first value, and bytes that do not decode are dropped with their field.
    init(urlEncoded body: String) {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decoded(parts[0]), fields[name] == nil,
                  let value = Self.decoded(parts.count > 1 ? parts[1] : "") else { continue }
            fields[name] = value
        }
        reason = fields["reason"] ?? ""
        notes = fields["notes"] ?? ""
    }

    init(reason: String = "", notes: String = "") {
        self.reason = reason
        self.notes = notes
    }

    /// The first problem of the form, or nil when it can open a dispute.
    var problem: Problem? {
        let reason = trimmedReason
        if reason.isEmpty { return .reasonMissing }
        if reason.count > Self.maximumReason { return .reasonTooLong }
        if notes.count > Self.maximumNotes { return .notesTooLong }
        return nil
    }

    /// The reason without surrounding whitespace.
    var trimmedReason: String { reason.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The notes without surrounding whitespace, nil when empty.
    var trimmedNotes: String? {
        let notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        return notes.isEmpty ? nil : notes
    }

    /// `text` percent-decoded, `+` read as a space; NUL characters, which PostgreSQL text
    /// cannot hold, are dropped.
    private static func decoded(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding?.replacingOccurrences(of: "\0", with: "")
    }
}
