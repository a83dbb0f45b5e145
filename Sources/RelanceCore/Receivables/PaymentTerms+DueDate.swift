extension PaymentTerms {
    /// The due date for an invoice dated `start`: `net` days after `start` (0 when `net` is
    /// absent), then, when `endOfMonth` is true, the last day of that month. So
    /// `{"net": 30}` from 2026-01-31 is 2026-03-02, `{"net": 45, "end_of_month": true}` from
    /// 2026-01-20 is 2026-03-31, and `{"end_of_month": true}` alone is the end of `start`'s month.
    ///
    /// nil when the terms are not usable (`problem` is not nil) or the date would fall after 9999-12-31.
    public func dueDate(from start: CalendarDate) -> CalendarDate? {
        guard problem == nil, let due = start.adding(days: net ?? 0) else { return nil }
        return endOfMonth == true ? due.endOfMonth : due
    }
}
