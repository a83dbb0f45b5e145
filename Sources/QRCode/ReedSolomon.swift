/// A systematic Reed–Solomon encoder over GF(256) (`GaloisField256`): the error correction
/// codewords of a block are the remainder of the data, shifted by the degree, divided by
/// the generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)).
struct ReedSolomon: Sendable {
    /// The generator's coefficients after the leading 1, highest degree first.
    let generator: [UInt8]

    /// An encoder producing `degree` error correction codewords per block (1…255).
    init(degree: Int) {
        precondition((1...255).contains(degree), "Reed–Solomon degree \(degree) out of range")
        // Start from the polynomial 1 and multiply by (x − αⁱ) for each root; in GF(2⁸)
        // subtraction is addition, so the factor is (x + αⁱ).
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = GaloisField256.multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = GaloisField256.multiply(root, 2)
        }
        generator = coefficients
    }

    /// The error correction codewords for `data`: `generator.count` bytes.
    func remainder(of data: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= GaloisField256.multiply(generator[i], factor) }
        }
        return result
    }
}
