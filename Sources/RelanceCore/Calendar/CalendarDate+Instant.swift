import Foundation

extension CalendarDate {
    /// The date the wall clock of `zone` shows at `instant`: the tenant-local "today".
    public init(at instant: Date, in zone: TimeZone) {
        let wall = WallClock.wall(at: Int64(instant.timeIntervalSince1970.rounded(.down)), in: zone)
        let fields = WallClock.Fields(wall: wall)
        self.init(year: fields.year, month: fields.month, day: fields.day)!
    }
}
