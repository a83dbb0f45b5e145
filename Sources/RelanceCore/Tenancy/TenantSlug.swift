/// A tenant's identifier: `^[a-z][a-z0-9_]{2,39}$`. Its schema is `t_<slug>`.
///
/// Only a validated slug ever becomes part of an SQL identifier, and even then it is quoted.
public struct TenantSlug: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Why a candidate slug was refused, in words for an API error.
    public enum Problem: Error, Equatable, Sendable {
        case length(Int)
        case firstCharacter
        case character(Character)

        public var message: String {
            switch self {
            case .length(let count): "must be 3 to 40 characters, not \(count)"
            case .firstCharacter: "must start with a lowercase letter a-z"
            case .character(let character): "may contain only a-z, 0-9 and _, not \"\(character)\""
            }
        }
    }

    public init(_ raw: String) throws(Problem) {
        let count = raw.count
        guard (3...40).contains(count) else { throw .length(count) }
        guard let first = raw.first, first.isASCII, first.isLowercase else { throw .firstCharacter }
        for character in raw where !(character.isASCII && (character.isLowercase || character.isNumber || character == "_")) {
            throw .character(character)
        }
        rawValue = raw
    }

    /// The tenant's PostgreSQL schema.
    public var schemaName: String { "t_" + rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "slug \(error.message)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
