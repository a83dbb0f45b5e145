import Foundation
import RelanceCore

/// The secret in an invoice's payment link (`{base}/pay/{token}`): 32 bytes from the
/// system's cryptographic random generator (256 bits), base64url (43 characters).
enum PaymentToken {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode(Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }
}
