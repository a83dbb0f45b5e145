import Crypto
import Foundation
import RelanceCore

/// A SHA-256 checksum as 64 lowercase hex characters, for migration files and the members
/// of an export archive. Feed it chunk by chunk (`update`) or hash bytes at once (`sha256`).
public struct Checksum: Sendable {
    private var hasher = SHA256()

    public init() {}

    /// Feeds more bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    /// Feeds more bytes.
    public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) { hasher.update(data: bytes) }

    /// The hex digest of everything fed so far.
    public func finalize() -> String { Hex.encode(hasher.finalize()) }

    /// The hex SHA-256 of `bytes`.
    public static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> String { Hex.encode(SHA256.hash(data: bytes)) }

    /// The hex SHA-256 of a string's UTF-8 bytes.
    public static func sha256(_ text: String) -> String { sha256(Array(text.utf8)) }
}
