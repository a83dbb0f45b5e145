/// Dates written for people: `15 janvier 2026` in French, `15 January 2026` in English.
public enum DateText {
    static let french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    static let english = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    public static func format(_ date: CalendarDate, language: String) -> String {
        let month = (language == "fr" ? french : english)[date.month - 1]
        let day = language == "fr" && date.day == 1 ? "1er" : "\(date.day)"
        return "\(day) \(month) \(date.year)"
    }
}
