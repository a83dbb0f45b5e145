/// Comparison whose duration does not depend on where two secrets differ.
public enum ConstantTime {
    /// Whether `a` and `b` are equal, reading every byte of both (their lengths may leak).
    public static func equals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            let x = left.next()
            let y = right.next()
            if x == nil && y == nil { break }
            difference |= (x ?? 0) ^ (y ?? 0)
        }
        return difference == 0
    }

    /// String form of `equals`, over UTF-8 bytes.
    public static func equals(_ a: String, _ b: String) -> Bool { equals(Array(a.utf8), Array(b.utf8)) }
}
