/// Why a cron expression was refused, naming the field and what is wrong with it.
public enum CronScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression has this many fields; it needs 5 (`minute hour day-of-month month
    /// day-of-week`) or 6 (a leading `second`).
    case fieldCount(Int)
    /// One field is malformed: `text` is the element (or whole field) at fault.
    case invalidField(CronSchedule.Field, text: String, reason: Reason)
    /// Every field is valid but no calendar date matches (e.g. `0 0 30 2 *`, February 30).
    case neverMatches(String)

    /// What is wrong with a field.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// An empty field or list element (`1,,2`).
        case empty
        /// Not a decimal number where one was expected.
        case notANumber
        /// A value outside the field's range.
        case outOfRange(Int, ClosedRange<Int>)
        /// A range whose start is after its end (`5-1`).
        case reversedRange(Int, Int)
        /// A step of zero or less (`*/0`).
        case invalidStep
        /// A step after a single value (`5/15`): write `5-59/15`.
        case stepWithoutRange

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .notANumber: "is not a number"
            case .outOfRange(let value, let range): "\(value) is outside \(range.lowerBound)-\(range.upperBound)"
            case .reversedRange(let low, let high): "range \(low)-\(high) ends before it starts"
            case .invalidStep: "step must be a whole number of at least 1"
            case .stepWithoutRange: "a step needs * or a range before it (e.g. 5-59/15)"
            }
        }
    }

    public var description: String {
        switch self {
        case .fieldCount(let count):
            "cron expression has \(count) fields: expected 5 (minute hour day-of-month month day-of-week) or 6 (with a leading second)"
        case .invalidField(let field, let text, let reason):
            "cron \(field.rawValue) field \"\(text)\" \(reason)"
        case .neverMatches(let expression):
            "cron expression \"\(expression)\" matches no calendar date"
        }
    }
}
