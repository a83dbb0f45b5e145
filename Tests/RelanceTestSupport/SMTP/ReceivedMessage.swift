import Foundation

/// A message the peer accepted: the raw bytes it received and what it recorded about the
/// session and the message (parsed by Python's `email` package).
public struct ReceivedMessage {
    public let raw: [UInt8]
    public let summary: Summary

    public init(directory: URL, number: Int) throws {
        raw = Array(try Data(contentsOf: directory.appendingPathComponent("\(number).eml")))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        summary = try decoder.decode(Summary.self, from: Data(contentsOf: directory.appendingPathComponent("\(number).json")))
    }

    public var message: Parsed { summary.message }

    public struct Summary: Decodable {
        public let mailFrom: String
        public let mailOptions: [String]
        public let rcptTos: [String]
        public let tls: Bool
        public let authenticated: Bool
        public let authLogin: String?
        public let maxLineLength: Int
        public let bareLf: Bool
        public let message: Parsed
    }

    public struct Parsed: Decodable {
        public let subject: String?
        public let from: [Mailbox]
        public let to: [Mailbox]
        public let cc: [Mailbox]
        public let replyTo: [Mailbox]
        public let messageId: String?
        public let date: String?
        public let contentType: String
        public let headers: [[String]]
        public let parts: [Part]
        public let defects: [String]

        public func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }?.last
        }
    }

    public struct Mailbox: Decodable, Equatable {
        public let displayName: String
        public let addrSpec: String

        public init(displayName: String, addrSpec: String) {
            self.displayName = displayName
            self.addrSpec = addrSpec
        }
    }

    public struct Part: Decodable {
        public let contentType: String
        public let multipart: Bool?
        public let charset: String?
        public let filename: String?
        public let disposition: String?
        public let transferEncoding: String?
        public let base64: String?
        public let text: String?

        public var data: [UInt8]? { base64.flatMap { Data(base64Encoded: $0) }.map(Array.init) }
    }
}
