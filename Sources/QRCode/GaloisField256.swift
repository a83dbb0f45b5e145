/// Arithmetic in GF(2⁸) as QR codes use it: elements are bytes, addition is XOR and
/// multiplication is modulo the primitive polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), whose
/// root α = 2 generates the field.
enum GaloisField256 {
    /// αⁱ for i in 0..<255, repeated once so products of two logarithms need no modulo.
    static let exponents: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// logα(x) for x in 1…255 (index 0 is unused: zero has no logarithm).
    static let logarithms: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exponents[i])] = i }
        return table
    }()

    /// The product of `a` and `b` in the field.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        guard a != 0, b != 0 else { return 0 }
        return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
    }
}
