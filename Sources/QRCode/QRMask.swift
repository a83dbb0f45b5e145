/// One of the eight data mask patterns (ISO/IEC 18004 table 10): a rule that flips data
/// modules so the symbol avoids large blocks and finder-like patterns. Function patterns
/// are never masked.
public struct QRMask: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The pattern reference, 0…7, as the format information carries it.
    public let number: Int

    /// The mask with that reference, or nil outside 0…7.
    public init?(_ number: Int) {
        guard (0...7).contains(number) else { return nil }
        self.number = number
    }

    private init(unchecked number: Int) { self.number = number }

    /// The eight masks, in order of their reference.
    public static let allCases: [QRMask] = (0...7).map(QRMask.init(unchecked:))

    public var description: String { "mask \(number)" }

    /// Whether the module in column `x`, row `y` is flipped.
    func flips(x: Int, y: Int) -> Bool {
        switch number {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: (x * y) % 2 + (x * y) % 3 == 0
        case 6: ((x * y) % 2 + (x * y) % 3) % 2 == 0
        default: ((x + y) % 2 + (x * y) % 3) % 2 == 0
        }
    }
}
