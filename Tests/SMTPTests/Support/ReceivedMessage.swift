import Foundation

/// A message the peer accepted: the raw bytes it received and what it recorded about the
/// session and the message (parsed by Python's `email` package).
struct ReceivedMessage {
    let raw: [UInt8]
    let summary: Summary

    init(directory: URL, number: Int) throws {
        raw = Array(try Data(contentsOf: directory.appendingPathComponent("\(number).eml")))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        summary = try decoder.decode(Summary.self, from: Data(contentsOf: directory.appendingPathComponent("\(number).json")))
    }

    var message: Parsed { summary.message }

    struct Summary: Decodable {
        let mailFrom: String
        let mailOptions: [String]
        let rcptTos: [String]
        let tls: Bool
        let authenticated: Bool
        let authLogin: String?
        let maxLineLength: Int
        let bareLf: Bool
        let message: Parsed
    }

    struct Parsed: Decodable {
        let subject: String?
        let from: [Mailbox]
        let to: [Mailbox]
        let cc: [Mailbox]
        let replyTo: [Mailbox]
        let messageId: String?
        let date: String?
        let contentType: String
        let headers: [[String]]
        let parts: [Part]
        let defects: [String]

        func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }?.last
        }
    }

    struct Mailbox: Decodable, Equatable {
        let displayName: String
        let addrSpec: String
    }

    struct Part: Decodable {
        let contentType: String
        let multipart: Bool?
        let charset: String?
        let filename: String?
        let disposition: String?
        let transferEncoding: String?
        let base64: String?
        let text: String?

        var data: [UInt8]? { base64.flatMap { Data(base64Encoded: $0) }.map(Array.init) }
    }
}
