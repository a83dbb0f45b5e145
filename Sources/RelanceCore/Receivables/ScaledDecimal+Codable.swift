import Foundation

/// A decimal travels in JSON as its exact text (`"1.5"`); a JSON number is read through its
/// text too, by the API's strict decoder, never through a binary floating point.
extension ScaledDecimal: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ScaledDecimal(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a decimal number such as 1.5")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
