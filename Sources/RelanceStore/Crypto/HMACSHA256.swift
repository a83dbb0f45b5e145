import Crypto
import Foundation
import RelanceCore

/// HMAC-SHA256 (RFC 2104) through swift-crypto: signatures of webhook deliveries and the
/// keyed digests of API keys. Verification compares in constant time.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func code<Message: DataProtocol, Key: DataProtocol>(for message: Message, key: Key) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key))))
    }

    /// The code as 64 lowercase hex characters (the form a signature header carries).
    public static func hexCode<Message: DataProtocol, Key: DataProtocol>(for message: Message, key: Key) -> String {
        Hex.encode(code(for: message, key: key))
    }

    /// Whether `code` is the authentication code of `message` under `key`, compared in
    /// constant time; a code of the wrong length is simply not valid.
    public static func isValid<Code: DataProtocol, Message: DataProtocol, Key: DataProtocol>(
        _ code: Code, for message: Message, key: Key
    ) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(Array(code), authenticating: message, using: SymmetricKey(data: Array(key)))
    }

    /// `isValid` for a hex code, as received in a header (either case); malformed hex is not valid.
    public static func isValid<Message: DataProtocol, Key: DataProtocol>(hexCode: String, for message: Message, key: Key) -> Bool {
        guard let bytes = Hex.decode(hexCode) else { return false }
        return isValid(bytes, for: message, key: key)
    }
}
