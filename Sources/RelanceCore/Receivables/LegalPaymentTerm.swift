/// The French legal ceiling on payment terms between businesses (Code de commerce, L441-10 I):
/// terms may not exceed 60 days from the invoice's issue date or, by agreement, 45 days end of month.
public enum LegalPaymentTerm {
    /// The latest due date the law allows for an invoice issued on `issueDate`: the later of
    /// `issueDate + 60 days` and the end of the month of `issueDate + 45 days`.
    ///
    /// The reading: the two ceilings are alternatives, so the latest allowed date is whichever
    /// is later. "45 days end of month" is read as "add 45 days, then go to the end of that
    /// month" (the reading the brief agreed on; the other one practised — end of the issue
    /// month, then 45 days — is not used). Issued on 2026-04-01: 60 days is
    /// 2026-05-31, 45 days end of month is 2026-05-31; issued on 2026-01-15: 2026-03-16 and
    /// 2026-03-31, so 2026-03-31. Dates past 9999-12-31 are capped at 9999-12-31.
    public static func latestDueDate(issuedOn issueDate: CalendarDate) -> CalendarDate {
        let last = CalendarDate(year: 9999, month: 12, day: 31)!
        let sixtyDays = issueDate.adding(days: 60) ?? last
        let fortyFiveEndOfMonth = issueDate.adding(days: 45)?.endOfMonth ?? last
        return max(sixtyDays, fortyFiveEndOfMonth)
    }

    /// A warning when `dueDate` is later than `latestDueDate(issuedOn:)`, else nil:
    /// "due_date 2026-06-30 is beyond the French legal maximum (60 days after issue or 45
    /// days end of month: 2026-05-31)". A warning, not an error: the invoice is still accepted.
    public static func warning(issuedOn: CalendarDate, dueDate: CalendarDate) -> String? {
        let latest = latestDueDate(issuedOn: issuedOn)
        guard dueDate > latest else { return nil }
        return "due_date \(dueDate) is beyond the French legal maximum (60 days after issue or 45 days end of month: \(latest))"
    }
}
